import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prng } from '../../server/demo/prng'
import { ACCESS } from '../../server/auth/policy'
import { isElectionResult } from '../../server/domain/bundle'
import { validateBundle } from '../../server/domain/bundle-validate'
import { checkWindow, DAY_MS } from '../../server/domain/calendar'
import { compareResults, computeResults } from '../../server/domain/results'
import { verifyAuditChain } from '../../server/services/audit'
import { DEMO_OWNER_UNITS, demoLinks } from '../../server/demo/access'
import { seedDemoMeetings, type DemoMeetings } from '../../server/demo/meetings'
import { createDocument, publishDocument } from '../../server/services/documents'
import { currentStatus, loadMeeting } from '../../server/services/meetings'
import { publishRollVersion } from '../../server/services/roll-versions'
import { ownerVoters } from '../../server/services/owner-voters'
import { call, demoDb, ORIGIN, type tempDb, testApp } from '../support'
import { SoftAuthenticator } from '../../server/demo/soft-authenticator'

/**
 * The demo estate's two meetings, made at first start: one with its preliminary result published, one
 * open for voting by the real clock — with the demo owners whose links `npm start` prints left free to vote.
 */

const NOW = new Date('2026-11-23T09:30:00Z')
let t: Awaited<ReturnType<typeof tempDb>>
let seeded: DemoMeetings

beforeAll(async () => {
  t = await demoDb(new Date(NOW.getTime() - 70 * DAY_MS))
  seeded = await seedDemoMeetings(t.db, {
    passkeys: { rpID: 'localhost', rpName: '共决 Gongjue', origin: ORIGIN },
    newPhone: () => new SoftAuthenticator(ORIGIN),
    random: prng(2026),
    now: NOW,
  })
}, 120_000)
afterAll(async () => {
  await t.cleanup()
})

const demoVoters = async () => {
  const { voters } = await ownerVoters(t.db, 'jinxiu')
  return voters.filter((v) => v.units.some((u) => (DEMO_OWNER_UNITS as readonly string[]).includes(u.number)))
}

describe('the demo meetings', () => {
  it('are listed by the API: one open for voting, one with its preliminary result', async () => {
    const a = testApp(t.db, { now: () => NOW })
    const res = await call(a.app, 'GET', '/api/estates/jinxiu/meetings')
    const { meetings } = (await res.json()) as { meetings: { id: string; status: string }[] }
    expect(meetings.map((m) => [m.id, m.status]).sort()).toEqual(
      [
        [seeded.open, 'open'],
        [seeded.published, 'preliminary'],
      ].sort(),
    )
    await a.tracker.drain()
  })

  it('keep the legal calendar: 15 full days of notice before the opening, a 14-day window around now', async () => {
    for (const id of [seeded.published, seeded.open]) {
      const { row } = await loadMeeting(t.db, id)
      const [noticed, opens, closes] = [row.noticed_at, row.opens_at, row.closes_at].map((s) =>
        Date.parse(s ?? ''),
      )
      expect(checkWindow(noticed as number, opens as number, closes as number)).toEqual([])
      expect((closes as number) - (opens as number)).toBe(14 * DAY_MS)
    }
    const open = await loadMeeting(t.db, seeded.open)
    expect(Date.parse(open.row.opens_at)).toBeLessThanOrEqual(NOW.getTime())
    expect(Date.parse(open.row.closes_at)).toBeGreaterThan(NOW.getTime())
    expect(currentStatus(open, NOW)).toBe('open')
    const ballots = await t.db
      .selectFrom('ballots')
      .select('created_at')
      .where('meeting_id', '=', seeded.open)
      .execute()
    expect(ballots.length).toBeGreaterThan(100)
    expect(ballots.every((b) => b.created_at <= NOW.toISOString())).toBe(true)
  })

  it('publish a bundle the verifier accepts, with ballots over every channel and the quorum met', async () => {
    const text = (await loadMeeting(t.db, seeded.published)).row.results_json ?? 'null'
    const check = validateBundle(JSON.parse(text))
    expect(check.ok).toBe(true)
    if (!check.ok) return
    const results = computeResults(check.bundle)
    expect(compareResults(results, check.bundle.results as never)).toEqual([])
    expect(new Set(check.bundle.ballots.map((b) => b.channel))).toEqual(
      new Set(['online', 'paper', 'proxy', 'in_person']),
    )
    // The double 2/3 quorum is met on every matter (domain §4).
    for (const r of results)
      expect(r.outcome).toMatch(isElectionResult(r) ? /elected$/ : /^(passed|rejected)$/)
    expect(text).not.toContain('潘芳')
  })

  it('leave the demo owners alone: no account, no ballot, no candidacy, and their sign-in links still printed', async () => {
    const voters = await demoVoters()
    expect(voters.map((v) => v.id)).toEqual(['1-1-101', '1-1-201', '12-1-202'])
    const ownerIds = voters.flatMap((v) => v.owners.map((o) => o.id))
    expect(
      await t.db.selectFrom('accounts').select('id').where('owner_id', 'in', ownerIds).execute(),
    ).toEqual([])
    const voterIds = voters.map((v) => v.id)
    expect(await t.db.selectFrom('ballots').select('id').where('voter', 'in', voterIds).execute()).toEqual([])
    expect(
      await t.db.selectFrom('paper_entries').select('id').where('voter', 'in', voterIds).execute(),
    ).toEqual([])
    expect(
      await t.db.selectFrom('candidates').select('id').where('owner_id', 'in', ownerIds).execute(),
    ).toEqual([])
    const links = await demoLinks(t.db, ORIGIN, NOW)
    expect(links.owners.map((o) => o.voter)).toEqual(['1-1-101', '1-1-201', '12-1-202'])
  })

  it('are audited end to end: the hash chain verifies', async () => {
    expect((await verifyAuditChain(t.db)).ok).toBe(true)
  })
})

describe('what an anonymous visitor can learn (domain §12: no anonymous response links a unit to its choices)', () => {
  it('walks every anonymous GET route of the demo and finds no unit beside a choice or a receipt', async () => {
    const a = testApp(t.db, { now: () => NOW })
    const routes = Object.entries(ACCESS)
      .filter(([key, rule]) => rule.allow === 'anyone' && key.startsWith('GET '))
      .map(([key]) => key.slice(4))
    expect(routes).toEqual(expect.arrayContaining(['/api/estates/:estateId/meetings/:meetingId/summary']))
    const units = new Set((await t.db.selectFrom('units').select('number').execute()).map((u) => u.number))
    const receipts = new Set(
      (await t.db.selectFrom('ballots').select('receipt').execute()).map((b) => b.receipt),
    )
    // The publications (domain §7.3) too: a published roll version and a published document of the demo estate.
    const convener = { actor: 'test:convener', role: 'convener', now: NOW }
    await publishRollVersion(t.db, { estateId: 'jinxiu', note: '', answers: [] }, convener)
    const { id: documentId } = await createDocument(
      t.db,
      { estateId: 'jinxiu', template: 'management_covenant' },
      convener,
    )
    await publishDocument(t.db, { estateId: 'jinxiu', documentId, reason: '' }, convener)
    const UNIT_KEYS = new Set(['unit', 'units', 'voter', 'number', 'id'])
    const CHOICE_KEYS = new Set(['choices', 'receipt', 'choice'])
    const leaks: string[] = []
    /** An object naming a unit must carry no choice or receipt, at any depth below it either. */
    const walk = (v: unknown, path: string, unitAbove: string | null) => {
      if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${path}[${i}]`, unitAbove))
      if (typeof v !== 'object' || v === null) {
        if (unitAbove && typeof v === 'string' && receipts.has(v))
          leaks.push(`${path}: receipt under ${unitAbove}`)
        return
      }
      const o = v as Record<string, unknown>
      const named = Object.entries(o).find(
        ([k, x]) =>
          UNIT_KEYS.has(k) &&
          (typeof x === 'string' ? units.has(x) : Array.isArray(x) && x.some((y) => units.has(y as string))),
      )
      const unit = unitAbove ?? (named ? JSON.stringify(named[1]) : null)
      for (const [k, x] of Object.entries(o)) {
        if (unit && CHOICE_KEYS.has(k)) leaks.push(`${path}.${k}: beside unit ${unit}`)
        walk(x, `${path}.${k}`, unit)
      }
    }
    let walked = 0
    for (const route of routes)
      for (const meetingId of [seeded.published, seeded.open]) {
        const path = route
          .replace(':estateId', 'jinxiu')
          .replace(':meetingId', meetingId)
          .replace(':documentId', documentId)
          .replace(':number', '1')
          .replace(':other', '1')
        const res = await call(a.app, 'GET', path)
        if (res.status !== 200) continue
        walked += 1
        const text = await res.text()
        if ((res.headers.get('content-type') ?? '').includes('json')) walk(JSON.parse(text), path, null)
        else
          for (const line of text.split(/\r?\n/))
            if ([...units].some((u) => line.includes(u)) && [...receipts].some((r) => line.includes(r)))
              leaks.push(`${path}: a line with a unit and a receipt`)
        if (!route.includes(':meetingId')) break
      }
    expect(walked).toBeGreaterThanOrEqual(routes.length)
    expect(leaks).toEqual([])
    // The full bundle, which links units to choices, is not for anonymous visitors.
    expect((await call(a.app, 'GET', `/api/estates/jinxiu/meetings/${seeded.published}/bundle`)).status).toBe(
      401,
    )
    // The summary's two lists are each sorted by their own key, so their orders cannot be lined up.
    const summary = (await (
      await call(a.app, 'GET', `/api/estates/jinxiu/meetings/${seeded.published}/summary`)
    ).json()) as { voted: { unit: string }[]; bulletin: { receipt: string }[] }
    const sorted = (xs: string[]) => [...xs].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))
    expect(summary.voted.map((v) => v.unit)).toEqual(sorted(summary.voted.map((v) => v.unit)))
    expect(summary.bulletin.map((b) => b.receipt)).toEqual(sorted(summary.bulletin.map((b) => b.receipt)))
    expect(summary.bulletin.length).toBeGreaterThan(100)
    await a.tracker.drain()
  })
})
