import type { Db } from '../client'

/**
 * Those who hold a unit's vote besides its owners: the representatives the co-owners named (指导规则 art. 25), the
 * guardians recorded for an owner (民法典 arts. 23, 34), and the documents that evidence them.
 */

/** The live named representatives of these units of an estate: unit, owner id and the owner's name. */
export async function liveRepresentativesOfUnits(db: Db, estateId: string, units: readonly string[]) {
  if (units.length === 0) return []
  const rows = await db
    .selectFrom('representatives')
    .innerJoin('owners', 'owners.id', 'representatives.owner_id')
    .select(['representatives.unit_number', 'representatives.owner_id', 'owners.name'])
    .where('representatives.estate_id', '=', estateId)
    .where('representatives.unit_number', 'in', [...units])
    .where('representatives.revoked_at', 'is', null)
    .execute()
  return rows.map((r) => ({ unit: r.unit_number, ownerId: r.owner_id, name: r.name }))
}

/** The live representative of each of these units of an estate that has one: unit and owner id. */
export async function representativeOwnersOfUnits(db: Db, estateId: string, units: readonly string[]) {
  if (units.length === 0) return []
  const rows = await db
    .selectFrom('representatives')
    .select(['unit_number', 'owner_id'])
    .where('estate_id', '=', estateId)
    .where('unit_number', 'in', [...units])
    .where('revoked_at', 'is', null)
    .execute()
  return rows.map((r) => ({ unit: r.unit_number, ownerId: r.owner_id }))
}

/** The nominations an owner made for these units of an estate, in the order made: unit and the owner named. */
export async function nominationsBy(db: Db, estateId: string, units: readonly string[], byOwnerId: number) {
  if (units.length === 0) return []
  const rows = await db
    .selectFrom('representative_nominations')
    .select(['unit_number', 'nominee_owner_id'])
    .where('estate_id', '=', estateId)
    .where('unit_number', 'in', [...units])
    .where('by_owner_id', '=', byOwnerId)
    .orderBy('id')
    .execute()
  return rows.map((n) => ({ unit: n.unit_number, nomineeOwnerId: n.nominee_owner_id }))
}
