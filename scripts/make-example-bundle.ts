/**
 * npx tsx scripts/make-example-bundle.ts [OUT]   (default examples/jinxiu-2026-1.json)
 *
 * Builds the worked example results bundle from the demo estate's roll (demo/roll-jinxiu.csv), read and validated
 * by the same code as roll:import, with ballots from a seeded generator: the same file every time (no
 * Math.random, no clock). Owner identities (name + last four ID characters) are replaced by opaque ids, as in any
 * published bundle. The results are computed by the engine and embedded, so `npm run verify` on the file exits 0.
 * Beside it (OUT with `.summary.json` for `.json`) goes its public summary, format gongjue.results-summary/1
 * (results-bundle.md "Who sees what"), which names the bundle by its SHA-256; it has no audit head (auditHead
 * null), since the example never ran on a server.
 */
import { createHash } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { ownerIdentityKey, validateRollRows } from '../server/domain/roll'
import {
  BUNDLE_FORMAT,
  type Ballot,
  type BundleInput,
  type Channel,
  type Choice,
  type ElectionMatter,
  type Matter,
  type MatterResult,
} from '../server/domain/bundle'
import { canonicalJson, type Json } from '../server/domain/canonical'
import { explainResult } from '../server/domain/explain'
import { computeResults, matterElectorate, meetingElectorate } from '../server/domain/results'
import { buildSummary } from '../server/domain/summary'
import type { RollUnit } from '../server/domain/voting-rights'
import { readRollFile } from '../server/services/roll-file'
import { prng } from '../server/demo/prng'

const ROLL = 'demo/roll-jinxiu.csv'
const out = process.argv[2] ?? 'examples/jinxiu-2026-1.json'
const summaryOut = out.replace(/(\.json)?$/, '.summary.json')

const parsed = await readRollFile(await readFile(ROLL))
const roll = validateRollRows(parsed.rows)
if (!roll.ok) {
  console.error(`${ROLL} is not a valid roll:`, roll.errors)
  process.exit(2)
}

// Opaque owner ids in order of first appearance: the published bundle carries no names or ID digits.
const ownerIds = new Map<string, string>()
const units: RollUnit[] = roll.units.map((u) => ({
  id: u.number,
  building: u.building,
  kind: u.kind,
  areaCm2: u.areaCm2,
  owners: u.developerHeld
    ? []
    : u.owners.map((o) => {
        const key = ownerIdentityKey(o)
        let id = ownerIds.get(key)
        if (!id) {
          id = `o${String(ownerIds.size + 1).padStart(4, '0')}`
          ownerIds.set(key, id)
        }
        return id
      }),
  developerHeld: u.developerHeld,
}))

const election: ElectionMatter = {
  id: 'e1',
  kind: 'elect_committee',
  title: '选举第一届业主委员会',
  seats: 5,
  minMembers: 5,
  alternatesCap: 2,
  candidates: ['张*', '李*', '王*', '刘*', '陈*', '杨*', '赵*', '黄*'].map((name, i) => ({
    id: `c${i + 1}`,
    name,
  })),
}
const matters: Matter[] = [
  { id: 'q1', kind: 'rules_of_procedure', title: '制定业主大会议事规则' },
  {
    id: 'q2',
    kind: 'management_covenant',
    title: '制定管理规约',
    approval: { num: 2, den: 3, strict: false },
  },
  { id: 'q3', kind: 'raise_maintenance_fund', title: '续筹专项维修资金' },
  { id: 'q4', kind: 'use_maintenance_fund', title: '3号楼电梯更新', scope: { buildings: ['3号楼'] } },
  { id: 'q5', kind: 'common_parts_use', title: '利用东门广场设置智能快递柜' },
  election,
]

/** Per resolution: chances of yes, no, abstain (the rest of a ballot's choices). */
const LEAN: Readonly<Record<string, readonly [number, number, number]>> = {
  q1: [0.82, 0.1, 0.08],
  q2: [0.72, 0.18, 0.1],
  q3: [0.7, 0.22, 0.08],
  q4: [0.74, 0.2, 0.06],
  q5: [0.8, 0.13, 0.07],
}
/** Chance that a ballot approves each candidate. */
const POPULARITY = [0.8, 0.74, 0.7, 0.66, 0.63, 0.6, 0.35, 0.25]
const TURNOUT = 0.8

const settings = { countParking: false, deemedConsent: false, electionRankBy: 'heads' as const }
const base = { units, settings }
const wide = meetingElectorate(base)
const electorates = matters.map((m) => new Set(matterElectorate(base, m, wide).voters.map((v) => v.key)))
const rand = prng(20261224)
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T
const RECEIPT_CHARS = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const receipt = () =>
  Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => pick([...RECEIPT_CHARS])).join('')).join(
    '-',
  )

const ballots: Ballot[] = []
for (const voter of wide.voters) {
  if (rand() >= TURNOUT) continue
  const r = rand()
  const channel: Channel = r < 0.7 ? 'online' : r < 0.9 ? 'paper' : r < 0.97 ? 'proxy' : 'in_person'
  const marked = channel === 'paper' || channel === 'in_person'
  const choices: Record<string, Choice> = {}
  matters.forEach((m, i) => {
    if (!electorates[i]?.has(voter.key)) return
    if (m.kind === 'elect_committee') {
      // Only a marked paper ballot can be unreadable.
      if (marked && rand() < 0.03) {
        choices[m.id] = { invalid: '字迹无法辨认 / illegible' }
        return
      }
      const ids = election.candidates.filter((_, k) => rand() < (POPULARITY[k] as number)).map((c) => c.id)
      // Only a marked paper ballot can approve more candidates than seats (an invalid choice, rule 4); the
      // online form stops at the number of seats, so the voter leaves some out.
      const overVote = marked && rand() < 0.2
      while (!overVote && ids.length > election.seats) ids.splice(Math.floor(rand() * ids.length), 1)
      choices[m.id] = ids
      return
    }
    if (marked && rand() < 0.04) {
      choices[m.id] = { invalid: '同时勾选同意与反对 / both yes and no ticked' }
      return
    }
    const [y, n] = LEAN[m.id] as readonly [number, number, number]
    const x = rand()
    choices[m.id] = x < y ? 'yes' : x < y + n ? 'no' : 'abstain'
  })
  ballots.push({ unit: pick(voter.units), channel, receipt: receipt(), choices })
}

const input: BundleInput = {
  format: BUNDLE_FORMAT,
  estate: { id: 'jinxiu', name: '锦绣苑' },
  meeting: {
    id: 'm2026-1',
    title: '2026年第一次业主大会会议',
    opensAt: '2026-12-10T00:00:00+08:00',
    closesAt: '2026-12-24T24:00:00+08:00',
  },
  settings,
  units,
  matters,
  ballots,
}
const results: MatterResult[] = computeResults(input)

// One unit, matter or ballot per line keeps the file readable and its diffs small; the results are indented.
const line = (v: unknown) => JSON.stringify(v)
const list = (xs: readonly unknown[]) => `[\n${xs.map((x) => '    ' + line(x)).join(',\n')}\n  ]`
const text = `{
  "format": ${line(input.format)},
  "estate": ${line(input.estate)},
  "meeting": ${line(input.meeting)},
  "settings": ${line(settings)},
  "units": ${list(units)},
  "matters": ${list(matters)},
  "ballots": ${list(ballots)},
  "results": ${JSON.stringify(results, null, 2).replace(/\n/g, '\n  ')}
}
`
await writeFile(out, text)
console.log(`wrote ${out}: ${units.length} units, ${wide.totals.heads} voters, ${ballots.length} ballots`)

// The summary names the bundle by the SHA-256 of its canonical JSON, as read back from the file just written.
const sha256 = createHash('sha256')
  .update(canonicalJson(JSON.parse(text) as Json))
  .digest('hex')
const summary = buildSummary({ ...input, results }, sha256, null)
await writeFile(
  summaryOut,
  `{
  "format": ${line(summary.format)},
  "estate": ${line(summary.estate)},
  "meeting": ${line(summary.meeting)},
  "bundleSha256": ${line(summary.bundleSha256)},
  "auditHead": ${line(summary.auditHead)},
  "voted": ${list(summary.voted)},
  "bulletin": ${list(summary.bulletin)},
  "results": ${JSON.stringify(summary.results, null, 2).replace(/\n/g, '\n  ')}
}
`,
)
console.log(`wrote ${summaryOut}: bundle sha256 ${sha256}`)
for (const [i, r] of results.entries()) {
  console.log(`${r.matter} ${r.outcome}: ${explainResult(r, matters[i]).summary.zh}`)
}
