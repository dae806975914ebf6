import { mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { earliestOpening } from '../../server/domain/calendar'
import { issueInvitations } from '../../server/services/invitations'
import { DEMO_ROLL_PATH, startApp, type RunningApp } from './app-server'
import { launchBrowser, newPasskeyPhone, type PasskeyPhone } from './browser'
import { chinaLocal, enrollAt, focused, newDesk, scanFile, signInAgain } from './desk'

/**
 * One whole meeting of the demo estate 锦绣苑 in real headless Chromium (issue 6): a convener imports the roll and
 * gives notice; the server's clock moves to the opening; three owners activate on three phones (one a co-owner of
 * 1-1-201, one owner of two flats who is one voter) and vote with their phones' passkeys; one paper ballot is
 * entered twice, blind, by two conveners; a proxy is recorded and its holder votes; the clock passes the close;
 * the preliminary result, a supervisor's sign-off, the final announcement; an owner finds their receipt.
 *
 * The owners' voting pages are another part of issue 6 still being built: the phones here sign the ballot with
 * their own passkey through the API in the page (the same two calls the voting page makes), and the owner's
 * result page is only captured as a screenshot.
 */

const ESTATE = 'jinxiu'
const SCREENSHOTS = process.env.E2E_SCREENSHOTS ?? join(tmpdir(), 'gongjue-e2e-screenshots')
const DAY = 86_400_000
const HOUR = 3_600_000

let app: RunningApp
let browser: Browser
const closers: { close: () => Promise<void> }[] = []
let offset = 0
const clock = () => new Date(Date.now() + offset)
const moveClockTo = (at: number) => {
  offset = at - Date.now()
}

beforeAll(async () => {
  const wide = { points: 10_000, seconds: 60 }
  ;[app, browser] = await Promise.all([
    startApp({ now: clock, rateLimits: { activation: wide, signIn: wide, invitations: wide } }),
    launchBrowser(),
  ])
  mkdirSync(SCREENSHOTS, { recursive: true })
})

afterAll(async () => {
  await Promise.all(closers.map((c) => c.close()))
  await browser?.close()
  await app?.close()
})

const poll = { timeout: 10_000 }
const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true })

async function desk(name: string, role: 'convener' | 'supervisor'): Promise<Page> {
  const d = await newDesk(browser)
  closers.push(d)
  await enrollAt(app, d.page, ESTATE, name, role, clock())
  return d.page
}

async function phone(): Promise<PasskeyPhone> {
  const p = await newPasskeyPhone(browser)
  closers.push(p)
  p.context.setDefaultTimeout(10_000)
  return p
}

/** An owner opens the link of the letter the convener printed, confirms who they are and creates a passkey. */
async function activateOnPhone(p: PasskeyPhone, unit: string, name: string, idLast4: string) {
  const { letters } = await issueInvitations(app.db, {
    estateId: ESTATE,
    units: [unit],
    revokePasskeys: false,
    days: 30,
    origin: app.origin,
    actor: 'test:convener',
    role: 'convener',
    now: clock(),
  })
  const letter = letters[0]
  if (!letter) throw new Error(`no letter for ${unit}`)
  const { page } = p
  await page.goto(letter.url)
  await page.getByLabel('姓名', { exact: true }).fill(name)
  await page.getByLabel('证件号后四位', { exact: true }).fill(idLast4)
  await page.getByRole('button', { name: '下一步' }).tap()
  await page.getByRole('button', { name: '创建通行密钥' }).tap()
  await page.waitForURL(`${app.origin}/me`)
  await page.getByText(`${name}，您好`).waitFor()
}

/**
 * The phone signs its ballot with its passkey: POST ballot-options (the canonical ballot and a challenge that is
 * its hash), navigator.credentials.get on this phone's authenticator, POST ballots.
 */
function voteOnPhone(page: Page, meetingId: string, voter: string, choices: Record<string, unknown>) {
  return page.evaluate(
    async ({ base, voter, choices }) => {
      const bytes = (s: string) =>
        Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0))
      const text = (b: ArrayBuffer) =>
        btoa(String.fromCharCode(...new Uint8Array(b)))
          .replace(/\+/g, '-')
          .replace(/\//g, '_')
          .replace(/=+$/, '')
      const post = (path: string, body: unknown) =>
        fetch(`${base}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(body),
        })
      const prepared = await post('/ballot-options', { voter, choices })
      if (!prepared.ok) return { status: prepared.status, receipt: '', body: await prepared.text() }
      const { ballot, options } = (await prepared.json()) as {
        ballot: { nonce: string }
        options: { challenge: string; rpId: string; allowCredentials?: { id: string }[]; timeout?: number }
      }
      const credential = (await navigator.credentials.get({
        publicKey: {
          challenge: bytes(options.challenge),
          rpId: options.rpId,
          allowCredentials: (options.allowCredentials ?? []).map((c) => ({
            type: 'public-key' as const,
            id: bytes(c.id),
          })),
          userVerification: 'required',
          timeout: options.timeout ?? 60_000,
        },
      })) as PublicKeyCredential
      const r = credential.response as AuthenticatorAssertionResponse
      const response = {
        id: credential.id,
        rawId: text(credential.rawId),
        type: 'public-key',
        clientExtensionResults: {},
        response: {
          clientDataJSON: text(r.clientDataJSON),
          authenticatorData: text(r.authenticatorData),
          signature: text(r.signature),
          ...(r.userHandle ? { userHandle: text(r.userHandle) } : {}),
        },
      }
      const cast = await post('/ballots', { nonce: ballot.nonce, response })
      const body = await cast.text()
      const receipt = cast.ok ? (JSON.parse(body) as { receipt: { receipt: string } }).receipt.receipt : ''
      return { status: cast.status, receipt, body }
    },
    { base: `/api/estates/${ESTATE}/meetings/${meetingId}`, voter, choices },
  )
}

const CANDIDATES = [
  ['1-1-101', '潘芳'],
  ['1-1-102', '段文杰'],
  ['1-1-103', '黎海燕'],
  ['1-1-201', '贾建国'],
  ['1-1-201', '袁勇'],
] as const

describe('a whole meeting of 锦绣苑 in the browser', () => {
  it('runs from the roll import to the final announcement, and an owner finds their receipt', async () => {
    // ---- the convener: roll, meeting, notice ----
    const convener = await desk('王召集', 'convener')
    await convener.goto(`${app.origin}/console/${ESTATE}/roll`)
    await convener.getByLabel('名册文件').setInputFiles(DEMO_ROLL_PATH)
    await convener.getByRole('button', { name: '导入', exact: true }).click()
    await convener.getByText('导入完成：1,008 个房屋。').waitFor()

    const opensAt = earliestOpening(clock().getTime())
    const closesAt = opensAt + 7 * DAY
    await convener.goto(`${app.origin}/console/${ESTATE}/meetings/new`)
    await convener.getByLabel('会议名称').fill('2026年第一次业主大会会议')
    await convener.getByLabel('投票开始（北京时间）').fill(chinaLocal(opensAt))
    await convener.getByLabel('投票结束（北京时间）').fill(chinaLocal(closesAt))
    const matter = (n: number) => convener.getByRole('group', { name: `第 ${n} 项（q${n}）` })
    await matter(1).getByLabel('事项标题').fill('修改管理规约')
    await convener.getByRole('button', { name: '添加事项' }).click()
    await matter(2).getByLabel('事项类型（民法典第二百七十八条）').selectOption('elect_committee')
    await matter(2).getByLabel('事项标题').fill('选举第一届业主委员会')
    for (const [i, [unit, name]] of CANDIDATES.entries()) {
      await matter(2).getByRole('button', { name: '添加候选人' }).click()
      const card = matter(2).getByRole('group', { name: `候选人 ${i + 1}` })
      await card.getByLabel('房号').fill(unit)
      await card.getByLabel('姓名（与名册一致）').fill(name)
    }
    await convener.getByRole('button', { name: '保存草稿' }).click()
    await convener.getByRole('heading', { name: '2026年第一次业主大会会议', level: 1 }).waitFor()
    const meetingPath = new URL(convener.url()).pathname
    const meetingId = meetingPath.split('/').pop() ?? ''
    await convener.getByRole('button', { name: '发出通知' }).click()
    await convener.getByRole('button', { name: '确认发出' }).click()
    await expect.poll(() => convener.locator('dl.facts').innerText(), poll).toContain('已通知')

    // ---- the clock moves to the opening; three owners on three phones ----
    moveClockTo(opensAt + HOUR)
    const pan = await phone()
    await activateOnPhone(pan, '1-1-101', '潘芳', '9839')
    await screenshot(pan.page, 'whole-meeting-owner-me')
    const coOwner = await phone()
    await activateOnPhone(coOwner, '1-1-201', '贾建国', '6055')
    const twoFlats = await phone()
    await activateOnPhone(twoFlats, '12-1-202', '贾欣怡', '4599')

    const receipts: Record<string, string> = {}
    for (const [p, voter, choices] of [
      [pan, '1-1-101', { q1: 'yes', q2: ['c1', 'c2', 'c3'] }],
      [coOwner, '1-1-201', { q1: 'no', q2: ['c4'] }],
      [twoFlats, '12-1-202', { q1: 'abstain', q2: [] }],
    ] as const) {
      const cast = await voteOnPhone(p.page, meetingId, voter, choices)
      expect(cast.status, cast.body).toBe(201)
      receipts[voter] = cast.receipt
    }

    // ---- the proxy: 1-1-103 authorises 潘芳, who then votes for them ----
    await signInAgain(app, convener, meetingPath)
    // The holder reads their account id on their own /me page and gives it to the convener.
    await pan.page.goto(`${app.origin}/me`)
    const idLine = await pan.page.locator('.account-id').innerText()
    const panAccount = /[0-9a-f-]{36}/.exec(idLine)?.[0] ?? ''
    expect(idLine).toContain('账户编号')
    const proxies = convener.getByRole('region', { name: '书面委托' })
    await proxies.getByLabel('委托人房号').fill('1-1-103')
    await proxies.getByLabel('受托人账户编号').fill(panAccount)
    await proxies.getByLabel('书面委托书（扫描件或照片）').setInputFiles(scanFile('proxy-1-1-103.png'))
    await proxies.getByRole('button', { name: '登记委托' }).click()
    await proxies.getByText('委托已登记。').waitFor()
    const byProxy = await voteOnPhone(pan.page, meetingId, '1-1-103', { q1: 'yes', q2: ['c3'] })
    expect(byProxy.status, byProxy.body).toBe(201)

    // ---- one paper ballot, entered twice, blind ----
    await convener.goto(`${app.origin}${meetingPath}/paper`)
    await convener.getByLabel('选票扫描件或照片').setInputFiles(scanFile('2-1-101.png'))
    await convener.getByLabel('房号', { exact: true }).focus()
    await convener.keyboard.type('2-1-101')
    await convener.keyboard.press('Enter')
    await convener.keyboard.type('1')
    await expect.poll(() => focused(convener), poll).toBe('paper-q2')
    await convener.keyboard.type('2 5')
    await convener.keyboard.press('Enter')
    await convener.getByText('2-1-101 已录入，等待另一位召集人复核。').waitFor()
    const clerk = await desk('李召集', 'convener')
    await clerk.goto(`${app.origin}${meetingPath}/paper`)
    await clerk.getByRole('button', { name: '复核 2-1-101' }).click()
    await expect.poll(() => focused(clerk), poll).toBe('paper-q1')
    await clerk.keyboard.type('1')
    await clerk.keyboard.type('2 5')
    await clerk.keyboard.press('Enter')
    await clerk.getByText(/2-1-101 复核一致，已计入。/).waitFor()

    // Turnout: five voters so far, by building, never choices.
    await convener.goto(`${app.origin}${meetingPath}`)
    await expect.poll(() => convener.locator('.turnout-total').innerText(), poll).toContain('5 / ')
    await screenshot(convener, 'whole-meeting-turnout')

    // ---- the end passes: the meeting closes by the server's clock; the preliminary result ----
    moveClockTo(closesAt + HOUR)
    await signInAgain(app, convener, meetingPath)
    await expect.poll(() => convener.locator('dl.facts').innerText(), poll).toContain('已结束')
    await convener.getByRole('button', { name: '公布初步结果' }).click()
    await expect.poll(() => convener.locator('dl.facts').innerText(), poll).toContain('初步结果')

    // ---- a supervisor signs off ----
    const supervisor = await desk('赵监督', 'supervisor')
    await supervisor.goto(`${app.origin}${meetingPath}`)
    await supervisor.getByRole('radio', { name: '签署同意' }).check()
    await supervisor.getByRole('button', { name: '提交' }).click()
    await supervisor.getByText('已记录。').waitFor()

    // ---- after the objection period: the final announcement ----
    moveClockTo(closesAt + 9 * DAY)
    await signInAgain(app, convener, meetingPath)
    await convener.getByRole('button', { name: '发布最终公告' }).click()
    await expect.poll(() => convener.locator('dl.facts').innerText(), poll).toContain('最终公告')
    await convener.getByRole('link', { name: '公告与打印' }).click()
    await convener.getByRole('heading', { name: '最终公告', level: 1 }).waitFor()
    await screenshot(convener, 'whole-meeting-final-announcement')

    // ---- an owner finds their receipt in the bulletin, with their choices, and the result ----
    await signInAgain(app, pan.page, '/me')
    const found = await pan.page.evaluate(
      async ({ base, receipt }) => {
        const bulletin = (await (await fetch(`${base}/bulletin`)).json()) as {
          receipts: { receipt: string; choices: unknown }[]
        }
        const announcement = (await (await fetch(`${base}/announcement`)).json()) as {
          announcement: { kind: string; matters: { outcome: string }[] }
        }
        return {
          mine: bulletin.receipts.find((r) => r.receipt === receipt)?.choices,
          count: bulletin.receipts.length,
          kind: announcement.announcement.kind,
          outcomes: announcement.announcement.matters.map((m) => m.outcome),
        }
      },
      { base: `/api/estates/${ESTATE}/meetings/${meetingId}`, receipt: receipts['1-1-101'] ?? '' },
    )
    expect(found.mine).toEqual({ q1: 'yes', q2: ['c1', 'c2', 'c3'] })
    expect(found.count).toBe(5)
    expect(found.kind).toBe('final')
    // Five of 939 voters took part: no quorum.
    expect(found.outcomes).toEqual(['no_quorum', 'no_quorum'])
    await pan.page.goto(`${app.origin}/estates/${ESTATE}/meetings/${meetingId}/results`)
    await pan.page.waitForLoadState('networkidle')
    await screenshot(pan.page, 'whole-meeting-owner-results')
  }, 180_000)
})
