import type { Insertable, Transaction } from 'kysely'
import type { Db } from '../client'
import type {
  Database,
  DistrictsTable,
  EstateAreasTable,
  EstateOversightTable,
  OversightMonthsTable,
  NewAreaGrant,
  StreetOfficesTable,
} from '../schema'

/**
 * Oversight across estates (domain §11): districts, their street offices, the estates of each, the grants of an
 * area to an account, and each estate's oversight facts as last gathered.
 */

export async function insertDistrict(
  trx: Transaction<Database>,
  row: Insertable<DistrictsTable>,
): Promise<void> {
  await trx.insertInto('districts').values(row).execute()
}

export async function insertStreetOffice(
  trx: Transaction<Database>,
  row: Insertable<StreetOfficesTable>,
): Promise<void> {
  await trx.insertInto('street_offices').values(row).execute()
}

export function districtRow(db: Db, id: string) {
  return db.selectFrom('districts').selectAll().where('id', '=', id).executeTakeFirst()
}

export function streetOfficeRow(db: Db, id: string) {
  return db.selectFrom('street_offices').selectAll().where('id', '=', id).executeTakeFirst()
}

export function allDistricts(db: Db) {
  return db.selectFrom('districts').selectAll().orderBy('id').execute()
}

export function allStreetOffices(db: Db) {
  return db.selectFrom('street_offices').selectAll().orderBy('id').execute()
}

export function estateAreaRow(db: Db, estateId: string) {
  return db.selectFrom('estate_areas').selectAll().where('estate_id', '=', estateId).executeTakeFirst()
}

/** Puts the estate in a street office (or moves it), with whether it may form an assembly. */
export async function upsertEstateArea(
  trx: Transaction<Database>,
  row: Insertable<EstateAreasTable>,
): Promise<void> {
  await trx
    .insertInto('estate_areas')
    .values(row)
    .onConflict((oc) =>
      oc.column('estate_id').doUpdateSet({
        street_office_id: row.street_office_id,
        formation_eligible: row.formation_eligible,
        assigned_at: row.assigned_at,
      }),
    )
    .execute()
}

/** The estates of these street offices, with their names, office and eligibility, by estate id. */
export function estatesOfOffices(db: Db, officeIds: readonly string[]) {
  if (officeIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('estate_areas')
    .innerJoin('estates', 'estates.id', 'estate_areas.estate_id')
    .innerJoin('street_offices', 'street_offices.id', 'estate_areas.street_office_id')
    .select([
      'estates.id as estateId',
      'estates.name as name',
      'estate_areas.street_office_id as streetOfficeId',
      'street_offices.name as streetOfficeName',
      'street_offices.district_id as districtId',
      'estate_areas.formation_eligible as eligible',
    ])
    .where('estate_areas.street_office_id', 'in', officeIds)
    .orderBy('estates.id')
    .execute()
}

export function officesOfDistricts(db: Db, districtIds: readonly string[]) {
  if (districtIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('street_offices')
    .selectAll()
    .where('district_id', 'in', districtIds)
    .orderBy('id')
    .execute()
}

// ---- grants of an area ---------------------------------------------------------------------------------------------

export async function insertAreaGrant(trx: Transaction<Database>, row: NewAreaGrant): Promise<number> {
  const r = await trx.insertInto('area_grants').values(row).returning('id').executeTakeFirstOrThrow()
  return r.id
}

export function liveAreaGrantsOfAccount(db: Db, accountId: string) {
  return db
    .selectFrom('area_grants')
    .select(['id', 'role', 'street_office_id', 'district_id'])
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .orderBy('id')
    .execute()
}

export function areaGrantRow(db: Db, id: number) {
  return db.selectFrom('area_grants').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function revokeAreaGrant(trx: Transaction<Database>, id: number, by: string, at: string) {
  const r = await trx
    .updateTable('area_grants')
    .set({ revoked_by: by, revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

/** The accounts holding a live grant of these street offices or districts (their sessions must reload grants). */
export async function accountsGrantedAreas(
  db: Db,
  officeIds: readonly string[],
  districtIds: readonly string[],
) {
  if (officeIds.length === 0 && districtIds.length === 0) return []
  const rows = await db
    .selectFrom('area_grants')
    .select('account_id')
    .where('revoked_at', 'is', null)
    .where((eb) =>
      eb.or([
        ...(officeIds.length > 0 ? [eb('street_office_id', 'in', officeIds)] : []),
        ...(districtIds.length > 0 ? [eb('district_id', 'in', districtIds)] : []),
      ]),
    )
    .execute()
  return [...new Set(rows.map((r) => r.account_id))]
}

// ---- kept facts ------------------------------------------------------------------------------------------------------

/**
 * The estates among `estateIds` whose kept facts are missing or stale: gathered on an earlier China day than
 * `today`, or before the estate's latest audit entry (every change is audited in its own transaction, so a newer
 * entry means a change). The latest entry is read from the (estate_id, id) index, one seek per estate.
 */
export async function staleEstates(db: Db, estateIds: readonly string[], today: string) {
  if (estateIds.length === 0) return []
  const rows = await db
    .selectFrom('estates')
    .leftJoin('estate_oversight', 'estate_oversight.estate_id', 'estates.id')
    .select((eb) => [
      'estates.id as estateId',
      'estate_oversight.audit_id as keptAt',
      'estate_oversight.gathered_on as gatheredOn',
      eb
        .selectFrom('audit_log')
        .select((e) => e.fn.max('audit_log.id').as('m'))
        .whereRef('audit_log.estate_id', '=', 'estates.id')
        .as('latest'),
    ])
    .where('estates.id', 'in', estateIds)
    .execute()
  return rows
    .filter((r) => r.keptAt === null || r.gatheredOn !== today || Number(r.latest ?? 0) > r.keptAt)
    .map((r) => ({ estateId: r.estateId, latest: Number(r.latest ?? 0) }))
}

export async function keepFacts(db: Db, row: Insertable<EstateOversightTable>): Promise<void> {
  await db
    .insertInto('estate_oversight')
    .values(row)
    .onConflict((oc) =>
      oc.column('estate_id').doUpdateSet({
        facts_json: row.facts_json,
        audit_id: row.audit_id,
        gathered_on: row.gathered_on,
        gathered_at: row.gathered_at,
      }),
    )
    .execute()
}

export function keptFacts(db: Db, estateIds: readonly string[]) {
  if (estateIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('estate_oversight')
    .select(['estate_id', 'facts_json', 'gathered_at'])
    .where('estate_id', 'in', estateIds)
    .execute()
}

export async function keepMonth(db: Db, row: Insertable<OversightMonthsTable>): Promise<void> {
  await db
    .insertInto('oversight_months')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['district_id', 'month'])
        .doUpdateSet({ figures_json: row.figures_json, recorded_at: row.recorded_at }),
    )
    .execute()
}

/** The districts' kept months from `firstMonth` (YYYY-MM) on, oldest first. */
export function keptMonths(db: Db, districtIds: readonly string[], firstMonth: string) {
  if (districtIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('oversight_months')
    .selectAll()
    .where('district_id', 'in', districtIds)
    .where('month', '>=', firstMonth)
    .orderBy('month')
    .execute()
}
