import { Hono } from 'hono'
import { z } from 'zod'
import type { Db } from '../../db/client'
import { findEstate, insertEstate, listEstates } from '../../db/repositories/estates'
import { auditActor, type AuthEnv } from '../auth/access'
import { conflict, notFound } from '../errors'
import { appendAudit } from '../services/audit'
import { ESTATE_ID } from '../services/import-roll'
import { displayText, estateParam, validate } from './validate'

const createEstate = z.object({
  id: z.string().regex(ESTATE_ID, 'estate id: 2–63 lowercase letters, digits or -'),
  name: displayText(100),
  countParking: z.boolean().default(false),
})
const patchEstate = z
  .object({ name: displayText(100).optional(), countParking: z.boolean().optional() })
  .refine((v) => v.name !== undefined || v.countParking !== undefined, 'nothing to change')

const present = (e: { id: string; name: string; count_parking: number; created_at: string }) => ({
  id: e.id,
  name: e.name,
  countParking: e.count_parking === 1,
  createdAt: e.created_at,
})

export function estateRoutes(deps: { db: Db; now: () => Date }) {
  const { db } = deps
  return new Hono<AuthEnv>()
    .get('/', async (c) => c.json({ estates: (await listEstates(db)).map(present) }))
    .get('/:estateId', validate('param', estateParam), async (c) => {
      const estate = await findEstate(db, c.req.valid('param').estateId)
      if (!estate) throw notFound('estate_not_found', 'No such estate')
      return c.json({ estate: present(estate) })
    })
    .post('/', validate('json', createEstate), async (c) => {
      const body = c.req.valid('json')
      const who = auditActor(c)
      const created = await db.transaction().execute(async (trx) => {
        if (await findEstate(trx, body.id))
          throw conflict('estate_exists', `Estate "${body.id}" already exists`)
        const at = deps.now()
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
      return c.json({ estate: created && present(created) }, 201)
    })
    .patch('/:estateId', validate('param', estateParam), validate('json', patchEstate), async (c) => {
      const { estateId } = c.req.valid('param')
      const body = c.req.valid('json')
      const who = auditActor(c)
      const updated = await db.transaction().execute(async (trx) => {
        const before = await findEstate(trx, estateId)
        if (!before) throw notFound('estate_not_found', 'No such estate')
        await trx
          .updateTable('estates')
          .set({
            ...(body.name !== undefined ? { name: body.name } : {}),
            ...(body.countParking !== undefined ? { count_parking: body.countParking ? 1 : 0 } : {}),
          })
          .where('id', '=', estateId)
          .execute()
        const after = await findEstate(trx, estateId)
        await appendAudit(trx, {
          ...who,
          action: 'estate.updated',
          estateId,
          subject: estateId,
          before: before && present(before),
          after: after && present(after),
          at: deps.now(),
        })
        return after
      })
      return c.json({ estate: updated && present(updated) })
    })
}
