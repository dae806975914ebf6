import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DAY_MS } from '../../server/domain/calendar'
import { seedDemoMeetings, type DemoMeetings } from '../../server/demo/meetings'
import { prng } from '../../server/demo/prng'
import { SoftAuthenticator } from '../../server/demo/soft-authenticator'
import {
  activateOwner,
  call,
  demoDb,
  enrolStaff,
  inviteUnit,
  ORIGIN,
  testApp,
  type tempDb,
  type TestApp,
} from '../support'

/**
 * GET /api/me/home, the owner's start page in one answer: exactly what the page would otherwise ask in three rounds
 * (GET /api/me, the estate's meetings, each meeting's GET …/me), for the signed-in person only.
 */

const NOW = new Date()
let t: Awaited<ReturnType<typeof tempDb>>
let a: TestApp
let seeded: DemoMeetings
let owner: string

beforeAll(async () => {
  t = await demoDb(new Date(NOW.getTime() - 70 * DAY_MS))
  seeded = await seedDemoMeetings(t.db, {
    passkeys: { rpID: 'localhost', rpName: '共决 Gongjue', origin: ORIGIN },
    newPhone: () => new SoftAuthenticator(ORIGIN),
    random: prng(2026),
    now: NOW,
  })
  a = testApp(t.db, { now: () => NOW })
  owner = (await activateOwner(a, await inviteUnit(t.db, 'jinxiu', '1-1-101', NOW), '潘芳', '9839')).cookie
}, 120_000)
afterAll(async () => {
  await a.tracker.drain()
  await t.cleanup()
})

const json = async (res: Response) => {
  expect(res.status).toBe(200)
  return (await res.json()) as Record<string, unknown>
}

describe('GET /api/me/home', () => {
  it('answers what /api/me, the estate’s meetings and each meeting’s /me answer, in one response', async () => {
    const res = await call(a.app, 'GET', '/api/me/home', { cookie: owner })
    expect(res.headers.get('cache-control')).toBe('no-store')
    const home = (await json(res)) as {
      me: unknown
      meetings: { id: string; status: string }[]
      mine: Record<string, { voters: { units: string[]; ballot: unknown }[] }>
    }
    expect(home.me).toEqual((await json(await call(a.app, 'GET', '/api/me', { cookie: owner }))).me)
    const listed = await json(await call(a.app, 'GET', '/api/estates/jinxiu/meetings', { cookie: owner }))
    expect(home.meetings).toEqual(listed.meetings)
    expect(home.meetings.map((m) => m.id).sort()).toEqual([seeded.open, seeded.published].sort())
    expect(Object.keys(home.mine).sort()).toEqual([seeded.open, seeded.published].sort())
    for (const m of home.meetings) {
      const own = await json(
        await call(a.app, 'GET', `/api/estates/jinxiu/meetings/${m.id}/me`, { cookie: owner }),
      )
      expect(home.mine[m.id]).toEqual(own)
    }
    // 潘芳 is left free to vote by the demo: her one voter, not yet voted in the open meeting.
    expect(home.mine[seeded.open]?.voters.map((v) => [v.units, v.ballot])).toEqual([[['1-1-101'], null]])
  })

  it('is for the signed-in only: 401 unauthenticated without a session', async () => {
    const res = await call(a.app, 'GET', '/api/me/home')
    expect(res.status).toBe(401)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthenticated')
  })

  it('gives staff, who own nothing in the estate, themselves and no meetings', async () => {
    const staff = await enrolStaff(a, t.db, 'supervisor', 'jinxiu', '监督员')
    const home = await json(await call(a.app, 'GET', '/api/me/home', { cookie: staff.cookie }))
    expect(home.me).toEqual((await json(await call(a.app, 'GET', '/api/me', { cookie: staff.cookie }))).me)
    expect(home.meetings).toEqual([])
    expect(home.mine).toEqual({})
  })

  it('takes no query: one is refused as invalid_request, not ignored', async () => {
    const res = await call(a.app, 'GET', '/api/me/home?estate=other', { cookie: owner })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_request')
  })
})
