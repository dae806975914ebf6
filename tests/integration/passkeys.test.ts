import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CHALLENGE_TTL_MS } from '../../server/auth/challenges'
import {
  finishAuthentication,
  finishRegistration,
  startAuthentication,
  startRegistration,
  type PasskeySettings,
} from '../../server/auth/passkeys'
import { SoftAuthenticator } from '../../server/demo/soft-authenticator'
import { tempDb } from '../support'

const s: PasskeySettings = { rpID: 'localhost', rpName: '共决 Gongjue', origin: 'http://localhost:8787' }

let t: Awaited<ReturnType<typeof tempDb>>
let now: Date

beforeEach(async () => {
  t = await tempDb()
  now = new Date('2026-12-01T08:00:00Z')
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  for (const id of ['acc-1', 'acc-2']) {
    await t.db
      .insertInto('accounts')
      .values({
        id,
        kind: 'staff',
        display_name: id,
        owner_id: null,
        created_at: now.toISOString(),
        disabled_at: null,
      })
      .execute()
  }
})
afterEach(async () => {
  vi.restoreAllMocks()
  await t.cleanup()
})

async function enrol(phone: SoftAuthenticator, accountId = 'acc-1') {
  const options = await startRegistration(
    t.db,
    s,
    { id: accountId, userName: accountId, displayName: accountId },
    now,
  )
  return finishRegistration(t.db, s, phone.register(options), now)
}

describe('passkey registration', () => {
  it('registers a discoverable, user-verified passkey for the account the challenge was issued to', async () => {
    const phone = new SoftAuthenticator(s.origin)
    const options = await startRegistration(t.db, s, { id: 'acc-1', userName: 'a', displayName: 'A' }, now)
    expect(options.authenticatorSelection).toMatchObject({
      residentKey: 'required',
      userVerification: 'required',
    })
    const r = await finishRegistration(t.db, s, phone.register(options), now)
    expect(r.accountId).toBe('acc-1')
    expect(await t.db.selectFrom('credentials').select(['id', 'account_id']).execute()).toEqual([
      { id: r.credentialId, account_id: 'acc-1' },
    ])
  })

  it('lets an account register a second device, excluding the first in the options', async () => {
    await enrol(new SoftAuthenticator(s.origin))
    const options = await startRegistration(t.db, s, { id: 'acc-1', userName: 'a', displayName: 'A' }, now)
    expect(options.excludeCredentials).toHaveLength(1)
    await finishRegistration(t.db, s, new SoftAuthenticator(s.origin).register(options), now)
    expect(await t.db.selectFrom('credentials').selectAll().execute()).toHaveLength(2)
  })

  it('refuses a challenge used twice, with one generic error', async () => {
    const phone = new SoftAuthenticator(s.origin)
    const options = await startRegistration(t.db, s, { id: 'acc-1', userName: 'a', displayName: 'A' }, now)
    const response = phone.register(options)
    await finishRegistration(t.db, s, response, now)
    await expect(finishRegistration(t.db, s, phone.register(options), now)).rejects.toMatchObject({
      code: 'passkey_failed',
      status: 400,
    })
  })

  it('refuses an expired challenge (5 minutes)', async () => {
    const options = await startRegistration(t.db, s, { id: 'acc-1', userName: 'a', displayName: 'A' }, now)
    const later = new Date(now.getTime() + CHALLENGE_TTL_MS + 1)
    await expect(
      finishRegistration(t.db, s, new SoftAuthenticator(s.origin).register(options), later),
    ).rejects.toMatchObject({
      code: 'passkey_failed',
    })
  })

  it('refuses a response made on another origin', async () => {
    const options = await startRegistration(t.db, s, { id: 'acc-1', userName: 'a', displayName: 'A' }, now)
    const evil = new SoftAuthenticator('http://localhost:6666', 'localhost')
    await expect(finishRegistration(t.db, s, evil.register(options), now)).rejects.toMatchObject({
      code: 'passkey_failed',
    })
    expect(await t.db.selectFrom('credentials').selectAll().execute()).toEqual([])
  })
})

describe('usernameless passkey sign-in', () => {
  it('signs in the account that owns the passkey and advances its counter', async () => {
    const phone = new SoftAuthenticator(s.origin)
    const { credentialId } = await enrol(phone, 'acc-2')
    const options = await startAuthentication(t.db, s, now)
    expect(options.allowCredentials).toEqual([])
    expect(options.userVerification).toBe('required')
    const r = await finishAuthentication(t.db, s, phone.authenticate(options), now)
    expect(r).toEqual({ accountId: 'acc-2', credentialId })
    const row = await t.db
      .selectFrom('credentials')
      .select(['counter', 'last_used_at'])
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ counter: 1, last_used_at: now.toISOString() })
  })

  it('refuses a replayed sign-in (challenge consumed)', async () => {
    const phone = new SoftAuthenticator(s.origin)
    await enrol(phone)
    const options = await startAuthentication(t.db, s, now)
    const response = phone.authenticate(options)
    await finishAuthentication(t.db, s, response, now)
    await expect(finishAuthentication(t.db, s, response, now)).rejects.toMatchObject({
      code: 'passkey_failed',
    })
  })

  it('refuses a passkey whose counter went backwards (a cloned authenticator)', async () => {
    const phone = new SoftAuthenticator(s.origin)
    await enrol(phone)
    const o1 = await startAuthentication(t.db, s, now)
    const old = phone.authenticate(o1) // counter 1, kept aside
    const o2 = await startAuthentication(t.db, s, now)
    await finishAuthentication(t.db, s, phone.authenticate(o2), now) // counter 2 stored
    await expect(finishAuthentication(t.db, s, old, now)).rejects.toMatchObject({ code: 'passkey_failed' })
  })

  it('refuses a revoked passkey and a disabled account', async () => {
    const phone = new SoftAuthenticator(s.origin)
    await enrol(phone)
    await t.db.updateTable('credentials').set({ revoked_at: now.toISOString() }).execute()
    await expect(
      finishAuthentication(t.db, s, phone.authenticate(await startAuthentication(t.db, s, now)), now),
    ).rejects.toMatchObject({
      code: 'passkey_failed',
    })
    await t.db.updateTable('credentials').set({ revoked_at: null }).execute()
    await t.db.updateTable('accounts').set({ disabled_at: now.toISOString() }).execute()
    await expect(
      finishAuthentication(t.db, s, phone.authenticate(await startAuthentication(t.db, s, now)), now),
    ).rejects.toMatchObject({
      code: 'passkey_failed',
    })
  })

  it('consumes a challenge once even when two answers race', async () => {
    const phone = new SoftAuthenticator(s.origin)
    await enrol(phone)
    const options = await startAuthentication(t.db, s, now)
    const response = phone.authenticate(options)
    const results = await Promise.allSettled([
      finishAuthentication(t.db, s, response, now),
      finishAuthentication(t.db, s, response, now),
    ])
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
  })
})
