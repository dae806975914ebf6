import { describe, expect, it } from 'vitest'
import { holidayTable, startOfChinaDate } from '../../server/domain/calendar'
import {
  cadenceOf,
  checkCadenceSetting,
  checkFacts,
  checkPeriod,
  compareContents,
  DEFAULT_CADENCE,
  DEFAULT_GRACE_DAYS,
  DISCLOSURE_KINDS,
  disclosureSha256,
  disclosureText,
  dueStatus,
  isStatementKind,
  overdueDays,
  periodAfter,
  periodContaining,
  type DisclosureContent,
  type DisclosureKind,
  type DueInput,
  type PeriodMonths,
} from '../../server/domain/disclosures'

/** 00:00 China time of a date, plus hours and minutes. */
const day = (date: string, hour = 0, minute = 0) => startOfChinaDate(date) + (hour * 60 + minute) * 60_000

describe('the kinds of domain §9 and their cadences', () => {
  it.each<[DisclosureKind, string]>([
    ['rules_of_procedure', 'on_change'],
    ['management_covenant', 'on_change'],
    ['maintenance_fund_covenant', 'on_change'],
    ['decisions', 'within_days'],
    ['property_contract', 'on_change'],
    ['maintenance_fund', 'periodic'],
    ['common_income', 'periodic'],
    ['parking', 'on_change'],
    ['working_funds', 'periodic'],
    ['audit', 'min_posting'],
    ['fee_payment', 'periodic'],
    ['other', 'on_change'],
  ])('%s is %s', (kind, cadence) => {
    expect(DEFAULT_CADENCE[kind].kind).toBe(cadence)
  })

  it('has twelve kinds, the money ones carrying statements', () => {
    expect(DISCLOSURE_KINDS).toHaveLength(12)
    expect(DISCLOSURE_KINDS.filter(isStatementKind)).toEqual([
      'maintenance_fund',
      'common_income',
      'parking',
      'working_funds',
    ])
  })

  it.each<[DisclosureKind, PeriodMonths]>([
    ['maintenance_fund', 6],
    ['working_funds', 6],
    ['fee_payment', 6],
    ['common_income', 3],
  ])('%s comes every %i months, due %i days after by default', (kind, months) => {
    expect(DEFAULT_CADENCE[kind]).toEqual({ kind: 'periodic', periodMonths: months, graceDays: 30 })
    expect(DEFAULT_GRACE_DAYS).toBe(30)
  })

  it('takes decisions within 3 days and keeps audits posted 30 days', () => {
    expect(DEFAULT_CADENCE.decisions).toEqual({ kind: 'within_days', days: 3 })
    expect(DEFAULT_CADENCE.audit).toEqual({ kind: 'min_posting', days: 30 })
  })
})

describe('estate settings', () => {
  it('set the national yearly rule for the fund and another grace', () => {
    expect(cadenceOf('maintenance_fund', { periodMonths: 12 })).toEqual({
      kind: 'periodic',
      periodMonths: 12,
      graceDays: 30,
    })
    expect(cadenceOf('common_income', { graceDays: 0 })).toEqual({
      kind: 'periodic',
      periodMonths: 3,
      graceDays: 0,
    })
    expect(cadenceOf('decisions', { graceDays: 0 })).toEqual(DEFAULT_CADENCE.decisions)
  })

  it.each<[DisclosureKind, Parameters<typeof checkCadenceSetting>[1], string[]]>([
    ['maintenance_fund', { periodMonths: 12 }, []],
    ['maintenance_fund', { periodMonths: 5 as PeriodMonths }, ['period_invalid']],
    ['common_income', { graceDays: 0 }, []],
    ['common_income', { graceDays: 180 }, []],
    ['common_income', { graceDays: 181 }, ['grace_invalid']],
    ['common_income', { graceDays: -1 }, ['grace_invalid']],
    ['common_income', { graceDays: 1.5 }, ['grace_invalid']],
    ['decisions', { graceDays: 5 }, ['not_periodic']],
    ['audit', {}, ['not_periodic']],
  ])('%s %j: %j', (kind, setting, problems) => {
    expect(checkCadenceSetting(kind, setting)).toEqual(problems)
  })
})

describe('calendar-aligned periods', () => {
  it.each<[string, PeriodMonths, string, string]>([
    ['2026-01-01', 6, '2026-01-01', '2026-06-30'],
    ['2026-06-30', 6, '2026-01-01', '2026-06-30'],
    ['2026-07-01', 6, '2026-07-01', '2026-12-31'],
    ['2026-12-31', 6, '2026-07-01', '2026-12-31'],
    ['2026-03-31', 3, '2026-01-01', '2026-03-31'],
    ['2026-04-01', 3, '2026-04-01', '2026-06-30'],
    ['2026-09-30', 3, '2026-07-01', '2026-09-30'],
    ['2026-10-01', 3, '2026-10-01', '2026-12-31'],
    ['2026-05-20', 12, '2026-01-01', '2026-12-31'],
    ['2028-02-10', 1, '2028-02-01', '2028-02-29'],
  ])('%s in %i-month periods lies in %s – %s', (date, months, start, end) => {
    expect(periodContaining(date, months)).toEqual({ start, end })
  })

  it('follows a period with the next, across the year', () => {
    expect(periodAfter({ start: '2026-07-01', end: '2026-12-31' }, 6)).toEqual({
      start: '2027-01-01',
      end: '2027-06-30',
    })
    expect(periodAfter({ start: '2026-03-15', end: '2026-03-31' }, 3)).toEqual({
      start: '2026-04-01',
      end: '2026-06-30',
    })
  })

  const half = DEFAULT_CADENCE.maintenance_fund
  it.each<[string, Parameters<typeof checkPeriod>[1], string[]]>([
    ['a half-year', { start: '2026-01-01', end: '2026-06-30' }, []],
    ['the first, from the duty’s start', { start: '2026-03-15', end: '2026-06-30' }, []],
    ['a quarter', { start: '2026-01-01', end: '2026-03-31' }, ['period_not_aligned']],
    ['across two halves', { start: '2025-12-01', end: '2026-06-30' }, ['period_not_aligned']],
    ['backwards', { start: '2026-06-30', end: '2026-01-01' }, ['period_invalid']],
    ['not a date', { start: '2026-02-30', end: '2026-06-30' }, ['period_invalid']],
    ['none', null, ['period_required']],
  ])('a periodic kind takes %s: %j', (_, period, problems) => {
    expect(checkPeriod(half, period)).toEqual(problems)
  })

  it('lets the other kinds name any period or none', () => {
    expect(checkPeriod(DEFAULT_CADENCE.property_contract, null)).toEqual([])
    expect(checkPeriod(DEFAULT_CADENCE.audit, { start: '2025-01-01', end: '2025-12-31' })).toEqual([])
  })
})

describe('overdue days', () => {
  const due = day('2026-07-31') // 24:00 of 30 July
  it.each<[string, number, number]>([
    ['the last minute of the last day', day('2026-07-30', 23, 59), 0],
    ['the first instant after', due, 1],
    ['the end of the first day after', day('2026-07-31', 23, 59), 1],
    ['the second day after', day('2026-08-01'), 2],
    ['a month later', day('2026-08-31', 12), 32],
  ])('%s: %i', (_, at, n) => {
    expect(overdueDays(due, at)).toBe(n)
  })
})

const input = (over: Partial<DueInput> & Pick<DueInput, 'kind' | 'at'>): DueInput => ({
  cadence: DEFAULT_CADENCE[over.kind],
  dutyStart: '2026-03-15',
  published: [],
  ...over,
})

describe('dueStatus of a periodic kind', () => {
  // The duty began 15 March 2026: the first half-year is 15 March – 30 June, due 30 days after (24:00 of 30 July).
  it.each<[string, number, number]>([
    ['before the period ends', day('2026-06-30', 12), 0],
    ['on the last day of grace', day('2026-07-30', 23, 59), 0],
    ['the day after the grace', day('2026-07-31'), 1],
    ['two days after', day('2026-08-01', 9), 2],
  ])('the maintenance fund’s first half-year %s: %i days overdue', (_, at, overdue) => {
    const s = dueStatus(input({ kind: 'maintenance_fund', at }))
    expect(s.next).toEqual({
      period: { start: '2026-03-15', end: '2026-06-30' },
      decisionId: null,
      dueAt: day('2026-07-31'),
    })
    expect(s.overdueDays).toBe(overdue)
    expect(s.missed).toBe(overdue > 0 ? 1 : 0)
  })

  it('moves to the next half-year once the first is published', () => {
    const s = dueStatus(
      input({
        kind: 'maintenance_fund',
        at: day('2026-08-01'),
        published: [{ period: { start: '2026-03-15', end: '2026-06-30' }, publishedAt: day('2026-07-10') }],
      }),
    )
    expect(s.lastPeriod).toEqual({ start: '2026-03-15', end: '2026-06-30' })
    expect(s.lastPublishedAt).toBe(day('2026-07-10'))
    expect(s.next).toEqual({
      period: { start: '2026-07-01', end: '2026-12-31' },
      decisionId: null,
      dueAt: day('2027-01-31'),
    })
    expect(s.overdueDays).toBe(0)
  })

  it.each<[string, number, number]>([
    ['on 30 April', day('2026-04-30', 23, 59), 0],
    ['on 1 May', day('2026-05-01'), 1],
  ])('common income’s first quarter (due 24:00 of 30 April) %s: %i', (_, at, overdue) => {
    const s = dueStatus(input({ kind: 'common_income', dutyStart: '2026-01-01', at }))
    expect(s.next?.period).toEqual({ start: '2026-01-01', end: '2026-03-31' })
    expect(s.next?.dueAt).toBe(day('2026-05-01'))
    expect(s.overdueDays).toBe(overdue)
  })

  it('counts every quarter missed and the days since the first', () => {
    const s = dueStatus(input({ kind: 'common_income', dutyStart: '2026-01-01', at: day('2026-12-01') }))
    expect(s.next?.period).toEqual({ start: '2026-01-01', end: '2026-03-31' })
    // 1 May → 1 December is 214 days: the 215th day since the due instant.
    expect(s.overdueDays).toBe(215)
    expect(s.missed).toBe(3)
  })

  it('names a gap left behind a later publication', () => {
    const s = dueStatus(
      input({
        kind: 'common_income',
        dutyStart: '2026-01-01',
        at: day('2026-12-01'),
        published: [
          { period: { start: '2026-04-01', end: '2026-06-30' }, publishedAt: day('2026-07-05') },
          { period: { start: '2026-07-01', end: '2026-09-30' }, publishedAt: day('2026-10-05') },
        ],
      }),
    )
    expect(s.next?.period?.end).toBe('2026-03-31')
    expect(s.missed).toBe(1)
    expect(s.lastPeriod?.end).toBe('2026-09-30')
  })

  it.each<[string, number, number]>([
    ['on 30 January', day('2027-01-30', 23, 59), 0],
    ['on 31 January', day('2027-01-31'), 1],
  ])('the yearly fund (the national rule, a setting) %s: %i', (_, at, overdue) => {
    const s = dueStatus(
      input({
        kind: 'maintenance_fund',
        cadence: cadenceOf('maintenance_fund', { periodMonths: 12 }),
        at,
      }),
    )
    expect(s.next?.period).toEqual({ start: '2026-03-15', end: '2026-12-31' })
    expect(s.overdueDays).toBe(overdue)
  })

  it.each<[string, number, number]>([
    ['at the end of 30 June', day('2026-06-30', 23, 59), 0],
    ['on 1 July', day('2026-07-01'), 1],
  ])('with no grace, working funds are due at 24:00 of the last day: %s %i', (_, at, overdue) => {
    const s = dueStatus(
      input({ kind: 'working_funds', cadence: cadenceOf('working_funds', { graceDays: 0 }), at }),
    )
    expect(s.overdueDays).toBe(overdue)
  })

  it('moves a due date that falls on a public holiday to the next working day (民法典 art. 203)', () => {
    const holidays = holidayTable(
      ['01', '02', '03', '04', '05', '06', '07'].map((d) => ({
        year: 2026,
        date: `2026-10-${d}`,
        kind: 'holiday' as const,
        name: '国庆节',
      })),
    )
    const s = dueStatus(
      input({
        kind: 'fee_payment',
        cadence: { kind: 'periodic', periodMonths: 3, graceDays: 1 },
        dutyStart: '2026-07-01',
        at: day('2026-10-08', 23),
        holidays,
      }),
    )
    expect(s.next?.dueAt).toBe(day('2026-10-09'))
    expect(s.overdueDays).toBe(0)
  })

  it('is not due before anyone is under the duty', () => {
    const s = dueStatus(input({ kind: 'maintenance_fund', dutyStart: null, at: day('2027-01-01') }))
    expect(s.next).toBeNull()
    expect(s.overdueDays).toBe(0)
  })
})

describe('dueStatus of the decisions (within 3 days, the day of the decision not counted)', () => {
  const decided = day('2026-12-01', 15)
  it.each<[string, number, number]>([
    ['on the third day', day('2026-12-04', 23, 59), 0],
    ['on the fourth', day('2026-12-05'), 1],
    ['on the fifth', day('2026-12-06', 8), 2],
  ])('a decision of 1 December %s: %i days overdue', (_, at, overdue) => {
    const s = dueStatus(
      input({ kind: 'decisions', at, decisions: [{ id: 'm1', decidedAt: decided, disclosedAt: null }] }),
    )
    expect(s.next).toEqual({ period: null, decisionId: 'm1', dueAt: day('2026-12-05') })
    expect(s.overdueDays).toBe(overdue)
  })

  it('is due for the oldest decision not disclosed, and nothing once all are', () => {
    const decisions = [
      { id: 'late', decidedAt: day('2026-12-10'), disclosedAt: null },
      { id: 'done', decidedAt: day('2026-11-01'), disclosedAt: day('2026-11-02') },
      { id: 'old', decidedAt: day('2026-11-20'), disclosedAt: null },
    ]
    const s = dueStatus(input({ kind: 'decisions', at: day('2026-12-20'), decisions }))
    expect(s.next?.decisionId).toBe('old')
    expect(s.missed).toBe(2)
    const none = dueStatus(
      input({
        kind: 'decisions',
        at: day('2026-12-20'),
        decisions: decisions.map((d) => ({ ...d, disclosedAt: day('2026-12-12') })),
      }),
    )
    expect(none.next).toBeNull()
    expect(none.overdueDays).toBe(0)
  })
})

describe('dueStatus of the other cadences', () => {
  it('keeps an audit posted 30 days after its publication (the day of publication not counted)', () => {
    const s = dueStatus(
      input({
        kind: 'audit',
        at: day('2026-12-10'),
        published: [{ period: null, publishedAt: day('2026-12-01', 10) }],
      }),
    )
    expect(s.postedUntil).toBe(day('2027-01-01'))
    expect(s.next).toBeNull()
  })

  it.each<DisclosureKind>([
    'rules_of_procedure',
    'management_covenant',
    'maintenance_fund_covenant',
    'property_contract',
    'parking',
    'other',
  ])('%s is never overdue: it is published on every change', (kind) => {
    const s = dueStatus(input({ kind, at: day('2030-01-01') }))
    expect(s).toMatchObject({ cadence: 'on_change', next: null, overdueDays: 0, missed: 0 })
  })
})

const content = (over: Partial<DisclosureContent> = {}): DisclosureContent => ({
  kind: 'maintenance_fund',
  period: { start: '2026-01-01', end: '2026-06-30' },
  visibility: 'public',
  title: '维修资金 2026 上半年',
  body: '说明',
  statement: {
    openingFen: 100_000,
    lines: [
      {
        date: '2026-03-01',
        direction: 'income',
        amountFen: 5_000,
        counterparty: '业主',
        purpose: '续筹',
        document: '凭证1',
      },
    ],
    closingFen: 105_000,
  },
  facts: null,
  attachments: [],
  ...over,
})

describe('a version’s content', () => {
  it('hashes the canonical content: the same content the same hash, any change another', () => {
    expect(disclosureSha256(content())).toBe(disclosureSha256(content()))
    expect(disclosureSha256(content())).toMatch(/^[0-9a-f]{64}$/)
    expect(disclosureSha256(content({ body: '说明。' }))).not.toBe(disclosureSha256(content()))
    expect(
      disclosureSha256(
        content({ attachments: [{ name: 'a.pdf', mime: 'application/pdf', size: 3, sha256: 'ab' }] }),
      ),
    ).not.toBe(disclosureSha256(content()))
  })

  it('reads a statement as lines in yuan with two decimals', () => {
    const text = disclosureText(content())
    expect(text).toContain('期初余额 ¥1000.00')
    expect(text).toContain('1. 2026-03-01 收入 ¥50.00 业主 续筹 [凭证1]')
    expect(text).toContain('期末余额 ¥1050.00')
  })

  it('compares two versions line by line, marking what changed', () => {
    const before = content()
    const after = content({
      statement: {
        ...(before.statement as NonNullable<DisclosureContent['statement']>),
        closingFen: 105_001,
      },
    })
    const ops = compareContents(before, after)
    expect(ops.filter((o) => o.op === 'removed').map((o) => o.line)).toEqual(['期末余额 ¥1050.00'])
    expect(ops.filter((o) => o.op === 'added').map((o) => o.line)).toEqual(['期末余额 ¥1050.01'])
    expect(ops.filter((o) => o.op === 'same').length).toBeGreaterThan(3)
  })

  it('checks a contract’s facts', () => {
    const facts = {
      company: '某物业',
      contractStart: '2026-01-01',
      contractEnd: '2028-12-31',
      serviceStandard: '二级',
      fees: [{ item: '物业费', rateFen: 250, unit: '㎡·月' }],
      hotline: '12345',
    }
    expect(checkFacts(facts)).toEqual([])
    expect(checkFacts({ ...facts, company: ' ', contractEnd: '2025-12-31' })).toEqual([
      { field: 'company', code: 'text_missing' },
      { field: 'contractEnd', code: 'invalid' },
    ])
    expect(checkFacts({ ...facts, fees: [{ item: '停车', rateFen: -1, unit: '月' }] })).toEqual([
      { field: 'fees[0].rateFen', code: 'invalid' },
    ])
  })
})
