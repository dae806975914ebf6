import type { Insertable, Transaction } from 'kysely'
import type { Db } from '../client'
import type {
  Database,
  EstateDocumentsTable,
  GuardiansTable,
  RepresentativeNominationsTable,
  RepresentativesTable,
} from '../schema'

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

// ---- documents ------------------------------------------------------------------------------------------------

export async function insertEstateDocument(
  trx: Transaction<Database>,
  row: Insertable<EstateDocumentsTable>,
): Promise<void> {
  await trx.insertInto('estate_documents').values(row).execute()
}

/** A document of the estate, with its bytes. */
export function findEstateDocument(db: Db, estateId: string, id: string) {
  return db
    .selectFrom('estate_documents')
    .selectAll()
    .where('id', '=', id)
    .where('estate_id', '=', estateId)
    .executeTakeFirst()
}

/** Whether the estate holds this document, uploaded for this purpose. */
export async function hasEstateDocument(
  db: Db,
  estateId: string,
  id: string,
  purpose: EstateDocumentsTable['purpose'],
): Promise<boolean> {
  const doc = await db
    .selectFrom('estate_documents')
    .select('id')
    .where('id', '=', id)
    .where('estate_id', '=', estateId)
    .where('purpose', '=', purpose)
    .executeTakeFirst()
  return doc !== undefined
}

// ---- representatives ------------------------------------------------------------------------------------------

/** The unit's live representative, if one is named. */
export function liveRepresentative(db: Db, estateId: string, unit: string) {
  return db
    .selectFrom('representatives')
    .selectAll()
    .where('estate_id', '=', estateId)
    .where('unit_number', '=', unit)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
}

/** Ends the unit's live representatives; their ids and owners. */
export function endRepresentatives(
  trx: Transaction<Database>,
  estateId: string,
  unit: string,
  r: { at: string; by: string },
) {
  return trx
    .updateTable('representatives')
    .set({ revoked_at: r.at, revoked_by: r.by })
    .where('estate_id', '=', estateId)
    .where('unit_number', '=', unit)
    .where('revoked_at', 'is', null)
    .returning(['id', 'owner_id'])
    .execute()
}

export async function insertRepresentative(
  trx: Transaction<Database>,
  row: Insertable<RepresentativesTable>,
): Promise<number> {
  const r = await trx.insertInto('representatives').values(row).returning('id').executeTakeFirstOrThrow()
  return r.id
}

/** Ends a live representative of the estate; its unit, or nothing when none with this id is in force. */
export async function revokeRepresentativeRow(
  trx: Transaction<Database>,
  estateId: string,
  id: number,
  r: { at: string; by: string },
): Promise<string | undefined> {
  const row = await trx
    .updateTable('representatives')
    .set({ revoked_at: r.at, revoked_by: r.by })
    .where('id', '=', id)
    .where('estate_id', '=', estateId)
    .where('revoked_at', 'is', null)
    .returning(['unit_number'])
    .executeTakeFirst()
  return row?.unit_number
}

export async function insertNomination(
  trx: Transaction<Database>,
  row: Insertable<RepresentativeNominationsTable>,
): Promise<void> {
  await trx.insertInto('representative_nominations').values(row).execute()
}

/** Each co-owner's latest nomination for the unit: nominating owner → the owner nominated. */
export async function latestNominations(
  trx: Transaction<Database>,
  estateId: string,
  unit: string,
): Promise<Map<number, number>> {
  const rows = await trx
    .selectFrom('representative_nominations')
    .select(['by_owner_id', 'nominee_owner_id'])
    .where('estate_id', '=', estateId)
    .where('unit_number', '=', unit)
    .orderBy('id')
    .execute()
  const latest = new Map<number, number>()
  for (const r of rows) latest.set(r.by_owner_id, r.nominee_owner_id)
  return latest
}

/** The estate's live representatives by unit, with the owner's name. */
export function representativesOfEstate(db: Db, estateId: string) {
  return db
    .selectFrom('representatives')
    .innerJoin('owners', 'owners.id', 'representatives.owner_id')
    .select([
      'representatives.id',
      'representatives.unit_number',
      'representatives.source',
      'representatives.document_id',
      'representatives.recorded_at',
      'owners.name',
    ])
    .where('representatives.estate_id', '=', estateId)
    .where('representatives.revoked_at', 'is', null)
    .orderBy('representatives.unit_number')
    .execute()
}

// ---- guardians ------------------------------------------------------------------------------------------------

/** The live guardians of these owners of the estate. */
export function liveGuardiansOfOwners(db: Db, estateId: string, ownerIds: readonly number[]) {
  return db
    .selectFrom('guardians')
    .select(['id', 'owner_id', 'name', 'relation', 'recorded_at'])
    .where('estate_id', '=', estateId)
    .where('owner_id', 'in', ownerIds.length > 0 ? [...ownerIds] : [-1])
    .where('revoked_at', 'is', null)
    .execute()
}

/** Whether the owner has a live guardian (read in the transaction that records one). */
export async function hasLiveGuardian(trx: Transaction<Database>, ownerId: number): Promise<boolean> {
  const live = await trx
    .selectFrom('guardians')
    .select('id')
    .where('owner_id', '=', ownerId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return live !== undefined
}

export async function insertGuardian(
  trx: Transaction<Database>,
  row: Insertable<GuardiansTable>,
): Promise<number> {
  const r = await trx.insertInto('guardians').values(row).returning('id').executeTakeFirstOrThrow()
  return r.id
}

/** Ends a live guardian of the estate; the ward's owner id, or nothing when none with this id is in force. */
export async function revokeGuardianRow(
  trx: Transaction<Database>,
  estateId: string,
  id: number,
  r: { at: string; by: string },
): Promise<number | undefined> {
  const g = await trx
    .updateTable('guardians')
    .set({ revoked_at: r.at, revoked_by: r.by })
    .where('id', '=', id)
    .where('estate_id', '=', estateId)
    .where('revoked_at', 'is', null)
    .returning(['owner_id'])
    .executeTakeFirst()
  return g?.owner_id
}

/** The estate's live guardians, in the order recorded, with the ward's name. */
export function guardiansOfEstate(db: Db, estateId: string) {
  return db
    .selectFrom('guardians')
    .innerJoin('owners', 'owners.id', 'guardians.owner_id')
    .select([
      'guardians.id',
      'guardians.owner_id',
      'guardians.name',
      'guardians.relation',
      'guardians.document_id',
      'guardians.recorded_at',
      'owners.name as ward',
    ])
    .where('guardians.estate_id', '=', estateId)
    .where('guardians.revoked_at', 'is', null)
    .orderBy('guardians.id')
    .execute()
}

/** The live guardian of each of the given owners, for activation (matched by name and the last four). */
export async function liveGuardiansForActivation(db: Db, ownerIds: readonly number[]) {
  if (ownerIds.length === 0) return []
  return db
    .selectFrom('guardians')
    .select(['id', 'owner_id', 'name', 'id_last4'])
    .where('owner_id', 'in', [...ownerIds])
    .where('revoked_at', 'is', null)
    .execute()
}

// ---- the owner's account changing hands -----------------------------------------------------------------------

/**
 * Gives the owner's account to another holder (a guardian, or the owner again): its passkeys and sessions end,
 * and who holds it is recorded. Nothing when the owner has no account.
 */
export async function handOverAccount(
  trx: Transaction<Database>,
  ownerId: number,
  to: { guardianId: number | null; displayName: string },
  r: { at: string; by: string },
): Promise<{ credentials: number; sessions: string[] }> {
  const account = await trx
    .selectFrom('accounts')
    .select('id')
    .where('owner_id', '=', ownerId)
    .executeTakeFirst()
  if (!account) return { credentials: 0, sessions: [] }
  await trx
    .updateTable('accounts')
    .set({ guardian_id: to.guardianId, display_name: to.displayName })
    .where('id', '=', account.id)
    .execute()
  const creds = await trx
    .updateTable('credentials')
    .set({ revoked_at: r.at, revoked_by: r.by })
    .where('account_id', '=', account.id)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute()
  const sessions = await trx
    .updateTable('sessions')
    .set({ revoked_at: r.at })
    .where('account_id', '=', account.id)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute()
  return { credentials: creds.length, sessions: sessions.map((s) => s.id) }
}
