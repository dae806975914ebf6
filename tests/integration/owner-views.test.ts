import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SoftAuthenticator } from '../../server/demo/soft-authenticator'
import {
  activateOwner,
  call,
  demoDb,
  enrolStaff,
  inviteUnit,
  ORIGIN,
  sessionCookie,
  signIn,
  type SignedIn,
  type tempDb,
  testApp,
  type TestApp,
} from '../support'

/**
 * An owner's own view of a meeting (GET …/me) tells who cast the unit's valid ballot — this account, a co-owner,
 * a proxy holder, a paper ballot — with the caster's name masked and never the choices; and an owner withdraws a
 * paper-ballot request while no convener has handled it (POST …/paper-requests/withdrawal), audited, refused with
 * request_not_open once handled. Real API on a real SQLite file of the demo estate, the server's clock moved.
 */

let t: Awaited<ReturnType<typeof tempDb>>
let a: TestApp
let now: Date
let convener: SignedIn
const base = '/api/estates/jinxiu/meetings'
// Notice 1 December, 15 full days (民法典 art. 201), voting 17–26 December (China time).
const NOTICE_AT = '2026-12-01T02:00:00Z'

beforeEach(async () => {
  t = await demoDb()
  now = new Date(NOTICE_AT)
  const wide = { points: 10_000, seconds: 60 }
  a = testApp(t.db, { now: () => now, rateLimits: { activation: wide, signIn: wide, invitations: wide } })
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  convener = await enrolStaff(a, t.db, 'convener', 'jinxiu', '召集人甲', now)
})
afterEach(async () => {
  vi.restoreAllMocks()
  await a.tracker.drain()
  await t.cleanup()
})

type Body = Record<string, unknown> & { error?: { code: string } }
const json = async (res: Response) => (await res.json()) as Body

async function noticedMeeting(): Promise<string> {
  const res = await call(a.app, 'POST', base, {
    cookie: convener.cookie,
    body: {
      title: '2026年第一次业主大会会议',
      opensAt: '2026-12-16T16:00:00.000Z',
      closesAt: '2026-12-26T16:00:00.000Z',
      matters: [
        { kind: 'management_covenant', title: '修改管理规约', body: '' },
        { kind: 'raise_maintenance_fund', title: '续筹专项维修资金', body: '' },
      ],
    },
  })
  expect(res.status).toBe(201)
  const id = ((await res.json()) as { meeting: { id: string } }).meeting.id
  expect((await call(a.app, 'POST', `${base}/${id}/notice`, { cookie: convener.cookie })).status).toBe(200)
  return id
}

const owner = async (unit: string, name: string, idLast4: string) =>
  activateOwner(a, await inviteUnit(t.db, 'jinxiu', unit, now), name, idLast4)

async function session(phone: SoftAuthenticator): Promise<string> {
  const res = await signIn(a, phone)
  expect(res.status).toBe(200)
  return sessionCookie(res)
}

async function vote(id: string, cookie: string, phone: SoftAuthenticator, voter: string) {
  const prepared = await call(a.app, 'POST', `${base}/${id}/ballot-options`, {
    cookie,
    body: { voter, choices: { q1: 'yes', q2: 'no' } },
  })
  if (prepared.status !== 200) return prepared
  const { ballot, options } = (await prepared.json()) as {
    ballot: { nonce: string }
    options: Parameters<SoftAuthenticator['authenticate']>[0]
  }
  return call(a.app, 'POST', `${base}/${id}/ballots`, {
    cookie,
    body: { nonce: ballot.nonce, response: phone.authenticate(options) },
  })
}

interface Part {
  voters: {
    voter: string
    ballot: { receipt: string; channel: string; castAt: string; by: string; byName: string | null } | null
    paperRequest: { at: string; handled: boolean } | null
  }[]
}
const part = async (id: string, cookie: string) =>
  (await (await call(a.app, 'GET', `${base}/${id}/me`, { cookie })).json()) as Part
const voterIn = (p: Part, voter: string) => p.voters.find((v) => v.voter === voter)

describe('who cast the unit’s ballot, as its other holders see it', () => {
  it('tells the co-owner that 贾* voted and when, the caster that it was themselves, and the owner that the proxy holder 段* did; never the choices', async () => {
    const jia = await owner('1-1-201', '贾建国', '6055')
    const yuan = await owner('1-1-201', '袁勇', '7116')
    const li = await owner('1-1-103', '黎海燕', '9817')
    const duan = await owner('1-1-102', '段文杰', '4741')
    const id = await noticedMeeting()
    const doc = new FormData()
    doc.append('file', new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 1, 2, 3])], 'proxy.pdf'))
    doc.append('purpose', 'proxy_document')
    const up = await a.app.request(`${base}/${id}/attachments`, {
      method: 'POST',
      body: doc,
      headers: { cookie: convener.cookie, origin: ORIGIN },
    })
    expect(up.status).toBe(201)
    const documentId = ((await up.json()) as { attachment: { id: string } }).attachment.id
    const proxy = await call(a.app, 'POST', `${base}/${id}/proxies`, {
      cookie: convener.cookie,
      body: { unit: '1-1-103', holderAccountId: duan.accountId, holderIsPropertyStaff: false, documentId },
    })
    expect(proxy.status).toBe(201)

    now = new Date('2026-12-18T02:00:00Z')
    const c = {
      jia: await session(jia.phone),
      yuan: await session(yuan.phone),
      li: await session(li.phone),
      duan: await session(duan.phone),
    }
    expect(voterIn(await part(id, c.yuan), '1-1-201')?.ballot).toBeNull()
    expect((await vote(id, c.jia, jia.phone, '1-1-201')).status).toBe(201)
    const castAt = new Date(now).toISOString()

    const mine = voterIn(await part(id, c.jia), '1-1-201')?.ballot
    expect(mine).toMatchObject({ channel: 'online', by: 'self', byName: null })
    const theirs = voterIn(await part(id, c.yuan), '1-1-201')?.ballot
    expect(theirs).toMatchObject({ channel: 'online', by: 'co_owner', byName: '贾*', castAt })
    expect(theirs?.receipt).toBe(mine?.receipt)
    // Whatever the view says of the ballot, its choices are not part of it.
    expect(Object.keys(theirs ?? {}).sort()).toEqual(['by', 'byName', 'castAt', 'channel', 'receipt'])
    expect(JSON.stringify(await part(id, c.yuan))).not.toMatch(/"yes"|"no"|贾建国/)

    // The second co-owner's own ballot is refused: the unit has voted.
    const again = await vote(id, c.yuan, yuan.phone, '1-1-201')
    expect(again.status).toBe(409)
    expect((await json(again)).error?.code).toBe('double_vote')

    // A proxy holder's ballot, as the owner who gave the proxy sees it.
    expect((await vote(id, c.duan, duan.phone, '1-1-103')).status).toBe(201)
    expect(voterIn(await part(id, c.li), '1-1-103')?.ballot).toMatchObject({ by: 'proxy', byName: '段*' })
    expect(voterIn(await part(id, c.duan), '1-1-103')?.ballot).toMatchObject({ by: 'self' })
  })
})

describe('withdrawing a paper-ballot request', () => {
  it('withdraws an open request (audited, gone from the view); refuses request_not_open with nothing open, once handled, and another owner’s voter', async () => {
    const pan = await owner('1-1-101', '潘芳', '9839')
    const duan = await owner('1-1-102', '段文杰', '4741')
    const id = await noticedMeeting()
    const ask = () =>
      call(a.app, 'POST', `${base}/${id}/paper-requests`, { cookie: pan.cookie, body: { voter: '1-1-101' } })
    const withdraw = (cookie = pan.cookie, voter = '1-1-101') =>
      call(a.app, 'POST', `${base}/${id}/paper-requests/withdrawal`, { cookie, body: { voter } })

    expect((await ask()).status).toBe(201)
    const asked = voterIn(await part(id, pan.cookie), '1-1-101')?.paperRequest
    expect(asked).toEqual({ at: now.toISOString(), handled: false })

    // Not hers to withdraw.
    const other = await withdraw(duan.cookie)
    expect(other.status).toBe(403)
    expect((await json(other)).error?.code).toBe('not_your_voter')

    const done = await withdraw()
    expect(done.status).toBe(200)
    expect(await done.json()).toMatchObject({ withdrawn: true })
    expect(voterIn(await part(id, pan.cookie), '1-1-101')?.paperRequest).toBeNull()
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('action', '=', 'paper.request_withdrawn')
      .execute()
    expect(audit).toEqual([{ action: 'paper.request_withdrawn', actor: `account:${pan.accountId}` }])
    const listed = (await (
      await call(a.app, 'GET', `${base}/${id}/paper-requests`, { cookie: convener.cookie })
    ).json()) as { requests: unknown[] }
    expect(listed.requests).toEqual([])

    // Nothing left to withdraw.
    const nothing = await withdraw()
    expect(nothing.status).toBe(409)
    expect((await json(nothing)).error?.code).toBe('request_not_open')

    // Asked again and handled by the convener: the paper is on its way, the request stays.
    const again = (await (await ask()).json()) as { requestId: number }
    expect(
      (
        await call(a.app, 'POST', `${base}/${id}/paper-requests/${again.requestId}/handled`, {
          cookie: convener.cookie,
        })
      ).status,
    ).toBe(204)
    expect(voterIn(await part(id, pan.cookie), '1-1-101')?.paperRequest).toMatchObject({ handled: true })
    const late = await withdraw()
    expect(late.status).toBe(409)
    expect((await json(late)).error?.code).toBe('request_not_open')
    const after = (await (
      await call(a.app, 'GET', `${base}/${id}/paper-requests`, { cookie: convener.cookie })
    ).json()) as { requests: { id: number; handledAt: string | null }[] }
    expect(after.requests).toEqual([expect.objectContaining({ id: again.requestId })])
  })
})
