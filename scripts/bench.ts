/**
 * npm run bench [-- --json]
 *
 * Figures, not tests (design.md "Testing layers": tests never assert on time). Each section measures one thing
 * and returns named figures; the table prints them, --json prints one flat JSON object of all of them. More
 * sections go into SECTIONS.
 *
 * Section "hostile": the security probe's roll files (a million one-character lines, .xlsx zip bombs, a header of
 * a million columns) and a legitimate 50,000-unit roll against the bundled server: its peak RSS, and /api/health's
 * latency during the imports against the idle server's. Goals: health p99 ≤ 100 ms, peak RSS ≤ 1,024 MB.
 *
 * Section "tally": the full tally — `computeResults`, exactly what the server and the verifier run —
 * of 100,000 voters × 10 matters including one election, beside a plain SQLite `GROUP BY` over the same ballots
 * stored in a table (a temp-file database), measured in the same run. Goal: tally ≤ 2× the scan.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import {
  BUNDLE_FORMAT,
  type Ballot,
  type BundleInput,
  type Choice,
  type ElectionMatter,
  type Matter,
} from '../server/domain/bundle'
import { validateBundle } from '../server/domain/bundle-validate'
import { computeResults, matterElectorate, meetingElectorate } from '../server/domain/results'
import type { RollUnit } from '../server/domain/voting-rights'
import { citySection } from './bench-city'
import { hostileSection, importSection, serverSection, webSection } from './bench-sections'
import { prng } from '../server/demo/prng'

interface Figure {
  /** Key in the --json object. */
  readonly key: string
  readonly label: string
  readonly value: number
  readonly unit: 'ms' | '×' | '' | 'rps' | 'MB' | 'B'
  readonly note?: string
}

interface BenchSection {
  readonly name: string
  readonly run: () => Promise<readonly Figure[]> | readonly Figure[]
}

/** Median wall time of `runs` calls after `warmup` calls (JIT, page cache). */
function time(fn: () => unknown, runs = 5, warmup = 1): number {
  for (let i = 0; i < warmup; i++) fn()
  const ms: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    fn()
    ms.push(performance.now() - t0)
  }
  ms.sort((a, b) => a - b)
  return ms[Math.floor(ms.length / 2)] as number
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits

// ---- A synthetic estate of 100,000 voters ----------------------------------------------------------------------

const VOTERS = 100_000
const SEATS = 7

function syntheticMeeting(): BundleInput {
  const rand = prng(7)
  const units: RollUnit[] = []
  const area = () => 500_000 + Math.floor(rand() * 1_500_000) // 50–200 ㎡
  // 99,999 owner voters in 50 buildings, every 20th with a second flat (one voter, summed area), plus parking
  // (not counted) and one developer voter holding 300 unsold flats.
  for (let v = 0; v < VOTERS - 1; v++) {
    const building = `${(v % 50) + 1}号楼`
    const owners = v % 9 === 0 ? [`o${v}`, `p${v}`] : [`o${v}`]
    units.push({
      id: `${building}-${v}`,
      building,
      kind: 'residence',
      areaCm2: area(),
      owners,
      developerHeld: false,
    })
    if (v % 20 === 0) {
      units.push({
        id: `${building}-${v}b`,
        building,
        kind: 'residence',
        areaCm2: area(),
        owners,
        developerHeld: false,
      })
    }
    if (v % 10 === 0) {
      units.push({
        id: `P-${v}`,
        building: '车库',
        kind: 'parking',
        areaCm2: 130_000,
        owners,
        developerHeld: false,
      })
    }
  }
  for (let d = 0; d < 300; d++) {
    units.push({
      id: `D-${d}`,
      building: '50号楼',
      kind: 'residence',
      areaCm2: area(),
      owners: [],
      developerHeld: true,
    })
  }

  const election: ElectionMatter = {
    id: 'e1',
    kind: 'elect_committee',
    title: '选举业主委员会',
    seats: SEATS,
    candidates: Array.from({ length: 12 }, (_, i) => ({ id: `c${i + 1}`, name: `候选人${i + 1}` })),
  }
  const matters: Matter[] = [
    { id: 'q1', kind: 'rules_of_procedure', title: '修改议事规则' },
    {
      id: 'q2',
      kind: 'management_covenant',
      title: '修改管理规约',
      approval: { num: 2, den: 3, strict: false },
    },
    { id: 'q3', kind: 'property_manager', title: '续聘物业服务企业' },
    { id: 'q4', kind: 'use_maintenance_fund', title: '外墙维修' },
    { id: 'q5', kind: 'raise_maintenance_fund', title: '续筹维修资金' },
    { id: 'q6', kind: 'rebuild', title: '改建地下车库' },
    { id: 'q7', kind: 'common_parts_use', title: '设置快递柜' },
    { id: 'q8', kind: 'other_major', title: '公共收益分配' },
    { id: 'q9', kind: 'use_maintenance_fund', title: '7号楼电梯更新', scope: { buildings: ['7号楼'] } },
    election,
  ]
  const settings = { countParking: false, deemedConsent: false, electionRankBy: 'heads' as const }
  const wide = meetingElectorate({ units, settings })
  const scoped = new Set(
    matterElectorate({ units, settings }, matters[8] as Matter, wide).voters.map((v) => v.key),
  )
  const popularity = election.candidates.map((_, i) => 0.75 - i * 0.05)
  const ballots: Ballot[] = []
  for (const voter of wide.voters) {
    if (rand() >= 0.85) continue
    const choices: Record<string, Choice> = {}
    for (const m of matters) {
      if (m.kind === 'elect_committee') {
        const ids = election.candidates.filter((_, i) => rand() < (popularity[i] as number)).map((c) => c.id)
        choices[m.id] = rand() < 0.01 ? ids : ids.slice(0, SEATS) // about 1% over-vote on paper: invalid
      } else if (m.id !== 'q9' || scoped.has(voter.key)) {
        const x = rand()
        choices[m.id] = x < 0.7 ? 'yes' : x < 0.9 ? 'no' : x < 0.99 ? 'abstain' : { invalid: '两处勾选' }
      }
    }
    ballots.push({ unit: voter.units[0] as string, channel: 'online', choices })
  }
  return { format: BUNDLE_FORMAT, settings, units, matters, ballots }
}

// ---- Sections --------------------------------------------------------------------------------------------------

const tallySection: BenchSection = {
  name: 'tally',
  run() {
    const bundle = syntheticMeeting()
    const wide = meetingElectorate(bundle)

    // The same ballots as rows: one per (ballot, matter, mark) — an election ballot has one row per approved
    // candidate — with the voter's area beside it, as a tally table would hold them.
    const dir = mkdtempSync(join(tmpdir(), 'gongjue-bench-'))
    const db = new Database(join(dir, 'bench.sqlite'))
    let rows = 0
    try {
      db.pragma('journal_mode = WAL')
      db.exec(
        'CREATE TABLE choices (voter TEXT NOT NULL, matter TEXT NOT NULL, choice TEXT NOT NULL, area INTEGER NOT NULL)',
      )
      const area = new Map(wide.voters.map((v) => [v.key, v.areaCm2]))
      const insert = db.prepare('INSERT INTO choices (voter, matter, choice, area) VALUES (?, ?, ?, ?)')
      db.transaction(() => {
        for (const b of bundle.ballots) {
          const voter = wide.voterOfUnit.get(b.unit) as string
          const a = area.get(voter) as number
          for (const [matter, c] of Object.entries(b.choices)) {
            const marks = Array.isArray(c) ? c : [typeof c === 'string' ? c : 'invalid']
            for (const mark of marks) {
              insert.run(voter, matter, mark, a)
              rows++
            }
          }
        }
      })()
      const groupBy = db.prepare(
        'SELECT matter, choice, COUNT(*) AS heads, SUM(area) AS area FROM choices GROUP BY matter, choice',
      )
      const groupByMs = time(() => groupBy.all())

      const validateMs = time(() => validateBundle(bundle), 3)
      const tallyMs = time(() => computeResults(bundle))
      // Of which: the voters of the meeting and of the scoped matter (voting-rights.ts deriveElectorate).
      const electorateMs = time(() => {
        const w = meetingElectorate(bundle)
        return bundle.matters.map((m) => matterElectorate(bundle, m, w))
      })
      const ratio = tallyMs / groupByMs
      return [
        { key: 'voters', label: 'voters 票权人', value: wide.totals.heads, unit: '' },
        { key: 'units', label: 'units 房屋', value: bundle.units.length, unit: '' },
        { key: 'ballots', label: 'ballots 选票', value: bundle.ballots.length, unit: '' },
        { key: 'matters', label: 'matters 事项 (1 election)', value: bundle.matters.length, unit: '' },
        { key: 'choiceRows', label: 'rows in the SQLite table', value: rows, unit: '' },
        { key: 'tallyMs', label: 'tally: computeResults', value: round(tallyMs), unit: 'ms' },
        {
          key: 'electorateMs',
          label: '  of which deriving the electorates',
          value: round(electorateMs),
          unit: 'ms',
        },
        { key: 'groupByMs', label: 'SQLite GROUP BY, same ballots', value: round(groupByMs), unit: 'ms' },
        {
          key: 'tallyRatio',
          label: 'tally / GROUP BY',
          value: round(ratio, 2),
          unit: '×',
          note: `goal ≤ 2× ${ratio <= 2 ? '✓' : '✗'}`,
        },
        {
          key: 'validateMs',
          label: 'validateBundle (not in the goal)',
          value: round(validateMs),
          unit: 'ms',
        },
      ]
    } finally {
      db.close()
      rmSync(dir, { recursive: true, force: true })
    }
  },
}

const SECTIONS: readonly BenchSection[] = [
  tallySection,
  { name: 'import', run: () => importSection(progress) },
  { name: 'server', run: () => serverSection(progress, castVoters) },
  { name: 'web', run: () => webSection(progress) },
  { name: 'hostile', run: () => hostileSection(progress) },
  { name: 'city', run: () => citySection(progress) },
]

const progress = (line: string) => process.stderr.write(`${line}\n`)

// ---- Main ------------------------------------------------------------------------------------------------------

let json = false
let only: string | undefined
// Prepared ballots must be cast within their challenge's 5 minutes; preparing one costs a few fsyncs (sign-in,
// challenge), so 3,000 keep the whole preparation well inside that window on a loaded machine.
let castVoters = 3000
try {
  const a = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      only: { type: 'string' },
      voters: { type: 'string' },
    },
  }).values
  json = a.json === true
  only = a.only
  if (a.voters !== undefined) castVoters = Number(a.voters)
  if (!Number.isInteger(castVoters) || castVoters < 100) throw new Error('--voters: at least 100')
} catch (e) {
  console.error(
    `${(e as Error).message}\nusage: npm run bench [-- --json] [--only tally|import|server|web|hostile|city] [--voters N]`,
  )
  process.exit(2)
}

const out: Record<string, number | string | boolean> = { goalRatio: 2 }
const table: string[][] = []
for (const s of SECTIONS) {
  if (only !== undefined && s.name !== only) continue
  if (!json) process.stderr.write(`running ${s.name}…\n`)
  for (const f of await s.run()) {
    out[f.key] = f.value
    table.push([
      s.name,
      f.label,
      `${f.value.toLocaleString('en-US')}${f.unit ? ' ' + f.unit : ''}`,
      f.note ?? '',
    ])
  }
}
out.withinGoal =
  (out.tallyRatio === undefined || Number(out.tallyRatio) <= 2) &&
  (out.importRatio === undefined || Number(out.importRatio) <= 5) &&
  (out.castRatio === undefined ||
    (Number(out.castRatio) >= 0.25 && Number(out.castP99Ms) <= 100 && out.castErrors === 0)) &&
  (out.serverRssMb === undefined || Number(out.serverRssMb) <= 300) &&
  (out.ownerPathJsGzipBytes === undefined || Number(out.ownerPathJsGzipBytes) <= 30_000) &&
  (out.ownerHomeThrottledMs === undefined || Number(out.ownerHomeThrottledMs) <= 2000) &&
  (out.ownerMeetingThrottledMs === undefined || Number(out.ownerMeetingThrottledMs) <= 2000) &&
  (out.hostileHealthP99Ms === undefined || Number(out.hostileHealthP99Ms) <= 100) &&
  (out.hostilePeakRssMb === undefined || Number(out.hostilePeakRssMb) <= 1024) &&
  (out.city3000P99Ms === undefined || Number(out.city3000P99Ms) <= 1000)
out.node = process.version

if (json) {
  console.log(JSON.stringify(out))
} else {
  const widths = [0, 1, 2].map((i) => Math.max(...table.map((r) => (r[i] as string).length)))
  console.log(`Gongjue bench (node ${process.version})`)
  for (const r of table) {
    console.log(
      `${(r[0] as string).padEnd(widths[0] as number)}  ${(r[1] as string).padEnd(widths[1] as number)}  ` +
        `${(r[2] as string).padStart(widths[2] as number)}  ${r[3]}`.trimEnd(),
    )
  }
}
