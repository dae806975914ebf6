import { earliestOpening } from '../../../../server/domain/calendar'
import type { Meeting } from '../api'
import { daysText, type C } from '../frame'

/** The supervisors' check of the legal calendar: 15 full days from notice to opening, a 5–60 day window. */
export function CalendarCheck({ m, c }: { m: Meeting; c: C }) {
  const days = daysText(m.opensAt, m.closesAt)
  const length = new Date(m.closesAt).getTime() - new Date(m.opensAt).getTime()
  const windowOk = length >= 5 * 86_400_000 && length <= 60 * 86_400_000
  const noticeOk = m.noticedAt
    ? new Date(m.opensAt).getTime() >= earliestOpening(new Date(m.noticedAt).getTime())
    : null
  return (
    <section aria-labelledby="calendar-heading">
      <h2 id="calendar-heading">{c.supervise.calendarHeading}</h2>
      <ul class="plain-list calendar-check">
        <li class={noticeOk === null ? '' : noticeOk ? 'ok' : 'bad'}>
          {noticeOk === null
            ? c.supervise.notNoticed
            : noticeOk
              ? c.supervise.noticeOk
              : c.supervise.noticeBad}
        </li>
        <li class={windowOk ? 'ok' : 'bad'}>
          {windowOk ? c.supervise.windowOk(days) : c.supervise.windowBad(days)}
        </li>
      </ul>
    </section>
  )
}
