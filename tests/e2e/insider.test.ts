import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { ESTATE, HOUR, deskOn, enrollAt, letterFor, phoneOn, poll, setUpStage } from './desk'
import { masked, rollPhone, textedCode, textsTo, typeSmsCode, wrongCode } from './owner-phone'

/**
 * The insider (domain §2: a convener may not cast a ballot, nor anyone in an owner's place). A convener holds the
 * roll — names, the last four ID characters — and prints the letters, so the letter and the roll alone must not be
 * enough to activate an owner's account: the one-time code goes to the owner's phone on the roll, which the convener
 * does not hold. And a re-issue that would end the owner's passkeys (a take-over) waits for a second person, a
 * supervisor, while the owner is told by text message and on their own phone.
 *
 * 潘芳 (1-1-101, phone 174****7624 on the roll): the convener prints her letter on the desk and tries it on a phone
 * of their own with her name and ID digits; 潘芳 activates on hers; the convener re-issues her letter with
 * revocation; her phone shows the alert; a supervisor approves on the review page; her passkeys end and the new
 * letter still asks for the code on her phone.
 */

const stage = setUpStage()
const { clock } = stage
/** Phones are photographed at a common modern size; the tests themselves run on the 360 px phone. */
const PHOTO = { width: 390, height: 844 }

const PAN = { unit: '1-1-101', name: '潘芳', idLast4: '9839' }

/** The convener's desk: the letters page prints 潘芳's letter (as paper), and the test reads its link. */
async function printLetter(desk: Page, revoke: boolean): Promise<string> {
  await desk.goto(`${stage.app.origin}/console/${ESTATE}/invitations`)
  await desk.getByRole('radio', { name: '指定房号' }).click()
  await desk.getByLabel('房号', { exact: true }).fill(PAN.unit)
  if (revoke) await desk.getByRole('checkbox', { name: /同时作废这些票权人已有的通行密钥/ }).check()
  await desk.getByRole('button', { name: '发放并打印邀请信' }).click()
  await desk.getByRole('group', { name: '请确认' }).getByRole('button', { name: '确认发放' }).click()
  await desk.getByRole('heading', { name: '已生成 1 封邀请信', level: 1 }).waitFor()
  const letter = desk.locator('article.letter')
  expect(await letter.count()).toBe(1)
  // A take-over: the desk says the letter waits for approval.
  if (revoke) expect(await desk.locator('.awaiting').innerText()).toContain(`等待批准：${PAN.unit}`)
  return letter.locator('.url').innerText()
}

/** Name and ID digits on the letter's page, as whoever holds the roll can type them. */
async function identify(page: Page, url: string) {
  await page.goto(url)
  await page.getByLabel('姓名', { exact: true }).fill(PAN.name)
  await page.getByLabel('证件号后四位', { exact: true }).fill(PAN.idLast4)
  await page.getByRole('button', { name: '下一步' }).tap()
}

/** What the signed-in staff member's browser asks of the API, with its own session and origin. */
const apiFrom = (page: Page, method: 'GET' | 'POST', path: string, body?: unknown) =>
  page.evaluate(
    async ({ method, path, body }) => {
      const r = await fetch(path, {
        method,
        headers: { accept: 'application/json', 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      return { status: r.status, json: (await r.text()) || 'null' }
    },
    { method, path, body },
  )

describe('an insider cannot activate or vote in an owner’s place', () => {
  it('sends 潘芳’s code to her phone, not the convener’s; the convener’s guesses run out; her take-over waits for a supervisor while she is told', async () => {
    const { app } = stage
    const desk = await deskOn(stage)
    await enrollAt(app, desk, ESTATE, '王召集', 'convener', clock())
    const supervisor = await deskOn(stage)
    await enrollAt(app, supervisor, ESTATE, '居委会 李监督', 'supervisor', clock())
    const panPhone = await rollPhone(app, ESTATE, PAN.name, PAN.idLast4)
    expect(masked(panPhone)).toBe('174****7624')

    // The convener prints 潘芳's letter and, holding the roll, opens it on a phone of their own.
    const url = await printLetter(desk, false)
    const insider = await phoneOn(stage)
    await insider.page.setViewportSize(PHOTO)
    await identify(insider.page, url)
    const page = insider.page
    await page.getByRole('heading', { name: '输入短信验证码' }).waitFor()
    expect(await page.getByText('验证码已发送到名册登记的手机 174****7624，10 分钟内有效。').count()).toBe(1)
    // The code went to 潘芳's phone on the roll, and to no other.
    expect(app.texts.sent.map((m) => [m.to, m.template])).toEqual([[panPhone, 'activation_code']])
    expect(await page.locator('main').innerText()).not.toContain(textedCode(app, panPhone))
    await stage.screenshot(page, 'insider-sms-step')

    // Guessing: each wrong code says how many tries are left, then none are; then the code is dead.
    const code = textedCode(app, panPhone)
    const guess = page.getByRole('button', { name: '验证', exact: true })
    for (const left of [4, 3, 2, 1]) {
      await typeSmsCode(page, wrongCode(code))
      await guess.tap()
      await page.getByText(`验证码不对，还可以再试 ${left} 次。`).waitFor()
    }
    await typeSmsCode(page, wrongCode(code))
    await guess.tap()
    await page.getByText('验证码不对，尝试次数已用完，请重新发送验证码。').waitFor()
    await stage.screenshot(page, 'insider-sms-tries-out')
    // Even the right code no longer opens this attempt.
    await typeSmsCode(page, code)
    await guess.tap()
    await page.getByText('验证码已过期或已用过，请重新发送。').waitFor()
    expect(await page.getByRole('heading', { name: '请核对您的信息' }).count()).toBe(0)
    expect(await insider.credentials()).toEqual([])
    const activations = await app.db
      .selectFrom('invitation_activations')
      .innerJoin('owners', 'owners.id', 'invitation_activations.owner_id')
      .select('owners.name')
      .where('owners.name', '=', PAN.name)
      .execute()
    expect(activations).toEqual([])

    // 潘芳 activates on her own phone with the code texted to it.
    const pan = await phoneOn(stage)
    await identify(pan.page, url)
    await pan.page.getByRole('heading', { name: '输入短信验证码' }).waitFor()
    await typeSmsCode(pan.page, textedCode(app, panPhone))
    await pan.page.getByRole('button', { name: '验证', exact: true }).tap()
    await pan.page.getByRole('heading', { name: '请核对您的信息' }).waitFor()
    await pan.page.getByRole('button', { name: '创建通行密钥' }).tap()
    // The owner lands on her estate's meetings with a short note; her account page is one tap away.
    await pan.page.waitForURL(`${app.origin}/`)
    await pan.page.getByText(/^激活成功/).waitFor()
    await pan.page.goto(`${app.origin}/me`)
    await pan.page.getByText('潘芳，您好').waitFor()
    expect(await pan.page.getByRole('region', { name: '账户安全提醒' }).count()).toBe(0)

    // The convener re-issues her letter, ending her passkeys: that is a take-over, and it waits.
    const takeoverUrl = await printLetter(desk, true)
    expect(takeoverUrl).not.toBe(url)
    await expect
      .poll(() => textsTo(app, panPhone).map((m) => m.template), poll)
      .toEqual(['activation_code', 'activation_code', 'takeover_requested'])
    expect(textsTo(app, panPhone).at(-1)?.params).toEqual({ unit: PAN.unit })

    // Her phone says so, in plain words, with the date; so does her start page.
    await pan.page.setViewportSize(PHOTO)
    await pan.page.reload()
    const alert = pan.page.getByRole('region', { name: '账户安全提醒' })
    await alert.waitFor()
    expect(await alert.innerText()).toContain(
      '有人申请为 1-1-101 重新发放激活码并停用您的通行密钥，须经居委会或街道批准。如非本人申请，请立即联系居委会。',
    )
    expect(await alert.innerText()).toMatch(/申请时间：\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/)
    await stage.screenshot(pan.page, 'insider-alert-me')
    await pan.page.getByRole('link', { name: '业主大会会议与投票' }).tap()
    await pan.page.getByRole('heading', { name: '我的小区' }).waitFor()
    await pan.page.getByRole('region', { name: '账户安全提醒' }).waitFor()
    await stage.screenshot(pan.page, 'insider-alert-home')
    // Until approved, her passkey still signs in.
    expect((await pan.credentials()).length).toBe(1)

    // The new letter, tried on the convener's phone, says it waits for approval, as the desk did.
    await identify(page, takeoverUrl)
    await expect
      .poll(() => page.getByRole('alert').innerText(), poll)
      .toContain('这封邀请信会停用业主原有的通行密钥，须经居委会或街道批准后才能使用。')
    expect(textsTo(app, panPhone)).toHaveLength(3)

    // The convener cannot approve their own take-over (the server refuses it); a supervisor does, on the review
    // page, after its dialog.
    const review = await apiFrom(desk, 'GET', `/api/estates/${ESTATE}/activation-review`)
    const takeovers = (JSON.parse(review.json) as { takeovers: { invitationId: string; voter: string }[] })
      .takeovers
    const asked = takeovers.find((t) => t.voter === PAN.unit)
    if (!asked) throw new Error('the review lists no take-over of 1-1-101')
    const approval = `/api/estates/${ESTATE}/invitations/${asked.invitationId}/approval`
    expect((await apiFrom(desk, 'POST', approval, { decision: 'approve' })).status).toBe(403)
    await supervisor.goto(`${app.origin}/console/${ESTATE}/review`)
    const takeover = supervisor.getByRole('article', { name: '房屋 1-1-101' })
    await takeover.getByRole('button', { name: '批准' }).click()
    const dialog = supervisor.getByRole('dialog', { name: '批准 1-1-101 的接管？' })
    await dialog.getByRole('button', { name: '确认批准：作废业主的通行密钥' }).click()
    await supervisor.getByText('已批准 1-1-101 的接管', { exact: false }).waitFor()

    // Approved: her passkeys and sessions end, and she is told by text.
    await expect.poll(() => textsTo(app, panPhone).at(-1)?.template, poll).toBe('takeover_approved')
    await pan.page.goto(`${app.origin}/me`)
    await pan.page.waitForURL(`${app.origin}/signin`)

    // The new letter works now, but still only with the code on her phone: the convener is stopped again.
    stage.moveClockTo(clock().getTime() + HOUR) // past the limit of three codes a phone is sent in 15 minutes
    await identify(page, takeoverUrl)
    await page.getByRole('heading', { name: '输入短信验证码' }).waitFor()
    expect(textsTo(app, panPhone).at(-1)?.template).toBe('activation_code')

    // 潘芳 gets back in with it, on her phone, and /me says what was done.
    await identify(pan.page, takeoverUrl)
    await pan.page.getByRole('heading', { name: '输入短信验证码' }).waitFor()
    await typeSmsCode(pan.page, textedCode(app, panPhone))
    await pan.page.getByRole('button', { name: '验证', exact: true }).tap()
    await pan.page.getByText('您已经有账户。继续后，这部手机会添加一个新的通行密钥。').waitFor()
    await pan.page.getByRole('button', { name: '创建通行密钥' }).tap()
    // The owner lands on her estate's meetings with a short note; her account page is one tap away.
    await pan.page.waitForURL(`${app.origin}/`)
    await pan.page.getByText(/^激活成功/).waitFor()
    await pan.page.goto(`${app.origin}/me`)
    const after = pan.page.getByRole('region', { name: '账户安全提醒' })
    await expect
      .poll(() => after.innerText(), poll)
      .toContain(
        '1-1-101 的新激活码已获居委会或街道批准，您原有的通行密钥已停用。如非本人申请，请立即联系居委会。',
      )
    expect(await after.innerText()).toMatch(/处理时间：\d{4}年/)
  }, 120_000)

  it('lets an owner with no phone on the roll activate, says on /me and the start page that the account votes once a supervisor approves, and not after', async () => {
    const { app } = stage
    const supervisor = await deskOn(stage)
    await enrollAt(app, supervisor, ESTATE, '居委会 赵监督', 'supervisor', clock())
    // 段文杰 (1-1-102) as a roll without his phone would list him: no second factor reaches him.
    await app.db.updateTable('owners').set({ phone: '' }).where('name', '=', '段文杰').execute()
    const sent = app.texts.sent.length
    const letter = await letterFor(app, ESTATE, '1-1-102', clock())
    const { page } = await phoneOn(stage)
    await page.setViewportSize(PHOTO)
    await page.goto(letter.url)
    await page.getByLabel('姓名', { exact: true }).fill('段文杰')
    await page.getByLabel('证件号后四位', { exact: true }).fill('4741')
    await page.getByRole('button', { name: '下一步' }).tap()
    await page.getByRole('heading', { name: '请核对您的信息' }).waitFor()
    expect(
      await page.getByText('名册上没有这位业主的手机号：激活后，须经居委会或街道核准才能投票。').count(),
    ).toBe(1)
    expect(app.texts.sent).toHaveLength(sent)
    await page.getByRole('button', { name: '创建通行密钥' }).tap()
    // The owner lands on her estate's meetings with a short note; her account page is one tap away.
    await page.waitForURL(`${app.origin}/`)
    await page.getByText(/^激活成功/).waitFor()
    await page.goto(`${app.origin}/me`)

    const pending =
      '您的账户激活时没有用名册登记的手机号验证，须经居委会或街道核准后才能投票。核准前您可以登录和查看会议，但还不能投票。'
    await page.getByText(pending).waitFor()
    await stage.screenshot(page, 'approval-pending-me')
    await page.getByRole('link', { name: '业主大会会议与投票' }).tap()
    await page.getByRole('heading', { name: '我的小区' }).waitFor()
    await page.getByText(pending).waitFor()

    // A supervisor approves it on the review page: the notice is gone.
    await supervisor.goto(`${app.origin}/console/${ESTATE}/review`)
    await supervisor
      .getByRole('article', { name: '房屋 1-1-102 · 段*' })
      .getByRole('button', { name: '批准' })
      .click()
    await supervisor
      .getByRole('dialog', { name: '批准 段*（1-1-102）的激活？' })
      .getByRole('button', { name: '确认批准激活' })
      .click()
    await supervisor.getByText('已批准 1-1-102 的激活。').waitFor()
    // Signed in again (the server keeps an account's state per session as it was when it was loaded).
    await page.goto(`${app.origin}/me`)
    await page.getByRole('button', { name: '退出登录' }).tap()
    await page.waitForURL(`${app.origin}/signin`)
    await page.getByRole('button', { name: '用通行密钥登录' }).tap()
    // The owner lands on her estate's meetings with a short note; her account page is one tap away.
    await page.waitForURL(`${app.origin}/`)
    await page.getByText('已登录。').waitFor()
    await page.goto(`${app.origin}/me`)
    await page.getByText('段文杰，您好').waitFor()
    await page.getByRole('region', { name: '我的房屋' }).waitFor()
    expect(await page.getByText(pending).count()).toBe(0)
  })
})
