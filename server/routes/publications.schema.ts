import { z } from 'zod'
import { estateParam } from './validate'

/** A roll version by its number (第N版). */
export const rollVersionParam = estateParam.extend({ number: z.coerce.number().int().positive() })
/** A page of a version's units, matching a unit number when `q` is given. */
export const rollVersionQuery = z.object({
  q: z.string().trim().min(1).max(100).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
})
export type RollVersionQuery = z.output<typeof rollVersionQuery>

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

// ---- documents ----------------------------------------------------------------------------------------------------

const RESOLUTION = [
  'rules_of_procedure',
  'management_covenant',
  'property_manager',
  'use_maintenance_fund',
  'raise_maintenance_fund',
  'rebuild',
  'common_parts_use',
  'other_major',
] as const

const fraction = z.object({
  num: z.number().int().positive(),
  den: z.number().int().positive(),
  strict: z.boolean(),
})

/** The settings a rules of procedure fixes, named as a meeting's settings; thresholds only stricter than the law. */
export const rulesSettings = z.object({
  countParking: z.boolean(),
  deemedConsent: z.boolean(),
  voteChange: z.enum(['final', 'once_before_close', 'last_counts']),
  objectionDays: z.number().int(),
  countingDays: z.number().int(),
  participation: fraction.nullable(),
  approval: z.partialRecord(z.enum(RESOLUTION), fraction),
})

export const documentFields = z.object({
  estateName: z.string().trim().min(1).max(200),
  address: z.string().trim().max(500),
  settings: rulesSettings.optional(),
})

export const documentTemplate = z.enum([
  'rules_of_procedure',
  'management_covenant',
  'maintenance_fund_covenant',
])
export const createDocumentBody = z.object({ template: documentTemplate })
export const documentParam = estateParam.extend({ documentId: z.uuid() })
export const documentVersionParam = documentParam.extend({ number: z.coerce.number().int().positive() })
export const documentPairParam = documentVersionParam.extend({ other: z.coerce.number().int().positive() })
export const draftBody = z.object({
  title: z.string().trim().min(1).max(200),
  text: z.string().max(100_000),
  fields: documentFields,
})
export const publishDocumentBody = z.object({ reason: z.string().trim().max(2_000).default('') })
export const matterDocumentParam = estateParam.extend({
  meetingId: z.uuid(),
  matterId: z.string().min(1).max(100),
})
export const matterDocumentBody = z.object({ documentId: z.uuid(), number: z.number().int().positive() })
