import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { purgeChallenges, startChallengePurge, storeChallenge } from '../../server/auth/challenges'
import { seedDemo } from '../../server/demo/seed'
import { call, DEMO_ROLL_PATH, enrolStaff, tempDb, testApp } from '../support'

/**
 * Passkey challenges are rows until answered: expired ones are purged on a timer, and making them is limited per
 * account and per address, so one account cannot fill the table (it once made 500 in 1.8 s).
 */

let t: Awaited<ReturnType<typeof tempDb>>
beforeEach(async () => {
  t = await tempDb()
})
afterEach(async () => {
  vi.useRealTimers()
  vi.restoreAllMocks()
  await t.cleanup()
})

const at = (iso: string) => new Date(iso)
const store = (challenge: string, now: Date) =>
  storeChallenge(t.db, { challenge, purpose: 'authenticate', subject: null, now })
const left = async () =>
  (await t.db.selectFrom('webauthn_challenges').select('challenge').orderBy('challenge').execute()).map(
    (r) => r.challenge,
  )

describe('purging expired challenges', () => {
  it('drops the expired ones and keeps those still answerable', async () => {
    await store('a-old', at('2026-12-01T00:00:00Z'))
    await store('b-old', at('2026-12-01T00:04:00Z'))
    await store('c-live', at('2026-12-01T00:06:00Z'))
    expect(await purgeChallenges(t.db, at('2026-12-01T00:09:00Z'))).toBe(2)
    expect(await left()).toEqual(['c-live'])
  })

  it('runs at once and then on every tick of its timer until stopped', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    let now = at('2026-12-01T00:10:00Z')
    await store('a', at('2026-12-01T00:00:00Z'))
    const purge = startChallengePurge(t.db, { everyMs: 60_000, now: () => now })
    expect(await purge.purged()).toBe(1)
    await store('b', at('2026-12-01T00:06:00Z'))
    now = at('2026-12-01T00:12:00Z')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(await purge.purged()).toBe(1)
    expect(await left()).toEqual([])
    purge.stop()
    await store('c', at('2026-12-01T00:00:00Z'))
    await vi.advanceTimersByTimeAsync(10 * 60_000)
    expect(await left()).toEqual(['c'])
  })

  it('reports a failed run and goes on', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const errors: unknown[] = []
    await store('a', at('2026-12-01T00:00:00Z'))
    // The table gone for a moment: the run fails, is reported, and the next one works.
    t.sqlite?.exec('alter table webauthn_challenges rename to webauthn_challenges_away')
    const purge = startChallengePurge(t.db, {
      everyMs: 1000,
      now: () => at('2026-12-01T01:00:00Z'),
      onError: (e) => errors.push(e),
    })
    expect(await purge.purged()).toBe(0)
    expect(errors).toHaveLength(1)
    t.sqlite?.exec('alter table webauthn_challenges_away rename to webauthn_challenges')
    await vi.advanceTimersByTimeAsync(1000)
    expect(await purge.purged()).toBe(1)
    purge.stop()
  })
})

describe('making challenges is limited per account and per address', () => {
  beforeEach(async () => {
    await seedDemo(t.db, DEMO_ROLL_PATH)
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  })

  const limits = {
    activation: { points: 1000, seconds: 900 },
    signIn: { points: 1000, seconds: 300 },
    invitations: { points: 1000, seconds: 600 },
    challengesPerAccount: { points: 5, seconds: 300 },
    challengesPerAddress: { points: 8, seconds: 300 },
  }

  it('refuses a sixth new-passkey challenge to one account, and the eighth+ from one address', async () => {
    const a = testApp(t.db, { rateLimits: limits })
    const first = await enrolStaff(a, t.db, 'supervisor', 'jinxiu', '甲')
    const second = await enrolStaff(a, t.db, 'supervisor', 'jinxiu', '乙')
    const before = (await left()).length
    const ask = async (cookie: string) =>
      (await call(a.app, 'POST', '/api/me/passkeys/options', { cookie, body: {} })).status
    const firsts = []
    for (let i = 0; i < 7; i++) firsts.push(await ask(first.cookie))
    expect(firsts).toEqual([200, 200, 200, 200, 200, 429, 429])
    // Another account at the same address has its own five, but the address has only eight in all.
    const seconds = []
    for (let i = 0; i < 5; i++) seconds.push(await ask(second.cookie))
    expect(seconds).toEqual([200, 200, 200, 429, 429])
    expect((await left()).length - before).toBe(8)
  })

  it('limits ballot options per account too', async () => {
    const now = new Date('2026-12-01T02:00:00Z')
    const a = testApp(t.db, { now: () => now, rateLimits: limits })
    const convener = await enrolStaff(a, t.db, 'convener', 'jinxiu', '召集人', now)
    const created = await call(a.app, 'POST', '/api/estates/jinxiu/meetings', {
      cookie: convener.cookie,
      body: {
        title: '2026年第一次业主大会会议',
        opensAt: '2026-12-16T16:00:00.000Z',
        closesAt: '2026-12-26T16:00:00.000Z',
        matters: [{ kind: 'management_covenant', title: '修改管理规约', body: '' }],
      },
    })
    expect(created.status).toBe(201)
    const { meeting } = (await created.json()) as { meeting: { id: string } }
    const statuses = []
    for (let i = 0; i < 6; i++)
      statuses.push(
        (
          await call(a.app, 'POST', `/api/estates/jinxiu/meetings/${meeting.id}/ballot-options`, {
            cookie: convener.cookie,
            body: { voter: '1-1-101', choices: { q1: 'yes' } },
          })
        ).status,
      )
    // Refused for what they are (a draft meeting, not the convener's voter) until the limit answers first.
    expect(statuses.slice(0, 5).every((s) => s !== 429 && s >= 400)).toBe(true)
    expect(statuses[5]).toBe(429)
  })
})
