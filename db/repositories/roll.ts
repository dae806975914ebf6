import type { Db } from '../client'
import type { AreaSourceCode, UnitKindCode } from '../schema'

/** One unit of the current roll with its owners in listed order. */
export interface RollRow {
  readonly unitId: number
  readonly number: string
  readonly building: string
  readonly kind: UnitKindCode
  readonly areaCm2: number
  readonly areaSource: AreaSourceCode
  readonly developerHeld: boolean
  readonly owners: readonly { readonly id: number; readonly name: string; readonly idLast4: string }[]
}

/** Loads the whole current roll of an estate, units in number order. Two queries, no N+1. */
export async function loadRoll(db: Db, estateId: string): Promise<RollRow[]> {
  const units = await db
    .selectFrom('units')
    .innerJoin('buildings', 'buildings.id', 'units.building_id')
    .select([
      'units.id as unitId',
      'units.number',
      'buildings.name as building',
      'units.kind',
      'units.area_cm2',
      'units.area_source',
      'units.developer_held',
    ])
    .where('units.estate_id', '=', estateId)
    .orderBy('units.number')
    .execute()
  const links = await db
    .selectFrom('unit_owners')
    .innerJoin('units', 'units.id', 'unit_owners.unit_id')
    .innerJoin('owners', 'owners.id', 'unit_owners.owner_id')
    .select(['unit_owners.unit_id', 'owners.id', 'owners.name', 'owners.id_last4'])
    .where('units.estate_id', '=', estateId)
    .orderBy('unit_owners.unit_id')
    .orderBy('unit_owners.position')
    .execute()
  const byUnit = new Map<number, { id: number; name: string; idLast4: string }[]>()
  for (const l of links) {
    let list = byUnit.get(l.unit_id)
    if (!list) byUnit.set(l.unit_id, (list = []))
    list.push({ id: l.id, name: l.name, idLast4: l.id_last4 })
  }
  return units.map((u) => ({
    unitId: u.unitId,
    number: u.number,
    building: u.building,
    kind: u.kind,
    areaCm2: u.area_cm2,
    areaSource: u.area_source,
    developerHeld: u.developer_held === 1,
    owners: byUnit.get(u.unitId) ?? [],
  }))
}

/** The households and area (cm²) of an estate's units that count for an assembly (parking apart, as the roll has it). */
export async function estateTotals(
  db: Db,
  estateId: string,
): Promise<{ households: number; areaCm2: number }> {
  const r = await db
    .selectFrom('units')
    .select(({ fn }) => [fn.countAll<number>().as('households'), fn.sum<number>('area_cm2').as('area')])
    .where('estate_id', '=', estateId)
    .where('kind', '!=', 'parking')
    .executeTakeFirstOrThrow()
  // A count and a sum are bigints and numerics to PostgreSQL's driver, which hands them over as strings.
  return { households: Number(r.households), areaCm2: Number(r.area ?? 0) }
}

/** The owner of a unit with exactly this name on the current roll (names as stored: NFKC, trimmed). */
export async function ownerOfUnitNamed(
  db: Db,
  estateId: string,
  unit: string,
  name: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('unit_owners')
    .innerJoin('units', 'units.id', 'unit_owners.unit_id')
    .innerJoin('owners', 'owners.id', 'unit_owners.owner_id')
    .select(['owners.id'])
    .where('units.estate_id', '=', estateId)
    .where('units.number', '=', unit)
    .where('owners.name', '=', name)
    .executeTakeFirst()
  return row?.id
}

/** The current owners (roll owner ids) of each of the given units of an estate; the developer's units left out. */
export async function currentOwnersOfUnits(
  db: Db,
  estateId: string,
  units: readonly string[],
): Promise<Map<string, Set<number>>> {
  const out = new Map<string, Set<number>>(units.map((u) => [u, new Set()]))
  if (units.length === 0) return out
  const rows = await db
    .selectFrom('units')
    .innerJoin('unit_owners', 'unit_owners.unit_id', 'units.id')
    .select(['units.number', 'unit_owners.owner_id'])
    .where('units.estate_id', '=', estateId)
    .where('units.number', 'in', [...units])
    .where('units.developer_held', '=', 0)
    .execute()
  for (const r of rows) out.get(r.number)?.add(r.owner_id)
  return out
}

/** The numbers of the estate's units the owner holds on the current roll. */
export async function unitsOfOwner(db: Db, estateId: string, ownerId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('unit_owners')
    .innerJoin('units', 'units.id', 'unit_owners.unit_id')
    .select('units.number')
    .where('unit_owners.owner_id', '=', ownerId)
    .where('units.estate_id', '=', estateId)
    .execute()
  return rows.map((r) => r.number)
}

/** A unit of the estate on the current roll: its id and whether the developer holds it. */
export function findUnit(db: Db, estateId: string, unit: string) {
  return db
    .selectFrom('units')
    .select(['id', 'developer_held'])
    .where('estate_id', '=', estateId)
    .where('number', '=', unit)
    .executeTakeFirst()
}

/** A unit's owners in listed order: id, name and the last four of their ID. */
export function ownersOfUnitId(db: Db, unitId: number) {
  return db
    .selectFrom('unit_owners')
    .innerJoin('owners', 'owners.id', 'unit_owners.owner_id')
    .select(['owners.id', 'owners.name', 'owners.id_last4'])
    .where('unit_owners.unit_id', '=', unitId)
    .orderBy('unit_owners.position')
    .execute()
}

/** An owner's name on the roll. */
export async function ownerName(db: Db, ownerId: number): Promise<string> {
  const r = await db.selectFrom('owners').select('name').where('id', '=', ownerId).executeTakeFirstOrThrow()
  return r.name
}

/** The units these owners hold on the current roll, by unit number: owner id and unit number. */
export async function unitsOfOwners(db: Db, ownerIds: readonly number[]) {
  if (ownerIds.length === 0) return []
  const rows = await db
    .selectFrom('unit_owners')
    .innerJoin('units', 'units.id', 'unit_owners.unit_id')
    .select(['unit_owners.owner_id', 'units.number'])
    .where('unit_owners.owner_id', 'in', [...ownerIds])
    .orderBy('units.number')
    .execute()
  return rows.map((r) => ({ ownerId: r.owner_id, unit: r.number }))
}

/** How many units the estate's current roll holds, without loading the roll. */
export async function unitCount(db: Db, estateId: string): Promise<number> {
  const r = await db
    .selectFrom('units')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('estate_id', '=', estateId)
    .executeTakeFirstOrThrow()
  // A count is a bigint, which PostgreSQL's driver hands over as a string.
  return Number(r.n)
}
