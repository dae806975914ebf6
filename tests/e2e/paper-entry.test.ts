import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { createMeeting, giveNotice } from '../../server/services/meetings'
import { DAY, ESTATE, deskOn, enrollAt, focused, letterFor, phoneOn, poll, setUpStage } from './desk'
import { enterTextedCode, rollPhone } from './owner-phone'

/**
 * The volunteer keying a box of paper ballots in an evening (domain §6.3): thirty ballots by keyboard alone, no
 * file dialog in the way; the mistakes seen on the paper said beside the field before anything is sent (a matter
 * left blank, more candidates than seats, a unit not on the electorate) and a unit that voted online warned of;
 * the photos attached afterwards as one batch, matched by file name and one by hand; the second entry refused
 * without a scan and never offered to the clerk who made the first; a mismatch entered afresh beside its scan, then
 * confirmed by the other clerk.
 */

const stage = setUpStage()
const { clock, screenshot } = stage

/** Thirty flats of building 3, each its own voter (domain §3). */
// prettier-ignore
const UNITS = [
  '3-1-101', '3-1-102', '3-1-103', '3-1-201', '3-1-1102', '3-1-203', '3-1-301', '3-1-302', '3-1-303', '3-1-401',
  '3-1-402', '3-1-403', '3-1-501', '3-1-502', '3-1-503', '3-1-601', '3-1-602', '3-1-603', '3-1-701', '3-1-702',
  '3-1-703', '3-1-801', '3-1-802', '3-1-803', '3-1-901', '3-1-903', '3-1-1001', '3-1-1002', '3-1-1003', '3-1-1101',
]
const CANDIDATES = ['潘芳', '段文杰', '黎海燕', '贾建国', '袁勇', '雷军']
const CANDIDATE_UNITS = ['1-1-101', '1-1-102', '1-1-103', '1-1-201', '1-1-201', '7-2-601']

/** A real 1×1 PNG: the scan beside the form and the batch's thumbnails are drawn from it. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
)
const photo = (name: string) => ({ name, mimeType: 'image/png', buffer: PNG })

let meetingId = ''
let paperPath = ''
let volunteer: Page
let clerk: Page

async function desk(name: string): Promise<Page> {
  const page = await deskOn(stage)
  await enrollAt(stage.app, page, ESTATE, name, 'convener', clock())
  return page
}

const entries = () =>
  stage.app.db
    .selectFrom('paper_entries')
    .select(['voter', 'status', 'scan_id'])
    .where('meeting_id', '=', meetingId)
    .orderBy('entered_at')
    .execute()

/** One ballot as the volunteer keys it: the unit, Enter, a key for the covenant, candidates' numbers, Enter. */
async function key(page: Page, unit: string, covenant: string, candidates: string) {
  await page.keyboard.type(unit)
  await page.keyboard.press('Enter')
  await expect.poll(() => focused(page), poll).toBe('paper-q1')
  await page.keyboard.type(covenant)
  await expect.poll(() => focused(page), poll).toBe('paper-q2')
  await page.keyboard.type(candidates)
  await page.keyboard.press('Enter')
}

describe('the volunteer entering paper ballots in an evening', () => {
  it('keys thirty ballots by keyboard alone, with the mistakes on the paper said beside the field before anything is sent', async () => {
    const now = clock().getTime()
    const who = (at: number) => ({ actor: 'test:convener', role: 'convener', now: new Date(at) })
    meetingId = await createMeeting(
      stage.app.db,
      ESTATE,
      {
        title: '2026年第三次业主大会会议',
        opensAt: new Date(now - 2 * DAY).toISOString(),
        closesAt: new Date(now + 5 * DAY).toISOString(),
        matters: [
          { kind: 'management_covenant', title: '修改管理规约', body: '' },
          {
            kind: 'elect_committee',
            title: '选举业主委员会',
            body: '',
            seats: 5,
            candidates: CANDIDATES.map((name, i) => ({
              unit: CANDIDATE_UNITS[i] ?? '',
              name,
              statement: '',
              eligibility: { fullCapacity: true, noArrears: true, notPropertyStaff: true },
            })),
          },
        ],
      },
      who(now - 20 * DAY),
    )
    await giveNotice(stage.app.db, meetingId, who(now - 20 * DAY))
    paperPath = `/console/${ESTATE}/meetings/${meetingId}/paper`

    // 潘芳 of 1-1-101 votes online on her phone.
    const owner = await phoneOn(stage)
    const letter = await letterFor(stage.app, ESTATE, '1-1-101', clock())
    await owner.page.goto(letter.url)
    await owner.page.getByLabel('姓名', { exact: true }).fill('潘芳')
    await owner.page.getByLabel('证件号后四位', { exact: true }).fill('9839')
    await owner.page.getByRole('button', { name: '下一步' }).tap()
    await enterTextedCode(stage.app, owner.page, await rollPhone(stage.app, ESTATE, '潘芳', '9839'))
    await owner.page.getByRole('button', { name: '创建通行密钥' }).tap()
    // Activated and signed in: the owner's start page or their own page, wherever activation lands them.
    await owner.page.waitForURL((u) => u.pathname === '/' || u.pathname === '/me')
    await owner.page.goto(`${stage.app.origin}/estates/${ESTATE}/meetings/${meetingId}/vote?voter=1-1-101`)
    await owner.page
      .getByRole('group', { name: /修改管理规约/ })
      .getByRole('radio', { name: '同意' })
      .tap()
    await owner.page.getByRole('button', { name: '下一步：核对' }).tap()
    await owner.page.getByRole('button', { name: '用通行密钥确认提交' }).tap()
    await owner.page.waitForURL(/\/receipt\?voter=1-1-101$/)

    volunteer = await desk('王召集')
    await volunteer.goto(`${stage.app.origin}${paperPath}`)
    await volunteer.getByRole('heading', { name: '纸质选票录入', level: 1 }).waitFor()
    await expect.poll(() => focused(volunteer), poll).toBe('paper-unit')
    const sent: string[] = []
    volunteer.on('request', (r) => {
      if (r.method() === 'POST') sent.push(new URL(r.url()).pathname)
    })
    const unit = volunteer.getByLabel('房号', { exact: true })

    // A unit that voted online: warned of as soon as it is entered (the ballot would be kept as a duplicate only).
    await volunteer.keyboard.type('1-1-101')
    await volunteer.keyboard.press('Enter')
    const warning = volunteer.locator('#paper-unit-warning')
    await expect.poll(() => warning.innerText(), poll).toMatch(/^注意：1-1-101 已于 .+ 网上投票。/)
    expect(await unit.getAttribute('aria-describedby')).toContain('paper-unit-warning')
    await volunteer.keyboard.press('Shift+Tab')
    await volunteer.keyboard.press('Control+A')
    await volunteer.keyboard.press('Backspace')

    // A unit not on this meeting's electorate: said beside the field, the cursor stays there.
    await volunteer.keyboard.type('9-9-999')
    await volunteer.keyboard.press('Enter')
    const unitError = volunteer.locator('#paper-unit-error')
    await expect
      .poll(() => unitError.innerText(), poll)
      .toBe('房号 9-9-999 不在本次会议的表决名册中，请核对选票上的房号。')
    expect(await unit.getAttribute('aria-invalid')).toBe('true')
    expect(await unit.getAttribute('aria-describedby')).toContain('paper-unit-error')
    expect(await focused(volunteer)).toBe('paper-unit')
    await volunteer.keyboard.press('Control+A')
    await volunteer.keyboard.type(UNITS[0] ?? '')
    expect(await unitError.innerText()).toBe('')

    // A matter left blank: Enter at once submits nothing and says which.
    await volunteer.keyboard.press('Enter')
    await expect.poll(() => focused(volunteer), poll).toBe('paper-q1')
    await volunteer.keyboard.press('Enter')
    const q1 = volunteer.getByLabel('第1项 修改管理规约')
    await expect.poll(() => volunteer.locator('#paper-q1-error').innerText(), poll).toBe('第1项 还没有录入。')
    expect(await q1.getAttribute('aria-invalid')).toBe('true')
    expect(await q1.getAttribute('aria-describedby')).toContain('paper-q1-error')

    // Six candidates ticked for five seats: said as it is typed, and Enter sends nothing.
    await volunteer.keyboard.type('1')
    await expect.poll(() => focused(volunteer), poll).toBe('paper-q2')
    await volunteer.keyboard.type('1 2 3 4 5 6')
    const q2Error = volunteer.locator('#paper-q2-error')
    await expect
      .poll(() => q2Error.innerText(), poll)
      .toBe('第2项 最多选 5 人。选票上确实多选的，按 0 记为无效并写明原因。')
    expect(await volunteer.getByLabel('第2项 选举业主委员会').getAttribute('aria-invalid')).toBe('true')
    await volunteer.keyboard.press('Enter')
    await expect.poll(() => focused(volunteer), poll).toBe('paper-q2')
    await screenshot(volunteer, 'paper-entry-errors')
    expect(sent).toEqual([])

    // Corrected: the first ballot goes, and twenty-nine more after it, each back at 房号 with the form cleared.
    await volunteer.keyboard.press('Control+A')
    await volunteer.keyboard.type('1 2')
    expect(await q2Error.innerText()).toBe('')
    await volunteer.keyboard.press('Enter')
    const status = volunteer.locator('.status-message')
    for (const [i, u] of UNITS.entries()) {
      if (i > 0) await key(volunteer, u, String((i % 3) + 1), i % 2 === 0 ? '1 2' : '3')
      await expect.poll(() => status.innerText(), poll).toBe(`${u} 已录入：复核前请补传扫描件。`)
      await expect.poll(() => focused(volunteer), poll).toBe('paper-unit')
      expect(await unit.inputValue()).toBe('')
    }
    await screenshot(volunteer, 'paper-entry-keyed')
    const keyed = await entries()
    expect(keyed.map((e) => e.voter)).toEqual(UNITS)
    expect(keyed.every((e) => e.status === 'awaiting_confirmation' && e.scan_id === null)).toBe(true)
    // Nothing went up but the entries: no scan, no file dialog.
    expect(sent.filter((p) => !p.endsWith('/paper-entries'))).toEqual([])
  }, 90_000)

  it('refuses the second entry without a scan, then takes the photos as one batch, matched by file name and by hand', async () => {
    clerk = await desk('李召集')
    await clerk.goto(`${stage.app.origin}${paperPath}`)
    const awaiting = clerk.getByRole('region', { name: '待复核' })
    await expect.poll(() => awaiting.locator('tbody tr').count(), poll).toBe(30)
    // Not offered without a scan; and refused by the server if asked all the same.
    expect(await awaiting.getByRole('button', { name: /^复核 / }).count()).toBe(0)
    expect(await awaiting.getByText('缺扫描件').count()).toBe(30)
    const entryId = (
      await stage.app.db
        .selectFrom('paper_entries')
        .select('id')
        .where('voter', '=', UNITS[0] ?? '')
        .executeTakeFirstOrThrow()
    ).id
    const refused = await clerk.evaluate(async (url) => {
      const r = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ choices: { q1: 'yes', q2: ['c1'] } }),
      })
      return { status: r.status, body: (await r.json()) as { error?: { code: string } } }
    }, `/api/estates/${ESTATE}/meetings/${meetingId}/paper-entries/${entryId}/confirmation`)
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'scan_required' } } })

    // The volunteer's stack of photos: all but one named by unit; one straight from the camera.
    const last = UNITS[UNITS.length - 1] ?? ''
    await volunteer
      .getByLabel('选择照片（可多选）')
      .setInputFiles([...UNITS.slice(0, -1).map((u) => photo(`${u}.png`)), photo('IMG_0001.png')])
    const status = volunteer.locator('.status-message')
    await expect
      .poll(() => status.innerText(), { timeout: 30_000 })
      .toMatch(/^已按文件名对应 29 张：3-1-101、/)
    const unmatched = volunteer.getByRole('list', { name: '未对应的照片' })
    const thumb = unmatched.getByRole('img', { name: 'IMG_0001.png' })
    await expect.poll(() => thumb.evaluate((i: HTMLImageElement) => i.naturalWidth), poll).toBe(1)
    await screenshot(volunteer, 'paper-entry-unmatched')
    await unmatched.getByLabel('IMG_0001.png 的房号').fill('9-9-999')
    await volunteer.keyboard.press('Enter')
    await expect
      .poll(() => unmatched.getByRole('alert').innerText(), poll)
      .toBe('9-9-999 没有等待扫描件的录入：请先录入这张选票，或核对房号。')
    await unmatched.getByLabel('IMG_0001.png 的房号').fill(last)
    await volunteer.keyboard.press('Enter')
    await expect.poll(() => status.innerText(), poll).toBe(`已为 ${last} 补传扫描件。`)
    await volunteer.getByText('没有未对应的照片。').waitFor()
    expect((await entries()).every((e) => e.scan_id !== null)).toBe(true)
  }, 90_000)

  it('enters a mismatch afresh beside its scan, confirmed by the other clerk; the first clerk is never offered 复核', async () => {
    const [a, b] = UNITS
    await clerk.reload()
    const awaiting = clerk.getByRole('region', { name: '待复核' })
    await expect.poll(() => awaiting.getByRole('button', { name: /^复核 / }).count(), poll).toBe(30)
    // The second clerk slips on a's covenant (2 for 1): flagged, never guessed.
    await awaiting.getByRole('button', { name: `复核 ${a}` }).click()
    await expect.poll(() => focused(clerk), poll).toBe('paper-q1')
    await clerk.keyboard.type('2')
    await clerk.keyboard.type('1 2')
    await clerk.keyboard.press('Enter')
    await clerk.getByText(`${a} 两次录入不一致（q1），已转入不一致队列。`).waitFor()
    // b agrees: counted.
    await awaiting.getByRole('button', { name: `复核 ${b}` }).click()
    await expect.poll(() => focused(clerk), poll).toBe('paper-q1')
    await clerk.keyboard.type('2')
    await clerk.keyboard.type('3')
    await clerk.keyboard.press('Enter')
    await clerk.getByText(new RegExp(`${b} 复核一致，已计入。`)).waitFor()

    // The volunteer enters a afresh from the mismatch queue, the scan beside the form.
    await volunteer.reload()
    const queue = volunteer.getByRole('region', { name: '不一致队列' })
    await expect.poll(() => queue.locator('tbody tr').count(), poll).toBe(1)
    expect(await queue.getByRole('link', { name: '查看扫描件' }).count()).toBe(1)
    await queue.getByRole('button', { name: `重新录入 ${a}` }).click()
    await volunteer.getByRole('heading', { name: `重新录入 ${a}（对照右侧扫描件）` }).waitFor()
    const scan = volunteer.getByRole('img', { name: `${a} 的选票扫描件` })
    await expect.poll(() => scan.evaluate((i: HTMLImageElement) => i.naturalWidth), poll).toBe(1)
    await screenshot(volunteer, 'paper-entry-reenter')
    await expect.poll(() => focused(volunteer), poll).toBe('paper-unit')
    await volunteer.keyboard.press('Enter')
    await expect.poll(() => focused(volunteer), poll).toBe('paper-q1')
    await volunteer.keyboard.type('2')
    await volunteer.keyboard.type('1 2')
    await volunteer.keyboard.press('Enter')
    await volunteer.getByText(`${a} 已录入，等待另一位召集人复核。`).waitFor()
    await expect.poll(() => queue.locator('tbody tr').count(), poll).toBe(0)

    // Every entry waiting is the volunteer's own: none is offered to them for 复核.
    const mine = volunteer.getByRole('region', { name: '待复核' })
    await expect.poll(() => mine.locator('tbody tr').count(), poll).toBe(29)
    expect(await mine.getByRole('button', { name: /^复核 / }).count()).toBe(0)
    expect(await mine.getByText('你首次录入的：须由另一位召集人复核').count()).toBe(29)
    // On a 360 px phone the desk never scrolls sideways: the lists scroll inside their own box.
    await volunteer.setViewportSize({ width: 360, height: 800 })
    expect(await volunteer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await screenshot(volunteer, 'paper-entry-phone')
    await volunteer.setViewportSize({ width: 1280, height: 900 })

    // The other clerk confirms the fresh entry: counted.
    await clerk.reload()
    await expect
      .poll(() => clerk.getByRole('region', { name: '不一致队列' }).locator('tbody tr').count(), poll)
      .toBe(0)
    await awaiting.getByRole('button', { name: `复核 ${a}` }).click()
    await expect.poll(() => focused(clerk), poll).toBe('paper-q1')
    await clerk.keyboard.type('2')
    await clerk.keyboard.type('1 2')
    await clerk.keyboard.press('Enter')
    await clerk.getByText(new RegExp(`${a} 复核一致，已计入。`)).waitFor()
    const ballots = await stage.app.db
      .selectFrom('ballots')
      .select(['voter', 'channel'])
      .where('meeting_id', '=', meetingId)
      .where('status', '=', 'valid')
      .orderBy('voter')
      .execute()
    expect(ballots).toEqual([
      { voter: '1-1-101', channel: 'online' },
      { voter: a, channel: 'paper' },
      { voter: b, channel: 'paper' },
    ])
  }, 90_000)

  it('keeps a stack of photos on the server: after a reload and on the second clerk’s desk it is still there and is matched there, each entry shown by the flat typed', async () => {
    // 3-1-202 is 贺秀兰's, who also owns 2-1-1101: one voter, numbered 2-1-1101; the paper is for 3-1-202.
    const [twoFlats, other] = ['3-1-202', '3-1-1103']
    await volunteer.reload()
    await expect.poll(() => focused(volunteer), poll).toBe('paper-unit')
    await key(volunteer, twoFlats, '1', '1')
    const status = volunteer.locator('.status-message')
    await expect.poll(() => status.innerText(), poll).toBe(`${twoFlats} 已录入：复核前请补传扫描件。`)
    await expect.poll(() => focused(volunteer), poll).toBe('paper-unit')
    await key(volunteer, other, '2', '2')
    await expect.poll(() => status.innerText(), poll).toBe(`${other} 已录入：复核前请补传扫描件。`)
    const row = await stage.app.db
      .selectFrom('paper_entries')
      .select(['id', 'voter'])
      .where('meeting_id', '=', meetingId)
      .where('status', '=', 'awaiting_confirmation')
      .where('scan_id', 'is', null)
      .orderBy('entered_at')
      .execute()
    expect(row.map((r) => r.voter)).toEqual(['2-1-1101', other])
    // The list names the flat typed, never the voter's other flat.
    const awaiting = volunteer.getByRole('region', { name: '待复核' })
    await awaiting.getByRole('rowheader', { name: twoFlats, exact: true }).waitFor()
    expect(await awaiting.getByRole('rowheader', { name: '2-1-1101', exact: true }).count()).toBe(0)

    // Two photos straight from the camera: neither named by its unit, so both stay in the stack.
    await volunteer
      .getByLabel('选择照片（可多选）')
      .setInputFiles([photo('IMG_0101.png'), photo('IMG_0102.png')])
    await expect
      .poll(() => status.innerText(), { timeout: 30_000 })
      .toBe('已上传 2 张，没有一张能按文件名对应：请在下面逐张填写房号。')
    const stackOf = (page: Page) => page.getByRole('list', { name: '未对应的照片' })
    await stackOf(volunteer).getByLabel('IMG_0102.png 的房号').waitFor()

    // The phone's browser crashes, or the page is reloaded: the stack is the server's, still there, said how many
    // and by whom uploaded (uploads are records and are never deleted).
    await volunteer.reload()
    const stack = stackOf(volunteer)
    await expect.poll(() => stack.getByRole('listitem').count(), poll).toBe(2)
    expect(await stack.getByRole('listitem').first().innerText()).toMatch(/IMG_0102\.png[\s\S]*由王召集上传/)
    await volunteer.getByText(/^共 2 张照片尚未对应。/).waitFor()
    const thumb = stack.getByRole('img', { name: 'IMG_0101.png' })
    await expect.poll(() => thumb.evaluate((i: HTMLImageElement) => i.naturalWidth), poll).toBe(1)
    await volunteer.setViewportSize({ width: 360, height: 800 })
    expect(await volunteer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await stack.scrollIntoViewIfNeeded()
    await screenshot(volunteer, 'paper-entry-stack-after-reload')
    await volunteer.setViewportSize({ width: 1280, height: 900 })

    // The second clerk's desk shows the same stack and matches one there: by the flat written on the paper.
    await clerk.reload()
    const clerkStack = stackOf(clerk)
    await expect.poll(() => clerkStack.getByRole('listitem').count(), poll).toBe(2)
    await clerkStack.getByLabel('IMG_0101.png 的房号').fill(twoFlats)
    await clerk.keyboard.press('Enter')
    await expect
      .poll(() => clerk.locator('.status-message').innerText(), poll)
      .toBe(`已为 ${twoFlats} 补传扫描件。`)
    await expect.poll(() => clerkStack.getByRole('listitem').count(), poll).toBe(1)
    // Not the clerk's own entry, now with its scan: offered to them for 复核 by the flat typed.
    await clerk
      .getByRole('region', { name: '待复核' })
      .getByRole('button', { name: `复核 ${twoFlats}`, exact: true })
      .waitFor()

    // Back at the volunteer's desk: the matched photo has left the stack; the other is matched here.
    await volunteer.reload()
    await expect.poll(() => stack.getByRole('listitem').count(), poll).toBe(1)
    await volunteer.getByText(/^共 1 张照片尚未对应。/).waitFor()
    await stack.getByLabel('IMG_0102.png 的房号').fill(other)
    await volunteer.keyboard.press('Enter')
    await expect.poll(() => status.innerText(), poll).toBe(`已为 ${other} 补传扫描件。`)
    await volunteer.getByText('没有未对应的照片。').waitFor()
    const scans = await stage.app.db
      .selectFrom('paper_entries')
      .innerJoin('attachments', 'attachments.id', 'paper_entries.scan_id')
      .select(['paper_entries.voter', 'attachments.file_name'])
      .where(
        'paper_entries.id',
        'in',
        row.map((r) => r.id),
      )
      .orderBy('paper_entries.entered_at')
      .execute()
    expect(scans).toEqual([
      { voter: '2-1-1101', file_name: 'IMG_0101.png' },
      { voter: other, file_name: 'IMG_0102.png' },
    ])
    await clerk.reload()
    await clerk.getByText('没有未对应的照片。').waitFor()
  }, 90_000)
})
