import { zValidator } from '@hono/zod-validator'
import type { ValidationTargets } from 'hono'
import { resolver, uniqueSymbol } from 'hono-openapi'
import { z, type ZodType } from 'zod'
import { AppError } from '../errors'
import { ESTATE_ID } from '../services/import-roll'
import { UNSAFE_TEXT } from '../domain/text'

/**
 * Request validation at the edge (design.md principle 4): a failed check answers 400 `invalid_request` with
 * every problem and its path, in the one error shape. The same schema documents the request in the OpenAPI
 * document (routes/openapi.ts): the middleware carries it under hono-openapi's mark, which the generator reads
 * from each route's handlers, so what is validated and what is documented cannot drift apart.
 */
export function validate<T extends ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) {
  const check = zValidator(target, schema, (result) => {
    if (!result.success) {
      throw new AppError(
        'invalid_request',
        result.error.issues.map((i) => `${[target, ...i.path].join('.')}: ${i.message}`).join('; '),
        result.error.issues.map((i) => ({ path: [target, ...i.path].join('.'), message: i.message })),
      )
    }
  })
  return Object.assign(check, { [uniqueSymbol]: { target, ...resolver(schema) } })
}

/** A one-line name or title shown to others: trimmed, `max` characters at most, without UNSAFE_TEXT. */
export const displayText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !UNSAFE_TEXT.test(s), 'no control or bidirectional-override characters')

/** The `:estateId` path parameter every estate route has. */
export const estateParam = z.object({
  estateId: z.string().regex(ESTATE_ID, 'estate id: lowercase letters, digits, -'),
})
