import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  activateOwner,
  call,
  demoDb,
  enrolStaff,
  inviteUnit,
  type tempDb,
  testApp,
  type SignedIn,
  type TestApp,
} from '../support'

let t: Awaited<ReturnType<typeof tempDb>>
let a: TestApp
let now: Date
let convener: SignedIn
let supervisor: SignedIn

beforeEach(async () => {
  t = await demoDb()
  now = new Date('2026-12-01T02:00:00Z')
  a = testApp(t.db, { now: () => now })
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  convener = await enrolStaff(a, t.db, 'convener', 'jinxiu', '召集人', now)
  supervisor = await enrolStaff(a, t.db, 'supervisor', 'jinxiu', '居委会', now)
})
afterEach(async () => {
  vi.restoreAllMocks()
  await a.tracker.drain()
  await t.cleanup()
})

describe('GET /api/estates/:id/audit', () => {
  it('shows a supervisor the estate’s entries, newest first, with the chain’s status', async () => {
    const res = await call(a.app, 'GET', '/api/estates/jinxiu/audit?limit=5', { cookie: supervisor.cookie })
    expect(res.status).toBe(200)
    const body = (await res.json()) as {
      chain: { ok: boolean; entries: number }
      total: number
      entries: { id: number; action: string }[]
    }
    expect(body.chain.ok).toBe(true)
    expect(body.entries.map((e) => e.action)).toContain('role.granted')
    expect(body.entries[0]?.id).toBeGreaterThan(body.entries.at(-1)?.id ?? 0)
    // A tampered row shows in the status.
    t.sqlite?.exec('drop trigger audit_log_no_update')
    t.sqlite?.exec(`update audit_log set actor = 'x' where id = 1`)
    const after = (await (
      await call(a.app, 'GET', '/api/estates/jinxiu/audit', { cookie: supervisor.cookie })
    ).json()) as { chain: { ok: boolean; brokenAt: number } }
    expect(after.chain).toMatchObject({ ok: false, brokenAt: 1 })
  })
})

describe('objections to the published roll', () => {
  it('lets an owner object about a unit, shows it to them and to the staff, and a convener answers it', async () => {
    const owner = await activateOwner(a, await inviteUnit(t.db, 'jinxiu', '1-1-101', now), '潘芳', '9839')
    const other = await activateOwner(a, await inviteUnit(t.db, 'jinxiu', '1-1-102', now), '段文杰', '4741')
    const res = await call(a.app, 'POST', '/api/estates/jinxiu/roll/objections', {
      cookie: owner.cookie,
      body: { unit: '1-1-101', text: '面积应为 145.20 ㎡（见不动产登记证）' },
    })
    expect(res.status).toBe(201)
    const { objectionId } = (await res.json()) as { objectionId: number }
    const unknown = await call(a.app, 'POST', '/api/estates/jinxiu/roll/objections', {
      cookie: owner.cookie,
      body: { unit: '99-9-999', text: 'x' },
    })
    expect(unknown.status).toBe(404)
    const mine = (await (
      await call(a.app, 'GET', '/api/estates/jinxiu/roll/objections', { cookie: owner.cookie })
    ).json()) as { objections: unknown[] }
    expect(mine.objections).toHaveLength(1)
    const theirs = (await (
      await call(a.app, 'GET', '/api/estates/jinxiu/roll/objections', { cookie: other.cookie })
    ).json()) as { objections: unknown[] }
    expect(theirs.objections).toHaveLength(0)
    const answered = await call(a.app, 'POST', `/api/estates/jinxiu/roll/objections/${objectionId}/answer`, {
      cookie: convener.cookie,
      body: { answer: '已核对登记证，下次导入时更正。' },
    })
    expect(answered.status).toBe(204)
    const all = (await (
      await call(a.app, 'GET', '/api/estates/jinxiu/roll/objections', { cookie: supervisor.cookie })
    ).json()) as { objections: { answer: string }[] }
    expect(all.objections[0]?.answer).toBe('已核对登记证，下次导入时更正。')
    // A convener finds the owner's account by unit (e.g. to name them a proxy holder), names masked.
    const accounts = (await (
      await call(a.app, 'GET', '/api/estates/jinxiu/units/1-1-101/accounts', { cookie: convener.cookie })
    ).json()) as { accounts: { accountId: string; name: string }[] }
    expect(accounts.accounts).toEqual([{ accountId: owner.accountId, name: '潘*' }])
    // The audit log of one subject only.
    const unitLog = (await (
      await call(a.app, 'GET', '/api/estates/jinxiu/audit?subject=1-1-101', { cookie: supervisor.cookie })
    ).json()) as { entries: { action: string; subject: string }[] }
    expect(unitLog.entries.length).toBeGreaterThan(0)
    expect(unitLog.entries.every((e) => e.subject === '1-1-101')).toBe(true)
    expect(unitLog.entries.map((e) => e.action)).toContain('roll.objection')
  })
})

describe('GET …/turnout/stream (server-sent events)', () => {
  it('sends the turnout (units and area, never choices) as an event', async () => {
    const created = await call(a.app, 'POST', '/api/estates/jinxiu/meetings', {
      cookie: convener.cookie,
      body: {
        title: '会议',
        opensAt: '2026-12-16T16:00:00Z',
        closesAt: '2026-12-26T16:00:00Z',
        matters: [{ kind: 'other_major', title: '事项', body: '' }],
      },
    })
    const id = ((await created.json()) as { meeting: { id: string } }).meeting.id
    await call(a.app, 'POST', `/api/estates/jinxiu/meetings/${id}/notice`, { cookie: convener.cookie })
    const res = await call(a.app, 'GET', `/api/estates/jinxiu/meetings/${id}/turnout/stream`, {
      cookie: supervisor.cookie,
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    const { value } = await reader.read()
    await reader.cancel()
    const text = new TextDecoder().decode(value)
    expect(text).toContain('event: turnout')
    const data = JSON.parse(/data: (.*)/.exec(text)?.[1] ?? '{}') as {
      voted: { heads: number }
      electorate: { heads: number }
    }
    expect(data.electorate.heads).toBe(939)
    expect(data.voted.heads).toBe(0)
  })
})
