import { describe, expect, it } from 'vitest'
import type { ResolutionResult } from '../../server/domain/bundle'
import { compareResults, computeResults, formatDifference } from '../../server/domain/results'
import { verifyBundle } from '../../server/domain/verify'
import { asJson, ballot, bundleOf, election, flats, resolution } from '../support/bundles'

function meeting() {
  return bundleOf({
    units: flats([100, 100, 100, 100]),
    matters: [
      resolution('rules_of_procedure'),
      resolution('rebuild', { id: 'q2' }),
      election({ seats: 1, candidates: [{ id: 'c1', name: '张*' }] }),
    ],
    ballots: [
      ballot('u0', { q1: 'yes', q2: 'yes', e1: ['c1'] }),
      ballot('u1', { q1: 'yes', q2: 'no', e1: ['c1'] }),
      ballot('u2', { q1: 'no', q2: 'yes', e1: [] }),
    ],
  })
}

describe('computeResults', () => {
  it('gives one result per matter, in the order of the matters', () => {
    const r = computeResults(meeting())
    expect(r.map((x) => [x.matter, x.kind, x.outcome])).toEqual([
      ['q1', 'rules_of_procedure', 'passed'],
      ['q2', 'rebuild', 'rejected'],
      ['e1', 'elect_committee', 'elected'],
    ])
  })

  it('counts a ballot only in the matters it has a choice for', () => {
    const b = meeting()
    const [q1, q2] = computeResults({
      ...b,
      ballots: [...b.ballots, ballot('u3', { q2: 'yes' })],
    }) as ResolutionResult[]
    expect(q1?.participation.heads).toBe(3)
    expect(q2?.participation.heads).toBe(4)
  })

  it('gives resolution results in the key order of results-bundle.md', () => {
    expect(Object.keys(computeResults(meeting())[0]!)).toEqual([
      'matter',
      'kind',
      'rule',
      'electorate',
      'participation',
      'tally',
      'approval',
      'outcome',
      'deemed',
    ])
  })
})

describe('compareResults', () => {
  it('finds no difference between a recomputation and itself as JSON', () => {
    const r = computeResults(meeting())
    expect(compareResults(asJson(r) as unknown[], r)).toEqual([])
  })

  it('lists every difference with its path: a changed outcome, a changed number, a missing and an extra field', () => {
    const r = computeResults(meeting())
    const published = asJson(r) as Record<string, unknown>[]
    published[0]!.outcome = 'rejected'
    ;(published[1]!.tally as { no: { heads: number } }).no.heads = 2
    delete published[1]!.deemed
    published[2]!.note = 'extra'
    published[2]!.elected = []
    expect(compareResults(published, r).map(formatDifference)).toEqual([
      'results[0].outcome: published "rejected", recomputed "passed"',
      'results[1].tally.no.heads: published 2, recomputed 1',
      'results[1].deemed: published (missing), recomputed null',
      'results[2].elected: published [], recomputed ["c1"]',
      'results[2].note: published "extra", recomputed (missing)',
    ])
  })

  it('reports a missing or an extra matter', () => {
    const r = computeResults(meeting())
    const published = asJson(r) as unknown[]
    expect(compareResults(published.slice(0, 2), r).map((d) => d.path)).toEqual(['results[2]'])
    expect(compareResults([...published, {}], r).map((d) => d.path)).toEqual(['results[3]'])
  })
})

describe('verifyBundle', () => {
  it('exit code 0 for a valid bundle without results (nothing to compare)', () => {
    const v = verifyBundle(asJson(meeting()))
    expect([v.status, v.exitCode]).toEqual(['valid', 0])
    expect(v.status === 'valid' && v.compared).toBe(false)
  })

  it('exit code 0 for a valid bundle whose results agree', () => {
    const b = meeting()
    const v = verifyBundle(asJson({ ...b, results: computeResults(b) }))
    expect([v.status, v.exitCode]).toEqual(['valid', 0])
    expect(v.status === 'valid' && v.compared).toBe(true)
  })

  it('exit code 1 for a valid bundle whose results differ', () => {
    const b = meeting()
    const results = asJson(computeResults(b)) as { outcome: string }[]
    results[1]!.outcome = 'passed'
    const v = verifyBundle(asJson({ ...b, results }))
    expect([v.status, v.exitCode]).toEqual(['differs', 1])
    expect(v.status === 'differs' && v.differences.map((d) => d.path)).toEqual(['results[1].outcome'])
  })

  it('exit code 2 for an invalid bundle, whatever its results', () => {
    const b = asJson({ ...meeting(), results: [] }) as { ballots: { unit: string }[] }
    b.ballots[0]!.unit = '9-9-999'
    const v = verifyBundle(b)
    expect([v.status, v.exitCode]).toEqual(['invalid', 2])
  })
})
