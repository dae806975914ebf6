import { afterEach, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  checkHolidayNotice,
  checkWindow,
  checkWindowDays,
  chinaDate,
  DAY_MS,
  DEFAULT_OBJECTION_DAYS,
  earliestOpening,
  holidayTable,
  isChinaDate,
  isWeekend,
  isWorkingDay,
  legalPeriodEnd,
  MAX_WINDOW_DAYS,
  MIN_WINDOW_DAYS,
  NO_HOLIDAYS,
  NOTICE_DAYS,
  noticeEntries,
  periodEnd,
  startOfChinaDate,
  startOfChinaDay,
  votingWindowEnd,
  weekdayOf,
  windowDays,
  yearsMissing,
  type CalendarProblem,
  type HolidayNotice,
  type LegalEnd,
  type NoticeProblem,
} from '../../server/domain/calendar'
import notice2025 from '../fixtures/holidays-2025.json'
import notice2026 from '../fixtures/holidays-2026.json'

/** An instant given as China wall-clock time (UTC+8, no daylight saving); month 1–12. */
const cst = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0) =>
  Date.UTC(y, mo - 1, d, h - 8, mi, s, ms)

describe('the legal constants (物业管理条例 art. 14, 杭州 art. 20, domain.md §6.1)', () => {
  it('notice 15 days, window 5 to 60 days, objections 7 days by default', () => {
    expect([NOTICE_DAYS, MIN_WINDOW_DAYS, MAX_WINDOW_DAYS, DEFAULT_OBJECTION_DAYS]).toEqual([15, 5, 60, 7])
    expect(DAY_MS).toBe(24 * 60 * 60 * 1000)
  })
})

describe('startOfChinaDay: calendar days are China days (UTC+8)', () => {
  it.each<[string, number, number]>([
    ['00:00:00 China time is the start of its own day', cst(2026, 12, 1), cst(2026, 12, 1)],
    ['23:59:59.999 China time is still that day', cst(2026, 12, 1, 23, 59, 59, 999), cst(2026, 12, 1)],
    ['16:00Z is 00:00 of the next China day', Date.UTC(2026, 10, 30, 16), cst(2026, 12, 1)],
    [
      '15:59:59.999Z is still the previous China day',
      Date.UTC(2026, 10, 30, 15, 59, 59, 999),
      cst(2026, 11, 30),
    ],
    ['00:00Z is 08:00 China time, the same China day', Date.UTC(2026, 11, 1), cst(2026, 12, 1)],
    ['an instant before 1970 (negative epoch milliseconds)', cst(1969, 12, 31, 12), cst(1969, 12, 31)],
    ['the very first China day of 1970 starts before the epoch', Date.UTC(1970, 0, 1), cst(1970, 1, 1)],
  ])('%s', (_name, at, start) => {
    expect(startOfChinaDay(at)).toBe(start)
  })
})

describe('earliestOpening: 15 days of notice, the day of notice not counted (民法典 arts. 201, 203)', () => {
  // Notice on 1 December (China time, any hour): 2–16 December are the 15 days, the last ends at 24:00 on the
  // 16th, so voting opens at the earliest at 00:00 on 17 December China time = 16:00Z on the 16th.
  it.each<[string, number, number]>([
    ['notice at 00:00:00 China time on 1 Dec', cst(2026, 12, 1), cst(2026, 12, 17)],
    ['notice at 23:59:59 China time on 1 Dec', cst(2026, 12, 1, 23, 59, 59), cst(2026, 12, 17)],
    ['notice at 16:00Z on 30 Nov (= 00:00 on 1 Dec in China)', Date.UTC(2026, 10, 30, 16), cst(2026, 12, 17)],
    [
      'notice at 15:59:59Z on 30 Nov (= 23:59:59 on 30 Nov in China)',
      Date.UTC(2026, 10, 30, 15, 59, 59),
      cst(2026, 12, 16),
    ],
    ['notice across the year end (20 Dec)', cst(2026, 12, 20, 9), cst(2027, 1, 5)],
    [
      'notice in a common year before the end of February (14 Feb 2027)',
      cst(2027, 2, 14, 9),
      cst(2027, 3, 2),
    ],
    ['notice in a leap year before the end of February (14 Feb 2028)', cst(2028, 2, 14, 9), cst(2028, 3, 1)],
  ])('%s: opens at the earliest at 00:00 China time 16 days later', (_name, notice, earliest) => {
    expect(earliestOpening(notice)).toBe(earliest)
  })

  it('the earliest opening after a notice on 1 Dec is exactly 16:00:00.000Z on 16 Dec', () => {
    expect(earliestOpening(cst(2026, 12, 1, 10, 30))).toBe(Date.UTC(2026, 11, 16, 16, 0, 0, 0))
  })
})

describe('periodEnd: a period of days ends at 24:00 China time of its last day (民法典 arts. 201, 203)', () => {
  // Preliminary result on 1 Dec: 2–8 Dec are the 7 days of the objection period, which ends at 24:00 on the 8th.
  it.each<[string, number, number, number]>([
    ['7 days from 00:00:00 on 1 Dec', cst(2026, 12, 1), 7, cst(2026, 12, 9)],
    ['7 days from 23:59:59 on 1 Dec', cst(2026, 12, 1, 23, 59, 59), 7, cst(2026, 12, 9)],
    [
      '7 days from 16:00Z on 30 Nov (00:00 on 1 Dec in China)',
      Date.UTC(2026, 10, 30, 16),
      7,
      cst(2026, 12, 9),
    ],
    [
      '7 days from 15:59:59Z on 30 Nov (still 30 Nov in China)',
      Date.UTC(2026, 10, 30, 15, 59, 59),
      7,
      cst(2026, 12, 8),
    ],
    ['7 days across the year end', cst(2026, 12, 27, 18), 7, cst(2027, 1, 4)],
    ['1 day', cst(2026, 12, 1, 12), 1, cst(2026, 12, 3)],
    ['15 days (the notice period)', cst(2026, 12, 1, 12), 15, cst(2026, 12, 17)],
  ])('%s: %i days end at 24:00 of the last day', (_name, from, days, end) => {
    expect(periodEnd(from, days)).toBe(end)
  })
})

describe('checkWindow: notice and voting window (物业管理条例 art. 14; 杭州 art. 20)', () => {
  const notice = cst(2026, 12, 1, 10)
  const earliest = cst(2026, 12, 17)
  const days = (n: number) => n * DAY_MS

  it.each<[string, number, number, CalendarProblem[]]>([
    ['opens exactly at the earliest instant, 5 days', earliest, earliest + days(5), []],
    [
      'opens 1 ms before the earliest instant',
      earliest - 1,
      earliest + days(10),
      [{ code: 'opens_too_early', earliest }],
    ],
    [
      'opens a whole day early (notice day counted by mistake)',
      earliest - DAY_MS,
      earliest + days(10),
      [{ code: 'opens_too_early', earliest }],
    ],
    ['opens later than the earliest instant', earliest + days(3) + 1234, earliest + days(13) + 1234, []],
    ['a window of exactly 5 days', earliest, earliest + days(5), []],
    [
      'a window of 5 days less 1 ms',
      earliest,
      earliest + days(5) - 1,
      [{ code: 'window_too_short', minDays: 5 }],
    ],
    ['a window of exactly 60 days', earliest, earliest + days(60), []],
    [
      'a window of 60 days and 1 ms',
      earliest,
      earliest + days(60) + 1,
      [{ code: 'window_too_long', maxDays: 60 }],
    ],
    ['closes at the opening', earliest, earliest, [{ code: 'closes_before_opening' }]],
    ['closes before the opening', earliest, earliest - 1, [{ code: 'closes_before_opening' }]],
    [
      'opens too early and closes before it opens: both problems',
      earliest - 1,
      earliest - days(2),
      [{ code: 'opens_too_early', earliest }, { code: 'closes_before_opening' }],
    ],
    [
      'opens too early with a window too short: both problems',
      earliest - 1,
      earliest + days(1),
      [
        { code: 'opens_too_early', earliest },
        { code: 'window_too_short', minDays: 5 },
      ],
    ],
  ])('%s', (_name, opensAt, closesAt, problems) => {
    expect(checkWindow(notice, opensAt, closesAt)).toEqual(problems)
  })

  it('notice at 23:59:59 China time allows the same opening as notice at 00:00:00 that day', () => {
    const close = earliest + days(7)
    expect(checkWindow(cst(2026, 12, 1), earliest, close)).toEqual([])
    expect(checkWindow(cst(2026, 12, 1, 23, 59, 59), earliest, close)).toEqual([])
  })

  it('notice at 16:00Z (00:00 next China day) pushes the earliest opening back by a day', () => {
    const lateNotice = Date.UTC(2026, 11, 1, 16) // 00:00 on 2 Dec in China
    expect(checkWindow(lateNotice, earliest, earliest + days(7))).toEqual([
      { code: 'opens_too_early', earliest: cst(2026, 12, 18) },
    ])
    expect(checkWindow(lateNotice, cst(2026, 12, 18), cst(2026, 12, 25))).toEqual([])
  })
})

describe('the calendar does not depend on the machine time zone', () => {
  const saved = process.env.TZ
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ
    else process.env.TZ = saved
  })

  it.each(['UTC', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Kiritimati', 'Asia/Shanghai'])(
    'with the machine in %s',
    (tz) => {
      process.env.TZ = tz
      const notice = Date.UTC(2026, 10, 30, 16) // 00:00 on 1 Dec in China
      expect(startOfChinaDay(notice)).toBe(Date.UTC(2026, 10, 30, 16))
      expect(earliestOpening(notice)).toBe(Date.UTC(2026, 11, 16, 16))
      expect(periodEnd(notice - 1, 7)).toBe(Date.UTC(2026, 11, 7, 16))
    },
  )
})

/** The State Council's notices for 2025 (国办发明电〔2024〕12号) and 2026 (4 November 2025), as shipped. */
const TABLE = holidayTable([...noticeEntries(notice2025), ...noticeEntries(notice2026)])

/** The end of an outcome as [last day, moved from (or null), holiday (or null)], for compact tables. */
const shape = (e: LegalEnd) => [e.lastDay, e.moved ? e.movedFrom : null, e.moved ? e.holiday : null]

describe('China dates: YYYY-MM-DD in UTC+8, weekdays, without the Date object', () => {
  it.each<[string, number, string]>([
    ['00:00 China time', cst(2026, 10, 7), '2026-10-07'],
    ['23:59:59.999 China time', cst(2026, 10, 7, 23, 59, 59, 999), '2026-10-07'],
    ['16:00Z is the next China day', Date.UTC(2026, 9, 6, 16), '2026-10-07'],
    ['the last instant of a year', cst(2026, 12, 31, 23, 59, 59, 999), '2026-12-31'],
    ['the first instant of a year', cst(2027, 1, 1), '2027-01-01'],
    ['a leap day', cst(2028, 2, 29, 12), '2028-02-29'],
    ['before 1970', cst(1969, 12, 31, 12), '1969-12-31'],
  ])('chinaDate: %s', (_name, at, date) => {
    expect(chinaDate(at)).toBe(date)
    expect(startOfChinaDate(date)).toBe(startOfChinaDay(at))
  })

  it.each<[string, boolean]>([
    ['2026-10-07', false], // Wednesday
    ['2026-10-10', true], // Saturday
    ['2026-10-18', true], // Sunday
    ['2026-02-23', false], // Monday
    ['2025-10-11', true], // Saturday
    ['2000-01-01', true], // Saturday
    ['1969-12-31', false], // Wednesday
  ])('isWeekend(%s) is %s', (date, weekend) => {
    expect(isWeekend(date)).toBe(weekend)
  })

  it('weekdayOf: 0 Sunday … 6 Saturday', () => {
    expect(['2026-10-04', '2026-10-05', '2026-10-07', '2026-10-10'].map(weekdayOf)).toEqual([0, 1, 3, 6])
  })

  it.each<[string, boolean]>([
    ['2026-02-28', true],
    ['2026-02-29', false],
    ['2028-02-29', true],
    ['2100-02-29', false],
    ['2000-02-29', true],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['2026-01-01T00:00', false],
    ['', false],
  ])('isChinaDate(%j) is %s', (date, valid) => {
    expect(isChinaDate(date)).toBe(valid)
  })

  it('agrees with the Date object on every day of 1900–2100', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 11, 31) }), (at) => {
        const china = new Date(at + 8 * 3_600_000)
        expect(chinaDate(at)).toBe(china.toISOString().slice(0, 10))
        const day = china.getUTCDay()
        expect(isWeekend(chinaDate(at))).toBe(day === 0 || day === 6)
      }),
    )
  })

  it('refuses a malformed date instead of guessing', () => {
    expect(() => startOfChinaDate('2026-02-30')).toThrow(RangeError)
    expect(() => isWorkingDay('7 Oct 2026', TABLE)).toThrow(RangeError)
  })
})

describe('the shipped notices of 2025 and 2026', () => {
  it.each<[string, HolidayNotice, number, number]>([
    ['2025', notice2025, 28, 5],
    ['2026', notice2026, 33, 6],
  ])('%s passes checkHolidayNotice, with its holiday dates and make-up working days', (_y, n, days, work) => {
    expect(checkHolidayNotice(n)).toEqual([])
    const entries = noticeEntries(n)
    expect(entries.filter((e) => e.kind === 'holiday')).toHaveLength(days)
    expect(entries.filter((e) => e.kind === 'workday')).toHaveLength(work)
  })

  it('covers exactly 2025 and 2026', () => {
    expect([...TABLE.years].sort()).toEqual([2025, 2026])
    expect(TABLE.holidays.get('2026-10-07')).toBe('国庆节')
    expect(TABLE.holidays.get('2025-10-06')).toBe('国庆节、中秋节')
  })
})

describe('isWorkingDay: not a public holiday, and not a weekend unless a make-up working day (调休)', () => {
  it.each<[string, string, boolean]>([
    ['2026-10-07', 'a holiday on a Wednesday (国庆节 2026)', false],
    ['2026-10-03', 'a holiday on a Saturday', false],
    ['2026-10-08', 'the weekday after 国庆节', true],
    ['2026-10-10', 'a make-up working Saturday', true],
    ['2026-01-04', 'a make-up working Sunday (元旦 2026)', true],
    ['2025-10-11', 'a make-up working Saturday (国庆节、中秋节 2025)', true],
    ['2026-10-17', 'an ordinary Saturday', false],
    ['2026-10-18', 'an ordinary Sunday', false],
    ['2026-10-14', 'an ordinary Wednesday', true],
    ['2025-12-31', 'the last day of 2025, a Wednesday', true],
    ['2027-10-01', 'a Friday of 2027, a year the table does not hold: no holidays known', true],
    ['2027-10-02', 'a Saturday of 2027: still a weekend', false],
  ])('%s, %s: %s', (date, _name, working) => {
    expect(isWorkingDay(date, TABLE)).toBe(working)
  })

  it('with no table every weekday is a working day and every weekend day is not', () => {
    expect(isWorkingDay('2026-10-07', NO_HOLIDAYS)).toBe(true)
    expect(isWorkingDay('2026-10-10', NO_HOLIDAYS)).toBe(false)
  })
})

describe('legalPeriodEnd: a period whose last day is a public holiday ends on the first working day after it', () => {
  // [name, from, days, last day, moved from, holiday, end instant]
  it.each<[string, number, number, string, string | null, string | null, number]>([
    [
      'last day 7 Oct 2026, the last day of 国庆节 (Wed): moves to Thu 8 Oct',
      cst(2026, 9, 30, 10),
      7,
      '2026-10-08',
      '2026-10-07',
      '国庆节',
      cst(2026, 10, 9),
    ],
    [
      'last day 1 Oct 2026, the first day of 国庆节: moves past the whole holiday to 8 Oct',
      cst(2026, 9, 24, 10),
      7,
      '2026-10-08',
      '2026-10-01',
      '国庆节',
      cst(2026, 10, 9),
    ],
    [
      'last day 23 Feb 2026 (Mon), the last day of 春节: moves to Tue 24 Feb',
      cst(2026, 2, 16, 9),
      7,
      '2026-02-24',
      '2026-02-23',
      '春节',
      cst(2026, 2, 25),
    ],
    [
      'last day 25 Sep 2026 (Fri), 中秋节 over the weekend: moves to Mon 28 Sep',
      cst(2026, 9, 18, 9),
      7,
      '2026-09-28',
      '2026-09-25',
      '中秋节',
      cst(2026, 9, 29),
    ],
    [
      'last day 4 Apr 2025 (Fri), 清明节 over the weekend: moves to Mon 7 Apr',
      cst(2025, 3, 28, 9),
      7,
      '2025-04-07',
      '2025-04-04',
      '清明节',
      cst(2025, 4, 8),
    ],
    [
      'last day 3 Jan 2026 (Sat), the last day of 元旦: moves to Sun 4 Jan, a make-up working day',
      cst(2025, 12, 27, 9),
      7,
      '2026-01-04',
      '2026-01-03',
      '元旦',
      cst(2026, 1, 5),
    ],
    [
      'last day 1 Jan 2026, counted from 2025: the move crosses the year boundary into the 2026 notice',
      cst(2025, 12, 25, 9),
      7,
      '2026-01-04',
      '2026-01-01',
      '元旦',
      cst(2026, 1, 5),
    ],
    [
      'last day 8 Oct 2025 (Wed), the last day of 国庆节、中秋节: moves to Thu 9 Oct',
      cst(2025, 10, 1, 9),
      7,
      '2025-10-09',
      '2025-10-08',
      '国庆节、中秋节',
      cst(2025, 10, 10),
    ],
    [
      'last day 11 Oct 2025, a make-up working Saturday: does not move',
      cst(2025, 10, 4, 9),
      7,
      '2025-10-11',
      null,
      null,
      cst(2025, 10, 12),
    ],
    [
      'last day 18 Oct 2026, an ordinary Sunday: does not move (not a public holiday)',
      cst(2026, 10, 11, 9),
      7,
      '2026-10-18',
      null,
      null,
      cst(2026, 10, 19),
    ],
    [
      'last day 30 Sep 2026, the eve of 国庆节: does not move',
      cst(2026, 9, 23, 9),
      7,
      '2026-09-30',
      null,
      null,
      cst(2026, 10, 1),
    ],
    [
      'last day 8 Oct 2026, the day after 国庆节: does not move',
      cst(2026, 10, 1, 9),
      7,
      '2026-10-08',
      null,
      null,
      cst(2026, 10, 9),
    ],
    [
      'last day 31 Dec 2025 (Wed): ends at 00:00 on 1 Jan 2026, not moved',
      cst(2025, 12, 24, 9),
      7,
      '2025-12-31',
      null,
      null,
      cst(2026, 1, 1),
    ],
    [
      'from 23:59:59.999 on 29 Sep 2026, 8 days: last day 7 Oct, moves',
      cst(2026, 9, 29, 23, 59, 59, 999),
      8,
      '2026-10-08',
      '2026-10-07',
      '国庆节',
      cst(2026, 10, 9),
    ],
    [
      'from 00:00 on 30 Sep 2026, 8 days: last day 8 Oct, does not move',
      cst(2026, 9, 30),
      8,
      '2026-10-08',
      null,
      null,
      cst(2026, 10, 9),
    ],
    [
      'last day 1 Oct 2027: no 2027 notice, so no holiday known — ends that day',
      cst(2027, 9, 24, 9),
      7,
      '2027-10-01',
      null,
      null,
      cst(2027, 10, 2),
    ],
  ])('%s', (_name, from, days, lastDay, movedFrom, holiday, at) => {
    const end = legalPeriodEnd(from, days, TABLE)
    expect(shape(end)).toEqual([lastDay, movedFrom, holiday])
    expect(end.at).toBe(at)
    if (!end.moved) expect(end.at).toBe(periodEnd(from, days))
  })

  it('moves over an ordinary weekend after a holiday, and stops at a make-up working day', () => {
    const table = holidayTable([
      { year: 2030, date: '2030-02-01', kind: 'holiday', name: '测试节' }, // Friday
      { year: 2030, date: '2030-03-01', kind: 'holiday', name: '测试节' }, // Friday
      { year: 2030, date: '2030-03-02', kind: 'workday', name: '调休上班' }, // Saturday
    ])
    expect(shape(legalPeriodEnd(cst(2030, 1, 25, 9), 7, table))).toEqual([
      '2030-02-04',
      '2030-02-01',
      '测试节',
    ])
    expect(shape(legalPeriodEnd(cst(2030, 2, 22, 9), 7, table))).toEqual([
      '2030-03-02',
      '2030-03-01',
      '测试节',
    ])
  })

  it('with no holidays known it is periodEnd', () => {
    fc.assert(
      fc.property(fc.integer({ min: cst(2000, 1, 1), max: cst(2100, 1, 1) }), fc.nat(400), (from, days) => {
        const end = legalPeriodEnd(from, days, NO_HOLIDAYS)
        expect(end.moved).toBe(false)
        expect(end.at).toBe(periodEnd(from, days))
      }),
    )
  })

  it('never ends earlier than periodEnd, and a moved end is 24:00 of a working day', () => {
    fc.assert(
      fc.property(fc.integer({ min: cst(2024, 12, 1), max: cst(2027, 1, 31) }), fc.nat(90), (from, days) => {
        const end = legalPeriodEnd(from, days, TABLE)
        expect(end.at).toBeGreaterThanOrEqual(periodEnd(from, days))
        expect(end.at).toBe(startOfChinaDate(end.lastDay) + DAY_MS)
        if (end.moved) expect(isWorkingDay(end.lastDay, TABLE)).toBe(true)
      }),
    )
  })
})

describe('votingWindowEnd: 24:00 of the last day, the day of requestedClosesAt − 1 ms (民法典 art. 203)', () => {
  // [name, requested close, last day, moved from, holiday, end instant]
  it.each<[string, number, string, string | null, string | null, number]>([
    [
      'requested 00:00 on 8 Oct 2026 = 24:00 on 7 Oct, 国庆节: moves to 24:00 on 8 Oct',
      cst(2026, 10, 8),
      '2026-10-08',
      '2026-10-07',
      '国庆节',
      cst(2026, 10, 9),
    ],
    [
      'requested 23:59:59.999 on 7 Oct 2026: the same last day, moves',
      cst(2026, 10, 7, 23, 59, 59, 999),
      '2026-10-08',
      '2026-10-07',
      '国庆节',
      cst(2026, 10, 9),
    ],
    [
      'requested 00:00:00.001 on 8 Oct 2026: the last day is 8 Oct, a working day, not moved',
      cst(2026, 10, 8) + 1,
      '2026-10-08',
      null,
      null,
      cst(2026, 10, 9),
    ],
    [
      'requested 00:00 on 24 Feb 2026 = 24:00 on 23 Feb, the last day of 春节: moves to 24 Feb',
      cst(2026, 2, 24),
      '2026-02-24',
      '2026-02-23',
      '春节',
      cst(2026, 2, 25),
    ],
    [
      'requested 00:00 on 9 Oct 2025 = 24:00 on 8 Oct, the last day of 国庆节、中秋节: moves to 9 Oct',
      cst(2025, 10, 9),
      '2025-10-09',
      '2025-10-08',
      '国庆节、中秋节',
      cst(2025, 10, 10),
    ],
    [
      'requested 00:00 on 4 Jan 2026 = 24:00 on 3 Jan, 元旦: moves to the make-up working Sunday',
      cst(2026, 1, 4),
      '2026-01-04',
      '2026-01-03',
      '元旦',
      cst(2026, 1, 5),
    ],
    [
      'requested 00:00 on 23 Dec 2026 = 24:00 on 22 Dec: unchanged',
      cst(2026, 12, 23),
      '2026-12-22',
      null,
      null,
      cst(2026, 12, 23),
    ],
    [
      'requested 18:00 on 22 Dec 2026: ends at 24:00 that day',
      cst(2026, 12, 22, 18),
      '2026-12-22',
      null,
      null,
      cst(2026, 12, 23),
    ],
    [
      'requested 00:00 on 19 Oct 2026 = 24:00 on an ordinary Sunday: unchanged',
      cst(2026, 10, 19),
      '2026-10-18',
      null,
      null,
      cst(2026, 10, 19),
    ],
    [
      'requested 00:00 on 1 Jan 2027 = 24:00 on 31 Dec 2026: the last day is in 2026',
      cst(2027, 1, 1),
      '2026-12-31',
      null,
      null,
      cst(2027, 1, 1),
    ],
  ])('%s', (_name, requested, lastDay, movedFrom, holiday, at) => {
    const end = votingWindowEnd(requested, TABLE)
    expect(shape(end)).toEqual([lastDay, movedFrom, holiday])
    expect(end.at).toBe(at)
  })

  it('is settled: the end of an end is the same end', () => {
    fc.assert(
      fc.property(fc.integer({ min: cst(2024, 12, 1), max: cst(2027, 1, 31) }), (requested) => {
        const end = votingWindowEnd(requested, TABLE)
        expect(end.at).toBeGreaterThanOrEqual(requested)
        expect(votingWindowEnd(end.at, TABLE)).toEqual({
          at: end.at,
          lastDay: end.lastDay,
          moved: false,
          yearsMissing: end.yearsMissing,
        })
      }),
    )
  })
})

describe('yearsMissing: which years a computation touched without a notice in the table', () => {
  it.each<[string, string[], number[]]>([
    ['a date of a year held', ['2026-10-07'], []],
    ['a date of a year not held', ['2027-03-01'], [2027]],
    [
      'several years, each once, ascending',
      ['2028-05-05', '2027-06-01', '2028-01-01', '2026-01-01'],
      [2027, 2028],
    ],
    ['24 December: only its own year', ['2026-12-24'], []],
    // The next year's 元旦 may begin in late December (the 2019 notice: from 30 Dec 2018).
    ['from 25 December: also the next year', ['2026-12-25'], [2027]],
    ['31 December 2025: 2026 is held', ['2025-12-31'], []],
    ['no dates', [], []],
  ])('%s', (_name, dates, missing) => {
    expect(yearsMissing(dates, TABLE)).toEqual(missing)
  })

  it('is reported with every end, so the caller can warn "no holiday table for 2027"', () => {
    expect(legalPeriodEnd(cst(2027, 9, 24, 9), 7, TABLE).yearsMissing).toEqual([2027])
    expect(votingWindowEnd(cst(2027, 1, 1), TABLE).yearsMissing).toEqual([2027])
    expect(votingWindowEnd(cst(2026, 12, 24), TABLE).yearsMissing).toEqual([])
    expect(votingWindowEnd(cst(2026, 10, 8), TABLE).yearsMissing).toEqual([])
    expect(votingWindowEnd(cst(2028, 10, 8), NO_HOLIDAYS).yearsMissing).toEqual([2028])
  })

  it('names the years of the days a move looked at', () => {
    // A holiday on the last day of 2030 (a year held) pushes the end into 2031 (not held).
    const table = holidayTable([{ year: 2030, date: '2030-12-31', kind: 'holiday', name: '测试节' }], [2030])
    const end = votingWindowEnd(cst(2031, 1, 1), table)
    expect(shape(end)).toEqual(['2031-01-01', '2030-12-31', '测试节'])
    expect(end.yearsMissing).toEqual([2031])
  })
})

describe('checkWindowDays: the window in 民法典 art. 201 days (杭州 art. 20: 5 to 60 days)', () => {
  const notice = cst(2026, 12, 1, 10)
  const earliest = cst(2026, 12, 17) // 15 full days of notice: 2–16 Dec

  // Voting opens on 17 Dec, which is not counted: the days are 18 Dec… The shortest window ends at 24:00 on
  // 22 Dec (5 days), the longest at 24:00 on 15 Feb 2027 (14 + 31 + 15 = 60 days).
  it.each<[string, number, number, number, CalendarProblem[]]>([
    ['exactly 5 days: 24:00 on 22 Dec', earliest, cst(2026, 12, 23), 5, []],
    ['closing at 23:59:59.999 on 22 Dec: still 5 days', earliest, cst(2026, 12, 22, 23, 59, 59, 999), 5, []],
    [
      'closing 1 ms after 00:00 on 22 Dec: the last day is 22 Dec, 5 days',
      earliest,
      cst(2026, 12, 22) + 1,
      5,
      [],
    ],
    [
      'closing at 00:00 on 22 Dec = 24:00 on 21 Dec: 4 days',
      earliest,
      cst(2026, 12, 22),
      4,
      [{ code: 'window_too_short', minDays: 5 }],
    ],
    ['exactly 60 days: 24:00 on 15 Feb 2027', earliest, cst(2027, 2, 16), 60, []],
    ['closing 1 ms before 00:00 on 16 Feb: 60 days', earliest, cst(2027, 2, 16) - 1, 60, []],
    [
      'closing 1 ms after 00:00 on 16 Feb: the last day is 16 Feb, 61 days',
      earliest,
      cst(2027, 2, 16) + 1,
      61,
      [{ code: 'window_too_long', maxDays: 60 }],
    ],
    [
      'opening at 18:00 on 17 Dec counts from 18 Dec too (checkWindow would say 4¼ days)',
      cst(2026, 12, 17, 18),
      cst(2026, 12, 23),
      5,
      [],
    ],
    [
      'opening at 23:59:59.999 on 17 Dec, 60 days to 24:00 on 15 Feb',
      cst(2026, 12, 17, 23, 59, 59, 999),
      cst(2027, 2, 16),
      60,
      [],
    ],
    [
      'opening 00:00 on 1 Feb 2028 (leap year): 60 days end 24:00 on 1 Apr',
      cst(2028, 2, 1),
      cst(2028, 4, 2),
      60,
      [],
    ],
    [
      'opening 00:00 on 1 Feb 2028: 24:00 on 2 Apr is 61 days',
      cst(2028, 2, 1),
      cst(2028, 4, 3),
      61,
      [{ code: 'window_too_long', maxDays: 60 }],
    ],
    [
      'closing 1 ms after opening: 0 days',
      earliest,
      earliest + 1,
      0,
      [{ code: 'window_too_short', minDays: 5 }],
    ],
  ])('%s', (_name, opensAt, closesAt, days, problems) => {
    expect(windowDays(opensAt, closesAt)).toBe(days)
    expect(checkWindowDays(notice, opensAt, closesAt)).toEqual(problems)
  })

  it.each<[string, number, number, CalendarProblem[]]>([
    ['opens exactly at the earliest instant', earliest, cst(2026, 12, 23), []],
    [
      'opens 1 ms before the earliest instant',
      earliest - 1,
      cst(2026, 12, 23),
      [{ code: 'opens_too_early', earliest }],
    ],
    ['closes at the opening', earliest, earliest, [{ code: 'closes_before_opening' }]],
    ['closes before the opening', earliest, earliest - 1, [{ code: 'closes_before_opening' }]],
    [
      'opens too early and closes before it opens: both problems',
      earliest - 1,
      earliest - DAY_MS,
      [{ code: 'opens_too_early', earliest }, { code: 'closes_before_opening' }],
    ],
    [
      'opens too early with a window too short: both problems',
      earliest - 1,
      cst(2026, 12, 18),
      [
        { code: 'opens_too_early', earliest },
        { code: 'window_too_short', minDays: 5 },
      ],
    ],
  ])('%s', (_name, opensAt, closesAt, problems) => {
    expect(checkWindowDays(notice, opensAt, closesAt)).toEqual(problems)
  })

  it('the 60-day maximum applies to the requested end, before a holiday moves it', () => {
    const table = holidayTable([{ year: 2027, date: '2027-02-15', kind: 'holiday', name: '测试节' }])
    const requested = cst(2027, 2, 16) // 24:00 on 15 Feb, day 60
    expect(checkWindowDays(notice, earliest, requested)).toEqual([])
    const end = votingWindowEnd(requested, table)
    expect(shape(end)).toEqual(['2027-02-16', '2027-02-15', '测试节'])
    expect(windowDays(earliest, end.at)).toBe(61) // lawful: the law moved it, not the convener
  })
})

describe('checkHolidayNotice: what `npm run holidays -- add` refuses', () => {
  const base: HolidayNotice = {
    year: 2030,
    source: '测试 test notice',
    holidays: [{ name: '元旦', from: '2030-01-01', to: '2030-01-01' }],
    workdays: [],
  }
  const with_ = (patch: Partial<HolidayNotice>): HolidayNotice => ({ ...base, ...patch })

  it.each<[string, HolidayNotice, NoticeProblem[]]>([
    ['a good notice', base, []],
    [
      'a 元旦 beginning in the previous December, with a make-up Saturday there (as the 2019 notice)',
      {
        year: 2019,
        source: '国办发明电〔2018〕15号',
        holidays: [{ name: '元旦', from: '2018-12-30', to: '2019-01-01' }],
        workdays: ['2018-12-29'],
      },
      [],
    ],
    ['no source', with_({ source: '  ' }), [{ code: 'no_source' }]],
    ['no holidays', with_({ holidays: [] }), [{ code: 'no_holidays' }]],
    [
      'a holiday without a name',
      with_({ holidays: [{ name: ' ', from: '2030-01-01', to: '2030-01-01' }] }),
      [{ code: 'no_name', where: 'holidays[0]' }],
    ],
    [
      'dates that are not dates',
      with_({ holidays: [{ name: '元旦', from: '2030-02-30', to: '1 Jan' }], workdays: ['2030-13-01'] }),
      [
        { code: 'bad_date', where: 'holidays[0].from', value: '2030-02-30' },
        { code: 'bad_date', where: 'holidays[0].to', value: '1 Jan' },
        { code: 'bad_date', where: 'workdays[0]', value: '2030-13-01' },
      ],
    ],
    [
      'dates outside the year (before 25 December of the previous year, or in the next)',
      with_({
        holidays: [{ name: '元旦', from: '2029-12-24', to: '2031-01-01' }],
        workdays: ['2031-01-04'],
      }),
      [
        { code: 'outside_year', where: 'holidays[0].from', date: '2029-12-24', year: 2030 },
        { code: 'outside_year', where: 'holidays[0].to', date: '2031-01-01', year: 2030 },
        { code: 'holiday_too_long', where: 'holidays[0]', days: 374, maxDays: 15 },
        { code: 'outside_year', where: 'workdays[0]', date: '2031-01-04', year: 2030 },
      ],
    ],
    [
      'from after to',
      with_({ holidays: [{ name: '春节', from: '2030-02-08', to: '2030-02-02' }] }),
      [{ code: 'from_after_to', where: 'holidays[0]', from: '2030-02-08', to: '2030-02-02' }],
    ],
    [
      'a holiday longer than any the State Council has given (a typing mistake)',
      with_({ holidays: [{ name: '国庆节', from: '2030-10-01', to: '2030-11-07' }] }),
      [{ code: 'holiday_too_long', where: 'holidays[0]', days: 38, maxDays: 15 }],
    ],
    [
      'two holidays sharing a date',
      with_({
        holidays: [
          { name: '中秋节', from: '2030-09-20', to: '2030-10-01' },
          { name: '国庆节', from: '2030-10-01', to: '2030-10-07' },
        ],
      }),
      [{ code: 'holidays_overlap', date: '2030-10-01', names: ['中秋节', '国庆节'] }],
    ],
    [
      'a make-up working day on a weekday',
      with_({ workdays: ['2030-01-02'] }),
      [{ code: 'workday_not_weekend', where: 'workdays[0]', date: '2030-01-02' }],
    ],
    [
      'a make-up working day that is also a holiday',
      with_({ holidays: [{ name: '春节', from: '2030-02-02', to: '2030-02-08' }], workdays: ['2030-02-03'] }),
      [{ code: 'workday_is_holiday', where: 'workdays[0]', date: '2030-02-03', name: '春节' }],
    ],
    [
      'a make-up working day listed twice',
      with_({ workdays: ['2030-02-09', '2030-02-09'] }),
      [{ code: 'duplicate_workday', where: 'workdays[1]', date: '2030-02-09' }],
    ],
  ])('%s', (_name, n, problems) => {
    expect(checkHolidayNotice(n)).toEqual(problems)
  })

  it('lists its rows in date order, each holiday date with its name', () => {
    expect(
      noticeEntries({
        year: 2019,
        source: 's',
        holidays: [{ name: ' 元旦 ', from: '2018-12-30', to: '2019-01-01' }],
        workdays: ['2018-12-29'],
      }),
    ).toEqual([
      { year: 2019, date: '2018-12-29', kind: 'workday', name: '调休上班' },
      { year: 2019, date: '2018-12-30', kind: 'holiday', name: '元旦' },
      { year: 2019, date: '2018-12-31', kind: 'holiday', name: '元旦' },
      { year: 2019, date: '2019-01-01', kind: 'holiday', name: '元旦' },
    ])
  })
})

describe('the holiday calendar does not depend on the machine time zone', () => {
  const saved = process.env.TZ
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ
    else process.env.TZ = saved
  })

  it.each(['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Shanghai'])(
    'with the machine in %s',
    (tz) => {
      process.env.TZ = tz
      expect(chinaDate(Date.UTC(2026, 9, 6, 16))).toBe('2026-10-07')
      expect(votingWindowEnd(Date.UTC(2026, 9, 7, 16), TABLE).at).toBe(Date.UTC(2026, 9, 8, 16))
      expect(
        checkWindowDays(Date.UTC(2026, 10, 30, 16), Date.UTC(2026, 11, 16, 16), Date.UTC(2026, 11, 22, 16)),
      ).toEqual([])
    },
  )
})
