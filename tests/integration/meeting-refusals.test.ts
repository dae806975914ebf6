import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  activateOwner,
  call,
  demoDb,
  enrolStaff,
  inviteUnit,
  ORIGIN,
  sessionCookie,
  signIn,
  type tempDb,
  testApp,
  type SignedIn,
  type TestApp,
} from '../support'
import type { SoftAuthenticator } from '../../server/demo/soft-authenticator'

/**
 * Every refusal of the meeting API with its code and status, each from a state where everything else
 * would succeed. The whole lifecycle is in meetings.test.ts.
 */

let t: Awaited<ReturnType<typeof tempDb>>
let a: TestApp
let now: Date
let convener: SignedIn
let clerk2: SignedIn
let supervisor: SignedIn
const base = '/api/estates/jinxiu/meetings'
const NOTICE = '2026-12-01T02:00:00Z'
const OPEN = '2026-12-16T16:00:00.000Z'
const CLOSE = '2026-12-26T16:00:00.000Z'
const DURING = '2026-12-18T02:00:00Z'

beforeEach(async () => {
  t = await demoDb()
  now = new Date(NOTICE)
  const wide = { points: 10_000, seconds: 60 }
  a = testApp(t.db, { now: () => now, rateLimits: { activation: wide, signIn: wide, invitations: wide } })
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  convener = await enrolStaff(a, t.db, 'convener', 'jinxiu', '甲', now)
  clerk2 = await enrolStaff(a, t.db, 'convener', 'jinxiu', '乙', now)
  supervisor = await enrolStaff(a, t.db, 'supervisor', 'jinxiu', '居委会', now)
})
afterEach(async () => {
  vi.restoreAllMocks()
  await a.tracker.drain()
  await t.cleanup()
})

type ErrorBody = { error?: { code: string } }
const code = async (res: Response) => ({
  status: res.status,
  code: ((await res.json()) as ErrorBody).error?.code,
})

function definition(extra: Record<string, unknown> = {}) {
  return {
    title: '会议',
    opensAt: OPEN,
    closesAt: CLOSE,
    matters: [
      { kind: 'other_major', title: '全体事项', body: '' },
      { kind: 'use_maintenance_fund', title: '1号楼电梯', body: '', scope: { buildings: ['1号楼'] } },
      {
        kind: 'elect_committee',
        title: '选举',
        seats: 5,
        candidates: ['1-1-101:潘芳', '1-1-102:段文杰', '1-1-103:黎海燕', '7-2-601:雷军', '1-1-201:袁勇'].map(
          (s) => {
            const [unit, name] = s.split(':')
            return {
              unit,
              name,
              statement: '',
              eligibility: { fullCapacity: true, noArrears: true, notPropertyStaff: true },
            }
          },
        ),
      },
    ],
    ...extra,
  }
}

async function noticed(extra: Record<string, unknown> = {}): Promise<string> {
  const res = await call(a.app, 'POST', base, { cookie: convener.cookie, body: definition(extra) })
  expect(res.status).toBe(201)
  const id = ((await res.json()) as { meeting: { id: string } }).meeting.id
  expect((await call(a.app, 'POST', `${base}/${id}/notice`, { cookie: convener.cookie })).status).toBe(200)
  return id
}

async function fresh(who: SignedIn): Promise<string> {
  return sessionCookie(await signIn(a, who.phone))
}

async function vote(
  id: string,
  who: SignedIn,
  voter: string,
  choices: Record<string, unknown>,
): Promise<Response> {
  const cookie = await fresh(who)
  const prepared = await call(a.app, 'POST', `${base}/${id}/ballot-options`, {
    cookie,
    body: { voter, choices },
  })
  if (prepared.status !== 200) return prepared
  const { ballot, options } = (await prepared.json()) as {
    ballot: { nonce: string }
    options: Parameters<SoftAuthenticator['authenticate']>[0]
  }
  return call(a.app, 'POST', `${base}/${id}/ballots`, {
    cookie,
    body: { nonce: ballot.nonce, response: who.phone.authenticate(options) },
  })
}

async function upload(id: string, purpose: string, bytes: Uint8Array, name = 'f.png'): Promise<Response> {
  const form = new FormData()
  form.append('file', new File([new Uint8Array(bytes)], name))
  form.append('purpose', purpose)
  return a.app.request(`${base}/${id}/attachments`, {
    method: 'POST',
    body: form,
    headers: { cookie: await fresh(convener), origin: ORIGIN },
  })
}
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])
const attachmentId = async (res: Response) =>
  ((await res.json()) as { attachment: { id: string } }).attachment.id

const all = { q1: 'yes', q2: 'yes', q3: ['c1'] }
const outside = { q1: 'yes', q3: ['c1'] } // a voter outside building 1 has no q2

describe('refusals of the meeting API', () => {
  it('agenda_empty, calendar problems (too early, too short, too long), meeting_not_draft on a second notice', async () => {
    for (const [opensAt, closesAt] of [
      ['2026-12-16T15:00:00Z', CLOSE],
      [OPEN, '2026-12-20T16:00:00Z'],
      [OPEN, '2027-02-20T16:00:00Z'],
    ]) {
      const res = await call(a.app, 'POST', base, {
        cookie: convener.cookie,
        body: definition({ opensAt, closesAt }),
      })
      const id = ((await res.json()) as { meeting: { id: string } }).meeting.id
      expect(
        await code(await call(a.app, 'POST', `${base}/${id}/notice`, { cookie: convener.cookie })),
      ).toEqual({
        status: 422,
        code: 'calendar_violation',
      })
    }
    const id = await noticed()
    expect(
      await code(await call(a.app, 'POST', `${base}/${id}/notice`, { cookie: convener.cookie })),
    ).toEqual({
      status: 409,
      code: 'meeting_not_draft',
    })
    const empty = await call(a.app, 'POST', base, {
      cookie: convener.cookie,
      body: { ...definition(), matters: [] },
    })
    expect(empty.status).toBe(400) // the request schema wants at least one matter
  })

  it('ineligible candidates and a candidate who is not an owner of the unit named (422 agenda_invalid)', async () => {
    const body = definition()
    const election = body.matters[2] as {
      candidates: { unit: string; name: string; eligibility: Record<string, boolean> }[]
    }
    ;(election.candidates[0] as { eligibility: Record<string, boolean> }).eligibility.noArrears = false
    ;(election.candidates[1] as { name: string }).name = '不是业主'
    const res = await call(a.app, 'POST', base, { cookie: convener.cookie, body })
    const problems = (
      (await res.json()) as { error: { details: { problems: { code: string; detail: string }[] } } }
    ).error.details.problems
    expect(res.status).toBe(422)
    expect(problems.map((p) => `${p.code} ${p.detail}`)).toEqual([
      'candidate_ineligible c1: noArrears',
      'candidate_ineligible c2: isOwner',
    ])
  })

  it('refuses attachments of another type (415), too large (413), and agenda attachments after notice (409)', async () => {
    const res = await call(a.app, 'POST', base, { cookie: convener.cookie, body: definition() })
    const id = ((await res.json()) as { meeting: { id: string } }).meeting.id
    expect(await code(await upload(id, 'matter', new TextEncoder().encode('<html>'), 'x.pdf'))).toEqual({
      status: 415,
      code: 'file_type_refused',
    })
    const big = new Uint8Array(10 * 1024 * 1024 + 1)
    big.set(PNG)
    expect((await upload(id, 'matter', big)).status).toBe(413)
    expect((await upload(id, 'matter', PNG)).status).toBe(201)
    // Listed with the meeting; a scan would not be.
    const shown = (await (await call(a.app, 'GET', `${base}/${id}`, { cookie: convener.cookie })).json()) as {
      attachments: { purpose: string; mime: string; size: number }[]
    }
    expect(shown.attachments).toEqual([
      expect.objectContaining({ purpose: 'matter', mime: 'image/png', size: 10 }),
    ])
    await call(a.app, 'POST', `${base}/${id}/notice`, { cookie: convener.cookie })
    expect(await code(await upload(id, 'matter', PNG))).toEqual({ status: 409, code: 'meeting_not_draft' })
  })

  it('ballots: not_in_electorate (a scoped matter), ballot_invalid (unknown or repeated candidate, missing matter), vote_change_used', async () => {
    const owner = await activateOwner(a, await inviteUnit(t.db, 'jinxiu', '1-1-101', now), '潘芳', '9839')
    const far = await activateOwner(a, await inviteUnit(t.db, 'jinxiu', '7-2-601', now), '雷军', '9549')
    const id = await noticed({ settings: { voteChange: 'once_before_close' } })
    now = new Date(DURING)
    expect(await code(await vote(id, far, '7-2-601', all))).toEqual({
      status: 422,
      code: 'not_in_electorate',
    })
    for (const bad of [
      { ...all, q3: ['c9'] },
      { ...all, q3: ['c1', 'c1'] },
      { q1: 'yes', q3: ['c1'] },
    ])
      expect(await code(await vote(id, owner, '1-1-101', bad))).toEqual({
        status: 422,
        code: 'ballot_invalid',
      })
    expect((await vote(id, far, '7-2-601', outside)).status).toBe(201)
    expect((await vote(id, owner, '1-1-101', all)).status).toBe(201)
    expect((await vote(id, owner, '1-1-101', { ...all, q1: 'no' })).status).toBe(201) // the one change allowed
    expect(await code(await vote(id, owner, '1-1-101', { ...all, q1: 'abstain' }))).toEqual({
      status: 409,
      code: 'vote_change_used',
    })
  })

  it('proxies: holder ineligible, document missing, directions invalid, cap reached, one active per voter, already voted, not active', async () => {
    const holder = await activateOwner(a, await inviteUnit(t.db, 'jinxiu', '1-1-101', now), '潘芳', '9839')
    const id = await noticed({ settings: { proxyCap: 1 } })
    const doc = await attachmentId(await upload(id, 'proxy_document', PNG))
    const cc = await fresh(convener)
    const proxy = (unit: string, extra: Record<string, unknown> = {}) =>
      call(a.app, 'POST', `${base}/${id}/proxies`, {
        cookie: cc,
        body: {
          unit,
          holderAccountId: holder.accountId,
          holderIsPropertyStaff: false,
          documentId: doc,
          ...extra,
        },
      })
    expect(await code(await proxy('1-1-102', { holderIsPropertyStaff: true }))).toEqual({
      status: 422,
      code: 'proxy_holder_ineligible',
    })
    const scan = await attachmentId(await upload(id, 'paper_scan', PNG))
    expect(await code(await proxy('1-1-102', { documentId: scan }))).toEqual({
      status: 422,
      code: 'document_missing',
    })
    expect(await code(await proxy('1-1-102', { directions: { q9: 'yes' } }))).toEqual({
      status: 422,
      code: 'directions_invalid',
    })
    const first = await proxy('1-1-102')
    expect(first.status).toBe(201)
    expect(await code(await proxy('1-1-102'))).toEqual({ status: 409, code: 'proxy_exists' })
    expect(await code(await proxy('1-1-103'))).toEqual({ status: 409, code: 'proxy_cap_reached' })
    const { proxyId } = (await first.json()) as { proxyId: string }
    expect((await call(a.app, 'DELETE', `${base}/${id}/proxies/${proxyId}`, { cookie: cc })).status).toBe(204)
    expect(
      await code(await call(a.app, 'DELETE', `${base}/${id}/proxies/${proxyId}`, { cookie: cc })),
    ).toEqual({
      status: 409,
      code: 'proxy_not_active',
    })
    now = new Date(DURING)
    expect((await vote(id, holder, '1-1-101', all)).status).toBe(201)
    const c2 = await fresh(convener)
    const again = await call(a.app, 'POST', `${base}/${id}/proxies`, {
      cookie: c2,
      body: {
        unit: '1-1-101',
        holderAccountId: holder.accountId,
        holderIsPropertyStaff: false,
        documentId: doc,
      },
    })
    expect(await code(again)).toEqual({ status: 409, code: 'already_voted' })
  })

  it('paper: scan_missing, entry_pending, entry_not_pending; double_vote marks the entry refused', async () => {
    const owner = await activateOwner(a, await inviteUnit(t.db, 'jinxiu', '1-1-101', now), '潘芳', '9839')
    const id = await noticed()
    now = new Date(DURING)
    const cc = await fresh(convener)
    const c2 = await fresh(clerk2)
    const scan = await attachmentId(await upload(id, 'paper_scan', PNG))
    const enter = (unit: string, scanId: string) =>
      call(a.app, 'POST', `${base}/${id}/paper-entries`, { cookie: cc, body: { unit, choices: all, scanId } })
    const doc = await attachmentId(await upload(id, 'proxy_document', PNG))
    expect(await code(await enter('1-1-101', doc))).toEqual({ status: 422, code: 'scan_missing' })
    expect((await vote(id, owner, '1-1-101', all)).status).toBe(201)
    const e = (await (await enter('1-1-101', scan)).json()) as { entryId: string }
    expect(await code(await enter('1-1-101', scan))).toEqual({ status: 409, code: 'entry_pending' })
    const confirm = () =>
      call(a.app, 'POST', `${base}/${id}/paper-entries/${e.entryId}/confirmation`, {
        cookie: c2,
        body: { choices: all },
      })
    expect(await code(await confirm())).toEqual({ status: 409, code: 'double_vote' })
    expect(await code(await confirm())).toEqual({ status: 409, code: 'entry_not_pending' })
    const list = (await (
      await call(a.app, 'GET', `${base}/${id}/paper-entries?status=refused`, { cookie: c2 })
    ).json()) as { entries: unknown[] }
    expect(list.entries).toHaveLength(1)
  })

  it('lifecycle: extension_not_later, meeting_not_closed, objection_period_over, signoff_missing, results_not_ready', async () => {
    const id = await noticed()
    now = new Date(DURING)
    const cc = await fresh(convener)
    expect(
      await code(
        await call(a.app, 'POST', `${base}/${id}/extension`, {
          cookie: cc,
          body: { closesAt: CLOSE, reason: 'x' },
        }),
      ),
    ).toEqual({ status: 422, code: 'extension_not_later' })
    expect(await code(await call(a.app, 'POST', `${base}/${id}/preliminary`, { cookie: cc }))).toEqual({
      status: 409,
      code: 'meeting_not_closed',
    })
    expect(await code(await call(a.app, 'GET', `${base}/${id}/announcement`))).toEqual({
      status: 409,
      code: 'results_not_ready',
    })
    expect(
      (
        await call(a.app, 'POST', `${base}/${id}/extension`, {
          cookie: cc,
          body: { closesAt: '2026-12-28T16:00:00Z', reason: '参与不足' },
        })
      ).status,
    ).toBe(200)
    now = new Date('2026-12-29T01:00:00Z')
    const c3 = await fresh(convener)
    // Voting has ended, the tally is not stored yet: nothing to publish until the counting period ends.
    expect(await code(await call(a.app, 'POST', `${base}/${id}/preliminary`, { cookie: c3 }))).toEqual({
      status: 409,
      code: 'meeting_not_closed',
    })
    await a.clock.tick(now)
    expect((await call(a.app, 'POST', `${base}/${id}/paper-complete`, { cookie: c3 })).status).toBe(200)
    expect(await code(await call(a.app, 'POST', `${base}/${id}/paper-complete`, { cookie: c3 }))).toEqual({
      status: 409,
      code: 'meeting_not_counting',
    })
    expect((await call(a.app, 'POST', `${base}/${id}/preliminary`, { cookie: c3 })).status).toBe(200)
    now = new Date('2027-01-08T01:00:00Z') // after the 7-day objection period
    const c4 = await fresh(convener)
    expect(
      await code(
        await call(a.app, 'POST', `${base}/${id}/objections`, { cookie: c4, body: { text: '迟到的异议' } }),
      ),
    ).toEqual({ status: 409, code: 'objection_period_over' })
    expect(await code(await call(a.app, 'POST', `${base}/${id}/final`, { cookie: c4 }))).toEqual({
      status: 409,
      code: 'signoff_missing',
    })
    // A supervisor's recorded objection is not a sign-off either.
    const sc = await fresh(supervisor)
    await call(a.app, 'POST', `${base}/${id}/signoffs`, {
      cookie: sc,
      body: { decision: 'object', note: '核查中' },
    })
    expect(await code(await call(a.app, 'POST', `${base}/${id}/final`, { cookie: c4 }))).toEqual({
      status: 409,
      code: 'signoff_missing',
    })
  })
})
