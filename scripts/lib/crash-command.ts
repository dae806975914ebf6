/**
 * What `npm run test:crash` does (scripts/crash-test.ts is its entry point), as a function of the command line that
 * prints through `io` and returns the exit code, so that the test suite runs its short form in its own process.
 *
 * npm run test:crash [-- --voters N --kills K --seed S --json]
 *
 * The durability test: the real server on a temporary database, ballots driven at it from this process
 * over HTTP, and `kill -9` of the server at random moments (at least 5 times), restarting it each time. Then, on
 * the database: every ballot that received a success answer is stored exactly once, the audit chain verifies, no
 * ballot lacks its audit entry, no voter has two valid ballots, and the meeting closes and tallies to a bundle the
 * verifier accepts. Prints sent, acknowledged, stored and lost (must be 0). Exit 0 when all hold, 1 otherwise.
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { migrate, openSqlite } from '../../db/client'
import { validateBundle } from '../../server/domain/bundle-validate'
import { compareResults, computeResults } from '../../server/domain/results'
import { verifyAuditChain } from '../../server/services/audit'
import { advanceMeeting } from '../../server/services/meeting-results'
import { loadMeeting } from '../../server/services/meetings'
import { prng } from '../../server/demo/prng'
import { commandArgs, usageError, type CommandIo } from '../cli'
import {
  client,
  freePort,
  prepareSigned,
  setUpOpenMeeting,
  signInOverHttp,
  startServer,
  type Voter,
} from './voting-fixture'

const USAGE = 'usage: npm run test:crash -- [--voters N] [--kills K] [--seed S] [--json]'

/** npm run test:crash with these arguments: 0 when every acknowledged ballot is stored once and all checks hold. */
export async function crashTest(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = commandArgs(
    {
      args: [...argv],
      options: {
        voters: { type: 'string', default: '400' },
        kills: { type: 'string', default: '6' },
        seed: { type: 'string', default: '1' },
        json: { type: 'boolean', default: false },
      },
    },
    USAGE,
  )
  const VOTERS = Number(args.values.voters)
  const KILLS = Number(args.values.kills)
  const random = prng(Number(args.values.seed))
  if (!Number.isInteger(VOTERS) || VOTERS < 10 || !Number.isInteger(KILLS) || KILLS < 1) usageError(USAGE)
  const log = (s: string) => {
    if (!args.values.json) io.err(s)
  }

  const dir = mkdtempSync(join(tmpdir(), 'gongjue-crash-'))
  const dbPath = join(dir, 'crash.sqlite')
  const port = await freePort()
  const origin = `http://localhost:${port}`
  const env = {
    DATABASE_PATH: dbPath,
    PORT: String(port),
    PUBLIC_ORIGIN: origin,
    SESSION_SECRET: 'crash-test-secret-0123456789abcdefghijklmnop',
    // Every phone of the test signs in from this one address.
    RATE_LIMIT_SCALE: '1000',
  }

  /**
   * The demo roll's first rows, two per voter asked for (a co-owned flat is one voter, so is an owner of two flats),
   * rather than all its 1,008 units: the import is the fixture's, not what this test is about, and the whole roll
   * cost its import and every restarted server's first reading of the electorate for voters who never vote.
   */
  function rollFor(voters: number): Buffer {
    const lines = readFileSync('demo/roll-jinxiu.csv', 'utf8').split('\n')
    return Buffer.from(lines.slice(0, 1 + 2 * voters).join('\n'))
  }

  const setup = openSqlite(dbPath)
  await migrate(setup.db)
  log(`setting up ${VOTERS} voters with passkeys…`)
  const { meetingId, voters } = await setUpOpenMeeting(setup.db, origin, {
    roll: rollFor(VOTERS),
    voters: VOTERS,
  })
  await setup.close()
  if (voters.length < VOTERS) throw new Error(`the roll gave ${voters.length} voters, not ${VOTERS}`)

  let server: ChildProcess = await startServer(env)
  const cookies = new Map<string, string>()

  const counts = { sent: 0, acknowledged: 0, kills: 0, retries: 0 }
  const acked = new Map<string, string>() // voter → receipt
  let down = false

  async function castOne(v: Voter): Promise<void> {
    const choices = { q1: random() < 0.7 ? 'yes' : 'no', q2: random() < 0.8 ? 'yes' : 'abstain' }
    let lastError = ''
    for (let attempt = 0; attempt < 30;) {
      if (down) {
        await new Promise((r) => setTimeout(r, 50))
        continue
      }
      attempt += 1
      try {
        const body = await prepareSigned(origin, meetingId, v, cookies.get(v.voter) as string, choices)
        counts.sent += 1
        const res = await client(origin)(
          'POST',
          `/api/estates/loadtest/meetings/${meetingId}/ballots`,
          body,
          cookies.get(v.voter),
        )
        if (res.status === 201) {
          const { receipt } = (await res.json()) as { receipt: { receipt: string } }
          counts.acknowledged += 1
          acked.set(v.voter, receipt.receipt)
          return
        }
        // 409 double_vote: an earlier, unacknowledged attempt was stored before a kill. It stands; nothing acked.
        if (res.status === 409) return
        throw new Error(`status ${res.status} ${await res.text()}`)
      } catch (e) {
        lastError = (e as Error).message
        // The server refuses before signing when an earlier, unacknowledged attempt was stored before a kill.
        if (lastError.startsWith('ballot-options 409')) return
        counts.retries += 1
        await new Promise((r) => setTimeout(r, 30))
      }
    }
    throw new Error(`voter ${v.voter}: gave up (${lastError})`)
  }

  async function killer(): Promise<void> {
    while (counts.kills < KILLS && acked.size < voters.length) {
      await new Promise((r) => setTimeout(r, 150 + Math.floor(random() * 400)))
      if (acked.size >= voters.length) break
      down = true
      server.kill('SIGKILL')
      await new Promise((r) => server.once('exit', r))
      counts.kills += 1
      log(`kill -9 #${counts.kills} after ${counts.acknowledged} acknowledged`)
      server = await startServer(env)
      down = false
    }
  }

  const queue = [...voters]
  try {
    for (const v of voters) cookies.set(v.voter, await signInOverHttp(origin, v))
    const workers = Array.from({ length: 16 }, async () => {
      for (let v = queue.shift(); v; v = queue.shift()) await castOne(v)
    })
    await Promise.all([...workers, killer()])
  } finally {
    // Also when a voter gave up or a sign-in failed: no server outlives the command, which may run inside a test
    // process that goes on.
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((r) => server.once('exit', r))
      server.kill('SIGKILL')
      await exited
    }
  }

  // Check the database itself.
  const h = openSqlite(dbPath)
  const db = h.db
  const stored = await db
    .selectFrom('ballots')
    .select(['voter', 'receipt', 'status', 'id'])
    .where('meeting_id', '=', meetingId)
    .execute()
  const valid = stored.filter((b) => b.status === 'valid')
  const lost = [...acked].filter(
    ([voter, receipt]) => !valid.some((b) => b.voter === voter && b.receipt === receipt),
  )
  const duplicates = [...acked.values()].filter((r) => stored.filter((b) => b.receipt === r).length !== 1)
  const twoValid = await sql<{
    n: number
  }>`select count(*) as n from (select voter from ballots where meeting_id = ${meetingId} and status = 'valid' group by voter having count(*) > 1)`.execute(
    db,
  )
  const unaudited = await sql<{ n: number }>`select count(*) as n from ballots b where not exists (
    select 1 from audit_log a where a.action in ('ballot.cast', 'ballot.changed', 'ballot.refused')
    and json_extract(a.after_json, '$.ballot') = b.id)`.execute(db)
  const chain = await verifyAuditChain(db)
  // Past the close and the counting period: the meeting clock ends voting and stores the tally.
  const afterClose = new Date(Date.now() + 20 * 86_400_000)
  await advanceMeeting(db, meetingId, afterClose)
  const text = (await loadMeeting(db, meetingId)).row.results_json ?? 'null'
  const check = validateBundle(JSON.parse(text))
  const verified =
    check.ok &&
    compareResults(computeResults(check.bundle), (check.bundle.results ?? []) as never).length === 0
  await h.close()
  rmSync(dir, { recursive: true, force: true })

  const figures = {
    voters: voters.length,
    kills: counts.kills,
    sent: counts.sent,
    acknowledged: counts.acknowledged,
    stored: valid.length,
    storedAll: stored.length,
    lost: lost.length,
    duplicates: duplicates.length,
    votersWithTwoValid: Number(twoValid.rows[0]?.n ?? 0),
    ballotsWithoutAudit: Number(unaudited.rows[0]?.n ?? 0),
    auditChain: chain.ok,
    bundleVerified: verified,
  }
  const ok =
    figures.kills >= Math.min(KILLS, 5) &&
    figures.lost === 0 &&
    figures.duplicates === 0 &&
    figures.votersWithTwoValid === 0 &&
    figures.ballotsWithoutAudit === 0 &&
    figures.auditChain &&
    figures.bundleVerified
  if (args.values.json) io.out(JSON.stringify({ ...figures, ok }))
  else {
    io.out(`kill -9:            ${figures.kills}`)
    io.out(`sent 发出:           ${figures.sent}`)
    io.out(`acknowledged 确认:   ${figures.acknowledged}`)
    io.out(`stored 已存 (valid): ${figures.stored} (all rows ${figures.storedAll})`)
    io.out(`lost 丢失:           ${figures.lost}   (must be 0)`)
    io.out(`acked stored twice:  ${figures.duplicates}`)
    io.out(`voters with 2 valid: ${figures.votersWithTwoValid}`)
    io.out(`ballots w/o audit:   ${figures.ballotsWithoutAudit}`)
    io.out(`audit chain:         ${figures.auditChain ? 'verifies' : 'BROKEN'}`)
    io.out(`bundle verify:       ${figures.bundleVerified ? 'accepted' : 'REFUSED'}`)
    io.out(ok ? '✓ durable' : '✗ FAILED')
  }
  return ok ? 0 : 1
}
