import fc from 'fast-check'
import {
  BUNDLE_FORMAT,
  DEFAULT_SETTINGS,
  type Ballot,
  type Bundle,
  type BundleInput,
  type Choice,
  type ElectionMatter,
  type Matter,
  type ResolutionKind,
  type Settings,
} from '../../server/domain/bundle'
import { computeResults, meetingElectorate } from '../../server/domain/results'
import type { MatterBallot } from '../../server/domain/tally'
import {
  deriveElectorate,
  type Electorate,
  type RollUnit,
  type UnitKind,
} from '../../server/domain/voting-rights'

/** Building blocks for tally and bundle tests: small, explicit electorates and ballots. */

export const unit = (
  id: string,
  areaCm2: number,
  owners: string[],
  opts: { building?: string; kind?: UnitKind; developerHeld?: boolean } = {},
): RollUnit => ({
  id,
  building: opts.building ?? '1号楼',
  kind: opts.kind ?? 'residence',
  areaCm2,
  owners,
  developerHeld: opts.developerHeld ?? false,
})

/** One single-owner flat per area: unit `u{i}` owned by `o{i}`, so voter i has exactly areas[i]. */
export const flats = (areas: readonly number[], building = '1号楼'): RollUnit[] =>
  areas.map((a, i) => unit(`u${i}`, a, [`o${i}`], { building }))

/** The electorate of single-owner flats with these areas (voter i = flat i). */
export const electorateOf = (areas: readonly number[]): Electorate =>
  deriveElectorate(flats(areas), { countParking: false })

/** Ballots for voters by position: choices[i] is voter i's choice, undefined when voter i did not vote. */
export function ballotsOf(electorate: Electorate, choices: readonly (Choice | undefined)[]): MatterBallot[] {
  const out: MatterBallot[] = []
  choices.forEach((choice, i) => {
    const key = electorate.voterOfUnit.get(`u${i}`)
    if (choice !== undefined && key !== undefined) out.push({ voter: key, choice })
  })
  return out
}

export const resolution = (kind: ResolutionKind, extra: Partial<Matter> = {}): Matter =>
  ({ id: 'q1', kind, title: kind, ...extra }) as Matter

export const election = (extra: Partial<ElectionMatter> & { candidates?: ElectionMatter['candidates'] }) =>
  ({
    id: 'e1',
    kind: 'elect_committee',
    title: '选举业主委员会',
    seats: 5,
    candidates: ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'].map((id) => ({ id, name: `${id}*` })),
    ...extra,
  }) as ElectionMatter

/** A bundle from parts, with the default settings unless given. */
export function bundleOf(parts: {
  units: RollUnit[]
  matters: Matter[]
  ballots: Ballot[]
  settings?: Partial<Settings>
  served?: string[]
}): BundleInput {
  return {
    format: BUNDLE_FORMAT,
    settings: { ...DEFAULT_SETTINGS, ...parts.settings },
    units: parts.units,
    matters: parts.matters,
    ballots: parts.ballots,
    ...(parts.served ? { served: parts.served } : {}),
  }
}

export const ballot = (
  unitId: string,
  choices: Record<string, Choice>,
  channel: Ballot['channel'] = 'online',
): Ballot => ({
  unit: unitId,
  channel,
  choices,
})

/** A deep copy as plain JSON, the way a bundle arrives from a file. */
export const asJson = <T>(v: T): unknown => JSON.parse(JSON.stringify(v)) as unknown

// ---- Arbitrary valid bundles, for property tests ---------------------------------------------------------------

const rawChoice = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Choice>('yes') },
  { weight: 2, arbitrary: fc.constant<Choice>('no') },
  { weight: 1, arbitrary: fc.constant<Choice>('abstain') },
  { weight: 1, arbitrary: fc.constant<Choice>({ invalid: '两处勾选' }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
)
const CANDIDATES = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7']
/** `fit`: a ballot filled in through a form that stops at the number of seats. */
const rawElectionChoice = fc.oneof(
  // Mostly the three favourites, so that candidates qualify and tie often.
  {
    weight: 12,
    arbitrary: fc
      .tuple(fc.nat(9), fc.nat(9), fc.nat(9))
      .map((ps) => ['c1', 'c2', 'c3'].filter((_, i) => (ps[i] as number) < 9))
      .chain((xs) => fc.shuffledSubarray(xs, { minLength: xs.length }))
      .map((choice) => ({ fit: true, choice })),
  },
  {
    weight: 2,
    arbitrary: fc
      .subarray(CANDIDATES, { maxLength: 4 })
      .chain((xs) => fc.shuffledSubarray(xs, { minLength: xs.length }))
      .map((choice) => ({ fit: true, choice })),
  },
  // Over-voting, repeated and unknown ids: invalid choices, not invalid bundles (rule 4).
  {
    weight: 1,
    arbitrary: fc
      .array(fc.constantFrom(...CANDIDATES, 'zz'), { maxLength: 9 })
      .map((choice) => ({ fit: false, choice })),
  },
  { weight: 1, arbitrary: fc.constant({ fit: false, choice: { invalid: '无法辨认' } as Choice }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
)

const MAX_VOTERS = 24

/**
 * Valid bundles with results: up to 24 units in two buildings with shared owners (multi-unit voters), co-owners,
 * developer-held units and parking; an ordinary, a special, a scoped matter and an election; ballots from most
 * voters. Areas are small so that exact thresholds and ties happen often.
 */
export const arbBundle: fc.Arbitrary<Bundle> = fc
  .record({
    units: fc.array(
      fc.record({
        area: fc.integer({ min: 1, max: 4 }),
        bigArea: fc.integer({ min: 1, max: 3_000_000 }),
        owner: fc.integer({ min: 0, max: 14 }),
        coOwner: fc.option(fc.integer({ min: 0, max: 14 }), { freq: 5 }),
        building: fc.constantFrom('A', 'B'),
        kind: fc.constantFrom<UnitKind>('residence', 'residence', 'residence', 'shop', 'parking'),
        developerHeld: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      }),
      { minLength: 1, maxLength: MAX_VOTERS },
    ),
    settings: fc.record({
      countParking: fc.boolean(),
      deemedConsent: fc.boolean(),
      electionRankBy: fc.constantFrom<'heads' | 'area'>('heads', 'area'),
    }),
    seats: fc.integer({ min: 1, max: 5 }),
    alternatesCap: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
    specialKind: fc.constantFrom<ResolutionKind>('raise_maintenance_fund', 'rebuild', 'common_parts_use'),
    ballots: fc.array(
      fc.record({
        votes: fc.integer({ min: 0, max: 9 }),
        unitPick: fc.nat(),
        r1: rawChoice,
        r2: rawChoice,
        r3: rawChoice,
        e1: rawElectionChoice,
      }),
      { minLength: MAX_VOTERS, maxLength: MAX_VOTERS },
    ),
    served: fc.array(fc.boolean(), { minLength: MAX_VOTERS, maxLength: MAX_VOTERS }),
    /** Half of the bundles have areas of 1–4 cm², where exact thresholds and ties are common. */
    smallAreas: fc.boolean(),
    /** 0 to 4 in 10 voters return no ballot. */
    abstention: fc.integer({ min: 0, max: 4 }),
  })
  .map((g) => {
    const units = g.units.map((u, i) => {
      // Unit 0 is an owned residence in building A, so that every electorate (also the scoped one) is non-empty.
      const developerHeld = i > 0 && u.developerHeld
      const owners = developerHeld
        ? []
        : [...new Set([`o${u.owner}`, ...(u.coOwner === null ? [] : [`o${u.coOwner}`])])]
      return unit(`u${i}`, g.smallAreas ? u.area : u.bigArea, owners, {
        building: i === 0 ? 'A' : u.building,
        kind: i === 0 ? 'residence' : u.kind,
        developerHeld,
      })
    })
    const matters: Matter[] = [
      { id: 'r1', kind: 'property_manager', title: '选聘物业服务企业' },
      { id: 'r2', kind: g.specialKind, title: '特别事项' },
      { id: 'r3', kind: 'use_maintenance_fund', title: 'A栋维修', scope: { buildings: ['A'] } },
      {
        id: 'e1',
        kind: 'elect_committee',
        title: '选举',
        seats: g.seats,
        ...(g.alternatesCap === undefined ? {} : { alternatesCap: g.alternatesCap }),
        candidates: CANDIDATES.map((id) => ({ id, name: `${id}*` })),
      },
    ]
    const base = { units, settings: g.settings }
    const wide = meetingElectorate(base)
    const scoped = deriveElectorate(units, {
      countParking: g.settings.countParking,
      scope: { buildings: ['A'] },
    })
    const inA = new Set(scoped.voters.map((v) => v.key))
    const ballots: Ballot[] = []
    const served: string[] = []
    wide.voters.forEach((v, i) => {
      const raw = g.ballots[i]
      if (g.served[i]) served.push(v.units[0] as string)
      if (!raw || raw.votes < g.abstention) return
      const choices: Record<string, Choice> = {}
      if (raw.r1 !== undefined) choices.r1 = raw.r1
      if (raw.r2 !== undefined) choices.r2 = raw.r2
      if (raw.r3 !== undefined && inA.has(v.key)) choices.r3 = raw.r3
      if (raw.e1 !== undefined) {
        const c = raw.e1.choice
        choices.e1 = raw.e1.fit && Array.isArray(c) ? c.slice(0, g.seats) : c
      }
      ballots.push(
        ballot(
          v.units[raw.unitPick % v.units.length] as string,
          choices,
          raw.unitPick % 2 ? 'paper' : 'online',
        ),
      )
    })
    const input = bundleOf({ units, matters, ballots, settings: g.settings, served })
    return { ...input, results: computeResults(input) }
  })
