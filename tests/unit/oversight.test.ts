import { describe, expect, it } from 'vitest'
import { addMonths } from '../../server/domain/committee'
import {
  committeeStanding,
  DEFAULT_DISTRICT_TARGETS,
  DEFAULT_STANDARD_CRITERIA,
  districtFigures,
  monthsUntil,
  operatingToStandard,
  type EstateFacts,
} from '../../server/domain/oversight'

/** An instant in China time (UTC+8). */
const china = (local: string) => Date.parse(`${local}+08:00`)

const TERM = { number: 1, startsOn: '2024-08-01', endsOn: '2029-07-31', seats: 7, filled: 7 }
const estate = (over: Partial<EstateFacts> = {}): EstateFacts => ({
  estateId: 'e',
  eligible: true,
  formed: true,
  forming: false,
  term: TERM,
  reelectionGroup: false,
  overdue: [],
  latestSurvey: { closesOn: '2026-06-30', passed: true },
  ...over,
})

describe('monthsUntil (民法典 art. 202: by the corresponding day)', () => {
  it.each([
    ['2026-01-31', '2026-07-31', 6],
    ['2026-02-01', '2026-07-31', 5],
    ['2026-07-31', '2026-07-31', 0],
    ['2026-08-01', '2026-07-31', 0],
    ['2026-08-31', '2027-02-28', 6], // 31 August + 6 months is the last day of February
    ['2026-07-30', '2026-07-31', 0],
    ['2026-06-30', '2026-07-31', 1],
  ])('from %s to %s: %i whole months', (today, endsOn, months) => {
    expect(monthsUntil(today, endsOn)).toBe(months)
  })
})

describe('committeeStanding (domain §8)', () => {
  const REMIND = 6 // 北京
  it.each([
    ['no term, no formation', estate({ term: null, formed: false }), '2026-12-01T12:00:00', 'none'],
    [
      'no term, forming',
      estate({ term: null, formed: false, forming: true }),
      '2026-12-01T12:00:00',
      'forming',
    ],
    ['the day before the reminder', estate(), '2029-01-30T23:59:59', 'in_term'],
    ['the reminder’s first day (6 months before the end)', estate(), '2029-01-31T00:00:00', 'term_ending'],
    ['the term’s last second', estate(), '2029-07-31T23:59:59', 'term_ending'],
    ['the day after the term', estate(), '2029-08-01T00:00:00', 'expired'],
    [
      'a re-election group at work, in term',
      estate({ reelectionGroup: true }),
      '2029-03-01T12:00:00',
      'reelection',
    ],
    [
      'a re-election group at work, past the term',
      estate({ reelectionGroup: true }),
      '2029-09-01T12:00:00',
      'reelection',
    ],
  ])('%s → %s', (_name, facts, at, state) => {
    expect(committeeStanding(facts, REMIND, china(at)).state).toBe(state)
  })

  it('says how many whole months are left while the term ends, and when the reminder starts before', () => {
    expect(committeeStanding(estate(), 6, china('2029-02-01T09:00:00'))).toEqual({
      state: 'term_ending',
      endsOn: '2029-07-31',
      monthsLeft: 5,
    })
    expect(committeeStanding(estate(), 5, china('2026-12-01T09:00:00'))).toEqual({
      state: 'in_term',
      endsOn: '2029-07-31',
      reminderFrom: '2029-02-28',
    })
  })
})

describe('operatingToStandard (domain §11: the default criteria)', () => {
  const TODAY = '2026-12-01'
  it.each([
    ['everything in order', estate(), []],
    ['a kind overdue by exactly 30 days', estate({ overdue: [{ kind: 'common_income', days: 30 }] }), []],
    [
      'a kind overdue by 31 days',
      estate({ overdue: [{ kind: 'common_income', days: 31 }] }),
      ['disclosure_overdue'],
    ],
    [
      'a survey closed exactly 12 months ago',
      estate({ latestSurvey: { closesOn: '2025-12-01', passed: false } }),
      [],
    ],
    [
      'a survey closed 12 months and a day ago',
      estate({ latestSurvey: { closesOn: '2025-11-30', passed: true } }),
      ['no_recent_survey'],
    ],
    ['no survey ever', estate({ latestSurvey: null }), ['no_recent_survey']],
    [
      'a survey closing after today',
      estate({ latestSurvey: { closesOn: '2026-12-02', passed: true } }),
      ['no_recent_survey'],
    ],
    ['no committee', estate({ term: null }), ['no_committee_in_term']],
    ['a term ending today', estate({ term: { ...TERM, endsOn: TODAY } }), []],
    [
      'a term that ended yesterday',
      estate({ term: { ...TERM, endsOn: '2026-11-30' } }),
      ['no_committee_in_term'],
    ],
    ['a term starting today', estate({ term: { ...TERM, startsOn: TODAY } }), []],
    [
      'all three wrong, named in order',
      estate({ term: null, latestSurvey: null, overdue: [{ kind: 'maintenance_fund', days: 200 }] }),
      ['no_committee_in_term', 'disclosure_overdue', 'no_recent_survey'],
    ],
  ])('%s → %j', (_name, facts, failures) => {
    const s = operatingToStandard(facts, DEFAULT_STANDARD_CRITERIA, TODAY)
    expect(s.failures).toEqual(failures)
    expect(s.ok).toBe(failures.length === 0)
  })

  it('lists the kinds past the allowed days, worst first, and follows the estate’s own criteria', () => {
    const facts = estate({
      term: null,
      overdue: [
        { kind: 'common_income', days: 45 },
        { kind: 'decisions', days: 3 },
        { kind: 'maintenance_fund', days: 90 },
      ],
    })
    expect(operatingToStandard(facts, DEFAULT_STANDARD_CRITERIA, '2026-12-01').overdueKinds).toEqual([
      { kind: 'maintenance_fund', days: 90 },
      { kind: 'common_income', days: 45 },
    ])
    const lenient = { committeeInTerm: false, maxOverdueDays: 60, surveyWithinMonths: 24 }
    expect(operatingToStandard(facts, lenient, '2026-12-01').failures).toEqual(['disclosure_overdue'])
    expect(
      operatingToStandard(
        estate({ latestSurvey: { closesOn: '2024-12-01', passed: true } }),
        lenient,
        '2026-12-01',
      ).ok,
    ).toBe(true)
  })

  it('refuses a day that is not a date', () => {
    expect(() => operatingToStandard(estate(), DEFAULT_STANDARD_CRITERIA, '2026-02-30')).toThrow(RangeError)
  })
})

describe('districtFigures (domain §11: formation rate, share operating to standard, satisfaction pass rate)', () => {
  const TODAY = '2026-12-01'
  const many = (n: number, over: (i: number) => Partial<EstateFacts>) =>
    Array.from({ length: n }, (_, i) => estate({ estateId: `e${String(i).padStart(2, '0')}`, ...over(i) }))

  it.each([
    [19, true], // 19 of 20: exactly 95%
    [18, false], // 90%
    [20, true],
  ])('%i formed of 20 eligible estates meets the 95%% target: %s', (formed, meets) => {
    const estates = many(20, (i) => ({ formed: i < formed, term: i < formed ? TERM : null }))
    const f = districtFigures(estates, DEFAULT_STANDARD_CRITERIA, DEFAULT_DISTRICT_TARGETS, TODAY).formation
    expect([f.count, f.of, f.meetsTarget]).toEqual([formed, 20, meets])
    expect(f.estates).toHaveLength(formed)
    expect(f.others).toHaveLength(20 - formed)
  })

  it('leaves ineligible estates out of the formation rate, and unformed ones out of the standard', () => {
    const estates = [
      estate({ estateId: 'a' }),
      estate({ estateId: 'b', overdue: [{ kind: 'working_funds', days: 31 }] }),
      estate({ estateId: 'c' }),
      estate({ estateId: 'd' }),
      estate({ estateId: 'x', eligible: false, formed: false, term: null }),
      estate({ estateId: 'y', formed: false, forming: true, term: null, latestSurvey: null }),
    ]
    const f = districtFigures(estates, DEFAULT_STANDARD_CRITERIA, DEFAULT_DISTRICT_TARGETS, TODAY)
    expect([f.formation.count, f.formation.of, f.formation.others]).toEqual([4, 5, ['y']])
    // 3 of 4: exactly the 75% target.
    expect([f.standard.count, f.standard.of, f.standard.others, f.standard.meetsTarget]).toEqual([
      3,
      4,
      ['b'],
      true,
    ])
  })

  it('counts the satisfaction pass rate over the estates surveyed within the months, and says nothing of none', () => {
    const estates = [
      estate({ estateId: 'a', latestSurvey: { closesOn: '2026-06-30', passed: true } }),
      estate({ estateId: 'b', latestSurvey: { closesOn: '2026-06-30', passed: false } }),
      estate({ estateId: 'c', latestSurvey: { closesOn: '2025-06-30', passed: true } }), // too old
      estate({ estateId: 'd', latestSurvey: null }),
    ]
    const s = districtFigures(
      estates,
      DEFAULT_STANDARD_CRITERIA,
      DEFAULT_DISTRICT_TARGETS,
      TODAY,
    ).satisfaction
    expect([s.count, s.of, s.estates, s.others, s.meetsTarget]).toEqual([1, 2, ['a'], ['b'], false])
    const none = districtFigures([], DEFAULT_STANDARD_CRITERIA, DEFAULT_DISTRICT_TARGETS, TODAY)
    expect([none.formation.meetsTarget, none.standard.meetsTarget, none.satisfaction.meetsTarget]).toEqual([
      null,
      null,
      null,
    ])
  })

  it('agrees with addMonths on the survey window’s first day', () => {
    expect(addMonths(TODAY, -12)).toBe('2025-12-01')
  })
})
