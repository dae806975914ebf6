import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { addObjection } from '../../server/services/meeting-records'
import { createMeeting, giveNotice } from '../../server/services/meetings'
import {
  DAY,
  ESTATE,
  HOUR,
  activateOnPhone,
  chinaLocal,
  deskOn,
  enrollAt,
  focused,
  loadedMeeting,
  phoneOn,
  poll,
  scanFile,
  setUpStage,
  signInAgain,
} from './desk'

/**
 * The counting period in the console (domain §6.1 steps 3–5), as the volunteers at the desk live it: the close
 * passes and the meeting says it is counting; a volunteer sets the time the box of paper was received once and
 * keys two ballots by keyboard alone; a second convener enters them again, blind, on another desk; nothing is left
 * pending, a convener declares all paper entered after a dialog naming the meeting, and the meeting is counted.
 * Then the final's 3-day deadline (北京 art. 37), overdue in red, and the final refused while an objection is
 * unanswered. Keying after the close without the received time is refused on the page, and nothing is sent.
 *
 * The meeting is set up through the server's services (notice 20 days ago, open for a week); the server's clock
 * then moves past the close and the meeting clock runs, as the server's timer does in production.
 */

const stage = setUpStage()
const { clock, moveClockTo, screenshot } = stage
const TITLE = '2026年第二次业主大会会议'

/** The last day of a period that ends at Beijing midnight, with 24:00 (民法典 art. 203), as the console writes it. */
function endText(at: number): string {
  expect((at + 8 * HOUR) % DAY).toBe(0)
  const day = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(new Date(at - 1))
  return `${day} 24:00`
}

async function desk(name: string, role: 'convener' | 'supervisor'): Promise<Page> {
  const page = await deskOn(stage)
  await enrollAt(stage.app, page, ESTATE, name, role, clock())
  return page
}

const meetingRow = (id: string) =>
  stage.app.db
    .selectFrom('meetings')
    .select(['closes_at', 'counting_ends_at', 'status'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()

// What the steps share: the meeting, its calendar and the people at their desks.
let meetingId = ''
let meetingPath = ''
let closesAt = 0
let countingEndsAt = 0
let volunteer: Page
let clerk: Page
let supervisor: Page

describe('the counting period in the console', () => {
  it('says a meeting past its close is counting, until when paper may be keyed, and what is pending', async () => {
    const now = clock().getTime()
    const who = (at: number) => ({ actor: 'test:convener', role: 'convener', now: new Date(at) })
    meetingId = await createMeeting(
      stage.app.db,
      ESTATE,
      {
        title: TITLE,
        opensAt: new Date(now - 2 * DAY).toISOString(),
        closesAt: new Date(now + 5 * DAY).toISOString(),
        matters: [
          { kind: 'management_covenant', title: '修改管理规约', body: '' },
          { kind: 'use_maintenance_fund', title: '使用维修资金更换电梯', body: '' },
        ],
      },
      who(now - 20 * DAY),
    )
    await giveNotice(stage.app.db, meetingId, who(now - 20 * DAY))
    meetingPath = `/console/${ESTATE}/meetings/${meetingId}`
    const row = await meetingRow(meetingId)
    closesAt = Date.parse(row.closes_at)
    countingEndsAt = Date.parse(row.counting_ends_at ?? '')
    // The counting period: 3 days after the close (the default), each ending at 24:00.
    expect(countingEndsAt - closesAt).toBeGreaterThanOrEqual(3 * DAY)

    // Two hours past the close: the meeting clock ends online voting. The tally waits for the paper.
    moveClockTo(closesAt + 2 * HOUR)
    expect(await stage.tick()).toBe(1)
    expect((await meetingRow(meetingId)).status).toBe('open')

    volunteer = await desk('王召集', 'convener')
    await volunteer.setViewportSize({ width: 1280, height: 800 })
    await volunteer.goto(`${stage.app.origin}${meetingPath}`)
    await expect.poll(() => volunteer.locator('dl.facts').innerText(), poll).toContain('计票中')
    const status = volunteer.getByRole('region', { name: '会议进度' })
    expect(await status.innerText()).toContain(
      `计票中：网上投票已于 ${endText(closesAt)} 截止；投票截止前收到的纸质选票可录入至 ${endText(countingEndsAt)}。`,
    )
    await expect.poll(() => status.innerText(), poll).toContain('没有待复核或待重新录入的纸质选票。')
    expect(await volunteer.locator('dl.facts').innerText()).toContain(
      `纸质选票录入截止\n${endText(countingEndsAt)}`,
    )
    expect(await status.getByRole('button', { name: '全部纸质选票已录入，计票' }).count()).toBe(1)
    // The extension is over with the close; paper entry is not.
    expect(await volunteer.getByRole('region', { name: '延长投票期' }).count()).toBe(0)
    expect(await volunteer.getByRole('link', { name: '录入纸质选票' }).count()).toBe(1)

    // A supervisor reads the same lines, and is offered nothing to do about them.
    supervisor = await desk('赵监督', 'supervisor')
    await supervisor.goto(`${stage.app.origin}${meetingPath}`)
    const seen = supervisor.getByRole('region', { name: '会议进度' })
    await expect.poll(() => seen.innerText(), poll).toContain(`可录入至 ${endText(countingEndsAt)}`)
    expect(await seen.getByRole('button').count()).toBe(0)
  }, 60_000)

  it('refuses on the page to key a ballot after the close without the received time, or with a time after the close, and sends nothing', async () => {
    await volunteer.getByRole('link', { name: '录入纸质选票' }).click()
    await volunteer.getByRole('heading', { name: '纸质选票录入', level: 1 }).waitFor()
    const received = volunteer.getByLabel('纸质选票收到时间（北京时间）')
    // The form says why the time is required now (domain §6.1 step 3).
    const field = volunteer.locator('.received-field')
    expect(await field.innerText()).toContain(`必填。投票已于 ${endText(closesAt)} 截止`)
    expect(await received.getAttribute('required')).not.toBeNull()
    await expect.poll(() => focused(volunteer), poll).toBe('paper-unit')

    const sent: string[] = []
    volunteer.on('request', (r) => {
      if (r.method() === 'POST') sent.push(new URL(r.url()).pathname)
    })
    await volunteer.getByLabel('选票扫描件或照片').setInputFiles(scanFile('2-1-101.png'))
    await volunteer.keyboard.type('2-1-101')
    await volunteer.keyboard.press('Enter')
    await volunteer.keyboard.type('12')
    await expect.poll(() => focused(volunteer), poll).toBe('paper-submit')
    await volunteer.keyboard.press('Enter')
    // The words beside the field, the cursor in it; the keyed ballot stays for when the time is filled in.
    await expect
      .poll(() => field.getByRole('alert').innerText(), poll)
      .toBe('请先填写这批纸质选票的收到时间：投票截止后录入的选票必须注明收到时间。')
    await expect.poll(() => focused(volunteer), poll).toBe('paper-received')
    expect(await received.getAttribute('aria-invalid')).toBe('true')
    expect(await volunteer.getByLabel('房号', { exact: true }).inputValue()).toBe('2-1-101')

    // A time after the close: paper handed in then does not count.
    await received.fill(chinaLocal(closesAt + HOUR))
    expect(await field.getByRole('alert').innerText()).toBe('')
    await volunteer.getByRole('button', { name: '提交（Enter）' }).focus()
    await volunteer.keyboard.press('Enter')
    await expect
      .poll(() => field.getByRole('alert').innerText(), poll)
      .toBe(`收到时间不能晚于投票截止（${endText(closesAt)}）：截止后收到的纸质选票不计入。`)
    await screenshot(volunteer, 'counting-received-refused')

    expect(sent).toEqual([])
    const entries = await stage.app.db
      .selectFrom('paper_entries')
      .select('id')
      .where('meeting_id', '=', meetingId)
      .execute()
    expect(entries).toEqual([])
    const scans = await stage.app.db
      .selectFrom('attachments')
      .select('id')
      .where('meeting_id', '=', meetingId)
      .execute()
    expect(scans).toEqual([])
  }, 60_000)

  it('keys two ballots received before the close by keyboard alone, a second convener confirms them blind, and the meeting is counted once all paper is declared entered', async () => {
    // The box was emptied an hour before the close: the time is set once, for the whole batch.
    const receivedAt = closesAt - HOUR
    await volunteer.reload()
    await volunteer.getByRole('heading', { name: '纸质选票录入', level: 1 }).waitFor()
    const received = volunteer.getByLabel('纸质选票收到时间（北京时间）')
    const unit = volunteer.getByLabel('房号', { exact: true })
    await received.focus()
    await received.fill(chinaLocal(receivedAt))
    // Enter in the time goes on to the first ballot's unit.
    await volunteer.keyboard.press('Enter')
    await expect.poll(() => focused(volunteer), poll).toBe('paper-unit')

    for (const [u, keys] of [
      ['2-1-101', '12'],
      ['2-1-102', '13'],
    ] as const) {
      await volunteer.getByLabel('选票扫描件或照片').setInputFiles(scanFile(`${u}.png`))
      await expect.poll(() => focused(volunteer), poll).toBe('paper-unit')
      await volunteer.keyboard.type(u)
      await volunteer.keyboard.press('Enter')
      await volunteer.keyboard.type(keys)
      await expect.poll(() => focused(volunteer), poll).toBe('paper-submit')
      await volunteer.keyboard.press('Enter')
      await volunteer.getByText(`${u} 已录入，等待另一位召集人复核。`).waitFor()
      await expect.poll(() => focused(volunteer), poll).toBe('paper-unit')
      expect(await unit.inputValue()).toBe('')
      // The batch's time stays for the next ballot of the box.
      expect(await received.inputValue()).toBe(chinaLocal(receivedAt))
    }
    await screenshot(volunteer, 'counting-paper-entry')
    const entered = await stage.app.db
      .selectFrom('paper_entries')
      .select(['voter', 'received_at', 'status'])
      .where('meeting_id', '=', meetingId)
      .orderBy('voter')
      .execute()
    expect(entered).toEqual([
      {
        voter: '2-1-101',
        received_at: new Date(receivedAt).toISOString(),
        status: 'awaiting_confirmation',
      },
      {
        voter: '2-1-102',
        received_at: new Date(receivedAt).toISOString(),
        status: 'awaiting_confirmation',
      },
    ])

    // Back on the meeting page: the two ballots are pending, by unit.
    await volunteer.goto(`${stage.app.origin}${meetingPath}`)
    const status = volunteer.getByRole('region', { name: '会议进度' })
    await expect
      .poll(() => status.innerText(), poll)
      .toContain('尚未计入的纸质选票：2 张（2-1-101、2-1-102）。')
    await screenshot(volunteer, 'counting-meeting-desk')

    // The second convener, on another desk, enters both again from the paper alone.
    clerk = await desk('李召集', 'convener')
    await clerk.goto(`${stage.app.origin}${meetingPath}/paper`)
    const awaiting = clerk.getByRole('region', { name: '待复核' })
    await expect.poll(() => awaiting.locator('tbody tr').count(), poll).toBe(2)
    expect(await awaiting.innerText()).not.toMatch(/同意|反对|弃权/)
    for (const [u, keys] of [
      ['2-1-101', '12'],
      ['2-1-102', '13'],
    ] as const) {
      await awaiting.getByRole('button', { name: `复核 ${u}` }).click()
      await expect.poll(() => focused(clerk), poll).toBe('paper-q1')
      await clerk.keyboard.type(keys)
      await clerk.keyboard.press('Enter')
      await clerk
        .getByText(new RegExp(`${u} 复核一致，已计入。回执 [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}`))
        .waitFor()
    }

    // The volunteer's meeting page follows the turnout live: nothing is pending any more.
    await expect.poll(() => status.innerText(), poll).toContain('没有待复核或待重新录入的纸质选票。')
    await expect.poll(() => volunteer.locator('.turnout-total').innerText(), poll).toContain('2 / ')
    await screenshot(volunteer, 'counting-meeting-nothing-pending')
    // On a 768 px tablet the page never scrolls sideways.
    await volunteer.setViewportSize({ width: 768, height: 1024 })
    expect(await volunteer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768)
    await screenshot(volunteer, 'counting-meeting-tablet')
    await volunteer.setViewportSize({ width: 1280, height: 800 })

    // The declaration asks first, naming the meeting; Cancel sends nothing.
    await status.getByRole('button', { name: '全部纸质选票已录入，计票' }).click()
    const dialog = volunteer.getByRole('dialog', { name: '确认全部纸质选票已录入' })
    await dialog.waitFor()
    expect(await dialog.innerText()).toContain(`宣布“${TITLE}”的全部纸质选票已录入？`)
    await screenshot(volunteer, 'counting-dialog')
    await dialog.getByRole('button', { name: '取消' }).click()
    await dialog.waitFor({ state: 'hidden' })
    expect((await meetingRow(meetingId)).status).toBe('open')

    await status.getByRole('button', { name: '全部纸质选票已录入，计票' }).click()
    await dialog.getByRole('button', { name: '确认：全部已录入，开始计票' }).click()
    await expect.poll(() => volunteer.locator('dl.facts').innerText(), poll).toContain('已计票')
    expect((await meetingRow(meetingId)).status).toBe('closed')
    const counted = await volunteer.getByRole('region', { name: '会议进度' }).innerText()
    expect(counted).toMatch(/已计票：计票结果已于 .+ 保存，可以公布初步结果。/)
    expect(counted).toMatch(/召集人于 .+ 宣布全部纸质选票已录入。/)
    expect(await volunteer.getByRole('link', { name: '录入纸质选票' }).count()).toBe(0)

    // Both paper ballots are in the tally, and the preliminary result can be published.
    await volunteer.getByRole('button', { name: '公布初步结果' }).click()
    await expect.poll(() => volunteer.locator('dl.facts').innerText(), poll).toContain('初步结果')
    const ballots = await stage.app.db
      .selectFrom('ballots')
      .select(['voter', 'channel'])
      .where('meeting_id', '=', meetingId)
      .where('status', '=', 'valid')
      .orderBy('voter')
      .execute()
    expect(ballots).toEqual([
      { voter: '2-1-101', channel: 'paper' },
      { voter: '2-1-102', channel: 'paper' },
    ])

    // 方勇 of 2-1-101, signing in on his phone, reads on his start page that his unit voted on paper, and when.
    const owner = await phoneOn(stage)
    await activateOnPhone(stage, owner.page, '2-1-101', '方勇', '0735')
    const { created_at } = await stage.app.db
      .selectFrom('ballots')
      .select('created_at')
      .where('meeting_id', '=', meetingId)
      .where('voter', '=', '2-1-101')
      .where('status', '=', 'valid')
      .executeTakeFirstOrThrow()
    const when = new Intl.DateTimeFormat('zh-CN', {
      timeZone: 'Asia/Shanghai',
      month: 'long',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(created_at))
    await owner.page.goto(`${stage.app.origin}/`)
    const card = owner.page.locator('.meeting-card').filter({ hasText: TITLE })
    await expect.poll(() => card.innerText(), poll).toContain(`本户已于 ${when} 以纸质表决票投票。`)
    await card.getByRole('link', { name: '查看已投票的房屋' }).tap()
    await owner.page.getByText('2-1-101：在已投票名单中').waitFor()
    expect(
      await owner.page.getByRole('list', { name: '已投票的房屋名单' }).getByRole('listitem').allInnerTexts(),
    ).toEqual(['2-1-101（132.05\u00a0㎡）', '2-1-102（143.42\u00a0㎡）'])
  }, 120_000)

  it('shows the final’s deadline once the objection period is over and signed off, overdue in red after it, and refuses the final while an objection is unanswered', async () => {
    // An owner objects to the preliminary result (as their phone's POST …/objections does).
    const owner = await phoneOn(stage)
    await activateOnPhone(stage, owner.page, '1-1-101', '潘芳', '9839')
    const account = await stage.app.db
      .selectFrom('accounts')
      .innerJoin('owners', 'owners.id', 'accounts.owner_id')
      .select('accounts.id')
      .where('owners.name', '=', '潘芳')
      .executeTakeFirstOrThrow()
    const { objectionId } = await addObjection(
      stage.app.db,
      await loadedMeeting(stage.app.db, meetingId, clock()),
      account.id,
      '我的纸质选票是否计入？',
      { actor: `account:${account.id}`, role: 'owner', now: clock() },
    )

    // A supervisor signs off during the objection period.
    await supervisor.goto(`${stage.app.origin}${meetingPath}`)
    await supervisor.getByRole('radio', { name: '签署同意' }).check()
    await supervisor.getByRole('button', { name: '提交' }).click()
    // The confirmation names the unanswered objection; the supervisor approves knowingly.
    const confirm = supervisor.getByRole('dialog', { name: '确认签署' })
    await confirm.getByText('未答复的异议：1 条。').waitFor()
    await confirm.getByRole('button', { name: '确认签署同意' }).click()
    await supervisor.getByText('已记录。').waitFor()

    // The objection period ends: the final is due within 3 days.
    const { objections_end_at } = await stage.app.db
      .selectFrom('meetings')
      .select('objections_end_at')
      .where('id', '=', meetingId)
      .executeTakeFirstOrThrow()
    moveClockTo(Date.parse(objections_end_at ?? '') + HOUR)
    await signInAgain(stage.app, volunteer, meetingPath)
    const due = (await volunteer.evaluate(
      async (url) =>
        ((await (await fetch(url)).json()) as { meeting: { finalDue: unknown } }).meeting.finalDue,
      `/api/estates/${ESTATE}/meetings/${meetingId}`,
    )) as { dueAt: string; overdue: boolean }
    expect(due.overdue).toBe(false)
    const status = volunteer.getByRole('region', { name: '会议进度' })
    await expect
      .poll(() => status.innerText(), poll)
      .toContain(`最终公告须于 ${endText(Date.parse(due.dueAt))} 前发布`)

    // An objection is unanswered: the final is refused, in words.
    await volunteer.getByRole('button', { name: '发布最终公告' }).click()
    const results = volunteer.getByRole('region', { name: '结果', exact: true })
    await expect
      .poll(() => results.getByRole('alert').innerText(), poll)
      .toContain('还有异议没有答复：答复全部异议后才能发布最终公告。')
    expect(await results.getByRole('alert').innerText()).toContain('未答复的异议：1 条。')

    // Past the deadline: overdue, in red, for the supervisor too.
    moveClockTo(Date.parse(due.dueAt) + HOUR)
    await signInAgain(stage.app, volunteer, meetingPath)
    const overdue = status.locator('.status-line.bad')
    await expect
      .poll(() => overdue.innerText(), poll)
      .toBe(
        `已逾期：最终公告应于 ${endText(Date.parse(due.dueAt))} 前发布（北京市物业管理条例第三十七条：3 日内公告）。`,
      )
    expect(await overdue.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(143, 29, 18)')
    await screenshot(volunteer, 'counting-final-overdue')
    await signInAgain(stage.app, supervisor, meetingPath)
    await supervisor.getByRole('region', { name: '会议进度' }).getByText('已逾期：最终公告应于').waitFor()

    // The objection answered, the final is published.
    const objections = volunteer.getByRole('region', { name: '异议与答复' })
    await objections.getByLabel(`答复异议 ${objectionId}`).fill('已计入，两张纸质选票均经复核。')
    await objections.getByRole('button', { name: '发送答复' }).click()
    await objections.getByText('答复: 已计入，两张纸质选票均经复核。').waitFor()
    await volunteer.getByRole('button', { name: '发布最终公告' }).click()
    await expect.poll(() => volunteer.locator('dl.facts').innerText(), poll).toContain('最终公告')
    expect(await volunteer.getByRole('region', { name: '会议进度' }).count()).toBe(0)
  }, 120_000)
})
