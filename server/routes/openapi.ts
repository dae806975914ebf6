import type { Context, Env, Hono, MiddlewareHandler, Schema } from 'hono'
import {
  describeRoute,
  generateSpecs,
  resolver,
  type DescribeRouteOptions,
  type GenerateSpecOptions,
} from 'hono-openapi'
import type { ZodType } from 'zod'
import { ruleFor, type Rule } from '../auth/policy'
import { ERROR_STATUS, type ErrorCode } from '../errors'
import pkg from '../../package.json' with { type: 'json' }

/**
 * The API described for integrators (OpenAPI 3.1), generated from the routes themselves: each route's request
 * schemas are the zod schemas `validate()` checks (routes/*.schema.ts), its summary, tag and the codes it may
 * answer are written beside it with `doc()`, and who may call it comes from the one policy table
 * (auth/policy.ts). Nothing here is a second description that could drift from what the server does.
 */

/** The API's resources, one tag each, in the order the document lists them. */
export const TAGS = {
  health: 'Whether the server answers.',
  estates: 'Estates (小区): created by an admin, named and configured by conveners.',
  roll: 'The published roll (公示: unit numbers, areas, masked names), its imports and objections to it.',
  auth: 'Owners’ activation from an invitation letter, passkey sign-in and out, staff enrollment.',
  me: 'The signed-in person: their own view and their passkeys.',
  staff: 'Staff accounts and their roles per estate (domain §2).',
  invitations: 'Owners’ invitation letters (activation codes) and the second person’s approvals.',
  holders: 'Who acts for a voter besides its owners (domain §3): representatives, guardians, their papers.',
  meetings: 'Meetings of an estate: the definition, the notice, the extension, the agenda’s attachments.',
  ballots: 'Ballots over every channel: online with a passkey, paper entered twice, paper requests.',
  records: 'A meeting’s records: proxies, service of the notice, objections, sign-offs.',
  results: 'Turnout, the preliminary and final results, the public summary, the full bundle, exports.',
  supervision: 'What supervisors watch: the audit log, live turnout, the records of service and sign-offs.',
  formation:
    'Forming the first assembly and re-elections (domain §§7–8): application, group, clocks, filing.',
  publications: 'What the conveners publish for the first assembly (domain §7.3): roll versions, documents.',
  committee:
    'The owners’ committee (domain §8): its term, members and alternates, meetings, passkey-signed votes, notices.',
  disclosures:
    'Disclosures (domain §9): what the committee owes the owners, by kind and period, in immutable versions.',
  oversight:
    'Oversight across estates (domain §11): street and district offices over the estates of their area.',
  statements:
    'Money statements (domain §9): a statement read from a spreadsheet, checked line by line, before it is disclosed.',
  surveys:
    'Property-service satisfaction surveys (domain §10): questionnaire, window, anonymous responses, results.',
  docs: 'This document.',
} as const

export type Tag = keyof typeof TAGS

export interface RouteDoc {
  readonly summary: string
  readonly tag: Tag
  readonly description?: string
  /** The success answer: its status (200 unless said) and what it is. */
  readonly ok?: {
    readonly status: 200 | 201 | 202 | 204
    readonly description?: string
    readonly media?: string
  }
  /**
   * Further answers besides the success one (a 409 `mismatch` of a paper entry, a 200 for a record that
   * already existed).
   */
  readonly also?: Readonly<Record<number, string>>
  /**
   * The codes the route itself may answer (its checks and its services'). The gates' codes — sign-in, role,
   * Origin, body size, rate limit, `invalid_request` for a request its schemas refuse — are added from where they
   * are decided, so they are not listed here.
   */
  readonly errors?: readonly ErrorCode[]
  /** The route is behind a rate limit (auth/rate-limit.ts): it may answer 429 `rate_limited`. */
  readonly limited?: boolean
  /**
   * A multipart form the route reads itself (an upload, streamed or with its own limit), documented from this
   * schema; the route's own checks answer for it.
   */
  readonly form?: ZodType
  /** A body the route reads itself, raw (the roll's file as the request body), by its media type. */
  readonly rawBody?: string
}

const RATE_LIMITED = 'x-rate-limited'

type Responses = NonNullable<DescribeRouteOptions['responses']>
/** An answer as OpenAPI 3.1 has it (the generator's own type for the validation error's answer). */
type ResponseObject = Exclude<GenerateSpecOptions['defaultValidationErrorResponse'], boolean>

/** Describes one route in the OpenAPI document. A middleware that does nothing at request time. */
export function doc(d: RouteDoc): MiddlewareHandler {
  const ok = d.ok ?? { status: 200 }
  const okResponse = {
    description: ok.description ?? (ok.status === 204 ? 'Done; no body' : 'OK'),
    ...(ok.status === 204 ? {} : { content: { [ok.media ?? 'application/json']: {} } }),
  }
  const responses: Responses = { [ok.status]: okResponse }
  for (const [status, description] of Object.entries(d.also ?? {})) responses[status] = { description }
  const errors = d.errors ?? []
  // A route that refuses something of its own with a 400 also refuses a request its schemas refuse.
  const codes = errors.some((e) => ERROR_STATUS[e] === 400) ? [...errors, 'invalid_request' as const] : errors
  for (const [status, list] of byStatus(codes)) responses[status] = errorResponse(list)
  const content = {
    ...(d.form ? { 'multipart/form-data': { schema: resolver(d.form) } } : {}),
    ...(d.rawBody
      ? { [d.rawBody]: { schema: { type: 'string' as const, contentMediaType: d.rawBody } } }
      : {}),
  }
  return describeRoute({
    summary: d.summary,
    tags: [d.tag],
    ...(d.description ? { description: d.description } : {}),
    ...(Object.keys(content).length > 0 ? { requestBody: { content } } : {}),
    responses,
    ...(d.limited ? { [RATE_LIMITED]: true } : {}),
  })
}

function byStatus(codes: readonly ErrorCode[]): Map<number, ErrorCode[]> {
  const map = new Map<number, ErrorCode[]>()
  for (const code of new Set(codes)) {
    const status = ERROR_STATUS[code]
    map.set(status, [...(map.get(status) ?? []), code])
  }
  return map
}

/** The one error shape (errors.ts `ErrorBody`), with the codes a status may carry on this route. */
function errorResponse(codes: readonly ErrorCode[]): ResponseObject {
  return {
    description: codes.join(', '),
    content: {
      'application/json': {
        schema: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string', enum: [...codes] },
                message: {
                  type: 'string',
                  description: 'For people; clients branch on `code`, never on this.',
                },
                details: { description: 'Depends on the code: the problems of a refused request, a cap…' },
              },
            },
          },
        },
      },
    },
  }
}

/** An answer as the generator leaves it, read for the error codes it lists. */
type Answer = { description?: string; content?: Record<string, { schema?: { properties?: ErrorProps } }> }
type Operation = {
  responses?: Record<string, Answer>
  security?: Record<string, string[]>[]
  description?: string
  [RATE_LIMITED]?: boolean
}
type ErrorProps = { error?: { properties?: { code?: { enum?: string[] } } } }

/** Adds codes to an operation's answers, merged into the answer of the same status if it has one. */
function addCodes(op: Operation, codes: readonly ErrorCode[]) {
  const responses = (op.responses ??= {})
  for (const [status, list] of byStatus(codes)) {
    const answer = responses[status]
    const code = answer?.content?.['application/json']?.schema?.properties?.error?.properties?.code
    if (answer && code?.enum) {
      code.enum = [...new Set([...code.enum, ...list])]
      answer.description = code.enum.join(', ')
    } else responses[status] = errorResponse(list) as Answer
  }
}

const UNSAFE = new Set(['post', 'put', 'patch', 'delete'])

function describeRule(rule: Rule): string {
  if (rule.allow === 'anyone') return 'Anyone, signed in or not.'
  if (rule.allow === 'signed_in')
    return 'Any signed-in person (the route may check more: whose voter, which estate).'
  return `Staff holding one of these roles${rule.roles.includes('admin') ? '' : ' for the estate of the path'}: ${rule.roles.join(', ')}.`
}

/**
 * The document for the routes of `api` (mounted under `/api`). Each operation gets, from where it is decided:
 * who may call it (policy.ts) with 401 `unauthenticated` and 403 `forbidden` when that is not anyone; 403
 * `csrf_origin` and 413 `body_too_large` for a request that changes state (auth/access.ts originCheck, app.ts's
 * body limit); 429 `rate_limited` when limited; 500 `internal` for every route.
 */
export async function openApiDocument<E extends Env, S extends Schema, P extends string>(api: Hono<E, S, P>) {
  // A copy: the generator hands back the routes' own descriptions, which the steps below must not change.
  const spec = structuredClone(
    await generateSpecs(api, {
      documentation: {
        openapi: '3.1.0',
        info: {
          title: '共决 Gongjue API',
          version: pkg.version,
          description:
            'The API of an owners’ assembly platform (业主大会). Every error answers `{ error: { code, message, ' +
            'details? } }`; the codes listed under each answer are the ones that route may give.',
        },
        servers: [{ url: '/api' }],
        tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
        components: {
          securitySchemes: {
            session: {
              type: 'apiKey',
              in: 'cookie',
              name: '__Host-gj_session',
              description:
                'The session cookie set by a passkey sign-in (gj_session on plain-http localhost).',
            },
          },
        },
      },
      // The roll's CSV and this document end in a file name; they are routes like the others.
      excludeStaticFile: false,
      defaultValidationErrorResponse: errorResponse(['invalid_request']),
    }),
  )
  for (const [path, item] of Object.entries(spec.paths)) {
    const honoPath = '/api' + path.replace(/\{([^}]+)\}/g, ':$1')
    for (const [method, value] of Object.entries(item as Record<string, Operation | undefined>)) {
      if (!value) continue
      const op = value
      const rule = ruleFor(method.toUpperCase(), honoPath)
      if (!rule) throw new Error(`OpenAPI: no policy for ${method.toUpperCase()} ${honoPath}`)
      const codes: ErrorCode[] = ['internal']
      if (rule.allow !== 'anyone') {
        codes.push('unauthenticated', 'forbidden')
        op.security = [{ session: [] }]
      }
      if (UNSAFE.has(method)) codes.push('csrf_origin', 'body_too_large')
      if (op[RATE_LIMITED]) codes.push('rate_limited')
      delete op[RATE_LIMITED]
      addCodes(op, codes)
      op.description = [op.description, `Who may call: ${describeRule(rule)}`].filter(Boolean).join('\n\n')
    }
  }
  return spec
}

/** Serves the document, generated once on first request (the routes do not change while the server runs). */
export function openApiHandler<E extends Env, S extends Schema, P extends string>(api: Hono<E, S, P>) {
  let document: ReturnType<typeof openApiDocument> | undefined
  return async (c: Context) => {
    // A failure is not kept: the next request tries again.
    document ??= openApiDocument(api).catch((e: unknown) => {
      document = undefined
      throw e
    })
    return c.json(await document)
  }
}
