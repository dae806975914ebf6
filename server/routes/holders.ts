import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import { actorOf, auditActor, type AuthEnv } from '../auth/access'
import { AppError, badRequest } from '../errors'
import {
  addEstateDocument,
  getEstateDocument,
  listGuardians,
  listRepresentatives,
  nominateRepresentative,
  recordGuardian,
  recordRepresentative,
  revokeGuardian,
  revokeRepresentative,
  unitPeople,
} from '../services/holders'
import { MAX_ATTACHMENT_BYTES } from '../services/meeting-records'
import type { RouteContext } from './context'
import { estateParam, validate } from './validate'

const unit = z.string().trim().min(1).max(100)
const ownerId = z.number().int().positive()
const name = z
  .string()
  .trim()
  .min(1)
  .max(60)
  // A name shown to others: no control characters or bidirectional overrides (they can disguise a name).
  .refine((s) => !/[\p{Cc}\u202a-\u202e\u2066-\u2069]/u.test(s), 'a name without control characters')

/**
 * The people who act for voters besides the owners themselves (domain §3): co-owners' named representatives and
 * guardians, each recorded by a convener from a signed paper (an estate document), or — for a representative —
 * nominated in the app by every co-owner.
 */
export function holderRoutes(ctx: RouteContext) {
  const { db, auth } = ctx
  const who = (c: Context<AuthEnv>) => ({ ...auditActor(c), now: c.get('now') })

  return new Hono<AuthEnv>()
    .post(
      '/estates/:estateId/documents',
      bodyLimit({
        maxSize: MAX_ATTACHMENT_BYTES + 64 * 1024,
        onError: () => {
          throw new AppError('file_too_large', `Documents are at most ${MAX_ATTACHMENT_BYTES} bytes`)
        },
      }),
      validate('param', estateParam),
      async (c) => {
        const { estateId } = c.req.valid('param')
        const form = await c.req.formData().catch(() => {
          throw badRequest('file_missing', 'multipart form data with a "file" field is required')
        })
        const file = form.get('file')
        const purpose = z.enum(['representative', 'guardian']).safeParse(form.get('purpose'))
        if (!(file instanceof File)) throw badRequest('file_missing', 'multipart field "file" is required')
        if (!purpose.success) throw badRequest('invalid_request', 'purpose: representative or guardian')
        const doc = await addEstateDocument(
          db,
          estateId,
          { purpose: purpose.data, fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
          who(c),
        )
        return c.json({ document: doc }, 201)
      },
    )
    .get(
      '/estates/:estateId/documents/:documentId',
      validate('param', estateParam.extend({ documentId: z.uuid() })),
      async (c) => {
        const { estateId, documentId } = c.req.valid('param')
        const d = await getEstateDocument(db, estateId, documentId)
        return c.body(new Uint8Array(d.data), 200, {
          'content-type': d.mime,
          'content-disposition': `${d.mime.startsWith('image/') ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(d.file_name)}`,
          'cache-control': 'private, max-age=3600',
        })
      },
    )
    .get(
      '/estates/:estateId/units/:unit/people',
      validate('param', estateParam.extend({ unit })),
      async (c) => {
        const { estateId, unit: u } = c.req.valid('param')
        return c.json(await unitPeople(db, estateId, u))
      },
    )
    .get('/estates/:estateId/representatives', validate('param', estateParam), async (c) =>
      c.json({ representatives: await listRepresentatives(db, c.req.valid('param').estateId) }),
    )
    .post(
      '/estates/:estateId/representatives',
      validate('param', estateParam),
      validate('json', z.object({ unit, ownerId, documentId: z.uuid() })),
      async (c) => {
        const { estateId } = c.req.valid('param')
        return c.json(await recordRepresentative(db, estateId, c.req.valid('json'), who(c)), 201)
      },
    )
    .delete(
      '/estates/:estateId/representatives/:representativeId',
      validate('param', estateParam.extend({ representativeId: z.coerce.number().int().positive() })),
      async (c) => {
        const { estateId, representativeId } = c.req.valid('param')
        await revokeRepresentative(db, estateId, representativeId, who(c))
        return c.body(null, 204)
      },
    )
    .post(
      '/estates/:estateId/representatives/nominations',
      validate('param', estateParam),
      validate('json', z.object({ unit, nomineeOwnerId: ownerId })),
      async (c) => {
        const { estateId } = c.req.valid('param')
        const actor = actorOf(c)
        // Only owners nominate; a guardian acts for the owner they are recorded for.
        if (actor.ownerId === null || actor.estateId !== estateId)
          throw new AppError('not_your_unit', 'Only the unit’s owners nominate its representative')
        const body = c.req.valid('json')
        const r = await nominateRepresentative(
          db,
          estateId,
          { ...body, byOwnerId: actor.ownerId, byAccountId: actor.accountId },
          who(c),
        )
        return c.json(r, 201)
      },
    )
    .get('/estates/:estateId/guardians', validate('param', estateParam), async (c) =>
      c.json({ guardians: await listGuardians(db, c.req.valid('param').estateId) }),
    )
    .post(
      '/estates/:estateId/guardians',
      validate('param', estateParam),
      validate(
        'json',
        z.object({
          unit,
          ownerId,
          name,
          idLast4: z.string().trim().min(4).max(4),
          relation: z.string().trim().min(1).max(40),
          documentId: z.uuid(),
        }),
      ),
      async (c) => {
        const { estateId } = c.req.valid('param')
        const r = await recordGuardian(db, estateId, c.req.valid('json'), who(c))
        auth.sessions.forget(r.revokedSessionIds)
        return c.json({ guardianId: r.guardianId }, 201)
      },
    )
    .delete(
      '/estates/:estateId/guardians/:guardianId',
      validate('param', estateParam.extend({ guardianId: z.coerce.number().int().positive() })),
      async (c) => {
        const { estateId, guardianId } = c.req.valid('param')
        const r = await revokeGuardian(db, estateId, guardianId, who(c))
        auth.sessions.forget(r.revokedSessionIds)
        return c.body(null, 204)
      },
    )
}
