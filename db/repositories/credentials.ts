import type { Transaction } from 'kysely'
import type { Db } from '../client'
import type { Database } from '../schema'

/** An account's own passkey, revoked or not. */
export function credentialOfAccount(trx: Transaction<Database>, accountId: string, credentialId: string) {
  return trx
    .selectFrom('credentials')
    .select(['id', 'revoked_at'])
    .where('id', '=', credentialId)
    .where('account_id', '=', accountId)
    .executeTakeFirst()
}

export async function revokeCredential(
  trx: Transaction<Database>,
  r: { credentialId: string; at: Date; by: string },
): Promise<void> {
  await trx
    .updateTable('credentials')
    .set({ revoked_at: r.at.toISOString(), revoked_by: r.by })
    .where('id', '=', r.credentialId)
    .execute()
}

/** Ends the account's live sessions signed in with that passkey; their ids. */
export async function endSessionsOfCredential(
  trx: Transaction<Database>,
  e: { accountId: string; credentialId: string; at: Date },
): Promise<string[]> {
  const ended = await trx
    .updateTable('sessions')
    .set({ revoked_at: e.at.toISOString() })
    .where('account_id', '=', e.accountId)
    .where('credential_id', '=', e.credentialId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute()
  return ended.map((s) => s.id)
}

/** An account's live passkeys, oldest first: id, label, when registered and when last used. */
export async function livePasskeysOfAccount(db: Db, accountId: string) {
  const rows = await db
    .selectFrom('credentials')
    .select(['id', 'label', 'created_at', 'last_used_at'])
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at')
    .execute()
  return rows.map((p) => ({ id: p.id, label: p.label, createdAt: p.created_at, lastUsedAt: p.last_used_at }))
}

/** The passkey a session was signed in with, if the session is known. */
export async function credentialOfSession(db: Db, sessionId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('sessions')
    .select('credential_id')
    .where('id', '=', sessionId)
    .executeTakeFirst()
  return row?.credential_id ?? undefined
}

/** Revokes the passkey unless it is revoked already (an earlier revocation keeps its time and author). */
export async function revokeLiveCredential(
  trx: Transaction<Database>,
  credentialId: string,
  r: { at: string; by: string },
): Promise<void> {
  await trx
    .updateTable('credentials')
    .set({ revoked_at: r.at, revoked_by: r.by })
    .where('id', '=', credentialId)
    .where('revoked_at', 'is', null)
    .execute()
}
