import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { actorOf } from '../auth/access'
import { AppError, badRequest } from '../errors'
import {
  addAttachment,
  getAttachment,
  listProxies,
  MAX_ATTACHMENT_BYTES,
  recordProxy,
  recordService,
  revokeProxy,
} from '../services/meeting-records'
import { confirmRead } from '../services/meeting-views'
import { who, type RouteContext } from './context'
import { isStaffOf, meetingOf, type MeetingEnv } from './meeting-context'
import { meetingParam } from './meetings.schema'
import { doc } from './openapi'
import {
  attachmentForm,
  attachmentParam,
  attachmentPurpose,
  proxyBody,
  proxyParam,
  serviceBody,
} from './records.schema'
import { validate } from './validate'

/**
 * A meeting's records: the agenda's attachments and the scans kept with the records, written proxies, and the
 * service of the notice (a paper receipt, posting, or an owner's own confirmation of having read it).
 */
export function recordRoutes(ctx: RouteContext) {
  const { db } = ctx
  const meetingPath = '/estates/:estateId/meetings/:meetingId'

  return new Hono<MeetingEnv>()
    .post(
      `${meetingPath}/attachments`,
      doc({
        summary:
          'Attach a file: a matter’s document or a candidate’s photo (drafts), or a scan for the records',
        tag: 'records',
        ok: { status: 201, description: 'The attachment' },
        form: attachmentForm,
        errors: [
          'meeting_not_found',
          'meeting_not_draft',
          'file_missing',
          'file_empty',
          'file_too_large',
          'file_type_refused',
        ],
      }),
      bodyLimit({
        maxSize: MAX_ATTACHMENT_BYTES + 64 * 1024,
        onError: () => {
          throw new AppError('file_too_large', `Attachments are at most ${MAX_ATTACHMENT_BYTES} bytes`)
        },
      }),
      validate('param', meetingParam),
      async (c) => {
        const m = meetingOf(c)
        const form = await c.req.formData().catch(() => {
          throw badRequest('file_missing', 'multipart form data with a "file" field is required')
        })
        const file = form.get('file')
        const purpose = attachmentPurpose.safeParse(form.get('purpose'))
        if (!(file instanceof File)) throw badRequest('file_missing', 'multipart field "file" is required')
        if (!purpose.success)
          throw badRequest(
            'invalid_request',
            'purpose: matter, candidate_photo, paper_scan or proxy_document',
          )
        const ref = form.get('ref')
        const added = await addAttachment(
          db,
          m,
          {
            purpose: purpose.data,
            ref: typeof ref === 'string' && ref.length > 0 ? ref.slice(0, 100) : null,
            fileName: file.name,
            bytes: new Uint8Array(await file.arrayBuffer()),
          },
          who(c),
        )
        return c.json({ attachment: added }, 201)
      },
    )
    .get(
      `${meetingPath}/attachments/:attachmentId`,
      doc({
        summary: 'An attachment’s file (scans for the estate’s staff only)',
        tag: 'records',
        ok: { status: 200, description: 'The file, with its own media type', media: '*/*' },
        errors: ['meeting_not_found', 'attachment_not_found', 'forbidden'],
      }),
      validate('param', attachmentParam),
      async (c) => {
        const { estateId, meetingId, attachmentId } = c.req.valid('param')
        const a = await getAttachment(db, meetingId, attachmentId)
        // Scans of paper ballots and proxy documents carry choices and signatures: staff of the estate only.
        if ((a.purpose === 'paper_scan' || a.purpose === 'proxy_document') && !isStaffOf(c, estateId))
          throw new AppError('forbidden', 'Your role does not allow this')
        return c.body(new Uint8Array(a.data), 200, {
          'content-type': a.mime,
          'content-disposition': `${a.mime.startsWith('image/') ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(a.file_name)}`,
          'cache-control': 'private, max-age=3600',
        })
      },
    )
    .post(
      `${meetingPath}/read-confirmation`,
      doc({
        summary: 'Confirm having read the notice (evidence of service for my voters, domain §6.5)',
        tag: 'records',
        ok: { status: 204 },
        errors: ['meeting_not_found', 'meeting_not_noticed', 'not_your_voter'],
      }),
      validate('param', meetingParam),
      async (c) => {
        await confirmRead(db, meetingOf(c), actorOf(c), who(c))
        return c.body(null, 204)
      },
    )
    .post(
      `${meetingPath}/proxies`,
      doc({
        summary: 'Record a written proxy for a unit’s voter',
        tag: 'records',
        ok: { status: 201, description: 'The proxy' },
        errors: [
          'meeting_not_found',
          'meeting_not_open',
          'voter_not_found',
          'account_not_found',
          'already_voted',
          'directions_invalid',
          'document_missing',
          'proxy_cap_reached',
          'proxy_exists',
          'proxy_holder_ineligible',
        ],
      }),
      validate('param', meetingParam),
      validate('json', proxyBody),
      async (c) => {
        return c.json(await recordProxy(db, meetingOf(c), c.req.valid('json'), who(c)), 201)
      },
    )
    .get(
      `${meetingPath}/proxies`,
      doc({ summary: 'The meeting’s proxies', tag: 'records', errors: ['meeting_not_found'] }),
      validate('param', meetingParam),
      async (c) => {
        return c.json({ proxies: await listProxies(db, meetingOf(c).row.id) })
      },
    )
    .delete(
      `${meetingPath}/proxies/:proxyId`,
      doc({
        summary: 'Revoke a proxy that has not been used',
        tag: 'records',
        ok: { status: 204 },
        errors: ['meeting_not_found', 'proxy_not_active'],
      }),
      validate('param', proxyParam),
      async (c) => {
        await revokeProxy(db, meetingOf(c), c.req.valid('param').proxyId, who(c))
        return c.body(null, 204)
      },
    )
    .post(
      `${meetingPath}/service`,
      doc({
        summary: 'Record service of the notice made off-line (a signed receipt, posting)',
        tag: 'records',
        ok: { status: 201, description: 'Recorded' },
        also: { 200: 'Already recorded by that method' },
        errors: ['meeting_not_found', 'meeting_not_noticed', 'voter_not_found'],
      }),
      validate('param', meetingParam),
      validate('json', serviceBody),
      async (c) => {
        const r = await recordService(db, meetingOf(c), c.req.valid('json'), who(c))
        return c.json(r, r.recorded ? 201 : 200)
      },
    )
}

/** The routes of this module with their paths, inputs and answers, as mounted by apiRoutes (server/app.ts). */
export type RecordRoutes = ReturnType<typeof recordRoutes>
