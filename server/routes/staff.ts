import { Hono } from 'hono'
import { z } from 'zod'
import { actorOf, auditActor, type AuthEnv } from '../auth/access'
import { mayGrant } from '../auth/policy'
import { AppError } from '../errors'
import { issueInvitations, INVITATION_DAYS_DEFAULT, listInvitations } from '../services/invitations'
import { createStaff, findGrant, grantRole, listStaff, reissueEnrollment } from '../services/staff-accounts'
import { revokeGrant } from '../services/staff-accounts'
import type { RouteContext } from './context'
import { estateParam, validate } from './validate'

const grantParam = estateParam.extend({ grantId: z.coerce.number().int().positive() })
const accountParam = z.object({ accountId: z.uuid() })
const estateRole = z.enum(['street_office', 'supervisor', 'convener'])
const addStaff = z.union([
  z.object({ displayName: z.string().trim().min(1).max(60), role: estateRole }),
  z.object({ accountId: z.uuid(), role: estateRole }),
])
const newEnrollment = z.object({ revokePasskeys: z.boolean().default(false) })
const issue = z
  .object({
    buildings: z.array(z.string().trim().min(1).max(100)).min(1).max(500).optional(),
    units: z.array(z.string().trim().min(1).max(100)).min(1).max(5000).optional(),
    all: z.literal(true).optional(),
    revokePasskeys: z.boolean().default(false),
    days: z.number().int().min(1).max(180).default(INVITATION_DAYS_DEFAULT),
  })
  .refine((v) => [v.buildings, v.units, v.all].filter((x) => x !== undefined).length === 1, {
    message: 'choose exactly one of: buildings, units, all',
  })

/** Staff of an estate (accounts, role grants, enrollment links) and owners' invitations. */
export function staffRoutes(ctx: RouteContext) {
  const { db, auth } = ctx
  const who = (c: Parameters<typeof auditActor>[0]) => ({ ...auditActor(c), now: ctx.now() })

  return new Hono<AuthEnv>()
    .get('/estates/:estateId/staff', validate('param', estateParam), async (c) =>
      c.json({ staff: await listStaff(db, c.req.valid('param').estateId) }),
    )
    .post(
      '/estates/:estateId/staff',
      validate('param', estateParam),
      validate('json', addStaff),
      async (c) => {
        const { estateId } = c.req.valid('param')
        const body = c.req.valid('json')
        const acting = c.get('role')
        if (
          acting === 'owner' ||
          acting === 'guardian' ||
          acting === 'anonymous' ||
          !mayGrant(acting, body.role)
        )
          throw new AppError('forbidden', 403, `A ${acting} may not grant the role ${body.role}`)
        if ('displayName' in body) {
          const link = await createStaff(
            db,
            { displayName: body.displayName, role: body.role, estateId, origin: auth.origin },
            who(c),
          )
          return c.json({ staff: link }, 201)
        }
        const granted = await grantRole(db, { accountId: body.accountId, role: body.role, estateId }, who(c))
        auth.sessions.forget(granted.revokedSessionIds)
        return c.json({ staff: { accountId: body.accountId, grantId: granted.grantId } }, 201)
      },
    )
    .delete('/estates/:estateId/staff/:grantId', validate('param', grantParam), async (c) => {
      const { estateId, grantId } = c.req.valid('param')
      const acting = c.get('role')
      const grant = await findGrant(db, estateId, grantId)
      if (
        grant &&
        (acting === 'owner' ||
          acting === 'guardian' ||
          acting === 'anonymous' ||
          !mayGrant(acting, grant.role))
      )
        throw new AppError('forbidden', 403, `A ${acting} may not revoke the role ${grant.role}`)
      const { revokedSessionIds } = await revokeGrant(db, { estateId, grantId }, who(c))
      auth.sessions.forget(revokedSessionIds)
      return c.body(null, 204)
    })
    .post(
      '/staff/:accountId/enrollments',
      validate('param', accountParam),
      validate('json', newEnrollment),
      async (c) => {
        const { accountId } = c.req.valid('param')
        const { revokePasskeys } = c.req.valid('json')
        const link = await reissueEnrollment(db, { accountId, revokePasskeys, origin: auth.origin }, who(c))
        auth.sessions.forget(link.revokedSessionIds)
        return c.json(
          {
            enrollment: {
              accountId: link.accountId,
              url: link.url,
              expiresAt: link.expiresAt,
              revokedPasskeys: link.revokedPasskeys,
            },
          },
          201,
        )
      },
    )

    .get('/estates/:estateId/invitations', validate('param', estateParam), async (c) => {
      c.header('cache-control', 'no-store')
      return c.json(await listInvitations(db, c.req.valid('param').estateId, ctx.now()))
    })
    .post(
      '/estates/:estateId/invitations',
      ctx.limit('invitations'),
      validate('param', estateParam),
      validate('json', issue),
      async (c) => {
        const { estateId } = c.req.valid('param')
        const body = c.req.valid('json')
        actorOf(c)
        const result = await issueInvitations(db, {
          estateId,
          buildings: body.buildings,
          units: body.units,
          revokePasskeys: body.revokePasskeys,
          days: body.days,
          origin: auth.origin,
          ...who(c),
        })
        auth.sessions.forget(result.revokedSessionIds)
        // The codes exist only in this answer: letters are printed from it and never again.
        c.header('cache-control', 'no-store')
        return c.json(
          {
            estate: result.estate,
            letters: result.letters,
            reissued: result.reissued,
            revokedPasskeys: result.revokedPasskeys,
          },
          201,
        )
      },
    )
}
