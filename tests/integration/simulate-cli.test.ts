import { execFile } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isInvalidChoice, type Channel } from '../../server/domain/bundle'
import { validateBundle } from '../../server/domain/bundle-validate'
import { computeResults } from '../../server/domain/results'
import { FILING_PART_NAMES, FILING_PARTS } from '../../server/domain/filing'
import { rollSha256 } from '../../server/domain/roll-version'
import { FILING_PATHS } from '../../server/services/filing-package'
import { csv, DEMO_ROLL_PATH, tempDir } from '../support'
import { runCommand } from '../../scripts/cli'
import { simulate as simulateCommand } from '../../scripts/lib/simulate-command'
import { verifyCommand } from '../../scripts/lib/verify-command'

/**
 * `npm run simulate` on the demo roll (939 voters): a whole meeting through the services, its bundle checked by the
 * public verifier. The command runs in this process (scripts/lib/simulate-command.ts, what scripts/simulate.ts
 * runs), as the verifier does (scripts/lib/verify-command.ts); one run, the human summary's, is the real command in
 * its own process, as an operator starts it.
 */

const run = promisify(execFile)
const tmp = tempDir()
afterAll(() => tmp.cleanup())

interface Run {
  code: number
  stdout: string
  stderr: string
}

/** `npm run simulate` as an operator runs it: node with tsx's loader, in a process of its own. */
async function simulateProcess(args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/simulate.ts', ...args],
      {
        maxBuffer: 64 * 1024 * 1024,
      },
    )
    return { code: 0, stdout, stderr }
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string }
    return { code: err.code, stdout: err.stdout, stderr: err.stderr }
  }
}

const simulate = (...args: string[]): Promise<Run> => runCommand(simulateCommand, args)
const verify = async (...args: string[]): Promise<Run> => {
  const { exitCode, stdout, stderr } = await verifyCommand(args)
  return { code: exitCode, stdout, stderr }
}

interface Report {
  voters: number
  ballots: Record<Channel | 'total', number>
  invalidMarks: number
  mismatches: number
  proxies: { recorded: number; directed: number }
  bundleSha256: string
  matters: { id: string; kind: string; outcome: string }[]
}

interface Done {
  readonly out: string
  readonly run: Run
  /** The --json report (undefined for a run that printed the human summary). */
  readonly report: Report | undefined
}

const runs = new Map<string, Done>()

async function simulated(
  name: string,
  turnout: string,
  seed: string,
  how: { json: boolean; spawned: boolean } = { json: true, spawned: false },
): Promise<Done> {
  const { json } = how
  const out = join(tmp.dir, `${name}.json`)
  const args = [
    '--roll',
    DEMO_ROLL_PATH,
    '--turnout',
    turnout,
    '--seed',
    seed,
    '--out',
    out,
    ...(json ? ['--json'] : []),
  ]
  const r = await (how.spawned ? simulateProcess(args) : simulate(...args))
  if (r.code !== 0) throw new Error(`simulate ${name} exited ${r.code}: ${r.stderr}`)
  return { out, run: r, report: json ? (JSON.parse(r.stdout) as Report) : undefined }
}

beforeAll(async () => {
  // The human summary's run in its own process, beside the others here, one after another, each on its own
  // temporary database.
  const spawned = simulated('s3', '0.9', '3', { json: false, spawned: true })
  // Awaited below; a failure meanwhile is that await's to report, not an unhandled rejection.
  spawned.catch(() => undefined)
  const a = await simulated('s1', '0.8', '1')
  const b = await simulated('s1-again', '0.8', '1')
  const c = await simulated('s2', '0.5', '2')
  runs
    .set('0.8/1', a)
    .set('0.8/1 again', b)
    .set('0.5/2', c)
    .set('0.9/3', await spawned)
}, 240_000)

const done = (key: string) => runs.get(key) as Done
const reportOf = (key: string) => done(key).report as Report

const bundleOf = (out: string) => {
  const check = validateBundle(JSON.parse(readFileSync(out, 'utf8')))
  if (!check.ok) throw new Error(JSON.stringify(check.problems.slice(0, 3)))
  return check.bundle
}

describe('npm run simulate -- --roll FILE --turnout T --seed N --out BUNDLE', () => {
  it.each(['0.8/1', '0.5/2', '0.9/3'])(
    'writes a bundle (turnout/seed %s) that scripts/verify.ts accepts with exit 0',
    async (key) => {
      const v = await verify(done(key).out)
      expect(v.code).toBe(0)
      expect(v.stdout).toContain(
        '公布的结果与重新计算一致 / The bundle is valid and its published results match',
      )
    },
  )

  it('casts about the turnout asked for, over every channel, with invalid marks and a caught double-entry slip', () => {
    const { out } = done('0.8/1')
    const report = reportOf('0.8/1')
    expect(report.voters).toBe(939)
    const { total, online, paper, proxy, in_person } = report.ballots
    expect(online + paper + proxy + in_person).toBe(total)
    // 4/5 of every building, rounded per building: at most 15 half-votes off 4/5 of 939.
    expect(Math.abs(5 * total - 4 * 939)).toBeLessThanOrEqual(5 * 8)
    for (const n of [online, paper, proxy, in_person]) expect(n).toBeGreaterThan(0)
    expect(report.invalidMarks).toBeGreaterThanOrEqual(1)
    expect(report.mismatches).toBe(1)
    expect(report.proxies.recorded).toBe(proxy)
    expect(report.proxies.directed).toBeGreaterThan(0)

    const bundle = bundleOf(out)
    expect(bundle.ballots).toHaveLength(total)
    const byChannel = (c: Channel) => bundle.ballots.filter((b) => b.channel === c).length
    expect([byChannel('online'), byChannel('paper'), byChannel('proxy'), byChannel('in_person')]).toEqual([
      online,
      paper,
      proxy,
      in_person,
    ])
    const invalid = bundle.ballots.filter((b) => Object.values(b.choices).some((c) => isInvalidChoice(c)))
    expect(invalid.length).toBe(report.invalidMarks)
    expect(invalid.every((b) => b.channel === 'paper' || b.channel === 'in_person')).toBe(true)
    // The agenda: covenant, raising the fund (3/4), using it for one building (scoped), a committee of 5 from 7.
    expect(bundle.matters.map((m) => m.kind)).toEqual([
      'management_covenant',
      'raise_maintenance_fund',
      'use_maintenance_fund',
      'elect_committee',
    ])
    expect(bundle.matters[2]?.scope?.buildings).toHaveLength(1)
    const election = bundle.matters[3]
    expect(election?.kind === 'elect_committee' && [election.seats, election.candidates.length]).toEqual([
      5, 7,
    ])
  })

  it('meets the double 2/3 quorum at turnout 0.8 and 0.9: resolutions pass or fail, the election fills seats', async () => {
    for (const key of ['0.8/1', '0.9/3']) {
      // As recomputed from the bundle (the verifier above found the published results equal to these).
      const results = computeResults(bundleOf(done(key).out))
      expect(results).toHaveLength(4)
      for (const r of results.slice(0, 3)) expect(['passed', 'rejected']).toContain(r.outcome)
      expect(['elected', 'partially_elected', 'none_elected']).toContain(results[3]?.outcome)
    }
    expect(reportOf('0.8/1').matters.map((m) => m.outcome)).not.toContain('no_quorum')
    // The human summary names every matter in Chinese and English.
    const text = done('0.9/3').run.stdout
    expect(text).toContain('票权人 voters: 939')
    for (const id of ['q1', 'q2', 'q3', 'q4']) expect(text).toMatch(new RegExp(`^${id} `, 'm'))
  })

  it('misses the quorum at turnout 0.5: every matter no_quorum', () => {
    expect(reportOf('0.5/2').matters.map((m) => m.outcome)).toEqual([
      'no_quorum',
      'no_quorum',
      'no_quorum',
      'no_quorum',
    ])
  })

  it('decides the same voters, channels and choices for the same seed (passkeys and receipts stay random)', () => {
    const cast = (out: string) =>
      bundleOf(out)
        .ballots.map((b) => JSON.stringify([b.unit, b.channel, b.choices]))
        .sort()
    const [a, b] = [done('0.8/1'), done('0.8/1 again')]
    expect(cast(a.out)).toEqual(cast(b.out))
    expect(a.report?.matters).toEqual(b.report?.matters)
    expect(a.report?.bundleSha256).not.toBe(b.report?.bundleSha256)
  })
})

/**
 * `npm run simulate -- --formation` on the small demo roll of 清源里 (74 units): the estate's first assembly formed
 * end to end through the services, for several seeds, each on its own temporary database.
 */
const QINGYUAN_ROLL = 'demo/roll-qingyuan.csv'
const FORMATION_SEEDS = ['1', '7']
/** Every step the formation prints, in order, with the outcome it must reach. */
const FORMATION_STEPS: readonly [string, string][] = [
  ['application', 'conditions_met'],
  ['group', 'formed'],
  ['member_list', 'published'],
  ['roll_version', 'published'],
  ['objection', 'made'],
  ['objection', 'made'],
  ['objection_answer', 'upheld'],
  ['objection_answer', 'rejected'],
  ['roll_version', 'published'],
  ['documents', 'published'],
  ['first_meeting', 'noticed'],
  ['final_result', 'final'],
  ['outcome', 'assembly_formed'],
  ['committee_term', 'created'],
  ['seating', 'officers_elected'],
  ['announcement', 'published'],
  ['filing_package', 'complete'],
  ['filing_record', 'filed'],
]

interface FormationReport {
  formation: true
  seed: number
  roll: {
    versions: { version: number; sha256: string }[]
    finalVersion: number
    finalSha256: string
    bundle: { version: number; sha256: string } | null
  }
  voters: number
  ballots: Record<Channel | 'total', number>
  bundleSha256: string
  outcome: string
  steps: ({ step: string; outcome: string; at: string } & Record<string, unknown>)[]
}

/** The printed step named `name` with its facts. */
const stepOf = <T>(report: FormationReport, name: string): T =>
  report.steps.find((s) => s.step === name) as unknown as T

const formations = new Map<string, { dir: string; run: Run; report: FormationReport }>()

describe('npm run simulate -- --formation --roll FILE --seed N --out DIR', () => {
  beforeAll(async () => {
    for (const seed of FORMATION_SEEDS) {
      const dir = join(tmp.dir, `formation-${seed}`)
      const r = await simulate('--formation', '--roll', QINGYUAN_ROLL, '--seed', seed, '--out', dir)
      if (r.code !== 0) throw new Error(`simulate --formation seed ${seed} exited ${r.code}: ${r.stderr}`)
      formations.set(seed, { dir, run: r, report: JSON.parse(r.stdout) as FormationReport })
    }
  }, 120_000)
  const formation = (seed: string) => formations.get(seed) as NonNullable<ReturnType<typeof formations.get>>

  it.each(FORMATION_SEEDS)('prints one JSON object naming every step’s outcome (seed %s)', (seed) => {
    const { report, run } = formation(seed)
    expect(run.stdout.trim().split('\n')).toHaveLength(1)
    expect(report.formation).toBe(true)
    expect(report.seed).toBe(Number(seed))
    expect(report.steps.map((s) => [s.step, s.outcome])).toEqual(FORMATION_STEPS)
    expect(report.outcome).toBe('assembly_formed')
    // Every step dated on the simulated clock, in order.
    const times = report.steps.map((s) => Date.parse(s.at))
    expect(times.every((t, i) => Number.isFinite(t) && (i === 0 || t >= (times[i - 1] as number)))).toBe(true)
    // The first meeting's matters: the rules, the covenant, the fund's covenant passed, the committee elected.
    const final = stepOf<{ matters: { kind: string; outcome: string }[] }>(report, 'final_result')
    expect(final.matters.map((m) => [m.kind, m.outcome])).toEqual([
      ['rules_of_procedure', 'passed'],
      ['management_covenant', 'passed'],
      ['other_major', 'passed'],
      ['elect_committee', 'elected'],
    ])
    // 74 units, 67 voters (co-owned and multi-unit owners counted once, §3); every channel used.
    expect(report.voters).toBe(67)
    const { online, paper, proxy, in_person, total } = report.ballots
    expect(online + paper + proxy + in_person).toBe(total)
    for (const n of [online, paper, in_person]) expect(n).toBeGreaterThan(0)
  })

  it.each(FORMATION_SEEDS)(
    'writes DIR/bundle.json that scripts/verify.ts accepts, its roll the final published version (seed %s)',
    async (seed) => {
      const { dir, report } = formation(seed)
      const out = join(dir, 'bundle.json')
      const v = await verify(out)
      expect(v.code).toBe(0)
      expect(v.stdout).toContain(
        '公布的结果与重新计算一致 / The bundle is valid and its published results match',
      )
      const bundle = bundleOf(out)
      // 第1版 and the corrected 第2版: the bundle carries the final one, its hash recomputed from the units.
      expect(report.roll.versions.map((x) => x.version)).toEqual([1, 2])
      expect(report.roll.versions[0]?.sha256).not.toBe(report.roll.finalSha256)
      expect(report.roll.finalVersion).toBe(2)
      expect(bundle.roll).toEqual({ version: 2, sha256: report.roll.finalSha256 })
      expect(rollSha256(bundle.units)).toBe(report.roll.finalSha256)
      expect(report.roll.bundle).toEqual(bundle.roll)
      expect(report.bundleSha256).toMatch(/^[0-9a-f]{64}$/)
    },
  )

  it.each(FORMATION_SEEDS)(
    'writes the filing package under DIR/filing/: 目录.txt lists every part, the undertakings and the training included, none missing (seed %s)',
    (seed) => {
      const { dir, report } = formation(seed)
      const index = readFileSync(join(dir, 'filing', '目录.txt'), 'utf8')
      for (const part of FILING_PARTS) {
        const name = FILING_PART_NAMES[part].zh
        expect(index).toContain(FILING_PATHS[part])
        expect(index).not.toContain(`缺 missing: ${name}`)
        expect(existsSync(join(dir, 'filing', FILING_PATHS[part]))).toBe(true)
      }
      expect(index).toContain('材料齐全 Every part is included.')
      expect(readFileSync(join(dir, 'filing', FILING_PATHS.members), 'utf8')).not.toContain('书面承诺书缺')
      const pkg = stepOf<{ missing: string[] }>(report, 'filing_package')
      expect(pkg.missing).toEqual([])
      // The results file in the package is the bundle, byte for byte.
      expect(readFileSync(join(dir, 'filing', FILING_PATHS.results), 'utf8')).toBe(
        readFileSync(join(dir, 'bundle.json'), 'utf8'),
      )
      // The adopted documents are the published versions.
      const documents = stepOf<{ documents: { kind: string }[] }>(report, 'documents')
      expect(documents.documents.map((d) => d.kind)).toEqual([
        'rules_of_procedure',
        'management_covenant',
        'maintenance_fund_covenant',
      ])
    },
  )

  it('exits 1 when the first meeting misses its quorum: the assembly is not formed, the bundle still verifies', async () => {
    const dir = join(tmp.dir, 'formation-no-quorum')
    const r = await simulate(
      '--formation',
      '--roll',
      QINGYUAN_ROLL,
      '--turnout',
      '0.5',
      '--seed',
      '3',
      '--out',
      dir,
    )
    expect(r.code).toBe(1)
    const report = JSON.parse(r.stdout) as FormationReport
    expect(report.outcome).toBe('failed')
    // Every step up to the outcome, and none after it: no term, no seating, no filing.
    expect(report.steps.map((s) => [s.step, s.outcome])).toEqual([
      ...FORMATION_STEPS.slice(
        0,
        FORMATION_STEPS.findIndex(([step]) => step === 'outcome'),
      ),
      ['outcome', 'failed'],
    ])
    expect(
      stepOf<{ matters: { outcome: string }[] }>(report, 'final_result').matters.map((m) => m.outcome),
    ).toEqual(['no_quorum', 'no_quorum', 'no_quorum', 'no_quorum'])
    expect((await verify(join(dir, 'bundle.json'))).code).toBe(0)
    expect(existsSync(join(dir, 'filing'))).toBe(false)
  })

  it('exits 2 when DIR is a file, and for a roll with errors, writing nothing', async () => {
    const file = join(tmp.dir, 'a-file')
    writeFileSync(file, 'x')
    const r = await simulate('--formation', '--roll', QINGYUAN_ROLL, '--out', file)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('is a file, not a directory')
    expect(readFileSync(file, 'utf8')).toBe('x')
    const roll = join(tmp.dir, 'bad-formation-roll.csv')
    writeFileSync(roll, csv('1,1号楼,住宅,,登记,甲,1234,13800000000,N'))
    const dir = join(tmp.dir, 'formation-bad-roll')
    const bad = await simulate('--formation', '--roll', roll, '--out', dir)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('line 2:')
    expect(existsSync(dir)).toBe(false)
  })

  it('plays different owners for different seeds', () => {
    const units = (seed: string) =>
      bundleOf(join(formation(seed).dir, 'bundle.json'))
        .ballots.map((b) => `${b.unit}/${b.channel}`)
        .sort()
    expect(units('1')).not.toEqual(units('7'))
  })
})

describe('npm run simulate: bad usage', () => {
  const out = join(tmp.dir, 'never-written.json')
  it.each<[string, string[], RegExp]>([
    ['no --roll', ['--out', out], /usage: npm run simulate/],
    ['no --out', ['--roll', DEMO_ROLL_PATH], /usage: npm run simulate/],
    ['a turnout above 1', ['--roll', DEMO_ROLL_PATH, '--out', out, '--turnout', '1.5'], /--turnout: "1.5"/],
    [
      'a turnout that is not a decimal',
      ['--roll', DEMO_ROLL_PATH, '--out', out, '--turnout', '80%'],
      /--turnout/,
    ],
    [
      'a seed that is not an integer',
      ['--roll', DEMO_ROLL_PATH, '--out', out, '--seed', '1.5'],
      /--seed: "1.5"/,
    ],
    ['an unknown option', ['--roll', DEMO_ROLL_PATH, '--out', out, '--voters', '10'], /Unknown option/],
    ['a roll that does not exist', ['--roll', join(tmp.dir, 'nowhere.csv'), '--out', out], /cannot read/],
  ])('exits 2 for %s, with a message on stderr', async (_name, args, message) => {
    const r = await simulate(...args)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(existsSync(out)).toBe(false)
  })

  it('exits 2 for a roll with errors, listing them, and writes no bundle', async () => {
    const roll = join(tmp.dir, 'bad-roll.csv')
    writeFileSync(roll, csv('1,1号楼,住宅,,登记,甲,1234,13800000000,N'))
    const out = join(tmp.dir, 'bad-roll.json')
    const r = await simulate('--roll', roll, '--out', out)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('line 2:')
    expect(existsSync(out)).toBe(false)
  })
})
