import { randomUUID } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  activateOwner,
  call,
  demoDb,
  enrolStaff,
  inviteUnit,
  tempDir,
  testApp,
  type TempDb,
  type TestApp,
} from '../support'

/**
 * An /api path that no route answers is 404 `not_found` as JSON, for every method, depth and caller — never the web
 * app's shell (whose catch-all answers every other GET with 200 HTML), and never a 401/403 of the route × role
 * table, a 403 of the CSRF check or the meeting loader's meeting_not_found for a path that does not exist.
 */

let t: TempDb
const web = tempDir()
let a: TestApp
const callers: { name: string; cookie?: string }[] = [{ name: 'nobody' }]

beforeAll(async () => {
  t = await demoDb()
  mkdirSync(join(web.dir, 'assets'))
  writeFileSync(join(web.dir, 'index.html'), '<!doctype html><title>共决</title>')
  writeFileSync(join(web.dir, 'assets', 'app-abc123.js'), 'console.log(1)')
  a = testApp(t.db, { webRoot: web.dir })
  const convener = await enrolStaff(a, t.db, 'convener', 'jinxiu')
  const admin = await enrolStaff(a, t.db, 'admin', null)
  const owner = await activateOwner(a, await inviteUnit(t.db, 'jinxiu', '1-1-101'), '潘芳', '9839')
  callers.push(
    { name: 'an owner', cookie: owner.cookie },
    { name: 'a convener of the estate', cookie: convener.cookie },
    { name: 'an admin', cookie: admin.cookie },
  )
})
afterAll(async () => {
  await t.cleanup()
  web.cleanup()
})

const UNKNOWN: readonly (readonly [string, string])[] = [
  ['GET', '/api/nope'],
  ['GET', '/api/estates/jinxiu/nope'],
  ['GET', '/api/estates/jinxiu/meetings/x/nope'],
  // A well-formed meeting id: the meeting loader would look it up and answer meeting_not_found.
  ['GET', `/api/estates/jinxiu/meetings/${randomUUID()}/nope`],
  ['GET', '/api/estates/jinxiu/roll/nope?building=1'],
  ['GET', '/api/a/b/c/d/e/f/g/h/i/j'],
  ['POST', '/api/nope'],
  ['POST', '/api/estates/jinxiu/meetings/x/nope'],
  ['PUT', '/api/estates/jinxiu'],
  ['PATCH', '/api/estates/jinxiu/roll'],
  ['DELETE', '/api/estates/jinxiu/staff'],
  // A route that exists, asked with a method it does not take.
  ['POST', '/api/health'],
  // Hono's path matching is strict: a trailing slash is another path.
  ['GET', '/api/health/'],
  ['GET', '/api'],
  ['GET', '/api/'],
]

async function expectNotFound(res: Response) {
  expect(res.status).toBe(404)
  expect(res.headers.get('content-type')).toMatch(/^application\/json/)
  expect(await res.json()).toMatchObject({ error: { code: 'not_found' } })
}

describe('an unknown /api path', () => {
  it.each(UNKNOWN)('answers %s %s with 404 not_found as JSON, for every caller', async (method, path) => {
    for (const caller of callers) {
      const res = await call(a.app, method, path, caller.cookie ? { cookie: caller.cookie } : {})
      try {
        await expectNotFound(res)
      } catch (e) {
        throw new Error(`${caller.name}: ${(e as Error).message}`)
      }
    }
  })

  it('answers 404 before the CSRF check: a write from another site to no route finds nothing to protect', async () => {
    const res = await call(a.app, 'POST', '/api/estates/jinxiu/nope', {
      headers: { origin: 'https://evil.example' },
    })
    await expectNotFound(res)
  })

  it('answers HEAD with 404 and no body', async () => {
    const res = await a.app.request('/api/estates/jinxiu/nope', { method: 'HEAD' })
    expect(res.status).toBe(404)
    expect(await res.text()).toBe('')
  })

  it('leaves the known routes and their refusals as they were', async () => {
    expect((await call(a.app, 'GET', '/api/health')).status).toBe(200)
    expect((await call(a.app, 'GET', '/api/estates')).status).toBe(200)
    // A known route still refuses a caller without the right, and a missing meeting is still meeting_not_found.
    const anonymous = await call(a.app, 'GET', '/api/estates/jinxiu/invitations')
    expect(anonymous.status).toBe(401)
    const missing = await call(a.app, 'GET', `/api/estates/jinxiu/meetings/${randomUUID()}`)
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ error: { code: 'meeting_not_found' } })
    const foreign = await call(a.app, 'POST', '/api/estates', {
      headers: { origin: 'https://evil.example' },
      body: { id: 'x', name: 'x' },
    })
    expect(foreign.status).toBe(403)
    expect(await foreign.json()).toMatchObject({ error: { code: 'csrf_origin' } })
  })
})

describe('the web app beside the API', () => {
  it.each(['/', '/estates/jinxiu/roll', '/estates/jinxiu/meetings/x/nope', '/apiary', '/nope/api/x'])(
    'still answers the app shell for %s',
    async (path) => {
      const res = await a.app.request(path)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^text\/html/)
      expect(await res.text()).toContain('<title>共决</title>')
    },
  )

  it('still serves a built asset', async () => {
    const res = await a.app.request('/assets/app-abc123.js')
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('console.log(1)')
  })
})
