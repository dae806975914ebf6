import type { Browser, Page } from 'playwright-core'
import type { StaffRole } from '../../db/schema'
import { createStaff } from '../../server/services/staff-accounts'
import type { RunningApp } from './app-server'

/**
 * Staff at a desk in the browser tests: the console is desktop or tablet first. Each desk is its own context
 * with its own CDP virtual authenticator (shared/passkey-e2e.md), enabled before any page calls WebAuthn.
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
  context.setDefaultTimeout(10_000)
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

/** After the server's clock moved past the session's 8 hours: sign in again with the passkey, back to `path`. */
export async function signInAgain(app: RunningApp, page: Page, path: string): Promise<void> {
  await page.goto(`${app.origin}/signin?next=${encodeURIComponent(path)}`)
  await page.getByRole('button', { name: '用通行密钥登录' }).click()
  await page.waitForURL(`${app.origin}${path}`)
}

/** A datetime-local value in Beijing time. */
export const chinaLocal = (at: number) => new Date(at + 8 * 3_600_000).toISOString().slice(0, 16)

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4])
/** A scan or photo to upload (a PNG by its content). */
export const scanFile = (name: string) => ({ name, mimeType: 'image/png', buffer: PNG })

/** The id of the focused element (keyboard entry moves the cursor by itself). */
export const focused = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '')
