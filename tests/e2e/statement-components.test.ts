import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { h } from 'preact'
import { renderToString } from 'preact-render-to-string'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoMoneyDisclosures } from '../../server/demo/disclosures-data'
import { statementSeries } from '../../server/domain/statements'
import { StatementChart } from '../../web/src/components/statement-chart'
import { StatementTable } from '../../web/src/components/statement-table'
import zh from '../../web/src/i18n/statements-zh-CN'
import { launchBrowser, newPhone, type Phone } from './browser'

/**
 * The money statement's table and chart on a 360-px phone (domain §9), in real Chromium with the app's styles: the
 * page itself never scrolls sideways, the table does inside its box with the dates held at the left, the chart
 * fits the screen with labels still legible, and axe finds nothing serious. The demo's fund statement (its
 * corrected first half-year) and its common income over four quarters, rendered as the pages will render them.
 */

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const CSS = ['web/src/styles.css', 'web/src/components/statement.css']
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n')

const all = demoMoneyDisclosures(2026)
const current = (i: number) => {
  const d = all[i]
  const v = d?.versions[d.versions.length - 1]
  if (!d || !v) throw new Error(`no disclosure ${i}`)
  return { d, statement: v.statement }
}
const fund = current(0)
const quarters = all
  .map((d, i) => ({ d, i }))
  .filter(({ d }) => d.kind === 'common_income')
  .map(({ d, i }) => ({ periodEnd: d.periodEnd, statement: current(i).statement }))

const BODY =
  '<main><h1>专项维修资金与公共收益</h1>' +
  renderToString(h(StatementTable, { s: zh, statement: fund.statement, caption: fund.d.title })) +
  renderToString(h(StatementChart, { s: zh, points: statementSeries(quarters) })) +
  '</main>'

let browser: Browser
let phone: Phone
let page: Page

beforeAll(async () => {
  browser = await launchBrowser()
  phone = await newPhone(browser)
  page = phone.page
  await page.setContent(
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">` +
      `<meta name="viewport" content="width=device-width, initial-scale=1"><title>收支明细</title>` +
      `<style>${CSS}</style></head><body>${BODY}</body></html>`,
  )
})
afterAll(async () => {
  await phone?.close()
  await browser?.close()
})

describe('a money statement on a 360-px phone', () => {
  it('never widens the page: only the table scrolls, inside its box', async () => {
    const sizes = await page.evaluate(() => {
      const region = document.querySelector('.statement-table') as HTMLElement
      return {
        page: document.documentElement.scrollWidth,
        viewport: window.innerWidth,
        region: region.clientWidth,
        table: region.scrollWidth,
      }
    })
    expect(sizes.viewport).toBe(360)
    expect(sizes.page).toBeLessThanOrEqual(sizes.viewport)
    expect(sizes.region).toBeLessThanOrEqual(sizes.viewport)
    expect(sizes.table).toBeGreaterThan(sizes.region)
  })

  it('holds each line’s date at the left while the rest of the line scrolls under it', async () => {
    const region = page.locator('.statement-table').first()
    const firstDate = region.locator('tbody tr:nth-child(2) th[scope="row"]')
    const purpose = region.locator('tbody tr:nth-child(2) td').nth(3)
    const before = { date: await firstDate.boundingBox(), purpose: await purpose.boundingBox() }
    await region.evaluate((el) => (el.scrollLeft = el.scrollWidth))
    const after = { date: await firstDate.boundingBox(), purpose: await purpose.boundingBox() }
    if (!before.date || !after.date || !before.purpose || !after.purpose) throw new Error('not laid out')
    // Within a pixel: the collapsed border's half may go either way.
    expect(Math.abs(after.date.x - before.date.x)).toBeLessThanOrEqual(1)
    expect(after.purpose.x).toBeLessThan(before.purpose.x - 100)
    // What scrolls under the date is hidden by it: at the date's place the date is what is seen (and touched).
    const seen = await page.evaluate(
      ({ x, y }) => document.elementFromPoint(x, y)?.closest('th')?.textContent ?? null,
      { x: after.date.x + after.date.width / 2, y: after.date.y + after.date.height / 2 },
    )
    expect(seen).toBe(await firstDate.textContent())
    await region.evaluate((el) => (el.scrollLeft = 0))
  })

  it('writes 收入 and 支出 on one line', async () => {
    // The lines of text the direction cells are laid out in (one box per line).
    const lines = await page.locator('.statement-table tbody td:nth-child(2)').evaluateAll((cells) =>
      cells
        .filter((td) => td.textContent === '收入' || td.textContent === '支出')
        .map((td) => {
          const range = document.createRange()
          range.selectNodeContents(td)
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size
        }),
    )
    expect(lines.length).toBe(fund.statement.lines.length)
    expect(new Set(lines)).toEqual(new Set([1]))
  })

  it('fits the chart to the screen with its labels at least 10 px high', async () => {
    const chart = await page.locator('.statement-chart svg').evaluate((svg) => {
      const box = svg.getBoundingClientRect()
      const label = svg.querySelector('text') as SVGTextElement
      return { width: box.width, label: label.getBoundingClientRect().height }
    })
    expect(chart.width).toBeLessThanOrEqual(360)
    expect(chart.label).toBeGreaterThanOrEqual(10)
  })

  it('has no serious or critical accessibility violation (axe-core)', async () => {
    await page.evaluate(AXE)
    const found = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (c: Document) => Promise<{ violations: unknown }> } })
        .axe
      return (await axe.run(document)).violations as { id: string; impact: string | null }[]
    })
    expect(found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual(
      [],
    )
  })
})
