import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server'
import type { Db } from '../../db/client'
import {
  accountCredentialKey,
  credentialExists,
  credentialForSignIn,
  insertCredential,
  livePasskeyTransports,
  recordCredentialUse,
} from '../../db/repositories/credentials'
import type { Json } from '../domain/canonical'
import { AppError } from '../errors'
import { verifyBallotSignature } from './ballot-signature'
import { consumeChallenge, storeChallenge } from './challenges'

/**
 * The two passkey ceremonies (design.md principle 9): challenges stored server-side and single-use, user
 * verification required, discoverable credentials for usernameless sign-in, counters checked and updated.
 * Every failure answers the client with one generic error; the detail goes to the log only.
 */

export interface PasskeySettings {
  readonly rpID: string
  readonly rpName: string
  readonly origin: string
}

export const passkeyFailed = () => new AppError('passkey_failed', 'The passkey could not be verified')

function fail(detail: string, context: Record<string, unknown> = {}): never {
  console.warn('[passkey]', detail, context)
  throw passkeyFailed()
}

/** The challenge a ceremony's response answers (its clientDataJSON), or the one generic passkey failure. */
export function challengeOf(clientDataJSON: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as {
      challenge?: unknown
    }
    if (typeof parsed.challenge === 'string') return parsed.challenge
  } catch {
    // fall through
  }
  return fail('clientDataJSON unreadable')
}

/**
 * Who a registration ceremony is for, stored with its challenge: an existing account adding a device, an owner
 * activating from an invitation (the account may not exist yet), or a staff member following an enrollment link.
 */
export type RegistrationSubject =
  | { readonly kind: 'account'; readonly accountId: string }
  | {
      readonly kind: 'activation'
      readonly accountId: string
      readonly invitationId: string
      readonly ownerId: number
      /** The owner's recorded guardian activating for them, when it is not the owner. */
      readonly guardianId?: number | null
      /** Why a supervisor must approve this activation before it votes (no phone, or a changed one). */
      readonly approval?: 'no_phone' | 'phone_changed' | null
    }
  | { readonly kind: 'enrollment'; readonly accountId: string; readonly enrollmentId: string }

function parseSubject(stored: string): RegistrationSubject | undefined {
  try {
    const v = JSON.parse(stored) as RegistrationSubject
    return typeof v === 'object' && v !== null && typeof v.accountId === 'string' ? v : undefined
  } catch {
    return undefined
  }
}

export interface VerifiedCredential {
  readonly id: string
  readonly publicKey: Uint8Array
  readonly counter: number
  readonly transports: readonly string[] | undefined
}

export async function startRegistration(
  db: Db,
  s: PasskeySettings,
  account: { id: string; userName: string; displayName: string },
  now: Date,
  subject: RegistrationSubject = { kind: 'account', accountId: account.id },
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await livePasskeyTransports(db, account.id)
  const options = await generateRegistrationOptions({
    rpName: s.rpName,
    rpID: s.rpID,
    userID: new TextEncoder().encode(account.id),
    userName: account.userName,
    userDisplayName: account.displayName,
    attestationType: 'none',
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    excludeCredentials: existing,
  })
  await storeChallenge(db, {
    challenge: options.challenge,
    purpose: 'register',
    subject: JSON.stringify(subject),
    now,
  })
  return options
}

/**
 * Consumes the challenge and verifies a registration; stores nothing, so that the caller can store the
 * credential in the same transaction as what it belongs to (an activation, an enrollment).
 */
export async function verifyRegistration<K extends RegistrationSubject['kind']>(
  db: Db,
  s: PasskeySettings,
  response: RegistrationResponseJSON,
  now: Date,
  kind: K,
): Promise<{ subject: Extract<RegistrationSubject, { kind: K }>; credential: VerifiedCredential }> {
  const challenge = challengeOf(response.response.clientDataJSON)
  const stored = await consumeChallenge(db, challenge, 'register', now)
  const parsed = stored?.subject ? parseSubject(stored.subject) : undefined
  if (!parsed) fail('registration challenge unknown, used or expired')
  if (parsed.kind !== kind)
    fail('registration challenge of another kind', { kind: parsed.kind, expected: kind })
  const subject = parsed as Extract<RegistrationSubject, { kind: K }>
  let verification
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: s.origin,
      expectedRPID: s.rpID,
      requireUserVerification: true,
    })
  } catch (e) {
    fail('registration not verified', { error: (e as Error).message })
  }
  if (!verification.verified) fail('registration not verified')
  const { credential } = verification.registrationInfo
  if (await credentialExists(db, credential.id)) fail('credential already registered')
  return {
    subject,
    credential: {
      id: credential.id,
      publicKey: credential.publicKey,
      counter: credential.counter,
      transports: credential.transports,
    },
  }
}

export async function storeCredential(
  db: Db,
  accountId: string,
  credential: VerifiedCredential,
  now: Date,
  label: string | null = null,
): Promise<void> {
  await insertCredential(db, {
    id: credential.id,
    accountId,
    publicKey: credential.publicKey,
    counter: credential.counter,
    transports: credential.transports,
    label,
    at: now.toISOString(),
  })
}

/** Registration for an existing account adding a passkey (the subject must be that account). */
export async function finishRegistration(
  db: Db,
  s: PasskeySettings,
  response: RegistrationResponseJSON,
  now: Date,
  label: string | null = null,
  expectedAccountId?: string,
): Promise<{ accountId: string; credentialId: string }> {
  const { subject, credential } = await verifyRegistration(db, s, response, now, 'account')
  if (expectedAccountId !== undefined && subject.accountId !== expectedAccountId)
    fail('registration challenge of another account')
  await storeCredential(db, subject.accountId, credential, now, label)
  return { accountId: subject.accountId, credentialId: credential.id }
}

export async function startAuthentication(
  db: Db,
  s: PasskeySettings,
  now: Date,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  // Usernameless: no allowCredentials, the phone offers its discoverable passkeys for this site.
  const options = await generateAuthenticationOptions({
    rpID: s.rpID,
    userVerification: 'required',
    allowCredentials: [],
  })
  await storeChallenge(db, { challenge: options.challenge, purpose: 'authenticate', subject: null, now })
  return options
}

export async function finishAuthentication(
  db: Db,
  s: PasskeySettings,
  response: AuthenticationResponseJSON,
  now: Date,
): Promise<{ accountId: string; credentialId: string }> {
  const challenge = challengeOf(response.response.clientDataJSON)
  if (!(await consumeChallenge(db, challenge, 'authenticate', now)))
    fail('sign-in challenge unknown, used or expired')
  const row = await credentialForSignIn(db, response.id)
  if (!row) fail('unknown credential', { id: response.id })
  if (row.revokedAt !== null) fail('revoked credential', { id: row.id })
  if (row.disabledAt !== null) fail('disabled account', { account: row.accountId })
  let verification
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: s.origin,
      expectedRPID: s.rpID,
      requireUserVerification: true,
      credential: { id: row.id, publicKey: row.publicKey, counter: row.counter, transports: row.transports },
    })
  } catch (e) {
    fail('assertion not verified', { error: (e as Error).message, id: row.id })
  }
  if (!verification.verified) fail('assertion not verified', { id: row.id })
  await recordCredentialUse(db, row.id, {
    counter: verification.authenticationInfo.newCounter,
    at: now.toISOString(),
  })
  return { accountId: row.accountId, credentialId: row.id }
}

/**
 * A signed payload (a ballot, a committee vote: its canonical JSON hashed into the challenge) checked against the
 * signer's own live passkey. Refused with the one generic failure; why goes to the log under `tag`. The caller
 * stores the new counter with what it records.
 */
export async function verifyOwnSignature(
  db: Db,
  s: PasskeySettings,
  accountId: string,
  payload: Json,
  response: AuthenticationResponseJSON,
  tag: string,
): Promise<{ readonly credentialId: string; readonly newCounter: number }> {
  const cred = await accountCredentialKey(db, accountId, response.id)
  if (!cred || cred.revokedAt !== null) {
    console.warn(`[${tag}] credential unknown, of another account or revoked`)
    throw passkeyFailed()
  }
  const check = await verifyBallotSignature({
    ballot: payload,
    response,
    credential: { id: cred.id, publicKey: cred.publicKey, counter: cred.counter },
    rpID: s.rpID,
    origin: s.origin,
  })
  if (!check.ok) {
    console.warn(`[${tag}] signature refused:`, check.reason)
    throw passkeyFailed()
  }
  return { credentialId: cred.id, newCounter: check.newCounter }
}
