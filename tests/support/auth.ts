import { randomBytes } from 'node:crypto'
import type { RegistrationResponseJSON } from '@simplewebauthn/server'
import type { Db } from '../../db/client'
import type { StaffRole } from '../../db/schema'
import { createApp, type AppDeps } from '../../server/app'
import { issueInvitations } from '../../server/services/invitations'
import { createStaff } from '../../server/services/staff-accounts'
import { RecordingSms } from '../../server/sms/sender'
import { SoftAuthenticator } from '../../server/demo/soft-authenticator'

/** The origin tests run the app under: localhost, so the passkey RP ID is valid and cookies are not Secure. */
export const ORIGIN = 'http://localhost:8787'

export type TestApp = ReturnType<typeof createApp> & { readonly texts: RecordingSms }

/** The app in-process; the owners' text messages are kept in `texts` (each test reads the codes sent). */
export function testApp(db: Db, more: Partial<AppDeps> = {}): TestApp {
  const texts = new RecordingSms()
  return { ...createApp({ db, origin: ORIGIN, sessionSecret: randomBytes(32), sms: texts, ...more }), texts }
}

/** The phone of an owner on the roll (where the one-time code goes). */
export async function phoneOnRoll(db: Db, name: string, idLast4: string): Promise<string> {
  const row = await db
    .selectFrom('owners')
    .select('phone')
    .where('name', '=', name)
    .where('id_last4', '=', idLast4)
    .executeTakeFirstOrThrow()
  return row.phone
}

type Requester = TestApp['app']

/** A browser-like request: same-origin `Origin` on writes, JSON body, the session cookie when given. */
export function call(
  app: Requester,
  method: string,
  path: string,
  opts: { body?: unknown; cookie?: string | undefined; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) }
  if (method !== 'GET' && method !== 'HEAD' && !('origin' in headers)) headers.origin = ORIGIN
  if (opts.cookie) headers.cookie = opts.cookie
  let body: BodyInit | undefined
  if (opts.body !== undefined) {
    headers['content-type'] ??= 'application/json'
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body)
  }
  return Promise.resolve(app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) }))
}

/** The session cookie a response set, as a Cookie request header ('' when none). */
export function sessionCookie(res: Response): string {
  const set = res.headers.getSetCookie().find((c) => c.startsWith('gj_session='))
  return set ? (set.split(';')[0] as string) : ''
}

export interface SignedIn {
  readonly cookie: string
  readonly accountId: string
  readonly phone: SoftAuthenticator
}

/**
 * A staff member with a role, enrolled through the real API: enrollment link → passkey registered by a software
 * authenticator → session cookie.
 */
export async function enrolStaff(
  t: TestApp,
  db: Db,
  role: StaffRole,
  estateId: string | null,
  name = `${role} ${estateId ?? ''}`.trim(),
  now: Date = new Date(),
): Promise<SignedIn> {
  const link = await createStaff(
    db,
    { displayName: name, role, estateId, origin: ORIGIN },
    { actor: 'test', role: 'system', now },
  )
  const token = link.url.split('/enroll/')[1] as string
  const phone = new SoftAuthenticator(ORIGIN)
  const started = await call(t.app, 'POST', '/api/enrollment/options', { body: { token } })
  if (started.status !== 200) throw new Error(`enrollment options: ${started.status} ${await started.text()}`)
  const { options } = (await started.json()) as { options: Parameters<SoftAuthenticator['register']>[0] }
  const res = await call(t.app, 'POST', '/api/enrollment', { body: { response: phone.register(options) } })
  if (res.status !== 201) throw new Error(`enrollment: ${res.status} ${await res.text()}`)
  return { cookie: sessionCookie(res), accountId: link.accountId, phone }
}

/** A fresh invitation code for the voter holding `unit` (issued through the service, as a convener would). */
export async function inviteUnit(
  db: Db,
  estateId: string,
  unit: string,
  now: Date = new Date(),
): Promise<string> {
  const { letters } = await issueInvitations(db, {
    estateId,
    units: [unit],
    revokePasskeys: false,
    days: 30,
    origin: ORIGIN,
    actor: 'test',
    role: 'convener',
    now,
  })
  return (letters[0] as { code: string }).code
}

/**
 * The passkey step of an activation through the real API: the letter's code, the name and ID digits, then — where
 * the roll has the owner's phone — the code the test app's recorder kept from the text message to it.
 */
export async function activationOptions(
  t: TestApp,
  body: { code: string; name: string; idLast4: string },
): Promise<{ options: Parameters<SoftAuthenticator['register']>[0]; who: unknown }> {
  const started = await call(t.app, 'POST', '/api/activation/options', { body })
  if (started.status !== 200) throw new Error(`activation options: ${started.status} ${await started.text()}`)
  const step = (await started.json()) as
    | { step: 'passkey'; options: Parameters<SoftAuthenticator['register']>[0]; who: unknown }
    | { step: 'sms'; ticket: string }
  if (step.step === 'passkey') return step
  const sent = t.texts.sent.filter((m) => m.template === 'activation_code').at(-1)
  const verified = await call(t.app, 'POST', '/api/activation/sms', {
    body: { ticket: step.ticket, code: sent?.params['code'] ?? '' },
  })
  if (verified.status !== 200) throw new Error(`activation sms: ${verified.status} ${await verified.text()}`)
  return (await verified.json()) as { options: Parameters<SoftAuthenticator['register']>[0]; who: unknown }
}

/** An owner activated through the real API with their name and ID digits; returns their session. */
export async function activateOwner(
  t: TestApp,
  code: string,
  name: string,
  idLast4: string,
  phone = new SoftAuthenticator(ORIGIN),
): Promise<SignedIn & { response: Response }> {
  const started = await call(t.app, 'POST', '/api/activation/options', { body: { code, name, idLast4 } })
  if (started.status !== 200) throw new Error(`activation options: ${started.status} ${await started.text()}`)
  let step = (await started.json()) as
    | { step: 'passkey'; options: Parameters<SoftAuthenticator['register']>[0] }
    | { step: 'sms'; ticket: string }
  if (step.step === 'sms') {
    // The owner reads the code texted to the phone on the roll (the test app keeps the messages).
    const sent = t.texts.sent.filter((m) => m.template === 'activation_code').at(-1)
    const verified = await call(t.app, 'POST', '/api/activation/sms', {
      body: { ticket: step.ticket, code: sent?.params['code'] ?? '' },
    })
    if (verified.status !== 200)
      throw new Error(`activation sms: ${verified.status} ${await verified.text()}`)
    step = (await verified.json()) as typeof step
  }
  if (step.step !== 'passkey') throw new Error('no passkey step')
  const { options } = step
  const registration: RegistrationResponseJSON = phone.register(options)
  const res = await call(t.app, 'POST', '/api/activation', { body: { response: registration } })
  if (res.status !== 201) throw new Error(`activation: ${res.status} ${await res.text()}`)
  const me = (await res.clone().json()) as { me: { account: { id: string } } }
  return { cookie: sessionCookie(res), accountId: me.me.account.id, phone, response: res }
}

/** Usernameless sign-in with a phone's passkey. */
export async function signIn(t: TestApp, phone: SoftAuthenticator, credentialId?: string): Promise<Response> {
  const started = await call(t.app, 'POST', '/api/session/options')
  const { options } = (await started.json()) as { options: Parameters<SoftAuthenticator['authenticate']>[0] }
  return call(t.app, 'POST', '/api/session', {
    body: { response: phone.authenticate(options, credentialId) },
  })
}
