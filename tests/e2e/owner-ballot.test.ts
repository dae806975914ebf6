import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { handlePaperRequest, listPaperRequests } from '../../server/services/meeting-records'
import { startApp, type RunningApp } from './app-server'
import {
  PHONE,
  SCREENSHOTS,
  launchBrowser,
  newPasskeyPhone,
  saveScreenshot,
  type PasskeyPhone,
  PATIENCE_MS,
  poll,
} from './browser'
import { loadedMeeting } from './desk'
import { DAY, ESTATE, activateFromLetter, convenerAt, noticedMeeting } from './owner-meetings'

/**
 * An elderly owner on an old phone, the whole way: she lands on her meetings after activation and sign-in; the
 * two co-owners of 1-1-201 vote on two phones at once and the one who comes second is told who voted and when,
 * never "your vote is recorded"; a ballot half filled in survives back, forward and a reload and is gone after the
 * receipt; unanswered matters are named, marked and focused; a paper ballot is asked for after a confirmation and
 * withdrawn; the receipt is a page she can print or save. Real server and SQLite seeded with 锦绣苑, headless
 * Chromium on a 360 px touch phone, one virtual authenticator per phone.
 */

let app: RunningApp
let browser: Browser
const phones: PasskeyPhone[] = []
let open: string // voting now
let upcoming: string // noticed, voting not yet open
const meetingUrl = (id: string) => `${app.origin}/estates/${ESTATE}/meetings/${id}`

beforeAll(async () => {
  const wide = { points: 1000, seconds: 60 }
  ;[app, browser] = await Promise.all([
    startApp({ rateLimits: { activation: wide, signIn: wide, invitations: wide } }),
    launchBrowser(),
  ])
  mkdirSync(SCREENSHOTS, { recursive: true })
  open = await noticedMeeting(app.db, new Date(), '2026年第一次业主大会会议', 20, -2, 8 * DAY)
  upcoming = await noticedMeeting(app.db, new Date(), '2027年第一次业主大会会议', 0, 17, 27 * DAY)
})

afterAll(async () => {
  await Promise.all(phones.map((p) => p.close()))
  await browser?.close()
  await app?.close()
})

/** From the letter the convener printed, with the code texted to the phone on the roll; lands on her meetings. */
async function activated(unit: string, name: string, idLast4: string): Promise<PasskeyPhone> {
  const phone = await newPasskeyPhone(browser)
  phones.push(phone)
  phone.context.setDefaultTimeout(PATIENCE_MS)
  await activateFromLetter(app, phone, { unit, name, idLast4 })
  return phone
}

const matter = (page: Page, title: string) => page.getByRole('group', { name: new RegExp(title) })

/** When the unit's valid ballot was cast, as the pages write it: month, day and time in Beijing. */
async function castAt(meetingId: string, voter: string) {
  const { created_at } = await app.db
    .selectFrom('ballots')
    .select('created_at')
    .where('meeting_id', '=', meetingId)
    .where('voter', '=', voter)
    .where('status', '=', 'valid')
    .executeTakeFirstOrThrow()
  return new Date(created_at).toLocaleString('zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
}

/** Sideways scrolling on a 360 px phone. */
const pageWidth = (page: Page) =>
  page.evaluate(() => Math.max(document.documentElement.scrollWidth, window.innerWidth))

/** The ballot this tab keeps while it is being filled in (sessionStorage), by key. */
const kept = (page: Page) =>
  page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('gongjue.ballot.')))

describe('the two co-owners of 1-1-201 on two phones', () => {
  it('贾建国 votes first; 袁勇, confirming at the same time, is told the unit was voted by 共有人 贾* and when, on the vote page, the receipt and the start page', async () => {
    const jia = await activated('1-1-201', '贾建国', '6055')
    const yuan = await activated('1-1-201', '袁勇', '7116')
    // Both fill the ballot and reach the review…
    for (const [{ page }, pick] of [
      [jia, 'yes'],
      [yuan, 'no'],
    ] as const) {
      await page.goto(`${meetingUrl(open)}/vote?voter=1-1-201`)
      await matter(page, '修改管理规约')
        .getByRole('radio', { name: pick === 'yes' ? '同意' : '反对' })
        .tap()
      await matter(page, '续筹专项维修资金').getByRole('radio', { name: '弃权' }).tap()
      await page.getByRole('button', { name: '下一步：核对' }).tap()
      await page.getByRole('heading', { name: '请核对您的选择' }).waitFor()
    }
    // …贾建国 confirms first.
    await jia.page.getByRole('button', { name: '用通行密钥确认提交' }).tap()
    await jia.page.waitForURL(`${meetingUrl(open)}/receipt?voter=1-1-201`)
    await jia.page.getByRole('status').filter({ hasText: '您的投票已经记录。' }).waitFor()
    const receipt = await jia.page.locator('[data-receipt]').innerText()
    const when = await castAt(open, '1-1-201')

    // 袁勇's confirmation is refused; the page says what happened and offers nothing more to confirm.
    await yuan.page.getByRole('button', { name: '用通行密钥确认提交' }).tap()
    await expect.poll(() => yuan.page.getByRole('alert').innerText(), poll).toContain('这个票权已经投过票了')
    const told = `本户已由共有人 贾* 于 ${when} 投票。`
    await yuan.page.getByText(told).waitFor()
    expect(await yuan.page.getByRole('button', { name: '用通行密钥确认提交' }).count()).toBe(0)
    expect(await kept(yuan.page)).toEqual([])
    expect(await pageWidth(yuan.page)).toBeLessThanOrEqual(PHONE.viewport.width)
    await saveScreenshot(yuan.page, 'owner-ballot-double-vote')
    const ballots = await app.db
      .selectFrom('ballots')
      .select('status')
      .where('meeting_id', '=', open)
      .where('voter', '=', '1-1-201')
      .execute()
    expect(ballots.map((b) => b.status)).toEqual(['valid'])

    // The unit's receipt, told as 贾*'s ballot, never as his own.
    await yuan.page.getByRole('link', { name: '查看回执' }).tap()
    await yuan.page.waitForURL(`${meetingUrl(open)}/receipt?voter=1-1-201`)
    await yuan.page.getByRole('status').filter({ hasText: told }).waitFor()
    expect(await yuan.page.locator('[data-receipt]').innerText()).toBe(receipt)
    expect(await yuan.page.locator('main').innerText()).not.toContain('您的投票已经记录')
    // In English too, with the masked name and the time.
    await yuan.page.getByRole('button', { name: 'English' }).tap()
    await yuan.page.getByText(/^Your co-owner 贾\* voted for this unit on .+\.$/).waitFor()
    await yuan.page.getByRole('button', { name: '中文' }).tap()
    await yuan.page.getByRole('status').filter({ hasText: told }).waitFor()

    // The meeting page and the start page say the same; the card offers the receipt, not "read and vote".
    await yuan.page.goto(meetingUrl(open))
    const mine = yuan.page.getByRole('region', { name: '我代表的票权' })
    await mine.getByText('1-1-201：已投票').waitFor()
    await mine.getByText(told).waitFor()
    await yuan.page.goto(`${app.origin}/`)
    const card = yuan.page.locator('.meeting-card').filter({ hasText: '2026年第一次业主大会会议' })
    await expect.poll(() => card.innerText(), poll).toContain(`1-1-201：已投票\n${told}`)
    expect(await card.getByRole('link', { name: '查看并投票' }).count()).toBe(0)
    await card.getByRole('link', { name: '查看回执' }).tap()
    await yuan.page.waitForURL(`${meetingUrl(open)}/receipt?voter=1-1-201`)
    // And 贾建国's own card says that he voted, online.
    await jia.page.goto(`${app.origin}/`)
    await expect
      .poll(() => jia.page.locator('.meeting-card').first().innerText(), poll)
      .toContain(`已于 ${when} 通过网上投票`)
  })
})

describe('潘芳 fills her ballot slowly', () => {
  let pan: PasskeyPhone

  it('keeps her choices through back, forward and a reload, names and marks what is unanswered, and forgets the ballot after the receipt', async () => {
    pan = await activated('1-1-101', '潘芳', '9839')
    const { page } = pan
    await page.goto(meetingUrl(open))
    // "开始投票" where she finishes reading, after the matters, as well as at the top.
    const matters = page
      .getByRole('list')
      .filter({ has: page.getByRole('heading', { name: '修改管理规约' }) })
    const bottom = page.getByRole('link', { name: '开始投票', exact: true })
    const [listBox, linkBox] = [await matters.boundingBox(), await bottom.boundingBox()]
    expect(linkBox!.y).toBeGreaterThan(listBox!.y + listBox!.height)
    await bottom.tap()
    await page.waitForURL(`${meetingUrl(open)}/vote?voter=1-1-101`)

    await matter(page, '修改管理规约').getByRole('radio', { name: '同意' }).tap()
    await matter(page, '选举第一届业主委员会').getByRole('checkbox', { name: '段文杰' }).tap()
    // "Next" with a matter unanswered: named, marked, and the first of them focused.
    await page.getByRole('button', { name: '下一步：核对' }).tap()
    await page
      .getByRole('status')
      .filter({ hasText: '还有 1 个事项没有选择。请选择：事项 2 续筹专项维修资金' })
      .waitFor()
    const fund = matter(page, '续筹专项维修资金')
    expect(await fund.getAttribute('aria-invalid')).toBe('true')
    expect(await fund.getByText('请选择一项').isVisible()).toBe(true)
    expect(await matter(page, '修改管理规约').getAttribute('aria-invalid')).toBeNull()
    expect(
      await page.evaluate(
        () => document.activeElement?.closest('fieldset')?.querySelector('legend')?.textContent,
      ),
    ).toBe('事项 2：续筹专项维修资金')
    await saveScreenshot(page, 'owner-ballot-missing')

    // Back to the meeting, forward again, a reload: what she chose is still there.
    const chosen = async () => ({
      covenant: await matter(page, '修改管理规约').getByRole('radio', { name: '同意' }).isChecked(),
      duan: await matter(page, '选举第一届业主委员会').getByRole('checkbox', { name: '段文杰' }).isChecked(),
    })
    await page.goBack()
    await page.waitForURL(meetingUrl(open))
    await page.getByRole('heading', { level: 1, name: '2026年第一次业主大会会议' }).waitFor()
    await page.goForward()
    await page.waitForURL(`${meetingUrl(open)}/vote?voter=1-1-101`)
    await matter(page, '修改管理规约').waitFor()
    expect(await chosen()).toEqual({ covenant: true, duan: true })
    await page.reload()
    await matter(page, '修改管理规约').waitFor()
    expect(await chosen()).toEqual({ covenant: true, duan: true })
    expect(await kept(page)).toHaveLength(1)

    await fund.getByRole('radio', { name: '反对' }).tap()
    expect(await fund.getAttribute('aria-invalid')).toBeNull()
    await page.getByRole('button', { name: '下一步：核对' }).tap()
    const review = await page.locator('dl.review').innerText()
    expect(review).toContain('同意')
    expect(review).toContain('反对')
    expect(review).toContain('段文杰')
    await page.getByRole('button', { name: '用通行密钥确认提交' }).tap()
    await page.waitForURL(`${meetingUrl(open)}/receipt?voter=1-1-101`)
    await page.locator('[data-receipt]').waitFor()
    // Sent: nothing of the ballot is kept on the phone, and the vote page sends her to the receipt.
    expect(await kept(page)).toEqual([])
    await page.goto(`${meetingUrl(open)}/vote?voter=1-1-101`)
    await page.waitForURL(`${meetingUrl(open)}/receipt?voter=1-1-101`)
    expect(await kept(page)).toEqual([])
  })

  it('shows a receipt she can keep: the code large, the meeting, the unit, the time, the channel and how to check it; printed, it is the receipt alone', async () => {
    const { page } = pan
    await page.goto(`${meetingUrl(open)}/receipt?voter=1-1-101`)
    const code = await page.locator('[data-receipt]').innerText()
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
    const box = page.locator('.receipt')
    const facts = await box.locator('dl').innerText()
    expect(facts).toContain('会议\n2026年第一次业主大会会议')
    expect(facts).toContain('房屋\n1-1-101')
    expect(facts).toMatch(/投票时间\n.*\d{2}:\d{2}/)
    expect(facts).toContain('投票方式\n网上投票')
    expect(await box.innerText()).toContain('“已投票的房屋”名单中会列出本户')
    expect(await box.getByRole('link', { name: '已投票的房屋' }).getAttribute('href')).toBe(
      `/estates/${ESTATE}/meetings/${open}/voted`,
    )
    expect(await box.getByRole('link', { name: '表决结果' }).getAttribute('href')).toBe(
      `/estates/${ESTATE}/meetings/${open}/results`,
    )
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.viewport.width)
    await saveScreenshot(page, 'owner-ballot-receipt')

    // The button opens the phone's print dialog (print, or save as PDF or image).
    await page.evaluate(() => {
      window.print = () => document.body.setAttribute('data-printed', 'yes')
    })
    await page.getByRole('button', { name: '打印 / 保存为图片或PDF' }).tap()
    expect(await page.locator('body').getAttribute('data-printed')).toBe('yes')
    // The machine-readable file stays as an extra.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '另存数据文件' }).tap(),
    ])
    expect(download.suggestedFilename()).toBe(`receipt-${code}.json`)

    // On paper: the receipt alone, the code large, each link with its address.
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('.site-header').isVisible()).toBe(false)
    expect(await page.getByRole('button', { name: '打印 / 保存为图片或PDF' }).isVisible()).toBe(false)
    expect(await page.getByRole('heading', { name: '投票回执', level: 1 }).isVisible()).toBe(true)
    expect(await page.locator('[data-receipt]').isVisible()).toBe(true)
    const printedSize = await page.locator('[data-receipt]').evaluate((e) => getComputedStyle(e).fontSize)
    expect(parseFloat(printedSize)).toBeGreaterThanOrEqual(36) // 28 pt
    const voted = await box
      .getByRole('link', { name: '已投票的房屋' })
      .evaluate((e) => getComputedStyle(e, '::after').content)
    expect(voted).toContain(`${app.origin}/estates/${ESTATE}/meetings/${open}/voted`)
    const pdf = await page.pdf({ width: '105mm', height: '148mm', printBackground: true })
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    writeFileSync(join(SCREENSHOTS, 'owner-ballot-receipt.pdf'), pdf)
    await saveScreenshot(page, 'owner-ballot-receipt-print')
    await page.emulateMedia({ media: 'screen' })
  })

  it('asks for a paper ballot only after confirming in the page, withdraws it while it waits, and is told once a convener has handled it', async () => {
    const { page } = pan
    await page.goto(meetingUrl(upcoming))
    const mine = page.getByRole('region', { name: '我代表的票权' })
    await mine.getByText('1-1-101：尚未投票').waitFor()
    // A tap asks first; "不申请" leaves nothing asked.
    await mine.getByRole('button', { name: '改为领取纸质表决票' }).tap()
    const confirm = mine.getByRole('group', { name: /确定改为领取纸质表决票吗/ })
    await confirm.getByRole('button', { name: '不申请' }).tap()
    expect(await confirm.count()).toBe(0)
    expect(await listPaperRequests(app.db, upcoming)).toEqual([])

    await mine.getByRole('button', { name: '改为领取纸质表决票' }).tap()
    await confirm.getByRole('button', { name: '确定申请' }).tap()
    await mine
      .getByRole('status')
      .filter({ hasText: /^您已于 .+ 申请纸质表决票，召集人会送来。$/ })
      .waitFor()
    expect((await listPaperRequests(app.db, upcoming)).map((r) => r.voter)).toEqual(['1-1-101'])
    // Still said after a reload: the server keeps it.
    await page.reload()
    await mine.getByRole('status').filter({ hasText: '申请纸质表决票' }).waitFor()
    expect(await mine.getByRole('button', { name: '改为领取纸质表决票' }).count()).toBe(0)
    await saveScreenshot(page, 'owner-ballot-paper-asked')

    await mine.getByRole('button', { name: '撤回申请' }).tap()
    await mine.getByRole('status').filter({ hasText: '已撤回纸质表决票申请，您可以在网上投票。' }).waitFor()
    expect(await listPaperRequests(app.db, upcoming)).toEqual([])
    const audit = await app.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'in', ['paper.requested', 'paper.request_withdrawn'])
      .orderBy('id')
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['paper.requested', 'paper.request_withdrawn'])

    // Asked again and handled by a convener: no withdrawal any more.
    await mine.getByRole('button', { name: '改为领取纸质表决票' }).tap()
    await confirm.getByRole('button', { name: '确定申请' }).tap()
    await mine.getByRole('button', { name: '撤回申请' }).waitFor()
    const [request] = await listPaperRequests(app.db, upcoming)
    await handlePaperRequest(
      app.db,
      await loadedMeeting(app.db, upcoming, new Date()),
      request!.id,
      convenerAt(new Date()),
    )
    await page.reload()
    await mine.getByText('召集人已处理您的纸质表决票申请，请留意纸质表决票。').waitFor()
    expect(await mine.getByRole('button', { name: '撤回申请' }).count()).toBe(0)
  })

  it('lands on her meetings after signing in, told she is signed in; the account id only under its own heading on 我的', async () => {
    const { page } = pan
    await page.goto(`${app.origin}/me`)
    const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/
    const heading = page.getByText('委托他人投票时需要的账户编号')
    await heading.waitFor()
    // Folded away: not on the page she reads until she opens it.
    expect(await page.locator('main').innerText()).not.toMatch(uuid)
    await heading.tap()
    await expect.poll(() => page.locator('main').innerText(), poll).toMatch(uuid)
    expect(await page.locator('.account-id').innerText()).toMatch(uuid)

    await page.getByRole('button', { name: '退出登录' }).tap()
    await page.waitForURL(`${app.origin}/signin`)
    await page.getByRole('button', { name: '用通行密钥登录' }).tap()
    await page.waitForURL(`${app.origin}/`)
    await page.getByRole('heading', { name: '我的小区', level: 1 }).waitFor()
    await page.getByRole('status').filter({ hasText: '已登录。' }).waitFor()
    // Said once: a reload does not say it again.
    await page.reload()
    await page.getByRole('heading', { name: '我的小区', level: 1 }).waitFor()
    await page.locator('.meeting-card').first().waitFor()
    expect(await page.getByText('已登录。').count()).toBe(0)
  })
})
