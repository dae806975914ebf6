import type { Insertable, Transaction } from 'kysely'
import type { Db } from '../client'
import type { AccountsTable, Database, EnrollmentsTable, RoleGrantsTable, StaffRole } from '../schema'

/**
 * Staff and their roles: staff accounts, the enrollment links that register their first passkey, and the role
 * grants (a role of one estate, or of the platform when the estate is null) with their revocations.
 */

export async function insertAccount(
  trx: Transaction<Database>,
  row: Insertable<AccountsTable>,
): Promise<void> {
  await trx.insertInto('accounts').values(row).execute()
}

export async function accountKind(db: Db, accountId: string): Promise<'owner' | 'staff' | undefined> {
  const row = await db.selectFrom('accounts').select('kind').where('id', '=', accountId).executeTakeFirst()
  return row?.kind
}

// ---- enrollment links ---------------------------------------------------------------------------------------------

/** Ends the account's unused links: one live link per account. */
export async function revokeUnusedEnrollments(
  trx: Transaction<Database>,
  accountId: string,
  at: string,
): Promise<void> {
  await trx
    .updateTable('enrollments')
    .set({ revoked_at: at })
    .where('account_id', '=', accountId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute()
}

export async function insertEnrollment(
  trx: Transaction<Database>,
  row: Insertable<EnrollmentsTable>,
): Promise<void> {
  await trx.insertInto('enrollments').values(row).execute()
}

/** The link of a token's hash, with its account's name and whether the account is disabled. */
export function enrollmentByTokenHash(db: Db, tokenHash: string) {
  return db
    .selectFrom('enrollments')
    .innerJoin('accounts', 'accounts.id', 'enrollments.account_id')
    .select([
      'enrollments.id',
      'enrollments.account_id',
      'enrollments.expires_at',
      'enrollments.used_at',
      'enrollments.revoked_at',
      'accounts.display_name',
      'accounts.disabled_at',
    ])
    .where('enrollments.token_hash', '=', tokenHash)
    .executeTakeFirst()
}

/**
 * Marks a link used if it is still unused, unrevoked and unexpired at `at`: single use even against two racing
 * phones, since only one update finds it unused. Whether it applied.
 */
export async function useEnrollment(trx: Transaction<Database>, id: string, at: string): Promise<boolean> {
  const r = await trx
    .updateTable('enrollments')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

// ---- role grants --------------------------------------------------------------------------------------------------

/** The live grant of this role to the account in this estate (or on the platform), if any. */
export async function liveGrantId(
  db: Db,
  g: { accountId: string; role: StaffRole; estateId: string | null },
): Promise<number | undefined> {
  const row = await db
    .selectFrom('role_grants')
    .select('id')
    .where('account_id', '=', g.accountId)
    .where('role', '=', g.role)
    .where((eb) => (g.estateId === null ? eb('estate_id', 'is', null) : eb('estate_id', '=', g.estateId)))
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return row?.id
}

export async function insertGrant(
  trx: Transaction<Database>,
  row: Insertable<RoleGrantsTable>,
): Promise<number> {
  const r = await trx.insertInto('role_grants').values(row).returning('id').executeTakeFirstOrThrow()
  return r.id
}

/** The roles an account holds now, anywhere. */
export async function liveRoles(db: Db, accountId: string): Promise<StaffRole[]> {
  const rows = await db
    .selectFrom('role_grants')
    .select('role')
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .execute()
  return rows.map((r) => r.role)
}

export function findGrant(db: Db, estateId: string, grantId: number) {
  return db
    .selectFrom('role_grants')
    .selectAll()
    .where('id', '=', grantId)
    .where('estate_id', '=', estateId)
    .executeTakeFirst()
}

export async function revokeGrantRow(
  trx: Transaction<Database>,
  id: number,
  r: { at: string; by: string },
): Promise<void> {
  await trx
    .updateTable('role_grants')
    .set({ revoked_at: r.at, revoked_by: r.by })
    .where('id', '=', id)
    .execute()
}

/** An estate's grants, live and revoked, with the account's name and how many live passkeys it has. */
export async function grantsOfEstate(db: Db, estateId: string) {
  const rows = await db
    .selectFrom('role_grants')
    .innerJoin('accounts', 'accounts.id', 'role_grants.account_id')
    .select([
      'role_grants.id',
      'role_grants.account_id',
      'role_grants.role',
      'role_grants.granted_at',
      'role_grants.granted_by',
      'role_grants.revoked_at',
      'accounts.display_name',
    ])
    .select((eb) =>
      eb
        .selectFrom('credentials')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('credentials.account_id', '=', 'role_grants.account_id')
        .where('credentials.revoked_at', 'is', null)
        .as('passkeys'),
    )
    .where('role_grants.estate_id', '=', estateId)
    .orderBy('role_grants.id')
    .execute()
  return rows.map((r) => ({
    grantId: r.id,
    accountId: r.account_id,
    displayName: r.display_name,
    role: r.role,
    grantedAt: r.granted_at,
    grantedBy: r.granted_by,
    revokedAt: r.revoked_at,
    passkeys: Number(r.passkeys ?? 0),
  }))
}

// ---- what ends with a role or a lost phone ------------------------------------------------------------------------

/** Revokes the account's live passkeys; how many. */
export async function revokeLivePasskeys(
  trx: Transaction<Database>,
  accountId: string,
  r: { at: string; by: string },
): Promise<number> {
  const rows = await trx
    .updateTable('credentials')
    .set({ revoked_at: r.at, revoked_by: r.by })
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute()
  return rows.length
}
