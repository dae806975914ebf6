import { describe, expect, it } from 'vitest'
import { earliestOpening } from '../../server/domain/calendar'
import { csv } from '../support/roll-files'
import { CANDIDATES, chinaLocal, DAY, enrollAt, ESTATE, phoneOn, poll, setUpStage } from './desk'

/**
 * The conveners' console on a phone (a convener uses a laptop or a phone; these are 360 px wide):
 * - 工作人员: the street office, who grants and revokes conveners (domain §2), adds a colleague by name and hands
 *   over the one-time enrollment link (copied, or scanned as a QR code); the colleague opens it on a second phone,
 *   registers a passkey and is in the console; the street office removes them behind a dialog naming them.
 * - The meeting editor says the earliest lawful opening (15 full days after a notice given today, 民法典 art. 201)
 *   beside the field and warns as soon as an earlier one is chosen; the eligibility boxes start unticked; a draft
 *   reopened keeps its candidates' units and eligibility; after notice the meeting says when voting opens and
 *   what may be done until then.
 * - The roll import's report names the unit of each bad line, and a failed import never reads 完成.
 * The server's clock is the real one here (the stage's clock is never moved): the page's earliest opening and the
 * server's agree.
 */

const stage = setUpStage()
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i

const beijing = (at: number) =>
  new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(at))

describe('the console on a phone: staff, the meeting editor, the roll report', () => {
  it('the street office adds a convener, who registers a passkey on their own phone and sees the console; the street office then removes them', async () => {
    const office = await phoneOn(stage)
    await office.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stage.app.origin })
    const page = office.page
    await enrollAt(stage.app, page, ESTATE, '街道办李明', 'street_office', stage.clock())
    await page.getByRole('link', { name: '工作台：名册、会议、监督' }).tap()
    await page.waitForURL(`${stage.app.origin}/console/${ESTATE}`)
    await page.getByRole('navigation', { name: '工作台导航' }).getByRole('link', { name: '工作人员' }).tap()
    await page.waitForURL(`${stage.app.origin}/console/${ESTATE}/staff`)
    const list = page.getByRole('region', { name: '现有工作人员' })
    await expect.poll(() => list.innerText(), poll).toContain('街道办李明')
    expect(await list.innerText()).toContain('街道办事处')

    // Adding without a name is refused beside the field; then the colleague is added by name.
    const add = page.getByRole('region', { name: '添加召集人' })
    await add.getByRole('button', { name: '添加并生成登记链接' }).tap()
    await add.getByText('请填写姓名。').waitFor()
    await add.getByLabel('姓名').fill('赵新')
    await add.getByRole('button', { name: '添加并生成登记链接' }).tap()

    // The link, shown once: to copy, or to scan.
    const shown = page.getByRole('region', { name: '赵新 的登记链接' })
    await shown.waitFor()
    const url = await shown.getByRole('textbox', { name: '登记链接' }).inputValue()
    expect(url).toMatch(new RegExp(`^${stage.app.origin}/enroll/\\S+$`))
    expect(
      await shown
        .getByRole('img', { name: /登记链接的二维码/ })
        .locator('svg')
        .count(),
    ).toBe(1)
    await shown.getByRole('button', { name: '复制链接' }).tap()
    await shown.getByText('已复制。').waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url)
    await expect.poll(() => list.innerText(), poll).toContain('赵新')
    const row = list.getByRole('row').filter({ hasText: '赵新' })
    expect(await row.innerText()).toContain('召集人')
    expect(await row.innerText()).toContain('尚未登记')
    expect(await page.locator('main').innerText()).not.toMatch(UUID)
    await stage.screenshot(page, 'console-staff-link')
    // 完成 puts the link away: it is never shown again.
    await shown.getByRole('button', { name: '完成' }).tap()
    await page.getByRole('region', { name: '添加召集人' }).waitFor()
    expect(await page.getByText(url).count()).toBe(0)

    // The colleague, on a second phone: the link, a passkey, and the console of the estate.
    const colleague = await phoneOn(stage)
    await colleague.page.goto(url)
    await colleague.page.getByRole('button', { name: '创建通行密钥' }).tap()
    await colleague.page.waitForURL(`${stage.app.origin}/me`)
    expect(await colleague.credentials()).toHaveLength(1)
    await colleague.page.getByRole('link', { name: '工作台：名册、会议、监督' }).tap()
    await colleague.page.waitForURL(`${stage.app.origin}/console/${ESTATE}`)
    await colleague.page.getByRole('heading', { name: '工作台', level: 1 }).waitFor()
    expect(await colleague.page.getByText('您不是本小区的工作人员').count()).toBe(0)
    // A convener reads the staff list; adding and removing conveners is the street office's.
    await colleague.page.goto(`${stage.app.origin}/console/${ESTATE}/staff`)
    await colleague.page.getByText('召集人的增减由街道办事处办理').waitFor()
    // The list arrives after the page's words: read it once it has (as the colleague waits for it).
    const colleagueList = colleague.page.getByRole('region', { name: '现有工作人员' })
    await expect.poll(() => colleagueList.innerText(), poll).toContain('街道办李明')
    expect(await colleague.page.getByRole('button', { name: /^移除/ }).count()).toBe(0)
    expect(await colleague.page.getByRole('region', { name: '添加召集人' }).count()).toBe(0)
    // The link worked once: opened again it is refused.
    await colleague.page.goto(url)
    await colleague.page.getByText('这个登记链接已经失效').waitFor()
    expect(await colleague.page.getByRole('button', { name: '创建通行密钥' }).count()).toBe(0)
    expect(await colleague.credentials()).toHaveLength(1)

    // The street office sees the passkey registered, then removes the colleague behind a dialog naming them.
    await page.reload()
    await expect
      .poll(() => list.getByRole('row').filter({ hasText: '赵新' }).innerText(), poll)
      .toContain('已登记')
    await list.getByRole('button', { name: '移除 赵新' }).tap()
    const dialog = page.getByRole('dialog', { name: '移除召集人 赵新？' })
    await dialog.waitFor()
    expect(await dialog.innerText()).toContain('赵新 将不再是本小区的召集人')
    // Cancel first: nothing happens.
    await dialog.getByRole('button', { name: '取消' }).tap()
    await dialog.waitFor({ state: 'hidden' })
    expect(await list.innerText()).toContain('赵新')
    await list.getByRole('button', { name: '移除 赵新' }).tap()
    await dialog.getByRole('button', { name: '确认移除' }).tap()
    await page.getByText('已移除 赵新 的召集人职责。').waitFor()
    await expect.poll(() => list.getByRole('table').innerText(), poll).not.toContain('赵新')
    expect(await list.getByRole('table').innerText()).toContain('街道办李明')
    await stage.screenshot(page, 'console-staff-removed')

    // Removed from their only role, the colleague's session ended: the console sends them to sign in.
    await colleague.page.goto(`${stage.app.origin}/console/${ESTATE}`)
    await colleague.page.waitForURL(/\/signin\?next=/)
  }, 90_000)

  it('the meeting editor warns beside the field as a too-early opening is chosen; a reopened draft keeps its candidates’ units and eligibility; after notice the page says when voting opens', async () => {
    const phone = await phoneOn(stage)
    const page = phone.page
    await enrollAt(stage.app, page, ESTATE, '王召集', 'convener', stage.clock())
    await page.goto(`${stage.app.origin}/console/${ESTATE}/meetings/new`)
    await page.getByRole('heading', { name: '新建会议（草稿）' }).waitFor()

    const earliest = earliestOpening(stage.clock().getTime())
    const opens = page.getByLabel('投票开始（北京时间）')
    const hint = page.locator('#meeting-opens-hint')
    // Before any date is chosen: the earliest opening if notice were given today.
    await expect
      .poll(() => hint.innerText(), poll)
      .toBe(`如果现在发出通知，投票最早可于 ${beijing(earliest)} 开始。`)
    await page.getByLabel('会议名称').fill('选举第一届业主委员会')
    await opens.fill(chinaLocal(earliest - 3 * DAY))
    await expect
      .poll(() => hint.innerText(), poll)
      .toBe(`开始时间早于 ${beijing(earliest)}：发出通知时会被拒绝。`)
    expect(await opens.getAttribute('aria-invalid')).toBe('true')
    expect(await opens.getAttribute('aria-describedby')).toBe('meeting-opens-hint')
    await stage.screenshot(page, 'console-editor-too-early')
    await opens.fill(chinaLocal(earliest))
    await expect.poll(() => hint.innerText(), poll).toContain('投票最早可于')
    expect(await opens.getAttribute('aria-invalid')).toBeNull()
    await page.getByLabel('投票结束（北京时间）').fill(chinaLocal(earliest + 7 * DAY))

    const matter = page.getByRole('group', { name: '第 1 项（q1）' })
    await matter.getByLabel('事项类型（民法典第二百七十八条）').selectOption('elect_committee')
    await matter.getByLabel('事项标题').fill('选举第一届业主委员会')
    await matter.getByLabel('委员名额').fill('5')
    for (const [i, [unit, name]] of CANDIDATES.entries()) {
      await matter.getByRole('button', { name: '添加候选人' }).tap()
      const card = matter.getByRole('group', { name: `候选人 ${i + 1}` })
      await card.getByLabel('房号').fill(unit)
      await card.getByLabel('姓名（与名册一致）').fill(name)
      // Each box is the convener's statement of a fact checked: none starts ticked.
      for (const box of [
        '具有完全民事行为能力',
        '没有拖欠物业费或维修资金',
        '不是物业服务企业的工作人员或其近亲属',
      ])
        expect(await card.getByRole('checkbox', { name: box }).isChecked()).toBe(false)
    }
    // Saved with the boxes unticked: the server refuses the candidates as not eligible.
    await page.getByRole('button', { name: '保存草稿' }).tap()
    await page.getByText('候选人不符合资格').first().waitFor()
    // The last candidate is not staff of the property manager, unconfirmed: the others are ticked.
    for (const i of CANDIDATES.keys()) {
      const card = matter.getByRole('group', { name: `候选人 ${i + 1}` })
      await card.getByRole('checkbox', { name: '具有完全民事行为能力' }).tap()
      await card.getByRole('checkbox', { name: '没有拖欠物业费或维修资金' }).tap()
      await card.getByRole('checkbox', { name: '不是物业服务企业的工作人员或其近亲属' }).tap()
    }
    await page.getByRole('button', { name: '保存草稿' }).tap()
    await page.getByRole('heading', { name: '选举第一届业主委员会', level: 1 }).waitFor()
    const meetingPath = new URL(page.url()).pathname

    // Reopened (and reloaded): every candidate's unit and eligibility as saved, nothing to enter again.
    await page.getByRole('link', { name: '修改草稿' }).tap()
    await page.getByRole('heading', { name: '修改会议草稿' }).waitFor()
    for (const reload of [false, true]) {
      if (reload) await page.reload()
      const reopened = page.getByRole('group', { name: '第 1 项（q1）' })
      await expect
        .poll(() => reopened.getByRole('group', { name: /^候选人 \d$/ }).count(), poll)
        .toBe(CANDIDATES.length)
      for (const [i, [unit, name]] of CANDIDATES.entries()) {
        const card = reopened.getByRole('group', { name: `候选人 ${i + 1}` })
        expect(await card.getByLabel('房号').inputValue()).toBe(unit)
        expect(await card.getByLabel('姓名（与名册一致）').inputValue()).toBe(name)
        for (const box of [
          '具有完全民事行为能力',
          '没有拖欠物业费或维修资金',
          '不是物业服务企业的工作人员或其近亲属',
        ])
          expect(await card.getByRole('checkbox', { name: box }).isChecked()).toBe(true)
      }
      expect(await page.getByText('请为每位候选人重新填写房号').count()).toBe(0)
    }
    await stage.screenshot(page, 'console-editor-reopened')
    // Saved again unchanged: the server takes what the editor read back.
    await page.getByRole('button', { name: '保存草稿' }).tap()
    await page.waitForURL(`${stage.app.origin}${meetingPath}`)

    // Notice: the page then says when voting opens and what may be done until then.
    await page.getByRole('button', { name: '发出通知' }).tap()
    await page.getByRole('button', { name: '确认发出' }).tap()
    const status = page.getByRole('region', { name: '会议进度' })
    await expect
      .poll(() => status.innerText(), poll)
      .toContain(`投票将于 ${beijing(earliest)} 开始；此前可以：`)
    expect(await status.innerText()).toContain('登记业主的书面委托')
    expect(await status.innerText()).toContain('议程和设置已固定')
    await stage.screenshot(page, 'console-meeting-noticed')
  }, 90_000)

  it('a roll with bad lines: the report names each line’s unit, and the progress says 未导入, never 完成', async () => {
    const phone = await phoneOn(stage)
    const page = phone.page
    await enrollAt(stage.app, page, ESTATE, '钱召集', 'convener', stage.clock())
    await page.goto(`${stage.app.origin}/console/${ESTATE}/roll`)
    await page.getByLabel('名册文件').setInputFiles({
      name: 'bad-roll.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        csv(
          '3-1-102,3号楼,住宅,90,登记,甲,1234,13800000000,N',
          '3-1-103,3号楼,住宅,abc,登记,乙,2345,13800000001,N',
          `3-1-104,3号楼,住宅,90,登记,丙,${'1'.repeat(600)},13800000002,N`,
          ',3号楼,住宅,90,登记,丁,3456,13800000003,N',
        ),
      ),
    })
    await page.getByRole('button', { name: '导入', exact: true }).tap()
    const report = page.locator('.error-report')
    await report.waitFor()
    const lines = await report.locator('.error-lines li').allInnerTexts()
    expect(lines).toEqual([
      '第 3 行（3-1-103）：面积格式不正确：“abc”',
      expect.stringMatching(/^第 4 行（3-1-104）：.*证件号后四位/),
      '第 5 行：缺少房号',
    ])
    // Chinese only, the unit once: the English half and the server's 房号 prefix are not repeated.
    expect(lines[1]).not.toContain('1111')
    for (const l of lines) {
      expect(l).not.toContain(' / ')
      expect(l).not.toContain('房号 “')
    }
    expect(await report.innerText()).toContain('名册有 3 处错误，没有导入任何内容')
    const label = page.locator('label[for="import-progress"]')
    expect(await label.innerText()).toContain('未导入')
    expect(await label.innerText()).not.toContain('完成')
    const progress = page.locator('progress#import-progress')
    expect(await progress.getAttribute('class')).toBe('failed')
    expect(await progress.getAttribute('value')).toBe('0')
    expect(await page.getByText('导入完成').count()).toBe(0)
    await stage.screenshot(page, 'console-roll-report-units')
  }, 60_000)
})
