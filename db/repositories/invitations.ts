import type { Insertable, Transaction } from 'kysely'
import type { Db } from '../client'
import type { Database, InvitationsTable } from '../schema'

/**
 * Invitations (the activation letters of a voter's owners) and the owners' own sign-in means that a letter's
 * re-issue or a take-over touches: their accounts' passkeys and sessions, and the phones on the roll.
 */

/** Ends the voter's live letter, if any; whether there was one (the new letter is then a re-issue). */
export async function revokeLiveInvitation(
  trx: Transaction<Database>,
  estateId: string,
  voterUnit: string,
  r: { at: string; by: string },
): Promise<boolean> {
  const old = await trx
    .updateTable('invitations')
    .set({ revoked_at: r.at, revoked_by: r.by })
    .where('estate_id', '=', estateId)
    .where('voter_unit', '=', voterUnit)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute()
  return old.length > 0
}

export async function insertInvitation(
  trx: Transaction<Database>,
  row: Insertable<InvitationsTable>,
): Promise<void> {
  await trx.insertInto('invitations').values(row).execute()
}

/** The live letter of each voter of the estate that has one: when issued, until when, whether locked. */
export function liveInvitations(db: Db, estateId: string) {
  return db
    .selectFrom('invitations')
    .select(['voter_unit', 'created_at', 'expires_at', 'locked_at'])
    .where('estate_id', '=', estateId)
    .where('revoked_at', 'is', null)
    .execute()
}

/** Whether any of these owners' accounts has a live passkey. */
export async function ownersHaveLivePasskeys(db: Db, ownerIds: readonly number[]): Promise<boolean> {
  if (ownerIds.length === 0) return false
  const row = await db
    .selectFrom('credentials')
    .innerJoin('accounts', 'accounts.id', 'credentials.account_id')
    .select('credentials.id')
    .where('accounts.owner_id', 'in', [...ownerIds])
    .where('credentials.revoked_at', 'is', null)
    .executeTakeFirst()
  return row !== undefined
}

/** The phones on the roll of these owners, as digits, the empty ones left out. */
export async function ownersPhones(db: Db, ownerIds: readonly number[]): Promise<string[]> {
  if (ownerIds.length === 0) return []
  const rows = await db
    .selectFrom('owners')
    .select('phone')
    .where('id', 'in', [...ownerIds])
    .execute()
  return rows.map((r) => r.phone.replace(/\D/g, '')).filter((p) => p.length > 0)
}

/** The owners of an estate whose account has a live passkey. */
export async function ownersWithPasskey(db: Db, estateId: string): Promise<Set<number>> {
  const rows = await db
    .selectFrom('accounts')
    .innerJoin('owners', 'owners.id', 'accounts.owner_id')
    .select('accounts.owner_id')
    .where('owners.estate_id', '=', estateId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('credentials')
          .select('credentials.id')
          .whereRef('credentials.account_id', '=', 'accounts.id')
          .where('credentials.revoked_at', 'is', null),
      ),
    )
    .execute()
  return new Set(rows.map((a) => a.owner_id).filter((id): id is number => id !== null))
}

/** Revokes the live passkeys and ends the live sessions of these owners' accounts. */
export async function revokeOwnersAccess(
  trx: Transaction<Database>,
  ownerIds: readonly number[],
  r: { at: string; by: string },
): Promise<{ credentials: number; sessions: string[] }> {
  if (ownerIds.length === 0) return { credentials: 0, sessions: [] }
  const accounts = await trx
    .selectFrom('accounts')
    .select('id')
    .where('owner_id', 'in', [...ownerIds])
    .execute()
  if (accounts.length === 0) return { credentials: 0, sessions: [] }
  const ids = accounts.map((a) => a.id)
  const creds = await trx
    .updateTable('credentials')
    .set({ revoked_at: r.at, revoked_by: r.by })
    .where('account_id', 'in', ids)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute()
  const sessions = await trx
    .updateTable('sessions')
    .set({ revoked_at: r.at })
    .where('account_id', 'in', ids)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute()
  return { credentials: creds.length, sessions: sessions.map((s) => s.id) }
}
