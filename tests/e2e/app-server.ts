import { serve } from '@hono/node-server'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inject } from 'vitest'
import { openSqlite, type Db } from '../../db/client'
import { createApp } from '../../server/app'
import { freePort } from '../../scripts/lib/voting-fixture'
import type { RateLimitSettings } from '../../server/auth/rate-limit'
import { RecordingSms } from '../../server/sms/sender'
import { copyTemplate, demoTemplate } from '../support/templates'

export const DEMO_ROLL_PATH = 'demo/roll-jinxiu.csv'

/**
 * The web app the run built once (tests/global-setup.ts): the project's own vite.config.ts in production mode,
 * in a temporary directory (dist/web may be in use by a running server).
 */
export function buildWeb(): Promise<string> {
  return Promise.resolve(inject('webRoot'))
}

export interface RunningApp {
  /** http://localhost:PORT — localhost, not 127.0.0.1: an IP address is never a valid passkey RP ID. */
  readonly origin: string
  /**
   * The app's own database, for what reaches people outside the app: a convener's printed letter
   * (services/invitations.ts) or an admin's enrollment link (services/staff-accounts.ts).
   */
  readonly db: Db
  /**
   * The meeting clock (server/app.ts): opens meetings at their opening, ends online voting at the close and stores
   * the tally once the counting period is over. Reads never move a meeting on, so a test that moves the server's
   * clock runs it, as the server's timer does in production; answers how many meetings changed.
   */
  readonly clock: { tick(at?: Date): Promise<number> }
  /**
   * The text messages the app sent, in order: what reaches the owners' phones on the roll (the activation code, the
   * notice of a take-over). A test reads the code from here as the owner reads it from their phone.
   */
  readonly texts: RecordingSms
  close(): Promise<void>
}

export interface AppOptions {
  /** Every phone of a browser test comes from one address; tests of many people may need a wider limit. */
  readonly rateLimits?: RateLimitSettings
  /** The server's clock (tests only): moves a meeting through notice, opening and close without waiting. */
  readonly now?: () => Date
  /** When the demo roll was imported (the demo template of that date); default: when the run started. */
  readonly demoAt?: Date
  /** Writes what a file needs into the fresh database before the app opens it (e.g. the demo meetings). */
  readonly prepare?: (db: Db) => Promise<void>
}

/** The real app in this process: a fresh SQLite file, migrated, seeded with the demo estate 锦绣苑. */
export async function startApp(options: AppOptions = {}): Promise<RunningApp> {
  const webRoot = await buildWeb()
  const dir = mkdtempSync(join(tmpdir(), 'gongjue-e2e-'))
  // The demo estate as seedDemo makes it on a fresh database, copied from the run's seeded one.
  const path = join(dir, 'e2e.sqlite')
  copyTemplate(await demoTemplate(options.demoAt), path)
  const handle = openSqlite(path)
  if (options.prepare) await options.prepare(handle.db)
  // The origin must be known before the app is built (passkeys, CSRF, letters): take a free port first.
  const port = await freePort()
  const origin = `http://localhost:${port}`
  const texts = new RecordingSms()
  const { app, clock } = createApp({
    db: handle.db,
    sms: texts,
    webRoot,
    origin,
    sessionSecret: randomBytes(32),
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    ...(options.now ? { now: options.now } : {}),
  })
  const server = await new Promise<ReturnType<typeof serve>>((ready) => {
    const s = serve({ fetch: app.fetch, port, hostname: 'localhost' }, () => ready(s))
  })
  return {
    origin,
    db: handle.db,
    clock,
    texts,
    close: async () => {
      await new Promise<void>((done) => server.close(() => done()))
      await handle.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
