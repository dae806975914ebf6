import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  chromium,
  type Browser,
  type BrowserContext,
  type CDPSession,
  type Locator,
  type Page,
} from 'playwright-core'

/**
 * Real headless Chromium for the browser tests: Debian's package, driven by playwright-core
 * (shared/passkey-e2e.md). A missing browser fails the run; it never skips it.
 */

/**
 * Debian's headless shell (package chromium-headless-shell, built from the same Chromium source as the chromium
 * package): the same Blink, V8 and DevTools protocol, WebAuthn's virtual authenticator included, without the desktop
 * browser's windowing and compositor layers, which a headless test never shows. A whole identity file costs its
 * browser a third of the CPU of the full chromium binary in headless mode (67 → 22 s). CHROMIUM_PATH overrides it,
 * e.g. /usr/lib/chromium/chromium to run the same tests in the full browser.
 */
/**
 * How long a page or a poll may take to catch up before a test gives up: long enough for the CI machine, which runs
 * the suite over twice as slowly as a developer's with three files at once, and still short of the test's own limit.
 */
export const PATIENCE_MS = 30_000
/** expect.poll's options: as patient as a locator. */
export const poll = { timeout: PATIENCE_MS }

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium-headless-shell'

// Without the background-networking flags Chromium floods a closed network with refused connections.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // One renderer process for every phone of a file instead of one or more per page and site: starting renderers
  // (process start, page faults) was a quarter of Chromium's CPU. Contexts stay apart (storage, cookies, the
  // authenticator), which is what makes each one a phone; process isolation is not what the tests are about.
  // Site isolation is turned off by its own switch, not by --disable-features, which would replace the list of
  // features playwright-core disables (its own background requests).
  '--renderer-process-limit=1',
  '--disable-site-isolation-trials',
]

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: install Debian's headless Chromium (apt-get install chromium-headless-shell) or set CHROMIUM_PATH`,
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

/** A passkey as the phone's authenticator holds it (CDP WebAuthn.Credential). */
export interface StoredPasskey {
  readonly credentialId: string
  readonly isResidentCredential: boolean
  readonly rpId: string | undefined
  readonly userHandle: string | undefined
  /** The name the site gave the passkey's user (what a phone lists in its passkey manager). */
  readonly userName: string | undefined
  readonly signCount: number
}

export interface PasskeyPhone extends Phone {
  /** The passkeys this phone holds, whatever the server thinks of them. */
  credentials(): Promise<StoredPasskey[]>
  /** false: the next fingerprint / face / screen-lock check fails (the page gets NotAllowedError). */
  setUserVerified(verified: boolean): Promise<void>
  /** Another, empty authenticator in the same browser (a security key, a new passkey manager). */
  replaceAuthenticator(): Promise<void>
}

const AUTHENTICATOR = {
  protocol: 'ctap2',
  transport: 'internal',
  hasResidentKey: true,
  hasUserVerification: true,
  isUserVerified: true,
  automaticPresenceSimulation: true,
} as const

/**
 * A phone with a platform authenticator that keeps discoverable passkeys and verifies its user
 * (shared/passkey-e2e.md). WebAuthn is enabled before the page ever calls it, else the call hangs; the
 * authenticator belongs to this page and survives its navigations and reloads.
 */
export async function newPasskeyPhone(browser: Browser): Promise<PasskeyPhone> {
  const phone = await newPhone(browser)
  const cdp: CDPSession = await phone.context.newCDPSession(phone.page)
  await cdp.send('WebAuthn.enable', { enableUI: false })
  let { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', { options: AUTHENTICATOR })
  return {
    ...phone,
    credentials: async () =>
      (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials.map((c) => ({
        credentialId: c.credentialId,
        isResidentCredential: c.isResidentCredential,
        rpId: c.rpId,
        userHandle: c.userHandle,
        userName: c.userName,
        signCount: c.signCount,
      })),
    setUserVerified: async (isUserVerified) => {
      await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified })
    },
    replaceAuthenticator: async () => {
      await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId })
      ;({ authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', { options: AUTHENTICATOR }))
    },
  }
}

/** Where the steps' screenshots (and PDFs) go. */
export const SCREENSHOTS = process.env.E2E_SCREENSHOTS ?? join(tmpdir(), 'gongjue-e2e-screenshots')

/**
 * Saves what the page (the whole of it) or one element shows, to look at after the run. JPEG rather than PNG: the
 * browser encodes a full-page PNG of a long page at the phone's 2× density with zlib, several times the CPU of a
 * JPEG of the same pixels, and a screenshot here is for a person's eyes, not compared pixel by pixel.
 */
export const saveScreenshot = (what: Page | Locator, name: string) =>
  what.screenshot({
    path: join(SCREENSHOTS, `${name}.jpg`),
    type: 'jpeg',
    quality: 80,
    ...('goto' in what ? { fullPage: true } : {}),
  })
