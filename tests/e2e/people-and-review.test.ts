import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { createMeeting, giveNotice } from '../../server/services/meetings'
import { SoftAuthenticator } from '../../server/demo/soft-authenticator'
import { ownersWithPasskeys } from '../support/voters'
import { DAY, ESTATE, deskOn, enrollAt, focused, letterFor, poll, setUpStage } from './desk'

/**
 * The people who act for voters and the second person, in a real browser at a desk (domain §2, §3): a convener
 * records the co-owners' representative of 1-1-201 (贾建国 and 袁勇) from the signed paper and a guardian for one of
 * its owners, keyboard first, and revokes both behind a dialog naming the person and the unit; a convener re-issues
 * a letter that would end an activated owner's passkeys and is told it waits for approval; a supervisor on another
 * desk approves it after a dialog saying what happens, and the review shows it decided. A convener sees the review
 * without its buttons.
 *
 * Owners with passkeys are made through the services (tests/support/voters.ts), and the owner whose activation
 * waits has no phone on the roll, so nothing here depends on the activation's text-message step.
 */

const stage = setUpStage()
const { clock, screenshot } = stage
const console_ = (path = '') => `${stage.app.origin}/console/${ESTATE}${path}`

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

async function api(method: string, path: string, body?: unknown, cookie?: string) {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (method !== 'GET') headers['origin'] = stage.app.origin
  if (cookie) headers['cookie'] = cookie
  if (body !== undefined) headers['content-type'] = 'application/json'
  return fetch(`${stage.app.origin}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
}

interface Owner {
  readonly cookie: string
  readonly phone: SoftAuthenticator
}

/**
 * An owner with no phone on the roll activates from a re-issued letter (the API, a software passkey): the activation
 * awaits a supervisor's approval.
 */
async function activateWithoutPhone(unit: string, name: string, idLast4: string): Promise<Owner> {
  await stage.app.db
    .updateTable('owners')
    .set({ phone: '' })
    .where('estate_id', '=', ESTATE)
    .where('name', '=', name)
    .where('id_last4', '=', idLast4)
    .execute()
  await letterFor(stage.app, ESTATE, unit, clock())
  const { code } = await letterFor(stage.app, ESTATE, unit, clock())
  const phone = new SoftAuthenticator(stage.app.origin)
  const started = await api('POST', '/api/activation/options', { code, name, idLast4 })
  expect(started.status).toBe(200)
  const step = (await started.json()) as {
    step: string
    options: Parameters<SoftAuthenticator['register']>[0]
  }
  expect(step.step).toBe('passkey')
  const done = await api('POST', '/api/activation', { response: phone.register(step.options) })
  expect(done.status).toBe(201)
  const cookie =
    (done.headers.getSetCookie().find((c) => c.startsWith('gj_session=')) ?? '').split(';')[0] ?? ''
  return { cookie, phone }
}

/** A ballot cast online through the API, signed with the owner's passkey. */
async function vote(meetingId: string, owner: Owner, voter: string, choices: Record<string, unknown>) {
  const base = `/api/estates/${ESTATE}/meetings/${meetingId}`
  const prepared = await api('POST', `${base}/ballot-options`, { voter, choices }, owner.cookie)
  expect(prepared.status).toBe(200)
  const { ballot, options } = (await prepared.json()) as {
    ballot: { nonce: string }
    options: Parameters<SoftAuthenticator['authenticate']>[0]
  }
  const cast = await api(
    'POST',
    `${base}/ballots`,
    { nonce: ballot.nonce, response: owner.phone.authenticate(options) },
    owner.cookie,
  )
  expect(cast.status).toBe(201)
}

/** Live passkeys of an owner's account. */
const livePasskeys = async (ownerId: number) =>
  (
    await stage.app.db
      .selectFrom('credentials')
      .innerJoin('accounts', 'accounts.id', 'credentials.account_id')
      .select('credentials.id')
      .where('accounts.owner_id', '=', ownerId)
      .where('credentials.revoked_at', 'is', null)
      .execute()
  ).length

/** On a 768 px tablet the page never scrolls sideways; the desk goes back to 1280×800 afterwards. */
async function tablet(page: Page, name: string) {
  await page.setViewportSize({ width: 768, height: 1024 })
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768)
  await screenshot(page, name)
  await page.setViewportSize({ width: 1280, height: 800 })
}

let convener: Page
let supervisor: Page
let gao: Owner | undefined

describe('the people who act for voters, and the supervisors’ approvals', () => {
  it('a convener finds 1-1-201 and records 贾建国 as its representative from the signed PDF, uploaded first, by keyboard', async () => {
    convener = await deskOn(stage)
    await convener.setViewportSize({ width: 1280, height: 800 })
    await enrollAt(stage.app, convener, ESTATE, '王召集', 'convener', clock())
    await convener.goto(console_())
    await convener
      .getByRole('navigation', { name: '工作台导航' })
      .getByRole('link', { name: '代表与监护人' })
      .click()
    await convener.waitForURL(console_('/people'))
    await convener.getByRole('heading', { name: '代表与监护人', level: 1 }).waitFor()
    await convener.getByText('没有登记的代表。').waitFor()

    // An empty search says so beside the field; then the unit by keyboard.
    await convener.getByLabel('房号', { exact: true }).focus()
    await convener.keyboard.press('Enter')
    expect(await convener.locator('#people-unit-error').innerText()).toBe('请填写房号。')
    await convener.keyboard.type('1-1-201')
    await convener.keyboard.press('Enter')
    await convener.waitForURL(console_('/people?unit=1-1-201'))
    await convener.getByRole('heading', { name: '房屋 1-1-201' }).waitFor()
    const owners = convener.locator('.owners li')
    // The heading comes first, the unit's people once read.
    await expect.poll(() => owners.allInnerTexts(), poll).toEqual(['贾建国', '袁勇'])
    expect(await convener.getByText('尚未指定代表：').count()).toBe(1)

    // Recording before the paper is uploaded: refused beside the file field, the cursor on it.
    await convener.getByRole('button', { name: '登记代表' }).focus()
    await convener.keyboard.press('Enter')
    expect(await convener.locator('#rep-document-error').innerText()).toBe('请先上传签字的书面材料。')
    expect(await focused(convener)).toBe('rep-document')

    // A file that is not a PDF or an image: the server's refusal in words.
    await convener.locator('#rep-document').setInputFiles({
      name: 'notes.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('not really a pdf'),
    })
    await convener.getByText('只接受 PDF、JPEG、PNG 或 WebP 文件。').waitFor()

    // The signed paper: uploaded at once, and the convener can open it.
    await convener.locator('#rep-document').setInputFiles({
      name: '1-1-201 共有人指定代表.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    })
    await convener.getByText('已上传：1-1-201 共有人指定代表.pdf').waitFor()
    const paper = await convener.getByRole('link', { name: '打开核对' }).getAttribute('href')
    const fetched = await convener.request.get(`${stage.app.origin}${paper}`)
    expect(fetched.status()).toBe(200)
    expect(fetched.headers()['content-type']).toBe('application/pdf')

    // No co-owner chosen yet: refused beside the choice. Then 贾建国 by keyboard, Tab to the button, Enter.
    await convener.getByRole('button', { name: '登记代表' }).focus()
    await convener.keyboard.press('Enter')
    expect(await convener.locator('#rep-owner-error').innerText()).toBe('请选择一位共有人作为代表。')
    const repChoice = convener.getByRole('group', { name: '代表（从这户的共有人中选择）' })
    expect(
      await repChoice.getByRole('radio', { name: '贾建国' }).evaluate((e) => e === document.activeElement),
    ).toBe(true)
    await convener.keyboard.press('Space')
    await convener.keyboard.press('Tab')
    expect(await convener.evaluate(() => document.activeElement?.textContent)).toBe('登记代表')
    await convener.keyboard.press('Enter')
    await convener.getByText('已登记 贾建国 为 1-1-201 的代表。').waitFor()
    await expect.poll(() => convener.locator('.owners li').first().innerText(), poll).toMatch(/贾建国\s*代表/)
    await convener.getByText(/现任代表：贾建国（召集人依书面材料登记，.+起）。/).waitFor()

    // The list of representatives in force: the unit, the masked name, on what basis, the paper.
    const row = convener.getByRole('region', { name: '有效的代表' }).locator('tbody tr')
    await expect.poll(() => row.count(), poll).toBe(1)
    const cells = await row.locator('th, td').allInnerTexts()
    expect(cells.slice(0, 3)).toEqual(['1-1-201', '贾*', '召集人依书面材料登记'])
    expect(cells[4]).toBe('查看')
  })

  it('the convener records a guardian for 袁勇: every field’s refusal in words, a dialog naming the guardian, the ward and the unit, and 袁勇’s passkeys end', async () => {
    const [yuan] = await ownersWithPasskeys(stage.app.db, ESTATE, {
      units: [{ unit: '1-1-201', name: '袁勇' }],
      now: clock(),
    })
    if (!yuan) throw new Error('no owner 袁勇')
    expect(await livePasskeys(yuan.ownerId)).toBe(1)

    // Nothing filled in: each field says what it needs, and the cursor goes to the first, the ward.
    await convener.getByRole('button', { name: '登记监护人' }).focus()
    await convener.keyboard.press('Enter')
    const form = convener.locator('.guardian-form')
    expect(await form.locator('.field-error').allInnerTexts()).toEqual([
      '请选择被监护的业主。',
      '请填写监护人的姓名。',
      '请填写监护人身份证件号码的最后四位：数字或 X。',
      '请填写监护人与业主的关系。',
      '请先上传签字的书面材料。',
    ])
    expect(await convener.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe(
      'guardian-ward',
    )

    // By keyboard: the arrow chooses 袁勇, Tab through the name, the ID characters (a wrong one first) and the relation.
    await convener.keyboard.press('ArrowDown')
    const wards = convener.getByRole('group', { name: '被监护的业主' })
    expect(await wards.getByRole('radio', { name: '袁勇' }).isChecked()).toBe(true)
    await convener.keyboard.press('Tab')
    expect(await focused(convener)).toBe('guardian-name')
    await convener.keyboard.type('林秀英')
    await convener.keyboard.press('Tab')
    await convener.keyboard.type('12a4')
    await convener.keyboard.press('Tab')
    await convener.keyboard.type('配偶')
    await convener.locator('#guardian-document').setInputFiles({
      name: '监护证明.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    })
    await convener.getByText('已上传：监护证明.pdf').waitFor()
    await convener.getByRole('button', { name: '登记监护人' }).focus()
    await convener.keyboard.press('Enter')
    expect(await form.locator('.field-error').allInnerTexts()).toEqual([
      '请填写监护人身份证件号码的最后四位：数字或 X。',
    ])
    expect(await focused(convener)).toBe('guardian-id')
    await convener.keyboard.press('ControlOrMeta+A')
    await convener.keyboard.type('123x')

    // The dialog names the guardian, the ward and the unit, with Cancel focused: a stray Enter cancels.
    await convener.getByRole('button', { name: '登记监护人' }).focus()
    await convener.keyboard.press('Enter')
    const dialog = convener.getByRole('dialog', { name: '登记 林秀英 为 袁勇 的监护人？' })
    await dialog.waitFor()
    expect(await dialog.innerText()).toContain(
      '登记后，由 林秀英 代 袁勇 激活和投票，袁勇 本人不再投票：袁勇 已有的通行密钥和登录立即作废。林秀英 用 1-1-201 的邀请信',
    )
    await screenshot(convener, 'people-guardian-dialog')
    expect(await convener.evaluate(() => document.activeElement?.textContent)).toBe('取消')
    await convener.keyboard.press('Enter')
    await dialog.waitFor({ state: 'hidden' })
    expect(await livePasskeys(yuan.ownerId)).toBe(1)

    await convener.getByRole('button', { name: '登记监护人' }).focus()
    await convener.keyboard.press('Enter')
    await dialog.waitFor()
    await convener.keyboard.press('Shift+Tab')
    expect(await convener.evaluate(() => document.activeElement?.textContent)).toBe('确认登记监护人')
    await convener.keyboard.press('Enter')
    await convener.getByText('已登记 林秀英 为 袁勇 的监护人。').waitFor()
    await convener.getByText(/林秀英（配偶）是 袁勇 的监护人，.+起。/).waitFor()
    expect(await convener.locator('.owners li').nth(1).innerText()).toMatch(/袁勇\s*监护人 林秀英/)
    expect(await livePasskeys(yuan.ownerId)).toBe(0)
    const guardians = convener.getByRole('region', { name: '有效的监护' }).locator('tbody tr')
    await expect.poll(() => guardians.count(), poll).toBe(1)
    expect((await guardians.locator('th, td').allInnerTexts()).slice(0, 3)).toEqual(['袁*', '林*', '配偶'])
    // 袁勇 has a guardian now: the form offers only 贾建国 as a ward.
    expect(await wards.getByRole('radio', { name: '袁勇（已有监护人）' }).isDisabled()).toBe(true)

    await screenshot(convener, 'people-unit-desk')
    await tablet(convener, 'people-unit-tablet')
  })

  it('the convener revokes the guardianship and the representative, each after a dialog naming the person and the unit', async () => {
    await convener.getByRole('button', { name: '撤销 林秀英 的监护' }).click()
    const g = convener.getByRole('dialog', { name: '撤销 林秀英 对 袁勇（1-1-201）的监护？' })
    await g.waitFor()
    expect(await g.innerText()).toContain('袁勇 本人须用新的邀请信激活')
    await g.getByRole('button', { name: '确认撤销监护' }).click()
    await convener.getByText('已撤销 林秀英 对 袁勇 的监护。').waitFor()
    await convener.getByText('这户的业主都没有登记监护人。').waitFor()
    await convener.getByText('没有登记的监护人。').waitFor()

    await convener.getByRole('button', { name: '撤销代表 贾建国' }).click()
    const r = convener.getByRole('dialog', { name: '撤销 1-1-201 的代表 贾建国？' })
    await r.waitFor()
    expect(await r.innerText()).toContain('任何一位共有人都可以投票')
    await r.getByRole('button', { name: '确认撤销代表' }).click()
    await convener.getByText('已撤销 贾建国 作为 1-1-201 代表的登记。').waitFor()
    await convener.getByText('没有登记的代表。').waitFor()
    await convener.getByText(/^尚未指定代表：/).waitFor()

    // A unit with one owner needs no representative; an unknown unit is said in words.
    await convener.getByLabel('房号', { exact: true }).fill('1-1-101')
    await convener.keyboard.press('Enter')
    await convener.getByRole('heading', { name: '房屋 1-1-101' }).waitFor()
    await convener.getByText('这户只有一位业主，无需指定代表。').waitFor()
    expect(await convener.getByRole('button', { name: '登记代表' }).count()).toBe(0)
    await convener.getByLabel('房号', { exact: true }).fill('9-9-999')
    await convener.keyboard.press('Enter')
    await convener.getByRole('alert').getByText('名册上没有这个房号。').waitFor()
  })

  it('a convener re-issues 1-1-103’s letter ending 黎海燕’s passkeys, and is told it works only once a supervisor approves', async () => {
    const [li] = await ownersWithPasskeys(stage.app.db, ESTATE, { units: ['1-1-103'], now: clock() })
    if (!li) throw new Error('no owner for 1-1-103')
    gao = await activateWithoutPhone('1-1-203', '高涛', '7600')

    await convener
      .getByRole('navigation', { name: '工作台导航' })
      .getByRole('link', { name: '邀请信' })
      .click()
    await convener.waitForURL(console_('/invitations'))
    await convener.getByRole('radio', { name: '指定房号' }).check()
    await convener.getByLabel('房号', { exact: true }).fill('1-1-103')
    await convener.getByRole('checkbox', { name: /同时作废这些票权人已有的通行密钥/ }).check()
    expect(await convener.locator('#issue-revoke-hint').innerText()).toContain(
      '新信须经居委会监督员或街道办事处批准后才能使用',
    )
    await convener.getByRole('button', { name: '发放并打印邀请信' }).click()
    const confirm = convener.getByRole('group', { name: '请确认' })
    expect(await confirm.innerText()).toContain('批准时他们原有的通行密钥才作废')
    await confirm.getByRole('button', { name: '确认发放' }).click()

    const awaiting = convener.locator('.awaiting')
    await awaiting.waitFor()
    expect(await awaiting.getByRole('heading').innerText()).toBe('须经批准才能使用')
    expect(await awaiting.innerText()).toContain('1 个票权人的业主已有通行密钥')
    expect(await awaiting.innerText()).toContain('等待批准：1-1-103')
    // Nothing ends until the approval.
    expect(await livePasskeys(li.ownerId)).toBe(1)
    await screenshot(convener, 'invitations-awaiting-approval')

    await convener.getByRole('button', { name: '完成，返回列表' }).click()
    const pending = convener.getByRole('region', { name: '等待批准的接管' })
    await pending.waitFor()
    expect(await pending.getByRole('listitem').allInnerTexts()).toEqual([
      expect.stringMatching(/^1-1-103：王召集 于 .+ 发放$/),
    ])
    await screenshot(convener, 'invitations-pending')
  })

  it('the convener reads the review: the take-over and the activation without a phone await approval, with no buttons to approve', async () => {
    await convener.goto(console_())
    await convener
      .getByRole('navigation', { name: '工作台导航' })
      .getByRole('link', { name: '接管与激活审核' })
      .click()
    await convener.waitForURL(console_('/review'))
    await convener.getByRole('heading', { name: '接管与激活审核', level: 1 }).waitFor()
    await convener.getByText('批准须由居委会监督员或街道办事处完成：召集人可以查看，不能批准。').waitFor()
    const takeover = convener.getByRole('article', { name: '房屋 1-1-103' })
    await takeover.waitFor()
    expect(await takeover.innerText()).toMatch(/王召集 于 .+ 申请补发邀请信并作废业主现有的通行密钥。/)
    const activation = convener.getByRole('article', { name: '房屋 1-1-203 · 高*' })
    expect(await activation.innerText()).toContain('名册上没有这位业主的手机号，没有做短信验证。')
    expect(await convener.getByRole('button', { name: '批准' }).count()).toBe(0)
    expect(await convener.getByRole('button', { name: '拒绝' }).count()).toBe(0)
    await screenshot(convener, 'review-convener')
  })

  it('a supervisor on another desk approves the take-over after a dialog saying the owner’s passkeys end, and the review shows it decided', async () => {
    supervisor = await deskOn(stage)
    await supervisor.setViewportSize({ width: 1280, height: 800 })
    await enrollAt(stage.app, supervisor, ESTATE, '李监督', 'supervisor', clock())
    await supervisor.goto(console_('/review'))
    await supervisor.getByRole('heading', { name: '接管与激活审核', level: 1 }).waitFor()
    const takeover = supervisor.getByRole('article', { name: '房屋 1-1-103' })
    await takeover.waitFor()
    expect(await supervisor.locator('.read-only').count()).toBe(0)
    await screenshot(supervisor, 'review-supervisor-desk')
    await tablet(supervisor, 'review-supervisor-tablet')

    // Cancel first: nothing changes.
    await takeover.getByRole('button', { name: '批准' }).click()
    const dialog = supervisor.getByRole('dialog', { name: '批准 1-1-103 的接管？' })
    await dialog.waitFor()
    const said = await dialog.innerText()
    expect(said).toContain('王召集 申请为 1-1-103 补发邀请信')
    expect(said).toContain('这户业主现有的通行密钥全部作废')
    expect(said).toContain('此操作不能撤销')
    await screenshot(supervisor, 'review-approve-dialog')
    await dialog.getByRole('button', { name: '取消' }).click()
    await dialog.waitFor({ state: 'hidden' })
    const li = await stage.app.db
      .selectFrom('owners')
      .select('id')
      .where('estate_id', '=', ESTATE)
      .where('name', '=', '黎海燕')
      .executeTakeFirstOrThrow()
    expect(await livePasskeys(li.id)).toBe(1)

    await takeover.getByLabel('说明（可选，记入审计日志）').fill('已电话联系业主，确认手机丢失')
    await takeover.getByRole('button', { name: '批准' }).click()
    await dialog.getByRole('button', { name: '确认批准：作废业主的通行密钥' }).click()
    await supervisor
      .getByText('已批准 1-1-103 的接管：业主原有的通行密钥已作废，新邀请信可以使用。')
      .waitFor()
    expect(await livePasskeys(li.id)).toBe(0)
    await supervisor.getByText('没有待批准的接管。').waitFor()
    const history = supervisor.getByRole('region', { name: '接管记录' }).locator('tbody tr')
    const cells = await history.first().locator('th, td').allInnerTexts()
    expect([cells[0], cells[1], cells[3], cells[4]]).toEqual(['1-1-103', '王召集', '已批准', '李监督'])

    // The activation without a phone: approved after its own dialog.
    const activation = supervisor.getByRole('article', { name: '房屋 1-1-203 · 高*' })
    await activation.getByRole('button', { name: '批准' }).click()
    const second = supervisor.getByRole('dialog', { name: '批准 高*（1-1-203）的激活？' })
    await second.getByRole('button', { name: '确认批准激活' }).click()
    await supervisor.getByText('已批准 1-1-203 的激活。').waitFor()
    await supervisor.getByText('没有待批准的激活。').waitFor()
    await screenshot(supervisor, 'review-decided')

    // The convener's review reads the same decision.
    await convener.reload()
    await convener.getByRole('region', { name: '接管记录' }).waitFor()
    const seen = await convener
      .getByRole('region', { name: '接管记录' })
      .locator('tbody tr')
      .first()
      .locator('th, td')
      .allInnerTexts()
    expect([seen[0], seen[3], seen[4]]).toEqual(['1-1-103', '已批准', '李监督'])
    expect(await convener.getByRole('button', { name: '批准' }).count()).toBe(0)
  })

  it('the review lists the activation from a re-issued code and the ballot cast within a day of it, never the choice', async () => {
    if (!gao) throw new Error('高涛 activates in an earlier step')
    // A meeting open now: noticed 20 days ago, opened 2 days ago (15 full days after the notice).
    const who = (at: number) => ({ actor: 'test:convener', role: 'convener', now: new Date(at) })
    const now = clock().getTime()
    const title = '2026年第二次业主大会会议'
    const meetingId = await createMeeting(
      stage.app.db,
      ESTATE,
      {
        title,
        opensAt: new Date(now - 2 * DAY).toISOString(),
        closesAt: new Date(now + 8 * DAY).toISOString(),
        matters: [{ kind: 'management_covenant', title: '修改管理规约', body: '全文见附件' }],
      },
      who(now - 20 * DAY),
    )
    await giveNotice(stage.app.db, meetingId, who(now - 20 * DAY))
    await stage.tick()
    await vote(meetingId, gao, '1-1-203', { q1: 'yes' })

    await supervisor.reload()
    const reissued = supervisor.getByRole('region', { name: '用补发的激活码完成的激活' }).locator('tbody tr')
    await expect.poll(() => reissued.count(), poll).toBe(1)
    const r = await reissued.locator('th, td').allInnerTexts()
    expect([r[0], r[1], r[3]]).toEqual(['1-1-203', '高*', '已批准'])
    const quick = supervisor.getByRole('region', { name: '激活后一天内投出的选票' })
    const q = await quick.locator('tbody tr').first().locator('th, td').allInnerTexts()
    expect([q[0], q[1], q[2], q[3], q[6]]).toEqual([title, '1-1-203', '网上投票', '有效', '是'])
    expect(await quick.innerText()).not.toMatch(/同意|反对|弃权/)
    await screenshot(supervisor, 'review-quick-ballots')

    // In English too, from the console's English catalogue.
    await supervisor.getByRole('button', { name: 'English' }).click()
    await supervisor.getByRole('heading', { name: 'Take-overs and activations', level: 1 }).waitFor()
    const quickEn = supervisor.getByRole('region', { name: 'Ballots cast within a day of an activation' })
    expect(await quickEn.locator('tbody td').nth(1).innerText()).toBe('Online')
    await screenshot(supervisor, 'review-en')
    await convener.goto(console_('/people?unit=1-1-201'))
    await convener.getByRole('button', { name: 'English' }).click()
    await convener.getByRole('heading', { name: 'Unit 1-1-201' }).waitFor()
    await screenshot(convener, 'people-en')
  })
})
