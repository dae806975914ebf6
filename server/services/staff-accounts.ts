import { randomUUID } from 'node:crypto'
import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server'
import type { Transaction } from 'kysely'
import { revokeSessionsOfAccount } from '../../db/repositories/sessions'
import type { Db } from '../../db/client'
import { findEstate } from '../../db/repositories/estates'
import {
  accountKind,
  enrollmentByTokenHash,
  findGrant,
  grantsOfEstate,
  insertAccount,
  insertEnrollment as insertEnrollmentRow,
  insertGrant as insertGrantRow,
  liveGrantId,
  liveRoles,
  revokeGrantRow,
  revokeLivePasskeys,
  revokeUnusedEnrollments,
  useEnrollment,
} from '../../db/repositories/staff'
import type { Database, StaffRole } from '../../db/schema'
import { hashSecret, newEnrollmentToken } from '../auth/codes'
import { mayGrant } from '../auth/policy'
import {
  startRegistration,
  storeCredential,
  verifyRegistration,
  type PasskeySettings,
} from '../auth/passkeys'
import { AppError, conflict, notFound } from '../errors'
import { appendAudit } from './audit'

/**
 * Staff accounts: conveners, supervisors, the street office and platform admins sign in with passkeys
 * registered through a one-time enrollment link. No passwords anywhere. Every account, grant, revocation and link
 * is audited. A new link that revokes passkeys ends the account's sessions. A grant or a revocation changes the
 * account's rights without signing it out (its sessions load the grants again, see SessionService.grantsChanged):
 * a street office revoking a convener on its estate must not end that person's work on another estate. Only a
 * revocation that leaves a staff account with no role at all ends its sessions, since nothing is left to do in them.
 */

export const ENROLLMENT_HOURS = 72

export interface Who {
  readonly actor: string
  readonly role: string
  readonly now: Date
}

export interface EnrollmentLink {
  readonly accountId: string
  readonly url: string
  readonly expiresAt: string
}

const enrollmentUrl = (origin: string, token: string) => `${origin}/enroll/${token}`

async function insertEnrollment(
  trx: Transaction<Database>,
  accountId: string,
  origin: string,
  who: Who,
): Promise<EnrollmentLink> {
  const at = who.now.toISOString()
  // One live link per account: a new one replaces any unused earlier link.
  await revokeUnusedEnrollments(trx, accountId, at)
  const token = newEnrollmentToken()
  const expiresAt = new Date(who.now.getTime() + ENROLLMENT_HOURS * 3_600_000).toISOString()
  await insertEnrollmentRow(trx, {
    id: randomUUID(),
    account_id: accountId,
    token_hash: hashSecret(token),
    created_at: at,
    expires_at: expiresAt,
    used_at: null,
    created_by: who.actor,
    revoked_at: null,
  })
  return { accountId, url: enrollmentUrl(origin, token), expiresAt }
}

async function insertGrant(
  trx: Transaction<Database>,
  g: { accountId: string; role: StaffRole; estateId: string | null },
  who: Who,
): Promise<number> {
  if ((await liveGrantId(trx, g)) !== undefined)
    throw conflict('role_exists', 'This account already has this role here')
  const grantId = await insertGrantRow(trx, {
    account_id: g.accountId,
    role: g.role,
    estate_id: g.estateId,
    granted_by: who.actor,
    granted_at: who.now.toISOString(),
    revoked_by: null,
    revoked_at: null,
  })
  await appendAudit(trx, {
    ...who,
    action: 'role.granted',
    estateId: g.estateId,
    subject: g.accountId,
    after: { grant: grantId, role: g.role, estateId: g.estateId },
    at: who.now,
  })
  return grantId
}

/** A new staff account with its first role and an enrollment link. */
export async function createStaff(
  db: Db,
  input: { displayName: string; role: StaffRole; estateId: string | null; origin: string },
  who: Who,
  accountId: string = randomUUID(),
): Promise<EnrollmentLink & { grantId: number }> {
  if (input.estateId !== null && !(await findEstate(db, input.estateId)))
    throw notFound('estate_not_found', `No estate "${input.estateId}"`)
  return db.transaction().execute((trx) => createStaffIn(trx, input, who, accountId))
}

/**
 * createStaff inside the caller's transaction, for a use case that adds staff with other records (a preparatory
 * group's members, services/formation.ts): all of it is written, or none.
 */
export async function createStaffIn(
  trx: Transaction<Database>,
  input: { displayName: string; role: StaffRole; estateId: string | null; origin: string },
  who: Who,
  accountId: string = randomUUID(),
): Promise<EnrollmentLink & { grantId: number }> {
  await insertAccount(trx, {
    id: accountId,
    kind: 'staff',
    display_name: input.displayName,
    owner_id: null,
    created_at: who.now.toISOString(),
    disabled_at: null,
  })
  await appendAudit(trx, {
    ...who,
    action: 'account.created',
    estateId: input.estateId,
    subject: accountId,
    after: { kind: 'staff', displayName: input.displayName },
    at: who.now,
  })
  const grantId = await insertGrant(trx, { accountId, role: input.role, estateId: input.estateId }, who)
  const link = await insertEnrollment(trx, accountId, input.origin, who)
  await appendAudit(trx, {
    ...who,
    action: 'enrollment.issued',
    estateId: input.estateId,
    subject: accountId,
    after: { expiresAt: link.expiresAt },
    at: who.now,
  })
  return { ...link, grantId }
}

/** Refuses a change of `role` on an account unless `granter` may make it (policy.ts mayGrant: role and rank). */
function checkGranter(granter: StaffRole, role: StaffRole, accountRoles: readonly StaffRole[], verb: string) {
  if (!mayGrant(granter, role, accountRoles))
    throw new AppError(
      'forbidden',
      mayGrant(granter, role)
        ? `This account holds a role above ${granter}; only a higher role may ${verb} its roles`
        : `A ${granter} may not ${verb} the role ${role}`,
    )
}

/**
 * Grants a role of an estate to an existing staff account, if `granter` may (policy.ts mayGrant). The account's
 * sessions go on; the caller tells the session service its grants changed.
 */
export async function grantRole(
  db: Db,
  input: { accountId: string; role: StaffRole; estateId: string; granter: StaffRole },
  who: Who,
): Promise<{ grantId: number }> {
  return db.transaction().execute((trx) => grantRoleIn(trx, input, who))
}

/** grantRole inside the caller's transaction (services/formation.ts grants a group's members). */
export async function grantRoleIn(
  trx: Transaction<Database>,
  input: { accountId: string; role: StaffRole; estateId: string; granter: StaffRole },
  who: Who,
): Promise<{ grantId: number }> {
  const kind = await accountKind(trx, input.accountId)
  if (!kind) throw notFound('account_not_found', 'No such account')
  if (kind !== 'staff')
    throw new AppError('not_staff', 'Owners cannot be given staff roles; create a staff account')
  checkGranter(input.granter, input.role, await liveRoles(trx, input.accountId), 'grant')
  const grantId = await insertGrant(
    trx,
    { accountId: input.accountId, role: input.role, estateId: input.estateId },
    who,
  )
  return { grantId }
}

/** Whether the account holds this role in the estate now (a group member who already was a convener). */
export async function holdsRole(
  trx: Transaction<Database>,
  g: { accountId: string; role: StaffRole; estateId: string },
): Promise<boolean> {
  return (await liveGrantId(trx, g)) !== undefined
}

/**
 * Revokes a grant of an estate, if `granter` may (policy.ts mayGrant). The account keeps its sessions for its other
 * roles (the caller tells the session service its grants changed); when no role is left, its sessions end.
 */
export async function revokeGrant(
  db: Db,
  input: { estateId: string; grantId: number; granter: StaffRole },
  who: Who,
): Promise<{ accountId: string; revokedSessionIds: string[] }> {
  return db.transaction().execute((trx) => revokeGrantIn(trx, input, who))
}

/** revokeGrant inside the caller's transaction (a group's dissolution revokes its members' grants). */
export async function revokeGrantIn(
  trx: Transaction<Database>,
  input: { estateId: string; grantId: number; granter: StaffRole },
  who: Who,
): Promise<{ accountId: string; revokedSessionIds: string[] }> {
  const grant = await findGrant(trx, input.estateId, input.grantId)
  if (!grant) throw notFound('grant_not_found', 'No such role grant in this estate')
  checkGranter(input.granter, grant.role, await liveRoles(trx, grant.account_id), 'revoke')
  if (grant.revoked_at !== null) throw conflict('grant_revoked', 'This role was already revoked')
  const at = who.now.toISOString()
  await revokeGrantRow(trx, grant.id, { at, by: who.actor })
  await appendAudit(trx, {
    ...who,
    action: 'role.revoked',
    estateId: input.estateId,
    subject: grant.account_id,
    before: { grant: grant.id, role: grant.role, estateId: grant.estate_id },
    at: who.now,
  })
  const left = await liveRoles(trx, grant.account_id)
  return {
    accountId: grant.account_id,
    revokedSessionIds: left.length === 0 ? await revokeSessionsOfAccount(trx, grant.account_id, at) : [],
  }
}

/** A fresh enrollment link for a staff member (a new phone, a lost one: then `revokePasskeys`). */
export async function reissueEnrollment(
  db: Db,
  input: { accountId: string; revokePasskeys: boolean; origin: string },
  who: Who,
): Promise<EnrollmentLink & { revokedPasskeys: number; revokedSessionIds: string[] }> {
  return db.transaction().execute(async (trx) => {
    const kind = await accountKind(trx, input.accountId)
    if (!kind) throw notFound('account_not_found', 'No such account')
    if (kind !== 'staff') throw new AppError('not_staff', 'Owners recover through a re-issued invitation')
    const at = who.now.toISOString()
    let revokedPasskeys = 0
    let revokedSessionIds: string[] = []
    if (input.revokePasskeys) {
      revokedPasskeys = await revokeLivePasskeys(trx, input.accountId, { at, by: who.actor })
      revokedSessionIds = await revokeSessionsOfAccount(trx, input.accountId, at)
    }
    const link = await insertEnrollment(trx, input.accountId, input.origin, who)
    await appendAudit(trx, {
      ...who,
      action: 'enrollment.issued',
      subject: input.accountId,
      after: { expiresAt: link.expiresAt, revokedPasskeys },
      at: who.now,
    })
    return { ...link, revokedPasskeys, revokedSessionIds }
  })
}

const enrollmentInvalid = () =>
  new AppError('enrollment_invalid', 'This enrollment link is not valid; ask for a new one')

export async function startEnrollment(
  db: Db,
  s: PasskeySettings,
  token: string,
  now: Date,
): Promise<{ options: PublicKeyCredentialCreationOptionsJSON; displayName: string }> {
  const row = await enrollmentByTokenHash(db, hashSecret(token))
  if (
    !row ||
    row.used_at !== null ||
    row.revoked_at !== null ||
    row.disabled_at !== null ||
    row.expires_at <= now.toISOString()
  )
    throw enrollmentInvalid()
  const options = await startRegistration(
    db,
    s,
    { id: row.account_id, userName: row.display_name, displayName: row.display_name },
    now,
    { kind: 'enrollment', accountId: row.account_id, enrollmentId: row.id },
  )
  return { options, displayName: row.display_name }
}

export async function finishEnrollment(
  db: Db,
  s: PasskeySettings,
  response: RegistrationResponseJSON,
  now: Date,
): Promise<{ accountId: string; credentialId: string }> {
  const { subject, credential } = await verifyRegistration(db, s, response, now, 'enrollment')
  const at = now.toISOString()
  return db.transaction().execute(async (trx) => {
    // Single use even against two racing phones: only one update finds the link unused.
    if (!(await useEnrollment(trx, subject.enrollmentId, at))) throw enrollmentInvalid()
    await storeCredential(trx, subject.accountId, credential, now)
    await appendAudit(trx, {
      actor: `account:${subject.accountId}`,
      role: 'staff',
      action: 'enrollment.completed',
      subject: subject.accountId,
      after: { credential: credential.id },
      at: now,
    })
    return { accountId: subject.accountId, credentialId: credential.id }
  })
}

/** The staff of an estate: live and revoked grants with account names and whether a passkey is registered. */
export async function listStaff(db: Db, estateId: string) {
  if (!(await findEstate(db, estateId))) throw notFound('estate_not_found', `No estate "${estateId}"`)
  return grantsOfEstate(db, estateId)
}

/** The first platform admin (`npm run admin:create`), or another one. */
export async function createAdmin(db: Db, displayName: string, origin: string, now: Date) {
  return createStaff(
    db,
    { displayName, role: 'admin', estateId: null, origin },
    { actor: 'system:cli', role: 'system', now },
  )
}
