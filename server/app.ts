import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { compress } from 'hono/compress'
import { createMiddleware } from 'hono/factory'
import { matchedRoutes } from 'hono/route'
import { getCookie } from 'hono/cookie'
import { secureHeaders } from 'hono/secure-headers'
import type { Db } from '../db/client'
import {
  authorize,
  cookieName,
  originCheck,
  sessionMiddleware,
  type AuthEnv,
  type AuthSettings,
} from './auth/access'
import { DEFAULT_RATE_LIMITS, rateLimiters, type RateLimitSettings } from './auth/rate-limit'
import { SessionService } from './auth/sessions'
import { LogSms, type SmsSender } from './sms/sender'
import { AppError, onError } from './errors'
import { ImportTracker } from './services/import-tracker'
import { authRoutes } from './routes/auth'
import type { RouteContext } from './routes/context'
import { approvalRoutes } from './routes/approvals'
import { committeeRoutes } from './routes/committee'
import { estateRoutes } from './routes/estates'
import { formationRoutes } from './routes/formation'
import { holderRoutes } from './routes/holders'
import { ballotRoutes } from './routes/ballots'
import { meetingRoutes } from './routes/meetings'
import { doc, openApiHandler } from './routes/openapi'
import { pageRoutes } from './routes/pages'
import { recordRoutes } from './routes/records'
import { resultRoutes } from './routes/results'
import { filingRoutes } from './routes/filing'
import { rollRoutes } from './routes/roll'
import { staffRoutes } from './routes/staff'
import { arrival, meetingContext } from './routes/meeting-context'
import { supervisionRoutes } from './routes/supervision'
import { publicationRoutes } from './routes/publications'
import { statementRoutes } from './routes/statements'
import { disclosureRoutes } from './routes/disclosures'
import { surveyRoutes } from './routes/surveys'
import { advanceMeetings } from './services/meeting-results'
import { webShell } from './web-shell'

export interface AppDeps {
  readonly db: Db
  /** The public origin (scheme, host, port): passkeys' expected origin, the CSRF check, links in letters. */
  readonly origin: string
  /** The passkey relying party ID; defaults to the origin's host name. */
  readonly rpId?: string
  /** Signs session tokens (HS256). At least 32 bytes; there is no default. */
  readonly sessionSecret: Uint8Array
  readonly sessionTtlSeconds?: number
  /** Behind a reverse proxy of our own: read the client's address from X-Forwarded-For (see trustProxyHops). */
  readonly trustProxy?: boolean
  /** How many proxies of our own append to X-Forwarded-For; default 1 when `trustProxy`. */
  readonly trustProxyHops?: number
  readonly rateLimits?: RateLimitSettings
  /** Text messages to owners' phones; the server log by default (server/sms/config.ts reads the provider). */
  readonly sms?: SmsSender
  /** The server clock. Tests may pass another; production uses the system clock. */
  readonly now?: () => Date
  readonly maxUploadBytes?: number
  /** Directory of the built web app (vite build). Pages are not served when it does not exist. */
  readonly webRoot?: string
  readonly tracker?: ImportTracker
}

/**
 * The largest request body an /api route reads unless it takes uploads (OWASP API4:2023, unrestricted resource
 * consumption): a meeting with 30 matters and 50 candidates each is well under 200 KB of JSON.
 */
export const MAX_BODY_BYTES = 1024 * 1024

/**
 * The routes that take a file and set their own, larger limit where they are defined (routes/roll.ts,
 * meetings.ts, holders.ts, statements.ts, disclosures.ts); every other /api route gets MAX_BODY_BYTES.
 */
export const UPLOAD_ROUTES: ReadonlySet<string> = new Set([
  'POST /api/estates/:estateId/roll/imports',
  'POST /api/estates/:estateId/meetings/:meetingId/attachments',
  'POST /api/estates/:estateId/documents',
  'POST /api/estates/:estateId/statements/parse',
  'POST /api/estates/:estateId/disclosures/:disclosureId/attachments',
])

/**
 * One body limit before anything reads a body: a declared Content-Length over the limit is answered at once,
 * unread; a chunked body is read only until it passes the limit.
 */
function apiBodyLimit() {
  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new AppError('body_too_large', `Request bodies are at most ${MAX_BODY_BYTES} bytes`)
    },
  })
  return createMiddleware(async (c, next) => {
    const route = matchedRoutes(c).find((r) => r.method !== 'ALL' && r.path.startsWith('/api/'))
    if (route && UPLOAD_ROUTES.has(`${route.method} ${route.path}`)) return next()
    return limit(c, next)
  })
}

/**
 * An /api path that no route answers is `404 not_found` as JSON at once, for every method, depth and caller. The API
 * is mounted into the app, so its own notFound never runs: unanswered, a GET would fall through to the web app's
 * shell (200 HTML), and on its way the CSRF check, the route × role table and the meeting loader would answer
 * 403, 401 or meeting_not_found for a path that does not exist.
 */
const unknownApiPath = createMiddleware(async (c, next) => {
  if (!matchedRoutes(c).some((r) => r.method !== 'ALL' && r.path.startsWith('/api/')))
    throw new AppError('not_found', `No route ${c.req.method} ${c.req.path}`)
  return next()
})

/**
 * Content-Security-Policy on every response (OWASP CSP cheat sheet, strict policy): scripts and styles only from our
 * own origin, never inline, so an injected <script> or style attribute does nothing — the built index.html has
 * none (tests/integration/security-headers.test.ts), and Preact sets style props through the CSSOM, which CSP
 * allows. Images also from data: and blob: (QR codes, photos), fetch and server-sent events only to our own
 * origin, no plugins, no <base>, forms only to us, and no page frames us (clickjacking).
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
}

export const SESSION_ISSUER = 'gongjue'
export const SESSION_AUDIENCE = 'gongjue-web'

/** Builds the application without listening (design.md principle 11): tests call `app.request()`. */
export function createApp(deps: AppDeps) {
  if (deps.sessionSecret.length < 32) throw new Error('sessionSecret must be at least 32 bytes')
  const tracker = deps.tracker ?? new ImportTracker()
  const now = deps.now ?? (() => new Date())
  const origin = new URL(deps.origin).origin
  const host = new URL(origin).hostname
  const ttlSeconds = deps.sessionTtlSeconds ?? 8 * 3600
  const sessions = new SessionService(
    deps.db,
    { secret: deps.sessionSecret, issuer: SESSION_ISSUER, audience: SESSION_AUDIENCE, ttlSeconds },
    now,
  )
  const auth: AuthSettings = {
    sessions,
    passkeys: { rpID: deps.rpId ?? host, rpName: '共决 Gongjue', origin },
    // Secure cookies everywhere but plain-http localhost development.
    secureCookie: new URL(origin).protocol === 'https:' || host !== 'localhost',
    origin,
    proxyHops: deps.trustProxy ? (deps.trustProxyHops ?? 1) : 0,
    ttlSeconds,
  }
  const ctx: RouteContext = {
    db: deps.db,
    auth,
    now,
    limit: rateLimiters(deps.rateLimits ?? DEFAULT_RATE_LIMITS, auth.proxyHops),
    sms: deps.sms ?? new LogSms(),
  }

  const app = new Hono()
  app.onError(onError)
  app.use('*', secureHeaders({ contentSecurityPolicy: CONTENT_SECURITY_POLICY }))
  // Owners open pages over slow mobile data: compress everything compressible.
  app.use('*', compress())

  const api = new Hono<AuthEnv>()
  // First, before anything awaits: the instant the request arrived (a ballot is judged by it, domain §6.1).
  api.use('*', arrival(deps.db, now))
  api.use('*', unknownApiPath)
  api.use('*', apiBodyLimit())
  api.use('*', originCheck(origin))
  api.use('*', sessionMiddleware(deps.db, auth))
  api.use('*', authorize)
  api.use('/estates/:estateId/meetings/:meetingId/*', meetingContext(deps.db))
  api.use('/estates/:estateId/meetings/:meetingId', meetingContext(deps.db))
  const routes = apiRoutes(ctx, deps.db, tracker, deps.maxUploadBytes ?? 50 * 1024 * 1024)
  api.route('/', routes)
  app.route('/api', api)

  const webRoot = deps.webRoot
  if (webRoot && existsSync(join(webRoot, 'index.html'))) {
    const shellFor = webShell(webRoot)
    const sessionCookie = cookieName(auth.secureCookie)
    // Vite's asset names carry a content hash: cache them for a year. (Set after the response exists:
    // node-server's serveStatic calls onFound only once the body is built, too late for a header.)
    app.use('/assets/*', async (c, next) => {
      await next()
      if (c.res.status === 200) c.res.headers.set('cache-control', 'public, max-age=31536000, immutable')
    })
    // Scripts and styles as the build compressed them with Brotli (vite.config.ts), for browsers that take it.
    app.use('/assets/*', serveStatic({ root: webRoot, precompressed: true }))
    // A missing hashed asset is a 404, never the app shell: an old page must not receive HTML as code.
    app.get('/assets/*', () => {
      throw new AppError('not_found', 'Not found')
    })
    // Vite's manifest is the server's (web-shell.ts), not a page.
    app.get('/.vite/*', () => {
      throw new AppError('not_found', 'Not found')
    })
    // The icon a browser asks for by itself: not hashed, so cached for a day, not a year.
    app.use('/favicon.*', async (c, next) => {
      await next()
      if (c.res.status === 200) c.res.headers.set('cache-control', 'public, max-age=86400')
    })
    // The shell itself is never cached, so phones pick up a new build at once. It names the code of the page
    // asked for (web-shell.ts); whether a session cookie came decides only which hints, never any data.
    const shell = (c: Context) => {
      c.header('cache-control', 'no-cache')
      c.header('vary', 'cookie')
      return c.html(shellFor(c.req.path, getCookie(c, sessionCookie) !== undefined))
    }
    app.get('/', shell)
    app.get('/index.html', shell)
    app.use('*', serveStatic({ root: webRoot }))
    app.get('/favicon.ico', () => {
      throw new AppError('not_found', 'Not found')
    })
    // Client-side routes: every other GET answers the app shell.
    app.get('*', shell)
  }
  app.notFound(() => {
    throw new AppError('not_found', 'Not found')
  })
  /**
   * The meeting clock (domain §6.1): opens meetings at their opening, ends online voting at the close and stores
   * the tally when the counting period is over. The server runs it on a timer; tests move time and call it.
   */
  const clock = { tick: (at: Date = now()) => advanceMeetings(deps.db, at) }
  return { app, tracker, sessions, clock, sms: ctx.sms }
}

export type App = ReturnType<typeof createApp>['app']

/**
 * Every API route, chained so that its type carries each path, method, input and response: the web derives its
 * requests and responses from `ApiType` (hono/client, type-only), so a change here that the web does not follow
 * fails `tsc`.
 */
function apiRoutes(ctx: RouteContext, db: Db, tracker: ImportTracker, maxUploadBytes: number) {
  const routes = new Hono<AuthEnv>()
    .get('/health', doc({ summary: 'Whether the server answers', tag: 'health' }), (c) =>
      c.json({ ok: true }),
    )
    .route('/estates', estateRoutes({ db, now: ctx.now }))
    .route('/estates', rollRoutes({ db, tracker, maxUploadBytes }))
    .route('/', authRoutes(ctx))
    .route('/', staffRoutes(ctx))
    .route('/', meetingRoutes(ctx))
    .route('/', ballotRoutes(ctx))
    .route('/', recordRoutes(ctx))
    .route('/', resultRoutes(ctx))
    .route('/', filingRoutes(ctx))
    .route('/', supervisionRoutes(ctx))
    .route('/', holderRoutes(ctx))
    .route('/', approvalRoutes(ctx))
    .route('/', pageRoutes(ctx))
    .route('/', formationRoutes(ctx))
    .route('/', publicationRoutes(ctx))
    .route('/', committeeRoutes(ctx))
    .route('/', statementRoutes(ctx))
    .route('/', disclosureRoutes(ctx))
    .route('/', surveyRoutes(ctx))
  // The document describes the routes above (and itself), from their own schemas and the policy table.
  return routes.get(
    '/openapi.json',
    doc({ summary: 'This document: the API in OpenAPI 3.1', tag: 'docs' }),
    openApiHandler(routes),
  )
}

/** The API's routes as the web sees them, under `/api` (`hc<ApiType>` types, never its runtime on the owner path). */
export type ApiType = ReturnType<typeof apiRoutes>
