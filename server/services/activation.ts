import { createHash, randomInt, randomUUID } from 'node:crypto'
import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server'
import type { Db } from '../../db/client'
import {
  accountOfOwner,
  findOtp,
  guardianById,
  hasActivated,
  insertActivation,
  insertOtp,
  insertSmsSend,
  invitationByCodeHash,
  invitationById,
  markOtpVerified,
  ownerPhone,
  recordFailedAttempt,
  setOtpAttempts,
  textsSince,
} from '../../db/repositories/activations'
import { ownerName } from '../../db/repositories/roll'
import { insertAccount } from '../../db/repositories/staff'
import type { InvitationsTable } from '../../db/schema'
import type { Selectable } from 'kysely'
import { hashActivationCode, isWellFormedCode, normalizeActivationCode } from '../auth/codes'
import {
  passkeyFailed,
  startRegistration,
  storeCredential,
  verifyRegistration,
  type PasskeySettings,
} from '../auth/passkeys'
import { formatAreaM2 } from '../domain/area'
import { maskName } from '../domain/mask'
import { AppError } from '../errors'
import { appendAudit } from './audit'
import { MAX_FAILED_ATTEMPTS } from './invitations'
import { guardiansOf } from './holders'
import { ownerVoters, voterOfUnit, type OwnedVoter } from './owner-voters'
import type { SmsMessage, SmsSender } from '../sms/sender'
import type { ActivationSmsBody, ActivationStartBody } from '../routes/auth.schema'

type InvitationRow = Selectable<InvitationsTable>

/**
 * Owner activation: the owner opens the link from their letter, confirms who they are — name and the
 * last four ID characters must match the roll — and registers a passkey. Co-owners activate separately with the
 * same code and each get their own account, tied to the same voter. Nothing is written until the passkey is
 * verified, except the count of wrong tries against a real code (5 lock it until the convener re-issues).
 */

const activationFailed = (attemptsLeft?: number) =>
  new AppError(
    'activation_failed',
    'The code, the name or the ID digits do not match the roll',
    attemptsLeft === undefined ? undefined : { attemptsLeft },
  )

const invitationLocked = () =>
  new AppError('invitation_locked', 'Too many wrong tries with this code; ask the committee for a new letter')
const invitationExpired = () =>
  new AppError('invitation_expired', 'This invitation is no longer valid; ask the committee for a new letter')

const normalizeName = (s: string) => s.normalize('NFKC').replace(/\s+/g, '')
const normalizeLast4 = (s: string) => s.normalize('NFKC').trim().toUpperCase()

export interface ActivationWho {
  readonly estate: { readonly id: string; readonly name: string }
  readonly units: readonly { readonly number: string; readonly area: string }[]
  readonly owner: string
  readonly existingAccount: boolean
  /** No phone on the roll, or one changed by a re-import: a supervisor approves this activation before it votes. */
  readonly approvalRequired: 'no_phone' | 'phone_changed' | null
}

/** The passkey step: the person is who the roll says (and holds the owner's phone, where there is one). */
export interface ActivationOptions {
  readonly step: 'passkey'
  readonly options: PublicKeyCredentialCreationOptionsJSON
  readonly who: ActivationWho
}

/** The text-message step: a one-time code went to the phone on the roll; `ticket` names this attempt. */
export interface ActivationSmsStep {
  readonly step: 'sms'
  readonly ticket: string
  readonly phone: string
  readonly expiresAt: string
}

export type ActivationStart = ActivationOptions | ActivationSmsStep

/** The one-time code by text message: 6 digits, 10 minutes, 5 tries (a second factor the conveners do not hold). */
export const SMS_CODE_MINUTES = 10
export const SMS_CODE_TRIES = 5
/** Sends per phone (an attacker must not flood an owner's phone) and per invitation code. */
export const SMS_LIMITS = {
  perPhone: [
    { count: 3, minutes: 15 },
    { count: 10, minutes: 24 * 60 },
  ],
  perInvitation: { count: 10, minutes: 24 * 60 },
} as const

const maskPhone = (p: string) => (p.length >= 7 ? `${p.slice(0, 3)}****${p.slice(-4)}` : '****')
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')
const otpHash = (ticket: string, code: string) => sha256(`${ticket}:${code}`)

async function liveInvitation(db: Db, code: string, now: Date) {
  const normalized = normalizeActivationCode(code)
  if (!isWellFormedCode(normalized)) throw activationFailed()
  const inv = await invitationByCodeHash(db, hashActivationCode(code))
  if (!inv) throw activationFailed()
  return checkLive(inv, now)
}

function checkLive<
  T extends Pick<
    InvitationRow,
    'revoked_at' | 'expires_at' | 'locked_at' | 'approval_required' | 'approval_decision'
  >,
>(inv: T, now: Date): T {
  if (inv.revoked_at !== null || inv.expires_at <= now.toISOString() || inv.approval_decision === 'refused')
    throw invitationExpired()
  if (inv.locked_at !== null) throw invitationLocked()
  // A take-over of an owner's account (the re-issue ends their passkeys) needs a second person first.
  if (inv.approval_required === 1 && inv.approval_decision !== 'approved')
    throw new AppError(
      'invitation_awaiting_approval',
      'This letter takes over an owner’s account: it works once the residents’ committee or street office approves',
    )
  return inv
}

interface Identified {
  readonly inv: InvitationRow
  readonly estate: { readonly id: string; readonly name: string }
  readonly voter: OwnedVoter
  readonly owner: { readonly id: number; readonly name: string }
  readonly guardian: { readonly id: number; readonly name: string } | undefined
}

/** Who is activating: the name and ID characters against the roll (or a recorded guardian); wrong tries count. */
async function identify(
  db: Db,
  input: { code: string; name: string; idLast4: string; now: Date },
): Promise<Identified> {
  const inv = await liveInvitation(db, input.code, input.now)
  const { estate, voters } = await ownerVoters(db, inv.estate_id)
  const voter = voterOfUnit(voters, inv.voter_unit)
  const name = normalizeName(input.name)
  const last4 = normalizeLast4(input.idLast4)
  const named = voter?.owners.find((o) => normalizeName(o.name) === name && o.idLast4 === last4)
  // A guardian recorded for an owner activates and votes for them; the owner does not (民法典 arts. 23, 34).
  const guardians = voter
    ? await guardiansOf(
        db,
        voter.owners.map((o) => o.id),
      )
    : []
  if (named && guardians.some((g) => g.owner_id === named.id))
    throw new AppError(
      'guardian_recorded',
      'A guardian is recorded for this owner: the guardian activates with this letter',
    )
  const guardian = named
    ? undefined
    : guardians.find((g) => normalizeName(g.name) === name && g.id_last4 === last4)
  const owner = named ?? voter?.owners.find((o) => o.id === guardian?.owner_id)
  if (!voter || !owner) {
    const attempts = inv.failed_attempts + 1
    const locked = attempts >= MAX_FAILED_ATTEMPTS
    await db.transaction().execute(async (trx) => {
      await recordFailedAttempt(trx, inv.id, attempts, locked ? input.now.toISOString() : null)
      // The attempt is recorded, never what was typed (it may be someone's real name).
      await appendAudit(trx, {
        actor: 'anonymous',
        role: 'anonymous',
        action: locked ? 'invitation.locked' : 'invitation.activation_failed',
        estateId: inv.estate_id,
        subject: inv.voter_unit,
        after: { failedAttempts: attempts },
        at: input.now,
      })
    })
    if (locked) throw invitationLocked()
    throw activationFailed(MAX_FAILED_ATTEMPTS - attempts)
  }
  const used = await hasActivated(db, inv.id, owner.id)
  if (used)
    throw new AppError(
      'already_activated',
      'You have already activated with this code: sign in with your passkey, or ask the committee for a new letter to add a phone',
    )
  return {
    inv,
    estate,
    voter,
    owner,
    guardian: guardian ? { id: guardian.id, name: guardian.name } : undefined,
  }
}

/**
 * Step 1: the letter's code, the name and the last four ID characters. Where the roll has the owner's phone a
 * one-time code is texted to it and the next step is `sms`; the conveners hold the roll and the letters, not the
 * owner's phone, so they cannot activate in an owner's name. Without a phone the passkey step follows at once,
 * and a supervisor must approve the activation before it votes.
 */
export async function startActivation(
  db: Db,
  s: PasskeySettings,
  sms: SmsSender,
  input: ActivationStartBody & { now: Date },
): Promise<ActivationStart> {
  const who = await identify(db, input)
  const phone = await phoneOf(db, who.owner.id)
  if (phone.number === '') return passkeyStep(db, s, who, input.now, 'no_phone')
  const ticket = randomUUID()
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
  await mayText(db, phone.number, who.inv.id, input.now)
  const expiresAt = new Date(input.now.getTime() + SMS_CODE_MINUTES * 60_000).toISOString()
  await insertOtp(db, {
    id: ticket,
    invitation_id: who.inv.id,
    owner_id: who.owner.id,
    guardian_id: who.guardian?.id ?? null,
    code_hash: otpHash(ticket, code),
    phone_masked: maskPhone(phone.number),
    created_at: input.now.toISOString(),
    expires_at: expiresAt,
    verified_at: null,
  })
  await text(
    db,
    sms,
    { to: phone.number, template: 'activation_code', params: { code } },
    who.inv.id,
    input.now,
  )
  return { step: 'sms', ticket, phone: maskPhone(phone.number), expiresAt }
}

/** Step 2: the code from the text message. Right: the passkey step. Wrong: tries left; five wrong end the ticket. */
export async function verifyActivationSms(
  db: Db,
  s: PasskeySettings,
  input: ActivationSmsBody & { now: Date },
): Promise<ActivationOptions> {
  const otp = await findOtp(db, input.ticket)
  if (
    !otp ||
    otp.verified_at !== null ||
    otp.expires_at <= input.now.toISOString() ||
    otp.attempts >= SMS_CODE_TRIES
  )
    throw new AppError('sms_code_expired', 'This code has expired or was used: ask for a new one')
  if (otpHash(otp.id, input.code) !== otp.code_hash) {
    const attempts = otp.attempts + 1
    await setOtpAttempts(db, otp.id, attempts)
    throw new AppError('sms_code_wrong', 'The code does not match the one sent', {
      attemptsLeft: Math.max(0, SMS_CODE_TRIES - attempts),
    })
  }
  const inv = checkLive(await invitationById(db, otp.invitation_id), input.now)
  const { estate, voters } = await ownerVoters(db, inv.estate_id)
  const voter = voterOfUnit(voters, inv.voter_unit)
  const owner = voter?.owners.find((o) => o.id === otp.owner_id)
  if (!voter || !owner) throw invitationExpired()
  // Only a guardianship still in force: it may have been revoked while the guardian waited for the text.
  const found = otp.guardian_id === null ? undefined : await guardianById(db, otp.guardian_id)
  const guardian = found && found.revoked_at === null ? { id: found.id, name: found.name } : undefined
  if (otp.guardian_id !== null && !guardian) throw invitationExpired()
  await markOtpVerified(db, otp.id, input.now.toISOString())
  const phone = await phoneOf(db, owner.id)
  // A phone a roll re-import changed may be one a convener put there: a supervisor approves such activations too.
  return passkeyStep(
    db,
    s,
    { inv, estate, voter, owner, guardian },
    input.now,
    phone.changed ? 'phone_changed' : null,
  )
}

async function phoneOf(db: Db, ownerId: number) {
  const row = await ownerPhone(db, ownerId)
  return { number: row.phone.replace(/\D/g, ''), changed: row.phone_changed_at !== null }
}

/**
 * Refuses an activation code past the per-phone and per-code limits (429 with the wait): whoever types a name and a
 * letter's code must not flood the owner's phone. Notices of a take-over are always sent.
 */
async function mayText(db: Db, phone: string, invitationId: string, now: Date) {
  const hash = sha256(phone)
  for (const { count, minutes } of SMS_LIMITS.perPhone) {
    const since = new Date(now.getTime() - minutes * 60_000).toISOString()
    const n = await textsSince(db, { phoneHash: hash }, 'activation_code', since)
    if (n >= count) throw smsLimited(minutes)
  }
  const { count, minutes } = SMS_LIMITS.perInvitation
  const n = await textsSince(
    db,
    { invitationId },
    'activation_code',
    new Date(now.getTime() - minutes * 60_000).toISOString(),
  )
  if (n >= count) throw smsLimited(minutes)
}

const smsLimited = (minutes: number) =>
  new AppError('rate_limited', 'Too many text messages to this phone; try again later', {
    retryAfterSeconds: minutes * 60,
  })

/** Sends one text message and records it (the number only as its hash). A failed send is said, never hidden. */
export async function text(db: Db, sms: SmsSender, m: SmsMessage, invitationId: string | null, now: Date) {
  const r = await sms.send(m)
  await insertSmsSend(db, {
    phone_hash: sha256(m.to),
    template: m.template,
    invitation_id: invitationId,
    at: now.toISOString(),
    ok: r.ok ? 1 : 0,
    provider_id: r.ok ? r.id : r.error,
  })
  if (!r.ok && m.template === 'activation_code')
    throw new AppError('sms_failed', 'The text message could not be sent; try again in a minute')
}

async function passkeyStep(
  db: Db,
  s: PasskeySettings,
  who: Identified,
  now: Date,
  approval: 'no_phone' | 'phone_changed' | null,
): Promise<ActivationOptions> {
  const { inv, estate, voter, owner, guardian } = who
  const account = await accountOfOwner(db, owner.id)
  if (account?.disabled_at) throw activationFailed()
  // The owner's account is the guardian's once one is recorded (holders.ts hands it over).
  if (account && account.guardian_id !== (guardian?.id ?? null)) throw activationFailed()
  const accountId = account?.id ?? randomUUID()
  const options = await startRegistration(
    db,
    s,
    { id: accountId, userName: `${estate.name} ${voter.id}`, displayName: guardian?.name ?? owner.name },
    now,
    {
      kind: 'activation',
      accountId,
      invitationId: inv.id,
      ownerId: owner.id,
      guardianId: guardian?.id ?? null,
      approval,
    },
  )
  return {
    step: 'passkey',
    options,
    who: {
      estate,
      units: voter.units.map((u) => ({ number: u.number, area: formatAreaM2(u.areaCm2) })),
      owner: maskName(guardian?.name ?? owner.name),
      existingAccount: account !== undefined,
      approvalRequired: approval,
    },
  }
}

export async function finishActivation(
  db: Db,
  s: PasskeySettings,
  response: RegistrationResponseJSON,
  now: Date,
): Promise<{ accountId: string; credentialId: string }> {
  const { subject, credential } = await verifyRegistration(db, s, response, now, 'activation')
  const at = now.toISOString()
  return db.transaction().execute(async (trx) => {
    // The invitation may have been re-issued or locked while the owner held their phone.
    const inv = checkLive(await invitationById(trx, subject.invitationId), now)
    const owner = { id: subject.ownerId, name: await ownerName(trx, subject.ownerId) }
    const guardianId = subject.guardianId ?? null
    const guardian = guardianId === null ? undefined : await guardianById(trx, guardianId)
    // The guardianship may have been revoked while the guardian held their phone.
    if (guardianId !== null && (!guardian || guardian.revoked_at !== null)) throw passkeyFailed()
    const existing = await accountOfOwner(trx, owner.id)
    if (existing && (existing.id !== subject.accountId || existing.guardian_id !== guardianId))
      throw passkeyFailed()
    if (!existing) {
      await insertAccount(trx, {
        id: subject.accountId,
        kind: 'owner',
        display_name: guardian?.name ?? owner.name,
        owner_id: owner.id,
        created_at: at,
        disabled_at: null,
        guardian_id: guardianId,
      })
    }
    const used = await hasActivated(trx, inv.id, owner.id)
    if (used) throw new AppError('already_activated', 'You have already activated with this code')
    await storeCredential(trx, subject.accountId, credential, now)
    // Primary key (invitation, owner): a second activation of the same owner with this code fails here.
    await insertActivation(trx, {
      invitation_id: inv.id,
      owner_id: owner.id,
      account_id: subject.accountId,
      credential_id: credential.id,
      activated_at: at,
      approval: subject.approval ? 'pending' : 'not_needed',
      approval_reason: subject.approval ?? null,
    })
    await appendAudit(trx, {
      actor: `account:${subject.accountId}`,
      role: guardian ? 'guardian' : 'owner',
      action: guardian
        ? 'guardian.activated'
        : existing
          ? 'owner.passkey_added_by_invitation'
          : 'owner.activated',
      estateId: inv.estate_id,
      subject: inv.voter_unit,
      after: {
        account: subject.accountId,
        credential: credential.id,
        owner: maskName(owner.name),
        ...(guardian ? { guardian: guardian.id, guardianName: maskName(guardian.name) } : {}),
        ...(subject.approval ? { awaitingApproval: subject.approval } : {}),
      },
      at: now,
    })
    return { accountId: subject.accountId, credentialId: credential.id }
  })
}
