import type { Body, EstateApi, Ok, WithRequestOptions } from './api-types'
import { request, type Answer } from './http'

/**
 * The committee's API client (domain §8), for the console's committee pages, the member's voting page and the
 * owners' public page: its own module, loaded with those lazy pages only. Types come from the routes.
 */

type CommitteeApi = EstateApi['committee']
type CommitteeMeetingApi = CommitteeApi['meetings'][':committeeMeetingId']

export type CommitteeView = Ok<CommitteeApi['$get']>
export type Term = NonNullable<CommitteeView['term']>
export type TermMember = Term['members'][number]
export type Clock = Term['clocks']['seating']
export type PublicView = Ok<CommitteeApi['public']['$get']>
export type CommitteeMeetingView = Ok<CommitteeMeetingApi['$get']>
export type Notice = Ok<CommitteeApi['notices'][':noticeId']['$get']>['notice']
export type NoticeSummary = Ok<CommitteeApi['notices']['$get']>['notices'][number]
export type MemberView = Ok<CommitteeApi['me']['$get']>
export type CreateTermInput = Body<CommitteeApi['terms']['$post']>
export type ScheduleInput = Body<CommitteeApi['meetings']['$post']>
export type VacancyInput = Body<CommitteeApi['vacancies']['$post']>
export type VoteChoice = Body<CommitteeMeetingApi['vote-options']['$post']>['choice']
export type VoteOptions = WithRequestOptions<Ok<CommitteeMeetingApi['vote-options']['$post']>>

const base = (estateId: string) => `/api/estates/${encodeURIComponent(estateId)}/committee`
const meeting = (estateId: string, id: string) => `${base(estateId)}/meetings/${encodeURIComponent(id)}`

export type Result<T> = Answer<T>

export const fetchCommittee = (estateId: string) => request<CommitteeView>('GET', base(estateId))
export const fetchPublicCommittee = (estateId: string) =>
  request<PublicView>('GET', `${base(estateId)}/public`)
export const createTerm = (estateId: string, input: CreateTermInput) =>
  request<unknown>('POST', `${base(estateId)}/terms`, input)
export const announceMembers = (estateId: string) =>
  request<{ noticeId: string }>('POST', `${base(estateId)}/announcement`)
export const recordVacancy = (estateId: string, input: VacancyInput) =>
  request<unknown>('POST', `${base(estateId)}/vacancies`, input)
export const scheduleMeeting = (estateId: string, input: ScheduleInput) =>
  request<CommitteeMeetingView>('POST', `${base(estateId)}/meetings`, input)
export const fetchCommitteeMeeting = (estateId: string, id: string) =>
  request<CommitteeMeetingView>('GET', meeting(estateId, id))
export const recordAttendance = (estateId: string, id: string, present: string[]) =>
  request<CommitteeMeetingView>('PUT', `${meeting(estateId, id)}/attendance`, { present })
export const closeCommitteeMeeting = (estateId: string, id: string) =>
  request<CommitteeMeetingView>('POST', `${meeting(estateId, id)}/close`)
export const publishResolutions = (estateId: string, id: string, minutes: string) =>
  request<{ noticeId: string }>('POST', `${meeting(estateId, id)}/publication`, { minutes })
export const fetchNotices = (estateId: string) =>
  request<Ok<CommitteeApi['notices']['$get']>>('GET', `${base(estateId)}/notices`)
export const fetchNotice = (estateId: string, id: string) =>
  request<{ notice: Notice }>('GET', `${base(estateId)}/notices/${encodeURIComponent(id)}`)
export const fetchMemberView = (estateId: string) => request<MemberView>('GET', `${base(estateId)}/me`)
export const voteOptions = (estateId: string, id: string, itemId: string, choice: VoteChoice) =>
  request<VoteOptions>('POST', `${meeting(estateId, id)}/vote-options`, { itemId, choice })
export const castVote = (estateId: string, id: string, nonce: string, response: unknown) =>
  request<unknown>('POST', `${meeting(estateId, id)}/votes`, { nonce, response })
