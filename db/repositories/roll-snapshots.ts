import type { Transaction } from 'kysely'
import type { RollUnit } from '../../server/domain/voting-rights'
import type { Db } from '../client'
import type { Database } from '../schema'

/**
 * Frozen rolls (domain.md §3 "Roll snapshot"): a JSON copy of the roll a meeting reads, never altered (a trigger
 * refuses updates). Whether an estate has one is estates.ts hasSnapshot.
 */

/** Stores the frozen roll; its id. */
export async function insertRollSnapshot(
  trx: Transaction<Database>,
  s: { estateId: string; reason: string; at: string; units: readonly RollUnit[] },
): Promise<number> {
  const row = await trx
    .insertInto('roll_snapshots')
    .values({
      estate_id: s.estateId,
      reason: s.reason,
      created_at: s.at,
      units: s.units.length,
      data_json: JSON.stringify(s.units),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** The units of a frozen roll; undefined for an unknown snapshot. */
export async function snapshotUnits(db: Db, id: number): Promise<RollUnit[] | undefined> {
  const row = await db
    .selectFrom('roll_snapshots')
    .select('data_json')
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? (JSON.parse(row.data_json) as RollUnit[]) : undefined
}
