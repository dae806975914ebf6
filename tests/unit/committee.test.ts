import { describe, expect, it } from 'vitest'
import type { ElectionResult } from '../../server/domain/bundle'
import { holidayTable, startOfChinaDate } from '../../server/domain/calendar'
import {
  addMonths,
  addYears,
  canDecide,
  checkOfficers,
  checkTerm,
  CITY_COMMITTEE_SETTINGS,
  clock,
  decideResolution,
  DEFAULT_COMMITTEE_SETTINGS,
  fillVacancy,
  moreThanHalf,
  reelection,
  removalPassed,
  rolesAfterOfficers,
  settingsLawful,
  termFromElection,
  termSits,
  type ElectedPerson,
  type VoteChoice,
} from '../../server/domain/committee'

/** 00:00 China time of a date, and an hour of it. */
const day = (date: string, hour = 0) => startOfChinaDate(date) + hour * 3_600_000

describe('addMonths (民法典 art. 202: the corresponding day, or the month’s last day)', () => {
  it.each([
    ['2026-12-01', 6, '2027-06-01'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2027-08-31', 6, '2028-02-29'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2026-12-01', -6, '2026-06-01'],
    ['2031-03-31', -1, '2031-02-28'],
    ['2026-12-15', 0, '2026-12-15'],
  ])('%s + %i months = %s', (from, months, to) => {
    expect(addMonths(from, months)).toBe(to)
  })

  it.each([
    ['2026-12-01', 5, '2031-12-01'],
    ['2028-02-29', 5, '2033-02-28'],
    ['2028-02-29', 4, '2032-02-29'],
  ])('%s + %i years = %s', (from, years, to) => {
    expect(addYears(from, years)).toBe(to)
  })

  it('refuses what is not a date', () => {
    expect(() => addMonths('2026-02-30', 1)).toThrow(RangeError)
  })
})

describe('checkTerm (domain §5: at most 5 years; 上海 3–5, a setting)', () => {
  const SH = CITY_COMMITTEE_SETTINGS.shanghai
  it.each([
    ['five years to the day is lawful', '2026-12-01', '2031-12-01', DEFAULT_COMMITTEE_SETTINGS, []],
    [
      'one day past five years is refused',
      '2026-12-01',
      '2031-12-02',
      DEFAULT_COMMITTEE_SETTINGS,
      ['term_too_long'],
    ],
    ['one year is lawful without a minimum', '2026-12-01', '2027-12-01', DEFAULT_COMMITTEE_SETTINGS, []],
    ['上海: three years to the day is lawful', '2026-12-01', '2029-12-01', SH, []],
    ['上海: one day short of three years is refused', '2026-12-01', '2029-11-30', SH, ['term_too_short']],
    ['上海: five years is lawful', '2026-12-01', '2031-12-01', SH, []],
    ['上海: past five years is refused', '2026-12-01', '2031-12-02', SH, ['term_too_long']],
    ['an end on the start day is refused', '2026-12-01', '2026-12-01', SH, ['ends_before_start']],
    ['an end before the start is refused', '2026-12-01', '2026-11-30', SH, ['ends_before_start']],
    ['a date that does not exist is refused', '2026-12-01', '2031-02-30', SH, ['bad_date']],
    [
      'settings longer than the law are refused',
      '2026-12-01',
      '2031-12-01',
      { ...SH, maxTermYears: 6 },
      ['settings_invalid'],
    ],
    [
      'a minimum above the maximum is refused',
      '2026-12-01',
      '2031-12-01',
      { ...SH, minTermYears: 5, maxTermYears: 4 },
      ['settings_invalid'],
    ],
  ])('%s', (_name, start, end, settings, codes) => {
    expect(checkTerm(start, end, settings).map((p) => p.code)).toEqual(codes)
  })

  it.each([
    [DEFAULT_COMMITTEE_SETTINGS, true],
    [CITY_COMMITTEE_SETTINGS.beijing, true],
    [CITY_COMMITTEE_SETTINGS.hangzhou, true],
    [{ ...DEFAULT_COMMITTEE_SETTINGS, reminderMonths: 0 }, false],
    [{ ...DEFAULT_COMMITTEE_SETTINGS, reminderMonths: 13 }, false],
    [{ ...DEFAULT_COMMITTEE_SETTINGS, reminderMonths: 2.5 }, false],
    [{ ...DEFAULT_COMMITTEE_SETTINGS, maxTermYears: 0 }, false],
  ])('settingsLawful(%j) = %s', (s, ok) => {
    expect(settingsLawful(s)).toBe(ok)
  })
})

const person = (id: string, n: number): ElectedPerson => ({
  candidateId: id,
  ownerId: n,
  unit: `1-${n}`,
  name: `业主${n}`,
})
const PEOPLE = new Map(
  ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8'].map((id, i) => [id, person(id, i + 1)]),
)
type Result = Pick<ElectionResult, 'seats' | 'elected' | 'alternates' | 'tied' | 'committeeValid' | 'outcome'>

describe('termFromElection (tally.ts result → seats and ranked alternates)', () => {
  it('seats the elected in rank order and keeps the alternates’ rank', () => {
    const r: Result = {
      seats: 5,
      elected: ['c3', 'c1', 'c2', 'c5', 'c4'],
      alternates: ['c7', 'c6'],
      tied: [],
      committeeValid: true,
      outcome: 'elected',
    }
    const made = termFromElection(r, PEOPLE)
    expect(made.ok).toBe(true)
    if (!made.ok) return
    expect(made.plan.members.map((m) => [m.seat, m.person.candidateId])).toEqual([
      [1, 'c3'],
      [2, 'c1'],
      [3, 'c2'],
      [4, 'c5'],
      [5, 'c4'],
    ])
    expect(made.plan.alternates.map((a) => [a.rank, a.person.candidateId])).toEqual([
      [1, 'c7'],
      [2, 'c6'],
    ])
    expect(made.plan.vacantSeats).toBe(0)
  })

  it('leaves the seats of a partial election vacant (4 of 7 elected: validly formed, 3 vacant)', () => {
    const r: Result = {
      seats: 7,
      elected: ['c1', 'c2', 'c3', 'c4', 'c5'],
      alternates: [],
      tied: [],
      committeeValid: true,
      outcome: 'partially_elected',
    }
    const made = termFromElection(r, PEOPLE)
    expect(made.ok && made.plan.vacantSeats).toBe(2)
  })

  it('leaves the seats contested by a tie vacant, the tied candidates neither members nor alternates', () => {
    const r: Result = {
      seats: 5,
      elected: ['c1', 'c2', 'c3', 'c4'],
      alternates: ['c7'],
      tied: ['c5', 'c6'],
      committeeValid: true,
      outcome: 'partially_elected',
    }
    const made = termFromElection(r, PEOPLE)
    expect(made.ok).toBe(true)
    if (!made.ok) return
    expect(made.plan.vacantSeats).toBe(1)
    expect(made.plan.tied.map((p) => p.candidateId)).toEqual(['c5', 'c6'])
    expect(made.plan.alternates.map((a) => a.person.candidateId)).toEqual(['c7'])
  })

  it.each([
    ['no quorum', { outcome: 'no_quorum', committeeValid: false }, 'no_quorum'],
    ['not validly formed', { outcome: 'partially_elected', committeeValid: false }, 'not_validly_formed'],
  ] as const)('refuses an election with %s', (_n, over, code) => {
    const r: Result = { seats: 5, elected: ['c1', 'c2'], alternates: [], tied: [], ...over }
    expect(termFromElection(r, PEOPLE)).toEqual({ ok: false, code })
  })

  it('refuses a result naming a candidate it was not given', () => {
    const r: Result = {
      seats: 5,
      elected: ['c1', 'c2', 'c3', 'c4', 'x9'],
      alternates: [],
      tied: [],
      committeeValid: true,
      outcome: 'elected',
    }
    expect(termFromElection(r, PEOPLE)).toEqual({ ok: false, code: 'unknown_candidate' })
  })
})

describe('committee resolutions: more than half of ALL members (全体委员过半数, 上海 art. 26)', () => {
  it.each([
    [1, 2, false],
    [2, 4, false],
    [3, 4, true],
    [3, 6, false],
    [4, 6, true],
  ])('moreThanHalf(%i, %i) = %s: exactly half fails', (yes, of, ok) => {
    expect(moreThanHalf(yes, of)).toBe(ok)
  })

  const votes = (f: number, a: number, ab: number): VoteChoice[] => [
    ...Array<VoteChoice>(f).fill('for'),
    ...Array<VoteChoice>(a).fill('against'),
    ...Array<VoteChoice>(ab).fill('abstain'),
  ]

  it.each([
    // 5 seats: 3 for passes, 2 fails, whoever is present.
    ['5 seats, 3 for of 3 present', votes(3, 0, 0), 5, 5, 'passed'],
    ['5 seats, 2 for 0 against (2 present)', votes(2, 0, 0), 5, 5, 'rejected'],
    ['5 seats, 2 for 1 against 2 abstain', votes(2, 1, 2), 5, 5, 'rejected'],
    ['5 seats, 3 for 2 against', votes(3, 2, 0), 5, 5, 'passed'],
    // A vacant seat counts as a member who did not approve: the base stays the seat count.
    ['5 seats of which 4 filled, 3 for', votes(3, 1, 0), 4, 5, 'passed'],
    ['5 seats of which 3 filled, 3 for', votes(3, 0, 0), 3, 5, 'passed'],
    ['5 seats of which 2 filled: below half', votes(2, 0, 0), 2, 5, 'below_half'],
    // 7 seats: 4 for passes, 3 fails.
    ['7 seats, 4 for', votes(4, 3, 0), 7, 7, 'passed'],
    ['7 seats, 3 for 0 against (3 present)', votes(3, 0, 0), 7, 7, 'rejected'],
    ['7 seats of which 4 filled, 4 for', votes(4, 0, 0), 4, 7, 'passed'],
    ['7 seats of which 4 filled, 3 for 1 abstain', votes(3, 0, 1), 4, 7, 'rejected'],
    ['7 seats of which 3 filled: below half', votes(3, 0, 0), 3, 7, 'below_half'],
    // 9 and 11 seats: 5 and 6 for pass, 4 and 5 fail.
    ['9 seats, 5 for', votes(5, 4, 0), 9, 9, 'passed'],
    ['9 seats, 4 for', votes(4, 0, 5), 9, 9, 'rejected'],
    ['11 seats, 6 for', votes(6, 5, 0), 11, 11, 'passed'],
    ['11 seats, 5 for', votes(5, 5, 1), 11, 11, 'rejected'],
    // 3 seats (small estates): 2 for passes, 1 fails.
    ['3 seats, 2 for', votes(2, 1, 0), 3, 3, 'passed'],
    ['3 seats, 1 for', votes(1, 0, 2), 3, 3, 'rejected'],
  ])('%s → %s', (_n, v, seated, seats, outcome) => {
    expect(decideResolution(v, seated, seats).outcome).toBe(outcome)
  })

  it('counts who did not vote and says how many votes for were needed', () => {
    expect(decideResolution(votes(2, 1, 0), 5, 5)).toEqual({
      outcome: 'rejected',
      count: { for: 2, against: 1, abstain: 0, notVoting: 2 },
      needed: 3,
    })
    expect(decideResolution([], 7, 7).needed).toBe(4)
  })

  it.each([
    [3, 5, true],
    [2, 5, false],
    [4, 7, true],
    [3, 7, false],
    [5, 9, true],
    [4, 9, false],
    [3, 3, true],
    [2, 3, true],
    [1, 3, false],
    [6, 11, true],
    [5, 11, false],
  ])('canDecide(%i filled of %i seats) = %s (上海 art. 32)', (filled, seats, ok) => {
    expect(canDecide(filled, seats)).toBe(ok)
  })

  it.each([
    [1, 1, true],
    [2, 2, true],
    [1, 2, false],
    [2, 3, false],
    [1, null, false],
  ] as const)(
    'termSits(term %i, current term %s) = %s (domain §8: a term ends when the next is made)',
    (n, current, sits) => {
      expect(termSits(n, current)).toBe(sits)
    },
  )
})

describe('officers: 选举主任、副主任', () => {
  const seated = new Set(['m1', 'm2', 'm3', 'm4', 'm5'])
  it.each([
    ['one chair and one vice-chair', { chair: 'm1', viceChairs: ['m2'] }, []],
    ['one chair and two vice-chairs', { chair: 'm1', viceChairs: ['m2', 'm3'] }, []],
    ['no vice-chair', { chair: 'm1', viceChairs: [] }, ['no_vice_chair']],
    ['the chair as vice-chair too', { chair: 'm1', viceChairs: ['m1'] }, ['same_person_twice']],
    ['a vice-chair twice', { chair: 'm1', viceChairs: ['m2', 'm2'] }, ['same_person_twice']],
    ['a chair who is not seated', { chair: 'x', viceChairs: ['m2'] }, ['chair_not_seated']],
    ['a vice-chair who is not seated', { chair: 'm1', viceChairs: ['x'] }, ['vice_chair_not_seated']],
  ])('%s', (_n, proposal, codes) => {
    expect(checkOfficers(proposal, seated).map((p) => p.code)).toEqual(codes)
  })

  it('makes everyone else a member (委员)', () => {
    expect([...rolesAfterOfficers([...seated], { chair: 'm3', viceChairs: ['m1'] })]).toEqual([
      ['m1', 'vice_chair'],
      ['m2', 'member'],
      ['m3', 'chair'],
      ['m4', 'member'],
      ['m5', 'member'],
    ])
  })
})

describe('vacancies: the first eligible alternate in rank order (domain §8)', () => {
  it('seats the first alternate when still an owner', () => {
    const f = fillVacancy(
      [
        { id: 'a2', rank: 2, eligible: true },
        { id: 'a1', rank: 1, eligible: true },
      ],
      4,
      5,
    )
    expect(f).toEqual({ seatedBy: 'a1', lapsed: [], filled: 5, earlyReelectionDue: false })
  })

  it('passes over the first when no longer an owner and seats the second', () => {
    const f = fillVacancy(
      [
        { id: 'a1', rank: 1, eligible: false },
        { id: 'a2', rank: 2, eligible: true },
      ],
      4,
      5,
    )
    expect(f).toEqual({ seatedBy: 'a2', lapsed: ['a1'], filled: 5, earlyReelectionDue: false })
  })

  it.each([
    // 5 seats: a third vacancy with no alternate leaves 2 filled — below half.
    [[], 2, 5, false, true],
    [[], 3, 5, false, false],
    // 7 seats: 3 filled is below half, 4 is not.
    [[], 3, 7, false, true],
    [[], 4, 7, false, false],
    [[{ id: 'a1', rank: 1, eligible: true }], 2, 5, true, false],
    [[{ id: 'a1', rank: 1, eligible: false }], 2, 5, false, true],
  ])(
    'alternates %j, %i filled of %i seats: seated %s, early re-election %s',
    (alts, filled, seats, seated, due) => {
      const f = fillVacancy(alts, filled, seats)
      expect(f.seatedBy !== undefined).toBe(seated)
      expect(f.earlyReelectionDue).toBe(due)
    },
  )

  it('removes a member only when the removal matter met its quorum and the candidacy qualified', () => {
    const candidates = [
      { id: 'k1', areaCm2: 10, heads: 6, qualified: true },
      { id: 'k2', areaCm2: 5, heads: 5, qualified: false },
    ]
    expect(removalPassed({ outcome: 'partially_elected', candidates }, 'k1')).toBe(true)
    expect(removalPassed({ outcome: 'partially_elected', candidates }, 'k2')).toBe(false)
    expect(removalPassed({ outcome: 'no_quorum', candidates }, 'k1')).toBe(false)
    expect(removalPassed({ outcome: 'elected', candidates }, 'k3')).toBe(false)
  })
})

describe('clocks (民法典 art. 201: the day of the event is not counted; art. 203: 24:00 of the last day)', () => {
  // Elected at 15:00 on 1 December 2026 (China time): days 2–8 December are the 7 days of seating.
  const ELECTED = day('2026-12-01', 15)
  it.each([
    ['seating, on the election day', 7, day('2026-12-01', 20), 'running', 8],
    ['seating, on the last day', 7, day('2026-12-08', 23), 'running', 1],
    ['seating, the first minute after', 7, day('2026-12-09'), 'overdue', 1],
    ['seating, two days after', 7, day('2026-12-10', 9), 'overdue', 2],
    ['announcement, on the last day', 3, day('2026-12-04', 12), 'running', 1],
    ['announcement, the day after', 3, day('2026-12-05', 0), 'overdue', 1],
  ])('%s', (_n, days, now, state, n) => {
    const c = clock(ELECTED, days, now, null)
    expect(c.state).toBe(state)
    if (c.state === 'running') expect(c.daysLeft).toBe(n)
    if (c.state === 'overdue') expect(c.daysOver).toBe(n)
  })

  it('is done in time on the last day, late after it', () => {
    expect(clock(ELECTED, 3, day('2026-12-20'), day('2026-12-04', 23))).toMatchObject({
      state: 'done',
      late: false,
    })
    expect(clock(ELECTED, 3, day('2026-12-20'), day('2026-12-05', 0))).toMatchObject({
      state: 'done',
      late: true,
    })
  })

  it('moves past a public holiday on the last day (art. 203)', () => {
    const table = holidayTable([
      { year: 2026, date: '2026-10-01', kind: 'holiday', name: '国庆节' },
      { year: 2026, date: '2026-10-02', kind: 'holiday', name: '国庆节' },
    ])
    // A committee meeting on Monday 28 September: 3 days end on Thursday 1 October, a holiday, so the period runs
    // to the first working day after it — past the holiday of the 2nd and the weekend — Monday 5 October, 24:00.
    const c = clock(day('2026-09-28', 10), 3, day('2026-10-02', 12), null, table)
    expect(c).toMatchObject({ state: 'running', dueAt: day('2026-10-06') })
  })

  it.each([
    // A term ending 30 November 2031, reminder from 6 months before: 30 May 2031.
    ['before the reminder', 6, day('2031-05-29', 23), 'in_term'],
    ['on the first day of the reminder', 6, day('2031-05-30'), 'reminder'],
    ['上海: 5 months before', 5, day('2031-06-30'), 'reminder'],
    ['杭州: 3 months, not yet', 3, day('2031-08-29', 23), 'in_term'],
    ['on the last day of the term', 6, day('2031-11-30', 23), 'reminder'],
    ['once the term has ended', 6, day('2031-12-01'), 'overdue'],
  ])('the re-election %s', (_n, months, now, state) => {
    const r = reelection('2031-11-30', months, now)
    expect(r.state).toBe(state)
  })

  it('counts the days left of the term on its last day as 1', () => {
    expect(reelection('2031-11-30', 6, day('2031-11-30', 9))).toMatchObject({
      state: 'reminder',
      daysLeft: 1,
    })
  })
})
