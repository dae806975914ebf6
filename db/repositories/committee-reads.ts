import type { Db } from '../client'

/**
 * What formation and the filing read of the committee (domain §§7.5–7.6, 8), read-only: the term made from the
 * formation's election with its members, the committee meeting whose 选举主任、副主任 set the officers, and the
 * members' notice. The committee's own writes are db/repositories/committee.ts's.
 */

/** The term made from this election (a meeting's elect_committee matter), if any. */
export function termOfElection(db: Db, meetingId: string, matterId?: string) {
  let q = db.selectFrom('committee_terms').selectAll().where('meeting_id', '=', meetingId)
  if (matterId !== undefined) q = q.where('matter_id', '=', matterId)
  return q.orderBy('number', 'desc').limit(1).executeTakeFirst()
}

/** The members sitting now in a term, in seat order. */
export function sittingMembers(db: Db, termId: string) {
  return db
    .selectFrom('committee_members')
    .selectAll()
    .where('term_id', '=', termId)
    .where('ended_at', 'is', null)
    .orderBy('seat')
    .execute()
}

/**
 * The first closed committee meeting of the term at which a 选举主任、副主任 passed — the resolution that set the
 * chair and vice-chair: its meeting's date and close, earliest meeting first.
 */
export function officersResolution(db: Db, termId: string) {
  return db
    .selectFrom('committee_items as i')
    .innerJoin('committee_meetings as m', 'm.id', 'i.meeting_id')
    .select([
      'm.id as meetingId',
      'm.title',
      'm.held_at as heldAt',
      'm.closed_at as closedAt',
      'i.id as itemId',
    ])
    .where('m.term_id', '=', termId)
    .where('m.status', '=', 'closed')
    .where('i.kind', '=', 'elect_officers')
    .where('i.outcome', '=', 'passed')
    .orderBy('m.held_at')
    .orderBy('m.id')
    .limit(1)
    .executeTakeFirst()
}

/** The term's first members' notice (组成人员公告): the announcement clock is met by it. */
export function firstMembersNotice(db: Db, termId: string) {
  return db
    .selectFrom('committee_notices')
    .select(['id', 'title', 'published_at'])
    .where('term_id', '=', termId)
    .where('kind', '=', 'members')
    .orderBy('published_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst()
}
