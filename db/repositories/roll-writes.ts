import type { Insertable, Transaction, Updateable } from 'kysely'
import type { Database, RollChangesTable, UnitOwnersTable, UnitsTable } from '../schema'

/**
 * The roll import's writes (services/import-roll.ts), each inside the import's one transaction: the roll is
 * written all or nothing, together with its audit entry and import record. Each function writes one batch; the
 * service sizes the batches (SQLite's bound-parameter limit) and yields to the event loop between them.
 */

/** Adds the buildings of these names the estate lacks; existing rows stay, so their ids stay stable. */
export async function insertMissingBuildings(
  trx: Transaction<Database>,
  estateId: string,
  names: readonly string[],
): Promise<void> {
  await trx
    .insertInto('buildings')
    .values(names.map((name) => ({ estate_id: estateId, name })))
    .onConflict((oc) => oc.columns(['estate_id', 'name']).doNothing())
    .execute()
}

/** The estate's buildings: id by name. */
export async function buildingIdsByName(
  trx: Transaction<Database>,
  estateId: string,
): Promise<Map<string, number>> {
  const rows = await trx
    .selectFrom('buildings')
    .select(['id', 'name'])
    .where('estate_id', '=', estateId)
    .execute()
  return new Map(rows.map((b) => [b.name, b.id]))
}

/** The estate's owners as the import matches them (name and the last four of their ID) and their phones. */
export async function ownersOfEstate(
  trx: Transaction<Database>,
  estateId: string,
): Promise<{ id: number; name: string; idLast4: string; phone: string }[]> {
  const rows = await trx
    .selectFrom('owners')
    .select(['id', 'name', 'id_last4', 'phone'])
    .where('estate_id', '=', estateId)
    .execute()
  return rows.map((o) => ({ id: o.id, name: o.name, idLast4: o.id_last4, phone: o.phone }))
}

/** Adds owners new to the estate; their ids with what identifies them. */
export async function insertOwners(
  trx: Transaction<Database>,
  estateId: string,
  owners: readonly { name: string; idLast4: string; phone: string }[],
): Promise<{ id: number; name: string; idLast4: string }[]> {
  const rows = await trx
    .insertInto('owners')
    .values(owners.map((o) => ({ estate_id: estateId, name: o.name, id_last4: o.idLast4, phone: o.phone })))
    .returning(['id', 'name', 'id_last4'])
    .execute()
  return rows.map((o) => ({ id: o.id, name: o.name, idLast4: o.id_last4 }))
}

/**
 * A re-import changed the owner's phone: the new one, and when it changed (an activation through a changed phone
 * also needs a supervisor's approval, services/activation.ts).
 */
export async function changeOwnerPhone(
  trx: Transaction<Database>,
  ownerId: number,
  phone: string,
  at: string,
): Promise<void> {
  await trx.updateTable('owners').set({ phone, phone_changed_at: at }).where('id', '=', ownerId).execute()
}

/** Removes units from the roll (their owners' links go with them). */
export async function deleteUnits(trx: Transaction<Database>, unitIds: readonly number[]): Promise<void> {
  await trx.deleteFrom('units').where('id', 'in', unitIds).execute()
}

/** Adds units; their ids by number. */
export async function insertUnits(
  trx: Transaction<Database>,
  rows: readonly Insertable<UnitsTable>[],
): Promise<Map<string, number>> {
  const inserted = await trx.insertInto('units').values(rows).returning(['id', 'number']).execute()
  return new Map(inserted.map((r) => [r.number, r.id]))
}

/** Changes a unit in place (its id stays) and drops its owners' links, which the import then adds again. */
export async function rewriteUnit(
  trx: Transaction<Database>,
  unitId: number,
  values: Updateable<UnitsTable>,
): Promise<void> {
  await trx.updateTable('units').set(values).where('id', '=', unitId).execute()
  await trx.deleteFrom('unit_owners').where('unit_id', '=', unitId).execute()
}

/** Links units to their owners in listed order. */
export async function insertUnitOwners(
  trx: Transaction<Database>,
  links: readonly Insertable<UnitOwnersTable>[],
): Promise<void> {
  await trx.insertInto('unit_owners').values(links).execute()
}

/** Records dated changes of units (after a meeting froze a snapshot, every difference an import makes). */
export async function insertRollChanges(
  trx: Transaction<Database>,
  rows: readonly Insertable<RollChangesTable>[],
): Promise<void> {
  await trx.insertInto('roll_changes').values(rows).execute()
}
