import { afterAll, beforeAll, expect, vi } from 'vitest'
import { call, sessionCookie, signIn, testApp, type SignedIn, type TestApp } from './auth'
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

/** An instant given as China wall-clock time (UTC+8), as the statutory periods count days. */
export const cst = (y: number, mo: number, d: number, h = 0, mi = 0) =>
  new Date(Date.UTC(y, mo - 1, d, h - 8, mi))

/** An API answer read loosely, as a test walks it. */
export type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * A request as `who` (signed in again now: sessions last 8 hours; a cookie as it is; nobody), answered as its status
 * and JSON body.
 */
export async function sendAs(
  a: TestApp,
  who: SignedIn | string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  const cookie =
    who === undefined ? undefined : typeof who === 'string' ? who : sessionCookie(await signIn(a, who.phone))
  const res = await call(a.app, method, path, {
    ...(cookie ? { cookie } : {}),
    ...(body === undefined ? {} : { body }),
  })
  return { status: res.status, body: (await res.json()) as Json }
}

/** A statutory clock of a formation's answer, by name. */
export const clockNamed = (f: Json, name: string) => (f.clocks as Json[]).find((c) => c.name === name)
