import { SignJWT } from 'jose'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SessionService, type SessionSettings } from '../../server/auth/sessions'
import { tempDb } from '../support'

const settings: SessionSettings = {
  secret: new TextEncoder().encode('a-test-secret-of-at-least-thirty-two-bytes!'),
  issuer: 'gongjue',
  audience: 'gongjue-web',
  ttlSeconds: 3600,
}

let t: Awaited<ReturnType<typeof tempDb>>
let clock: Date
let sessions: SessionService

beforeEach(async () => {
  t = await tempDb()
  clock = new Date('2026-12-01T08:00:00Z')
  sessions = new SessionService(t.db, settings, () => clock)
  await t.db
    .insertInto('accounts')
    .values({
      id: 'acc-1',
      kind: 'staff',
      display_name: '王*',
      owner_id: null,
      created_at: clock.toISOString(),
      disabled_at: null,
    })
    .execute()
})
afterEach(() => t.cleanup())

describe('sessions', () => {
  it('verifies a token it issued', async () => {
    const { token, claims } = await sessions.issue('acc-1', null)
    expect(await sessions.verify(token)).toEqual(claims)
  })

  it('ends a session at once when it is revoked, even after the token was cached', async () => {
    const { token, claims } = await sessions.issue('acc-1', null)
    await sessions.verify(token)
    await sessions.revoke(claims.sessionId)
    expect(await sessions.verify(token)).toBeUndefined()
  })

  it('revokes every session of an account, also for a fresh process that never cached the token', async () => {
    const a = await sessions.issue('acc-1', null)
    const b = await sessions.issue('acc-1', null)
    expect(await sessions.revokeAccount('acc-1')).toBe(2)
    const fresh = new SessionService(t.db, settings, () => clock)
    expect(await fresh.verify(a.token)).toBeUndefined()
    expect(await fresh.verify(b.token)).toBeUndefined()
  })

  it('refuses an expired token', async () => {
    const { token } = await sessions.issue('acc-1', null)
    clock = new Date(clock.getTime() + 3601 * 1000)
    expect(await sessions.verify(token)).toBeUndefined()
  })

  it.each([
    ['another secret', { secret: new TextEncoder().encode('another-secret-of-at-least-thirty-two-bytes') }],
    ['another issuer', { issuer: 'evil' }],
    ['another audience', { audience: 'other-app' }],
  ])('refuses a token signed with %s', async (_name, override) => {
    const { claims } = await sessions.issue('acc-1', null)
    const s = { ...settings, ...override }
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('acc-1')
      .setJti(claims.sessionId)
      .setIssuer(s.issuer)
      .setAudience(s.audience)
      .setIssuedAt(Math.floor(clock.getTime() / 1000))
      .setExpirationTime(Math.floor(clock.getTime() / 1000) + 60)
      .sign(s.secret)
    expect(await sessions.verify(forged)).toBeUndefined()
  })

  it('refuses an unsigned token (alg "none") and garbage', async () => {
    const { token } = await sessions.issue('acc-1', null)
    const [, payload] = token.split('.')
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`
    expect(await sessions.verify(none)).toBeUndefined()
    expect(await sessions.verify('not-a-jwt')).toBeUndefined()
  })

  it('refuses a validly signed token whose session row does not exist', async () => {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('acc-1')
      .setJti('never-issued')
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setIssuedAt(Math.floor(clock.getTime() / 1000))
      .setExpirationTime(Math.floor(clock.getTime() / 1000) + 60)
      .sign(settings.secret)
    expect(await sessions.verify(token)).toBeUndefined()
  })
})
