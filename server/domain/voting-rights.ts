/**
 * Voting rights: who is one voter and what area they carry.
 *
 * SPC interpretation art. 8 (area = 专有部分面积, by register, else survey, else contract) and art. 9
 * (headcount: one unit one head; several units of the same owner one head; units unsold or sold but not
 * delivered by the developer one head), as restated in domain.md §3 and results-bundle.md rule 1:
 *  - drop parking-kind units unless the rules of procedure count them (指导规则 art. 25; default off);
 *  - keep the units in scope (a building, an entrance: 上海 art. 69);
 *  - all developer-held units form ONE voter, whatever owners are listed on them;
 *  - the other units are grouped by their exact SET of owners (order does not matter): A+B and A alone are
 *    two voters; each group is one head whose area is the sum of its units (北京 住建委: 面积为专有部分面积累加).
 * Integer square centimetres throughout; no floats.
 */

export type UnitKind = 'residence' | 'shop' | 'parking' | 'other'
export const UNIT_KINDS: readonly UnitKind[] = ['residence', 'shop', 'parking', 'other']

export interface RollUnit {
  /** The unit number, unique in the estate (e.g. "1-1-101"). */
  readonly id: string
  readonly building: string
  readonly kind: UnitKind
  readonly areaCm2: number
  /** Opaque owner identifiers; may be empty only when developerHeld. */
  readonly owners: readonly string[]
  readonly developerHeld: boolean
}

export interface Scope {
  readonly buildings?: readonly string[]
  readonly units?: readonly string[]
}

export interface ElectorateOptions {
  readonly countParking: boolean
  readonly scope?: Scope | undefined
}

export interface Voter {
  /** Stable key of the group: "developer" or the sorted owner set. */
  readonly key: string
  /** The smallest unit number of the group (code-point order): a readable handle for the voter. */
  readonly id: string
  readonly developer: boolean
  /** Sorted owner ids (empty for the developer voter). */
  readonly owners: readonly string[]
  /** Unit numbers in code-point order. */
  readonly units: readonly string[]
  readonly areaCm2: number
  readonly heads: 1
}

export interface Weight {
  readonly areaCm2: number
  readonly heads: number
}

export interface Electorate {
  /** Voters in order of their id. */
  readonly voters: readonly Voter[]
  readonly totals: Weight
  /** unit number → voter key, for the units in this electorate. */
  readonly voterOfUnit: ReadonlyMap<string, string>
}

export const DEVELOPER_KEY = 'developer'

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

export function ownerSetKey(owners: readonly string[]): string {
  return 'owners:' + JSON.stringify([...new Set(owners)].sort(byCodePoint))
}

export function voterKeyOf(unit: RollUnit): string {
  return unit.developerHeld ? DEVELOPER_KEY : ownerSetKey(unit.owners)
}

export function inScope(unit: RollUnit, scope: Scope | undefined): boolean {
  if (!scope) return true
  if (scope.buildings && !scope.buildings.includes(unit.building)) return false
  if (scope.units && !scope.units.includes(unit.id)) return false
  return true
}

export function countsForVoting(unit: RollUnit, countParking: boolean): boolean {
  return countParking || unit.kind !== 'parking'
}

/** Derives the voters and totals of an electorate. Pure; input order does not affect the result. */
export function deriveElectorate(units: readonly RollUnit[], options: ElectorateOptions): Electorate {
  const groups = new Map<
    string,
    { units: string[]; areaCm2: number; owners: readonly string[]; developer: boolean }
  >()
  for (const unit of units) {
    if (!countsForVoting(unit, options.countParking) || !inScope(unit, options.scope)) continue
    const key = voterKeyOf(unit)
    let g = groups.get(key)
    if (!g) {
      g = {
        units: [],
        areaCm2: 0,
        owners: unit.developerHeld ? [] : [...new Set(unit.owners)].sort(byCodePoint),
        developer: unit.developerHeld,
      }
      groups.set(key, g)
    }
    g.units.push(unit.id)
    g.areaCm2 += unit.areaCm2
  }

  const voters: Voter[] = []
  const voterOfUnit = new Map<string, string>()
  let areaCm2 = 0
  for (const [key, g] of groups) {
    g.units.sort(byCodePoint)
    voters.push({
      key,
      id: g.units[0] as string,
      developer: g.developer,
      owners: g.owners,
      units: g.units,
      areaCm2: g.areaCm2,
      heads: 1,
    })
    for (const u of g.units) voterOfUnit.set(u, key)
    areaCm2 += g.areaCm2
  }
  voters.sort((a, b) => byCodePoint(a.id, b.id))
  if (!Number.isSafeInteger(areaCm2)) throw new RangeError('total area exceeds the safe integer range')
  return { voters, totals: { areaCm2, heads: voters.length }, voterOfUnit }
}
