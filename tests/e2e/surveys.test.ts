import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { chinaDate, DAY_MS, startOfChinaDate } from '../../server/domain/calendar'
import { activateOnPhone, deskOn, enrollAt, ESTATE, HOUR, phoneOn, poll, setUpStage } from './desk'

/**
 * A satisfaction survey in the browser (domain §10): the convener creates one from the template at the desk and
 * publishes its notice; an owner on a 360-px phone finds it from her start page, answers every item — a low mark
 * asks for its reason —, gets her receipt code, and after a reload still sees that her household has answered, with
 * the receipt kept on the phone; a second submission is refused. The convener then enters a paper response and
 * sees the count of responses; after the close the phone shows the results, the trend chart and her response found
 * by its receipt. Each page is checked by axe-core on the way.
 */

const stage = setUpStage()
const TITLE = '2026年度物业服务满意度测评'

// axe-core, evaluated through the DevTools protocol (the app's CSP refuses inline scripts), as accessibility.test.ts
// runs it over the other pages: a serious or critical violation on a survey page fails this file.
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(AXE)
  const found = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: unknown }> } }
    ).axe
    return (await axe.run(document, { resultTypes: ['violations'] })).violations as {
      id: string
      impact: string | null
      nodes: { html: string }[]
    }[]
  })
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'empty-table-header')
    .map((v) => `${page.url()}: ${v.id} (${v.impact}) ${v.nodes[0]?.html.slice(0, 120) ?? ''}`)
}

/** The n-th item of a survey form (in the questionnaire's order) and its mark. */
const mark = (page: Page, form: string, item: number, name: string) =>
  page.locator(`${form} fieldset.survey-item`).nth(item).getByRole('radio', { name, exact: true })

describe('a satisfaction survey', () => {
  it('is created at the desk, answered on a phone with a reason for a low mark, entered on paper, and its results read after the close', async () => {
    const today = chinaDate(stage.clock().getTime())
    const inFive = chinaDate(stage.clock().getTime() + 5 * DAY_MS)

    // The convener creates the survey from the template (seven items), adds one, and publishes its notice.
    const desk = await deskOn(stage)
    await enrollAt(stage.app, desk, ESTATE, '召集人', 'convener', stage.clock())
    await desk.goto(`${stage.app.origin}/console/${ESTATE}/surveys`)
    await desk.getByRole('heading', { name: '满意度测评', level: 1 }).waitFor()
    expect(await violations(desk)).toEqual([])
    await desk.getByLabel('标题', { exact: true }).fill(TITLE)
    await desk.getByLabel('开始日期').fill(today)
    await desk.getByLabel('结束日期').fill(inFive)
    await desk.getByRole('button', { name: '按模板创建' }).click()
    await desk.getByRole('heading', { name: TITLE, level: 1 }).waitFor()
    // Its creator adds an item before the notice; it goes before the overall question.
    await desk.getByLabel('新增项目').fill('停车管理')
    await desk.getByRole('button', { name: '添加', exact: true }).click()
    await desk.getByRole('button', { name: '保存问卷' }).click()
    await expect.poll(() => desk.getByLabel('第 7 项的名称').inputValue(), poll).toBe('停车管理')
    expect(await desk.getByLabel('第 8 项的名称').inputValue()).toBe('总体评价')
    await desk.getByRole('button', { name: '发布测评通知' }).click()
    await desk.getByText('发布后问卷和答卷期不能再修改').waitFor()
    await desk.getByRole('button', { name: '发布测评通知' }).click()
    await desk.getByText(/^已答卷 0 户 \/ 共 [0-9,]+ 户/).waitFor()
    // Service of the notice on paper for two flats, by unit.
    await desk.getByLabel('房号（可填多个，用空格或逗号分隔）').fill('1-1-102 1-1-103')
    await desk.getByRole('button', { name: '记录送达' }).click()
    await desk.getByText('已记录 2 户的送达。').waitFor()
    await desk.getByText(/已送达通知 2 户/).waitFor()

    // 潘芳 activates her phone and finds the open survey from her start page.
    const phone = await phoneOn(stage)
    const page = phone.page
    await activateOnPhone(stage, page, '1-1-101', '潘芳', '9839')
    await page.goto(`${stage.app.origin}/`)
    await page.getByRole('link', { name: '物业服务满意度测评' }).tap()
    await page.getByRole('link', { name: '填写问卷' }).tap()
    await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor()
    const form = 'form.survey-form'
    const items = page.locator(`${form} fieldset.survey-item`)
    await expect.poll(() => items.count(), poll).toBe(8)

    // Every item 满意 but 维修服务 不满意: its reason field appears, and submitting without it names the item.
    for (let i = 0; i < 8; i++) await mark(page, form, i, i === 2 ? '不满意' : '满意').tap()
    const reason = page.getByLabel('请说明原因（必填）')
    await reason.waitFor()
    expect(await reason.count()).toBe(1)
    await page.getByRole('button', { name: '提交答卷' }).tap()
    await page.getByText('请为以下项目填写原因：维修服务').waitFor()
    // 基本满意 needs no reason: the field goes away, and comes back with 不满意.
    await mark(page, form, 2, '基本满意').tap()
    await expect.poll(() => reason.count(), poll).toBe(0)
    await mark(page, form, 2, '不满意').tap()
    await reason.fill('报修后三天才有人来')
    expect(await violations(page)).toEqual([])
    await page.getByRole('button', { name: '提交答卷' }).tap()
    await page.getByRole('heading', { name: '答卷已提交' }).waitFor()
    const receipt = (await page.locator('code.receipt-code').innerText()).trim()
    expect(receipt).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await stage.screenshot(page, 'survey-owner-receipt')

    // A reload keeps her answered state and the receipt on the phone; the form is gone.
    await page.reload()
    await page.getByText(/^1-1-101 已于 .* 答卷。$/).waitFor()
    expect((await page.locator('code.receipt-code').innerText()).trim()).toBe(receipt)
    expect(await page.locator(form).count()).toBe(0)

    // A second submission for her household is refused.
    const again = await page.evaluate(
      async (path) => {
        const res = await fetch(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            voter: '1-1-101',
            answers: {
              security_fire: { mark: 3 },
              cleaning: { mark: 3 },
              repairs: { mark: 3 },
              greening: { mark: 3 },
              reception: { mark: 3 },
              fee_transparency: { mark: 3 },
              item_1: { mark: 3 },
              overall: { mark: 3 },
            },
          }),
        })
        return { status: res.status, body: (await res.json()) as { error?: { code: string } } }
      },
      `${page.url().replace(stage.app.origin, '').replace('/estates/', '/api/estates/')}/responses`,
    )
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'survey_already_answered' } } })

    // At the desk: a paper response for 1-1-102, all 基本满意; the count says two households.
    await desk.reload()
    await desk.getByRole('heading', { name: '录入纸质答卷' }).waitFor()
    await desk.getByLabel('房号', { exact: true }).fill('1-1-102')
    const paper = 'section form.survey-form'
    for (let i = 0; i < 8; i++) await mark(desk, paper, i, '基本满意').click()
    await desk.getByRole('button', { name: '录入', exact: true }).click()
    await desk.getByText(/^已录入 1-1-102 的答卷，回执码 [0-9A-Z-]{14}/).waitFor()
    await desk.getByText(/^已答卷 2 户 \/ 共 [0-9,]+ 户/).waitFor()
    // Served: the two on paper and 潘芳's own opening of the survey.
    await desk.getByText('其中纸质答卷 1 份；已送达通知 3 户').waitFor()
    expect(await violations(desk)).toEqual([])
    await stage.screenshot(desk, 'survey-console-paper')
    const channels = await stage.app.db
      .selectFrom('survey_responded')
      .select(['voter', 'channel'])
      .orderBy('voter')
      .execute()
    expect(channels).toEqual([
      { voter: '1-1-101', channel: 'online' },
      { voter: '1-1-102', channel: 'paper' },
    ])

    // After the window: the phone shows the results — both households satisfied overall (100% by headcount and by
    // area), 维修服务 below the pass mark with her reason, the trend as a chart, her response found by its receipt.
    stage.moveClockTo(startOfChinaDate(inFive) + DAY_MS + HOUR)
    await page.reload()
    await page.getByRole('heading', { name: '测评结果' }).waitFor()
    const overall = page.locator('.survey-overall')
    expect(await overall.locator('.share-heads').innerText()).toBe('100.00%')
    expect(await overall.locator('.share-area').innerText()).toBe('100.00%')
    expect(await overall.locator('.survey-outcome').innerText()).toBe('达到合格线')
    const repairs = page.locator('table.survey-dimensions tr', { hasText: '维修服务' })
    expect(await repairs.locator('td').allInnerTexts()).toEqual([
      '50.00%',
      expect.stringMatching(/%$/),
      '未达到合格线',
    ])
    await page.getByText('报修后三天才有人来').waitFor()
    expect(await page.locator('.survey-trend svg[role="img"] rect').count()).toBe(1)
    await page.getByLabel('按回执码查找我的答卷').fill(receipt)
    await page.getByText('找到了您的答卷：').waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    expect(await violations(page)).toEqual([])
    await stage.screenshot(page, 'survey-owner-results')
  })
})
