import { Hono, type Context } from 'hono'
import {
  actorOf,
  auditActor,
  clearSessionCookie,
  loadActor,
  setSessionCookie,
  type AuthEnv,
} from '../auth/access'
import { finishAuthentication, startAuthentication, startRegistration } from '../auth/passkeys'
import { AppError } from '../errors'
import { finishActivation, startActivation, verifyActivationSms } from '../services/activation'
import { describeMe } from '../services/me'
import { addOwnPasskey, removeOwnPasskey } from '../services/own-passkeys'
import { finishEnrollment, startEnrollment } from '../services/staff-accounts'
import {
  activationSms,
  activationStart,
  addPasskeyBody,
  authentication,
  credentialParam,
  enrollmentStart,
  passkeyLabel,
  registration,
} from './auth.schema'
import type { RouteContext } from './context'
import { doc } from './openapi'
import { validate } from './validate'

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
    .post(
      '/activation/options',
      doc({
        summary: 'Start an activation from an invitation letter: the code, the name and ID characters',
        description:
          'Answers the passkey registration options, or that a text-message code was sent to the phone on ' +
          'the roll (then POST /activation/sms), or that the activation awaits a supervisor.',
        tag: 'auth',
        limited: true,
        errors: [
          'activation_failed',
          'invitation_expired',
          'invitation_locked',
          'invitation_awaiting_approval',
          'already_activated',
          'guardian_recorded',
          'sms_failed',
        ],
      }),
      ctx.limit('activation'),
      validate('json', activationStart),
      async (c) => {
        const body = c.req.valid('json')
        const started = await startActivation(db, auth.passkeys, ctx.sms, { ...body, now: ctx.now() })
        return c.json(started)
      },
    )
    .post(
      '/activation/sms',
      doc({
        summary: 'The text-message code of an activation: answers the passkey registration options',
        tag: 'auth',
        limited: true,
        errors: ['activation_failed', 'sms_code_wrong', 'sms_code_expired', 'invitation_locked'],
      }),
      ctx.limit('activation'),
      validate('json', activationSms),
      async (c) => {
        const body = c.req.valid('json')
        return c.json(await verifyActivationSms(db, auth.passkeys, { ...body, now: ctx.now() }))
      },
    )
    .post(
      '/activation',
      doc({
        summary: 'Finish an activation with the new passkey; signs in',
        tag: 'auth',
        ok: { status: 201, description: 'Signed in: what GET /me answers' },
        errors: ['passkey_failed', 'already_activated', 'account_disabled'],
      }),
      // Not limited here: it needs a challenge that only the limited step above hands out.
      validate('json', registration),
      async (c) => {
        const { response } = c.req.valid('json')
        const done = await finishActivation(db, auth.passkeys, response, ctx.now())
        return c.json(await signIn(c, done.accountId, done.credentialId), 201)
      },
    )

    .post(
      '/session/options',
      doc({ summary: 'Start a passkey sign-in (usernameless)', tag: 'auth', limited: true }),
      ctx.limit('signIn'),
      async (c) => c.json({ options: await startAuthentication(db, auth.passkeys, ctx.now()) }),
    )
    .post(
      '/session',
      doc({
        summary: 'Sign in with a passkey',
        tag: 'auth',
        limited: true,
        errors: ['passkey_failed', 'account_disabled'],
      }),
      ctx.limit('signIn'),
      validate('json', authentication),
      async (c) => {
        const { response } = c.req.valid('json')
        const done = await finishAuthentication(db, auth.passkeys, response, ctx.now())
        return c.json(await signIn(c, done.accountId, done.credentialId))
      },
    )
    .delete('/session', doc({ summary: 'Sign out', tag: 'auth', ok: { status: 204 } }), async (c) => {
      const actor = actorOf(c)
      await auth.sessions.revoke(actor.sessionId)
      clearSessionCookie(c, auth)
      return c.body(null, 204)
    })

    .get('/me', doc({ summary: 'Who is signed in: roles, voters, alerts', tag: 'me' }), async (c) => {
      c.header('cache-control', 'no-store')
      return c.json({ me: await describeMe(db, actorOf(c)) })
    })
    .post(
      '/me/passkeys/options',
      doc({ summary: 'Start adding another passkey to my account', tag: 'me', limited: true }),
      ctx.limit('challenges'),
      validate('json', passkeyLabel),
      async (c) => {
        const actor = actorOf(c)
        const options = await startRegistration(
          db,
          auth.passkeys,
          { id: actor.accountId, userName: actor.displayName, displayName: actor.displayName },
          ctx.now(),
        )
        return c.json({ options })
      },
    )
    .post(
      '/me/passkeys',
      doc({
        summary: 'Add another passkey to my account',
        tag: 'me',
        ok: { status: 201, description: 'The passkey' },
        errors: ['passkey_failed'],
      }),
      validate('json', addPasskeyBody),
      async (c) => {
        const passkey = await addOwnPasskey(
          db,
          auth.passkeys,
          actorOf(c),
          c.req.valid('json'),
          auditActor(c),
          ctx.now(),
        )
        return c.json({ passkey }, 201)
      },
    )
    .delete(
      '/me/passkeys/:credentialId',
      doc({
        summary: 'Remove one of my passkeys; the sessions signed in with it end',
        tag: 'me',
        ok: { status: 204 },
        errors: ['passkey_not_found', 'passkey_revoked'],
      }),
      validate('param', credentialParam),
      async (c) => {
        const actor = actorOf(c)
        const { credentialId } = c.req.valid('param')
        const revokedSessions = await removeOwnPasskey(db, actor, credentialId, auditActor(c), ctx.now())
        auth.sessions.forget(revokedSessions)
        if (revokedSessions.includes(actor.sessionId)) clearSessionCookie(c, auth)
        return c.body(null, 204)
      },
    )

    .post(
      '/enrollment/options',
      doc({
        summary: 'Start a staff member’s enrollment from their link',
        tag: 'auth',
        limited: true,
        errors: ['enrollment_invalid'],
      }),
      ctx.limit('signIn'),
      validate('json', enrollmentStart),
      async (c) => {
        const { token } = c.req.valid('json')
        return c.json(await startEnrollment(db, auth.passkeys, token, ctx.now()))
      },
    )
    .post(
      '/enrollment',
      doc({
        summary: 'Finish an enrollment with the staff member’s passkey; signs in',
        tag: 'auth',
        limited: true,
        ok: { status: 201, description: 'Signed in: what GET /me answers' },
        errors: ['passkey_failed', 'enrollment_invalid', 'account_disabled'],
      }),
      ctx.limit('signIn'),
      validate('json', registration),
      async (c) => {
        const { response } = c.req.valid('json')
        const done = await finishEnrollment(db, auth.passkeys, response, ctx.now())
        return c.json(await signIn(c, done.accountId, done.credentialId), 201)
      },
    )
}

/** The routes of this module with their paths, inputs and answers, as mounted by apiRoutes (server/app.ts). */
export type AuthRoutes = ReturnType<typeof authRoutes>
