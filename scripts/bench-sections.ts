/**
 * The sections of `npm run bench` that need more than the domain: importing a 100,000-unit roll beside a raw insert of the same
 * rows, the real server's cast throughput against its own hello-world, and the JavaScript an owner's phone loads;
 * and the hostile roll files of a security probe against the real server. Every figure is a ratio against a
 * baseline measured in the same run, or a size.
 */
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'vite'
import { migrate, openSqlite } from '../db/client'
import { insertEstate } from '../db/repositories/estates'
import { importRoll } from '../server/services/import-roll'
import { seedDemo } from '../server/demo/seed'
import { enrolConvenerOverHttp, uploadAndWatch } from '../tests/support/import-watch'
import {
  DEMO_ROLL_PATH,
  generatedRoll,
  millionColumns,
  millionLines,
  xlsxBomb,
} from '../tests/support/roll-files'
import { measureServer } from './bench-server'
import { THROTTLE, throttledLoads } from './bench-web'
import { freePort, startServer } from './lib/voting-fixture'

export interface Figure {
  readonly key: string
  readonly label: string
  readonly value: number
  readonly unit: 'ms' | '×' | '' | 'rps' | 'MB' | 'B'
  readonly note?: string
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits
const goal = (ok: boolean, text: string) => `goal ${text} ${ok ? '✓' : '✗'}`

export async function importSection(log: (s: string) => void): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'gongjue-bench-import-'))
  try {
    const text = generatedRoll(100_000)
    const bytes = Buffer.from(text)
    log('  importing 100,000 units…')
    const a = openSqlite(join(dir, 'import.sqlite'))
    await migrate(a.db)
    const t0 = performance.now()
    const r = await importRoll(a.db, {
      estateId: 'big',
      file: bytes,
      fileName: 'big.csv',
      actor: 'bench',
      role: 'bench',
    })
    const importMs = performance.now() - t0
    await a.close()
    if (!r.ok) throw new Error('generated roll invalid')

    // The same rows — units, owners, their links — inserted raw with prepared statements in one transaction.
    log('  raw insert of the same rows…')
    const b = openSqlite(join(dir, 'raw.sqlite'))
    await migrate(b.db)
    const sqlite = b.sqlite as NonNullable<typeof b.sqlite>
    const lines = text.trim().split('\n').slice(1)
    const t1 = performance.now()
    sqlite.transaction(() => {
      sqlite
        .prepare(`insert into estates (id, name, count_parking, created_at) values ('big', 'big', 0, '')`)
        .run()
      const building = sqlite.prepare(
        `insert into buildings (estate_id, name) values ('big', ?) returning id`,
      )
      const unit = sqlite.prepare(
        `insert into units (estate_id, number, building_id, kind, area_cm2, area_source, developer_held)
         values ('big', ?, ?, 'residence', ?, 'register', ?) returning id`,
      )
      const owner = sqlite.prepare(
        `insert into owners (estate_id, name, id_last4, phone) values ('big', ?, ?, ?) returning id`,
      )
      const link = sqlite.prepare(`insert into unit_owners (unit_id, owner_id, position) values (?, ?, ?)`)
      const buildings = new Map<string, number>()
      for (const line of lines) {
        const f = line.split(',')
        const bname = f[1] as string
        let bid = buildings.get(bname)
        if (bid === undefined) buildings.set(bname, (bid = (building.get(bname) as { id: number }).id))
        const [m2, frac = '0'] = (f[3] as string).split('.')
        const area = Number(m2) * 10_000 + Number(frac.padEnd(4, '0'))
        const u = (unit.get(f[0], bid, area, f[8] === 'Y' ? 1 : 0) as { id: number }).id
        const names = (f[5] as string).split(';').filter(Boolean)
        const ids = (f[6] as string).split(';')
        const phones = (f[7] as string).split(';')
        names.forEach((n, i) => link.run(u, (owner.get(n, ids[i], phones[i]) as { id: number }).id, i))
      }
    })()
    const rawMs = performance.now() - t1
    await b.close()
    const ratio = importMs / rawMs
    return [
      { key: 'import100kMs', label: 'import 100,000 units (importRoll)', value: round(importMs), unit: 'ms' },
      {
        key: 'rawInsert100kMs',
        label: 'raw insert, same rows, one transaction',
        value: round(rawMs),
        unit: 'ms',
      },
      {
        key: 'importRatio',
        label: 'import / raw insert',
        value: round(ratio, 2),
        unit: '×',
        note: goal(ratio <= 5, '≤ 5×'),
      },
    ]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export async function serverSection(log: (s: string) => void, voters: number): Promise<Figure[]> {
  const f = await measureServer({ voters, connections: 50, seconds: 10, log })
  const ratio = f.cast.rps / f.hello.rps
  return [
    {
      key: 'helloRps',
      label: 'hello-world (GET /api/health), 50 conn.',
      value: round(f.hello.rps),
      unit: 'rps',
    },
    { key: 'castVoters', label: 'distinct voters with prepared ballots', value: f.voters, unit: '' },
    { key: 'castRps', label: 'cast signed online ballots, 50 conn.', value: round(f.cast.rps), unit: 'rps' },
    { key: 'castP50Ms', label: '  latency p50', value: f.cast.p50Ms, unit: 'ms' },
    {
      key: 'castP99Ms',
      label: '  latency p99',
      value: f.cast.p99Ms,
      unit: 'ms',
      note: goal(f.cast.p99Ms <= 100, '≤ 100 ms'),
    },
    {
      key: 'castErrors',
      label: '  errors and non-2xx',
      value: f.cast.errors + f.cast.non2xx,
      unit: '',
      note: goal(f.cast.errors + f.cast.non2xx === 0, '0'),
    },
    { key: 'castStored', label: '  valid ballots on disk afterwards', value: f.storedValid, unit: '' },
    {
      key: 'castRatio',
      label: 'cast / hello',
      value: round(ratio, 3),
      unit: '×',
      note: goal(ratio >= 0.25, '≥ 0.25×'),
    },
    {
      key: 'serverRssMb',
      label: "server's peak RSS",
      value: round(f.serverRssMb),
      unit: 'MB',
      note: goal(f.serverRssMb <= 300, '≤ 300 MB'),
    },
  ]
}

/**
 * Gzipped JavaScript of the owner's path: the app entry and the lazily loaded pages an owner opens to vote; and how
 * soon the start page and a meeting page show their content on a throttled phone (bench-web.ts).
 */
export async function webSection(log: (s: string) => void): Promise<Figure[]> {
  const outDir = mkdtempSync(join(tmpdir(), 'gongjue-bench-web-'))
  try {
    log('  building the web app…')
    await build({
      configFile: resolve('vite.config.ts'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, manifest: true },
    })
    const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Record<
      string,
      { file: string; imports?: string[] }
    >
    // sign in → the meeting and its voting page → the receipt. Pages not built yet are skipped.
    const OWNER_PAGES = [
      'src/pages/sign-in.tsx',
      'src/pages/meeting.tsx',
      'src/pages/vote.tsx',
      'src/pages/receipt.tsx',
    ]
    const roots = ['index.html', ...OWNER_PAGES.filter((p) => p in manifest)]
    const files = new Set<string>()
    const visit = (key: string) => {
      const entry = manifest[key]
      if (!entry || files.has(entry.file)) return
      files.add(entry.file)
      for (const i of entry.imports ?? []) visit(i)
    }
    roots.forEach(visit)
    let bytes = 0
    for (const f of files)
      if (f.endsWith('.js') && existsSync(join(outDir, f)))
        bytes += gzipSync(readFileSync(join(outDir, f)), { level: 9 }).length
    // The same build, served by the real app to a throttled phone signed in as a demo owner.
    const phone = await throttledLoads(outDir, log)
    log(`  start page fetched: ${phone.homeRequests.join(' ')}`)
    log(`  meeting page fetched: ${phone.meetingRequests.join(' ')}`)
    const conditions = `${THROTTLE.latencyMs} ms, ${THROTTLE.kbitPerSecond} kbit/s, CPU ÷${THROTTLE.cpuSlowdown}`
    return [
      { key: 'ownerPathPages', label: `owner path: ${roots.join(', ')}`, value: roots.length, unit: '' },
      {
        key: 'ownerPathJsGzipBytes',
        label: 'owner path gzipped JavaScript',
        value: bytes,
        unit: 'B',
        note: goal(bytes <= 30_000, '≤ 30,000 B'),
      },
      {
        key: 'ownerHomeThrottledMs',
        label: `owner's start page shows its meetings (${conditions}; median of ${phone.runs} cold loads)`,
        value: round(phone.ownerHomeMs, 0),
        unit: 'ms',
        note: goal(phone.ownerHomeMs <= 2000, '≤ 2,000 ms'),
      },
      {
        key: 'ownerMeetingThrottledMs',
        label: `a meeting page shows its title and matters (same conditions)`,
        value: round(phone.ownerMeetingMs, 0),
        unit: 'ms',
        note: goal(phone.ownerMeetingMs <= 2000, '≤ 2,000 ms'),
      },
    ]
  } finally {
    rmSync(outDir, { recursive: true, force: true })
  }
}

/** Percentile of a sample (nearest rank). */
function percentile(ms: readonly number[], p: number): number {
  if (ms.length === 0) return Number.NaN
  const sorted = [...ms].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number
}

/** Resident memory of a process (Linux): now (VmRSS) and its high-water mark (VmHWM), in MB. */
function rssMb(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN)
  return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 }
}

/**
 * The security probe's hostile roll files against the real server (the bundle, in its own process): the server's
 * peak memory while it refuses them, and the latency of /api/health during each import beside the same
 * requests against the idle server, measured in the same run. A legitimate 50,000-unit import is measured the
 * same way.
 */
export async function hostileSection(log: (s: string) => void): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'gongjue-bench-hostile-'))
  let server: ChildProcess | undefined
  try {
    const dbPath = join(dir, 'hostile.sqlite')
    const setup = openSqlite(dbPath)
    await migrate(setup.db)
    await seedDemo(setup.db, DEMO_ROLL_PATH)
    await insertEstate(setup.db, { id: 'big', name: '大型小区', countParking: false, at: new Date() })
    const port = await freePort()
    const origin = `http://localhost:${port}`
    server = await startServer({
      DATABASE_PATH: dbPath,
      PORT: String(port),
      PUBLIC_ORIGIN: origin,
      SESSION_SECRET: 'bench-hostile-secret-0123456789abcdefghijkl',
    })
    const pid = server.pid as number
    const cookies = {
      jinxiu: await enrolConvenerOverHttp(setup.db, { origin, estateId: 'jinxiu' }),
      big: await enrolConvenerOverHttp(setup.db, { origin, estateId: 'big' }),
    }
    await setup.close()

    log('  idle baseline: 500 × GET /api/health…')
    const idle: number[] = []
    for (let i = 0; i < 500; i++) {
      const t0 = performance.now()
      await (await fetch(`${origin}/api/health`)).arrayBuffer()
      idle.push(performance.now() - t0)
    }
    const idleRss = rssMb(pid).now
    // The peak is the one while the hostile files are imported: reset the kernel's high-water mark first.
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, '5')
    } catch {
      log('  (could not reset the RSS high-water mark: the figure includes the start)')
    }
    const files: [string, string, () => Uint8Array | Promise<Uint8Array>][] = [
      ['a million one-character lines', 'lines.csv', millionLines],
      ['.xlsx, directory says 600 MiB of XML', 'bomb.xlsx', () => xlsxBomb(600)],
      ['.xlsx, directory lies (64 MiB said, 600 MiB real)', 'liar.xlsx', () => xlsxBomb(600, 64)],
      ['a header of a million columns', 'columns.csv', millionColumns],
    ]
    const during: number[] = []
    const refusedMs: number[] = []
    for (const [label, fileName, make] of files) {
      const file = await make()
      log(`  ${label} (${(file.length / 1024 / 1024).toFixed(1)} MB)…`)
      const t0 = performance.now()
      const w = await uploadAndWatch({
        base: origin,
        origin,
        cookie: cookies.jinxiu,
        estateId: 'jinxiu',
        publishedEstate: 'jinxiu',
        file,
        fileName,
        events: [],
      })
      refusedMs.push(performance.now() - t0)
      if (w.final.status !== 'failed') throw new Error(`${label}: ${w.final.status}, expected a refusal`)
      during.push(...w.healthMs)
    }
    const hostilePeak = rssMb(pid).peak

    log('  a legitimate roll of 50,000 units…')
    const legitimate = await uploadAndWatch({
      base: origin,
      origin,
      cookie: cookies.big,
      estateId: 'big',
      publishedEstate: 'jinxiu',
      file: Buffer.from(generatedRoll(50_000)),
      fileName: 'big.csv',
      events: [],
    })
    if (legitimate.final.status !== 'succeeded') throw new Error(`50,000 units: ${legitimate.final.status}`)
    const peak = rssMb(pid).peak

    const idleP50 = percentile(idle, 50)
    const idleP99 = percentile(idle, 99)
    const hostileP99 = percentile(during, 99)
    const legitP99 = percentile(legitimate.healthMs, 99)
    const ratio = hostileP99 / idleP99
    return [
      {
        key: 'hostileIdleHealthP50Ms',
        label: 'idle server: GET /api/health p50',
        value: round(idleP50, 2),
        unit: 'ms',
      },
      {
        key: 'hostileIdleHealthP99Ms',
        label: 'idle server: GET /api/health p99',
        value: round(idleP99, 2),
        unit: 'ms',
      },
      { key: 'hostileIdleRssMb', label: 'idle server: RSS', value: round(idleRss), unit: 'MB' },
      {
        key: 'hostileHealthRequests',
        label: 'health requests answered during the 4 hostile imports',
        value: during.length,
        unit: '',
      },
      {
        key: 'hostileHealthP50Ms',
        label: '  during them: p50',
        value: round(percentile(during, 50), 2),
        unit: 'ms',
      },
      { key: 'hostileHealthP99Ms', label: '  during them: p99', value: round(hostileP99, 2), unit: 'ms' },
      {
        key: 'hostileHealthMaxMs',
        label: '  during them: max',
        value: round(Math.max(...during), 1),
        unit: 'ms',
      },
      {
        key: 'hostileHealthRatio',
        label: 'health p99 during hostile imports / idle',
        value: round(ratio, 2),
        unit: '×',
        note: goal(hostileP99 <= 100, 'p99 ≤ 100 ms'),
      },
      {
        key: 'hostileRefusedMaxMs',
        label: 'slowest refusal (upload to refused)',
        value: round(Math.max(...refusedMs)),
        unit: 'ms',
      },
      {
        key: 'hostilePeakRssMb',
        label: "server's peak RSS during the hostile imports",
        value: round(hostilePeak),
        unit: 'MB',
        note: goal(hostilePeak <= 1024, '≤ 1,024 MB'),
      },
      {
        key: 'hostileRssRatio',
        label: '  / idle RSS',
        value: round(hostilePeak / idleRss, 2),
        unit: '×',
      },
      {
        key: 'legit50kHealthP99Ms',
        label: 'health p99 during a 50,000-unit import',
        value: round(legitP99, 2),
        unit: 'ms',
      },
      {
        key: 'legit50kHealthRatio',
        label: '  / idle',
        value: round(legitP99 / idleP99, 2),
        unit: '×',
      },
      {
        key: 'legit50kHealthMaxMs',
        label: '  max',
        value: round(Math.max(...legitimate.healthMs), 1),
        unit: 'ms',
      },
      {
        key: 'legit50kPeakRssMb',
        label: "  server's peak RSS (since the hostile files)",
        value: round(peak),
        unit: 'MB',
      },
    ]
  } finally {
    server?.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
}
