import { Hono, type Context } from 'hono'
import { auditActor, type AuthEnv } from '../auth/access'
import { activationReview, decideActivation, decideTakeover } from '../services/approvals'
import type { RouteContext } from './context'
import { activationDecisionBody, decisionBody, invitationParam } from './approvals.schema'
import { doc } from './openapi'
import { estateParam, validate } from './validate'

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
      doc({
        summary: 'Approve or refuse a take-over (a re-issue that ends the owners’ passkeys)',
        tag: 'invitations',
        ok: { status: 204 },
        errors: ['invitation_not_found', 'already_decided', 'same_person', 'sms_failed'],
      }),
      validate('param', invitationParam),
      validate('json', decisionBody),
      async (c) => {
        const { estateId, invitationId } = c.req.valid('param')
        const r = await decideTakeover(db, ctx.sms, estateId, invitationId, c.req.valid('json'), who(c))
        auth.sessions.forget(r.revokedSessionIds)
        return c.body(null, 204)
      },
    )
    .post(
      '/estates/:estateId/activations/approval',
      doc({
        summary: 'Approve or refuse an activation made without the owner’s phone',
        tag: 'invitations',
        ok: { status: 204 },
        errors: ['activation_not_found', 'already_decided', 'same_person'],
      }),
      validate('param', estateParam),
      validate('json', activationDecisionBody),
      async (c) => {
        const { estateId } = c.req.valid('param')
        const r = await decideActivation(db, estateId, c.req.valid('json'), who(c))
        auth.sessions.forget(r.revokedSessionIds)
        // The account's signed-in sessions load it again on their next request: approved, it votes at once.
        auth.sessions.grantsChanged(r.accountId)
        return c.body(null, 204)
      },
    )
    .get(
      '/estates/:estateId/activation-review',
      doc({
        summary:
          'Take-overs and activations awaiting approval, those decided, and ballots cast soon after one',
        tag: 'invitations',
      }),
      validate('param', estateParam),
      async (c) => {
        c.header('cache-control', 'no-store')
        return c.json(await activationReview(db, c.req.valid('param').estateId))
      },
    )
}

/** The routes of this module with their paths, inputs and answers, as mounted by apiRoutes (server/app.ts). */
export type ApprovalRoutes = ReturnType<typeof approvalRoutes>
