import { execFile } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ORIGIN, tempDb, tempDir, testApp, type TestApp } from '../support'

/**
 * Every response carries a strict Content-Security-Policy (OWASP CSP cheat sheet): pages, assets, API answers and
 * errors alike. The policy forbids inline scripts and styles, so the built web app must have none.
 */

const run = promisify(execFile)
let t: Awaited<ReturnType<typeof tempDb>>
const web = tempDir()
let app: TestApp['app']

beforeAll(async () => {
  // The real build with the project's vite.config.ts; NODE_ENV=production as `npm run build` has it.
  await run(
    process.execPath,
    [
      resolve('node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      resolve('vite.config.ts'),
      '--outDir',
      web.dir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { env: { ...process.env, NODE_ENV: 'production' } },
  )
  t = await tempDb()
  ;({ app } = testApp(t.db, { webRoot: web.dir }))
}, 120_000)
afterAll(async () => {
  await t.cleanup()
  web.cleanup()
})

/** The policy's directives as a map of name → sources. */
function directives(header: string | null): Map<string, string[]> {
  expect(header).toBeTruthy()
  return new Map(
    (header ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name as string, sources]),
  )
}

function expectStrictPolicy(res: Response) {
  const csp = directives(res.headers.get('content-security-policy'))
  expect(csp.get('default-src')).toEqual(["'self'"])
  expect(csp.get('script-src')).toEqual(["'self'"])
  expect(csp.get('style-src')).toEqual(["'self'"])
  expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:'])
  expect(csp.get('connect-src')).toEqual(["'self'"])
  expect(csp.get('object-src')).toEqual(["'none'"])
  expect(csp.get('base-uri')).toEqual(["'none'"])
  expect(csp.get('form-action')).toEqual(["'self'"])
  expect(csp.get('frame-ancestors')).toEqual(["'none'"])
  const all = [...csp.values()].flat()
  expect(all).not.toContain("'unsafe-inline'")
  expect(all).not.toContain("'unsafe-eval'")
}

describe('Content-Security-Policy', () => {
  const asset = () => readdirSync(join(web.dir, 'assets')).find((f) => f.endsWith('.js')) as string

  it.each([
    ['GET', '/', 200],
    ['GET', '/index.html', 200],
    ['GET', '/estates/jinxiu/roll', 200],
    ['GET', '/signin', 200],
    ['GET', '/assets/missing-000000.js', 404],
    ['GET', '/api/health', 200],
    ['GET', '/api/estates', 200],
    ['GET', '/api/estates/nowhere', 404],
    ['GET', '/api/me', 401],
    ['POST', '/api/no-such-route', 404],
    ['POST', '/api/session/options', 200],
    ['POST', '/api/estates', 401],
    ['DELETE', '/api/session', 403], // no Origin: the CSRF check answers
  ])('is on %s %s (%i)', async (method, path, status) => {
    const res = await app.request(path, {
      method,
      headers: method === 'GET' || path === '/api/session' ? {} : { origin: ORIGIN },
    })
    expect(res.status).toBe(status)
    expectStrictPolicy(res)
  })

  it('is on a hashed asset and on a refused oversized body', async () => {
    const res = await app.request(`/assets/${asset()}`)
    expect(res.status).toBe(200)
    expectStrictPolicy(res)
    const big = await app.request('/api/session/options', {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json', 'content-length': String(5e6) },
      body: 'x',
    })
    expect(big.status).toBe(413)
    expectStrictPolicy(big)
  })

  it('comes with the other secure headers', async () => {
    const res = await app.request('/')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
  })
})

describe('the built index.html', () => {
  const html = () => readFileSync(join(web.dir, 'index.html'), 'utf8')

  it('loads its scripts and styles from files only: no inline script, style, handler or javascript: URL', () => {
    const page = html()
    const scripts = [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    expect(scripts.length).toBeGreaterThan(0)
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="\/assets\/[^"]+\.js"/)
      expect(body?.trim()).toBe('')
    }
    expect(page).not.toMatch(/<style\b/i)
    expect(page).not.toMatch(/\sstyle\s*=/i)
    expect(page).not.toMatch(/\son[a-z]+\s*=/i)
    expect(page).not.toMatch(/javascript:/i)
  })

  it('is what the server answers for the app’s pages', async () => {
    const res = await app.request('/estates/jinxiu/roll')
    expect(await res.text()).toBe(html())
  })
})
