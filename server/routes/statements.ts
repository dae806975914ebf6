import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AuthEnv } from '../auth/access'
import { AppError, badRequest } from '../errors'
import { parseStatementUpload, STATEMENT_MAX_UPLOAD_BYTES } from '../services/statement-import'
import type { RouteContext } from './context'
import { doc } from './openapi'
import { readMultipart } from './roll'
import { parseStatementQuery, statementUploadForm } from './statements.schema'
import { estateParam, validate } from './validate'

const tooLarge = () =>
  new AppError(
    'file_too_large',
    `文件超过 ${STATEMENT_MAX_UPLOAD_BYTES} 字节的上限，未保存任何内容 / the file is larger than ${STATEMENT_MAX_UPLOAD_BYTES} bytes, the limit; nothing was kept`,
  )

/**
 * Money statements (domain §9) from a spreadsheet: a convener checks a CSV or .xlsx file and gets the statement it
 * holds, ready for a disclosure, or every problem by its line. Nothing is kept either way.
 */
export function statementRoutes(ctx: RouteContext) {
  const { db } = ctx
  return new Hono<AuthEnv>().post(
    '/estates/:estateId/statements/parse',
    doc({
      summary:
        'Read a money statement from a file (CSV or .xlsx): the statement and its totals, or every problem',
      description:
        'The file has a header row (日期/date, 收支/direction, 金额/amount in yuan, 对方/counterparty, 用途/purpose, ' +
        '凭证/document) and 期初余额/opening and 期末余额/closing rows, or the balances as the query’s `opening` and ' +
        '`closing`; or, as a cash book (日记账), 收入 and 支出 columns and a running 余额, checked row by row. ' +
        'Rows of sums (合计) are left out and listed in `skipped`. Any problem answers 422 `statement_invalid` ' +
        'with `details.problems` ({line, code, detail}, the line of the file). Nothing is kept.',
      tag: 'statements',
      form: statementUploadForm,
      errors: [
        'estate_not_found',
        'file_missing',
        'file_empty',
        'file_too_large',
        'too_many_rows',
        'too_many_columns',
        'record_too_long',
        'xlsx_too_large',
        'xlsx_too_many_entries',
        'statement_invalid',
      ],
    }),
    bodyLimit({
      maxSize: STATEMENT_MAX_UPLOAD_BYTES,
      onError: () => {
        throw tooLarge()
      },
    }),
    validate('param', estateParam),
    validate('query', parseStatementQuery),
    async (c) => {
      const { estateId } = c.req.valid('param')
      const query = c.req.valid('query')
      const type = c.req.header('content-type') ?? ''
      if (!type.startsWith('multipart/form-data'))
        throw badRequest(
          'file_missing',
          '缺少上传的文件（表单字段 file）/ multipart field "file" is required',
        )
      const form = await readMultipart(c.req.raw, STATEMENT_MAX_UPLOAD_BYTES)
      if (!form.file)
        throw badRequest(
          'file_missing',
          '缺少上传的文件（表单字段 file）/ multipart field "file" is required',
        )
      if (form.file.length === 0)
        throw badRequest('file_empty', '上传的文件为空 / the uploaded file is empty')
      const file = new Uint8Array(form.file.buffer, form.file.byteOffset, form.file.byteLength)
      return c.json(await parseStatementUpload(db, { estateId, file, ...query, previousClosingFen: null }))
    },
  )
}
