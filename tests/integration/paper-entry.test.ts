import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { sql } from 'kysely'
import {
  call,
  demoDb,
  enrolStaff,
  ORIGIN,
  type tempDb,
  testApp,
  type SignedIn,
  type TestApp,
} from '../support'
import { ownersWithPasskeys, signedBallot, signInPhone } from '../support/voters'

/**
 * Paper ballots keyed before their scans (domain §6.3: entered by one clerk, confirmed by another against a scan
 * or photo): the first entry may come without its scan, the scan is attached later (audited, only a paper scan of
 * the same meeting, never once the entry is settled), the second entry is refused without it and nothing is counted
 * or declared complete meanwhile. And what the desk reads to check a ballot before sending it: the frozen
 * electorate's units with their matters, and one unit's standing (voted, pending), never the choices.
 */

let t: Awaited<ReturnType<typeof tempDb>>
let a: TestApp
let now: Date
/** The staff's sessions are renewed when the clock moves past their 8 hours. */
type Staff = { -readonly [K in keyof SignedIn]: SignedIn[K] }
let convener: Staff
let clerk2: Staff
let supervisor: Staff
const base = '/api/estates/jinxiu/meetings'

const NOTICE_AT = '2026-12-01T02:00:00Z'
const OPENS = '2026-12-16T16:00:00.000Z'
const CLOSES = '2026-12-26T16:00:00.000Z'
const DURING = '2026-12-18T02:00:00Z'

const MATTERS = [
  { kind: 'management_covenant', title: '修改管理规约', body: '' },
  { kind: 'use_maintenance_fund', title: '3号楼电梯更新', body: '' },
]
const YES = { q1: 'yes', q2: 'yes' }

beforeEach(async () => {
  t = await demoDb(new Date('2026-11-01T00:00:00Z'))
  now = new Date(NOTICE_AT)
  const wide = { points: 100_000, seconds: 60 }
  a = testApp(t.db, { now: () => now, rateLimits: { activation: wide, signIn: wide, invitations: wide } })
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  convener = { ...(await enrolStaff(a, t.db, 'convener', 'jinxiu', '召集人甲', now)) }
  clerk2 = { ...(await enrolStaff(a, t.db, 'convener', 'jinxiu', '召集人乙', now)) }
  supervisor = { ...(await enrolStaff(a, t.db, 'supervisor', 'jinxiu', '监督丙', now)) }
})
afterEach(async () => {
  vi.restoreAllMocks()
  await a.tracker.drain()
  await t.cleanup()
})

type Body = Record<string, unknown> & { error?: { code: string } }
const json = async (res: Response) => (await res.json()) as Body
const code = async (res: Response) => ({ status: res.status, code: (await json(res)).error?.code })

/** A meeting with notice given at NOTICE_AT, then the clock in its voting window; its routes' base. */
async function openMeeting(): Promise<string> {
  const res = await call(a.app, 'POST', base, {
    cookie: convener.cookie,
    body: { title: '纸质选票测试', opensAt: OPENS, closesAt: CLOSES, settings: {}, matters: MATTERS },
  })
  expect(res.status).toBe(201)
  const id = ((await res.json()) as { meeting: { id: string } }).meeting.id
  expect((await call(a.app, 'POST', `${base}/${id}/notice`, { cookie: convener.cookie })).status).toBe(200)
  now = new Date(DURING)
  await a.clock.tick(now)
  // Sessions last 8 hours: the clerks sign in again on voting day.
  for (const s of [convener, clerk2, supervisor]) s.cookie = await signInPhone(a, s.phone)
  return `${base}/${id}`
}

async function upload(mb: string, purpose: 'paper_scan' | 'proxy_document'): Promise<string> {
  const form = new FormData()
  form.append(
    'file',
    new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9])], 'p.png'),
  )
  form.append('purpose', purpose)
  const res = await a.app.request(`${mb}/attachments`, {
    method: 'POST',
    body: form,
    headers: { cookie: convener.cookie, origin: ORIGIN },
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { attachment: { id: string } }).attachment.id
}

const enter = (mb: string, unit: string, choices: Record<string, unknown>, scanId?: string) =>
  call(a.app, 'POST', `${mb}/paper-entries`, {
    cookie: convener.cookie,
    body: { unit, choices, ...(scanId ? { scanId } : {}) },
  })
const confirm = (mb: string, entryId: string, choices: Record<string, unknown>, cookie = clerk2.cookie) =>
  call(a.app, 'POST', `${mb}/paper-entries/${entryId}/confirmation`, { cookie, body: { choices } })
const attach = (mb: string, entryId: string, scanId: string, cookie = convener.cookie) =>
  call(a.app, 'POST', `${mb}/paper-entries/${entryId}/scan`, { cookie, body: { scanId } })

interface Listed {
  id: string
  voter: string
  status: string
  hasScan: boolean
  enteredByMe: boolean
  reentered: boolean
}
const listed = async (mb: string, cookie: string, status?: string) =>
  (
    (await (
      await call(a.app, 'GET', `${mb}/paper-entries${status ? `?status=${status}` : ''}`, { cookie })
    ).json()) as { entries: Listed[] }
  ).entries

const entryRow = (id: string) =>
  t.db.selectFrom('paper_entries').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

describe('paper ballots keyed now, their scans attached later', () => {
  it('enters a ballot without its scan; refuses its second entry and the declaration until the scan is attached; then confirms it', async () => {
    const mb = await openMeeting()
    const entered = await enter(mb, '1-1-101', YES)
    expect(entered.status).toBe(201)
    const { entryId } = (await entered.json()) as { entryId: string }
    expect((await entryRow(entryId)).scan_id).toBeNull()

    // The second entry without a scan: refused, nothing compared, nothing counted.
    expect(await code(await confirm(mb, entryId, YES))).toEqual({ status: 409, code: 'scan_required' })
    expect(await code(await confirm(mb, entryId, { q1: 'no', q2: 'yes' }))).toEqual({
      status: 409,
      code: 'scan_required',
    })
    expect((await entryRow(entryId)).status).toBe('awaiting_confirmation')
    const ballots = () => t.db.selectFrom('ballots').select('voter').where('status', '=', 'valid').execute()
    expect(await ballots()).toEqual([])

    // Paper cannot be declared complete while an entry lacks its scan: it is pending like any other.
    now = new Date(Date.parse(CLOSES) + 3_600_000)
    await a.clock.tick(now)
    for (const s of [convener, clerk2]) s.cookie = await signInPhone(a, s.phone)
    expect(
      await code(await call(a.app, 'POST', `${mb}/paper-complete`, { cookie: convener.cookie })),
    ).toEqual({
      status: 409,
      code: 'paper_pending',
    })

    // The list says which entries lack a scan, and to whom each one is theirs (who may not confirm it).
    const mine = await listed(mb, convener.cookie, 'awaiting_confirmation')
    expect(mine).toMatchObject([{ id: entryId, voter: '1-1-101', hasScan: false, enteredByMe: true }])
    expect(await listed(mb, clerk2.cookie, 'awaiting_confirmation')).toMatchObject([
      { id: entryId, enteredByMe: false },
    ])
    // The list is blind: never a choice of either entry.
    expect(JSON.stringify(mine)).not.toMatch(/yes|no|abstain|choices/)

    // Attached during the counting period; the second clerk confirms against it and the ballot counts.
    const scan = await upload(mb, 'paper_scan')
    const attached = await attach(mb, entryId, scan)
    expect(attached.status).toBe(200)
    expect(await attached.json()).toEqual({ entryId, voter: '1-1-101', scanId: scan })
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'after_json', 'before_json'])
      .where('action', '=', 'paper.scan_attached')
      .execute()
    expect(audit).toHaveLength(1)
    expect(JSON.parse(audit[0]?.after_json ?? '{}')).toEqual({ entry: entryId, voter: '1-1-101', scan })
    expect(audit[0]?.before_json ?? 'null').toBe('null')

    const confirmed = await confirm(mb, entryId, YES)
    expect(confirmed.status).toBe(201)
    expect(await ballots()).toEqual([{ voter: '1-1-101' }])
    expect(await listed(mb, convener.cookie, 'confirmed')).toMatchObject([{ id: entryId, hasScan: true }])

    // Once confirmed its scan is the evidence it was judged by: it no longer changes, through the API or not.
    const other = await upload(mb, 'paper_scan')
    expect(await code(await attach(mb, entryId, other))).toEqual({ status: 409, code: 'entry_not_pending' })
    await expect(
      sql`update paper_entries set scan_id = ${other} where id = ${entryId}`.execute(t.db),
    ).rejects.toThrow(/scan of a settled paper entry/)
    expect((await entryRow(entryId)).scan_id).toBe(scan)
  })

  it('attaches only a paper scan of the same meeting, by a convener, and may replace a wrongly matched one before the second entry', async () => {
    const mb = await openMeeting()
    const otherMb = await (async () => {
      const res = await call(a.app, 'POST', base, {
        cookie: convener.cookie,
        body: { title: '另一次会议', opensAt: OPENS, closesAt: CLOSES, settings: {}, matters: MATTERS },
      })
      return `${base}/${((await res.json()) as { meeting: { id: string } }).meeting.id}`
    })()
    const { entryId } = (await (await enter(mb, '1-1-102', YES)).json()) as { entryId: string }

    const proxyDoc = await upload(mb, 'proxy_document')
    expect(await code(await attach(mb, entryId, proxyDoc))).toEqual({ status: 422, code: 'scan_missing' })
    const elsewhere = await upload(otherMb, 'paper_scan')
    expect(await code(await attach(mb, entryId, elsewhere))).toEqual({ status: 422, code: 'scan_missing' })
    const scan = await upload(mb, 'paper_scan')
    expect(await code(await attach(mb, entryId, scan, supervisor.cookie))).toEqual({
      status: 403,
      code: 'forbidden',
    })
    expect(await code(await attach(mb, '00000000-0000-4000-8000-000000000000', scan))).toEqual({
      status: 404,
      code: 'entry_not_found',
    })
    expect((await entryRow(entryId)).scan_id).toBeNull()

    // The batch matched the wrong photo first: replaced before the second entry, both recorded.
    const wrong = await upload(mb, 'paper_scan')
    expect((await attach(mb, entryId, wrong)).status).toBe(200)
    expect((await attach(mb, entryId, scan)).status).toBe(200)
    expect((await entryRow(entryId)).scan_id).toBe(scan)
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['before_json', 'after_json'])
      .where('action', '=', 'paper.scan_attached')
      .orderBy('id')
      .execute()
    expect(audit.map((r) => JSON.parse(r.before_json ?? 'null') as unknown)).toEqual([
      null,
      { entry: entryId, scan: wrong },
    ])

    // The first clerk may not confirm their own entry, scan or not (four eyes).
    expect(await code(await confirm(mb, entryId, YES, convener.cookie))).toEqual({
      status: 409,
      code: 'same_clerk',
    })
    // A scan given with the first entry still works as before, and must be a paper scan of this meeting.
    expect(await code(await enter(mb, '1-1-103', YES, proxyDoc))).toEqual({
      status: 422,
      code: 'scan_missing',
    })
    expect((await enter(mb, '1-1-103', YES, scan)).status).toBe(201)
  })

  it('marks a mismatch entered afresh since, so the queue shows only what is still to re-enter', async () => {
    const mb = await openMeeting()
    const scan = await upload(mb, 'paper_scan')
    const { entryId } = (await (await enter(mb, '2-1-101', YES, scan)).json()) as { entryId: string }
    const slip = await confirm(mb, entryId, { q1: 'yes', q2: 'no' })
    expect(slip.status).toBe(409)
    expect(await slip.json()).toEqual({ status: 'mismatch', matters: ['q2'] })
    expect(await listed(mb, convener.cookie, 'mismatch')).toMatchObject([
      { id: entryId, reentered: false, hasScan: true },
    ])
    // Entered afresh with the same scan (重新录入): the mismatch is settled, the fresh entry awaits its second.
    const fresh = (await (await enter(mb, '2-1-101', YES, scan)).json()) as { entryId: string }
    expect(await listed(mb, convener.cookie, 'mismatch')).toMatchObject([{ id: entryId, reentered: true }])
    expect((await confirm(mb, fresh.entryId, YES)).status).toBe(201)
  })
})

describe('what the desk checks before sending a ballot', () => {
  it('lists the frozen electorate’s units with their matters, and says for one unit whether it voted or has an entry pending, never how', async () => {
    const mb = await openMeeting()
    const electorate = (await (
      await call(a.app, 'GET', `${mb}/paper-entries/electorate`, { cookie: clerk2.cookie })
    ).json()) as { units: { unit: string; voter: string; matters: string[] }[] }
    const byUnit = new Map(electorate.units.map((u) => [u.unit, u.matters]))
    expect(byUnit.get('1-1-101')).toEqual(['q1', 'q2'])
    expect(byUnit.has('9-9-999')).toBe(false)
    expect(electorate.units.find((u) => u.unit === '1-1-101')?.voter).toBe('1-1-101')
    expect(electorate.units.length).toBeGreaterThan(100)

    const standing = async (unit: string, cookie = convener.cookie) =>
      call(a.app, 'GET', `${mb}/paper-entries/unit?unit=${encodeURIComponent(unit)}`, { cookie })
    expect(await (await standing('1-1-101')).json()).toEqual({
      unit: '1-1-101',
      voter: '1-1-101',
      voted: null,
      pending: null,
    })
    expect(await code(await standing('9-9-999'))).toEqual({ status: 404, code: 'voter_not_found' })

    // Online: the unit's owner votes with a passkey.
    const [owner] = await ownersWithPasskeys(t.db, 'jinxiu', { units: ['1-1-102'], now })
    if (!owner) throw new Error('no owner')
    const cookie = await signInPhone(a, owner.phone)
    const signed = await signedBallot(a, mb, cookie, owner.phone, owner.voter, YES)
    if (signed instanceof Response) throw new Error(`prepare ${signed.status}`)
    expect((await call(a.app, 'POST', `${mb}/ballots`, { cookie, body: signed })).status).toBe(201)
    const online = await json(await standing('1-1-102', supervisor.cookie))
    expect(online).toMatchObject({ unit: '1-1-102', voted: { channel: 'online' }, pending: null })
    expect(JSON.stringify(online)).not.toMatch(/yes|choices|receipt/)

    // Paper: pending once keyed, then voted once confirmed.
    const scan = await upload(mb, 'paper_scan')
    const { entryId } = (await (await enter(mb, '1-1-103', YES, scan)).json()) as { entryId: string }
    expect(await json(await standing('1-1-103'))).toMatchObject({
      voted: null,
      pending: 'awaiting_confirmation',
    })
    expect((await confirm(mb, entryId, YES)).status).toBe(201)
    expect(await json(await standing('1-1-103'))).toMatchObject({
      voted: { channel: 'paper' },
      pending: null,
    })

    // Owners read neither.
    expect((await call(a.app, 'GET', `${mb}/paper-entries/electorate`, { cookie })).status).toBe(403)
    expect((await standing('1-1-101', cookie)).status).toBe(403)
  })
})

describe('the stack of scans uploaded and not yet matched, as the server holds it', () => {
  /** A scan uploaded under its own name by one of the clerks (a photo of a stack taken on a phone). */
  async function uploadAs(mb: string, cookie: string, name: string, purpose = 'paper_scan'): Promise<string> {
    const form = new FormData()
    form.append(
      'file',
      new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 9])], name),
    )
    form.append('purpose', purpose)
    const res = await a.app.request(`${mb}/attachments`, {
      method: 'POST',
      body: form,
      headers: { cookie, origin: ORIGIN },
    })
    expect(res.status).toBe(201)
    return ((await res.json()) as { attachment: { id: string } }).attachment.id
  }
  interface Scan {
    id: string
    fileName: string
    size: number
    mime: string
    uploadedAt: string
    uploadedBy: string | null
  }
  const unmatched = async (mb: string, cookie: string) => {
    const res = await call(a.app, 'GET', `${mb}/paper-scans/unmatched`, { cookie })
    expect(res.status).toBe(200)
    return ((await res.json()) as { scans: Scan[] }).scans
  }
  const later = async () => {
    now = new Date(now.getTime() + 60_000)
    await a.clock.tick(now)
  }

  it('answers the meeting’s paper scans no entry uses, newest first, with who uploaded each, the same on every clerk’s desk; a matched one leaves it', async () => {
    const mb = await openMeeting()
    const otherMb = await (async () => {
      const res = await call(a.app, 'POST', base, {
        cookie: convener.cookie,
        body: { title: '另一次会议', opensAt: OPENS, closesAt: CLOSES, settings: {}, matters: MATTERS },
      })
      return `${base}/${((await res.json()) as { meeting: { id: string } }).meeting.id}`
    })()
    expect(await unmatched(mb, convener.cookie)).toEqual([])

    const first = await uploadAs(mb, convener.cookie, '3-1-103.png')
    const firstAt = now.toISOString()
    await later()
    const second = await uploadAs(mb, clerk2.cookie, 'IMG_0002.png')
    await later()
    const third = await uploadAs(mb, convener.cookie, 'IMG_0003.png')
    // Not of the stack: a proxy document, another meeting's scan, a scan given with its first entry.
    await uploadAs(mb, convener.cookie, 'proxy.png', 'proxy_document')
    await uploadAs(otherMb, convener.cookie, 'elsewhere.png')
    const withEntry = await uploadAs(mb, convener.cookie, '1-1-103.png')
    expect((await enter(mb, '1-1-103', YES, withEntry)).status).toBe(201)

    const stack = await unmatched(mb, clerk2.cookie)
    expect(stack.map((s) => s.id)).toEqual([third, second, first])
    expect(stack[2]).toEqual({
      id: first,
      fileName: '3-1-103.png',
      size: 10,
      mime: 'image/png',
      uploadedAt: firstAt,
      uploadedBy: '召集人甲',
    })
    expect(stack[1]?.uploadedBy).toBe('召集人乙')
    // The second clerk's desk and the first one's after a reload read the same stack.
    expect(await unmatched(mb, convener.cookie)).toEqual(stack)
    // Names and sizes, never the bytes.
    expect(Object.keys(stack[0] ?? {}).sort()).toEqual(
      ['fileName', 'id', 'mime', 'size', 'uploadedAt', 'uploadedBy'].sort(),
    )

    // Matched to an entry keyed without its scan: gone from the stack.
    const { entryId } = (await (await enter(mb, '1-1-101', YES)).json()) as { entryId: string }
    expect((await attach(mb, entryId, second, clerk2.cookie)).status).toBe(200)
    expect((await unmatched(mb, convener.cookie)).map((s) => s.id)).toEqual([third, first])
    // Replaced by another before the second entry: the wrong one is back, unused again.
    expect((await attach(mb, entryId, first)).status).toBe(200)
    expect((await unmatched(mb, clerk2.cookie)).map((s) => s.id)).toEqual([third, second])
    // Confirmed: the scan it was judged against stays used.
    expect((await confirm(mb, entryId, YES)).status).toBe(201)
    expect((await unmatched(mb, clerk2.cookie)).map((s) => s.id)).toEqual([third, second])
  })

  it('is for the clerks who enter paper ballots only', async () => {
    const mb = await openMeeting()
    await uploadAs(mb, convener.cookie, '1-1-101.png')
    const path = `${mb}/paper-scans/unmatched`
    expect(await code(await call(a.app, 'GET', path, { cookie: supervisor.cookie }))).toEqual({
      status: 403,
      code: 'forbidden',
    })
    const [owner] = await ownersWithPasskeys(t.db, 'jinxiu', { units: ['1-1-101'], now })
    if (!owner) throw new Error('no owner')
    const ownerCookie = await signInPhone(a, owner.phone)
    expect((await call(a.app, 'GET', path, { cookie: ownerCookie })).status).toBe(403)
    expect((await call(a.app, 'GET', path)).status).toBe(401)
    expect(
      await code(
        await call(a.app, 'GET', `${base}/00000000-0000-4000-8000-000000000000/paper-scans/unmatched`, {
          cookie: convener.cookie,
        }),
      ),
    ).toEqual({ status: 404, code: 'meeting_not_found' })
  })

  it('lists an entry by the flat typed, not by its voter’s number, for a voter of two flats', async () => {
    const mb = await openMeeting()
    const { units } = (await (
      await call(a.app, 'GET', `${mb}/paper-entries/electorate`, { cookie: convener.cookie })
    ).json()) as { units: { unit: string; voter: string }[] }
    // A voter of two flats is one voter, numbered by one of them; the paper is for the other.
    const other = units.find((u) => u.unit !== u.voter)
    if (!other) throw new Error('no voter of two flats in the demo roll')
    const entered = await enter(mb, other.unit, YES)
    expect(entered.status).toBe(201)
    const { entryId, voter } = (await entered.json()) as { entryId: string; voter: string }
    expect(voter).toBe(other.voter)
    expect(await listed(mb, clerk2.cookie, 'awaiting_confirmation')).toMatchObject([
      { id: entryId, voter: other.voter, unit: other.unit },
    ])
    const audit = await t.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('action', '=', 'paper.entered')
      .executeTakeFirstOrThrow()
    expect(JSON.parse(audit.after_json ?? '{}')).toMatchObject({
      entry: entryId,
      voter: other.voter,
      unit: other.unit,
    })
  })
})
