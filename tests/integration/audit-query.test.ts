import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prng } from '../../server/demo/prng'
import { DAY_MS } from '../../server/domain/calendar'
import { seedDemoMeetings, type DemoMeetings } from '../../server/demo/meetings'
import { SoftAuthenticator } from '../../server/demo/soft-authenticator'
import { verifyAuditChain } from '../../server/services/audit'
import { addObjection } from '../../server/services/meeting-records'
import { loadMeeting, meetingAt } from '../../server/services/meetings'
import {
  call,
  demoDb,
  enrolStaff,
  ORIGIN,
  type SignedIn,
  type tempDb,
  testApp,
  type TestApp,
} from '../support'

/**
 * The estate's audit log as the server filters and pages it (domain §10, §2: supervisors read the log): by
 * meeting, action family, actor and time, a page at a time with the total that matches — and the totals add up
 * to what the hash chain's own check counts.
 */

const NOW = new Date('2026-11-23T09:30:00Z')
let t: Awaited<ReturnType<typeof tempDb>>
let a: TestApp
let seeded: DemoMeetings
let supervisor: SignedIn

interface Entry {
  id: number
  at: string
  actor: string
  actorName: string | null
  role: string
  action: string
  subject: string | null
  after: unknown
}
interface Page {
  total: number
  offset: number
  limit: number
  entries: Entry[]
  chain: { ok: boolean; entries: number }
  facets: { actions: string[]; actors: { actor: string; role: string; name: string | null }[] }
}

beforeAll(async () => {
  t = await demoDb(new Date(NOW.getTime() - 70 * DAY_MS))
  seeded = await seedDemoMeetings(t.db, {
    passkeys: { rpID: 'localhost', rpName: '共决 Gongjue', origin: ORIGIN },
    newPhone: () => new SoftAuthenticator(ORIGIN),
    random: prng(2026),
    now: NOW,
  })
  a = testApp(t.db, { now: () => NOW })
  supervisor = await enrolStaff(a, t.db, 'supervisor', 'jinxiu', '王监督', NOW)
}, 180_000)
afterAll(async () => {
  await a.tracker.drain()
  await t.cleanup()
})

const get = async (query: string, cookie = supervisor.cookie) => {
  const res = await call(a.app, 'GET', `/api/estates/jinxiu/audit?${query}`, { cookie })
  return { status: res.status, body: (await res.json()) as Page & { error?: { code: string } } }
}

describe('GET /api/estates/:id/audit with filters and pages', () => {
  it('counts every entry of the estate, and with the entries outside any estate makes the chain check’s total', async () => {
    const { body } = await get('limit=1')
    const check = await verifyAuditChain(t.db)
    expect(check.ok).toBe(true)
    const outside = await t.db
      .selectFrom('audit_log')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .where((eb) => eb.or([eb('estate_id', 'is', null), eb('estate_id', '!=', 'jinxiu')]))
      .executeTakeFirstOrThrow()
    expect(body.total + Number(outside.n)).toBe(check.entries)
    expect(body.chain.entries).toBe(check.entries)
    expect(body.entries).toHaveLength(1)
  })

  it('narrows to one meeting, pages through it without gaps or repeats, and the pages add up to the total', async () => {
    const first = await get(`subject=${seeded.published}&limit=200`)
    expect(first.status).toBe(200)
    const total = first.body.total
    expect(total).toBeGreaterThan(400)
    const direct = await t.db
      .selectFrom('audit_log')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .where('subject', '=', seeded.published)
      .executeTakeFirstOrThrow()
    expect(total).toBe(Number(direct.n))
    const ids: number[] = []
    for (let offset = 0; offset < total; offset += 200) {
      const { body } = await get(`subject=${seeded.published}&limit=200&offset=${offset}`)
      expect(body.total).toBe(total)
      expect(body.offset).toBe(offset)
      expect(body.entries.every((e) => e.subject === seeded.published)).toBe(true)
      ids.push(...body.entries.map((e) => e.id))
    }
    expect(ids).toHaveLength(total)
    expect(new Set(ids).size).toBe(total)
    // Newest first across the pages.
    expect([...ids].sort((x, y) => y - x)).toEqual(ids)
    // The other meeting's entries are not in it.
    const other = await get(`subject=${seeded.open}&limit=500`)
    expect(other.body.entries.some((e) => ids.includes(e.id))).toBe(false)
  })

  it('narrows to an action, or to its family', async () => {
    const family = await get(`subject=${seeded.published}&action=paper&limit=500`)
    expect(family.body.total).toBeGreaterThan(0)
    expect(family.body.entries.every((e) => e.action.startsWith('paper.'))).toBe(true)
    const exact = await get(`subject=${seeded.published}&action=paper.entered&limit=500`)
    expect(exact.body.total).toBeGreaterThan(0)
    expect(exact.body.total).toBeLessThanOrEqual(family.body.total)
    expect(exact.body.entries.every((e) => e.action === 'paper.entered')).toBe(true)
    // A family is a whole word: `pap` is no family.
    expect((await get(`action=pap`)).body.total).toBe(0)
    // And the page offers the actions there are.
    expect(family.body.facets.actions).toEqual(expect.arrayContaining(['paper.entered', 'ballot.cast']))
    expect((await get('action=Paper%25')).status).toBe(400)
  })

  it('narrows to an actor and names the person and their role', async () => {
    // The supervisor's own action: a download of the bundle, which is audited.
    const dl = await call(a.app, 'GET', `/api/estates/jinxiu/meetings/${seeded.published}/bundle`, {
      cookie: supervisor.cookie,
    })
    expect(dl.status).toBe(200)
    await dl.arrayBuffer()
    const mine = await get(`actor=${encodeURIComponent(`account:${supervisor.accountId}`)}`)
    expect(mine.body.total).toBeGreaterThanOrEqual(1)
    expect(mine.body.entries.every((e) => e.actor === `account:${supervisor.accountId}`)).toBe(true)
    expect(mine.body.entries[0]).toMatchObject({
      action: 'bundle.downloaded',
      actorName: '王监督',
      role: 'supervisor',
    })
    expect(mine.body.facets.actors).toContainEqual({
      actor: `account:${supervisor.accountId}`,
      role: 'supervisor',
      name: '王监督',
    })
    // No entry's choices: the ballots' entries carry a receipt and a hash, never what was chosen.
    const ballots = await get(`subject=${seeded.published}&action=ballot.cast&limit=50`)
    for (const e of ballots.body.entries) expect(Object.keys(e.after as object)).not.toContain('choices')
  })

  it('narrows to a time range, from inclusive and to exclusive, in any offset', async () => {
    const all = await get(`subject=${seeded.published}&action=ballot&limit=500`)
    const sorted = all.body.entries.map((e) => e.at).sort()
    const mid = sorted[Math.floor(sorted.length / 2)] as string
    const before = await get(
      `subject=${seeded.published}&action=ballot&to=${encodeURIComponent(mid)}&limit=500`,
    )
    const after = await get(
      `subject=${seeded.published}&action=ballot&from=${encodeURIComponent(mid)}&limit=500`,
    )
    expect(before.body.total + after.body.total).toBe(all.body.total)
    expect(before.body.entries.every((e) => e.at < mid)).toBe(true)
    expect(after.body.entries.every((e) => e.at >= mid)).toBe(true)
    // The same instant written in Beijing time selects the same entries.
    const local = new Date(Date.parse(mid) + 8 * 3_600_000).toISOString().replace('Z', '+08:00')
    expect(
      (await get(`subject=${seeded.published}&action=ballot&from=${encodeURIComponent(local)}&limit=1`)).body
        .total,
    ).toBe(after.body.total)
    expect((await get('from=yesterday')).status).toBe(400)
  })

  it('refuses an owner, and a page size over the limit', async () => {
    expect((await get('limit=501')).status).toBe(400)
    expect((await get('limit=5', '')).status).toBe(401)
  })
})

describe('GET …/signoffs: what is open before signing, and the sign-offs so far', () => {
  it('names an unanswered objection, refuses an approval that does not acknowledge it, and lists who signed in which role', async () => {
    const base = `/api/estates/jinxiu/meetings/${seeded.published}/signoffs`
    const review = async () =>
      (await (await call(a.app, 'GET', base, { cookie: supervisor.cookie })).json()) as {
        status: string
        objectionsEndAt: string
        paperMismatches: string[]
        paperAwaiting: string[]
        unansweredObjections: number
        signoffs: { by: string; role: string | null; decision: string; note: string | null }[]
      }
    const before = await review()
    expect(before).toMatchObject({ status: 'preliminary', unansweredObjections: 0, signoffs: [] })
    // The simulation entered every mismatched paper ballot afresh: none is left open.
    expect(before.paperMismatches).toEqual([])
    expect(before.paperAwaiting).toEqual([])
    // An owner objected while the period ran (the demo's has ended by now).
    const loaded = await loadMeeting(t.db, seeded.published)
    const during = new Date(Date.parse(loaded.row.preliminary_at ?? '') + 3_600_000)
    const owner = await t.db
      .selectFrom('accounts')
      .select('id')
      .where('kind', '=', 'owner')
      .executeTakeFirstOrThrow()
    await addObjection(t.db, meetingAt(loaded, during), owner.id, '请核对 3 号楼的纸质选票。', {
      actor: `account:${owner.id}`,
      role: 'owner',
      now: during,
    })
    expect((await review()).unansweredObjections).toBe(1)

    const entries = async () =>
      (await get(`subject=${seeded.published}&action=result&limit=50`)).body.entries.map((e) => e.action)
    const auditBefore = await entries()
    const refused = await call(a.app, 'POST', base, {
      cookie: supervisor.cookie,
      body: { decision: 'approve', note: null },
    })
    expect(refused.status).toBe(409)
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('signoff_unacknowledged')
    // Nothing was written: no sign-off, no audit entry.
    expect((await review()).signoffs).toEqual([])
    expect(await entries()).toEqual(auditBefore)

    // An objection by the supervisor needs no acknowledgement; an approval that acknowledges is recorded.
    const objected = await call(a.app, 'POST', base, {
      cookie: supervisor.cookie,
      body: { decision: 'object', note: '等待异议答复' },
    })
    expect(objected.status).toBe(201)
    const approved = await call(a.app, 'POST', base, {
      cookie: supervisor.cookie,
      body: { decision: 'approve', note: '已知悉异议', acknowledgeOpen: true },
    })
    expect(approved.status).toBe(201)
    expect((await review()).signoffs).toEqual([
      expect.objectContaining({ by: '王监督', role: 'supervisor', decision: 'object', note: '等待异议答复' }),
      expect.objectContaining({ by: '王监督', role: 'supervisor', decision: 'approve', note: '已知悉异议' }),
    ])
    const signed = (await get(`subject=${seeded.published}&action=result.signed_off`)).body.entries
    expect(signed).toHaveLength(1)
    expect(signed[0]?.after).toMatchObject({ decision: 'approve', acknowledgedOpen: true })
  })
})
