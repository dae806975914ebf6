import { z } from 'zod'
import { ESTATE_ID } from '../services/import-roll'
import { displayText } from './validate'

export const createEstateBody = z.object({
  id: z.string().regex(ESTATE_ID, 'estate id: 2–63 lowercase letters, digits or -'),
  name: displayText(100),
  countParking: z.boolean().default(false),
})
export type CreateEstateBody = z.output<typeof createEstateBody>

/** 指导规则 art. 25: whether parking spaces count is the estate's rule of procedure, set here for all meetings. */
export const patchEstateBody = z
  .object({ name: displayText(100).optional(), countParking: z.boolean().optional() })
  .refine((v) => v.name !== undefined || v.countParking !== undefined, 'nothing to change')
export type PatchEstateBody = z.output<typeof patchEstateBody>
