import { z } from 'zod'
import { CITY_COMMITTEE_SETTINGS, MAX_TERM_YEARS, VOTE_CHOICES } from '../domain/committee'
import { displayText, estateParam } from './validate'
import { authenticationResponse } from './webauthn-schemas'

/** The committee of an estate (domain §8): its term, members, meetings, votes and notices. */

const chinaDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
const memberId = z.uuid()

/** The rules of procedure's committee settings: a city's preset or the estate's own figures. */
export const committeeSettings = z.union([
  z.enum(Object.keys(CITY_COMMITTEE_SETTINGS) as [keyof typeof CITY_COMMITTEE_SETTINGS]),
  z.object({
    minTermYears: z.number().int().min(0).max(MAX_TERM_YEARS),
    maxTermYears: z.number().int().min(1).max(MAX_TERM_YEARS),
    reminderMonths: z.number().int().min(1).max(12),
  }),
])

/** A term made from a final meeting's election matter. */
export const createTermBody = z.object({
  meetingId: z.uuid(),
  matterId: z.string().regex(/^q\d{1,3}$/),
  /** 届别: the first committee is 1. */
  number: z.number().int().min(1).max(99),
  /** The term's last day (China date); it may not end more than the setting's years after it starts. */
  endsOn: chinaDate,
  settings: committeeSettings.optional(),
})
export type CreateTermBody = z.output<typeof createTermBody>

export const officers = z.object({
  chair: memberId,
  viceChairs: z.array(memberId).min(1).max(4),
})

export const committeeItem = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('resolution'),
    title: displayText(200),
    body: z.string().max(20_000).default(''),
  }),
  z.object({
    kind: z.literal('elect_officers'),
    title: displayText(200).default('选举主任、副主任'),
    body: z.string().max(20_000).default(''),
    officers,
  }),
])

export const scheduleBody = z.object({
  title: displayText(200),
  heldAt: z.iso.datetime({ offset: true }),
  items: z.array(committeeItem).min(1).max(30),
})
export type ScheduleBody = z.output<typeof scheduleBody>

export const committeeMeetingParam = estateParam.extend({ committeeMeetingId: z.uuid() })
export const noticeParam = estateParam.extend({ noticeId: z.uuid() })

export const attendanceBody = z.object({ present: z.array(memberId).max(11) })
export type AttendanceBody = z.output<typeof attendanceBody>

export const publicationBody = z.object({ minutes: z.string().trim().min(1).max(50_000) })
export type PublicationBody = z.output<typeof publicationBody>

export const vacancyBody = z.discriminatedUnion('reason', [
  z.object({ reason: z.literal('resigned'), memberId, on: chinaDate }),
  z.object({ reason: z.literal('lost_ownership'), memberId }),
  z.object({
    reason: z.literal('removed'),
    memberId,
    meetingId: z.uuid(),
    matterId: z.string().regex(/^q\d{1,3}$/),
  }),
])
export type VacancyBody = z.output<typeof vacancyBody>

/** What a member's passkey will sign: one choice on one item. */
export const voteOptionsBody = z.object({
  itemId: z.string().regex(/^r\d{1,3}$/),
  choice: z.enum(VOTE_CHOICES as unknown as readonly ['for', 'against', 'abstain']),
})
export type VoteOptionsBody = z.output<typeof voteOptionsBody>

export const voteBody = z.object({
  nonce: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  response: authenticationResponse,
})
export type VoteBody = z.output<typeof voteBody>
