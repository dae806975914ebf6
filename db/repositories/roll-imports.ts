import type { Insertable, Transaction, Updateable } from 'kysely'
import type { Db } from '../client'
import type { Database, RollImport, RollImportsTable } from '../schema'

/** The record of a roll import (its status, summary, errors and merges); of that estate when given. */
export function findRollImport(db: Db, importId: string, estateId?: string): Promise<RollImport | undefined> {
  let q = db.selectFrom('roll_imports').selectAll().where('id', '=', importId)
  if (estateId !== undefined) q = q.where('estate_id', '=', estateId)
  return q.executeTakeFirst()
}

/** Every change the estate's imports made to its roll, in the order made, with the unit before and after. */
export async function rollChanges(db: Db, estateId: string) {
  const rows = await db
    .selectFrom('roll_changes')
    .selectAll()
    .where('estate_id', '=', estateId)
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    importId: r.import_id,
    changedAt: r.changed_at,
    unit: r.unit_number,
    change: r.change,
    before: r.before_json ? (JSON.parse(r.before_json) as unknown) : null,
    after: r.after_json ? (JSON.parse(r.after_json) as unknown) : null,
  }))
}

/**
 * How many of the estate's imports succeeded and when the latest finished: every change of units and owners is an
 * import, so the pair names the roll's version.
 */
export async function succeededImports(
  db: Db,
  estateId: string,
): Promise<{ count: number; lastFinishedAt: string | null }> {
  const r = await db
    .selectFrom('roll_imports')
    .select(({ fn }) => [fn.countAll<number>().as('n'), fn.max('finished_at').as('last')])
    .where('estate_id', '=', estateId)
    .where('status', '=', 'succeeded')
    .executeTakeFirstOrThrow()
  // A count is a bigint to PostgreSQL's driver, which hands it over as a string.
  return { count: Number(r.n), lastFinishedAt: r.last ?? null }
}

/** Opens the record of an import, `running` until the import settles it. */
export async function insertRollImport(db: Db, row: Insertable<RollImportsTable>): Promise<void> {
  await db.insertInto('roll_imports').values(row).execute()
}

/**
 * Settles the import's record (succeeded, failed or awaiting a confirmation of its merges), in the transaction
 * that writes the roll or records the refusal with its audit entry.
 */
export async function settleRollImport(
  trx: Transaction<Database>,
  importId: string,
  values: Updateable<RollImportsTable>,
): Promise<void> {
  await trx.updateTable('roll_imports').set(values).where('id', '=', importId).execute()
}

/**
 * Marks the import failed with this one error, only while it is still `running`: a record an import settled
 * keeps its outcome.
 */
export async function failRunningImport(
  db: Db,
  importId: string,
  f: { code: string; reason: string; at: string },
): Promise<void> {
  await db
    .updateTable('roll_imports')
    .set({
      status: 'failed',
      phase: 'done',
      errors_json: JSON.stringify([{ line: 0, code: f.code, reason: f.reason }]),
      finished_at: f.at,
    })
    .where('id', '=', importId)
    .where('status', '=', 'running')
    .execute()
}

/** The imports still `running` (at boot, those a crash interrupted). */
export async function runningImportIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('roll_imports').select('id').where('status', '=', 'running').execute()
  return rows.map((r) => r.id)
}
