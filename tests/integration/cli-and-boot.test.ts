import { execFile, spawn } from 'node:child_process'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { migrate, openSqlite } from '../../db/client'
import { ConfigError, loadConfig } from '../../server/config'
import { DAY_MS, earliestOpening, startOfChinaDay } from '../../server/domain/calendar'
import { verifyAuditChain } from '../../server/services/audit'
import { countUnits, importRoll } from '../../server/services/import-roll'
import { createMeeting, giveNotice } from '../../server/services/meetings'
import { csv, DEMO_ROLL_PATH, tempDir } from '../support'
import { runCommand, type Command } from '../../scripts/cli'
import { adminCreate } from '../../scripts/lib/admin-create-command'
import { auditVerify } from '../../scripts/lib/audit-verify-command'
import { rollImport } from '../../scripts/lib/roll-import-command'
import { serverBundle } from '../../scripts/lib/voting-fixture'

const run = promisify(execFile)
const tmp = tempDir()
afterAll(() => tmp.cleanup())

/**
 * The commands run in this process (what their entry points run, scripts/lib/*-command.ts), each but one run of
 * each command, which is the real one in its own process, through tsx as an operator runs it. The server's starts
 * are each a process of their own, of the server as `npm start` runs it: the esbuild bundle (dist/server/main.mjs,
 * built once per test run by tests/global-setup.ts) under plain node, about 1.3 s of CPU to load against 4.3 s for
 * the server's TypeScript through tsx. A cold process is still slow on two cores busy with the rest of the suite: a
 * test that makes more than one gets a timeout that counts them (and the demo seed, for the first boot; 8–10 s on
 * these busy cores, the whole boot test once over 50 s): a busy machine slows it down without failing it.
 */
const COLD_START_MS = 30_000
/**
 * The first boot's demo seed: 锦绣苑's 1,008 units and three meetings, two of them voted, tallied and published, its
 * committee, its surveys and disclosures, and 清源里 (74 units) being formed.
 */
const DEMO_SEED_MS = 60_000
const starting = (processes: number, more = 0) => ({ timeout: processes * COLD_START_MS + more })

const COMMANDS: Readonly<Record<string, Command>> = {
  'scripts/roll-import.ts': rollImport,
  'scripts/admin-create.ts': adminCreate,
  'scripts/audit-verify.ts': auditVerify,
}

/** A command in this process with `env` over this process's environment: its exit code and output. */
async function cli([script, ...args]: string[], env: Record<string, string>) {
  const command = script === undefined ? undefined : COMMANDS[script]
  if (!command) throw new Error(`no command for ${script}`)
  return runCommand(command, args, { ...process.env, ...env })
}

/** node with `nodeArgs` and `args`, to its end: its exit code and output. */
async function nodeProcess(nodeArgs: string[], args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [...nodeArgs, ...args], {
      env: { ...process.env, ...env },
    })
    return { code: 0, stdout, stderr }
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string }
    return { code: err.code, stdout: err.stdout, stderr: err.stderr }
  }
}

/** node with tsx's loader rather than the tsx wrapper, which would start a second Node process for each run. */
const cliProcess = (args: string[], env: Record<string, string>) =>
  nodeProcess(['--import', 'tsx'], args, env)

/**
 * The server as `npm start` starts it: the bundle under plain node — one process, not a wrapper (npm's or tsx's,
 * which gives the server 30 ms to acknowledge a signal before it kills it, exit 143, and a loaded CI machine misses
 * that), so the signals the tests send reach the server itself.
 */
const serverArgs = () => ['--enable-source-maps', serverBundle()]

describe('npm run roll:import', () => {
  it('imports a roll into DATABASE_PATH, creating the estate, and exits 0', async () => {
    const db = join(tmp.dir, 'import.sqlite')
    // The one run of the real roll:import, in its own process.
    const r = await cliProcess(
      ['scripts/roll-import.ts', '--estate', 'jinxiu', '--name', '锦绣苑', DEMO_ROLL_PATH, '--json'],
      {
        DATABASE_PATH: db,
      },
    )
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({
      imported: true,
      estate: 'jinxiu',
      mode: 'replace',
      units: 1008,
      heads: 939,
      areaCm2: 1_072_817_200,
    })
    const h = openSqlite(db)
    expect(await countUnits(h.db, 'jinxiu')).toBe(1008)
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true, entries: 2 })
    await h.close()
  })

  it('writes nothing for a file with errors, lists them and exits 2', async () => {
    const db = join(tmp.dir, 'bad.sqlite')
    const file = join(tmp.dir, 'bad.csv')
    writeFileSync(
      file,
      csv('1,1号楼,住宅,90,登记,甲,1234,13800000000,N', '2,1号楼,住宅,,登记,乙,1234,13800000000,N'),
    )
    const r = await cli(['scripts/roll-import.ts', '--estate', 'bad', file], { DATABASE_PATH: db })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('line 3:')
    const h = openSqlite(db)
    await migrate(h.db)
    expect(await countUnits(h.db, 'bad')).toBe(0)
    expect(await h.db.selectFrom('estates').selectAll().execute()).toEqual([])
    await h.close()
  })

  it('exits 2 with usage when --estate is missing or invalid', starting(2), async () => {
    // Two runs that write nothing: side by side, one on each core.
    const [missing, r] = await Promise.all([
      cli(['scripts/roll-import.ts', DEMO_ROLL_PATH], {}),
      cli(['scripts/roll-import.ts', '--estate', 'Not Valid', DEMO_ROLL_PATH], {}),
    ])
    expect(missing.code).toBe(2)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--estate')
  })
})

describe('npm run admin:create', () => {
  it('creates a platform admin and prints a one-time enrollment link, audited', async () => {
    const db = join(tmp.dir, 'admin.sqlite')
    // The one run of the real admin:create, in its own process.
    const r = await cliProcess(['scripts/admin-create.ts', '--name', '平台管理员', '--json'], {
      DATABASE_PATH: db,
      PUBLIC_ORIGIN: 'https://vote.example.org',
    })
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout) as { accountId: string; url: string }
    expect(out.url).toMatch(/^https:\/\/vote\.example\.org\/enroll\/[A-Za-z0-9_-]{43}$/)
    const h = openSqlite(db)
    const grants = await h.db.selectFrom('role_grants').selectAll().execute()
    expect(grants).toMatchObject([{ account_id: out.accountId, role: 'admin', estate_id: null }])
    expect((await verifyAuditChain(h.db)).ok).toBe(true)
    // Only the token's hash is stored.
    const token = out.url.split('/enroll/')[1] as string
    const rows = await h.db.selectFrom('enrollments').select('token_hash').execute()
    expect(rows.some((e) => e.token_hash.includes(token))).toBe(false)
    await h.close()
  })

  it('exits 2 with usage when --name is missing', async () => {
    const r = await cli(['scripts/admin-create.ts'], { DATABASE_PATH: join(tmp.dir, 'x.sqlite') })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--name')
  })
})

describe('npm run audit:verify', () => {
  it(
    'exits 0 on an intact chain and 1 naming the first broken entry after a row was changed',
    starting(4),
    async () => {
      const db = join(tmp.dir, 'audit.sqlite')
      expect(
        (
          await cli(['scripts/roll-import.ts', '--estate', 'a1', DEMO_ROLL_PATH, '--json'], {
            DATABASE_PATH: db,
          })
        ).code,
      ).toBe(0)
      expect(
        (await cli(['scripts/admin-create.ts', '--name', 'A', '--json'], { DATABASE_PATH: db })).code,
      ).toBe(0)
      const ok = await cli(['scripts/audit-verify.ts', '--json'], { DATABASE_PATH: db })
      expect(ok.code).toBe(0)
      expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, entries: expect.any(Number) })
      const h = openSqlite(db)
      h.sqlite?.exec('drop trigger audit_log_no_update')
      h.sqlite?.exec(`update audit_log set actor = 'someone else' where id = 2`)
      await h.close()
      // The one run of the real audit:verify, in its own process.
      const bad = await cliProcess(['scripts/audit-verify.ts'], { DATABASE_PATH: db })
      expect(bad.code).toBe(1)
      expect(bad.stdout).toContain('broken at entry 2')
    },
  )
})

describe('configuration', () => {
  it('has working defaults', () => {
    expect(loadConfig({})).toMatchObject({
      port: 8787,
      databasePath: './data/gongjue.sqlite',
      publicOrigin: 'http://localhost:8787',
      demoSeed: true,
      rpId: 'localhost',
      sessionSecret: undefined,
      sessionTtlSeconds: 28_800,
    })
  })

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PUBLIC_ORIGIN: 'not a url' }, 'PUBLIC_ORIGIN'],
    [{ DEMO_SEED: 'maybe' }, 'DEMO_SEED'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
    [{ PUBLIC_ORIGIN: 'http://127.0.0.1:8787' }, 'RP_ID'],
    [{ PUBLIC_ORIGIN: 'https://vote.example.org', RP_ID: 'other.org' }, 'RP_ID'],
    [{ SESSION_TTL_SECONDS: '10' }, 'SESSION_TTL_SECONDS'],
  ])('fails at boot on %j, naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(name)
  })
})

describe('starting the server (npm start without the build step)', () => {
  it(
    'migrates, seeds the demo estate once, prints working demo links, serves and stops cleanly on SIGTERM',
    starting(2, DEMO_SEED_MS),
    async () => {
      const db = join(tmp.dir, 'boot.sqlite')
      const linkChecks: number[] = []
      let demoMeetings: { id: string; status: string }[] = []
      const port = 20000 + Math.floor(Math.random() * 20000)
      const start = () =>
        new Promise<{ output: string; code: number | null }>((resolve, reject) => {
          const child = spawn(process.execPath, serverArgs(), {
            env: { ...process.env, PORT: String(port), DATABASE_PATH: db, HOST: '127.0.0.1' },
          })
          let output = ''
          let asked = false
          const onData = (d: Buffer) => {
            output += d.toString()
            if (!asked && output.includes('Health:')) {
              asked = true
              void (async () => {
                const health = await fetch(`http://127.0.0.1:${port}/api/health`)
                expect(await health.json()).toEqual({ ok: true })
                // The printed demo links work against the running server.
                const token = /\/enroll\/([A-Za-z0-9_-]+)/.exec(output)?.[1]
                const code = /\/a\/([0-9A-Z-]{14})/.exec(output)?.[1]
                const post = (path: string, body: unknown) =>
                  fetch(`http://127.0.0.1:${port}${path}`, {
                    method: 'POST',
                    headers: { 'content-type': 'application/json', origin: `http://localhost:${port}` },
                    body: JSON.stringify(body),
                  })
                linkChecks.push((await post('/api/enrollment/options', { token })).status)
                // The preparatory group leader's link of 清源里, the estate being formed.
                const leader = /演示筹备组组长[^\n]*\/enroll\/([A-Za-z0-9_-]+)/.exec(output)?.[1]
                linkChecks.push((await post('/api/enrollment/options', { token: leader })).status)
                linkChecks.push(
                  (await post('/api/activation/options', { code, name: '潘芳', idLast4: '9839' })).status,
                )
                const listed = await fetch(`http://127.0.0.1:${port}/api/estates/jinxiu/meetings`)
                demoMeetings = ((await listed.json()) as { meetings: { id: string; status: string }[] })
                  .meetings
                child.kill('SIGTERM')
              })().catch(reject)
            }
          }
          child.stdout.on('data', onData)
          child.stderr.on('data', onData)
          child.on('exit', (code) => resolve({ output, code }))
        })
      const first = await start()
      expect(first.code).toBe(0)
      expect(first.output).toContain(`http://localhost:${port}`)
      expect(first.output).toContain('Seeded the demo estate 锦绣苑')
      expect(first.output).toContain(`/estates/jinxiu/roll`)
      expect(first.output).toContain(`http://localhost:${port}/signin`)
      expect(first.output).toMatch(/演示召集人 Demo convener \[convener\]: http:\/\/localhost:\d+\/enroll\//)
      expect(first.output).toMatch(
        /演示监督员 Demo supervisor \[supervisor\]: http:\/\/localhost:\d+\/enroll\//,
      )
      expect(first.output).toContain('潘芳 / 证件后四位 ID last 4: 9839')
      expect(first.output).toContain('贾建国 / 证件后四位 ID last 4: 6055; 袁勇 / 证件后四位 ID last 4: 7116')
      expect(first.output).toContain('12-1-202 + 14-2-402')
      expect(linkChecks).toEqual([200, 200, 200])
      // Three demo meetings: one with its final result (the committee's election), one with its preliminary result
      // published, one open for voting now; their pages printed.
      expect(demoMeetings.map((m) => m.status).sort()).toEqual(['final', 'open', 'preliminary'])
      for (const m of demoMeetings) expect(first.output).toContain(`/estates/jinxiu/meetings/${m.id}`)
      // 锦绣苑's committee, and 清源里 being formed: their pages and the street office's two links.
      expect(first.output).toContain('Seeded the demo committee')
      expect(first.output).toContain('Seeded the demo satisfaction surveys')
      expect(first.output).toContain('Seeded the demo disclosures')
      expect(first.output).toContain('Seeded the demo estate being formed 清源里 (qingyuan)')
      expect(first.output).toContain(`http://localhost:${port}/estates/jinxiu/committee`)
      expect(first.output).toContain(`http://localhost:${port}/estates/qingyuan/formation`)
      expect(first.output).toContain(`http://localhost:${port}/estates/qingyuan/publications/roll/1`)
      expect(first.output).toMatch(
        /演示街道办 Demo street office（清源里） \[street_office\]: http:\/\/localhost:\d+\/enroll\//,
      )
      expect(first.output).toMatch(/演示筹备组组长 [^\n]*\[street_office\]: http:\/\/localhost:\d+\/enroll\//)
      // The session secret was generated once, readable by its owner only.
      expect(statSync(join(tmp.dir, 'session.key')).mode & 0o777).toBe(0o600)
      const secret = readFileSync(join(tmp.dir, 'session.key'), 'utf8')
      const second = await start()
      expect(second.output).not.toContain('Seeded')
      // Nobody registered a passkey yet: fresh links again; the secret is kept.
      expect(second.output).toContain('/enroll/')
      expect(readFileSync(join(tmp.dir, 'session.key'), 'utf8')).toBe(secret)
      const h = openSqlite(db)
      expect(await countUnits(h.db, 'jinxiu')).toBe(1008)
      expect(await countUnits(h.db, 'qingyuan')).toBe(74)
      // Seeded once: the restart made no more meetings, terms or groups.
      expect(await h.db.selectFrom('meetings').select('id').execute()).toHaveLength(3)
      expect(await h.db.selectFrom('committee_terms').select('id').execute()).toHaveLength(1)
      expect(await h.db.selectFrom('formation_groups').select('id').execute()).toHaveLength(1)
      expect(await h.db.selectFrom('surveys').select('id').execute()).toHaveLength(3)
      // The disclosures too: one property contract, one covenant (in two versions), the two closed surveys' results.
      const disclosed = await h.db
        .selectFrom('disclosures')
        .select('kind')
        .where('kind', 'in', ['property_contract', 'management_covenant', 'other'])
        .execute()
      expect(disclosed.map((d) => d.kind).sort()).toEqual([
        'management_covenant',
        'other',
        'other',
        'property_contract',
      ])
      expect((await verifyAuditChain(h.db)).ok).toBe(true)
      await h.close()
    },
  )

  it('refuses to start with a clear message on bad configuration', async () => {
    const r = await nodeProcess(serverArgs(), [], { PORT: 'eighty' })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('PORT')
  })

  it('closes a meeting at its end time by its own clock, with no request made (domain §6.1)', async () => {
    const db = join(tmp.dir, 'clock.sqlite')
    const h = openSqlite(db)
    await migrate(h.db)
    const roll = csv(
      '1-1-101,1号楼,住宅,90,登记,甲,1234,13800000000,N',
      '1-1-102,1号楼,住宅,95,登记,乙,2345,13800000001,N',
    )
    expect(
      (
        await importRoll(h.db, {
          estateId: 'clock',
          fileName: 'r.csv',
          file: Buffer.from(roll),
          actor: 't',
          role: 'system',
        })
      ).ok,
    ).toBe(true)
    // Noticed 25 days ago (15 full days before the opening), its window ended at 24:00 yesterday (a window always
    // ends at 24:00 of its last day, 民法典 art. 203), with no counting period: the tally is due as the server starts.
    const noticed = new Date(Date.now() - 25 * DAY_MS)
    const who = { actor: 'test', role: 'convener', now: noticed }
    const id = await createMeeting(
      h.db,
      'clock',
      {
        title: 'clock',
        opensAt: new Date(earliestOpening(noticed.getTime())).toISOString(),
        closesAt: new Date(startOfChinaDay(Date.now())).toISOString(),
        settings: { countingDays: 0 },
        matters: [{ kind: 'management_covenant', title: '管理规约', body: '' }],
      },
      who,
    )
    await giveNotice(h.db, id, who)
    await h.close()
    const port = 20000 + Math.floor(Math.random() * 20000)
    const child = spawn(process.execPath, serverArgs(), {
      env: { ...process.env, PORT: String(port), DATABASE_PATH: db, HOST: '127.0.0.1', DEMO_SEED: 'false' },
    })
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    let output = ''
    // The server says so once the clock's tick has committed: wait for that line (or the server's end), not a
    // poll on a timer.
    const moved = new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        output += d.toString()
        if (output.includes('The meeting clock moved')) resolve()
      })
      child.on('exit', () => resolve())
    })
    await moved
    const reader = openSqlite(db)
    const status = async () =>
      (await reader.db.selectFrom('meetings').select('status').where('id', '=', id).executeTakeFirstOrThrow())
        .status
    expect(await status()).toBe('closed')
    const closing = await reader.db
      .selectFrom('audit_log')
      .select(['actor', 'action'])
      .where('subject', '=', id)
      .where('action', 'in', ['meeting.voting_closed', 'meeting.closed'])
      .orderBy('id')
      .execute()
    expect(closing).toEqual([
      { actor: 'system:clock', action: 'meeting.voting_closed' },
      { actor: 'system:clock', action: 'meeting.closed' },
    ])
    await reader.close()
    expect(output).toContain('The meeting clock moved 1 meeting(s) on')
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  }, 30_000)
})
