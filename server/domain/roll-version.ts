import { canonicalJson, type Json } from './canonical'
import { sha256Hex } from './sha256'
import type { RollUnit } from './voting-rights'

/**
 * The roll confirmed as a publication (domain.md §7.3 (3); 上海 art. 16 (一)): the conveners publish numbered,
 * frozen versions of the roll (第1版, 第2版 …); owners object to a version; an upheld objection (成立) is corrected on
 * the roll and answered by a corrected version. A version is identified by the hash results-bundle.md defines for
 * a bundle's `roll`, so the final version and the electorate of the first meeting can be seen to be the same roll.
 */

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * results-bundle.md `roll.sha256`: the SHA-256 (lowercase hex) of the canonical JSON of the `units` array sorted by
 * `id` — object keys sorted, no whitespace, strings as JSON.stringify writes them. The verifier recomputes it from
 * a bundle's units with this same function (bundle-validate.ts).
 */
export function rollSha256(units: readonly RollUnit[]): string {
  const sorted = [...units].sort((a, b) => byCodePoint(a.id, b.id))
  return sha256Hex(canonicalJson(sorted as unknown as Json))
}

export type AreaSource = 'register' | 'survey' | 'contract'

/** A unit of a published version as owners see it (domain §3 "Roll publicity"): masked owner names only. */
export interface VersionUnit {
  readonly number: string
  readonly building: string
  readonly kind: RollUnit['kind']
  readonly areaCm2: number
  readonly areaSource: AreaSource
  /** Masked names (张*), in listed order. */
  readonly owners: readonly string[]
  readonly developerHeld: boolean
}

export type ChangedField = 'building' | 'kind' | 'area' | 'areaSource' | 'owners' | 'developerHeld'

export interface UnitChange {
  readonly number: string
  readonly fields: readonly ChangedField[]
  readonly before: VersionUnit
  readonly after: VersionUnit
}

export interface VersionComparison {
  readonly added: readonly VersionUnit[]
  readonly removed: readonly VersionUnit[]
  readonly changed: readonly UnitChange[]
  readonly unchanged: number
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i])

/** The fields of a unit that differ between two versions, in a fixed order. */
export function changedFields(before: VersionUnit, after: VersionUnit): ChangedField[] {
  const out: ChangedField[] = []
  if (before.building !== after.building) out.push('building')
  if (before.kind !== after.kind) out.push('kind')
  if (before.areaCm2 !== after.areaCm2) out.push('area')
  if (before.areaSource !== after.areaSource) out.push('areaSource')
  if (!sameList(before.owners, after.owners)) out.push('owners')
  if (before.developerHeld !== after.developerHeld) out.push('developerHeld')
  return out
}

/**
 * Two versions side by side, keyed by unit number: the units of `after` not in `before` (added), those of `before`
 * not in `after` (removed), and those in both whose fields differ (changed). A roll is a set of units keyed by
 * their number, not a text: a line diff would report a moved or renumbered line instead of "1-1-101: area".
 * Each list is in code-point order of the unit number.
 */
export function compareVersions(
  before: readonly VersionUnit[],
  after: readonly VersionUnit[],
): VersionComparison {
  const old = new Map(before.map((u) => [u.number, u]))
  const now = new Map(after.map((u) => [u.number, u]))
  const added: VersionUnit[] = []
  const changed: UnitChange[] = []
  let unchanged = 0
  for (const u of [...after].sort((a, b) => byCodePoint(a.number, b.number))) {
    const was = old.get(u.number)
    if (!was) {
      added.push(u)
      continue
    }
    const fields = changedFields(was, u)
    if (fields.length === 0) unchanged++
    else changed.push({ number: u.number, fields, before: was, after: u })
  }
  const removed = [...before]
    .filter((u) => !now.has(u.number))
    .sort((a, b) => byCodePoint(a.number, b.number))
  return { added, removed, changed, unchanged }
}

/** 第1版, 第2版 …: the display name of a version number. */
export function versionLabel(n: number): string {
  return `第${n}版`
}

export type ObjectionDecision = 'upheld' | 'rejected'

export interface VersionObjection {
  readonly id: number
  readonly versionId: number | null
  readonly decision: ObjectionDecision | null
  /** The version that already names this objection as answered, if any. */
  readonly correctedBy: number | null
}

export type AnswersProblem =
  | { readonly code: 'objection_not_upheld'; readonly objection: number }
  | { readonly code: 'objection_already_corrected'; readonly objection: number; readonly version: number }

/**
 * What a corrected version may name as answered: objections to an earlier version of the estate that were upheld
 * (成立) and that no version has answered yet. The first problem found, or null.
 */
export function checkAnswers(
  answers: readonly number[],
  objections: ReadonlyMap<number, VersionObjection>,
): AnswersProblem | null {
  for (const id of answers) {
    const o = objections.get(id)
    if (!o || o.versionId === null || o.decision !== 'upheld')
      return { code: 'objection_not_upheld', objection: id }
    if (o.correctedBy !== null)
      return { code: 'objection_already_corrected', objection: id, version: o.correctedBy }
  }
  return null
}
