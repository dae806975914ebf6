/**
 * A meeting's lifecycle (domain.md §6.1, issue 5) as a pure state machine:
 *
 *   draft → noticed → open → closed → preliminary → final
 *
 * `noticed` freezes the agenda and the electorate; `open` and `closed` follow the server clock (opening and closing
 * happen at the fixed instants even if nobody is watching: `statusAt` derives them); `preliminary` publishes the
 * result and starts the objection period; `final` needs the supervisor's sign-off after the objection period.
 * Every step out of order is refused with a stable code.
 */
import { checkWindow, DAY_MS, MAX_WINDOW_DAYS, periodEnd, type CalendarProblem } from './calendar'

export type MeetingStatus = 'draft' | 'noticed' | 'open' | 'closed' | 'preliminary' | 'final'
export const MEETING_STATUSES: readonly MeetingStatus[] = [
  'draft',
  'noticed',
  'open',
  'closed',
  'preliminary',
  'final',
]

export interface MeetingClock {
  readonly status: MeetingStatus
  /** Instants in epoch milliseconds. */
  readonly opensAt: number
  readonly closesAt: number
  readonly noticedAt: number | null
  readonly preliminaryAt: number | null
  readonly objectionDays: number
}

/** The status at `now`: a noticed meeting is open from its opening, an open one closed from its end. */
export function statusAt(m: MeetingClock, t: number): MeetingStatus {
  if (m.status === 'noticed' && t >= m.opensAt) return t >= m.closesAt ? 'closed' : 'open'
  if (m.status === 'open' && t >= m.closesAt) return 'closed'
  return m.status
}

export type LifecycleError =
  | { readonly code: 'meeting_not_draft'; readonly status: MeetingStatus }
  | { readonly code: 'meeting_not_open'; readonly status: MeetingStatus }
  | { readonly code: 'meeting_not_closed'; readonly status: MeetingStatus }
  | { readonly code: 'meeting_not_preliminary'; readonly status: MeetingStatus }
  | { readonly code: 'calendar_violation'; readonly problems: readonly CalendarProblem[] }
  | { readonly code: 'extension_not_later' }
  | { readonly code: 'objection_period_running'; readonly endsAt: number }
  | { readonly code: 'objection_period_over'; readonly endedAt: number }
  | { readonly code: 'signoff_missing' }
  | { readonly code: 'agenda_empty' }

export type Step<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: LifecycleError }

const ok = <T>(value: T): Step<T> => ({ ok: true, value })
const fail = <T>(error: LifecycleError): Step<T> => ({ ok: false, error })

/** Giving notice: only a draft with at least one matter, with a lawful window counted from now. */
export function giveNotice(
  m: MeetingClock,
  now: number,
  matterCount: number,
): Step<{ status: 'noticed'; noticedAt: number }> {
  if (m.status !== 'draft') return fail({ code: 'meeting_not_draft', status: statusAt(m, now) })
  if (matterCount === 0) return fail({ code: 'agenda_empty' })
  const problems = checkWindow(now, m.opensAt, m.closesAt)
  if (problems.length > 0) return fail({ code: 'calendar_violation', problems })
  return ok({ status: 'noticed', noticedAt: now })
}

/** Editing the agenda or the settings: draft only (北京 art. 35: no vote on what the notice did not fix). */
export function mayEdit(m: MeetingClock, now: number): Step<null> {
  return m.status === 'draft' ? ok(null) : fail({ code: 'meeting_not_draft', status: statusAt(m, now) })
}

/** Extending an open meeting's end before it closes (江门 practice): later, and the window stays ≤ 60 days. */
export function extend(m: MeetingClock, now: number, newClosesAt: number): Step<{ closesAt: number }> {
  const status = statusAt(m, now)
  if (status !== 'open') return fail({ code: 'meeting_not_open', status })
  if (newClosesAt <= m.closesAt) return fail({ code: 'extension_not_later' })
  if (newClosesAt - m.opensAt > MAX_WINDOW_DAYS * DAY_MS)
    return fail({
      code: 'calendar_violation',
      problems: [{ code: 'window_too_long', maxDays: MAX_WINDOW_DAYS }],
    })
  return ok({ closesAt: newClosesAt })
}

/** Accepting a ballot: only while open. */
export function mayVote(m: MeetingClock, now: number): Step<null> {
  const status = statusAt(m, now)
  return status === 'open' ? ok(null) : fail({ code: 'meeting_not_open', status })
}

/** Publishing the preliminary result: once closed; the objection period starts (default 7 days, art. 201). */
export function publishPreliminary(
  m: MeetingClock,
  now: number,
): Step<{ status: 'preliminary'; preliminaryAt: number; objectionsEndAt: number }> {
  const status = statusAt(m, now)
  if (status !== 'closed') return fail({ code: 'meeting_not_closed', status })
  return ok({
    status: 'preliminary',
    preliminaryAt: now,
    objectionsEndAt: periodEnd(now, m.objectionDays),
  })
}

export function objectionsEndAt(m: MeetingClock): number | null {
  return m.preliminaryAt === null ? null : periodEnd(m.preliminaryAt, m.objectionDays)
}

/** Objections are received while the preliminary result is published and the period runs. */
export function mayObject(m: MeetingClock, now: number): Step<null> {
  if (m.status !== 'preliminary') return fail({ code: 'meeting_not_preliminary', status: statusAt(m, now) })
  const ends = objectionsEndAt(m) as number
  if (now >= ends) return fail({ code: 'objection_period_over', endedAt: ends })
  return ok(null)
}

/** The final announcement: after the objection period, with a supervisor's sign-off. */
export function finalize(
  m: MeetingClock,
  now: number,
  signedOff: boolean,
): Step<{ status: 'final'; finalAt: number }> {
  if (m.status !== 'preliminary') return fail({ code: 'meeting_not_preliminary', status: statusAt(m, now) })
  const ends = objectionsEndAt(m) as number
  if (now < ends) return fail({ code: 'objection_period_running', endsAt: ends })
  if (!signedOff) return fail({ code: 'signoff_missing' })
  return ok({ status: 'final', finalAt: now })
}
