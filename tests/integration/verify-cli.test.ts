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
import { arbBundle } from '../support/bundles'
import { tempDir } from '../support'

const run = promisify(execFile)
const EXAMPLE = 'examples/jinxiu-2026-1.json'
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

/** The verifier as an owner runs it, in a fresh process (node --import tsx is what `npm run verify` runs). */
const verify = (...args: string[]) =>
  exec(process.execPath, ['--import', 'tsx', 'scripts/verify.ts', ...args])

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

  it('is what scripts/make-example-bundle.ts generates, byte for byte (deterministic, seeded)', async () => {
    const out = join(tmp.dir, 'regenerated.json')
    const r = await exec(process.execPath, ['--import', 'tsx', 'scripts/make-example-bundle.ts', out])
    expect(r.code).toBe(0)
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(EXAMPLE, 'utf8'))
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

describe('the verifier on bundles the engine produces (property, real processes)', () => {
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
