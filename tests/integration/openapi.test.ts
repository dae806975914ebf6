import { Validator } from '@seriousme/openapi-schema-validator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACCESS } from '../../server/auth/policy'
import { ERROR_STATUS } from '../../server/errors'
import { tempDb, testApp, type TestApp } from '../support'

/**
 * The OpenAPI document at GET /api/openapi.json is generated from the routes themselves: it must be a valid
 * OpenAPI 3.1 document, list exactly the routes of the policy table with their methods, and document only error
 * codes the server has, each under the status the server answers it with.
 */

interface ErrorSchema {
  properties?: { error?: { properties?: { code?: { enum?: string[] } } } }
}
interface Operation {
  summary?: string
  tags?: string[]
  security?: unknown[]
  parameters?: { in: string; name: string; required?: boolean; schema?: Record<string, unknown> }[]
  requestBody?: { content: Record<string, { schema?: Record<string, unknown> }> }
  responses: Record<string, { description?: string; content?: Record<string, { schema?: ErrorSchema }> }>
}
interface Document {
  openapi: string
  servers: { url: string }[]
  paths: Record<string, Record<string, Operation>>
}

let t: Awaited<ReturnType<typeof tempDb>>
let a: TestApp
let doc: Document

beforeAll(async () => {
  t = await tempDb()
  a = testApp(t.db)
  const res = await a.app.request('/api/openapi.json')
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^application\/json/)
  doc = (await res.json()) as Document
})
afterAll(async () => {
  await a.tracker.drain()
  await t.cleanup()
})

/** "METHOD /api/path" in Hono's form, for each operation of the document. */
function documented(): string[] {
  const base = doc.servers[0]?.url ?? ''
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item).map((m) => `${m.toUpperCase()} ${base}${path.replace(/\{([^}]+)\}/g, ':$1')}`),
  )
}

/** Every error code an operation documents, with the status it is documented under. */
function codesOf(op: Operation): { status: string; code: string }[] {
  return Object.entries(op.responses).flatMap(([status, r]) =>
    (r.content?.['application/json']?.schema?.properties?.error?.properties?.code?.enum ?? []).map(
      (code) => ({
        status,
        code,
      }),
    ),
  )
}

const op = (path: string, method: string): Operation => {
  const o = doc.paths[path]?.[method]
  if (!o) throw new Error(`${method} ${path} is not documented`)
  return o
}

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document, for anyone, served under /api', async () => {
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.servers).toEqual([{ url: '/api' }])
    const result = await new Validator().validate(doc as unknown as Record<string, unknown>)
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
  })

  it('documents every route of the policy table with its method, and nothing else', () => {
    const listed = documented()
    expect(listed.length).toBe(Object.keys(ACCESS).length)
    expect(Object.keys(ACCESS).filter((k) => !listed.includes(k))).toEqual([])
    expect(listed.filter((k) => !(k in ACCESS))).toEqual([])
  })

  it('gives every route a summary and one tag', () => {
    const missing = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, o]) => !o.summary || o.tags?.length !== 1)
        .map(([m]) => `${m} ${path}`),
    )
    expect(missing).toEqual([])
  })

  it('documents only codes the server has, each under the status it is answered with', () => {
    const wrong: string[] = []
    let count = 0
    for (const [path, item] of Object.entries(doc.paths))
      for (const [method, o] of Object.entries(item))
        for (const { status, code } of codesOf(o)) {
          count += 1
          const known = (ERROR_STATUS as Record<string, number>)[code]
          if (known !== Number(status))
            wrong.push(`${method} ${path}: ${code} under ${status} (server: ${known})`)
        }
    expect(wrong).toEqual([])
    expect(count).toBeGreaterThan(300)
  })

  it('says who may call each route: the gates’ codes follow the policy table', () => {
    for (const [key, rule] of Object.entries(ACCESS)) {
      const [method, apiPath] = key.split(' ') as [string, string]
      const o = op(apiPath.slice('/api'.length).replace(/:(\w+)/g, '{$1}'), method.toLowerCase())
      const codes = codesOf(o).map((c) => c.code)
      expect(codes, key).toContain('internal')
      if (rule.allow === 'anyone') {
        expect(codes, key).not.toContain('unauthenticated')
        expect(o.security, key).toBeUndefined()
      } else {
        expect(codes, key).toEqual(expect.arrayContaining(['unauthenticated', 'forbidden']))
        expect(o.security, key).toEqual([{ session: [] }])
      }
      if (method !== 'GET')
        expect(codes, key).toEqual(expect.arrayContaining(['csrf_origin', 'body_too_large']))
    }
  })

  it('describes requests from the schemas the routes validate with', () => {
    const define = op('/estates/{estateId}/meetings', 'post')
    const body = define.requestBody?.content['application/json']?.schema as {
      required: string[]
      properties: { matters: { minItems: number; maxItems: number } }
    }
    expect(body.required).toEqual(expect.arrayContaining(['title', 'opensAt', 'closesAt', 'matters']))
    expect(body.properties.matters).toMatchObject({ minItems: 1, maxItems: 30 })
    const audit = op('/estates/{estateId}/audit', 'get').parameters ?? []
    expect(audit.find((p) => p.in === 'query' && p.name === 'limit')?.schema).toMatchObject({
      maximum: 500,
      default: 100,
    })
    expect(audit.find((p) => p.in === 'path' && p.name === 'estateId')).toMatchObject({ required: true })
    // A schema's refusal is the one error shape: 400 invalid_request.
    expect(codesOf(define)).toContainEqual({ status: '400', code: 'invalid_request' })
    // Uploads the route reads itself are documented as multipart forms.
    expect(op('/estates/{estateId}/documents', 'post').requestBody?.content).toHaveProperty(
      'multipart/form-data',
    )
  })

  it('lists what a route of its own may answer', () => {
    const cast = codesOf(op('/estates/{estateId}/meetings/{meetingId}/ballots', 'post'))
    expect(cast).toContainEqual({ status: '409', code: 'double_vote' })
    expect(cast).toContainEqual({ status: '404', code: 'meeting_not_found' })
    const options = codesOf(op('/activation/options', 'post'))
    expect(options).toContainEqual({ status: '429', code: 'rate_limited' })
    expect(codesOf(op('/estates/{estateId}/meetings/{meetingId}/bundle', 'get'))).toContainEqual({
      status: '403',
      code: 'bundle_restricted',
    })
  })

  it('tags each route by its resource', () => {
    expect(op('/estates/{estateId}/meetings/{meetingId}/paper-entries', 'post').tags).toEqual(['ballots'])
    expect(op('/estates/{estateId}/meetings/{meetingId}/proxies', 'post').tags).toEqual(['records'])
    expect(op('/estates/{estateId}/meetings/{meetingId}/final', 'post').tags).toEqual(['results'])
    expect(op('/estates/{estateId}/meetings/{meetingId}/notice', 'post').tags).toEqual(['meetings'])
  })
})
