import { z } from 'zod'
import { meetingParam } from './meetings.schema'

/** An objection to the preliminary result, by an owner or staff of the estate (domain §7). */
export const objectionBody = z.object({ text: z.string().trim().min(1).max(5_000) })
export const objectionParam = meetingParam.extend({ objectionId: z.coerce.number().int().positive() })
export const objectionAnswerBody = z.object({ answer: z.string().trim().min(1).max(5_000) })

/** A supervisor's sign-off on the result: approve, or object with a note. */
export const signoffBody = z.object({
  decision: z.enum(['approve', 'object']),
  note: z.string().trim().max(2_000).nullable().default(null),
  // An approval while problems are open (an unresolved paper mismatch, unanswered objections) says so: the
  // supervisor has seen them (the confirmation step names them) and approves nonetheless.
  acknowledgeOpen: z.boolean().default(false),
})
export type SignoffBody = z.output<typeof signoffBody>
