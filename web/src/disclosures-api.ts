import type { Body, EstateApi, Ok } from './api-types'
import { request } from './http'

/**
 * The disclosures' API client (domain §9), for the owner's disclosure pages, the supervision board and the
 * console's: its own module, loaded with those lazy pages only. Types come from the routes
 * (server/routes/disclosures.ts).
 */

type All = EstateApi['disclosures']
type One = All[':disclosureId']
type Version = One['versions'][':number']

export type DisclosureList = Ok<All['$get']>
export type DisclosureItem = DisclosureList['disclosures'][number]
export type DueList = Ok<All['due']['$get']>
export type DueKind = DueList['kinds'][number]
export type Board = Ok<All['board']['$get']>
export type DisclosureView = Ok<One['$get']>
export type VersionPage = Ok<Version['$get']>
export type Comparison = Ok<Version['compare'][':other']['$get']>
export type ServiceList = Ok<Version['service']['$get']>
export type CreateDisclosureInput = Body<All['$post']>
export type DisclosureKind = CreateDisclosureInput['kind']
export type DraftInput = Body<One['draft']['$put']>
export type StatementInput = NonNullable<CreateDisclosureInput['statement']>
export type FactsInput = NonNullable<CreateDisclosureInput['facts']>
export type PaperServiceInput = Body<Version['service']['$post']>

const base = (estateId: string) => `/api/estates/${encodeURIComponent(estateId)}/disclosures`
const one = (estateId: string, id: string) => `${base(estateId)}/${encodeURIComponent(id)}`
const version = (estateId: string, id: string, n: number) => `${one(estateId, id)}/versions/${n}`

export const fetchDisclosures = (estateId: string) => request<DisclosureList>('GET', base(estateId))
export const fetchDue = (estateId: string) => request<DueList>('GET', `${base(estateId)}/due`)
export const fetchBoard = (estateId: string) => request<Board>('GET', `${base(estateId)}/board`)
export const fetchDisclosure = (estateId: string, id: string) =>
  request<DisclosureView>('GET', one(estateId, id))
export const fetchVersion = (estateId: string, id: string, n: number) =>
  request<VersionPage>('GET', version(estateId, id, n))
export const fetchComparison = (estateId: string, id: string, a: number, b: number) =>
  request<Comparison>('GET', `${version(estateId, id, a)}/compare/${b}`)
export const fetchService = (estateId: string, id: string, n: number) =>
  request<ServiceList>('GET', `${version(estateId, id, n)}/service`)
export const attachmentUrl = (estateId: string, id: string, attachmentId: string) =>
  `${one(estateId, id)}/attachments/${encodeURIComponent(attachmentId)}`

export const createDisclosure = (estateId: string, input: CreateDisclosureInput) =>
  request<Ok<All['$post']>>('POST', base(estateId), input)
export const saveDisclosureDraft = (estateId: string, id: string, input: DraftInput) =>
  request<undefined>('PUT', `${one(estateId, id)}/draft`, input)
export const uploadAttachment = (estateId: string, id: string, file: File) => {
  const form = new FormData()
  form.set('file', file)
  return request<{ attachment: { id: string; name: string } }>(
    'POST',
    `${one(estateId, id)}/attachments`,
    form,
  )
}
export const publishDisclosure = (estateId: string, id: string, reason: string) =>
  request<Ok<One['versions']['$post']>>('POST', `${one(estateId, id)}/versions`, {
    reason,
  } satisfies Body<One['versions']['$post']>)
export const askQuestion = (estateId: string, id: string, text: string, v: number) =>
  request<Ok<One['questions']['$post']>>('POST', `${one(estateId, id)}/questions`, {
    text,
    version: v,
  } satisfies Body<One['questions']['$post']>)
export const answerQuestion = (estateId: string, id: string, questionId: string, text: string) =>
  request<undefined>('POST', `${one(estateId, id)}/questions/${encodeURIComponent(questionId)}/answer`, {
    text,
  } satisfies Body<One['questions'][':questionId']['answer']['$post']>)
export const recordPaperService = (estateId: string, id: string, n: number, input: PaperServiceInput) =>
  request<Ok<Version['service']['$post']>>('POST', `${version(estateId, id, n)}/service`, input)
