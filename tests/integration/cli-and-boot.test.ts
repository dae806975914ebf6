import { execFile, spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { migrate, openSqlite } from '../../db/client'
import { ConfigError, loadConfig } from '../../server/config'
import { verifyAuditChain } from '../../server/services/audit'
import { countUnits } from '../../server/services/import-roll'
import { csv, DEMO_ROLL_PATH, tempDir } from '../support'

const run = promisify(execFile)
const TSX = join('node_modules', '.bin', 'tsx')
const tmp = tempDir()
afterAll(() => tmp.cleanup())

async function cli(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(TSX, args, { env: { ...process.env, ...env } })
    return { code: 0, stdout, stderr }
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string }
    return { code: err.code, stdout: err.stdout, stderr: err.stderr }
  }
}

describe('npm run roll:import', () => {
  it('imports a roll into DATABASE_PATH, creating the estate, and exits 0', async () => {
    const db = join(tmp.dir, 'import.sqlite')
    const r = await cli(
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

  it('exits 2 with usage when --estate is missing or invalid', async () => {
    expect((await cli(['scripts/roll-import.ts', DEMO_ROLL_PATH], {})).code).toBe(2)
    const r = await cli(['scripts/roll-import.ts', '--estate', 'Not Valid', DEMO_ROLL_PATH], {})
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--estate')
  })
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
  it('migrates, seeds the demo estate once, serves /api/health and stops cleanly on SIGTERM', async () => {
    const db = join(tmp.dir, 'boot.sqlite')
    const port = 20000 + Math.floor(Math.random() * 20000)
    const start = () =>
      new Promise<{ output: string; code: number | null }>((resolve, reject) => {
        const child = spawn(TSX, ['server/main.ts'], {
          env: { ...process.env, PORT: String(port), DATABASE_PATH: db, HOST: '127.0.0.1' },
        })
        let output = ''
        let asked = false
        const onData = (d: Buffer) => {
          output += d.toString()
          if (!asked && output.includes('is serving on')) {
            asked = true
            void fetch(`http://127.0.0.1:${port}/api/health`)
              .then((r) => r.json())
              .then((body) => {
                expect(body).toEqual({ ok: true })
                child.kill('SIGTERM')
              }, reject)
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
    const second = await start()
    expect(second.output).not.toContain('Seeded')
    const h = openSqlite(db)
    expect(await countUnits(h.db, 'jinxiu')).toBe(1008)
    await h.close()
  })

  it('refuses to start with a clear message on bad configuration', async () => {
    const r = await cli(['server/main.ts'], { PORT: 'eighty' })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('PORT')
  })
})
