import type { Body, EstateApi, MeetingApi, Ok } from './api-types'
import { call, estateBase, meetingBase, type MatterResult } from './api-meetings'

/** The owner's calls off the voting path: the meetings list, results, the bulletin, roll objections. */

export const fetchMeetings = (estateId: string) =>
  call<Ok<EstateApi['meetings']['$get']>>('GET', `${estateBase(estateId)}/meetings`)
export const fetchAnnouncement = (e: string, m: string) =>
  call<Ok<MeetingApi['announcement']['$get']>>('GET', `${meetingBase(e, m)}/announcement`)
/** The public summary: results, who voted by unit, the receipts with their choices but no unit (domain §12). */
export const summaryUrl = (e: string, m: string) => `${meetingBase(e, m)}/summary`
export const fetchSummary = (e: string, m: string) =>
  call<Ok<MeetingApi['summary']['$get']>>('GET', summaryUrl(e, m))
/** The full bundle: for the estate's owners and staff only, each download audited. */
export const bundleUrl = (e: string, m: string) => `${meetingBase(e, m)}/bundle`
export type { MatterResult }
export const fetchRollObjections = (e: string) =>
  call<Ok<EstateApi['roll']['objections']['$get']>>('GET', `${estateBase(e)}/roll/objections`)
export const objectToRoll = (e: string, unit: string, text: string) =>
  call<Ok<EstateApi['roll']['objections']['$post']>>('POST', `${estateBase(e)}/roll/objections`, {
    unit,
    text,
  } satisfies Body<EstateApi['roll']['objections']['$post']>)
/** An owner's objection to the preliminary result, during the objection period (domain §6.1 step 4). */
export const objectToResult = (e: string, m: string, text: string) =>
  call<Ok<MeetingApi['objections']['$post']>>('POST', `${meetingBase(e, m)}/objections`, {
    text,
  } satisfies Body<MeetingApi['objections']['$post']>)
