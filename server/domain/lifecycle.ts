/**
 * A meeting's lifecycle (domain.md §6.1) as a pure state machine:
 *
 *   draft → noticed → open → counting → closed → preliminary → final
 *
 * `noticed` freezes the agenda and the electorate; `open` and `counting` follow the clock (voting opens and ends at
 * the fixed instants even if nobody is watching: `statusAt` derives them); during `counting` (§6.1 step 3) no
 * online ballot is taken, but paper handed in before the close is still keyed in, until the counting period ends
 * or the conveners declare all paper entered; `closed` means the tally is stored — only the meeting clock writes
 * it, a read never does; `preliminary` publishes the result and starts the objection period; `final` needs the
 * supervisor's sign-off after the objection period, with every objection answered. Every step out of order is
 * refused with a stable code.
 */
import {
  checkWindowDays,
  legalPeriodEnd,
  MAX_WINDOW_DAYS,
  NO_HOLIDAYS,
  periodEnd,
  windowDays,
  type CalendarProblem,
  type HolidayTable,
} from './calendar'

export type MeetingStatus = 'draft' | 'noticed' | 'open' | 'counting' | 'closed' | 'preliminary' | 'final'
export const MEETING_STATUSES: readonly MeetingStatus[] = [
  'draft',
  'noticed',
  'open',
  'counting',
  'closed',
  'preliminary',
  'final',
]

/** The statuses a meeting row stores: `counting` is only ever derived (an open meeting past its end). */
export type StoredStatus = Exclude<MeetingStatus, 'counting'>

export interface MeetingClock {
  readonly status: StoredStatus
  /** Instants in epoch milliseconds. */
  readonly opensAt: number
  readonly closesAt: number
  readonly noticedAt: number | null
  readonly preliminaryAt: number | null
  readonly objectionDays: number
  /** The end of the counting period (fixed at notice, moved by an extension); none: the close ends it. */
  readonly countingEndsAt?: number | null
  /** When the conveners declared all paper entered (the counting period then ends early). */
  readonly paperCompleteAt?: number | null
  /** The objection period's end as fixed when the preliminary result was published. */
  readonly objectionsEndAt?: number | null
}

/**
 * The status at `t`: a noticed meeting is open from its opening; from its end it is counting until the tally is
 * stored. Derived, never written by a read: only the meeting clock and explicit commands change the stored status.
 */
export function statusAt(m: MeetingClock, t: number): MeetingStatus {
  if (m.status === 'noticed' && t >= m.opensAt) return t >= m.closesAt ? 'counting' : 'open'
  if (m.status === 'open' && t >= m.closesAt) return 'counting'
  return m.status
}

/**
 * The end of a counting period of `days` days after a close at `closesAt` (domain §6.1 step 3; 民法典 art. 201:
 * the day of the close is not counted — a close at 24:00 belongs to the day it ends — art. 203: the period ends at
 * 24:00 of its last day). No counting period (0 days): the close ends it.
 */
export function countingPeriodEnd(
  closesAt: number,
  days: number,
  holidays: HolidayTable = NO_HOLIDAYS,
): number {
  // A period ending on a public holiday runs to the first working day after it (art. 203 para. 1).
  return days === 0 ? closesAt : legalPeriodEnd(closesAt - 1, days, holidays).at
}

/** When the counting period ends: the later of its fixed end and the close, or earlier once paper is complete. */
export function countingEndsAt(m: MeetingClock): number {
  const end = Math.max(m.countingEndsAt ?? m.closesAt, m.closesAt)
  const complete = m.paperCompleteAt ?? null
  return complete === null ? end : Math.min(end, Math.max(complete, m.closesAt))
}

/** Whether the meeting clock must store the tally now: voting has ended and so has the counting period. */
export function tallyDue(m: MeetingClock, t: number): boolean {
  return statusAt(m, t) === 'counting' && t >= countingEndsAt(m)
}

export type LifecycleError =
  | { readonly code: 'meeting_not_draft'; readonly status: MeetingStatus }
  | { readonly code: 'meeting_not_open'; readonly status: MeetingStatus }
  | { readonly code: 'meeting_not_closed'; readonly status: MeetingStatus }
  | { readonly code: 'meeting_not_counting'; readonly status: MeetingStatus }
  | { readonly code: 'meeting_not_preliminary'; readonly status: MeetingStatus }
  | { readonly code: 'calendar_violation'; readonly problems: readonly CalendarProblem[] }
  | { readonly code: 'extension_not_later' }
  | { readonly code: 'objection_period_running'; readonly endsAt: number }
  | { readonly code: 'objection_period_over'; readonly endedAt: number }
  | { readonly code: 'signoff_missing' }
  | { readonly code: 'objections_unanswered'; readonly count: number }
  | { readonly code: 'agenda_empty' }
  | { readonly code: 'counting_over'; readonly endedAt: number }
  | { readonly code: 'paper_received_after_close'; readonly closesAt: number }
  | { readonly code: 'paper_received_invalid' }

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
  const problems = checkWindowDays(now, m.opensAt, m.closesAt)
  if (problems.length > 0) return fail({ code: 'calendar_violation', problems })
  return ok({ status: 'noticed', noticedAt: now })
}

/** Editing the agenda or the settings: draft only (北京 art. 35: no vote on what the notice did not fix). */
export function mayEdit(m: MeetingClock, now: number): Step<null> {
  return m.status === 'draft' ? ok(null) : fail({ code: 'meeting_not_draft', status: statusAt(m, now) })
}

/**
 * Extending an open meeting's end before it closes (江门 practice): later, and the window stays ≤ 60 days counted as
 * art. 201 counts them (the opening day not counted, the last day to 24:00).
 */
export function extend(m: MeetingClock, now: number, newClosesAt: number): Step<{ closesAt: number }> {
  const status = statusAt(m, now)
  if (status !== 'open') return fail({ code: 'meeting_not_open', status })
  if (newClosesAt <= m.closesAt) return fail({ code: 'extension_not_later' })
  if (windowDays(m.opensAt, newClosesAt) > MAX_WINDOW_DAYS)
    return fail({
      code: 'calendar_violation',
      problems: [{ code: 'window_too_long', maxDays: MAX_WINDOW_DAYS }],
    })
  return ok({ closesAt: newClosesAt })
}

/** Accepting an online or proxy ballot: only while open, judged at the instant its request arrived. */
export function mayVote(m: MeetingClock, now: number): Step<null> {
  const status = statusAt(m, now)
  return status === 'open' ? ok(null) : fail({ code: 'meeting_not_open', status })
}

/**
 * Keying in a paper or in-person ballot (domain §6.1 step 3): while open, or after the close during the counting
 * period; either way the paper must have been received after the notice and before the close, and not later
 * than now.
 */
export function mayEnterPaper(m: MeetingClock, now: number, receivedAt: number): Step<null> {
  const status = statusAt(m, now)
  if (status !== 'open' && status !== 'counting') return fail({ code: 'meeting_not_open', status })
  if (status === 'counting' && now >= countingEndsAt(m))
    return fail({ code: 'counting_over', endedAt: countingEndsAt(m) })
  if (receivedAt >= m.closesAt) return fail({ code: 'paper_received_after_close', closesAt: m.closesAt })
  if (receivedAt > now || (m.noticedAt !== null && receivedAt < m.noticedAt))
    return fail({ code: 'paper_received_invalid' })
  return ok(null)
}

/** The conveners declare all paper entered: only while counting; the meeting clock then stores the tally. */
export function declarePaperComplete(m: MeetingClock, now: number): Step<null> {
  const status = statusAt(m, now)
  if (status !== 'counting') return fail({ code: 'meeting_not_counting', status })
  const complete = m.paperCompleteAt ?? null
  if (complete !== null) return fail({ code: 'counting_over', endedAt: complete })
  return ok(null)
}

/** Publishing the preliminary result: once closed; the objection period starts (default 7 days, art. 201). */
export function publishPreliminary(
  m: MeetingClock,
  now: number,
  objectionsEnd: number = periodEnd(now, m.objectionDays),
): Step<{ status: 'preliminary'; preliminaryAt: number; objectionsEndAt: number }> {
  const status = statusAt(m, now)
  if (status !== 'closed') return fail({ code: 'meeting_not_closed', status })
  return ok({ status: 'preliminary', preliminaryAt: now, objectionsEndAt: objectionsEnd })
}

export function objectionsEndAt(m: MeetingClock): number | null {
  if (m.preliminaryAt === null) return null
  return m.objectionsEndAt ?? periodEnd(m.preliminaryAt, m.objectionDays)
}

/** Objections are received while the preliminary result is published and the period runs. */
export function mayObject(m: MeetingClock, now: number): Step<null> {
  if (m.status !== 'preliminary') return fail({ code: 'meeting_not_preliminary', status: statusAt(m, now) })
  const ends = objectionsEndAt(m) as number
  if (now >= ends) return fail({ code: 'objection_period_over', endedAt: ends })
  return ok(null)
}

/** The final announcement: after the objection period, with a supervisor's sign-off. */
/** The final announcement: after the objection period, every objection answered, with a supervisor's sign-off. */
export function finalize(
  m: MeetingClock,
  now: number,
  signedOff: boolean,
  unansweredObjections = 0,
): Step<{ status: 'final'; finalAt: number }> {
  if (m.status !== 'preliminary') return fail({ code: 'meeting_not_preliminary', status: statusAt(m, now) })
  const ends = objectionsEndAt(m) as number
  if (now < ends) return fail({ code: 'objection_period_running', endsAt: ends })
  // domain §6.1 step 5: the final may not be published while an objection is unanswered.
  if (unansweredObjections > 0) return fail({ code: 'objections_unanswered', count: unansweredObjections })
  if (!signedOff) return fail({ code: 'signoff_missing' })
  return ok({ status: 'final', finalAt: now })
}

/** 北京 art. 37: the final announcement within 3 days of the decision (the sign-off after the objection period). */
export const FINAL_ANNOUNCEMENT_DAYS = 3
