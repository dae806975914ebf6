import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { auditActor, type AuthEnv } from '../auth/access'
import { activationReview, decideActivation, decideTakeover } from '../services/approvals'
import type { RouteContext } from './context'
import { estateParam, validate } from './validate'

const decision = z.object({
  decision: z.enum(['approve', 'refuse']),
  note: z.string().trim().max(500).nullable().default(null),
})

/**
 * The second person (domain §2, the supervisor): approving a take-over of an owner's account and an activation
 * made without the owner's phone, and the review of activations and of ballots cast soon after one.
 */
export function approvalRoutes(ctx: RouteContext) {
  const { db, auth } = ctx
  const who = (c: Context<AuthEnv>) => ({ ...auditActor(c), now: c.get('now') })
  return new Hono<AuthEnv>()
    .post(
      '/estates/:estateId/invitations/:invitationId/approval',
      validate('param', estateParam.extend({ invitationId: z.uuid() })),
      validate('json', decision),
      async (c) => {
        const { estateId, invitationId } = c.req.valid('param')
        const r = await decideTakeover(db, ctx.sms, estateId, invitationId, c.req.valid('json'), who(c))
        auth.sessions.forget(r.revokedSessionIds)
        return c.body(null, 204)
      },
    )
    .post(
      '/estates/:estateId/activations/approval',
      validate('param', estateParam),
      validate('json', decision.extend({ invitationId: z.uuid(), ownerId: z.number().int().positive() })),
      async (c) => {
        const { estateId } = c.req.valid('param')
        const r = await decideActivation(db, estateId, c.req.valid('json'), who(c))
        auth.sessions.forget(r.revokedSessionIds)
        // The account's signed-in sessions load it again on their next request: approved, it votes at once.
        auth.sessions.grantsChanged(r.accountId)
        return c.body(null, 204)
      },
    )
    .get('/estates/:estateId/activation-review', validate('param', estateParam), async (c) => {
      c.header('cache-control', 'no-store')
      return c.json(await activationReview(db, c.req.valid('param').estateId))
    })
}
