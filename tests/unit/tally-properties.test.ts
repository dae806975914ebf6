import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  RESOLUTION_KINDS,
  type Choice,
  type Fraction,
  type ResolutionKind,
  type ResolutionMatter,
} from '../../server/domain/bundle'
import { validateBundle } from '../../server/domain/bundle-validate'
import { computeResults } from '../../server/domain/results'
import { tallyResolution } from '../../server/domain/tally'
import { verifyBundle } from '../../server/domain/verify'
import { arbBundle, asJson, ballotsOf, electorateOf } from '../support/bundles'

/** A deterministic shuffle from a seed (Fisher–Yates over a 32-bit LCG), so that failures replay. */
function shuffle<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs]
  let s = seed >>> 0
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    const j = s % (i + 1)
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }
  return out
}

/** Stricter-than-law overrides (or none): property results must hold for any lawful rule. */
const arbOverride = fc.option(
  fc.constantFrom<Fraction>(
    { num: 3, den: 4, strict: true },
    { num: 4, den: 5, strict: false },
    { num: 9, den: 10, strict: false },
  ),
  { nil: undefined },
)

/** An electorate of 1–20 voters (small areas: ties and exact thresholds happen) with their choices. */
const arbResolutionCase = fc.record({
  areas: fc.array(fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 2_000_000 })), {
    minLength: 1,
    maxLength: 20,
  }),
  choices: fc.array(
    fc.constantFrom<Choice | undefined>(
      'yes',
      'yes',
      'no',
      'abstain',
      { invalid: 'x' },
      undefined,
      undefined,
    ),
    { minLength: 20, maxLength: 20 },
  ),
  kind: fc.constantFrom(...RESOLUTION_KINDS),
  approval: arbOverride,
  participation: arbOverride,
  pick: fc.nat(),
})

function tally(c: { areas: number[]; choices: (Choice | undefined)[] }, m: ResolutionMatter) {
  const e = electorateOf(c.areas)
  return tallyResolution(e, m, ballotsOf(e, c.choices.slice(0, c.areas.length)))
}

function matterOf(c: {
  kind: ResolutionKind
  approval?: Fraction
  participation?: Fraction
}): ResolutionMatter {
  return {
    id: 'q1',
    kind: c.kind,
    title: 't',
    ...(c.approval ? { approval: c.approval } : {}),
    ...(c.participation ? { participation: c.participation } : {}),
  }
}

describe('properties of the tally', () => {
  it('results do not depend on the order of the ballots or of the units', () => {
    fc.assert(
      fc.property(arbBundle, fc.integer(), fc.integer(), (b, s1, s2) => {
        const reordered = { ...b, ballots: shuffle(b.ballots, s1), units: shuffle(b.units, s2) }
        expect(computeResults(reordered)).toEqual(computeResults(b))
      }),
      { numRuns: 300 },
    )
  })

  it.each(['no', 'abstain'] as const)(
    'adding a "%s" never turns a rejected matter into a passed one',
    (added) => {
      fc.assert(
        fc.property(arbResolutionCase, (c) => {
          const absent = c.areas.map((_, i) => i).filter((i) => c.choices[i] === undefined)
          fc.pre(absent.length > 0)
          const m = matterOf(c)
          const before = tally(c, m)
          const choices = [...c.choices]
          choices[absent[c.pick % absent.length] as number] = added
          const after = tally({ ...c, choices }, m)
          if (before.outcome === 'rejected') expect(after.outcome).not.toBe('passed')
        }),
        { numRuns: 1000 },
      )
    },
  )

  it('turning a "no" into a "yes" never turns a passed matter into a rejected one', () => {
    fc.assert(
      fc.property(arbResolutionCase, (c) => {
        const nos = c.areas.map((_, i) => i).filter((i) => c.choices[i] === 'no')
        fc.pre(nos.length > 0)
        const m = matterOf(c)
        const before = tally(c, m)
        const choices = [...c.choices]
        choices[nos[c.pick % nos.length] as number] = 'yes'
        const after = tally({ ...c, choices }, m)
        if (before.outcome === 'passed') expect(after.outcome).toBe('passed')
      }),
      { numRuns: 1000 },
    )
  })

  it('a passed matter always met participation and approval on both area and heads', () => {
    fc.assert(
      fc.property(arbResolutionCase, (c) => {
        const r = tally(c, matterOf(c))
        const took = r.tally.yes.heads + r.tally.no.heads + r.tally.abstain.heads + r.tally.invalid.heads
        expect(took).toBe(r.participation.heads)
        if (r.outcome === 'passed') {
          expect([r.participation.met, r.approval.areaMet, r.approval.headsMet]).toEqual([true, true, true])
          // Never more lenient than the law: more than half of those taking part approved, on both dimensions.
          expect(2 * r.tally.yes.heads).toBeGreaterThan(r.participation.heads)
          expect(2 * r.tally.yes.areaCm2).toBeGreaterThan(r.participation.areaCm2)
          expect(3 * r.participation.heads).toBeGreaterThanOrEqual(2 * r.electorate.heads)
        }
      }),
      { numRuns: 1000 },
    )
  })
})

describe('properties of the verifier (in process; the CLI runs the same verifyBundle)', () => {
  it('accepts every bundle the engine produces, after a round trip through JSON', () => {
    fc.assert(
      fc.property(arbBundle, (b) => {
        const json = asJson(b)
        expect(validateBundle(json).ok).toBe(true)
        expect(verifyBundle(json).exitCode).toBe(0)
      }),
      { numRuns: 300 },
    )
  })

  it('rejects any changed outcome with exit code 1, naming that outcome', () => {
    const OUTCOMES = ['passed', 'rejected', 'no_quorum', 'elected', 'partially_elected', 'none_elected']
    fc.assert(
      fc.property(arbBundle, fc.nat(), fc.nat(), (b, which, to) => {
        const json = asJson(b) as { results: { outcome: string }[] }
        const i = which % json.results.length
        const r = json.results[i] as { outcome: string }
        const others = OUTCOMES.filter((o) => o !== r.outcome)
        r.outcome = others[to % others.length] as string
        const v = verifyBundle(json)
        expect(v.exitCode).toBe(1)
        expect(v.status === 'differs' && v.differences.map((d) => d.path)).toEqual([`results[${i}].outcome`])
      }),
      { numRuns: 300 },
    )
  })
})
