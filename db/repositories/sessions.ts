import type { Insertable } from 'kysely'
import type { Db } from '../client'
import type { SessionsTable } from '../schema'

/**
 * Server-side session rows (server/auth/sessions.ts): the JWT names one, and revoking the row ends the session at
 * once — logout, a role change, a revoked passkey. revokeSessionsOfAccount also runs inside a larger transaction (a
 * role taken away, an approval refused); a passkey's sessions end with it (credentials.ts endSessionsOfCredential).
 */

export async function insertSession(db: Db, row: Insertable<SessionsTable>): Promise<void> {
  await db.insertInto('sessions').values(row).execute()
}

/** Whether the session is known and not revoked (read once per token, then cached by the session service). */
export async function isSessionLive(db: Db, sessionId: string): Promise<boolean> {
  const row = await db
    .selectFrom('sessions')
    .select(['revoked_at'])
    .where('id', '=', sessionId)
    .executeTakeFirst()
  return row !== undefined && row.revoked_at === null
}

/** Revokes the session unless it is revoked already (an earlier revocation keeps its time). */
export async function revokeSessionRow(db: Db, sessionId: string, at: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute()
}

/** Revokes the account's live sessions, alone or in the caller's transaction; their ids (the session service takes note of them). */
export async function revokeSessionsOfAccount(db: Db, accountId: string, at: string): Promise<string[]> {
  const rows = await db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute()
  return rows.map((r) => r.id)
}
