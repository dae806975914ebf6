import type { Db } from '../../db/client'
import {
  credentialOfAccount,
  endSessionsOfCredential,
  revokeCredential,
} from '../../db/repositories/credentials'
import type { Actor } from '../auth/access'
import { finishRegistration, type PasskeySettings } from '../auth/passkeys'
import { conflict, notFound } from '../errors'
import type { AddPasskeyBody } from '../routes/auth.schema'
import { appendAudit } from './audit'

/** The signed-in person's own passkeys: another one added, or one removed (and its sessions with it). */

type Who = { readonly actor: string; readonly role: string }

export async function addOwnPasskey(
  db: Db,
  s: PasskeySettings,
  actor: Actor,
  body: AddPasskeyBody,
  who: Who,
  now: Date,
) {
  const label = body.label ?? null
  const done = await db.transaction().execute(async (trx) => {
    const r = await finishRegistration(trx, s, body.response, now, label, actor.accountId)
    await appendAudit(trx, {
      ...who,
      action: 'passkey.added',
      estateId: actor.estateId,
      subject: actor.accountId,
      after: { credential: r.credentialId, label },
      at: now,
    })
    return r
  })
  return { id: done.credentialId, label }
}

/** Removes one of the account's passkeys; the ids of the sessions that ended with it. */
export async function removeOwnPasskey(
  db: Db,
  actor: Actor,
  credentialId: string,
  who: Who,
  now: Date,
): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const cred = await credentialOfAccount(trx, actor.accountId, credentialId)
    if (!cred) throw notFound('passkey_not_found', 'No such passkey on your account')
    if (cred.revoked_at !== null) throw conflict('passkey_revoked', 'This passkey was already removed')
    await revokeCredential(trx, { credentialId, at: now, by: `account:${actor.accountId}` })
    // Sessions signed in with that passkey end with it.
    const ended = await endSessionsOfCredential(trx, { accountId: actor.accountId, credentialId, at: now })
    await appendAudit(trx, {
      ...who,
      action: 'passkey.revoked',
      estateId: actor.estateId,
      subject: actor.accountId,
      before: { credential: credentialId },
      at: now,
    })
    return ended
  })
}
