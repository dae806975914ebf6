import { mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import type { Db } from '../../db/client'
import type { StaffRole } from '../../db/schema'
import { issueInvitations } from '../../server/services/invitations'
import { loadMeeting, meetingAt } from '../../server/services/meetings'
import { createStaff } from '../../server/services/staff-accounts'
import { startApp, type AppOptions, type RunningApp } from './app-server'
import {
  launchBrowser,
  newPasskeyPhone,
  PATIENCE_MS,
  saveScreenshot,
  SCREENSHOTS,
  type PasskeyPhone,
} from './browser'
import { enterTextedCode, rollPhone } from './owner-phone'

/**
 * Staff at a desk in the browser tests: the console is desktop or tablet first. Each desk is its own context
 * with its own CDP virtual authenticator (shared/passkey-e2e.md), enabled before any page calls WebAuthn.
 * Also what the console and whole-meeting tests share: their stage (setUpStage: app, browser, clock), owners'
 * phones and letters, the demo estate's constants.
 */

const AUTHENTICATOR = {
  protocol: 'ctap2',
  transport: 'internal',
  hasResidentKey: true,
  hasUserVerification: true,
  isUserVerified: true,
  automaticPresenceSimulation: true,
} as const

export async function newDesk(browser: Browser): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
    acceptDownloads: true,
  })
  context.setDefaultTimeout(PATIENCE_MS)
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('WebAuthn.enable', { enableUI: false })
  await cdp.send('WebAuthn.addVirtualAuthenticator', { options: AUTHENTICATOR })
  return { page, close: () => context.close() }
}

/** Enrolls a staff member of an estate from the one-time link an admin hands them; ends on /me. */
export async function enrollAt(
  app: RunningApp,
  page: Page,
  estateId: string,
  displayName: string,
  role: StaffRole,
  now: Date,
): Promise<void> {
  const link = await createStaff(
    app.db,
    { displayName, role, estateId, origin: app.origin },
    { actor: 'test:admin', role: 'admin', now },
  )
  await page.goto(link.url)
  await page.getByRole('button', { name: '创建通行密钥' }).click()
  await page.waitForURL(`${app.origin}/me`)
}

/** A one-time activation letter for `unit`, as the convener prints it. */
export async function letterFor(app: RunningApp, estateId: string, unit: string, now: Date) {
  const { letters } = await issueInvitations(app.db, {
    estateId,
    units: [unit],
    revokePasskeys: false,
    days: 30,
    origin: app.origin,
    actor: 'test:convener',
    role: 'convener',
    now,
  })
  const letter = letters[0]
  if (!letter) throw new Error(`no letter for ${unit}`)
  return letter
}

/** A desk (newDesk), closed after the file's tests. */
export async function deskOn(stage: Stage): Promise<Page> {
  return stage.keep(await newDesk(stage.browser)).page
}

/** An owner's phone (browser.ts), closed after the file's tests. */
export async function phoneOn(stage: Stage): Promise<PasskeyPhone> {
  const p = stage.keep(await newPasskeyPhone(stage.browser))
  p.context.setDefaultTimeout(PATIENCE_MS)
  return p
}

/**
 * An owner opens their letter's link on their phone, confirms who they are, types the code texted to their phone on
 * the roll and creates a passkey; lands on the start page, then opens /me.
 */
export async function activateOnPhone(
  stage: Stage,
  page: Page,
  unit: string,
  name: string,
  idLast4: string,
): Promise<void> {
  const letter = await letterFor(stage.app, ESTATE, unit, stage.clock())
  await page.goto(letter.url)
  await page.getByLabel('姓名', { exact: true }).fill(name)
  await page.getByLabel('证件号后四位', { exact: true }).fill(idLast4)
  await page.getByRole('button', { name: '下一步' }).tap()
  await enterTextedCode(stage.app, page, await rollPhone(stage.app, ESTATE, name, idLast4))
  await page.getByRole('button', { name: '创建通行密钥' }).tap()
  // The owner lands on her estate's meetings with a short note; her account page is one tap away.
  await page.waitForURL(`${stage.app.origin}/`)
  await page.getByText(/^激活成功/).waitFor()
  await page.goto(`${stage.app.origin}/me`)
}

/** After the server's clock moved past the session's 8 hours: sign in again with the passkey, back to `path`. */
export async function signInAgain(app: RunningApp, page: Page, path: string): Promise<void> {
  await page.goto(`${app.origin}/signin?next=${encodeURIComponent(path)}`)
  await page.getByRole('button', { name: '用通行密钥登录' }).click()
  await page.waitForURL(`${app.origin}${path}`)
}

/** A meeting as the services take it: loaded, its status settled at `now`, as a request's middleware does. */
export const loadedMeeting = async (db: Db, id: string, now: Date) =>
  meetingAt(await loadMeeting(db, id), now)

/** A datetime-local value in Beijing time. */
export const chinaLocal = (at: number) => new Date(at + 8 * 3_600_000).toISOString().slice(0, 16)

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4])
/** A scan or photo to upload (a PNG by its content). */
export const scanFile = (name: string) => ({ name, mimeType: 'image/png', buffer: PNG })

/** The id of the focused element (keyboard entry moves the cursor by itself). */
export const focused = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '')

/** The demo estate 锦绣苑 (DEMO_ROLL_PATH) and the calendar's units. */
export const ESTATE = 'jinxiu'
export const DAY = 86_400_000
export const HOUR = 3_600_000

/** The candidates of the demo meeting's election: unit and name as on the roll. */
export const CANDIDATES = [
  ['1-1-101', '潘芳'],
  ['1-1-102', '段文杰'],
  ['1-1-103', '黎海燕'],
  ['1-1-201', '贾建国'],
  ['1-1-201', '袁勇'],
] as const

export { poll, SCREENSHOTS } from './browser'

export interface Stage {
  readonly app: RunningApp
  readonly browser: Browser
  /** The server's clock (startApp `now`). */
  readonly clock: () => Date
  /** Moves the server's clock to `at`. */
  readonly moveClockTo: (at: number) => void
  /** Runs the meeting clock at the server's time (RunningApp.clock), as the server's timer would. */
  readonly tick: () => Promise<number>
  /** Closes `it` (a desk, a phone) after the file's tests. */
  readonly keep: <T extends { close: () => Promise<void> }>(it: T) => T
  readonly screenshot: (page: Page, name: string) => Promise<Buffer>
}

/**
 * A test file's app and browser: the app on a clock the steps move (wide rate limits: the steps sign in and
 * activate often), started before the file's tests; it, the browser and everything kept closed after them.
 */
export function setUpStage(options: Pick<AppOptions, 'demoAt' | 'prepare'> = {}): Stage {
  let app: RunningApp | undefined
  let browser: Browser | undefined
  const kept: { close: () => Promise<void> }[] = []
  let offset = 0
  const clock = () => new Date(Date.now() + offset)

  beforeAll(async () => {
    const wide = { points: 10_000, seconds: 60 }
    ;[app, browser] = await Promise.all([
      startApp({ ...options, now: clock, rateLimits: { activation: wide, signIn: wide, invitations: wide } }),
      launchBrowser(),
    ])
    mkdirSync(SCREENSHOTS, { recursive: true })
  })

  afterAll(async () => {
    await Promise.all(kept.map((k) => k.close()))
    await browser?.close()
    await app?.close()
  })

  return {
    get app() {
      if (!app) throw new Error('the app starts in beforeAll')
      return app
    },
    get browser() {
      if (!browser) throw new Error('the browser starts in beforeAll')
      return browser
    },
    clock,
    moveClockTo: (at) => {
      offset = at - Date.now()
    },
    tick: () => {
      if (!app) throw new Error('the app starts in beforeAll')
      return app.clock.tick(clock())
    },
    keep: (it) => {
      kept.push(it)
      return it
    },
    screenshot: saveScreenshot,
  }
}
