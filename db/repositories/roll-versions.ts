import type { Transaction } from 'kysely'
import type { Db } from '../client'
import type { Database, RollVersionsTable } from '../schema'

/** Published roll versions (domain §7.3 (3)): append-only rows, numbered per estate. */

export type RollVersionRow = Omit<RollVersionsTable, 'id'> & { id: number }

/** The estate's versions, newest first. */
export async function rollVersionsOf(db: Db, estateId: string): Promise<RollVersionRow[]> {
  return db
    .selectFrom('roll_versions')
    .selectAll()
    .where('estate_id', '=', estateId)
    .orderBy('number', 'desc')
    .execute()
}

export async function latestRollVersion(db: Db, estateId: string): Promise<RollVersionRow | undefined> {
  return db
    .selectFrom('roll_versions')
    .selectAll()
    .where('estate_id', '=', estateId)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst()
}

export async function rollVersionNumbered(
  db: Db,
  estateId: string,
  number: number,
): Promise<RollVersionRow | undefined> {
  return db
    .selectFrom('roll_versions')
    .selectAll()
    .where('estate_id', '=', estateId)
    .where('number', '=', number)
    .executeTakeFirst()
}

export async function rollVersionById(db: Db, id: number): Promise<RollVersionRow | undefined> {
  return db.selectFrom('roll_versions').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insertRollVersion(
  trx: Transaction<Database>,
  v: Omit<RollVersionRow, 'id'>,
): Promise<number> {
  const row = await trx.insertInto('roll_versions').values(v).returning('id').executeTakeFirstOrThrow()
  return row.id
}

/** The roll version a meeting's electorate equalled at notice. */
export async function insertRollVersionUse(
  trx: Transaction<Database>,
  u: { meetingId: string; versionId: number; sha256: string; at: string },
): Promise<void> {
  await trx
    .insertInto('roll_version_uses')
    .values({ meeting_id: u.meetingId, roll_version_id: u.versionId, sha256: u.sha256, at: u.at })
    .execute()
}

/** The version a meeting used, with what its bundle needs (the number, the hash and the owners' salt). */
export async function rollVersionUseOf(db: Db, meetingId: string) {
  return db
    .selectFrom('roll_version_uses')
    .innerJoin('roll_versions', 'roll_versions.id', 'roll_version_uses.roll_version_id')
    .select(['roll_versions.number', 'roll_versions.sha256', 'roll_versions.salt'])
    .where('roll_version_uses.meeting_id', '=', meetingId)
    .executeTakeFirst()
}

/** The meetings that used a version (their electorate equalled it at notice), in the order they were noticed. */
export async function meetingsUsingVersion(db: Db, versionId: number) {
  return db
    .selectFrom('roll_version_uses')
    .innerJoin('meetings', 'meetings.id', 'roll_version_uses.meeting_id')
    .select(['meetings.id', 'meetings.title', 'meetings.status', 'roll_version_uses.at'])
    .where('roll_version_uses.roll_version_id', '=', versionId)
    .orderBy('roll_version_uses.at')
    .execute()
}
