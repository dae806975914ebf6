/**
 * The owner's two first pages on a phone over slow mobile data, in headless Chromium: the start page (`/`, signed
 * in: the estate's meetings) and a meeting page, each loaded cold (a fresh browser context: no cache, no service
 * worker) under the network and CPU of a cheap phone on a weak 3G/4G signal — 400 ms of latency, 400 kbit/s each
 * way (CDP Network.emulateNetworkConditions) and a CPU four times slower (Emulation.setCPUThrottlingRate).
 *
 * "Shows its content" is measured inside the page, on the page's own clock (performance.now(), from the
 * navigation's start): an observer installed before any of the page's scripts runs notes the first animation frame
 * in which the content's selector matches — the first meeting card's title on the start page, the meeting's title
 * and its matters on the meeting page. The test's own wall clock (CDP round trips, polling) is never in the figure.
 */
import { serve } from '@hono/node-server'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { migrate, openSqlite } from '../db/client'
import { createApp } from '../server/app'
import { DAY_MS } from '../server/domain/calendar'
import { seedDemoMeetings } from '../server/demo/meetings'
import { prng } from '../server/demo/prng'
import { DEMO_ESTATE, seedDemo } from '../server/demo/seed'
import { SoftAuthenticator } from '../server/demo/soft-authenticator'
import { issueInvitations } from '../server/services/invitations'
import { RecordingSms } from '../server/sms/sender'
import { launchBrowser, PHONE } from '../tests/e2e/browser'
import { DEMO_ROLL_PATH } from '../tests/support/roll-files'
import { freePort } from './lib/voting-fixture'

/** The conditions of the figures (CDP's units: bytes per second). */
export const THROTTLE = { latencyMs: 400, kbitPerSecond: 400, cpuSlowdown: 4 } as const

export interface ThrottledFigures {
  /** Median of the cold loads, ms from navigation start to the start page's first meeting card title. */
  readonly ownerHomeMs: number
  /** Median of the cold loads, ms from navigation start to the meeting's title and matters. */
  readonly ownerMeetingMs: number
  readonly runs: number
  /** Requests each page made before its content showed (the last cold load), for the report. */
  readonly homeRequests: readonly string[]
  readonly meetingRequests: readonly string[]
}

const HOME_CONTENT = '.meeting-card h3 a'
const MEETING_CONTENT = 'main h1 ~ section ol.matters li.matter h3'

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number

/**
 * Runs in the page before its own scripts: notes `performance.now()` in `window.__contentShownAt` at the first
 * animation frame (the frame that paints) in which the selector matches. A text, not a function: tsx names the
 * functions it compiles with a helper the page does not have.
 */
const watchContent = (selector: string) => `(() => {
  const frame = () => {
    if (document.querySelector(${JSON.stringify(selector)})) window.__contentShownAt = performance.now()
    else requestAnimationFrame(frame)
  }
  requestAnimationFrame(frame)
})()`

/** The demo estate with its two meetings, and the demo owner 潘芳 (1-1-101) activated: her session cookie. */
async function demoOwnerServer(webRoot: string, dir: string, log: (s: string) => void) {
  const handle = openSqlite(join(dir, 'web.sqlite'))
  await migrate(handle.db)
  const now = new Date()
  handle.dialect.setDurability('off')
  await seedDemo(handle.db, DEMO_ROLL_PATH, new Date(now.getTime() - 70 * DAY_MS))
  const port = await freePort()
  const origin = `http://localhost:${port}`
  log('  seeding the demo meetings…')
  await seedDemoMeetings(handle.db, {
    passkeys: { rpID: 'localhost', rpName: '共决 Gongjue', origin },
    newPhone: () => new SoftAuthenticator(origin),
    random: prng(2026),
    now,
  })
  handle.dialect.setDurability('full')
  const texts = new RecordingSms()
  const { app, tracker } = createApp({
    db: handle.db,
    origin,
    sessionSecret: randomBytes(32),
    sms: texts,
    webRoot,
  })

  // Activation through the real API, as the owner does with her letter (name, ID digits, the texted code).
  const owner = await handle.db
    .selectFrom('units')
    .innerJoin('unit_owners', 'unit_owners.unit_id', 'units.id')
    .innerJoin('owners', 'owners.id', 'unit_owners.owner_id')
    .select(['owners.name', 'owners.id_last4'])
    .where('units.estate_id', '=', DEMO_ESTATE.id)
    .where('units.number', '=', '1-1-101')
    .executeTakeFirstOrThrow()
  const { letters } = await issueInvitations(handle.db, {
    estateId: DEMO_ESTATE.id,
    units: ['1-1-101'],
    revokePasskeys: false,
    days: 30,
    origin,
    actor: 'bench',
    role: 'convener',
    now,
  })
  const post = async (path: string, body: unknown) => {
    const res = await app.request(path, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`)
    return res
  }
  const code = (letters[0] as { code: string }).code
  let step = (await (
    await post('/api/activation/options', { code, name: owner.name, idLast4: owner.id_last4 })
  ).json()) as
    | { step: 'passkey'; options: Parameters<SoftAuthenticator['register']>[0] }
    | { step: 'sms'; ticket: string }
  if (step.step === 'sms') {
    const sent = texts.sent.filter((m) => m.template === 'activation_code').at(-1)
    step = (await (
      await post('/api/activation/sms', { ticket: step.ticket, code: sent?.params['code'] ?? '' })
    ).json()) as typeof step
  }
  if (step.step !== 'passkey') throw new Error('activation: no passkey step')
  const activated = await post('/api/activation', {
    response: new SoftAuthenticator(origin).register(step.options),
  })
  const cookie = activated.headers.getSetCookie().find((c) => c.startsWith('gj_session='))
  if (!cookie) throw new Error('activation: no session cookie')
  const [name, value] = (cookie.split(';')[0] as string).split('=') as [string, string]

  const listed = (await (
    await app.request(`/api/estates/${DEMO_ESTATE.id}/meetings`, { headers: { cookie: `${name}=${value}` } })
  ).json()) as { meetings: { id: string; status: string }[] }
  const open = listed.meetings.find((m) => m.status === 'open')
  if (!open) throw new Error('the demo estate has no open meeting')

  const server = await new Promise<ReturnType<typeof serve>>((ready) => {
    const s = serve({ fetch: app.fetch, port, hostname: 'localhost' }, () => ready(s))
  })
  return {
    origin,
    cookie: { name, value },
    meetingPath: `/estates/${DEMO_ESTATE.id}/meetings/${open.id}`,
    close: async () => {
      await new Promise<void>((done) => server.close(() => done()))
      await tracker.drain()
      await handle.close()
    },
  }
}

/** One cold load of `path` on a fresh throttled phone: ms to content on the page's clock, and what it fetched. */
async function coldLoad(
  browser: Browser,
  origin: string,
  cookie: { name: string; value: string },
  path: string,
  selector: string,
): Promise<{ ms: number; requests: string[] }> {
  const context = await browser.newContext({ ...PHONE, locale: 'zh-CN' })
  try {
    await context.addCookies([{ ...cookie, url: origin, httpOnly: true, sameSite: 'Strict' }])
    const page = await context.newPage()
    await page.addInitScript(watchContent(selector))
    const requests: string[] = []
    page.on('request', (r) => requests.push(r.url().replace(origin, '')))
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    const bytesPerSecond = (THROTTLE.kbitPerSecond * 1000) / 8
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: THROTTLE.latencyMs,
      downloadThroughput: bytesPerSecond,
      uploadThroughput: bytesPerSecond,
    })
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE.cpuSlowdown })
    await page.goto(origin + path, { waitUntil: 'commit' })
    const handle = await page
      .waitForFunction(
        () => (window as unknown as { __contentShownAt?: number }).__contentShownAt,
        undefined,
        {
          timeout: 60_000,
        },
      )
      .catch(async (e: unknown) => {
        const shown = await page.evaluate(() => document.querySelector('main')?.textContent ?? '')
        throw new Error(`${path}: no ${selector} (the page shows: ${shown.slice(0, 300)})`, { cause: e })
      })
    const ms = (await handle.jsonValue()) as number
    // BENCH_WEB_TRACE=1: each resource's start and end on the page's clock, to see what the page waited for.
    if (process.env.BENCH_WEB_TRACE)
      console.error(
        `${path} content at ${Math.round(ms)} ms\n` +
          (await page.evaluate(() =>
            performance
              .getEntriesByType('resource')
              .map((e) => e as PerformanceResourceTiming)
              .map(
                (e) =>
                  `  ${Math.round(e.startTime)}–${Math.round(e.responseEnd)} ${e.encodedBodySize} B ${e.name.replace(location.origin, '')}`,
              )
              .join('\n'),
          )),
      )
    return { ms, requests: requests.filter((u) => !u.startsWith('data:')) }
  } finally {
    await context.close()
  }
}

/** The medians of `runs` cold loads of the start page and of the open demo meeting's page. */
export async function throttledLoads(
  webRoot: string,
  log: (s: string) => void,
  runs = 3,
): Promise<ThrottledFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'gongjue-bench-phone-'))
  let server: Awaited<ReturnType<typeof demoOwnerServer>> | undefined
  let browser: Browser | undefined
  try {
    server = await demoOwnerServer(webRoot, dir, log)
    browser = await launchBrowser()
    const home: number[] = []
    const meeting: number[] = []
    let homeRequests: string[] = []
    let meetingRequests: string[] = []
    for (let i = 0; i < runs; i++) {
      log(`  cold loads, throttled (${i + 1}/${runs})…`)
      const h = await coldLoad(browser, server.origin, server.cookie, '/', HOME_CONTENT)
      const m = await coldLoad(browser, server.origin, server.cookie, server.meetingPath, MEETING_CONTENT)
      home.push(h.ms)
      meeting.push(m.ms)
      homeRequests = h.requests
      meetingRequests = m.requests
    }
    return { ownerHomeMs: median(home), ownerMeetingMs: median(meeting), runs, homeRequests, meetingRequests }
  } finally {
    await browser?.close()
    await server?.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
