import { describe, expect, it } from 'vitest'
import type { ElectionResult, Matter, ResolutionResult } from '../../server/domain/bundle'
import { explainResult, groupDigits, thresholdEn, thresholdZh } from '../../server/domain/explain'
import { computeResults } from '../../server/domain/results'
import { tallyElection, tallyResolution } from '../../server/domain/tally'
import { ballot, ballotsOf, bundleOf, election, electorateOf, flats, resolution } from '../support/bundles'

/** A resolution result with the given numbers, as the tally reports it. */
function resolutionResult(over: Partial<ResolutionResult>): ResolutionResult {
  const e = electorateOf([100])
  return { ...tallyResolution(e, resolution('raise_maintenance_fund') as never, []), ...over }
}

const w = (areaCm2: number, heads: number) => ({ areaCm2, heads })

describe('explainResult for resolutions: the tests with their numbers, in Chinese and English', () => {
  const passed = resolutionResult({
    electorate: w(1_072_817_200, 939),
    participation: { areaCm2: 801_122_000, heads: 702, met: true },
    tally: {
      yes: w(640_000_000, 560),
      no: w(100_000_000, 90),
      abstain: w(50_000_000, 40),
      invalid: w(11_122_000, 12),
    },
    approval: { areaMet: true, headsMet: true },
    outcome: 'passed',
  })

  it('shows participation and approval as numerator/denominator on area and on heads', () => {
    const e = explainResult(passed)
    const zh = e.lines.map((l) => l.zh)
    const en = e.lines.map((l) => l.en)
    expect(zh).toContain('参与表决面积 801,122,000/1,072,817,200 cm²（需三分之二以上）：达到')
    expect(zh).toContain('参与表决人数 702/939 人（需三分之二以上）：达到')
    expect(zh).toContain('同意面积占参与表决面积 640,000,000/801,122,000 cm²（需四分之三以上）：达到')
    expect(zh).toContain('同意人数占参与表决人数 560/702 人（需四分之三以上）：达到')
    expect(en).toContain('Participating area 801,122,000/1,072,817,200 cm² (at least 2/3 required): met')
    expect(en).toContain('Approving voters of participating voters 560/702 (at least 3/4 required): met')
    expect(e.summary.zh).toMatch(/^通过/)
    expect(e.summary.en).toMatch(/^Passed/)
  })

  it('names the failed approval dimension with its numbers when rejected', () => {
    const e = explainResult({ ...passed, approval: { areaMet: true, headsMet: false }, outcome: 'rejected' })
    expect(e.summary.zh).toBe(
      '未通过：参与表决达三分之二以上，但同意人数 560/702 人未达参与表决的四分之三以上。',
    )
    expect(e.summary.en).toBe(
      'Rejected: participation held (at least 2/3), but approving voters 560/702 did not reach at least 3/4 of those taking part.',
    )
  })

  it('names the failed participation dimension with its numbers when there is no quorum', () => {
    const e = explainResult({
      ...passed,
      participation: { areaCm2: 715_211_466, heads: 702, met: false },
      outcome: 'no_quorum',
    })
    expect(e.summary.zh).toBe(
      '未达到参与表决要求：参与表决面积 715,211,466/1,072,817,200 cm²未达三分之二以上，本事项未获通过。',
    )
    expect(e.summary.en).toContain(
      'No quorum: participating area 715,211,466/1,072,817,200 cm² below at least 2/3',
    )
  })

  it('shows the deemed tally beside the strict one and says the strict one decides', () => {
    const b = bundleOf({
      units: flats([100, 100, 100]),
      matters: [resolution('other_major')],
      ballots: [ballot('u0', { q1: 'yes' })],
      settings: { deemedConsent: true },
      served: ['u1'],
    })
    const e = explainResult(computeResults(b)[0]!)
    expect(e.summary.zh).toContain('按视为同意计算为「通过」；以严格计票结果为准。')
    expect(e.summary.en).toContain('With deemed consent: passed; the strict result is the result of record.')
    expect(e.lines.map((l) => l.zh)).toContain(
      '视为同意：已送达但未表决的 1 人（100 cm²）计为同意，结果为「通过」',
    )
  })
})

describe('explainResult for elections', () => {
  const matter = election({
    seats: 2,
    minMembers: 2,
    candidates: [
      { id: 'c1', name: '张*' },
      { id: 'c2', name: '李*' },
      { id: 'c3', name: '王*' },
    ],
  })

  function run(choices: Parameters<typeof ballotsOf>[1]): ElectionResult {
    const e = electorateOf(choices.map(() => 100))
    return tallyElection(e, matter, ballotsOf(e, choices))
  }

  it('reports each candidate with its numbers and status, and whether the committee is formed', () => {
    const r = run([['c1', 'c2'], ['c1', 'c3'], ['c1'], { invalid: '两处勾选' }])
    const e = explainResult(r, matter as Matter)
    expect(e.lines.map((l) => l.zh)).toContain(
      '张*（c1）：同意面积 300/400 cm²，同意人数 3/4 人（均需过半数）：当选',
    )
    expect(e.lines.map((l) => l.zh)).toContain(
      '李*（c2）：同意面积 100/400 cm²，同意人数 1/4 人（均需过半数）：未过半数',
    )
    expect(e.lines.map((l) => l.en)).toContain(
      'Invalid ballots: 1 voters (100 cm²), counted as taking part, approving nobody',
    )
    expect(e.summary.zh).toBe(
      '当选 1 人（共 2 席）：张*（c1）。空缺 1 席，需补选。业主委员会未能有效组成（当选人数须不少于 2 人且超过席位数的一半）。',
    )
  })

  it('says that a tie across the last seat needs a run-off', () => {
    const r = run([
      ['c1', 'c2'],
      ['c1', 'c3'],
      ['c2', 'c3'],
      ['c1', 'c2'],
      ['c1', 'c3'],
    ])
    expect(r.tied).toEqual(['c2', 'c3'])
    const e = explainResult(r, matter as Matter)
    expect(e.summary.zh).toContain(
      '李*（c2）、王*（c3） 得票相同，争夺最后 1 个席位，系统不作决定，需另行决选。',
    )
    expect(e.summary.en).toContain('a run-off is needed')
  })

  it('says nobody is elected when there is no quorum', () => {
    const e = explainResult(run([['c1'], undefined, undefined]), matter as Matter)
    expect(e.summary.zh).toBe('选举未达到参与表决要求（均需三分之二以上）：无人当选，2 个席位待另行选举。')
  })
})

describe('numbers and thresholds in words', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [1_072_817_200, '1,072,817,200'],
  ])('groupDigits(%i) = %s', (n, s) => expect(groupDigits(n)).toBe(s))

  it.each([
    [{ num: 2, den: 3, strict: false }, '三分之二以上', 'at least 2/3'],
    [{ num: 1, den: 2, strict: true }, '过半数', 'more than half'],
    [{ num: 3, den: 4, strict: false }, '四分之三以上', 'at least 3/4'],
    [{ num: 2, den: 3, strict: true }, '超过三分之二', 'more than 2/3'],
    [{ num: 11, den: 20, strict: false }, '二十分之十一以上', 'at least 11/20'],
  ])('%j reads 「%s」 / "%s"', (f, zh, en) => {
    expect([thresholdZh(f), thresholdEn(f)]).toEqual([zh, en])
  })
})
