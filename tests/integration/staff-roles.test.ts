import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { insertEstate } from '../../db/repositories/estates'
import { call, demoDb, enrolStaff, type tempDb, testApp, type SignedIn, type TestApp } from '../support'

/**
 * Granting and revoking estate roles (domain.md §2): nobody changes the roles of an account above their own
 * (admin > street office > supervisor, convener), and a change on one estate does not sign the person out of
 * their work elsewhere — the sessions load the new grants on their next request.
 */

let t: Awaited<ReturnType<typeof tempDb>>
let a: TestApp
let admin: SignedIn
let street: SignedIn

beforeEach(async () => {
  t = await demoDb()
  await insertEstate(t.db, { id: 'huayuan', name: '华苑', countParking: false, at: new Date() })
  a = testApp(t.db)
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  admin = await enrolStaff(a, t.db, 'admin', null, '平台管理员')
  street = await enrolStaff(a, t.db, 'street_office', 'jinxiu', '街道办')
})
afterEach(async () => {
  vi.restoreAllMocks()
  await a.tracker.drain()
  await t.cleanup()
})

type Body = { error?: { code: string } }
const status = async (cookie: string, method: string, path: string, body?: unknown) =>
  (await call(a.app, method, path, { cookie, ...(body === undefined ? {} : { body }) })).status
const liveGrants = async (accountId: string) =>
  (
    await t.db
      .selectFrom('role_grants')
      .select(['id', 'role', 'estate_id'])
      .where('account_id', '=', accountId)
      .where('revoked_at', 'is', null)
      .execute()
  ).map((g) => ({ id: g.id, role: g.role, estateId: g.estate_id }))
const liveSessions = async (accountId: string) =>
  (
    await t.db
      .selectFrom('sessions')
      .select('id')
      .where('account_id', '=', accountId)
      .where('revoked_at', 'is', null)
      .execute()
  ).length

describe('who may change whose roles', () => {
  it('refuses a street office granting a role to the admin’s account, and the admin stays signed in', async () => {
    const res = await call(a.app, 'POST', '/api/estates/jinxiu/staff', {
      cookie: street.cookie,
      body: { accountId: admin.accountId, role: 'convener' },
    })
    expect(res.status).toBe(403)
    expect(((await res.json()) as Body).error?.code).toBe('forbidden')
    expect(await liveGrants(admin.accountId)).toEqual([
      { id: expect.any(Number), role: 'admin', estateId: null },
    ])
    expect(await liveSessions(admin.accountId)).toBe(1)
    expect(await status(admin.cookie, 'GET', '/api/me')).toBe(200)
  })

  it('refuses a street office revoking a convener role the admin holds on its estate', async () => {
    const granted = await call(a.app, 'POST', '/api/estates/jinxiu/staff', {
      cookie: admin.cookie,
      body: { accountId: admin.accountId, role: 'convener' },
    })
    expect(granted.status).toBe(201)
    const { staff } = (await granted.json()) as { staff: { grantId: number } }
    expect(await status(street.cookie, 'DELETE', `/api/estates/jinxiu/staff/${staff.grantId}`)).toBe(403)
    expect((await liveGrants(admin.accountId)).map((g) => g.role)).toEqual(['admin', 'convener'])
    expect(await status(admin.cookie, 'GET', '/api/me')).toBe(200)
    // The admin may.
    expect(await status(admin.cookie, 'DELETE', `/api/estates/jinxiu/staff/${staff.grantId}`)).toBe(204)
  })

  it('lets a street office grant a convener role to the street office of another estate (the same rank)', async () => {
    const other = await enrolStaff(a, t.db, 'street_office', 'huayuan', '另一街道办')
    const res = await call(a.app, 'POST', '/api/estates/jinxiu/staff', {
      cookie: street.cookie,
      body: { accountId: other.accountId, role: 'convener' },
    })
    expect(res.status).toBe(201)
    expect(await status(other.cookie, 'GET', '/api/estates/huayuan/staff')).toBe(200)
  })
})

describe('a role change keeps the person’s other work', () => {
  it('revoking a convener on one estate keeps their session for another, and the revoked right is gone at once', async () => {
    const convener = await enrolStaff(a, t.db, 'convener', 'huayuan', '召集人')
    const granted = await call(a.app, 'POST', '/api/estates/jinxiu/staff', {
      cookie: street.cookie,
      body: { accountId: convener.accountId, role: 'convener' },
    })
    expect(granted.status).toBe(201)
    // The new role works in the same session, without signing in again.
    expect(await status(convener.cookie, 'GET', '/api/estates/jinxiu/invitations')).toBe(200)
    const { staff } = (await granted.json()) as { staff: { grantId: number } }

    expect(await status(street.cookie, 'DELETE', `/api/estates/jinxiu/staff/${staff.grantId}`)).toBe(204)
    expect(await liveSessions(convener.accountId)).toBe(1)
    expect(await status(convener.cookie, 'GET', '/api/me')).toBe(200)
    expect(await status(convener.cookie, 'GET', '/api/estates/huayuan/invitations')).toBe(200)
    expect(await status(convener.cookie, 'GET', '/api/estates/jinxiu/invitations')).toBe(403)
  })

  it('ends the sessions when the revocation leaves the account no role', async () => {
    const convener = await enrolStaff(a, t.db, 'convener', 'jinxiu', '召集人')
    const [grant] = await liveGrants(convener.accountId)
    expect(await status(street.cookie, 'DELETE', `/api/estates/jinxiu/staff/${grant?.id}`)).toBe(204)
    expect(await liveSessions(convener.accountId)).toBe(0)
    expect(await status(convener.cookie, 'GET', '/api/me')).toBe(401)
  })
})
