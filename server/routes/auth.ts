import { Hono, type Context } from 'hono'
import { z } from 'zod'
import {
  actorOf,
  auditActor,
  clearSessionCookie,
  loadActor,
  setSessionCookie,
  type AuthEnv,
} from '../auth/access'
import {
  finishAuthentication,
  finishRegistration,
  startAuthentication,
  startRegistration,
} from '../auth/passkeys'
import { AppError, conflict, notFound } from '../errors'
import { finishActivation, startActivation, verifyActivationSms } from '../services/activation'
import { appendAudit } from '../services/audit'
import { describeMe } from '../services/me'
import { finishEnrollment, startEnrollment } from '../services/staff-accounts'
import type { RouteContext } from './context'
import { displayText, validate } from './validate'
import { authenticationResponse, registrationResponse } from './webauthn-schemas'

const activationStart = z.object({
  code: z.string().trim().min(1).max(40),
  name: z.string().trim().min(1).max(100),
  idLast4: z
    .string()
    .trim()
    .regex(/^[0-9Xx]{4}$/, 'the last four characters of the ID number: digits or X'),
})
const enrollmentStart = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'enrollment token') })
// A passkey's label is listed back as the title of the passkey.
const passkeyLabel = z.object({ label: displayText(60).optional() })
const addPasskey = z.object({
  response: registrationResponse,
  label: displayText(60).optional(),
})
const credentialParam = z.object({ credentialId: z.string().regex(/^[A-Za-z0-9_-]{1,1400}$/) })

/**
 * Owners' activation, passkey sign-in and sign-out, the signed-in person's own view and passkeys, and staff
 * enrollment. Ceremony failures answer one generic `passkey_failed` (the detail is logged by passkeys.ts).
 */
export function authRoutes(ctx: RouteContext) {
  const { db, auth } = ctx

  /** Starts a session (cookie) and answers what /api/me would. */
  async function signIn(c: Context<AuthEnv>, accountId: string, credentialId: string) {
    const { token, claims } = await auth.sessions.issue(accountId, credentialId)
    setSessionCookie(c, auth, token)
    const actor = await loadActor(db, accountId, claims.sessionId)
    if (!actor) throw new AppError('account_disabled', 'This account is disabled')
    return { me: await describeMe(db, actor) }
  }

  return new Hono<AuthEnv>()
    .post('/activation/options', ctx.limit('activation'), validate('json', activationStart), async (c) => {
      const body = c.req.valid('json')
      const started = await startActivation(db, auth.passkeys, ctx.sms, { ...body, now: ctx.now() })
      return c.json(started)
    })
    .post(
      '/activation/sms',
      ctx.limit('activation'),
      validate('json', z.object({ ticket: z.uuid(), code: z.string().trim().min(1).max(12) })),
      async (c) => {
        const body = c.req.valid('json')
        return c.json(await verifyActivationSms(db, auth.passkeys, { ...body, now: ctx.now() }))
      },
    )
    .post(
      '/activation',
      // Not limited here: it needs a challenge that only the limited step above hands out.
      validate('json', z.object({ response: registrationResponse })),
      async (c) => {
        const { response } = c.req.valid('json')
        const done = await finishActivation(db, auth.passkeys, response, ctx.now())
        return c.json(await signIn(c, done.accountId, done.credentialId), 201)
      },
    )

    .post('/session/options', ctx.limit('signIn'), async (c) =>
      c.json({ options: await startAuthentication(db, auth.passkeys, ctx.now()) }),
    )
    .post(
      '/session',
      ctx.limit('signIn'),
      validate('json', z.object({ response: authenticationResponse })),
      async (c) => {
        const { response } = c.req.valid('json')
        const done = await finishAuthentication(db, auth.passkeys, response, ctx.now())
        return c.json(await signIn(c, done.accountId, done.credentialId))
      },
    )
    .delete('/session', async (c) => {
      const actor = actorOf(c)
      await auth.sessions.revoke(actor.sessionId)
      clearSessionCookie(c, auth)
      return c.body(null, 204)
    })

    .get('/me', async (c) => {
      c.header('cache-control', 'no-store')
      return c.json({ me: await describeMe(db, actorOf(c)) })
    })
    .post('/me/passkeys/options', ctx.limit('challenges'), validate('json', passkeyLabel), async (c) => {
      const actor = actorOf(c)
      const options = await startRegistration(
        db,
        auth.passkeys,
        { id: actor.accountId, userName: actor.displayName, displayName: actor.displayName },
        ctx.now(),
      )
      return c.json({ options })
    })
    .post('/me/passkeys', validate('json', addPasskey), async (c) => {
      const actor = actorOf(c)
      const { response, label } = c.req.valid('json')
      const now = ctx.now()
      const done = await db.transaction().execute(async (trx) => {
        const r = await finishRegistration(trx, auth.passkeys, response, now, label ?? null, actor.accountId)
        await appendAudit(trx, {
          ...auditActor(c),
          action: 'passkey.added',
          estateId: actor.estateId,
          subject: actor.accountId,
          after: { credential: r.credentialId, label: label ?? null },
          at: now,
        })
        return r
      })
      return c.json({ passkey: { id: done.credentialId, label: label ?? null } }, 201)
    })
    .delete('/me/passkeys/:credentialId', validate('param', credentialParam), async (c) => {
      const actor = actorOf(c)
      const { credentialId } = c.req.valid('param')
      const now = ctx.now()
      const revokedSessions = await db.transaction().execute(async (trx) => {
        const cred = await trx
          .selectFrom('credentials')
          .select(['id', 'revoked_at'])
          .where('id', '=', credentialId)
          .where('account_id', '=', actor.accountId)
          .executeTakeFirst()
        if (!cred) throw notFound('passkey_not_found', 'No such passkey on your account')
        if (cred.revoked_at !== null) throw conflict('passkey_revoked', 'This passkey was already removed')
        await trx
          .updateTable('credentials')
          .set({ revoked_at: now.toISOString(), revoked_by: `account:${actor.accountId}` })
          .where('id', '=', credentialId)
          .execute()
        // Sessions signed in with that passkey end with it.
        const ended = await trx
          .updateTable('sessions')
          .set({ revoked_at: now.toISOString() })
          .where('account_id', '=', actor.accountId)
          .where('credential_id', '=', credentialId)
          .where('revoked_at', 'is', null)
          .returning('id')
          .execute()
        await appendAudit(trx, {
          ...auditActor(c),
          action: 'passkey.revoked',
          estateId: actor.estateId,
          subject: actor.accountId,
          before: { credential: credentialId },
          at: now,
        })
        return ended.map((s) => s.id)
      })
      auth.sessions.forget(revokedSessions)
      if (revokedSessions.includes(actor.sessionId)) clearSessionCookie(c, auth)
      return c.body(null, 204)
    })

    .post('/enrollment/options', ctx.limit('signIn'), validate('json', enrollmentStart), async (c) => {
      const { token } = c.req.valid('json')
      return c.json(await startEnrollment(db, auth.passkeys, token, ctx.now()))
    })
    .post(
      '/enrollment',
      ctx.limit('signIn'),
      validate('json', z.object({ response: registrationResponse })),
      async (c) => {
        const { response } = c.req.valid('json')
        const done = await finishEnrollment(db, auth.passkeys, response, ctx.now())
        return c.json(await signIn(c, done.accountId, done.credentialId), 201)
      },
    )
}
