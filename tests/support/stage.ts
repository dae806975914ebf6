import { afterAll, beforeAll, expect, vi } from 'vitest'
import { sessionCookie, signIn, testApp, type SignedIn, type TestApp } from './auth'
import type { TempDb } from './db'

/**
 * One file's stage: its database and its app, shared by the file's steps in order, on a clock the steps move
 * (`s.now = …`; every request reads it). `stage()` opens them before the file's own beforeAll and closes them after
 * its tests (the app's background work drained, the database removed); the app's expected warnings are muted.
 */
export interface Stage {
  readonly t: TempDb
  readonly a: TestApp
  now: Date
  /** The person's session cookie, signed in again now (a session lasts 8 hours). */
  fresh(who: SignedIn): Promise<string>
}

// Rate limits a file's many sign-ins and activations stay within (the limits themselves are auth tests' own).
const wide = { points: 10_000, seconds: 60 }
const WIDE_LIMITS = { activation: wide, signIn: wide, invitations: wide }

export function stage(options: {
  /** The database: demoDb (the demo estate's roll) or tempDb (empty). */
  db: () => Promise<TempDb>
  /** Where the clock starts. */
  at: Date
  /** Wide rate limits, for a file that signs people in many times. */
  wide?: boolean
}): Stage {
  let t: TempDb | undefined
  let a: TestApp | undefined
  const opened = <T>(x: T | undefined): T => {
    if (x === undefined) throw new Error('the stage opens in beforeAll')
    return x
  }
  const s: Stage = {
    get t() {
      return opened(t)
    },
    get a() {
      return opened(a)
    },
    now: options.at,
    fresh: async (who) => sessionCookie(await signIn(s.a, who.phone)),
  }
  beforeAll(async () => {
    t = await options.db()
    a = testApp(t.db, { now: () => s.now, ...(options.wide ? { rateLimits: WIDE_LIMITS } : {}) })
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  })
  afterAll(async () => {
    vi.restoreAllMocks()
    await a?.tracker.drain()
    await t?.cleanup()
  })
  return s
}

/** A refusal's status and code. */
export const codeOf = async (res: Response) => ({
  status: res.status,
  code: ((await res.json()) as { error?: { code: string } }).error?.code,
})

/** An answer's body, once it is a success (its text is the failure message otherwise). */
export const json = async <T>(res: Response): Promise<T> => {
  expect(res.status, await res.clone().text()).toBeLessThan(300)
  return (await res.json()) as T
}
