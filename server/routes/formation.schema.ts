import { z } from 'zod'
import { isChinaDate } from '../domain/calendar'
import { displayText, estateParam } from './validate'

/** A China calendar date, YYYY-MM-DD. */
const chinaDate = z.string().refine(isChinaDate, 'a date YYYY-MM-DD')
const unitNumber = z.string().trim().min(1).max(100)
/** A matter of a meeting by its id in the agenda (q1, q2 …). */
const matterId = z.string().regex(/^q[1-9][0-9]{0,2}$/, 'a matter id: q1, q2 …')

export const applicationBody = z.object({
  applicant: z.enum(['owners', 'developer']),
  appliedOn: chinaDate,
  /** The units whose owners signed (an owners' application); empty for the developer. */
  units: z.array(unitNumber).max(5000).default([]),
})
export type ApplicationBody = z.output<typeof applicationBody>

export const memberBody = z
  .object({
    name: displayText(60),
    kind: z.enum(['owner_representative', 'developer', 'street_office', 'residents_committee']),
    leader: z.boolean().default(false),
    unit: unitNumber.optional(),
    /** For the group's own contact list; never on the public member list. */
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'a phone number')
      .optional(),
    /** A new staff account for this member, with an enrollment link (the convener role while the group exists). */
    enroll: z.boolean().default(false),
    /** Or an existing staff account, granted the convener role. */
    accountId: z.uuid().optional(),
  })
  .refine((m) => !(m.enroll && m.accountId !== undefined), {
    message: 'choose either enroll or accountId',
  })

export const groupBody = z.object({
  kind: z.enum(['preparatory', 're_election']),
  members: z.array(memberBody).min(1).max(31),
  /** The first meeting within 90 days of the formation, or 60 under 北京 rules. */
  firstMeetingDays: z.union([z.literal(90), z.literal(60)]).default(90),
})
export type GroupBody = z.output<typeof groupBody>

export const firstMeetingBody = z.object({
  meetingId: z.uuid(),
  /** Required of a preparatory group's first meeting; a re-election's names them only if it votes on them again. */
  rulesOfProcedure: matterId.optional(),
  managementCovenant: matterId.optional(),
  maintenanceFundCovenant: matterId.optional(),
  election: matterId,
})
export type FirstMeetingBody = z.output<typeof firstMeetingBody>

export const handoverParam = estateParam.extend({ item: z.enum(['records', 'seals', 'roll']) })
export const handoverBody = z.object({ doneOn: chinaDate })
export type HandoverBody = z.output<typeof handoverBody>

/**
 * The street office's filing. 届别, the term and the chair are the committee's term's (domain §8): left out they are
 * taken from it; typed, they must say the same.
 */
export const filingBody = z.object({
  /** 届别: the term's number (第一届 = 1). */
  term: z.number().int().min(1).max(99).optional(),
  termStart: chinaDate.optional(),
  termEnd: chinaDate.optional(),
  chair: displayText(60).optional(),
  officeAddress: displayText(200),
})
export type FilingBody = z.output<typeof filingBody>

export const undertakingParam = estateParam.extend({ memberId: z.uuid() })
/** A member's written undertaking (承诺书): the day it was signed. */
export const undertakingBody = z.object({ signedOn: chinaDate })
export type UndertakingBody = z.output<typeof undertakingBody>

/** The committee's training record: the day, the topic and the sitting members who attended. */
export const trainingBody = z.object({
  heldOn: chinaDate,
  topic: displayText(200),
  attendees: z.array(z.uuid()).min(1).max(31),
})
export type TrainingBody = z.output<typeof trainingBody>
