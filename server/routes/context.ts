import type { MiddlewareHandler } from 'hono'
import type { Db } from '../../db/client'
import type { AuthEnv, AuthSettings } from '../auth/access'
import type { LimitName } from '../auth/rate-limit'
import type { SmsSender } from '../sms/sender'

/** What every route module is built with. `now` is the server clock (overridable in tests only). */
export interface RouteContext {
  readonly db: Db
  readonly auth: AuthSettings
  readonly now: () => Date
  readonly limit: (name: LimitName) => MiddlewareHandler<AuthEnv>
  /** Text messages to owners' phones (the one-time code at activation, take-over notices). */
  readonly sms: SmsSender
}
