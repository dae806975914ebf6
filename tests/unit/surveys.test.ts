import { describe, expect, it } from 'vitest'
import {
  checkQuestionnaire,
  checkResponse,
  defaultSettings,
  isLowMark,
  meetsPercent,
  OVERALL,
  reasonsOf,
  surveyPhase,
  surveyResults as resultsOfTally,
  tallyMatches,
  tallyOf,
  TEMPLATE,
  trendOf,
  type Answer,
  type Questionnaire,
  type SurveySettings,
  type SurveyResults,
  type WeightedResponse,
} from '../../server/domain/surveys'

/** A response giving `mark` on every dimension of the template (a reason where the mark is low). */
const all = (q: Questionnaire, mark: number, areaCm2: number): WeightedResponse => ({
  areaCm2,
  answers: Object.fromEntries(
    q.dimensions.map((d): [string, Answer] => [
      d.key,
      { mark, reason: isLowMark(q.scale, mark) ? '太差' : '' },
    ]),
  ),
})

const answersOf = (mark: number, reason?: string) =>
  Object.fromEntries(TEMPLATE.dimensions.map((d) => [d.key, { mark, ...(reason ? { reason } : {}) }]))

/** The results of these responses, through the tally their areas are added to as they are stored. */
const surveyResults = (
  q: Questionnaire,
  s: SurveySettings,
  e: { heads: number; areaCm2: number },
  responses: readonly WeightedResponse[],
) => resultsOfTally(q, s, e, tallyOf(responses))

const FIVE: Questionnaire = { ...TEMPLATE, scale: 'five' }

describe('the template questionnaire (domain §10)', () => {
  it('has the six dimensions and the overall question last, on three points', () => {
    expect(TEMPLATE.dimensions.map((d) => d.title)).toEqual([
      '保安消防',
      '环境卫生',
      '维修服务',
      '绿化',
      '接待服务',
      '收费透明',
      '总体评价',
    ])
    expect(TEMPLATE.dimensions.at(-1)?.key).toBe(OVERALL)
    expect(checkQuestionnaire(TEMPLATE, defaultSettings('three'))).toEqual([])
    expect(checkQuestionnaire(FIVE, defaultSettings('five'))).toEqual([])
  })

  it('defaults to 满意 + 基本满意 (or 4–5) as satisfied and an 80% pass mark (中国物业管理协会 2004 一级)', () => {
    expect(defaultSettings('three')).toEqual({ satisfiedFrom: 2, passMarkPercent: 80 })
    expect(defaultSettings('five')).toEqual({ satisfiedFrom: 4, passMarkPercent: 80 })
  })

  it.each([
    [
      'a dimension added by its creator',
      { ...TEMPLATE, dimensions: [{ key: 'parking', title: '停车管理' }, ...TEMPLATE.dimensions] },
      defaultSettings('three'),
      [],
    ],
    [
      'one dimension removed',
      { ...TEMPLATE, dimensions: TEMPLATE.dimensions.slice(1) },
      defaultSettings('three'),
      [],
    ],
    [
      'without the overall question',
      { ...TEMPLATE, dimensions: TEMPLATE.dimensions.slice(0, -1) },
      defaultSettings('three'),
      ['overall_missing'],
    ],
    [
      'a key twice',
      { ...TEMPLATE, dimensions: [TEMPLATE.dimensions[0]!, ...TEMPLATE.dimensions] },
      defaultSettings('three'),
      ['dimension_duplicate'],
    ],
    [
      'an empty title',
      { ...TEMPLATE, dimensions: [{ key: 'x', title: ' ' }, ...TEMPLATE.dimensions] },
      defaultSettings('three'),
      ['dimension_invalid'],
    ],
    [
      'a title with a bidirectional override',
      { ...TEMPLATE, dimensions: [{ key: 'x', title: 'a\u202eb' }, ...TEMPLATE.dimensions] },
      defaultSettings('three'),
      ['dimension_invalid'],
    ],
    ['satisfied from 满意 only', TEMPLATE, { satisfiedFrom: 3, passMarkPercent: 80 }, []],
    [
      'satisfied from 不满意',
      TEMPLATE,
      { satisfiedFrom: 1, passMarkPercent: 80 },
      ['satisfied_from_invalid'],
    ],
    [
      'satisfied from 4 on three points',
      TEMPLATE,
      { satisfiedFrom: 4, passMarkPercent: 80 },
      ['satisfied_from_invalid'],
    ],
    ['satisfied from 5 on five points', FIVE, { satisfiedFrom: 5, passMarkPercent: 80 }, []],
    ['a contract’s pass mark of 85%', TEMPLATE, { satisfiedFrom: 2, passMarkPercent: 85 }, []],
    ['a pass mark of 100%', TEMPLATE, { satisfiedFrom: 2, passMarkPercent: 100 }, []],
    ['a pass mark of 0%', TEMPLATE, { satisfiedFrom: 2, passMarkPercent: 0 }, ['pass_mark_invalid']],
    ['a pass mark over 100%', TEMPLATE, { satisfiedFrom: 2, passMarkPercent: 101 }, ['pass_mark_invalid']],
  ] as const)('checks %s', (_, q, s, codes) => {
    expect(checkQuestionnaire(q, s).map((p) => p.code)).toEqual(codes)
  })
})

describe('checkResponse', () => {
  it.each([
    ['满意 everywhere', TEMPLATE, answersOf(3), []],
    ['基本满意 everywhere, no reason needed', TEMPLATE, answersOf(2), []],
    ['不满意 without a reason', TEMPLATE, answersOf(1), TEMPLATE.dimensions.map(() => 'reason_required')],
    [
      '不满意 with a blank reason',
      TEMPLATE,
      answersOf(1, '   '),
      TEMPLATE.dimensions.map(() => 'reason_required'),
    ],
    ['不满意 with a reason', TEMPLATE, answersOf(1, '垃圾清运不及时'), []],
    ['3 of 5 without a reason (not low)', FIVE, answersOf(3), []],
    ['2 of 5 without a reason (low)', FIVE, answersOf(2), FIVE.dimensions.map(() => 'reason_required')],
    ['1 of 5 with a reason', FIVE, answersOf(1, '太慢'), []],
    ['a mark of 0', TEMPLATE, answersOf(0), TEMPLATE.dimensions.map(() => 'mark_invalid')],
    ['a mark of 4 on three points', TEMPLATE, answersOf(4), TEMPLATE.dimensions.map(() => 'mark_invalid')],
    ['a mark of 2.5', FIVE, answersOf(2.5), FIVE.dimensions.map(() => 'mark_invalid')],
    [
      'a reason too long',
      TEMPLATE,
      answersOf(1, 'x'.repeat(501)),
      TEMPLATE.dimensions.map(() => 'reason_invalid'),
    ],
    [
      'a reason with a control character',
      TEMPLATE,
      answersOf(1, 'a\u0007'),
      TEMPLATE.dimensions.map(() => 'reason_invalid'),
    ],
  ] as const)('%s', (_, q, response, codes) => {
    const check = checkResponse(q, response)
    expect(check.ok ? [] : check.problems.map((p) => p.code)).toEqual(codes)
  })

  it('names each dimension left unanswered and each one the questionnaire does not have', () => {
    const { overall: _, ...rest } = answersOf(3)
    const check = checkResponse(TEMPLATE, { ...rest, cleaning: undefined as never, parking: { mark: 3 } })
    expect(check.ok ? [] : check.problems).toEqual([
      { dimension: 'parking', code: 'dimension_unknown' },
      { dimension: 'cleaning', code: 'answer_missing' },
      { dimension: 'overall', code: 'answer_missing' },
    ])
  })

  it('gives the answers back in order with the reasons trimmed, keeping a reason given for a good mark', () => {
    const check = checkResponse(TEMPLATE, {
      ...answersOf(3),
      repairs: { mark: 1, reason: ' 报修三天没人来 ' },
      greening: { mark: 3, reason: '很好' },
    })
    expect(check).toMatchObject({ ok: true })
    if (!check.ok) return
    expect(Object.keys(check.answers)).toEqual(TEMPLATE.dimensions.map((d) => d.key))
    expect(check.answers.repairs).toEqual({ mark: 1, reason: '报修三天没人来' })
    expect(check.answers.greening).toEqual({ mark: 3, reason: '很好' })
    expect(check.answers.cleaning).toEqual({ mark: 3, reason: '' })
  })
})

describe('meetsPercent (以上: the mark itself passes)', () => {
  it.each([
    [80, 100, 80, true], // exactly the pass mark
    [79, 100, 80, false], // one short of it
    [4, 5, 80, true],
    [3, 4, 80, false],
    [799_999, 1_000_000, 80, false],
    [8, 10, 85, false],
    [17, 20, 85, true],
    [0, 0, 80, true], // never asked of the results: no responses is its own outcome
    [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 100, true], // in BigInt: no product loses precision
  ])('%i of %i against %i%% → %s', (part, whole, percent, expected) => {
    expect(meetsPercent(part, whole, percent)).toBe(expected)
  })
})

describe('surveyResults', () => {
  const electorate = { heads: 10, areaCm2: 10_000_000 }
  const s = defaultSettings('three')

  it('says no responses, with a rate of 0 of the electorate, when nobody answered (no quorum applies)', () => {
    const r = surveyResults(TEMPLATE, s, electorate, [])
    expect(r.responded).toEqual({ heads: 0, areaCm2: 0 })
    expect(r.rateByHeads).toEqual({ num: 0, den: 10 })
    expect(r.rateByArea).toEqual({ num: 0, den: 10_000_000 })
    expect(r.dimensions.every((d) => d.outcome === 'no_responses')).toBe(true)
    expect(r.overall).toEqual({ key: 'overall', title: '总体评价', outcome: 'no_responses' })
  })

  // Five responses of 1,000,000 cm² each (100 ㎡): four satisfied is exactly 80%.
  const equal = (marks: number[]) => marks.map((m) => all(TEMPLATE, m, 1_000_000))

  it.each([
    [
      'exactly the pass mark by both',
      equal([3, 2, 2, 3, 1]),
      'passed',
      { num: 4, den: 5 },
      { num: 4_000_000, den: 5_000_000 },
    ],
    [
      'one short of it (3 of 4 = 75%)',
      equal([3, 2, 1, 3]),
      'failed',
      { num: 3, den: 4 },
      { num: 3_000_000, den: 4_000_000 },
    ],
    ['every one satisfied', equal([3, 3]), 'passed', { num: 2, den: 2 }, { num: 2_000_000, den: 2_000_000 }],
    ['nobody satisfied', equal([1]), 'failed', { num: 0, den: 1 }, { num: 0, den: 1_000_000 }],
  ] as const)('%s', (_, responses, outcome, byHeads, byArea) => {
    const r = surveyResults(TEMPLATE, s, electorate, responses)
    expect(r.overall).toMatchObject({ outcome, byHeads, byArea })
    expect(r.dimensions).toHaveLength(7)
    expect(r.rateByHeads).toEqual({ num: responses.length, den: 10 })
  })

  it('passes by headcount and fails by area (or the reverse), and then the dimension fails', () => {
    // 4 of 5 heads satisfied (80%), but the dissatisfied one holds half the area.
    const byHeadsOnly = [...equal([3, 3, 3, 3]), all(TEMPLATE, 1, 4_000_000)]
    const a = surveyResults(TEMPLATE, s, electorate, byHeadsOnly).overall
    expect(a).toMatchObject({ outcome: 'failed', passedByHeads: true, passedByArea: false })
    // 3 of 5 heads (60%), but the satisfied hold 8,000,000 of 10,000,000 cm²: exactly 80% by area.
    const byAreaOnly = [...equal([1, 1]), all(TEMPLATE, 3, 6_000_000), ...equal([3, 3])]
    const b = surveyResults(TEMPLATE, s, electorate, byAreaOnly).overall
    expect(b).toMatchObject({ outcome: 'failed', passedByHeads: false, passedByArea: true })
    expect(b).toMatchObject({ byArea: { num: 8_000_000, den: 10_000_000 } })
  })

  it('counts 满意 only when the setting says so', () => {
    const responses = equal([3, 3, 3, 3, 2])
    expect(surveyResults(TEMPLATE, s, electorate, responses).overall.outcome).toBe('passed')
    const strict = surveyResults(TEMPLATE, { satisfiedFrom: 3, passMarkPercent: 80 }, electorate, responses)
    expect(strict.overall).toMatchObject({ outcome: 'passed', byHeads: { num: 4, den: 5 } })
    const strictMore = surveyResults(
      TEMPLATE,
      { satisfiedFrom: 3, passMarkPercent: 81 },
      electorate,
      responses,
    )
    expect(strictMore.overall.outcome).toBe('failed')
  })

  it('counts 4–5 as satisfied on five points, and the marks per mark highest first', () => {
    const responses = [5, 4, 3, 2, 1].map((m) => all(FIVE, m, 1_000_000))
    const r = surveyResults(FIVE, defaultSettings('five'), electorate, responses)
    expect(r.overall).toMatchObject({
      outcome: 'failed',
      byHeads: { num: 2, den: 5 },
      marks: [5, 4, 3, 2, 1].map((mark) => ({ mark, heads: 1, areaCm2: 1_000_000 })),
    })
  })

  it('judges each dimension on its own', () => {
    const responses = equal([3, 3, 3, 3, 3]).map((r, i) =>
      i < 2 ? { ...r, answers: { ...r.answers, repairs: { mark: 1, reason: '慢' } } } : r,
    )
    const r = surveyResults(TEMPLATE, s, electorate, responses)
    expect(r.dimensions.find((d) => d.key === 'repairs')).toMatchObject({
      outcome: 'failed',
      byHeads: { num: 3, den: 5 },
    })
    expect(r.dimensions.find((d) => d.key === 'cleaning')).toMatchObject({ outcome: 'passed' })
    expect(r.overall.outcome).toBe('passed')
    expect(reasonsOf(TEMPLATE, responses)).toEqual([
      { key: 'repairs', mark: 1, reason: '慢' },
      { key: 'repairs', mark: 1, reason: '慢' },
    ])
  })

  it('does not depend on the order of the responses', () => {
    const responses = [all(TEMPLATE, 1, 3_000_000), ...equal([3, 2, 3]), all(TEMPLATE, 2, 7)]
    const forward = surveyResults(TEMPLATE, s, electorate, responses)
    expect(surveyResults(TEMPLATE, s, electorate, [...responses].reverse())).toEqual(forward)
  })
})

describe('trendOf', () => {
  const r = (marks: number[]): SurveyResults =>
    surveyResults(
      TEMPLATE,
      defaultSettings('three'),
      { heads: 10, areaCm2: 10 },
      marks.map((m) => all(TEMPLATE, m, 1)),
    )

  it('lists the surveys oldest first with their overall shares, and none for a survey nobody answered', () => {
    expect(
      trendOf([
        { surveyId: 'b', title: '2026下半年', closesOn: '2026-12-31', results: r([3, 1]) },
        { surveyId: 'a', title: '2026上半年', closesOn: '2026-06-30', results: r([3, 3]) },
        { surveyId: 'c', title: '空', closesOn: '2027-06-30', results: r([]) },
      ]),
    ).toEqual([
      {
        surveyId: 'a',
        title: '2026上半年',
        closesOn: '2026-06-30',
        byHeads: { num: 2, den: 2 },
        byArea: { num: 2, den: 2 },
        passed: true,
      },
      {
        surveyId: 'b',
        title: '2026下半年',
        closesOn: '2026-12-31',
        byHeads: { num: 1, den: 2 },
        byArea: { num: 1, den: 2 },
        passed: false,
      },
      { surveyId: 'c', title: '空', closesOn: '2027-06-30', byHeads: null, byArea: null, passed: false },
    ])
  })
})

describe('surveyPhase', () => {
  const w = { noticed: true, opensAt: 1_000, closesAt: 2_000 }
  it.each([
    [{ ...w, noticed: false }, 1_500, 'draft'],
    [w, 999, 'upcoming'],
    [w, 1_000, 'open'], // the first instant of the window
    [w, 1_999, 'open'],
    [w, 2_000, 'closed'], // 24:00 of the last day is the end (民法典 art. 203)
  ] as const)('%o at %i is %s', (s, now, phase) => {
    expect(surveyPhase(s, now)).toBe(phase)
  })
})

describe('tallyOf and tallyMatches', () => {
  const responses = [all(TEMPLATE, 3, 1_000_000), all(TEMPLATE, 1, 2_500_000), all(TEMPLATE, 3, 7)]
  const tally = tallyOf(responses)

  it('adds each response’s area to its mark of each item', () => {
    expect(tally.marks.overall).toEqual({
      3: { heads: 2, areaCm2: 1_000_007 },
      1: { heads: 1, areaCm2: 2_500_000 },
    })
  })

  it('agrees with the responses it was made from, and not with one left out or changed', () => {
    expect(tallyMatches(TEMPLATE, tally, responses)).toBe(true)
    expect(tallyMatches(TEMPLATE, tally, responses.slice(1))).toBe(false)
    const changed = { answers: { ...responses[0]!.answers, cleaning: { mark: 2, reason: '' } } }
    expect(tallyMatches(TEMPLATE, tally, [changed, ...responses.slice(1)])).toBe(false)
  })
})
