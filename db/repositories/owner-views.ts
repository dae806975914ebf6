import type { Transaction } from 'kysely'
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
    .select(['voter', 'receipt', 'channel', 'created_at', 'cast_by', 'proxy_id'])
    .where('meeting_id', '=', meetingId)
    .where('voter', 'in', voters)
    .where('status', '=', 'valid')
    .execute()
  // The casting accounts read apart, by the ids in `cast_by`: a join on a concatenation would be SQL of its own
  // dialect, and there are at most as many as the voters.
  const ids = [
    ...new Set(
      rows.flatMap((r) => (r.cast_by.startsWith('account:') ? [r.cast_by.slice('account:'.length)] : [])),
    ),
  ]
  const accounts =
    ids.length === 0
      ? []
      : await db
          .selectFrom('accounts')
          .leftJoin('owners', 'owners.id', 'accounts.owner_id')
          .select(['accounts.id', 'accounts.display_name', 'owners.name as owner_name'])
          .where('accounts.id', 'in', ids)
          .execute()
  const nameOf = new Map(accounts.map((a) => [`account:${a.id}`, a.owner_name ?? a.display_name ?? null]))
  return rows.map((r) => ({
    voter: r.voter,
    receipt: r.receipt,
    channel: r.channel,
    castAt: r.created_at,
    castBy: r.cast_by,
    proxyId: r.proxy_id,
    name: nameOf.get(r.cast_by) ?? null,
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
