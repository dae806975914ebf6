import { existsSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

/**
 * Real headless Chromium for the browser tests: Debian's package, driven by playwright-core
 * (shared/passkey-e2e.md). A missing browser fails the run; it never skips it.
 */

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

// Without the background-networking flags Chromium floods a closed network with refused connections.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`,
    )
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS })
}

/** The phone an elderly owner holds: a small Android screen, touch, mobile layout. */
export const PHONE = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
} as const

export interface Phone {
  readonly context: BrowserContext
  readonly page: Page
  close(): Promise<void>
}

/** A fresh phone (its own storage, cookies and downloads) with one page open. */
export async function newPhone(browser: Browser): Promise<Phone> {
  const context = await browser.newContext({ ...PHONE, locale: 'zh-CN', acceptDownloads: true })
  const page = await context.newPage()
  return { context, page, close: () => context.close() }
}
