import { z } from 'zod'
import { estateParam } from './validate'

const unit = z.string().trim().min(1).max(100)
const ownerId = z.number().int().positive()
const name = z
  .string()
  .trim()
  .min(1)
  .max(60)
  // A name shown to others: no control characters or bidirectional overrides (they can disguise a name).
  .refine((s) => !/[\p{Cc}\u202a-\u202e\u2066-\u2069]/u.test(s), 'a name without control characters')

/** The multipart field `purpose` of an estate document: what the signed paper is for. */
export const documentPurpose = z.enum(['representative', 'guardian'])

/** The multipart form of an estate document, as documented (the route reads it itself). */
export const documentForm = z.object({ file: z.file(), purpose: documentPurpose })

export const documentParam = estateParam.extend({ documentId: z.uuid() })
export const unitPeopleParam = estateParam.extend({ unit })

/** The co-owners' representative (指导规则 art. 25), from the paper they signed. */
export const representativeBody = z.object({ unit, ownerId, documentId: z.uuid() })
export type RepresentativeBody = z.output<typeof representativeBody>
export const representativeParam = estateParam.extend({
  representativeId: z.coerce.number().int().positive(),
})

/** A co-owner's nomination in the app: the representative takes effect once every co-owner has named them. */
export const nominationBody = z.object({ unit, nomineeOwnerId: ownerId })
export type NominationBody = z.output<typeof nominationBody>

/** A guardian of an owner without full capacity (民法典 arts. 23, 34), from the guardianship document. */
export const guardianBody = z.object({
  unit,
  ownerId,
  name,
  idLast4: z.string().trim().min(4).max(4),
  relation: z.string().trim().min(1).max(40),
  documentId: z.uuid(),
})
export type GuardianBody = z.output<typeof guardianBody>
export const guardianParam = estateParam.extend({ guardianId: z.coerce.number().int().positive() })
