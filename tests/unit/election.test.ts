import { describe, expect, it } from 'vitest'
import type { ElectionChoice, ElectionMatter, ElectionResult } from '../../server/domain/bundle'
import { computeResults } from '../../server/domain/results'
import { checkElectionChoice, tallyElection, type TallyOptions } from '../../server/domain/tally'
import { ballotsOf, bundleOf, election, electorateOf, flats, ballot } from '../support/bundles'

/** Voters of equal area 100 unless given; choices[i] is voter i's ballot for the election. */
function elect(
  choices: (ElectionChoice | undefined)[],
  matter: Partial<ElectionMatter> = {},
  opts: TallyOptions & { areas?: number[] } = {},
): ElectionResult {
  const e = electorateOf(opts.areas ?? choices.map(() => 100))
  return tallyElection(e, election(matter), ballotsOf(e, choices), opts)
}

const byId = (r: ElectionResult) => Object.fromEntries(r.candidates.map((c) => [c.id, c]))

describe('tallyElection: which choices count (rule 4, domain.md §5)', () => {
  it.each<[string, ElectionChoice, string]>([
    ['more candidates than seats', ['c1', 'c2', 'c3'], 'approves 3 candidates for 2 seats'],
    ['a repeated candidate', ['c1', 'c1'], 'candidate "c1" approved twice'],
    ['an unknown candidate', ['c1', 'c99'], 'unknown candidate "c99"'],
    ['a choice recorded invalid on paper', { invalid: '两处勾选' }, '两处勾选'],
  ])('a ballot with %s is invalid: it takes part and approves nobody', (_name, choice, reason) => {
    const m = election({ seats: 2 })
    expect(checkElectionChoice(m, choice)).toEqual({ valid: false, reason })
    const r = elect([choice, ['c2'], ['c2'], undefined], { seats: 2 })
    expect(r.participation).toEqual({ areaCm2: 300, heads: 3, met: true })
    expect(r.invalid).toEqual({ areaCm2: 100, heads: 1 })
    expect(byId(r).c1).toEqual({ id: 'c1', areaCm2: 0, heads: 0, qualified: false })
    expect(byId(r).c2).toEqual({ id: 'c2', areaCm2: 200, heads: 2, qualified: true })
  })

  it('a ballot approving exactly `seats` candidates is valid', () => {
    expect(checkElectionChoice(election({ seats: 2 }), ['c2', 'c1'])).toEqual({
      valid: true,
      candidates: ['c2', 'c1'],
    })
  })

  it('an empty approval list takes part and approves nobody, and is not invalid', () => {
    const r = elect([[], ['c1'], ['c1']], { seats: 1 })
    expect(r.participation.heads).toBe(3)
    expect(r.invalid.heads).toBe(0)
    expect(byId(r).c1?.heads).toBe(2)
  })
})

describe('tallyElection: qualification by double majority of those taking part', () => {
  it('a candidate with exactly half of the heads does not qualify; half plus one does', () => {
    const r = elect([['c1', 'c2'], ['c1', 'c2'], ['c2'], ['c3']], { seats: 2 })
    expect(byId(r).c1?.qualified).toBe(false) // 2 of 4
    expect(byId(r).c2?.qualified).toBe(true) // 3 of 4
  })

  it('a majority of the heads without a majority of the area does not qualify, nor the reverse', () => {
    const r = elect([['c1'], ['c1'], ['c2']], { seats: 2 }, { areas: [100, 100, 500] })
    expect(byId(r).c1).toMatchObject({ heads: 2, areaCm2: 200, qualified: false })
    expect(byId(r).c2).toMatchObject({ heads: 1, areaCm2: 500, qualified: false })
    expect(r.outcome).toBe('none_elected')
  })

  it('invalid ballots count in the denominator of every candidate', () => {
    // c1 has 2 of 4 participants once the over-voting ballot is counted: not more than half.
    const r = elect([['c1'], ['c1'], ['c2'], ['c1', 'c2', 'c3']], { seats: 2 })
    expect(byId(r).c1?.qualified).toBe(false)
  })
})

describe('tallyElection: seats, ranking, ties, alternates', () => {
  it('elects the top candidates by heads, then by area', () => {
    // c1 4 heads (401 cm²); c2 3 heads (300 cm²); c3 3 heads (301 cm²): c3 outranks c2 on area.
    const r = elect(
      [
        ['c1', 'c2'],
        ['c1', 'c2'],
        ['c2', 'c3'],
        ['c1', 'c3'],
        ['c1', 'c3'],
      ],
      { seats: 2 },
      { areas: [100, 100, 100, 101, 100] },
    )
    expect(r.elected).toEqual(['c1', 'c3'])
    expect(r.alternates).toEqual(['c2'])
    expect(r.tied).toEqual([])
    expect(r.vacantSeats).toBe(0)
    expect(r.committeeValid).toBe(true)
    expect(r.outcome).toBe('elected')
  })

  it('ranks by area, then heads, when electionRankBy is "area"', () => {
    // c1 4 heads, 950 cm²; c2 5 heads, 1,100 cm²; c3 5 heads, 750 cm² — all qualified (of 7 heads, 1,400 cm²).
    const choices: ElectionChoice[] = [
      ['c1', 'c2'],
      ['c1', 'c3'],
      ['c2', 'c3'],
      ['c1', 'c3'],
      ['c1', 'c2'],
      ['c2', 'c3'],
      ['c2', 'c3'],
    ]
    const areas = [500, 150, 150, 150, 150, 150, 150]
    const byHeads = elect(choices, { seats: 2 }, { areas })
    const byArea = elect(choices, { seats: 2 }, { areas, electionRankBy: 'area' })
    expect([byHeads.elected, byHeads.alternates]).toEqual([['c2', 'c3'], ['c1']])
    expect([byArea.elected, byArea.alternates]).toEqual([['c2', 'c1'], ['c3']])
  })

  it('never breaks a tie on both keys across the last seat: the tied are listed, a run-off is needed', () => {
    // c1 6 of 7 heads; c2 and c3 4 heads and 400 cm² each, both qualified: they tie for the second seat.
    const r = elect(
      [
        ['c1', 'c2'],
        ['c1', 'c3'],
        ['c1', 'c2'],
        ['c1', 'c3'],
        ['c2', 'c3'],
        ['c1', 'c2'],
        ['c1', 'c3'],
      ],
      { seats: 2, minMembers: 1 },
    )
    expect(r.elected).toEqual(['c1'])
    expect(r.tied).toEqual(['c2', 'c3'])
    expect(r.alternates).toEqual([])
    expect(r.vacantSeats).toBe(0)
    expect(r.outcome).toBe('partially_elected')
    expect(r.committeeValid).toBe(false) // 1 elected is not more than half of 2 seats
  })

  it('a tie across the first seat elects nobody and leaves the seats to the run-off', () => {
    const r = elect(
      [
        ['c1', 'c2'],
        ['c2', 'c3'],
        ['c1', 'c3'],
      ],
      { seats: 2, minMembers: 1 },
    )
    expect(r).toMatchObject({
      elected: [],
      tied: ['c1', 'c2', 'c3'],
      vacantSeats: 0,
      outcome: 'none_elected',
    })
  })

  it('a tie inside the seats needs no run-off, and a tie on heads is broken by area', () => {
    const withinSeats = elect([['c1', 'c2'], ['c1', 'c2'], ['c3']], { seats: 2, minMembers: 1 })
    expect(withinSeats.elected).toEqual(['c1', 'c2'])
    expect(withinSeats.tied).toEqual([])
    // All three have 2 heads; areas 202, 201 and 203 cm² decide.
    const byArea = elect(
      [
        ['c1', 'c2'],
        ['c2', 'c3'],
        ['c1', 'c3'],
      ],
      { seats: 2, minMembers: 1 },
      { areas: [100, 101, 102] },
    )
    expect(byArea.elected).toEqual(['c3', 'c1'])
    expect(byArea.alternates).toEqual(['c2'])
  })

  it('caps the alternates and keeps them in rank order', () => {
    // Five qualified candidates for three seats: c5 (5 heads), then c4, c1, c2, c3 on area with 4 heads each.
    const choices: ElectionChoice[] = [
      ['c1', 'c2', 'c5'],
      ['c3', 'c4', 'c2'],
      ['c1', 'c2', 'c3'],
      ['c5', 'c4', 'c3'],
      ['c5', 'c4', 'c3'],
      ['c1', 'c2', 'c5'],
      ['c1', 'c5', 'c4'],
    ]
    const areas = [103, 102, 100, 102, 101, 101, 104]
    const seats = { seats: 3, minMembers: 3 }
    const r = elect(choices, seats, { areas })
    expect(r.elected).toEqual(['c5', 'c4', 'c1'])
    // The default cap is the number of seats. (It cannot bind: a ballot approves at most `seats` candidates, so
    // fewer than 2·seats can have more than half of the heads.)
    expect(r.alternates).toEqual(['c2', 'c3'])
    expect(elect(choices, { ...seats, alternatesCap: 1 }, { areas }).alternates).toEqual(['c2'])
    expect(elect(choices, { ...seats, alternatesCap: 0 }, { areas }).alternates).toEqual([])
  })

  it('leaves seats vacant when too few candidates qualify', () => {
    const r = elect(
      [
        ['c1', 'c2'],
        ['c1', 'c2'],
        ['c1', 'c3'],
      ],
      { seats: 5 },
    )
    expect(r).toMatchObject({ elected: ['c1', 'c2'], tied: [], vacantSeats: 3, outcome: 'partially_elected' })
  })

  it.each<[string, number, number | undefined, number, boolean]>([
    ['5 of 5 seats, minimum 5', 5, undefined, 5, true],
    ['4 of 5 seats, minimum 5 (default min(5, seats))', 5, undefined, 4, false],
    ['4 of 7 seats, minimum 3', 7, 3, 4, true],
    ['3 of 7 seats, minimum 3: not more than half', 7, 3, 3, false],
    ['3 of 3 seats (small estate), default minimum 3', 3, undefined, 3, true],
    ['2 of 3 seats, minimum 2', 3, 2, 2, true],
  ])('committeeValid: %s → %s', (_name, seats, minMembers, electedCount, valid) => {
    const ids = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'].slice(0, electedCount)
    const r = elect([ids, ids, ids], { seats, ...(minMembers === undefined ? {} : { minMembers }) })
    expect(r.elected).toHaveLength(electedCount)
    expect(r.committeeValid).toBe(valid)
  })
})

describe('tallyElection: no quorum', () => {
  it('reports the qualified and the tallies but elects nobody: all seats vacant, committee not formed', () => {
    const r = elect([['c1', 'c2'], undefined, undefined, undefined], { seats: 2 })
    expect(r.participation).toEqual({ areaCm2: 100, heads: 1, met: false })
    expect(byId(r).c1).toEqual({ id: 'c1', areaCm2: 100, heads: 1, qualified: true })
    expect(r).toMatchObject({
      elected: [],
      tied: [],
      alternates: [],
      vacantSeats: 2,
      committeeValid: false,
      outcome: 'no_quorum',
    })
  })

  it('a stricter participation rule applies to elections too', () => {
    const choices: (ElectionChoice | undefined)[] = [['c1'], ['c1'], ['c1'], [], undefined]
    expect(elect(choices, { seats: 1, minMembers: 1 }).outcome).toBe('elected')
    const strict = elect(choices, {
      seats: 1,
      minMembers: 1,
      participation: { num: 1, den: 1, strict: false },
    })
    expect(strict.outcome).toBe('no_quorum')
  })
})

describe('elections in a bundle', () => {
  it('never apply deemed consent, and reports candidates in the matter’s order', () => {
    const units = flats([100, 100, 100])
    const b = bundleOf({
      units,
      matters: [
        election({
          seats: 1,
          minMembers: 1,
          candidates: [
            { id: 'z', name: 'Z*' },
            { id: 'a', name: 'A*' },
          ],
        }),
      ],
      ballots: [ballot('u0', { e1: ['a'] }), ballot('u1', { e1: ['a'] })],
      settings: { deemedConsent: true },
      served: ['u2'],
    })
    const [r] = computeResults(b)
    expect(r).not.toHaveProperty('deemed')
    expect((r as ElectionResult).candidates.map((c) => c.id)).toEqual(['z', 'a'])
    expect(Object.keys(r as object)).toEqual([
      'matter',
      'kind',
      'seats',
      'electorate',
      'participation',
      'invalid',
      'candidates',
      'elected',
      'tied',
      'alternates',
      'vacantSeats',
      'committeeValid',
      'outcome',
    ])
  })
})
