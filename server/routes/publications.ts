import { Hono } from 'hono'
import { actorOf, type AuthEnv } from '../auth/access'
import type { Context } from 'hono'
import {
  compareDocumentVersions,
  createDocument,
  documentVersionView,
  documentView,
  editDraft,
  linkMatterDocument,
  listDocuments,
  publishDocument,
} from '../services/documents'
import {
  compareRollVersions,
  listRollVersions,
  publishRollVersion,
  rollVersionView,
} from '../services/roll-versions'
import { who, type RouteContext } from './context'
import { doc } from './openapi'
import {
  createDocumentBody,
  documentPairParam,
  documentParam,
  documentVersionParam,
  draftBody,
  matterDocumentBody,
  matterDocumentParam,
  publishDocumentBody,
  publishRollVersionBody,
  rollVersionPairParam,
  rollVersionParam,
  rollVersionQuery,
} from './publications.schema'
import { estateParam, validate } from './validate'

/**
 * The publications of the first assembly's preparation (domain §7.3 (3)): the roll's published versions, public
 * to anyone (masked names only), published by the conveners. Objections to a version go through the roll's
 * objection routes (routes/supervision.ts) with the version's number.
 */
/** Whether the caller is staff of the estate (they see drafts); anyone else reads published versions only. */
const isStaffOf = (c: Context<AuthEnv>, estateId: string) =>
  c.get('actor')?.grants.some((g) => g.estateId === estateId) ?? false

export function publicationRoutes(ctx: RouteContext) {
  const { db } = ctx
  return new Hono<AuthEnv>()
    .get(
      '/estates/:estateId/roll/versions',
      doc({
        summary: 'The estate’s published roll versions, newest (the final one) first, with their hashes',
        tag: 'publications',
      }),
      validate('param', estateParam),
      async (c) => c.json(await listRollVersions(db, c.req.valid('param').estateId)),
    )
    .post(
      '/estates/:estateId/roll/versions',
      doc({
        summary:
          'Publish the roll as it stands as the next version, naming the upheld objections it corrects',
        tag: 'publications',
        ok: { status: 201, description: 'The new version’s number and hash' },
        errors: [
          'estate_not_found',
          'roll_empty',
          'roll_version_unchanged',
          'objection_not_upheld',
          'objection_already_corrected',
        ],
      }),
      validate('param', estateParam),
      validate('json', publishRollVersionBody),
      async (c) => {
        const { estateId } = c.req.valid('param')
        const body = c.req.valid('json')
        return c.json(await publishRollVersion(db, { estateId, ...body }, who(c)), 201)
      },
    )
    .get(
      '/estates/:estateId/roll/versions/:number',
      doc({
        summary:
          'One published roll version: number, date, hash, a page of its units (masked names), objections with ' +
          'their answers, and the meetings whose electorate it was',
        tag: 'publications',
        errors: ['roll_version_not_found'],
      }),
      validate('param', rollVersionParam),
      validate('query', rollVersionQuery),
      async (c) => {
        const { estateId, number } = c.req.valid('param')
        return c.json(await rollVersionView(db, estateId, number, c.req.valid('query')))
      },
    )
    .get(
      '/estates/:estateId/roll/versions/:number/compare/:other',
      doc({
        summary: 'Two roll versions side by side: units added, removed and changed, with both hashes',
        tag: 'publications',
        errors: ['roll_version_not_found'],
      }),
      validate('param', rollVersionPairParam),
      async (c) => {
        const { estateId, number, other } = c.req.valid('param')
        return c.json(await compareRollVersions(db, estateId, number, other))
      },
    )
    .get(
      '/estates/:estateId/publications/documents',
      doc({
        summary:
          'The estate’s documents with their current published versions (and, for its staff, the drafts)',
        tag: 'publications',
      }),
      validate('param', estateParam),
      async (c) => {
        const { estateId } = c.req.valid('param')
        return c.json(await listDocuments(db, estateId, isStaffOf(c, estateId)))
      },
    )
    .post(
      '/estates/:estateId/publications/documents',
      doc({
        summary: 'Create a document’s draft from a template the product ships',
        tag: 'publications',
        ok: { status: 201, description: 'The new document’s id' },
        errors: ['estate_not_found'],
      }),
      validate('param', estateParam),
      validate('json', createDocumentBody),
      async (c) => {
        const { estateId } = c.req.valid('param')
        const { template } = c.req.valid('json')
        return c.json(await createDocument(db, { estateId, template }, who(c)), 201)
      },
    )
    .get(
      '/estates/:estateId/publications/documents/:documentId',
      doc({
        summary: 'One document: its published versions, and for the estate’s staff its draft',
        tag: 'publications',
        errors: ['document_not_found'],
      }),
      validate('param', documentParam),
      async (c) => {
        const { estateId, documentId } = c.req.valid('param')
        return c.json(await documentView(db, estateId, documentId, isStaffOf(c, estateId)))
      },
    )
    .put(
      '/estates/:estateId/publications/documents/:documentId/draft',
      doc({
        summary: 'Edit a document’s draft: title, text and fields (settings never looser than the law)',
        tag: 'publications',
        ok: { status: 204 },
        errors: ['document_not_found', 'invalid_settings'],
      }),
      validate('param', documentParam),
      validate('json', draftBody),
      async (c) => {
        const { estateId, documentId } = c.req.valid('param')
        await editDraft(db, { estateId, documentId, ...c.req.valid('json') }, who(c))
        return c.body(null, 204)
      },
    )
    .post(
      '/estates/:estateId/publications/documents/:documentId/versions',
      doc({
        summary:
          'Publish the draft as the document’s next version (immutable, numbered, hashed), saying what it changes',
        tag: 'publications',
        ok: { status: 201, description: 'The new version’s number and hash' },
        errors: ['document_not_found', 'invalid_settings', 'document_unchanged', 'document_reason_required'],
      }),
      validate('param', documentParam),
      validate('json', publishDocumentBody),
      async (c) => {
        const { estateId, documentId } = c.req.valid('param')
        const { reason } = c.req.valid('json')
        return c.json(await publishDocument(db, { estateId, documentId, reason }, who(c)), 201)
      },
    )
    .get(
      '/estates/:estateId/publications/documents/:documentId/versions/:number',
      doc({
        summary: 'One published version of a document: its text, fields, hash and date',
        tag: 'publications',
        errors: ['document_not_found', 'document_version_not_found'],
      }),
      validate('param', documentVersionParam),
      async (c) => {
        const { estateId, documentId, number } = c.req.valid('param')
        return c.json(await documentVersionView(db, estateId, documentId, number))
      },
    )
    .get(
      '/estates/:estateId/publications/documents/:documentId/versions/:number/compare/:other',
      doc({
        summary: 'Two versions of a document side by side: the text line by line, the fields that changed',
        tag: 'publications',
        errors: ['document_not_found', 'document_version_not_found'],
      }),
      validate('param', documentPairParam),
      async (c) => {
        const { estateId, documentId, number, other } = c.req.valid('param')
        return c.json(await compareDocumentVersions(db, estateId, documentId, number, other))
      },
    )
    .post(
      '/estates/:estateId/meetings/:meetingId/matters/:matterId/document',
      doc({
        summary:
          'A meeting’s matter decides a published document version; passed in the final result, a rules of ' +
          'procedure’s settings become the estate’s',
        tag: 'publications',
        ok: { status: 204 },
        errors: [
          'meeting_not_found',
          'matter_not_found',
          'document_not_found',
          'document_version_not_found',
          'matter_document_linked',
          'meeting_not_draft',
        ],
      }),
      validate('param', matterDocumentParam),
      validate('json', matterDocumentBody),
      async (c) => {
        const { estateId, meetingId, matterId } = c.req.valid('param')
        actorOf(c)
        await linkMatterDocument(db, { estateId, meetingId, matterId, ...c.req.valid('json') }, who(c))
        return c.body(null, 204)
      },
    )
}
