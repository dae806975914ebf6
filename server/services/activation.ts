import { randomUUID } from 'node:crypto'
import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server'
import type { Db } from '../../db/client'
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
import { ownerVoters, voterOfUnit } from './owner-voters'

/**
 * Owner activation (issue 4): the owner opens the link from their letter, confirms who they are — name and the
 * last four ID characters must match the roll — and registers a passkey. Co-owners activate separately with the
 * same code and each get their own account, tied to the same voter. Nothing is written until the passkey is
 * verified, except the count of wrong tries against a real code (5 lock it until the convener re-issues).
 */

const activationFailed = (attemptsLeft?: number) =>
  new AppError(
    'activation_failed',
    400,
    'The code, the name or the ID digits do not match the roll',
    attemptsLeft === undefined ? undefined : { attemptsLeft },
  )

const invitationLocked = () =>
  new AppError(
    'invitation_locked',
    423,
    'Too many wrong tries with this code; ask the committee for a new letter',
  )
const invitationExpired = () =>
  new AppError(
    'invitation_expired',
    410,
    'This invitation is no longer valid; ask the committee for a new letter',
  )

const normalizeName = (s: string) => s.normalize('NFKC').replace(/\s+/g, '')
const normalizeLast4 = (s: string) => s.normalize('NFKC').trim().toUpperCase()

export interface ActivationStart {
  readonly options: PublicKeyCredentialCreationOptionsJSON
  readonly who: {
    readonly estate: { readonly id: string; readonly name: string }
    readonly units: readonly { readonly number: string; readonly area: string }[]
    readonly owner: string
    readonly existingAccount: boolean
  }
}

async function liveInvitation(db: Db, code: string, now: Date) {
  const normalized = normalizeActivationCode(code)
  if (!isWellFormedCode(normalized)) throw activationFailed()
  const inv = await db
    .selectFrom('invitations')
    .selectAll()
    .where('code_hash', '=', hashActivationCode(code))
    .executeTakeFirst()
  if (!inv) throw activationFailed()
  if (inv.revoked_at !== null || inv.expires_at <= now.toISOString()) throw invitationExpired()
  if (inv.locked_at !== null) throw invitationLocked()
  return inv
}

export async function startActivation(
  db: Db,
  s: PasskeySettings,
  input: { code: string; name: string; idLast4: string; now: Date },
): Promise<ActivationStart> {
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
      403,
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
      await trx
        .updateTable('invitations')
        .set({ failed_attempts: attempts, ...(locked ? { locked_at: input.now.toISOString() } : {}) })
        .where('id', '=', inv.id)
        .execute()
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
  const used = await db
    .selectFrom('invitation_activations')
    .select('owner_id')
    .where('invitation_id', '=', inv.id)
    .where('owner_id', '=', owner.id)
    .executeTakeFirst()
  if (used)
    throw new AppError(
      'already_activated',
      409,
      'You have already activated with this code: sign in with your passkey, or ask the committee for a new letter to add a phone',
    )
  const account = await db
    .selectFrom('accounts')
    .select(['id', 'disabled_at', 'guardian_id'])
    .where('owner_id', '=', owner.id)
    .executeTakeFirst()
  if (account?.disabled_at) throw activationFailed()
  // The owner's account is the guardian's once one is recorded (holders.ts hands it over).
  if (account && account.guardian_id !== (guardian?.id ?? null)) throw activationFailed()
  const accountId = account?.id ?? randomUUID()
  const options = await startRegistration(
    db,
    s,
    { id: accountId, userName: `${estate.name} ${voter.id}`, displayName: guardian?.name ?? owner.name },
    input.now,
    {
      kind: 'activation',
      accountId,
      invitationId: inv.id,
      ownerId: owner.id,
      guardianId: guardian?.id ?? null,
    },
  )
  return {
    options,
    who: {
      estate,
      units: voter.units.map((u) => ({ number: u.number, area: formatAreaM2(u.areaCm2) })),
      owner: maskName(guardian?.name ?? owner.name),
      existingAccount: account !== undefined,
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
    const inv = await trx
      .selectFrom('invitations')
      .select(['id', 'estate_id', 'voter_unit', 'revoked_at', 'locked_at', 'expires_at'])
      .where('id', '=', subject.invitationId)
      .executeTakeFirstOrThrow()
    if (inv.locked_at !== null) throw invitationLocked()
    if (inv.revoked_at !== null || inv.expires_at <= at) throw invitationExpired()
    const owner = await trx
      .selectFrom('owners')
      .select(['id', 'name'])
      .where('id', '=', subject.ownerId)
      .executeTakeFirstOrThrow()
    const guardianId = subject.guardianId ?? null
    const guardian =
      guardianId === null
        ? undefined
        : await trx
            .selectFrom('guardians')
            .select(['id', 'name', 'revoked_at'])
            .where('id', '=', guardianId)
            .executeTakeFirst()
    // The guardianship may have been revoked while the guardian held their phone.
    if (guardianId !== null && (!guardian || guardian.revoked_at !== null)) throw passkeyFailed()
    const existing = await trx
      .selectFrom('accounts')
      .select(['id', 'guardian_id'])
      .where('owner_id', '=', owner.id)
      .executeTakeFirst()
    if (existing && (existing.id !== subject.accountId || existing.guardian_id !== guardianId))
      throw passkeyFailed()
    if (!existing) {
      await trx
        .insertInto('accounts')
        .values({
          id: subject.accountId,
          kind: 'owner',
          display_name: guardian?.name ?? owner.name,
          owner_id: owner.id,
          created_at: at,
          disabled_at: null,
          guardian_id: guardianId,
        })
        .execute()
    }
    const used = await trx
      .selectFrom('invitation_activations')
      .select('owner_id')
      .where('invitation_id', '=', inv.id)
      .where('owner_id', '=', owner.id)
      .executeTakeFirst()
    if (used) throw new AppError('already_activated', 409, 'You have already activated with this code')
    await storeCredential(trx, subject.accountId, credential, now)
    // Primary key (invitation, owner): a second activation of the same owner with this code fails here.
    await trx
      .insertInto('invitation_activations')
      .values({
        invitation_id: inv.id,
        owner_id: owner.id,
        account_id: subject.accountId,
        credential_id: credential.id,
        activated_at: at,
      })
      .execute()
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
      },
      at: now,
    })
    return { accountId: subject.accountId, credentialId: credential.id }
  })
}
