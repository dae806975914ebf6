import { sql, type Transaction } from 'kysely'
import type { Db } from '../client'
import type { Database } from '../schema'

/**
 * What an owner's own view of a meeting reads beyond the meeting itself: who cast each of their voters' valid
 * ballots (a co-owner, a proxy holder, a clerk from paper) and their paper-ballot requests; and the withdrawal of a
 * request not yet handled.
 */

/**
 * The valid ballots of the voters, each with the account that cast it (`cast_by` is `account:<id>` online and by
 * proxy, a clerk's actor on paper) and that account's name: the owner's name on the roll, else the account's own.
 * Never the choices.
 */
export async function castersOfValidBallots(db: Db, meetingId: string, voters: readonly string[]) {
  if (voters.length === 0) return []
  const rows = await db
    .selectFrom('ballots')
    .leftJoin('accounts', (j) => j.on(sql<boolean>`ballots.cast_by = 'account:' || accounts.id`))
    .leftJoin('owners', 'owners.id', 'accounts.owner_id')
    .select([
      'ballots.voter',
      'ballots.receipt',
      'ballots.channel',
      'ballots.created_at',
      'ballots.cast_by',
      'ballots.proxy_id',
      'owners.name as owner_name',
      'accounts.display_name',
    ])
    .where('ballots.meeting_id', '=', meetingId)
    .where('ballots.voter', 'in', voters)
    .where('ballots.status', '=', 'valid')
    .execute()
  return rows.map((r) => ({
    voter: r.voter,
    receipt: r.receipt,
    channel: r.channel,
    castAt: r.created_at,
    castBy: r.cast_by,
    proxyId: r.proxy_id,
    name: r.owner_name ?? r.display_name ?? null,
  }))
}

/** The voters' latest paper-ballot requests (one per voter), with whether a convener has handled them. */
export async function latestPaperRequestsOf(
  db: Db | Transaction<Database>,
  meetingId: string,
  voters: readonly string[],
) {
  if (voters.length === 0) return new Map<string, { id: number; at: string; handled: boolean }>()
  const rows = await db
    .selectFrom('paper_requests')
    .select(['id', 'voter', 'at', 'handled_at'])
    .where('meeting_id', '=', meetingId)
    .where('voter', 'in', voters)
    .orderBy('id')
    .execute()
  const out = new Map<string, { id: number; at: string; handled: boolean }>()
  for (const r of rows) out.set(r.voter, { id: r.id, at: r.at, handled: r.handled_at !== null })
  return out
}

/** Removes the voter's request only while no convener has handled it; the id removed, if any. */
export async function deleteOpenPaperRequest(
  trx: Transaction<Database>,
  meetingId: string,
  voter: string,
): Promise<{ id: number; at: string; account_id: string } | undefined> {
  return trx
    .deleteFrom('paper_requests')
    .where('meeting_id', '=', meetingId)
    .where('voter', '=', voter)
    .where('handled_at', 'is', null)
    .returning(['id', 'at', 'account_id'])
    .executeTakeFirst()
}
