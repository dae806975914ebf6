import { z } from 'zod'
import type { Db } from '../../db/client'
import {
  holidaysOfOtherYears,
  invalidateHolidayTable,
  listHolidays,
  replaceHolidayYear,
  type HolidayRow,
} from '../../db/repositories/holidays'
import {
  checkHolidayNotice,
  chinaDate,
  DAY_MS,
  noticeEntries,
  startOfChinaDate,
  type HolidayNotice,
  type NoticeProblem,
} from '../domain/calendar'
import { appendAudit } from './audit'

/**
 * The operator's yearly update of the holiday table from the State Council's notice (domain.md §6.1): read and
 * check the notice file, then replace that year's rows with an audit entry, all in one transaction.
 */

const noticeFile = z.strictObject({
  year: z.number().int().min(1949).max(9999),
  source: z.string(),
  holidays: z.array(z.strictObject({ name: z.string(), from: z.string(), to: z.string() })),
  workdays: z.array(z.string()),
})

export type NoticeFileProblem =
  | NoticeProblem
  | { readonly code: 'bad_json'; readonly message: string }
  | { readonly code: 'bad_shape'; readonly where: string; readonly message: string }
  | { readonly code: 'year_mismatch'; readonly year: number; readonly fileYear: number }
  | { readonly code: 'date_of_other_notice'; readonly date: string; readonly year: number }

export type ReadNotice =
  | { readonly ok: true; readonly notice: HolidayNotice }
  | { readonly ok: false; readonly problems: readonly NoticeFileProblem[] }

/** Parses and checks a NOTICE.json for the year the operator named (`--year`). Every problem, not the first. */
export function readHolidayNotice(text: string, year: number): ReadNotice {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    return { ok: false, problems: [{ code: 'bad_json', message: (e as Error).message }] }
  }
  const parsed = noticeFile.safeParse(json)
  if (!parsed.success)
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({
        code: 'bad_shape',
        where: i.path
          .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
          .join('')
          .replace(/^\./, ''),
        message: i.message,
      })),
    }
  const notice = parsed.data
  const problems: NoticeFileProblem[] = []
  // The year is said twice on purpose: a file of last year's notice given for this year is a likely slip.
  if (notice.year !== year) problems.push({ code: 'year_mismatch', year, fileYear: notice.year })
  problems.push(...checkHolidayNotice(notice))
  return problems.length > 0 ? { ok: false, problems } : { ok: true, notice }
}

export function describeNoticeProblem(p: NoticeFileProblem): string {
  switch (p.code) {
    case 'bad_json':
      return `不是 JSON / not JSON: ${p.message}`
    case 'bad_shape':
      return `${p.where || '(file)'}: ${p.message}`
    case 'year_mismatch':
      return `year: 文件为 ${p.fileYear} 年，命令为 ${p.year} 年 / the file is for ${p.fileYear}, --year is ${p.year}`
    case 'date_of_other_notice':
      return `${p.date}: 已属于 ${p.year} 年的通知 / already in the notice of ${p.year}`
    case 'no_source':
      return 'source: 缺少通知文号或日期 / the notice number or date is missing'
    case 'no_holidays':
      return 'holidays: 没有节假日 / no holidays'
    case 'no_name':
      return `${p.where}.name: 缺少名称 / no name`
    case 'bad_date':
      return `${p.where}: "${p.value}" 不是日期 / is not a YYYY-MM-DD date`
    case 'outside_year':
      return `${p.where}: ${p.date} 不在 ${p.year} 年内 / is not in ${p.year}`
    case 'from_after_to':
      return `${p.where}: from ${p.from} 晚于 is after to ${p.to}`
    case 'holiday_too_long':
      return `${p.where}: ${p.days} 天，超过 ${p.maxDays} 天 / ${p.days} days, more than ${p.maxDays}`
    case 'holidays_overlap':
      return `${p.date}: 同时属于 both in ${p.names[0]} 和 and ${p.names[1]}`
    case 'workday_not_weekend':
      return `${p.where}: ${p.date} 不是周六或周日 / is not a Saturday or Sunday`
    case 'workday_is_holiday':
      return `${p.where}: ${p.date} 是节假日 is a holiday (${p.name})`
    case 'duplicate_workday':
      return `${p.where}: ${p.date} 重复 / listed twice`
  }
}

export type AddNotice =
  | {
      readonly ok: true
      readonly year: number
      readonly holidays: number
      readonly workdays: number
      /** Rows of the year that were there before (a corrected notice replaces them). */
      readonly replaced: number
    }
  | { readonly ok: false; readonly problems: readonly NoticeFileProblem[] }

/** Replaces the rows of the notice's year, with its audit entry, in one transaction. */
export async function addHolidayNotice(
  db: Db,
  notice: HolidayNotice,
  by: { readonly actor: string; readonly role: string; readonly at?: Date },
): Promise<AddNotice> {
  const problems = checkHolidayNotice(notice)
  if (problems.length > 0) return { ok: false, problems }
  const entries = noticeEntries(notice)
  const result = await db.transaction().execute(async (trx): Promise<AddNotice> => {
    // A 元旦 in late December may already be a date of that year's own notice.
    const taken = await holidaysOfOtherYears(
      trx,
      notice.year,
      entries.map((e) => e.date),
    )
    if (taken.length > 0)
      return {
        ok: false,
        problems: taken.map((r) => ({ code: 'date_of_other_notice', date: r.date, year: r.year })),
      }
    const before = await listHolidays(trx, notice.year)
    await replaceHolidayYear(trx, notice.year, notice.source.trim(), entries)
    await appendAudit(trx, {
      actor: by.actor,
      role: by.role,
      action: 'holidays.year_replaced',
      subject: `holidays:${notice.year}`,
      before: before.length > 0 ? holidayNotices(before)[0] : null,
      after: holidayNotices(await listHolidays(trx, notice.year))[0],
      at: by.at,
    })
    return {
      ok: true,
      year: notice.year,
      holidays: entries.filter((e) => e.kind === 'holiday').length,
      workdays: entries.filter((e) => e.kind === 'workday').length,
      replaced: before.length,
    }
  })
  // This process's cached tables are stale now; other processes see the new year within HOLIDAY_CACHE_MS.
  if (result.ok) invalidateHolidayTable()
  return result
}

/** Rows back in the form of a notice file (holidays as date ranges), one per year, in year order. */
export function holidayNotices(rows: readonly HolidayRow[]): HolidayNotice[] {
  const years = new Map<
    number,
    { year: number; source: string; holidays: HolidayNotice['holidays'][number][]; workdays: string[] }
  >()
  const sorted = [...rows].sort((a, b) => a.year - b.year || (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  for (const r of sorted) {
    let n = years.get(r.year)
    if (!n) {
      n = { year: r.year, source: r.source, holidays: [], workdays: [] }
      years.set(r.year, n)
    }
    if (r.kind === 'workday') {
      n.workdays.push(r.date)
      continue
    }
    const last = n.holidays.at(-1)
    if (last && last.name === r.name && chinaDate(startOfChinaDate(last.to) + DAY_MS) === r.date)
      n.holidays[n.holidays.length - 1] = { ...last, to: r.date }
    else n.holidays.push({ name: r.name, from: r.date, to: r.date })
  }
  return [...years.values()]
}
