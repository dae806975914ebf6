import type { Transaction } from 'kysely'
import type { Db } from '../client'
import type { Database } from '../schema'

/** Owners' objections to the published roll (公示) and the conveners' answers. */

/** Whether the estate's current roll has a unit of that number. */
export async function unitOnRoll(db: Db, estateId: string, unit: string): Promise<boolean> {
  const row = await db
    .selectFrom('units')
    .select('id')
    .where('estate_id', '=', estateId)
    .where('number', '=', unit)
    .executeTakeFirst()
  return row !== undefined
}

export async function insertRollObjection(
  trx: Transaction<Database>,
  o: { estateId: string; unit: string; accountId: string; text: string; at: Date; versionId?: number },
): Promise<number> {
  const row = await trx
    .insertInto('roll_objections')
    .values({
      estate_id: o.estateId,
      unit_number: o.unit,
      account_id: o.accountId,
      text: o.text,
      at: o.at.toISOString(),
      answer: null,
      answered_by: null,
      answered_at: null,
      roll_version_id: o.versionId ?? null,
      decision: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** The estate's objections in the order made; only `accountId`'s when given. */
export async function rollObjections(db: Db, estateId: string, accountId?: string) {
  let q = db.selectFrom('roll_objections').selectAll().where('estate_id', '=', estateId)
  if (accountId !== undefined) q = q.where('account_id', '=', accountId)
  const rows = await q.orderBy('id').execute()
  return rows.map((r) => ({
    id: r.id,
    unit: r.unit_number,
    text: r.text,
    at: r.at,
    answer: r.answer,
    answeredAt: r.answered_at,
    versionId: r.roll_version_id,
    decision: r.decision,
  }))
}

/** One objection of the estate, for answering it. */
export async function rollObjectionOf(db: Db, estateId: string, id: number) {
  return db
    .selectFrom('roll_objections')
    .selectAll()
    .where('estate_id', '=', estateId)
    .where('id', '=', id)
    .executeTakeFirst()
}

/** The objections to the estate's versions with the version objected to (its id), in the order made. */
export async function versionObjections(db: Db, estateId: string) {
  const rows = await db
    .selectFrom('roll_objections')
    .select(['id', 'unit_number', 'text', 'at', 'answer', 'answered_at', 'roll_version_id', 'decision'])
    .where('estate_id', '=', estateId)
    .where('roll_version_id', 'is not', null)
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    unit: r.unit_number,
    text: r.text,
    at: r.at,
    answer: r.answer,
    answeredAt: r.answered_at,
    versionId: r.roll_version_id as number,
    decision: r.decision,
  }))
}

/** Answers an objection still unanswered; whether there was one (an answer is given once). */
export async function answerRollObjection(
  trx: Transaction<Database>,
  a: {
    estateId: string
    objectionId: number
    answer: string
    by: string
    at: Date
    decision?: 'upheld' | 'rejected' | undefined
  },
): Promise<boolean> {
  const r = await trx
    .updateTable('roll_objections')
    .set({
      answer: a.answer,
      answered_by: a.by,
      answered_at: a.at.toISOString(),
      decision: a.decision ?? null,
    })
    .where('id', '=', a.objectionId)
    .where('estate_id', '=', a.estateId)
    .where('answer', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}
