import { z } from 'zod'
import { displayText, estateParam } from './validate'

const areaId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'an id is 2–63 lowercase letters, digits or -')

export const overviewQuery = z.object({ district: areaId.optional(), streetOffice: areaId.optional() })
export const districtBody = z.object({ id: areaId, name: displayText(60) })
export const streetOfficeBody = z.object({ id: areaId, name: displayText(60), districtId: areaId })
export const estateAreaBody = z.object({
  streetOfficeId: areaId,
  formationEligible: z.boolean().default(true),
})
export const estateAreaParam = estateParam
export const areaGrantBody = z.object({
  accountId: z.uuid(),
  role: z.enum(['street_office', 'district_office']),
  areaId,
})
export const areaGrantParam = z.object({ grantId: z.coerce.number().int().positive() })
