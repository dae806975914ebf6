import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { importRoll } from '../../server/services/import-roll'
import { AliyunSms, signedQuery } from '../../server/sms/aliyun'
import { smsFromEnv, SmsConfigError } from '../../server/sms/config'
import {
  activateOwner,
  call,
  demoDb,
  demoCsv,
  enrolStaff,
  phoneOnRoll,
  type tempDb,
  testApp,
  type SignedIn,
  type TestApp,
} from '../support'
import { signedBallot, signInPhone } from '../support/voters'

/**
 * The insider (domain §2: a convener may not cast or alter a ballot): a convener holds the roll (every name and the
 * last four ID characters) and prints the letters (the codes in clear). Played end to end, each step that would
 * let them vote in an owner's place is refused: the activation needs the code texted to the owner's phone on the
 * roll; a re-issue that ends an owner's passkeys needs a supervisor's approval first, and the owner is told at
 * once; an activation without a phone votes only once a supervisor approves it; and who voted is public by unit.
 */

let t: Awaited<ReturnType<typeof tempDb>>
let a: TestApp
let now: Date
let convener: SignedIn
let supervisor: SignedIn
const base = '/api/estates/jinxiu'
const PAN = { unit: '1-1-101', name: '潘芳', idLast4: '9839' }

beforeEach(async () => {
  t = await demoDb(new Date('2026-11-01T00:00:00Z'))
  now = new Date('2026-12-01T02:00:00Z')
  const wide = { points: 10_000, seconds: 60 }
  a = testApp(t.db, { now: () => now, rateLimits: { activation: wide, signIn: wide, invitations: wide } })
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  convener = await enrolStaff(a, t.db, 'convener', 'jinxiu', '召集人甲', now)
  supervisor = await enrolStaff(a, t.db, 'supervisor', 'jinxiu', '居委会王', now)
})
afterEach(async () => {
  vi.restoreAllMocks()
  await a.tracker.drain()
  await t.cleanup()
})

type Body = Record<string, unknown> & { error?: { code: string; details?: Record<string, unknown> } }
const code = async (res: Response) => ({ status: res.status, code: ((await res.json()) as Body).error?.code })

/** The convener prints letters: the only moment the codes exist in clear. */
async function letter(unit: string, revokePasskeys = false) {
  const res = await call(a.app, 'POST', `${base}/invitations`, {
    cookie: convener.cookie,
    body: { units: [unit], revokePasskeys },
  })
  expect(res.status).toBe(201)
  const body = (await res.json()) as { letters: { code: string }[]; awaitingApproval: string[] }
  return { code: (body.letters[0] as { code: string }).code, awaitingApproval: body.awaitingApproval }
}

const start = (c: string, who = PAN) =>
  call(a.app, 'POST', '/api/activation/options', { body: { code: c, name: who.name, idLast4: who.idLast4 } })

describe('the insider: a convener with the roll and the letters', () => {
  it('cannot activate in an owner’s name: the one-time code goes to the owner’s phone on the roll', async () => {
    const { code: c } = await letter(PAN.unit)
    // Everything the convener holds is right — and the answer is a text message to a phone they do not hold.
    const started = await start(c)
    expect(started.status).toBe(200)
    const step = (await started.json()) as { step: string; ticket: string; phone: string }
    expect(step).toMatchObject({ step: 'sms', phone: '174****7624' })
    const phone = await phoneOnRoll(t.db, PAN.name, PAN.idLast4)
    expect(a.texts.sent.map((m) => [m.to, m.template])).toEqual([[phone, 'activation_code']])
    // Guessing: five wrong codes end the ticket; no passkey options ever came back.
    for (let left = 4; left >= 0; left--) {
      const r = await call(a.app, 'POST', '/api/activation/sms', {
        body: { ticket: step.ticket, code: '000000' },
      })
      expect(((await r.json()) as Body).error).toMatchObject({
        code: 'sms_code_wrong',
        details: { attemptsLeft: left },
      })
    }
    const right = a.texts.lastCode(phone) as string
    expect(
      await code(
        await call(a.app, 'POST', '/api/activation/sms', { body: { ticket: step.ticket, code: right } }),
      ),
    ).toEqual({ status: 410, code: 'sms_code_expired' })
    expect(await t.db.selectFrom('accounts').select('id').where('kind', '=', 'owner').execute()).toEqual([])
    // The owner, with the phone, activates (the code from the message).
    const owner = await activateOwner(a, (await letter(PAN.unit)).code, PAN.name, PAN.idLast4)
    expect(owner.accountId).toMatch(/[0-9a-f-]{36}/)
  })

  it('limits text messages per phone: an attacker cannot flood an owner’s phone', async () => {
    const { code: c } = await letter(PAN.unit)
    for (let i = 0; i < 3; i++) expect((await start(c)).status).toBe(200)
    expect(await code(await start(c))).toEqual({ status: 429, code: 'rate_limited' })
    expect(a.texts.sent).toHaveLength(3)
    now = new Date(now.getTime() + 16 * 60_000)
    expect((await start(c)).status).toBe(200)
  })

  it('cannot take over an activated owner’s account alone: the re-issue waits for a supervisor, and the owner is told', async () => {
    const owner = await activateOwner(a, (await letter(PAN.unit)).code, PAN.name, PAN.idLast4)
    const phone = await phoneOnRoll(t.db, PAN.name, PAN.idLast4)
    const { code: c, awaitingApproval } = await letter(PAN.unit, true)
    expect(awaitingApproval).toEqual([PAN.unit])
    // The owner hears of it by text message and on their own devices, where their passkey still works.
    expect(a.texts.sent.at(-1)).toMatchObject({
      to: phone,
      template: 'takeover_requested',
      params: { unit: PAN.unit },
    })
    const ownerSession = await signInPhone(a, owner.phone)
    const me = (await (await call(a.app, 'GET', '/api/me', { cookie: ownerSession })).json()) as {
      me: { alerts: { kind: string; unit: string; decision: string }[] }
    }
    expect(me.me.alerts).toEqual([
      expect.objectContaining({ kind: 'takeover', unit: PAN.unit, decision: 'pending' }),
    ])
    // The new code does nothing yet.
    expect(await code(await start(c))).toEqual({ status: 409, code: 'invitation_awaiting_approval' })
    // The convener cannot approve it themselves.
    const invitation = await t.db
      .selectFrom('invitations')
      .select('id')
      .where('approval_required', '=', 1)
      .executeTakeFirstOrThrow()
    const approve = (cookie: string, decision: 'approve' | 'refuse') =>
      call(a.app, 'POST', `${base}/invitations/${invitation.id}/approval`, { cookie, body: { decision } })
    expect(await code(await approve(convener.cookie, 'approve'))).toEqual({ status: 403, code: 'forbidden' })
    // The supervisors' review lists it.
    const review = (await (
      await call(a.app, 'GET', `${base}/activation-review`, { cookie: supervisor.cookie })
    ).json()) as { takeovers: { voter: string; requestedBy: string; decision: string }[] }
    expect(review.takeovers).toEqual([
      expect.objectContaining({ voter: PAN.unit, requestedBy: '召集人甲', decision: 'pending' }),
    ])
    // Refused: the code is dead and the owner's passkey goes on working.
    expect((await approve(supervisor.cookie, 'refuse')).status).toBe(204)
    expect(await code(await start(c))).toEqual({ status: 410, code: 'invitation_expired' })
    expect((await call(a.app, 'GET', '/api/me', { cookie: ownerSession })).status).toBe(200)
    // Approved (a lost phone, say): only then do the old passkeys end — and the new code still needs the SMS.
    const second = await letter(PAN.unit, true)
    const inv2 = await t.db
      .selectFrom('invitations')
      .select('id')
      .where('approval_required', '=', 1)
      .where('approval_decision', 'is', null)
      .executeTakeFirstOrThrow()
    expect(
      (
        await call(a.app, 'POST', `${base}/invitations/${inv2.id}/approval`, {
          cookie: supervisor.cookie,
          body: { decision: 'approve' },
        })
      ).status,
    ).toBe(204)
    expect((await call(a.app, 'GET', '/api/me', { cookie: ownerSession })).status).toBe(401)
    expect(a.texts.sent.at(-1)).toMatchObject({ to: phone, template: 'takeover_approved' })
    const again = (await (await start(second.code)).json()) as { step: string }
    expect(again.step).toBe('sms')
  })

  it('an owner without a phone on the roll: the letter alone activates, but the account votes only once a supervisor approves', async () => {
    // The roll says 无 for her phone: the convener imports it so (a roll may leave phones out, one by one or all).
    const csv = demoCsv().replace(
      '1-1-101,1号楼,住宅,143.90,登记,潘芳,9839,17451857624,N',
      '1-1-101,1号楼,住宅,143.90,登记,潘芳,9839,无,N',
    )
    const imported = await importRoll(t.db, {
      estateId: 'jinxiu',
      fileName: 'roll-without-her-phone.csv',
      file: Buffer.from(csv),
      actor: `account:${convener.accountId}`,
      role: 'convener',
      now: () => now,
    })
    expect(imported.ok).toBe(true)
    const { code: c } = await letter(PAN.unit)
    const started = (await (await start(c)).json()) as { step: string; who: { approvalRequired: string } }
    expect(started).toMatchObject({ step: 'passkey', who: { approvalRequired: 'no_phone' } })
    const res = await call(a.app, 'POST', `${base}/meetings`, {
      cookie: convener.cookie,
      body: {
        title: '会议',
        opensAt: '2026-12-16T16:00:00Z',
        closesAt: '2026-12-26T16:00:00Z',
        matters: [{ kind: 'management_covenant', title: '修改管理规约', body: '' }],
      },
    })
    const mb = `${base}/meetings/${((await res.json()) as { meeting: { id: string } }).meeting.id}`
    await call(a.app, 'POST', `${mb}/notice`, { cookie: convener.cookie })
    // During voting a new letter, and an activation: whoever activated — the owner, or a convener with the roll
    // and the letter — casts nothing yet.
    now = new Date('2026-12-18T02:00:00Z')
    convener = { ...convener, cookie: await signInPhone(a, convener.phone) }
    const activated = await activateOwner(a, (await letter(PAN.unit)).code, PAN.name, PAN.idLast4)
    const cookie = await signInPhone(a, activated.phone)
    const me = (await (await call(a.app, 'GET', '/api/me', { cookie })).json()) as {
      me: { account: { approvalPending: boolean } }
    }
    expect(me.me.account.approvalPending).toBe(true)
    const refused = await signedBallot(a, mb, cookie, activated.phone, PAN.unit, { q1: 'yes' })
    expect(refused instanceof Response && (await code(refused))).toEqual({
      status: 403,
      code: 'activation_pending',
    })
    // The supervisors see it waiting; the convener who issued the letter may not approve it.
    const sc = await signInPhone(a, supervisor.phone)
    const review = (await (await call(a.app, 'GET', `${base}/activation-review`, { cookie: sc })).json()) as {
      pendingActivations: {
        invitationId: string
        ownerId: number
        voter: string
        reason: string
        owner: string
      }[]
    }
    expect(review.pendingActivations).toEqual([
      expect.objectContaining({ voter: PAN.unit, reason: 'no_phone', owner: '潘*' }),
    ])
    const { invitationId, ownerId } = review.pendingActivations[0] as {
      invitationId: string
      ownerId: number
    }
    const cc = await signInPhone(a, convener.phone)
    expect(
      await code(
        await call(a.app, 'POST', `${base}/activations/approval`, {
          cookie: cc,
          body: { invitationId, ownerId, decision: 'approve' },
        }),
      ),
    ).toEqual({ status: 403, code: 'forbidden' })
    expect(
      (
        await call(a.app, 'POST', `${base}/activations/approval`, {
          cookie: sc,
          body: { invitationId, ownerId, decision: 'approve' },
        })
      ).status,
    ).toBe(204)
    // Approved: the account votes. Who voted is public by unit — an owner who did not vote would see it at once.
    // The same session votes at once: the approval reloads the account's signed-in sessions.
    const fresh = cookie
    const s = await signedBallot(a, mb, fresh, activated.phone, PAN.unit, { q1: 'yes' })
    if (s instanceof Response) throw new Error(`prepare ${s.status}`)
    expect((await call(a.app, 'POST', `${mb}/ballots`, { cookie: fresh, body: s })).status).toBe(201)
    const voted = (await (await call(a.app, 'GET', `${mb}/voted`)).json()) as {
      voters: { units: string[] }[]
    }
    expect(voted.voters.map((v) => v.units)).toEqual([[PAN.unit]])
    // And the supervisors' review lists the ballot cast within a day of an activation from a re-issued code.
    const later = (await (await call(a.app, 'GET', `${base}/activation-review`, { cookie: sc })).json()) as {
      quickBallots: { voter: string; fromReissuedCode: boolean; channel: string }[]
      reissuedActivations: { voter: string }[]
    }
    expect(later.quickBallots).toEqual([
      expect.objectContaining({ voter: PAN.unit, channel: 'online', fromReissuedCode: true }),
    ])
    expect(later.reissuedActivations.map((x) => x.voter)).toEqual([PAN.unit])
    expect(JSON.stringify(later)).not.toMatch(/"choices"|"yes"/)
  })
})

describe('a phone changed by a roll re-import', () => {
  it('still gets the code, but the activation through it votes only once a supervisor approves', async () => {
    const csv = demoCsv().replace(
      '1-1-101,1号楼,住宅,143.90,登记,潘芳,9839,17451857624,N',
      '1-1-101,1号楼,住宅,143.90,登记,潘芳,9839,13912345678,N',
    )
    const r = await importRoll(t.db, {
      estateId: 'jinxiu',
      fileName: 'roll-new-phone.csv',
      file: Buffer.from(csv),
      actor: `account:${convener.accountId}`,
      role: 'convener',
      now: () => now,
    })
    expect(r.ok).toBe(true)
    const started = (await (await start((await letter(PAN.unit)).code)).json()) as {
      step: string
      phone: string
      ticket: string
    }
    expect(started).toMatchObject({ step: 'sms', phone: '139****5678' })
    const verified = await call(a.app, 'POST', '/api/activation/sms', {
      body: { ticket: started.ticket, code: a.texts.lastCode('13912345678') },
    })
    expect(((await verified.json()) as { who: { approvalRequired: string } }).who.approvalRequired).toBe(
      'phone_changed',
    )
  })
})

describe('the SMS provider (阿里云短信服务) against a local fake gateway', () => {
  let server: Server
  let requests: URL[] = []
  beforeEach(async () => {
    requests = []
    server = createServer((req, res) => {
      requests.push(new URL(req.url ?? '/', 'http://gateway'))
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ Code: 'OK', Message: 'OK', BizId: 'biz-1', RequestId: 'r1' }))
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  })
  afterEach(async () => {
    await new Promise<void>((r) => server.close(() => r()))
  })

  it('sends SendSms with the template and its parameters, signed as the API documents (HMAC-SHA1)', async () => {
    const port = (server.address() as AddressInfo).port
    const sms = smsFromEnv({
      SMS_PROVIDER: 'aliyun',
      SMS_ACCESS_KEY_ID: 'testid',
      SMS_ACCESS_KEY_SECRET: 'testsecret',
      SMS_SIGN_NAME: '共决',
      SMS_TEMPLATE_ACTIVATION: 'SMS_1001',
      SMS_TEMPLATE_TAKEOVER_REQUESTED: 'SMS_1002',
      SMS_TEMPLATE_TAKEOVER_APPROVED: 'SMS_1003',
      SMS_ENDPOINT: `http://127.0.0.1:${port}/`,
    })
    expect(sms).toBeInstanceOf(AliyunSms)
    const r = await sms.send({ to: '13800000000', template: 'activation_code', params: { code: '123456' } })
    expect(r).toEqual({ ok: true, id: 'biz-1' })
    const q = requests[0] as URL
    const params = Object.fromEntries(q.searchParams)
    expect(params).toMatchObject({
      Action: 'SendSms',
      AccessKeyId: 'testid',
      PhoneNumbers: '13800000000',
      SignName: '共决',
      TemplateCode: 'SMS_1001',
      TemplateParam: '{"code":"123456"}',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      Version: '2017-05-25',
    })
    // The gateway's own check: the signature over the other parameters with the secret.
    const { Signature, ...rest } = params
    const expected = new URLSearchParams(signedQuery(rest, 'testsecret')).get('Signature')
    expect(Signature).toBe(expected)
  })

  it('says a refusal of the gateway, and a bad configuration stops the server at start', async () => {
    server.removeAllListeners('request')
    server.on('request', (_req, res) => {
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: 'limit' }))
    })
    const port = (server.address() as AddressInfo).port
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const sms = new AliyunSms({
      accessKeyId: 'id',
      accessKeySecret: 's',
      signName: '共决',
      templates: { activation_code: 'A', takeover_requested: 'B', takeover_approved: 'C' },
      endpoint: `http://127.0.0.1:${port}/`,
    })
    expect(await sms.send({ to: '13800000000', template: 'activation_code', params: { code: '1' } })).toEqual(
      {
        ok: false,
        error: 'isv.BUSINESS_LIMIT_CONTROL',
      },
    )
    expect(() => smsFromEnv({ SMS_PROVIDER: 'aliyun', SMS_ACCESS_KEY_ID: 'x' })).toThrow(SmsConfigError)
    expect(() => smsFromEnv({ SMS_PROVIDER: 'carrier-pigeon' })).toThrow(SmsConfigError)
    expect(smsFromEnv({}).name).toBe('log')
  })
})
