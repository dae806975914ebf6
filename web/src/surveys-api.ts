import type { Body, EstateApi, Ok } from './api-types'
import { request } from './http'

/**
 * The satisfaction surveys' API client (domain §10), for the owner's survey pages and the console's: its own
 * module, loaded with those lazy pages only. Types come from the routes (server/routes/surveys.ts).
 */

type SurveysApi = EstateApi['surveys']
type SurveyApi = SurveysApi[':surveyId']

export type SurveyList = Ok<SurveysApi['$get']>
export type Survey = SurveyList['surveys'][number]
export type SurveyView = Ok<SurveyApi['$get']>
export type Progress = NonNullable<SurveyView['progress']>
export type MySurvey = Ok<SurveyApi['me']['$get']>
export type MyVoter = MySurvey['voters'][number]
export type SurveyResultsView = Ok<SurveyApi['results']['$get']>
export type CreateSurveyInput = Body<SurveysApi['$post']>
export type Answers = Body<SurveyApi['responses']['$post']>['answers']
export type Receipt = Ok<SurveyApi['responses']['$post']>

const base = (estateId: string) => `/api/estates/${encodeURIComponent(estateId)}/surveys`
const one = (estateId: string, id: string) => `${base(estateId)}/${encodeURIComponent(id)}`

export const fetchSurveys = (estateId: string) => request<SurveyList>('GET', base(estateId))
export const fetchSurvey = (estateId: string, id: string) => request<SurveyView>('GET', one(estateId, id))
export const fetchMySurvey = (estateId: string, id: string) =>
  request<MySurvey>('GET', `${one(estateId, id)}/me`)
export const fetchSurveyResults = (estateId: string, id: string) =>
  request<SurveyResultsView>('GET', `${one(estateId, id)}/results`)
export const resultsFileUrl = (estateId: string, id: string) => `${one(estateId, id)}/results.json`
export const createSurvey = (estateId: string, input: CreateSurveyInput) =>
  request<{ id: string }>('POST', base(estateId), input)
export const editSurvey = (estateId: string, id: string, input: CreateSurveyInput) =>
  request<undefined>('PUT', one(estateId, id), input)
export const noticeSurvey = (estateId: string, id: string) =>
  request<undefined>('POST', `${one(estateId, id)}/notice`)
export const respond = (estateId: string, id: string, voter: string, answers: Answers) =>
  request<Receipt>('POST', `${one(estateId, id)}/responses`, { voter, answers })
export const respondOnPaper = (estateId: string, id: string, unit: string, answers: Answers) =>
  request<Receipt>('POST', `${one(estateId, id)}/paper-responses`, { unit, answers })
export type ServiceInput = Body<SurveyApi['service']['$post']>
export const recordService = (estateId: string, id: string, input: ServiceInput) =>
  request<Ok<SurveyApi['service']['$post']>>('POST', `${one(estateId, id)}/service`, input)
