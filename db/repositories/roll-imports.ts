import type { Db } from '../client'
import type { RollImport } from '../schema'

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
