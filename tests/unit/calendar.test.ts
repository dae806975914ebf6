import { afterEach, describe, expect, it } from 'vitest'
import {
  checkWindow,
  DAY_MS,
  DEFAULT_OBJECTION_DAYS,
  earliestOpening,
  MAX_WINDOW_DAYS,
  MIN_WINDOW_DAYS,
  NOTICE_DAYS,
  periodEnd,
  startOfChinaDay,
  type CalendarProblem,
} from '../../server/domain/calendar'

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
