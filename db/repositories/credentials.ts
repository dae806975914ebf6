import type { AuthenticatorTransport } from '@simplewebauthn/server'
import type { Transaction } from 'kysely'
import type { Db } from '../client'
import type { Database } from '../schema'

/** An account's own passkey, revoked or not. */
export function credentialOfAccount(trx: Transaction<Database>, accountId: string, credentialId: string) {
  return trx
    .selectFrom('credentials')
    .select(['id', 'revoked_at'])
    .where('id', '=', credentialId)
    .where('account_id', '=', accountId)
    .executeTakeFirst()
}

export async function revokeCredential(
  trx: Transaction<Database>,
  r: { credentialId: string; at: Date; by: string },
): Promise<void> {
  await trx
    .updateTable('credentials')
    .set({ revoked_at: r.at.toISOString(), revoked_by: r.by })
    .where('id', '=', r.credentialId)
    .execute()
}

/** Ends the account's live sessions signed in with that passkey; their ids. */
export async function endSessionsOfCredential(
  trx: Transaction<Database>,
  e: { accountId: string; credentialId: string; at: Date },
): Promise<string[]> {
  const ended = await trx
    .updateTable('sessions')
    .set({ revoked_at: e.at.toISOString() })
    .where('account_id', '=', e.accountId)
    .where('credential_id', '=', e.credentialId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute()
  return ended.map((s) => s.id)
}

/** An account's live passkeys, oldest first: id, label, when registered and when last used. */
export async function livePasskeysOfAccount(db: Db, accountId: string) {
  const rows = await db
    .selectFrom('credentials')
    .select(['id', 'label', 'created_at', 'last_used_at'])
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at')
    .execute()
  return rows.map((p) => ({ id: p.id, label: p.label, createdAt: p.created_at, lastUsedAt: p.last_used_at }))
}

/** The passkey a session was signed in with, if the session is known. */
export async function credentialOfSession(db: Db, sessionId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('sessions')
    .select('credential_id')
    .where('id', '=', sessionId)
    .executeTakeFirst()
  return row?.credential_id ?? undefined
}

/** Revokes the passkey unless it is revoked already (an earlier revocation keeps its time and author). */
export async function revokeLiveCredential(
  trx: Transaction<Database>,
  credentialId: string,
  r: { at: string; by: string },
): Promise<void> {
  await trx
    .updateTable('credentials')
    .set({ revoked_at: r.at, revoked_by: r.by })
    .where('id', '=', credentialId)
    .where('revoked_at', 'is', null)
    .execute()
}

/**
 * An account's live passkeys with the transports their authenticators named (stored as a JSON list, or null):
 * what a registration excludes and what a ballot's assertion may use.
 */
export async function livePasskeyTransports(
  db: Db,
  accountId: string,
): Promise<{ id: string; transports: AuthenticatorTransport[] | undefined }[]> {
  const rows = await db
    .selectFrom('credentials')
    .select(['id', 'transports'])
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .execute()
  return rows.map((c) => ({ id: c.id, transports: transportsOf(c.transports) }))
}

/** The transports as stored: a JSON list of the authenticator's names, or null when it named none. */
const transportsOf = (stored: string | null) =>
  stored ? (JSON.parse(stored) as AuthenticatorTransport[]) : undefined

/** Whether any account, live or not, holds a passkey of this id (an id is registered once). */
export async function credentialExists(db: Db, credentialId: string): Promise<boolean> {
  const row = await db
    .selectFrom('credentials')
    .select('id')
    .where('id', '=', credentialId)
    .executeTakeFirst()
  return row !== undefined
}

/** Stores a verified passkey of the account, live and never used. */
export async function insertCredential(
  db: Db,
  c: {
    id: string
    accountId: string
    publicKey: Uint8Array
    counter: number
    transports: readonly string[] | undefined
    label: string | null
    at: string
  },
): Promise<void> {
  await db
    .insertInto('credentials')
    .values({
      id: c.id,
      account_id: c.accountId,
      public_key: c.publicKey,
      counter: c.counter,
      transports: c.transports ? JSON.stringify(c.transports) : null,
      label: c.label,
      created_at: c.at,
      last_used_at: null,
      revoked_at: null,
    })
    .execute()
}

/**
 * A passkey as a sign-in checks it: its key and counter, whether it is revoked and whether its account is
 * disabled. The counter is a number whatever the driver hands over.
 */
export async function credentialForSignIn(db: Db, credentialId: string) {
  const row = await db
    .selectFrom('credentials')
    .innerJoin('accounts', 'accounts.id', 'credentials.account_id')
    .select([
      'credentials.id',
      'credentials.account_id',
      'credentials.public_key',
      'credentials.counter',
      'credentials.transports',
      'credentials.revoked_at',
      'accounts.disabled_at',
    ])
    .where('credentials.id', '=', credentialId)
    .executeTakeFirst()
  return row
    ? {
        id: row.id,
        accountId: row.account_id,
        publicKey: new Uint8Array(row.public_key),
        counter: Number(row.counter),
        transports: transportsOf(row.transports),
        revokedAt: row.revoked_at,
        disabledAt: row.disabled_at,
      }
    : undefined
}

/**
 * The account's own passkey as a ballot's signature checks it: its key and counter and whether it is revoked
 * (undefined when unknown or another account's).
 */
export async function accountCredentialKey(db: Db, accountId: string, credentialId: string) {
  const row = await db
    .selectFrom('credentials')
    .select(['id', 'public_key', 'counter', 'revoked_at'])
    .where('id', '=', credentialId)
    .where('account_id', '=', accountId)
    .executeTakeFirst()
  return row
    ? {
        id: row.id,
        publicKey: new Uint8Array(row.public_key),
        counter: Number(row.counter),
        revokedAt: row.revoked_at,
      }
    : undefined
}

/** A sign-in used the passkey: its new signature counter and when. */
export async function recordCredentialUse(
  db: Db,
  credentialId: string,
  u: { counter: number; at: string },
): Promise<void> {
  await db
    .updateTable('credentials')
    .set({ counter: u.counter, last_used_at: u.at })
    .where('id', '=', credentialId)
    .execute()
}
