import type { Selectable, Transaction } from 'kysely'
import type { HolidayEntry, HolidayTable } from '../../server/domain/calendar'
import { holidayTable } from '../../server/domain/calendar'
import type { Db } from '../client'
import type { Database, HolidaysTable } from '../schema'

export type HolidayRow = Selectable<HolidaysTable>

/**
 * The holiday table changes once a year, from another process (`npm run holidays -- add`), so each server keeps
 * it for a short while instead of reading it for every deadline; an operator's new year shows within this time.
 */
export const HOLIDAY_CACHE_MS = 60_000

const cache = new WeakMap<
  Db,
  { readonly table: HolidayTable; readonly until: number; readonly generation: number }
>()
// Bumped by invalidateHolidayTable(): a WeakMap cannot be cleared, so entries of an older generation are stale.
let generation = 0

/** The holiday table of the database, at most HOLIDAY_CACHE_MS old. Pass a transaction to read it afresh. */
export async function loadHolidayTable(db: Db, now: number = Date.now()): Promise<HolidayTable> {
  const hit = cache.get(db)
  if (hit && hit.generation === generation && now < hit.until) return hit.table
  const rows = await db.selectFrom('holidays').select(['year', 'date', 'kind', 'name']).execute()
  const table = holidayTable(rows)
  cache.set(db, { table, until: now + HOLIDAY_CACHE_MS, generation })
  return table
}

/** Forgets the cached table — of one database, or of every database — after this process changed it. */
export function invalidateHolidayTable(db?: Db): void {
  if (db) cache.delete(db)
  else generation += 1
}

/** Every row, or one notice's rows, in date order. */
export function listHolidays(db: Db, year?: number): Promise<HolidayRow[]> {
  let q = db.selectFrom('holidays').selectAll()
  if (year !== undefined) q = q.where('year', '=', year)
  return q.orderBy('date').execute()
}

/** Rows of other notices on these dates (a date belongs to one notice: it is the primary key). */
export async function holidaysOfOtherYears(
  db: Db,
  year: number,
  dates: readonly string[],
): Promise<HolidayRow[]> {
  if (dates.length === 0) return []
  return db
    .selectFrom('holidays')
    .selectAll()
    .where('year', '!=', year)
    .where('date', 'in', [...dates])
    .orderBy('date')
    .execute()
}

/** Replaces the rows of one notice's year. Call inside a transaction, with the audit entry of the change. */
export async function replaceHolidayYear(
  trx: Transaction<Database>,
  year: number,
  source: string,
  entries: readonly HolidayEntry[],
): Promise<void> {
  await trx.deleteFrom('holidays').where('year', '=', year).execute()
  if (entries.length > 0)
    await trx
      .insertInto('holidays')
      .values(entries.map((e) => ({ date: e.date, year, kind: e.kind, name: e.name, source })))
      .execute()
}
