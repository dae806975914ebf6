import { Hono } from 'hono'
import type { Db } from '../../db/client'
import { findEstate, listEstates } from '../../db/repositories/estates'
import { auditActor, type AuthEnv } from '../auth/access'
import { notFound } from '../errors'
import { createEstate, presentEstate, updateEstate } from '../services/estates'
import { createEstateBody, patchEstateBody } from './estates.schema'
import { doc } from './openapi'
import { estateParam, validate } from './validate'

export function estateRoutes(deps: { db: Db; now: () => Date }) {
  const { db } = deps
  return new Hono<AuthEnv>()
    .get('/', doc({ summary: 'Every estate', tag: 'estates' }), async (c) =>
      c.json({ estates: (await listEstates(db)).map(presentEstate) }),
    )
    .get(
      '/:estateId',
      doc({ summary: 'One estate', tag: 'estates', errors: ['estate_not_found'] }),
      validate('param', estateParam),
      async (c) => {
        const estate = await findEstate(db, c.req.valid('param').estateId)
        if (!estate) throw notFound('estate_not_found', 'No such estate')
        return c.json({ estate: presentEstate(estate) })
      },
    )
    .post(
      '/',
      doc({
        summary: 'Create an estate',
        tag: 'estates',
        ok: { status: 201, description: 'The estate' },
        errors: ['estate_exists'],
      }),
      validate('json', createEstateBody),
      async (c) => {
        const estate = await createEstate(db, c.req.valid('json'), auditActor(c), deps.now)
        return c.json({ estate }, 201)
      },
    )
    .patch(
      '/:estateId',
      doc({
        summary: 'Rename an estate, or set whether parking spaces count (指导规则 art. 25)',
        tag: 'estates',
        errors: ['estate_not_found'],
      }),
      validate('param', estateParam),
      validate('json', patchEstateBody),
      async (c) => {
        const { estateId } = c.req.valid('param')
        const estate = await updateEstate(db, estateId, c.req.valid('json'), auditActor(c), deps.now)
        return c.json({ estate })
      },
    )
}

/** The routes of this module with their paths, inputs and answers, as mounted by apiRoutes (server/app.ts). */
export type EstateRoutes = ReturnType<typeof estateRoutes>
