import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openSqlite } from '../../db/client'
import { runCommand } from '../../scripts/cli'
import { CITY_ADMIN, simulateCity } from '../../scripts/lib/simulate-city'
import { overview } from '../../server/services/oversight'
import { tempDir } from '../support'

/**
 * `npm run simulate:city` in its small form: a city of 31 estates (two street offices, one district) written to a
 * new database, which the oversight page reads whole; bad usage writes nothing.
 */
const tmp = tempDir()
afterAll(() => tmp.cleanup())

describe('npm run simulate:city', () => {
  it('fills a new database with estates in street offices and districts, which the oversight page shows', async () => {
    const out = join(tmp.dir, 'city.sqlite')
    const r = await runCommand(simulateCity, [
      '--estates',
      '31',
      '--units-per-estate',
      '5',
      '--seed',
      '3',
      '--out',
      out,
    ])
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({
      estates: 31,
      streetOffices: 2,
      districts: 1,
      unitsPerEstate: 5,
    })
    const h = openSqlite(out)
    try {
      const o = await overview(h.db, CITY_ADMIN, {}, new Date())
      expect(o.estates).toHaveLength(31)
      expect(o.streetOffices.map((s) => s.id)).toEqual(['s1', 's2'])
      // Every seventh estate may not form an assembly yet; every third has applied (a formation running).
      const f = o.districts[0]?.figures.formation
      expect([f?.count, f?.of]).toEqual([0, 31 - 4])
      expect(o.estates.filter((e) => e.standing.state === 'forming')).toHaveLength(11)
    } finally {
      await h.close()
    }
  })

  it('refuses bad usage and an existing file, writing nothing', async () => {
    expect(
      (await runCommand(simulateCity, ['--estates', '0', '--out', join(tmp.dir, 'a.sqlite')])).code,
    ).toBe(2)
    expect((await runCommand(simulateCity, ['--estates', '3'])).code).toBe(2)
    expect(existsSync(join(tmp.dir, 'a.sqlite'))).toBe(false)
    const again = await runCommand(simulateCity, ['--estates', '3', '--out', join(tmp.dir, 'city.sqlite')])
    expect([again.code, again.stderr]).toEqual([2, expect.stringContaining('exists')])
  })
})
