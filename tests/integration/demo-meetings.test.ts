import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prng } from '../../server/demo/prng'
import { ACCESS } from '../../server/auth/policy'
import { isElectionResult } from '../../server/domain/bundle'
import { validateBundle } from '../../server/domain/bundle-validate'
import { checkWindow, DAY_MS } from '../../server/domain/calendar'
import { compareResults, computeResults } from '../../server/domain/results'
import { verifyAuditChain } from '../../server/services/audit'
import { DEMO_OWNER_UNITS, demoLinks } from '../../server/demo/access'
import {
  seedDemoCommittee,
  seedDemoMeetings,
  type DemoCommittee,
  type DemoMeetings,
} from '../../server/demo/meetings'
import {
  FORMING_ESTATE,
  FORMING_STAFF,
  seedFormingEstate,
  type EarlySteps,
} from '../../server/demo/formation'
import { checkComposition } from '../../server/domain/formation'
import { committeeView } from '../../server/services/committee'
import { committeeMeetingView } from '../../server/services/committee-meetings'
import { COMMITTEE_VOTE_FORMAT } from '../../server/services/committee-votes'
import { readFormation } from '../../server/services/formation'
import { listRollVersions, rollVersionView } from '../../server/services/roll-versions'
import { verifyBallotSignature } from '../../server/auth/ballot-signature'
import { createDocument, publishDocument } from '../../server/services/documents'
import { currentStatus, loadMeeting } from '../../server/services/meetings'
import { publishRollVersion } from '../../server/services/roll-versions'
import { ownerVoters } from '../../server/services/owner-voters'
import { call, demoDb, ORIGIN, type tempDb, testApp } from '../support'
import { SoftAuthenticator } from '../../server/demo/soft-authenticator'
import { seedDemoSurveys, type DemoSurveys } from '../../server/demo/surveys'
import { seedDemoDisclosures, type DemoDisclosures } from '../../server/demo/disclosures'

/**
 * The demo estate's meetings, made at first start: one with its final result whose election made the committee,
 * one with its preliminary result published, one open for voting by the real clock — with the demo owners whose
 * links `npm start` prints left free to vote; 锦绣苑's committee; and the second demo estate 清源里, being formed.
 * Seeded as `npm start` seeds them (server/main.ts).
 */

const NOW = new Date('2026-11-23T09:30:00Z')
let t: Awaited<ReturnType<typeof tempDb>>
let seeded: DemoMeetings
let committee: DemoCommittee
let forming: EarlySteps
let surveys: DemoSurveys
let disclosures: DemoDisclosures | null

beforeAll(async () => {
  t = await demoDb(new Date(NOW.getTime() - 140 * DAY_MS))
  const passkeys = { rpID: 'localhost', rpName: '共决 Gongjue', origin: ORIGIN }
  const newPhone = () => new SoftAuthenticator(ORIGIN)
  seeded = await seedDemoMeetings(t.db, { passkeys, newPhone, random: prng(2026), now: NOW })
  committee = await seedDemoCommittee(t.db, {
    passkeys,
    newPhone,
    random: prng(2027),
    now: NOW,
    origin: ORIGIN,
  })
  forming = await seedFormingEstate(t.db, {
    rollPath: 'demo/roll-qingyuan.csv',
    now: NOW,
    origin: ORIGIN,
    passkeys,
    newPhone,
    random: prng(2028),
  })
  surveys = await seedDemoSurveys(t.db, 'jinxiu', { now: NOW, random: prng(2029) })
  disclosures = await seedDemoDisclosures(t.db, 'jinxiu', { now: NOW })
}, 120_000)
afterAll(async () => {
  await t.cleanup()
})

const demoVoters = async () => {
  const { voters } = await ownerVoters(t.db, 'jinxiu')
  return voters.filter((v) => v.units.some((u) => (DEMO_OWNER_UNITS as readonly string[]).includes(u.number)))
}

describe('the demo meetings', () => {
  it('are listed by the API: one open for voting, one with its preliminary result, one final', async () => {
    const a = testApp(t.db, { now: () => NOW })
    const res = await call(a.app, 'GET', '/api/estates/jinxiu/meetings')
    const { meetings } = (await res.json()) as { meetings: { id: string; status: string }[] }
    expect(meetings.map((m) => [m.id, m.status]).sort()).toEqual(
      [
        [seeded.open, 'open'],
        [seeded.published, 'preliminary'],
        [committee.final, 'final'],
      ].sort(),
    )
    await a.tracker.drain()
  })

  it('keep the legal calendar: 15 full days of notice before the opening, a 14-day window around now', async () => {
    for (const id of [committee.final, seeded.published, seeded.open]) {
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

  it.each([
    ['preliminary', () => seeded.published],
    ['final', () => committee.final],
  ])('publish a bundle the verifier accepts, over every channel with the quorum met (%s)', async (_, id) => {
    const text = (await loadMeeting(t.db, id())).row.results_json ?? 'null'
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

describe('the demo committee of 锦绣苑 (domain §8)', () => {
  it('is the first term, made from the final meeting’s election, with chair, vice-chair and a filled vacancy', async () => {
    const { row } = await loadMeeting(t.db, committee.final)
    expect(row.status).toBe('final')
    // Every period ran: the final result is more than 30 days old, the filing period of its election over too.
    expect(NOW.getTime() - Date.parse(row.final_at ?? '')).toBeGreaterThan(30 * DAY_MS)
    const { term } = await committeeView(t.db, 'jinxiu', NOW, 'public')
    expect(term).not.toBeNull()
    if (!term) return
    expect([term.number, term.seats, term.filled, term.canDecide]).toEqual([1, 5, 5, true])
    expect(term.id).toBe(committee.termId)
    expect(term.members.map((m) => m.role).sort()).toEqual([
      'chair',
      'member',
      'member',
      'member',
      'vice_chair',
    ])
    // The resignation: the last seat's member left, the first alternate sits in it.
    expect(term.vacancies).toHaveLength(1)
    expect(term.vacancies[0]?.reason).toBe('resigned')
    const seat = term.vacancies[0]?.seat
    expect(term.members.find((m) => m.seat === seat)?.source).toBe('alternate')
    expect(term.alternates[0]).toMatchObject({ rank: 1, status: 'seated' })
    // The public page masks the alternates' names.
    expect(term.alternates[0]?.name).toMatch(/\*$/)
  })

  it('held two meetings whose votes are each confirmed by the member’s passkey: officers, then two resolutions', async () => {
    const [first, second] = await Promise.all(
      committee.committeeMeetings.map((id) => committeeMeetingView(t.db, 'jinxiu', id)),
    )
    expect(first?.items.map((i) => [i.kind, i.outcome])).toEqual([['elect_officers', 'passed']])
    expect(second?.items.map((i) => [i.kind, i.outcome])).toEqual([
      ['resolution', 'passed'],
      ['resolution', 'passed'],
    ])
    for (const v of [first, second]) {
      expect(v?.meeting.status).toBe('closed')
      expect(v?.notice).not.toBeNull()
    }
    expect(second?.votes.filter((v) => v.choice === 'against')).toHaveLength(1)
    const votes = await t.db.selectFrom('committee_votes').selectAll().execute()
    expect(votes).toHaveLength(5 + 2 * 5)
    // Each stored assertion is the member's own passkey signing exactly that vote (the WebAuthn challenge is the
    // vote's hash), checked as anyone with the public key can.
    for (const v of votes) {
      const cred = await t.db
        .selectFrom('credentials')
        .select(['id', 'public_key', 'account_id'])
        .where('id', '=', v.credential_id)
        .executeTakeFirstOrThrow()
      expect(cred.account_id).toBe(v.account_id)
      const check = await verifyBallotSignature({
        ballot: {
          format: COMMITTEE_VOTE_FORMAT,
          estate: 'jinxiu',
          meeting: v.meeting_id,
          item: v.item_id,
          member: v.member_id,
          choice: v.choice,
          nonce: v.nonce,
        },
        response: JSON.parse(v.assertion_json) as Parameters<typeof verifyBallotSignature>[0]['response'],
        credential: { id: cred.id, publicKey: new Uint8Array(cred.public_key), counter: 0 },
        rpID: 'localhost',
        origin: ORIGIN,
      })
      expect(check.ok).toBe(true)
    }
  })
})

describe('the demo estate being formed: 清源里 (domain §7)', () => {
  it('has its roll, the owners’ application with its share, and the preparatory group with its member list published', async () => {
    const f = await readFormation(t.db, FORMING_ESTATE.id, 'public', NOW)
    expect(f.stage).toBe('group_formed')
    expect(f.application?.share.met).toBe(true)
    expect(f.application?.share.ownersCondition?.byOwners.met).toBe(true)
    expect(f.group?.membersPublishedAt).not.toBeNull()
    expect(f.group?.members).toHaveLength(7)
    // 上海 art. 15, on the group as the street office recorded it: an odd number, owners at least half (each with
    // a unit of the roll), the street office's representative leading, a developer and a residents' committee
    // representative.
    const staff = await readFormation(t.db, FORMING_ESTATE.id, 'staff', NOW)
    const members = staff.group?.members ?? []
    const units = new Set(
      (await ownerVoters(t.db, FORMING_ESTATE.id)).voters.flatMap((v) => v.units.map((u) => u.number)),
    )
    expect(
      checkComposition(
        members.map((m) => ({ ...m, unit: m.unit ?? undefined })),
        units,
      ),
    ).toEqual([])
    expect(members.filter((m) => m.leader).map((m) => m.kind)).toEqual(['street_office'])
    // No phone numbers and no accounts on the public page.
    expect(JSON.stringify(f)).not.toMatch(/accountId|phone/)
  })

  it('has roll 第1版 published with two owners’ objections, the first answered (upheld), the second open', async () => {
    const { versions } = await listRollVersions(t.db, FORMING_ESTATE.id)
    expect(versions.map((v) => v.number)).toEqual([1])
    const v1 = await rollVersionView(t.db, FORMING_ESTATE.id, 1)
    expect(v1.totals.units).toBe(74)
    expect(v1.objections.map((o) => [o.id, o.unit, o.decision])).toEqual([
      [forming.objections[0]?.id, forming.objections[0]?.unit, 'upheld'],
      [forming.objections[1]?.id, forming.objections[1]?.unit, null],
    ])
    expect(v1.objections[0]?.answer).toBeTruthy()
    expect(v1.objections[1]?.answer).toBeNull()
  })

  it('prints enrollment links for a street-office person and the group’s leader, who leads it as convener', async () => {
    const links = await demoLinks(t.db, ORIGIN, NOW)
    const forming = links.staff.filter((s) => s.estate === FORMING_ESTATE.name)
    expect(forming.map((s) => [s.name, s.role])).toEqual([
      [FORMING_STAFF.streetOffice.name, 'street_office'],
      [FORMING_STAFF.leader.name, 'street_office'],
    ])
    for (const s of forming) expect(s.url).toMatch(new RegExp(`^${ORIGIN}/enroll/[A-Za-z0-9_-]+$`))
    const grants = await t.db
      .selectFrom('role_grants')
      .select(['role', 'estate_id'])
      .where('account_id', '=', FORMING_STAFF.leader.id)
      .where('revoked_at', 'is', null)
      .execute()
    expect(grants.map((g) => [g.role, g.estate_id]).sort()).toEqual([
      ['convener', 'qingyuan'],
      ['street_office', 'qingyuan'],
    ])
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
    // A survey's receipts too (domain §12): its published responses must not be found beside a unit either.
    const receipts = new Set([
      ...(await t.db.selectFrom('ballots').select('receipt').execute()).map((b) => b.receipt),
      ...(await t.db.selectFrom('survey_responses').select('receipt').execute()).map((r) => r.receipt),
    ])
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
    // Every anonymous route is walked with real parameters — the three meetings of 锦绣苑, its committee's notice, its
    // property contract's disclosure, 清源里's roll version — on both demo estates, and each answers 200 for at least
    // one of them.
    const notice = await t.db
      .selectFrom('committee_notices')
      .select('id')
      .where('estate_id', '=', 'jinxiu')
      .executeTakeFirstOrThrow()
    // The disclosures by the property contract, whose version carries the signature page's scan.
    const contract = disclosures?.contract ?? ''
    const attachment = await t.db
      .selectFrom('disclosure_attachments')
      .select('id')
      .where('disclosure_id', '=', contract)
      .executeTakeFirstOrThrow()
    const answered = new Set<string>()
    for (const route of routes)
      for (const estateId of ['jinxiu', FORMING_ESTATE.id])
        for (const meetingId of [committee.final, seeded.published, seeded.open]) {
          const path = route
            .replace(':estateId', estateId)
            .replace(':meetingId', meetingId)
            .replace(':noticeId', notice.id)
            .replace(':documentId', documentId)
            .replace(':number', '1')
            .replace(':other', '1')
            .replace(':surveyId', surveys.passed)
            .replace(':disclosureId', contract)
            .replace(':attachmentId', attachment.id)
          const res = await call(a.app, 'GET', path)
          if (res.status === 200) {
            answered.add(route)
            const text = await res.text()
            if ((res.headers.get('content-type') ?? '').includes('json')) walk(JSON.parse(text), path, null)
            else
              for (const line of text.split(/\r?\n/))
                if ([...units].some((u) => line.includes(u)) && [...receipts].some((r) => line.includes(r)))
                  leaks.push(`${path}: a line with a unit and a receipt`)
          }
          if (!route.includes(':meetingId')) break
        }
    expect(routes.filter((r) => !answered.has(r))).toEqual([])
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
