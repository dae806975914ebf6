import type { MatterKind } from '../../../server/domain/bundle'
import type { ImportMerges, RollSummary } from '../../../server/services/import-roll'
import type { listPaperEntries } from '../../../server/services/ballots'
import type { listObjections, listPaperRequests, listProxies } from '../../../server/services/meeting-records'
import type { announcement, finalDue, turnout } from '../../../server/services/meeting-results'
import type { presentMeeting } from '../../../server/services/meetings'
import type { activationReview } from '../../../server/services/approvals'
import type { listGuardians, listRepresentatives, unitPeople } from '../../../server/services/holders'

/**
 * The console's API client. Like web/src/api.ts, every call answers a typed result or an error code the
 * pages turn into words from the staff catalogue; the server's own types are imported type-only (erased at build).
 * Its own module so the console's calls and codes never reach an owner's phone.
 */

/** When the final announcement is due (北京 art. 37), once the objection period and the sign-off are done. */
export type FinalDue = Awaited<ReturnType<typeof finalDue>>
/** A meeting as presented; GET …/meetings/:id also says when the final is due (the commands' answers do not). */
export type Meeting = ReturnType<typeof presentMeeting> & { readonly finalDue?: FinalDue }
export type MeetingMatter = Meeting['matters'][number]
export type Turnout = Awaited<ReturnType<typeof turnout>>
export type Announcement = Awaited<ReturnType<typeof announcement>>
export type PaperEntry = Awaited<ReturnType<typeof listPaperEntries>>[number]
export type Proxy = Awaited<ReturnType<typeof listProxies>>[number]
export type PaperRequest = Awaited<ReturnType<typeof listPaperRequests>>[number]
export type Objection = Awaited<ReturnType<typeof listObjections>>[number]
export type { MatterKind }

export interface MeetingSummary {
  readonly id: string
  readonly title: string
  readonly status: string
  readonly opensAt: string
  readonly closesAt: string
  readonly noticedAt: string | null
}

export interface RollImport {
  readonly id: string
  /** needs_confirmation: nothing was written; `merges` lists the owner merges and the token that confirms them. */
  readonly status: 'running' | 'succeeded' | 'failed' | 'needs_confirmation'
  readonly phase: string
  readonly processed: number
  readonly total: number
  readonly fileName?: string
  readonly summary?: RollSummary | null
  readonly errors?: readonly { readonly line: number; readonly code?: string; readonly reason: string }[]
  readonly merges?: ImportMerges | null
}

export interface RollChange {
  readonly id: number
  readonly changedAt: string
  readonly unit: string
  readonly change: string
  readonly before: unknown
  readonly after: unknown
}

export interface RollObjection {
  readonly id: number
  readonly unit: string
  readonly text: string
  readonly at: string
  readonly answer: string | null
  readonly answeredAt: string | null
}

export interface AuditEntry {
  readonly id: number
  readonly at: string
  readonly actor: string
  readonly role: string
  readonly action: string
  readonly subject: string | null
  readonly before: unknown
  readonly after: unknown
  readonly hash: string
}

export interface AuditPage {
  readonly chain: {
    readonly ok: boolean
    readonly entries: number
    readonly brokenAt?: number
    readonly head?: string
  }
  readonly total: number
  readonly entries: readonly AuditEntry[]
}

export type Choice = 'yes' | 'no' | 'abstain' | readonly string[] | { readonly invalid: string }
export type Choices = Record<string, Choice>

export interface Fraction {
  readonly num: number
  readonly den: number
  readonly strict: boolean
}

export interface CandidateInput {
  readonly unit: string
  readonly name: string
  readonly statement: string
  readonly eligibility: {
    readonly fullCapacity: boolean
    readonly noArrears: boolean
    readonly notPropertyStaff: boolean
  }
}

export interface MatterInput {
  readonly kind: MatterKind
  readonly title: string
  readonly body: string
  readonly scope?: { readonly buildings: readonly string[] } | { readonly units: readonly string[] }
  readonly participation?: Fraction
  readonly approval?: Fraction
  readonly seats?: number
  readonly alternatesCap?: number
  readonly candidates?: readonly CandidateInput[]
}

export interface MeetingInput {
  readonly title: string
  readonly opensAt: string
  readonly closesAt: string
  readonly settings: Record<string, unknown>
  readonly matters: readonly MatterInput[]
}

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
  let response: Response
  const form = body instanceof FormData
  try {
    response = await fetch(path, {
      method,
      headers:
        body === undefined || form
          ? { accept: 'application/json' }
          : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? null : form ? body : JSON.stringify(body),
      credentials: 'same-origin',
      signal: signal ?? null,
    })
  } catch {
    return { ok: false, status: 0, code: 'network' }
  }
  if (response.status === 204 || (response.status === 201 && response.headers.get('content-length') === '0'))
    return { ok: true, status: response.status, data: undefined as T }
  let json: unknown
  try {
    const text = await response.text()
    json = text === '' ? undefined : JSON.parse(text)
  } catch {
    return { ok: false, status: response.status, code: response.ok ? 'network' : 'unexpected' }
  }
  // The server is the only producer of this JSON, and its types are the ones above.
  if (response.ok) return { ok: true, status: response.status, data: json as T }
  const error = (json as { error?: { code?: unknown; details?: unknown } } | undefined)?.error
  return {
    ok: false,
    status: response.status,
    code: typeof error?.code === 'string' ? error.code : 'unexpected',
    details: error?.details,
    body: json,
  }
}

const estate = (id: string) => `/api/estates/${encodeURIComponent(id)}`
const meetingPath = (e: string, m: string) => `${estate(e)}/meetings/${encodeURIComponent(m)}`

// ---- roll ----
/** Uploads a roll; `confirmMerges` is the token of an earlier needs_confirmation answer for the same file. */
export const startImport = (estateId: string, file: File, confirmMerges?: string) => {
  const form = new FormData()
  form.append('file', file)
  if (confirmMerges !== undefined) form.append('confirmMerges', confirmMerges)
  return call<{ import: RollImport }>(
    'POST',
    `${estate(estateId)}/roll/imports?fileName=${encodeURIComponent(file.name)}`,
    form,
  )
}
export const fetchImport = (estateId: string, importId: string) =>
  call<{ import: RollImport }>('GET', `${estate(estateId)}/roll/imports/${encodeURIComponent(importId)}`)
export const fetchRollChanges = (estateId: string) =>
  call<{ changes: RollChange[] }>('GET', `${estate(estateId)}/roll/changes`)
export const fetchRollObjections = (estateId: string) =>
  call<{ objections: RollObjection[] }>('GET', `${estate(estateId)}/roll/objections`)
export const answerRollObjection = (estateId: string, id: number, answer: string) =>
  call<undefined>('POST', `${estate(estateId)}/roll/objections/${id}/answer`, { answer })

// ---- estate, audit ----
export const fetchEstate = (estateId: string) =>
  call<{ estate: { id: string; name: string; countParking: boolean } }>('GET', estate(estateId))
export const fetchAudit = (estateId: string, offset = 0, limit = 100) =>
  call<AuditPage>('GET', `${estate(estateId)}/audit?offset=${offset}&limit=${limit}`)

// ---- meetings ----
export const fetchMeetings = (estateId: string) =>
  call<{ meetings: MeetingSummary[] }>('GET', `${estate(estateId)}/meetings`)
export const fetchMeeting = (estateId: string, meetingId: string) =>
  call<{ meeting: Meeting }>('GET', meetingPath(estateId, meetingId))
export const createMeeting = (estateId: string, input: MeetingInput) =>
  call<{ meeting: Meeting }>('POST', `${estate(estateId)}/meetings`, input)
export const updateMeeting = (estateId: string, meetingId: string, input: MeetingInput) =>
  call<{ meeting: Meeting }>('PUT', meetingPath(estateId, meetingId), input)
export const giveNotice = (estateId: string, meetingId: string) =>
  call<{ meeting: Meeting }>('POST', `${meetingPath(estateId, meetingId)}/notice`)
export const extendMeeting = (estateId: string, meetingId: string, closesAt: string, reason: string) =>
  call<{ meeting: Meeting }>('POST', `${meetingPath(estateId, meetingId)}/extension`, { closesAt, reason })
/** The conveners declare every paper ballot entered: the counting period ends and the tally is stored at once. */
export const declarePaperComplete = (estateId: string, meetingId: string) =>
  call<{ meeting: Meeting }>('POST', `${meetingPath(estateId, meetingId)}/paper-complete`)
export const publishPreliminary = (estateId: string, meetingId: string) =>
  call<{ meeting: Meeting }>('POST', `${meetingPath(estateId, meetingId)}/preliminary`)
export const publishFinal = (estateId: string, meetingId: string) =>
  call<{ meeting: Meeting }>('POST', `${meetingPath(estateId, meetingId)}/final`)
export const fetchAnnouncement = (estateId: string, meetingId: string) =>
  call<{ announcement: Announcement }>('GET', `${meetingPath(estateId, meetingId)}/announcement`)
export const fetchTurnout = (estateId: string, meetingId: string) =>
  call<Turnout>('GET', `${meetingPath(estateId, meetingId)}/turnout`)
export const turnoutStreamUrl = (estateId: string, meetingId: string) =>
  `${meetingPath(estateId, meetingId)}/turnout/stream`
export const exportUrl = (
  estateId: string,
  meetingId: string,
  what: 'detail.csv' | 'summary.csv' | 'bundle',
) =>
  what === 'bundle'
    ? `${meetingPath(estateId, meetingId)}/bundle`
    : `${meetingPath(estateId, meetingId)}/exports/${what}`
export const attachmentUrl = (estateId: string, meetingId: string, attachmentId: string) =>
  `${meetingPath(estateId, meetingId)}/attachments/${encodeURIComponent(attachmentId)}`

export type AttachmentPurpose = 'matter' | 'candidate_photo' | 'paper_scan' | 'proxy_document'
export const uploadAttachment = (
  estateId: string,
  meetingId: string,
  file: File,
  purpose: AttachmentPurpose,
  ref?: string,
) => {
  const form = new FormData()
  form.append('file', file)
  form.append('purpose', purpose)
  if (ref) form.append('ref', ref)
  return call<{ attachment: { id: string } }>('POST', `${meetingPath(estateId, meetingId)}/attachments`, form)
}

// ---- paper ballots ----
export const enterPaper = (
  estateId: string,
  meetingId: string,
  body: {
    unit: string
    channel: 'paper' | 'in_person'
    choices: Choices
    scanId: string
    /** When the paper was handed in (an ISO instant); required once voting has closed. */
    receivedAt?: string
  },
) => call<{ entryId: string }>('POST', `${meetingPath(estateId, meetingId)}/paper-entries`, body)
export const confirmPaper = (estateId: string, meetingId: string, entryId: string, choices: Choices) =>
  call<{ status: 'confirmed'; receipt?: { receipt: string } }>(
    'POST',
    `${meetingPath(estateId, meetingId)}/paper-entries/${encodeURIComponent(entryId)}/confirmation`,
    { choices },
  )
export const fetchPaperEntries = (estateId: string, meetingId: string, status: string) =>
  call<{ entries: PaperEntry[] }>(
    'GET',
    `${meetingPath(estateId, meetingId)}/paper-entries?status=${encodeURIComponent(status)}`,
  )

// ---- proxies, service, requests, objections, sign-offs ----
/** The accounts (masked names) of a unit's owners: to name a proxy holder without asking for an id. */
export const fetchUnitAccounts = (estateId: string, unit: string) =>
  call<{ accounts: { accountId: string; name: string }[] }>(
    'GET',
    `${estate(estateId)}/units/${encodeURIComponent(unit)}/accounts`,
  )
export const recordProxy = (
  estateId: string,
  meetingId: string,
  body: {
    unit: string
    holderAccountId: string
    holderIsPropertyStaff: boolean
    directions: Record<string, Choice> | null
    documentId: string
  },
) => call<unknown>('POST', `${meetingPath(estateId, meetingId)}/proxies`, body)
export const fetchProxies = (estateId: string, meetingId: string) =>
  call<{ proxies: Proxy[] }>('GET', `${meetingPath(estateId, meetingId)}/proxies`)
export const revokeProxy = (estateId: string, meetingId: string, proxyId: string) =>
  call<undefined>('DELETE', `${meetingPath(estateId, meetingId)}/proxies/${encodeURIComponent(proxyId)}`)
export const recordService = (
  estateId: string,
  meetingId: string,
  body: { unit: string; method: 'paper_receipt' | 'posted'; evidence: string },
) => call<unknown>('POST', `${meetingPath(estateId, meetingId)}/service`, body)
export const fetchPaperRequests = (estateId: string, meetingId: string) =>
  call<{ requests: PaperRequest[] }>('GET', `${meetingPath(estateId, meetingId)}/paper-requests`)
export const handlePaperRequest = (estateId: string, meetingId: string, id: number) =>
  call<undefined>('POST', `${meetingPath(estateId, meetingId)}/paper-requests/${id}/handled`)
export const fetchObjections = (estateId: string, meetingId: string) =>
  call<{ objections: Objection[] }>('GET', `${meetingPath(estateId, meetingId)}/objections`)
export const answerObjection = (estateId: string, meetingId: string, id: number, answer: string) =>
  call<undefined>('POST', `${meetingPath(estateId, meetingId)}/objections/${id}/answer`, { answer })
export const signOff = (estateId: string, meetingId: string, decision: 'approve' | 'object', note: string) =>
  call<undefined>('POST', `${meetingPath(estateId, meetingId)}/signoffs`, {
    decision,
    note: note.trim() === '' ? null : note.trim(),
  })

// ---- the people who act for voters (domain §3): co-owners' representatives, guardians, their signed papers ----
export type UnitPeople = Awaited<ReturnType<typeof unitPeople>>
export type Representative = Awaited<ReturnType<typeof listRepresentatives>>[number]
export type Guardian = Awaited<ReturnType<typeof listGuardians>>[number]
export type DocumentPurpose = 'representative' | 'guardian'
export interface EstateDocument {
  readonly id: string
  readonly mime: string
  readonly size: number
  readonly sha256: string
}

export const uploadDocument = (estateId: string, file: File, purpose: DocumentPurpose) => {
  const form = new FormData()
  form.append('file', file)
  form.append('purpose', purpose)
  return call<{ document: EstateDocument }>('POST', `${estate(estateId)}/documents`, form)
}
export const documentUrl = (estateId: string, documentId: string) =>
  `${estate(estateId)}/documents/${encodeURIComponent(documentId)}`
export const fetchUnitPeople = (estateId: string, unit: string) =>
  call<UnitPeople>('GET', `${estate(estateId)}/units/${encodeURIComponent(unit)}/people`)
export const fetchRepresentatives = (estateId: string) =>
  call<{ representatives: Representative[] }>('GET', `${estate(estateId)}/representatives`)
export const recordRepresentative = (
  estateId: string,
  body: { unit: string; ownerId: number; documentId: string },
) => call<{ representativeId: number }>('POST', `${estate(estateId)}/representatives`, body)
export const revokeRepresentative = (estateId: string, id: number) =>
  call<undefined>('DELETE', `${estate(estateId)}/representatives/${id}`)
export const fetchGuardians = (estateId: string) =>
  call<{ guardians: Guardian[] }>('GET', `${estate(estateId)}/guardians`)
export const recordGuardian = (
  estateId: string,
  body: {
    unit: string
    ownerId: number
    name: string
    idLast4: string
    relation: string
    documentId: string
  },
) => call<{ guardianId: number }>('POST', `${estate(estateId)}/guardians`, body)
export const revokeGuardian = (estateId: string, id: number) =>
  call<undefined>('DELETE', `${estate(estateId)}/guardians/${id}`)

// ---- the second person: take-overs and activations a supervisor approves, and what they review ----
export type ActivationReview = Awaited<ReturnType<typeof activationReview>>
export type Takeover = ActivationReview['takeovers'][number]
export type PendingActivation = ActivationReview['pendingActivations'][number]
export type Decision = 'approve' | 'refuse'

const noteOrNull = (note: string) => (note.trim() === '' ? null : note.trim())

export const fetchActivationReview = (estateId: string) =>
  call<ActivationReview>('GET', `${estate(estateId)}/activation-review`)
export const decideTakeover = (estateId: string, invitationId: string, decision: Decision, note: string) =>
  call<undefined>('POST', `${estate(estateId)}/invitations/${encodeURIComponent(invitationId)}/approval`, {
    decision,
    note: noteOrNull(note),
  })
export const decideActivation = (
  estateId: string,
  a: { invitationId: string; ownerId: number },
  decision: Decision,
  note: string,
) =>
  call<undefined>('POST', `${estate(estateId)}/activations/approval`, {
    invitationId: a.invitationId,
    ownerId: a.ownerId,
    decision,
    note: noteOrNull(note),
  })
