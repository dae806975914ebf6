import type { ChildProcess } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSqlite } from '../../db/client'
import { insertEstate } from '../../db/repositories/estates'
import { freePort, startServer } from '../../scripts/lib/voting-fixture'
import { countUnits } from '../../server/services/import-roll'
import { ImportTracker } from '../../server/services/import-tracker'
import {
  demoDb,
  generatedRoll,
  millionColumns,
  millionLines,
  ORIGIN,
  type tempDb,
  tempDir,
  testApp,
  xlsxBomb,
} from '../support'
import {
  enrolConvenerOverHttp,
  ImportPace,
  loggedBetween,
  uploadAndWatch,
  type ImportWatch,
} from '../support/import-watch'
import { copyTemplate, demoTemplate } from '../support/templates'

/**
 * The files of a security probe, each of which used to take the server down (3.6 GB and a 124 s stall for a
 * million one-character lines, 4 GB for a 26 MB .xlsx of 513 MB of XML, an 83 MB answer for a header of a million
 * columns), uploaded to the app over a real HTTP listener. While each import runs, /api/health and the published
 * roll are asked for in their own loops: the events show them answered before the import finished. Nothing here
 * looks at a duration.
 */

let t: Awaited<ReturnType<typeof tempDb>>
let server: ServerType
let base = ''
const cookies = new Map<string, string>()
/** What the server's tracker sees of the running import, in order, beside the answers the test logs. */
let events: string[] = []
/** The running import's reports, which pace the requests made while it runs. */
let pace = new ImportPace()

beforeAll(async () => {
  t = await demoDb()
  await insertEstate(t.db, { id: 'big', name: '大型小区', countParking: false, at: new Date() })
  // The tracker's own progress reports, as the import reports them on the server's thread.
  class LoggingTracker extends ImportTracker {
    override start(id: string, estateId: string, run: Parameters<ImportTracker['start']>[2]) {
      const paced = pace
      return super
        .start(id, estateId, (onProgress) =>
          run((p) => {
            events.push(`import:${p.phase}`)
            onProgress(p)
            paced.report()
          }),
        )
        .finally(() => paced.end())
    }
  }
  const a = testApp(t.db, { tracker: new LoggingTracker() })
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: a.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve(info.port),
    )
  })
  base = `http://127.0.0.1:${port}`
  // The app's origin is ORIGIN whatever address it listens on: requests carry the Origin it expects.
  for (const estateId of ['jinxiu', 'big'])
    cookies.set(estateId, await enrolConvenerOverHttp(t.db, { origin: ORIGIN, base, estateId }))
}, 120_000)

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  await t.cleanup()
})

function watch(estateId: string, file: Uint8Array, fileName: string): Promise<ImportWatch> {
  events = []
  pace = new ImportPace()
  return uploadAndWatch({
    base,
    origin: ORIGIN,
    cookie: cookies.get(estateId) as string,
    estateId,
    publishedEstate: 'jinxiu',
    file,
    fileName,
    events,
    pace,
  })
}

/** A refusal as the probe should see it: failed, nothing written, a report of at most 200 errors and their count. */
async function expectRefused(w: ImportWatch, code: string) {
  expect(w.final.status).toBe('failed')
  expect(w.final.errors[0]?.code).toBe(code)
  expect(w.final.errors.length).toBeLessThanOrEqual(200)
  expect(w.final.errorCount).toBeGreaterThanOrEqual(w.final.errors.length)
  expect(await countUnits(t.db, 'jinxiu')).toBe(1008)
  // The server is as it was: health and the published roll answer.
  expect((await fetch(`${base}/api/health`)).status).toBe(200)
  expect((await fetch(`${base}/api/estates/jinxiu/roll?limit=1`)).status).toBe(200)
}

/**
 * Health and the published roll were answered while the worker was reading the file: after the import's first
 * progress report and before its last. (A file refused from its zip directory or its first line is refused
 * before there is anything to wait for.)
 */
function expectAnsweredWhileRunning(w: ImportWatch) {
  expect(loggedBetween(w.events, 'health', 'import:reading', 'import:done')).toBe(true)
  expect(loggedBetween(w.events, 'roll', 'import:reading', 'import:done')).toBe(true)
  expect(w.events.indexOf('health')).toBeLessThan(w.events.indexOf('finished'))
}

describe('hostile roll files over HTTP (README "Limits")', () => {
  it('a million one-character lines: stopped at 200,000 units while health and the published roll are answered', async () => {
    const w = await watch('jinxiu', millionLines(), 'lines.csv')
    await expectRefused(w, 'too_many_rows')
    expect(w.final.errors).toHaveLength(200)
    expect(w.final.errorCount).toBeGreaterThan(200_000)
    expectAnsweredWhileRunning(w)
  }, 300_000)

  it('an .xlsx whose zip directory says its XML inflates far past the cap: refused before anything is inflated', async () => {
    const w = await watch('jinxiu', await xlsxBomb(600), 'bomb.xlsx')
    await expectRefused(w, 'xlsx_too_large')
    expect(w.final.errors[0]?.reason).toContain('directory says')
    expect(w.final.errorCount).toBe(1)
  }, 300_000)

  it('an .xlsx whose directory lies about its size: inflating stops, and health and the roll are answered meanwhile', async () => {
    const w = await watch('jinxiu', await xlsxBomb(600, 64), 'liar.xlsx')
    await expectRefused(w, 'file_unreadable')
    expect(w.final.errorCount).toBe(1)
    expectAnsweredWhileRunning(w)
  }, 300_000)

  it('a header of a million columns: refused at its first line in a report of one error', async () => {
    const w = await watch('jinxiu', millionColumns(), 'columns.csv')
    await expectRefused(w, 'too_many_columns')
    expect(w.final.errorCount).toBe(1)
  }, 300_000)

  it('a legitimate roll of 50,000 units imports while health is answered in its checking and in its writing', async () => {
    const w = await watch('big', Buffer.from(generatedRoll(50_000)), 'big.csv')
    expect(w.final).toMatchObject({ status: 'succeeded', summary: { units: 50_000 } })
    expect(await countUnits(t.db, 'big')).toBe(50_000)
    expect(loggedBetween(w.events, 'health', 'import:reading', 'import:writing')).toBe(true)
    expect(loggedBetween(w.events, 'roll', 'import:reading', 'import:writing')).toBe(true)
    expect(loggedBetween(w.events, 'health', 'import:writing', 'import:done')).toBe(true)
  }, 300_000)
})

describe('the bundled server (npm start)', () => {
  it('checks a roll in its worker, and an import cut off by kill -9 ends failed (interrupted) at the next start', async () => {
    const dir = tempDir()
    let child: ChildProcess | undefined
    try {
      const dbPath = `${dir.dir}/bundle.sqlite`
      // The demo estate as seedDemo makes it on a fresh database, copied from the run's seeded one.
      copyTemplate(await demoTemplate(), dbPath)
      const setup = openSqlite(dbPath)
      const port = await freePort()
      const origin = `http://localhost:${port}`
      const env = {
        DATABASE_PATH: dbPath,
        PORT: String(port),
        PUBLIC_ORIGIN: origin,
        SESSION_SECRET: 'hostile-imports-secret-0123456789abcdefghijkl',
      }
      child = await startServer(env)
      const cookie = await enrolConvenerOverHttp(setup.db, { origin, estateId: 'jinxiu' })
      await setup.close()
      const post = (body: Uint8Array, wait: boolean) =>
        fetch(`${origin}/api/estates/jinxiu/roll/imports?wait=${wait}`, {
          method: 'POST',
          headers: { origin, cookie },
          body: new Uint8Array(body),
        })
      // The worker of the bundle (dist/server/roll-worker.mjs) checks and the server imports.
      const small = Buffer.from(generatedRoll(300))
      expect((await post(small, true)).status).toBe(201)

      const started = await post(millionLines(), false)
      expect(started.status).toBe(202)
      const { import: running } = (await started.json()) as { import: { id: string } }
      const poll = async () =>
        (
          (await (
            await fetch(`${origin}/api/estates/jinxiu/roll/imports/${running.id}`, { headers: { cookie } })
          ).json()) as { import: { status: string; phase: string; errors: { code: string }[] } }
        ).import
      // Killed once its worker reports reading the file.
      let seen = await poll()
      while (seen.status === 'running' && seen.phase === 'reading') seen = await poll()
      expect(seen).toMatchObject({ status: 'running', phase: 'validating' })
      const exited = new Promise((resolve) => child?.once('exit', resolve))
      child.kill('SIGKILL')
      await exited
      child = await startServer(env)
      expect(await poll()).toMatchObject({ status: 'failed', errors: [{ code: 'interrupted' }] })
      // The roll of the import before it stands.
      const roll = (await (await fetch(`${origin}/api/estates/jinxiu/roll?limit=1`)).json()) as {
        totals: { units: number }
      }
      expect(roll.totals.units).toBe(300)
    } finally {
      child?.kill('SIGKILL')
      dir.cleanup()
    }
  }, 300_000)
})
