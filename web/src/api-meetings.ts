import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser'
import type { Choice, MatterResult } from '../../server/domain/bundle'
import type { ResultsSummary } from '../../server/domain/summary'
import type { announcement } from '../../server/services/meeting-results'
import type { presentMeeting } from '../../server/services/meetings'

/**
 * The owner's calls about meetings, ballots, results and roll objections. Kept apart from api.ts so
 * that the entry every page loads does not grow: only the meeting pages load this. Errors answer the server's
 * code as it is (the owner catalogue words it; api.ts's ERROR_CODES are the entry's).
 */

export type Meeting = ReturnType<typeof presentMeeting>
export type MeetingMatter = Meeting['matters'][number]
export type MeetingStatus = Meeting['status']
export type MeetingListItem = Pick<Meeting, 'id' | 'title' | 'status' | 'opensAt' | 'closesAt' | 'noticedAt'>
export type Announcement = Awaited<ReturnType<typeof announcement>>
export type Summary = ResultsSummary
export type { Choice, MatterResult }

/** GET …/meetings/:id/me: a voter I act for (my own, or by proxy with its directions). */
export interface ActingVoter {
  readonly voter: string
  readonly units: readonly string[]
  readonly areaCm2: number
  readonly as: 'owner' | 'proxy'
  readonly directions: Readonly<Record<string, Choice>> | null
  readonly matters: readonly string[]
  readonly ballot: { readonly receipt: string; readonly channel: string; readonly castAt: string } | null
}
export interface MyPart {
  readonly status: MeetingStatus
  readonly voters: readonly ActingVoter[]
}
export interface Receipt {
  readonly receipt: string
  readonly voter: string
  readonly channel: string
  readonly castAt: string
}
export interface RollObjection {
  readonly id: number
  readonly unit: string
  readonly text: string
  readonly at: string
  readonly answer: string | null
  readonly answeredAt: string | null
}

export type Result<T> =
  { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: string }

/** One request: the server's JSON, its error code as it is, or `network` when no answer arrived. */
export async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Result<T>> {
  try {
    // Same origin: the browser adds the session cookie and the Origin header the server checks on writes.
    const r = await fetch(path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    })
    if (r.status === 204) return { ok: true, data: undefined as T }
    const json = (await r.json()) as T & { error?: { code?: string } }
    return r.ok ? { ok: true, data: json } : { ok: false, error: json.error?.code ?? 'unexpected' }
  } catch {
    // No answer, or a cut-off body (a proxy's HTML page, mobile data dropping mid-answer).
    return { ok: false, error: 'network' }
  }
}

const enc = encodeURIComponent
export const estateBase = (estateId: string) => `/api/estates/${enc(estateId)}`
export const meetingBase = (estateId: string, meetingId: string) =>
  `${estateBase(estateId)}/meetings/${enc(meetingId)}`

/** An agenda document, listed beside the meeting by GET …/meetings/:id: a matter's (ref q1) or a photo (q3/c2). */
export interface Attachment {
  readonly id: string
  readonly purpose: 'matter' | 'candidate_photo'
  readonly ref: string | null
  readonly fileName: string
  readonly mime: string
  readonly size: number
  readonly sha256: string
}

export const fetchMeeting = (e: string, m: string) =>
  call<{ readonly meeting: Meeting; readonly attachments: readonly Attachment[] }>('GET', meetingBase(e, m))
export const fetchMyPart = (e: string, m: string) => call<MyPart>('GET', `${meetingBase(e, m)}/me`)
export const confirmRead = (e: string, m: string) =>
  call<undefined>('POST', `${meetingBase(e, m)}/read-confirmation`)
export const requestPaper = (e: string, m: string, voter: string) =>
  call<{ readonly created: boolean }>('POST', `${meetingBase(e, m)}/paper-requests`, { voter })
export const prepareBallot = (e: string, m: string, voter: string, choices: Record<string, Choice>) =>
  call<{
    readonly ballot: { readonly nonce: string }
    readonly options: PublicKeyCredentialRequestOptionsJSON
  }>('POST', `${meetingBase(e, m)}/ballot-options`, { voter, choices })
export const castBallot = (e: string, m: string, nonce: string, response: AuthenticationResponseJSON) =>
  call<{ readonly receipt: Receipt }>('POST', `${meetingBase(e, m)}/ballots`, { nonce, response })
export const attachmentUrl = (e: string, m: string, id: string) =>
  `${meetingBase(e, m)}/attachments/${enc(id)}`

// ---- receipts kept on this phone (shown again later, also offline) ----

const receiptKey = (meetingId: string, voter: string) => `gongjue.receipt.${meetingId}.${voter}`

export function keepReceipt(meetingId: string, r: Receipt) {
  try {
    localStorage.setItem(receiptKey(meetingId, r.voter), JSON.stringify(r))
  } catch {
    // Private browsing: the receipt is still shown now and recovered from GET …/me later.
  }
}

export function keptReceipt(meetingId: string, voter: string): Receipt | null {
  try {
    const s = localStorage.getItem(receiptKey(meetingId, voter))
    return s ? (JSON.parse(s) as Receipt) : null
  } catch {
    return null
  }
}
