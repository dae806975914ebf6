/**
 * Recomputing a bundle's results (results-bundle.md "Output part") and comparing them with the published ones.
 * The server and the verifier both call `computeResults`: there is one tally, not two.
 */
import type { Ballot, BundleInput, Choice, Matter, MatterResult } from './bundle'
import { pathKey } from './json-path'
import { tallyColumns, TallyError, voterPositions } from './tally'
import { deriveElectorate, type Electorate } from './voting-rights'

/** The meeting-wide electorate (no scope): it identifies the voter of every ballot (rule 2). */
export function meetingElectorate(bundle: Pick<BundleInput, 'units' | 'settings'>): Electorate {
  return deriveElectorate(bundle.units, { countParking: bundle.settings.countParking })
}

/** The electorate of one matter: the meeting-wide one, or the matter's scope alone. */
export function matterElectorate(
  bundle: Pick<BundleInput, 'units' | 'settings'>,
  matter: Matter,
  meetingWide: Electorate = meetingElectorate(bundle),
): Electorate {
  return matter.scope
    ? deriveElectorate(bundle.units, { countParking: bundle.settings.countParking, scope: matter.scope })
    : meetingWide
}

/**
 * The `results` array of a valid bundle, one entry per matter in the order of `matters`. Expects a bundle that
 * passed `validateBundle`; anything else may throw a TallyError. Each ballot's voter is looked up once for the
 * meeting, then each matter is one pass over the ballots.
 */
export function computeResults(bundle: BundleInput): MatterResult[] {
  const wide = meetingElectorate(bundle)
  const widePosition = voterPositions(wide)
  const n = bundle.ballots.length
  const keys = new Array<string>(n)
  const wideAt = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const unit = (bundle.ballots[i] as Ballot).unit
    const key = wide.voterOfUnit.get(unit)
    if (key === undefined)
      throw new TallyError('not_in_electorate', `ballots[${i}]: unit "${unit}" has no voter`)
    keys[i] = key
    wideAt[i] = widePosition.get(key) as number
  }
  const served = new Set<string>()
  for (const unit of bundle.served ?? []) {
    const key = wide.voterOfUnit.get(unit)
    if (key !== undefined) served.add(key)
  }
  const options = {
    deemedConsent: bundle.settings.deemedConsent,
    served,
    electionRankBy: bundle.settings.electionRankBy,
  }
  return bundle.matters.map((m) => {
    const electorate = matterElectorate(bundle, m, wide)
    let at = wideAt
    if (electorate !== wide) {
      // A scoped electorate: the same voter keys (owner sets), other positions; -1 for voters outside it.
      const position = voterPositions(electorate)
      at = new Int32Array(n)
      for (let i = 0; i < n; i++) at[i] = position.get(keys[i] as string) ?? -1
    }
    const positions: number[] = []
    const choices: Choice[] = []
    for (let i = 0; i < n; i++) {
      const choice = (bundle.ballots[i] as Ballot).choices[m.id]
      if (choice !== undefined) {
        positions.push(at[i] as number)
        choices.push(choice)
      }
    }
    return tallyColumns(electorate, m, { positions, choices }, options)
  })
}

// ---- Comparison ------------------------------------------------------------------------------------------------

export interface Difference {
  /** JSON path in the bundle, e.g. `results[0].outcome`. */
  readonly path: string
  /** What the bundle says (undefined when missing). */
  readonly published: unknown
  /** What the recomputation says (undefined when the bundle has something extra). */
  readonly recomputed: unknown
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const isScalarArray = (v: unknown): v is unknown[] =>
  Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null)

function diff(path: string, published: unknown, recomputed: unknown, out: Difference[]): void {
  if (isPlainObject(published) && isPlainObject(recomputed)) {
    const keys = new Set([...Object.keys(recomputed), ...Object.keys(published)])
    for (const k of keys) {
      const p = pathKey(path, k)
      if (!(k in published)) out.push({ path: p, published: undefined, recomputed: recomputed[k] })
      else if (!(k in recomputed)) out.push({ path: p, published: published[k], recomputed: undefined })
      else diff(p, published[k], recomputed[k], out)
    }
    return
  }
  if (Array.isArray(published) && Array.isArray(recomputed)) {
    // A list of ids (elected, tied, alternates) reads best as one difference; lists of objects go element-wise.
    if (isScalarArray(published) && isScalarArray(recomputed)) {
      const same = published.length === recomputed.length && published.every((x, i) => x === recomputed[i])
      if (!same) out.push({ path, published, recomputed })
      return
    }
    const n = Math.max(published.length, recomputed.length)
    for (let i = 0; i < n; i++) {
      const p = pathKey(path, i)
      if (i >= published.length) out.push({ path: p, published: undefined, recomputed: recomputed[i] })
      else if (i >= recomputed.length) out.push({ path: p, published: published[i], recomputed: undefined })
      else diff(p, published[i], recomputed[i], out)
    }
    return
  }
  if (published !== recomputed) out.push({ path, published, recomputed })
}

/** Every difference between a bundle's published `results` and the recomputed ones; empty when they agree. */
export function compareResults(
  published: readonly unknown[],
  recomputed: readonly MatterResult[],
): Difference[] {
  const out: Difference[] = []
  diff('results', published, recomputed, out)
  return out
}

/** One difference as a line: `results[0].outcome: published "passed", recomputed "rejected"`. */
export function formatDifference(d: Difference): string {
  const show = (v: unknown) => (v === undefined ? '(missing)' : JSON.stringify(v))
  return `${d.path}: published ${show(d.published)}, recomputed ${show(d.recomputed)}`
}
