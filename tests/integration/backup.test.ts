import type { ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate, openSqlite } from '../../db/client'
import { runCommand } from '../../scripts/cli'
import { auditVerify } from '../../scripts/lib/audit-verify-command'
import { backupCommand, restoreCommand } from '../../scripts/lib/backup-command'
import {
  client,
  ESTATE,
  freePort,
  prepareSigned,
  setUpOpenMeeting,
  signInOverHttp,
  startServer,
  type Voter,
} from '../../scripts/lib/voting-fixture'
import { validateBundle } from '../../server/domain/bundle-validate'
import { compareResults, computeResults } from '../../server/domain/results'
import { verifyAuditChain } from '../../server/services/audit'
import { advanceMeeting } from '../../server/services/meeting-results'
import { loadMeeting } from '../../server/services/meetings'

/**
 * Backups and restores of the embedded database (`npm run backup`, `npm run restore`): a backup taken from the
 * running server while owners cast ballots is a consistent database — every ballot acknowledged before it began is
 * in it, once, with its audit entry — and restored into an empty database it passes `npm run audit:verify`, and the
 * meeting's result bundle made from it verifies. A restore refuses anything but an empty target and a whole,
 * known backup, writing nothing.
 */

let dir: string
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')
const BASE_ENV = {
  SESSION_SECRET: 'backup-test-secret-0123456789abcdefghijklmn',
  RATE_LIMIT_SCALE: '1000',
}
const envFor = (databasePath: string) => ({ ...BASE_ENV, DATABASE_PATH: databasePath })

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gongjue-backup-'))
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

/** The demo roll's first rows, two per voter, as the crash test takes them. */
function rollFor(voters: number): Buffer {
  const lines = readFileSync('demo/roll-jinxiu.csv', 'utf8').split('\n')
  return Buffer.from(lines.slice(0, 1 + 2 * voters).join('\n'))
}

/** The meeting's bundle made from the database at `path` past its close, and whether the verifier accepts it. */
async function closedBundle(path: string, meetingId: string): Promise<{ text: string; verified: boolean }> {
  const h = openSqlite(path)
  try {
    await advanceMeeting(h.db, meetingId, new Date(Date.now() + 20 * 86_400_000))
    const text = (await loadMeeting(h.db, meetingId)).row.results_json ?? 'null'
    const check = validateBundle(JSON.parse(text))
    const verified =
      check.ok &&
      compareResults(computeResults(check.bundle), (check.bundle.results ?? []) as never).length === 0
    return { text, verified }
  } finally {
    await h.close()
  }
}

describe('a backup of the running server while ballots are cast, restored', () => {
  const VOTERS = 30
  let source: string
  let meetingId: string
  let voters: Voter[]
  let server: ChildProcess | undefined
  const acked = new Map<string, string>() // voter → receipt
  let ackedBeforeBackup = new Map<string, string>()
  let backup: { code: number; stdout: string; stderr: string }
  const backupPath = () => join(dir, 'during-voting.backup')

  beforeAll(async () => {
    source = join(dir, 'live.sqlite')
    const port = await freePort()
    const origin = `http://localhost:${port}`
    const setup = openSqlite(source)
    await migrate(setup.db)
    ;({ meetingId, voters } = await setUpOpenMeeting(setup.db, origin, {
      roll: rollFor(VOTERS),
      voters: VOTERS,
    }))
    await setup.close()
    expect(voters).toHaveLength(VOTERS)
    server = await startServer({ ...envFor(source), PORT: String(port), PUBLIC_ORIGIN: origin })
    try {
      const cookies = new Map<string, string>()
      for (const v of voters) cookies.set(v.voter, await signInOverHttp(origin, v))
      const cast = async (v: Voter) => {
        const body = await prepareSigned(origin, meetingId, v, cookies.get(v.voter) as string, {
          q1: 'yes',
          q2: 'abstain',
        })
        const res = await client(origin)(
          'POST',
          `/api/estates/${ESTATE}/meetings/${meetingId}/ballots`,
          body,
          cookies.get(v.voter),
        )
        if (res.status !== 201) throw new Error(`ballot ${res.status} ${await res.text()}`)
        acked.set(v.voter, ((await res.json()) as { receipt: { receipt: string } }).receipt.receipt)
      }
      // The backup starts once half the owners' ballots are acknowledged, while the other half are being cast.
      let half: () => void = () => {}
      const halfway = new Promise<void>((r) => (half = r))
      const queue = [...voters]
      const casting = Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let v = queue.shift(); v; v = queue.shift()) {
            await cast(v)
            if (acked.size >= VOTERS / 2) half()
          }
        }),
      )
      await halfway
      ackedBeforeBackup = new Map(acked)
      const backingUp = runCommand(backupCommand, ['--out', backupPath()], envFor(source))
      ;[backup] = await Promise.all([backingUp, casting])
    } finally {
      const exited = new Promise((r) => server?.once('exit', r))
      server.kill('SIGTERM')
      await exited
    }
  }, 240_000)

  it('was written while the server ran, 0600, named with its SHA-256 and audit head', () => {
    expect(backup.code, backup.stderr).toBe(0)
    expect(backup.stdout).toContain('✓ 备份完成 backup written')
    expect(backup.stdout).toContain(sha256(backupPath()))
    expect(statSync(backupPath()).mode & 0o777).toBe(0o600)
    expect(acked.size).toBe(VOTERS)
    expect(existsSync(`${backupPath()}.partial-${process.pid}`)).toBe(false)
  })

  it('restores into an empty database with an intact chain that records the restore, as audit:verify says', async () => {
    const restored = join(dir, 'restored', 'gongjue.sqlite')
    const r = await runCommand(restoreCommand, [backupPath()], envFor(restored))
    expect(r.code, r.stderr + r.stdout).toBe(0)
    expect(r.stdout).toContain('✓ 审计日志完整 audit chain intact')
    expect(statSync(restored).mode & 0o777).toBe(0o600)
    const verify = await runCommand(auditVerify, [], envFor(restored))
    expect(verify.code, verify.stdout).toBe(0)

    const h = openSqlite(restored)
    try {
      const last = await h.db
        .selectFrom('audit_log')
        .select(['action', 'after_json'])
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow()
      expect(last.action).toBe('database.restored')
      expect(JSON.parse(last.after_json ?? '{}')).toMatchObject({ backupSha256: sha256(backupPath()) })
      const ballots = await h.db
        .selectFrom('ballots')
        .select(['voter', 'receipt', 'status', 'id'])
        .where('meeting_id', '=', meetingId)
        .execute()
      // Every ballot acknowledged before the backup began is in it, valid, once; whatever else it caught was
      // acknowledged too (a ballot is acknowledged after its commit), with the same receipt.
      for (const [voter, receipt] of ackedBeforeBackup)
        expect(
          ballots.filter((b) => b.voter === voter && b.receipt === receipt && b.status === 'valid'),
        ).toHaveLength(1)
      console.log('RESTORED', ballots.length, ackedBeforeBackup.size)
      for (const b of ballots) expect(acked.get(b.voter)).toBe(b.receipt)
      expect(new Set(ballots.map((b) => b.voter)).size).toBe(ballots.length)
      const unaudited = await sql<{ n: number }>`select count(*) as n from ballots b where not exists (
        select 1 from audit_log a where a.action = 'ballot.cast' and json_extract(a.after_json, '$.ballot') = b.id)`.execute(
        h.db,
      )
      expect(Number(unaudited.rows[0]?.n)).toBe(0)
    } finally {
      await h.close()
    }
    // The meeting goes on from the restored copy to a result bundle that verifies.
    expect((await closedBundle(restored, meetingId)).verified).toBe(true)
  })

  it('keeps a published result bundle byte for byte through a backup and restore, and it verifies', async () => {
    const published = await closedBundle(source, meetingId)
    expect(published.verified).toBe(true)
    const after = join(dir, 'after-result.backup')
    expect((await runCommand(backupCommand, ['--out', after], envFor(source))).code).toBe(0)
    const restored = join(dir, 'restored-after-result.sqlite')
    expect((await runCommand(restoreCommand, [after], envFor(restored))).code).toBe(0)
    const h = openSqlite(restored)
    try {
      const text = (await loadMeeting(h.db, meetingId)).row.results_json
      expect(text).toBe(published.text)
      const check = validateBundle(JSON.parse(text ?? 'null'))
      expect(check.ok).toBe(true)
      expect((await verifyAuditChain(h.db)).ok).toBe(true)
    } finally {
      await h.close()
    }
  })
})

describe('what a backup and a restore refuse, writing nothing', () => {
  let source: string
  let good: string
  beforeAll(async () => {
    source = join(dir, 'small.sqlite')
    const h = openSqlite(source)
    await migrate(h.db)
    await h.close()
    good = join(dir, 'small.backup')
    expect((await runCommand(backupCommand, ['--out', good], envFor(source))).code).toBe(0)
  })

  it('never overwrites a file, and asks for --out', async () => {
    const before = sha256(good)
    const again = await runCommand(backupCommand, ['--out', good], envFor(source))
    expect(again.code).toBe(2)
    expect(again.stderr).toContain('out_exists')
    expect(sha256(good)).toBe(before)
    const none = await runCommand(backupCommand, [], envFor(source))
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('--out FILE is required')
    const missing = await runCommand(
      backupCommand,
      ['--out', join(dir, 'x.backup')],
      envFor(join(dir, 'none.sqlite')),
    )
    expect(missing.code).toBe(2)
    expect(existsSync(join(dir, 'x.backup'))).toBe(false)
  })

  it('restores only into an empty database: a live one is left untouched', async () => {
    const before = sha256(source)
    const r = await runCommand(restoreCommand, [good], envFor(source))
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('target_not_empty')
    expect(sha256(source)).toBe(before)
    // A zero-byte file (made by hand, or by an earlier failed start) counts as empty.
    const empty = join(dir, 'empty.sqlite')
    writeFileSync(empty, '')
    expect((await runCommand(restoreCommand, [good], envFor(empty))).code).toBe(0)
  })

  it('refuses a file that is not a database, a damaged backup, and one from a newer version', async () => {
    const target = join(dir, 'never.sqlite')
    const text = join(dir, 'notes.txt')
    writeFileSync(text, 'this is not a database\n')
    const notDb = await runCommand(restoreCommand, [text], envFor(target))
    expect([notDb.code, notDb.stderr]).toEqual([2, expect.stringContaining('not_a_database')])

    // A page in the middle overwritten: SQLite's integrity check finds it.
    const damaged = join(dir, 'damaged.backup')
    copyFileSync(good, damaged)
    const bytes = readFileSync(damaged)
    const page = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16)
    bytes.fill(0x5a, page * 3, page * 3 + page)
    writeFileSync(damaged, bytes)
    const bad = await runCommand(restoreCommand, [damaged], envFor(target))
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('corrupt')])

    const newer = join(dir, 'newer.backup')
    copyFileSync(good, newer)
    const h = openSqlite(newer)
    await sql`insert into kysely_migration (name, timestamp) values ('29991231T0000_future', '2999-12-31')`.execute(
      h.db,
    )
    await h.close()
    rmSync(`${newer}-wal`, { force: true })
    rmSync(`${newer}-shm`, { force: true })
    const future = await runCommand(restoreCommand, [newer], envFor(target))
    expect([future.code, future.stderr]).toEqual([2, expect.stringContaining('newer_version')])

    const absent = await runCommand(restoreCommand, [join(dir, 'absent.backup')], envFor(target))
    expect(absent.code).toBe(2)
    expect(existsSync(target)).toBe(false)
  })
})
