import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDb, tempDir, testApp, type TestApp } from '../support'

let t: Awaited<ReturnType<typeof tempDb>>
const web = tempDir()
let app: TestApp['app']

beforeAll(async () => {
  t = await tempDb()
  mkdirSync(join(web.dir, 'assets'))
  writeFileSync(join(web.dir, 'index.html'), '<!doctype html><title>共决</title>')
  writeFileSync(join(web.dir, 'assets', 'app-abc123.js'), 'console.log(1)')
  ;({ app } = testApp(t.db, { webRoot: web.dir }))
})
afterAll(async () => {
  await t.cleanup()
  web.cleanup()
})

describe('serving the built web app', () => {
  it('serves hashed assets with a year of immutable caching', async () => {
    const res = await app.request('/assets/app-abc123.js')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toContain('immutable')
  })

  it('answers 404 for a missing asset instead of the app shell', async () => {
    const res = await app.request('/assets/app-old999.js')
    expect(res.status).toBe(404)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found')
  })

  it.each(['/', '/index.html', '/estates/jinxiu/roll'])(
    'answers the uncached app shell for %s',
    async (path) => {
      const res = await app.request(path)
      expect(res.status).toBe(200)
      expect(res.headers.get('cache-control')).toBe('no-cache')
      expect(await res.text()).toContain('<title>共决</title>')
    },
  )
})
