import { describe, expect, it } from 'vitest'
import {
  checkAgenda,
  failedChecks,
  seatsAllowed,
  SMALL_ESTATE,
  statutoryMinMembers,
  type AgendaProblem,
  type Eligibility,
} from '../../server/domain/agenda'
import {
  MATTER_KINDS,
  RESOLUTION_KINDS,
  type ElectionMatter,
  type Fraction,
  type Matter,
  type ResolutionKind,
} from '../../server/domain/bundle'

const M2 = 10_000 // cm² per ㎡
/** A large estate: 3 seats are not allowed. */
const LARGE = { households: 800, areaCm2: 80_000 * M2 }

const resolution = (kind: ResolutionKind, extra: Partial<Matter> = {}): Matter =>
  ({ id: 'q1', kind, title: kind, ...extra }) as Matter

const election = (extra: Partial<ElectionMatter> & { eligibility?: Eligibility[] } = {}) =>
  ({
    id: 'e1',
    kind: 'elect_committee',
    title: '选举业主委员会',
    seats: 5,
    candidates: ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'].map((id) => ({ id, name: id })),
    ...extra,
  }) as ElectionMatter & { eligibility?: Eligibility[] }

const frac = (num: number, den: number, strict: boolean): Fraction => ({ num, den, strict })
const ELIGIBLE: Eligibility = { isOwner: true, fullCapacity: true, noArrears: true, notPropertyStaff: true }

describe('checkAgenda: the nine kinds of 民法典 art. 278(1)', () => {
  it.each(RESOLUTION_KINDS)('accepts a %s resolution', (kind) => {
    expect(checkAgenda([resolution(kind)], LARGE)).toEqual([])
  })

  it('accepts a committee election', () => {
    expect(checkAgenda([election()], LARGE)).toEqual([])
  })

  it('accepts a meeting with one matter of every kind', () => {
    const matters = MATTER_KINDS.map((kind, i) =>
      kind === 'elect_committee' ? election({ id: `m${i}` }) : resolution(kind, { id: `m${i}` }),
    )
    expect(matters).toHaveLength(9)
    expect(checkAgenda(matters, LARGE)).toEqual([])
  })

  it.each(['elect_president', '', 'Rebuild'])('refuses the unknown kind %j', (kind) => {
    const m = { id: 'q1', kind, title: 'x' } as unknown as Matter
    expect(checkAgenda([m], LARGE)).toEqual([{ matter: 'q1', code: 'unknown_kind', detail: kind }])
  })

  it.each<[string, Matter[], AgendaProblem[]]>([
    ['two distinct ids', [resolution('rebuild', { id: 'q1' }), resolution('rebuild', { id: 'q2' })], []],
    [
      'the same id twice',
      [resolution('rebuild', { id: 'q1' }), resolution('other_major', { id: 'q1' })],
      [{ matter: 'q1', code: 'duplicate_matter' }],
    ],
    [
      'a resolution and an election with the same id',
      [resolution('rebuild', { id: 'x' }), election({ id: 'x' })],
      [{ matter: 'x', code: 'duplicate_matter' }],
    ],
    [
      'the same id three times: each repetition reported',
      [resolution('rebuild'), resolution('rebuild'), resolution('rebuild')],
      [
        { matter: 'q1', code: 'duplicate_matter' },
        { matter: 'q1', code: 'duplicate_matter' },
      ],
    ],
  ])('matter ids: %s', (_name, matters, problems) => {
    expect(checkAgenda(matters, LARGE)).toEqual(problems)
  })

  it('an empty agenda has no problems of its own (giving notice refuses it: agenda_empty)', () => {
    expect(checkAgenda([], LARGE)).toEqual([])
  })
})

describe('checkAgenda: rules of procedure may be stricter than art. 278(2), never looser (domain.md §4)', () => {
  const looser = (detail: 'participation' | 'approval'): AgendaProblem[] => [
    { matter: 'q1', code: 'threshold_looser_than_law', detail },
  ]
  const malformed = (detail: 'participation' | 'approval'): AgendaProblem[] => [
    { matter: 'q1', code: 'threshold_malformed', detail },
  ]

  it.each<[string, ResolutionKind, 'participation' | 'approval', Fraction, AgendaProblem[]]>([
    // Participation: the law says 三分之二以上 (at least 2/3).
    ['participation at least 2/3 (the law)', 'other_major', 'participation', frac(2, 3, false), []],
    [
      'participation at least 4/6 (the law, unreduced)',
      'other_major',
      'participation',
      frac(4, 6, false),
      [],
    ],
    ['participation more than 2/3', 'other_major', 'participation', frac(2, 3, true), []],
    ['participation at least 3/4', 'other_major', 'participation', frac(3, 4, false), []],
    [
      'participation at least 3/5',
      'other_major',
      'participation',
      frac(3, 5, false),
      looser('participation'),
    ],
    [
      'participation more than 1/2',
      'other_major',
      'participation',
      frac(1, 2, true),
      looser('participation'),
    ],
    [
      'participation at least 666/1000',
      'other_major',
      'participation',
      frac(666, 1000, false),
      looser('participation'),
    ],
    // Ordinary approval: 过半数 (more than 1/2).
    ['ordinary approval more than 1/2 (the law)', 'other_major', 'approval', frac(1, 2, true), []],
    [
      'ordinary approval more than 2/4 (the law, unreduced)',
      'property_manager',
      'approval',
      frac(2, 4, true),
      [],
    ],
    ['ordinary approval at least 2/3', 'management_covenant', 'approval', frac(2, 3, false), []],
    [
      'ordinary approval at least 1/2 (半数以上: includes exactly half)',
      'other_major',
      'approval',
      frac(1, 2, false),
      looser('approval'),
    ],
    [
      'ordinary approval more than 2/5',
      'rules_of_procedure',
      'approval',
      frac(2, 5, true),
      looser('approval'),
    ],
    // Special approval (六、七、八): 四分之三以上 (at least 3/4).
    ['special approval at least 3/4 (the law)', 'rebuild', 'approval', frac(3, 4, false), []],
    ['special approval more than 3/4', 'raise_maintenance_fund', 'approval', frac(3, 4, true), []],
    ['special approval at least 4/5', 'common_parts_use', 'approval', frac(4, 5, false), []],
    ['special approval at least 2/3', 'rebuild', 'approval', frac(2, 3, false), looser('approval')],
    [
      'special approval more than 1/2 (the ordinary rule)',
      'common_parts_use',
      'approval',
      frac(1, 2, true),
      looser('approval'),
    ],
    [
      'special approval at least 74/100',
      'raise_maintenance_fund',
      'approval',
      frac(74, 100, false),
      looser('approval'),
    ],
    // Malformed fractions.
    ['num equal to den', 'other_major', 'approval', frac(1, 1, false), malformed('approval')],
    ['num greater than den', 'other_major', 'participation', frac(4, 3, false), malformed('participation')],
    ['a zero numerator', 'other_major', 'approval', frac(0, 2, true), malformed('approval')],
    ['a zero denominator', 'other_major', 'participation', frac(2, 0, false), malformed('participation')],
    ['a negative numerator', 'other_major', 'approval', frac(-1, 2, true), malformed('approval')],
    ['a non-integer numerator', 'other_major', 'approval', frac(0.6, 1, false), malformed('approval')],
    [
      'a non-integer denominator',
      'other_major',
      'participation',
      frac(2, 3.5, false),
      malformed('participation'),
    ],
    ['a NaN numerator', 'other_major', 'approval', frac(NaN, 2, true), malformed('approval')],
  ])('%s', (_name, kind, which, f, problems) => {
    expect(checkAgenda([resolution(kind, { [which]: f })], LARGE)).toEqual(problems)
  })

  it('reports both thresholds when both are looser', () => {
    const m = resolution('rebuild', { participation: frac(1, 2, false), approval: frac(1, 2, true) })
    expect(checkAgenda([m], LARGE)).toEqual([
      { matter: 'q1', code: 'threshold_looser_than_law', detail: 'participation' },
      { matter: 'q1', code: 'threshold_looser_than_law', detail: 'approval' },
    ])
  })

  it.each<[string, Fraction, AgendaProblem[]]>([
    ['more than 1/2 (the law for each candidate)', frac(1, 2, true), []],
    ['at least 2/3', frac(2, 3, false), []],
    [
      'at least 1/2',
      frac(1, 2, false),
      [{ matter: 'e1', code: 'threshold_looser_than_law', detail: 'approval' }],
    ],
  ])('an election’s approval %s', (_name, approval, problems) => {
    expect(checkAgenda([election({ approval })], LARGE)).toEqual(problems)
  })
})

describe('committee size: 5 to 11, odd; 3 only for a small estate (指导规则 art. 31; 北京, 上海, 杭州)', () => {
  it('a small estate is at most 100 households or at most 10,000 ㎡', () => {
    expect(SMALL_ESTATE).toEqual({ households: 100, areaCm2: 100_000_000 })
  })

  it.each<[number, AgendaProblem['code'] | null]>([
    [5, null],
    [7, null],
    [9, null],
    [11, null],
    [1, 'seats_invalid'],
    [2, 'seats_invalid'],
    [4, 'seats_invalid'],
    [6, 'seats_invalid'],
    [10, 'seats_invalid'],
    [12, 'seats_invalid'],
    [13, 'seats_invalid'],
    [0, 'seats_invalid'],
    [-5, 'seats_invalid'],
    [5.5, 'seats_invalid'],
    [NaN, 'seats_invalid'],
    [3, 'seats_three_needs_small_estate'],
  ])('%d seats in a large estate → %s', (seats, code) => {
    expect(seatsAllowed(seats, LARGE)).toBe(code)
  })

  it.each<[string, { households: number; areaCm2: number }, AgendaProblem['code'] | null]>([
    ['exactly 100 households, a large area', { households: 100, areaCm2: 80_000 * M2 }, null],
    ['101 households with exactly 10,000 ㎡', { households: 101, areaCm2: 10_000 * M2 }, null],
    [
      '101 households with 10,000 ㎡ and 1 cm²',
      { households: 101, areaCm2: 10_000 * M2 + 1 },
      'seats_three_needs_small_estate',
    ],
    ['100 households with 10,000 ㎡ and 1 cm²', { households: 100, areaCm2: 10_000 * M2 + 1 }, null],
    ['a few households, a small area', { households: 24, areaCm2: 2_400 * M2 }, null],
  ])('3 seats: %s', (_name, estate, code) => {
    expect(seatsAllowed(3, estate)).toBe(code)
  })

  it.each<[number, { households: number; areaCm2: number }, AgendaProblem[]]>([
    [7, LARGE, []],
    [3, { households: 100, areaCm2: LARGE.areaCm2 }, []],
    [3, LARGE, [{ matter: 'e1', code: 'seats_three_needs_small_estate' }]],
    [4, LARGE, [{ matter: 'e1', code: 'seats_invalid' }]],
    [13, LARGE, [{ matter: 'e1', code: 'seats_invalid' }]],
    [1, { households: 10, areaCm2: 1_000 * M2 }, [{ matter: 'e1', code: 'seats_invalid' }]],
  ])('checkAgenda with %i seats', (seats, estate, problems) => {
    expect(checkAgenda([election({ seats })], estate)).toEqual(problems)
  })
})

describe('the minimum of elected members: the statutory one or higher, never lower (domain.md §5; 杭州 art. 27)', () => {
  const SMALL = { households: 24, areaCm2: 2_400 * M2 }
  const below = (detail: string): AgendaProblem[] => [{ matter: 'e1', code: 'min_members_below_law', detail }]

  it.each<[string, { households: number; areaCm2: number }, number, number | undefined, AgendaProblem[]]>([
    ['a large estate, 5 seats, no minimum set (the law’s applies)', LARGE, 5, undefined, []],
    ['a large estate, 5 seats, minimum 5 (the law)', LARGE, 5, 5, []],
    ['a large estate, 5 seats, minimum 4', LARGE, 5, 4, below('4 < 5')],
    ['a large estate, 7 seats, minimum 6 (higher than the law)', LARGE, 7, 6, []],
    ['a large estate, 7 seats, minimum 4', LARGE, 7, 4, below('4 < 5')],
    ['a large estate, 9 seats, minimum 1', LARGE, 9, 1, below('1 < 5')],
    ['a small estate, 3 seats, minimum 3 (the law)', SMALL, 3, 3, []],
    ['a small estate, 3 seats, minimum 2', SMALL, 3, 2, below('2 < 3')],
    ['a small estate, 5 seats, minimum 3 (3 whatever the seats)', SMALL, 5, 3, []],
    ['a small estate, 5 seats, minimum 2', SMALL, 5, 2, below('2 < 3')],
    // Small by households: at most 100, whatever the area.
    [
      'exactly 100 households, a large area, minimum 3',
      { households: 100, areaCm2: LARGE.areaCm2 },
      5,
      3,
      [],
    ],
    [
      '101 households, a large area, minimum 3',
      { households: 101, areaCm2: LARGE.areaCm2 },
      5,
      3,
      below('3 < 5'),
    ],
    ['101 households, a large area, minimum 5', { households: 101, areaCm2: LARGE.areaCm2 }, 5, 5, []],
    // Small by area: at most 10,000 ㎡, whatever the households.
    ['exactly 10,000 ㎡, many households, minimum 3', { households: 800, areaCm2: 10_000 * M2 }, 5, 3, []],
    [
      '10,000 ㎡ and 1 cm², many households, minimum 3',
      { households: 800, areaCm2: 10_000 * M2 + 1 },
      5,
      3,
      below('3 < 5'),
    ],
    [
      '10,000 ㎡ and 1 cm², many households, minimum 4',
      { households: 800, areaCm2: 10_000 * M2 + 1 },
      5,
      4,
      below('4 < 5'),
    ],
    [
      '3 seats in a large estate, minimum 3: both refused',
      LARGE,
      3,
      3,
      [{ matter: 'e1', code: 'seats_three_needs_small_estate' }, ...below('3 < 5')],
    ],
  ])('%s', (_name, estate, seats, minMembers, problems) => {
    const m = minMembers === undefined ? election({ seats }) : election({ seats, minMembers })
    expect(checkAgenda([m], estate)).toEqual(problems)
  })

  it.each<[string, { households: number; areaCm2: number }, 3 | 5]>([
    ['exactly 100 households', { households: 100, areaCm2: LARGE.areaCm2 }, 3],
    ['101 households', { households: 101, areaCm2: LARGE.areaCm2 }, 5],
    ['exactly 10,000 ㎡', { households: 800, areaCm2: 10_000 * M2 }, 3],
    ['10,000 ㎡ and 1 cm²', { households: 800, areaCm2: 10_000 * M2 + 1 }, 5],
  ])('the statutory minimum with %s is %i', (_name, estate, floor) => {
    expect(statutoryMinMembers(estate)).toBe(floor)
  })
})

describe('alternates cap (候补): from 0 to the number of seats (domain.md §5)', () => {
  it.each<[number | undefined, AgendaProblem[]]>([
    [undefined, []],
    [0, []],
    [1, []],
    [5, []],
    [6, [{ matter: 'e1', code: 'alternates_cap_invalid' }]],
    [-1, [{ matter: 'e1', code: 'alternates_cap_invalid' }]],
    [2.5, [{ matter: 'e1', code: 'alternates_cap_invalid' }]],
  ])('5 seats, a cap of %s', (alternatesCap, problems) => {
    const m = alternatesCap === undefined ? election() : election({ alternatesCap })
    expect(checkAgenda([m], LARGE)).toEqual(problems)
  })
})

describe('candidates (domain.md §5; 上海 art. 20)', () => {
  it('refuses an election without candidates', () => {
    expect(checkAgenda([election({ candidates: [] })], LARGE)).toEqual([
      { matter: 'e1', code: 'too_few_candidates' },
    ])
  })

  it('accepts fewer candidates than seats (the remaining seats stay vacant)', () => {
    expect(checkAgenda([election({ candidates: [{ id: 'c1', name: '甲' }] })], LARGE)).toEqual([])
  })

  it('refuses a candidate listed twice', () => {
    const candidates = [
      { id: 'c1', name: '甲' },
      { id: 'c2', name: '乙' },
      { id: 'c1', name: '甲' },
    ]
    expect(checkAgenda([election({ candidates })], LARGE)).toEqual([
      { matter: 'e1', code: 'candidate_duplicate' },
    ])
  })

  it.each<[keyof Eligibility]>([['isOwner'], ['fullCapacity'], ['noArrears'], ['notPropertyStaff']])(
    'reports a candidate failing %s with the candidate id and the check',
    (check) => {
      const eligibility = [ELIGIBLE, { ...ELIGIBLE, [check]: false }, ELIGIBLE]
      const candidates = ['c1', 'c2', 'c3'].map((id) => ({ id, name: id }))
      expect(checkAgenda([election({ candidates, eligibility })], LARGE)).toEqual([
        { matter: 'e1', code: 'candidate_ineligible', detail: `c2: ${check}` },
      ])
    },
  )

  it('reports every failed check of every ineligible candidate', () => {
    const candidates = ['c1', 'c2', 'c3'].map((id) => ({ id, name: id }))
    const eligibility: Eligibility[] = [
      { isOwner: false, fullCapacity: true, noArrears: false, notPropertyStaff: true },
      ELIGIBLE,
      { isOwner: true, fullCapacity: false, noArrears: true, notPropertyStaff: false },
    ]
    expect(checkAgenda([election({ candidates, eligibility })], LARGE)).toEqual([
      { matter: 'e1', code: 'candidate_ineligible', detail: 'c1: isOwner, noArrears' },
      { matter: 'e1', code: 'candidate_ineligible', detail: 'c3: fullCapacity, notPropertyStaff' },
    ])
  })

  it('accepts candidates who pass every check', () => {
    const candidates = ['c1', 'c2'].map((id) => ({ id, name: id }))
    expect(checkAgenda([election({ candidates, eligibility: [ELIGIBLE, ELIGIBLE] })], LARGE)).toEqual([])
  })

  it.each<[string, Eligibility, (keyof Eligibility)[]]>([
    ['an eligible candidate', ELIGIBLE, []],
    ['a non-owner', { ...ELIGIBLE, isOwner: false }, ['isOwner']],
    [
      'a staff member in arrears',
      { ...ELIGIBLE, noArrears: false, notPropertyStaff: false },
      ['noArrears', 'notPropertyStaff'],
    ],
    [
      'a candidate failing everything',
      { isOwner: false, fullCapacity: false, noArrears: false, notPropertyStaff: false },
      ['isOwner', 'fullCapacity', 'noArrears', 'notPropertyStaff'],
    ],
  ])('failedChecks of %s', (_name, e, failed) => {
    expect(failedChecks(e)).toEqual(failed)
  })
})

describe('scope (上海 art. 69): a scoped matter names part of the estate', () => {
  it.each<[string, Matter['scope'], AgendaProblem[]]>([
    ['one building', { buildings: ['2号楼'] }, []],
    ['some units', { units: ['2-101', '2-102'] }, []],
    ['an empty scope', {}, [{ matter: 'q1', code: 'scope_empty' }]],
    ['empty lists', { buildings: [], units: [] }, [{ matter: 'q1', code: 'scope_empty' }]],
  ])('%s', (_name, scope, problems) => {
    expect(checkAgenda([resolution('rebuild', { scope })], LARGE)).toEqual(problems)
  })
})

describe('checkAgenda reports every problem of every matter', () => {
  it('collects problems across matters in order', () => {
    const matters: Matter[] = [
      resolution('rebuild', { id: 'q1', approval: frac(2, 3, false) }),
      { id: 'q2', kind: 'elect_mayor', title: 'x' } as unknown as Matter,
      election({ id: 'e1', seats: 4, alternatesCap: 6, candidates: [] }),
      resolution('other_major', { id: 'q1' }),
    ]
    expect(checkAgenda(matters, LARGE)).toEqual([
      { matter: 'q1', code: 'threshold_looser_than_law', detail: 'approval' },
      { matter: 'q2', code: 'unknown_kind', detail: 'elect_mayor' },
      { matter: 'e1', code: 'seats_invalid' },
      { matter: 'e1', code: 'alternates_cap_invalid' },
      { matter: 'e1', code: 'too_few_candidates' },
      { matter: 'q1', code: 'duplicate_matter' },
    ])
  })
})
