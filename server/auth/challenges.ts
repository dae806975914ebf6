import type { Db } from '../../db/client'
import { deleteExpiredChallenges, insertChallenge, takeChallenge } from '../../db/repositories/challenges'

/**
 * WebAuthn challenges live on the server, expire after five minutes and are consumed atomically with
 * DELETE … RETURNING, so a challenge can be answered once at most, even by two racing requests.
 */
export const CHALLENGE_TTL_MS = 5 * 60 * 1000

/** `committee_vote`: a committee member's vote, confirmed with their passkey like a ballot (server/services/committee-votes.ts). */
export type ChallengePurpose = 'register' | 'authenticate' | 'ballot' | 'committee_vote'

export async function storeChallenge(
  db: Db,
  c: { challenge: string; purpose: ChallengePurpose; subject: string | null; now: Date },
): Promise<void> {
  await insertChallenge(db, {
    challenge: c.challenge,
    purpose: c.purpose,
    subject: c.subject,
    expires_at: new Date(c.now.getTime() + CHALLENGE_TTL_MS).toISOString(),
  })
}

/** Takes the challenge out of the store; undefined when unknown, already used, of another purpose or expired. */
export async function consumeChallenge(
  db: Db,
  challenge: string,
  purpose: ChallengePurpose,
  now: Date,
): Promise<{ subject: string | null } | undefined> {
  const row = await takeChallenge(db, challenge, purpose)
  if (!row || row.expires_at <= now.toISOString()) return undefined
  return { subject: row.subject }
}

/** Housekeeping: drops expired challenges. */
export async function purgeChallenges(db: Db, now: Date): Promise<number> {
  return deleteExpiredChallenges(db, now.toISOString())
}

/** How often the server drops expired challenges (server/main.ts). */
export const CHALLENGE_PURGE_MS = 60 * 1000

/**
 * Drops expired challenges now and every `everyMs`: an unanswered challenge is a row that nobody will consume, so
 * without this they pile up for as long as the server runs. The timer does not keep the process alive.
 */
export function startChallengePurge(
  db: Db,
  options: {
    everyMs?: number
    now?: () => Date
    onError?: (e: unknown) => void
  } = {},
): { stop(): void; purged(): Promise<number> } {
  const now = options.now ?? (() => new Date())
  const onError = options.onError ?? ((e: unknown) => console.error('[challenges] purge failed:', e))
  let running: Promise<number> = Promise.resolve(0)
  const run = () => {
    running = running.then(() =>
      purgeChallenges(db, now()).catch((e: unknown) => {
        onError(e)
        return 0
      }),
    )
  }
  run()
  const timer = setInterval(run, options.everyMs ?? CHALLENGE_PURGE_MS)
  timer.unref()
  return {
    stop: () => clearInterval(timer),
    /** How many the latest run dropped, once it is done (tests; and stopping waits for it). */
    purged: () => running,
  }
}
