import type { Db } from '../../db/client'
import {
  answerRollObjection,
  insertRollObjection,
  rollObjectionOf,
  unitOnRoll,
} from '../../db/repositories/roll-objections'
import { latestRollVersion, rollVersionNumbered } from '../../db/repositories/roll-versions'
import type { ObjectionDecision, VersionUnit } from '../domain/roll-version'
import { badRequest, conflict, notFound } from '../errors'
import { appendAudit } from './audit'
import type { Who } from './meetings'

/**
 * Objections to the published roll (公示): an owner objects to a unit's entry, a convener answers. Each is audited
 * with the objection, so the answer can be read beside what was objected to. Once the roll is published as
 * versions (services/roll-versions.ts, domain §7.3 (3)), an objection names the version — the latest, whose units
 * it is about — and its answer says 成立 (upheld) or 不成立 (rejected).
 */

/** The unit objected to must be on the version named (the latest), or on the live roll when none is named. */
async function versionObjectedTo(
  db: Db,
  o: { estateId: string; unit: string; version?: number | undefined },
) {
  if (o.version === undefined) {
    if (!(await unitOnRoll(db, o.estateId, o.unit)))
      throw notFound('roll_unit_not_found', `No unit "${o.unit}" on the roll`)
    return undefined
  }
  const v = await rollVersionNumbered(db, o.estateId, o.version)
  if (!v) throw notFound('roll_version_not_found', `No roll version ${o.version}`)
  const latest = await latestRollVersion(db, o.estateId)
  if (latest && latest.id !== v.id)
    throw conflict(
      'roll_version_superseded',
      `Version ${o.version} is superseded by version ${latest.number}`,
    )
  const units = JSON.parse(v.published_json) as VersionUnit[]
  if (!units.some((u) => u.number === o.unit))
    throw notFound('roll_unit_not_found', `No unit "${o.unit}" on roll version ${o.version}`)
  return v
}

export async function objectToRoll(
  db: Db,
  o: { estateId: string; unit: string; text: string; accountId: string; version?: number | undefined },
  who: Who,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const version = await versionObjectedTo(trx, o)
    const id = await insertRollObjection(trx, {
      estateId: o.estateId,
      unit: o.unit,
      text: o.text,
      accountId: o.accountId,
      at: who.now,
      ...(version ? { versionId: version.id } : {}),
    })
    await appendAudit(trx, {
      actor: who.actor,
      role: who.role,
      action: 'roll.objection',
      estateId: o.estateId,
      subject: o.unit,
      after: { objection: id, text: o.text, ...(version ? { version: version.number } : {}) },
      at: who.now,
    })
    return id
  })
}

export async function answerObjectionToRoll(
  db: Db,
  a: { estateId: string; objectionId: number; answer: string; decision?: ObjectionDecision | undefined },
  who: Who,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const objection = await rollObjectionOf(trx, a.estateId, a.objectionId)
    if (objection && objection.answer === null && objection.roll_version_id !== null && !a.decision)
      throw badRequest('decision_required', 'An objection to a roll version is answered upheld or rejected')
    if (!(await answerRollObjection(trx, { ...a, by: who.actor, at: who.now })))
      throw conflict('objection_not_open', 'No unanswered objection with this id')
    await appendAudit(trx, {
      actor: who.actor,
      role: who.role,
      action: 'roll.objection_answered',
      estateId: a.estateId,
      subject: String(a.objectionId),
      after: { answer: a.answer, ...(a.decision ? { decision: a.decision } : {}) },
      at: who.now,
    })
  })
}
