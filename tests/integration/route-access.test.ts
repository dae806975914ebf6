import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { insertEstate } from '../../db/repositories/estates'
import type { StaffRole } from '../../db/schema'
import { ACCESS, type Rule } from '../../server/auth/policy'
import {
  activateOwner,
  call,
  demoDb,
  enrolStaff,
  inviteUnit,
  type tempDb,
  testApp,
  type TestApp,
} from '../support'

/**
 * The route × role table (server/auth/policy.ts) walked for real: every /api route of the app, called by every
 * role and by nobody, must answer as the table says — allowed (anything but 401/403) or refused (401 for
 * anonymous, 403 for a signed-in person without the right). A route added without an entry fails here.
 */

interface Caller {
  readonly name: string
  readonly accountId: string | null
  /** The staff role and the estate it is granted for; null for anonymous and owners. */
  readonly grant: { role: StaffRole; estateId: string | null } | null
  readonly owner: boolean
}

let t: Awaited<ReturnType<typeof tempDb>>
let a: TestApp
const callers: Caller[] = []

beforeAll(async () => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  t = await demoDb()
  await insertEstate(t.db, { id: 'other', name: '别处', countParking: false, at: new Date() })
  const wide = { points: 10_000, seconds: 60 }
  a = testApp(t.db, { rateLimits: { activation: wide, signIn: wide, invitations: wide } })
  callers.push({ name: 'anonymous', accountId: null, grant: null, owner: false })
  const owner = await activateOwner(a, await inviteUnit(t.db, 'jinxiu', '1-1-101'), '潘芳', '9839')
  callers.push({ name: 'owner', accountId: owner.accountId, grant: null, owner: true })
  const staff: [string, StaffRole, string | null][] = [
    ['admin', 'admin', null],
    ['street office of the estate', 'street_office', 'jinxiu'],
    ['supervisor of the estate', 'supervisor', 'jinxiu'],
    ['convener of the estate', 'convener', 'jinxiu'],
    ['street office elsewhere', 'street_office', 'other'],
    ['supervisor elsewhere', 'supervisor', 'other'],
    ['convener elsewhere', 'convener', 'other'],
  ]
  for (const [name, role, estateId] of staff) {
    const s = await enrolStaff(a, t.db, role, estateId, name)
    callers.push({ name, accountId: s.accountId, grant: { role, estateId }, owner: false })
  }
})
afterAll(async () => {
  vi.restoreAllMocks()
  await a.tracker.drain()
  await t.cleanup()
})

/** Every /api route the app serves, as "METHOD /api/path" (middleware entries excluded). */
function appRoutes(): string[] {
  const keys = a.app.routes
    .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/'))
    .map((r) => `${r.method} ${r.path}`)
  return [...new Set(keys)].sort()
}

function expected(rule: Rule, path: string, caller: Caller): 'allowed' | 401 | 403 {
  if (rule.allow === 'anyone') return 'allowed'
  if (caller.accountId === null) return 401
  if (rule.allow === 'signed_in') return 'allowed'
  const g = caller.grant
  if (!g || !rule.roles.includes(g.role)) return 403
  if (g.role === 'admin' || !path.includes(':estateId')) return 'allowed'
  return g.estateId === 'jinxiu' ? 'allowed' : 403
}

const fill = (path: string) =>
  path
    .replace(':estateId', 'jinxiu')
    .replace(':importId', randomUUID())
    .replace(':grantId', '999999')
    .replace(':accountId', randomUUID())
    .replace(':credentialId', 'bm8tc3VjaC1wYXNza2V5')
    .replace(':meetingId', randomUUID())
    .replace(':attachmentId', randomUUID())
    .replace(':requestId', '999999')
    .replace(':entryId', randomUUID())
    .replace(':proxyId', randomUUID())
    .replace(':objectionId', '999999')
    .replace(':unit', '1-1-101')
    .replace(':item', 'records')
    .replace(':number', '1')
    .replace(':other', '2')
    .replace(':documentId', randomUUID())
    .replace(':committeeMeetingId', randomUUID())
    .replace(':noticeId', randomUUID())
    .replace(':memberId', randomUUID())
    .replace(':matterId', 'q1')

describe('the route × role table', () => {
  it('has exactly one entry for every /api route the app serves, and no entry without a route', () => {
    const routes = appRoutes()
    expect(routes.length).toBeGreaterThan(20)
    expect(routes.filter((r) => !(r in ACCESS))).toEqual([])
    expect(Object.keys(ACCESS).filter((k) => !routes.includes(k))).toEqual([])
  })

  it('is what every route answers to every role and to anonymous callers', async () => {
    const mismatches: string[] = []
    let checked = 0
    for (const key of appRoutes()) {
      const [method, path] = key.split(' ') as [string, string]
      const rule = (ACCESS as Record<string, Rule>)[key]
      if (!rule) continue // reported by the test above
      for (const caller of callers) {
        // A fresh session per request: some routes end the session they are called with (sign-out).
        const cookie =
          caller.accountId === null
            ? undefined
            : `gj_session=${(await a.sessions.issue(caller.accountId, null)).token}`
        const res = await call(a.app, method, fill(path), { cookie, body: method === 'GET' ? undefined : {} })
        const want = expected(rule, path, caller)
        const got = res.status
        const ok = want === 'allowed' ? got !== 401 && got !== 403 : got === want
        if (!ok)
          mismatches.push(
            `${key} as ${caller.name}: expected ${want}, got ${got} ${(await res.text()).slice(0, 200)}`,
          )
        checked += 1
      }
    }
    expect(mismatches).toEqual([])
    expect(checked).toBe(appRoutes().length * callers.length)
  })

  it('keeps domain §2: supervisors change nothing (they read), and only admins create estates', () => {
    const writes = Object.entries(ACCESS as Record<string, Rule>).filter(([k]) => !k.startsWith('GET '))
    // Their own decisions are the exceptions (objections are open to every signed-in person): sign-offs, and the
    // second person's approval of a take-over or of an activation without the owner's phone.
    expect(
      writes.filter(([, r]) => r.allow === 'staff' && r.roles.includes('supervisor')).map(([k]) => k),
    ).toEqual([
      'POST /api/estates/:estateId/invitations/:invitationId/approval',
      'POST /api/estates/:estateId/activations/approval',
      'POST /api/estates/:estateId/meetings/:meetingId/signoffs',
    ])
    expect((ACCESS as Record<string, Rule>)['POST /api/estates']).toEqual({
      allow: 'staff',
      roles: ['admin'],
    })
  })

  it('fails closed: a route missing from the table answers 500 route_without_policy, not the handler', async () => {
    const { Hono } = await import('hono')
    const { authorize } = await import('../../server/auth/access')
    const { onError } = await import('../../server/errors')
    const app = new Hono().basePath('/api')
    app.onError(onError)
    app.use('*', async (c, next) => {
      c.set('actor' as never, null as never)
      await next()
    })
    app.use('*', authorize)
    app.get('/unlisted', (c) => c.text('handler ran'))
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const res = await app.request('/api/unlisted')
    expect(res.status).toBe(500)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('route_without_policy')
  })
})
