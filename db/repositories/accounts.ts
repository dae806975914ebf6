import type { Db } from '../client'
import type { StaffRole } from '../schema'

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

/**
 * What a signed-in account acts as: its kind and name, the owner (and estate) or guardian it stands for, and
 * whether it is disabled (undefined for an unknown account). Read once per session and again after its roles change.
 */
export function accountOfActor(db: Db, accountId: string) {
  return db
    .selectFrom('accounts')
    .leftJoin('owners', 'owners.id', 'accounts.owner_id')
    .select([
      'accounts.id',
      'accounts.kind',
      'accounts.display_name',
      'accounts.owner_id',
      'accounts.guardian_id',
      'accounts.disabled_at',
      'owners.estate_id',
    ])
    .where('accounts.id', '=', accountId)
    .executeTakeFirst()
}

/** The account's live role grants, oldest first; `estateId` null for a platform admin's. */
export async function liveGrantsOfAccount(
  db: Db,
  accountId: string,
): Promise<{ id: number; role: StaffRole; estateId: string | null }[]> {
  const rows = await db
    .selectFrom('role_grants')
    .select(['id', 'role', 'estate_id'])
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .orderBy('id')
    .execute()
  return rows.map((g) => ({ id: g.id, role: g.role, estateId: g.estate_id }))
}

/** Whether the account's activation awaits a supervisor's approval (until then it casts nothing). */
export async function hasPendingApproval(db: Db, accountId: string): Promise<boolean> {
  const row = await db
    .selectFrom('invitation_activations')
    .select('account_id')
    .where('account_id', '=', accountId)
    .where('approval', '=', 'pending')
    .executeTakeFirst()
  return row !== undefined
}
