import { z } from 'zod'
import { isChinaDate } from '../domain/calendar'

const chinaDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a China date, YYYY-MM-DD')
  .refine(isChinaDate, 'a real calendar date')

/** Yuan as typed in the sheet (the service reads it into fen, never through a float). */
const yuanText = z.string().trim().min(1).max(32)

/**
 * The period a statement file covers, and its balances when the file has no 期初余额 / 期末余额 rows. The previous
 * period's closing is the disclosure's to know, when the statement is published.
 */
export const parseStatementQuery = z
  .object({
    periodStart: chinaDate,
    periodEnd: chinaDate,
    opening: yuanText.optional(),
    closing: yuanText.optional(),
  })
  .refine((q) => q.periodStart <= q.periodEnd, {
    message: 'periodStart is on or before periodEnd',
    path: ['periodEnd'],
  })
export type ParseStatementQuery = z.output<typeof parseStatementQuery>

/** The multipart form of a statement file, as documented (the route streams it itself, with busboy). */
export const statementUploadForm = z.object({ file: z.file() })
