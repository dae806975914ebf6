import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { earliestOpening } from '../../server/domain/calendar'
import { DEMO_ROLL_PATH } from './app-server'
import type { PasskeyPhone } from './browser'
import {
  CANDIDATES,
  DAY,
  ESTATE,
  HOUR,
  activateOnPhone,
  chinaLocal,
  enrollAt,
  focused,
  deskOn,
  phoneOn,
  poll,
  scanFile,
  setUpStage,
  signInAgain,
} from './desk'

/**
 * One whole meeting of the demo estate 锦绣苑 in real headless Chromium: a convener imports the roll and
 * gives notice; the server's clock moves to the opening; three owners activate on three phones (one a co-owner of
 * 1-1-201, one owner of two flats who is one voter) and vote with their phones' passkeys; one paper ballot is
 * entered twice, blind, by two conveners; a proxy is recorded and its holder votes; the clock passes the close;
 * the preliminary result, a supervisor's sign-off, the final announcement; an owner finds their receipt.
 *
 * Owners use their own pages (meeting, vote, receipt, results); staff use the console on desks.
 */

const stage = setUpStage()
const { clock, moveClockTo, screenshot } = stage

async function desk(name: string, role: 'convener' | 'supervisor'): Promise<Page> {
  const page = await deskOn(stage)
  await enrollAt(stage.app, page, ESTATE, name, role, clock())
  return page
}

const phone = () => phoneOn(stage)

/** An owner opens the link of the letter the convener printed, confirms who they are and creates a passkey. */
async function activate(p: PasskeyPhone, unit: string, name: string, idLast4: string) {
  await activateOnPhone(stage, p.page, unit, name, idLast4)
  await p.page.getByText(`${name}，您好`).waitFor()
}

/**
 * The owner votes on their phone: the meeting's vote page for one voter, one list of choices, the review, the
 * passkey; answers the receipt code the receipt page shows.
 */
async function voteOnPhone(
  page: Page,
  meetingId: string,
  voter: string,
  covenant: '同意' | '反对' | '弃权',
  elect: readonly string[],
): Promise<string> {
  const meetingUrl = `${stage.app.origin}/estates/${ESTATE}/meetings/${meetingId}`
  await page.goto(`${meetingUrl}/vote?voter=${voter}`)
  const matter = (title: string) => page.getByRole('group', { name: new RegExp(title) })
  await matter('修改管理规约').getByRole('radio', { name: covenant }).tap()
  for (const name of elect) await matter('选举第一届业主委员会').getByRole('checkbox', { name }).tap()
  await page.getByRole('button', { name: '下一步：核对' }).tap()
  await page.getByRole('heading', { name: '请核对您的选择' }).waitFor()
  await page.getByRole('button', { name: '用通行密钥确认提交' }).tap()
  await page.waitForURL(`${meetingUrl}/receipt?voter=${voter}`)
  const receipt = await page.locator('[data-receipt]').innerText()
  expect(receipt).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
  return receipt
}

describe('a whole meeting of 锦绣苑 in the browser', () => {
  it('runs from the roll import to the final announcement, and an owner finds their receipt', async () => {
    // ---- the convener: roll, meeting, notice ----
    const convener = await desk('王召集', 'convener')
    await convener.goto(`${stage.app.origin}/console/${ESTATE}/roll`)
    await convener.getByLabel('名册文件').setInputFiles(DEMO_ROLL_PATH)
    await convener.getByRole('button', { name: '导入', exact: true }).click()
    await convener.getByText('导入完成：1,008 个房屋。').waitFor()

    const opensAt = earliestOpening(clock().getTime())
    const closesAt = opensAt + 7 * DAY
    await convener.goto(`${stage.app.origin}/console/${ESTATE}/meetings/new`)
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
      // The eligibility boxes start unticked: the convener confirms each check.
      for (const box of [
        '具有完全民事行为能力',
        '没有拖欠物业费或维修资金',
        '不是物业服务企业的工作人员或其近亲属',
      ])
        await card.getByRole('checkbox', { name: box }).check()
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
    await activate(pan, '1-1-101', '潘芳', '9839')
    await screenshot(pan.page, 'whole-meeting-owner-me')
    const coOwner = await phone()
    await activate(coOwner, '1-1-201', '贾建国', '6055')
    const twoFlats = await phone()
    await activate(twoFlats, '12-1-202', '贾欣怡', '4599')

    const receipts: Record<string, string> = {}
    receipts['1-1-101'] = await voteOnPhone(pan.page, meetingId, '1-1-101', '同意', [
      '潘芳',
      '段文杰',
      '黎海燕',
    ])
    await screenshot(pan.page, 'whole-meeting-owner-receipt')
    receipts['1-1-201'] = await voteOnPhone(coOwner.page, meetingId, '1-1-201', '反对', ['贾建国'])
    receipts['12-1-202'] = await voteOnPhone(twoFlats.page, meetingId, '12-1-202', '弃权', [])

    // ---- the proxy: 1-1-103 authorises 潘芳, who then votes for them ----
    await signInAgain(stage.app, convener, meetingPath)
    // The holder reads their account id on their own /me page and gives it to the convener.
    await pan.page.goto(`${stage.app.origin}/me`)
    // The id is folded away on 我的 (only a proxy holder needs it): the holder opens the section.
    await pan.page.getByText('委托他人投票时需要的账户编号').tap()
    const idLine = await pan.page.locator('.account-id').innerText()
    const panAccount = /[0-9a-f-]{36}/.exec(idLine)?.[0] ?? ''
    expect(idLine).toContain('账户编号')
    const proxies = convener.getByRole('region', { name: '书面委托' })
    await proxies.getByLabel('委托人房号').fill('1-1-103')
    await proxies.getByLabel('受托人账户编号').fill(panAccount)
    await proxies.getByLabel('书面委托书（扫描件或照片）').setInputFiles(scanFile('proxy-1-1-103.png'))
    await proxies.getByRole('button', { name: '登记委托' }).click()
    await proxies.getByText('委托已登记。').waitFor()
    await voteOnPhone(pan.page, meetingId, '1-1-103', '同意', ['黎海燕'])

    // ---- one paper ballot, entered twice, blind ----
    await convener.goto(`${stage.app.origin}${meetingPath}/paper`)
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
    await clerk.goto(`${stage.app.origin}${meetingPath}/paper`)
    await clerk.getByRole('button', { name: '复核 2-1-101' }).click()
    await expect.poll(() => focused(clerk), poll).toBe('paper-q1')
    await clerk.keyboard.type('1')
    await clerk.keyboard.type('2 5')
    await clerk.keyboard.press('Enter')
    await clerk.getByText(/2-1-101 复核一致，已计入。/).waitFor()

    // Turnout: five voters so far, by building, never choices.
    await convener.goto(`${stage.app.origin}${meetingPath}`)
    await expect.poll(() => convener.locator('.turnout-total').innerText(), poll).toContain('5 / ')
    await screenshot(convener, 'whole-meeting-turnout')

    // ---- the end passes: online voting ends by the meeting clock; every paper ballot is in, so the convener
    // declares all paper entered and the tally is stored; the preliminary result ----
    moveClockTo(closesAt + HOUR)
    await stage.tick()
    await signInAgain(stage.app, convener, meetingPath)
    await expect.poll(() => convener.locator('dl.facts').innerText(), poll).toContain('计票中')
    await convener.getByRole('button', { name: '全部纸质选票已录入，计票' }).click()
    await convener
      .getByRole('dialog', { name: '确认全部纸质选票已录入' })
      .getByRole('button', { name: '确认：全部已录入，开始计票' })
      .click()
    await expect.poll(() => convener.locator('dl.facts').innerText(), poll).toContain('已计票')
    await convener.getByRole('button', { name: '公布初步结果' }).click()
    await expect.poll(() => convener.locator('dl.facts').innerText(), poll).toContain('初步结果')

    // ---- a supervisor signs off ----
    const supervisor = await desk('赵监督', 'supervisor')
    await supervisor.goto(`${stage.app.origin}${meetingPath}`)
    await supervisor.getByRole('radio', { name: '签署同意' }).check()
    await supervisor.getByRole('button', { name: '提交' }).click()
    // Signing off is confirmed in a dialog naming the meeting and what is still open: here only the objection
    // period, which runs on after the preliminary result.
    const confirm = supervisor.getByRole('dialog', { name: '确认签署' })
    await confirm.getByText(/^异议期至 .+，期间仍可能收到异议。$/).waitFor()
    await confirm.getByRole('button', { name: '确认签署同意' }).click()
    await supervisor.getByText('已记录。').waitFor()

    // ---- after the objection period: the final announcement ----
    moveClockTo(closesAt + 9 * DAY)
    await signInAgain(stage.app, convener, meetingPath)
    // The objection period is over and a supervisor signed off: the final is due within 3 days (北京 art. 37).
    await convener.getByText(/最终公告须于 .* 前发布/).waitFor()
    await convener.getByRole('button', { name: '发布最终公告' }).click()
    await expect.poll(() => convener.locator('dl.facts').innerText(), poll).toContain('最终公告')
    await convener.getByRole('link', { name: '公告与打印' }).click()
    await convener.getByRole('heading', { name: '最终公告', level: 1 }).waitFor()
    await screenshot(convener, 'whole-meeting-final-announcement')

    // ---- an owner finds their receipt in the bulletin on the results page, and the result ----
    const resultsPath = `/estates/${ESTATE}/meetings/${meetingId}/results`
    await signInAgain(stage.app, pan.page, resultsPath)
    await pan.page.getByRole('heading', { name: '表决结果', level: 1 }).waitFor()
    await pan.page.getByLabel('回执码', { exact: true }).fill(receipts['1-1-101'] ?? '')
    await pan.page.getByText('找到了：您的票已计入。').waitFor()
    expect(await pan.page.getByText('共 5 张有效票').count()).toBe(1)
    // Five of 939 voters took part: no quorum on either matter.
    const outcomes = await pan.page.locator('.outcome').allInnerTexts()
    expect(outcomes).toEqual(['参与表决的业主不足，表决无效', '参与表决的业主不足，表决无效'])
    await screenshot(pan.page, 'whole-meeting-owner-results')
  }, 180_000)
})
