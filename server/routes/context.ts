import type { MiddlewareHandler } from 'hono'
import type { Db } from '../../db/client'
import type { AuthEnv, AuthSettings } from '../auth/access'
import type { LimitName } from '../auth/rate-limit'

/** What every route module is built with. `now` is the server clock (overridable in tests only). */
export interface RouteContext {
  readonly db: Db
  readonly auth: AuthSettings
  readonly now: () => Date
  readonly limit: (name: LimitName) => MiddlewareHandler<AuthEnv>
}
