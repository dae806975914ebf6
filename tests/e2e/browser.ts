import { existsSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core'

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
