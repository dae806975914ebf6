import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The app page (index.html) as the server answers it for the path asked: with `<link rel="modulepreload">` for the
 * code that path's page will import and the Chinese catalogues it will fetch, so that a phone on slow mobile data
 * fetches them beside the entry instead of one round trip after another (page → entry → page chunk → its
 * imports → its words). Vite's manifest (`build.manifest`, dist/web/.vite/manifest.json) says which chunk a source
 * module became and what it imports; without a manifest (a hand-made web root) the page is answered as built.
 *
 * Only what the page imports anyway is named: no owner downloads a byte more than before, only sooner. The start
 * page's owner chunks are named only for a request carrying a session cookie (a visitor's start page is the list
 * of estates, which does not load them).
 */

interface ManifestChunk {
  readonly file: string
  readonly imports?: readonly string[]
  readonly dynamicImports?: readonly string[]
  readonly css?: readonly string[]
}
type Manifest = Readonly<Record<string, ManifestChunk>>

/**
 * The pages whose code and data are worth naming ahead: an owner's start page and a meeting, the voting path's
 * first page. `data`: the API reads the page will make at once (its loaders pick the preloaded answers up: the
 * entry asks for the same paths, web/src/main.tsx), for a request with a session cookie (`owner`) or without.
 */
interface Page {
  readonly path: RegExp
  readonly visitor: readonly string[]
  readonly owner: readonly string[]
  readonly data: (match: RegExpExecArray, signedIn: boolean) => readonly string[]
}
const PAGES: readonly Page[] = [
  {
    path: /^\/$/,
    visitor: ['src/pages/home.tsx'],
    owner: ['src/pages/home.tsx', 'src/pages/owner-home.tsx'],
    // A visitor's start page asks GET /api/me/home too (answered 401, which says "signed out"), but only after its
    // code arrives: a preload would be wasted on the many who never signed in.
    data: (_, signedIn) => (signedIn ? ['/api/me/home'] : []),
  },
  {
    // Estate ids are lowercase letters, digits and -, meeting ids UUIDs: anything else is not preloaded (and never
    // written into the page).
    path: /^\/estates\/([a-z0-9-]+)\/meetings\/([0-9a-f-]+)\/?$/,
    visitor: ['src/pages/meeting.tsx'],
    owner: ['src/pages/meeting.tsx'],
    data: ([, estate, meeting], signedIn) => {
      const base = `/api/estates/${estate}/meetings/${meeting}`
      return signedIn ? ['/api/me', base, `${base}/me`] : ['/api/me', base]
    },
  },
  {
    // A satisfaction survey, opened from the start page or a printed notice's link: its chunk and words (domain §10).
    path: /^\/estates\/([a-z0-9-]+)\/surveys(\/[0-9a-f-]+)?\/?$/,
    visitor: ['src/pages/surveys.tsx'],
    owner: ['src/pages/surveys.tsx'],
    data: () => [],
  },
  {
    // The estate's disclosures, a version, two compared (domain §9): opened from the start page, a printed
    // board's QR code or a notice's link, often on mobile data — their chunk, words and styles ahead.
    path: /^\/estates\/([a-z0-9-]+)\/disclosures(\/[0-9a-f-]{36}(\/\d+(\/compare\/\d+)?)?)?\/?$/,
    visitor: ['src/pages/disclosures.tsx'],
    owner: ['src/pages/disclosures.tsx'],
    data: () => [],
  },
]

/**
 * A Chinese catalogue a page's chunk imports lazily: fetched as the chunk starts (i18n/owner.ts `loader`), in the
 * entry's language; English is fetched only once chosen, so it is never named ahead.
 */
const CHINESE_CATALOGUE = /^src\/i18n\/[^/]+-zh-CN\.ts$/

/** The files `keys` bring in: their chunks, the chunks those import, and the Chinese catalogues they fetch. */
export function chunksOf(manifest: Manifest, keys: readonly string[]): { js: string[]; css: string[] } {
  const js = new Set<string>()
  const css = new Set<string>()
  const seen = new Set<string>(['index.html'])
  const visit = (key: string) => {
    const chunk = manifest[key]
    if (!chunk || seen.has(key)) return
    seen.add(key)
    js.add(chunk.file)
    for (const c of chunk.css ?? []) css.add(c)
    for (const i of chunk.imports ?? []) visit(i)
    for (const d of chunk.dynamicImports ?? []) if (CHINESE_CATALOGUE.test(d)) visit(d)
  }
  keys.forEach(visit)
  return { js: [...js], css: [...css] }
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')

/** index.html answered per path: `shellFor(path, signedIn)` is the page with that path's hints in its head. */
export function webShell(webRoot: string): (path: string, signedIn: boolean) => string {
  const html = readFileSync(join(webRoot, 'index.html'), 'utf8')
  const manifestPath = join(webRoot, '.vite', 'manifest.json')
  if (!existsSync(manifestPath) || !html.includes('</head>')) return () => html
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest
  // The code is named once per page and audience: the manifest does not change while the server runs.
  const pages = PAGES.map((p) => {
    const code = (keys: readonly string[]) => {
      const { js, css } = chunksOf(manifest, keys)
      return [
        // crossorigin as on vite's own entry <script>: the preloaded module is then the one import() asks for.
        ...js.map((f) => `<link rel="modulepreload" crossorigin href="/${escapeAttr(f)}">`),
        ...css.map((f) => `<link rel="preload" as="style" crossorigin href="/${escapeAttr(f)}">`),
      ].join('')
    }
    return { ...p, visitorCode: code(p.visitor), ownerCode: code(p.owner) }
  })
  return (path, signedIn) => {
    for (const p of pages) {
      const match = p.path.exec(path)
      if (!match) continue
      // The data first: its answer is what the page shows, and it is small. crossorigin (anonymous, same origin:
      // the cookie is sent) as fetch() asks by default, so that the page's own request takes the preloaded answer.
      const data = p
        .data(match, signedIn)
        .map((u) => `<link rel="preload" as="fetch" crossorigin href="${escapeAttr(u)}">`)
        .join('')
      return html.replace('</head>', `${data}${signedIn ? p.ownerCode : p.visitorCode}</head>`)
    }
    return html
  }
}
