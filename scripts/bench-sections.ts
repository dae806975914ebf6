/**
 * The sections of `npm run bench` added by issue 7: importing a 100,000-unit roll beside a raw insert of the same
 * rows, the real server's cast throughput against its own hello-world, and the JavaScript an owner's phone loads.
 * Every figure is a ratio against a baseline measured in the same run, or a size.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'vite'
import { migrate, openSqlite } from '../db/client'
import { importRoll } from '../server/services/import-roll'
import { generatedRoll } from '../tests/support/roll-files'
import { measureServer } from './bench-server'

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

/** Gzipped JavaScript of the owner's path: the app entry and the lazily loaded pages an owner opens to vote. */
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
    // sign in → the meeting and its voting page → the receipt (issue 6). Pages not built yet are skipped.
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
    return [
      { key: 'ownerPathPages', label: `owner path: ${roots.join(', ')}`, value: roots.length, unit: '' },
      {
        key: 'ownerPathJsGzipBytes',
        label: 'owner path gzipped JavaScript',
        value: bytes,
        unit: 'B',
        note: goal(bytes <= 30_000, '≤ 30,000 B'),
      },
    ]
  } finally {
    rmSync(outDir, { recursive: true, force: true })
  }
}
