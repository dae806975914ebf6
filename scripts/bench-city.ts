/**
 * The bench's `city` section (domain §11: "it stays fast at city scale"): the oversight page over 300 and 3,000
 * estates (scripts/lib/simulate-city.ts), as an admin sees it — every estate of every district. Figures: the
 * first read of a day (every estate's facts gathered from its records and kept), then the page's p50 and p99 over
 * repeated reads from the kept facts, beside a baseline measured in the same run: reading the same kept rows raw
 * (one SELECT, each row's JSON parsed). Goal: p99 at 3,000 estates ≤ 1,000 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { migrate, openSqlite } from '../db/client'
import { overview } from '../server/services/oversight'
import type { Figure } from './bench-sections'
import { buildCity, CITY_ADMIN } from './lib/simulate-city'

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits

const percentile = (ms: readonly number[], p: number) => {
  const sorted = [...ms].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number
}

export async function citySection(log: (s: string) => void): Promise<Figure[]> {
  const figures: Figure[] = []
  for (const estates of [300, 3000]) {
    const dir = mkdtempSync(join(tmpdir(), 'gongjue-bench-city-'))
    try {
      const h = openSqlite(join(dir, 'city.sqlite'))
      await migrate(h.db)
      h.dialect.setDurability('off')
      log(`  building a city of ${estates.toLocaleString('en-US')} estates…`)
      await buildCity(h.db, { estates, unitsPerEstate: 20, seed: 11 }, log)
      h.dialect.setDurability('full')
      const now = new Date()
      const t0 = performance.now()
      const first = await overview(h.db, CITY_ADMIN, {}, now)
      const firstMs = performance.now() - t0
      if (first.estates.length !== estates) throw new Error(`the page shows ${first.estates.length} estates`)
      const runs = 30
      const page: number[] = []
      let bytes = 0
      for (let i = 0; i < runs; i++) {
        const t = performance.now()
        const o = await overview(h.db, CITY_ADMIN, {}, now)
        bytes = JSON.stringify(o).length
        page.push(performance.now() - t)
        if (o.gathered !== 0) throw new Error('a repeated read gathered facts again')
      }
      const sqlite = h.sqlite as NonNullable<typeof h.sqlite>
      const raw: number[] = []
      const select = sqlite.prepare('select estate_id, facts_json from estate_oversight')
      for (let i = 0; i < runs; i++) {
        const t = performance.now()
        for (const r of select.all() as { facts_json: string }[]) JSON.parse(r.facts_json)
        raw.push(performance.now() - t)
      }
      await h.close()
      const p50 = percentile(page, 50)
      const p99 = percentile(page, 99)
      const base = percentile(raw, 50)
      const n = String(estates)
      figures.push(
        {
          key: `city${n}FirstMs`,
          label: `${n} estates: first read of the day (gathers all)`,
          value: round(firstMs),
          unit: 'ms',
        },
        { key: `city${n}P50Ms`, label: `${n} estates: page p50`, value: round(p50), unit: 'ms' },
        {
          key: `city${n}P99Ms`,
          label: `${n} estates: page p99`,
          value: round(p99),
          unit: 'ms',
          ...(estates === 3000 ? { note: `goal ≤ 1000 ms ${p99 <= 1000 ? '✓' : '✗'}` } : {}),
        },
        {
          key: `city${n}RawMs`,
          label: `${n} estates: raw read of the kept rows (baseline)`,
          value: round(base, 2),
          unit: 'ms',
        },
        {
          key: `city${n}Ratio`,
          label: `${n} estates: page p50 / raw read`,
          value: round(p50 / base, 1),
          unit: '×',
        },
        { key: `city${n}Bytes`, label: `${n} estates: the page's JSON`, value: bytes, unit: 'B' },
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return figures
}
