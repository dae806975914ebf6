import { randomUUID } from 'node:crypto'
import { Readable } from 'node:stream'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import Busboy from '@fastify/busboy'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { Db } from '../../db/client'
import { findEstate } from '../../db/repositories/estates'
import { findRollImport, rollChanges } from '../../db/repositories/roll-imports'
import type { RollImport } from '../../db/schema'
import { isSizeRefusal, type RollError } from '../domain/roll'
import { auditActor, type AuthEnv } from '../auth/access'
import { AppError, badRequest, conflict, notFound } from '../errors'
import { importRoll, type ImportMerges, type RollSummary } from '../services/import-roll'
import type { ImportTracker } from '../services/import-tracker'
import { publishedRoll, publishedRollCsv } from '../services/published-roll'
import { doc } from './openapi'
import { importParam, importQuery, mergeToken, rollQuery, rollUploadForm } from './roll.schema'
import { estateParam, validate } from './validate'

export interface RollRouteDeps {
  readonly db: Db
  readonly tracker: ImportTracker
  readonly maxUploadBytes: number
}

function presentImport(row: RollImport) {
  const errors = row.errors_json ? (JSON.parse(row.errors_json) as RollError[]) : []
  const summary = row.summary_json ? (JSON.parse(row.summary_json) as Record<string, unknown>) : null
  const merges = row.merges_json
    ? (JSON.parse(row.merges_json) as Omit<ImportMerges, 'count'> & { count?: number })
    : null
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
    // A succeeded import wrote its RollSummary there (a failed one keeps only its error count).
    summary: row.status === 'succeeded' ? (summary as RollSummary | null) : null,
    /** The first errors in file order (at most 200)… */
    errors,
    /** …and how many the file has in all (a refused import's summary keeps the count). */
    errorCount:
      row.status === 'failed' && typeof summary?.errorCount === 'number' ? summary.errorCount : errors.length,
    merges: merges
      ? ({ ...merges, count: merges.count ?? merges.warnings.length } satisfies ImportMerges)
      : null,
  }
}

/** How a finished import that wrote nothing is answered to `wait=true`. */
function refusal(presented: ReturnType<typeof presentImport>): AppError {
  const first = presented.errors[0]
  const code = first?.code
  const details = { import: presented }
  if (presented.status === 'running' || code === 'worker_failed' || code === 'internal')
    return new AppError(
      'import_failed',
      '导入意外中断，未写入任何数据 / the import stopped unexpectedly; nothing was written',
      details,
    )
  if (code === 'merge_confirmation_required') {
    const n = presented.merges?.count ?? 0
    return new AppError(
      code,
      `${n} 位业主的合并须确认：请带 confirmMerges=<确认码> 重新上传，未导入任何数据 / ${n} owner merge(s) must be confirmed: re-send the file with confirmMerges=<token>; nothing was imported`,
      details,
    )
  }
  if (code === 'merge_token_mismatch')
    return new AppError(
      code,
      '确认码与本文件的合并提示不符，未导入任何数据 / the confirmation token does not match the merge warnings of this file; nothing was imported',
      details,
    )
  // A file past a cap is refused as a whole, for its size: 413 with the cap's own code and words.
  if (first && isSizeRefusal(first.code)) return new AppError(first.code, first.reason, details)
  const n = presented.errorCount
  return new AppError(
    'roll_invalid',
    `名册有 ${n} 处错误（列出前 ${presented.errors.length} 处），未导入任何数据 / the roll has ${n} error(s) (the first ${presented.errors.length} listed); nothing was imported`,
    details,
  )
}

/**
 * The parts of a multipart upload, streamed through busboy. The platform's `Request.formData()` parses the whole
 * body in one synchronous step once it has arrived — over a second of a stalled event loop for a 45 MB upload —
 * and takes any number of parts; here the body is parsed as it arrives, with one file of at most `maxBytes` and a
 * few small fields.
 */
export function readMultipart(
  req: Request,
  maxBytes: number,
): Promise<{ file: Buffer | undefined; fileName: string; fields: Map<string, string> }> {
  const tooLarge = () =>
    new AppError(
      'file_too_large',
      `文件超过 ${maxBytes} 字节的上限，未导入任何数据 / the file is larger than ${maxBytes} bytes, the limit; nothing was imported`,
    )
  const malformed = () =>
    badRequest('invalid_request', '上传的表单无法读取 / the multipart form could not be read')
  return new Promise((resolve, reject) => {
    let parser
    try {
      parser = Busboy({
        headers: { 'content-type': req.headers.get('content-type') ?? '' },
        limits: { files: 1, fields: 4, parts: 5, fieldSize: 1024, fileSize: maxBytes },
      })
    } catch {
      return reject(malformed())
    }
    const fields = new Map<string, string>()
    let file: Promise<{ bytes: Buffer; name: string }> | undefined
    let failed = false
    const fail = (e: Error) => {
      if (failed) return
      failed = true
      reject(e)
    }
    parser.on('file', (field, stream, name) => {
      if (field !== 'file' || file) {
        stream.resume()
        return
      }
      file = new Promise((done) => {
        const chunks: Buffer[] = []
        stream.on('data', (c: Buffer) => chunks.push(c))
        stream.on('limit', () => fail(tooLarge()))
        stream.on('end', () => done({ bytes: Buffer.concat(chunks), name }))
      })
    })
    parser.on('field', (name, value) => fields.set(name, value))
    parser.on('error', () => fail(malformed()))
    parser.on('finish', () => {
      void (file ?? Promise.resolve(undefined)).then((f) => {
        if (!failed) resolve({ file: f?.bytes, fileName: f?.name ?? '', fields })
      })
    })
    if (!req.body) return fail(malformed())
    const body = Readable.fromWeb(req.body as WebReadableStream)
    body.on('error', (e) => fail(e instanceof AppError ? e : malformed()))
    body.pipe(parser)
  })
}

async function readUpload(
  req: Request,
  fallbackName: string | undefined,
  maxBytes: number,
): Promise<{ bytes: Uint8Array; fileName: string; confirmMerges?: string }> {
  const type = req.headers.get('content-type') ?? ''
  if (type.startsWith('multipart/form-data')) {
    const form = await readMultipart(req, maxBytes)
    if (!form.file)
      throw badRequest('file_missing', '缺少上传的文件（表单字段 file）/ multipart field "file" is required')
    const field = form.fields.get('confirmMerges')
    let confirmMerges: string | undefined
    if (field !== undefined) {
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
      bytes: new Uint8Array(form.file.buffer, form.file.byteOffset, form.file.byteLength),
      fileName: form.fileName || fallbackName || 'roll',
      ...(confirmMerges === undefined ? {} : { confirmMerges }),
    }
  }
  const bytes = new Uint8Array(await req.arrayBuffer())
  return { bytes, fileName: fallbackName ?? 'roll' }
}

export function rollRoutes(deps: RollRouteDeps) {
  const { db, tracker } = deps

  return new Hono<AuthEnv>()
    .get(
      '/:estateId/roll',
      doc({
        summary: 'The published roll (公示): unit numbers, areas and masked names, a page at a time',
        tag: 'roll',
        errors: ['estate_not_found'],
      }),
      validate('param', estateParam),
      validate('query', rollQuery),
      async (c) => {
        const { estateId } = c.req.valid('param')
        return c.json(await publishedRoll(db, estateId, c.req.valid('query')))
      },
    )
    .get(
      '/:estateId/roll.csv',
      doc({
        summary: 'The published roll as CSV',
        tag: 'roll',
        ok: { status: 200, description: 'CSV', media: 'text/csv' },
        errors: ['estate_not_found'],
      }),
      validate('param', estateParam),
      async (c) => {
        const { estateId } = c.req.valid('param')
        const csv = await publishedRollCsv(db, estateId)
        return c.body(csv, 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="roll-${estateId}.csv"`,
        })
      },
    )
    .post(
      '/:estateId/roll/imports',
      doc({
        summary: 'Import the roll from a file (CSV or .xlsx): checked whole, written all or nothing',
        description:
          'Answers 202 at once with the running import to poll, or with `wait=true` the finished import (201) ' +
          'or its refusal. A file past a cap is refused with 413 and the cap’s own code.',
        tag: 'roll',
        ok: { status: 202, description: 'The import, running' },
        also: { 201: 'With wait=true: the finished import' },
        form: rollUploadForm,
        rawBody: 'application/octet-stream',
        errors: [
          'estate_not_found',
          'import_in_progress',
          'file_missing',
          'file_empty',
          'file_too_large',
          'too_many_rows',
          'too_many_columns',
          'record_too_long',
          'xlsx_too_large',
          'xlsx_too_many_entries',
          'roll_invalid',
          'merge_confirmation_required',
          'merge_token_mismatch',
          'import_failed',
        ],
      }),
      bodyLimit({
        maxSize: deps.maxUploadBytes,
        onError: () => {
          throw new AppError(
            'file_too_large',
            `文件超过 ${deps.maxUploadBytes} 字节的上限，未导入任何数据 / the file is larger than ${deps.maxUploadBytes} bytes, the limit; nothing was imported`,
          )
        },
      }),
      validate('param', estateParam),
      validate('query', importQuery),
      async (c) => {
        const { estateId } = c.req.valid('param')
        const query = c.req.valid('query')
        if (tracker.isRunningFor(estateId)) {
          throw conflict(
            'import_in_progress',
            '本小区的另一次导入尚未完成 / another import of this estate is still running',
          )
        }
        const upload = await readUpload(c.req.raw, query.fileName, deps.maxUploadBytes)
        const { bytes, fileName } = upload
        if (bytes.length === 0) throw badRequest('file_empty', '上传的文件为空 / the uploaded file is empty')
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
            ...(tracker.workerHeapMb === undefined ? {} : { workerHeapMb: tracker.workerHeapMb }),
            onProgress,
          }),
        )
        if (query.wait === 'true') {
          // A failure of the import itself (its worker, the database) is on its record, answered below.
          await done.catch((e: unknown) => console.error('[import]', importId, e))
          const row = await findRollImport(db, importId)
          if (!row) throw new Error(`roll import ${importId} has no record`)
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
    .get(
      '/:estateId/roll/imports/:importId',
      doc({
        summary: 'A roll import: its progress, summary or errors',
        tag: 'roll',
        errors: ['import_not_found'],
      }),
      validate('param', importParam),
      async (c) => {
        const { estateId, importId } = c.req.valid('param')
        const row = await findRollImport(db, importId, estateId)
        if (!row) throw notFound('import_not_found', 'No such import')
        const live = tracker.progress(importId)
        if (live && row.status === 'running') {
          return c.json({
            import: {
              ...presentImport(row),
              phase: live.phase,
              processed: live.processed,
              total: live.total,
            },
          })
        }
        return c.json({ import: presentImport(row) })
      },
    )
    .get(
      '/:estateId/roll/changes',
      doc({
        summary: 'Every change the imports made to the roll',
        tag: 'roll',
        errors: ['estate_not_found'],
      }),
      validate('param', estateParam),
      async (c) => {
        const { estateId } = c.req.valid('param')
        if (!(await findEstate(db, estateId))) throw notFound('estate_not_found', `No estate "${estateId}"`)
        return c.json({ changes: await rollChanges(db, estateId) })
      },
    )
}

/** The routes of this module with their paths, inputs and answers, as mounted by apiRoutes (server/app.ts). */
export type RollRoutes = ReturnType<typeof rollRoutes>
