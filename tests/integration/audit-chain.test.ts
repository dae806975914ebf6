import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AuditChainMonitor, appendAudit, verifyAuditChain } from '../../server/services/audit'
import { seedDemo } from '../../server/demo/seed'
import { call, DEMO_ROLL_PATH, enrolStaff, tempDb, testApp } from '../support'

/**
 * The audit page's chain status hashes only what was appended since its last check, from a head it re-checks
 * first; a change to an older, already verified row is found by the full checks (per process, daily, and
 * `npm run audit:verify`), or at once when the append-only triggers are gone.
 */

let t: Awaited<ReturnType<typeof tempDb>>
let now: Date
const HOUR = 3_600_000

beforeEach(async () => {
  t = await tempDb()
  now = new Date('2026-12-01T02:00:00Z')
})
afterEach(async () => {
  vi.restoreAllMocks()
  await t.cleanup()
})

// One transaction for the n entries: an entry is appended inside the transaction of what it records.
const append = (n: number) =>
  t.db.transaction().execute(async (trx) => {
    for (let i = 0; i < n; i++)
      await appendAudit(trx, { actor: 'test', role: 'system', action: 'test.entry', after: { i }, at: now })
  })
const lastId = async () =>
  (await t.db.selectFrom('audit_log').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id
const sqlite = () => {
  if (!t.sqlite) throw new Error('no raw connection')
  return t.sqlite
}
/** Changes a row as someone with the database file would: triggers dropped, the row changed, triggers back. */
function tamperQuietly(statement: string) {
  const triggers = sqlite()
    .prepare(`select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'audit_log'`)
    .all() as { name: string; sql: string }[]
  for (const tr of triggers) sqlite().exec(`drop trigger ${tr.name}`)
  sqlite().exec(statement)
  for (const tr of triggers) sqlite().exec(tr.sql)
}

describe('AuditChainMonitor', () => {
  it('hashes the whole chain first, then only the entries appended since', async () => {
    await append(20)
    const monitor = new AuditChainMonitor(t.db, { now: () => now })
    const first = await monitor.check()
    expect(first).toMatchObject({ chain: { ok: true, entries: 20 }, hashed: 20 })
    await append(3)
    const second = await monitor.check()
    expect(second).toMatchObject({ chain: { ok: true, entries: 23 }, hashed: 3 })
    expect(second.chain).toEqual(await verifyAuditChain(t.db))
    expect(second.fullCheckAt).toBe(first.fullCheckAt)
    expect(await monitor.check()).toMatchObject({ chain: { ok: true, entries: 23 }, hashed: 0 })
  })

  it('refuses when the verified head row no longer hashes to what was verified', async () => {
    await append(5)
    const monitor = new AuditChainMonitor(t.db, { now: () => now })
    expect((await monitor.check()).chain.ok).toBe(true)
    const head = await lastId()
    tamperQuietly(`update audit_log set after_json = '{"i":99}' where id = ${head}`)
    await append(2)
    expect((await monitor.check()).chain).toMatchObject({
      ok: false,
      brokenAt: head,
      reason: 'hash mismatch',
    })
  })

  it('refuses when the head row was rewritten with a hash of its own', async () => {
    await append(5)
    const monitor = new AuditChainMonitor(t.db, { now: () => now })
    await monitor.check()
    const head = await lastId()
    tamperQuietly(`update audit_log set hash = '${'f'.repeat(64)}' where id = ${head}`)
    expect((await monitor.check()).chain).toMatchObject({ ok: false, brokenAt: head })
  })

  it('refuses when an entry before the head was removed', async () => {
    await append(6)
    const monitor = new AuditChainMonitor(t.db, { now: () => now })
    await monitor.check()
    tamperQuietly('delete from audit_log where id = 3')
    expect((await monitor.check()).chain).toMatchObject({
      ok: false,
      brokenAt: 4,
      reason: 'prev_hash mismatch',
    })
  })

  it('sees a quiet change to an older verified row at the next full check, and audit:verify at once', async () => {
    await append(8)
    const monitor = new AuditChainMonitor(t.db, { now: () => now, fullEveryMs: 24 * HOUR })
    await monitor.check()
    tamperQuietly(`update audit_log set actor = 'forged' where id = 2`)
    // What an incremental check cannot see by itself (README, Security):
    expect((await monitor.check()).chain.ok).toBe(true)
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, brokenAt: 2 })
    now = new Date(now.getTime() + 25 * HOUR)
    const daily = await monitor.check()
    expect(daily).toMatchObject({ chain: { ok: false, brokenAt: 2 }, hashed: 2 })
    expect(daily.fullCheckAt).toBe(now.toISOString())
  })

  it('checks the whole chain while the append-only triggers are missing', async () => {
    await append(8)
    const monitor = new AuditChainMonitor(t.db, { now: () => now })
    await monitor.check()
    sqlite().exec('drop trigger audit_log_no_update')
    sqlite().exec(`update audit_log set actor = 'forged' where id = 2`)
    expect((await monitor.check()).chain).toMatchObject({ ok: false, brokenAt: 2 })
  })

  it('keeps a broken chain broken without hashing it again', async () => {
    await append(4)
    tamperQuietly(`update audit_log set actor = 'forged' where id = 1`)
    const monitor = new AuditChainMonitor(t.db, { now: () => now })
    expect(await monitor.check()).toMatchObject({ chain: { ok: false, brokenAt: 1 }, hashed: 1 })
    await append(2)
    expect(await monitor.check()).toMatchObject({ chain: { ok: false, brokenAt: 1 }, hashed: 0 })
  })

  it('answers two checks at once with one pass', async () => {
    await append(10)
    const monitor = new AuditChainMonitor(t.db, { now: () => now })
    const [a, b] = await Promise.all([monitor.check(), monitor.check()])
    expect(a).toBe(b)
  })

  it('reads a chain longer than one page', async () => {
    await append(5200)
    const monitor = new AuditChainMonitor(t.db, { now: () => now })
    expect(await monitor.check()).toMatchObject({ chain: { ok: true, entries: 5200 }, hashed: 5200 })
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, entries: 5200 })
  })
})

describe('GET /api/estates/:id/audit', () => {
  it('reports a tampered head on the next call and when the chain was last checked whole', async () => {
    await seedDemo(t.db, DEMO_ROLL_PATH)
    const a = testApp(t.db, { now: () => now })
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const supervisor = await enrolStaff(a, t.db, 'supervisor', 'jinxiu', '居委会', now)
    const page = async () =>
      (
        (await (
          await call(a.app, 'GET', '/api/estates/jinxiu/audit', { cookie: supervisor.cookie })
        ).json()) as {
          chain: { ok: boolean; brokenAt?: number; fullCheckAt: string }
        }
      ).chain
    expect(await page()).toMatchObject({ ok: true, fullCheckAt: now.toISOString() })
    const head = await lastId()
    tamperQuietly(`update audit_log set actor = 'forged' where id = ${head}`)
    expect(await page()).toMatchObject({ ok: false, brokenAt: head })
    await a.tracker.drain()
  })
})
