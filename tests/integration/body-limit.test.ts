import { request as httpRequest, type IncomingMessage, type Server } from 'node:http'
import { serve } from '@hono/node-server'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AddressInfo } from 'node:net'
import { MAX_BODY_BYTES, UPLOAD_ROUTES } from '../../server/app'
import { insertEstate } from '../../db/repositories/estates'
import { ACCESS } from '../../server/auth/policy'
import {
  call,
  demoDb,
  enrolStaff,
  generatedRoll,
  ORIGIN,
  type tempDb,
  testApp,
  type SignedIn,
  type TestApp,
} from '../support'

/**
 * Every /api route reads at most MAX_BODY_BYTES of a request body (OWASP API4:2023): a declared Content-Length
 * over it is refused unread, a chunked body is read only until it passes it. The upload routes keep their own,
 * larger limits.
 */

let t: Awaited<ReturnType<typeof tempDb>>
let a: TestApp
let convener: SignedIn

beforeEach(async () => {
  t = await demoDb()
  a = testApp(t.db)
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  convener = await enrolStaff(a, t.db, 'convener', 'jinxiu')
})
afterEach(async () => {
  vi.restoreAllMocks()
  await a.tracker.drain()
  await t.cleanup()
})

const CHUNK = 64 * 1024

/** An empty estate `big` and a convener of it. */
async function insertBigEstate(): Promise<SignedIn> {
  await insertEstate(t.db, { id: 'big', name: '大苑', countParking: false, at: new Date() })
  return enrolStaff(a, t.db, 'convener', 'big', '大苑召集人')
}

/** A body of `total` bytes that counts how much of it the server pulled. */
function countedBody(total: number) {
  const counter = { pulled: 0 }
  const chunk = new TextEncoder().encode('a'.repeat(CHUNK))
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= total) return controller.close()
      counter.pulled += chunk.length
      controller.enqueue(chunk)
    },
  })
  return { stream, counter }
}

async function errorCode(res: Response): Promise<string | undefined> {
  return ((await res.json()) as { error?: { code: string } }).error?.code
}

describe('the request body limit on /api', () => {
  it('names only routes that exist in the access table as upload routes', () => {
    for (const route of UPLOAD_ROUTES) expect(Object.keys(ACCESS)).toContain(route)
  })

  it.each([
    ['anonymously', '/api/activation/options', false],
    ['signed in', '/api/estates/jinxiu/invitations', true],
  ])(
    'answers 413 body_too_large %s to a chunked body, reading no more than the limit',
    async (_, path, signedIn) => {
      const { stream, counter } = countedBody(250 * 1024 * 1024)
      const res = await a.app.request(path, {
        method: 'POST',
        headers: {
          origin: ORIGIN,
          'content-type': 'application/json',
          ...(signedIn ? { cookie: convener.cookie } : {}),
        },
        body: stream,
        duplex: 'half',
      } as RequestInit)
      expect(res.status).toBe(413)
      expect(await errorCode(res)).toBe('body_too_large')
      // One chunk past the limit at most (the one that crossed it), and the stream's read-ahead.
      expect(counter.pulled).toBeLessThanOrEqual(MAX_BODY_BYTES + 2 * CHUNK)
      expect(await t.db.selectFrom('invitations').selectAll().execute()).toHaveLength(0)
    },
  )

  it('answers 413 over a real socket to a declared 250 MB body before it is sent', async () => {
    // The request goes out once the server listens (serve's callback), on the port it was given: asking before
    // the listen, or for a port found free a moment earlier, is refused on a busy machine.
    let server: ReturnType<typeof serve> | undefined
    const port = await new Promise<number>((resolve) => {
      server = serve({ fetch: a.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
        resolve(info.port),
      )
    })
    try {
      const res = await new Promise<IncomingMessage>((resolve, reject) => {
        const req = httpRequest({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/session/options',
          headers: {
            origin: ORIGIN,
            'content-type': 'application/json',
            'content-length': String(250 * 1024 * 1024),
          },
        })
        req.on('response', resolve)
        req.on('error', reject)
        // Only the first bytes are ever written: the answer comes from the declared length alone.
        req.write('{"x":"')
      })
      const chunks: Buffer[] = []
      for await (const c of res) chunks.push(c as Buffer)
      expect(res.statusCode).toBe(413)
      expect(JSON.parse(Buffer.concat(chunks).toString('utf8'))).toMatchObject({
        error: { code: 'body_too_large' },
      })
    } finally {
      server?.close()
      ;(server as Server | undefined)?.closeAllConnections()
    }
  })

  it('still takes a body just under the limit', async () => {
    const res = await call(a.app, 'POST', '/api/session/options', {
      body: { padding: 'a'.repeat(MAX_BODY_BYTES - 100) },
    })
    expect(res.status).toBe(200)
  })

  it('leaves the uploads their own limits: a 2 MB document is stored, a 1.4 MB roll is imported', async () => {
    const pdf = new Uint8Array(2 * 1024 * 1024).fill(0x20)
    pdf.set(new TextEncoder().encode('%PDF-1.4\n'))
    const form = new FormData()
    form.append('file', new File([pdf], 'signed.pdf'))
    form.append('purpose', 'representative')
    const doc = await a.app.request('/api/estates/jinxiu/documents', {
      method: 'POST',
      body: form,
      headers: { cookie: convener.cookie, origin: ORIGIN },
    })
    expect(doc.status).toBe(201)
    expect(((await doc.json()) as { document: { size: number } }).document.size).toBe(pdf.length)

    // A roll of 20,000 units (1.4 MB) is imported whole.
    const big = await insertBigEstate()
    const file = generatedRoll(20_000)
    expect(Buffer.byteLength(file)).toBeGreaterThan(MAX_BODY_BYTES)
    const roll = await call(a.app, 'POST', '/api/estates/big/roll/imports?wait=true', {
      cookie: big.cookie,
      body: file,
      headers: { 'content-type': 'text/csv' },
    })
    expect(roll.status).toBe(201)
    expect(((await roll.json()) as { import: { status: string; total: number } }).import).toMatchObject({
      status: 'succeeded',
      total: 20_000,
    })
  }, 60_000)

  it('keeps the roll import’s own limit', async () => {
    const small = testApp(t.db, { maxUploadBytes: 1024 * 1024 + 10 })
    const own = await enrolStaff(small, t.db, 'convener', 'jinxiu', '召集人乙')
    const roll = await call(small.app, 'POST', '/api/estates/jinxiu/roll/imports?wait=true', {
      cookie: own.cookie,
      body: 'x'.repeat(2 * 1024 * 1024),
      headers: { 'content-type': 'text/csv' },
    })
    expect(roll.status).toBe(413)
    expect(await errorCode(roll)).toBe('file_too_large')
  })
})
