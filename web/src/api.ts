import type { PublishedRoll, PublishedUnit } from '../../server/services/published-roll'

/**
 * The API client. Every call answers a typed result or a typed error code; the UI turns codes into words
 * through the message catalogue and never shows the server's English message (design.md principle 5).
 * Types come from the server itself (type-only imports, erased at build), so a change there fails `tsc` here.
 */

export type RollResponse = PublishedRoll
export type RollUnit = PublishedUnit
export type UnitKind = RollUnit['kind']
export type AreaSource = RollUnit['areaSource']

export interface Estate {
  readonly id: string
  readonly name: string
  readonly countParking: boolean
  readonly createdAt: string
}

/** Server codes the pages can meet, plus `network` (no answer) and `unexpected` (anything else). */
export const ERROR_CODES = [
  'estate_not_found',
  'not_found',
  'invalid_request',
  'network',
  'unexpected',
] as const
export type ApiErrorCode = (typeof ERROR_CODES)[number]

export type ApiResult<T> =
  { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: ApiErrorCode }

const isKnownCode = (code: unknown): code is ApiErrorCode =>
  typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code)

async function getJson<T>(path: string, signal?: AbortSignal): Promise<ApiResult<T>> {
  let response: Response
  try {
    response = await fetch(path, { headers: { accept: 'application/json' }, signal: signal ?? null })
  } catch {
    return { ok: false, error: 'network' }
  }
  let body: unknown
  try {
    body = await response.json()
  } catch {
    // A proxy's HTML error page, or a connection cut mid-body on mobile data.
    return { ok: false, error: response.ok ? 'network' : 'unexpected' }
  }
  if (response.ok) {
    // The shape is the server's own type (see above); the server is the only producer of this JSON.
    return { ok: true, data: body as T }
  }
  const code = (body as { error?: { code?: unknown } } | null)?.error?.code
  return { ok: false, error: isKnownCode(code) ? code : 'unexpected' }
}

export const fetchEstates = (signal?: AbortSignal) =>
  getJson<{ readonly estates: readonly Estate[] }>('/api/estates', signal)

export interface RollQuery {
  readonly building?: string | undefined
  readonly q?: string | undefined
  readonly offset?: number
  readonly limit?: number
}

const rollPath = (estateId: string) => `/api/estates/${encodeURIComponent(estateId)}/roll`

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
