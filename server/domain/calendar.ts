/**
 * The legal calendar of a meeting (domain.md §6.1). Pure: the caller passes every instant.
 *
 * 民法典 art. 201: 按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算。
 * 民法典 art. 203: 期间的最后一日的截止时间为二十四时。
 * Days are calendar days in China (UTC+8, no daylight saving), whatever the server's time zone. Instants are epoch
 * milliseconds (the domain reads no clock).
 *
 * 物业管理条例 art. 14: the notice goes out at least 15 days before the meeting — so with the day of notice not
 * counted, 15 full days must lie between the notice and the opening: notice on 1 December (any hour), days 2–16
 * December are the 15 days, and voting opens at the earliest at 00:00 on 17 December.
 */

const OFFSET_MS = 8 * 3_600_000
export const DAY_MS = 86_400_000

export const NOTICE_DAYS = 15
/** 杭州 art. 20: the voting window lasts 5 to 60 days. */
export const MIN_WINDOW_DAYS = 5
export const MAX_WINDOW_DAYS = 60
export const DEFAULT_OBJECTION_DAYS = 7

/** 00:00 China time of the calendar day containing the instant `at` (epoch ms). */
export function startOfChinaDay(at: number): number {
  const shifted = at + OFFSET_MS
  return shifted - (((shifted % DAY_MS) + DAY_MS) % DAY_MS) - OFFSET_MS
}

/**
 * The end of a period of `days` days starting from an event at `from` (art. 201: the day of the event is not
 * counted; art. 203: the period ends at 24:00 of its last day), as the instant 24:00 = 00:00 of the next day.
 */
export function periodEnd(from: number, days: number): number {
  return startOfChinaDay(from) + (days + 1) * DAY_MS
}

/** The earliest instant voting may open after notice given at `noticeAt`. */
export function earliestOpening(noticeAt: number): number {
  return periodEnd(noticeAt, NOTICE_DAYS)
}

export type CalendarProblem =
  | { readonly code: 'opens_too_early'; readonly earliest: number }
  | { readonly code: 'window_too_short'; readonly minDays: number }
  | { readonly code: 'window_too_long'; readonly maxDays: number }
  | { readonly code: 'closes_before_opening' }

/** Checks a voting window against a notice given at `noticeAt`. Empty when lawful. */
export function checkWindow(noticeAt: number, opensAt: number, closesAt: number): CalendarProblem[] {
  const problems: CalendarProblem[] = []
  const earliest = earliestOpening(noticeAt)
  if (opensAt < earliest) problems.push({ code: 'opens_too_early', earliest })
  const length = closesAt - opensAt
  if (length <= 0) problems.push({ code: 'closes_before_opening' })
  else if (length < MIN_WINDOW_DAYS * DAY_MS)
    problems.push({ code: 'window_too_short', minDays: MIN_WINDOW_DAYS })
  else if (length > MAX_WINDOW_DAYS * DAY_MS)
    problems.push({ code: 'window_too_long', maxDays: MAX_WINDOW_DAYS })
  return problems
}
