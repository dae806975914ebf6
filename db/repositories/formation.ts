import type { Insertable, Transaction, Updateable } from 'kysely'
import type { Db } from '../client'
import type {
  Database,
  FormationApplicationsTable,
  FormationGroupRow,
  FormationGroupsTable,
  FormationMemberRow,
  FormationMembersTable,
} from '../schema'

/**
 * Formation of the first assembly and re-elections (domain §§7–8): the applications to the street office, the
 * groups it forms with their members, and the re-election handover checklist. A group's dated steps are columns of
 * its row, each written once by the service in the transaction of its audit entry.
 */

export async function insertApplication(
  trx: Transaction<Database>,
  row: Insertable<FormationApplicationsTable>,
): Promise<void> {
  await trx.insertInto('formation_applications').values(row).execute()
}

/** The estate's latest application, if any. */
export function latestApplication(db: Db, estateId: string) {
  return db
    .selectFrom('formation_applications')
    .selectAll()
    .where('estate_id', '=', estateId)
    .orderBy('recorded_at', 'desc')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst()
}

export function findApplication(db: Db, id: string) {
  return db.selectFrom('formation_applications').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insertGroup(trx: Transaction<Database>, row: Insertable<FormationGroupsTable>) {
  await trx.insertInto('formation_groups').values(row).execute()
}

export async function insertMembers(
  trx: Transaction<Database>,
  rows: readonly Insertable<FormationMembersTable>[],
): Promise<void> {
  if (rows.length > 0)
    await trx
      .insertInto('formation_members')
      .values([...rows])
      .execute()
}

/** The estate's live group (not dissolved), if any. */
export function liveGroup(db: Db, estateId: string): Promise<FormationGroupRow | undefined> {
  return db
    .selectFrom('formation_groups')
    .selectAll()
    .where('estate_id', '=', estateId)
    .where('dissolved_at', 'is', null)
    .executeTakeFirst()
}

/** The estate's latest group, live or dissolved. */
export function latestGroup(db: Db, estateId: string): Promise<FormationGroupRow | undefined> {
  return db
    .selectFrom('formation_groups')
    .selectAll()
    .where('estate_id', '=', estateId)
    .orderBy('formed_at', 'desc')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst()
}

/** The live group whose designated first meeting this is, if any. */
export function groupOfFirstMeeting(db: Db, meetingId: string): Promise<FormationGroupRow | undefined> {
  return db
    .selectFrom('formation_groups')
    .selectAll()
    .where('first_meeting_id', '=', meetingId)
    .where('dissolved_at', 'is', null)
    .executeTakeFirst()
}

export function membersOf(db: Db, groupId: string): Promise<FormationMemberRow[]> {
  return db
    .selectFrom('formation_members')
    .selectAll()
    .where('group_id', '=', groupId)
    .orderBy('position')
    .execute()
}

/**
 * Updates a group if it is still live and, when given, its column `unset` is still null: whether it applied. Two
 * racing requests for the same step cannot both write it.
 */
export async function updateGroupIf(
  trx: Transaction<Database>,
  id: string,
  guard: { readonly unset?: keyof FormationGroupsTable },
  patch: Updateable<FormationGroupsTable>,
): Promise<boolean> {
  let q = trx
    .updateTable('formation_groups')
    .set(patch)
    .where('id', '=', id)
    .where('dissolved_at', 'is', null)
  if (guard.unset) q = q.where(guard.unset, 'is', null)
  const r = await q.executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export function handoverOf(db: Db, groupId: string) {
  return db
    .selectFrom('formation_handover')
    .selectAll()
    .where('group_id', '=', groupId)
    .orderBy('item')
    .execute()
}

export async function insertHandover(
  trx: Transaction<Database>,
  row: {
    group_id: string
    item: 'records' | 'seals' | 'roll'
    done_on: string
    marked_by: string
    marked_at: string
  },
): Promise<void> {
  await trx.insertInto('formation_handover').values(row).execute()
}
