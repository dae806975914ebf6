import { z } from 'zod'
import { INVITATION_DAYS_DEFAULT } from '../services/invitations'
import { displayText, estateParam } from './validate'

export const grantParam = estateParam.extend({ grantId: z.coerce.number().int().positive() })
export const accountParam = z.object({ accountId: z.uuid() })
export const estateRole = z.enum(['street_office', 'supervisor', 'convener'])

/** A new staff member (an enrollment link for them), or a role for an existing account. */
export const addStaffBody = z.union([
  z.object({ displayName: displayText(60), role: estateRole }),
  z.object({ accountId: z.uuid(), role: estateRole }),
])
export type AddStaffBody = z.output<typeof addStaffBody>

export const newEnrollmentBody = z.object({ revokePasskeys: z.boolean().default(false) })

/** Letters for some buildings, some units, or all; a re-issue may end the owners' passkeys (a take-over). */
export const issueBody = z
  .object({
    buildings: z.array(z.string().trim().min(1).max(100)).min(1).max(500).optional(),
    units: z.array(z.string().trim().min(1).max(100)).min(1).max(5000).optional(),
    all: z.literal(true).optional(),
    revokePasskeys: z.boolean().default(false),
    days: z.number().int().min(1).max(180).default(INVITATION_DAYS_DEFAULT),
  })
  .refine((v) => [v.buildings, v.units, v.all].filter((x) => x !== undefined).length === 1, {
    message: 'choose exactly one of: buildings, units, all',
  })
export type IssueBody = z.output<typeof issueBody>
