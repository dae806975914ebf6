import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type {
  Bundle,
  BundleInput,
  ElectionResult,
  MatterResult,
  ResolutionResult,
} from '../../server/domain/bundle'
import { formatProblem } from '../../server/domain/bundle-validate'
import { canonicalJson, type Json } from '../../server/domain/canonical'
import { computeResults, meetingElectorate } from '../../server/domain/results'
import {
  buildSummary,
  compareSummaryToBundle,
  formatSummaryDifference,
  SUMMARY_FORMAT,
  validateSummary,
  verifySummary,
  type ResultsSummary,
  type SummaryDifference,
} from '../../server/domain/summary'
import { verifyBundle } from '../../server/domain/verify'
import { arbBundle, asJson, ballot, bundleOf, election, flats, resolution, unit } from '../support/bundles'

type Full = Bundle & { results: MatterResult[] }
/** A summary as plain, mutable JSON, the way it arrives from a file: tests break one thing at a time. */
type Doc = {
  voted: { unit: string; areaCm2: number }[]
  bulletin: { receipt?: string; choices: Record<string, unknown> }[]
  results: Record<string, unknown>[]
} & Record<string, unknown>

const sha256 = (v: unknown) =>
  createHash('sha256')
    .update(canonicalJson(v as Json))
    .digest('hex')
const withResults = (b: BundleInput): Full => ({ ...b, results: computeResults(b) })
const summaryOf = (full: Full, auditHead: string | null = null): ResultsSummary =>
  buildSummary(full, sha256(full), auditHead)
const docOf = (full: Full): Doc => asJson(summaryOf(full)) as Doc

function example(): { raw: unknown; full: Full } {
  const raw: unknown = JSON.parse(readFileSync('examples/jinxiu-2026-1.json', 'utf8'))
  const v = verifyBundle(raw)
  if (v.status !== 'valid') throw new Error('the worked example does not verify')
  return { raw, full: { ...v.bundle, results: [...v.results] } }
}

/** The differences' paths, when the summary differs; the status otherwise. */
function paths(doc: unknown): string[] | string {
  const v = verifySummary(doc)
  if (v.status === 'invalid') return `invalid: ${v.problems.map(formatProblem).join('; ')}`
  return v.status === 'differs' ? v.differences.map((d) => d.path) : 'valid'
}
const only = (doc: unknown): SummaryDifference[] => {
  const v = verifySummary(doc)
  return v.status === 'differs' ? [...v.differences] : []
}

/** Four flats of 100, 200, 300, 400 cm², a flat and a shop of one owner, an ordinary and a special matter. */
function meeting(): Full {
  return withResults(
    bundleOf({
      units: [
        ...flats([100, 200, 300, 400]),
        unit('S-1', 50, ['o3'], { kind: 'shop' }),
        unit('u9', 500, ['o9']),
      ],
      matters: [resolution('rules_of_procedure'), resolution('rebuild', { id: 'q2' })],
      ballots: [
        { ...ballot('u0', { q1: 'yes', q2: 'yes' }), receipt: 'R-4' },
        { ...ballot('u1', { q1: 'yes', q2: 'no' }, 'paper'), receipt: 'R-2' },
        { ...ballot('S-1', { q1: 'no', q2: { invalid: '两处勾选' } }), receipt: 'R-3' },
        { ...ballot('u9', { q1: 'abstain', q2: 'yes' }, 'proxy'), receipt: 'R-1' },
      ],
    }),
  )
}

/** Five voters, two seats: c1 leads, c2 and c3 tie on heads and area across the last seat. */
function tiedElection(): Full {
  const candidates = ['c1', 'c2', 'c3'].map((id) => ({ id, name: `${id}*` }))
  return withResults(
    bundleOf({
      units: flats([100, 100, 100, 100, 100]),
      matters: [election({ seats: 2, minMembers: 2, candidates })],
      ballots: [
        ballot('u0', { e1: ['c1', 'c2'] }),
        ballot('u1', { e1: ['c1', 'c3'] }),
        ballot('u2', { e1: ['c1', 'c2'] }),
        ballot('u3', { e1: ['c1', 'c3'] }),
        ballot('u4', { e1: ['c2', 'c3'] }),
      ].map((b, i) => ({ ...b, receipt: `T-${i}` })),
    }),
  )
}

/** Six flats of 100 cm²; u4 and u5 were served and did not vote (视为同意). */
function deemedMeeting(): Full {
  return withResults(
    bundleOf({
      units: flats([100, 100, 100, 100, 100, 100]),
      matters: [resolution('rules_of_procedure'), resolution('management_covenant', { id: 'q2' })],
      ballots: [
        ballot('u0', { q1: 'yes', q2: 'no' }),
        ballot('u1', { q1: 'yes', q2: 'no' }),
        ballot('u2', { q1: 'no', q2: 'no' }),
        ballot('u3', { q1: 'yes', q2: 'yes' }),
      ].map((b, i) => ({ ...b, receipt: `D-${i}` })),
      settings: { deemedConsent: true },
      served: ['u4', 'u5'],
    }),
  )
}

describe('buildSummary', () => {
  it('gives the public summary of the worked example: who voted, the bulletin, the results, the hashes', () => {
    const { raw, full } = example()
    const s = buildSummary(full, sha256(raw), 'f'.repeat(64))
    expect(Object.keys(s)).toEqual([
      'format',
      'estate',
      'meeting',
      'bundleSha256',
      'auditHead',
      'voted',
      'bulletin',
      'results',
    ])
    expect(s.format).toBe(SUMMARY_FORMAT)
    expect(s.estate).toEqual({ id: 'jinxiu', name: '锦绣苑' })
    expect(s.meeting?.id).toBe('m2026-1')
    expect(s.bundleSha256).toMatch(/^[0-9a-f]{64}$/)
    expect(s.auditHead).toBe('f'.repeat(64))
    expect(s.voted).toHaveLength(full.ballots.length)
    expect(s.bulletin).toHaveLength(full.ballots.length)
    expect(s.results).toEqual(full.results)
  })

  it('lists who voted by unit (code-point order) with the area of the voter, never an owner or a choice', () => {
    const s = summaryOf(meeting())
    // o3 owns u3 and the shop S-1: one voter of 450 cm², named by the unit on the ballot.
    expect(s.voted).toEqual([
      { unit: 'S-1', areaCm2: 450 },
      { unit: 'u0', areaCm2: 100 },
      { unit: 'u1', areaCm2: 200 },
      { unit: 'u9', areaCm2: 500 },
    ])
  })

  it('takes each voter area from the meeting-wide electorate of the worked example', () => {
    const { full } = example()
    const wide = meetingElectorate(full)
    const area = new Map(wide.voters.flatMap((v) => v.units.map((u) => [u, v.areaCm2] as const)))
    const s = summaryOf(full)
    expect(s.voted.every((v) => v.areaCm2 === area.get(v.unit))).toBe(true)
    expect(s.voted.map((v) => v.unit)).toEqual(full.ballots.map((b) => b.unit).sort())
  })

  it('lists the ballots by receipt with their choices only: no unit, no channel', () => {
    const s = summaryOf(meeting())
    expect(s.bulletin).toEqual([
      { receipt: 'R-1', choices: { q1: 'abstain', q2: 'yes' } },
      { receipt: 'R-2', choices: { q1: 'yes', q2: 'no' } },
      { receipt: 'R-3', choices: { q1: 'no', q2: { invalid: '两处勾选' } } },
      { receipt: 'R-4', choices: { q1: 'yes', q2: 'yes' } },
    ])
    const { full } = example()
    const bulletin = summaryOf(full).bulletin
    expect(bulletin.every((e) => Object.keys(e).join() === 'receipt,choices')).toBe(true)
    const receipts = bulletin.map((e) => e.receipt as string)
    expect(receipts).toEqual([...receipts].sort())
  })

  it('puts ballots without a receipt first, ordered by their choices and not by their unit', () => {
    const b = withResults(
      bundleOf({
        units: flats([100, 100, 100]),
        matters: [resolution('rules_of_procedure')],
        ballots: [ballot('u0', { q1: 'yes' }), ballot('u1', { q1: 'abstain' }), ballot('u2', { q1: 'no' })],
      }),
    )
    expect(summaryOf(b).bulletin).toEqual([
      { choices: { q1: 'abstain' } },
      { choices: { q1: 'no' } },
      { choices: { q1: 'yes' } },
    ])
  })
})

describe('validateSummary', () => {
  it('accepts a built summary read back from JSON', () => {
    const v = validateSummary(asJson(summaryOf(meeting())))
    expect(v.ok).toBe(true)
  })

  it('refuses what is not an object', () => {
    const v = validateSummary([])
    expect(v.ok ? [] : v.problems.map(formatProblem)).toEqual([
      '$: the summary must be a JSON object, not an array / 摘要应为 JSON 对象',
    ])
  })

  it('reports every problem with its JSON path', () => {
    const doc = docOf(meeting())
    doc.format = 'gongjue.results/1'
    doc.bundleSha256 = 'ABC'
    delete doc.auditHead
    ;(doc.voted[0] as Record<string, unknown>).areaCm2 = 12.5
    // A unit beside a receipt would tell how that unit voted (domain.md §12).
    ;(doc.bulletin[1] as Record<string, unknown>).unit = 'u1'
    doc.bulletin[2]!.choices['q-9'] = 'yes'
    doc.bulletin[3]!.choices.q2 = ['c1']
    ;(doc.results[1]!.rule as { approval: unknown }).approval = { num: 1, den: 2, strict: true }
    doc.results[0]!.outcome = 'carried'
    const v = validateSummary(doc)
    expect(v.ok ? [] : v.problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      'format unsupported_format',
      'bundleSha256 bad_value',
      'auditHead missing',
      'voted[0].areaCm2 area_not_positive_integer',
      'results[0].outcome bad_value',
      'results[1].rule.approval looser_than_law',
      'bulletin[1].unit unknown_field',
      'bulletin[2].choices["q-9"] unknown_matter',
      'bulletin[3].choices.q2 malformed_choice',
    ])
  })

  it('checks the shape of an election result: seats, candidates and the ids it elects', () => {
    const doc = docOf(tiedElection())
    doc.results[0]!.seats = 0
    doc.results[0]!.elected = ['c9']
    ;(doc.results[0]!.candidates as unknown[]).push({ id: 'c1', areaCm2: 1, heads: 1, qualified: true })
    const v = validateSummary(doc)
    expect(v.ok ? [] : v.problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      'results[0].seats bad_seats',
      'results[0].candidates[3].id duplicate_id',
      'results[0].elected[0] bad_value',
    ])
  })
})

describe('verifySummary', () => {
  it('accepts the summary of the worked example', () => {
    const { full } = example()
    expect(paths(docOf(full))).toBe('valid')
  })

  it('accepts the summary of every bundle the engine produces (property)', () => {
    fc.assert(
      fc.property(arbBundle, (b) => {
        expect(paths(asJson(summaryOf(b as Full)))).toBe('valid')
      }),
      { numRuns: 150 },
    )
  })

  it('finds any changed outcome in the summary of an engine-produced bundle (property)', () => {
    const outcomes = {
      resolution: ['passed', 'rejected', 'no_quorum'],
      election: ['elected', 'partially_elected', 'none_elected', 'no_quorum'],
    }
    fc.assert(
      fc.property(arbBundle, fc.nat(), fc.nat(), (b, which, to) => {
        const doc = asJson(summaryOf(b as Full)) as Doc
        const r = doc.results[which % doc.results.length] as { kind: string; outcome: string }
        const others = outcomes[r.kind === 'elect_committee' ? 'election' : 'resolution'].filter(
          (o) => o !== r.outcome,
        )
        r.outcome = others[to % others.length] as string
        expect(verifySummary(doc).exitCode).toBe(1)
      }),
      { numRuns: 150 },
    )
  })

  it('exit 1 for a changed outcome: it does not follow from the figures and the rule', () => {
    const { full } = example()
    const doc = docOf(full)
    doc.results[2]!.outcome = 'passed'
    const [d, ...rest] = only(doc)
    expect(rest).toEqual([])
    expect(formatSummaryDifference(d!)).toBe(
      'results[2].outcome: published "passed", expected "rejected" — follows from the figures and the rule ' +
        '(民法典 art. 278) / 由表决数据及表决规则得出（民法典第二百七十八条）',
    )
  })

  it('exit 1 for a changed approval flag or participation flag', () => {
    const doc = docOf(meeting())
    ;(doc.results[0]!.approval as { areaMet: boolean }).areaMet = true
    ;(doc.results[1]!.participation as { met: boolean }).met = false
    expect(paths(doc)).toEqual(['results[0].approval.areaMet', 'results[1].participation.met'])
  })

  it('exit 1 for a bulletin missing a ballot: fewer ballots than voters, fewer than the headcounts', () => {
    const doc = docOf(meeting())
    doc.bulletin.splice(1, 1)
    expect(paths(doc)).toEqual([
      'voted',
      'results[0].participation.heads',
      'results[0].tally.yes.heads',
      'results[1].participation.heads',
      'results[1].tally.no.heads',
    ])
    expect(formatSummaryDifference(only(doc)[0]!)).toBe(
      'voted: published 4, expected 3 — the bulletin lists 3 ballots, one per voter / 公示中共有 3 张选票，每位投票权人一张',
    )
  })

  it('exit 1 for a changed count: the bulletin has another number of that choice', () => {
    const { full } = example()
    const doc = docOf(full)
    const yes = (doc.results[0]!.tally as { yes: { heads: number } }).yes
    yes.heads += 1
    expect(formatSummaryDifference(only(doc)[0]!)).toBe(
      'results[0].tally.yes.heads: published 618, expected 617 — the bulletin has 617 choices "yes" for q1 / ' +
        '公示中对 q1 选择「yes」的选票为 617 张',
    )
  })

  it('exit 1 for a changed area: the participation is the sum of the tally', () => {
    const doc = docOf(meeting())
    ;(doc.results[0]!.tally as { no: { areaCm2: number } }).no.areaCm2 += 1
    expect(paths(doc)).toEqual(['results[0].participation.areaCm2'])
  })

  it('exit 1 for a changed bulletin choice: the counts no longer match', () => {
    const doc = docOf(meeting())
    doc.bulletin[0]!.choices.q1 = 'no'
    expect(paths(doc)).toEqual(['results[0].tally.no.heads', 'results[0].tally.abstain.heads'])
  })

  it('exit 1 for a duplicated receipt', () => {
    const doc = docOf(meeting())
    doc.bulletin[1]!.receipt = 'R-1'
    expect(only(doc).map(formatSummaryDifference)).toEqual([
      'bulletin[1].receipt: published "R-1" — listed twice (also bulletin[0]): each ballot has its own receipt / ' +
        '回执码重复（另见 bulletin[0]），每张选票的回执码各不相同',
    ])
  })

  it('exit 1 when the voted count is off, or a unit is listed twice', () => {
    const doc = docOf(meeting())
    // The last voter (u9, 500 cm²) left out: one voter fewer than ballots, and too little area for the matters.
    doc.voted.pop()
    expect(paths(doc)).toEqual([
      'voted',
      'results[0].participation.areaCm2',
      'results[1].participation.areaCm2',
    ])
    const twice = docOf(meeting())
    twice.voted[2]!.unit = twice.voted[1]!.unit
    expect(paths(twice)).toEqual(['voted[2].unit'])
  })

  it('exit 1 when a participating area exceeds the area of everybody who voted', () => {
    const doc = docOf(meeting())
    doc.voted[3]!.areaCm2 = 1
    expect(paths(doc)).toEqual(['results[0].participation.areaCm2', 'results[1].participation.areaCm2'])
  })

  it('exit 1 when a list is out of order: the bulletin must not line up with who voted', () => {
    const doc = docOf(meeting())
    doc.bulletin.reverse()
    doc.voted.reverse()
    expect(paths(doc)).toEqual(['voted[1].unit', 'bulletin[1].receipt'])
  })

  describe('a deemed-consent meeting (视为同意)', () => {
    it('is valid: the bulletin counts the strict tally, the deemed voters have no ballot', () => {
      const full = deemedMeeting()
      const [q1, q2] = full.results as ResolutionResult[]
      expect([q1?.outcome, q1?.deemed?.countedAs, q1?.deemed?.tally.yes.heads]).toEqual(['passed', 'yes', 5])
      expect([q2?.outcome, q2?.deemed?.countedAs, q2?.deemed?.tally.no.heads]).toEqual(['rejected', 'no', 5])
      expect(paths(docOf(full))).toBe('valid')
    })

    it('exit 1 when the deemed figures do not follow', () => {
      const doc = docOf(deemedMeeting())
      const d = doc.results[0]!.deemed as {
        countedAs: string
        outcome: string
        tally: { yes: { heads: number } }
      }
      d.countedAs = 'no'
      d.outcome = 'rejected'
      expect(paths(doc)).toEqual([
        'results[0].deemed.countedAs',
        'results[0].deemed.tally.yes',
        'results[0].deemed.tally.no',
        'results[0].deemed.outcome',
      ])
    })

    it('exit 1 when deemed voters are added to the strict tally, which the bulletin counts', () => {
      const doc = docOf(deemedMeeting())
      const r = doc.results[0] as unknown as ResolutionResult
      doc.results[0] = { ...doc.results[0], tally: r.deemed?.tally, participation: r.deemed?.participation }
      expect(paths(doc)).toContain('results[0].tally.yes.heads')
    })

    it('exit 1 when only some resolutions carry deemed figures: it is a setting of the meeting', () => {
      const doc = docOf(deemedMeeting())
      doc.results[1]!.deemed = null
      expect(paths(doc)).toEqual(['results[1].deemed'])
    })
  })

  describe('an election', () => {
    it('with a tie across the last seat is valid: the tied are neither elected nor vacant', () => {
      const full = tiedElection()
      const e = full.results[0] as ElectionResult
      expect([e.elected, e.tied, e.vacantSeats, e.outcome, e.committeeValid]).toEqual([
        ['c1'],
        ['c2', 'c3'],
        0,
        'partially_elected',
        false,
      ])
      expect(paths(docOf(full))).toBe('valid')
    })

    it('exit 1 when the tie is broken in the summary', () => {
      const doc = docOf(tiedElection())
      Object.assign(doc.results[0]!, { elected: ['c1', 'c2'], tied: [], outcome: 'elected' })
      // Both seats filled would make the committee valid (杭州 art. 27), which the summary does not say either.
      expect(paths(doc)).toEqual([
        'results[0].committeeValid',
        'results[0].elected',
        'results[0].tied',
        'results[0].outcome',
      ])
    })

    it('exit 1 when the committee is called validly formed with half of the seats or fewer', () => {
      const doc = docOf(tiedElection())
      doc.results[0]!.committeeValid = true
      expect(paths(doc)).toEqual(['results[0].committeeValid'])
    })

    it('exit 1 for an approval count the bulletin does not have, or an invalid count', () => {
      const doc = docOf(tiedElection())
      // Three candidates for two seats: an invalid choice (rule 4), approving nobody.
      doc.bulletin[4]!.choices.e1 = ['c2', 'c3', 'c1']
      expect(paths(doc)).toEqual([
        'results[0].invalid.heads',
        'results[0].candidates[1].heads',
        'results[0].candidates[2].heads',
      ])
    })

    it('exit 1 for a candidate called qualified without more than half, or unqualified beating a qualified one', () => {
      const doc = docOf(tiedElection())
      const candidates = doc.results[0]!.candidates as { qualified: boolean; heads: number }[]
      candidates[0]!.qualified = false
      expect(paths(doc)).toContain('results[0].candidates[0].qualified')
      const low = docOf(tiedElection())
      Object.assign((low.results[0]!.candidates as object[])[1]!, { heads: 2, areaCm2: 200 })
      low.bulletin[4]!.choices.e1 = ['c3']
      low.bulletin[0]!.choices.e1 = ['c1']
      expect(paths(low)).toContain('results[0].candidates[1].qualified')
    })

    it('exit 1 for somebody elected without quorum', () => {
      const full = withResults(
        bundleOf({
          units: flats([100, 100, 100]),
          matters: [election({ seats: 1, minMembers: 1, candidates: [{ id: 'c1', name: '张*' }] })],
          ballots: [{ ...ballot('u0', { e1: ['c1'] }), receipt: 'N-1' }],
        }),
      )
      expect((full.results[0] as ElectionResult).outcome).toBe('no_quorum')
      expect(paths(docOf(full))).toBe('valid')
      const doc = docOf(full)
      Object.assign(doc.results[0]!, { elected: ['c1'], vacantSeats: 0, outcome: 'elected' })
      expect(paths(doc)).toEqual(['results[0].elected', 'results[0].vacantSeats', 'results[0].outcome'])
    })

    it('ranked by area: the seats fit that ranking, and an alternate who did not qualify is found', () => {
      // Heads rank c3 (4 heads, 800 cm²) before c2 (3 heads, 900 cm²); area ranks c2 first.
      const full = withResults(
        bundleOf({
          units: flats([300, 100, 100, 300, 300]),
          matters: [
            election({
              seats: 2,
              minMembers: 2,
              candidates: ['c1', 'c2', 'c3'].map((id) => ({ id, name: id })),
            }),
          ],
          ballots: [
            ballot('u0', { e1: ['c1', 'c2'] }),
            ballot('u1', { e1: ['c1', 'c3'] }),
            ballot('u2', { e1: ['c1', 'c3'] }),
            ballot('u3', { e1: ['c2', 'c3'] }),
            ballot('u4', { e1: ['c2', 'c3'] }),
          ].map((b, i) => ({ ...b, receipt: `A-${i}` })),
          settings: { electionRankBy: 'area' },
        }),
      )
      expect((full.results[0] as ElectionResult).elected).toEqual(['c2', 'c3'])
      expect(paths(docOf(full))).toBe('valid')
      const doc = docOf(full)
      doc.results[0]!.alternates = ['c1']
      expect(paths(doc)).toEqual(['results[0].alternates'])
    })
  })
})

describe('compareSummaryToBundle', () => {
  it('finds no difference between a full bundle and the summary built from it', () => {
    const { raw, full } = example()
    const s = validateSummary(asJson(buildSummary(full, sha256(raw), 'a'.repeat(64))))
    expect(s.ok && compareSummaryToBundle(full, sha256(raw), s.summary)).toEqual([])
  })

  it("names a summary of another bundle by its hash, and shows only the first of each list's differences", () => {
    const { raw, full } = example()
    const other = meeting()
    const s = summaryOf(other)
    const differences = compareSummaryToBundle(full, sha256(raw), s)
    expect(formatSummaryDifference(differences[0]!)).toMatch(
      /^bundleSha256: published "[0-9a-f]{64}", expected "[0-9a-f]{64}" — this is not the SHA-256 of the full bundle/,
    )
    expect(differences.filter((d) => d.path.startsWith('voted')).length).toBe(11)
    expect(differences.find((d) => d.path === 'voted')?.message).toMatch(
      /^and \d+ more differences in voted$/,
    )
  })

  it('finds a changed choice in a bulletin whose hash is right', () => {
    const full = meeting()
    const s = asJson(summaryOf(full)) as Doc
    s.bulletin[0]!.choices.q1 = 'yes'
    expect(
      compareSummaryToBundle(full, sha256(full), s as unknown as ResultsSummary).map(formatSummaryDifference),
    ).toEqual([
      'bulletin[0].choices.q1: published "yes", expected "abstain" — differs from the summary derived from the full ' +
        'bundle / 与由完整结果包生成的摘要不一致',
    ])
  })

  it('finds a changed result', () => {
    const full = meeting()
    const s = asJson(summaryOf(full)) as Doc
    s.results[1]!.outcome = 'passed'
    expect(
      compareSummaryToBundle(full, sha256(full), s as unknown as ResultsSummary).map((d) => d.path),
    ).toEqual(['results[1].outcome'])
  })
})
