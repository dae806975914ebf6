import type { EstateApi, Ok, Query } from '../api-types'
import { request } from '../http'

/**
 * The conveners' check of a money statement file (domain §9) before it goes into a disclosure: the statement the
 * file holds, or every problem by its line. Types from the route (../api-types, erased at build).
 */

type ParseRoute = EstateApi['statements']['parse']['$post']
export type ParsedStatement = Ok<ParseRoute>
/** The period, and the balances when the file has no 期初余额 / 期末余额 rows (yuan as typed). */
export type ParseStatementQuery = Query<ParseRoute>

/** One problem of a refused file: its line in the file (null: the whole file), its code and the cell's text. */
export interface StatementFileProblem {
  readonly line: number | null
  readonly code: string
  readonly detail: string
}

export type ParseResult =
  | { readonly ok: true; readonly data: ParsedStatement }
  | { readonly ok: false; readonly code: string; readonly problems: readonly StatementFileProblem[] }

const problemsOf = (details: unknown): readonly StatementFileProblem[] => {
  const problems = (details as { problems?: unknown } | undefined)?.problems
  return Array.isArray(problems) ? (problems as StatementFileProblem[]) : []
}

/** Sends the file; a refusal answers its code (statement_invalid with its problems, file_too_large …). */
export async function parseStatementFile(
  estateId: string,
  file: File,
  query: ParseStatementQuery,
): Promise<ParseResult> {
  const form = new FormData()
  form.append('file', file)
  const search = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (typeof v === 'string') search.set(k, v)
  const r = await request<ParsedStatement>(
    'POST',
    `/api/estates/${encodeURIComponent(estateId)}/statements/parse?${search.toString()}`,
    form,
  )
  if (r.ok) return { ok: true, data: r.data }
  return { ok: false, code: r.code, problems: problemsOf(r.details) }
}
