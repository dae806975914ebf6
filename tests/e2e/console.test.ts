import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { StaffRole } from '../../db/schema'
import { earliestOpening } from '../../server/domain/calendar'
import { SoftAuthenticator } from '../../server/demo/soft-authenticator'
import { DEMO_ROLL_PATH } from './app-server'
import {
  CANDIDATES,
  DAY,
  ESTATE,
  HOUR,
  SCREENSHOTS,
  activateOnPhone,
  chinaLocal,
  enrollAt,
  focused,
  letterFor,
  deskOn,
  phoneOn,
  poll,
  scanFile,
  setUpStage,
  signInAgain,
} from './desk'
import { rollPhone, textedCode } from './owner-phone'

/**
 * The conveners' console and the supervisors' view in a real browser, on a desktop-sized page: roll
 * import with progress and an error report, the meeting editor and the legal calendar, notice, live turnout, paper
 * ballots entered by keyboard and entered again blind by another convener, a proxy, close, the preliminary
 * announcement in print, exports, and a supervisor's read-only view with the audit chain and the sign-off.
 *
 * The server's clock is the test's (startApp `now`): it moves from notice to the opening and past the close. Owners
 * vote through the API with software authenticators here; tests/e2e/owner-voting.test.ts covers their pages.
 * The steps build on one another, in order, like a convener's weeks.
 */

const stage = setUpStage()
const { clock, moveClockTo, screenshot } = stage

/** A desk or tablet (the console is desktop first) with its own passkey authenticator. */
const desk = () => deskOn(stage)

const enroll = (page: Page, displayName: string, role: StaffRole) =>
  enrollAt(stage.app, page, ESTATE, displayName, role, clock())

// ---- the API, as an owner's phone would call it (software authenticators) ----

async function api(method: string, path: string, opts: { body?: unknown; cookie?: string } = {}) {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (method !== 'GET') headers['origin'] = stage.app.origin
  if (opts.cookie) headers['cookie'] = opts.cookie
  if (opts.body !== undefined) headers['content-type'] = 'application/json'
  return fetch(`${stage.app.origin}${path}`, {
    method,
    headers,
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  })
}

const cookieOf = (res: Response) =>
  (res.headers.getSetCookie().find((c) => c.startsWith('gj_session=')) ?? '').split(';')[0] ?? ''

interface Owner {
  readonly cookie: string
  readonly accountId: string
  readonly phone: SoftAuthenticator
}

/**
 * An owner activated from their letter through the API, with a software passkey: the letter's code, the name and
 * ID characters, then the code texted to the owner's phone on the roll.
 */
async function activate(unit: string, name: string, idLast4: string): Promise<Owner> {
  const { code } = await letterFor(stage.app, ESTATE, unit, clock())
  const phone = new SoftAuthenticator(stage.app.origin)
  const started = await api('POST', '/api/activation/options', { body: { code, name, idLast4 } })
  expect(started.status).toBe(200)
  const sms = (await started.json()) as { step: string; ticket: string }
  expect(sms.step).toBe('sms')
  const texted = textedCode(stage.app, await rollPhone(stage.app, ESTATE, name, idLast4))
  const verified = await api('POST', '/api/activation/sms', { body: { ticket: sms.ticket, code: texted } })
  expect(verified.status).toBe(200)
  const { options } = (await verified.json()) as { options: Parameters<SoftAuthenticator['register']>[0] }
  const res = await api('POST', '/api/activation', { body: { response: phone.register(options) } })
  expect(res.status).toBe(201)
  const me = (await res.json()) as { me: { account: { id: string } } }
  return { cookie: cookieOf(res), accountId: me.me.account.id, phone }
}

async function vote(meetingId: string, owner: Owner, voter: string, choices: Record<string, unknown>) {
  const base = `/api/estates/${ESTATE}/meetings/${meetingId}`
  const prepared = await api('POST', `${base}/ballot-options`, {
    cookie: owner.cookie,
    body: { voter, choices },
  })
  expect(prepared.status).toBe(200)
  const { ballot, options } = (await prepared.json()) as {
    ballot: { nonce: string }
    options: Parameters<SoftAuthenticator['authenticate']>[0]
  }
  const cast = await api('POST', `${base}/ballots`, {
    cookie: owner.cookie,
    body: { nonce: ballot.nonce, response: owner.phone.authenticate(options) },
  })
  expect(cast.status).toBe(201)
}

// What the steps share: the people's pages, the meeting and its calendar.
let convener: Page
let clerk: Page
let meetingId = ''
let opensAt = 0
let closesAt = 0
let meetingPath = ''
let firstOwner: Owner | undefined

describe('the conveners’ console and the supervisors’ view', () => {
  it('a convener signs in from the enrollment link, reaches the console from /me, and imports a roll: a bad file gets an error report by line, a good one a progress bar to the end', async () => {
    convener = await desk()
    await enroll(convener, '王召集', 'convener')
    await convener.getByRole('link', { name: '工作台：名册、会议、监督' }).click()
    await convener.waitForURL(`${stage.app.origin}/console/${ESTATE}`)
    await convener
      .getByRole('navigation', { name: '工作台导航' })
      .getByRole('link', { name: '业主名册' })
      .click()
    await convener.waitForURL(`${stage.app.origin}/console/${ESTATE}/roll`)
    expect(await convener.getByRole('link', { name: '查看公示的名册' }).getAttribute('href')).toBe(
      `/estates/${ESTATE}/roll`,
    )

    // A bad file: a repeated unit and an area that is not a number. Nothing is imported; each line says why.
    const lines = readFileSync(DEMO_ROLL_PATH, 'utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
    const bad = [lines[0], lines[1], lines[1], lines[2]?.replace(',155.27,', ',abc,')].join('\n') + '\n'
    await convener.getByLabel('名册文件').setInputFiles({
      name: 'bad-roll.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(bad),
    })
    await convener.getByRole('button', { name: '导入', exact: true }).click()
    const report = convener.locator('.error-report')
    await report.waitFor()
    expect(await report.innerText()).toContain('没有导入任何内容')
    // One line per error, naming the line and its unit: 第 3 行（1-1-101）：….
    const rows = await report.locator('.error-lines li').allInnerTexts()
    const unit = (n: number) => lines[n]?.split(',')[0] ?? ''
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^第 3 行（${unit(1)}）：.{4,}`)),
        expect.stringMatching(new RegExp(`^第 4 行（${unit(2)}）：.{4,}`)),
      ]),
    )
    await screenshot(convener, 'console-roll-errors')

    // The real roll: the progress bar runs to its end.
    await convener.getByLabel('名册文件').setInputFiles(DEMO_ROLL_PATH)
    await convener.getByRole('button', { name: '导入', exact: true }).click()
    const progress = convener.locator('progress#import-progress')
    await progress.waitFor()
    await convener.getByText('导入完成：1,008 个房屋。').waitFor()
    expect(await progress.getAttribute('value')).toBe(await progress.getAttribute('max'))
    expect(await convener.getByLabel(/导入进度/).count()).toBe(1)
    expect(await convener.locator('.error-report').count()).toBe(0)
  }, 60_000)

  it('refuses notice of a meeting opening too early and shows the earliest lawful opening', async () => {
    await convener.goto(`${stage.app.origin}/console/${ESTATE}/meetings`)
    await convener.getByRole('link', { name: '新建会议' }).click()
    await convener.getByRole('heading', { name: '新建会议（草稿）' }).waitFor()
    const now = clock().getTime()
    await convener.getByLabel('会议名称').fill('太早的会议')
    await convener.getByLabel('投票开始（北京时间）').fill(chinaLocal(now + 3 * DAY))
    await convener.getByLabel('投票结束（北京时间）').fill(chinaLocal(now + 10 * DAY))
    await convener.getByLabel('事项标题').fill('修改管理规约')
    await convener.getByRole('button', { name: '保存草稿' }).click()
    await convener.getByRole('heading', { name: '太早的会议', level: 1 }).waitFor()

    const earliest = new Intl.DateTimeFormat('zh-CN', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(earliestOpening(clock().getTime())))
    expect(await convener.locator('dl.facts').innerText()).toContain(earliest)
    await convener.getByRole('button', { name: '发出通知' }).click()
    const confirm = convener.getByRole('group', { name: /发出后议程不能再修改/ })
    await confirm.getByRole('button', { name: '确认发出' }).click()
    const alert = convener.getByRole('alert')
    await alert.waitFor()
    expect(await alert.innerText()).toContain('日期不符合法定日程')
    expect(await alert.innerText()).toContain(`投票最早可于 ${earliest} 开始`)
    await screenshot(convener, 'console-notice-refused')
  }, 60_000)

  it('creates a meeting of several kinds with an election and its candidates, and gives notice: the agenda is then fixed', async () => {
    opensAt = earliestOpening(clock().getTime())
    closesAt = opensAt + 7 * DAY
    await convener.goto(`${stage.app.origin}/console/${ESTATE}/meetings/new`)
    await convener.getByLabel('会议名称').fill('2026年第一次业主大会会议')
    await convener.getByLabel('投票开始（北京时间）').fill(chinaLocal(opensAt))
    await convener.getByLabel('投票结束（北京时间）').fill(chinaLocal(closesAt))

    const matter = (n: number) => convener.getByRole('group', { name: `第 ${n} 项（q${n}）` })
    await matter(1).getByLabel('事项类型（民法典第二百七十八条）').selectOption('management_covenant')
    await matter(1).getByLabel('事项标题').fill('修改管理规约')
    expect(await matter(1).locator('.rule').innerText()).toContain('过半数')

    await convener.getByRole('button', { name: '添加事项' }).click()
    await matter(2).getByLabel('事项类型（民法典第二百七十八条）').selectOption('raise_maintenance_fund')
    await matter(2).getByLabel('事项标题').fill('续筹专项维修资金')
    expect(await matter(2).locator('.rule').innerText()).toContain('四分之三以上同意')

    await convener.getByRole('button', { name: '添加事项' }).click()
    await matter(3).getByLabel('事项类型（民法典第二百七十八条）').selectOption('elect_committee')
    await matter(3).getByLabel('事项标题').fill('选举第一届业主委员会')
    await matter(3).getByLabel('委员名额').fill('5')
    for (const [i, [unit, name]] of CANDIDATES.entries()) {
      await matter(3).getByRole('button', { name: '添加候选人' }).click()
      const card = matter(3).getByRole('group', { name: `候选人 ${i + 1}` })
      await card.getByLabel('房号').fill(unit)
      await card.getByLabel('姓名（与名册一致）').fill(name)
      await card.getByLabel('个人陈述').fill(`${name}的陈述`)
      // The eligibility boxes start unticked: the convener confirms each check.
      for (const box of [
        '具有完全民事行为能力',
        '没有拖欠物业费或维修资金',
        '不是物业服务企业的工作人员或其近亲属',
      ]) {
        expect(await card.getByRole('checkbox', { name: box }).isChecked()).toBe(false)
        await card.getByRole('checkbox', { name: box }).check()
      }
    }
    await screenshot(convener, 'console-editor')
    await convener.getByRole('button', { name: '保存草稿' }).click()
    await convener.getByRole('heading', { name: '2026年第一次业主大会会议', level: 1 }).waitFor()
    meetingPath = new URL(convener.url()).pathname
    meetingId = meetingPath.split('/').pop() ?? ''
    const agenda = convener.getByRole('region', { name: '议程' })
    expect(await agenda.innerText()).toContain('黎海燕')

    // A candidate's photo and the text of a matter, attached to the draft.
    const attachments = convener.getByRole('region', { name: '附件' })
    await attachments.getByLabel('所属事项').selectOption('q3/c1')
    await attachments.getByLabel(/^文件/).setInputFiles(scanFile('pan-fang.png'))
    await attachments.getByRole('button', { name: '上传' }).click()
    await attachments.getByText('已上传。').waitFor()
    const photo = await stage.app.db
      .selectFrom('attachments')
      .select(['purpose', 'ref'])
      .where('meeting_id', '=', meetingId)
      .execute()
    expect(photo).toEqual([{ purpose: 'candidate_photo', ref: 'q3/c1' }])

    await convener.getByRole('button', { name: '发出通知' }).click()
    await convener.getByRole('button', { name: '确认发出' }).click()
    await expect.poll(() => convener.locator('dl.facts').innerText(), poll).toContain('已通知')
    // The agenda is fixed: no editing offered any more.
    expect(await convener.getByRole('link', { name: '修改草稿' }).count()).toBe(0)
    expect(await convener.getByRole('button', { name: '发出通知' }).count()).toBe(0)
  }, 60_000)

  it('shows turnout live when a ballot arrives (units and area only, never choices)', async () => {
    moveClockTo(opensAt + HOUR)
    await signInAgain(stage.app, convener, meetingPath)
    const total = convener.locator('.turnout-total')
    await expect.poll(() => total.innerText(), poll).toContain('0 / ')
    await convener.getByText('实时更新中').waitFor()

    const owner = await activate('1-1-101', '潘芳', '9839')
    firstOwner = owner
    await vote(meetingId, owner, '1-1-101', { q1: 'yes', q2: 'yes', q3: ['c1', 'c2'] })
    await expect.poll(() => total.innerText(), poll).toContain('1 / ')
    const turnout = await convener.getByRole('region', { name: '实时投票情况' }).innerText()
    expect(turnout).toContain('1号楼')
    expect(turnout).not.toMatch(/同意|反对|弃权/)
    await screenshot(convener, 'console-turnout')

    // Turnout is short: the end is extended by two days, published and audited.
    const extension = convener.getByRole('region', { name: '延长投票期' })
    await extension.getByLabel('新的结束时间（北京时间）').fill(chinaLocal(closesAt + 2 * DAY))
    await extension.getByLabel('原因（将公示并记录）').fill('参与人数不足')
    await extension.getByRole('button', { name: '延长' }).click()
    closesAt += 2 * DAY
    await expect.poll(() => convener.locator('dl.facts').innerText(), poll).toContain('(9 天)')
  }, 60_000)

  it('enters paper ballots by keyboard; another convener enters them again blind; a mismatch goes to the queue', async () => {
    await convener.goto(`${stage.app.origin}${meetingPath}/paper`)
    const unit = convener.getByLabel('房号', { exact: true })
    await unit.waitFor()
    await expect.poll(() => focused(convener), poll).toBe('paper-unit')

    // Two ballots, each: unit, Enter, one key per matter, candidates by number, Enter.
    for (const [u, keys, candidates] of [
      ['2-1-101', '12', '1 2'],
      ['2-1-102', '11', '3'],
    ] as const) {
      await convener.getByLabel('选票扫描件或照片').setInputFiles(scanFile(`${u}.png`))
      await unit.focus()
      await convener.keyboard.type(u)
      await convener.keyboard.press('Enter')
      await convener.keyboard.type(keys)
      await expect.poll(() => focused(convener), poll).toBe('paper-q3')
      await convener.keyboard.type(candidates)
      await convener.keyboard.press('Enter')
      await convener.getByText(`${u} 已录入，等待另一位召集人复核。`).waitFor()
      // Ready for the next ballot: the cursor is back in the unit field, which is empty.
      await expect.poll(() => focused(convener), poll).toBe('paper-unit')
      expect(await unit.inputValue()).toBe('')
    }
    // An invalid mark: 0, then the reason, Tab on to the next matter.
    await convener.getByLabel('选票扫描件或照片').setInputFiles(scanFile('2-1-202.png'))
    await unit.focus()
    await convener.keyboard.type('2-1-202')
    await convener.keyboard.press('Enter')
    await convener.keyboard.type('0')
    await expect.poll(() => focused(convener), poll).toBe('paper-q1-reason')
    await convener.keyboard.type('两个方框都打勾')
    await convener.keyboard.press('Tab')
    await convener.keyboard.type('3')
    await convener.keyboard.type('4 5')
    await convener.keyboard.press('Enter')
    await convener.getByText('2-1-202 已录入，等待另一位召集人复核。').waitFor()
    await screenshot(convener, 'console-paper-entry')

    // The second convener, on another desk.
    clerk = await desk()
    await enroll(clerk, '李召集', 'convener')
    await clerk.goto(`${stage.app.origin}${meetingPath}/paper`)
    const awaiting = clerk.getByRole('region', { name: '待复核' })
    await expect.poll(() => awaiting.locator('tbody tr').count(), poll).toBe(3)
    // Blind: the list shows units, never what the first clerk entered.
    expect(await awaiting.innerText()).not.toMatch(/同意|反对|弃权|c1|yes/)

    await awaiting.getByRole('button', { name: '复核 2-1-101' }).click()
    await expect.poll(() => focused(clerk), poll).toBe('paper-q1')
    await clerk.keyboard.type('12')
    await clerk.keyboard.type('1 2')
    await clerk.keyboard.press('Enter')
    await clerk.getByText(/2-1-101 复核一致，已计入。回执 [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/).waitFor()

    await awaiting.getByRole('button', { name: '复核 2-1-102' }).click()
    await expect.poll(() => focused(clerk), poll).toBe('paper-q1')
    await clerk.keyboard.type('21')
    await clerk.keyboard.type('3')
    await clerk.keyboard.press('Enter')
    await clerk.getByText('2-1-102 两次录入不一致（q1），已转入不一致队列。').waitFor()

    await awaiting.getByRole('button', { name: '复核 2-1-202' }).click()
    await expect.poll(() => focused(clerk), poll).toBe('paper-q1')
    await clerk.keyboard.type('0')
    await expect.poll(() => focused(clerk), poll).toBe('paper-q1-reason')
    await clerk.keyboard.type('两个方框都打勾')
    await clerk.keyboard.press('Tab')
    await clerk.keyboard.type('3')
    await clerk.keyboard.type('4 5')
    await clerk.keyboard.press('Enter')
    await clerk.getByText(/2-1-202 复核一致，已计入。/).waitFor()
    const queue = clerk.getByRole('region', { name: '不一致队列' })
    await expect.poll(() => queue.locator('tbody tr').count(), poll).toBe(1)
    expect(await queue.locator('tbody tr').innerText()).toContain('2-1-102')
    expect(await queue.locator('tbody tr').innerText()).toContain('q1')
    await screenshot(clerk, 'console-paper-mismatch')
  }, 90_000)

  it('records a proxy with its written authorisation', async () => {
    const holder = await activate('1-1-102', '段文杰', '4741')
    await convener.goto(`${stage.app.origin}${meetingPath}`)
    const proxies = convener.getByRole('region', { name: '书面委托' })
    await proxies.getByLabel('委托人房号').fill('1-1-103')
    // The holder is found by their unit (names masked); a unit without accounts says so.
    await proxies.getByLabel('受托人房号').fill('1-1-104')
    await proxies.getByRole('button', { name: '查找受托人' }).click()
    await proxies.getByText('这户没有已开通的业主账户', { exact: false }).waitFor()
    await proxies.getByLabel('受托人房号').fill('1-1-102')
    await proxies.getByRole('button', { name: '查找受托人' }).click()
    await proxies.getByRole('radio', { name: '段*' }).waitFor()
    expect(await proxies.getByLabel('受托人账户编号').inputValue()).toBe(holder.accountId)
    await proxies.getByLabel('书面委托书（扫描件或照片）').setInputFiles(scanFile('proxy.png'))
    await proxies.getByLabel('第2项 续筹专项维修资金').selectOption('no')
    await proxies.getByRole('button', { name: '登记委托' }).click()
    await proxies.getByText('委托已登记。').waitFor()
    await expect.poll(() => proxies.locator('table.proxies tbody tr').count(), poll).toBe(1)
    const row = await proxies.locator('table.proxies tbody tr').innerText()
    expect(row).toContain('1-1-103')
    expect(row).toContain('有效')

    // An owner asks for a paper ballot instead; the convener marks the request handled.
    const base = `/api/estates/${ESTATE}/meetings/${meetingId}`
    const asked = await api('POST', `${base}/paper-requests`, {
      cookie: holder.cookie,
      body: { voter: '1-1-102' },
    })
    expect(asked.status).toBe(201)
    await convener.reload()
    const requests = convener.getByRole('region', { name: '纸质选票申请' })
    await requests.getByRole('button', { name: '标记为已处理' }).click()
    await expect
      .poll(() => requests.locator('tbody tr').innerText(), poll)
      .toMatch(/1-1-102\s+\S+.*\d{2}:\d{2}.*\d{2}:\d{2}/s)
    expect(await requests.getByRole('button', { name: '标记为已处理' }).count()).toBe(0)
  }, 60_000)

  it('after close counts once the counting period ends, publishes the preliminary result, prints the announcement on A4 and downloads the exports', async () => {
    moveClockTo(closesAt + HOUR)
    await stage.tick()
    await signInAgain(stage.app, convener, meetingPath)
    // Online voting has ended; paper handed in before the close may still be keyed in (domain §6.1 step 3).
    await expect.poll(() => convener.locator('dl.facts').innerText(), poll).toContain('计票中')
    // 2-1-102's two entries differ and it was never entered afresh: declaring all paper entered is refused, in words.
    const status = convener.getByRole('region', { name: '会议进度' })
    await status.getByRole('button', { name: '全部纸质选票已录入，计票' }).click()
    const dialog = convener.getByRole('dialog', { name: '确认全部纸质选票已录入' })
    expect(await dialog.innerText()).toContain('2026年第一次业主大会会议')
    await dialog.getByRole('button', { name: '确认：全部已录入，开始计票' }).click()
    await expect
      .poll(() => status.getByRole('alert').innerText(), poll)
      .toContain('尚未计入的纸质选票：2-1-102')
    // The counting period ends by the meeting clock: the tally is stored.
    const { counting_ends_at } = await stage.app.db
      .selectFrom('meetings')
      .select('counting_ends_at')
      .where('id', '=', meetingId)
      .executeTakeFirstOrThrow()
    moveClockTo(Date.parse(counting_ends_at ?? '') + HOUR)
    await stage.tick()
    await signInAgain(stage.app, convener, meetingPath)
    await expect.poll(() => convener.locator('dl.facts').innerText(), poll).toContain('已计票')
    await convener.getByRole('button', { name: '公布初步结果' }).click()
    await expect.poll(() => convener.locator('dl.facts').innerText(), poll).toContain('初步结果')

    // Exports: 明细表, 汇总表 and the results bundle.
    const exports = convener.locator('ul.exports')
    for (const [name, file] of [
      ['明细表（CSV）', `detail-${meetingId}.csv`],
      ['汇总表（CSV）', `summary-${meetingId}.csv`],
      ['结果数据包（JSON，可自行核验）', `results-${meetingId}.json`],
    ] as const) {
      const [download] = await Promise.all([
        convener.waitForEvent('download'),
        exports.getByRole('link', { name }).click(),
      ])
      expect(download.suggestedFilename()).toBe(file)
      const path = await download.path()
      const text = readFileSync(path, 'utf8')
      expect(text.length).toBeGreaterThan(50)
      if (file.startsWith('detail')) expect(text).toContain('1-1-101')
    }

    await convener.getByRole('link', { name: '公告与打印' }).click()
    await convener.getByRole('heading', { name: '初步结果公告', level: 1 }).waitFor()
    const article = convener.locator('article.announcement')
    expect(await article.innerText()).toContain('选举第一届业主委员会')
    expect(await article.innerText()).toMatch(/[0-9a-f]{64}/)
    await convener.emulateMedia({ media: 'print' })
    expect(await convener.locator('.console-nav').isVisible()).toBe(false)
    expect(await convener.locator('.site-header').isVisible()).toBe(false)
    expect(await convener.getByRole('button', { name: '打印' }).isVisible()).toBe(false)
    expect(await article.isVisible()).toBe(true)
    await screenshot(convener, 'console-announcement-print')
    await convener.pdf({ preferCSSPageSize: true, path: join(SCREENSHOTS, 'announcement.pdf') })
    await convener.emulateMedia({ media: 'screen' })
  }, 90_000)

  it('a supervisor sees the audit log with the chain intact, the calendar check and turnout, offers no edit actions, and signs off', async () => {
    const supervisor = await desk()
    await enroll(supervisor, '赵监督', 'supervisor')
    await supervisor.goto(`${stage.app.origin}/console/${ESTATE}/audit`)
    await supervisor.getByText(/哈希链完整：已核验 [\d,]+ 条记录。/).waitFor()
    // Entries read as sentences (who, did what, to what), the raw record folded under each.
    expect(await supervisor.locator('.audit-entry').count()).toBeGreaterThan(5)
    await supervisor.getByLabel('操作类别').selectOption({ label: '会议' })
    await supervisor.getByRole('button', { name: '筛选', exact: true }).click()
    await expect
      .poll(() => supervisor.locator('.audit-entries').innerText(), poll)
      .toContain('发出会议通知「2026年第一次业主大会会议」')

    await supervisor.goto(`${stage.app.origin}${meetingPath}`)
    await supervisor.getByRole('heading', { name: '2026年第一次业主大会会议', level: 1 }).waitFor()
    await supervisor.getByText('您以监督身份查看').waitFor()
    const calendar = supervisor.getByRole('region', { name: '法定日程核查' })
    expect(await calendar.locator('li.ok').count()).toBe(2)
    await expect.poll(() => supervisor.locator('.turnout-total').innerText(), poll).toContain('3 / ')
    const mismatches = supervisor.getByRole('region', { name: '不一致队列' })
    await expect.poll(() => mismatches.locator('tbody tr').count(), poll).toBe(1)
    await screenshot(supervisor, 'supervisor-meeting')
    // On a tablet the page never scrolls sideways: wide tables scroll inside their own box.
    await supervisor.setViewportSize({ width: 768, height: 1024 })
    expect(await supervisor.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768)
    await screenshot(supervisor, 'supervisor-meeting-tablet')

    // Nothing to change but the sign-off: no buttons, links or fields of a convener.
    const buttons = await supervisor
      .locator('main button')
      .evaluateAll((els) => els.map((e) => e.textContent?.trim() ?? ''))
    // (The audit log's filters and pages read; the sign-off's confirmation is its own dialog.)
    const reading = ['提交', '筛选', '清除筛选', '上一页', '下一页', '确认签署同意', '确认提出异议', '取消']
    expect(buttons.filter((b) => !reading.includes(b))).toEqual([])
    for (const name of ['修改草稿', '录入纸质选票'])
      expect(await supervisor.getByRole('link', { name }).count()).toBe(0)
    const fields = await supervisor
      .locator('main input, main select, main textarea')
      .evaluateAll((els) =>
        els.map((e) =>
          e.closest('form.audit-filters')
            ? 'audit-filters'
            : e.closest('section')?.getAttribute('aria-labelledby'),
        ),
      )
    expect(new Set(fields)).toEqual(new Set(['signoff-heading', 'audit-filters']))

    await supervisor.getByRole('radio', { name: '签署同意' }).check()
    await supervisor.getByLabel('说明（可选）').fill('计票与公示一致。')
    await supervisor.getByRole('button', { name: '提交' }).click()
    // The paper mismatch above is still open: the confirmation names it, and the supervisor approves knowingly.
    const confirm = supervisor.getByRole('dialog', { name: '确认签署' })
    await confirm.getByText(/纸质选票两次录入不一致、尚未重新录入：/).waitFor()
    await confirm.getByRole('button', { name: '确认签署同意' }).click()
    await supervisor.getByText('已记录。').waitFor()
    const signed = await stage.app.db
      .selectFrom('signoffs')
      .select(['decision', 'note'])
      .where('meeting_id', '=', meetingId)
      .execute()
    expect(signed).toEqual([{ decision: 'approve', note: '计票与公示一致。' }])
  }, 60_000)
  it('answers an owner’s objection to the preliminary result and to the roll', async () => {
    const owner = firstOwner
    if (!owner) throw new Error('no owner from the turnout step')
    // The owner's session ended when the clock moved: sign in again with the same passkey.
    const started = await api('POST', '/api/session/options')
    const { options } = (await started.json()) as {
      options: Parameters<SoftAuthenticator['authenticate']>[0]
    }
    const signedIn = await api('POST', '/api/session', {
      body: { response: owner.phone.authenticate(options) },
    })
    expect(signedIn.status).toBe(200)
    const cookie = cookieOf(signedIn)
    const base = `/api/estates/${ESTATE}/meetings/${meetingId}`
    const objected = await api('POST', `${base}/objections`, { cookie, body: { text: '我的选票是否计入？' } })
    expect(objected.status).toBe(201)
    const { objectionId } = (await objected.json()) as { objectionId: number }
    const rollObjected = await api('POST', `/api/estates/${ESTATE}/roll/objections`, {
      cookie,
      body: { unit: '1-1-101', text: '面积应为 143.95 ㎡' },
    })
    expect(rollObjected.status).toBe(201)
    const { objectionId: rollObjectionId } = (await rollObjected.json()) as { objectionId: number }

    await convener.goto(`${stage.app.origin}${meetingPath}`)
    const objections = convener.getByRole('region', { name: '异议与答复' })
    await objections.getByText('我的选票是否计入？').waitFor()
    await objections.getByLabel(`答复异议 ${objectionId}`).fill('已计入，回执见公示。')
    await objections.getByRole('button', { name: '发送答复' }).click()
    await objections.getByText('答复: 已计入，回执见公示。').waitFor()

    await convener.goto(`${stage.app.origin}/console/${ESTATE}/roll`)
    const rollObjections = convener.getByRole('region', { name: '对业主名册的异议' })
    await rollObjections.getByText('面积应为 143.95 ㎡').waitFor()
    await rollObjections.getByLabel(`答复异议 ${rollObjectionId}`).fill('已核对房产证，面积无误。')
    await rollObjections.getByRole('button', { name: '发送答复' }).click()
    await rollObjections.getByText('答复: 已核对房产证，面积无误。').waitFor()
  }, 60_000)

  it('never loads the console on an owner’s path: the owner’s pages fetch none of its code or words', async () => {
    const owner = await phoneOn(stage)
    const scripts = new Set<string>()
    owner.page.on('response', (r) => {
      if (r.request().resourceType() === 'script') scripts.add(r.url())
    })
    const who = readFileSync(DEMO_ROLL_PATH, 'utf8')
      .split(/\r?\n/)
      .find((l) => l.startsWith('3-1-101,'))
      ?.split(',')
    const [name, last4] = [who?.[5]?.split(';')[0] ?? '', who?.[6]?.split(';')[0] ?? '']
    await activateOnPhone(stage, owner.page, '3-1-101', name, last4)
    for (const path of ['/', `/estates/${ESTATE}/roll`, `/estates/${ESTATE}/meetings/${meetingId}`, '/me']) {
      await owner.page.goto(`${stage.app.origin}${path}`)
      await owner.page.waitForLoadState('networkidle')
    }
    expect(scripts.size).toBeGreaterThan(2)
    // The marks are the console's: its own pages do load them.
    await convener.goto(`${stage.app.origin}${meetingPath}/paper`)
    await convener.getByRole('heading', { name: '纸质选票录入', level: 1 }).waitFor()
    const consoleScripts = await convener.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((n) => n.endsWith('.js')),
    )
    const consoleCode = await Promise.all(consoleScripts.map(async (u) => (await fetch(u)).text()))
    expect(consoleCode.some((code) => code.includes('纸质选票录入'))).toBe(true)
    expect(consoleCode.some((code) => code.includes('turnout/stream'))).toBe(true)
    // The console's own words and calls: none of them in what the owner's phone downloaded.
    for (const url of scripts) {
      const code = await (await fetch(url)).text()
      // Not 审计日志: owners are told that every download of the full results file is audited.
      for (const mark of [
        '纸质选票录入',
        'turnout/stream',
        'paper-entries',
        'paper-complete',
        '哈希链完整',
        '全部纸质选票已录入',
        '纸质选票收到时间',
      ])
        expect(code.includes(mark), `${url} contains ${mark}`).toBe(false)
    }
  }, 60_000)
})
