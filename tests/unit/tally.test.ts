import { describe, expect, it } from 'vitest'
import type { Choice, Fraction, Matter, ResolutionKind, ResolutionResult } from '../../server/domain/bundle'
import { validateBundle } from '../../server/domain/bundle-validate'
import { computeResults } from '../../server/domain/results'
import { tallyResolution, TallyError } from '../../server/domain/tally'
import { atLeastAsStrict, lawRule } from '../../server/domain/thresholds'
import { deriveElectorate } from '../../server/domain/voting-rights'
import {
  asJson,
  ballot,
  ballotsOf,
  bundleOf,
  electorateOf,
  flats,
  resolution,
  unit,
} from '../support/bundles'

const Y: Choice = 'yes'
const N: Choice = 'no'
const A: Choice = 'abstain'
const X: Choice = { invalid: '两处勾选' }
const _ = undefined

function run(areas: number[], choices: (Choice | undefined)[], matter: Matter): ResolutionResult {
  const e = electorateOf(areas)
  return tallyResolution(e, matter as Extract<Matter, { kind: ResolutionKind }>, ballotsOf(e, choices))
}

interface Case {
  name: string
  kind?: ResolutionKind
  approval?: Fraction
  participation?: Fraction
  /** Area in cm² of voter i (one flat, one owner each). */
  areas: number[]
  /** Voter i's choice; _ = did not take part. */
  choices: (Choice | undefined)[]
  participationMet: boolean
  areaMet: boolean
  headsMet: boolean
  outcome: ResolutionResult['outcome']
}

// 民法典 art. 278(2) with art. 1259 ("以上" includes the number itself; "过半数" is strictly more than half).
const cases: Case[] = [
  // Participation: 3·Pa ≥ 2·Ta and 3·Ph ≥ 2·Th.
  {
    name: 'exactly 2/3 of the area and of the heads take part: quorum',
    areas: [100, 100, 100],
    choices: [Y, Y, _],
    participationMet: true,
    areaMet: true,
    headsMet: true,
    outcome: 'passed',
  },
  {
    name: 'one cm² below 2/3 of the area takes part (199/300), heads at 2/3: no quorum',
    areas: [100, 99, 101],
    choices: [Y, Y, _],
    participationMet: false,
    areaMet: true,
    headsMet: true,
    outcome: 'no_quorum',
  },
  {
    name: 'exactly 2/3 of the heads (4/6) with most of the area: quorum',
    areas: [200, 200, 200, 1, 1, 1],
    choices: [Y, Y, Y, Y, _, _],
    participationMet: true,
    areaMet: true,
    headsMet: true,
    outcome: 'passed',
  },
  {
    name: 'one head below 2/3 (3/6) though 600/603 of the area takes part: no quorum',
    areas: [200, 200, 200, 1, 1, 1],
    choices: [Y, Y, Y, _, _, _],
    participationMet: false,
    areaMet: true,
    headsMet: true,
    outcome: 'no_quorum',
  },
  {
    name: 'nobody takes part: no quorum, nothing approved',
    areas: [100, 100],
    choices: [_, _],
    participationMet: false,
    areaMet: false,
    headsMet: false,
    outcome: 'no_quorum',
  },
  // Ordinary approval (过半数): 2·Ya > Pa and 2·Yh > Ph.
  {
    name: 'exactly half of the area and of the heads approve: rejected',
    areas: [100, 100, 100, 100],
    choices: [Y, Y, N, N],
    participationMet: true,
    areaMet: false,
    headsMet: false,
    outcome: 'rejected',
  },
  {
    name: 'half plus one head (3 of 4) with more than half of the area (301/400): passed',
    areas: [100, 100, 101, 99],
    choices: [Y, Y, Y, N],
    participationMet: true,
    areaMet: true,
    headsMet: true,
    outcome: 'passed',
  },
  {
    name: 'half plus one cm² of the area (151/300) with 2 of 3 heads: passed',
    areas: [100, 51, 149],
    choices: [Y, Y, N],
    participationMet: true,
    areaMet: true,
    headsMet: true,
    outcome: 'passed',
  },
  {
    name: 'exactly half of the area (150/300) with 2 of 3 heads: rejected on area',
    areas: [100, 50, 150],
    choices: [Y, Y, N],
    participationMet: true,
    areaMet: false,
    headsMet: true,
    outcome: 'rejected',
  },
  {
    name: 'area passes (500/700) while heads fail (1/3): rejected',
    areas: [500, 100, 100],
    choices: [Y, N, N],
    participationMet: true,
    areaMet: true,
    headsMet: false,
    outcome: 'rejected',
  },
  {
    name: 'heads pass (2/3) while area fails (200/700): rejected',
    areas: [100, 100, 500],
    choices: [Y, Y, N],
    participationMet: true,
    areaMet: false,
    headsMet: true,
    outcome: 'rejected',
  },
  // Special approval (六、七、八: 四分之三以上): 4·Ya ≥ 3·Pa and 4·Yh ≥ 3·Ph.
  {
    name: 'special matter, exactly 3/4 of the area and heads approve: passed',
    kind: 'raise_maintenance_fund',
    areas: [100, 100, 100, 100],
    choices: [Y, Y, Y, N],
    participationMet: true,
    areaMet: true,
    headsMet: true,
    outcome: 'passed',
  },
  {
    name: 'special matter, one cm² below 3/4 of the area (299/400): rejected',
    kind: 'rebuild',
    areas: [100, 100, 99, 101],
    choices: [Y, Y, Y, N],
    participationMet: true,
    areaMet: false,
    headsMet: true,
    outcome: 'rejected',
  },
  {
    name: 'special matter, one head below 3/4 (5/8) with 3/4 of the area: rejected',
    kind: 'common_parts_use',
    areas: [200, 200, 200, 200, 200, 1, 1, 1],
    choices: [Y, Y, Y, Y, Y, N, N, N],
    participationMet: true,
    areaMet: true,
    headsMet: false,
    outcome: 'rejected',
  },
  {
    name: 'special matter, 2/3 approve: rejected (the same split passes an ordinary matter)',
    kind: 'raise_maintenance_fund',
    areas: [100, 100, 100],
    choices: [Y, Y, N],
    participationMet: true,
    areaMet: false,
    headsMet: false,
    outcome: 'rejected',
  },
  // Abstentions and invalid choices take part (count in P) without approving (not in Y).
  {
    name: 'abstentions make the quorum but not the majority: 2 yes, 2 abstain of 6 → rejected',
    areas: [100, 100, 100, 100, 100, 100],
    choices: [Y, Y, A, A, _, _],
    participationMet: true,
    areaMet: false,
    headsMet: false,
    outcome: 'rejected',
  },
  {
    name: 'invalid choices take part without approving: 2 yes, 1 no, 1 invalid → rejected',
    areas: [100, 100, 100, 100],
    choices: [Y, Y, N, X],
    participationMet: true,
    areaMet: false,
    headsMet: false,
    outcome: 'rejected',
  },
  {
    name: 'without the abstainers there is no quorum: 2 yes of 6',
    areas: [100, 100, 100, 100, 100, 100],
    choices: [Y, Y, _, _, _, _],
    participationMet: false,
    areaMet: true,
    headsMet: true,
    outcome: 'no_quorum',
  },
  // Stricter rules of procedure.
  {
    name: 'a 2/3 approval override: exactly 2/3 passes',
    kind: 'management_covenant',
    approval: { num: 2, den: 3, strict: false },
    areas: [100, 100, 100],
    choices: [Y, Y, N],
    participationMet: true,
    areaMet: true,
    headsMet: true,
    outcome: 'passed',
  },
  {
    name: 'a 2/3 approval override: 3/5 would pass under the law but is rejected',
    kind: 'management_covenant',
    approval: { num: 2, den: 3, strict: false },
    areas: [100, 100, 100, 100, 100],
    choices: [Y, Y, Y, N, N],
    participationMet: true,
    areaMet: false,
    headsMet: false,
    outcome: 'rejected',
  },
  {
    name: 'a "more than 2/3" participation override: exactly 2/3 is no longer a quorum',
    participation: { num: 2, den: 3, strict: true },
    areas: [100, 100, 100],
    choices: [Y, Y, _],
    participationMet: false,
    areaMet: true,
    headsMet: true,
    outcome: 'no_quorum',
  },
  {
    name: 'a 3/4 participation override: 3/4 of area and heads is a quorum',
    participation: { num: 3, den: 4, strict: false },
    areas: [100, 100, 100, 100],
    choices: [Y, Y, N, _],
    participationMet: true,
    areaMet: true,
    headsMet: true,
    outcome: 'passed',
  },
]

describe('tallyResolution: the thresholds of 民法典 art. 278', () => {
  it.each(cases)('$name', (c) => {
    const matter = resolution(c.kind ?? 'other_major', {
      ...(c.approval ? { approval: c.approval } : {}),
      ...(c.participation ? { participation: c.participation } : {}),
    })
    const r = run(c.areas, c.choices, matter)
    expect({
      participationMet: r.participation.met,
      areaMet: r.approval.areaMet,
      headsMet: r.approval.headsMet,
      outcome: r.outcome,
    }).toEqual({
      participationMet: c.participationMet,
      areaMet: c.areaMet,
      headsMet: c.headsMet,
      outcome: c.outcome,
    })
  })

  it('reports the tally, participation and electorate in exact integers', () => {
    const r = run(
      [1_439_000, 1_552_700, 1_439_000, 900_001, 5],
      [Y, N, A, X, _],
      resolution('rules_of_procedure'),
    )
    expect(r).toEqual({
      matter: 'q1',
      kind: 'rules_of_procedure',
      rule: {
        participation: { num: 2, den: 3, strict: false },
        approval: { num: 1, den: 2, strict: true },
      },
      electorate: { areaCm2: 5_330_706, heads: 5 },
      participation: { areaCm2: 5_330_701, heads: 4, met: true },
      tally: {
        yes: { areaCm2: 1_439_000, heads: 1 },
        no: { areaCm2: 1_552_700, heads: 1 },
        abstain: { areaCm2: 1_439_000, heads: 1 },
        invalid: { areaCm2: 900_001, heads: 1 },
      },
      approval: { areaMet: false, headsMet: false },
      outcome: 'rejected',
      deemed: null,
    })
  })

  it('still reports the tally and the approval when there is no quorum', () => {
    const r = run([100, 100, 100, 100], [Y, _, _, _], resolution('rules_of_procedure'))
    expect(r.outcome).toBe('no_quorum')
    expect(r.tally.yes).toEqual({ areaCm2: 100, heads: 1 })
    expect(r.approval).toEqual({ areaMet: true, headsMet: true })
  })

  it('stays exact where floating point would not: areas near the safe-integer limit', () => {
    // 3·Pa and 2·Ta exceed 2^53 here; the comparison is done in BigInt, so exactly 2/3 still holds.
    const big = 2 ** 51
    const r = run([big, big, big], [Y, Y, _], resolution('other_major'))
    expect(r.participation.met).toBe(true)
    expect(r.outcome).toBe('passed')
  })

  it('refuses a ballot for a voter outside the electorate, and a second ballot for one voter', () => {
    const e = electorateOf([100, 100])
    const m = resolution('other_major') as Extract<Matter, { kind: ResolutionKind }>
    expect(() => tallyResolution(e, m, [{ voter: 'owners:["nobody"]', choice: 'yes' }])).toThrow(TallyError)
    const [b] = ballotsOf(e, [Y])
    expect(() => tallyResolution(e, m, [b!, b!])).toThrow(/two ballots/)
  })
})

describe('the law rule of each kind of matter (art. 278(1) items 一 to 九)', () => {
  const special = { num: 3, den: 4, strict: false }
  const ordinary = { num: 1, den: 2, strict: true }
  it.each<[string, Fraction]>([
    ['rules_of_procedure', ordinary],
    ['management_covenant', ordinary],
    ['elect_committee', ordinary],
    ['property_manager', ordinary],
    ['use_maintenance_fund', ordinary],
    ['raise_maintenance_fund', special],
    ['rebuild', special],
    ['common_parts_use', special],
    ['other_major', ordinary],
  ])('%s needs %j of those taking part, after a 2/3 participation', (kind, approval) => {
    expect(lawRule(kind as ResolutionKind)).toEqual({
      participation: { num: 2, den: 3, strict: false },
      approval,
    })
  })
})

describe('overrides by the rules of procedure: stricter only', () => {
  it.each<[string, Fraction, Fraction, boolean]>([
    [
      'more than half for more than half (the law itself)',
      { num: 1, den: 2, strict: true },
      { num: 1, den: 2, strict: true },
      true,
    ],
    [
      'at least 2/3 for more than half',
      { num: 2, den: 3, strict: false },
      { num: 1, den: 2, strict: true },
      true,
    ],
    [
      'at least half for more than half',
      { num: 1, den: 2, strict: false },
      { num: 1, den: 2, strict: true },
      false,
    ],
    [
      'at least 2/4 for more than half',
      { num: 2, den: 4, strict: false },
      { num: 1, den: 2, strict: true },
      false,
    ],
    [
      'more than 2/4 for more than half',
      { num: 2, den: 4, strict: true },
      { num: 1, den: 2, strict: true },
      true,
    ],
    [
      'at least 3/4 for at least 3/4',
      { num: 3, den: 4, strict: false },
      { num: 3, den: 4, strict: false },
      true,
    ],
    [
      'more than 3/4 for at least 3/4',
      { num: 3, den: 4, strict: true },
      { num: 3, den: 4, strict: false },
      true,
    ],
    [
      'at least 2/3 for at least 3/4',
      { num: 2, den: 3, strict: false },
      { num: 3, den: 4, strict: false },
      false,
    ],
    [
      'at least 4/5 for at least 3/4',
      { num: 4, den: 5, strict: false },
      { num: 3, den: 4, strict: false },
      true,
    ],
    [
      'at least 1/2 participation for at least 2/3',
      { num: 1, den: 2, strict: false },
      { num: 2, den: 3, strict: false },
      false,
    ],
  ])('%s → allowed: %s', (_name, candidate, law, allowed) => {
    expect(atLeastAsStrict(candidate, law)).toBe(allowed)
  })

  function matterProblems(matter: Record<string, unknown>) {
    const v = validateBundle(
      asJson(bundleOf({ units: flats([100]), matters: [matter as unknown as Matter], ballots: [] })),
    )
    return v.ok ? [] : v.problems.map((p) => `${p.path} ${p.code}`)
  }

  it('refuses a looser approval for an ordinary matter ("at least half")', () => {
    expect(
      matterProblems({
        id: 'q1',
        kind: 'management_covenant',
        title: 't',
        approval: { num: 1, den: 2, strict: false },
      }),
    ).toEqual(['matters[0].approval looser_than_law'])
  })

  it('refuses a 2/3 approval for a special matter, which needs 3/4', () => {
    expect(
      matterProblems({ id: 'q1', kind: 'rebuild', title: 't', approval: { num: 2, den: 3, strict: false } }),
    ).toEqual(['matters[0].approval looser_than_law'])
  })

  it('refuses a looser participation (half instead of 2/3)', () => {
    expect(
      matterProblems({
        id: 'q1',
        kind: 'other_major',
        title: 't',
        participation: { num: 1, den: 2, strict: false },
      }),
    ).toEqual(['matters[0].participation looser_than_law'])
  })

  it('accepts a stricter approval and a stricter participation, and reports them as the rule', () => {
    const matter = {
      id: 'q1',
      kind: 'rebuild',
      title: 't',
      approval: { num: 4, den: 5, strict: false },
      participation: { num: 3, den: 4, strict: false },
    } as const
    expect(matterProblems(matter)).toEqual([])
    const [r] = computeResults(bundleOf({ units: flats([100]), matters: [matter], ballots: [] }))
    expect(r).toMatchObject({ rule: { approval: matter.approval, participation: matter.participation } })
  })
})

describe('voters of a matter: grouping, parking and scope (results-bundle.md rule 1)', () => {
  it('counts all developer-held units as one voter, with their areas summed', () => {
    const units = [
      unit('1', 100, [], { developerHeld: true }),
      unit('2', 200, ['listed-buyer'], { developerHeld: true }),
      unit('3', 300, ['o3']),
    ]
    const b = bundleOf({ units, matters: [resolution('other_major')], ballots: [ballot('2', { q1: 'yes' })] })
    const [r] = computeResults(b)
    expect(r?.electorate).toEqual({ areaCm2: 600, heads: 2 })
    expect(r?.participation).toEqual({ areaCm2: 300, heads: 1, met: false })
  })

  it('counts an owner of several units once, with the summed area; co-owners A+B and A alone are two voters', () => {
    const units = [
      unit('1', 100, ['A']),
      unit('2', 200, ['A']),
      unit('3', 400, ['A', 'B']),
      unit('4', 50, ['C']),
    ]
    const b = bundleOf({
      units,
      matters: [resolution('other_major')],
      ballots: [ballot('2', { q1: 'yes' }), ballot('3', { q1: 'yes' })],
    })
    const [r] = computeResults(b) as ResolutionResult[]
    expect(r?.electorate).toEqual({ areaCm2: 750, heads: 3 })
    expect(r?.tally.yes).toEqual({ areaCm2: 700, heads: 2 })
    expect(r?.outcome).toBe('passed')
  })

  it.each([
    [false, { areaCm2: 300, heads: 2 }],
    [true, { areaCm2: 315, heads: 3 }],
  ])('with countParking %s the electorate is %j', (countParking, electorate) => {
    const units = [unit('1', 100, ['A']), unit('2', 200, ['B']), unit('P1', 15, ['C'], { kind: 'parking' })]
    const b = bundleOf({
      units,
      matters: [resolution('other_major')],
      ballots: [],
      settings: { countParking },
    })
    expect(computeResults(b)[0]?.electorate).toEqual(electorate)
  })

  it('a parking space adds its area to its owner’s voter only when parking counts', () => {
    const units = [unit('1', 100, ['A']), unit('P1', 15, ['A'], { kind: 'parking' })]
    const off = deriveElectorate(units, { countParking: false })
    const on = deriveElectorate(units, { countParking: true })
    expect([off.totals, on.totals]).toEqual([
      { areaCm2: 100, heads: 1 },
      { areaCm2: 115, heads: 1 },
    ])
  })

  it('a scoped matter has the electorate, totals and thresholds of its part alone', () => {
    const units = [
      unit('1-101', 100, ['A'], { building: '1号楼' }),
      unit('3-101', 100, ['B'], { building: '3号楼' }),
      unit('3-102', 100, ['C'], { building: '3号楼' }),
      unit('3-103', 100, ['A'], { building: '3号楼' }),
    ]
    const scoped = resolution('use_maintenance_fund', { scope: { buildings: ['3号楼'] } })
    // A owns in both buildings; in the scoped matter A carries only the building-3 area.
    const b = bundleOf({
      units,
      matters: [scoped],
      ballots: [ballot('1-101', { q1: 'yes' }), ballot('3-102', { q1: 'yes' })],
    })
    const [r] = computeResults(b) as ResolutionResult[]
    expect(r?.electorate).toEqual({ areaCm2: 300, heads: 3 })
    expect(r?.participation).toEqual({ areaCm2: 200, heads: 2, met: true })
    expect(r?.outcome).toBe('passed')
  })

  it('a matter scoped to a list of units counts those units only', () => {
    const units = flats([100, 200, 300])
    const b = bundleOf({
      units,
      matters: [resolution('other_major', { scope: { units: ['u0', 'u2'] } })],
      ballots: [ballot('u2', { q1: 'no' })],
    })
    expect(computeResults(b)[0]?.electorate).toEqual({ areaCm2: 400, heads: 2 })
  })
})

describe('deemed consent (视为同意, rule 5)', () => {
  const units = flats([100, 100, 100, 100, 100, 100])

  it('is off by default: deemed is null', () => {
    const b = bundleOf({
      units,
      matters: [resolution('other_major')],
      ballots: [ballot('u0', { q1: 'yes' })],
    })
    expect((computeResults(b)[0] as ResolutionResult).deemed).toBeNull()
  })

  it('adds served non-voters to yes when the approval held among those who took part; the strict result stays of record', () => {
    const b = bundleOf({
      units,
      matters: [resolution('other_major')],
      ballots: [ballot('u0', { q1: 'yes' }), ballot('u1', { q1: 'yes' }), ballot('u2', { q1: 'no' })],
      settings: { deemedConsent: true },
      served: ['u0', 'u3', 'u4'],
    })
    const r = computeResults(b)[0] as ResolutionResult
    expect(r.outcome).toBe('no_quorum')
    expect(r.deemed).toEqual({
      voters: { areaCm2: 200, heads: 2 },
      countedAs: 'yes',
      participation: { areaCm2: 500, heads: 5, met: true },
      tally: {
        yes: { areaCm2: 400, heads: 4 },
        no: { areaCm2: 100, heads: 1 },
        abstain: { areaCm2: 0, heads: 0 },
        invalid: { areaCm2: 0, heads: 0 },
      },
      approval: { areaMet: true, headsMet: true },
      outcome: 'passed',
    })
  })

  it('adds them to no when the approval failed among those who took part', () => {
    const b = bundleOf({
      units,
      matters: [resolution('other_major')],
      ballots: [ballot('u0', { q1: 'yes' }), ballot('u1', { q1: 'no' }), ballot('u2', { q1: 'abstain' })],
      settings: { deemedConsent: true },
      served: ['u3', 'u4', 'u5'],
    })
    const r = computeResults(b)[0] as ResolutionResult
    expect(r.deemed?.countedAs).toBe('no')
    expect(r.deemed?.tally.no).toEqual({ areaCm2: 400, heads: 4 })
    expect(r.deemed?.outcome).toBe('rejected')
  })

  it('deems only served voters of the matter’s electorate', () => {
    const b = bundleOf({
      units: [...flats([100, 100, 100]), unit('x', 100, ['X'], { building: '2号楼' })],
      matters: [resolution('other_major', { scope: { buildings: ['1号楼'] } })],
      ballots: [ballot('u0', { q1: 'yes' })],
      settings: { deemedConsent: true },
      served: ['u1', 'x'],
    })
    expect((computeResults(b)[0] as ResolutionResult).deemed?.voters).toEqual({ areaCm2: 100, heads: 1 })
  })
})
