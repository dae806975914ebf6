import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { actorOf, type AuthEnv } from '../auth/access'
import { AppError, badRequest } from '../errors'
import {
  addDisclosureAttachment,
  answerQuestion,
  askQuestion,
  board,
  compareDisclosureVersions,
  createDisclosure,
  disclosureAttachment,
  disclosureView,
  dueList,
  editDisclosureDraft,
  listDisclosures,
  publishDisclosure,
  readerOf,
  recordPaperService,
  serviceList,
  setCadence,
  versionPage,
} from '../services/disclosures'
import { MAX_ATTACHMENT_BYTES } from '../services/meeting-records'
import { who, type RouteContext } from './context'
import {
  answerBody,
  attachmentUploadForm,
  cadenceSettingBody,
  createDisclosureBody,
  disclosureAttachmentParam,
  disclosureDraftBody,
  disclosurePairParam,
  disclosureParam,
  disclosureVersionParam,
  paperServiceBody,
  publishDisclosureBody,
  questionBody,
  questionParam,
} from './disclosures.schema'
import { doc } from './openapi'
import { estateParam, validate } from './validate'

/**
 * Disclosures (domain §9): the conveners publish and correct them; anyone reads the public ones, the estate's
 * owners and staff the owners-only ones too; the due list and the supervision board are public.
 */
export function disclosureRoutes(ctx: RouteContext) {
  const { db } = ctx
  const base = '/estates/:estateId/disclosures'
  const one = `${base}/:disclosureId`
  const version = `${one}/versions/:number`
  return new Hono<AuthEnv>()
    .get(
      base,
      doc({
        summary:
          'The estate’s disclosures with their current versions (kind, period, title, version, SHA-256, ' +
          'visibility); owners-only ones for the estate’s owners and staff, drafts for its staff',
        tag: 'disclosures',
        errors: ['estate_not_found'],
      }),
      validate('param', estateParam),
      async (c) => {
        const { estateId } = c.req.valid('param')
        return c.json(await listDisclosures(db, estateId, readerOf(c.get('actor'), estateId)))
      },
    )
    .post(
      base,
      doc({
        summary: 'Create a disclosure’s draft: kind, period, visibility, title, body, statement or facts',
        tag: 'disclosures',
        ok: { status: 201, description: 'The new disclosure’s id' },
        errors: ['estate_not_found', 'disclosure_invalid', 'disclosure_period_exists'],
      }),
      validate('param', estateParam),
      validate('json', createDisclosureBody),
      async (c) => {
        const { estateId } = c.req.valid('param')
        return c.json(await createDisclosure(db, estateId, c.req.valid('json'), who(c)), 201)
      },
    )
    .get(
      `${base}/due`,
      doc({
        summary: 'Per kind: the last period published, what is due next and by when, and the days overdue',
        tag: 'disclosures',
        errors: ['estate_not_found'],
      }),
      validate('param', estateParam),
      async (c) => {
        const { estateId } = c.req.valid('param')
        return c.json(await dueList(db, estateId, readerOf(c.get('actor'), estateId), c.get('now')))
      },
    )
    .get(
      `${base}/board`,
      doc({
        summary:
          'The supervision board’s facts (公示牌): property company, contract term, standard, fees, hotline, ' +
          'the latest fund and common-income balances, the due list — from the current public versions',
        tag: 'disclosures',
        errors: ['estate_not_found'],
      }),
      validate('param', estateParam),
      async (c) => c.json(await board(db, c.req.valid('param').estateId, c.get('now'))),
    )
    .put(
      `${base}/settings`,
      doc({
        summary: 'The estate’s cadence for a periodic kind: period length (months) and days allowed after it',
        tag: 'disclosures',
        errors: ['estate_not_found', 'invalid_settings'],
      }),
      validate('param', estateParam),
      validate('json', cadenceSettingBody),
      async (c) => c.json(await setCadence(db, c.req.valid('param').estateId, c.req.valid('json'), who(c))),
    )
    .get(
      one,
      doc({
        summary: 'One disclosure: its versions and questions, and for the estate’s staff its draft',
        tag: 'disclosures',
        errors: ['disclosure_not_found'],
      }),
      validate('param', disclosureParam),
      async (c) => {
        const { estateId, disclosureId } = c.req.valid('param')
        return c.json(await disclosureView(db, estateId, disclosureId, readerOf(c.get('actor'), estateId)))
      },
    )
    .put(
      `${one}/draft`,
      doc({
        summary: 'Edit the draft (after a published version: the correction being prepared)',
        tag: 'disclosures',
        ok: { status: 204 },
        errors: ['disclosure_not_found', 'disclosure_invalid', 'attachment_not_found'],
      }),
      validate('param', disclosureParam),
      validate('json', disclosureDraftBody),
      async (c) => {
        const { estateId, disclosureId } = c.req.valid('param')
        await editDisclosureDraft(db, estateId, disclosureId, c.req.valid('json'), who(c))
        return c.body(null, 204)
      },
    )
    .post(
      `${one}/attachments`,
      doc({
        summary: 'Attach a PDF, PNG or JPEG (checked by its bytes) to the draft',
        tag: 'disclosures',
        ok: { status: 201, description: 'The attachment with its SHA-256' },
        form: attachmentUploadForm,
        errors: ['disclosure_not_found', 'file_missing', 'file_empty', 'file_too_large', 'file_type_refused'],
      }),
      bodyLimit({
        maxSize: MAX_ATTACHMENT_BYTES + 64 * 1024,
        onError: () => {
          throw new AppError('file_too_large', `Attachments are at most ${MAX_ATTACHMENT_BYTES} bytes`)
        },
      }),
      validate('param', disclosureParam),
      async (c) => {
        const { estateId, disclosureId } = c.req.valid('param')
        const form = await c.req.formData().catch(() => {
          throw badRequest('file_missing', 'multipart form data with a "file" field is required')
        })
        const file = form.get('file')
        if (!(file instanceof File)) throw badRequest('file_missing', 'multipart field "file" is required')
        const added = await addDisclosureAttachment(
          db,
          estateId,
          disclosureId,
          { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
          who(c),
        )
        return c.json({ attachment: added }, 201)
      },
    )
    .get(
      `${one}/attachments/:attachmentId`,
      doc({
        summary: 'An attachment’s file (a draft’s for the estate’s staff only)',
        tag: 'disclosures',
        ok: { status: 200, description: 'The file, with its own media type', media: '*/*' },
        errors: ['disclosure_not_found', 'attachment_not_found'],
      }),
      validate('param', disclosureAttachmentParam),
      async (c) => {
        const { estateId, disclosureId, attachmentId } = c.req.valid('param')
        const a = await disclosureAttachment(
          db,
          estateId,
          disclosureId,
          attachmentId,
          readerOf(c.get('actor'), estateId),
        )
        return c.body(new Uint8Array(a.data), 200, {
          'content-type': a.mime,
          'content-disposition': `${a.mime.startsWith('image/') ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(a.file_name)}`,
          'cache-control': 'private, max-age=3600',
        })
      },
    )
    .post(
      `${one}/versions`,
      doc({
        summary:
          'Publish the draft as the next version (immutable, numbered, hashed); a money statement must add up ' +
          'and open at the previous closing; a correction states its reason',
        tag: 'disclosures',
        ok: { status: 201, description: 'The new version’s number and SHA-256' },
        errors: [
          'disclosure_not_found',
          'disclosure_draft_missing',
          'disclosure_unchanged',
          'disclosure_reason_required',
          'disclosure_invalid',
          'statement_invalid',
          'attachment_not_found',
        ],
      }),
      validate('param', disclosureParam),
      validate('json', publishDisclosureBody),
      async (c) => {
        const { estateId, disclosureId } = c.req.valid('param')
        return c.json(await publishDisclosure(db, estateId, disclosureId, c.req.valid('json'), who(c)), 201)
      },
    )
    .get(
      version,
      doc({
        summary:
          'A version’s page: body, statement, facts, attachments, the versions list, questions and answers',
        description:
          'A signed-in owner of the estate opening it is served by reading it (first open recorded).',
        tag: 'disclosures',
        errors: ['disclosure_not_found', 'disclosure_version_not_found'],
      }),
      validate('param', disclosureVersionParam),
      async (c) => {
        const { estateId, disclosureId, number } = c.req.valid('param')
        return c.json(await versionPage(db, estateId, disclosureId, number, c.get('actor'), who(c)))
      },
    )
    .get(
      `${version}/compare/:other`,
      doc({
        summary: 'Two versions side by side, line by line, with both hashes',
        tag: 'disclosures',
        errors: ['disclosure_not_found', 'disclosure_version_not_found'],
      }),
      validate('param', disclosurePairParam),
      async (c) => {
        const { estateId, disclosureId, number, other } = c.req.valid('param')
        return c.json(
          await compareDisclosureVersions(
            db,
            estateId,
            disclosureId,
            number,
            other,
            readerOf(c.get('actor'), estateId),
          ),
        )
      },
    )
    .get(
      `${version}/service`,
      doc({
        summary:
          'Who was served the version: electronically (opened it) or on paper, and who still needs a paper ' +
          'copy, by building (unit numbers, masked names)',
        tag: 'disclosures',
        errors: ['disclosure_not_found', 'disclosure_version_not_found'],
      }),
      validate('param', disclosureVersionParam),
      async (c) => {
        const { estateId, disclosureId, number } = c.req.valid('param')
        return c.json(await serviceList(db, estateId, disclosureId, number))
      },
    )
    .post(
      `${version}/service`,
      doc({
        summary: 'Record paper service of the version on these voters',
        tag: 'disclosures',
        errors: ['disclosure_not_found', 'disclosure_version_not_found', 'unit_not_found'],
      }),
      validate('param', disclosureVersionParam),
      validate('json', paperServiceBody),
      async (c) => {
        const { estateId, disclosureId, number } = c.req.valid('param')
        return c.json(
          await recordPaperService(db, estateId, disclosureId, number, c.req.valid('json'), who(c)),
        )
      },
    )
    .post(
      `${one}/questions`,
      doc({
        summary: 'An owner of the estate asks a question about the disclosure (answered in public)',
        tag: 'disclosures',
        ok: { status: 201, description: 'The question’s id' },
        errors: ['disclosure_not_found', 'disclosure_version_not_found'],
      }),
      validate('param', disclosureParam),
      validate('json', questionBody),
      async (c) => {
        const { estateId, disclosureId } = c.req.valid('param')
        return c.json(
          await askQuestion(db, estateId, disclosureId, c.req.valid('json'), actorOf(c), who(c)),
          201,
        )
      },
    )
    .post(
      `${one}/questions/:questionId/answer`,
      doc({
        summary: 'Answer an owner’s question in public (once)',
        tag: 'disclosures',
        ok: { status: 204 },
        errors: ['disclosure_not_found', 'question_not_found', 'question_answered'],
      }),
      validate('param', questionParam),
      validate('json', answerBody),
      async (c) => {
        const { estateId, disclosureId, questionId } = c.req.valid('param')
        await answerQuestion(db, estateId, disclosureId, questionId, c.req.valid('json').text, who(c))
        return c.body(null, 204)
      },
    )
}
