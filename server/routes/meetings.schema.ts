import { z } from 'zod'
import { MATTER_KINDS } from '../domain/bundle'
import { MAX_COUNTING_DAYS } from '../services/meetings'
import { displayText, estateParam } from './validate'

/** The path of everything under one meeting: `/estates/:estateId/meetings/:meetingId`. */
export const meetingParam = estateParam.extend({ meetingId: z.uuid() })

/** A threshold as a fraction (民法典 art. 278: two thirds, three quarters, a half), strictly over or at least. */
export const fraction = z.object({
  num: z.number().int().positive(),
  den: z.number().int().positive(),
  strict: z.boolean(),
})

/** A matter that concerns part of the estate only: its buildings, or its units, never both. */
export const scope = z
  .object({
    buildings: z.array(z.string().min(1).max(100)).min(1).optional(),
    units: z.array(z.string().min(1).max(100)).min(1).optional(),
  })
  .refine((s) => (s.buildings === undefined) !== (s.units === undefined), 'scope: buildings or units')

export const candidate = z.object({
  unit: z.string().trim().min(1).max(100),
  name: displayText(60),
  statement: z.string().max(5_000).default(''),
  eligibility: z.object({
    fullCapacity: z.boolean(),
    noArrears: z.boolean(),
    notPropertyStaff: z.boolean(),
  }),
})

export const matter = z.object({
  kind: z.enum(MATTER_KINDS as [string, ...string[]]).transform((k) => k as (typeof MATTER_KINDS)[number]),
  title: displayText(200),
  body: z.string().max(20_000).default(''),
  scope: scope.optional(),
  participation: fraction.optional(),
  approval: fraction.optional(),
  seats: z.number().int().optional(),
  minMembers: z.number().int().min(1).max(11).optional(),
  alternatesCap: z.number().int().optional(),
  candidates: z.array(candidate).max(50).optional(),
})

/** A meeting's own settings; any left out take the defaults (services/meetings.ts defaultSettings). */
export const settings = z
  .object({
    voteChange: z.enum(['final', 'once_before_close', 'last_counts']),
    conflictRule: z.enum(['first_valid', 'online_wins']),
    deemedConsent: z.boolean(),
    objectionDays: z.number().int().min(1).max(60),
    countParking: z.boolean(),
    electionRankBy: z.enum(['heads', 'area']),
    proxyCap: z.number().int().min(1).max(20),
    countingDays: z.number().int().min(0).max(MAX_COUNTING_DAYS),
  })
  .partial()

/** A meeting's definition: created as a draft, replaced whole while it is one. */
export const meetingBody = z.object({
  title: displayText(200),
  opensAt: z.iso.datetime({ offset: true }),
  closesAt: z.iso.datetime({ offset: true }),
  settings: settings.optional(),
  matters: z.array(matter).min(1).max(30),
})
export type MeetingBody = z.output<typeof meetingBody>
export type MeetingBodyInput = z.input<typeof meetingBody>

/** A later close, with the reason posted beside it. */
export const extensionBody = z.object({
  closesAt: z.iso.datetime({ offset: true }),
  reason: z.string().trim().min(1).max(500),
})
export type ExtensionBody = z.output<typeof extensionBody>
