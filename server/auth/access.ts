import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import { matchedRoutes } from 'hono/route'
import type { Db } from '../../db/client'
import { accountOfActor, hasPendingApproval, liveGrantsOfAccount } from '../../db/repositories/accounts'
import { estatesOfOffices, liveAreaGrantsOfAccount } from '../../db/repositories/oversight'
import type { StaffRole } from '../../db/schema'
import type { LoadedMeeting } from '../services/meetings'
import { AppError } from '../errors'
import type { PasskeySettings } from './passkeys'
import { ruleFor } from './policy'
import type { SessionService } from './sessions'

/** A live grant of a staff role; `estateId` is null for platform admins only. */
export interface Grant {
  readonly id: number
  readonly role: StaffRole
  readonly estateId: string | null
}

/** The signed-in person, loaded once per session and again after a change of the account's roles. */
export interface Actor {
  readonly accountId: string
  readonly sessionId: string
  readonly kind: 'owner' | 'staff'
  readonly displayName: string
  /** For owners: their row of the roll and its estate. */
  readonly ownerId: number | null
  readonly estateId: string | null
  /** Set when the account is held by the owner's recorded guardian, who acts for the owner (民法典 arts. 23, 34). */
  readonly guardianId: number | null
  /** Activated without the owner's phone as second factor, not yet approved by a supervisor: casts nothing. */
  readonly approvalPending: boolean
  readonly grants: readonly Grant[]
}

/** The role a request acts in, for the audit log: the staff role that authorised it, or `owner`. */
export type ActingRole = StaffRole | 'owner' | 'guardian' | 'anonymous'

export type AuthEnv = {
  Variables: {
    actor: Actor | null
    role: ActingRole
    /** When the request arrived (the server clock, read once per request). */
    now: Date
    /** Under `/meetings/:meetingId`: the meeting, loaded once per request (routes/meeting-context.ts). */
    meeting: LoadedMeeting | undefined
  }
}

export interface AuthSettings {
  readonly sessions: SessionService
  readonly passkeys: PasskeySettings
  /** `Secure` cookies outside localhost development. */
  readonly secureCookie: boolean
  /** The one origin browsers may send state-changing requests from (CSRF check). */
  readonly origin: string
  /** Reverse proxies of our own in front of the server (0: none, X-Forwarded-For is not read); see clientIp. */
  readonly proxyHops: number
  readonly ttlSeconds: number
}

export const cookieName = (secure: boolean) => (secure ? '__Host-gj_session' : 'gj_session')

export function setSessionCookie(c: Context, a: AuthSettings, token: string): void {
  setCookie(c, cookieName(a.secureCookie), token, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: a.secureCookie,
    path: '/',
    maxAge: a.ttlSeconds,
  })
}

export function clearSessionCookie(c: Context, a: AuthSettings): void {
  deleteCookie(c, cookieName(a.secureCookie), { path: '/', secure: a.secureCookie })
}

/** Reads an account and its live grants. Undefined for an unknown or disabled account. */
export async function loadActor(db: Db, accountId: string, sessionId: string): Promise<Actor | undefined> {
  const account = await accountOfActor(db, accountId)
  if (!account || account.disabled_at !== null) return undefined
  const grants: Grant[] = await liveGrantsOfAccount(db, accountId)
  // A street office's grant of its area (domain §11) acts as its grant of each estate of the area, so that every
  // estate route allowing the street office allows it for those estates. Ids are the area grant's, negated: they
  // are not the estate's grants, and no estate route revokes them.
  for (const area of await liveAreaGrantsOfAccount(db, accountId))
    if (area.role === 'street_office' && area.street_office_id)
      for (const e of await estatesOfOffices(db, [area.street_office_id]))
        if (!grants.some((g) => g.role === 'street_office' && g.estateId === e.estateId))
          grants.push({ id: -area.id, role: 'street_office', estateId: e.estateId })
  return {
    accountId,
    sessionId,
    kind: account.kind,
    displayName: account.display_name,
    ownerId: account.owner_id,
    estateId: account.estate_id,
    guardianId: account.guardian_id,
    approvalPending: await hasPendingApproval(db, accountId),
    grants,
  }
}

/**
 * Reads the session cookie into `actor` (null when absent, expired or revoked). Actors are cached per session with
 * the account's grants version: a role granted or revoked bumps it (SessionService.grantsChanged) and the next
 * request loads the grants again; a passkey revoked or a recovery revokes the sessions, which the session service
 * checks on every request. So a cached actor never outlives its rights.
 */
export function sessionMiddleware(db: Db, a: AuthSettings) {
  const cache = new Map<string, { actor: Actor; grantsVersion: number }>()
  return createMiddleware<AuthEnv>(async (c, next) => {
    c.set('actor', null)
    c.set('role', 'anonymous')
    const token = getCookie(c, cookieName(a.secureCookie))
    if (token) {
      const claims = await a.sessions.verify(token)
      if (claims) {
        const grantsVersion = a.sessions.grantsVersion(claims.accountId)
        let actor = cache.get(claims.sessionId)
        if (!actor || actor.grantsVersion !== grantsVersion) {
          const loaded = await loadActor(db, claims.accountId, claims.sessionId)
          actor = loaded && { actor: loaded, grantsVersion }
          if (actor) {
            if (cache.size > 50_000) cache.clear()
            cache.set(claims.sessionId, actor)
          } else cache.delete(claims.sessionId)
        }
        if (actor) c.set('actor', actor.actor)
      }
    }
    await next()
  })
}

/** The :estateId of the matched route, read from the request path at the same segment. */
function estateParam(routePath: string, requestPath: string): string | undefined {
  const i = routePath.split('/').indexOf(':estateId')
  if (i < 0) return undefined
  const segment = requestPath.split('/')[i]
  if (segment === undefined) return undefined
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}

/**
 * Enforces the route table of policy.ts on every /api route. Runs before the route's own validation, so that a
 * caller without the right gets 401/403 whatever they send.
 */
export const authorize = createMiddleware<AuthEnv>(async (c, next) => {
  const route = matchedRoutes(c).find((r) => r.method !== 'ALL' && r.path.startsWith('/api/'))
  if (!route) return next() // no such route: the 404 answers
  const rule = ruleFor(route.method, route.path)
  if (!rule) {
    console.error('[authorize] no policy for', route.method, route.path)
    throw new AppError('route_without_policy', 'This route has no access rule')
  }
  if (rule.allow === 'anyone') return next()
  const actor = c.get('actor')
  if (!actor) throw new AppError('unauthenticated', 'Sign-in required')
  if (rule.allow === 'signed_in') {
    c.set(
      'role',
      actor.kind === 'owner'
        ? actor.guardianId !== null
          ? 'guardian'
          : 'owner'
        : (actor.grants[0]?.role ?? 'anonymous'),
    )
    return next()
  }
  const estateId = estateParam(route.path, c.req.path)
  const grant = actor.grants.find(
    (g) =>
      rule.roles.includes(g.role) &&
      (g.role === 'admin' || estateId === undefined || g.estateId === estateId),
  )
  if (!grant) throw new AppError('forbidden', 'Your role does not allow this')
  c.set('role', grant.role)
  return next()
})

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * CSRF: besides the SameSite=Strict cookie, every state-changing request must come from our own
 * origin. Browsers send `Origin` on every POST/PATCH/DELETE made by fetch; a request without it is refused.
 */
export function originCheck(origin: string) {
  return createMiddleware(async (c, next) => {
    if (!SAFE.has(c.req.method)) {
      const sent = c.req.header('origin')
      if (sent !== origin) {
        throw new AppError(
          'csrf_origin',
          sent
            ? `Requests from ${sent} are not accepted`
            : 'State-changing requests must carry an Origin header',
        )
      }
    }
    await next()
  })
}

/**
 * The client's address for rate limits. Without trusted proxies (`proxyHops` 0) the socket's. Behind them, the
 * address the outermost of our `proxyHops` proxies saw: each proxy appends the address it was reached from to
 * X-Forwarded-For, so that entry is `proxyHops` places from the right; whatever is left of it came from the client
 * and is chosen by the client (a spoofed first hop would give every request a fresh rate-limit key). With fewer
 * entries than proxies (a proxy reached directly), the leftmost one, which a proxy wrote too.
 */
export function clientIp(c: Context, proxyHops: number): string {
  if (proxyHops > 0) {
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter((h) => h !== '')
    const client = hops[Math.max(0, hops.length - proxyHops)]
    if (client) return client
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown' // in-process requests (tests) have no socket
  }
}

/** The signed-in actor of a route whose rule requires one (authorize has already answered 401 otherwise). */
export function actorOf(c: Context<AuthEnv>): Actor {
  const actor = c.get('actor')
  if (!actor) throw new AppError('unauthenticated', 'Sign-in required')
  return actor
}

/** Who did it, for the audit log: the account and the role it acted in. */
export function auditActor(c: Context<AuthEnv>): { actor: string; role: string } {
  const actor = c.get('actor')
  return { actor: actor ? `account:${actor.accountId}` : 'anonymous', role: c.get('role') }
}
