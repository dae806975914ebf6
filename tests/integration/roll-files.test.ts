import { execFile } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate, openSqlite } from '../../db/client'
import { checkRollFile, countUnits } from '../../server/services/import-roll'
import { csv, demoCsv, DEMO_ROLL_PATH, mergedRoll, tempDir, toGbk, toXlsx, withBom } from '../support'

const run = promisify(execFile)
const TSX = join('node_modules', '.bin', 'tsx')

/** Runs a CLI script as a user would and returns its exit code and output. */
async function cli(script: string, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(TSX, [script, ...args], { env: { ...process.env, ...env } })
    return { code: 0, stdout, stderr }
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string }
    return { code: err.code, stdout: err.stdout, stderr: err.stderr }
  }
}

const tmp = tempDir()
const files: Record<string, string> = {}

beforeAll(async () => {
  const text = demoCsv()
  files.csv = DEMO_ROLL_PATH
  files.bom = join(tmp.dir, 'roll-bom.csv')
  writeFileSync(files.bom, withBom(text))
  files.gbk = join(tmp.dir, 'roll-gbk.csv')
  writeFileSync(files.gbk, toGbk(text))
  files.xlsx = join(tmp.dir, 'roll.xlsx')
  writeFileSync(files.xlsx, await toXlsx(text))
  files.bad = join(tmp.dir, 'bad.csv')
  writeFileSync(
    files.bad,
    toGbk(
      csv(
        '1-1-101,1号楼,住宅,143.90,登记,潘芳,9839,17451857624,N',
        '1-1-102,1号楼,别墅,155.27,登记,段文杰,4741,15481507250,N',
        '1-1-101,1号楼,住宅,143.90,登记,黎海燕,9817,17456323498,N',
        '1-1-201,1号楼,住宅,143.90123,登记,贾建国;袁勇,6055,15590512078;13874136699,N',
        '1-1-202,1号楼,住宅,155.27,登记,,,,N',
      ),
    ),
  )
  files.merged = join(tmp.dir, 'merged.csv')
  writeFileSync(files.merged, mergedRoll())
})
afterAll(() => tmp.cleanup())

describe('the shared fixture in every accepted form', () => {
  it.each(['csv', 'bom', 'gbk', 'xlsx'])(
    'reads the %s form as 1,008 units, 939 heads, 1,072,817,200 cm²',
    async (form) => {
      const { readFileSync } = await import('node:fs')
      const r = await checkRollFile(readFileSync(files[form] as string), { countParking: false })
      expect(r.ok).toBe(true)
      if (!r.ok) return
      expect(r.summary).toMatchObject({ units: 1008, heads: 939, areaCm2: 1_072_817_200 })
      // Its owners of several units are listed with one phone each: nothing for the seed to confirm.
      expect(r.warnings).toEqual([])
      expect(r.encoding).toBe({ csv: 'utf-8', bom: 'utf-8-bom', gbk: 'gb18030', xlsx: 'xlsx' }[form])
    },
  )

  it('gives the same units, owners and areas whatever the form', async () => {
    const { readFileSync } = await import('node:fs')
    const all = await Promise.all(
      ['csv', 'gbk', 'xlsx'].map((f) =>
        checkRollFile(readFileSync(files[f] as string), { countParking: true }),
      ),
    )
    const strip = (r: (typeof all)[number]) => (r.ok ? r.units.map(({ line: _line, ...u }) => u) : null)
    expect(strip(all[1]!)).toEqual(strip(all[0]!))
    expect(strip(all[2]!)).toEqual(strip(all[0]!))
  })
})

describe('npm run roll:check', () => {
  it.each(['csv', 'gbk', 'xlsx'])('prints one JSON object for the %s fixture and exits 0', async (form) => {
    const r = await cli('scripts/roll-check.ts', [files[form] as string, '--json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({
      units: 1008,
      heads: 939,
      areaCm2: 1_072_817_200,
      errors: [],
      warnings: [],
      mergeToken: null,
    })
  })

  it.each(['csv', 'gbk', 'xlsx'])(
    'counts parking with --count-parking (%s): 952 heads, 1,076,111,800 cm²',
    async (form) => {
      const r = await cli('scripts/roll-check.ts', [files[form] as string, '--json', '--count-parking'])
      expect(r.code).toBe(0)
      expect(JSON.parse(r.stdout)).toMatchObject({
        units: 1008,
        heads: 952,
        areaCm2: 1_076_111_800,
        errors: [],
        warnings: [],
      })
    },
  )

  it('prints a readable summary without --json', async () => {
    const r = await cli('scripts/roll-check.ts', [files.gbk as string])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('1008')
    expect(r.stdout).toContain('939')
    expect(r.stdout).toContain('1072817200 cm² (107281.72 ㎡)')
  })

  it('names every bad line and exits 2', async () => {
    const r = await cli('scripts/roll-check.ts', [files.bad as string, '--json'])
    expect(r.code).toBe(2)
    const out = JSON.parse(r.stdout) as { errors: { line: number; reason: string }[] }
    expect(out.errors.map((e) => e.line)).toEqual([3, 4, 5, 5, 6])
    expect(out.errors[1]?.reason).toContain('1-1-101')
    const human = await cli('scripts/roll-check.ts', [files.bad as string])
    expect(human.code).toBe(2)
    for (const line of [3, 4, 5, 6]) expect(human.stderr).toContain(`line ${line}:`)
  })

  it('lists owner merges as warnings with their confirmation token, and still exits 0', async () => {
    const r = await cli('scripts/roll-check.ts', [files.merged as string, '--json'])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout) as {
      units: number
      errors: unknown[]
      warnings: unknown[]
      mergeToken: string
    }
    expect(out).toMatchObject({ units: 4, errors: [] })
    expect(out.warnings).toMatchObject([
      { name: '甲', idLast4: '1234', lines: [2, 4, 5], phones: ['138****0000', '139****0000'] },
    ])
    const checked = await checkRollFile(readFileSync(files.merged as string), { countParking: false })
    expect(out.mergeToken).toBe(checked.ok && checked.mergeToken)
    expect(r.stdout).not.toContain('13900000000')
  })

  it('exits 2 with a usage message when the file is missing or unreadable', async () => {
    expect((await cli('scripts/roll-check.ts', [])).code).toBe(2)
    const r = await cli('scripts/roll-check.ts', [join(tmp.dir, 'nope.csv')])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('cannot read')
  })
})

describe('npm run roll:import with owner merges (domain.md §3 "Owner identity")', () => {
  it('writes nothing without --confirm-merges, prints each merge and the token, and exits 2', async () => {
    const db = join(tmp.dir, 'unconfirmed.sqlite')
    const r = await cli('scripts/roll-import.ts', ['--estate', 'm1', files.merged as string], {
      DATABASE_PATH: db,
    })
    expect(r.code).toBe(2)
    const checked = await checkRollFile(readFileSync(files.merged as string), { countParking: false })
    expect(r.stderr).toContain(`--confirm-merges ${checked.ok ? checked.mergeToken : ''}`)
    expect(r.stderr).toContain('甲')
    expect(r.stderr).toContain('138****0000、139****0000')
    expect(r.stderr).not.toContain('13900000000')
    const h = openSqlite(db)
    await migrate(h.db)
    expect(await countUnits(h.db, 'm1')).toBe(0)
    expect(await h.db.selectFrom('estates').selectAll().execute()).toEqual([])
    await h.close()
  })

  it('imports with --confirm-merges TOKEN and records the confirmed merges in the audit log', async () => {
    const db = join(tmp.dir, 'confirmed.sqlite')
    const checked = await checkRollFile(readFileSync(files.merged as string), { countParking: false })
    const token = checked.ok ? (checked.mergeToken as string) : ''
    const r = await cli(
      'scripts/roll-import.ts',
      ['--estate', 'm2', files.merged as string, '--confirm-merges', token, '--json'],
      { DATABASE_PATH: db },
    )
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({
      imported: true,
      units: 4,
      confirmedMerges: [{ name: '甲' }],
    })
    const h = openSqlite(db)
    expect(await countUnits(h.db, 'm2')).toBe(4)
    const entry = await h.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('action', '=', 'roll.replaced')
      .executeTakeFirstOrThrow()
    expect(JSON.parse(entry.after_json ?? '{}')).toMatchObject({
      mergeToken: token,
      confirmedMerges: [{ name: '甲', lines: [2, 4, 5] }],
    })
    await h.close()
  })
})
