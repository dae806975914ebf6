import {
  call,
  estateBase,
  meetingBase,
  type Announcement,
  type Summary,
  type MatterResult,
  type MeetingListItem,
  type RollObjection,
} from './api-meetings'

/** The owner's calls off the voting path: the meetings list, results, the bulletin, roll objections. */

export const fetchMeetings = (estateId: string) =>
  call<{ readonly meetings: readonly MeetingListItem[] }>('GET', `${estateBase(estateId)}/meetings`)
export const fetchAnnouncement = (e: string, m: string) =>
  call<{ readonly announcement: Announcement }>('GET', `${meetingBase(e, m)}/announcement`)
/** The public summary: results, who voted by unit, the receipts with their choices but no unit (domain §12). */
export const summaryUrl = (e: string, m: string) => `${meetingBase(e, m)}/summary`
export const fetchSummary = (e: string, m: string) => call<Summary>('GET', summaryUrl(e, m))
/** The full bundle: for the estate's owners and staff only, each download audited. */
export const bundleUrl = (e: string, m: string) => `${meetingBase(e, m)}/bundle`
export type { MatterResult }
export const fetchRollObjections = (e: string) =>
  call<{ readonly objections: readonly RollObjection[] }>('GET', `${estateBase(e)}/roll/objections`)
export const objectToRoll = (e: string, unit: string, text: string) =>
  call<{ readonly objectionId: number }>('POST', `${estateBase(e)}/roll/objections`, { unit, text })
