import type { Insertable, Transaction } from 'kysely'
import type { Db } from '../client'
import type { ActivationOtpsTable, Database, InvitationActivationsTable, SmsSendsTable } from '../schema'

/**
 * An owner's activation with their letter: the letter looked up by its code, the wrong tries that lock it, the
 * one-time codes texted to the owner's phone and the texts sent (the number only as its hash), and the record of
 * each owner's activation.
 */

export function invitationByCodeHash(db: Db, codeHash: string) {
  return db.selectFrom('invitations').selectAll().where('code_hash', '=', codeHash).executeTakeFirst()
}

/** The invitation of an id that is known to exist (a ticket or a registration refers to it). */
export function invitationById(db: Db, id: string) {
  return db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

/** Counts a wrong try against the letter, locking it at `lockedAt` when given. */
export async function recordFailedAttempt(
  trx: Transaction<Database>,
  invitationId: string,
  attempts: number,
  lockedAt: string | null,
): Promise<void> {
  await trx
    .updateTable('invitations')
    .set({ failed_attempts: attempts, ...(lockedAt !== null ? { locked_at: lockedAt } : {}) })
    .where('id', '=', invitationId)
    .execute()
}

/** Whether the owner has activated with this letter already. */
export async function hasActivated(db: Db, invitationId: string, ownerId: number): Promise<boolean> {
  const used = await db
    .selectFrom('invitation_activations')
    .select('owner_id')
    .where('invitation_id', '=', invitationId)
    .where('owner_id', '=', ownerId)
    .executeTakeFirst()
  return used !== undefined
}

export async function insertActivation(
  trx: Transaction<Database>,
  row: Insertable<InvitationActivationsTable>,
): Promise<void> {
  await trx.insertInto('invitation_activations').values(row).execute()
}

// ---- one-time codes by text message ---------------------------------------------------------------------------

export async function insertOtp(db: Db, row: Insertable<ActivationOtpsTable>): Promise<void> {
  await db.insertInto('activation_otps').values(row).execute()
}

export function findOtp(db: Db, ticket: string) {
  return db.selectFrom('activation_otps').selectAll().where('id', '=', ticket).executeTakeFirst()
}

export async function setOtpAttempts(db: Db, ticket: string, attempts: number): Promise<void> {
  await db.updateTable('activation_otps').set({ attempts }).where('id', '=', ticket).execute()
}

export async function markOtpVerified(db: Db, ticket: string, at: string): Promise<void> {
  await db.updateTable('activation_otps').set({ verified_at: at }).where('id', '=', ticket).execute()
}

// ---- texts sent -----------------------------------------------------------------------------------------------

/**
 * How many texts of this template went after `since` to one phone (by its hash) or for one letter: the limits
 * per phone and per code read the same count.
 */
export async function textsSince(
  db: Db,
  to: { phoneHash: string } | { invitationId: string },
  template: string,
  since: string,
): Promise<number> {
  const [column, value] =
    'phoneHash' in to
      ? (['phone_hash', to.phoneHash] as const)
      : (['invitation_id', to.invitationId] as const)
  const n = await db
    .selectFrom('sms_sends')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where(column, '=', value)
    .where('template', '=', template)
    .where('at', '>', since)
    .executeTakeFirstOrThrow()
  // A count is a bigint to PostgreSQL's driver, which hands it over as a string.
  return Number(n.n)
}

export async function insertSmsSend(db: Db, row: Insertable<SmsSendsTable>): Promise<void> {
  await db.insertInto('sms_sends').values(row).execute()
}

// ---- the owner's side -----------------------------------------------------------------------------------------

/** The owner's phone on the roll and whether a re-import changed it. */
export function ownerPhone(db: Db, ownerId: number) {
  return db
    .selectFrom('owners')
    .select(['phone', 'phone_changed_at'])
    .where('id', '=', ownerId)
    .executeTakeFirstOrThrow()
}

/** The owner's account, if any: whether disabled, and the guardian who holds it. */
export function accountOfOwner(db: Db, ownerId: number) {
  return db
    .selectFrom('accounts')
    .select(['id', 'disabled_at', 'guardian_id'])
    .where('owner_id', '=', ownerId)
    .executeTakeFirst()
}

/** A guardian by id, revoked or not. */
export function guardianById(db: Db, id: number) {
  return db
    .selectFrom('guardians')
    .select(['id', 'name', 'revoked_at'])
    .where('id', '=', id)
    .executeTakeFirst()
}
