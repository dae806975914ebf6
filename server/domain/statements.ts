import { isChinaDate } from './calendar'
import { isUnsafeText } from './text'

/**
 * A money statement (domain §9): the structured part of a disclosure of the maintenance fund, common income,
 * committee working funds or parking disposal — an opening balance, dated lines of income or spending, a closing
 * balance. Money is integer fen throughout (no floats in any decision); dates are China dates (YYYY-MM-DD).
 * The product refuses a statement whose lines do not add up, or whose opening balance is not the previous period's
 * closing balance (domain §9: "the product checks that the lines add up and that one period's opening balance is
 * the previous closing balance").
 */

export type StatementKind = 'maintenance_fund' | 'common_income' | 'working_funds' | 'parking'
export const STATEMENT_KINDS: readonly StatementKind[] = [
  'maintenance_fund',
  'common_income',
  'working_funds',
  'parking',
]

export type Direction = 'income' | 'spending'
export const DIRECTIONS: readonly Direction[] = ['income', 'spending']

export interface StatementLine {
  /** The day of the movement, YYYY-MM-DD, inside the period. */
  readonly date: string
  readonly direction: Direction
  /** A positive whole number of fen; the direction says which way it moves the balance. */
  readonly amountFen: number
  readonly counterparty: string
  readonly purpose: string
  /** The voucher, invoice or resolution the line rests on (a reference as written on paper); may be empty. */
  readonly document: string
}

export interface Statement {
  readonly openingFen: number
  readonly lines: readonly StatementLine[]
  readonly closingFen: number
}

export type StatementProblemCode =
  | 'amount_invalid'
  | 'balance_invalid'
  | 'date_invalid'
  | 'date_outside_period'
  | 'direction_invalid'
  | 'text_missing'
  | 'text_unsafe'
  | 'does_not_add_up'
  | 'opening_not_previous_closing'

/** What is wrong, and where: `line` counts the statement's lines from 1; null is the statement as a whole. */
export interface StatementProblem {
  readonly line: number | null
  readonly code: StatementProblemCode
  /** Names the field or the figures, for the reader of the refusal. */
  readonly detail: string
}

/** The period a statement covers, and the closing balance of the same kind's previous published period, if any. */
export interface StatementContext {
  readonly periodStart: string
  readonly periodEnd: string
  /** null: there is no earlier statement of this kind for the estate (the first one opens as it says). */
  readonly previousClosingFen: number | null
}

const MAX_TEXT = 200
const isFen = (n: number) => Number.isSafeInteger(n)

/** The balance after the lines: opening + income − spending, in fen. */
export function closingOf(s: Pick<Statement, 'openingFen' | 'lines'>): number {
  return s.lines.reduce(
    (sum, l) => (l.direction === 'income' ? sum + l.amountFen : sum - l.amountFen),
    s.openingFen,
  )
}

/** Income and spending totals of the lines, in fen. */
export function totalsOf(lines: readonly StatementLine[]): { incomeFen: number; spendingFen: number } {
  let incomeFen = 0
  let spendingFen = 0
  for (const l of lines) {
    if (l.direction === 'income') incomeFen += l.amountFen
    else spendingFen += l.amountFen
  }
  return { incomeFen, spendingFen }
}

/**
 * Every problem of the statement, by line, then those of the whole; [] when it may be published. Every problem is
 * named at once (a refused import lists them all): a missing purpose does not hide that the lines do not add up,
 * which is judged whenever every amount and both balances are whole fen.
 */
export function checkStatement(s: Statement, ctx: StatementContext): StatementProblem[] {
  const problems: StatementProblem[] = []
  let amountsValid = true
  s.lines.forEach((l, i) => {
    const line = i + 1
    if (!isChinaDate(l.date)) problems.push({ line, code: 'date_invalid', detail: 'date' })
    // YYYY-MM-DD strings order as their days do.
    else if (l.date < ctx.periodStart || l.date > ctx.periodEnd)
      problems.push({ line, code: 'date_outside_period', detail: `${ctx.periodStart}–${ctx.periodEnd}` })
    if (l.direction !== 'income' && l.direction !== 'spending')
      problems.push({ line, code: 'direction_invalid', detail: 'direction' })
    if (!isFen(l.amountFen) || l.amountFen <= 0) {
      amountsValid = false
      problems.push({ line, code: 'amount_invalid', detail: 'amountFen' })
    }
    for (const field of ['counterparty', 'purpose', 'document'] as const) {
      const text: unknown = l[field]
      // A statement may come from stored or sent JSON: a field that is not text is wrong, never a crash.
      if (typeof text !== 'string')
        problems.push({ line, code: field === 'document' ? 'text_unsafe' : 'text_missing', detail: field })
      else if (field !== 'document' && text.trim() === '')
        problems.push({ line, code: 'text_missing', detail: field })
      else if (isUnsafeText(text) || text.length > MAX_TEXT)
        problems.push({ line, code: 'text_unsafe', detail: field })
    }
  })
  const openingValid = isFen(s.openingFen)
  if (!openingValid) problems.push({ line: null, code: 'balance_invalid', detail: 'openingFen' })
  if (!isFen(s.closingFen)) problems.push({ line: null, code: 'balance_invalid', detail: 'closingFen' })
  if (amountsValid && openingValid && isFen(s.closingFen) && directionsValid(s.lines)) {
    const computed = closingOf(s)
    // A sum past 2^53 fen is no longer exact: it cannot be said to add up.
    if (!isFen(computed) || computed !== s.closingFen)
      problems.push({ line: null, code: 'does_not_add_up', detail: `${computed} ≠ ${s.closingFen}` })
  }
  if (openingValid && ctx.previousClosingFen !== null && ctx.previousClosingFen !== s.openingFen)
    problems.push({
      line: null,
      code: 'opening_not_previous_closing',
      detail: `${s.openingFen} ≠ ${ctx.previousClosingFen}`,
    })
  return problems
}

const directionsValid = (lines: readonly StatementLine[]) =>
  lines.every((l) => l.direction === 'income' || l.direction === 'spending')

/** One period of a kind, for the chart over time: its end, its totals and its closing balance. */
export interface StatementPoint {
  readonly periodEnd: string
  readonly openingFen: number
  readonly incomeFen: number
  readonly spendingFen: number
  readonly closingFen: number
}

/** The points of a kind's statements, oldest period first. */
export function statementSeries(
  statements: readonly { readonly periodEnd: string; readonly statement: Statement }[],
): StatementPoint[] {
  return [...statements]
    .sort((a, b) => (a.periodEnd < b.periodEnd ? -1 : a.periodEnd > b.periodEnd ? 1 : 0))
    .map(({ periodEnd, statement }) => ({
      periodEnd,
      openingFen: statement.openingFen,
      ...totalsOf(statement.lines),
      closingFen: statement.closingFen,
    }))
}
