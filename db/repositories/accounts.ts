import type { Db } from '../client'

/** The live accounts of a unit's owners, in the roll's order of owners, with the owners' names as on the roll. */
export function accountsOfUnit(db: Db, estateId: string, unit: string) {
  return db
    .selectFrom('units')
    .innerJoin('unit_owners', 'unit_owners.unit_id', 'units.id')
    .innerJoin('owners', 'owners.id', 'unit_owners.owner_id')
    .innerJoin('accounts', 'accounts.owner_id', 'owners.id')
    .select(['accounts.id', 'owners.name'])
    .where('units.estate_id', '=', estateId)
    .where('units.number', '=', unit)
    .where('accounts.disabled_at', 'is', null)
    .orderBy('unit_owners.position')
    .execute()
}
