import { describe, expect, it } from 'vitest'
import { demoMoneyDisclosures, type DemoMoneyDisclosure } from '../../server/demo/disclosures-data'
import { checkStatement, closingOf, type StatementKind } from '../../server/domain/statements'

/**
 * The demo estate's year of money statements (domain §9): every version passes checkStatement against the
 * previous period of its kind, the periods of a kind follow one another without a gap over the whole year, and the
 * correction is what the second half-year opens at.
 */

const YEARS = [2025, 2026, 2028] // 2028: a leap year, whose February has 29 days

const ofKind = (all: readonly DemoMoneyDisclosure[], kind: StatementKind) =>
  all.filter((d) => d.kind === kind)
const current = (d: DemoMoneyDisclosure) => {
  const last = d.versions[d.versions.length - 1]
  if (!last) throw new Error(`${d.title} has no version`)
  return last.statement
}
const dayAfter = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)

describe.each(YEARS)('the demo’s money statements for %i', (year) => {
  const all = demoMoneyDisclosures(year)

  it('are the maintenance fund for two half-years and common income for four quarters', () => {
    expect(all.map((d) => [d.kind, d.periodStart, d.periodEnd])).toEqual([
      ['maintenance_fund', `${year}-01-01`, `${year}-06-30`],
      ['maintenance_fund', `${year}-07-01`, `${year}-12-31`],
      ['common_income', `${year}-01-01`, `${year}-03-31`],
      ['common_income', `${year}-04-01`, `${year}-06-30`],
      ['common_income', `${year}-07-01`, `${year}-09-30`],
      ['common_income', `${year}-10-01`, `${year}-12-31`],
    ])
  })

  it.each(['maintenance_fund', 'common_income'] as const)(
    'pass checkStatement, every version of %s, each opening at the previous period’s current closing',
    (kind) => {
      let previousClosingFen: number | null = null
      for (const d of ofKind(all, kind)) {
        for (const v of d.versions)
          expect(
            checkStatement(v.statement, {
              periodStart: d.periodStart,
              periodEnd: d.periodEnd,
              previousClosingFen,
            }),
            `${d.title} ${v.reason}`,
          ).toEqual([])
        previousClosingFen = current(d).closingFen
      }
    },
  )

  it.each(['maintenance_fund', 'common_income'] as const)(
    'chain: %s covers the year day after day',
    (kind) => {
      const periods = ofKind(all, kind)
      expect(periods[0]?.periodStart).toBe(`${year}-01-01`)
      expect(periods[periods.length - 1]?.periodEnd).toBe(`${year}-12-31`)
      for (let i = 1; i < periods.length; i++) {
        const [before, after] = [periods[i - 1], periods[i]]
        if (!before || !after) throw new Error('two periods')
        expect(after.periodStart).toBe(dayAfter(before.periodEnd))
        expect(current(after).openingFen).toBe(current(before).closingFen)
      }
    },
  )

  it('corrects the fund’s first half-year with a reason, and the second opens at the corrected closing only', () => {
    const [h1, h2] = ofKind(all, 'maintenance_fund')
    if (!h1 || !h2) throw new Error('two half-years')
    expect(h1.versions).toHaveLength(2)
    const [v1, v2] = h1.versions
    if (!v1 || !v2) throw new Error('two versions')
    expect(v1.reason).toBe('')
    expect(v2.reason).toMatch(/漏记.*18,920\.00 元/)
    expect(v2.statement.lines.length).toBe(v1.statement.lines.length + 1)
    expect(v2.statement.closingFen - v1.statement.closingFen).toBe(1_892_000)
    expect(h2.versions.map((v) => v.reason)).toEqual([''])
    // Against the uncorrected 第1版 the second half-year would not open where the first closed.
    const periods = { periodStart: h2.periodStart, periodEnd: h2.periodEnd }
    expect(
      checkStatement(current(h2), { ...periods, previousClosingFen: v1.statement.closingFen }).map(
        (p) => p.code,
      ),
    ).toEqual(['opening_not_previous_closing'])
  })

  it('are integer fen, lines in date order, with a counterparty, a purpose and a document each', () => {
    for (const d of all)
      for (const { statement } of d.versions) {
        expect(Number.isSafeInteger(statement.openingFen) && Number.isSafeInteger(statement.closingFen)).toBe(
          true,
        )
        expect(closingOf(statement)).toBe(statement.closingFen)
        const dates = statement.lines.map((l) => l.date)
        expect(dates).toEqual([...dates].sort())
        for (const l of statement.lines) {
          expect(Number.isSafeInteger(l.amountFen) && l.amountFen > 0).toBe(true)
          expect(l.counterparty && l.purpose && l.document).toBeTruthy()
        }
        // Both directions appear in every period: a ledger, not a list of receipts.
        expect(new Set(statement.lines.map((l) => l.direction))).toEqual(new Set(['income', 'spending']))
      }
  })

  it('have a title and a body in Chinese for each period', () => {
    for (const d of all) {
      expect(d.title).toContain(String(year))
      expect(d.body.length).toBeGreaterThan(20)
    }
  })
})
