import type { Meeting } from '../api'
import { daysText, formatEnd, formatWhen, type C } from '../frame'

/** Paper handed in before the close is keyed in while voting is open and during the counting period (§6.1). */
const PAPER_OPEN: ReadonlySet<string> = new Set(['noticed', 'open', 'counting'])

/** The meeting's dates at a glance: status, voting window, notice, earliest opening, counting and objections. */
export function Facts({ m, c }: { m: Meeting; c: C }) {
  const rows: [string, string][] = [
    [c.meetings.status, c.status[m.status] ?? m.status],
    [
      c.meeting.window,
      `${formatWhen(m.opensAt, c)} – ${formatEnd(m.closesAt, c)} (${c.meeting.windowDays(daysText(m.opensAt, m.closesAt))})`,
    ],
  ]
  if (m.noticedAt) rows.push([c.meeting.noticedAt, formatWhen(m.noticedAt, c)])
  if (m.earliestOpening) rows.push([c.meeting.earliestOpening, formatWhen(m.earliestOpening, c)])
  // Until the tally: how long paper handed in before the close may still be keyed in (the counting period).
  if (m.countingEndsAt && PAPER_OPEN.has(m.status))
    rows.push([c.counting.countingEnds, formatEnd(m.countingEndsAt, c)])
  if (m.objectionsEndAt) rows.push([c.meeting.objectionsEnd, formatEnd(m.objectionsEndAt, c)])
  return (
    <section class="totals" aria-labelledby="facts-heading">
      <h2 id="facts-heading">{c.meeting.facts}</h2>
      <dl class="facts">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  )
}
