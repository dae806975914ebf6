import { diffLines as jsDiffLines } from 'diff'
import {
  DAY_MS,
  isChinaDate,
  legalPeriodEnd,
  NO_HOLIDAYS,
  periodEnd,
  startOfChinaDate,
  startOfChinaDay,
  type HolidayTable,
} from './calendar'
import { canonicalJson, type Json } from './canonical'
import { sha256Hex } from './sha256'
import { STATEMENT_KINDS, totalsOf, type Statement, type StatementKind } from './statements'
import { isUnsafeText } from './text'

/**
 * Disclosure (信息公开, domain §9; 指导规则 art. 36; SPC art. 13; 民法典 arts. 281–282, 943; 上海 arts. 26, 27, 47, 48,
 * 66, 67): what the committee (or the preparatory group while it exists) must publish, each kind with its cadence.
 * Pure: the caller passes the instant, the duty's start, what was published and the holiday table.
 */

export type DisclosureKind =
  | 'rules_of_procedure'
  | 'management_covenant'
  | 'maintenance_fund_covenant'
  | 'decisions'
  | 'property_contract'
  | 'maintenance_fund'
  | 'common_income'
  | 'parking'
  | 'working_funds'
  | 'audit'
  | 'fee_payment'
  | 'other'

export const DISCLOSURE_KINDS: readonly DisclosureKind[] = [
  'rules_of_procedure',
  'management_covenant',
  'maintenance_fund_covenant',
  'decisions',
  'property_contract',
  'maintenance_fund',
  'common_income',
  'parking',
  'working_funds',
  'audit',
  'fee_payment',
  'other',
]

/** The kinds whose versions carry a money statement (domain §9: "for the money kinds — a structured statement"). */
export const isStatementKind = (k: DisclosureKind): k is StatementKind =>
  (STATEMENT_KINDS as readonly string[]).includes(k)

/** Period lengths a periodic kind may be set to, in months; periods are calendar-aligned (quarters from January). */
export type PeriodMonths = 1 | 3 | 6 | 12
export const PERIOD_MONTHS: readonly PeriodMonths[] = [1, 3, 6, 12]

/**
 * Days allowed after a period ends before its disclosure is overdue. THE PRODUCT'S DEFAULT, not the law's: the
 * statutes say "every six months" / "every quarter" without a deadline after the period; 30 days leave time to
 * close the books. An estate sets its own (0 means due at 24:00 of the period's last day).
 */
export const DEFAULT_GRACE_DAYS = 30
export const MAX_GRACE_DAYS = 180

/** 指导规则 art. 36 / domain §9: decisions of the assembly and the committee, and minutes, within 3 days. */
export const DECISION_DAYS = 3
/** Domain §9: audits are posted for at least 30 days. */
export const AUDIT_POSTING_DAYS = 30

export type Cadence =
  /** Published on every change (signing, amendment); no due date. */
  | { readonly kind: 'on_change' }
  /** Within `days` days of the event (民法典 art. 201: the event's day is not counted). */
  | { readonly kind: 'within_days'; readonly days: number }
  /** Every period of `periodMonths`, due `graceDays` after the period's last day. */
  | { readonly kind: 'periodic'; readonly periodMonths: PeriodMonths; readonly graceDays: number }
  /** Stays posted at least `days` days after it is published. */
  | { readonly kind: 'min_posting'; readonly days: number }

const periodic = (periodMonths: PeriodMonths): Cadence => ({
  kind: 'periodic',
  periodMonths,
  graceDays: DEFAULT_GRACE_DAYS,
})
const onChange: Cadence = { kind: 'on_change' }

/** The cadences of the §9 table, as the defaults; an estate's setting changes a periodic kind's period and grace. */
export const DEFAULT_CADENCE: Readonly<Record<DisclosureKind, Cadence>> = {
  rules_of_procedure: onChange,
  management_covenant: onChange,
  maintenance_fund_covenant: onChange,
  decisions: { kind: 'within_days', days: DECISION_DAYS },
  property_contract: onChange,
  // Every 6 months (上海 art. 66); the national rule is yearly (住宅专项维修资金管理办法 art. 35): a setting of 12.
  maintenance_fund: periodic(6),
  common_income: periodic(3),
  parking: onChange,
  working_funds: periodic(6),
  audit: { kind: 'min_posting', days: AUDIT_POSTING_DAYS },
  // 北京 art. 44: owners' payment of fees and contributions, every 6 months.
  fee_payment: periodic(6),
  other: onChange,
}

/** An estate's setting for one kind: only periodic kinds take one. */
export interface CadenceSetting {
  readonly periodMonths?: PeriodMonths
  readonly graceDays?: number
}

export type CadenceSettingProblem = 'not_periodic' | 'period_invalid' | 'grace_invalid'

export function checkCadenceSetting(kind: DisclosureKind, s: CadenceSetting): CadenceSettingProblem[] {
  if (DEFAULT_CADENCE[kind].kind !== 'periodic') return ['not_periodic']
  const problems: CadenceSettingProblem[] = []
  if (s.periodMonths !== undefined && !PERIOD_MONTHS.includes(s.periodMonths)) problems.push('period_invalid')
  if (
    s.graceDays !== undefined &&
    (!Number.isSafeInteger(s.graceDays) || s.graceDays < 0 || s.graceDays > MAX_GRACE_DAYS)
  )
    problems.push('grace_invalid')
  return problems
}

/** The kind's cadence with the estate's setting applied (a setting on a non-periodic kind changes nothing). */
export function cadenceOf(kind: DisclosureKind, setting?: CadenceSetting): Cadence {
  const c = DEFAULT_CADENCE[kind]
  if (c.kind !== 'periodic' || !setting) return c
  return {
    kind: 'periodic',
    periodMonths: setting.periodMonths ?? c.periodMonths,
    graceDays: setting.graceDays ?? c.graceDays,
  }
}

// ---- periods ------------------------------------------------------------------------------------------------------

/** A period covered, China dates inclusive (YYYY-MM-DD). */
export interface Period {
  readonly start: string
  readonly end: string
}

const pad = (n: number) => String(n).padStart(2, '0')
const ymd = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`
const lastDayOf = (y: number, m: number) =>
  m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31

/** The calendar-aligned period of `months` containing `date`: Jan–Jun / Jul–Dec for 6, quarters for 3, … */
export function periodContaining(date: string, months: PeriodMonths): Period {
  const y = Number(date.slice(0, 4))
  const m = Number(date.slice(5, 7))
  const first = Math.floor((m - 1) / months) * months + 1
  const last = first + months - 1
  return { start: ymd(y, first, 1), end: ymd(y, last, lastDayOf(y, last)) }
}

/** The aligned period after `p`. */
export function periodAfter(p: Period, months: PeriodMonths): Period {
  const y = Number(p.end.slice(0, 4))
  const m = Number(p.end.slice(5, 7))
  return m === 12 ? periodContaining(ymd(y + 1, 1, 1), months) : periodContaining(ymd(y, m + 1, 1), months)
}

export type PeriodProblem = 'period_required' | 'period_not_allowed' | 'period_invalid' | 'period_not_aligned'

/**
 * Whether a period fits the kind: a periodic kind covers one aligned period (its start may be later than the
 * aligned start, for the first period after the duty began); other kinds may name a period or not, any dates.
 */
export function checkPeriod(cadence: Cadence, period: Period | null): PeriodProblem[] {
  if (period === null) return cadence.kind === 'periodic' ? ['period_required'] : []
  if (!isChinaDate(period.start) || !isChinaDate(period.end) || period.start > period.end)
    return ['period_invalid']
  if (cadence.kind !== 'periodic') return []
  const aligned = periodContaining(period.end, cadence.periodMonths)
  if (aligned.end !== period.end || period.start < aligned.start) return ['period_not_aligned']
  return []
}

// ---- what is due --------------------------------------------------------------------------------------------------

/** A published disclosure of the kind, as the due computation reads it. */
export interface PublishedPeriod {
  readonly period: Period | null
  /** Epoch ms of the first version's publication. */
  readonly publishedAt: number
}

/** A decision (an assembly's final result, a committee meeting's resolutions) and when it was disclosed. */
export interface DecisionEvent {
  readonly id: string
  /** The instant the decision was made, epoch ms. */
  readonly decidedAt: number
  readonly disclosedAt: number | null
}

export interface DueInput {
  readonly kind: DisclosureKind
  readonly cadence: Cadence
  /**
   * The day the duty began: when the preparatory group was formed or the first committee term began (China date);
   * null: nobody is under the duty yet, so nothing periodic is due.
   */
  readonly dutyStart: string | null
  readonly published: readonly PublishedPeriod[]
  /** For the `within_days` kind (decisions). */
  readonly decisions?: readonly DecisionEvent[]
  readonly at: number
  readonly holidays?: HolidayTable
}

export interface DueStatus {
  readonly kind: DisclosureKind
  readonly cadence: Cadence['kind']
  /** The published period ending last (periodic kinds; others when they named one). */
  readonly lastPeriod: Period | null
  readonly lastPublishedAt: number | null
  /** What is due next and by when (24:00 of its last day = 00:00 of the next, epoch ms); null: nothing is due. */
  readonly next: {
    readonly period: Period | null
    /** The decision it discloses (within_days). */
    readonly decisionId: string | null
    readonly dueAt: number
  } | null
  /** Whole China days since `next.dueAt` (0 before it; 1 on the first day after the last day). */
  readonly overdueDays: number
  /** Periods (or decisions) past their due date and not published, `next` included. */
  readonly missed: number
  /** min_posting: the latest version stays posted until this instant at least. */
  readonly postedUntil: number | null
}

/** Whole China days from a due instant (00:00 of a day) to `at`: 0 before it, 1 during its first day, … */
export function overdueDays(dueAt: number, at: number): number {
  if (at < dueAt) return 0
  return Math.floor((startOfChinaDay(at) - dueAt) / DAY_MS) + 1
}

/** When a periodic kind's period is due: 24:00 of the `graceDays`-th day after its last day (art. 201, 203). */
export function periodDueAt(p: Period, graceDays: number, holidays: HolidayTable = NO_HOLIDAYS): number {
  return legalPeriodEnd(startOfChinaDate(p.end), graceDays, holidays).at
}

/** When a decision is to be disclosed: within `days` of it, its own day not counted (民法典 arts. 201, 203). */
export function decisionDueAt(decidedAt: number, days: number, holidays: HolidayTable = NO_HOLIDAYS): number {
  return legalPeriodEnd(decidedAt, days, holidays).at
}

const later = (a: Period | null, b: Period | null) => (a === null || (b !== null && b.end > a.end) ? b : a)

/**
 * Per estate and kind, at `at`: the period (or decision) due next, its due date, the overdue days and how many are
 * missed. A periodic kind's first period is the aligned period containing the duty's start, starting that day; a
 * period counts as published when a disclosure of the kind covers a period ending on the same day.
 */
export function dueStatus(input: DueInput): DueStatus {
  const { cadence, at } = input
  const holidays = input.holidays ?? NO_HOLIDAYS
  const lastPeriod = input.published.reduce<Period | null>((p, x) => later(p, x.period), null)
  const lastPublishedAt = input.published.reduce<number | null>(
    (m, x) => (m === null || x.publishedAt > m ? x.publishedAt : m),
    null,
  )
  const base = {
    kind: input.kind,
    cadence: cadence.kind,
    lastPeriod,
    lastPublishedAt,
    next: null,
    overdueDays: 0,
    missed: 0,
    postedUntil: null,
  }
  switch (cadence.kind) {
    case 'on_change':
      return base
    case 'min_posting':
      return {
        ...base,
        postedUntil: lastPublishedAt === null ? null : periodEnd(lastPublishedAt, cadence.days),
      }
    case 'within_days': {
      const pending = (input.decisions ?? [])
        .filter((d) => d.disclosedAt === null)
        .map((d) => ({ id: d.id, dueAt: decisionDueAt(d.decidedAt, cadence.days, holidays) }))
        .sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : 1))
      const first = pending[0]
      if (!first) return base
      return {
        ...base,
        next: { period: null, decisionId: first.id, dueAt: first.dueAt },
        overdueDays: overdueDays(first.dueAt, at),
        missed: pending.filter((p) => p.dueAt <= at).length,
      }
    }
    case 'periodic': {
      if (input.dutyStart === null) return base
      const ends = new Set(input.published.flatMap((x) => (x.period ? [x.period.end] : [])))
      const aligned = periodContaining(input.dutyStart, cadence.periodMonths)
      let p: Period = { start: input.dutyStart, end: aligned.end }
      let next: Period | null = null
      let missed = 0
      // Walks the periods from the duty's start up to the first not yet due; ends once a period is not yet due.
      for (;;) {
        const dueAt = periodDueAt(p, cadence.graceDays, holidays)
        if (!ends.has(p.end)) {
          next ??= p
          if (dueAt <= at) missed++
        }
        if (dueAt > at && next !== null) break
        p = periodAfter(p, cadence.periodMonths)
      }
      const dueAt = periodDueAt(next, cadence.graceDays, holidays)
      return {
        ...base,
        next: { period: next, decisionId: null, dueAt },
        overdueDays: overdueDays(dueAt, at),
        missed,
      }
    }
  }
}

// ---- content ------------------------------------------------------------------------------------------------------

/** A property service contract's facts (民法典 art. 943; 上海 art. 67): the board is made from them. */
export interface ContractFacts {
  readonly company: string
  /** China dates. */
  readonly contractStart: string
  readonly contractEnd: string
  readonly serviceStandard: string
  /** Fee items with their rates in fen per unit (e.g. per ㎡ per month) as the contract states. */
  readonly fees: readonly { readonly item: string; readonly rateFen: number; readonly unit: string }[]
  readonly hotline: string
}

export type FactsProblem = {
  readonly field: string
  readonly code: 'text_missing' | 'text_unsafe' | 'invalid'
}

const MAX_FACT = 500

export function checkFacts(f: ContractFacts): FactsProblem[] {
  const problems: FactsProblem[] = []
  const text = (field: string, v: string, required: boolean) => {
    if (required && v.trim() === '') problems.push({ field, code: 'text_missing' })
    else if (isUnsafeText(v) || v.length > MAX_FACT) problems.push({ field, code: 'text_unsafe' })
  }
  text('company', f.company, true)
  text('serviceStandard', f.serviceStandard, false)
  text('hotline', f.hotline, true)
  if (!isChinaDate(f.contractStart)) problems.push({ field: 'contractStart', code: 'invalid' })
  if (!isChinaDate(f.contractEnd) || f.contractEnd < f.contractStart)
    problems.push({ field: 'contractEnd', code: 'invalid' })
  f.fees.forEach((fee, i) => {
    text(`fees[${i}].item`, fee.item, true)
    text(`fees[${i}].unit`, fee.unit, true)
    if (!Number.isSafeInteger(fee.rateFen) || fee.rateFen < 0)
      problems.push({ field: `fees[${i}].rateFen`, code: 'invalid' })
  })
  return problems
}

/** An attachment as a version names it: the file's own hash makes it part of the version's. */
export interface AttachmentRef {
  readonly name: string
  readonly mime: string
  readonly size: number
  readonly sha256: string
}

/** What a version's SHA-256 is the hash of. */
export interface DisclosureContent {
  readonly kind: DisclosureKind
  readonly period: Period | null
  readonly visibility: 'public' | 'owners'
  readonly title: string
  readonly body: string
  readonly statement: Statement | null
  readonly facts: ContractFacts | null
  readonly attachments: readonly AttachmentRef[]
}

/** The canonical JSON of a version's content (keys sorted, no spaces). */
export function disclosureCanonical(c: DisclosureContent): string {
  return canonicalJson(c as unknown as Json)
}

export const disclosureSha256 = (c: DisclosureContent): string => sha256Hex(disclosureCanonical(c))

const yuan = (fen: number) => {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  return `${sign}${Math.floor(abs / 100)}.${pad(abs % 100)}`
}

/**
 * A version as text lines, for the side-by-side comparison: title, period, body, then the statement line by line
 * (amounts in yuan with two decimals, as a reader compares them), the contract's facts and the attachments.
 */
export function disclosureText(c: DisclosureContent): string {
  const out: string[] = [c.title]
  if (c.period) out.push(`期间 ${c.period.start} – ${c.period.end}`)
  out.push('', ...c.body.split('\n'))
  if (c.statement) {
    const s = c.statement
    const { incomeFen, spendingFen } = totalsOf(s.lines)
    out.push('', `期初余额 ¥${yuan(s.openingFen)}`)
    s.lines.forEach((l, i) =>
      out.push(
        `${i + 1}. ${l.date} ${l.direction === 'income' ? '收入' : '支出'} ¥${yuan(l.amountFen)} ` +
          `${l.counterparty} ${l.purpose}${l.document ? ` [${l.document}]` : ''}`,
      ),
    )
    out.push(
      `收入合计 ¥${yuan(incomeFen)}`,
      `支出合计 ¥${yuan(spendingFen)}`,
      `期末余额 ¥${yuan(s.closingFen)}`,
    )
  }
  if (c.facts) {
    const f = c.facts
    out.push(
      '',
      `物业服务企业 ${f.company}`,
      `合同期限 ${f.contractStart} – ${f.contractEnd}`,
      `服务标准 ${f.serviceStandard}`,
      ...f.fees.map((fee) => `收费 ${fee.item} ¥${yuan(fee.rateFen)} / ${fee.unit}`),
      `监督电话 ${f.hotline}`,
    )
  }
  if (c.attachments.length > 0) out.push('', ...c.attachments.map((a) => `附件 ${a.name} sha256:${a.sha256}`))
  return out.join('\n')
}

export type LineOp = { readonly op: 'same' | 'added' | 'removed'; readonly line: string }

/** Two versions line by line (jsdiff's line diff), each line in both, only in the first or only in the second. */
export function compareContents(before: DisclosureContent, after: DisclosureContent): LineOp[] {
  const ops: LineOp[] = []
  for (const part of jsDiffLines(disclosureText(before), disclosureText(after))) {
    const op = part.added ? 'added' : part.removed ? 'removed' : 'same'
    const lines = part.value.endsWith('\n') ? part.value.slice(0, -1) : part.value
    for (const line of lines.split('\n')) ops.push({ op, line })
  }
  return ops
}
