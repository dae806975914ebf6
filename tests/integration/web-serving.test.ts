import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync } from 'node:zlib'
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
  // What the build writes beside each script (vite.config.ts brotliAssets).
  writeFileSync(join(web.dir, 'assets', 'app-abc123.js.br'), brotliCompressSync('console.log(1)'))
  // Our own icons, as vite copies them from web/public into the build.
  for (const icon of ['favicon.ico', 'favicon.svg'])
    copyFileSync(join('web/public', icon), join(web.dir, icon))
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

  it('serves an asset as the build compressed it with Brotli to a browser that accepts it', async () => {
    const br = await app.request('/assets/app-abc123.js', {
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    })
    expect(br.status).toBe(200)
    expect(br.headers.get('content-encoding')).toBe('br')
    expect(br.headers.get('cache-control')).toContain('immutable')
    expect(Buffer.from(await br.arrayBuffer())).toEqual(brotliCompressSync('console.log(1)'))
    const plain = await app.request('/assets/app-abc123.js')
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(await plain.text()).toBe('console.log(1)')
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

  it.each([
    ['/favicon.ico', 'image/x-icon'],
    ['/favicon.svg', 'image/svg+xml'],
  ])('serves %s as our own icon (%s), cached for a day, not the app page', async (path, type) => {
    const res = await app.request(path)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain(type)
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400')
    expect(Buffer.from(await res.arrayBuffer())).toEqual(readFileSync(join('web/public', path.slice(1))))
  })

  it('links the icons from the app page and gives the .ico both sizes a browser tab asks for', () => {
    const index = readFileSync('web/index.html', 'utf8')
    expect(index).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml" />')
    expect(index).toContain('<link rel="icon" href="/favicon.ico"')
    const ico = readFileSync('web/public/favicon.ico')
    // ICONDIR: reserved 0, type 1 (icon), then the count and each image's width (0 would mean 256).
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, 2])
    expect([ico[6], ico[22]]).toEqual([16, 32])
    expect(readFileSync('web/public/favicon.svg', 'utf8')).toMatch(
      /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/,
    )
  })
})

describe('the app page names the code and data of the page asked for (vite manifest)', () => {
  const built = tempDir()
  let hinted: TestApp['app']
  const MEETING = '/estates/jinxiu/meetings/0b7c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d'
  beforeAll(() => {
    mkdirSync(join(built.dir, '.vite'))
    writeFileSync(
      join(built.dir, 'index.html'),
      '<!doctype html><head><title>共决</title><script type="module" crossorigin src="/assets/index-e1.js"></script></head><body></body>',
    )
    // The shape vite writes: the entry, lazily imported pages, a shared chunk and lazily fetched catalogues.
    const manifest = {
      'index.html': { file: 'assets/index-e1.js', isEntry: true, dynamicImports: ['src/pages/home.tsx'] },
      'src/pages/home.tsx': {
        file: 'assets/home-h1.js',
        imports: ['index.html'],
        dynamicImports: ['src/pages/owner-home.tsx'],
      },
      'src/pages/owner-home.tsx': {
        file: 'assets/owner-home-o1.js',
        imports: ['index.html', 'src/pages/meeting.tsx', '_owner-more-m1.js'],
      },
      '_owner-more-m1.js': {
        file: 'assets/owner-more-m1.js',
        imports: ['index.html', 'src/pages/meeting.tsx'],
        dynamicImports: ['src/i18n/owner-more-zh-CN.ts', 'src/i18n/owner-more-en.ts'],
      },
      'src/pages/meeting.tsx': {
        file: 'assets/meeting-x1.js',
        imports: ['index.html', '_passkey-p1.js'],
        dynamicImports: ['src/i18n/owner-en.ts'],
        css: ['assets/meeting-c1.css'],
      },
      '_passkey-p1.js': { file: 'assets/passkey-p1.js' },
      'src/pages/surveys.tsx': {
        file: 'assets/surveys-s1.js',
        imports: ['index.html'],
        css: ['assets/surveys-c2.css'],
      },
      'src/pages/disclosures.tsx': {
        file: 'assets/disclosures-d1.js',
        imports: ['index.html'],
        dynamicImports: ['src/i18n/disclosures-zh-CN.ts', 'src/i18n/disclosures-en.ts'],
        css: ['assets/disclosures-c3.css'],
      },
      'src/i18n/disclosures-zh-CN.ts': { file: 'assets/disclosures-zh-CN-z2.js' },
      'src/i18n/disclosures-en.ts': { file: 'assets/disclosures-en-n3.js' },
      'src/i18n/owner-more-zh-CN.ts': { file: 'assets/owner-more-zh-CN-z1.js' },
      'src/i18n/owner-more-en.ts': { file: 'assets/owner-more-en-n1.js' },
      'src/i18n/owner-en.ts': { file: 'assets/owner-en-n2.js' },
    }
    writeFileSync(join(built.dir, '.vite', 'manifest.json'), JSON.stringify(manifest))
    ;({ app: hinted } = testApp(t.db, { webRoot: built.dir }))
  })
  afterAll(() => built.cleanup())

  const hints = async (path: string, cookie?: string) => {
    const page = await (
      await hinted.request(path, cookie ? { headers: { cookie: `gj_session=${cookie}` } } : {})
    ).text()
    return [
      ...page.matchAll(/<link rel="(modulepreload|preload)"(?: as="(\w+)")? crossorigin href="([^"]+)">/g),
    ].map((m) => `${m[2] ?? m[1]} ${m[3]}`)
  }

  it('for a signed-in start page: its data, then every chunk the owner home imports and its Chinese words', async () => {
    expect(await hints('/', 'token')).toEqual([
      'fetch /api/me/home',
      'modulepreload /assets/home-h1.js',
      'modulepreload /assets/owner-home-o1.js',
      'modulepreload /assets/meeting-x1.js',
      'modulepreload /assets/passkey-p1.js',
      'modulepreload /assets/owner-more-m1.js',
      'modulepreload /assets/owner-more-zh-CN-z1.js',
      'style /assets/meeting-c1.css',
    ])
  })

  it('for a visitor’s start page only the page’s own chunk: the owner’s code is not theirs to download', async () => {
    expect(await hints('/')).toEqual(['modulepreload /assets/home-h1.js'])
  })

  it('for a meeting: who is signed in, the meeting and my part of it, and the meeting chunk — never English', async () => {
    const base = `/api${MEETING}`
    expect(await hints(MEETING, 'token')).toEqual([
      'fetch /api/me',
      `fetch ${base}`,
      `fetch ${base}/me`,
      'modulepreload /assets/meeting-x1.js',
      'modulepreload /assets/passkey-p1.js',
      'style /assets/meeting-c1.css',
    ])
    expect(await hints(MEETING)).toEqual([
      'fetch /api/me',
      `fetch ${base}`,
      'modulepreload /assets/meeting-x1.js',
      'modulepreload /assets/passkey-p1.js',
      'style /assets/meeting-c1.css',
    ])
  })

  it('for a satisfaction survey, signed in or not, its chunk and styles (its answers are read once it runs)', async () => {
    const survey = '/estates/jinxiu/surveys/7d0c2a5e-3f1b-4c6e-9a8d-2b4f6e8a1c3d'
    for (const path of ['/estates/jinxiu/surveys', survey])
      for (const cookie of ['token', undefined])
        expect(await hints(path, cookie)).toEqual([
          'modulepreload /assets/surveys-s1.js',
          'style /assets/surveys-c2.css',
        ])
  })

  it('for the disclosures, a version and a comparison: their chunk, Chinese words and styles — never English', async () => {
    const version = '/estates/jinxiu/disclosures/7d0c2a5e-3f1b-4c6e-9a8d-2b4f6e8a1c3d/2'
    for (const path of ['/estates/jinxiu/disclosures', version, `${version}/compare/1`])
      for (const cookie of ['token', undefined])
        expect(await hints(path, cookie)).toEqual([
          'modulepreload /assets/disclosures-d1.js',
          'modulepreload /assets/disclosures-zh-CN-z2.js',
          'style /assets/disclosures-c3.css',
        ])
  })

  it('names nothing for other pages, nor for a path it would have to write into the page as it came', async () => {
    expect(await hints('/estates/jinxiu/roll', 'token')).toEqual([])
    expect(await hints('/estates/jinxiu/meetings/%22%3E%3Cscript%3E', 'token')).toEqual([])
    expect(await hints('/estates/jinxiu/surveys/%22%3E%3Cscript%3E', 'token')).toEqual([])
    expect(await hints('/estates/jinxiu/disclosures/%22%3E%3Cscript%3E', 'token')).toEqual([])
  })

  it('keeps the manifest to itself', async () => {
    const res = await hinted.request('/.vite/manifest.json')
    expect(res.status).toBe(404)
  })
})
