import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
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
import {
  documentForm,
  documentParam,
  documentPurpose,
  guardianBody,
  guardianParam,
  nominationBody,
  representativeBody,
  representativeParam,
  unitPeopleParam,
} from './holders.schema'
import { doc } from './openapi'
import { estateParam, validate } from './validate'

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
      doc({
        summary: 'Upload a signed paper: a representative’s nomination or a guardianship document',
        tag: 'holders',
        ok: { status: 201, description: 'The document' },
        form: documentForm,
        errors: ['file_missing', 'file_empty', 'file_too_large', 'file_type_refused'],
      }),
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
        const purpose = documentPurpose.safeParse(form.get('purpose'))
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
      doc({
        summary: 'A signed paper’s file',
        tag: 'holders',
        ok: { status: 200, description: 'The file, with its own media type', media: '*/*' },
        errors: ['document_not_found'],
      }),
      validate('param', documentParam),
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
      doc({
        summary: 'A unit’s owners, its representative and guardians',
        tag: 'holders',
        errors: ['roll_unit_not_found'],
      }),
      validate('param', unitPeopleParam),
      async (c) => {
        const { estateId, unit: u } = c.req.valid('param')
        return c.json(await unitPeople(db, estateId, u))
      },
    )
    .get(
      '/estates/:estateId/representatives',
      doc({ summary: 'The representatives in force', tag: 'holders' }),
      validate('param', estateParam),
      async (c) => c.json({ representatives: await listRepresentatives(db, c.req.valid('param').estateId) }),
    )
    .post(
      '/estates/:estateId/representatives',
      doc({
        summary: 'Record the co-owners’ representative from the signed paper (指导规则 art. 25)',
        tag: 'holders',
        ok: { status: 201, description: 'The representative' },
        errors: ['roll_unit_not_found', 'not_co_owned', 'not_an_owner', 'document_missing'],
      }),
      validate('param', estateParam),
      validate('json', representativeBody),
      async (c) => {
        const { estateId } = c.req.valid('param')
        return c.json(await recordRepresentative(db, estateId, c.req.valid('json'), who(c)), 201)
      },
    )
    .delete(
      '/estates/:estateId/representatives/:representativeId',
      doc({
        summary: 'Revoke a representative',
        tag: 'holders',
        ok: { status: 204 },
        errors: ['representative_not_live'],
      }),
      validate('param', representativeParam),
      async (c) => {
        const { estateId, representativeId } = c.req.valid('param')
        await revokeRepresentative(db, estateId, representativeId, who(c))
        return c.body(null, 204)
      },
    )
    .post(
      '/estates/:estateId/representatives/nominations',
      doc({
        summary: 'Nominate my unit’s representative (every co-owner names the same one)',
        tag: 'holders',
        ok: { status: 201, description: 'The nomination, and whether the representative is now in force' },
        errors: ['not_your_unit', 'roll_unit_not_found', 'not_co_owned', 'not_an_owner'],
      }),
      validate('param', estateParam),
      validate('json', nominationBody),
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
    .get(
      '/estates/:estateId/guardians',
      doc({ summary: 'The guardianships in force', tag: 'holders' }),
      validate('param', estateParam),
      async (c) => c.json({ guardians: await listGuardians(db, c.req.valid('param').estateId) }),
    )
    .post(
      '/estates/:estateId/guardians',
      doc({
        summary: 'Record a guardian for an owner (民法典 arts. 23, 34); the ward’s passkeys end',
        tag: 'holders',
        ok: { status: 201, description: 'The guardian' },
        errors: ['roll_unit_not_found', 'not_an_owner', 'guardian_exists', 'document_missing'],
      }),
      validate('param', estateParam),
      validate('json', guardianBody),
      async (c) => {
        const { estateId } = c.req.valid('param')
        const r = await recordGuardian(db, estateId, c.req.valid('json'), who(c))
        auth.sessions.forget(r.revokedSessionIds)
        return c.json({ guardianId: r.guardianId }, 201)
      },
    )
    .delete(
      '/estates/:estateId/guardians/:guardianId',
      doc({
        summary: 'Revoke a guardian',
        tag: 'holders',
        ok: { status: 204 },
        errors: ['guardian_not_live'],
      }),
      validate('param', guardianParam),
      async (c) => {
        const { estateId, guardianId } = c.req.valid('param')
        const r = await revokeGuardian(db, estateId, guardianId, who(c))
        auth.sessions.forget(r.revokedSessionIds)
        return c.body(null, 204)
      },
    )
}

/** The routes of this module with their paths, inputs and answers, as mounted by apiRoutes (server/app.ts). */
export type HolderRoutes = ReturnType<typeof holderRoutes>
