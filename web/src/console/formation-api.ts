import type { Body, EstateApi, Ok } from '../api-types'
import { request } from '../http'
import type { FormationCatalogue } from '../i18n/formation-zh-CN'

/**
 * The formation page's calls (domain §§7–8), typed from the routes (server/routes/formation.ts). Its own module,
 * loaded with the formation pages only.
 */
type FormationApi = EstateApi['formation']
export type Formation = Ok<FormationApi['$get']>['formation']
export type PublicFormation = Ok<FormationApi['public']['$get']>['formation']
export type GroupInput = Body<FormationApi['groups']['$post']>
export type MemberInput = GroupInput['members'][number]
export type Enrollment = Ok<FormationApi['groups']['$post']>['enrollments'][number]
export type ApplicationInput = Body<FormationApi['applications']['$post']>
export type FirstMeetingInput = Body<FormationApi['first-meeting']['$put']>
export type TrainingInput = Body<FormationApi['training']['$post']>
export type FilingInput = Body<FormationApi['filing']['$post']>
export type HandoverItem = 'records' | 'seals' | 'roll'

const base = (estateId: string) => `/api/estates/${encodeURIComponent(estateId)}/formation`

export const fetchFormation = (estateId: string) => request<Ok<FormationApi['$get']>>('GET', base(estateId))
export const fetchPublicFormation = (estateId: string) =>
  request<Ok<FormationApi['public']['$get']>>('GET', `${base(estateId)}/public`)
export const recordApplication = (estateId: string, input: ApplicationInput) =>
  request<Ok<FormationApi['applications']['$post']>>('POST', `${base(estateId)}/applications`, input)
export const formGroup = (estateId: string, input: GroupInput) =>
  request<Ok<FormationApi['groups']['$post']>>('POST', `${base(estateId)}/groups`, input)
export const publishMembers = (estateId: string) =>
  request<Ok<FormationApi['members-publication']['$post']>>('POST', `${base(estateId)}/members-publication`)
export const designateFirstMeeting = (estateId: string, input: FirstMeetingInput) =>
  request<Ok<FormationApi['first-meeting']['$put']>>('PUT', `${base(estateId)}/first-meeting`, input)
export const recordUndertaking = (estateId: string, memberId: string, signedOn: string) =>
  request<Ok<FormationApi['undertakings'][':memberId']['$put']>>(
    'PUT',
    `${base(estateId)}/undertakings/${encodeURIComponent(memberId)}`,
    { signedOn },
  )
export const recordTraining = (estateId: string, input: TrainingInput) =>
  request<Ok<FormationApi['training']['$post']>>('POST', `${base(estateId)}/training`, input)
export const markHandover = (estateId: string, item: HandoverItem, doneOn: string) =>
  request<Ok<FormationApi['handover'][':item']['$post']>>('POST', `${base(estateId)}/handover/${item}`, {
    doneOn,
  })
export const recordFiling = (estateId: string, input: FilingInput) =>
  request<Ok<FormationApi['filing']['$post']>>('POST', `${base(estateId)}/filing`, input)

/** A clock's name in words, as a re-election reads it where it differs from the first formation. */
export function clockWords(
  f: FormationCatalogue,
  name: keyof FormationCatalogue['clocks']['names'],
  kind: 'preparatory' | 're_election' | undefined,
): string {
  const r = f.clocks.reelectionNames as Partial<Record<keyof FormationCatalogue['clocks']['names'], string>>
  return (kind === 're_election' ? r[name] : undefined) ?? f.clocks.names[name]
}

/** The stage in words, as a re-election reads it where it differs from the first formation. */
export function stageWords(
  f: FormationCatalogue,
  stage: keyof FormationCatalogue['stage'],
  kind: 'preparatory' | 're_election' | undefined,
): string {
  const r = f.reelectionStage as Partial<Record<keyof FormationCatalogue['stage'], string>>
  return (kind === 're_election' ? r[stage] : undefined) ?? f.stage[stage]
}
