import type { Insertable, Selectable, Transaction, Updateable } from 'kysely'
import type { Choice, ElectionMatter, Fraction, Matter, MatterKind, Scope } from '../../server/domain/bundle'
import { maskName } from '../../server/domain/mask'
import type { Db } from '../client'
import type {
  CandidatesTable,
  Database,
  MattersTable,
  MeetingRow,
  MeetingsTable,
  MeetingStatusCode,
} from '../schema'

type MatterRow = Selectable<MattersTable>
type CandidateRow = Selectable<CandidatesTable>

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

/** A proxy's directions as the owner gave them (a choice per matter), or none when the holder decides. */
const proxyDirections = (json: string | null) => (json ? (JSON.parse(json) as Record<string, Choice>) : null)

/** The proxies of a meeting that `accountId` holds and has used: the voter and the owner's directions. */
export async function usedProxiesOfHolder(db: Db, meetingId: string, accountId: string) {
  const rows = await db
    .selectFrom('proxies')
    .select(['voter', 'directions_json'])
    .where('meeting_id', '=', meetingId)
    .where('holder_account_id', '=', accountId)
    .where('status', '=', 'used')
    .execute()
  return rows.map((p) => ({ voter: p.voter, directions: proxyDirections(p.directions_json) }))
}

/** The proxies of a meeting that `accountId` holds and may still use: id, voter and the owner's directions. */
export async function activeProxiesOfHolder(db: Db, meetingId: string, accountId: string) {
  const rows = await db
    .selectFrom('proxies')
    .select(['id', 'voter', 'directions_json'])
    .where('meeting_id', '=', meetingId)
    .where('holder_account_id', '=', accountId)
    .where('status', '=', 'active')
    .execute()
  return rows.map((p) => ({ id: p.id, voter: p.voter, directions: proxyDirections(p.directions_json) }))
}

/** The proxies `accountId` holds and may still use, in any meeting, oldest first, with the meeting's estate and title. */
export async function activeProxiesHeldBy(db: Db, accountId: string) {
  const rows = await db
    .selectFrom('proxies')
    .innerJoin('meetings', 'meetings.id', 'proxies.meeting_id')
    .select(['proxies.id', 'proxies.voter', 'proxies.meeting_id', 'meetings.estate_id', 'meetings.title'])
    .where('proxies.holder_account_id', '=', accountId)
    .where('proxies.status', '=', 'active')
    .orderBy('proxies.created_at')
    .execute()
  return rows.map((p) => ({
    id: p.id,
    voter: p.voter,
    meetingId: p.meeting_id,
    estateId: p.estate_id,
    meetingTitle: p.title,
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

// ---- the meeting aggregate: a meeting, its matters and candidates ------------------------------------------------

/** A candidate of an election as the services read one: the one place a candidates row is mapped. */
export interface CandidateRecord {
  readonly id: string
  readonly name: string
  readonly statement: string
  readonly photoId: string | null
  readonly ownerId: number
}

export const toCandidate = (c: CandidateRow): CandidateRecord => ({
  id: c.id,
  name: c.name,
  statement: c.statement,
  photoId: c.photo_id,
  ownerId: c.owner_id,
})

const parse = <T>(s: string | null): T | undefined => (s === null ? undefined : (JSON.parse(s) as T))

/** A matter as the law reads it (server/domain/bundle.ts): the one place a matters row is mapped. */
export function toMatter(m: MatterRow, candidates: readonly CandidateRecord[]): Matter {
  const base = {
    id: m.id,
    title: m.title,
    ...(m.scope_json ? { scope: parse<Scope>(m.scope_json) as Scope } : {}),
    ...(m.participation_json ? { participation: parse<Fraction>(m.participation_json) as Fraction } : {}),
    ...(m.approval_json ? { approval: parse<Fraction>(m.approval_json) as Fraction } : {}),
  }
  if (m.kind === 'elect_committee') {
    const election: ElectionMatter = {
      ...base,
      kind: 'elect_committee',
      seats: m.seats as number,
      ...(m.min_members !== null ? { minMembers: m.min_members } : {}),
      ...(m.alternates_cap !== null ? { alternatesCap: m.alternates_cap } : {}),
      // The bundle names candidates masked, as every public view does.
      candidates: candidates.map((c) => ({ id: c.id, name: maskName(c.name) })),
    }
    return election
  }
  return { ...base, kind: m.kind as Exclude<MatterKind, 'elect_committee'> }
}

/** A meeting's agenda: its matters in order, each matter's body, and each election's candidates in order. */
export interface AgendaRecord {
  readonly matters: readonly Matter[]
  readonly bodies: ReadonlyMap<string, string>
  readonly candidates: ReadonlyMap<string, readonly CandidateRecord[]>
}

export function findMeeting(db: Db, id: string): Promise<MeetingRow | undefined> {
  return db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function readAgenda(db: Db, meetingId: string): Promise<AgendaRecord> {
  const matterRows = await db
    .selectFrom('matters')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .orderBy('position')
    .execute()
  const candidateRows = await db
    .selectFrom('candidates')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .orderBy('position')
    .execute()
  const candidates = new Map<string, CandidateRecord[]>()
  for (const c of candidateRows) {
    const list = candidates.get(c.matter_id) ?? []
    list.push(toCandidate(c))
    candidates.set(c.matter_id, list)
  }
  return {
    matters: matterRows.map((m) => toMatter(m, candidates.get(m.id) ?? [])),
    bodies: new Map(matterRows.map((m) => [m.id, m.body])),
    candidates,
  }
}

export async function insertMeeting(
  trx: Transaction<Database>,
  row: Insertable<MeetingsTable>,
): Promise<void> {
  await trx.insertInto('meetings').values(row).execute()
}

/** Replaces the agenda of a draft: its matters and candidates, in the order given. */
export async function replaceAgenda(
  trx: Transaction<Database>,
  meetingId: string,
  matters: readonly Omit<Insertable<MattersTable>, 'meeting_id' | 'position'>[],
  candidates: readonly Omit<Insertable<CandidatesTable>, 'meeting_id' | 'position'>[],
): Promise<void> {
  await trx.deleteFrom('candidates').where('meeting_id', '=', meetingId).execute()
  await trx.deleteFrom('matters').where('meeting_id', '=', meetingId).execute()
  for (const [position, m] of matters.entries())
    await trx
      .insertInto('matters')
      .values({ ...m, meeting_id: meetingId, position })
      .execute()
  for (const [position, c] of candidates.entries())
    await trx
      .insertInto('candidates')
      .values({ ...c, meeting_id: meetingId, position })
      .execute()
}

/** What must still hold of the stored meeting for a change to apply (another request may have moved it on). */
export interface MeetingGuard {
  readonly status?: MeetingStatusCode | readonly MeetingStatusCode[]
  /** The meeting clock has not ended online voting. */
  readonly votingOpen?: true
  /** The conveners have not declared the paper complete. */
  readonly paperOpen?: true
}

/**
 * Changes a meeting only while `guard` holds, in one statement, so two requests racing for the same step cannot
 * both take it; whether it applied.
 */
export async function updateMeetingIf(
  trx: Transaction<Database>,
  id: string,
  guard: MeetingGuard,
  set: Updateable<MeetingsTable>,
): Promise<boolean> {
  let q = trx.updateTable('meetings').set(set).where('id', '=', id)
  if (typeof guard.status === 'string') q = q.where('status', '=', guard.status)
  else if (guard.status) q = q.where('status', 'in', [...guard.status])
  if (guard.votingOpen) q = q.where('voting_closed_at', 'is', null)
  if (guard.paperOpen) q = q.where('paper_complete_at', 'is', null)
  const r = await q.executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

/** Meetings whose stored status the clock has overtaken at `at`: due to open, or to end voting. */
export async function meetingsDue(db: Db, at: Date): Promise<string[]> {
  const t = at.toISOString()
  const rows = await db
    .selectFrom('meetings')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'noticed'), eb('opens_at', '<=', t)]),
        eb.and([eb('status', 'in', ['noticed', 'open']), eb('closes_at', '<=', t)]),
      ]),
    )
    .execute()
  return rows.map((r) => r.id)
}

/** The supervisors' latest word on a result (a later objection withdraws an earlier approval), and when. */
export function latestSignoff(db: Db, meetingId: string) {
  return db
    .selectFrom('signoffs')
    .select(['decision', 'at'])
    .where('meeting_id', '=', meetingId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
}

/** How many objections to a meeting's preliminary result have no answer yet. */
export async function unansweredObjectionCount(db: Db, meetingId: string): Promise<number> {
  const r = await db
    .selectFrom('objections')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('meeting_id', '=', meetingId)
    .where('answer', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** Sets a candidate's photo, an attachment of the meeting (the agenda's, so only while it is a draft: the caller checks). */
export async function setCandidatePhoto(
  trx: Transaction<Database>,
  c: { meetingId: string; matterId: string; candidateId: string },
  photoId: string,
): Promise<void> {
  await trx
    .updateTable('candidates')
    .set({ photo_id: photoId })
    .where('meeting_id', '=', c.meetingId)
    .where('matter_id', '=', c.matterId)
    .where('id', '=', c.candidateId)
    .execute()
}
