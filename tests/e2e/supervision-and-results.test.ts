import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DEMO_OWNER_UNITS } from '../../server/demo/access'
import { prng } from '../../server/demo/prng'
import { Simulation } from '../../server/demo/simulate'
import { SoftAuthenticator } from '../../server/demo/soft-authenticator'
import { startOfChinaDay } from '../../server/domain/calendar'
import {
  DAY,
  ESTATE,
  HOUR,
  SCREENSHOTS,
  letterFor,
  deskOn,
  enrollAt,
  phoneOn,
  poll,
  setUpStage,
} from './desk'
import { enterTextedCode, rollPhone } from './owner-phone'

/**
 * The residents' committee officer supervising a meeting whose preliminary result is out, and an owner reading
 * it (domain §6.1 steps 4–5, §12): the owner reads the result in ㎡ and %, candidates by name, the objection
 * period's end, and objects; the officer reads the meeting's audit log as sentences, filtered and paged by the
 * server, opens a raw record, signs off deliberately — warned of the unanswered objection — and sees the sign-off
 * listed; the printed announcement has ㎡, %, the candidates' full names and no English word in its Chinese.
 *
 * The meeting is played through the services by the demo's simulation (every rule kept: notice, window, paper
 * entered twice, the tally), on the real clock: noticed 24 days ago, closed two days ago, its preliminary result
 * published since, so the objection period still runs. The titles are Chinese only, as an estate writes them.
 */

const TITLE = '2026年第一次业主大会会议'
const ELECTION = '选举第一届业主委员会'
let meetingId = ''

const stage = setUpStage({
  // The roll was imported well before the notice.
  demoAt: new Date(Date.now() - 60 * DAY),
  prepare: async (db) => {
    const origin = 'http://localhost:8787'
    const sim = new Simulation(db, ESTATE, {
      passkeys: { rpID: 'localhost', rpName: '共决 Gongjue', origin },
      newPhone: () => new SoftAuthenticator(origin),
      random: prng(42),
      // 潘芳 (1-1-101) is left alone: she activates her phone in the test.
      spareUnits: DEMO_OWNER_UNITS,
      accounts: 'direct',
      convener: 'system:seed',
      clerks: ['system:seed-clerk-a', 'system:seed-clerk-b'],
    })
    const report = await sim.run({
      title: TITLE,
      matters: [
        {
          definition: {
            kind: 'management_covenant',
            title: '修改管理规约',
            body: '修改第十二条（装修时间），全文见附件。',
          },
          mood: { kind: 'resolution', yes: 720, no: 200 },
        },
        await sim.election(ELECTION, 5, 7),
      ],
      noticeAt: new Date(startOfChinaDay(Date.now()) - 24 * DAY + 10 * HOUR),
      windowDays: 6,
      turnout: { num: 3, den: 4 },
      publish: true,
    })
    meetingId = report.meetingId
  },
})
const { screenshot } = stage

const meetingPage = () => `/console/${ESTATE}/meetings/${meetingId}`
const candidateNames = async () =>
  (
    await stage.app.db
      .selectFrom('candidates')
      .select('name')
      .where('meeting_id', '=', meetingId)
      .orderBy('position')
      .execute()
  ).map((c) => c.name)
const auditCount = async (family: string) =>
  Number(
    (
      await stage.app.db
        .selectFrom('audit_log')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .where('subject', '=', meetingId)
        .where('action', 'like', `${family}.%`)
        .executeTakeFirstOrThrow()
    ).n,
  )
const groupDigits = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')

/** An owner activates her phone from her letter (desk.ts activateOnPhone's steps), wherever she lands after. */
async function activate(page: Page, unit: string, name: string, idLast4: string) {
  const letter = await letterFor(stage.app, ESTATE, unit, stage.clock())
  await page.goto(letter.url)
  await page.getByLabel('姓名', { exact: true }).fill(name)
  await page.getByLabel('证件号后四位', { exact: true }).fill(idLast4)
  await page.getByRole('button', { name: '下一步' }).tap()
  await enterTextedCode(stage.app, page, await rollPhone(stage.app, ESTATE, name, idLast4))
  await page.getByRole('button', { name: '创建通行密钥' }).tap()
  await page.waitForURL((url) => !url.pathname.startsWith('/a/'))
}

let officer: Page
const OBJECTION = '我家的纸质选票是否计入？请核实。'

describe('the officer supervising a result, and the owner reading it', () => {
  it('an owner reads the result in ㎡ and % with the candidates’ names, sees until when objections run, and objects', async () => {
    const owner = await phoneOn(stage)
    await activate(owner.page, '1-1-101', '潘芳', '9839')
    await owner.page.goto(`${stage.app.origin}/estates/${ESTATE}/meetings/${meetingId}/results`)
    await owner.page.getByRole('heading', { name: '表决结果', level: 1 }).waitFor()
    const main = owner.page.locator('main')
    await expect.poll(() => main.locator('.bar-label').count(), poll).toBeGreaterThan(4)
    const labels = await main.locator('.bar-label').allInnerTexts()
    expect(labels.some((l) => /[\d,]+\.\d{2} ㎡/.test(l))).toBe(true)
    expect(labels.every((l) => /\d+\.\d{2}%/.test(l))).toBe(true)
    expect(labels.join('')).not.toContain('cm²')
    // Candidates by their full names; no internal id (c1…, q1…) anywhere on the page.
    const text = await main.innerText()
    for (const name of await candidateNames()) expect(text).toContain(name)
    expect(text).not.toMatch(/\b[cq]\d+\b/)
    // Every outcome in words.
    for (const o of await main.locator('.outcome').allInnerTexts())
      expect(o).toMatch(/^[\u4e00-\u9fff，、]+$/)
    // The objection period in words true to its dates: it runs until 24:00 of its last day.
    const { objections_end_at } = await stage.app.db
      .selectFrom('meetings')
      .select('objections_end_at')
      .where('id', '=', meetingId)
      .executeTakeFirstOrThrow()
    const end = Date.parse(objections_end_at ?? '')
    expect(end).toBeGreaterThan(Date.now())
    const lastDay = new Intl.DateTimeFormat('zh-CN', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
    }).format(new Date(end - 1))
    await main.getByText(`异议期至 ${lastDay} 24:00`).waitFor()
    // The command line is for technical readers, folded away.
    const technical = main.locator('details.technical')
    expect(await technical.getAttribute('open')).toBeNull()
    expect(await main.getByText('npm run verify').isVisible()).toBe(false)
    await technical.locator('summary', { hasText: '技术验证' }).tap()
    await main.getByText(/npm run verify/).waitFor()
    await screenshot(owner.page, 'results-owner')

    // An empty objection is refused on the page; a written one is sent.
    const form = owner.page.getByRole('region', { name: '对结果提出异议' })
    await form.getByRole('button', { name: '提交异议' }).tap()
    await form.getByText('请写明异议内容。').waitFor()
    await form.getByLabel('异议内容').fill(OBJECTION)
    await form.getByRole('button', { name: '提交异议' }).tap()
    await form.getByText('异议已提交，召集人会答复。').waitFor()
    const stored = await stage.app.db
      .selectFrom('objections')
      .select(['text', 'answer'])
      .where('meeting_id', '=', meetingId)
      .execute()
    expect(stored).toEqual([{ text: OBJECTION, answer: null }])
  }, 120_000)

  it('the officer filters the meeting’s audit log by kind, pages through it, reads sentences with names and opens a raw record', async () => {
    officer = await deskOn(stage)
    await enrollAt(stage.app, officer, ESTATE, '周监督', 'supervisor', stage.clock())
    await officer.goto(`${stage.app.origin}${meetingPage()}`)
    const audit = officer.getByRole('region', { name: '本会议的审计记录' })
    await audit.getByText(/哈希链完整：已核验 [\d,]+ 条记录。/).waitFor()
    // Paper ballots only: the count is the server's, of this meeting's paper entries, a page at a time.
    const paper = await auditCount('paper')
    expect(paper).toBeGreaterThan(25)
    await audit.getByLabel('操作类别').selectOption({ label: '纸质选票' })
    await audit.getByRole('button', { name: '筛选', exact: true }).click()
    const count = audit.locator('.audit-count')
    await expect.poll(() => count.innerText(), poll).toBe(`第 1–25 条，共 ${groupDigits(paper)} 条`)
    const entries = audit.locator('.audit-entry')
    expect(await entries.count()).toBe(25)
    const firstPage = await entries.allInnerTexts()
    expect(firstPage.every((e) => /(录入纸质选票|复核纸质选票) \d+-\d+-\d+/.test(e))).toBe(true)
    await audit.getByRole('button', { name: '下一页' }).click()
    await expect
      .poll(() => count.innerText(), poll)
      .toBe(`第 26–${Math.min(50, paper)} 条，共 ${groupDigits(paper)} 条`)
    const secondPage = await entries.allInnerTexts()
    const repeated = secondPage.filter((e) => firstPage.includes(e))
    expect(repeated).toEqual([])
    await audit.getByRole('button', { name: '上一页' }).click()
    await expect.poll(() => count.innerText(), poll).toBe(`第 1–25 条，共 ${groupDigits(paper)} 条`)
    // The clerks of the simulation are the system; no account id or action code in a sentence.
    expect(firstPage.join('\n')).not.toMatch(/account:|paper\.entered|system:/)

    // The owner's objection: her name and role, what she did to which meeting.
    await audit.getByLabel('操作类别').selectOption({ label: '对结果的异议' })
    await audit.getByRole('button', { name: '筛选', exact: true }).click()
    await expect.poll(() => count.innerText(), poll).toBe('第 1–1 条，共 1 条')
    const entry = entries.first()
    expect(await entry.locator('p').first().innerText()).toBe(`潘芳（业主） 对结果提出异议「${TITLE}」`)
    // The raw record is one click away.
    const raw = entry.locator('details pre')
    expect(await raw.isVisible()).toBe(false)
    await entry.getByText('原始记录').click()
    await expect.poll(() => raw.innerText(), poll).toContain('"action": "objection.recorded"')
    expect(await raw.innerText()).toContain(OBJECTION)
    await screenshot(officer, 'supervision-audit')

    // A day's entries of every kind: the dates are Beijing calendar days, the range the server's.
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(stage.clock())
    const dayStart = new Date(`${day}T00:00:00+08:00`).toISOString()
    const dayEnd = new Date(Date.parse(dayStart) + DAY).toISOString()
    const ofDay = Number(
      (
        await stage.app.db
          .selectFrom('audit_log')
          .select(({ fn }) => fn.countAll<number>().as('n'))
          .where('subject', '=', meetingId)
          .where('at', '>=', dayStart)
          .where('at', '<', dayEnd)
          .executeTakeFirstOrThrow()
      ).n,
    )
    expect(ofDay).toBeGreaterThanOrEqual(1)
    await audit.getByLabel('操作类别').selectOption({ label: '全部操作' })
    await audit.getByLabel('起始日期').fill(day)
    await audit.getByLabel('截止日期').fill(day)
    await audit.getByRole('button', { name: '筛选', exact: true }).click()
    await expect
      .poll(() => count.innerText(), poll)
      .toBe(`第 1–${Math.min(25, ofDay)} 条，共 ${groupDigits(ofDay)} 条`)
    expect(await entries.first().innerText()).toContain('潘芳（业主） 对结果提出异议')
    // Cleared, the meeting's whole log again.
    await audit.getByRole('button', { name: '清除筛选' }).click()
    await expect.poll(() => audit.getByLabel('起始日期').inputValue(), poll).toBe('')

    // The estate's whole log pages through the server too: the total is every entry of the estate.
    await officer.goto(`${stage.app.origin}/console/${ESTATE}/audit`)
    const all = Number(
      (
        await stage.app.db
          .selectFrom('audit_log')
          .select(({ fn }) => fn.countAll<number>().as('n'))
          .where('estate_id', '=', ESTATE)
          .executeTakeFirstOrThrow()
      ).n,
    )
    await expect
      .poll(() => officer.locator('.audit-count').innerText(), poll)
      .toBe(`第 1–25 条，共 ${groupDigits(all)} 条`)
  }, 120_000)

  it('the officer signs off deliberately: nothing chosen, warned of the unanswered objection, confirmed, then listed', async () => {
    await officer.goto(`${stage.app.origin}${meetingPage()}`)
    const section = officer.getByRole('region', { name: '签署结果' })
    await section.getByText('尚无人签署。').waitFor()
    // Nothing is preselected: submitting without a choice asks for one and sends nothing.
    for (const radio of await section.getByRole('radio').all()) expect(await radio.isChecked()).toBe(false)
    await section.getByRole('button', { name: '提交' }).click()
    await section.getByText('请先选择签署同意或提出异议。').waitFor()
    await section.getByRole('radio', { name: '签署同意' }).check()
    await section.getByLabel('说明（可选）').fill('已核对计票，异议待召集人答复。')
    await section.getByRole('button', { name: '提交' }).click()
    // The confirmation names the meeting and the open problem; Cancel is focused, so a stray Enter cancels.
    const dialog = officer.getByRole('dialog', { name: '确认签署' })
    await dialog.getByText(`您将对会议「${TITLE}」的初步结果：签署同意。`).waitFor()
    await dialog.getByText('未答复的异议：1 条。').waitFor()
    await dialog.getByText('签署同意即表示您已知悉上述问题。').waitFor()
    // The period's end as the law counts it: 24:00 of its last day.
    await dialog.getByText(/^异议期至 \d{4}年\d{1,2}月\d{1,2}日 24:00，期间仍可能收到异议。$/).waitFor()
    await screenshot(officer, 'supervision-signoff-confirm')
    await officer.keyboard.press('Enter')
    await expect.poll(() => dialog.isVisible(), poll).toBe(false)
    expect(await stage.app.db.selectFrom('signoffs').selectAll().execute()).toEqual([])
    // Asked again, and confirmed deliberately.
    await section.getByRole('button', { name: '提交' }).click()
    await dialog.getByRole('button', { name: '确认签署同意' }).click()
    await section.getByText('已记录。').waitFor()
    const listed = section.locator('ul.signoffs li')
    await expect.poll(() => listed.count(), poll).toBe(1)
    expect(await listed.first().innerText()).toMatch(
      /^周监督（监督员）于 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}：签署同意\n+说明：已核对计票，异议待召集人答复。$/,
    )
    const signed = await stage.app.db.selectFrom('signoffs').select(['decision', 'note']).execute()
    expect(signed).toEqual([{ decision: 'approve', note: '已核对计票，异议待召集人答复。' }])
    // The audit entry says the open problems were acknowledged.
    const entry = await stage.app.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('action', '=', 'result.signed_off')
      .executeTakeFirstOrThrow()
    expect(JSON.parse(entry.after_json ?? '{}')).toMatchObject({ acknowledgedOpen: true })
  }, 120_000)

  it('prints the announcement with ㎡, %, the candidates’ full names and no English word in its Chinese text', async () => {
    await officer.goto(`${stage.app.origin}${meetingPage()}/announcement`)
    await officer.getByRole('heading', { name: '初步结果公告', level: 1 }).waitFor()
    const article = officer.locator('article.announcement')
    await article.waitFor()
    await officer.emulateMedia({ media: 'print' })
    expect(await article.isVisible()).toBe(true)
    expect(await officer.getByRole('button', { name: '打印' }).isVisible()).toBe(false)
    const text = await article.innerText()
    expect(text).toMatch(/[\d,]+\.\d{2} ㎡/)
    expect(text).toMatch(/\d+\.\d{2}%/)
    expect(text).not.toContain('cm²')
    for (const name of await candidateNames()) expect(text).toContain(name)
    expect(text).toContain(ELECTION)
    // The hashes are hexadecimal, not words; everything else is Chinese.
    const words = await article.evaluate((el) => {
      const copy = el.cloneNode(true) as HTMLElement
      copy.querySelectorAll('.hash').forEach((h) => h.remove())
      return copy.textContent ?? ''
    })
    expect(words.match(/[A-Za-z]+/g)).toBeNull()
    await screenshot(officer, 'supervision-announcement-print')
    await officer.pdf({
      preferCSSPageSize: true,
      path: join(SCREENSHOTS, 'supervision-announcement.pdf'),
    })
    await officer.emulateMedia({ media: 'screen' })
  }, 60_000)
})
