import { z } from 'zod'
import { estateParam } from './validate'

/** A roll version by its number (第N版). */
export const rollVersionParam = estateParam.extend({ number: z.coerce.number().int().positive() })
export const rollVersionPairParam = estateParam.extend({
  number: z.coerce.number().int().positive(),
  other: z.coerce.number().int().positive(),
})

/** Publishing the roll as it stands: what the version is for, and the upheld objections it corrects. */
export const publishRollVersionBody = z.object({
  note: z.string().trim().max(2_000).default(''),
  answers: z.array(z.number().int().positive()).max(1_000).default([]),
})
export type PublishRollVersionBody = z.output<typeof publishRollVersionBody>
