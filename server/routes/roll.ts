import { randomUUID } from 'node:crypto'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import type { Db } from '../../db/client'
import { findEstate } from '../../db/repositories/estates'
import type { RollImport } from '../../db/schema'
import { auditActor, type AuthEnv } from '../auth/access'
import { AppError, badRequest, conflict, notFound } from '../errors'
import { importRoll, MERGE_TOKEN, type ImportMerges } from '../services/import-roll'
import type { ImportTracker } from '../services/import-tracker'
import { publishedRoll, publishedRollCsv } from '../services/published-roll'
import { estateParam, validate } from './validate'

export interface RollRouteDeps {
  readonly db: Db
  readonly tracker: ImportTracker
  readonly maxUploadBytes: number
}

const rollQuery = z.object({
  building: z.string().min(1).max(100).optional(),
  q: z.string().min(1).max(100).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
})

const importParam = estateParam.extend({ importId: z.uuid() })
const mergeToken = z
  .string()
  .regex(MERGE_TOKEN, 'confirmMerges: the 64 hex digits of a merge confirmation token')
const importQuery = z.object({
  fileName: z.string().min(1).max(200).optional(),
  wait: z.enum(['true', 'false']).optional(),
  /** The token of a `needs_confirmation` answer for the same file: the convener confirms its owner merges. */
  confirmMerges: mergeToken.optional(),
})

function presentImport(row: RollImport) {
  return {
    id: row.id,
    estateId: row.estate_id,
    status: row.status,
    mode: row.mode,
    phase: row.phase,
    processed: row.processed_rows,
    total: row.total_rows,
    fileName: row.file_name,
    format: row.format,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    summary: row.summary_json ? (JSON.parse(row.summary_json) as unknown) : null,
    errors: row.errors_json
      ? (JSON.parse(row.errors_json) as { line: number; code: string; reason: string }[])
      : [],
    merges: row.merges_json ? (JSON.parse(row.merges_json) as ImportMerges) : null,
  }
}

/** How a finished import that wrote nothing is answered to `wait=true`. */
function refusal(presented: ReturnType<typeof presentImport>): AppError {
  const code = presented.errors[0]?.code
  if (code === 'merge_confirmation_required')
    return new AppError(
      code,
      409,
      `${presented.merges?.warnings.length ?? 0} owner merge(s) must be confirmed: re-send the file with confirmMerges=<token>; nothing was imported`,
      { import: presented },
    )
  if (code === 'merge_token_mismatch')
    return new AppError(
      code,
      409,
      'The confirmation token does not match the merge warnings of this file; nothing was imported',
      { import: presented },
    )
  return new AppError(
    'roll_invalid',
    422,
    `The roll has ${presented.errors.length} error(s); nothing was imported`,
    { import: presented },
  )
}

async function readUpload(
  req: Request,
  fallbackName: string | undefined,
): Promise<{ bytes: Uint8Array; fileName: string; confirmMerges?: string }> {
  const type = req.headers.get('content-type') ?? ''
  if (type.startsWith('multipart/form-data')) {
    const form = await req.formData()
    const file = form.get('file')
    if (!(file instanceof File)) throw badRequest('file_missing', 'multipart field "file" is required')
    const field = form.get('confirmMerges')
    let confirmMerges: string | undefined
    if (field !== null) {
      const parsed = mergeToken.safeParse(field)
      if (!parsed.success)
        throw badRequest(
          'invalid_request',
          'multipart field "confirmMerges" must be a merge confirmation token',
          [{ path: 'form.confirmMerges', message: parsed.error.issues[0]?.message ?? 'invalid' }],
        )
      confirmMerges = parsed.data
    }
    return {
      bytes: new Uint8Array(await file.arrayBuffer()),
      fileName: file.name || fallbackName || 'roll',
      ...(confirmMerges === undefined ? {} : { confirmMerges }),
    }
  }
  const bytes = new Uint8Array(await req.arrayBuffer())
  return { bytes, fileName: fallbackName ?? 'roll' }
}

export function rollRoutes(deps: RollRouteDeps) {
  const { db, tracker } = deps

  return new Hono<AuthEnv>()
    .get('/:estateId/roll', validate('param', estateParam), validate('query', rollQuery), async (c) => {
      const { estateId } = c.req.valid('param')
      return c.json(await publishedRoll(db, estateId, c.req.valid('query')))
    })
    .get('/:estateId/roll.csv', validate('param', estateParam), async (c) => {
      const { estateId } = c.req.valid('param')
      const csv = await publishedRollCsv(db, estateId)
      return c.body(csv, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="roll-${estateId}.csv"`,
      })
    })
    .post(
      '/:estateId/roll/imports',
      bodyLimit({
        maxSize: deps.maxUploadBytes,
        onError: () => {
          throw new AppError('file_too_large', 413, `The file is larger than ${deps.maxUploadBytes} bytes`)
        },
      }),
      validate('param', estateParam),
      validate('query', importQuery),
      async (c) => {
        const { estateId } = c.req.valid('param')
        const query = c.req.valid('query')
        if (tracker.isRunningFor(estateId)) {
          throw conflict('import_in_progress', 'Another import of this estate is still running')
        }
        const upload = await readUpload(c.req.raw, query.fileName)
        const { bytes, fileName } = upload
        if (bytes.length === 0) throw badRequest('file_empty', 'The uploaded file is empty')
        if (upload.confirmMerges && query.confirmMerges && upload.confirmMerges !== query.confirmMerges)
          throw badRequest('invalid_request', 'confirmMerges differs between the query and the form')
        const confirmMerges = upload.confirmMerges ?? query.confirmMerges
        const importId = randomUUID()
        const staffActor = auditActor(c)
        const done = tracker.start(importId, estateId, (onProgress) =>
          importRoll(db, {
            estateId,
            fileName,
            file: bytes,
            actor: staffActor.actor,
            role: staffActor.role,
            importId,
            ...(confirmMerges === undefined ? {} : { confirmMerges }),
            onProgress,
          }),
        )
        if (query.wait === 'true') {
          await done
          const row = await db
            .selectFrom('roll_imports')
            .selectAll()
            .where('id', '=', importId)
            .executeTakeFirstOrThrow()
          const presented = presentImport(row)
          if (row.status !== 'succeeded') throw refusal(presented)
          return c.json({ import: presented }, 201)
        }
        // Errors after this point are recorded on the import itself; keep the process alive.
        done.catch((e: unknown) => console.error('[import]', importId, e))
        return c.json(
          { import: { id: importId, estateId, status: 'running', phase: 'reading', processed: 0, total: 0 } },
          202,
        )
      },
    )
    .get('/:estateId/roll/imports/:importId', validate('param', importParam), async (c) => {
      const { estateId, importId } = c.req.valid('param')
      const row = await db
        .selectFrom('roll_imports')
        .selectAll()
        .where('id', '=', importId)
        .where('estate_id', '=', estateId)
        .executeTakeFirst()
      if (!row) throw notFound('import_not_found', 'No such import')
      const live = tracker.progress(importId)
      if (live && row.status === 'running') {
        return c.json({
          import: { ...presentImport(row), phase: live.phase, processed: live.processed, total: live.total },
        })
      }
      return c.json({ import: presentImport(row) })
    })
    .get('/:estateId/roll/changes', validate('param', estateParam), async (c) => {
      const { estateId } = c.req.valid('param')
      if (!(await findEstate(db, estateId))) throw notFound('estate_not_found', `No estate "${estateId}"`)
      const rows = await db
        .selectFrom('roll_changes')
        .selectAll()
        .where('estate_id', '=', estateId)
        .orderBy('id')
        .execute()
      return c.json({
        changes: rows.map((r) => ({
          id: r.id,
          importId: r.import_id,
          changedAt: r.changed_at,
          unit: r.unit_number,
          change: r.change,
          before: r.before_json ? (JSON.parse(r.before_json) as unknown) : null,
          after: r.after_json ? (JSON.parse(r.after_json) as unknown) : null,
        })),
      })
    })
}
