/**
 * What `npm run holidays` does (scripts/holidays.ts is its entry point), as a function of the command line and
 * environment that prints through `io` and returns the exit code, so that tests run it in their own process.
 *
 * npm run holidays -- list [--year Y] [--json]
 * npm run holidays -- add --year Y --file NOTICE.json [--json]
 * The public-holiday table in the database at DATABASE_PATH (domain.md §6.1: a period whose last day is a public
 * holiday ends on the first working day after it). `add` replaces year Y with the State Council's notice, audited.
 * `list --json` prints the notices in the NOTICE.json format. Exit 0 done, 2 bad usage or an invalid file (every
 * problem listed, nothing written).
 */
import { readFile } from 'node:fs/promises'
import { userInfo } from 'node:os'
import { resolve } from 'node:path'
import { migrate, openSqlite } from '../../db/client'
import { listHolidays } from '../../db/repositories/holidays'
import { ConfigError, loadConfig } from '../../server/config'
import { chinaDate, DAY_MS, startOfChinaDate, weekdayOf } from '../../server/domain/calendar'
import {
  addHolidayNotice,
  describeNoticeProblem,
  holidayNotices,
  readHolidayNotice,
  type NoticeFileProblem,
} from '../../server/services/holidays'
import { commandArgs, usageError, type CommandIo } from '../cli'

const USAGE = `usage: npm run holidays -- list [--year Y] [--json]
       npm run holidays -- add --year Y --file NOTICE.json [--json]`

export async function holidays(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = commandArgs(
    {
      args: [...argv],
      allowPositionals: true,
      options: {
        year: { type: 'string' },
        file: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    },
    USAGE,
  )
  const [command, ...rest] = args.positionals
  if ((command !== 'list' && command !== 'add') || rest.length > 0) usageError(USAGE)
  const json = args.values.json === true
  let year: number | undefined
  if (args.values.year !== undefined) {
    if (!/^\d{4}$/.test(args.values.year))
      usageError(`--year: "${args.values.year}" is not a year (four digits)`)
    year = Number(args.values.year)
  }
  if (command === 'add' && (year === undefined || args.values.file === undefined)) usageError(USAGE)
  if (command === 'list' && args.values.file !== undefined) usageError(`--file is for add\n${USAGE}`)

  let config
  try {
    config = loadConfig(io.env)
  } catch (e) {
    if (e instanceof ConfigError) usageError(e.message)
    throw e
  }

  /** Every problem listed, nothing written: exit 2. */
  function fail(problems: readonly NoticeFileProblem[]): number {
    if (json) io.out(JSON.stringify({ added: false, year, problems }))
    else {
      io.err(`✗ ${problems.length} 处错误，未写入任何数据 / ${problems.length} problem(s), nothing written:`)
      for (const p of problems) io.err(`  ${describeNoticeProblem(p)}`)
    }
    return 2
  }

  const WEEKDAY = ['日 Sun', '一 Mon', '二 Tue', '三 Wed', '四 Thu', '五 Fri', '六 Sat']
  const weekday = (date: string) => WEEKDAY[weekdayOf(date)]

  if (command === 'add') {
    const file = args.values.file as string
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (e) {
      usageError(`cannot read ${file}: ${(e as Error).message}`)
    }
    const read = readHolidayNotice(text, year as number)
    if (!read.ok) return fail(read.problems)
    const handle = openSqlite(config.databasePath)
    await migrate(handle.db)
    const result = await addHolidayNotice(handle.db, read.notice, {
      actor: `cli:${userInfo().username}`,
      role: 'operator',
    })
    await handle.close()
    if (!result.ok) return fail(result.problems)
    if (json) {
      const { year: y, holidays, workdays, replaced } = result
      io.out(JSON.stringify({ added: true, year: y, holidays, workdays, replaced, problems: [] }))
    } else
      io.out(
        `✓ ${result.year} 年节假日表已写入 holiday table for ${result.year} written to ${resolve(config.databasePath)}: ` +
          `${result.holidays} 个节假日 holiday dates, ${result.workdays} 个调休上班日 make-up working days` +
          (result.replaced > 0 ? ` (替换 replaced ${result.replaced} rows)` : ''),
      )
    return 0
  }

  const handle = openSqlite(config.databasePath)
  await migrate(handle.db)
  const notices = holidayNotices(await listHolidays(handle.db, year))
  await handle.close()

  if (json) {
    io.out(JSON.stringify({ years: notices.map((n) => n.year), notices }))
  } else {
    for (const n of notices) {
      io.out(`${n.year}  ${n.source}`)
      for (const h of n.holidays) {
        const days = Math.round((startOfChinaDate(h.to) - startOfChinaDate(h.from)) / DAY_MS) + 1
        const range =
          h.from === h.to ? `${h.from} (${weekday(h.from)})` : `${h.from} – ${h.to} (${days} 天 days)`
        io.out(`  ${h.name.padEnd(8, '　')} ${range}`)
      }
      const work = n.workdays.map((d) => `${d} (${weekday(d)})`)
      io.out(`  调休上班 make-up working days: ${work.length > 0 ? work.join(', ') : '—'}`)
    }
    // The operator adds next year's table from the notice the State Council publishes each autumn.
    const thisYear = Number(chinaDate(Date.now()).slice(0, 4))
    const wanted = year === undefined ? [thisYear, thisYear + 1] : [year]
    for (const y of wanted)
      if (!notices.some((n) => n.year === y))
        io.out(
          `没有 ${y} 年的节假日表 / no holiday table for ${y}: npm run holidays -- add --year ${y} --file NOTICE.json`,
        )
  }
  return 0
}
