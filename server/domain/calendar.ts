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

/*
 * Public holidays (domain.md §6.1): "when the last day is a statutory public holiday the period ends on the first
 * working day after it — the holiday calendar is data the operator updates each year from the State Council's
 * notice" (民法典 art. 203 para. 1: 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日).
 *
 * A China date is written YYYY-MM-DD. The arithmetic below counts days since 1970-01-01 (a Thursday) without the
 * Date object, so the domain reads no clock and depends on no time zone.
 */

/** The State Council's holiday arrangements for the years it covers. */
export interface HolidayTable {
  /** Statutory public holidays: China date (YYYY-MM-DD) → the holiday's name as the notice gives it ('国庆节'). */
  readonly holidays: ReadonlyMap<string, string>
  /** Make-up working days (调休上班日): Saturdays or Sundays the notice makes working days. */
  readonly workdays: ReadonlySet<string>
  /** The years whose notice the table holds. A year not here is "no holidays known", never an error. */
  readonly years: ReadonlySet<number>
}

/** One row of a holiday table: a date of the notice of `year` (the 元旦 days may fall in its previous December). */
export interface HolidayEntry {
  readonly year: number
  readonly date: string
  readonly kind: 'holiday' | 'workday'
  readonly name: string
}

export const NO_HOLIDAYS: HolidayTable = { holidays: new Map(), workdays: new Set(), years: new Set() }

/** Builds a table from rows; `years` names notices that are known even if (improbably) they list no dates. */
export function holidayTable(entries: readonly HolidayEntry[], years: readonly number[] = []): HolidayTable {
  const holidays = new Map<string, string>()
  const workdays = new Set<string>()
  const covered = new Set<number>(years)
  for (const e of entries) {
    covered.add(e.year)
    if (e.kind === 'holiday') holidays.set(e.date, e.name)
    else workdays.add(e.date)
  }
  return { holidays, workdays, years: covered }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28
  return [4, 6, 9, 11].includes(m) ? 30 : 31
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-compatible low-level date algorithms"). */
function dayNumber(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146_097 + doe - 719_468
}

function civil(day: number): { y: number; m: number; d: number } {
  const z = day + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d }
}

function format(day: number): string {
  const { y, m, d } = civil(day)
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/** The day number of a YYYY-MM-DD date, or undefined when it is not a real date ('2026-02-30'). */
function parseDay(date: string): number | undefined {
  const match = DATE.exec(date)
  if (!match) return undefined
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])]
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined
  return dayNumber(y, m, d)
}

function dayOf(date: string): number {
  const day = parseDay(date)
  // A malformed date here is a caller's bug, not data: the table and the notice are validated before use.
  if (day === undefined) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`)
  return day
}

/** Whether `date` is a real YYYY-MM-DD calendar date. */
export function isChinaDate(date: string): boolean {
  return parseDay(date) !== undefined
}

/** The China calendar date (YYYY-MM-DD, UTC+8) containing the instant `at`. */
export function chinaDate(at: number): string {
  return format(Math.floor((at + OFFSET_MS) / DAY_MS))
}

/** 00:00 China time of the date (YYYY-MM-DD), as epoch ms. */
export function startOfChinaDate(date: string): number {
  return dayOf(date) * DAY_MS - OFFSET_MS
}

/** 0 Sunday … 6 Saturday. */
function weekday(day: number): number {
  // 1970-01-01 was a Thursday.
  return (((day + 4) % 7) + 7) % 7
}

/** The day of the week of a date: 0 Sunday … 6 Saturday. */
export function weekdayOf(date: string): number {
  return weekday(dayOf(date))
}

/** Whether the date is a Saturday or a Sunday. */
export function isWeekend(date: string): boolean {
  const w = weekday(dayOf(date))
  return w === 0 || w === 6
}

/** A working day: not a public holiday, and not a Saturday or Sunday unless the notice makes it a working day. */
export function isWorkingDay(date: string, table: HolidayTable): boolean {
  if (table.holidays.has(date)) return false
  return !isWeekend(date) || table.workdays.has(date)
}

/*
 * The 元旦 holiday of a year's notice may begin in the previous December (the 2019 notice: 2018-12-30 to
 * 2019-01-01, with 29 December a working day; the 2023 notice: 2022-12-31 to 2023-01-02). So a day from 25 December
 * on is only fully known once the next year's notice is in the table too.
 */
const NEXT_NOTICE_FROM = '12-25'

/** The years of these dates (YYYY-MM-DD) that the table has no notice for, ascending, each once. */
export function yearsMissing(dates: readonly string[], table: HolidayTable): number[] {
  const missing = new Set<number>()
  for (const date of dates) {
    const year = civil(dayOf(date)).y
    if (!table.years.has(year)) missing.add(year)
    if (date.slice(5) >= NEXT_NOTICE_FROM && !table.years.has(year + 1)) missing.add(year + 1)
  }
  return [...missing].sort((a, b) => a - b)
}

/** The end of a legal period, and whether a public holiday moved it. */
export type LegalEnd =
  | {
      /** 24:00 China time of `lastDay` (= 00:00 of the next day), epoch ms. */
      readonly at: number
      readonly lastDay: string
      readonly moved: false
      /** Years the computation looked at without a notice in the table: the caller warns, the result stands. */
      readonly yearsMissing: readonly number[]
    }
  | {
      readonly at: number
      /** The first working day after the holiday: the period's last day after the move. */
      readonly lastDay: string
      readonly moved: true
      /** The last day by counting, a public holiday. */
      readonly movedFrom: string
      /** The name of that holiday in the notice, for the UI's explanation ('国庆节'). */
      readonly holiday: string
      readonly yearsMissing: readonly number[]
    }

/**
 * The end of a period whose last day by counting is `last`: 24:00 of that day, or — when it is a public holiday of
 * the table (a holiday date; an ordinary Saturday or Sunday is not one, domain.md §6.1) — 24:00 of the first
 * working day after it.
 */
function endOnOrAfter(last: number, table: HolidayTable): LegalEnd {
  const lastDate = format(last)
  const holiday = table.holidays.get(lastDate)
  if (holiday === undefined)
    return {
      at: (last + 1) * DAY_MS - OFFSET_MS,
      lastDay: lastDate,
      moved: false,
      yearsMissing: yearsMissing([lastDate], table),
    }
  const looked = [lastDate]
  let day = last + 1
  // Terminates: the table holds finitely many holidays, and at most two weekend days follow each other.
  while (!isWorkingDay(format(day), table)) {
    looked.push(format(day))
    day += 1
  }
  const lastDay = format(day)
  looked.push(lastDay)
  return {
    at: (day + 1) * DAY_MS - OFFSET_MS,
    lastDay,
    moved: true,
    movedFrom: lastDate,
    holiday,
    yearsMissing: yearsMissing(looked, table),
  }
}

/**
 * periodEnd with public holidays: a period of `days` days from an event at `from` (art. 201: the day of the
 * event is not counted) ends at 24:00 of its last day (art. 203), moved to 24:00 of the first working day after
 * it when that last day is a public holiday.
 */
export function legalPeriodEnd(from: number, days: number, table: HolidayTable): LegalEnd {
  return endOnOrAfter(Math.floor((from + OFFSET_MS) / DAY_MS) + days, table)
}

/**
 * The legal end of a voting window requested to close at `requestedClosesAt`. The window ends at 24:00 of its
 * last day (art. 203); the last day is the China day containing `requestedClosesAt − 1 ms`, so a close at 00:00
 * means 24:00 of the day before. When that day is a public holiday, the end moves to 24:00 of the first working day
 * after it. A close requested inside a day (18:00) ends at 24:00 of that day.
 */
export function votingWindowEnd(requestedClosesAt: number, table: HolidayTable): LegalEnd {
  return endOnOrAfter(Math.floor((requestedClosesAt - 1 + OFFSET_MS) / DAY_MS), table)
}

/**
 * The length of a voting window in art. 201 days: the day voting opens is not counted, and the last day is the day
 * containing `closesAt − 1 ms` (a close at 00:00 is 24:00 of the day before). Opening at any hour of 17 December and
 * closing at 24:00 on 22 December is 5 days (18–22 December).
 */
export function windowDays(opensAt: number, closesAt: number): number {
  return Math.floor((closesAt - 1 + OFFSET_MS) / DAY_MS) - Math.floor((opensAt + OFFSET_MS) / DAY_MS)
}

/**
 * checkWindow counting days as the law does rather than milliseconds: at least 15 full days of notice
 * (物业管理条例 art. 14, earliestOpening), and a window of 5 to 60 art. 201 days (杭州 art. 20, windowDays).
 * Pass the requested close: the 60-day maximum applies to it, before any holiday moves the end (votingWindowEnd).
 */
export function checkWindowDays(noticeAt: number, opensAt: number, closesAt: number): CalendarProblem[] {
  const problems: CalendarProblem[] = []
  const earliest = earliestOpening(noticeAt)
  if (opensAt < earliest) problems.push({ code: 'opens_too_early', earliest })
  if (closesAt <= opensAt) problems.push({ code: 'closes_before_opening' })
  else {
    const days = windowDays(opensAt, closesAt)
    if (days < MIN_WINDOW_DAYS) problems.push({ code: 'window_too_short', minDays: MIN_WINDOW_DAYS })
    else if (days > MAX_WINDOW_DAYS) problems.push({ code: 'window_too_long', maxDays: MAX_WINDOW_DAYS })
  }
  return problems
}

/** A State Council notice as the operator types it in (npm run holidays -- add). */
export interface HolidayNotice {
  readonly year: number
  /** The notice's number or date, kept with every row ('国办发明电〔2024〕12号'). */
  readonly source: string
  readonly holidays: readonly { readonly name: string; readonly from: string; readonly to: string }[]
  /** Make-up working days (调休上班日). */
  readonly workdays: readonly string[]
}

/** The name stored for a make-up working day. */
export const WORKDAY_NAME = '调休上班'

/** No holiday of a notice has lasted longer (春节 2026: 9 days); a longer range is a typing mistake. */
export const MAX_HOLIDAY_DAYS = 15

export type NoticeProblem =
  | { readonly code: 'no_source' }
  | { readonly code: 'no_holidays' }
  | { readonly code: 'no_name'; readonly where: string }
  | { readonly code: 'bad_date'; readonly where: string; readonly value: string }
  | { readonly code: 'outside_year'; readonly where: string; readonly date: string; readonly year: number }
  | { readonly code: 'from_after_to'; readonly where: string; readonly from: string; readonly to: string }
  | {
      readonly code: 'holiday_too_long'
      readonly where: string
      readonly days: number
      readonly maxDays: number
    }
  | { readonly code: 'holidays_overlap'; readonly date: string; readonly names: readonly [string, string] }
  | { readonly code: 'workday_not_weekend'; readonly where: string; readonly date: string }
  | {
      readonly code: 'workday_is_holiday'
      readonly where: string
      readonly date: string
      readonly name: string
    }
  | { readonly code: 'duplicate_workday'; readonly where: string; readonly date: string }

/** Whether a date may appear in the notice of `year`: inside the year, or the 元旦 days of its previous December. */
function inNoticeYear(date: string, year: number): boolean {
  const y = Number(date.slice(0, 4))
  return y === year || (y === year - 1 && date.slice(5) >= NEXT_NOTICE_FROM)
}

/** Every problem of a notice, in the order of the file. Empty when the notice can be stored. */
export function checkHolidayNotice(notice: HolidayNotice): NoticeProblem[] {
  const problems: NoticeProblem[] = []
  if (notice.source.trim() === '') problems.push({ code: 'no_source' })
  if (notice.holidays.length === 0) problems.push({ code: 'no_holidays' })
  const holidayOf = new Map<string, string>()
  notice.holidays.forEach((h, i) => {
    const where = `holidays[${i}]`
    if (h.name.trim() === '') problems.push({ code: 'no_name', where })
    const from = parseDay(h.from)
    const to = parseDay(h.to)
    if (from === undefined) problems.push({ code: 'bad_date', where: `${where}.from`, value: h.from })
    else if (!inNoticeYear(h.from, notice.year))
      problems.push({ code: 'outside_year', where: `${where}.from`, date: h.from, year: notice.year })
    if (to === undefined) problems.push({ code: 'bad_date', where: `${where}.to`, value: h.to })
    else if (!inNoticeYear(h.to, notice.year))
      problems.push({ code: 'outside_year', where: `${where}.to`, date: h.to, year: notice.year })
    if (from === undefined || to === undefined) return
    if (from > to) {
      problems.push({ code: 'from_after_to', where, from: h.from, to: h.to })
      return
    }
    if (to - from + 1 > MAX_HOLIDAY_DAYS) {
      problems.push({ code: 'holiday_too_long', where, days: to - from + 1, maxDays: MAX_HOLIDAY_DAYS })
      return
    }
    for (let day = from; day <= to; day++) {
      const date = format(day)
      const other = holidayOf.get(date)
      if (other !== undefined) problems.push({ code: 'holidays_overlap', date, names: [other, h.name] })
      else holidayOf.set(date, h.name)
    }
  })
  const seen = new Set<string>()
  notice.workdays.forEach((date, i) => {
    const where = `workdays[${i}]`
    if (!isChinaDate(date)) return problems.push({ code: 'bad_date', where, value: date })
    if (!inNoticeYear(date, notice.year))
      problems.push({ code: 'outside_year', where, date, year: notice.year })
    if (seen.has(date)) problems.push({ code: 'duplicate_workday', where, date })
    seen.add(date)
    // 调休: a make-up working day is a weekend day worked in exchange for a holiday; a weekday already is one.
    if (!isWeekend(date)) problems.push({ code: 'workday_not_weekend', where, date })
    const name = holidayOf.get(date)
    if (name !== undefined) problems.push({ code: 'workday_is_holiday', where, date, name })
  })
  return problems
}

/** The rows of a notice that checkHolidayNotice accepted, in date order. */
export function noticeEntries(notice: HolidayNotice): HolidayEntry[] {
  const entries: HolidayEntry[] = []
  for (const h of notice.holidays)
    for (let day = dayOf(h.from); day <= dayOf(h.to); day++)
      entries.push({ year: notice.year, date: format(day), kind: 'holiday', name: h.name.trim() })
  for (const date of notice.workdays)
    entries.push({ year: notice.year, date, kind: 'workday', name: WORKDAY_NAME })
  return entries.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
}
