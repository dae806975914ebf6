import { z } from 'zod'
import { meetingParam } from './meetings.schema'
import { authenticationResponse } from './webauthn-schemas'

/** A matter's id on the agenda: q1, q2, … */
export const matterId = z.string().regex(/^q\d{1,3}$/)

/** What a voter may choose online: yes, no or abstain, or the candidates' ids of an election. */
export const onlineChoice = z.union([
  z.enum(['yes', 'no', 'abstain']),
  z.array(z.string().min(1).max(20)).max(50),
])
export const onlineChoices = z.record(matterId, onlineChoice)
export type OnlineChoices = z.output<typeof onlineChoices>

/** What a paper ballot says: an online choice, or why it is invalid (a mark that cannot be read). */
export const choice = z.union([
  z.enum(['yes', 'no', 'abstain']),
  z.array(z.string().min(1).max(20)).max(50),
  z.object({ invalid: z.string().trim().min(1).max(200) }),
])
export const choices = z.record(matterId, choice)
export type Choices = z.output<typeof choices>

/** The choices an online ballot will carry, for the passkey to sign (the challenge binds them). */
export const ballotOptionsBody = z.object({
  voter: z.string().min(1).max(100),
  choices: onlineChoices,
})
export type BallotOptionsBody = z.output<typeof ballotOptionsBody>

/** The signed ballot: the nonce of its options and the passkey's assertion over them. */
export const castBody = z.object({
  nonce: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  response: authenticationResponse,
})
export type CastBody = z.output<typeof castBody>

export const paperRequestBody = z.object({ voter: z.string().min(1).max(100) })
export const paperRequestParam = meetingParam.extend({ requestId: z.coerce.number().int().positive() })

/** The first clerk's entry of a paper (or in-person) ballot; its scan now or later (the second entry needs it). */
export const paperEntryBody = z.object({
  unit: z.string().min(1).max(100),
  channel: z.enum(['paper', 'in_person']).default('paper'),
  choices,
  scanId: z.uuid().optional(),
  // When the paper was handed in (ballot box, signed receipt); required after the close.
  receivedAt: z.iso.datetime({ offset: true }).optional(),
})
export type PaperEntryBody = z.output<typeof paperEntryBody>

/** The second clerk's entry of the same paper: it must match the first (four eyes). */
export const confirmationParam = meetingParam.extend({ entryId: z.uuid() })
export const confirmationBody = z.object({ choices })

/** The scan of an entry keyed without it (one photo, or one of a batch matched to its entry afterwards). */
export const paperScanBody = z.object({ scanId: z.uuid() })
export type PaperScanBody = z.output<typeof paperScanBody>

/** One unit the desk asks about as it is typed: whether its voter voted or has an entry pending. */
export const paperUnitQuery = z.object({ unit: z.string().trim().min(1).max(100) })

export const paperEntriesQuery = z.object({
  status: z.enum(['awaiting_confirmation', 'confirmed', 'mismatch', 'refused']).optional(),
})
