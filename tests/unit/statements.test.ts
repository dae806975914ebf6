import { describe, expect, it } from 'vitest'
import {
  checkStatement,
  closingOf,
  statementSeries,
  totalsOf,
  type Statement,
  type StatementContext,
  type StatementLine,
} from '../../server/domain/statements'

/** The first half of 2026: 1 January to 30 June, China dates. */
const H1: StatementContext = { periodStart: '2026-01-01', periodEnd: '2026-06-30', previousClosingFen: null }

const line = (l: Partial<StatementLine> = {}): StatementLine => ({
  date: '2026-03-15',
  direction: 'income',
  amountFen: 10_000,
  counterparty: '锦绣苑业主（1幢）',
  purpose: '专项维修资金续筹',
  document: '收据 No.0001',
  ...l,
})

/** A statement that adds up: 1,000.00 + 100.00 − 30.00 = 1,070.00. */
const good = (s: Partial<Statement> = {}): Statement => ({
  openingFen: 100_000,
  lines: [line(), line({ direction: 'spending', amountFen: 3_000, purpose: '电梯维修', date: '2026-04-02' })],
  closingFen: 107_000,
  ...s,
})

const codes = (s: Statement, ctx: StatementContext = H1) =>
  checkStatement(s, ctx).map((p) => [p.line, p.code, p.detail])

describe('checkStatement: a statement that adds up and opens at the previous closing (domain §9)', () => {
  it('accepts a statement whose lines add up to its closing balance', () => {
    expect(checkStatement(good(), H1)).toEqual([])
  })

  it('accepts a statement with no lines whose closing is its opening', () => {
    expect(checkStatement({ openingFen: 5, lines: [], closingFen: 5 }, H1)).toEqual([])
  })

  it.each([
    ['one fen more than the lines make', 107_001, [[null, 'does_not_add_up', '107000 ≠ 107001']]],
    ['one fen less than the lines make', 106_999, [[null, 'does_not_add_up', '107000 ≠ 106999']]],
    [
      'the opening balance, as if there were no lines',
      100_000,
      [[null, 'does_not_add_up', '107000 ≠ 100000']],
    ],
    ['exactly what the lines make', 107_000, []],
  ])('closing balance %s', (_, closingFen, expected) => {
    expect(codes(good({ closingFen }))).toEqual(expected)
  })

  it('judges a closing balance below zero by the same sum (spending past the opening)', () => {
    const s = good({ lines: [line({ direction: 'spending', amountFen: 100_001 })], closingFen: -1 })
    expect(codes(s)).toEqual([])
  })

  describe('the opening balance against the previous period’s closing', () => {
    it.each([
      ['the first period of its kind (no previous closing): opens as it says', null, []],
      ['equal to the previous closing', 100_000, []],
      [
        'one fen above the previous closing',
        99_999,
        [[null, 'opening_not_previous_closing', '100000 ≠ 99999']],
      ],
      [
        'one fen below the previous closing',
        100_001,
        [[null, 'opening_not_previous_closing', '100000 ≠ 100001']],
      ],
      [
        'a previous closing of zero, opening at 1,000.00',
        0,
        [[null, 'opening_not_previous_closing', '100000 ≠ 0']],
      ],
    ])('%s', (_, previousClosingFen, expected) => {
      expect(codes(good(), { ...H1, previousClosingFen })).toEqual(expected)
    })

    it('a first period may open at zero', () => {
      expect(codes({ openingFen: 0, lines: [line()], closingFen: 10_000 })).toEqual([])
    })
  })

  describe('each line’s date inside the period, first and last day included', () => {
    it.each([
      ['the day before the period', '2025-12-31', 'date_outside_period'],
      ['the period’s first day', '2026-01-01', null],
      ['the period’s last day', '2026-06-30', null],
      ['the day after the period', '2026-07-01', 'date_outside_period'],
      ['a year later, inside the months', '2027-03-15', 'date_outside_period'],
      ['a day that does not exist (30 February)', '2026-02-30', 'date_invalid'],
      ['29 February of a year without it', '2026-02-29', 'date_invalid'],
      ['a date without leading zeros', '2026-3-15', 'date_invalid'],
      ['a date with a time', '2026-03-15T10:00', 'date_invalid'],
      ['slashes', '2026/03/15', 'date_invalid'],
      ['empty', '', 'date_invalid'],
    ])('%s (%s)', (_, date, code) => {
      const s = good({ lines: [line({ date })], closingFen: 110_000 })
      expect(codes(s).map(([, c]) => c)).toEqual(code === null ? [] : [code])
    })

    it('names the period in the detail of a date outside it', () => {
      const s = good({ lines: [line({ date: '2026-07-01' })], closingFen: 110_000 })
      expect(codes(s)).toEqual([[1, 'date_outside_period', '2026-01-01–2026-06-30']])
    })

    it('accepts 29 February in a leap year’s period', () => {
      const ctx = { periodStart: '2028-01-01', periodEnd: '2028-03-31', previousClosingFen: null }
      expect(
        codes({ openingFen: 0, lines: [line({ date: '2028-02-29' })], closingFen: 10_000 }, ctx),
      ).toEqual([])
    })

    it('a one-day period takes that day and no other', () => {
      const ctx = { periodStart: '2026-05-01', periodEnd: '2026-05-01', previousClosingFen: null }
      const on = (date: string) => ({ openingFen: 0, lines: [line({ date })], closingFen: 10_000 })
      expect(codes(on('2026-05-01'), ctx)).toEqual([])
      expect(codes(on('2026-04-30'), ctx).map(([, c]) => c)).toEqual(['date_outside_period'])
      expect(codes(on('2026-05-02'), ctx).map(([, c]) => c)).toEqual(['date_outside_period'])
    })
  })

  describe('each line’s amount: a positive whole number of fen', () => {
    it.each([
      ['one fen', 1, true],
      ['a large whole sum (¥90,071,992,547,409.91, the largest exact)', Number.MAX_SAFE_INTEGER, true],
      ['zero', 0, false],
      ['negative (the direction says which way)', -100, false],
      ['a fraction of a fen', 100.5, false],
      ['past 2^53, no longer exact', Number.MAX_SAFE_INTEGER + 1, false],
      ['not a number', Number.NaN, false],
      ['infinite', Number.POSITIVE_INFINITY, false],
    ])('%s', (_, amountFen, ok) => {
      const s = { openingFen: 0, lines: [line({ amountFen })], closingFen: ok ? amountFen : 0 }
      expect(codes(s)).toEqual(ok ? [] : [[1, 'amount_invalid', 'amountFen']])
    })
  })

  it('refuses a direction other than income or spending', () => {
    const s = good({
      lines: [line({ direction: 'transfer' as StatementLine['direction'] })],
      closingFen: 110_000,
    })
    expect(codes(s)).toEqual([[1, 'direction_invalid', 'direction']])
  })

  describe('each line’s counterparty and purpose are required, the document may be empty', () => {
    it.each([
      ['counterparty empty', { counterparty: '' }, [[1, 'text_missing', 'counterparty']]],
      [
        'counterparty only spaces, ideographic too',
        { counterparty: ' \u3000 ' },
        [[1, 'text_missing', 'counterparty']],
      ],
      ['purpose empty', { purpose: '' }, [[1, 'text_missing', 'purpose']]],
      ['document empty', { document: '' }, []],
      ['counterparty of 200 characters', { counterparty: '甲'.repeat(200) }, []],
      [
        'counterparty of 201 characters',
        { counterparty: '甲'.repeat(201) },
        [[1, 'text_unsafe', 'counterparty']],
      ],
      ['document of 201 characters', { document: 'x'.repeat(201) }, [[1, 'text_unsafe', 'document']]],
      [
        'a right-to-left override in the purpose',
        { purpose: '维修\u202e费' },
        [[1, 'text_unsafe', 'purpose']],
      ],
      ['a control character in the document', { document: 'No.\u00071' }, [[1, 'text_unsafe', 'document']]],
      [
        'a counterparty that is not text (from JSON)',
        { counterparty: null as unknown as string },
        [[1, 'text_missing', 'counterparty']],
      ],
      [
        'a document that is not text (from JSON)',
        { document: 7 as unknown as string },
        [[1, 'text_unsafe', 'document']],
      ],
      [
        'a line break in the counterparty',
        { counterparty: '某某\n公司' },
        [[1, 'text_unsafe', 'counterparty']],
      ],
    ])('%s', (_, l, expected) => {
      expect(codes(good({ lines: [line(l)], closingFen: 110_000 }))).toEqual(expected)
    })
  })

  describe('the balances: whole fen', () => {
    it.each([
      ['opening with a fraction of a fen', { openingFen: 0.5, closingFen: 10_000 }, 'openingFen'],
      ['opening not a number', { openingFen: Number.NaN, closingFen: 10_000 }, 'openingFen'],
      ['closing with a fraction of a fen', { openingFen: 0, closingFen: 10_000.5 }, 'closingFen'],
      ['closing infinite', { openingFen: 0, closingFen: Number.POSITIVE_INFINITY }, 'closingFen'],
    ])('%s', (_, balances, detail) => {
      expect(codes({ ...balances, lines: [line()] })).toEqual([[null, 'balance_invalid', detail]])
    })
  })

  it('numbers every problem by its line from 1, lines first, then the statement’s', () => {
    const s: Statement = {
      openingFen: 100_000,
      lines: [
        line(),
        line({ date: '2026-07-01', purpose: '' }),
        line(),
        line({ amountFen: 0, counterparty: '' }),
      ],
      closingFen: 1,
    }
    expect(codes(s, { ...H1, previousClosingFen: 99_000 })).toEqual([
      [2, 'date_outside_period', '2026-01-01–2026-06-30'],
      [2, 'text_missing', 'purpose'],
      [4, 'amount_invalid', 'amountFen'],
      [4, 'text_missing', 'counterparty'],
      // Whether it adds up cannot be judged with an amount that is not one; the opening still can.
      [null, 'opening_not_previous_closing', '100000 ≠ 99000'],
    ])
  })

  it('says both that a line lacks a purpose and that the lines do not add up', () => {
    const s = good({ lines: [line({ purpose: '' })], closingFen: 1 })
    expect(codes(s)).toEqual([
      [1, 'text_missing', 'purpose'],
      [null, 'does_not_add_up', '110000 ≠ 1'],
    ])
  })

  it('does not judge the sum when a direction is unknown', () => {
    const s = good({ lines: [line({ direction: 'x' as StatementLine['direction'] })], closingFen: 1 })
    expect(codes(s).map(([, c]) => c)).toEqual(['direction_invalid'])
  })

  it('refuses a sum that passes 2^53 fen, where it is no longer exact', () => {
    const big = Number.MAX_SAFE_INTEGER
    const s = { openingFen: big, lines: [line({ amountFen: big })], closingFen: big }
    expect(codes(s).map(([, c]) => c)).toEqual(['does_not_add_up'])
  })
})

describe('closingOf and totalsOf', () => {
  it.each([
    ['no lines: the opening', 100, [], 100, 0, 0],
    ['one income', 100, [line({ amountFen: 50 })], 150, 50, 0],
    ['one spending', 100, [line({ direction: 'spending', amountFen: 30 })], 70, 0, 30],
    [
      'income and spending mixed',
      1_000,
      [
        line({ amountFen: 1 }),
        line({ direction: 'spending', amountFen: 999 }),
        line({ amountFen: 250 }),
        line({ direction: 'spending', amountFen: 2 }),
      ],
      250,
      251,
      1_001,
    ],
    ['spending past the opening', 10, [line({ direction: 'spending', amountFen: 11 })], -1, 0, 11],
  ])('%s', (_, openingFen, lines, closing, incomeFen, spendingFen) => {
    expect(closingOf({ openingFen, lines })).toBe(closing)
    expect(totalsOf(lines)).toEqual({ incomeFen, spendingFen })
    // The closing is always the opening plus income less spending.
    expect(closing).toBe(openingFen + incomeFen - spendingFen)
  })
})

describe('statementSeries: the points of a chart, oldest period first', () => {
  const st = (openingFen: number, lines: StatementLine[]): Statement => ({
    openingFen,
    lines,
    closingFen: closingOf({ openingFen, lines }),
  })
  const q1 = { periodEnd: '2026-03-31', statement: st(0, [line({ amountFen: 500 })]) }
  const q2 = {
    periodEnd: '2026-06-30',
    statement: st(500, [line({ direction: 'spending', amountFen: 200 })]),
  }
  const q3 = { periodEnd: '2026-09-30', statement: st(300, []) }
  const q4 = { periodEnd: '2026-12-31', statement: st(300, [line({ amountFen: 7 })]) }

  it('orders the periods by their end, whatever order they come in', () => {
    expect(statementSeries([q3, q1, q4, q2]).map((p) => p.periodEnd)).toEqual([
      '2026-03-31',
      '2026-06-30',
      '2026-09-30',
      '2026-12-31',
    ])
  })

  it('gives each period its opening, totals and closing', () => {
    expect(statementSeries([q2, q1])).toEqual([
      { periodEnd: '2026-03-31', openingFen: 0, incomeFen: 500, spendingFen: 0, closingFen: 500 },
      { periodEnd: '2026-06-30', openingFen: 500, incomeFen: 0, spendingFen: 200, closingFen: 300 },
    ])
  })

  it('orders across years by the date, not the month', () => {
    const late2025 = { periodEnd: '2025-12-31', statement: st(0, []) }
    expect(statementSeries([q1, late2025]).map((p) => p.periodEnd)).toEqual(['2025-12-31', '2026-03-31'])
  })

  it('keeps the given order of two periods ending the same day, and leaves its input as it was', () => {
    const a = { periodEnd: '2026-06-30', statement: st(1, []) }
    const b = { periodEnd: '2026-06-30', statement: st(2, []) }
    const input = [b, q1, a]
    expect(statementSeries(input).map((p) => p.openingFen)).toEqual([0, 2, 1])
    expect(input).toEqual([b, q1, a])
  })

  it('is empty for no statements', () => {
    expect(statementSeries([])).toEqual([])
  })
})
