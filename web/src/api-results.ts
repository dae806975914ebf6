import {
  call,
  estateBase,
  meetingBase,
  type Announcement,
  type Bulletin,
  type MatterResult,
  type MeetingListItem,
  type RollObjection,
} from './api-meetings'

/** The owner's calls off the voting path: the meetings list, results, the bulletin, roll objections. */

export const fetchMeetings = (estateId: string) =>
  call<{ readonly meetings: readonly MeetingListItem[] }>('GET', `${estateBase(estateId)}/meetings`)
export const fetchAnnouncement = (e: string, m: string) =>
  call<{ readonly announcement: Announcement }>('GET', `${meetingBase(e, m)}/announcement`)
export const fetchBulletin = (e: string, m: string) => call<Bulletin>('GET', `${meetingBase(e, m)}/bulletin`)
export const bundleUrl = (e: string, m: string) => `${meetingBase(e, m)}/bundle`
export const fetchBundleResults = (e: string, m: string) =>
  call<{ readonly results: readonly MatterResult[] }>('GET', bundleUrl(e, m))
export const fetchRollObjections = (e: string) =>
  call<{ readonly objections: readonly RollObjection[] }>('GET', `${estateBase(e)}/roll/objections`)
export const objectToRoll = (e: string, unit: string, text: string) =>
  call<{ readonly objectionId: number }>('POST', `${estateBase(e)}/roll/objections`, { unit, text })
