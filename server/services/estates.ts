import type { Db } from '../../db/client'
import { findEstate, insertEstate, updateEstate as writeEstate } from '../../db/repositories/estates'
import type { Estate } from '../../db/schema'
import { conflict, notFound } from '../errors'
import type { CreateEstateBody, PatchEstateBody } from '../routes/estates.schema'
import { appendAudit } from './audit'

/** An estate as the API answers it. */
export const presentEstate = (e: Estate) => ({
  id: e.id,
  name: e.name,
  countParking: e.count_parking === 1,
  createdAt: e.created_at,
})

type Actor = { readonly actor: string; readonly role: string }

/** An admin creates an estate, audited; an id already taken is refused. */
export async function createEstate(db: Db, body: CreateEstateBody, who: Actor, now: () => Date) {
  const created = await db.transaction().execute(async (trx) => {
    if (await findEstate(trx, body.id)) throw conflict('estate_exists', `Estate "${body.id}" already exists`)
    const at = now()
    await insertEstate(trx, { ...body, at })
    await appendAudit(trx, {
      ...who,
      action: 'estate.created',
      estateId: body.id,
      subject: body.id,
      after: body,
      at,
    })
    return findEstate(trx, body.id)
  })
  return created && presentEstate(created)
}

/** Renames an estate or changes its rule on parking spaces, audited with before and after. */
export async function updateEstate(
  db: Db,
  estateId: string,
  body: PatchEstateBody,
  who: Actor,
  at: () => Date,
) {
  const updated = await db.transaction().execute(async (trx) => {
    const before = await findEstate(trx, estateId)
    if (!before) throw notFound('estate_not_found', 'No such estate')
    await writeEstate(trx, estateId, body)
    const after = await findEstate(trx, estateId)
    await appendAudit(trx, {
      ...who,
      action: 'estate.updated',
      estateId,
      subject: estateId,
      before: presentEstate(before),
      after: after && presentEstate(after),
      at: at(),
    })
    return after
  })
  return updated && presentEstate(updated)
}
