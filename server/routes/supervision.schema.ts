import { z } from 'zod'
import { estateParam } from './validate'

export const auditQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  // One meeting's (or one unit's, one account's) entries.
  subject: z.string().min(1).max(200).optional(),
  // An action (`paper.entered`) or its family (`paper`).
  action: z
    .string()
    .regex(/^[a-z_]+(\.[a-z_]+)*$/)
    .max(100)
    .optional(),
  // One actor as recorded (`account:…`).
  actor: z.string().min(1).max(200).optional(),
  // From and up to (not including) these instants; a date alone is its midnight UTC — the page sends instants.
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
})
export type AuditQuery = z.output<typeof auditQuery>

export const unitParam = estateParam.extend({ unit: z.string().min(1).max(100) })
export const supervisedMeetingParam = estateParam.extend({ meetingId: z.uuid() })

/** An owner's objection to a unit's entry on the published roll. */
export const rollObjectionBody = z.object({
  unit: z.string().trim().min(1).max(100),
  text: z.string().trim().min(1).max(5_000),
  /** The published roll version objected to (its number); the estate's latest. */
  version: z.number().int().positive().optional(),
})
export const rollObjectionParam = estateParam.extend({ objectionId: z.coerce.number().int().positive() })
export const rollObjectionAnswerBody = z.object({
  answer: z.string().trim().min(1).max(5_000),
  /** 成立 (upheld: the roll is corrected and a corrected version names it) or 不成立 (rejected, `answer` the reason). */
  decision: z.enum(['upheld', 'rejected']).optional(),
})
