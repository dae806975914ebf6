import type { Announcement, Meeting as MeetingAsSent, RollObjection } from '../api-meetings'
import type { AttachmentForm, Body, DocumentForm, EstateApi, MeetingApi, Ok } from '../api-types'
import { request } from '../http'

/**
 * The console's API client. Like web/src/api.ts, every call answers a typed result or an error code the
 * pages turn into words from the staff catalogue; each call's types are derived from its route (../api-types,
 * erased at build). Its own module so the console's calls and codes never reach an owner's phone.
 */

type MeetingAnswer = Ok<MeetingApi['$get']>['meeting']
/** When the final announcement is due (北京 art. 37), once the objection period and the sign-off are done. */
export type FinalDue = MeetingAnswer['finalDue']
/** A meeting as presented; GET …/meetings/:id also says when the final is due (the commands' answers do not). */
export type Meeting = Ok<MeetingApi['notice']['$post']>['meeting'] & { readonly finalDue?: FinalDue }
export type MeetingMatter = MeetingAsSent['matters'][number]
export type MatterKind = MeetingMatter['kind']
export type Turnout = Ok<MeetingApi['turnout']['$get']>
export type { Announcement, RollObjection }
export type PaperEntry = Ok<MeetingApi['paper-entries']['$get']>['entries'][number]
export type Proxy = Ok<MeetingApi['proxies']['$get']>['proxies'][number]
export type PaperRequest = Ok<MeetingApi['paper-requests']['$get']>['requests'][number]
export type Objection = Ok<MeetingApi['objections']['$get']>['objections'][number]
export type MeetingSummary = Ok<EstateApi['meetings']['$get']>['meetings'][number]

type RollImportRoute = EstateApi['roll']['imports']
type ImportRead = Ok<RollImportRoute[':importId']['$get']>['import']
type ImportStarted = Ok<RollImportRoute['$post']>['import']
/** An import as read back (its summary, errors and merges), or as started (202: its progress, the rest to come). */
export type RollImport = ImportRead | (ImportStarted & Partial<Omit<ImportRead, keyof ImportStarted>>)
export type RollChange = Ok<EstateApi['roll']['changes']['$get']>['changes'][number]

export type AuditPage = Ok<EstateApi['audit']['$get']>
export type AuditEntry = AuditPage['entries'][number]

/** A paper ballot's choices as the clerk keys them, an unreadable matter recorded as invalid with the reason. */
export type Choices = Body<MeetingApi['paper-entries']['$post']>['choices']
export type Choice = Choices[string]

export type MeetingInput = Body<EstateApi['meetings']['$post']>
export type MatterInput = MeetingInput['matters'][number]
export type CandidateInput = NonNullable<MatterInput['candidates']>[number]
export type Fraction = NonNullable<MatterInput['participation']>

export interface Failure {
  readonly ok: false
  readonly status: number
  readonly code: string
  readonly details?: unknown
  /** A 409 paper mismatch answers a body, not an error: `{ status: "mismatch", matters }`. */
  readonly body?: unknown
}
export type Result<T> = { readonly ok: true; readonly status: number; readonly data: T } | Failure

async function call<T>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<Result<T>> {
  // The console keeps the whole answer (http.ts): the status, the refusal's details and its body.
  return request<T>(method, path, body, signal)
}

const estate = (id: string) => `/api/estates/${encodeURIComponent(id)}`
const meetingPath = (e: string, m: string) => `${estate(e)}/meetings/${encodeURIComponent(m)}`

// ---- roll ----
/** Uploads a roll; `confirmMerges` is the token of an earlier needs_confirmation answer for the same file. */
export const startImport = (estateId: string, file: File, confirmMerges?: string) => {
  const form = new FormData()
  form.append('file', file)
  if (confirmMerges !== undefined) form.append('confirmMerges', confirmMerges)
  return call<Ok<RollImportRoute['$post']>>(
    'POST',
    `${estate(estateId)}/roll/imports?fileName=${encodeURIComponent(file.name)}`,
    form,
  )
}
export const fetchImport = (estateId: string, importId: string) =>
  call<Ok<RollImportRoute[':importId']['$get']>>(
    'GET',
    `${estate(estateId)}/roll/imports/${encodeURIComponent(importId)}`,
  )
export const fetchRollChanges = (estateId: string) =>
  call<Ok<EstateApi['roll']['changes']['$get']>>('GET', `${estate(estateId)}/roll/changes`)
export const fetchRollObjections = (estateId: string) =>
  call<Ok<EstateApi['roll']['objections']['$get']>>('GET', `${estate(estateId)}/roll/objections`)
export const answerRollObjection = (estateId: string, id: number, answer: string) =>
  call<Ok<EstateApi['roll']['objections'][':objectionId']['answer']['$post']>>(
    'POST',
    `${estate(estateId)}/roll/objections/${id}/answer`,
    { answer } satisfies Body<EstateApi['roll']['objections'][':objectionId']['answer']['$post']>,
  )

// ---- estate, audit ----
export const fetchEstate = (estateId: string) => call<Ok<EstateApi['$get']>>('GET', estate(estateId))
/** The filters of the audit page, as the server reads them (empty ones are left out). */
export interface AuditQuery {
  readonly subject?: string
  readonly action?: string
  readonly actor?: string
  readonly from?: string
  readonly to?: string
}
export const fetchAudit = (estateId: string, offset = 0, limit = 100, filter: AuditQuery = {}) => {
  const q = new URLSearchParams({ offset: String(offset), limit: String(limit) })
  for (const [k, v] of Object.entries(filter)) if (typeof v === 'string' && v !== '') q.set(k, v)
  return call<AuditPage>('GET', `${estate(estateId)}/audit?${q.toString()}`)
}

// ---- meetings ----
export const fetchMeetings = (estateId: string) =>
  call<Ok<EstateApi['meetings']['$get']>>('GET', `${estate(estateId)}/meetings`)
export const fetchMeeting = (estateId: string, meetingId: string) =>
  call<Ok<MeetingApi['$get']>>('GET', meetingPath(estateId, meetingId))
export const createMeeting = (estateId: string, input: MeetingInput) =>
  call<Ok<EstateApi['meetings']['$post']>>('POST', `${estate(estateId)}/meetings`, input)
export const updateMeeting = (estateId: string, meetingId: string, input: Body<MeetingApi['$put']>) =>
  call<Ok<MeetingApi['$put']>>('PUT', meetingPath(estateId, meetingId), input)
export const giveNotice = (estateId: string, meetingId: string) =>
  call<Ok<MeetingApi['notice']['$post']>>('POST', `${meetingPath(estateId, meetingId)}/notice`)
export const extendMeeting = (estateId: string, meetingId: string, closesAt: string, reason: string) =>
  call<Ok<MeetingApi['extension']['$post']>>('POST', `${meetingPath(estateId, meetingId)}/extension`, {
    closesAt,
    reason,
  } satisfies Body<MeetingApi['extension']['$post']>)
/** The conveners declare every paper ballot entered: the counting period ends and the tally is stored at once. */
export const declarePaperComplete = (estateId: string, meetingId: string) =>
  call<Ok<MeetingApi['paper-complete']['$post']>>(
    'POST',
    `${meetingPath(estateId, meetingId)}/paper-complete`,
  )
export const publishPreliminary = (estateId: string, meetingId: string) =>
  call<Ok<MeetingApi['preliminary']['$post']>>('POST', `${meetingPath(estateId, meetingId)}/preliminary`)
export const publishFinal = (estateId: string, meetingId: string) =>
  call<Ok<MeetingApi['final']['$post']>>('POST', `${meetingPath(estateId, meetingId)}/final`)
export const fetchAnnouncement = (estateId: string, meetingId: string) =>
  call<Ok<MeetingApi['announcement']['$get']>>('GET', `${meetingPath(estateId, meetingId)}/announcement`)
export const fetchTurnout = (estateId: string, meetingId: string) =>
  call<Turnout>('GET', `${meetingPath(estateId, meetingId)}/turnout`)
export const turnoutStreamUrl = (estateId: string, meetingId: string) =>
  `${meetingPath(estateId, meetingId)}/turnout/stream`
export const exportUrl = (
  estateId: string,
  meetingId: string,
  what: 'detail.csv' | 'summary.csv' | 'bundle' | 'filing-package.zip',
) =>
  what === 'bundle' || what === 'filing-package.zip'
    ? `${meetingPath(estateId, meetingId)}/${what}`
    : `${meetingPath(estateId, meetingId)}/exports/${what}`
export const attachmentUrl = (estateId: string, meetingId: string, attachmentId: string) =>
  `${meetingPath(estateId, meetingId)}/attachments/${encodeURIComponent(attachmentId)}`

export type AttachmentPurpose = AttachmentForm['purpose']
export const uploadAttachment = (
  estateId: string,
  meetingId: string,
  file: File,
  purpose: AttachmentPurpose,
  ref?: AttachmentForm['ref'],
) => {
  const form = new FormData()
  form.append('file', file)
  form.append('purpose', purpose)
  if (ref) form.append('ref', ref)
  return call<Ok<MeetingApi['attachments']['$post']>>(
    'POST',
    `${meetingPath(estateId, meetingId)}/attachments`,
    form,
  )
}

// ---- paper ballots ----
type PaperEntries = MeetingApi['paper-entries']
export const enterPaper = (estateId: string, meetingId: string, body: Body<PaperEntries['$post']>) =>
  call<Ok<PaperEntries['$post']>>('POST', `${meetingPath(estateId, meetingId)}/paper-entries`, body)
type Confirmation = Ok<PaperEntries[':entryId']['confirmation']['$post']>
/** A 409 to the second entry: the matters where the two entries of the paper differ (a failure's `body`). */
export type PaperMismatch = Extract<Confirmation, { status: 'mismatch' }>
/** The second entry: confirmed with the ballot's receipt; the 409 mismatch is a failure (see PaperMismatch). */
export const confirmPaper = (estateId: string, meetingId: string, entryId: string, choices: Choices) =>
  call<Extract<Confirmation, { status: 'confirmed' }>>(
    'POST',
    `${meetingPath(estateId, meetingId)}/paper-entries/${encodeURIComponent(entryId)}/confirmation`,
    { choices } satisfies Body<PaperEntries[':entryId']['confirmation']['$post']>,
  )
export const fetchPaperEntries = (estateId: string, meetingId: string, status: string) =>
  call<Ok<PaperEntries['$get']>>(
    'GET',
    `${meetingPath(estateId, meetingId)}/paper-entries?status=${encodeURIComponent(status)}`,
  )
/** Attaches the scan of an entry keyed without it (one photo, or one of a batch matched afterwards). */
export const attachPaperScan = (estateId: string, meetingId: string, entryId: string, scanId: string) =>
  call<Ok<PaperEntries[':entryId']['scan']['$post']>>(
    'POST',
    `${meetingPath(estateId, meetingId)}/paper-entries/${encodeURIComponent(entryId)}/scan`,
    { scanId } satisfies Body<PaperEntries[':entryId']['scan']['$post']>,
  )
/** The frozen electorate's units and the matters each decides: the desk checks a ballot before sending it. */
export type PaperElectorate = Ok<PaperEntries['electorate']['$get']>
export const fetchPaperElectorate = (estateId: string, meetingId: string) =>
  call<PaperElectorate>('GET', `${meetingPath(estateId, meetingId)}/paper-entries/electorate`)
/** Whether a unit's voter already voted (channel, time) or has a paper entry pending; never the choices. */
export type PaperUnitStanding = Ok<PaperEntries['unit']['$get']>
export const fetchPaperUnit = (estateId: string, meetingId: string, unit: string, signal?: AbortSignal) =>
  call<PaperUnitStanding>(
    'GET',
    `${meetingPath(estateId, meetingId)}/paper-entries/unit?unit=${encodeURIComponent(unit)}`,
    undefined,
    signal,
  )

/** A photo or scan of a paper ballot uploaded and used by no entry yet: the stack as the server holds it. */
export type UnmatchedScan = Ok<MeetingApi['paper-scans']['unmatched']['$get']>['scans'][number]
export const fetchUnmatchedScans = (estateId: string, meetingId: string) =>
  call<Ok<MeetingApi['paper-scans']['unmatched']['$get']>>(
    'GET',
    `${meetingPath(estateId, meetingId)}/paper-scans/unmatched`,
  )

// ---- proxies, service, requests, objections, sign-offs ----
type UnitApi = EstateApi['units'][':unit']
export type UnitAccount = Ok<UnitApi['accounts']['$get']>['accounts'][number]
/** A proxy's directions: online choices only (a holder casts an online ballot). */
export type Directions = NonNullable<Body<MeetingApi['proxies']['$post']>['directions']>
/** The accounts (masked names) of a unit's owners: to name a proxy holder without asking for an id. */
export const fetchUnitAccounts = (estateId: string, unit: string) =>
  call<Ok<UnitApi['accounts']['$get']>>(
    'GET',
    `${estate(estateId)}/units/${encodeURIComponent(unit)}/accounts`,
  )
export const recordProxy = (
  estateId: string,
  meetingId: string,
  body: Body<MeetingApi['proxies']['$post']>,
) => call<Ok<MeetingApi['proxies']['$post']>>('POST', `${meetingPath(estateId, meetingId)}/proxies`, body)
export const fetchProxies = (estateId: string, meetingId: string) =>
  call<Ok<MeetingApi['proxies']['$get']>>('GET', `${meetingPath(estateId, meetingId)}/proxies`)
export const revokeProxy = (estateId: string, meetingId: string, proxyId: string) =>
  call<Ok<MeetingApi['proxies'][':proxyId']['$delete']>>(
    'DELETE',
    `${meetingPath(estateId, meetingId)}/proxies/${encodeURIComponent(proxyId)}`,
  )
export const recordService = (
  estateId: string,
  meetingId: string,
  body: Body<MeetingApi['service']['$post']>,
) => call<Ok<MeetingApi['service']['$post']>>('POST', `${meetingPath(estateId, meetingId)}/service`, body)
export const fetchPaperRequests = (estateId: string, meetingId: string) =>
  call<Ok<MeetingApi['paper-requests']['$get']>>('GET', `${meetingPath(estateId, meetingId)}/paper-requests`)
export const handlePaperRequest = (estateId: string, meetingId: string, id: number) =>
  call<Ok<MeetingApi['paper-requests'][':requestId']['handled']['$post']>>(
    'POST',
    `${meetingPath(estateId, meetingId)}/paper-requests/${id}/handled`,
  )
export const fetchObjections = (estateId: string, meetingId: string) =>
  call<Ok<MeetingApi['objections']['$get']>>('GET', `${meetingPath(estateId, meetingId)}/objections`)
export const answerObjection = (estateId: string, meetingId: string, id: number, answer: string) =>
  call<Ok<MeetingApi['objections'][':objectionId']['answer']['$post']>>(
    'POST',
    `${meetingPath(estateId, meetingId)}/objections/${id}/answer`,
    { answer } satisfies Body<MeetingApi['objections'][':objectionId']['answer']['$post']>,
  )
type SignOff = Body<MeetingApi['signoffs']['$post']>
export const signOff = (
  estateId: string,
  meetingId: string,
  decision: SignOff['decision'],
  note: string,
  acknowledgeOpen = false,
) =>
  call<Ok<MeetingApi['signoffs']['$post']>>('POST', `${meetingPath(estateId, meetingId)}/signoffs`, {
    decision,
    note: note.trim() === '' ? null : note.trim(),
    acknowledgeOpen,
  } satisfies SignOff)
/** The sign-offs so far and what is still open before signing (paper not counted, unanswered objections). */
export type SignoffReview = Ok<MeetingApi['signoffs']['$get']>
export const fetchSignoffReview = (estateId: string, meetingId: string) =>
  call<SignoffReview>('GET', `${meetingPath(estateId, meetingId)}/signoffs`)

// ---- the people who act for voters (domain §3): co-owners' representatives, guardians, their signed papers ----
export type UnitPeople = Ok<UnitApi['people']['$get']>
export type Representative = Ok<EstateApi['representatives']['$get']>['representatives'][number]
export type Guardian = Ok<EstateApi['guardians']['$get']>['guardians'][number]
export type DocumentPurpose = DocumentForm['purpose']
export type EstateDocument = Ok<EstateApi['documents']['$post']>['document']

export const uploadDocument = (estateId: string, file: File, purpose: DocumentPurpose) => {
  const form = new FormData()
  form.append('file', file)
  form.append('purpose', purpose)
  return call<Ok<EstateApi['documents']['$post']>>('POST', `${estate(estateId)}/documents`, form)
}
export const documentUrl = (estateId: string, documentId: string) =>
  `${estate(estateId)}/documents/${encodeURIComponent(documentId)}`
export const fetchUnitPeople = (estateId: string, unit: string) =>
  call<UnitPeople>('GET', `${estate(estateId)}/units/${encodeURIComponent(unit)}/people`)
export const fetchRepresentatives = (estateId: string) =>
  call<Ok<EstateApi['representatives']['$get']>>('GET', `${estate(estateId)}/representatives`)
export const recordRepresentative = (estateId: string, body: Body<EstateApi['representatives']['$post']>) =>
  call<Ok<EstateApi['representatives']['$post']>>('POST', `${estate(estateId)}/representatives`, body)
export const revokeRepresentative = (estateId: string, id: number) =>
  call<Ok<EstateApi['representatives'][':representativeId']['$delete']>>(
    'DELETE',
    `${estate(estateId)}/representatives/${id}`,
  )
export const fetchGuardians = (estateId: string) =>
  call<Ok<EstateApi['guardians']['$get']>>('GET', `${estate(estateId)}/guardians`)
export const recordGuardian = (estateId: string, body: Body<EstateApi['guardians']['$post']>) =>
  call<Ok<EstateApi['guardians']['$post']>>('POST', `${estate(estateId)}/guardians`, body)
export const revokeGuardian = (estateId: string, id: number) =>
  call<Ok<EstateApi['guardians'][':guardianId']['$delete']>>('DELETE', `${estate(estateId)}/guardians/${id}`)

// ---- the second person: take-overs and activations a supervisor approves, and what they review ----
export type ActivationReview = Ok<EstateApi['activation-review']['$get']>
export type Takeover = ActivationReview['takeovers'][number]
export type PendingActivation = ActivationReview['pendingActivations'][number]
type TakeoverApproval = EstateApi['invitations'][':invitationId']['approval']['$post']
type ActivationApproval = EstateApi['activations']['approval']['$post']
export type Decision = Body<TakeoverApproval>['decision']

const noteOrNull = (note: string) => (note.trim() === '' ? null : note.trim())

export const fetchActivationReview = (estateId: string) =>
  call<ActivationReview>('GET', `${estate(estateId)}/activation-review`)
export const decideTakeover = (estateId: string, invitationId: string, decision: Decision, note: string) =>
  call<Ok<TakeoverApproval>>(
    'POST',
    `${estate(estateId)}/invitations/${encodeURIComponent(invitationId)}/approval`,
    { decision, note: noteOrNull(note) } satisfies Body<TakeoverApproval>,
  )
export const decideActivation = (
  estateId: string,
  a: Pick<PendingActivation, 'invitationId' | 'ownerId'>,
  decision: Decision,
  note: string,
) =>
  call<Ok<ActivationApproval>>('POST', `${estate(estateId)}/activations/approval`, {
    invitationId: a.invitationId,
    ownerId: a.ownerId,
    decision,
    note: noteOrNull(note),
  } satisfies Body<ActivationApproval>)

// ---- the estate's staff: conveners added by the street office, with a one-time enrollment link ----
type StaffApi = EstateApi['staff']
export type StaffGrant = Ok<StaffApi['$get']>['staff'][number]
/** The new colleague's one-time enrollment link (the answer is its only copy). */
export type NewStaff = Extract<Ok<StaffApi['$post']>['staff'], { url: string }>
export type AddStaffInput = Extract<Body<StaffApi['$post']>, { displayName: string }>
export const fetchStaff = (estateId: string) => call<Ok<StaffApi['$get']>>('GET', `${estate(estateId)}/staff`)
export const addStaff = (estateId: string, input: AddStaffInput) =>
  call<{ staff: NewStaff }>('POST', `${estate(estateId)}/staff`, input)
export const revokeStaffGrant = (estateId: string, grantId: number) =>
  call<undefined>('DELETE', `${estate(estateId)}/staff/${grantId}`)
