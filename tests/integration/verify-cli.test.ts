import { execFile } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import type { Bundle } from '../../server/domain/bundle'
import { computeResults } from '../../server/domain/results'
import { validateBundle } from '../../server/domain/bundle-validate'
import { deriveElectorate } from '../../server/domain/voting-rights'
import { bundleSha256, verifyCommand } from '../../scripts/lib/verify-command'
import { arbBundle } from '../support/bundles'
import { tempDir } from '../support'

const run = promisify(execFile)
const EXAMPLE = 'examples/jinxiu-2026-1.json'
const EXAMPLE_SUMMARY = 'examples/jinxiu-2026-1.summary.json'
const tmp = tempDir()
afterAll(() => tmp.cleanup())

interface Run {
  code: number
  stdout: string
  stderr: string
}

async function exec(file: string, args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await run(file, args, { maxBuffer: 64 * 1024 * 1024 })
    return { code: 0, stdout, stderr }
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string }
    return { code: err.code, stdout: err.stdout, stderr: err.stderr }
  }
}

/**
 * The verifier in this process: verifyCommand is all scripts/verify.ts runs, bar writing its output and exit code
 * (`npm run -s verify` below is the real command, in its own process, as an owner runs it).
 */
const verify = async (...args: string[]): Promise<Run> => {
  const { exitCode, stdout, stderr } = await verifyCommand(args)
  return { code: exitCode, stdout, stderr }
}

let n = 0
function write(doc: unknown, text?: string): string {
  const path = join(tmp.dir, `bundle-${++n}.json`)
  writeFileSync(path, text ?? JSON.stringify(doc))
  return path
}

const example = (): Bundle & { results: Record<string, unknown>[] } =>
  JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Bundle & { results: Record<string, unknown>[] }

describe('the worked example (examples/jinxiu-2026-1.json)', () => {
  it('is built from the demo roll: 939 voters and 1,072,817,200 cm² without parking, 952 and 1,076,111,800 with', () => {
    const { units } = example()
    expect(units).toHaveLength(1008)
    expect(deriveElectorate(units, { countParking: false }).totals).toEqual({
      areaCm2: 1_072_817_200,
      heads: 939,
    })
    expect(deriveElectorate(units, { countParking: true }).totals).toEqual({
      areaCm2: 1_076_111_800,
      heads: 952,
    })
  })

  it('carries no personal data: owners are opaque ids', () => {
    const owners = example().units.flatMap((u) => u.owners)
    expect(owners.every((o) => /^o\d{4}$/.test(o))).toBe(true)
  })

  it('verifies: exit 0, with a bilingual summary of every matter', async () => {
    const r = await verify(EXAMPLE)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(
      '公布的结果与重新计算一致 / The bundle is valid and its published results match',
    )
    for (const id of ['q1', 'q2', 'q3', 'q4', 'q5', 'e1'])
      expect(r.stdout).toMatch(new RegExp(`^${id} `, 'm'))
    expect(r.stdout).toContain('未通过：参与表决达三分之二以上')
    expect(r.stdout).toContain('Rejected: participation held (at least 2/3)')
    expect(r.stderr).toBe('')
  })

  it('is what scripts/make-example-bundle.ts generates, byte for byte (deterministic, seeded), with its summary', async () => {
    const out = join(tmp.dir, 'regenerated.json')
    const r = await exec(process.execPath, ['--import', 'tsx', 'scripts/make-example-bundle.ts', out])
    expect(r.code).toBe(0)
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(EXAMPLE, 'utf8'))
    expect(readFileSync(join(tmp.dir, 'regenerated.summary.json'), 'utf8')).toBe(
      readFileSync(EXAMPLE_SUMMARY, 'utf8'),
    )
  })

  it('works through npm run -s verify too', async () => {
    const r = await exec('npm', ['run', '-s', 'verify', '--', EXAMPLE, '--json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual(example().results)
  })
})

describe('npm run verify -- FILE', () => {
  it('--json prints exactly the recomputed results array on stdout', async () => {
    const r = await verify(EXAMPLE, '--json')
    expect(r.code).toBe(0)
    const b = example()
    const v = validateBundle(b)
    expect(JSON.parse(r.stdout)).toEqual(v.ok ? computeResults(v.bundle) : 'invalid')
  })

  it('exit 0 for a valid bundle without results, saying there was nothing to compare', async () => {
    const { results: _, ...bare } = example()
    const r = await verify(write(bare))
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('it carries no results; recomputed below')
  })

  it('exit 1 when a published outcome was changed, printing each difference', async () => {
    const b = example()
    b.results[2]!.outcome = 'passed'
    ;(b.results[5]!.elected as string[]).reverse()
    const r = await verify(write(b))
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('results[2].outcome: published "passed", recomputed "rejected"')
    expect(r.stdout).toContain('results[5].elected: published ["c5","c4","c3","c2","c1"]')
    expect(r.stdout).toContain('2 difference(s)')
  })

  it('exit 1 with --json: the recomputed results on stdout, the differences on stderr', async () => {
    const b = example()
    ;(b.results[0]!.tally as { yes: { heads: number } }).yes.heads += 1
    const r = await verify(write(b), '--json')
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout)).toHaveLength(6)
    expect(r.stderr).toMatch(/results\[0\]\.tally\.yes\.heads: published \d+, recomputed \d+/)
  })

  it('exit 2 for an invalid bundle, printing every problem with its JSON path', async () => {
    const b = example() as unknown as { units: { areaCm2: unknown }[]; ballots: { unit: string }[] }
    b.ballots[17]!.unit = '9-9-999'
    b.units[0]!.areaCm2 = 1439000.5
    const r = await verify(write(b))
    expect(r.code).toBe(2)
    expect(r.stdout).toContain('2 problem(s)')
    expect(r.stdout).toContain('ballots[17].unit: unknown unit "9-9-999"')
    expect(r.stdout).toContain('units[0].areaCm2: area must be a positive integer of cm²')
  })

  it('exit 2 with --json: nothing on stdout, the problems on stderr', async () => {
    const r = await verify(write({ format: 'gongjue.results/1' }), '--json')
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain('units: missing units')
  })

  it.each<[string, () => string[], RegExp]>([
    ['a file that is not JSON', () => [write(null, '{"format": "gongjue.results/1",')], /is not JSON/],
    ['a file that does not exist', () => [join(tmp.dir, 'nowhere.json')], /cannot read/],
    ['no FILE argument', () => [], /usage: npm run verify -- FILE \[--json\]/],
    ['two FILE arguments', () => [EXAMPLE, EXAMPLE], /usage: npm run verify/],
    ['an unknown option', () => [EXAMPLE, '--csv'], /Unknown option/],
  ])('exit 2 for %s, with a message on stderr', async (_name, args, message) => {
    const r = await verify(...args())
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(r.stdout).toBe('')
  })
})

type SummaryDoc = {
  bundleSha256: string
  bulletin: { choices: Record<string, unknown> }[]
  results: Record<string, unknown>[]
} & Record<string, unknown>
const exampleSummary = (): SummaryDoc => JSON.parse(readFileSync(EXAMPLE_SUMMARY, 'utf8')) as SummaryDoc

describe('the worked example summary (examples/jinxiu-2026-1.summary.json)', () => {
  it('names the worked example by the SHA-256 of its canonical JSON and carries its results', () => {
    const s = exampleSummary()
    expect(s.bundleSha256).toBe(bundleSha256(example()))
    expect(s.results).toEqual(example().results)
    expect(s.voted).toHaveLength(757)
    expect(s.bulletin).toHaveLength(757)
  })

  it('verifies: exit 0, with a bilingual summary of every matter', async () => {
    const r = await verify(EXAMPLE_SUMMARY)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('The summary is valid: every outcome follows from its figures and the rule')
    expect(r.stdout).toContain(`结果包 SHA-256 bundle: ${exampleSummary().bundleSha256}`)
    for (const id of ['q1', 'q2', 'q3', 'q4', 'q5', 'e1'])
      expect(r.stdout).toMatch(new RegExp(`^${id} \\[`, 'm'))
    expect(r.stdout).toContain('Rejected: participation held (at least 2/3)')
    expect(r.stderr).toBe('')
  })

  it('exit 1 for FULL --summary SUMMARY when the summary names another bundle', async () => {
    const s = exampleSummary()
    s.bundleSha256 = '0'.repeat(64)
    const r = await verify(EXAMPLE, '--summary', write(s))
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('The summary was not derived from this bundle: 1 difference(s)')
    expect(r.stdout).toContain(
      `bundleSha256: published "${'0'.repeat(64)}", expected "${bundleSha256(example())}"`,
    )
  })
})

describe('verifyCommand (the verifier in-process)', () => {
  it('a summary with --json: exactly its checked results array on stdout', async () => {
    const r = await verifyCommand([EXAMPLE_SUMMARY, '--json'])
    expect(r.exitCode).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual(example().results)
    expect(r.stderr).toBe('')
  })

  it('exit 1 for a summary whose outcome does not follow, with --json the difference on stderr', async () => {
    const s = exampleSummary()
    s.results[2]!.outcome = 'passed'
    const file = write(s)
    const r = await verifyCommand([file])
    expect(r.exitCode).toBe(1)
    expect(r.stdout).toContain('The summary does not hold together: 1 difference(s)')
    expect(r.stdout).toContain('results[2].outcome: published "passed", expected "rejected"')
    expect(r.stdout).toContain('公布的结果 / Published results:')
    const j = await verifyCommand([file, '--json'])
    expect(j.exitCode).toBe(1)
    expect(JSON.parse(j.stdout)).toHaveLength(6)
    expect(j.stderr).toContain('results[2].outcome: published "passed"')
  })

  it('exit 1 for a summary whose bulletin lacks a ballot', async () => {
    const s = exampleSummary()
    s.bulletin.pop()
    const r = await verifyCommand([write(s)])
    expect(r.exitCode).toBe(1)
    expect(r.stdout).toContain('voted: published 757, expected 756')
  })

  it('exit 2 for an invalid summary, every problem with its JSON path; with --json nothing on stdout', async () => {
    const s = exampleSummary()
    ;(s.bulletin[3] as Record<string, unknown>).unit = '1-1-101'
    delete s.auditHead
    const file = write(s)
    const r = await verifyCommand([file])
    expect(r.exitCode).toBe(2)
    expect(r.stdout).toContain('The summary is invalid: 2 problem(s)')
    expect(r.stdout).toContain('auditHead: missing auditHead')
    expect(r.stdout).toContain('bulletin[3].unit: unknown field')
    const j = await verifyCommand([file, '--json'])
    expect([j.exitCode, j.stdout]).toEqual([2, ''])
    expect(j.stderr).toContain('bulletin[3].unit: unknown field')
  })

  it('FULL --summary SUMMARY: exit 0 when the summary was derived from the bundle; --json the recomputed results', async () => {
    const r = await verifyCommand([EXAMPLE, '--summary', EXAMPLE_SUMMARY])
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toContain('The summary was derived from this bundle: its hash and content match')
    expect(r.stdout).toMatch(/^q1 制定业主大会议事规则 \[rules_of_procedure\]$/m)
    const j = await verifyCommand([EXAMPLE, '--summary', EXAMPLE_SUMMARY, '--json'])
    expect(j.exitCode).toBe(0)
    expect(JSON.parse(j.stdout)).toEqual(example().results)
  })

  it('FULL --summary SUMMARY: exit 1 for a changed bulletin choice, which neither holds together nor is derived', async () => {
    const s = exampleSummary()
    s.bulletin[0]!.choices.q1 = s.bulletin[0]!.choices.q1 === 'yes' ? 'no' : 'yes'
    const r = await verifyCommand([EXAMPLE, '--summary', write(s)])
    expect(r.exitCode).toBe(1)
    expect(r.stdout).toContain('The summary does not hold together')
    expect(r.stdout).toContain('The summary was not derived from this bundle: 1 difference(s)')
    expect(r.stdout).toMatch(/bulletin\[0\]\.choices\.q1: published "(yes|no)", expected "(yes|no)"/)
  })

  it('FULL --summary SUMMARY: exit 1 when the bundle results were changed, even if the summary copies them', async () => {
    const b = example()
    b.results[2]!.outcome = 'passed'
    const r = await verifyCommand([write(b), '--summary', EXAMPLE_SUMMARY])
    expect(r.exitCode).toBe(1)
    expect(r.stdout).toContain('results[2].outcome: published "passed", recomputed "rejected"')
    expect(r.stdout).toContain('The summary was not derived from this bundle')
  })

  it.each<[string, () => string[], RegExp]>([
    [
      'a summary given as FULL',
      () => [EXAMPLE_SUMMARY, '--summary', EXAMPLE_SUMMARY],
      /is a summary, not a full bundle/,
    ],
    [
      'a --summary file that does not exist',
      () => [EXAMPLE, '--summary', join(tmp.dir, 'nowhere.json')],
      /cannot read/,
    ],
    ['a --summary file that is not JSON', () => [EXAMPLE, '--summary', write(null, '{')], /is not JSON/],
    ['--summary without a file', () => [EXAMPLE, '--summary'], /argument missing/],
    ['no FILE', () => ['--summary', EXAMPLE_SUMMARY], /npm run verify -- FULL --summary SUMMARY \[--json\]/],
  ])('exit 2 for %s, with a message on stderr', async (_name, args, message) => {
    const r = await verifyCommand(args())
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(r.stdout).toBe('')
  })

  it('FULL --summary SUMMARY: exit 2 listing the problems of both when both are invalid', async () => {
    const s = exampleSummary()
    s.bundleSha256 = 'not a hash'
    const r = await verifyCommand([write({ format: 'gongjue.results/1' }), '--summary', write(s)])
    expect(r.exitCode).toBe(2)
    expect(r.stdout).toContain('units: missing units')
    expect(r.stdout).toContain('bundleSha256: must be 64 lowercase hexadecimal digits')
  })
})

describe('the verifier on bundles the engine produces (property)', () => {
  it('exits 0 on every engine-produced bundle and 1 once any outcome is changed', async () => {
    await fc.assert(
      fc.asyncProperty(arbBundle, fc.nat(), async (b, which) => {
        const results = b.results as { outcome: string }[]
        const tampered = structuredClone(results)
        const r = tampered[which % tampered.length] as { outcome: string }
        r.outcome = r.outcome === 'no_quorum' ? 'passed' : 'no_quorum'
        const [ok, changed] = await Promise.all([
          verify(write(b)),
          verify(write({ ...b, results: tampered })),
        ])
        expect([ok.code, changed.code]).toEqual([0, 1])
      }),
      { numRuns: 6 },
    )
  })
})
