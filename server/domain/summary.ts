/**
 * The public results summary, format `gongjue.results-summary/1` (results-bundle.md "Who sees what"; domain.md
 * §12 "Privacy of choices"). The full bundle links units to choices, so it is for those with standing; anyone may
 * see the summary: who voted (unit and area, never a name or a choice), the bulletin of receipts with their
 * choices (no unit, no channel), each matter's results, the SHA-256 of the full bundle and the audit head at close.
 *
 * Three things live here, all pure: building the summary from a full bundle, checking a summary on its own (each
 * outcome follows from its figures and the rule, the bulletin's counts are the results' headcounts, one voter per
 * ballot), and comparing a summary with the full bundle it claims to come from. Hashing is the caller's business
 * (no node:crypto in the domain): the SHA-256 of `canonicalJson(full bundle)` comes in as a parameter.
 */
import {
  isElectionResult,
  isInvalidChoice,
  MATTER_KINDS,
  type Bundle,
  type CandidateTally,
  type Choice,
  type ElectionChoice,
  type ElectionMatter,
  type ElectionOutcome,
  type ElectionRankBy,
  type ElectionResult,
  type Fraction,
  type MatterKind,
  type MatterResult,
  type ResolutionOutcome,
  type ResolutionResult,
} from './bundle'
import type { Problem, ProblemCode } from './bundle-validate'
import { canonicalJson, type Json } from './canonical'
import { pathKey } from './json-path'
import { compareResults, meetingElectorate } from './results'
import { checkElectionChoice, tallyElection, TallyError } from './tally'
import { atLeastAsStrict, LAW_PARTICIPATION, lawApproval, meets, ORDINARY_APPROVAL } from './thresholds'
import { deriveElectorate, type RollUnit, type Weight } from './voting-rights'

export const SUMMARY_FORMAT = 'gongjue.results-summary/1'

/** One voter who voted: the unit their ballot names and their area in the meeting-wide electorate. */
export interface VotedEntry {
  readonly unit: string
  readonly areaCm2: number
}

/** One ballot as the public sees it: its receipt and choices, never its unit or channel. */
export interface BulletinEntry {
  /** Absent only when the ballot had none (the bundle's receipt is informative). */
  readonly receipt?: string
  readonly choices: Readonly<Record<string, Choice>>
}

export interface ResultsSummary {
  readonly format: typeof SUMMARY_FORMAT
  /** Informative, as in the full bundle. */
  readonly estate?: Bundle['estate']
  /** Informative, as in the full bundle. */
  readonly meeting?: Bundle['meeting']
  /** SHA-256 (lowercase hex) of the canonical JSON of the full bundle, results included. */
  readonly bundleSha256: string
  /** The audit chain head at close; null where there is no audit chain (a bundle built outside the server). */
  readonly auditHead: string | null
  /** Sorted by unit, in code-point order. */
  readonly voted: readonly VotedEntry[]
  /** Sorted by receipt, in code-point order. */
  readonly bulletin: readonly BulletinEntry[]
  /** The output part of the full bundle, as it is there. */
  readonly results: readonly MatterResult[]
}

// Code-point order rather than a locale's collation (the console shows units with Intl.Collator('zh-CN',
// { numeric: true })): the order is part of what a verifier checks, so it must not depend on the ICU data of the
// machine or the language it is written in — canonicalJson sorts keys the same way.
const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * The public summary of a full bundle. `full` must be valid (it passed `validateBundle`) and carry its results;
 * `bundleSha256` is the SHA-256 of `canonicalJson(full)` as published, `auditHead` the audit head at close.
 *
 * The bulletin is sorted by receipt, so its order says nothing about the order of `voted` (sorted by unit) or of
 * the bundle's ballots: nobody can line the two lists up to learn how a unit voted. Ballots without a receipt sort
 * first, by the canonical JSON of their choices, for the same reason.
 */
export function buildSummary(
  full: Bundle & { readonly results: readonly MatterResult[] },
  bundleSha256: string,
  auditHead: string | null,
): ResultsSummary {
  const wide = meetingElectorate(full)
  const areaOf = new Map(wide.voters.map((v) => [v.key, v.areaCm2]))
  const voted = full.ballots.map((b, i): VotedEntry => {
    const key = wide.voterOfUnit.get(b.unit)
    if (key === undefined)
      throw new TallyError('not_in_electorate', `ballots[${i}]: unit "${b.unit}" has no voter`)
    return { unit: b.unit, areaCm2: areaOf.get(key) as number }
  })
  voted.sort((a, b) => byCodePoint(a.unit, b.unit))
  const keyed = full.ballots.map((b) => ({
    receipt: b.receipt ?? '',
    choicesJson: canonicalJson(b.choices as Json),
    entry: (b.receipt === undefined
      ? { choices: b.choices }
      : { receipt: b.receipt, choices: b.choices }) satisfies BulletinEntry,
  }))
  keyed.sort((a, b) => byCodePoint(a.receipt, b.receipt) || byCodePoint(a.choicesJson, b.choicesJson))
  return {
    format: SUMMARY_FORMAT,
    ...(full.estate === undefined ? {} : { estate: full.estate }),
    ...(full.meeting === undefined ? {} : { meeting: full.meeting }),
    bundleSha256,
    auditHead,
    voted,
    bulletin: keyed.map((k) => k.entry),
    results: full.results,
  }
}

// ---- Validation ------------------------------------------------------------------------------------------------

export type SummaryValidation =
  | { readonly ok: true; readonly summary: ResultsSummary }
  | { readonly ok: false; readonly problems: readonly Problem[] }

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const q = (v: unknown): string => {
  const s = JSON.stringify(v)
  return s === undefined ? String(v) : s.length > 60 ? s.slice(0, 57) + '...' : s
}
const typeName = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'an array'
      : typeof v === 'object'
        ? 'an object'
        : `${typeof v} ${q(v)}`
const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.length > 0
const isNonNegativeInt = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0
const isPositiveInt = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0

const ROOT_FIELDS = [
  'format',
  'estate',
  'meeting',
  'bundleSha256',
  'auditHead',
  'voted',
  'bulletin',
  'results',
]
const RESOLUTION_FIELDS = [
  'matter',
  'kind',
  'rule',
  'electorate',
  'participation',
  'tally',
  'approval',
  'outcome',
  'deemed',
]
const ELECTION_FIELDS = [
  'matter',
  'kind',
  'seats',
  'electorate',
  'participation',
  'invalid',
  'candidates',
  'elected',
  'tied',
  'alternates',
  'vacantSeats',
  'committeeValid',
  'outcome',
]
const DEEMED_FIELDS = ['voters', 'countedAs', 'participation', 'tally', 'approval', 'outcome']
const TALLY_KEYS = ['yes', 'no', 'abstain', 'invalid'] as const
const RESOLUTION_OUTCOMES: readonly ResolutionOutcome[] = ['passed', 'rejected', 'no_quorum']
const ELECTION_OUTCOMES: readonly ElectionOutcome[] = [
  'elected',
  'partially_elected',
  'none_elected',
  'no_quorum',
]
const SHA256_HEX = /^[0-9a-f]{64}$/

class Checker {
  readonly problems: Problem[] = []

  add(path: string, code: ProblemCode, message: string, messageZh: string): void {
    this.problems.push({ path: path === '' ? '$' : path, code, message, messageZh })
  }

  fields(path: string, o: Obj, allowed: readonly string[]): void {
    for (const k of Object.keys(o))
      if (!allowed.includes(k)) this.add(pathKey(path, k), 'unknown_field', 'unknown field', '未定义的字段')
  }

  object(path: string, v: unknown, what: string, whatZh: string): v is Obj {
    if (v === undefined) this.add(path, 'missing', `missing ${what}`, `缺少${whatZh}`)
    else if (!isObj(v))
      this.add(path, 'not_an_object', `${what} must be an object, not ${typeName(v)}`, `${whatZh}应为对象`)
    else return true
    return false
  }

  array(path: string, v: unknown, what: string, whatZh: string): v is unknown[] {
    if (v === undefined) this.add(path, 'missing', `missing ${what}`, `缺少${whatZh}`)
    else if (!Array.isArray(v))
      this.add(path, 'wrong_type', `${what} must be an array, not ${typeName(v)}`, `${whatZh}应为数组`)
    else return true
    return false
  }

  string(path: string, v: unknown, what: string, whatZh: string): v is string {
    if (v === undefined) this.add(path, 'missing', `missing ${what}`, `缺少${whatZh}`)
    else if (!isNonEmptyString(v))
      this.add(
        path,
        'wrong_type',
        `${what} must be a non-empty string, not ${typeName(v)}`,
        `${whatZh}应为非空字符串`,
      )
    else return true
    return false
  }

  boolean(path: string, v: unknown): v is boolean {
    if (v === undefined) this.add(path, 'missing', 'missing true or false', '缺少 true 或 false')
    else if (typeof v !== 'boolean')
      this.add(path, 'wrong_type', `must be true or false, not ${typeName(v)}`, '应为 true 或 false')
    else return true
    return false
  }

  count(path: string, v: unknown): v is number {
    if (v === undefined) this.add(path, 'missing', 'missing number', '缺少数值')
    else if (!isNonNegativeInt(v))
      this.add(path, 'wrong_type', `must be a non-negative integer, not ${typeName(v)}`, '应为非负整数')
    else return true
    return false
  }

  oneOf(path: string, v: unknown, allowed: readonly string[]): boolean {
    if (v === undefined) this.add(path, 'missing', 'missing value', '缺少取值')
    else if (!allowed.includes(v as string))
      this.add(
        path,
        'bad_value',
        `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, not ${typeName(v)}`,
        `取值应为 ${allowed.join('、')} 之一`,
      )
    else return true
    return false
  }

  /** `{ areaCm2, heads }` (and `met` for a participation). */
  weight(path: string, v: unknown, withMet = false): boolean {
    if (!this.object(path, v, 'weight', '面积与人数')) return false
    const before = this.problems.length
    this.fields(path, v, withMet ? ['areaCm2', 'heads', 'met'] : ['areaCm2', 'heads'])
    this.count(`${path}.areaCm2`, v.areaCm2)
    this.count(`${path}.heads`, v.heads)
    if (withMet) this.boolean(`${path}.met`, v.met)
    return this.problems.length === before
  }

  tally(path: string, v: unknown): void {
    if (!this.object(path, v, 'tally', '计票')) return
    this.fields(path, v, TALLY_KEYS)
    for (const k of TALLY_KEYS) this.weight(`${path}.${k}`, v[k])
  }

  approval(path: string, v: unknown): void {
    if (!this.object(path, v, 'approval', '同意情况')) return
    this.fields(path, v, ['areaMet', 'headsMet'])
    this.boolean(`${path}.areaMet`, v.areaMet)
    this.boolean(`${path}.headsMet`, v.headsMet)
  }

  /** A rule's fraction: well-formed, satisfiable, and never looser than the law (民法典 art. 278). */
  fraction(path: string, v: unknown, law: Fraction, kind: string): void {
    if (!this.object(path, v, 'threshold', '表决比例')) return
    this.fields(path, v, ['num', 'den', 'strict'])
    const before = this.problems.length
    if (!isNonNegativeInt(v.num))
      this.add(
        `${path}.num`,
        'bad_fraction',
        `num must be a non-negative integer, not ${typeName(v.num)}`,
        '分子应为非负整数',
      )
    if (!isPositiveInt(v.den))
      this.add(
        `${path}.den`,
        'bad_fraction',
        `den must be a positive integer, not ${typeName(v.den)}`,
        '分母应为正整数',
      )
    this.boolean(`${path}.strict`, v.strict)
    if (this.problems.length > before) return
    const f = v as unknown as Fraction
    if (f.num > f.den || (f.num === f.den && f.strict))
      this.add(
        path,
        'bad_fraction',
        `${f.num}/${f.den}${f.strict ? ' (strict)' : ''} can never be met`,
        '该比例不可能达到',
      )
    else if (!atLeastAsStrict(f, law))
      this.add(
        path,
        'looser_than_law',
        `${f.num}/${f.den} is looser than the law's ${law.num}/${law.den} for ${kind} (民法典 art. 278)`,
        `低于法定比例 ${law.num}/${law.den}（民法典第二百七十八条）`,
      )
  }
}

function checkResolutionResult(c: Checker, p: string, r: Obj, kind: MatterKind): void {
  c.fields(p, r, RESOLUTION_FIELDS)
  if (c.object(`${p}.rule`, r.rule, 'rule', '表决规则')) {
    c.fields(`${p}.rule`, r.rule, ['participation', 'approval'])
    c.fraction(`${p}.rule.participation`, r.rule.participation, LAW_PARTICIPATION, kind)
    c.fraction(`${p}.rule.approval`, r.rule.approval, lawApproval(kind), kind)
  }
  checkElectorate(c, p, r.electorate)
  c.weight(`${p}.participation`, r.participation, true)
  c.tally(`${p}.tally`, r.tally)
  c.approval(`${p}.approval`, r.approval)
  c.oneOf(`${p}.outcome`, r.outcome, RESOLUTION_OUTCOMES)
  if (r.deemed === undefined)
    c.add(
      `${p}.deemed`,
      'missing',
      'missing deemed (null without deemed consent)',
      '缺少视为同意结果（未适用时为 null）',
    )
  else if (r.deemed !== null && c.object(`${p}.deemed`, r.deemed, 'deemed', '视为同意结果')) {
    const d = r.deemed
    const dp = `${p}.deemed`
    c.fields(dp, d, DEEMED_FIELDS)
    c.weight(`${dp}.voters`, d.voters)
    c.oneOf(`${dp}.countedAs`, d.countedAs, ['yes', 'no'])
    c.weight(`${dp}.participation`, d.participation, true)
    c.tally(`${dp}.tally`, d.tally)
    c.approval(`${dp}.approval`, d.approval)
    c.oneOf(`${dp}.outcome`, d.outcome, RESOLUTION_OUTCOMES)
  }
}

function checkElectorate(c: Checker, p: string, v: unknown): void {
  // An electorate nobody is in cannot decide anything: the bundle it came from would be invalid.
  if (c.weight(`${p}.electorate`, v) && (v as Weight).heads === 0)
    c.add(`${p}.electorate`, 'empty_electorate', 'the electorate is empty', '表决范围内没有投票权人')
}

function checkElectionResult(c: Checker, p: string, r: Obj): void {
  c.fields(p, r, ELECTION_FIELDS)
  if (!isPositiveInt(r.seats))
    c.add(
      `${p}.seats`,
      r.seats === undefined ? 'missing' : 'bad_seats',
      `seats must be a positive integer, not ${typeName(r.seats)}`,
      '席位数应为正整数',
    )
  checkElectorate(c, p, r.electorate)
  c.weight(`${p}.participation`, r.participation, true)
  c.weight(`${p}.invalid`, r.invalid)
  const known = new Set<string>()
  if (c.array(`${p}.candidates`, r.candidates, 'candidates', '候选人列表')) {
    r.candidates.forEach((cand, j) => {
      const cp = `${p}.candidates[${j}]`
      if (!c.object(cp, cand, 'candidate', '候选人')) return
      c.fields(cp, cand, ['id', 'areaCm2', 'heads', 'qualified'])
      if (c.string(`${cp}.id`, cand.id, 'candidate id', '候选人编号')) {
        if (known.has(cand.id))
          c.add(
            `${cp}.id`,
            'duplicate_id',
            `duplicate candidate id ${q(cand.id)}`,
            `候选人编号 ${q(cand.id)} 重复`,
          )
        known.add(cand.id)
      }
      c.count(`${cp}.areaCm2`, cand.areaCm2)
      c.count(`${cp}.heads`, cand.heads)
      c.boolean(`${cp}.qualified`, cand.qualified)
    })
  }
  for (const list of ['elected', 'tied', 'alternates'] as const) {
    const lp = `${p}.${list}`
    if (!c.array(lp, r[list], list, '候选人编号列表')) continue
    r[list].forEach((id, j) => {
      if (!c.string(`${lp}[${j}]`, id, 'candidate id', '候选人编号')) return
      if (Array.isArray(r.candidates) && !known.has(id))
        c.add(`${lp}[${j}]`, 'bad_value', `${q(id)} is not among the candidates`, `${q(id)} 不在候选人列表中`)
    })
  }
  c.count(`${p}.vacantSeats`, r.vacantSeats)
  c.boolean(`${p}.committeeValid`, r.committeeValid)
  c.oneOf(`${p}.outcome`, r.outcome, ELECTION_OUTCOMES)
}

interface ResultKinds {
  /** matter id → its kind (undefined when the kind is unknown), for checking the bulletin's choices. */
  readonly kinds: ReadonlyMap<string, MatterKind | undefined>
  /** Whether every result named its matter, so that a choice for any other matter is for an unknown one. */
  readonly complete: boolean
}

function checkResults(c: Checker, v: unknown): ResultKinds {
  const kinds = new Map<string, MatterKind | undefined>()
  if (!c.array('results', v, 'results', '表决结果')) return { kinds, complete: false }
  if (v.length === 0) c.add('results', 'bad_value', 'the summary has no results', '摘要中没有表决结果')
  let complete = true
  v.forEach((r, i) => {
    const p = `results[${i}]`
    if (!c.object(p, r, 'result', '表决结果')) {
      complete = false
      return
    }
    let kind: MatterKind | undefined
    if (r.kind === undefined) c.add(`${p}.kind`, 'missing', 'missing kind', '缺少事项类型')
    else if ((MATTER_KINDS as readonly unknown[]).includes(r.kind)) kind = r.kind as MatterKind
    else c.add(`${p}.kind`, 'unknown_kind', `unknown matter kind ${q(r.kind)}`, `未知事项类型 ${q(r.kind)}`)
    if (kind === 'elect_committee') checkElectionResult(c, p, r)
    else if (kind !== undefined) checkResolutionResult(c, p, r, kind)
    if (c.string(`${p}.matter`, r.matter, 'matter id', '事项编号')) {
      if (kinds.has(r.matter))
        c.add(
          `${p}.matter`,
          'duplicate_id',
          `a second result for matter ${q(r.matter)}`,
          `事项 ${q(r.matter)} 的结果重复`,
        )
      else kinds.set(r.matter, kind)
    } else complete = false
  })
  return { kinds, complete }
}

function choiceFormOk(kind: MatterKind, v: unknown): boolean {
  if (isObj(v)) {
    const keys = Object.keys(v)
    return keys.length === 1 && keys[0] === 'invalid' && isNonEmptyString(v.invalid)
  }
  if (kind === 'elect_committee') return Array.isArray(v) && v.every((id) => typeof id === 'string')
  return v === 'yes' || v === 'no' || v === 'abstain'
}

function checkBulletin(c: Checker, v: unknown, { kinds, complete }: ResultKinds): void {
  if (!c.array('bulletin', v, 'bulletin', '选票公示')) return
  v.forEach((e, i) => {
    const p = `bulletin[${i}]`
    if (!c.object(p, e, 'bulletin entry', '公示条目')) return
    // No unit and no channel: the bulletin must not link a choice to a unit (domain.md §12).
    c.fields(p, e, ['receipt', 'choices'])
    if (e.receipt !== undefined) c.string(`${p}.receipt`, e.receipt, 'receipt', '回执码')
    if (!c.object(`${p}.choices`, e.choices, 'choices', '表决选择')) return
    for (const [mid, choice] of Object.entries(e.choices)) {
      const cp = pathKey(`${p}.choices`, mid)
      const kind = kinds.get(mid)
      if (!kinds.has(mid)) {
        if (complete)
          c.add(cp, 'unknown_matter', `no result for matter ${q(mid)}`, `没有事项 ${q(mid)} 的结果`)
      } else if (kind !== undefined && !choiceFormOk(kind, choice)) {
        c.add(
          cp,
          'malformed_choice',
          `malformed choice ${q(choice)}`,
          kind === 'elect_committee'
            ? '选择格式不正确：应为候选人编号数组或 {"invalid": "原因"}'
            : '选择格式不正确：应为 "yes"、"no"、"abstain" 或 {"invalid": "原因"}',
        )
      }
    }
  })
}

function checkVoted(c: Checker, v: unknown): void {
  if (!c.array('voted', v, 'voted', '已投票名单')) return
  let total = 0
  v.forEach((e, i) => {
    const p = `voted[${i}]`
    if (!c.object(p, e, 'voted entry', '已投票条目')) return
    // Unit and area only: never a name, an owner id or a choice (domain.md §12).
    c.fields(p, e, ['unit', 'areaCm2'])
    c.string(`${p}.unit`, e.unit, 'unit', '房号')
    if (!isPositiveInt(e.areaCm2))
      c.add(
        `${p}.areaCm2`,
        e.areaCm2 === undefined ? 'missing' : 'area_not_positive_integer',
        `area must be a positive integer of cm², not ${typeName(e.areaCm2)}`,
        '面积应为以平方厘米计的正整数',
      )
    else total += e.areaCm2
  })
  if (!Number.isSafeInteger(total))
    c.add(
      'voted',
      'area_total_too_large',
      'the total area exceeds the safe integer range',
      '总面积超出可精确计算的范围',
    )
}

const informative = (c: Checker, path: string, v: unknown, fields: readonly string[]): void => {
  if (v === undefined) return
  if (!isObj(v)) {
    c.add(path, 'not_an_object', `must be an object, not ${typeName(v)}`, '应为对象')
    return
  }
  for (const f of fields)
    if (v[f] !== undefined && typeof v[f] !== 'string')
      c.add(pathKey(path, f), 'wrong_type', `must be a string, not ${typeName(v[f])}`, '应为字符串')
}

/** Validates a parsed JSON document as a `gongjue.results-summary/1` summary: every problem, with its JSON path. */
export function validateSummary(doc: unknown): SummaryValidation {
  const c = new Checker()
  if (!isObj(doc)) {
    c.add(
      '',
      'not_an_object',
      `the summary must be a JSON object, not ${typeName(doc)}`,
      '摘要应为 JSON 对象',
    )
    return { ok: false, problems: c.problems }
  }
  c.fields('', doc, ROOT_FIELDS)
  if (doc.format === undefined)
    c.add('format', 'missing', `missing format (expected "${SUMMARY_FORMAT}")`, '缺少格式标识')
  else if (doc.format !== SUMMARY_FORMAT)
    c.add(
      'format',
      'unsupported_format',
      `unsupported format ${q(doc.format)} (expected "${SUMMARY_FORMAT}")`,
      `不支持的格式 ${q(doc.format)}`,
    )
  informative(c, 'estate', doc.estate, ['id', 'name'])
  informative(c, 'meeting', doc.meeting, ['id', 'title', 'opensAt', 'closesAt'])
  if (doc.bundleSha256 === undefined)
    c.add('bundleSha256', 'missing', 'missing bundleSha256', '缺少结果包哈希值')
  else if (typeof doc.bundleSha256 !== 'string' || !SHA256_HEX.test(doc.bundleSha256))
    c.add(
      'bundleSha256',
      'bad_value',
      `must be 64 lowercase hexadecimal digits, not ${typeName(doc.bundleSha256)}`,
      '应为 64 位小写十六进制数字',
    )
  if (doc.auditHead === undefined)
    c.add(
      'auditHead',
      'missing',
      'missing auditHead (null when there is none)',
      '缺少审计链头（无则为 null）',
    )
  else if (doc.auditHead !== null && !isNonEmptyString(doc.auditHead))
    c.add(
      'auditHead',
      'wrong_type',
      `must be a non-empty string or null, not ${typeName(doc.auditHead)}`,
      '应为非空字符串或 null',
    )
  checkVoted(c, doc.voted)
  checkBulletin(c, doc.bulletin, checkResults(c, doc.results))
  if (c.problems.length > 0) return { ok: false, problems: c.problems }
  return { ok: true, summary: doc as unknown as ResultsSummary }
}

// ---- Checking a summary on its own -----------------------------------------------------------------------------

/** Something in a valid summary that does not follow from the rest of it, or from the full bundle. */
export interface SummaryDifference {
  /** JSON path in the summary, e.g. `results[0].outcome`. */
  readonly path: string
  /** What the summary says. */
  readonly published: unknown
  /** What follows instead (undefined when no single value does, e.g. a receipt listed twice). */
  readonly expected: unknown
  readonly message: string
  readonly messageZh: string
}

/** `results[0].outcome: published "passed", expected "rejected" — … / …`. */
export function formatSummaryDifference(d: SummaryDifference): string {
  const show = (v: unknown) => (v === undefined ? '(missing)' : JSON.stringify(v))
  const expected = d.expected === undefined ? '' : `, expected ${show(d.expected)}`
  return `${d.path}: published ${show(d.published)}${expected} — ${d.message} / ${d.messageZh}`
}

type Add = (path: string, published: unknown, expected: unknown, message: string, messageZh: string) => void

const sumOf = (...ws: Weight[]): Weight =>
  ws.reduce((a, w) => ({ areaCm2: a.areaCm2 + w.areaCm2, heads: a.heads + w.heads }), {
    areaCm2: 0,
    heads: 0,
  })
const within = (part: Weight, whole: Weight) => part.areaCm2 <= whole.areaCm2 && part.heads <= whole.heads
/** Every voter has a positive whole number of cm²: n voters weigh at least n cm², and none weigh 0. */
const possible = (w: Weight) => (w.heads === 0 ? w.areaCm2 === 0 : w.areaCm2 >= w.heads)
const bothMet = (part: Weight, whole: Weight, f: Fraction) =>
  meets(part.areaCm2, whole.areaCm2, f) && meets(part.heads, whole.heads, f)

/** The facts of the meeting a summary shows beyond its results: how many voted, their area, the bulletin. */
interface Context {
  readonly votedArea: number
  readonly bulletin: readonly BulletinEntry[]
}

function checkWeights(add: Add, path: string, w: Weight, what: string): void {
  if (!possible(w))
    add(
      path,
      w,
      undefined,
      `${what}: ${w.heads} voters cannot weigh ${w.areaCm2} cm²`,
      `${w.heads} 人不可能合计 ${w.areaCm2} 平方厘米`,
    )
}

function checkParticipationBounds(add: Add, p: string, r: MatterResult, ctx: Context): void {
  checkWeights(add, `${p}.participation`, r.participation, 'participation')
  if (!within(r.participation, r.electorate))
    add(
      `${p}.participation`,
      r.participation,
      undefined,
      'more take part than are in the electorate',
      '参与表决的面积或人数超过表决范围',
    )
  if (r.participation.areaCm2 > ctx.votedArea)
    add(
      `${p}.participation.areaCm2`,
      r.participation.areaCm2,
      undefined,
      `more than the ${ctx.votedArea} cm² of all who voted (voted)`,
      `超过全部已投票业主的面积 ${ctx.votedArea} 平方厘米`,
    )
}

/** Rule 3 (and 5): the figures, the thresholds, the outcome; and the bulletin's headcounts. */
function checkResolution(add: Add, p: string, r: ResolutionResult, ctx: Context): void {
  const heads = { yes: 0, no: 0, abstain: 0, invalid: 0 }
  let took = 0
  for (const e of ctx.bulletin) {
    const c = e.choices[r.matter]
    if (c === undefined) continue
    took++
    if (isInvalidChoice(c)) heads.invalid++
    else heads[c as 'yes' | 'no' | 'abstain']++
  }
  if (r.participation.heads !== took)
    add(
      `${p}.participation.heads`,
      r.participation.heads,
      took,
      `the bulletin has ${took} ballots with a choice for ${r.matter}`,
      `公示中对 ${r.matter} 作出选择的选票为 ${took} 张`,
    )
  for (const k of TALLY_KEYS) {
    if (r.tally[k].heads !== heads[k])
      add(
        `${p}.tally.${k}.heads`,
        r.tally[k].heads,
        heads[k],
        `the bulletin has ${heads[k]} choices "${k}" for ${r.matter}`,
        `公示中对 ${r.matter} 选择「${k}」的选票为 ${heads[k]} 张`,
      )
    checkWeights(add, `${p}.tally.${k}`, r.tally[k], k)
  }
  // The headcounts are the bulletin's, checked above; the areas can only add up.
  const tallied = sumOf(r.tally.yes, r.tally.no, r.tally.abstain, r.tally.invalid)
  if (r.participation.areaCm2 !== tallied.areaCm2)
    add(
      `${p}.participation.areaCm2`,
      r.participation.areaCm2,
      tallied.areaCm2,
      'the sum of the tally (yes, no, abstain, invalid)',
      '同意、反对、弃权、无效面积之和',
    )
  checkParticipationBounds(add, p, r, ctx)

  const expected = resolutionFigures(r.rule, r.electorate, r.participation, r.tally.yes)
  if (r.participation.met !== expected.met)
    add(
      `${p}.participation.met`,
      r.participation.met,
      expected.met,
      'follows from the participation figures and the rule',
      '由参与表决数据及表决规则得出',
    )
  if (r.approval.areaMet !== expected.approval.areaMet)
    add(
      `${p}.approval.areaMet`,
      r.approval.areaMet,
      expected.approval.areaMet,
      'follows from the approving and participating area and the rule',
      '由同意面积、参与表决面积及表决规则得出',
    )
  if (r.approval.headsMet !== expected.approval.headsMet)
    add(
      `${p}.approval.headsMet`,
      r.approval.headsMet,
      expected.approval.headsMet,
      'follows from the approving and participating voters and the rule',
      '由同意人数、参与表决人数及表决规则得出',
    )
  if (r.outcome !== expected.outcome)
    add(
      `${p}.outcome`,
      r.outcome,
      expected.outcome,
      'follows from the figures and the rule (民法典 art. 278)',
      '由表决数据及表决规则得出（民法典第二百七十八条）',
    )

  if (r.deemed === null) return
  // Rule 5: the strict result stays the result of record; the deemed voters are added to the side the actual
  // participants approved (yes) or not (no), and the deemed figures are decided by the same rule.
  const d = r.deemed
  const dp = `${p}.deemed`
  checkWeights(add, `${dp}.voters`, d.voters, 'deemed voters')
  const countedAs = expected.approval.areaMet && expected.approval.headsMet ? 'yes' : 'no'
  if (d.countedAs !== countedAs)
    add(
      `${dp}.countedAs`,
      d.countedAs,
      countedAs,
      'deemed voters go with the approval among those who took part',
      '视为同意者按实际参与表决者的同意情况计入',
    )
  const dTook = sumOf(r.participation, d.voters)
  if (d.participation.areaCm2 !== dTook.areaCm2 || d.participation.heads !== dTook.heads)
    add(
      `${dp}.participation`,
      { areaCm2: d.participation.areaCm2, heads: d.participation.heads },
      dTook,
      'participation plus the deemed voters',
      '参与表决数加视为同意者',
    )
  if (!within(dTook, r.electorate))
    add(
      `${dp}.voters`,
      d.voters,
      undefined,
      'the deemed voters and the participants are more than the electorate',
      '视为同意者与参与表决者合计超过表决范围',
    )
  for (const k of TALLY_KEYS) {
    const want = k === d.countedAs ? sumOf(r.tally[k], d.voters) : r.tally[k]
    if (d.tally[k].areaCm2 !== want.areaCm2 || d.tally[k].heads !== want.heads)
      add(
        `${dp}.tally.${k}`,
        d.tally[k],
        want,
        k === d.countedAs ? `the tally's "${k}" plus the deemed voters` : `the tally's "${k}"`,
        k === d.countedAs ? `计票中的「${k}」加视为同意者` : `计票中的「${k}」`,
      )
  }
  const dExpected = resolutionFigures(r.rule, r.electorate, d.participation, d.tally.yes)
  if (d.participation.met !== dExpected.met)
    add(
      `${dp}.participation.met`,
      d.participation.met,
      dExpected.met,
      'follows from the deemed participation and the rule',
      '由视为同意后的参与表决数据及表决规则得出',
    )
  if (
    d.approval.areaMet !== dExpected.approval.areaMet ||
    d.approval.headsMet !== dExpected.approval.headsMet
  )
    add(
      `${dp}.approval`,
      d.approval,
      dExpected.approval,
      'follows from the deemed figures and the rule',
      '由视为同意后的数据及表决规则得出',
    )
  if (d.outcome !== dExpected.outcome)
    add(
      `${dp}.outcome`,
      d.outcome,
      dExpected.outcome,
      'follows from the deemed figures and the rule',
      '由视为同意后的数据及表决规则得出',
    )
}

/** Art. 278(2) on a resolution's figures: participation of the electorate, then approval of the participants. */
function resolutionFigures(
  rule: ResolutionResult['rule'],
  electorate: Weight,
  participation: Weight,
  yes: Weight,
): { met: boolean; approval: { areaMet: boolean; headsMet: boolean }; outcome: ResolutionOutcome } {
  const met = bothMet(participation, electorate, rule.participation)
  const approval = {
    areaMet: meets(yes.areaCm2, participation.areaCm2, rule.approval),
    headsMet: meets(yes.heads, participation.heads, rule.approval),
  }
  const outcome = !met ? 'no_quorum' : approval.areaMet && approval.headsMet ? 'passed' : 'rejected'
  return { met, approval, outcome }
}

const SURE: Fraction = { num: 0, den: 1, strict: false }

/**
 * The seats as the tally fills them from these qualified candidates, ranked by `rankBy`: replayed through
 * `tallyElection` itself, so the ranking, the tie across the last seat and the alternates are the engine's, not
 * a second reading of rule 4. Each approving head becomes one voter who approves only that candidate (one of them
 * carrying the area beyond 1 cm² each), under a rule every candidate meets, with room for every alternate.
 */
function seatsFor(
  r: ElectionResult,
  qualified: readonly CandidateTally[],
  rankBy: ElectionRankBy,
): ElectionResult {
  const units: RollUnit[] = []
  const choices: string[] = []
  qualified.forEach((c, j) => {
    for (let k = 0; k < c.heads; k++) {
      const id = `${j}/${k}`
      const areaCm2 = k === 0 ? c.areaCm2 - (c.heads - 1) : 1
      units.push({ id, building: '', kind: 'residence', areaCm2, owners: [id], developerHeld: false })
      choices.push(c.id)
    }
  })
  const electorate = deriveElectorate(units, { countParking: true })
  const matter: ElectionMatter = {
    id: r.matter,
    kind: 'elect_committee',
    title: '',
    seats: r.seats,
    minMembers: 1,
    alternatesCap: qualified.length,
    participation: SURE,
    approval: SURE,
    candidates: qualified.map((c) => ({ id: c.id, name: '' })),
  }
  const ballots = units.map((u, i) => ({
    voter: electorate.voterOfUnit.get(u.id) as string,
    choice: [choices[i] as string],
  }))
  return tallyElection(electorate, matter, ballots, { electionRankBy: rankBy })
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i])

/** What the seats of an election must be under one ranking; differences, empty when the result fits it. */
function seatDifferences(p: string, r: ElectionResult, replay: ElectionResult): Parameters<Add>[] {
  const out: Parameters<Add>[] = []
  const rank = 'the qualified candidates ranked as rule 4 says'
  const rankZh = '按规则对过半数的候选人排序'
  if (!sameList(r.elected, replay.elected))
    out.push([
      `${p}.elected`,
      r.elected,
      replay.elected,
      `filling the seats from the top: ${rank}`,
      `从高到低依次当选：${rankZh}`,
    ])
  if (!sameList(r.tied, replay.tied))
    out.push([
      `${p}.tied`,
      r.tied,
      replay.tied,
      'candidates tied on both keys across the last seat',
      '在最后席位上票数（人数与面积）相同的候选人',
    ])
  // The cap of alternates is not in the summary: any leading part of the rest in rank order may be published.
  const prefix = replay.alternates.slice(0, r.alternates.length)
  if (!sameList(r.alternates, prefix))
    out.push([
      `${p}.alternates`,
      r.alternates,
      prefix,
      `the qualified, unelected, untied candidates in rank order: ${rank}`,
      `未当选且非同票的过半数候选人，按排序：${rankZh}`,
    ])
  if (r.vacantSeats !== replay.vacantSeats)
    out.push([
      `${p}.vacantSeats`,
      r.vacantSeats,
      replay.vacantSeats,
      'the seats neither filled nor contested by a tie',
      '既未选出也非同票争夺的席位',
    ])
  if (r.outcome !== replay.outcome)
    out.push([`${p}.outcome`, r.outcome, replay.outcome, 'follows from the seats filled', '由当选人数得出'])
  return out
}

/**
 * Rule 4, as far as the summary allows. It does not carry the election's rule (a rule of procedure may be
 * stricter than the law), the cap of alternates, the statutory minimum of members or the ranking key, so where
 * these decide, the check is that the result fits SOME allowed value: a qualified candidate has more than half
 * of the participating area and heads (the law's minimum); a candidate beating a qualified one on both is
 * qualified too; the seats are those the tally gives under one of the two rankings.
 */
function checkElection(add: Add, p: string, r: ElectionResult, ctx: Context): ElectionRankBy[] {
  const matter: ElectionMatter = {
    id: r.matter,
    kind: 'elect_committee',
    title: '',
    seats: r.seats,
    candidates: r.candidates.map((c) => ({ id: c.id, name: '' })),
  }
  const approving = new Map(r.candidates.map((c) => [c.id, 0]))
  let took = 0
  let invalid = 0
  for (const e of ctx.bulletin) {
    const c = e.choices[r.matter]
    if (c === undefined) continue
    took++
    const check = checkElectionChoice(matter, c as ElectionChoice)
    if (!check.valid) invalid++
    else for (const id of check.candidates) approving.set(id, (approving.get(id) as number) + 1)
  }
  if (r.participation.heads !== took)
    add(
      `${p}.participation.heads`,
      r.participation.heads,
      took,
      `the bulletin has ${took} ballots with a choice for ${r.matter}`,
      `公示中对 ${r.matter} 作出选择的选票为 ${took} 张`,
    )
  if (r.invalid.heads !== invalid)
    add(
      `${p}.invalid.heads`,
      r.invalid.heads,
      invalid,
      `the bulletin has ${invalid} invalid choices for ${r.matter} (rule 4)`,
      `公示中 ${r.matter} 的无效选票为 ${invalid} 张`,
    )
  checkWeights(add, `${p}.invalid`, r.invalid, 'invalid')
  if (r.invalid.areaCm2 > r.participation.areaCm2)
    add(
      `${p}.invalid.areaCm2`,
      r.invalid.areaCm2,
      undefined,
      'more than the participating area',
      '超过参与表决面积',
    )
  checkParticipationBounds(add, p, r, ctx)
  const validArea = r.participation.areaCm2 - r.invalid.areaCm2
  r.candidates.forEach((c, j) => {
    const cp = `${p}.candidates[${j}]`
    const n = approving.get(c.id) as number
    if (c.heads !== n)
      add(
        `${cp}.heads`,
        c.heads,
        n,
        `the bulletin has ${n} valid choices approving ${c.id}`,
        `公示中同意 ${c.id} 的有效选票为 ${n} 张`,
      )
    checkWeights(add, cp, c, c.id)
    if (c.areaCm2 > validArea)
      add(
        `${cp}.areaCm2`,
        c.areaCm2,
        undefined,
        'more than the area of the valid ballots',
        '超过有效选票的面积',
      )
    // 过半数 of the participating area and heads is the least the law allows (民法典 art. 278(2)).
    if (c.qualified && !bothMet(c, r.participation, ORDINARY_APPROVAL))
      add(
        `${cp}.qualified`,
        true,
        false,
        'it lacks more than half of the participating area or heads',
        '同意面积或人数未过参与表决的半数',
      )
  })
  // Whatever the threshold, a candidate approved by at least as much area and as many heads as a qualified one
  // meets it too.
  r.candidates.forEach((c, j) => {
    if (c.qualified) return
    const beaten = r.candidates.find((o) => o.qualified && c.areaCm2 >= o.areaCm2 && c.heads >= o.heads)
    if (beaten)
      add(
        `${p}.candidates[${j}].qualified`,
        false,
        true,
        `approved at least as widely as ${beaten.id}, who qualified`,
        `同意面积和人数均不低于已过半数的 ${beaten.id}`,
      )
  })

  if (r.participation.met && !bothMet(r.participation, r.electorate, LAW_PARTICIPATION))
    add(
      `${p}.participation.met`,
      true,
      false,
      "participation is below the law's 2/3 of the area or heads",
      '参与表决面积或人数未达法定的三分之二',
    )
  if (!r.participation.met) {
    // Rule 4: without quorum the tallies stand but nobody is elected.
    if (r.elected.length > 0)
      add(`${p}.elected`, r.elected, [], 'nobody is elected without quorum', '未达参与表决要求，无人当选')
    if (r.tied.length > 0) add(`${p}.tied`, r.tied, [], 'no tie without quorum', '未达参与表决要求，无同票')
    if (r.alternates.length > 0)
      add(`${p}.alternates`, r.alternates, [], 'no alternates without quorum', '未达参与表决要求，无候补')
    if (r.vacantSeats !== r.seats)
      add(
        `${p}.vacantSeats`,
        r.vacantSeats,
        r.seats,
        'every seat is vacant without quorum',
        '未达参与表决要求，全部席位空缺',
      )
    if (r.committeeValid)
      add(
        `${p}.committeeValid`,
        true,
        false,
        'no committee without quorum',
        '未达参与表决要求，业主委员会未组成',
      )
    if (r.outcome !== 'no_quorum')
      add(`${p}.outcome`, r.outcome, 'no_quorum', 'participation was not met', '未达参与表决要求')
    return ['heads', 'area']
  }
  if (r.outcome === 'no_quorum')
    add(`${p}.outcome`, r.outcome, undefined, 'participation was met', '已达参与表决要求')

  // 杭州 art. 27: at least the statutory minimum (between 1 and the seats) and more than half of the seats.
  if (r.committeeValid && 2 * r.elected.length <= r.seats)
    add(
      `${p}.committeeValid`,
      true,
      false,
      'half of the seats or fewer are filled',
      '当选人数未超过席位数的一半',
    )
  if (!r.committeeValid && r.elected.length === r.seats)
    add(`${p}.committeeValid`, false, true, 'every seat is filled', '全部席位均已选出')

  const qualified = r.candidates.filter((c) => c.qualified)
  // Replaying is one synthetic voter per approving head: only when the heads are the bulletin's, so bounded.
  if (qualified.some((c) => c.heads > ctx.bulletin.length || !possible(c))) return ['heads', 'area']
  const byRank = (['heads', 'area'] as const).map((rankBy) => ({
    rankBy,
    differences: seatDifferences(p, r, seatsFor(r, qualified, rankBy)),
  }))
  const fitting = byRank.filter((x) => x.differences.length === 0).map((x) => x.rankBy)
  if (fitting.length === 0) {
    // Neither ranking gives these seats: show the differences from the nearer one (heads first on a draw).
    const [heads, area] = byRank as [(typeof byRank)[number], (typeof byRank)[number]]
    const nearer = area.differences.length < heads.differences.length ? area : heads
    for (const d of nearer.differences) add(...d)
  }
  return fitting
}

/**
 * Checks a valid summary on its own (results-bundle.md "The verifier"): each outcome follows from its figures and
 * the rule; the bulletin's counts of each choice equal the headcounts of the results (the strict tally: deemed
 * voters have no ballot); one ballot per voter in `voted`; receipts unique; both lists in their order. The
 * summary has no matters and no scopes, so "every voter took part in an unscoped matter" cannot be told apart;
 * instead each matter's participation is its bulletin entries, and the bulletin is one entry per voter in `voted`.
 */
export function checkSummary(s: ResultsSummary): SummaryDifference[] {
  const out: SummaryDifference[] = []
  const add: Add = (path, published, expected, message, messageZh) =>
    out.push({ path, published, expected, message, messageZh })

  if (s.voted.length !== s.bulletin.length)
    add(
      'voted',
      s.voted.length,
      s.bulletin.length,
      `the bulletin lists ${s.bulletin.length} ballots, one per voter`,
      `公示中共有 ${s.bulletin.length} 张选票，每位投票权人一张`,
    )
  const units = new Map<string, number>()
  let votedArea = 0
  let unsorted = false
  s.voted.forEach((v, i) => {
    votedArea += v.areaCm2
    const first = units.get(v.unit)
    if (first !== undefined)
      add(
        `voted[${i}].unit`,
        v.unit,
        undefined,
        `listed twice (also voted[${first}]): one ballot per voter`,
        `重复列出（另见 voted[${first}]），每位投票权人只有一张选票`,
      )
    else units.set(v.unit, i)
    const prev = s.voted[i - 1]
    if (!unsorted && prev && byCodePoint(prev.unit, v.unit) > 0) {
      unsorted = true
      add(
        `voted[${i}].unit`,
        v.unit,
        undefined,
        `not in unit order (after ${JSON.stringify(prev.unit)})`,
        `未按房号排序（排在 ${JSON.stringify(prev.unit)} 之后）`,
      )
    }
  })
  const receipts = new Map<string, number>()
  unsorted = false
  s.bulletin.forEach((e, i) => {
    if (e.receipt !== undefined) {
      const first = receipts.get(e.receipt)
      if (first !== undefined)
        add(
          `bulletin[${i}].receipt`,
          e.receipt,
          undefined,
          `listed twice (also bulletin[${first}]): each ballot has its own receipt`,
          `回执码重复（另见 bulletin[${first}]），每张选票的回执码各不相同`,
        )
      else receipts.set(e.receipt, i)
    }
    const prev = s.bulletin[i - 1]
    // In receipt order, so that the bulletin's order cannot be lined up with `voted` (domain.md §12).
    if (!unsorted && prev && byCodePoint(prev.receipt ?? '', e.receipt ?? '') > 0) {
      unsorted = true
      add(
        `bulletin[${i}].receipt`,
        e.receipt,
        undefined,
        `not in receipt order (after ${JSON.stringify(prev.receipt)})`,
        `未按回执码排序（排在 ${JSON.stringify(prev.receipt)} 之后）`,
      )
    }
  })

  const ctx: Context = { votedArea, bulletin: s.bulletin }
  let rankings: ElectionRankBy[] = ['heads', 'area']
  let firstResolution: ResolutionResult | undefined
  s.results.forEach((r, i) => {
    const p = `results[${i}]`
    if (isElectionResult(r)) {
      const fit = checkElection(add, p, r, ctx)
      const both = rankings.filter((x) => fit.includes(x))
      if (fit.length > 0 && both.length === 0)
        add(
          `${p}.elected`,
          r.elected,
          undefined,
          'these seats follow from another ranking than the other elections, while the ranking is one setting of the meeting',
          '与其他选举的排序方式不同，而排序方式是整次会议的设置',
        )
      else if (both.length > 0) rankings = both
      return
    }
    checkResolution(add, p, r, ctx)
    firstResolution ??= r
    // Deemed consent is a setting of the meeting (settings.deemedConsent): all resolutions have it, or none.
    if ((r.deemed === null) !== (firstResolution.deemed === null))
      add(
        `${p}.deemed`,
        r.deemed === null ? null : '(deemed figures)',
        undefined,
        `deemed consent applies to every resolution of a meeting or to none, and ${firstResolution.matter} ${firstResolution.deemed === null ? 'has none' : 'has it'}`,
        `视为同意适用于会议的全部决议事项或均不适用，而 ${firstResolution.matter} ${firstResolution.deemed === null ? '未适用' : '已适用'}`,
      )
  })
  return out
}

// ---- The verdict -----------------------------------------------------------------------------------------------

export type SummaryVerification =
  | { readonly status: 'invalid'; readonly exitCode: 2; readonly problems: readonly Problem[] }
  | {
      readonly status: 'differs'
      readonly exitCode: 1
      readonly summary: ResultsSummary
      readonly differences: readonly SummaryDifference[]
    }
  | { readonly status: 'valid'; readonly exitCode: 0; readonly summary: ResultsSummary }

/** The verifier's decision on a summary, as `verifyBundle` on a bundle: invalid → 2, inconsistent → 1, else 0. */
export function verifySummary(json: unknown): SummaryVerification {
  const v = validateSummary(json)
  if (!v.ok) return { status: 'invalid', exitCode: 2, problems: v.problems }
  const differences = checkSummary(v.summary)
  if (differences.length > 0) return { status: 'differs', exitCode: 1, summary: v.summary, differences }
  return { status: 'valid', exitCode: 0, summary: v.summary }
}

// ---- Comparing with the full bundle ----------------------------------------------------------------------------

/** At most this many differences per list (`voted`, `bulletin`): a summary of another meeting differs everywhere. */
const LIST_LIMIT = 10

function diffValue(
  path: string,
  published: unknown,
  expected: unknown,
  out: [string, unknown, unknown][],
): void {
  if (isObj(published) && isObj(expected)) {
    for (const k of new Set([...Object.keys(expected), ...Object.keys(published)]))
      diffValue(pathKey(path, k), published[k], expected[k], out)
  } else if (Array.isArray(published) && Array.isArray(expected)) {
    const scalars = (xs: unknown[]) => xs.every((x) => typeof x !== 'object' || x === null)
    // A list of ids reads best as one difference; lists of objects go element-wise.
    if (scalars(published) && scalars(expected)) {
      if (published.length !== expected.length || published.some((x, i) => x !== expected[i]))
        out.push([path, published, expected])
    } else
      for (let i = 0; i < Math.max(published.length, expected.length); i++)
        diffValue(pathKey(path, i), published[i], expected[i], out)
  } else if (published !== expected) out.push([path, published, expected])
}

/**
 * Was this summary derived from this full bundle? It must equal `buildSummary(full, bundleSha256,
 * summary.auditHead)` — the audit head is the only thing the bundle cannot say. `bundleSha256` is the SHA-256 of
 * `canonicalJson(full)` as read (the caller hashes; the domain does no I/O). `full` is a valid bundle with results.
 */
export function compareSummaryToBundle(
  full: Bundle & { readonly results: readonly MatterResult[] },
  bundleSha256: string,
  summary: ResultsSummary,
): SummaryDifference[] {
  const expected = buildSummary(full, bundleSha256, summary.auditHead)
  const out: SummaryDifference[] = []
  const derived = 'differs from the summary derived from the full bundle'
  const derivedZh = '与由完整结果包生成的摘要不一致'
  if (summary.bundleSha256 !== expected.bundleSha256)
    out.push({
      path: 'bundleSha256',
      published: summary.bundleSha256,
      expected: expected.bundleSha256,
      message: 'this is not the SHA-256 of the full bundle: the summary is of another bundle',
      messageZh: '与完整结果包的 SHA-256 不符：摘要并非由该结果包生成',
    })
  const parts: [string, string, unknown, unknown][] = [
    ['format', 'format', summary.format, expected.format],
    ['estate', 'estate', summary.estate, expected.estate],
    ['meeting', 'meeting', summary.meeting, expected.meeting],
    ['voted', 'voted', summary.voted, expected.voted],
    ['bulletin', 'bulletin', summary.bulletin, expected.bulletin],
  ]
  for (const [name, path, published, want] of parts) {
    const found: [string, unknown, unknown][] = []
    diffValue(path, published, want, found)
    for (const [p, a, b] of found.slice(0, LIST_LIMIT))
      out.push({ path: p, published: a, expected: b, message: derived, messageZh: derivedZh })
    if (found.length > LIST_LIMIT)
      out.push({
        path: name,
        published: undefined,
        expected: undefined,
        message: `and ${found.length - LIST_LIMIT} more differences in ${name}`,
        messageZh: `${name} 中另有 ${found.length - LIST_LIMIT} 处不一致`,
      })
  }
  for (const d of compareResults(summary.results, expected.results))
    out.push({
      path: d.path,
      published: d.published,
      expected: d.recomputed,
      message: derived,
      messageZh: derivedZh,
    })
  return out
}
