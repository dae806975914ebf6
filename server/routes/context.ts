import type { Context, MiddlewareHandler } from 'hono'
import type { Db } from '../../db/client'
import { auditActor, type AuthEnv, type AuthSettings } from '../auth/access'
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

/** Who acts, for the audit log and the services: the account, the role it acts in, and when the request arrived. */
export const who = (c: Context<AuthEnv>) => ({ ...auditActor(c), now: c.get('now') })
