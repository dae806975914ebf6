import { z } from 'zod'
import { displayText } from './validate'
import { authenticationResponse, registrationResponse } from './webauthn-schemas'

/** The invitation letter's code and the owner's name and ID characters as on the roll. */
export const activationStart = z.object({
  code: z.string().trim().min(1).max(40),
  name: z.string().trim().min(1).max(100),
  idLast4: z
    .string()
    .trim()
    .regex(/^[0-9Xx]{4}$/, 'the last four characters of the ID number: digits or X'),
})
export type ActivationStartBody = z.output<typeof activationStart>

/** The text-message code sent to the phone on the roll, for the activation's ticket. */
export const activationSms = z.object({ ticket: z.uuid(), code: z.string().trim().min(1).max(12) })
export type ActivationSmsBody = z.output<typeof activationSms>

/** A finished passkey registration (activation, enrollment). */
export const registration = z.object({ response: registrationResponse })
/** A finished passkey assertion (sign-in). */
export const authentication = z.object({ response: authenticationResponse })

export const enrollmentStart = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'enrollment token'),
})

// A passkey's label is listed back as the title of the passkey.
export const passkeyLabel = z.object({ label: displayText(60).optional() })
export const addPasskeyBody = z.object({
  response: registrationResponse,
  label: displayText(60).optional(),
})
export type AddPasskeyBody = z.output<typeof addPasskeyBody>
export const credentialParam = z.object({ credentialId: z.string().regex(/^[A-Za-z0-9_-]{1,1400}$/) })
