import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openSqlite } from '../../db/client'
import {
  HOLIDAY_CACHE_MS,
  invalidateHolidayTable,
  listHolidays,
  loadHolidayTable,
} from '../../db/repositories/holidays'
import { votingWindowEnd, type HolidayNotice } from '../../server/domain/calendar'
import { verifyAuditChain } from '../../server/services/audit'
import {
  addHolidayNotice,
  describeNoticeProblem,
  holidayNotices,
  readHolidayNotice,
} from '../../server/services/holidays'
import notice2025 from '../fixtures/holidays-2025.json'
import notice2026 from '../fixtures/holidays-2026.json'
import { tempDb } from '../support'

const run = promisify(execFile)
const OPERATOR = { actor: 'cli:test', role: 'operator' }

/** A made-up notice (no State Council notice says this): 元旦 from the previous December, 春节 with two 调休. */
const TEST_2030: HolidayNotice = {
  year: 2030,
  source: '测试通知 test notice — not a State Council notice',
  holidays: [
    { name: '元旦', from: '2029-12-30', to: '2030-01-01' },
    { name: '春节', from: '2030-02-02', to: '2030-02-08' },
  ],
  workdays: ['2029-12-29', '2030-01-26', '2030-02-09'],
}

/** 00:00 China time (UTC+8) of a day; month 1–12. */
const cst = (y: number, mo: number, d: number) => Date.UTC(y, mo - 1, d, -8)

let db: Awaited<ReturnType<typeof tempDb>>
/** A fresh migrated database for each test of the enclosing describe. */
function withDb() {
  beforeEach(async () => {
    db = await tempDb()
  })
  afterEach(async () => {
    invalidateHolidayTable()
    await db.cleanup()
  })
}

describe('the holidays migration', () => {
  withDb()

  it('ships exactly the State Council notices of 2025 and 2026', async () => {
    expect(holidayNotices(await listHolidays(db.db))).toEqual([notice2025, notice2026])
    const table = await loadHolidayTable(db.db)
    expect([...table.years].sort()).toEqual([2025, 2026])
    expect(votingWindowEnd(cst(2026, 10, 8), table)).toMatchObject({ moved: true, holiday: '国庆节' })
  })
})

describe('loadHolidayTable: cached for a short while, since the table changes once a year', () => {
  withDb()

  it('serves the cached table until HOLIDAY_CACHE_MS has passed or it is invalidated', async () => {
    const t0 = 1_000_000
    const first = await loadHolidayTable(db.db, t0)
    // Another process (the CLI) adds 2030 behind this one's back: a second connection writing the row directly.
    const other = openSqlite(db.path)
    await other.db
      .insertInto('holidays')
      .values({ date: '2030-01-01', year: 2030, kind: 'holiday', name: '元旦', source: 'test' })
      .execute()
    await other.close()

    expect(await loadHolidayTable(db.db, t0 + HOLIDAY_CACHE_MS - 1)).toBe(first)
    expect((await loadHolidayTable(db.db, t0 + HOLIDAY_CACHE_MS)).years.has(2030)).toBe(true)

    const second = await loadHolidayTable(db.db, t0)
    invalidateHolidayTable(db.db)
    expect(await loadHolidayTable(db.db, t0)).not.toBe(second)
  })

  it('is invalidated in the process that adds a notice', async () => {
    expect((await loadHolidayTable(db.db)).years.has(2030)).toBe(false)
    await addHolidayNotice(db.db, TEST_2030, OPERATOR)
    expect((await loadHolidayTable(db.db)).years.has(2030)).toBe(true)
  })
})

describe('readHolidayNotice: every problem of a NOTICE.json, not the first', () => {
  it.each<[string, string, number, string[]]>([
    ['not JSON', '{"year": 2030', 2030, ['bad_json']],
    [
      'the wrong shape: each field named',
      JSON.stringify({ year: '2030', holidays: [{ name: 1, from: '2030-01-01' }], extra: true }),
      2030,
      [
        'bad_shape:year',
        'bad_shape:source',
        'bad_shape:holidays[0].name',
        'bad_shape:holidays[0].to',
        'bad_shape:workdays',
        'bad_shape:',
      ],
    ],
    [
      'a file for another year than --year, with problems of its own',
      JSON.stringify({
        ...TEST_2030,
        holidays: [{ name: '元旦', from: '2030-01-03', to: '2030-01-01' }],
        workdays: ['2030-01-02', '2031-01-04'],
      }),
      2031,
      ['year_mismatch', 'from_after_to', 'workday_not_weekend', 'outside_year'],
    ],
  ])('%s', (_name, text, year, codes) => {
    const read = readHolidayNotice(text, year)
    expect(read.ok).toBe(false)
    if (read.ok) return
    expect(read.problems.map((p) => (p.code === 'bad_shape' ? `bad_shape:${p.where}` : p.code))).toEqual(
      codes,
    )
    for (const p of read.problems) expect(describeNoticeProblem(p)).toMatch(/\S/)
  })

  it('accepts the shipped notices as files', () => {
    expect(readHolidayNotice(JSON.stringify(notice2026), 2026)).toEqual({ ok: true, notice: notice2026 })
  })
})

describe('addHolidayNotice: replaces one year, audited, in one transaction', () => {
  withDb()

  it('adds a year, and a corrected notice replaces that year only', async () => {
    const added = await addHolidayNotice(db.db, TEST_2030, OPERATOR)
    expect(added).toEqual({ ok: true, year: 2030, holidays: 10, workdays: 3, replaced: 0 })
    const corrected = {
      ...TEST_2030,
      holidays: [{ name: '元旦', from: '2030-01-01', to: '2030-01-01' }],
      workdays: [],
    }
    expect(await addHolidayNotice(db.db, corrected, OPERATOR)).toEqual({
      ok: true,
      year: 2030,
      holidays: 1,
      workdays: 0,
      replaced: 13,
    })
    expect(holidayNotices(await listHolidays(db.db))).toEqual([notice2025, notice2026, corrected])

    const audit = await db.db.selectFrom('audit_log').selectAll().orderBy('id').execute()
    expect(audit.map((a) => [a.action, a.subject, a.actor, a.role])).toEqual([
      ['holidays.year_replaced', 'holidays:2030', 'cli:test', 'operator'],
      ['holidays.year_replaced', 'holidays:2030', 'cli:test', 'operator'],
    ])
    expect(JSON.parse(audit[1]!.before_json!)).toEqual(TEST_2030)
    expect(JSON.parse(audit[1]!.after_json!)).toEqual(corrected)
    expect(await verifyAuditChain(db.db)).toMatchObject({ ok: true, entries: 2 })
  })

  it('refuses a date another year’s notice already holds, writing nothing', async () => {
    const y2031: HolidayNotice = {
      year: 2031,
      source: '测试 test',
      holidays: [{ name: '元旦', from: '2030-12-30', to: '2031-01-01' }],
      workdays: [],
    }
    expect((await addHolidayNotice(db.db, y2031, OPERATOR)).ok).toBe(true)
    const clash = {
      ...TEST_2030,
      holidays: [...TEST_2030.holidays, { name: '测试节', from: '2030-12-29', to: '2030-12-31' }],
    }
    expect(await addHolidayNotice(db.db, clash, OPERATOR)).toEqual({
      ok: false,
      problems: [
        { code: 'date_of_other_notice', date: '2030-12-30', year: 2031 },
        { code: 'date_of_other_notice', date: '2030-12-31', year: 2031 },
      ],
    })
    expect(await listHolidays(db.db, 2030)).toEqual([])
    expect(await db.db.selectFrom('audit_log').select('id').execute()).toHaveLength(1)
  })

  it('refuses a notice the domain rejects, even when called without reading a file', async () => {
    const bad = { ...TEST_2030, workdays: ['2030-01-02'] }
    expect(await addHolidayNotice(db.db, bad, OPERATOR)).toMatchObject({
      ok: false,
      problems: [{ code: 'workday_not_weekend' }],
    })
    expect(await listHolidays(db.db, 2030)).toEqual([])
  })
})

describe('npm run holidays -- add (a real process)', () => {
  withDb()

  it('adds a NOTICE.json to DATABASE_PATH with an audit entry and exits 0', async () => {
    const file = join(db.dir, 'notice-2030.json')
    writeFileSync(file, JSON.stringify(TEST_2030))
    const env = { ...process.env, DATABASE_PATH: db.path }
    // node with tsx's loader, as the other CLI tests run a real command: the tsx wrapper would start a second Node.
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/holidays.ts', 'add', '--year', '2030', '--file', file, '--json'],
      {
        env,
      },
    )
    expect(JSON.parse(stdout)).toEqual({
      added: true,
      year: 2030,
      holidays: 10,
      workdays: 3,
      replaced: 0,
      problems: [],
    })
    expect(holidayNotices(await listHolidays(db.db, 2030))).toEqual([TEST_2030])
    const audit = await db.db.selectFrom('audit_log').selectAll().execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]!.actor).toMatch(/^cli:/)
  })
})
