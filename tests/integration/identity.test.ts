import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { verifyAuditChain } from '../../server/services/audit'
import {
  activateOwner,
  activationOptions,
  call,
  demoDb,
  enrolStaff,
  inviteUnit,
  ORIGIN,
  sessionCookie,
  signIn,
  type tempDb,
  testApp,
  type TestApp,
} from '../support'
import { SoftAuthenticator } from '../../server/demo/soft-authenticator'

let t: Awaited<ReturnType<typeof tempDb>>
let a: TestApp

beforeEach(async () => {
  t = await demoDb()
  a = testApp(t.db)
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
})
afterEach(async () => {
  vi.restoreAllMocks()
  await a.tracker.drain()
  await t.cleanup()
})

type Body = Record<string, unknown> & { error?: { code: string; details?: unknown } }
const json = async (res: Response) => (await res.json()) as Body
const me = async (cookie: string) => call(a.app, 'GET', '/api/me', { cookie })
const auditActions = async () =>
  (await t.db.selectFrom('audit_log').select('action').orderBy('id').execute()).map((r) => r.action)

describe('owner activation (POST /api/activation/options, POST /api/activation)', () => {
  it('activates an owner whose name and ID digits match the roll, registers a passkey and signs them in', async () => {
    const code = await inviteUnit(t.db, 'jinxiu', '1-1-101')
    // The one-time code went to the phone on the roll (domain §12: a factor the conveners do not hold).
    const body = (await activationOptions(a, { code, name: '潘芳', idLast4: '9839' })) as {
      options: {
        authenticatorSelection: unknown
        challenge: string
        rp: { id: string }
        user: { id: string }
      }
      who: unknown
    }
    expect(body.options.authenticatorSelection).toMatchObject({
      residentKey: 'required',
      userVerification: 'required',
    })
    expect(body.options.rp.id).toBe('localhost')
    expect(body.who).toEqual({
      estate: { id: 'jinxiu', name: '锦绣苑' },
      units: [{ number: '1-1-101', area: '143.90' }],
      owner: '潘*',
      existingAccount: false,
      approvalRequired: null,
    })
    const phone = new SoftAuthenticator(ORIGIN)
    const res = await call(a.app, 'POST', '/api/activation', {
      body: { response: phone.register(body.options) },
    })
    expect(res.status).toBe(201)
    const setCookie = res.headers.get('set-cookie') ?? ''
    expect(setCookie).toMatch(/^gj_session=/)
    expect(setCookie).toContain('HttpOnly')
    expect(setCookie).toContain('SameSite=Strict')
    expect(setCookie).not.toContain('Secure') // plain-http localhost development only
    const mine = (await (await me(sessionCookie(res))).json()) as {
      me: { account: { kind: string }; owner: { voters: { id: string; area: string; coOwners: string[] }[] } }
    }
    expect(mine.me.account.kind).toBe('owner')
    expect(mine.me.owner.voters).toEqual([
      expect.objectContaining({ id: '1-1-101', area: '143.90', coOwners: [] }),
    ])
    expect(await auditActions()).toContain('owner.activated')
    expect((await verifyAuditChain(t.db)).ok).toBe(true)
  })

  it('accepts the code as typed from paper: lower case, spaces, O for 0 and I for 1', async () => {
    const code = await inviteUnit(t.db, 'jinxiu', '1-1-101')
    const typed = code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'i')
    const res = await call(a.app, 'POST', '/api/activation/options', {
      body: { code: typed, name: ' 潘 芳 ', idLast4: '9839' },
    })
    expect(res.status).toBe(200)
  })

  it('lets each co-owner activate separately, tied to the same voter', async () => {
    const code = await inviteUnit(t.db, 'jinxiu', '1-1-201')
    const first = await activateOwner(a, code, '贾建国', '6055')
    const second = await activateOwner(a, code, '袁勇', '7116')
    expect(first.accountId).not.toBe(second.accountId)
    for (const [cookie, other] of [
      [first.cookie, '袁*'],
      [second.cookie, '贾*'],
    ] as const) {
      const body = (await (await me(cookie)).json()) as {
        me: { owner: { voters: { id: string; coOwners: string[] }[] } }
      }
      expect(body.me.owner.voters).toEqual([expect.objectContaining({ id: '1-1-201', coOwners: [other] })])
    }
  })

  it('shows an owner of two flats one voter with both units and the summed area', async () => {
    const code = await inviteUnit(t.db, 'jinxiu', '14-2-402')
    const owner = await activateOwner(a, code, '贾欣怡', '4599')
    const body = (await (await me(owner.cookie)).json()) as {
      me: { owner: { voters: { id: string; units: { number: string }[]; areaCm2: number }[] } }
    }
    expect(body.me.owner.voters).toHaveLength(1)
    expect(body.me.owner.voters[0]?.units.map((u) => u.number)).toEqual(['12-1-202', '14-2-402'])
    expect(body.me.owner.voters[0]?.areaCm2).toBe(1_009_300 + 797_900)
  })

  it('refuses wrong ID digits with attempts left, writes nothing but the count, and locks the code at 5', async () => {
    const code = await inviteUnit(t.db, 'jinxiu', '1-1-101')
    for (let i = 4; i >= 1; i--) {
      const res = await call(a.app, 'POST', '/api/activation/options', {
        body: { code, name: '潘芳', idLast4: '0000' },
      })
      expect(res.status).toBe(400)
      expect((await json(res)).error).toMatchObject({
        code: 'activation_failed',
        details: { attemptsLeft: i },
      })
    }
    const fifth = await call(a.app, 'POST', '/api/activation/options', {
      body: { code, name: '潘芳', idLast4: '0000' },
    })
    expect(fifth.status).toBe(423)
    expect((await json(fifth)).error?.code).toBe('invitation_locked')
    // Even the right answer no longer works with a locked code.
    const right = await call(a.app, 'POST', '/api/activation/options', {
      body: { code, name: '潘芳', idLast4: '9839' },
    })
    expect((await json(right)).error?.code).toBe('invitation_locked')
    expect(await t.db.selectFrom('accounts').selectAll().execute()).toHaveLength(0)
    expect(await auditActions()).toEqual(
      expect.arrayContaining(['invitation.activation_failed', 'invitation.locked']),
    )
  })

  it('refuses to finish an activation whose code was locked meanwhile (423 invitation_locked)', async () => {
    const code = await inviteUnit(t.db, 'jinxiu', '1-1-201')
    const { options } = await activationOptions(a, { code, name: '贾建国', idLast4: '6055' })
    for (let i = 0; i < 5; i++)
      await call(a.app, 'POST', '/api/activation/options', { body: { code, name: '袁勇', idLast4: '0000' } })
    const res = await call(a.app, 'POST', '/api/activation', {
      body: { response: new SoftAuthenticator(ORIGIN).register(options) },
    })
    expect(res.status).toBe(423)
    expect((await json(res)).error?.code).toBe('invitation_locked')
    expect(await t.db.selectFrom('accounts').selectAll().execute()).toHaveLength(0)
  })

  it('refuses an unknown code and a well-formed guess alike, without saying which part was wrong', async () => {
    await inviteUnit(t.db, 'jinxiu', '1-1-101')
    for (const code of ['nonsense', 'ABCD-EFGH-JKMN']) {
      const res = await call(a.app, 'POST', '/api/activation/options', {
        body: { code, name: '潘芳', idLast4: '9839' },
      })
      expect(res.status).toBe(400)
      expect((await json(res)).error).toEqual({
        code: 'activation_failed',
        message: 'The code, the name or the ID digits do not match the roll',
      })
    }
  })

  it('refuses a second activation of the same owner with the same code (409 already_activated)', async () => {
    const code = await inviteUnit(t.db, 'jinxiu', '1-1-101')
    await activateOwner(a, code, '潘芳', '9839')
    const res = await call(a.app, 'POST', '/api/activation/options', {
      body: { code, name: '潘芳', idLast4: '9839' },
    })
    expect(res.status).toBe(409)
    expect((await json(res)).error?.code).toBe('already_activated')
  })

  it('refuses a superseded code (410) after the convener re-issues, and the new code adds a phone', async () => {
    const old = await inviteUnit(t.db, 'jinxiu', '1-1-101')
    const first = await activateOwner(a, old, '潘芳', '9839')
    const fresh = await inviteUnit(t.db, 'jinxiu', '1-1-101')
    const res = await call(a.app, 'POST', '/api/activation/options', {
      body: { code: old, name: '潘芳', idLast4: '9839' },
    })
    expect(res.status).toBe(410)
    expect((await json(res)).error?.code).toBe('invitation_expired')
    const second = await activateOwner(a, fresh, '潘芳', '9839')
    expect(second.accountId).toBe(first.accountId)
    const body = (await (await me(second.cookie)).json()) as { me: { passkeys: { current: boolean }[] } }
    expect(body.me.passkeys).toHaveLength(2)
    expect(body.me.passkeys.filter((p) => p.current)).toHaveLength(1)
  })

  it('refuses a registration response answering a tampered challenge, and creates no account', async () => {
    const code = await inviteUnit(t.db, 'jinxiu', '1-1-101')
    const { options } = await activationOptions(a, { code, name: '潘芳', idLast4: '9839' })
    const phone = new SoftAuthenticator(ORIGIN)
    const res = await call(a.app, 'POST', '/api/activation', {
      body: {
        response: phone.register({ ...options, challenge: 'dGFtcGVyZWQtY2hhbGxlbmdlLTAxMjM0NTY3ODk' }),
      },
    })
    expect(res.status).toBe(400)
    expect((await json(res)).error?.code).toBe('passkey_failed')
    expect(sessionCookie(res)).toBe('')
    expect(await t.db.selectFrom('accounts').selectAll().execute()).toHaveLength(0)
  })

  it('validates the request (400 invalid_request) before anything else', async () => {
    const res = await call(a.app, 'POST', '/api/activation/options', {
      body: { code: 'x', name: '', idLast4: '12' },
    })
    expect(res.status).toBe(400)
    expect((await json(res)).error?.code).toBe('invalid_request')
  })
})

describe('sign-in and sign-out (POST/DELETE /api/session)', () => {
  it('signs an owner in again with the passkey (usernameless) and out again; the old cookie stops working', async () => {
    const owner = await activateOwner(a, await inviteUnit(t.db, 'jinxiu', '1-1-101'), '潘芳', '9839')
    const out = await call(a.app, 'DELETE', '/api/session', { cookie: owner.cookie })
    expect(out.status).toBe(204)
    expect(out.headers.get('set-cookie')).toMatch(/gj_session=;.*Max-Age=0/)
    expect((await me(owner.cookie)).status).toBe(401)

    const started = await call(a.app, 'POST', '/api/session/options')
    const { options } = (await started.json()) as { options: { allowCredentials?: unknown[] } }
    expect(options.allowCredentials ?? []).toEqual([])
    const res = await signIn(a, owner.phone)
    expect(res.status).toBe(200)
    expect((await me(sessionCookie(res))).status).toBe(200)
  })

  it('refuses a revoked passkey with the generic passkey_failed', async () => {
    const owner = await activateOwner(a, await inviteUnit(t.db, 'jinxiu', '1-1-101'), '潘芳', '9839')
    const [cred] = owner.phone.credentialIds
    const del = await call(a.app, 'DELETE', `/api/me/passkeys/${cred}`, { cookie: owner.cookie })
    expect(del.status).toBe(204)
    // The session signed in with it ended with it.
    expect((await me(owner.cookie)).status).toBe(401)
    const res = await signIn(a, owner.phone)
    expect(res.status).toBe(400)
    expect((await json(res)).error).toEqual({
      code: 'passkey_failed',
      message: 'The passkey could not be verified',
    })
    expect(await auditActions()).toContain('passkey.revoked')
  })

  it('lets a signed-in owner add a second passkey to their account', async () => {
    const owner = await activateOwner(a, await inviteUnit(t.db, 'jinxiu', '1-1-101'), '潘芳', '9839')
    const started = await call(a.app, 'POST', '/api/me/passkeys/options', { cookie: owner.cookie, body: {} })
    expect(started.status).toBe(200)
    const { options } = (await started.json()) as {
      options: Parameters<SoftAuthenticator['register']>[0] & { excludeCredentials: { id: string }[] }
    }
    expect(options.excludeCredentials.map((c) => c.id)).toEqual(owner.phone.credentialIds)
    const tablet = new SoftAuthenticator(ORIGIN)
    const added = await call(a.app, 'POST', '/api/me/passkeys', {
      cookie: owner.cookie,
      body: { response: tablet.register(options), label: '平板 tablet' },
    })
    expect(added.status).toBe(201)
    expect((await signIn(a, tablet)).status).toBe(200)
  })

  it('does not let one account finish another account’s passkey registration', async () => {
    const p1 = await activateOwner(a, await inviteUnit(t.db, 'jinxiu', '1-1-101'), '潘芳', '9839')
    const p2 = await activateOwner(a, await inviteUnit(t.db, 'jinxiu', '1-1-102'), '段文杰', '4741')
    const started = await call(a.app, 'POST', '/api/me/passkeys/options', { cookie: p1.cookie, body: {} })
    const { options } = (await started.json()) as { options: Parameters<SoftAuthenticator['register']>[0] }
    const res = await call(a.app, 'POST', '/api/me/passkeys', {
      cookie: p2.cookie,
      body: { response: new SoftAuthenticator(ORIGIN).register(options) },
    })
    expect((await json(res)).error?.code).toBe('passkey_failed')
  })

  it('answers 401 for /api/me without a session and for a forged cookie', async () => {
    expect((await call(a.app, 'GET', '/api/me')).status).toBe(401)
    expect((await me('gj_session=eyJhbGciOiJub25lIn0.e30.')).status).toBe(401)
  })
})

describe('recovery: a convener re-issues an invitation (POST /api/estates/:id/invitations)', () => {
  it('revokes the owner’s passkeys and sessions when asked, audited, and hands out a new letter', async () => {
    const owner = await activateOwner(a, await inviteUnit(t.db, 'jinxiu', '1-1-101'), '潘芳', '9839')
    const convener = await enrolStaff(a, t.db, 'convener', 'jinxiu')
    const res = await call(a.app, 'POST', '/api/estates/jinxiu/invitations', {
      cookie: convener.cookie,
      body: { units: ['1-1-101'], revokePasskeys: true },
    })
    expect(res.status).toBe(201)
    const body = (await res.json()) as {
      letters: { code: string; url: string; owners: string[] }[]
      revokedPasskeys: number
      awaitingApproval: string[]
    }
    // A take-over needs a second person: nothing ends until a supervisor approves (domain §2).
    expect(body).toMatchObject({ revokedPasskeys: 0, awaitingApproval: ['1-1-101'] })
    expect(body.letters[0]?.owners).toEqual(['潘*'])
    expect(body.letters[0]?.url).toBe(`${ORIGIN}/a/${body.letters[0]?.code}`)
    expect((await me(owner.cookie)).status).toBe(200)
    const supervisor = await enrolStaff(a, t.db, 'supervisor', 'jinxiu')
    const pending = await t.db
      .selectFrom('invitations')
      .select('id')
      .where('approval_required', '=', 1)
      .executeTakeFirstOrThrow()
    const approved = await call(a.app, 'POST', `/api/estates/jinxiu/invitations/${pending.id}/approval`, {
      cookie: supervisor.cookie,
      body: { decision: 'approve' },
    })
    expect(approved.status).toBe(204)
    expect((await me(owner.cookie)).status).toBe(401)
    expect((await signIn(a, owner.phone)).status).toBe(400)
    const again = await activateOwner(a, body.letters[0]?.code as string, '潘芳', '9839')
    expect(again.accountId).toBe(owner.accountId)
    expect(await auditActions()).toEqual(
      expect.arrayContaining(['invitations.reissued_with_revocation', 'takeover.approved']),
    )
  })

  it('issues letters for a whole building, one per voter, and lists their state without codes', async () => {
    const convener = await enrolStaff(a, t.db, 'convener', 'jinxiu')
    const res = await call(a.app, 'POST', '/api/estates/jinxiu/invitations', {
      cookie: convener.cookie,
      body: { buildings: ['1号楼'] },
    })
    expect(res.status).toBe(201)
    const { letters } = (await res.json()) as { letters: { voterId: string; code: string }[] }
    expect(letters.length).toBeGreaterThan(10)
    expect(new Set(letters.map((l) => l.code)).size).toBe(letters.length)
    const list = (await (
      await call(a.app, 'GET', '/api/estates/jinxiu/invitations', { cookie: convener.cookie })
    ).json()) as { totals: { issued: number; voters: number }; invitations: Record<string, unknown>[] }
    expect(list.totals.issued).toBe(letters.length)
    expect(list.totals.voters).toBe(939 - 1) // every voter but the developer
    expect(JSON.stringify(list)).not.toMatch(/code/i)
  })

  it('refuses an unknown unit (400 unit_not_found) and issues nothing', async () => {
    const convener = await enrolStaff(a, t.db, 'convener', 'jinxiu')
    const res = await call(a.app, 'POST', '/api/estates/jinxiu/invitations', {
      cookie: convener.cookie,
      body: { units: ['1-1-101', '99-9-999'] },
    })
    expect(res.status).toBe(400)
    expect((await json(res)).error?.code).toBe('unit_not_found')
    expect(await t.db.selectFrom('invitations').selectAll().execute()).toHaveLength(0)
  })
})

describe('staff accounts and roles', () => {
  it('an admin creates a supervisor with an enrollment link; the link works once', async () => {
    const admin = await enrolStaff(a, t.db, 'admin', null)
    const res = await call(a.app, 'POST', '/api/estates/jinxiu/staff', {
      cookie: admin.cookie,
      body: { displayName: '王主任', role: 'supervisor' },
    })
    expect(res.status).toBe(201)
    const { staff } = (await res.json()) as { staff: { url: string; accountId: string } }
    const token = staff.url.split('/enroll/')[1]
    const phone = new SoftAuthenticator(ORIGIN)
    const opts = await call(a.app, 'POST', '/api/enrollment/options', { body: { token } })
    const { options } = (await opts.json()) as { options: Parameters<SoftAuthenticator['register']>[0] }
    const done = await call(a.app, 'POST', '/api/enrollment', { body: { response: phone.register(options) } })
    expect(done.status).toBe(201)
    const again = await call(a.app, 'POST', '/api/enrollment/options', { body: { token } })
    expect(again.status).toBe(410)
    expect((await json(again)).error?.code).toBe('enrollment_invalid')
    const body = (await (await me(sessionCookie(done))).json()) as { me: { roles: unknown[] } }
    expect(body.me.roles).toEqual([
      { grantId: expect.any(Number), role: 'supervisor', estateId: 'jinxiu', estateName: '锦绣苑' },
    ])
  })

  it('the street office grants and revokes conveners but not supervisors; revocation ends the sessions', async () => {
    const street = await enrolStaff(a, t.db, 'street_office', 'jinxiu')
    const refused = await call(a.app, 'POST', '/api/estates/jinxiu/staff', {
      cookie: street.cookie,
      body: { displayName: 'X', role: 'supervisor' },
    })
    expect(refused.status).toBe(403)
    const convener = await enrolStaff(a, t.db, 'convener', 'jinxiu')
    const list = (await (
      await call(a.app, 'GET', '/api/estates/jinxiu/staff', { cookie: street.cookie })
    ).json()) as { staff: { grantId: number; accountId: string; role: string }[] }
    const grant = list.staff.find((s) => s.accountId === convener.accountId)
    expect(grant?.role).toBe('convener')
    const del = await call(a.app, 'DELETE', `/api/estates/jinxiu/staff/${grant?.grantId}`, {
      cookie: street.cookie,
    })
    expect(del.status).toBe(204)
    expect((await me(convener.cookie)).status).toBe(401)
    // Signed in again, the former convener may no longer import the roll.
    const back = await signIn(a, convener.phone)
    const imp = await call(a.app, 'POST', '/api/estates/jinxiu/roll/imports?wait=true', {
      cookie: sessionCookie(back),
      body: 'x',
      headers: { 'content-type': 'text/csv' },
    })
    expect(imp.status).toBe(403)
    expect(await auditActions()).toEqual(expect.arrayContaining(['role.granted', 'role.revoked']))
  })

  it('refuses a duplicate live grant with 409 role_exists', async () => {
    const admin = await enrolStaff(a, t.db, 'admin', null)
    const convener = await enrolStaff(a, t.db, 'convener', 'jinxiu')
    const res = await call(a.app, 'POST', '/api/estates/jinxiu/staff', {
      cookie: admin.cookie,
      body: { accountId: convener.accountId, role: 'convener' },
    })
    expect(res.status).toBe(409)
    expect((await json(res)).error?.code).toBe('role_exists')
  })

  it('an admin re-issues an enrollment link revoking the lost phone’s passkey', async () => {
    const admin = await enrolStaff(a, t.db, 'admin', null)
    const convener = await enrolStaff(a, t.db, 'convener', 'jinxiu')
    const res = await call(a.app, 'POST', `/api/staff/${convener.accountId}/enrollments`, {
      cookie: admin.cookie,
      body: { revokePasskeys: true },
    })
    expect(res.status).toBe(201)
    expect(
      ((await res.json()) as { enrollment: { revokedPasskeys: number } }).enrollment.revokedPasskeys,
    ).toBe(1)
    expect((await me(convener.cookie)).status).toBe(401)
    expect((await signIn(a, convener.phone)).status).toBe(400)
  })
})

describe('CSRF and rate limits', () => {
  it('refuses state-changing requests from another origin or without Origin (403 csrf_origin)', async () => {
    const convener = await enrolStaff(a, t.db, 'convener', 'jinxiu')
    for (const origin of ['https://evil.example', '']) {
      const res = await a.app.request('/api/estates/jinxiu/invitations', {
        method: 'POST',
        headers: {
          cookie: convener.cookie,
          'content-type': 'application/json',
          ...(origin ? { origin } : {}),
        },
        body: JSON.stringify({ all: true }),
      })
      expect(res.status).toBe(403)
      expect((await json(res)).error?.code).toBe('csrf_origin')
    }
    expect(await t.db.selectFrom('invitations').selectAll().execute()).toHaveLength(0)
  })

  it('blocks an address guessing activation codes after 30 tries in 15 minutes (429 with Retry-After)', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 32; i++) {
      const res = await call(a.app, 'POST', '/api/activation/options', {
        body: { code: `GUES-S${String(i).padStart(3, '0')}-0000`, name: '潘芳', idLast4: '9839' },
      })
      statuses.push(res.status)
      if (res.status === 429) {
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
        expect((await json(res)).error?.code).toBe('rate_limited')
      }
    }
    expect(statuses.slice(0, 30).every((s) => s === 400)).toBe(true)
    expect(statuses.slice(30)).toEqual([429, 429])
  })

  it('limits passkey sign-in ceremonies per address', async () => {
    const limited = testApp(t.db, {
      rateLimits: {
        activation: { points: 30, seconds: 900 },
        signIn: { points: 3, seconds: 300 },
        invitations: { points: 30, seconds: 600 },
      },
    })
    const statuses = []
    for (let i = 0; i < 4; i++)
      statuses.push((await call(limited.app, 'POST', '/api/session/options')).status)
    expect(statuses).toEqual([200, 200, 200, 429])
  })
})
