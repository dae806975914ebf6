import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/**
 * One error vocabulary (design.md principle 5). Domain and services throw AppError with a stable `code`;
 * `onError` maps it to `{ error: { code, message, details? } }`. The UI branches on `code`, never on `message`.
 */
export class AppError extends Error {
  readonly code: string
  readonly status: ContentfulStatusCode
  readonly details: unknown

  constructor(code: string, status: ContentfulStatusCode, message: string, details?: unknown) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.status = status
    this.details = details
  }
}

export const badRequest = (code: string, message: string, details?: unknown) =>
  new AppError(code, 400, message, details)
export const notFound = (code: string, message: string) => new AppError(code, 404, message)
export const conflict = (code: string, message: string, details?: unknown) =>
  new AppError(code, 409, message, details)

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown }
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } }
}

export function onError(err: Error, c: Context): Response {
  if (err instanceof AppError) {
    return c.json(errorBody(err.code, err.message, err.details), err.status)
  }
  // Anything unexpected is logged with its detail and answered generically.
  console.error('[error]', c.req.method, c.req.path, err)
  return c.json(errorBody('internal', 'Internal server error'), 500)
}
