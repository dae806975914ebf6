import type { Api, Body, EstateApi, Ok, Query, WithCreationOptions, WithRequestOptions } from './api-types'
import { request as send } from './http'

/**
 * The API client. Every call answers a typed result or a typed error code; the UI turns codes into words
 * through the message catalogue and never shows the server's English message (design.md principle 5).
 * Each call's types are derived from its route (./api-types, erased at build), so a change there fails `tsc` here.
 */

export type RollResponse = Ok<EstateApi['roll']['$get']>
export type RollUnit = RollResponse['units'][number]
export type UnitKind = RollUnit['kind']
export type AreaSource = RollUnit['areaSource']

export type Estate = Ok<Api['estates']['$get']>['estates'][number]

type MeAnswer = Ok<Api['me']['$get']>
/** The signed-in person as GET /api/me describes them. */
export type Me = MeAnswer['me']
export type StaffRole = Me['roles'][number]['role']
export type Passkey = Me['passkeys'][number]
export type OwnVoter = NonNullable<Me['owner']>['voters'][number]

type ActivationStart = WithCreationOptions<Ok<Api['activation']['options']['$post']>>
/** The passkey step of an activation (who the roll says this is, and the options), or the text-message step. */
export type ActivationPasskey = Extract<ActivationStart, { step: 'passkey' }>
export type ActivationSms = Extract<ActivationStart, { step: 'sms' }>
export type Who = ActivationPasskey['who']
export type Estates = Ok<Api['estates']['$get']>
export type EnrollmentStart = WithCreationOptions<Ok<Api['enrollment']['options']['$post']>>

export type InvitationList = Ok<EstateApi['invitations']['$get']>
export type InvitationRow = InvitationList['invitations'][number]
export type InvitationStatus = InvitationRow['status']
export type IssuedLetters = Ok<EstateApi['invitations']['$post']>
export type Letter = IssuedLetters['letters'][number]

export type IssueRequest = Body<EstateApi['invitations']['$post']>
type ScopeKey = 'all' | 'buildings' | 'units'
/** Exactly one scope, as the server's schema requires; `revokePasskeys` for a lost or stolen phone. */
export type IssueScope = { [K in ScopeKey]: Required<Pick<IssueRequest, K>> }[ScopeKey]

/**
 * Server codes the pages can meet, plus codes made in the browser: `network` (no answer), `unexpected`
 * (anything else), and what a passkey prompt on the phone can end in (`passkey_*` below `passkey_failed`,
 * which is the server's one generic refusal).
 */
export const ERROR_CODES = [
  'estate_not_found',
  'not_found',
  'invalid_request',
  'unauthenticated',
  'forbidden',
  'rate_limited',
  'activation_failed',
  'invitation_expired',
  'invitation_locked',
  'already_activated',
  'passkey_failed',
  'enrollment_invalid',
  'account_disabled',
  'passkey_not_found',
  'passkey_revoked',
  'unit_not_found',
  'no_voters',
  'sms_code_wrong',
  'sms_code_expired',
  'sms_failed',
  'guardian_recorded',
  'invitation_awaiting_approval',
  // Browser-side: the phone's passkey prompt.
  'passkey_cancelled',
  'passkey_unsupported',
  'passkey_exists',
  'passkey_error',
  'network',
  'unexpected',
] as const
export type ApiErrorCode = (typeof ERROR_CODES)[number]

/** The parts of an error's `details` the pages use. */
export interface ErrorDetails {
  /** activation_failed: wrong tries left before the code locks. */
  readonly attemptsLeft?: number
  /** rate_limited: when to try again. */
  readonly retryAfterSeconds?: number
  /** unit_not_found: the unit numbers no voter holds. */
  readonly units?: readonly string[]
}

export interface ApiFailure {
  readonly ok: false
  readonly error: ApiErrorCode
  readonly details?: ErrorDetails
}

export type ApiResult<T> = { readonly ok: true; readonly data: T } | ApiFailure

const isKnownCode = (code: unknown): code is ApiErrorCode =>
  typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code)

function readDetails(raw: unknown): ErrorDetails | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined
  const r = raw as Record<string, unknown>
  const details: { attemptsLeft?: number; retryAfterSeconds?: number; units?: string[] } = {}
  if (typeof r['attemptsLeft'] === 'number') details.attemptsLeft = r['attemptsLeft']
  if (typeof r['retryAfterSeconds'] === 'number') details.retryAfterSeconds = r['retryAfterSeconds']
  if (Array.isArray(r['units'])) details.units = r['units'].filter((u): u is string => typeof u === 'string')
  return Object.keys(details).length > 0 ? details : undefined
}

/** One request (http.ts), its refusal as a code the entry's catalogue words (an unknown one is `unexpected`). */
async function request<T>(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<ApiResult<T>> {
  const r = await send<T>(method, path, body, signal)
  if (r.ok) return r
  return { ok: false, error: isKnownCode(r.code) ? r.code : 'unexpected', details: readDetails(r.details) }
}

const getJson = <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, undefined, signal)
const postJson = <T>(path: string, body?: unknown) => request<T>('POST', path, body)

export const fetchEstates = (signal?: AbortSignal) => getJson<Estates>('/api/estates', signal)

/** The roll's query string; the page counts its offset and page size in numbers. */
export type RollQuery = Pick<Query<EstateApi['roll']['$get']>, 'building' | 'q'> & {
  readonly offset?: number
  readonly limit?: number
}

const estatePath = (estateId: string) => `/api/estates/${encodeURIComponent(estateId)}`
const rollPath = (estateId: string) => `${estatePath(estateId)}/roll`

export function fetchRoll(estateId: string, query: RollQuery, signal?: AbortSignal) {
  const params = new URLSearchParams()
  if (query.building) params.set('building', query.building)
  if (query.q) params.set('q', query.q)
  if (query.offset) params.set('offset', String(query.offset))
  if (query.limit) params.set('limit', String(query.limit))
  const search = params.toString()
  return getJson<RollResponse>(search ? `${rollPath(estateId)}?${search}` : rollPath(estateId), signal)
}

export const rollCsvUrl = (estateId: string) => `${rollPath(estateId)}.csv`

// Identity: owners' activation, passkey sign-in, staff enrollment, the signed-in person.

export const startActivation = (input: Body<Api['activation']['options']['$post']>) =>
  postJson<ActivationStart>('/api/activation/options', input)

/** The code from the text message sent to the phone on the roll: then the passkey step. */
export const verifyActivationSms = (ticket: string, code: string) =>
  postJson<WithCreationOptions<Ok<Api['activation']['sms']['$post']>>>('/api/activation/sms', {
    ticket,
    code,
  } satisfies Body<Api['activation']['sms']['$post']>)

export const finishActivation = (response: Body<Api['activation']['$post']>['response']) =>
  postJson<Ok<Api['activation']['$post']>>('/api/activation', { response } satisfies Body<
    Api['activation']['$post']
  >)

export const startSignIn = () =>
  postJson<WithRequestOptions<Ok<Api['session']['options']['$post']>>>('/api/session/options')

export const finishSignIn = (response: Body<Api['session']['$post']>['response']) =>
  postJson<Ok<Api['session']['$post']>>('/api/session', { response } satisfies Body<Api['session']['$post']>)

export const signOut = () => request<Ok<Api['session']['$delete']>>('DELETE', '/api/session')

export const fetchMe = (signal?: AbortSignal) => getJson<MeAnswer>('/api/me', signal)

export const startAddPasskey = (label?: string) =>
  postJson<WithCreationOptions<Ok<Api['me']['passkeys']['options']['$post']>>>(
    '/api/me/passkeys/options',
    (label ? { label } : {}) satisfies Body<Api['me']['passkeys']['options']['$post']>,
  )

export const finishAddPasskey = (
  response: Body<Api['me']['passkeys']['$post']>['response'],
  label?: string,
) =>
  postJson<Ok<Api['me']['passkeys']['$post']>>(
    '/api/me/passkeys',
    (label ? { response, label } : { response }) satisfies Body<Api['me']['passkeys']['$post']>,
  )

export const removePasskey = (credentialId: string) =>
  request<Ok<Api['me']['passkeys'][':credentialId']['$delete']>>(
    'DELETE',
    `/api/me/passkeys/${encodeURIComponent(credentialId)}`,
  )

export const startEnrollment = (token: string) =>
  postJson<EnrollmentStart>('/api/enrollment/options', {
    token,
  } satisfies Body<Api['enrollment']['options']['$post']>)

export const finishEnrollment = (response: Body<Api['enrollment']['$post']>['response']) =>
  postJson<Ok<Api['enrollment']['$post']>>('/api/enrollment', { response } satisfies Body<
    Api['enrollment']['$post']
  >)

// Invitations (the convener's console).

export const fetchInvitations = (estateId: string, signal?: AbortSignal) =>
  getJson<InvitationList>(`${estatePath(estateId)}/invitations`, signal)

export const issueInvitations = (estateId: string, body: IssueRequest) =>
  postJson<IssuedLetters>(`${estatePath(estateId)}/invitations`, body)
