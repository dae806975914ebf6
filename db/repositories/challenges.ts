import type { Insertable } from 'kysely'
import type { Db } from '../client'
import type { ChallengesTable } from '../schema'

/**
 * WebAuthn challenges kept on the server (server/auth/challenges.ts says for how long and why). A challenge is
 * taken with DELETE … RETURNING, so that of two racing requests answering the same challenge one gets it at most;
 * the ballot writer takes the ballot's challenge in the transaction that stores the ballot (ballots.ts).
 */

export async function insertChallenge(db: Db, row: Insertable<ChallengesTable>): Promise<void> {
  await db.insertInto('webauthn_challenges').values(row).execute()
}

/** Deletes the challenge of this purpose and answers what it held (expired or not: the caller judges the time). */
export function takeChallenge(db: Db, challenge: string, purpose: string) {
  return db
    .deleteFrom('webauthn_challenges')
    .where('challenge', '=', challenge)
    .where('purpose', '=', purpose)
    .returning(['subject', 'expires_at'])
    .executeTakeFirst()
}

/**
 * What the challenge of this purpose holds, leaving it in place: a ballot's challenge is only read before the
 * signature is checked, and consumed by the writer with the ballot, so a crash in between lets the owner send
 * the same signed ballot again.
 */
export function peekChallenge(db: Db, challenge: string, purpose: string) {
  return db
    .selectFrom('webauthn_challenges')
    .select(['subject', 'expires_at'])
    .where('challenge', '=', challenge)
    .where('purpose', '=', purpose)
    .executeTakeFirst()
}

/** Drops the challenges expired at `at` (ISO time); how many. */
export async function deleteExpiredChallenges(db: Db, at: string): Promise<number> {
  const r = await db.deleteFrom('webauthn_challenges').where('expires_at', '<=', at).executeTakeFirst()
  // A bigint to some drivers, a number to others.
  return Number(r.numDeletedRows)
}
