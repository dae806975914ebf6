import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { importRoll } from '../../server/services/import-roll'
import {
  assignEstate,
  createDistrict,
  createStreetOffice,
  grantArea,
  recordOversightMonth,
} from '../../server/services/oversight'
import { deskOn, enrollAt, ESTATE, phoneOn, poll, setUpStage } from './desk'

/**
 * The street office's page over the estates of its area (domain §11), as its clerk uses it: from her account page
 * to 辖区小区监督, the district figures (formation rate, standard, satisfaction) with the estates behind each, the
 * table filtered by street office and by what is wrong, a reload keeping the page, the CSV export downloaded; then
 * the same page on a 360-px phone without the page scrolling sideways. axe-core finds nothing serious.
 */

const admin = (now: Date) => ({ actor: 'test:admin', role: 'admin', now })
const stage = setUpStage({
  prepare: async (db) => {
    const now = new Date()
    const imported = await importRoll(db, {
      estateId: 'qingyuan',
      estateName: '清源里',
      fileName: 'roll-qingyuan.csv',
      file: readFileSync('demo/roll-qingyuan.csv'),
      actor: 'test:admin',
      role: 'admin',
    })
    if (!imported.ok) throw new Error('the second estate’s roll did not import')
    await createDistrict(db, { id: 'jiading', name: '嘉定区' }, admin(now))
    await createStreetOffice(db, { id: 'west', name: '西街道', districtId: 'jiading' }, admin(now))
    await createStreetOffice(db, { id: 'east', name: '东街道', districtId: 'jiading' }, admin(now))
    await assignEstate(db, ESTATE, { streetOfficeId: 'west', formationEligible: true }, admin(now))
    await assignEstate(db, 'qingyuan', { streetOfficeId: 'east', formationEligible: true }, admin(now))
    // Two earlier months' figures, as the server's hourly recording kept them.
    for (const months of [2, 1])
      await recordOversightMonth(db, new Date(now.getTime() - months * 31 * 86_400_000))
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
    .map((v) => `${v.id} (${v.impact}) ${v.nodes[0]?.html.slice(0, 120) ?? ''}`)
}

const rowNames = (page: Page) => page.locator('table.oversight tbody th[scope="row"]').allTextContents()

describe('the oversight page', () => {
  it('shows a district office its figures and estates, filters them, keeps them over a reload and exports them', async () => {
    const desk = await deskOn(stage)
    await enrollAt(stage.app, desk, 'qingyuan', '区房管局 李*', 'supervisor', stage.clock())
    const account = await stage.app.db
      .selectFrom('accounts')
      .select('id')
      .where('display_name', '=', '区房管局 李*')
      .executeTakeFirstOrThrow()
    await grantArea(
      stage.app.db,
      { accountId: account.id, role: 'district_office', areaId: 'jiading' },
      admin(stage.clock()),
    )

    // From her account page to the oversight page.
    await desk.getByRole('link', { name: '辖区小区监督' }).click()
    await desk.getByRole('heading', { name: '辖区小区监督', level: 1 }).waitFor()
    await desk.getByRole('heading', { name: '嘉定区：指标', level: 2 }).waitFor()
    // Neither estate has formed its assembly: 0 of 2, against the 95% target.
    const formation = desk.locator('li.figure', { has: desk.getByRole('heading', { name: '业委会组建率' }) })
    await expect.poll(() => formation.locator('.figure-value').textContent(), poll).toBe('0.0%（0/2）')
    await formation.getByText('未达目标').waitFor()
    expect(await rowNames(desk)).toEqual(['锦绣苑', '清源里'].sort((a, b) => a.localeCompare(b, 'zh-CN')))
    // The figures over the months: the chart, and the same figures as a table for who cannot see it.
    const chart = desk.locator('figure.oversight-chart')
    await chart.getByText('嘉定区：近12个月的指标').waitFor()
    await chart.getByText('以表格查看各月指标').click()
    await expect.poll(() => chart.locator('tbody tr').count(), poll).toBeGreaterThanOrEqual(2)
    expect(await chart.locator('tbody tr').first().locator('td').first().textContent()).toBe('0.0% (0/2)')
    expect(await violations(desk)).toEqual([])

    // The estates behind the figure, then all again; by street office; by what is wrong.
    await formation.getByRole('button', { name: '查看其余 2 个小区' }).click()
    await desk.getByText('筛选：业委会组建率').waitFor()
    await desk.getByRole('button', { name: '清除筛选' }).click()
    await desk.getByLabel('街道').selectOption({ label: '东街道' })
    await expect.poll(() => rowNames(desk), poll).toEqual(['清源里'])
    await desk.getByRole('status').filter({ hasText: '显示 1 个小区，共 2 个' }).waitFor()
    await desk.getByLabel('街道').selectOption({ label: '全部街道' })
    await desk.getByLabel('只看').selectOption({ label: '运作未达标' })
    await expect.poll(async () => (await rowNames(desk)).length, poll).toBe(2)
    await desk
      .locator('table.oversight')
      .getByText(/未达标：无在任业委会/)
      .first()
      .waitFor()
    await desk.getByLabel('小区名称').fill('清源')
    await expect.poll(() => rowNames(desk), poll).toEqual(['清源里'])
    await stage.screenshot(desk, 'oversight-desk')

    // A reload keeps her on the page, signed in; the filters start afresh.
    await desk.reload()
    await desk.getByRole('heading', { name: '辖区小区监督', level: 1 }).waitFor()
    await expect.poll(async () => (await rowNames(desk)).length, poll).toBe(2)

    // The CSV export, as a file.
    const [download] = await Promise.all([
      desk.waitForEvent('download'),
      desk.getByRole('link', { name: '导出 CSV' }).click(),
    ])
    const text = readFileSync((await download.path()) as string, 'utf8')
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(3)
    expect(text).toContain('东街道,清源里')
  })

  it('fits a 360-px phone: the table scrolls in its own box, never the page', async () => {
    const phone = await phoneOn(stage)
    const page = phone.page
    // The same clerk's account on a phone: a new enrollment of her own.
    await enrollAt(stage.app, page, 'qingyuan', '东街道 王*', 'supervisor', stage.clock())
    const account = await stage.app.db
      .selectFrom('accounts')
      .select('id')
      .where('display_name', '=', '东街道 王*')
      .executeTakeFirstOrThrow()
    await grantArea(
      stage.app.db,
      { accountId: account.id, role: 'street_office', areaId: 'east' },
      admin(stage.clock()),
    )
    await page.goto(`${stage.app.origin}/oversight`)
    await page.getByRole('heading', { name: '辖区小区监督', level: 1 }).waitFor()
    // A street office sees the estates of its own office only.
    await expect.poll(() => rowNames(page), poll).toEqual(['清源里'])
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(sideways).toBeLessThanOrEqual(0)
    expect(await violations(page)).toEqual([])
    await stage.screenshot(page, 'oversight-phone')
  })
})
