import { z } from 'zod'
import { estateParam } from './validate'

/** The second person's decision (domain §2), with a note for the record. */
export const decisionBody = z.object({
  decision: z.enum(['approve', 'refuse']),
  note: z.string().trim().max(500).nullable().default(null),
})
export type DecisionBody = z.output<typeof decisionBody>

export const invitationParam = estateParam.extend({ invitationId: z.uuid() })

/** An activation made without the owner's phone: which letter, which owner. */
export const activationDecisionBody = decisionBody.extend({
  invitationId: z.uuid(),
  ownerId: z.number().int().positive(),
})
export type ActivationDecisionBody = z.output<typeof activationDecisionBody>
