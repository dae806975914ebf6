/**
 * What `npm run simulate` does (scripts/simulate.ts is its entry point), as a function of the command line that
 * prints through `io` and returns the exit code, so that tests run it in their own process.
 *
 * npm run simulate -- --roll FILE --out BUNDLE.json [--turnout 0.8] [--seed N] [--json]
 *
 * Runs a complete meeting through the services on a temporary database with a simulated clock: the roll is
 * imported, a meeting with four matters (covenant, raising the maintenance fund, using it for one building, a
 * committee election) is defined and noticed, voting opens 15 full days later, about `--turnout` of the voters
 * vote over every channel (online and proxy ballots signed by software passkeys, paper and in-person ballots
 * entered twice by two clerks, one invalid mark at least), the meeting closes and the preliminary result is
 * published. The published bundle is written to --out (`npm run verify` accepts it). Everything the simulation
 * decides comes from --seed; passkeys, ids and receipts are random.
 * Exit 0 on success, 2 on bad usage or an invalid roll (nothing is written then).
 *
 * npm run simulate -- --formation --roll FILE --out DIR [--turnout 0.8] [--seed N]
 *
 * Forms the estate's first assembly end to end instead (scripts/lib/simulate-formation.ts): writes DIR/bundle.json
 * (the first meeting's bundle) and DIR/filing/ (the filing package), and prints one JSON object with the roll
 * versions' hashes and every step's outcome. Exit 1 if the first meeting did not form the assembly.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { migrate, openSqlite } from '../../db/client'
import { isElectionResult, type MatterResult } from '../../server/domain/bundle'
import { formatAreaM2 } from '../../server/domain/area'
import { explainResult, groupDigits } from '../../server/domain/explain'
import { importRoll } from '../../server/services/import-roll'
import { Simulation, type SimulationReport } from '../../server/demo/simulate'
import { commandArgs, printErrors, usageError, type CommandIo } from '../cli'
import { SoftAuthenticator } from '../../server/demo/soft-authenticator'
import { prng } from '../../server/demo/prng'
import { simulateFormation } from './simulate-formation'

const USAGE =
  'usage: npm run simulate -- --roll FILE --out BUNDLE.json [--turnout 0.8] [--seed N] [--json]\n' +
  '       npm run simulate -- --formation --roll FILE --out DIR [--turnout 0.8] [--seed N]\n' +
  '  --formation  form the first assembly end to end: DIR/bundle.json, DIR/filing/, one JSON object printed\n' +
  '  --turnout  share of voters who vote, a decimal from 0 to 1 (default 0.8)\n' +
  '  --seed     integer from 0 to 4294967295 (default 1)'

const ESTATE = 'simulation'
// Notice on 2 March 2026, 10:00 China time (a fixed calendar, so that runs with the same seed match).
const NOTICE_AT = new Date('2026-03-02T02:00:00Z')
const ORIGIN = 'http://localhost'

/** "0.8" → 8/10: the share stays an exact fraction (the sampler rounds counts in integers). */
function parseShare(text: string): { num: number; den: number } | undefined {
  const m = /^(0|1)(?:\.(\d{1,6}))?$/.exec(text)
  if (!m) return undefined
  const decimals = m[2] ?? ''
  const den = 10 ** decimals.length
  const num = Number(m[1]) * den + (decimals === '' ? 0 : Number(decimals))
  return num <= den ? { num, den } : undefined
}

/** npm run simulate with these arguments: 0 on success, 2 on bad usage or an invalid roll. */
export async function simulate(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = commandArgs(
    {
      args: [...argv],
      options: {
        roll: { type: 'string' },
        out: { type: 'string' },
        turnout: { type: 'string', default: '0.8' },
        seed: { type: 'string', default: '1' },
        json: { type: 'boolean', default: false },
        formation: { type: 'boolean', default: false },
      },
    },
    USAGE,
  )
  const { roll, out } = args.values
  if (!roll || !out) usageError(USAGE)

  const turnoutText = args.values.turnout
  const turnout = parseShare(turnoutText)
  if (!turnout) usageError(`--turnout: "${turnoutText}" is not a decimal from 0 to 1\n${USAGE}`)
  const seedText = args.values.seed
  const seed = /^\d{1,10}$/.test(seedText) ? Number(seedText) : NaN
  if (!Number.isInteger(seed) || seed > 0xffffffff)
    usageError(`--seed: "${seedText}" is not an integer from 0 to 4294967295\n${USAGE}`)
  const json = args.values.json === true

  let file: Buffer
  try {
    file = await readFile(roll)
  } catch (e) {
    usageError(`cannot read ${roll}: ${(e as Error).message}`)
  }
  // --formation writes into the directory --out (made once the roll is read): not a file there.
  if (args.values.formation === true && existsSync(out) && !statSync(out).isDirectory())
    usageError(`--out: ${out} is a file, not a directory`)

  const dir = mkdtempSync(join(tmpdir(), 'gongjue-simulate-'))
  const handle = openSqlite(join(dir, 'simulation.sqlite'))
  // A throwaway database: no fsync per commit (durability is for real ballots, not for a simulation).
  handle.dialect.setDurability('off')
  let exitCode = 0
  try {
    const t0 = performance.now()
    await migrate(handle.db)
    if (args.values.formation === true) {
      exitCode = await simulateFormation(handle.db, { seed, turnout, turnoutText, roll, out }, io)
      return exitCode
    }
    const imported = await importRoll(handle.db, {
      estateId: ESTATE,
      estateName: '模拟小区 Simulated estate',
      fileName: basename(roll),
      file,
      actor: 'system:simulation',
      role: 'system',
      now: () => new Date(NOTICE_AT.getTime() - 7 * 86_400_000),
    })
    if (!imported.ok) {
      printErrors(imported.errors, io)
      exitCode = 2
    } else {
      const sim = new Simulation(handle.db, ESTATE, {
        passkeys: { rpID: new URL(ORIGIN).hostname, rpName: '共决 Gongjue', origin: ORIGIN },
        newPhone: () => new SoftAuthenticator(ORIGIN),
        random: prng(seed),
      })
      const report = await sim.run({
        title: '业主大会会议（模拟） Owners’ assembly meeting (simulated)',
        matters: await sim.standardAgenda(),
        noticeAt: NOTICE_AT,
        windowDays: 14,
        turnout,
        publish: true,
      })
      const { bundle, results } = report
      if (!bundle || !results) throw new Error('the meeting was not published')
      await writeFile(out, bundle.text)
      const ms = Math.round(performance.now() - t0)
      const facts = { out, seed, turnout: turnoutText }
      if (json) io.out(JSON.stringify(jsonReport(facts, report, bundle.sha256, results, ms)))
      else io.out(summary(out, report, bundle.sha256, results, ms).join('\n'))
    }
  } finally {
    await handle.close()
    rmSync(dir, { recursive: true, force: true })
  }
  return exitCode
}

function jsonReport(
  facts: { out: string; seed: number; turnout: string },
  r: SimulationReport,
  sha256: string,
  results: readonly MatterResult[],
  ms: number,
) {
  return {
    ...facts,
    meetingId: r.meetingId,
    opensAt: r.opensAt,
    closesAt: r.closesAt,
    voters: r.voters,
    areaCm2: r.areaCm2,
    ballots: { ...r.ballots, total: total(r) },
    invalidMarks: r.invalidMarks,
    mismatches: r.mismatches,
    proxies: r.proxies,
    activated: r.activated,
    bundleSha256: sha256,
    matters: results.map((x) => ({
      id: x.matter,
      kind: x.kind,
      outcome: x.outcome,
      ...(isElectionResult(x) ? { elected: x.elected, alternates: x.alternates, tied: x.tied } : {}),
    })),
    ms,
  }
}

function total(r: SimulationReport): number {
  return r.ballots.online + r.ballots.paper + r.ballots.proxy + r.ballots.in_person
}

/** Like `npm run verify`'s summary: the meeting in figures, then each matter's outcome in Chinese and English. */
function summary(
  out: string,
  r: SimulationReport,
  sha256: string,
  results: readonly MatterResult[],
  ms: number,
): string[] {
  const lines = [
    '✓ 模拟会议已结束并公布初步结果 / The simulated meeting closed and its preliminary result is published',
    `  结果包 bundle: ${out} (sha256 ${sha256})`,
    `  投票期 voting: ${r.opensAt} → ${r.closesAt}`,
    `  票权人 voters: ${groupDigits(r.voters)} · 面积 area: ${formatAreaM2(r.areaCm2)} ㎡ · ` +
      `选票 ballots: ${groupDigits(total(r))}`,
    `  网上 online ${r.ballots.online} · 纸质 paper ${r.ballots.paper} · 委托 proxy ${r.ballots.proxy} ` +
      `(定向 directed ${r.proxies.directed}) · 现场 in person ${r.ballots.in_person}`,
    `  无效标记 invalid marks: ${r.invalidMarks} · 双录不一致 double-entry mismatches: ${r.mismatches} · ` +
      `激活 activated phones: ${r.activated}`,
  ]
  results.forEach((x, i) => {
    const m = r.matters[i]
    const e = explainResult(x, m)
    lines.push('', `${x.matter} ${m?.title ?? ''} [${x.kind}]`, `  ${e.summary.zh}`, `  ${e.summary.en}`)
  })
  lines.push('', `用时 took ${(ms / 1000).toFixed(1)} s`)
  return lines
}
