import { isUnsafeText } from './text'

/**
 * Property-service satisfaction surveys (物业服务满意度测评, domain §10): the questionnaire, the check of one
 * response, and the results. Pure: the electorate's figures and the responses come in, the shares go out.
 *
 * domain §10: "A survey has a period, a questionnaire (dimensions such as 保安消防, 环境卫生, 维修服务, 绿化, 接待服务,
 * 收费透明, overall; each answered 满意 / 基本满意 / 不满意 or 1–5; a free-text reason required for a low mark), and an
 * electorate: the roll's voters, one response per voter" … "Results: for each dimension, the share satisfied
 * (满意 + 基本满意, setting) by headcount and by area, the response rate on both; a pass mark (setting; default 80% —
 * 中国物业管理协会 2004 一级 standard — or the contract's figure). No quorum applies; the result says how many
 * responded."
 *
 * Marks are small integers: on the three-point scale 3 满意, 2 基本满意, 1 不满意; on the five-point scale 1–5.
 * Areas are integer cm²; every share is a fraction of integers, compared by cross-multiplication — never a float.
 */

export type Scale = 'three' | 'five'
export const SCALES: readonly Scale[] = ['three', 'five']

/** The highest mark of a scale (its lowest is 1). */
export const topMark = (scale: Scale): number => (scale === 'three' ? 3 : 5)

/** A low mark asks for a reason: 不满意 on three points, 1–2 on five. */
export const isLowMark = (scale: Scale, mark: number): boolean => (scale === 'three' ? mark <= 1 : mark <= 2)

export interface Dimension {
  /** Stable within the survey: the answers are keyed by it. */
  readonly key: string
  /** What the owner reads, in Chinese (the questionnaire is the estate's own text). */
  readonly title: string
}

/** The key of the overall question: every questionnaire has it, last. */
export const OVERALL = 'overall'

export interface Questionnaire {
  readonly scale: Scale
  readonly dimensions: readonly Dimension[]
}

export interface SurveySettings {
  /**
   * The lowest mark that counts as satisfied: 2 (满意 + 基本满意, the default on three points) or 3 (满意 only); on
   * five points 4 (4–5, the default) or another mark of the scale.
   */
  readonly satisfiedFrom: number
  /** The pass mark in whole percent of the responses satisfied (以上: the mark itself passes). */
  readonly passMarkPercent: number
}

/** 中国物业管理协会《物业服务等级标准》(2004) 一级: 满意率 80% 以上. */
export const DEFAULT_PASS_MARK_PERCENT = 80

/** The template the product ships: the six dimensions of domain §10 and the overall question, on three points. */
export const TEMPLATE: Questionnaire = {
  scale: 'three',
  dimensions: [
    { key: 'security_fire', title: '保安消防' },
    { key: 'cleaning', title: '环境卫生' },
    { key: 'repairs', title: '维修服务' },
    { key: 'greening', title: '绿化' },
    { key: 'reception', title: '接待服务' },
    { key: 'fee_transparency', title: '收费透明' },
    { key: OVERALL, title: '总体评价' },
  ],
}

export const defaultSettings = (scale: Scale): SurveySettings => ({
  satisfiedFrom: scale === 'three' ? 2 : 4,
  passMarkPercent: DEFAULT_PASS_MARK_PERCENT,
})

export type QuestionnaireProblemCode =
  | 'overall_missing'
  | 'dimension_duplicate'
  | 'dimension_invalid'
  | 'too_many_dimensions'
  | 'satisfied_from_invalid'
  | 'pass_mark_invalid'

export interface QuestionnaireProblem {
  readonly code: QuestionnaireProblemCode
  readonly detail: string
}

const KEY = /^[a-z][a-z0-9_]{0,39}$/
const MAX_TITLE = 100
export const MAX_DIMENSIONS = 20
export const MAX_REASON = 500

/** What is wrong with a questionnaire its creator edited, and its settings; [] when it may be used. */
export function checkQuestionnaire(q: Questionnaire, s: SurveySettings): QuestionnaireProblem[] {
  const problems: QuestionnaireProblem[] = []
  if (q.dimensions.length > MAX_DIMENSIONS)
    problems.push({ code: 'too_many_dimensions', detail: `at most ${MAX_DIMENSIONS}` })
  const seen = new Set<string>()
  for (const d of q.dimensions) {
    if (seen.has(d.key)) problems.push({ code: 'dimension_duplicate', detail: d.key })
    seen.add(d.key)
    const title = d.title.trim()
    if (!KEY.test(d.key) || title === '' || title.length > MAX_TITLE || isUnsafeText(d.title))
      problems.push({ code: 'dimension_invalid', detail: d.key })
  }
  // The result is read off the overall question: a questionnaire without it has no result to pass or fail.
  if (q.dimensions.at(-1)?.key !== OVERALL)
    problems.push({ code: 'overall_missing', detail: `the last dimension is "${OVERALL}"` })
  if (!Number.isInteger(s.satisfiedFrom) || s.satisfiedFrom < 2 || s.satisfiedFrom > topMark(q.scale))
    problems.push({ code: 'satisfied_from_invalid', detail: `2–${topMark(q.scale)}` })
  if (!Number.isInteger(s.passMarkPercent) || s.passMarkPercent < 1 || s.passMarkPercent > 100)
    problems.push({ code: 'pass_mark_invalid', detail: '1–100' })
  return problems
}

export interface AnswerInput {
  readonly mark: number
  /** Required for a low mark; kept (trimmed) for any mark when given. */
  readonly reason?: string | undefined
}

/** One response as submitted: an answer for every dimension, by key. */
export type ResponseInput = Readonly<Record<string, AnswerInput>>

export type ResponseProblemCode =
  'answer_missing' | 'mark_invalid' | 'reason_required' | 'reason_invalid' | 'dimension_unknown'

export interface ResponseProblem {
  readonly dimension: string
  readonly code: ResponseProblemCode
}

/** An answer as stored: the mark, and the reason ('' when none was given). */
export interface Answer {
  readonly mark: number
  readonly reason: string
}

export type ResponseCheck =
  | { readonly ok: true; readonly answers: Readonly<Record<string, Answer>> }
  | { readonly ok: false; readonly problems: readonly ResponseProblem[] }

/**
 * Checks one response against the questionnaire: every dimension answered with a mark of the scale, a reason for
 * each low mark (domain §10), nothing else. The answers come back in the questionnaire's order, reasons trimmed.
 */
export function checkResponse(q: Questionnaire, response: ResponseInput): ResponseCheck {
  const problems: ResponseProblem[] = []
  const keys = new Set(q.dimensions.map((d) => d.key))
  for (const key of Object.keys(response))
    if (!keys.has(key)) problems.push({ dimension: key, code: 'dimension_unknown' })
  const answers: Record<string, Answer> = {}
  for (const d of q.dimensions) {
    const a = Object.hasOwn(response, d.key) ? response[d.key] : undefined
    if (!a) {
      problems.push({ dimension: d.key, code: 'answer_missing' })
      continue
    }
    if (!Number.isInteger(a.mark) || a.mark < 1 || a.mark > topMark(q.scale)) {
      problems.push({ dimension: d.key, code: 'mark_invalid' })
      continue
    }
    const reason = (a.reason ?? '').trim()
    if (reason.length > MAX_REASON || isUnsafeText(reason)) {
      problems.push({ dimension: d.key, code: 'reason_invalid' })
      continue
    }
    if (isLowMark(q.scale, a.mark) && reason === '') {
      problems.push({ dimension: d.key, code: 'reason_required' })
      continue
    }
    answers[d.key] = { mark: a.mark, reason }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, answers }
}

/** A headcount and an area (cm²). */
export interface Weight {
  readonly heads: number
  readonly areaCm2: number
}

/** A response with its weight in area (the responding voter's summed area) and its answers. */
export interface WeightedResponse {
  readonly areaCm2: number
  readonly answers: Readonly<Record<string, Answer>>
}

/**
 * What the results are computed from: per item and mark, how many responses gave it and their area. The area
 * shares need each response's area, but a response stored or published with its area could be matched to a unit
 * of the public roll whenever that area is the only one of its size (domain §12: no anonymous response ever links a
 * unit to its choices); so the area is added to these totals as the response is stored, and kept nowhere else.
 */
export interface Tally {
  /** item key → mark → weight; a mark nobody gave may be absent. */
  readonly marks: Readonly<Record<string, Readonly<Record<number, Weight>>>>
}

/** The weight of one mark of one item in a tally (zero when nobody gave it). */
export const weightOf = (t: Tally, key: string, mark: number): Weight =>
  t.marks[key]?.[mark] ?? { heads: 0, areaCm2: 0 }

/** The tally of a list of weighted responses: what the stored totals add up to. */
export function tallyOf(responses: readonly WeightedResponse[]): Tally {
  const marks: Record<string, Record<number, { heads: number; areaCm2: number }>> = {}
  for (const r of responses)
    for (const [key, a] of Object.entries(r.answers)) {
      const byMark = (marks[key] ??= {})
      const w = (byMark[a.mark] ??= { heads: 0, areaCm2: 0 })
      w.heads += 1
      w.areaCm2 += r.areaCm2
    }
  return { marks }
}

/**
 * Whether the published responses (answers only) agree with the tally's headcounts: each item's marks counted
 * over the responses equal the tally's heads for it. Anyone checks the results file with it.
 */
export function tallyMatches(
  q: Questionnaire,
  tally: Tally,
  responses: readonly { readonly answers: Readonly<Record<string, Answer>> }[],
): boolean {
  return q.dimensions.every((d) => {
    for (let mark = 1; mark <= topMark(q.scale); mark++) {
      const counted = responses.filter((r) => r.answers[d.key]?.mark === mark).length
      if (counted !== weightOf(tally, d.key, mark).heads) return false
    }
    return true
  })
}

/** A share as the fraction it is: `num` of `den` (display divides; decisions cross-multiply). */
export interface Share {
  readonly num: number
  readonly den: number
}

export interface MarkCount extends Weight {
  readonly mark: number
}

export type DimensionResult =
  | { readonly key: string; readonly title: string; readonly outcome: 'no_responses' }
  | {
      readonly key: string
      readonly title: string
      readonly outcome: 'passed' | 'failed'
      /** Per mark of the scale, highest first: how many responses and how much area gave it. */
      readonly marks: readonly MarkCount[]
      readonly satisfied: Weight
      readonly byHeads: Share
      readonly byArea: Share
      readonly passedByHeads: boolean
      readonly passedByArea: boolean
    }

export interface SurveyResults {
  readonly electorate: Weight
  readonly responded: Weight
  /** No quorum applies (domain §10): the rate is said, it decides nothing. */
  readonly rateByHeads: Share
  readonly rateByArea: Share
  readonly passMarkPercent: number
  readonly satisfiedFrom: number
  readonly dimensions: readonly DimensionResult[]
  /** The overall question's result: the survey passes when the overall share meets the pass mark on both measures. */
  readonly overall: DimensionResult
}

/** `part` of `whole` is at least `percent`% (以上 includes the mark itself: 民法典 art. 1259). */
export function meetsPercent(part: number, whole: number, percent: number): boolean {
  return BigInt(part) * 100n >= BigInt(percent) * BigInt(whole)
}

const sum = (ws: readonly Weight[]): Weight => ({
  heads: ws.reduce((n, w) => n + w.heads, 0),
  areaCm2: ws.reduce((n, w) => n + w.areaCm2, 0),
})

/**
 * The results of a survey from its electorate's totals and its tally: per item the marks, the share satisfied by
 * headcount and by area, and whether it meets the pass mark on each; the response rate on both. Every response
 * answers every item, so the overall question's marks add up to who responded.
 */
export function surveyResults(
  q: Questionnaire,
  s: SurveySettings,
  electorate: Weight,
  tally: Tally,
): SurveyResults {
  const marksOf = (key: string): MarkCount[] => {
    const out: MarkCount[] = []
    for (let mark = topMark(q.scale); mark >= 1; mark--) out.push({ mark, ...weightOf(tally, key, mark) })
    return out
  }
  const responded = sum(marksOf(OVERALL))
  const dimensions = q.dimensions.map((d): DimensionResult => {
    const marks = marksOf(d.key)
    const all = sum(marks)
    if (all.heads === 0) return { key: d.key, title: d.title, outcome: 'no_responses' }
    const satisfied = sum(marks.filter((m) => m.mark >= s.satisfiedFrom))
    const passedByHeads = meetsPercent(satisfied.heads, all.heads, s.passMarkPercent)
    const passedByArea = meetsPercent(satisfied.areaCm2, all.areaCm2, s.passMarkPercent)
    return {
      key: d.key,
      title: d.title,
      outcome: passedByHeads && passedByArea ? 'passed' : 'failed',
      marks,
      satisfied,
      byHeads: { num: satisfied.heads, den: all.heads },
      byArea: { num: satisfied.areaCm2, den: all.areaCm2 },
      passedByHeads,
      passedByArea,
    }
  })
  const overall = dimensions.find((d) => d.key === OVERALL)
  if (!overall) throw new RangeError('a questionnaire has the overall question')
  return {
    electorate,
    responded,
    rateByHeads: { num: responded.heads, den: electorate.heads },
    rateByArea: { num: responded.areaCm2, den: electorate.areaCm2 },
    passMarkPercent: s.passMarkPercent,
    satisfiedFrom: s.satisfiedFrom,
    dimensions,
    overall,
  }
}

/** The reasons given, per dimension in the questionnaire's order, each with its mark (no receipt: just the words). */
export function reasonsOf(
  q: Questionnaire,
  responses: readonly { readonly answers: Readonly<Record<string, Answer>> }[],
): { readonly key: string; readonly mark: number; readonly reason: string }[] {
  const out: { key: string; mark: number; reason: string }[] = []
  for (const d of q.dimensions)
    for (const r of responses) {
      const a = r.answers[d.key]
      if (a && a.reason !== '') out.push({ key: d.key, mark: a.mark, reason: a.reason })
    }
  return out
}

/** One earlier survey in the trend: its close and its overall shares (null shares when nobody responded). */
export interface TrendPoint {
  readonly surveyId: string
  readonly title: string
  readonly closesOn: string
  readonly byHeads: Share | null
  readonly byArea: Share | null
  readonly passed: boolean
}

/** The estate's surveys over time, oldest first, read off each one's overall result. */
export function trendOf(
  surveys: readonly {
    readonly surveyId: string
    readonly title: string
    readonly closesOn: string
    readonly results: SurveyResults
  }[],
): TrendPoint[] {
  return [...surveys]
    .sort((a, b) => (a.closesOn < b.closesOn ? -1 : a.closesOn > b.closesOn ? 1 : 0))
    .map(({ surveyId, title, closesOn, results }) => {
      const o = results.overall
      return o.outcome === 'no_responses'
        ? { surveyId, title, closesOn, byHeads: null, byArea: null, passed: false }
        : { surveyId, title, closesOn, byHeads: o.byHeads, byArea: o.byArea, passed: o.outcome === 'passed' }
    })
}

/** Where a survey stands: a draft; noticed and not yet open; open; closed (results published). */
export type SurveyPhase = 'draft' | 'upcoming' | 'open' | 'closed'

/** The phase at `now` (epoch ms) of a survey whose window is [opensAt, closesAt). */
export function surveyPhase(
  s: { readonly noticed: boolean; readonly opensAt: number; readonly closesAt: number },
  now: number,
): SurveyPhase {
  if (!s.noticed) return 'draft'
  if (now < s.opensAt) return 'upcoming'
  return now < s.closesAt ? 'open' : 'closed'
}
