import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ElectionChoice, ElectionResult } from '../../server/domain/bundle'
import { computeResults } from '../../server/domain/results'
import { tallyElection } from '../../server/domain/tally'
import { arbBundle, ballotsOf, election, electorateOf } from '../support/bundles'

const CANDIDATES = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7']

/**
 * Elections over 1–15 voters with areas of 1–3 cm² (so ties are common), 1–7 candidates, 1–5 seats, and choices
 * of every kind: mostly up to `seats` candidates, some over-voting, repeated or unknown ids, invalid, or none.
 */
const arbElection = fc
  .record({
    seats: fc.integer({ min: 1, max: 5 }),
    candidates: fc.integer({ min: 1, max: 7 }),
    voters: fc.integer({ min: 1, max: 15 }),
    alternatesCap: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
    rankBy: fc.constantFrom<'heads' | 'area'>('heads', 'area'),
    /** Most ballots full (seats of the seats + 1 front-runners) or by popularity. */
    fullBallots: fc.boolean(),
  })
  .chain((g) => {
    const ids = CANDIDATES.slice(0, g.candidates)
    // Voters agree somewhat: candidate k is approved with a chance popularity[k]/10 (10: by everyone, so exact
    // ties are common), then the list is cut to the number of seats as a ballot form would.
    const marks = fc.array(fc.nat(9), { minLength: ids.length, maxLength: ids.length })
    const front = ids.slice(0, g.seats + 1)
    const full = Math.min(g.seats, front.length)
    return fc.record({
      g: fc.constant(g),
      popularity: fc.array(fc.integer({ min: 0, max: 10 }), { minLength: ids.length, maxLength: ids.length }),
      areas: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: g.voters, maxLength: g.voters }),
      ballots: fc.array(
        fc.oneof(
          {
            weight: g.fullBallots ? 1 : 12,
            arbitrary: fc.record({
              kind: fc.constant('marks' as const),
              marks,
              order: fc.shuffledSubarray(ids, { minLength: ids.length }),
            }),
          },
          {
            // Full ballots over the seats + 1 front-runners: more candidates qualify than there are seats.
            weight: g.fullBallots ? 12 : 1,
            arbitrary: fc.record({
              kind: fc.constant('raw' as const),
              choice: fc.shuffledSubarray(front, { minLength: full, maxLength: full }),
            }),
          },
          {
            weight: 1,
            arbitrary: fc.record({
              kind: fc.constant('raw' as const),
              choice: fc.array(fc.constantFrom(...ids, 'zz'), { maxLength: 8 }),
            }),
          },
          {
            weight: 1,
            arbitrary: fc.constant({
              kind: 'raw' as const,
              choice: { invalid: '无法辨认' } as ElectionChoice,
            }),
          },
          { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
        ),
        { minLength: g.voters, maxLength: g.voters },
      ),
    })
  })
  .map(({ g, popularity, areas, ballots }) => {
    const choices = ballots.map((b): ElectionChoice | undefined => {
      if (b.kind === 'none') return undefined
      if (b.kind === 'raw') return b.choice
      return b.order
        .filter(
          (id) =>
            (b.marks[CANDIDATES.indexOf(id)] as number) < (popularity[CANDIDATES.indexOf(id)] as number),
        )
        .slice(0, g.seats)
    })
    const e = electorateOf(areas)
    const m = election({
      seats: g.seats,
      minMembers: Math.min(5, g.seats),
      candidates: CANDIDATES.slice(0, g.candidates).map((id) => ({ id, name: `${id}*` })),
      ...(g.alternatesCap === undefined ? {} : { alternatesCap: g.alternatesCap }),
    })
    const result = tallyElection(e, m, ballotsOf(e, choices), { electionRankBy: g.rankBy })
    return { result, alternatesCap: g.alternatesCap ?? g.seats, rankBy: g.rankBy }
  })

function checkInvariants(r: ElectionResult, alternatesCap: number): void {
  const qualified = new Set(r.candidates.filter((c) => c.qualified).map((c) => c.id))
  const placed = [...r.elected, ...r.tied, ...r.alternates]
  // Never more elected than seats; nobody placed twice; only the qualified are placed.
  expect(r.elected.length).toBeLessThanOrEqual(r.seats)
  expect(new Set(placed).size).toBe(placed.length)
  for (const id of placed) expect(qualified.has(id)).toBe(true)
  expect(r.alternates.length).toBeLessThanOrEqual(alternatesCap)
  if (r.tied.length > 0) {
    // A tie across the last seat: more tied than contested seats, no seat left vacant.
    expect(r.tied.length).toBeGreaterThan(r.seats - r.elected.length)
    expect(r.vacantSeats).toBe(0)
  } else {
    expect(r.elected.length + r.vacantSeats).toBe(r.seats)
  }
  if (r.outcome === 'no_quorum') {
    expect(r.participation.met).toBe(false)
    expect([r.elected, r.tied, r.alternates, r.vacantSeats, r.committeeValid]).toEqual([
      [],
      [],
      [],
      r.seats,
      false,
    ])
  } else {
    const expected =
      r.elected.length === r.seats ? 'elected' : r.elected.length === 0 ? 'none_elected' : 'partially_elected'
    expect(r.outcome).toBe(expected)
    if (r.committeeValid) expect(2 * r.elected.length).toBeGreaterThan(r.seats)
  }
}

/** Elected candidates outrank every other qualified one; equals on both keys are never split (no tie-break). */
function checkRanking(r: ElectionResult, rankBy: 'heads' | 'area'): void {
  if (r.outcome === 'no_quorum') return
  const key = (c: { heads: number; areaCm2: number }) =>
    rankBy === 'heads' ? [c.heads, c.areaCm2] : [c.areaCm2, c.heads]
  const above = (a: number[], b: number[]) =>
    (a[0] as number) > (b[0] as number) || (a[0] === b[0] && (a[1] as number) > (b[1] as number))
  const elected = new Set(r.elected)
  const qualified = r.candidates.filter((c) => c.qualified)
  for (const e of qualified.filter((c) => elected.has(c.id))) {
    for (const o of qualified.filter((c) => !elected.has(c.id))) expect(above(key(e), key(o))).toBe(true)
  }
}

describe('properties of elections', () => {
  it('never elects more than the seats, places each qualified candidate at most once, and fills or leaves every seat', () => {
    fc.assert(
      fc.property(arbElection, ({ result, alternatesCap }) => checkInvariants(result, alternatesCap)),
      { numRuns: 2000 },
    )
  })

  it('elects by rank and never breaks a tie: an elected candidate strictly outranks every qualified one not elected', () => {
    fc.assert(
      fc.property(arbElection, ({ result, rankBy }) => checkRanking(result, rankBy)),
      { numRuns: 2000 },
    )
  })

  it('holds in whole bundles too, with the alternates capped', () => {
    fc.assert(
      fc.property(arbBundle, (b) => {
        const e = b.matters[3]
        const r = computeResults(b)[3] as ElectionResult
        checkInvariants(r, e && e.kind === 'elect_committee' ? (e.alternatesCap ?? e.seats) : 0)
      }),
      { numRuns: 300 },
    )
  })

  it('a qualified candidate has more than half of the participating area and heads', () => {
    fc.assert(
      fc.property(arbElection, ({ result: r }) => {
        for (const c of r.candidates) {
          const q = 2 * c.heads > r.participation.heads && 2 * c.areaCm2 > r.participation.areaCm2
          expect(c.qualified).toBe(q)
        }
      }),
      { numRuns: 1000 },
    )
  })
})
