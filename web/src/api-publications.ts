import type { Body, EstateApi, Ok } from './api-types'
import { request } from './http'

/**
 * The calls of the publications pages (the roll's versions; lazy, off the voting path): the public reads, the
 * owners' objections to a version, and the conveners' answers and publishing.
 */

export type Result<T> =
  { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: string }

/** One request (http.ts): the server's JSON, or its error code as it is (`network` when no answer arrived). */
async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Result<T>> {
  const r = await request<T>(method, path, body)
  return r.ok ? r : { ok: false, error: r.body === undefined ? 'network' : r.code }
}

const estateBase = (estateId: string) => `/api/estates/${encodeURIComponent(estateId)}`

type Versions = EstateApi['roll']['versions']
export type RollVersionList = Ok<Versions['$get']>
export type RollVersion = Ok<Versions[':number']['$get']>
export type RollVersionUnit = RollVersion['units'][number]
export type RollComparison = Ok<Versions[':number']['compare'][':other']['$get']>

const versions = (e: string) => `${estateBase(e)}/roll/versions`

export const fetchRollVersions = (e: string) => call<RollVersionList>('GET', versions(e))
/** A version with a page of its units: the first `limit` matching `q` (a unit number, or part of one). */
export const fetchRollVersion = (e: string, n: number, page: { q?: string; limit?: number } = {}) => {
  const query = new URLSearchParams()
  if (page.q) query.set('q', page.q)
  if (page.limit) query.set('limit', String(page.limit))
  const search = query.toString()
  return call<RollVersion>('GET', `${versions(e)}/${n}${search ? `?${search}` : ''}`)
}
export const fetchRollComparison = (e: string, a: number, b: number) =>
  call<RollComparison>('GET', `${versions(e)}/${a}/compare/${b}`)

export const publishRollVersion = (e: string, note: string, answers: number[]) =>
  call<Ok<Versions['$post']>>('POST', versions(e), { note, answers } satisfies Body<Versions['$post']>)

export const objectToVersion = (e: string, version: number, unit: string, text: string) =>
  call<Ok<EstateApi['roll']['objections']['$post']>>('POST', `${estateBase(e)}/roll/objections`, {
    unit,
    text,
    version,
  } satisfies Body<EstateApi['roll']['objections']['$post']>)

type Answer = EstateApi['roll']['objections'][':objectionId']['answer']['$post']
export const answerObjection = (e: string, id: number, answer: string, decision: 'upheld' | 'rejected') =>
  call<Ok<Answer>>('POST', `${estateBase(e)}/roll/objections/${id}/answer`, {
    answer,
    decision,
  } satisfies Body<Answer>)

// ---- documents from templates ----
type Docs = EstateApi['publications']['documents']
type Doc = Docs[':documentId']
export type DocumentList = Ok<Docs['$get']>
export type DocumentView = Ok<Doc['$get']>
export type DocumentVersion = Ok<Doc['versions'][':number']['$get']>
export type DocumentComparison = Ok<Doc['versions'][':number']['compare'][':other']['$get']>
export type DraftBody = Body<Doc['draft']['$put']>
export type TemplateName = Body<Docs['$post']>['template']

const documents = (e: string) => `${estateBase(e)}/publications/documents`
export const fetchDocuments = (e: string) => call<DocumentList>('GET', documents(e))
export const fetchDocument = (e: string, id: string) => call<DocumentView>('GET', `${documents(e)}/${id}`)
export const fetchDocumentVersion = (e: string, id: string, n: number) =>
  call<DocumentVersion>('GET', `${documents(e)}/${id}/versions/${n}`)
export const fetchDocumentComparison = (e: string, id: string, a: number, b: number) =>
  call<DocumentComparison>('GET', `${documents(e)}/${id}/versions/${a}/compare/${b}`)
export const createDocument = (e: string, template: TemplateName) =>
  call<Ok<Docs['$post']>>('POST', documents(e), { template } satisfies Body<Docs['$post']>)
export const saveDraft = (e: string, id: string, body: DraftBody) =>
  request<Ok<Doc['draft']['$put']>>('PUT', `${documents(e)}/${id}/draft`, body).then(
    (r): Result<undefined> =>
      r.ok ? { ok: true, data: undefined } : { ok: false, error: r.body === undefined ? 'network' : r.code },
  )
export const publishDocument = (e: string, id: string, reason: string) =>
  call<Ok<Doc['versions']['$post']>>('POST', `${documents(e)}/${id}/versions`, {
    reason,
  } satisfies Body<Doc['versions']['$post']>)
