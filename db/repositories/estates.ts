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
