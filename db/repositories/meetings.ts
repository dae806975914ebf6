import type { Choice } from '../../server/domain/bundle'
import type { Db } from '../client'

/**
 * Reads about one meeting that its routes show as they are: the meetings of an estate, the agenda's attachments,
 * the proxies a holder has used, the voters' valid ballots, the supervisors' sign-offs and the records of service.
 */

/** The ids of an estate's meetings, the newest first. */
export async function meetingIdsOfEstate(db: Db, estateId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('meetings')
    .select('id')
    .where('estate_id', '=', estateId)
    .orderBy('created_at', 'desc')
    .execute()
  return rows.map((r) => r.id)
}

/** The agenda's attachments (matter documents, candidate photos), in the order they were added: never scans. */
export async function agendaAttachments(db: Db, meetingId: string) {
  const rows = await db
    .selectFrom('attachments')
    .select(['id', 'purpose', 'ref', 'file_name', 'mime', 'size', 'sha256'])
    .where('meeting_id', '=', meetingId)
    .where('purpose', 'in', ['matter', 'candidate_photo'])
    .orderBy('created_at')
    .execute()
  return rows.map((x) => ({
    id: x.id,
    purpose: x.purpose,
    ref: x.ref,
    fileName: x.file_name,
    mime: x.mime,
    size: x.size,
    sha256: x.sha256,
  }))
}

/** The proxies of a meeting that `accountId` holds and has used: the voter and the owner's directions. */
export async function usedProxiesOfHolder(db: Db, meetingId: string, accountId: string) {
  const rows = await db
    .selectFrom('proxies')
    .select(['voter', 'directions_json'])
    .where('meeting_id', '=', meetingId)
    .where('holder_account_id', '=', accountId)
    .where('status', '=', 'used')
    .execute()
  return rows.map((p) => ({
    voter: p.voter,
    directions: p.directions_json ? (JSON.parse(p.directions_json) as Record<string, Choice>) : null,
  }))
}

/** The valid ballots of the given voters in a meeting: receipt, channel and when, never the choices. */
export async function validBallotsOf(db: Db, meetingId: string, voters: readonly string[]) {
  if (voters.length === 0) return []
  return db
    .selectFrom('ballots')
    .select(['voter', 'receipt', 'channel', 'created_at'])
    .where('meeting_id', '=', meetingId)
    .where('voter', 'in', voters)
    .where('status', '=', 'valid')
    .execute()
}

/** The supervisors' sign-offs of a meeting of the estate, in the order given, with who gave them. */
export async function signoffsOf(db: Db, estateId: string, meetingId: string) {
  const rows = await db
    .selectFrom('signoffs')
    .innerJoin('meetings', 'meetings.id', 'signoffs.meeting_id')
    .innerJoin('accounts', 'accounts.id', 'signoffs.account_id')
    .select(['signoffs.id', 'signoffs.decision', 'signoffs.note', 'signoffs.at', 'accounts.display_name'])
    .where('signoffs.meeting_id', '=', meetingId)
    .where('meetings.estate_id', '=', estateId)
    .orderBy('signoffs.id')
    .execute()
  return rows.map((r) => ({ id: r.id, decision: r.decision, note: r.note, at: r.at, by: r.display_name }))
}

/** The records of service of a meeting of the estate (domain §6.5), in the order recorded. */
export async function serviceRecordsOf(db: Db, estateId: string, meetingId: string) {
  const rows = await db
    .selectFrom('service_records')
    .innerJoin('meetings', 'meetings.id', 'service_records.meeting_id')
    .select([
      'service_records.voter',
      'service_records.method',
      'service_records.evidence',
      'service_records.recorded_by',
      'service_records.at',
    ])
    .where('service_records.meeting_id', '=', meetingId)
    .where('meetings.estate_id', '=', estateId)
    .orderBy('service_records.id')
    .execute()
  return rows.map((r) => ({
    voter: r.voter,
    method: r.method,
    evidence: r.evidence,
    recordedBy: r.recorded_by,
    at: r.at,
  }))
}
