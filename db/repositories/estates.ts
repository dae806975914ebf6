import type { Db } from '../client'
import type { Estate } from '../schema'

export function findEstate(db: Db, id: string): Promise<Estate | undefined> {
  return db.selectFrom('estates').selectAll().where('id', '=', id).executeTakeFirst()
}

export function listEstates(db: Db): Promise<Estate[]> {
  return db.selectFrom('estates').selectAll().orderBy('id').execute()
}

export async function insertEstate(db: Db, e: { id: string; name: string; countParking: boolean; at: Date }) {
  await db
    .insertInto('estates')
    .values({ id: e.id, name: e.name, count_parking: e.countParking ? 1 : 0, created_at: e.at.toISOString() })
    .execute()
}

export async function hasSnapshot(db: Db, estateId: string): Promise<boolean> {
  const row = await db
    .selectFrom('roll_snapshots')
    .select('id')
    .where('estate_id', '=', estateId)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/** Changes an estate's name or its rule on parking spaces; what is left out stays. */
export async function updateEstate(db: Db, id: string, patch: { name?: string; countParking?: boolean }) {
  await db
    .updateTable('estates')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.countParking !== undefined ? { count_parking: patch.countParking ? 1 : 0 } : {}),
    })
    .where('id', '=', id)
    .execute()
}

/** An estate's id and name, as an announcement names it; the estate is known to exist (a meeting refers to it). */
export function estateHeading(db: Db, id: string): Promise<{ id: string; name: string }> {
  return db.selectFrom('estates').select(['id', 'name']).where('id', '=', id).executeTakeFirstOrThrow()
}
