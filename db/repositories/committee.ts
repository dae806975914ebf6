import type { Insertable, Transaction } from 'kysely'
import type { Db } from '../client'
import type {
  CommitteeAlternatesTable,
  CommitteeItemsTable,
  CommitteeMeetingsTable,
  CommitteeMembersTable,
  CommitteeNoticeKind,
  CommitteeNoticesTable,
  CommitteeRoleCode,
  CommitteeTermsTable,
  CommitteeVotesTable,
  Database,
  VacancyReasonCode,
} from '../schema'

/**
 * The committee aggregate (domain §8): terms with their seats and alternates, committee meetings with agenda,
 * attendance and votes, and the notices the committee publishes. Writes take the transaction of their use case.
 */

// ---- terms, members, alternates ---------------------------------------------------------------------------------

export async function insertTerm(trx: Transaction<Database>, row: Insertable<CommitteeTermsTable>) {
  await trx.insertInto('committee_terms').values(row).execute()
}

export async function insertMembers(
  trx: Transaction<Database>,
  rows: readonly Insertable<CommitteeMembersTable>[],
) {
  if (rows.length > 0) await trx.insertInto('committee_members').values(rows).execute()
}

export async function insertAlternates(
  trx: Transaction<Database>,
  rows: readonly Insertable<CommitteeAlternatesTable>[],
) {
  if (rows.length > 0) await trx.insertInto('committee_alternates').values(rows).execute()
}

/** The estate's latest term (the highest 届别), or undefined. */
export function currentTermRow(db: Db, estateId: string) {
  return db
    .selectFrom('committee_terms')
    .selectAll()
    .where('estate_id', '=', estateId)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst()
}

export function termRowById(db: Db, termId: string) {
  return db.selectFrom('committee_terms').selectAll().where('id', '=', termId).executeTakeFirst()
}

/** A term already made from this election, or one of this number in the estate. */
export function clashingTerm(db: Db, estateId: string, number: number, meetingId: string, matterId: string) {
  return db
    .selectFrom('committee_terms')
    .select(['id', 'number', 'meeting_id', 'matter_id'])
    .where((eb) =>
      eb.or([
        eb.and([eb('estate_id', '=', estateId), eb('number', '=', number)]),
        eb.and([eb('meeting_id', '=', meetingId), eb('matter_id', '=', matterId)]),
      ]),
    )
    .executeTakeFirst()
}

/** Every member a term has had, seat order, the sitting one of a seat after those before it. */
export function membersOfTerm(db: Db, termId: string) {
  return db
    .selectFrom('committee_members')
    .selectAll()
    .where('term_id', '=', termId)
    .orderBy('seat')
    .orderBy('seated_at')
    .execute()
}

export function alternatesOfTerm(db: Db, termId: string) {
  return db
    .selectFrom('committee_alternates')
    .selectAll()
    .where('term_id', '=', termId)
    .orderBy('rank')
    .execute()
}

export async function setRole(trx: Transaction<Database>, memberId: string, role: CommitteeRoleCode) {
  await trx.updateTable('committee_members').set({ role }).where('id', '=', memberId).execute()
}

/** The seat of a sitting member falls vacant; whether it was sitting. */
export async function endMember(
  trx: Transaction<Database>,
  memberId: string,
  end: { at: string; reason: VacancyReasonCode; on: string; ref: string | null },
): Promise<boolean> {
  const r = await trx
    .updateTable('committee_members')
    .set({ ended_at: end.at, end_reason: end.reason, end_on: end.on, end_ref: end.ref, role: 'member' })
    .where('id', '=', memberId)
    .where('ended_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function setAlternateStatus(
  trx: Transaction<Database>,
  alternateId: string,
  status: 'seated' | 'lapsed',
  at: string,
) {
  await trx
    .updateTable('committee_alternates')
    .set({ status, changed_at: at })
    .where('id', '=', alternateId)
    .where('status', '=', 'waiting')
    .execute()
}

export async function flagEarlyReelection(trx: Transaction<Database>, termId: string, at: string) {
  await trx
    .updateTable('committee_terms')
    .set({ early_reelection_at: at })
    .where('id', '=', termId)
    .where('early_reelection_at', 'is', null)
    .execute()
}

/** The unit each candidate of an election was entered with (kept beside the eligibility checks). */
export async function candidateUnits(
  db: Db,
  meetingId: string,
  matterId: string,
): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('candidates')
    .select(['id', 'eligibility_json'])
    .where('meeting_id', '=', meetingId)
    .where('matter_id', '=', matterId)
    .execute()
  return new Map(
    rows.map((r) => {
      const e = JSON.parse(r.eligibility_json) as { unit?: unknown }
      return [r.id, typeof e.unit === 'string' ? e.unit : '']
    }),
  )
}

/** The live owner accounts of these roll owners (a member confirms votes with their own passkey). */
export async function ownerAccounts(db: Db, ownerIds: readonly number[]) {
  if (ownerIds.length === 0) return []
  return db
    .selectFrom('accounts')
    .select(['id', 'owner_id'])
    .where('owner_id', 'in', ownerIds)
    .where('kind', '=', 'owner')
    .where('disabled_at', 'is', null)
    .where('guardian_id', 'is', null)
    .execute()
}

/** Phones of roll owners, for the estate's staff (never in a public view). */
export async function ownerPhones(db: Db, ownerIds: readonly number[]): Promise<Map<number, string>> {
  if (ownerIds.length === 0) return new Map()
  const rows = await db.selectFrom('owners').select(['id', 'phone']).where('id', 'in', ownerIds).execute()
  return new Map(rows.map((r) => [r.id, r.phone]))
}

// ---- committee meetings ------------------------------------------------------------------------------------------

export async function insertCommitteeMeeting(
  trx: Transaction<Database>,
  row: Insertable<CommitteeMeetingsTable>,
  items: readonly Insertable<CommitteeItemsTable>[],
) {
  await trx.insertInto('committee_meetings').values(row).execute()
  await trx.insertInto('committee_items').values(items).execute()
}

export function committeeMeetingRow(db: Db, estateId: string, id: string) {
  return db
    .selectFrom('committee_meetings')
    .selectAll()
    .where('id', '=', id)
    .where('estate_id', '=', estateId)
    .executeTakeFirst()
}

export function meetingsOfTerm(db: Db, termId: string) {
  return db
    .selectFrom('committee_meetings')
    .selectAll()
    .where('term_id', '=', termId)
    .orderBy('held_at')
    .execute()
}

export function itemsOfMeeting(db: Db, meetingId: string) {
  return db
    .selectFrom('committee_items')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .orderBy('position')
    .execute()
}

/** The items of a term's meetings, all at once (the seating clock looks for a passed 选举主任、副主任). */
export function itemsOfMeetings(db: Db, meetingIds: readonly string[]) {
  if (meetingIds.length === 0) return Promise.resolve([])
  return db.selectFrom('committee_items').selectAll().where('meeting_id', 'in', meetingIds).execute()
}

export function attendanceOf(db: Db, meetingId: string) {
  return db.selectFrom('committee_attendance').selectAll().where('meeting_id', '=', meetingId).execute()
}

/** The attendance as recorded now: one row per member of the term, present or not. */
export async function replaceAttendance(
  trx: Transaction<Database>,
  meetingId: string,
  rows: readonly { memberId: string; present: boolean }[],
  by: string,
  at: string,
) {
  await trx.deleteFrom('committee_attendance').where('meeting_id', '=', meetingId).execute()
  if (rows.length > 0)
    await trx
      .insertInto('committee_attendance')
      .values(
        rows.map((r) => ({
          meeting_id: meetingId,
          member_id: r.memberId,
          present: r.present ? 1 : 0,
          recorded_by: by,
          recorded_at: at,
        })),
      )
      .execute()
}

export function votesOfMeeting(db: Db, meetingId: string) {
  return db
    .selectFrom('committee_votes')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .orderBy('cast_at')
    .execute()
}

export function voteOf(db: Db, meetingId: string, itemId: string, memberId: string) {
  return db
    .selectFrom('committee_votes')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .where('item_id', '=', itemId)
    .where('member_id', '=', memberId)
    .executeTakeFirst()
}

/** Stores a confirmed vote; false when this member already voted on this item (the unique constraint). */
export async function insertVote(
  trx: Transaction<Database>,
  row: Insertable<CommitteeVotesTable>,
): Promise<boolean> {
  const r = await trx
    .insertInto('committee_votes')
    .values(row)
    .onConflict((oc) => oc.columns(['meeting_id', 'item_id', 'member_id']).doNothing())
    .returning('id')
    .executeTakeFirst()
  return r !== undefined
}

/** Whether the meeting is still scheduled (read inside the transaction that writes to it). */
export async function meetingStillScheduled(trx: Transaction<Database>, meetingId: string) {
  const row = await trx
    .selectFrom('committee_meetings')
    .select('status')
    .where('id', '=', meetingId)
    .executeTakeFirst()
  return row?.status === 'scheduled'
}

/** Closes a scheduled meeting; whether it was scheduled (a second close changes nothing). */
export async function closeCommitteeMeeting(
  trx: Transaction<Database>,
  meetingId: string,
  by: string,
  at: string,
): Promise<boolean> {
  const r = await trx
    .updateTable('committee_meetings')
    .set({ status: 'closed', closed_at: at, closed_by: by })
    .where('id', '=', meetingId)
    .where('status', '=', 'scheduled')
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function setItemOutcome(
  trx: Transaction<Database>,
  meetingId: string,
  itemId: string,
  outcome: 'passed' | 'rejected' | 'below_half',
  count: unknown,
) {
  await trx
    .updateTable('committee_items')
    .set({ outcome, count_json: JSON.stringify(count) })
    .where('meeting_id', '=', meetingId)
    .where('id', '=', itemId)
    .execute()
}

// ---- notices -----------------------------------------------------------------------------------------------------

export async function insertNotice(trx: Transaction<Database>, row: Insertable<CommitteeNoticesTable>) {
  await trx.insertInto('committee_notices').values(row).execute()
}

export function noticesOfEstate(db: Db, estateId: string) {
  return db
    .selectFrom('committee_notices')
    .selectAll()
    .where('estate_id', '=', estateId)
    .orderBy('published_at', 'desc')
    .execute()
}

export function noticesOfTerm(db: Db, termId: string) {
  return db
    .selectFrom('committee_notices')
    .selectAll()
    .where('term_id', '=', termId)
    .orderBy('published_at')
    .execute()
}

export function noticeRow(db: Db, estateId: string, id: string) {
  return db
    .selectFrom('committee_notices')
    .selectAll()
    .where('estate_id', '=', estateId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export function noticeOfMeeting(db: Db, meetingId: string) {
  return db
    .selectFrom('committee_notices')
    .select(['id', 'published_at'])
    .where('committee_meeting_id', '=', meetingId)
    .executeTakeFirst()
}

export type { CommitteeNoticeKind }
