import type { Body, EstateApi, MeetingApi, Ok, WithRequestOptions } from './api-types'
import { request } from './http'

/**
 * The owner's calls about meetings, ballots, results and roll objections. Kept apart from api.ts so
 * that the entry every page loads does not grow: only the meeting pages load this. Errors answer the server's
 * code as it is (the owner catalogue words it; api.ts's ERROR_CODES are the entry's). Types are the routes'
 * own (./api-types, erased at build).
 */

type MeetingAnswer = Ok<MeetingApi['$get']>
export type Meeting = MeetingAnswer['meeting']
export type MeetingMatter = Meeting['matters'][number]
export type MeetingStatus = Meeting['status']
/** An agenda document, listed beside the meeting by GET …/meetings/:id: a matter's (ref q1) or a photo (q3/c2). */
export type Attachment = MeetingAnswer['attachments'][number]
export type MeetingListItem = Ok<EstateApi['meetings']['$get']>['meetings'][number]
export type Announcement = Ok<MeetingApi['announcement']['$get']>['announcement']
export type Summary = Ok<MeetingApi['summary']['$get']>
export type MatterResult = Summary['results'][number]

/** GET …/meetings/:id/me: the voters I act for (my own, or by proxy with its directions). */
export type MyPart = Ok<MeetingApi['me']['$get']>
export type ActingVoter = MyPart['voters'][number]
/**
 * One matter's choice as the ballot page holds it: the owner's own, or a proxy's directions as GET …/me sends
 * them (typed there as any ballot's choice, though the proxies route takes only online ones).
 */
export type Choice = NonNullable<ActingVoter['directions']>[string]
/** A ballot's receipt as the cast answers it; GET …/me tells the same, without the ballot's id, which no page shows. */
export type Receipt = Omit<Ok<MeetingApi['ballots']['$post']>['receipt'], 'ballotId'> &
  Partial<Pick<NonNullable<ActingVoter['ballot']>, 'by' | 'byName'>>
export type RollObjection = Ok<EstateApi['roll']['objections']['$get']>['objections'][number]

export type Result<T> =
  { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: string }

/** One request (http.ts): the server's JSON, its error code as it is, or `network` when no answer arrived. */
export async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Result<T>> {
  const r = await request<T>(method, path, body)
  // No answer, or none readable (a proxy's HTML page, mobile data dropping mid-answer): the network's fault.
  return r.ok ? r : { ok: false, error: r.body === undefined ? 'network' : r.code }
}

const enc = encodeURIComponent
export const estateBase = (estateId: string) => `/api/estates/${enc(estateId)}`
export const meetingBase = (estateId: string, meetingId: string) =>
  `${estateBase(estateId)}/meetings/${enc(meetingId)}`

export const fetchMeeting = (e: string, m: string) => call<MeetingAnswer>('GET', meetingBase(e, m))
export const fetchMyPart = (e: string, m: string) => call<MyPart>('GET', `${meetingBase(e, m)}/me`)
export const confirmRead = (e: string, m: string) =>
  call<Ok<MeetingApi['read-confirmation']['$post']>>('POST', `${meetingBase(e, m)}/read-confirmation`)
export const requestPaper = (e: string, m: string, voter: string) =>
  call<Ok<MeetingApi['paper-requests']['$post']>>('POST', `${meetingBase(e, m)}/paper-requests`, {
    voter,
  } satisfies Body<MeetingApi['paper-requests']['$post']>)
/** Withdraws the voter's paper-ballot request while no convener has handled it (else request_not_open). */
export const withdrawPaper = (e: string, m: string, voter: string) =>
  call<Ok<MeetingApi['paper-requests']['withdrawal']['$post']>>(
    'POST',
    `${meetingBase(e, m)}/paper-requests/withdrawal`,
    { voter } satisfies Body<MeetingApi['paper-requests']['withdrawal']['$post']>,
  )
export const prepareBallot = (
  e: string,
  m: string,
  voter: string,
  choices: Readonly<Record<string, Choice>>,
) =>
  call<WithRequestOptions<Ok<MeetingApi['ballot-options']['$post']>>>(
    'POST',
    `${meetingBase(e, m)}/ballot-options`,
    { voter, choices },
  )
export const castBallot = (
  e: string,
  m: string,
  nonce: string,
  response: Body<MeetingApi['ballots']['$post']>['response'],
) =>
  call<Ok<MeetingApi['ballots']['$post']>>('POST', `${meetingBase(e, m)}/ballots`, {
    nonce,
    response,
  } satisfies Body<MeetingApi['ballots']['$post']>)
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

// ---- a ballot being filled in, kept on this phone until it is sent ----

// sessionStorage: it outlives a reload and the back and forward buttons, not the tab; once sent it is removed.
const draftKey = (meetingId: string, voter: string) => `gongjue.ballot.${meetingId}.${voter}`

export function keepDraft(
  meetingId: string,
  voter: string,
  choices: Readonly<Record<string, Choice>> | null,
) {
  try {
    if (choices) sessionStorage.setItem(draftKey(meetingId, voter), JSON.stringify(choices))
    else sessionStorage.removeItem(draftKey(meetingId, voter))
  } catch {
    // Private browsing or full storage: the choices live on the page only, as before.
  }
}

export function keptDraft(meetingId: string, voter: string): Record<string, Choice> {
  try {
    return JSON.parse(sessionStorage.getItem(draftKey(meetingId, voter)) ?? '{}') as Record<string, Choice>
  } catch {
    return {}
  }
}
