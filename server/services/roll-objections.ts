import type { Db } from '../../db/client'
import { answerRollObjection, insertRollObjection, unitOnRoll } from '../../db/repositories/roll-objections'
import { conflict, notFound } from '../errors'
import { appendAudit } from './audit'
import type { Who } from './meetings'

/**
 * Objections to the published roll (公示): an owner objects to a unit's entry, a convener answers. Each is audited
 * with the objection, so the answer can be read beside what was objected to.
 */

export async function objectToRoll(
  db: Db,
  o: { estateId: string; unit: string; text: string; accountId: string },
  who: Who,
): Promise<number> {
  if (!(await unitOnRoll(db, o.estateId, o.unit)))
    throw notFound('roll_unit_not_found', `No unit "${o.unit}" on the roll`)
  return db.transaction().execute(async (trx) => {
    const id = await insertRollObjection(trx, { ...o, at: who.now })
    await appendAudit(trx, {
      actor: who.actor,
      role: who.role,
      action: 'roll.objection',
      estateId: o.estateId,
      subject: o.unit,
      after: { objection: id, text: o.text },
      at: who.now,
    })
    return id
  })
}

export async function answerObjectionToRoll(
  db: Db,
  a: { estateId: string; objectionId: number; answer: string },
  who: Who,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await answerRollObjection(trx, { ...a, by: who.actor, at: who.now })))
      throw conflict('objection_not_open', 'No unanswered objection with this id')
    await appendAudit(trx, {
      actor: who.actor,
      role: who.role,
      action: 'roll.objection_answered',
      estateId: a.estateId,
      subject: String(a.objectionId),
      after: { answer: a.answer },
      at: who.now,
    })
  })
}
