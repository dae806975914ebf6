import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono, type Context } from 'hono'
import { compress } from 'hono/compress'
import { secureHeaders } from 'hono/secure-headers'
import type { Db } from '../db/client'
import { AppError, errorBody, onError } from './errors'
import { ImportTracker } from './services/import-tracker'
import { estateRoutes } from './routes/estates'
import { rollRoutes } from './routes/roll'

export interface AppDeps {
  readonly db: Db
  readonly staffToken?: string | undefined
  readonly maxUploadBytes?: number
  /** Directory of the built web app (vite build). Pages are not served when it does not exist. */
  readonly webRoot?: string
  readonly tracker?: ImportTracker
}

/** Builds the application without listening (design.md principle 11): tests call `app.request()`. */
export function createApp(deps: AppDeps) {
  const tracker = deps.tracker ?? new ImportTracker()
  const app = new Hono()
  app.onError(onError)
  app.use('*', secureHeaders())
  // Owners open pages over slow mobile data: compress everything compressible.
  app.use('*', compress())

  const api = new Hono()
    .get('/health', (c) => c.json({ ok: true }))
    .route('/estates', estateRoutes({ db: deps.db, staffToken: deps.staffToken }))
    .route(
      '/estates',
      rollRoutes({
        db: deps.db,
        tracker,
        staffToken: deps.staffToken,
        maxUploadBytes: deps.maxUploadBytes ?? 50 * 1024 * 1024,
      }),
    )
  api.notFound((c) => c.json(errorBody('not_found', `No route ${c.req.method} ${c.req.path}`), 404))
  app.route('/api', api)

  const webRoot = deps.webRoot
  if (webRoot && existsSync(join(webRoot, 'index.html'))) {
    const indexHtml = readFileSync(join(webRoot, 'index.html'), 'utf8')
    // Vite's asset names carry a content hash: cache them for a year. (Set after the response exists:
    // node-server's serveStatic calls onFound only once the body is built, too late for a header.)
    app.use('/assets/*', async (c, next) => {
      await next()
      if (c.res.status === 200) c.res.headers.set('cache-control', 'public, max-age=31536000, immutable')
    })
    app.use('/assets/*', serveStatic({ root: webRoot }))
    // A missing hashed asset is a 404, never the app shell: an old page must not receive HTML as code.
    app.get('/assets/*', () => {
      throw new AppError('not_found', 404, 'Not found')
    })
    // The shell itself is never cached, so phones pick up a new build at once.
    const shell = (c: Context) => {
      c.header('cache-control', 'no-cache')
      return c.html(indexHtml)
    }
    app.get('/', shell)
    app.get('/index.html', shell)
    app.use('*', serveStatic({ root: webRoot }))
    // Client-side routes: every other GET answers the app shell.
    app.get('*', shell)
  }
  app.notFound(() => {
    throw new AppError('not_found', 404, 'Not found')
  })
  return { app, tracker }
}

export type App = ReturnType<typeof createApp>['app']
