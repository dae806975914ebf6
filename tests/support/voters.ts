import { randomUUID } from 'node:crypto'
import type { Db } from '../../db/client'
import { finishRegistration, startRegistration } from '../../server/auth/passkeys'
import { ownerVoters } from '../../server/services/owner-voters'
import { ORIGIN, call, sessionCookie, type TestApp } from './auth'
import { SoftAuthenticator } from '../../server/demo/soft-authenticator'

export interface PhoneOwner {
  /** The voter (its smallest unit) this owner acts for. */
  readonly voter: string
  readonly ownerId: number
  readonly accountId: string
  readonly phone: SoftAuthenticator
}

/**
 * Owners with an account and a passkey, made directly through the services (the activation path has its own
 * tests; here many owners are needed quickly). The passkeys still go through the real registration ceremony.
 */
export async function ownersWithPasskeys(
  db: Db,
  estateId: string,
  opts: {
    count?: number
    /** By unit (its voter's first owner), or by unit and the name of one of its owners. */
    units?: readonly (string | { unit: string; name: string })[]
    now: Date
  },
): Promise<PhoneOwner[]> {
  const settings = { rpID: 'localhost', rpName: '共决 Gongjue', origin: ORIGIN }
  const { voters } = await ownerVoters(db, estateId)
  const chosen = opts.units
    ? opts.units.map((u) => {
        const unit = typeof u === 'string' ? u : u.unit
        const v = voters.find((x) => x.units.some((y) => y.number === unit))
        const person = typeof u === 'string' ? v?.owners[0] : v?.owners.find((o) => o.name === u.name)
        if (!v || !person) throw new Error(`no owner for ${JSON.stringify(u)}`)
        return { v, person }
      })
    : voters
        .filter((v) => v.owners.length === 1)
        .slice(0, opts.count ?? 10)
        .map((v) => ({ v, person: v.owners[0] }))
  const out: PhoneOwner[] = []
  for (const { v, person } of chosen) {
    if (!person) continue
    const accountId = randomUUID()
    await db
      .insertInto('accounts')
      .values({
        id: accountId,
        kind: 'owner',
        display_name: person.name,
        owner_id: person.id,
        created_at: opts.now.toISOString(),
        disabled_at: null,
        guardian_id: null,
      })
      .execute()
    const phone = new SoftAuthenticator(ORIGIN)
    const options = await startRegistration(
      db,
      settings,
      { id: accountId, userName: v.id, displayName: person.name },
      opts.now,
    )
    await finishRegistration(db, settings, phone.register(options), opts.now)
    out.push({ voter: v.id, ownerId: person.id, accountId, phone })
  }
  return out
}

/** A session for a phone's passkey, signed in through the API at the app's current clock. */
export async function signInPhone(t: TestApp, phone: SoftAuthenticator): Promise<string> {
  const started = await call(t.app, 'POST', '/api/session/options')
  const { options } = (await started.json()) as { options: Parameters<SoftAuthenticator['authenticate']>[0] }
  const res = await call(t.app, 'POST', '/api/session', { body: { response: phone.authenticate(options) } })
  if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${await res.text()}`)
  return sessionCookie(res)
}

/** A ballot prepared (ballot-options) and signed on the phone, ready to be sent to …/ballots. */
export async function signedBallot(
  t: TestApp,
  base: string,
  cookie: string,
  phone: SoftAuthenticator,
  voter: string,
  choices: Record<string, unknown>,
): Promise<{ nonce: string; response: unknown } | Response> {
  const prepared = await call(t.app, 'POST', `${base}/ballot-options`, { cookie, body: { voter, choices } })
  if (prepared.status !== 200) return prepared
  const { ballot, options } = (await prepared.json()) as {
    ballot: { nonce: string }
    options: Parameters<SoftAuthenticator['authenticate']>[0]
  }
  return { nonce: ballot.nonce, response: phone.authenticate(options) }
}
