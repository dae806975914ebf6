import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { demoMoneyDisclosures } from '../../server/demo/disclosures-data'
import { createDisclosure, editDisclosureDraft, publishDisclosure } from '../../server/services/disclosures'
import { formatYuan } from '../../web/src/components/statement-format'
import { activateOnPhone, deskOn, enrollAt, ESTATE, phoneOn, poll, setUpStage } from './desk'

/**
 * Disclosures in the browser (domain §9). Seeded through the services: last year's two half-years of the
 * maintenance fund (the first corrected by a 第2版 with its reason) and the property contract. 潘芳 on a 360-px
 * phone finds them from her start page, reads the corrected half-year with its table and chart, compares the two
 * versions (the back button returns, a reload keeps the comparison); a convener imports this year's first
 * half-year from an .xlsx, publishes it after the confirmation, and prints the supervision board, which shows the
 * new balance and the QR code. axe-core checks each page on the way.
 */

const YEAR = Number(
  new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()),
)
const LAST = YEAR - 1
const [fundH1, fundH2] = demoMoneyDisclosures(LAST).filter((x) => x.kind === 'maintenance_fund')
const convener = (now: Date) => ({ actor: 'test:convener', role: 'convener', now })

const stage = setUpStage({
  prepare: async (db) => {
    const who = convener(new Date())
    for (const x of [fundH1, fundH2]) {
      if (!x) throw new Error('the demo has two half-years of the fund')
      const [first, ...corrections] = x.versions
      if (!first) throw new Error('each has a first version')
      const { id } = await createDisclosure(
        db,
        ESTATE,
        {
          kind: x.kind,
          period: { start: x.periodStart, end: x.periodEnd },
          visibility: 'public',
          decidedAt: null,
          title: x.title,
          body: x.body,
          statement: { ...first.statement, lines: [...first.statement.lines] },
          facts: null,
        },
        who,
      )
      await publishDisclosure(db, ESTATE, id, { reason: '' }, who)
      for (const c of corrections) {
        await editDisclosureDraft(
          db,
          ESTATE,
          id,
          {
            title: x.title,
            body: x.body,
            statement: { ...c.statement, lines: [...c.statement.lines] },
            facts: null,
            attachmentIds: [],
          },
          who,
        )
        await publishDisclosure(db, ESTATE, id, { reason: c.reason }, who)
      }
    }
    const { id } = await createDisclosure(
      db,
      ESTATE,
      {
        kind: 'property_contract',
        period: null,
        visibility: 'public',
        decidedAt: null,
        title: '物业服务合同及收费标准',
        body: '锦绣苑业主大会与上海锦程物业管理有限公司签订的物业服务合同。\n\n收费标准见下表。',
        statement: null,
        facts: {
          company: '上海锦程物业管理有限公司',
          contractStart: `${LAST}-01-01`,
          contractEnd: `${YEAR + 2}-12-31`,
          serviceStandard: '上海市住宅物业服务分等收费标准 三级',
          fees: [{ item: '物业服务费（住宅）', rateFen: 250, unit: '每平方米每月' }],
          hotline: '021-5555 0101',
        },
      },
      who,
    )
    await publishDisclosure(db, ESTATE, id, { reason: '' }, who)
  },
})

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
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${page.url()}: ${v.id} (${v.impact}) ${v.nodes[0]?.html.slice(0, 120) ?? ''}`)
}

/** The corrected half-year's page, where the owner asked her question. */
let versionPath = ''

const noSidewaysScroll = async (page: Page) =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)

describe('disclosures', () => {
  it('an owner on a phone reads a fund statement with its chart, asks a question and compares two versions', async () => {
    if (!fundH1) throw new Error('seeded')
    const { page } = await phoneOn(stage)
    await activateOnPhone(stage, page, '1-1-101', '潘芳', '9839')
    await page.goto(`${stage.app.origin}/`)
    await page.getByRole('link', { name: '信息公开与收支公示' }).tap()
    await page.getByRole('heading', { name: '信息公开', level: 1 }).waitFor()
    await page.getByRole('heading', { name: '专项维修资金收支', level: 3 }).waitFor()
    // This year's first half-year is not due before July: the due list names what is.
    await page.getByRole('heading', { name: '应公开事项', level: 2 }).waitFor()
    expect(await violations(page)).toEqual([])
    await noSidewaysScroll(page)
    await stage.screenshot(page, 'disclosures-owner-list')

    await page.getByRole('link', { name: fundH1.title }).tap()
    await page.getByRole('heading', { name: fundH1.title, level: 1 }).waitFor()
    const corrected = fundH1.versions[1]
    if (!corrected) throw new Error('the first half-year has a correction')
    await page.getByText(`更正理由：${corrected.reason}`).first().waitFor()
    // The statement as a table with its closing balance, and the chart over both half-years.
    const table = page.getByRole('region', { name: /收支明细表/ })
    await table.waitFor()
    expect(await table.innerText()).toContain(formatYuan(corrected.statement.closingFen))
    const chart = page.locator('figure.statement-chart svg')
    await chart.waitFor()
    await expect
      .poll(() => page.locator('figure.statement-chart svg[role="img"]').getAttribute('aria-label'), poll)
      .toContain(formatYuan(fundH2?.versions[0]?.statement.closingFen ?? 0))
    await page.getByTestId('version-hash').waitFor()
    await page.getByRole('heading', { name: '全部版本' }).waitFor()
    expect(await violations(page)).toEqual([])
    await noSidewaysScroll(page)
    await stage.screenshot(page, 'disclosures-owner-version')

    // The two versions side by side (stacked on the phone), the added line marked by + and a word.
    // She asks a question about it, which the committee will answer in public.
    await page.getByLabel('问题').fill('6月28日那笔续筹为什么第1版没有列入？')
    await page.getByRole('button', { name: '提交问题' }).tap()
    await page.getByText('问题已提交，业主委员会将公开答复。').waitFor()
    await page.getByText('尚未答复').waitFor()
    versionPath = new URL(page.url()).pathname
    const versionUrl = page.url()
    await page.getByRole('link', { name: '与第1版对比' }).tap()
    await page.getByRole('heading', { name: '第1版与第2版对比', level: 1 }).waitFor()
    const addedLines = page.locator('.side.after li.added')
    await expect.poll(() => addedLines.count(), poll).toBeGreaterThan(0)
    expect(await addedLines.first().locator('.mark').innerText()).toBe('+')
    expect(await addedLines.first().locator('.tag').innerText()).toBe('新增')
    expect(await page.locator('.side.before li.removed .mark').first().innerText()).toBe('−')
    expect(await violations(page)).toEqual([])
    await noSidewaysScroll(page)
    await stage.screenshot(page, 'disclosures-owner-compare')
    // A reload keeps the comparison; the back button returns to the version.
    const compareUrl = page.url()
    await page.reload()
    await page.getByRole('heading', { name: '第1版与第2版对比', level: 1 }).waitFor()
    expect(page.url()).toBe(compareUrl)
    await page.goBack()
    await page.getByRole('heading', { name: fundH1.title, level: 1 }).waitFor()
    expect(page.url()).toBe(versionUrl)
  })

  it('a convener imports a fund statement from an .xlsx file, publishes it and a correction with its reason, records paper service, answers the question and prints the board', async () => {
    const opening = fundH2?.versions.at(-1)?.statement.closingFen
    if (opening === undefined) throw new Error('seeded')
    const lines = [
      {
        date: new Date(Date.UTC(YEAR, 1, 10)),
        direction: '收入',
        yuan: 52_000,
        who: '全体业主',
        what: '专项维修资金续筹',
      },
      {
        date: new Date(Date.UTC(YEAR, 4, 20)),
        direction: '支出',
        yuan: 18_350.5,
        who: '上海某某电梯工程有限公司',
        what: '5号楼电梯钢丝绳更换',
      },
    ]
    const closing = opening + 5_200_000 - 1_835_050
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('维修资金')
    ws.addRow(['日期', '收支', '金额', '对方', '用途', '凭证'])
    ws.addRow(['期初余额', '', opening / 100, '', '', ''])
    for (const l of lines) ws.addRow([l.date, l.direction, l.yuan, l.who, l.what, ''])
    ws.addRow(['期末余额', '', closing / 100, '', '', ''])
    const dir = mkdtempSync(join(tmpdir(), 'gongjue-disclosure-'))
    const file = join(dir, 'fund.xlsx')
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()))

    const desk = await deskOn(stage)
    await enrollAt(stage.app, desk, ESTATE, '召集人', 'convener', stage.clock())
    await desk.goto(`${stage.app.origin}/console/${ESTATE}/disclosures`)
    await desk.getByRole('heading', { name: '信息公开', level: 1 }).waitFor()
    await desk.getByRole('heading', { name: '待办：应公开事项' }).waitFor()
    expect(await violations(desk)).toEqual([])
    await stage.screenshot(desk, 'disclosures-console')

    const title = `${YEAR}年上半年专项维修资金收支情况`
    await desk.getByLabel('类别').selectOption('maintenance_fund')
    await desk.getByLabel('期间开始').fill(`${YEAR}-01-01`)
    await desk.getByLabel('期间结束').fill(`${YEAR}-06-30`)
    await desk.getByLabel('标题').fill(title)
    await desk.getByLabel('正文').fill('业主委员会公布上半年专项维修资金收支。\n原始凭证存业主委员会办公室。')
    await desk.locator('input[type="file"]').first().setInputFiles(file)
    await desk
      .getByRole('button', { name: /读取|导入|检查/ })
      .first()
      .click()
    await desk.getByText('已读取 2 行收支。').waitFor()
    await desk.getByRole('button', { name: '创建草稿' }).click()
    await desk.getByRole('heading', { name: title, level: 1 }).waitFor()
    await desk.getByRole('button', { name: '发布', exact: true }).click()
    await desk.getByRole('dialog').getByText('发布后').waitFor()
    expect(await violations(desk)).toEqual([])
    await desk.getByRole('button', { name: '确认发布' }).click()
    await desk.getByText('已发布第1版。').waitFor()
    await stage.screenshot(desk, 'disclosures-console-published')

    // A correction starts from the published version (its statement typed in yuan) and states its reason.
    await desk.getByRole('button', { name: '编辑更正草稿' }).click()
    await expect.poll(() => desk.getByLabel('标题').inputValue(), poll).toBe(title)
    expect(await desk.getByLabel('期末余额（元）').inputValue()).toBe(formatYuan(closing).replace('¥', ''))
    await desk
      .getByLabel('正文')
      .fill('业主委员会公布上半年专项维修资金收支。\n原始凭证存业主委员会办公室，业主可预约查阅。')
    await desk.getByRole('button', { name: '保存草稿' }).click()
    await desk.getByText('草稿已保存。').waitFor()
    await desk.getByLabel('更正理由').fill('补充查阅凭证的方式')
    await desk.getByRole('button', { name: '发布更正' }).click()
    await desk.getByRole('dialog').getByText('更正理由：补充查阅凭证的方式').waitFor()
    await desk.getByRole('button', { name: '确认发布' }).click()
    await desk.getByText('已发布第2版。').waitFor()

    // The version's service list by building: nobody has read it yet; a paper copy served on 1-1-102 is recorded.
    await desk.getByRole('link', { name: '第1版 · 送达情况' }).click()
    await desk.getByRole('heading', { name: `${title} 第1版 送达清单`, level: 1 }).waitFor()
    await desk.getByText(/已在线阅读 0 户，已纸质送达 0 户/).waitFor()
    await desk.getByRole('checkbox', { name: '选择 1-1-102', exact: true }).check()
    await desk.getByLabel('送达人').fill('孙召集')
    await desk.getByRole('button', { name: '登记纸质送达' }).click()
    await desk.getByText('已登记 1 户。').waitFor()
    await desk.getByText(/已在线阅读 0 户，已纸质送达 1 户/).waitFor()
    const row = desk.locator('table.service tr', {
      has: desk.getByRole('rowheader', { name: '1-1-102', exact: true }),
    })
    expect(await row.innerText()).toContain('纸质送达')

    // The owner's question answered in public from the console; the answer shows on the version's page.
    await desk.goto(`${stage.app.origin}/console/${ESTATE}/disclosures`)
    await desk.getByRole('link', { name: fundH1?.title ?? '' }).click()
    await desk.getByRole('heading', { name: '业主提问' }).waitFor()
    await desk.getByLabel('公开答复').fill('该笔款项6月28日到账，第1版编制时漏列，第2版已更正。')
    await desk.getByRole('button', { name: '发布答复' }).click()
    await desk.getByText('该笔款项6月28日到账，第1版编制时漏列，第2版已更正。').waitFor()
    await desk.goto(`${stage.app.origin}${versionPath}`)
    await desk.getByText('该笔款项6月28日到账，第1版编制时漏列，第2版已更正。').waitFor()
    await desk.getByText(/ 答复$/).waitFor()

    // The board, from the console; printed: the QR code and the new balance are on the sheet.
    await desk.goto(`${stage.app.origin}/console/${ESTATE}/disclosures`)
    await desk.getByRole('link', { name: '公示牌' }).click()
    await desk.getByRole('heading', { name: /公示牌/, level: 1 }).waitFor()
    await desk.getByRole('radio', { name: 'A3' }).check()
    expect(await violations(desk)).toEqual([])
    await desk.emulateMedia({ media: 'print' })
    const balance = desk.getByTestId('board-balance').first()
    await balance.waitFor()
    expect(await balance.innerText()).toBe(formatYuan(closing))
    expect(await desk.getByTestId('board-qr').locator('svg').count()).toBe(1)
    await desk.getByText('上海锦程物业管理有限公司').first().waitFor()
    await desk.getByText('021-5555 0101').waitFor()
    expect(await desk.locator('.board-tools').isVisible()).toBe(false)
    await stage.screenshot(desk, 'disclosures-board-print')
    await desk.emulateMedia({ media: 'screen' })
  })
})
