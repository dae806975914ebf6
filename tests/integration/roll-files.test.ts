import { execFile } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand, type Command } from '../../scripts/cli'
import { rollCheck } from '../../scripts/lib/roll-check-command'
import { rollImport } from '../../scripts/lib/roll-import-command'
import { migrate, openSqlite } from '../../db/client'
import { checkRollFile, countUnits } from '../../server/services/import-roll'
import { checkRollBytes } from '../../server/services/roll-check'
import { ROLL_FILE_LIMITS, type RollFileLimits } from '../../server/services/roll-file'
import {
  csv,
  demoCsv,
  DEMO_ROLL_PATH,
  generatedRoll,
  mergedRoll,
  millionColumns,
  tempDir,
  toGbk,
  toXlsx,
  withBom,
  xlsxBomb,
  xlsxOfSheet,
} from '../support'

const run = promisify(execFile)

const COMMANDS: Readonly<Record<string, Command>> = {
  'scripts/roll-check.ts': rollCheck,
  'scripts/roll-import.ts': rollImport,
}

/**
 * Runs a CLI script's command in this process (what the script's entry point runs, scripts/lib/*-command.ts) with
 * `env` over this process's environment, and returns its exit code and output.
 */
async function cli(script: string, args: string[], env: Record<string, string> = {}) {
  const command = COMMANDS[script]
  if (!command) throw new Error(`no command for ${script}`)
  return runCommand(command, args, { ...process.env, ...env })
}

/** Runs a CLI script as a user would, in its own process (node with tsx's loader, as `npm run` does). */
async function cliProcess(script: string, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', script, ...args], {
      env: { ...process.env, ...env },
    })
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
    // The one run of the real command, in its own process: its entry point, output and exit code.
    const r = await cliProcess('scripts/roll-check.ts', [files.gbk as string])
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

describe('an .xlsx as spreadsheets other than exceljs write it', () => {
  it('reads inline and shared strings, rich text without its phonetic guide, booleans, styled numbers and sparse cells', async () => {
    const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`
    const header = [
      '房号',
      '楼栋',
      '类型',
      '专有部分面积',
      '面积依据',
      '业主',
      '证件号后四位',
      '手机',
      '建设单位持有',
    ]
      .map((h, i) => cell(`${String.fromCharCode(65 + i)}1`, h))
      .join('')
    const sheet =
      `<row r="1" spans="1:9">${header}</row>` +
      // Shared strings 0 and 1 (the second in rich-text runs with a phonetic guide), a styled number, a boolean.
      `<row r="3" spans="1:9"><c r="A3" t="s"><v>0</v></c>${cell('B3', '1号楼')}${cell('C3', '住宅')}` +
      `<c r="D3" s="4"><v>143.90000000000001</v></c>${cell('E3', '登记')}<c r="F3" t="s"><v>1</v></c>` +
      `${cell('G3', '9839')}${cell('H3', '17451857624')}<c r="I3" t="b"><v>0</v></c></row>` +
      // A developer-held unit with its owner cells left out entirely (sparse).
      `<row r="4">${cell('A4', '1-1-102')}${cell('B4', '1号楼')}${cell('C4', '住宅')}<c r="D4"><v>80</v></c>` +
      `${cell('E4', '实测')}<c r="I4" t="b"><v>1</v></c></row>`
    const sharedStrings =
      '<si><t>1-1-101</t></si>' +
      '<si><r><rPr><b/></rPr><t>潘</t></r><r><t xml:space="preserve">芳</t></r><rPh sb="0" eb="1"><t>ハン</t></rPh></si>'
    const r = await checkRollFile(await xlsxOfSheet(sheet, { sharedStrings }), { countParking: false })
    if (!r.ok) throw new Error(JSON.stringify(r.errors))
    expect(r.units).toEqual([
      {
        line: 3,
        number: '1-1-101',
        building: '1号楼',
        kind: 'residence',
        areaCm2: 1_439_000,
        areaSource: 'register',
        developerHeld: false,
        owners: [{ name: '潘芳', idLast4: '9839', phone: '17451857624' }],
      },
      {
        line: 4,
        number: '1-1-102',
        building: '1号楼',
        kind: 'residence',
        areaCm2: 800_000,
        areaSource: 'survey',
        developerHeld: true,
        owners: [],
      },
    ])
  })
})

describe('the caps of a roll file (README "Limits"): refused as a whole, with a short report', () => {
  const limits = (more: Partial<RollFileLimits>): RollFileLimits => ({ ...ROLL_FILE_LIMITS, ...more })
  const refused = async (file: Uint8Array, more: Partial<RollFileLimits> = {}) => {
    const r = await checkRollBytes(file, { countParking: false, limits: limits(more) })
    if (r.ok) throw new Error('expected the file to be refused')
    return r
  }

  it('stops at the unit cap: the report names it first, then the rows read before it, all counted', async () => {
    const r = await refused(Buffer.from(generatedRoll(10)), { maxUnits: 4 })
    expect(r.errors).toEqual([expect.objectContaining({ code: 'too_many_rows', line: 6 })])
    expect(r.errorCount).toBe(1)
    expect(r.errors[0]?.reason).toMatch(/上限.* \/ .*more than 4 units/)
  })

  it('stops at the row cap, blank rows included', async () => {
    const text = `${csv('1,1号楼,住宅,90,登记,甲,1234,13800000000,N')}${' ,\n'.repeat(10)}`
    const r = await refused(Buffer.from(text), { maxRows: 5 })
    // The header is a row read too: the sixth row is one too many.
    expect(r.errors).toEqual([expect.objectContaining({ code: 'too_many_rows', line: 6 })])
  })

  it('refuses a header of a million columns at its first line, in a report of one error', async () => {
    const r = await checkRollFile(millionColumns(), { countParking: false })
    expect(r).toMatchObject({ ok: false, errorCount: 1, errors: [{ line: 1, code: 'too_many_columns' }] })
  })

  it('refuses a row of more columns than the cap, and a line longer than any roll’s', async () => {
    const wide = await refused(
      Buffer.from(csv(`1,1号楼,住宅,90,登记,甲,1234,13800000000,N${',x'.repeat(20)}`)),
      {
        maxColumns: 20,
      },
    )
    expect(wide.errors).toEqual([expect.objectContaining({ code: 'too_many_columns', line: 2 })])
    const long = await refused(
      Buffer.from(csv(`1,1号楼,住宅,90,登记,${'甲'.repeat(5_000)},1234,13800000000,N`)),
      {
        maxColumns: 10,
        maxCellChars: 100,
      },
    )
    expect(long.errors).toEqual([expect.objectContaining({ code: 'record_too_long', line: 2 })])
  })

  it('reports a cell over the length cap as a row error naming its column, never its value', async () => {
    const id = '1'.repeat(600)
    const r = await checkRollFile(Buffer.from(csv(`1,1号楼,住宅,90,登记,甲,${id},13800000000,N`)), {
      countParking: false,
    })
    expect(r).toMatchObject({
      ok: false,
      errors: [{ line: 2, code: 'cell_too_long', column: '证件号后四位' }],
    })
    expect(JSON.stringify(r)).not.toContain(id)
  })

  it('refuses an .xlsx by its zip directory: too many entries, or entries that say they inflate past the cap', async () => {
    const workbook = await toXlsx(demoCsv())
    const entries = await refused(workbook, { maxZipEntries: 5 })
    expect(entries.errors).toEqual([expect.objectContaining({ code: 'xlsx_too_many_entries' })])
    const bomb = await refused(await xlsxBomb(2), { maxInflatedBytes: 1024 * 1024 })
    expect(bomb.errors).toEqual([expect.objectContaining({ code: 'xlsx_too_large' })])
    expect(bomb.errors[0]?.reason).toContain('directory says')
  })

  it('stops inflating an .xlsx whose directory lies about its size', async () => {
    // 64 MiB of XML that claims to be 1 MiB: inflating stops once it passes what the directory said.
    const r = await checkRollFile(await xlsxBomb(64, 1), { countParking: false })
    expect(r).toMatchObject({ ok: false, errorCount: 1, errors: [{ code: 'file_unreadable' }] })
    if (r.ok) return
    expect(r.errors[0]?.reason).toContain('does not inflate to what its directory says')
  })

  it('refuses an .xlsx with a run of XML longer than any cell, and more rows than the cap', async () => {
    const run = await refused(
      await xlsxOfSheet(`<row><c t="inlineStr"><is><t>${'x'.repeat(2 << 20)}</t></is></c></row>`),
    )
    expect(run.errors).toEqual([expect.objectContaining({ code: 'record_too_long' })])
    const rows = await refused(await xlsxOfSheet({ body: '<row/>', times: 20 }), { maxRows: 10 })
    expect(rows.errors).toEqual([expect.objectContaining({ code: 'too_many_rows', line: 11 })])
  })
})
