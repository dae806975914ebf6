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
