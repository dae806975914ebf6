import { Hono, type Context } from 'hono'
import type { StaffRole } from '../../db/schema'
import { actorOf, auditActor, type AuthEnv } from '../auth/access'
import { mayGrant } from '../auth/policy'
import { AppError } from '../errors'
import { text } from '../services/activation'
import { issueInvitations, listInvitations } from '../services/invitations'
import { createStaff, grantRole, listStaff, reissueEnrollment, revokeGrant } from '../services/staff-accounts'
import type { RouteContext } from './context'
import { doc } from './openapi'
import { accountParam, addStaffBody, grantParam, issueBody, newEnrollmentBody } from './staff.schema'
import { estateParam, validate } from './validate'

/**
 * The role a staff member changes others' roles in: admin when they are one (a person may also hold an estate role,
 * and authorize picks the first grant that fits the route), else the role that authorised the route.
 */
function granterOf(c: Context<AuthEnv>): StaffRole {
  const actor = actorOf(c)
  const acting = c.get('role')
  if (acting === 'owner' || acting === 'guardian' || acting === 'anonymous')
    throw new AppError('forbidden', 'Only staff change roles')
  const granter = actor.grants.some((g) => g.role === 'admin') ? 'admin' : acting
  c.set('role', granter) // the audit records the role the change was made in
  return granter
}

/** Staff of an estate (accounts, role grants, enrollment links) and owners' invitations. */
export function staffRoutes(ctx: RouteContext) {
  const { db, auth } = ctx
  const who = (c: Parameters<typeof auditActor>[0]) => ({ ...auditActor(c), now: ctx.now() })

  return new Hono<AuthEnv>()
    .get(
      '/estates/:estateId/staff',
      doc({ summary: 'The estate’s staff and their roles', tag: 'staff', errors: ['estate_not_found'] }),
      validate('param', estateParam),
      async (c) => c.json({ staff: await listStaff(db, c.req.valid('param').estateId) }),
    )
    .post(
      '/estates/:estateId/staff',
      doc({
        summary: 'Add a staff member (an enrollment link) or grant a role to an existing account',
        tag: 'staff',
        ok: { status: 201, description: 'The enrollment link, or the grant' },
        errors: ['forbidden', 'estate_not_found', 'account_not_found', 'not_staff', 'role_exists'],
      }),
      validate('param', estateParam),
      validate('json', addStaffBody),
      async (c) => {
        const { estateId } = c.req.valid('param')
        const body = c.req.valid('json')
        const granter = granterOf(c)
        if ('displayName' in body) {
          if (!mayGrant(granter, body.role))
            throw new AppError('forbidden', `A ${granter} may not grant the role ${body.role}`)
          const link = await createStaff(
            db,
            { displayName: body.displayName, role: body.role, estateId, origin: auth.origin },
            who(c),
          )
          return c.json({ staff: link }, 201)
        }
        // The service checks the granter against the role and the account's other roles, in its transaction.
        const granted = await grantRole(
          db,
          { accountId: body.accountId, role: body.role, estateId, granter },
          who(c),
        )
        auth.sessions.grantsChanged(body.accountId)
        return c.json({ staff: { accountId: body.accountId, grantId: granted.grantId } }, 201)
      },
    )
    .delete(
      '/estates/:estateId/staff/:grantId',
      doc({
        summary: 'Revoke a role grant; the account’s sessions load their roles again',
        tag: 'staff',
        ok: { status: 204 },
        errors: ['forbidden', 'grant_not_found', 'grant_revoked'],
      }),
      validate('param', grantParam),
      async (c) => {
        const { estateId, grantId } = c.req.valid('param')
        const revoked = await revokeGrant(db, { estateId, grantId, granter: granterOf(c) }, who(c))
        auth.sessions.grantsChanged(revoked.accountId)
        auth.sessions.forget(revoked.revokedSessionIds)
        return c.body(null, 204)
      },
    )
    .post(
      '/staff/:accountId/enrollments',
      doc({
        summary: 'A new enrollment link for a staff account (optionally ending its passkeys)',
        tag: 'staff',
        ok: { status: 201, description: 'The enrollment link' },
        errors: ['account_not_found', 'not_staff'],
      }),
      validate('param', accountParam),
      validate('json', newEnrollmentBody),
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

    .get(
      '/estates/:estateId/invitations',
      doc({
        summary: 'The estate’s invitation letters and their state (never the codes)',
        tag: 'invitations',
      }),
      validate('param', estateParam),
      async (c) => {
        c.header('cache-control', 'no-store')
        return c.json(await listInvitations(db, c.req.valid('param').estateId, ctx.now()))
      },
    )
    .post(
      '/estates/:estateId/invitations',
      doc({
        summary: 'Issue invitation letters: the codes exist only in this answer',
        description:
          'A re-issue that would end activated owners’ passkeys is a take-over: the new letter works once a ' +
          'supervisor or the street office approves (POST …/invitations/{invitationId}/approval).',
        tag: 'invitations',
        limited: true,
        ok: { status: 201, description: 'The letters to print' },
        errors: ['estate_not_found', 'unit_not_found', 'no_voters', 'sms_failed'],
      }),
      ctx.limit('invitations'),
      validate('param', estateParam),
      validate('json', issueBody),
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
        // A take-over waits for a supervisor; the owners hear of it at once, on the phone on the roll.
        for (const t of result.toTell)
          await text(
            db,
            ctx.sms,
            { to: t.phone, template: 'takeover_requested', params: { unit: t.unit } },
            null,
            c.get('now'),
          )
        // The codes exist only in this answer: letters are printed from it and never again.
        c.header('cache-control', 'no-store')
        return c.json(
          {
            estate: result.estate,
            letters: result.letters,
            reissued: result.reissued,
            revokedPasskeys: result.revokedPasskeys,
            // Voters whose new code works once a supervisor approves (their owners' passkeys would end).
            awaitingApproval: result.awaitingApproval,
          },
          201,
        )
      },
    )
}

/** The routes of this module with their paths, inputs and answers, as mounted by apiRoutes (server/app.ts). */
export type StaffRoutes = ReturnType<typeof staffRoutes>
