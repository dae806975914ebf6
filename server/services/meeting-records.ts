import { createHash, randomUUID } from 'node:crypto'
import type { Db } from '../../db/client'
import { paperEntryStatuses } from '../../db/repositories/ballots'
import { estateAuditPage } from '../../db/repositories/estate-audit'
import { setCandidatePhoto, signoffsOf, unansweredObjectionCount } from '../../db/repositories/meetings'
import { deleteOpenPaperRequest } from '../../db/repositories/owner-views'
import {
  answerOpenObjection,
  findAttachment,
  handleOpenPaperRequest,
  hasActiveProxy,
  hasAttachment,
  hasServiceRecord,
  hasValidBallot,
  insertAttachment,
  insertObjection,
  insertPaperRequest,
  insertProxy,
  insertServiceRecord,
  insertSignoff,
  objectionsOf,
  openPaperRequest,
  paperRequestsOf,
  proxiesHeldCount,
  proxiesOfMeeting,
  revokeActiveProxy,
  servedVotersOf,
} from '../../db/repositories/records'
import { accountKind } from '../../db/repositories/staff'
import type { AttachmentPurpose, ServiceMethod } from '../../db/schema'
import { checkChoices } from '../domain/ballot'
import * as lifecycle from '../domain/lifecycle'
import { AppError, badRequest, conflict, notFound } from '../errors'
import { appendAudit } from './audit'
import {
  clockOf,
  frozenElectorate,
  lifecycleError,
  mattersOfVoter,
  voterOfUnitIn,
  type LoadedMeeting,
  type Who,
} from './meetings'
import type { ProxyBody } from '../routes/records.schema'
import type { SignoffBody } from '../routes/results.schema'

/**
 * The other records of a meeting: attachments (stored in the database, type checked by content), proxies
 * (§6.4), service (§6.5), owners' requests for a paper ballot, objections to the preliminary result and the
 * supervisors' sign-offs. Each is audited.
 */

// ---- attachments ----------------------------------------------------------------------------------------------

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

/** The type by the file's own first bytes; the name and the browser's claim are not trusted. */
export function sniffType(
  bytes: Uint8Array,
): 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/webp' | undefined {
  const b = (i: number) => bytes[i] ?? -1
  if (b(0) === 0x25 && b(1) === 0x50 && b(2) === 0x44 && b(3) === 0x46) return 'application/pdf'
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'image/jpeg'
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'image/png'
  if (
    b(0) === 0x52 &&
    b(1) === 0x49 &&
    b(2) === 0x46 &&
    b(3) === 0x46 &&
    b(8) === 0x57 &&
    b(9) === 0x45 &&
    b(10) === 0x42 &&
    b(11) === 0x50
  )
    return 'image/webp'
  return undefined
}

export async function addAttachment(
  db: Db,
  m: LoadedMeeting,
  input: { purpose: AttachmentPurpose; ref: string | null; fileName: string; bytes: Uint8Array },
  who: Who,
): Promise<{ id: string; mime: string; size: number; sha256: string }> {
  const meetingId = m.row.id
  if (input.bytes.length === 0) throw badRequest('file_empty', 'The file is empty')
  if (input.bytes.length > MAX_ATTACHMENT_BYTES)
    throw new AppError('file_too_large', `Attachments are at most ${MAX_ATTACHMENT_BYTES} bytes`)
  const mime = sniffType(input.bytes)
  if (!mime) throw new AppError('file_type_refused', 'Only PDF, JPEG, PNG or WebP files are accepted')
  if (input.purpose === 'candidate_photo' && mime === 'application/pdf')
    throw new AppError('file_type_refused', 'A candidate photo must be an image')
  // The agenda's attachments are part of the notice: they cannot change once it is given.
  if ((input.purpose === 'matter' || input.purpose === 'candidate_photo') && m.row.status !== 'draft')
    throw new AppError('meeting_not_draft', 'The agenda is fixed once notice is given')
  const id = randomUUID()
  const sha256 = createHash('sha256').update(input.bytes).digest('hex')
  const fileName = input.fileName.replace(/[\\/\r\n"]/g, '_').slice(0, 200) || 'file'
  await db.transaction().execute(async (trx) => {
    await insertAttachment(trx, {
      id,
      meeting_id: meetingId,
      purpose: input.purpose,
      ref: input.ref,
      file_name: fileName,
      mime,
      size: input.bytes.length,
      sha256,
      data: input.bytes,
      created_by: who.actor,
      created_at: who.now.toISOString(),
    })
    if (input.purpose === 'candidate_photo' && input.ref) {
      const [matter, candidate] = input.ref.split('/')
      await setCandidatePhoto(trx, { meetingId, matterId: matter ?? '', candidateId: candidate ?? '' }, id)
    }
    await appendAudit(trx, {
      ...who,
      action: 'attachment.added',
      estateId: m.row.estate_id,
      subject: meetingId,
      after: { id, purpose: input.purpose, ref: input.ref, fileName, mime, size: input.bytes.length, sha256 },
      at: who.now,
    })
  })
  return { id, mime, size: input.bytes.length, sha256 }
}

export async function getAttachment(db: Db, meetingId: string, id: string) {
  const row = await findAttachment(db, meetingId, id)
  if (!row) throw notFound('attachment_not_found', 'No such attachment')
  return row
}

// ---- proxies ---------------------------------------------------------------------------------------------------

export async function recordProxy(
  db: Db,
  m: LoadedMeeting,
  input: ProxyBody,
  who: Who,
): Promise<{ proxyId: string; voter: string }> {
  const meetingId = m.row.id
  const status = m.status
  if (status !== 'noticed' && status !== 'open')
    throw new AppError('meeting_not_open', `Proxies are recorded between notice and close (now ${status})`, {
      status,
    })
  // 舟山 art. 17: staff of the property company may not hold proxies.
  if (input.holderIsPropertyStaff)
    throw new AppError('proxy_holder_ineligible', 'Staff of the property company may not hold proxies')
  const e = await frozenElectorate(db, m)
  const voter = voterOfUnitIn(e, input.unit)
  if (!voter) throw notFound('voter_not_found', 'No voter holds this unit in this meeting')
  const holder = await accountKind(db, input.holderAccountId)
  if (holder === undefined) throw notFound('account_not_found', 'The proxy holder has no account')
  if (input.directions) {
    const problems = checkChoices(m.matters, mattersOfVoter(e, voter), input.directions, false).filter(
      (p) => p.code !== 'missing_choice', // directions may cover some matters only
    )
    if (problems.length > 0)
      throw new AppError('directions_invalid', problems.map((p) => `${p.matter}: ${p.code}`).join('; '), {
        problems,
      })
  }
  if (!(await hasAttachment(db, meetingId, input.documentId, 'proxy_document')))
    throw new AppError('document_missing', 'Upload the written authorisation first')
  const id = randomUUID()
  await db.transaction().execute(async (trx) => {
    const voted = await hasValidBallot(trx, meetingId, voter)
    if (voted) throw conflict('already_voted', 'This voter has already voted')
    const active = await hasActiveProxy(trx, meetingId, voter)
    if (active) throw conflict('proxy_exists', 'This voter already has an active proxy; revoke it first')
    // 潍坊 art. 32: a holder acts for at most `proxyCap` principals in a meeting.
    const held = await proxiesHeldCount(trx, meetingId, input.holderAccountId)
    if (held >= m.settings.proxyCap)
      throw conflict('proxy_cap_reached', `A proxy holder may act for at most ${m.settings.proxyCap} voters`)
    await insertProxy(trx, {
      id,
      meeting_id: meetingId,
      voter,
      holder_account_id: input.holderAccountId,
      directions_json: input.directions ? JSON.stringify(input.directions) : null,
      document_id: input.documentId,
      status: 'active',
      created_by: who.actor,
      created_at: who.now.toISOString(),
      ended_at: null,
      ended_by: null,
    })
    await appendAudit(trx, {
      ...who,
      action: 'proxy.recorded',
      estateId: m.row.estate_id,
      subject: meetingId,
      after: {
        proxy: id,
        voter,
        holder: input.holderAccountId,
        directed: input.directions !== null,
        document: input.documentId,
      },
      at: who.now,
    })
  })
  return { proxyId: id, voter }
}

export async function revokeProxy(db: Db, m: LoadedMeeting, proxyId: string, who: Who): Promise<void> {
  const meetingId = m.row.id
  await db.transaction().execute(async (trx) => {
    const revoked = await revokeActiveProxy(trx, meetingId, proxyId, {
      at: who.now.toISOString(),
      by: who.actor,
    })
    if (!revoked) throw conflict('proxy_not_active', 'This proxy is used, revoked or unknown')
    await appendAudit(trx, {
      ...who,
      action: 'proxy.revoked',
      estateId: m.row.estate_id,
      subject: meetingId,
      after: { proxy: proxyId },
      at: who.now,
    })
  })
}

export function listProxies(db: Db, meetingId: string) {
  return proxiesOfMeeting(db, meetingId)
}

// ---- service (送达) ---------------------------------------------------------------------------------------------

/** Records service for a voter; a method already recorded for the voter is kept as first recorded. */
export async function recordService(
  db: Db,
  m: LoadedMeeting,
  input: { unit: string; method: ServiceMethod; evidence: string | null },
  who: Who,
): Promise<{ voter: string; recorded: boolean }> {
  const meetingId = m.row.id
  if (m.row.noticed_at === null) throw new AppError('meeting_not_noticed', 'Notice has not been given')
  const e = await frozenElectorate(db, m)
  const voter = voterOfUnitIn(e, input.unit)
  if (!voter) throw notFound('voter_not_found', 'No voter holds this unit in this meeting')
  return db.transaction().execute(async (trx) => {
    if (await hasServiceRecord(trx, meetingId, voter, input.method)) return { voter, recorded: false }
    await insertServiceRecord(trx, {
      meeting_id: meetingId,
      voter,
      method: input.method,
      evidence: input.evidence,
      recorded_by: who.actor,
      at: who.now.toISOString(),
    })
    await appendAudit(trx, {
      ...who,
      action: 'service.recorded',
      estateId: m.row.estate_id,
      subject: meetingId,
      after: { voter, method: input.method, evidence: input.evidence },
      at: who.now,
    })
    return { voter, recorded: true }
  })
}

export function servedVoters(db: Db, meetingId: string): Promise<Set<string>> {
  return servedVotersOf(db, meetingId)
}

// ---- paper-ballot requests -------------------------------------------------------------------------------------

export async function requestPaperBallot(
  db: Db,
  m: LoadedMeeting,
  voter: string,
  accountId: string,
  who: Who,
) {
  const meetingId = m.row.id
  const status = m.status
  if (status !== 'noticed' && status !== 'open')
    throw new AppError(
      'meeting_not_open',
      `Paper ballots are requested between notice and close (now ${status})`,
      { status },
    )
  return db.transaction().execute(async (trx) => {
    const open = await openPaperRequest(trx, meetingId, voter)
    if (open !== undefined) return { requestId: open, created: false }
    const requestId = await insertPaperRequest(trx, {
      meeting_id: meetingId,
      voter,
      account_id: accountId,
      at: who.now.toISOString(),
      handled_at: null,
      handled_by: null,
    })
    await appendAudit(trx, {
      ...who,
      action: 'paper.requested',
      estateId: m.row.estate_id,
      subject: meetingId,
      after: { request: requestId, voter },
      at: who.now,
    })
    return { requestId, created: true }
  })
}

export async function handlePaperRequest(db: Db, m: LoadedMeeting, requestId: number, who: Who) {
  const meetingId = m.row.id
  await db.transaction().execute(async (trx) => {
    const handled = await handleOpenPaperRequest(trx, meetingId, requestId, {
      at: who.now.toISOString(),
      by: who.actor,
    })
    if (!handled) throw conflict('request_not_open', 'No open request with this id')
    await appendAudit(trx, {
      ...who,
      action: 'paper.request_handled',
      estateId: m.row.estate_id,
      subject: meetingId,
      after: { request: requestId },
      at: who.now,
    })
  })
}

/**
 * An owner withdraws the voter's request for a paper ballot (she asked by mistake, or will vote online after all)
 * while no convener has handled it; once handled the paper is on its way, and the request stays: refused with
 * request_not_open, as is a withdrawal with no request to withdraw. Audited with the request as it was.
 */
export async function withdrawPaperRequest(db: Db, m: LoadedMeeting, voter: string, who: Who) {
  const meetingId = m.row.id
  return db.transaction().execute(async (trx) => {
    const gone = await deleteOpenPaperRequest(trx, meetingId, voter)
    if (!gone)
      throw conflict('request_not_open', 'No paper request of this voter waits to be handled', { voter })
    await appendAudit(trx, {
      ...who,
      action: 'paper.request_withdrawn',
      estateId: m.row.estate_id,
      subject: meetingId,
      before: { request: gone.id, voter, at: gone.at, account: gone.account_id },
      at: who.now,
    })
    return { requestId: gone.id, withdrawn: true as const }
  })
}

export function listPaperRequests(db: Db, meetingId: string) {
  return paperRequestsOf(db, meetingId)
}

// ---- objections and sign-offs ----------------------------------------------------------------------------------

export async function addObjection(db: Db, m: LoadedMeeting, accountId: string, text: string, who: Who) {
  const meetingId = m.row.id
  const step = lifecycle.mayObject(clockOf(m.row, m.settings), who.now.getTime())
  if (!step.ok) throw lifecycleError(step.error)
  return db.transaction().execute(async (trx) => {
    const objectionId = await insertObjection(trx, {
      meeting_id: meetingId,
      account_id: accountId,
      role: who.role,
      text,
      at: who.now.toISOString(),
      answer: null,
      answered_by: null,
      answered_at: null,
    })
    await appendAudit(trx, {
      ...who,
      action: 'objection.recorded',
      estateId: m.row.estate_id,
      subject: meetingId,
      after: { objection: objectionId, text },
      at: who.now,
    })
    return { objectionId }
  })
}

export async function answerObjection(
  db: Db,
  m: LoadedMeeting,
  objectionId: number,
  answer: string,
  who: Who,
) {
  const meetingId = m.row.id
  await db.transaction().execute(async (trx) => {
    const answered = await answerOpenObjection(trx, meetingId, objectionId, {
      answer,
      at: who.now.toISOString(),
      by: who.actor,
    })
    if (!answered) throw conflict('objection_not_open', 'No unanswered objection with this id')
    await appendAudit(trx, {
      ...who,
      action: 'objection.answered',
      estateId: m.row.estate_id,
      subject: meetingId,
      after: { objection: objectionId, answer },
      at: who.now,
    })
  })
}

export function listObjections(db: Db, meetingId: string) {
  return objectionsOf(db, meetingId)
}

/**
 * What a supervisor should know before signing off (domain §6.1 step 4–5): paper ballots not yet counted — a
 * mismatch between the two entries that nobody re-entered from the scan, or an entry still awaiting its second —
 * the objections with no answer yet, the end of the objection period, and the sign-offs so far (who, in which
 * role, when, what they said). Voters are named by unit only; never a ballot's choices.
 */
export async function signoffReview(db: Db, m: LoadedMeeting) {
  const meetingId = m.row.id
  const last = new Map<string, string>()
  for (const r of await paperEntryStatuses(db, meetingId)) last.set(r.voter, r.status)
  const whose = (status: string) =>
    [...last]
      .filter(([, s]) => s === status)
      .map(([voter]) => voter)
      .sort()
  const ends = lifecycle.objectionsEndAt(clockOf(m.row, m.settings))
  // The role each sign-off was given in is the one its audit entry recorded (a person may hold several).
  const { entries } = await estateAuditPage(db, m.row.estate_id, {
    subject: meetingId,
    action: 'result',
    offset: 0,
    limit: 500,
  })
  const signed = entries.filter(
    (e) => e.action === 'result.signed_off' || e.action === 'result.objected_by_supervisor',
  )
  const signoffs = (await signoffsOf(db, m.row.estate_id, meetingId)).map((s) => ({
    ...s,
    role: signed.find((e) => e.at === s.at)?.role ?? null,
  }))
  return {
    status: m.status,
    objectionsEndAt: ends === null ? null : new Date(ends).toISOString(),
    paperMismatches: whose('mismatch'),
    paperAwaiting: whose('awaiting_confirmation'),
    unansweredObjections: await unansweredObjectionCount(db, meetingId),
    signoffs,
  }
}

/**
 * A supervisor's sign-off of the preliminary result, or a recorded objection to it (domain §2). An approval while
 * a problem is open must say the supervisor saw it (`acknowledgeOpen`): signing off is deliberate, never a default.
 */
export async function signOff(db: Db, m: LoadedMeeting, accountId: string, input: SignoffBody, who: Who) {
  const meetingId = m.row.id
  const status = m.status
  if (status !== 'preliminary')
    throw new AppError('meeting_not_preliminary', `Sign-off follows the preliminary result (now ${status})`, {
      status,
    })
  if (input.decision === 'approve' && !input.acknowledgeOpen) {
    const r = await signoffReview(db, m)
    const open = r.paperMismatches.length + r.paperAwaiting.length + r.unansweredObjections
    if (open > 0)
      throw conflict(
        'signoff_unacknowledged',
        'Problems are open (paper not counted, objections unanswered): approve them knowingly',
        {
          paperMismatches: r.paperMismatches,
          paperAwaiting: r.paperAwaiting,
          unansweredObjections: r.unansweredObjections,
        },
      )
  }
  const { acknowledgeOpen, ...recorded } = input
  await db.transaction().execute(async (trx) => {
    await insertSignoff(trx, {
      meeting_id: meetingId,
      account_id: accountId,
      decision: input.decision,
      note: input.note,
      at: who.now.toISOString(),
    })
    await appendAudit(trx, {
      ...who,
      action: input.decision === 'approve' ? 'result.signed_off' : 'result.objected_by_supervisor',
      estateId: m.row.estate_id,
      subject: meetingId,
      after: acknowledgeOpen ? { ...recorded, acknowledgedOpen: true } : recorded,
      at: who.now,
    })
  })
}
