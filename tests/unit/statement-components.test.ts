import { h } from 'preact'
import { renderToString } from 'preact-render-to-string'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { statementSeries, type Statement, type StatementPoint } from '../../server/domain/statements'
import { StatementChart } from '../../web/src/components/statement-chart'
import {
  axisTicks,
  chartGeometry,
  CHART_SIZE,
  dayParts,
  formatYuan,
  labelEvery,
  linePath,
  niceStep,
  yuanText,
} from '../../web/src/components/statement-format'
import { StatementProblems, StatementTable } from '../../web/src/components/statement-table'
import statementsEn from '../../web/src/i18n/statements-en'
import zh from '../../web/src/i18n/statements-zh-CN'

describe('formatYuan: integer fen as ¥ with two decimals', () => {
  it.each([
    [0, '¥0.00'],
    [1, '¥0.01'],
    [10, '¥0.10'],
    [100, '¥1.00'],
    [123_456, '¥1,234.56'],
    [100_000_000, '¥1,000,000.00'],
    [-5, '-¥0.05'],
    [-123_456, '-¥1,234.56'],
    // The largest exact fen: a float's fen / 100 would round these yuan.
    [Number.MAX_SAFE_INTEGER, '¥90,071,992,547,409.91'],
    [Number.MAX_SAFE_INTEGER - 92, '¥90,071,992,547,408.99'],
  ])('%d fen → %s', (fen, text) => {
    expect(formatYuan(fen)).toBe(text)
  })

  it('gives the bare figure too', () => {
    expect(yuanText(193_406)).toBe('1,934.06')
    expect(yuanText(-1)).toBe('-0.01')
  })
})

describe('dayParts', () => {
  it.each([
    ['2026-06-30', { y: 2026, m: 6, d: 30 }],
    ['2026-6-30', undefined],
    ['', undefined],
  ])('%j', (date, parts) => {
    expect(dayParts(date)).toEqual(parts)
  })
})

describe('the chart’s money axis', () => {
  it.each([
    [0, 100],
    [100, 100],
    [101, 100],
    [501, 200],
    [1_000, 200],
    [1_001, 500],
    [2_501, 1_000],
    [193_406, 50_000],
    [1_000_000_000, 200_000_000],
  ])('a span of %d fen is stepped by %d fen (at most five steps of ¥1, 2, 5 × 10ⁿ)', (span, step) => {
    expect(niceStep(span)).toBe(step)
    expect(step * 5).toBeGreaterThanOrEqual(span)
  })

  it.each([
    ['all zero', 0, 0, [0, 100]],
    ['up to ¥1,934.06', 0, 193_406, [0, 50_000, 100_000, 150_000, 200_000]],
    ['from below zero', -30_000, 70_000, [-40_000, -20_000, 0, 20_000, 40_000, 60_000, 80_000]],
    ['exactly on a step', 0, 100_000, [0, 20_000, 40_000, 60_000, 80_000, 100_000]],
    ['above zero only: zero is still on the axis', 50_000, 60_000, [0, 20_000, 40_000, 60_000]],
  ])('ticks %s', (_, min, max, ticks) => {
    expect(axisTicks(min, max)).toEqual(ticks)
  })
})

describe('linePath', () => {
  it('moves to the first point and draws to the others, a pixel to one decimal', () => {
    expect(linePath([])).toBe('')
    expect(linePath([{ x: 1, y: 2 }])).toBe('M1,2')
    expect(
      linePath([
        { x: 10, y: 20.04 },
        { x: 30.26, y: 5 },
        { x: 50, y: 7.5 },
      ]),
    ).toBe('M10,20 L30.3,5 L50,7.5')
  })
})

const point = (
  periodEnd: string,
  openingFen: number,
  incomeFen: number,
  spendingFen: number,
): StatementPoint => ({
  periodEnd,
  openingFen,
  incomeFen,
  spendingFen,
  closingFen: openingFen + incomeFen - spendingFen,
})

describe('chartGeometry', () => {
  const points = [point('2026-06-30', 0, 100_000, 20_000), point('2026-12-31', 80_000, 40_000, 60_000)]
  const g = chartGeometry(points)

  it('puts the periods in bands from left to right, oldest first', () => {
    expect(g.groups.map((x) => x.point.periodEnd)).toEqual(['2026-06-30', '2026-12-31'])
    const [a, b] = g.groups
    expect(a && b && a.x < b.x).toBe(true)
    for (const x of g.groups) {
      expect(x.income.x + x.income.width).toBeLessThanOrEqual(x.spending.x)
      expect(x.income.x).toBeGreaterThanOrEqual(g.plot.left)
      expect(x.spending.x + x.spending.width).toBeLessThanOrEqual(g.plot.right)
    }
  })

  it('stands the bars on the zero line, as tall as their figures on one scale', () => {
    const [a, b] = g.groups
    if (!a || !b) throw new Error('two groups')
    expect(a.income.y + a.income.height).toBeCloseTo(g.zero, 0)
    // ¥1,000 of income is five times the ¥200 of spending, and 2.5 times the later ¥400.
    expect(a.income.height / a.spending.height).toBeCloseTo(5, 1)
    expect(a.income.height / b.income.height).toBeCloseTo(2.5, 1)
    // The highest tick is the top of the plot; zero its bottom (no value is below zero).
    expect(g.ticks[g.ticks.length - 1]?.y).toBe(g.plot.top)
    expect(g.zero).toBe(g.plot.bottom)
  })

  it('draws the closing balances as one line through the dots', () => {
    const [a, b] = g.groups
    if (!a || !b) throw new Error('two groups')
    expect(g.balancePath).toBe(`M${a.closing.x},${a.closing.y} L${b.closing.x},${b.closing.y}`)
    // ¥800 then ¥600: the later dot is lower.
    expect(b.closing.y).toBeGreaterThan(a.closing.y)
  })

  it('draws a closing below zero under the zero line, and a bar still upward from it', () => {
    const below = chartGeometry([point('2026-03-31', 0, 1_000, 5_000)])
    const [x] = below.groups
    if (!x) throw new Error('one group')
    expect(x.closing.y).toBeGreaterThan(below.zero)
    expect(x.income.y + x.income.height).toBeCloseTo(below.zero, 0)
    expect(below.ticks[0]?.fen).toBeLessThan(0)
  })

  it('stays inside its box', () => {
    for (const t of g.ticks) {
      expect(t.y).toBeGreaterThanOrEqual(0)
      expect(t.y).toBeLessThanOrEqual(CHART_SIZE.height)
    }
  })

  it.each([
    [1, 1],
    [6, 1],
    [7, 2],
    [12, 2],
    [13, 3],
  ])('labels every period up to six, then every other (%d periods → every %d)', (n, every) => {
    expect(labelEvery(n)).toBe(every)
  })
})

/** The maintenance fund's half-year as the import tests read it. */
const FUND: Statement = {
  openingFen: 100_000,
  lines: [
    {
      date: '2026-01-01',
      direction: 'income',
      amountFen: 123_456,
      counterparty: '1幢业主',
      purpose: '专项维修资金续筹',
      document: '收据 No.0001',
    },
    {
      date: '2026-06-30',
      direction: 'spending',
      amountFen: 30_050,
      counterparty: '上海某某电梯工程有限公司',
      purpose: '3号电梯更换曳引机',
      document: '',
    },
  ],
  closingFen: 193_406,
}

/** What a reader sees: the tags gone, the entities decoded, runs of space one. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')

describe('StatementTable (rendered with preact-render-to-string)', () => {
  const html = renderToString(
    h(StatementTable, { s: zh, statement: FUND, caption: '专项维修资金 2026年上半年' }),
  )
  const text = textOf(html)

  it('shows the opening, every line, the totals and the closing in ¥ with two decimals', () => {
    for (const figure of ['¥1,000.00', '¥1,234.56', '¥300.50', '¥1,934.06']) expect(text).toContain(figure)
    expect(text).toMatch(/期初余额 ¥1,000\.00/)
    expect(text).toMatch(/本期收入合计 ¥1,234\.56/)
    expect(text).toMatch(/本期支出合计 ¥300\.50/)
    expect(text).toMatch(/期末余额 ¥1,934\.06/)
  })

  it('names each line’s date, direction, counterparty, purpose and document in words', () => {
    expect(text).toContain('2026年1月1日 收入 ¥1,234.56 1幢业主 专项维修资金续筹 收据 No.0001')
    expect(text).toContain('2026年6月30日 支出 ¥300.50 上海某某电梯工程有限公司 3号电梯更换曳引机 无')
    expect(text).toContain('共 2 笔')
  })

  it('never shows fen, raw directions or internal words', () => {
    expect(text).not.toMatch(/\bfen\b|income|spending|123456|193406/)
  })

  it('is a named, focusable scrolling region whose dates head each row (held at the left on a phone)', () => {
    expect(html).toMatch(
      /<div class="statement-table" role="region" aria-label="专项维修资金 2026年上半年 · [^"]+" tabindex="0">/,
    )
    expect(html).toContain('<th scope="row">2026年1月1日</th>')
    expect(html.match(/<th scope="col"/g)).toHaveLength(6)
  })

  it('says when the period had no lines', () => {
    const empty = textOf(
      renderToString(h(StatementTable, { s: zh, statement: { openingFen: 5, lines: [], closingFen: 5 } })),
    )
    expect(empty).toContain(zh.table.none)
    expect(empty).toContain('收支明细')
  })

  it('reads in English from the English catalogue', () => {
    const en = textOf(renderToString(h(StatementTable, { s: statementsEn, statement: FUND })))
    expect(en).toContain('1 Jan 2026 Income ¥1,234.56')
    expect(en).toContain('Closing balance ¥1,934.06')
    expect(en).not.toMatch(/期初|收入|支出/)
  })
})

describe('StatementProblems', () => {
  it('says where and what in words, with the file’s own text beside it', () => {
    const text = textOf(
      renderToString(
        h(StatementProblems, {
          s: zh,
          problems: [
            { line: 4, code: 'amount_invalid', detail: '金额 / amount: "12.345"' },
            { line: null, code: 'balance_missing', detail: '期初余额 / opening' },
          ],
        }),
      ),
    )
    expect(text).toContain('文件有 2 处问题')
    expect(text).toContain(`第 4 行 ：${zh.problems.codes.amount_invalid}`)
    expect(text).toContain('"12.345"')
    expect(text).toContain(`整个文件 ：${zh.problems.codes.balance_missing}`)
    expect(text).not.toContain('amount_invalid')
  })
})

describe('StatementChart (rendered with preact-render-to-string)', () => {
  const series = statementSeries([
    { periodEnd: '2026-12-31', statement: { openingFen: 193_406, lines: [], closingFen: 193_406 } },
    { periodEnd: '2026-06-30', statement: FUND },
  ])
  const html = renderToString(h(StatementChart, { s: zh, points: series }))

  it('is inline SVG: the balance as a path, income and spending as bars, axis labels in ¥', () => {
    expect(html).toContain('<svg viewBox="0 0 400 260" role="img"')
    expect(html).toMatch(/<path class="closing" d="M[\d.]+,[\d.]+ L[\d.]+,[\d.]+" fill="none"/)
    expect(html.match(/<rect class="income"/g)).toHaveLength(2)
    expect(html.match(/<rect class="spending"/g)).toHaveLength(2)
    expect(html.match(/<circle class="closing"/g)).toHaveLength(2)
    for (const tick of ['¥0.00', '¥500.00', '¥1,000.00', '¥1,500.00', '¥2,000.00'])
      expect(html).toContain(`>${tick}</text>`)
    expect(html).toContain('>2026年6月</text>')
    expect(html).toContain('>2026年12月</text>')
  })

  it('tells a screen reader every period’s figures, oldest first', () => {
    const label = /<svg[^>]* aria-label="([^"]+)"/.exec(html)?.[1]
    expect(label).toBe(
      '历期余额与收支。2026年6月：期末余额 ¥1,934.06，收入 ¥1,234.56，支出 ¥300.50；' +
        '2026年12月：期末余额 ¥1,934.06，收入 ¥0.00，支出 ¥0.00',
    )
  })

  it('offers the same figures as a table', () => {
    const table = textOf(html.slice(html.indexOf('<details>')))
    expect(table).toContain('图表数据')
    expect(table).toContain('2026年6月30日 ¥1,934.06 ¥1,234.56 ¥300.50')
    expect(table).toContain('2026年12月31日 ¥1,934.06 ¥0.00 ¥0.00')
  })

  it('says so when there is nothing to draw, and draws nothing', () => {
    const none = renderToString(h(StatementChart, { s: zh, points: [] }))
    expect(none).toContain(zh.chart.none)
    expect(none).not.toContain('<svg')
  })
})

describe('StatementFileImport (the conveners’ form, as first shown)', () => {
  let html = ''
  // The web's fetch wrapper (http.ts) reads the page's address when it loads; a page has one, this node has none.
  beforeAll(async () => {
    vi.stubGlobal('location', new URL('http://localhost:8787/console/jinxiu'))
    const { StatementFileImport } = await import('../../web/src/console/statement-import')
    html = renderToString(
      h(StatementFileImport, {
        s: zh,
        estateId: 'jinxiu',
        periodStart: '2026-01-01',
        periodEnd: '2026-06-30',
      }),
    )
  })
  afterAll(() => {
    vi.unstubAllGlobals()
  })

  it('asks for a CSV or .xlsx file and, only when the file has none, the balances, each with its label', () => {
    expect(html).toContain('<input id="statement-file" type="file" accept=".csv,.txt,.xlsx"')
    for (const id of ['statement-file', 'statement-opening', 'statement-closing'])
      expect(html).toContain(`<label for="${id}">`)
    const text = textOf(html)
    for (const words of [
      zh.import.file,
      zh.import.fileHint,
      zh.import.opening,
      zh.import.balanceHint,
      zh.import.read,
    ])
      expect(text).toContain(words)
  })

  it('shows no statement and no problem before a file is read', () => {
    expect(html).not.toContain('statement-table')
    expect(html).not.toContain('role="alert"')
  })
})
