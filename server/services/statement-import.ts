import type { Db } from '../../db/client'
import { findEstate } from '../../db/repositories/estates'
import {
  checkStatement,
  totalsOf,
  type Direction,
  type Statement,
  type StatementLine,
  type StatementProblemCode,
} from '../domain/statements'
import { AppError, notFound } from '../errors'
import {
  readRollFile,
  RollFileError,
  type RawRow,
  type RollFileEncoding,
  type RollFileFormat,
  type RollFileLimits,
} from './roll-file'

/**
 * A money statement (domain §9) from a spreadsheet: "statements can be imported from a spreadsheet (CSV/xlsx)".
 * The file is read by the roll's reader (roll-file.ts: UTF-8 with or without BOM, UTF-16, GB18030, .xlsx), with
 * caps fit for a statement, and turned into a `Statement` that the domain's `checkStatement` judges. All or
 * nothing: any problem refuses the file with every problem and its line in the file, and nothing is kept.
 *
 * The sheet has a header row naming its columns in Chinese or English — 日期/date, 收支 or 类型/direction,
 * 金额/amount (yuan with at most two decimals), 对方/counterparty, 用途/purpose, 凭证/document (optional) — one row a
 * movement, and a 期初余额/opening and 期末余额/closing row (their amount in the amount column) unless the balances
 * are given beside the file. A cash book (日记账) may have 收入 and 支出 columns instead of 收支 and 金额, and a
 * running 余额, which is checked row by row. Its 合计 rows restate the lines' sums: they are left out, and named.
 */

/** A statement is a period's movements: some thousands of lines at most, far below a roll's caps. */
export const STATEMENT_FILE_LIMITS: RollFileLimits = {
  maxUnits: 10_000,
  maxRows: 10_000,
  maxColumns: 30,
  maxCellChars: 500,
  maxReportedErrors: 200,
  maxInflatedBytes: 32 * 1024 * 1024,
  maxZipEntries: 200,
}

/** An upload's bytes at most: 10,000 lines of a few hundred bytes each. */
export const STATEMENT_MAX_UPLOAD_BYTES = 4 * 1024 * 1024

export type StatementImportProblemCode =
  | StatementProblemCode
  | 'file_unreadable'
  | 'header_missing'
  | 'column_missing'
  | 'column_duplicate'
  | 'balance_missing'
  | 'balance_duplicate'
  | 'running_balance_mismatch'

/** What is wrong and where: `line` is the file's line (CSV) or row (.xlsx); null when the file has no such line. */
export interface StatementImportProblem {
  readonly line: number | null
  readonly code: StatementImportProblemCode
  readonly detail: string
}

type Field =
  | 'date'
  | 'direction'
  | 'amount'
  | 'income'
  | 'spending'
  | 'balance'
  | 'counterparty'
  | 'purpose'
  | 'document'
/** The columns of a sheet with one amount column and a direction column. */
const REQUIRED: readonly Field[] = ['date', 'direction', 'amount', 'counterparty', 'purpose']
/** A cash book's columns (日记账): an income column and a spending column instead of 收支 and 金额. */
const REQUIRED_LEDGER: readonly Field[] = ['date', 'counterparty', 'purpose']

/** A column's name in both languages, for a problem's detail. */
const FIELD_NAMES: Record<Field, string> = {
  date: '日期 / date',
  direction: '收支 / direction',
  amount: '金额 / amount',
  income: '收入 / income',
  spending: '支出 / spending',
  balance: '余额 / balance',
  counterparty: '对方 / counterparty',
  purpose: '用途 / purpose',
  document: '凭证 / document',
}

/** The header names each column may have, normalised (see `normalise`). */
const HEADERS: Record<Field, readonly string[]> = {
  date: ['日期', '发生日期', '时间', 'date'],
  direction: ['收支', '类型', '收支类型', '方向', 'direction', 'type'],
  amount: ['金额', '发生额', 'amount'],
  income: ['收入', '收入金额', 'income', 'incomeamount'],
  spending: ['支出', '支出金额', 'spending', 'expense', 'expenditure', 'spendingamount'],
  balance: ['余额', '结余', '账面余额', 'balance', 'runningbalance'],
  counterparty: ['对方', '对方单位', '收付款方', '往来单位', 'counterparty', 'payee', 'payer'],
  purpose: ['用途', '摘要', '事由', '说明', 'purpose', 'description'],
  document: ['凭证', '凭证号', '单据', '附件', 'document', 'voucher', 'reference'],
}

/** By the cell's normalised text. Maps, not objects: a cell reading "constructor" is no direction or balance. */
const DIRECTIONS = new Map<string, Direction>(
  Object.entries({
    收入: 'income',
    收: 'income',
    income: 'income',
    in: 'income',
    支出: 'spending',
    支: 'spending',
    spending: 'spending',
    expense: 'spending',
    expenditure: 'spending',
    out: 'spending',
  }),
)

type BalanceKind = 'opening' | 'closing'
const BALANCES = new Map<string, BalanceKind>(
  Object.entries({
    期初余额: 'opening',
    期初: 'opening',
    期初结余: 'opening',
    上期结余: 'opening',
    上期余额: 'opening',
    opening: 'opening',
    openingbalance: 'opening',
    期末余额: 'closing',
    期末: 'closing',
    期末结余: 'closing',
    本期结余: 'closing',
    本期余额: 'closing',
    closing: 'closing',
    closingbalance: 'closing',
  }),
)
/** A row of sums (合计, 本月合计 …): derived from the lines, so not one of them. */
const TOTALS = new Set([
  '合计',
  '本期合计',
  '本月合计',
  '本季合计',
  '本年累计',
  '小计',
  '总计',
  'total',
  'subtotal',
])

const BALANCE_NAMES: Record<BalanceKind, string> = {
  opening: '期初余额 / opening',
  closing: '期末余额 / closing',
}

/** A header or a word as typed, compared without spaces, case or a unit in brackets: "金额（元）" is 金额. */
function normalise(text: string): string {
  return text
    .replace(/[(（][^)）]*[)）]/g, '')
    .replace(/[\s_:：]/g, '')
    .toLowerCase()
}

/**
 * Full-width forms as a Chinese input method types them (１２３．４５, ２０２６／１／１５, ￥) as their ASCII letters, and
 * the ideographic space as a space; nothing else changes (not NFKC, which would read ² or ① as digits).
 */
function halfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e\u3000\uffe5]/g, (c) => {
    const code = c.charCodeAt(0)
    if (code === 0x3000) return ' '
    if (code === 0xffe5) return '¥'
    return String.fromCharCode(code - 0xfee0)
  })
}

/**
 * Yuan as typed — "1234.5", "1,234.56", "¥12", "-3.00" (a balance may be below zero) — into integer fen, from the
 * digits of the text and never through a float: "12.345" (a fraction of a fen) and "1e3" are not amounts.
 * undefined when the text is not an amount.
 */
export function parseYuan(text: string): number | undefined {
  const t = halfWidth(text)
    .trim()
    .replace(/^[¥￥]\s*/, '')
    .replace(/\s*元$/, '')
  const m = /^([-−])?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(t)
  if (!m) return undefined
  const digits = (m[2] ?? '').replaceAll(',', '').replace(/^0+(?=\d)/, '') + (m[3] ?? '').padEnd(2, '0')
  // At most 15 digits: a whole number below 2^53, which Number() reads exactly.
  if (digits.length > 15) return undefined
  const fen = Number(digits)
  return m[1] && fen !== 0 ? -fen : fen
}

/** Days from 1899-12-30 (Excel's day 0, past its 1900 leap-year slip) to 1970-01-01. */
const EXCEL_EPOCH_DAYS = 25_569

/**
 * A date as typed into YYYY-MM-DD: "2026-03-05", "2026/3/5", "2026.3.5", "2026年3月5日", "20260305", or — in an
 * .xlsx, where a date cell holds a day number — Excel's serial day (46086 is 2026-03-05). The calendar check is the
 * domain's (checkStatement); undefined when the text has none of these shapes.
 */
export function parseDate(text: string, format: RollFileFormat): string | undefined {
  const t = halfWidth(text).trim()
  const pad = (n: string) => n.padStart(2, '0')
  // A time after the date, as Excel writes a date cell into a CSV ("2026/1/15 0:00"), is not part of it.
  const m =
    /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(t) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(t)
  if (m) return `${m[1]}-${pad(m[2] ?? '')}-${pad(m[3] ?? '')}`
  // Five digits are 1927–2173 as serial days; a time of day after the point is not part of the date.
  const serial = format === 'xlsx' ? /^(\d{5})(?:\.\d+)?$/.exec(t) : null
  if (serial) return new Date((Number(serial[1]) - EXCEL_EPOCH_DAYS) * 86_400_000).toISOString().slice(0, 10)
  return undefined
}

export interface StatementBalances {
  /** Yuan as typed, instead of a 期初余额 row. */
  readonly opening?: string | undefined
  /** Yuan as typed, instead of a 期末余额 row. */
  readonly closing?: string | undefined
}

export interface StatementFileInput extends StatementBalances {
  readonly file: Uint8Array
  readonly periodStart: string
  readonly periodEnd: string
  /** The closing balance of the kind's previous published period; null for the first (or when not yet known). */
  readonly previousClosingFen: number | null
}

export type StatementFileResult =
  | {
      readonly ok: true
      readonly statement: Statement
      readonly totals: { readonly incomeFen: number; readonly spendingFen: number }
      readonly format: RollFileFormat
      readonly encoding: RollFileEncoding
      /** The lines of the file left out as rows of sums (合计), for the reader to see that they were. */
      readonly skipped: readonly number[]
    }
  | { readonly ok: false; readonly problems: readonly StatementImportProblem[] }

/** Where a line of the statement came from, and the cells it was read from (for a problem's detail). */
interface Source {
  readonly line: number
  readonly cells: Readonly<Record<Field, string>>
  /** Read from 收入 and 支出 columns. */
  readonly ledger: boolean
}

/** A cash book's 收入 or 支出 left empty, as "0.00", or as a dash, is no figure. */
const blank = (text: string) => text === '' || /^[-—–]$/.test(text) || parseYuan(text) === 0

/**
 * A cash-book row's direction and fen: the one of 收入 and 支出 that has a figure. With both or neither filled, the
 * amount is not one (NaN), for the domain to name on its line.
 */
function ledgerAmount(cells: Readonly<Record<Field, string>>): {
  direction: Direction
  fen: number | undefined
} {
  const income = !blank(cells.income)
  const spending = !blank(cells.spending)
  if (income === spending) return { direction: 'income', fen: undefined }
  return income
    ? { direction: 'income', fen: parseYuan(cells.income) }
    : { direction: 'spending', fen: parseYuan(cells.spending) }
}

/**
 * A cash book's 余额 on each row against the row before it: the previous balance (as written, or as the lines make
 * it where none is written) plus or less the row's amount. Each row is judged on its own, so a mistyped amount is
 * named on its own line rather than on every line after it. Stops at an amount that is not one.
 */
function runningBalances(statement: Statement, sources: readonly Source[]): StatementImportProblem[] {
  const problems: StatementImportProblem[] = []
  if (!Number.isSafeInteger(statement.openingFen)) return problems
  let previous = statement.openingFen
  for (const [i, l] of statement.lines.entries()) {
    const source = sources[i]
    if (!source || !Number.isSafeInteger(l.amountFen) || l.amountFen <= 0) break
    const expected = l.direction === 'income' ? previous + l.amountFen : previous - l.amountFen
    const text = source.cells.balance
    if (text === '') {
      previous = expected
      continue
    }
    const given = parseYuan(text)
    if (given !== expected)
      problems.push({
        line: source.line,
        code: 'running_balance_mismatch',
        detail: `${FIELD_NAMES.balance}: ${quoted(text)} ≠ ${yuan(previous)} ${l.direction === 'income' ? '+' : '−'} ${yuan(l.amountFen)} = ${yuan(expected)}`,
      })
    previous = given ?? expected
  }
  return problems
}

const quoted = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)

/**
 * Reads a statement file and judges it (checkStatement) without keeping anything. A file past a cap, or an empty
 * one, is refused as a whole by the caller's usual codes (the RollFileError thrown); every other problem is one of
 * `problems`, in file order.
 */
export async function readStatementFile(input: StatementFileInput): Promise<StatementFileResult> {
  let read: Awaited<ReturnType<typeof readRollFile>>
  try {
    read = await readRollFile(input.file, STATEMENT_FILE_LIMITS)
  } catch (e) {
    if (e instanceof RollFileError && e.code === 'file_unreadable')
      return { ok: false, problems: [{ line: null, code: 'file_unreadable', detail: e.reason }] }
    throw e
  }
  const [header, ...rows] = read.rows
  if (!header)
    return {
      ok: false,
      problems: [
        { line: null, code: 'header_missing', detail: REQUIRED.map((f) => FIELD_NAMES[f]).join(', ') },
      ],
    }

  const problems: StatementImportProblem[] = []
  const columns = new Map<Field, number>()
  header.cells.forEach((cell, i) => {
    const name = normalise(cell)
    const field = (Object.keys(HEADERS) as Field[]).find((f) => HEADERS[f].includes(name))
    if (!field) return // other columns (序号, 备注 …) are not the statement's
    if (columns.has(field))
      problems.push({
        line: header.line,
        code: 'column_duplicate',
        detail: `${FIELD_NAMES[field]}: ${quoted(cell)}`,
      })
    else columns.set(field, i)
  })
  // A cash book has 收入 and 支出 columns (either may be left out) and no 金额; a sheet with both is ambiguous.
  const ledger = !columns.has('amount') && (columns.has('income') || columns.has('spending'))
  if (columns.has('amount') && (columns.has('income') || columns.has('spending')))
    problems.push({
      line: header.line,
      code: 'column_duplicate',
      detail: '金额 / amount 与 收入、支出 / income, spending：只用其一 / use one or the other',
    })
  for (const field of ledger ? REQUIRED_LEDGER : REQUIRED)
    if (!columns.has(field))
      problems.push({ line: header.line, code: 'column_missing', detail: FIELD_NAMES[field] })
  if (problems.length > 0) return { ok: false, problems }

  const cellsOf = (row: RawRow) =>
    Object.fromEntries(
      (Object.keys(HEADERS) as Field[]).map((f) => {
        const i = columns.get(f)
        return [f, i === undefined ? '' : (row.cells[i] ?? '').trim()]
      }),
    ) as Record<Field, string>

  const balances: Record<BalanceKind, { line: number | null; text: string } | undefined> = {
    opening: input.opening === undefined ? undefined : { line: null, text: input.opening },
    closing: input.closing === undefined ? undefined : { line: null, text: input.closing },
  }
  const lines: StatementLine[] = []
  const sources: Source[] = []
  const skipped: number[] = []
  for (const row of rows) {
    const cells = cellsOf(row)
    if ([cells.date, cells.direction, cells.purpose].some((c) => TOTALS.has(normalise(c)))) {
      skipped.push(row.line)
      continue
    }
    // A balance row says so in its date, direction or purpose cell; its figure is in the amount column.
    const kind = [cells.date, cells.direction, cells.purpose]
      .map((c) => BALANCES.get(normalise(c)))
      .find(Boolean)
    if (kind) {
      if (balances[kind]) {
        const first = balances[kind].line
        problems.push({
          line: row.line,
          code: 'balance_duplicate',
          detail: `${BALANCE_NAMES[kind]}: ${first === null ? '已随文件另行给出 / also given beside the file' : `第 ${first} 行已有 / already on line ${first}`}`,
        })
      } else {
        // Its figure under 金额, or as a cash book writes it, under 余额 (or 收入).
        const text = [cells.amount, cells.balance, cells.income].find((c) => c !== '') ?? ''
        balances[kind] = { line: row.line, text }
      }
      continue
    }
    if (Object.values(cells).every((c) => c === '')) continue // a row of other columns only
    const { direction, fen } = ledger
      ? ledgerAmount(cells)
      : {
          direction: DIRECTIONS.get(normalise(cells.direction)) ?? (cells.direction as Direction),
          fen: parseYuan(cells.amount),
        }
    lines.push({
      // What does not read as a date or an amount is passed on as such, for the domain to name on its line.
      date: parseDate(cells.date, read.format) ?? cells.date,
      direction,
      amountFen: fen ?? Number.NaN,
      counterparty: cells.counterparty,
      purpose: cells.purpose,
      document: cells.document,
    })
    sources.push({ line: row.line, cells, ledger })
  }

  const balanceFen = (kind: BalanceKind) => {
    const b = balances[kind]
    if (!b) {
      problems.push({ line: null, code: 'balance_missing', detail: BALANCE_NAMES[kind] })
      return 0 // judged as missing only: the domain's balance_invalid would say it twice
    }
    return parseYuan(b.text) ?? Number.NaN
  }
  const statement: Statement = { openingFen: balanceFen('opening'), lines, closingFen: balanceFen('closing') }
  const missing = problems.some((p) => p.code === 'balance_missing')
  if (columns.has('balance') && !missing) problems.push(...runningBalances(statement, sources))

  for (const p of checkStatement(statement, input)) {
    if (p.line !== null) {
      const source = sources[p.line - 1]
      if (!source) throw new Error(`statement line ${p.line} has no source row`)
      problems.push({ line: source.line, code: p.code, detail: lineDetail(p.code, p.detail, source) })
      continue
    }
    // A missing balance was said once; whether the lines add up cannot be judged without it.
    if (missing && (p.code === 'does_not_add_up' || p.code === 'opening_not_previous_closing')) continue
    const kind: BalanceKind =
      p.code === 'balance_invalid'
        ? p.detail === 'openingFen'
          ? 'opening'
          : 'closing'
        : p.code === 'does_not_add_up'
          ? 'closing'
          : 'opening'
    const b = balances[kind]
    const detail =
      p.code === 'balance_invalid'
        ? `${BALANCE_NAMES[kind]}: ${quoted(b?.text ?? '')}`
        : yuanDetail(p.code, p.detail)
    problems.push({ line: b?.line ?? null, code: p.code, detail })
  }
  if (problems.length > 0) return { ok: false, problems: sortProblems(problems) }
  return {
    ok: true,
    statement,
    totals: totalsOf(lines),
    format: read.format,
    encoding: read.encoding,
    skipped,
  }
}

/** A line's problem in the file's terms: the column and what it holds. */
function lineDetail(code: StatementProblemCode, detail: string, source: Source): string {
  switch (code) {
    case 'date_invalid':
      return `${FIELD_NAMES.date}: ${quoted(source.cells.date)}`
    case 'date_outside_period':
      return `${FIELD_NAMES.date}: ${quoted(source.cells.date)} ∉ ${detail}`
    case 'direction_invalid':
      return `${FIELD_NAMES.direction}: ${quoted(source.cells.direction)}（收入或支出 / income or spending）`
    case 'amount_invalid':
      if (source.ledger)
        return `${FIELD_NAMES.income}: ${quoted(source.cells.income)}；${FIELD_NAMES.spending}: ${quoted(source.cells.spending)}（其中一栏填正数，至多两位小数 / one of them, positive, at most two decimals）`
      return `${FIELD_NAMES.amount}: ${quoted(source.cells.amount)}（元，正数，至多两位小数 / yuan, positive, at most two decimals）`
    case 'text_missing':
    case 'text_unsafe': {
      const field = detail as 'counterparty' | 'purpose' | 'document'
      return code === 'text_missing'
        ? FIELD_NAMES[field]
        : `${FIELD_NAMES[field]}: ${quoted(source.cells[field])}`
    }
    default:
      return detail
  }
}

const yuan = (fen: number) => {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** The statement's figures in yuan, as the file has them ("1070.00 ≠ 1070.01"). */
function yuanDetail(code: StatementProblemCode, detail: string): string {
  const figures = detail.split(' ≠ ').map(Number)
  if (figures.length !== 2 || !figures.every(Number.isSafeInteger)) return detail
  const [a = 0, b = 0] = figures
  return code === 'does_not_add_up'
    ? `各行合计的期末余额 ${yuan(a)} ≠ 文件中的 ${yuan(b)} / the lines make ${yuan(a)}, the file says ${yuan(b)}`
    : `期初余额 ${yuan(a)} ≠ 上期期末余额 ${yuan(b)} / opening ${yuan(a)}, the previous closing ${yuan(b)}`
}

/** File order; problems without a line last, as the domain lists the whole statement's after its lines. */
function sortProblems(problems: StatementImportProblem[]): StatementImportProblem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.line ?? Infinity) - (b.p.line ?? Infinity) || a.i - b.i)
    .map(({ p }) => p)
}

export interface ParseStatementRequest extends StatementFileInput {
  readonly estateId: string
}

/**
 * The conveners' check of a statement file before it is published in a disclosure: the statement and its totals,
 * or `statement_invalid` with every problem. Writes nothing (no audit either: nothing changes). The opening is
 * judged against the previous period's closing when the disclosure is published; here `previousClosingFen` is what
 * the caller knows.
 */
export async function parseStatementUpload(db: Db, req: ParseStatementRequest) {
  if (!(await findEstate(db, req.estateId))) throw notFound('estate_not_found', `No estate "${req.estateId}"`)
  let result: StatementFileResult
  try {
    result = await readStatementFile(req)
  } catch (e) {
    // A file past a cap answers the cap's own code (413), as the roll's import does; an empty one file_empty.
    if (e instanceof RollFileError && e.code !== 'file_unreadable') throw new AppError(e.code, e.reason)
    throw e
  }
  if (!result.ok) {
    const n = result.problems.length
    throw new AppError(
      'statement_invalid',
      `收支明细有 ${n} 处问题，未保存任何内容 / the statement has ${n} problem(s); nothing was kept`,
      { problems: result.problems },
    )
  }
  return {
    statement: result.statement,
    totals: result.totals,
    format: result.format,
    encoding: result.encoding,
    skipped: result.skipped,
  }
}
