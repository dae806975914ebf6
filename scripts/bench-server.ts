/**
 * Sections of `npm run bench` that need the real server: hello-world baseline and casting complete online
 * ballots, each under autocannon in a separate process with the same connection count, and the server's peak RSS.
 */
import { execFile, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { migrate, openSqlite } from '../db/client'
import { generatedRoll } from '../tests/support/roll-files'
import {
  ESTATE,
  freePort,
  prepareSigned,
  setUpOpenMeeting,
  signInOverHttp,
  startServer,
} from './lib/voting-fixture'

const run = promisify(execFile)

export interface LoadResult {
  readonly requests: number
  readonly rps: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly non2xx: number
  readonly errors: number
  readonly seconds: number
}

async function load(dir: string, plan: object): Promise<LoadResult> {
  const file = join(dir, `plan-${Date.now()}.json`)
  writeFileSync(file, JSON.stringify(plan))
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/lib/load-runner.ts', file], {
    maxBuffer: 64 * 1024 * 1024,
  })
  return JSON.parse(stdout) as LoadResult
}

/** Peak resident memory of a process (Linux VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) / 1024 : Number.NaN
}

export interface ServerFigures {
  readonly hello: LoadResult
  readonly cast: LoadResult
  readonly voters: number
  readonly storedValid: number
  readonly serverRssMb: number
}

export async function measureServer(opts: {
  voters: number
  connections: number
  seconds: number
  log: (s: string) => void
  /** Write a CPU profile of the server here (`--cpu-prof`), to see where a cast spends its time. */
  profileDir?: string | undefined
}): Promise<ServerFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'gongjue-bench-server-'))
  let server: ChildProcess | undefined
  try {
    const dbPath = join(dir, 'bench.sqlite')
    const port = await freePort()
    const origin = `http://localhost:${port}`
    const setup = openSqlite(dbPath)
    await migrate(setup.db)
    opts.log(`  setting up ${opts.voters} voters with passkeys…`)
    // Every 50th unit of the generated roll is the developer's: a few more units than voters.
    const roll = Buffer.from(generatedRoll(Math.ceil(opts.voters * 1.05) + 10))
    const { meetingId, voters } = await setUpOpenMeeting(setup.db, origin, { roll, voters: opts.voters })
    await setup.close()
    server = await startServer(
      {
        DATABASE_PATH: dbPath,
        PORT: String(port),
        PUBLIC_ORIGIN: origin,
        SESSION_SECRET: 'bench-secret-0123456789abcdefghijklmnopqrstuvwxyz',
        RATE_LIMIT_SCALE: '100000',
      },
      opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`] : [],
    )
    opts.log('  hello-world baseline (GET /api/health)…')
    const hello = await load(dir, {
      url: `${origin}/api/health`,
      connections: opts.connections,
      seconds: opts.seconds,
    })

    // Pre-generate every ballot and its passkey assertion, so that the load generator only sends.
    opts.log(`  signing in and preparing ${voters.length} signed ballots…`)
    const requests: { method: string; path: string; headers: Record<string, string>; body: string }[] = []
    const queue = [...voters]
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let v = queue.shift(); v; v = queue.shift()) {
          const cookie = await signInOverHttp(origin, v)
          const body = await prepareSigned(origin, meetingId, v, cookie, { q1: 'yes', q2: 'no' })
          requests.push({
            method: 'POST',
            path: `/api/estates/${ESTATE}/meetings/${meetingId}/ballots`,
            headers: { cookie, origin, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          })
        }
      }),
    )
    // The figure is the peak during the cast run: reset the kernel's high-water mark first (Linux clear_refs 5).
    try {
      writeFileSync(`/proc/${server.pid}/clear_refs`, '5')
    } catch {
      opts.log('  (could not reset the RSS high-water mark: the figure includes the preparation)')
    }
    opts.log(`  casting (${opts.connections} connections, ${opts.seconds} s)…`)
    const cast = await load(dir, {
      url: origin,
      connections: opts.connections,
      seconds: opts.seconds,
      requests,
    })
    const serverRssMb = peakRssMb(server.pid as number)
    server.kill('SIGTERM')
    await new Promise((r) => server?.once('exit', r))
    server = undefined
    const check = openSqlite(dbPath)
    const stored = await check.db
      .selectFrom('ballots')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .where('status', '=', 'valid')
      .executeTakeFirstOrThrow()
    await check.close()
    return { hello, cast, voters: voters.length, storedValid: Number(stored.n), serverRssMb }
  } finally {
    server?.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
}
