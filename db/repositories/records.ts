import type { Insertable, Transaction } from 'kysely'
import type { Db } from '../client'
import type {
  AttachmentPurpose,
  AttachmentsTable,
  Database,
  ObjectionsTable,
  PaperRequestsTable,
  ProxiesTable,
  ServiceMethod,
  ServiceRecordsTable,
  SignoffsTable,
} from '../schema'

/**
 * The other records of a meeting: attachments, proxies (§6.4), service (§6.5), owners' requests for a paper
 * ballot, objections to the preliminary result and the supervisors' sign-offs.
 */

// ---- attachments ----------------------------------------------------------------------------------------------

export async function insertAttachment(
  trx: Transaction<Database>,
  row: Insertable<AttachmentsTable>,
): Promise<void> {
  await trx.insertInto('attachments').values(row).execute()
}

/** An attachment of the meeting, with its bytes. */
export function findAttachment(db: Db, meetingId: string, id: string) {
  return db
    .selectFrom('attachments')
    .selectAll()
    .where('id', '=', id)
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst()
}

/** Whether the meeting holds this attachment, uploaded for this purpose. */
export async function hasAttachment(
  db: Db,
  meetingId: string,
  id: string,
  purpose: AttachmentPurpose,
): Promise<boolean> {
  const doc = await db
    .selectFrom('attachments')
    .select('id')
    .where('id', '=', id)
    .where('meeting_id', '=', meetingId)
    .where('purpose', '=', purpose)
    .executeTakeFirst()
  return doc !== undefined
}

// ---- proxies ---------------------------------------------------------------------------------------------------

/** Whether the voter has a valid ballot in the meeting (read in the transaction that records a proxy). */
export async function hasValidBallot(
  trx: Transaction<Database>,
  meetingId: string,
  voter: string,
): Promise<boolean> {
  const row = await trx
    .selectFrom('ballots')
    .select('id')
    .where('meeting_id', '=', meetingId)
    .where('voter', '=', voter)
    .where('status', '=', 'valid')
    .executeTakeFirst()
  return row !== undefined
}

export async function hasActiveProxy(
  trx: Transaction<Database>,
  meetingId: string,
  voter: string,
): Promise<boolean> {
  const row = await trx
    .selectFrom('proxies')
    .select('id')
    .where('meeting_id', '=', meetingId)
    .where('voter', '=', voter)
    .where('status', '=', 'active')
    .executeTakeFirst()
  return row !== undefined
}

/** How many principals the holder acts or acted for in the meeting (active and used proxies). */
export async function proxiesHeldCount(
  trx: Transaction<Database>,
  meetingId: string,
  holderAccountId: string,
): Promise<number> {
  const held = await trx
    .selectFrom('proxies')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('meeting_id', '=', meetingId)
    .where('holder_account_id', '=', holderAccountId)
    .where('status', 'in', ['active', 'used'])
    .executeTakeFirstOrThrow()
  // A count is a bigint to PostgreSQL's driver, which hands it over as a string.
  return Number(held.n)
}

export async function insertProxy(trx: Transaction<Database>, row: Insertable<ProxiesTable>): Promise<void> {
  await trx.insertInto('proxies').values(row).execute()
}

/** Revokes the proxy only while it is active (a used one stands); whether it applied. */
export async function revokeActiveProxy(
  trx: Transaction<Database>,
  meetingId: string,
  proxyId: string,
  r: { at: string; by: string },
): Promise<boolean> {
  const updated = await trx
    .updateTable('proxies')
    .set({ status: 'revoked', ended_at: r.at, ended_by: r.by })
    .where('id', '=', proxyId)
    .where('meeting_id', '=', meetingId)
    .where('status', '=', 'active')
    .executeTakeFirst()
  return Number(updated.numUpdatedRows) === 1
}

/** The meeting's proxies in the order recorded, with the holder's name; whether directed, never the directions. */
export async function proxiesOfMeeting(db: Db, meetingId: string) {
  const rows = await db
    .selectFrom('proxies')
    .innerJoin('accounts', 'accounts.id', 'proxies.holder_account_id')
    .select([
      'proxies.id',
      'proxies.voter',
      'proxies.holder_account_id',
      'accounts.display_name',
      'proxies.directions_json',
      'proxies.status',
      'proxies.created_at',
      'proxies.ended_at',
    ])
    .where('proxies.meeting_id', '=', meetingId)
    .orderBy('proxies.created_at')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    voter: r.voter,
    holderAccountId: r.holder_account_id,
    holder: r.display_name,
    directed: r.directions_json !== null,
    status: r.status,
    createdAt: r.created_at,
    endedAt: r.ended_at,
  }))
}

// ---- service (送达) ---------------------------------------------------------------------------------------------

export async function hasServiceRecord(
  trx: Transaction<Database>,
  meetingId: string,
  voter: string,
  method: ServiceMethod,
): Promise<boolean> {
  const row = await trx
    .selectFrom('service_records')
    .select('id')
    .where('meeting_id', '=', meetingId)
    .where('voter', '=', voter)
    .where('method', '=', method)
    .executeTakeFirst()
  return row !== undefined
}

export async function insertServiceRecord(
  trx: Transaction<Database>,
  row: Insertable<ServiceRecordsTable>,
): Promise<void> {
  await trx.insertInto('service_records').values(row).execute()
}

/** The voters of the meeting with service recorded by any method. */
export async function servedVotersOf(db: Db, meetingId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('service_records')
    .select('voter')
    .where('meeting_id', '=', meetingId)
    .execute()
  return new Set(rows.map((r) => r.voter))
}

// ---- paper-ballot requests -------------------------------------------------------------------------------------

/** The voter's request not yet handled, if any. */
export async function openPaperRequest(
  trx: Transaction<Database>,
  meetingId: string,
  voter: string,
): Promise<number | undefined> {
  const row = await trx
    .selectFrom('paper_requests')
    .select('id')
    .where('meeting_id', '=', meetingId)
    .where('voter', '=', voter)
    .where('handled_at', 'is', null)
    .executeTakeFirst()
  return row?.id
}

export async function insertPaperRequest(
  trx: Transaction<Database>,
  row: Insertable<PaperRequestsTable>,
): Promise<number> {
  const r = await trx.insertInto('paper_requests').values(row).returning('id').executeTakeFirstOrThrow()
  return r.id
}

/** Marks the request handled only while it is open; whether it applied. */
export async function handleOpenPaperRequest(
  trx: Transaction<Database>,
  meetingId: string,
  requestId: number,
  r: { at: string; by: string },
): Promise<boolean> {
  const u = await trx
    .updateTable('paper_requests')
    .set({ handled_at: r.at, handled_by: r.by })
    .where('id', '=', requestId)
    .where('meeting_id', '=', meetingId)
    .where('handled_at', 'is', null)
    .executeTakeFirst()
  return Number(u.numUpdatedRows) === 1
}

export async function paperRequestsOf(db: Db, meetingId: string) {
  const rows = await db
    .selectFrom('paper_requests')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    voter: r.voter,
    at: r.at,
    handledAt: r.handled_at,
    handledBy: r.handled_by,
  }))
}

// ---- objections and sign-offs ----------------------------------------------------------------------------------

export async function insertObjection(
  trx: Transaction<Database>,
  row: Insertable<ObjectionsTable>,
): Promise<number> {
  const r = await trx.insertInto('objections').values(row).returning('id').executeTakeFirstOrThrow()
  return r.id
}

/** Answers the objection only while it is unanswered; whether it applied. */
export async function answerOpenObjection(
  trx: Transaction<Database>,
  meetingId: string,
  objectionId: number,
  a: { answer: string; at: string; by: string },
): Promise<boolean> {
  const r = await trx
    .updateTable('objections')
    .set({ answer: a.answer, answered_by: a.by, answered_at: a.at })
    .where('id', '=', objectionId)
    .where('meeting_id', '=', meetingId)
    .where('answer', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function objectionsOf(db: Db, meetingId: string) {
  const rows = await db
    .selectFrom('objections')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    role: r.role,
    text: r.text,
    at: r.at,
    answer: r.answer,
    answeredAt: r.answered_at,
  }))
}

export async function insertSignoff(
  trx: Transaction<Database>,
  row: Insertable<SignoffsTable>,
): Promise<void> {
  await trx.insertInto('signoffs').values(row).execute()
}
