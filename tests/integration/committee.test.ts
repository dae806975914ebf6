import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { importRoll } from '../../server/services/import-roll'
import type { SoftAuthenticator } from '../../server/demo/soft-authenticator'
import { call, csv, enrolStaff, tempDb, testApp, type SignedIn, type TestApp } from '../support'
import { committeeVote } from '../support/committee'
import { ownersWithPasskeys, signInPhone, type PhoneOwner } from '../support/voters'

/**
 * The owners' committee through the API (domain §8), on one real SQLite file for the whole story: a small estate
 * of 15 owners runs a real meeting to its final announcement (online ballots signed with passkeys, the objection
 * period, the supervisor's sign-off), the term is made from its election, the committee meets and its members
 * confirm their votes with their passkeys, resolutions pass with more than half of all seats (上海 art. 26), seats
 * fall vacant and are filled from the alternates, and below half the committee decides nothing (上海 art. 32).
 */

const ESTATE = 'qingyuan'
const api = `/api/estates/${ESTATE}`
const NOTICE = '2026-12-01T02:00:00Z'
const OPENS = '2026-12-16T16:00:00.000Z'
const CLOSES = '2026-12-26T16:00:00.000Z'
// The final announcement: 09:00 on 5 January 2027, China time. The election's clocks run from it.
const FINAL = '2027-01-05T01:00:00Z'

const owner = (i: number) => `业主${String(i).padStart(2, '0')}`
const unit = (i: number) => `1-${100 + i}`
const rollLine = (i: number, name = owner(i), last4 = String(i).padStart(4, '0')) =>
  `${unit(i)},1号楼,住宅,100.0000,登记,${name},${last4},138000000${String(i).padStart(2, '0')},N`
const rollOf = (lines: (i: number) => string) =>
  Buffer.from(csv(...Array.from({ length: 15 }, (_, k) => lines(k + 1))))

let t: Awaited<ReturnType<typeof tempDb>>
let a: TestApp
let now: Date
let convener: SignedIn
let supervisor: SignedIn
let owners: PhoneOwner[]
let meetingId: string
const setNow = (iso: string) => {
  now = new Date(iso)
}

type Body = Record<string, unknown> & { error?: { code: string; details?: unknown } }
const json = async (res: Response) => (await res.json()) as Body
const code = async (res: Response) => ({ status: res.status, code: (await json(res)).error?.code })
const staff = async (s: SignedIn) => signInPhone(a, s.phone)

async function importOwners(lines: (i: number) => string) {
  const r = await importRoll(t.db, {
    estateId: ESTATE,
    estateName: '清苑',
    fileName: 'roll.csv',
    file: rollOf(lines),
    actor: 'test',
    role: 'convener',
    now: () => now,
  })
  if (!r.ok) throw new Error(`roll import: ${JSON.stringify(r.errors)}`)
}

/**
 * Candidate k (1-based, units 1-101…) approved by `counts[k-1]` of the 15 voters, spread so that nobody approves
 * more than `seats` (a ballot approving more is invalid).
 */
function approvals(counts: readonly number[], seats: number): string[][] {
  const ballots: string[][] = Array.from({ length: 15 }, () => [])
  counts.forEach((n, k) => {
    const order = ballots.map((b, i) => [b.length, i] as const).sort((x, y) => x[0] - y[0] || x[1] - y[1])
    for (const [, i] of order.slice(0, n)) (ballots[i] as string[]).push(`c${k + 1}`)
  })
  if (ballots.some((b) => b.length > seats)) throw new Error('over-voting in the fixture')
  return ballots
}

const candidatesOf = (units: readonly number[]) =>
  units.map((i) => ({
    unit: unit(i),
    name: owner(i),
    statement: '',
    eligibility: { fullCapacity: true, noArrears: true, notPropertyStaff: true },
  }))

beforeAll(async () => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  t = await tempDb()
  setNow(NOTICE)
  await importOwners((i) => rollLine(i))
  const wide = { points: 10_000, seconds: 60 }
  a = testApp(t.db, {
    now: () => now,
    rateLimits: { activation: wide, signIn: wide, invitations: wide },
  })
  convener = await enrolStaff(a, t.db, 'convener', ESTATE, '召集人', now)
  supervisor = await enrolStaff(a, t.db, 'supervisor', ESTATE, '居委会', now)
  owners = await ownersWithPasskeys(t.db, ESTATE, {
    units: Array.from({ length: 15 }, (_, k) => unit(k + 1)),
    now,
  })

  // q1 an ordinary matter; q2 the election of 5 from 8: 业主01…05 elected in that order, 06 and 07 alternates
  // (tied with each other on both keys, so in the order listed), 08 not qualified; q3 an election nobody wins;
  // q4 更换业主委员会成员: approving 业主05 (8 of 15: removed) and 业主04 (7 of 15: not removed).
  const created = await call(a.app, 'POST', `${api}/meetings`, {
    cookie: convener.cookie,
    body: {
      title: '2026年第一次业主大会会议',
      opensAt: OPENS,
      closesAt: CLOSES,
      matters: [
        { kind: 'other_major', title: '其他事项', body: '' },
        {
          kind: 'elect_committee',
          title: '选举第一届业主委员会',
          seats: 5,
          candidates: candidatesOf([1, 2, 3, 4, 5, 6, 7, 8]),
        },
        { kind: 'elect_committee', title: '补选', seats: 5, candidates: candidatesOf([9, 10]) },
        { kind: 'elect_committee', title: '更换业主委员会成员', seats: 3, candidates: candidatesOf([5, 4]) },
      ],
    },
  })
  expect(created.status).toBe(201)
  meetingId = ((await created.json()) as { meeting: { id: string } }).meeting.id
  const m = `${api}/meetings/${meetingId}`
  expect((await call(a.app, 'POST', `${m}/notice`, { cookie: convener.cookie })).status).toBe(200)

  setNow('2026-12-18T02:00:00Z')
  const q2 = approvals([15, 13, 11, 10, 9, 8, 8, 0], 5)
  const q4 = approvals([8, 7], 3)
  for (const [i, o] of owners.entries()) {
    const cookie = await signInPhone(a, o.phone)
    const choices = { q1: 'yes', q2: q2[i], q3: [], q4: q4[i] }
    const prepared = await call(a.app, 'POST', `${m}/ballot-options`, {
      cookie,
      body: { voter: o.voter, choices },
    })
    expect(prepared.status).toBe(200)
    const { ballot, options } = (await prepared.json()) as {
      ballot: { nonce: string }
      options: Parameters<SoftAuthenticator['authenticate']>[0]
    }
    const cast = await call(a.app, 'POST', `${m}/ballots`, {
      cookie,
      body: { nonce: ballot.nonce, response: o.phone.authenticate(options) },
    })
    expect(cast.status).toBe(201)
  }

  setNow('2026-12-27T01:00:00Z')
  await a.clock.tick(now)
  const cc = await staff(convener)
  expect((await call(a.app, 'POST', `${m}/paper-complete`, { cookie: cc })).status).toBe(200)
  expect((await call(a.app, 'POST', `${m}/preliminary`, { cookie: cc })).status).toBe(200)
  const sc = await staff(supervisor)
  const signed = await call(a.app, 'POST', `${m}/signoffs`, { cookie: sc, body: { decision: 'approve' } })
  expect(signed.status).toBe(201)
  setNow(FINAL)
  expect((await call(a.app, 'POST', `${m}/final`, { cookie: await staff(convener) })).status).toBe(200)
}, 60_000)

afterAll(async () => {
  vi.restoreAllMocks()
  await a.tracker.drain()
  await t.cleanup()
})

interface Member {
  id: string
  seat: number
  name: string
  unit: string
  role: string
  hasAccount?: boolean
  phone?: string | null
}
interface Clock {
  state: string
  dueAt: string
  daysLeft?: number
  daysOver?: number
  late?: boolean
}
interface View {
  term: {
    id: string
    number: number
    startsOn: string
    endsOn: string
    seats: number
    filled: number
    vacantSeats: number
    canDecide: boolean
    earlyReelectionDue: boolean
    members: Member[]
    alternates: { rank: number; name: string; status: string }[]
    vacancies: { seat: number; name: string; reason: string; on: string }[]
    clocks: {
      seating: Clock
      announcement: Clock
      publications: (Clock & { meetingId: string })[]
      reelection: { state: string; remindFrom: string }
    }
  } | null
}

async function view(): Promise<NonNullable<View['term']>> {
  const res = await call(a.app, 'GET', `${api}/committee`, { cookie: await staff(supervisor) })
  expect(res.status).toBe(200)
  const v = (await res.json()) as View
  if (!v.term) throw new Error('no term')
  return v.term
}

const memberNamed = async (name: string) => {
  const m = (await view()).members.find((x) => x.name === name)
  if (!m) throw new Error(`no member ${name}`)
  return m
}
const phoneOf = (i: number) => owners[i - 1] as PhoneOwner

/** A member's vote through both steps of the ceremony, signed by `signer` (their own phone unless a test says). */
const vote = (
  committeeMeetingId: string,
  i: number,
  itemId: string,
  choice: string,
  signer: SoftAuthenticator = phoneOf(i).phone,
): Promise<Response> => committeeVote(a, api, phoneOf(i).phone, committeeMeetingId, itemId, choice, signer)

let firstMeeting: string
let secondMeeting: string

describe('the term from the election', () => {
  it('is refused from a meeting that is not final, a matter that is not an election, an election that formed no committee', async () => {
    const cc = await staff(convener)
    const draft = await call(a.app, 'POST', `${api}/meetings`, {
      cookie: cc,
      body: {
        title: '草稿',
        opensAt: '2027-02-16T16:00:00.000Z',
        closesAt: '2027-02-26T16:00:00.000Z',
        matters: [
          { kind: 'elect_committee', title: '选举', seats: 5, candidates: candidatesOf([1, 2, 3, 4, 5]) },
        ],
      },
    })
    const draftId = ((await draft.json()) as { meeting: { id: string } }).meeting.id
    const term = (body: Record<string, unknown>) =>
      call(a.app, 'POST', `${api}/committee/terms`, {
        cookie: cc,
        body: { meetingId, matterId: 'q2', number: 1, endsOn: '2032-01-05', ...body },
      })
    expect(await code(await term({ meetingId: draftId, matterId: 'q1' }))).toEqual({
      status: 409,
      code: 'meeting_not_final',
    })
    expect(await code(await term({ matterId: 'q1' }))).toEqual({ status: 422, code: 'not_an_election' })
    expect(await code(await term({ matterId: 'q3' }))).toEqual({ status: 422, code: 'committee_not_formed' })
    // 5 years from 5 January 2027 end on 5 January 2032 (民法典 art. 202); a day more is refused, and 上海's
    // minimum of 3 years refuses a day less than three.
    expect(await code(await term({ endsOn: '2032-01-06' }))).toEqual({ status: 422, code: 'term_invalid' })
    expect(await code(await term({ endsOn: '2030-01-04', settings: 'shanghai' }))).toEqual({
      status: 422,
      code: 'term_invalid',
    })
    // Supervisors read the committee, never make it.
    const sc = await staff(supervisor)
    expect(
      (
        await call(a.app, 'POST', `${api}/committee/terms`, {
          cookie: sc,
          body: { meetingId, matterId: 'q2', number: 1, endsOn: '2032-01-05' },
        })
      ).status,
    ).toBe(403)
    expect(
      ((await (await call(a.app, 'GET', `${api}/committee`, { cookie: sc })).json()) as View).term,
    ).toBeNull()
  })

  it('seats the elected in rank order with their units and accounts, the alternates ranked, for 5 years at most', async () => {
    const res = await call(a.app, 'POST', `${api}/committee/terms`, {
      cookie: await staff(convener),
      body: { meetingId, matterId: 'q2', number: 1, endsOn: '2032-01-05' },
    })
    expect(res.status).toBe(201)
    const term = await view()
    expect(term).toMatchObject({
      number: 1,
      startsOn: '2027-01-05',
      endsOn: '2032-01-05',
      seats: 5,
      filled: 5,
    })
    expect(term.members.map((m) => [m.seat, m.name, m.unit, m.role, m.hasAccount])).toEqual(
      [1, 2, 3, 4, 5].map((i) => [i, owner(i), unit(i), 'member', true]),
    )
    expect(term.alternates).toEqual([
      { id: expect.any(String), rank: 1, name: owner(6), status: 'waiting' },
      { id: expect.any(String), rank: 2, name: owner(7), status: 'waiting' },
    ])
    const again = await call(a.app, 'POST', `${api}/committee/terms`, {
      cookie: await staff(convener),
      body: { meetingId, matterId: 'q2', number: 2, endsOn: '2032-01-05' },
    })
    expect(await code(again)).toEqual({ status: 409, code: 'term_exists' })
  })

  it('shows owners the members’ names and roles but never a phone, and the alternates masked', async () => {
    const res = await call(a.app, 'GET', `${api}/committee/public`)
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(text).not.toMatch(/phone|138000000/)
    const v = JSON.parse(text) as View
    expect(v.term?.members.map((m) => m.name)).toEqual([1, 2, 3, 4, 5].map(owner))
    // A full name beside a unit says who owns it, which the published roll masks (domain §12).
    expect(v.term?.members.some((m) => 'unit' in m)).toBe(false)
    expect(text).not.toContain(unit(1))
    expect(v.term?.alternates.map((x) => x.name)).toEqual(['业*', '业*'])
  })
})

describe('the clocks of the election (民法典 art. 201: the day of the election is not counted)', () => {
  it('announcement: 3 days, to 24:00 on 8 January; overdue from 00:00 on 9 January', async () => {
    setNow('2027-01-08T15:59:00Z')
    expect((await view()).clocks.announcement).toMatchObject({ state: 'running', daysLeft: 1 })
    setNow('2027-01-08T16:00:00Z')
    expect((await view()).clocks.announcement).toMatchObject({ state: 'overdue', daysOver: 1 })
  })

  it('seating: 7 days, to 24:00 on 12 January; overdue from 00:00 on 13 January', async () => {
    setNow('2027-01-12T15:59:00Z')
    expect((await view()).clocks.seating).toMatchObject({
      state: 'running',
      daysLeft: 1,
      dueAt: '2027-01-12T16:00:00.000Z',
    })
    setNow('2027-01-12T16:00:00Z')
    expect((await view()).clocks.seating).toMatchObject({ state: 'overdue', daysOver: 1 })
  })

  it('re-election: reminded from 6 months before the term ends (5 July 2031), overdue once it has ended', async () => {
    setNow('2031-07-04T15:59:00Z')
    expect((await view()).clocks.reelection).toMatchObject({ state: 'in_term', remindFrom: '2031-07-05' })
    setNow('2031-07-04T16:00:00Z')
    expect((await view()).clocks.reelection.state).toBe('reminder')
    setNow('2032-01-05T15:59:00Z')
    expect((await view()).clocks.reelection.state).toBe('reminder')
    setNow('2032-01-05T16:00:00Z')
    expect((await view()).clocks.reelection.state).toBe('overdue')
  })

  it('announcement done on its last day once the members’ notice is published', async () => {
    setNow('2027-01-08T10:00:00Z')
    const res = await call(a.app, 'POST', `${api}/committee/announcement`, { cookie: await staff(convener) })
    expect(res.status).toBe(201)
    expect((await view()).clocks.announcement).toMatchObject({ state: 'done', late: false })
    const notices = (await json(await call(a.app, 'GET', `${api}/committee/notices`))) as {
      notices: { kind: string; title: string; body: { members: { name: string }[] } }[]
    }
    expect(notices.notices[0]).toMatchObject({ kind: 'members', title: '第1届业主委员会组成人员公告' })
    expect(notices.notices[0]?.body.members).toHaveLength(5)
    // The notice is public: names and roles, never a unit beside a full name (domain §12).
    expect(JSON.stringify(notices.notices[0]?.body)).not.toContain(unit(1))
  })
})

describe('committee meetings: more than half of ALL members, each vote confirmed with the member’s passkey', () => {
  it('refuses officers who are not sitting members or hold two offices', async () => {
    const cc = await staff(convener)
    const m1 = await memberNamed(owner(1))
    const schedule = (officers: unknown) =>
      call(a.app, 'POST', `${api}/committee/meetings`, {
        cookie: cc,
        body: {
          title: '第一次会议',
          heldAt: '2027-01-09T02:00:00Z',
          items: [{ kind: 'elect_officers', officers }],
        },
      })
    expect(await code(await schedule({ chair: m1.id, viceChairs: [m1.id] }))).toEqual({
      status: 422,
      code: 'officers_invalid',
    })
    expect(
      await code(await schedule({ chair: '00000000-0000-4000-8000-000000000000', viceChairs: [m1.id] })),
    ).toEqual({ status: 422, code: 'officers_invalid' })
  })

  it('takes each member’s own signed vote once, refuses a vote signed by another passkey or by a non-member', async () => {
    setNow('2027-01-09T02:00:00Z')
    const [m1, m2] = [await memberNamed(owner(1)), await memberNamed(owner(2))]
    const res = await call(a.app, 'POST', `${api}/committee/meetings`, {
      cookie: await staff(convener),
      body: {
        title: '第一届业主委员会第一次会议',
        heldAt: '2027-01-09T02:00:00Z',
        items: [
          { kind: 'elect_officers', officers: { chair: m1.id, viceChairs: [m2.id] } },
          { kind: 'resolution', title: '续聘物业服务企业的意见', body: '提请业主大会表决。' },
        ],
      },
    })
    expect(res.status).toBe(201)
    firstMeeting = ((await res.json()) as { meeting: { id: string } }).meeting.id

    expect((await vote(firstMeeting, 1, 'r1', 'for')).status).toBe(201)
    // Final once confirmed: no second vote on the item, not even the same choice.
    expect(await code(await vote(firstMeeting, 1, 'r1', 'against'))).toEqual({
      status: 409,
      code: 'committee_vote_exists',
    })
    // 业主03's options signed with 业主04's passkey: refused, nothing stored.
    expect(await code(await vote(firstMeeting, 3, 'r1', 'for', phoneOf(4).phone))).toEqual({
      status: 400,
      code: 'passkey_failed',
    })
    // An alternate is not a member; nor is the convener.
    expect(await code(await vote(firstMeeting, 6, 'r1', 'for'))).toEqual({
      status: 403,
      code: 'not_a_member',
    })
    const byStaff = await call(a.app, 'POST', `${api}/committee/meetings/${firstMeeting}/vote-options`, {
      cookie: await staff(convener),
      body: { itemId: 'r1', choice: 'for' },
    })
    expect(await code(byStaff)).toEqual({ status: 403, code: 'not_a_member' })
    expect(await code(await vote(firstMeeting, 2, 'r9', 'for'))).toEqual({
      status: 404,
      code: 'committee_item_not_found',
    })

    // The member's own page: the open meeting, its items, and her vote as confirmed; others see no seat.
    const mine = (await json(
      await call(a.app, 'GET', `${api}/committee/me`, { cookie: await signInPhone(a, phoneOf(1).phone) }),
    )) as {
      member: { name: string }
      meetings: { id: string; items: { id: string; myVote: string | null }[] }[]
    }
    expect(mine.member.name).toBe(owner(1))
    expect(mine.meetings.map((m) => [m.id, m.items.map((i) => [i.id, i.myVote])])).toEqual([
      [
        firstMeeting,
        [
          ['r1', 'for'],
          ['r2', null],
        ],
      ],
    ])
    expect(
      await code(
        await call(a.app, 'GET', `${api}/committee/me`, { cookie: await signInPhone(a, phoneOf(6).phone) }),
      ),
    ).toEqual({ status: 403, code: 'not_a_member' })

    expect((await vote(firstMeeting, 2, 'r1', 'for')).status).toBe(201)
    expect((await vote(firstMeeting, 3, 'r1', 'for')).status).toBe(201)
    // r2: 2 for and 2 against — half of those who voted, 2 of the 5 seats: not passed.
    for (const [i, c] of [
      [1, 'for'],
      [2, 'for'],
      [3, 'against'],
      [4, 'against'],
      [5, 'abstain'],
    ] as const)
      expect((await vote(firstMeeting, i, 'r2', c)).status).toBe(201)
    // Two confirmations of one member's vote on one item at once (two prepared options, both signed): one stored.
    const cookie4 = await signInPhone(a, phoneOf(4).phone)
    const base = `${api}/committee/meetings/${firstMeeting}`
    const signedTwice = await Promise.all(
      [0, 1].map(async () => {
        const prepared = (await json(
          await call(a.app, 'POST', `${base}/vote-options`, {
            cookie: cookie4,
            body: { itemId: 'r1', choice: 'abstain' },
          }),
        )) as unknown as {
          vote: { nonce: string }
          options: Parameters<SoftAuthenticator['authenticate']>[0]
        }
        return { nonce: prepared.vote.nonce, response: phoneOf(4).phone.authenticate(prepared.options) }
      }),
    )
    const raced = await Promise.all(
      signedTwice.map((body) => call(a.app, 'POST', `${base}/votes`, { cookie: cookie4, body })),
    )
    expect(raced.map((r) => r.status).filter((s) => s === 201)).toHaveLength(1)
    const member4 = await memberNamed(owner(4))
    const stored4 = await t.db
      .selectFrom('committee_votes')
      .select('choice')
      .where('meeting_id', '=', firstMeeting)
      .where('item_id', '=', 'r1')
      .where('member_id', '=', member4.id)
      .execute()
    expect(stored4).toEqual([{ choice: 'abstain' }])
    // A confirmed vote cannot be changed even with the database.
    await expect(t.db.updateTable('committee_votes').set({ choice: 'against' }).execute()).rejects.toThrow(
      /final/,
    )
  })

  it('closes: 3 of 5 passes and sets chair and vice-chair; 2 of 5 fails; the seating clock is met', async () => {
    const cc = await staff(convener)
    const base = `${api}/committee/meetings/${firstMeeting}`
    const present = (await view()).members.map((m) => m.id)
    expect((await call(a.app, 'PUT', `${base}/attendance`, { cookie: cc, body: { present } })).status).toBe(
      200,
    )
    expect(
      await code(await call(a.app, 'POST', `${base}/publication`, { cookie: cc, body: { minutes: '纪要' } })),
    ).toEqual({
      status: 409,
      code: 'committee_meeting_not_closed',
    })
    const closed = await call(a.app, 'POST', `${base}/close`, { cookie: cc })
    expect(closed.status).toBe(200)
    const body = (await closed.json()) as {
      items: { outcome: string; count: { for: number; needed: number } }[]
    }
    expect(body.items.map((i) => [i.outcome, i.count.for, i.count.needed])).toEqual([
      ['passed', 3, 3],
      ['rejected', 2, 3],
    ])
    expect(await code(await call(a.app, 'POST', `${base}/close`, { cookie: cc }))).toEqual({
      status: 409,
      code: 'committee_meeting_closed',
    })
    expect(await code(await vote(firstMeeting, 4, 'r1', 'for'))).toEqual({
      status: 409,
      code: 'committee_meeting_closed',
    })
    const term = await view()
    expect(term.members.map((m) => m.role)).toEqual(['chair', 'vice_chair', 'member', 'member', 'member'])
    expect(term.clocks.seating).toMatchObject({ state: 'done', late: false })
  })

  it('publishes resolutions and minutes within 3 days, once, as a notice nobody can edit', async () => {
    // Closed on 9 January: due by 24:00 on 12 January.
    setNow('2027-01-12T15:59:00Z')
    expect((await view()).clocks.publications[0]).toMatchObject({ state: 'running', daysLeft: 1 })
    setNow('2027-01-12T16:00:00Z')
    expect((await view()).clocks.publications[0]).toMatchObject({ state: 'overdue', daysOver: 1 })
    setNow('2027-01-12T10:00:00Z')
    const cc = await staff(convener)
    const base = `${api}/committee/meetings/${firstMeeting}`
    const published = await call(a.app, 'POST', `${base}/publication`, {
      cookie: cc,
      body: { minutes: '会议选举主任、副主任；讨论续聘物业服务企业。' },
    })
    expect(published.status).toBe(201)
    const { noticeId } = (await published.json()) as { noticeId: string }
    expect(
      await code(await call(a.app, 'POST', `${base}/publication`, { cookie: cc, body: { minutes: 'x' } })),
    ).toEqual({
      status: 409,
      code: 'committee_notice_exists',
    })
    expect((await view()).clocks.publications[0]).toMatchObject({ state: 'done', late: false })
    const notice = (await json(await call(a.app, 'GET', `${api}/committee/notices/${noticeId}`))) as {
      notice: {
        kind: string
        sha256: string
        body: { items: { outcome: string; votes: unknown[] }[]; present: string[] }
      }
    }
    expect(notice.notice.kind).toBe('resolutions')
    expect(notice.notice.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(notice.notice.body.items.map((i) => i.outcome)).toEqual(['passed', 'rejected'])
    expect(notice.notice.body.present).toHaveLength(5)
    await expect(t.db.updateTable('committee_notices').set({ title: '改' }).execute()).rejects.toThrow(
      /never edited/,
    )
    await expect(t.db.deleteFrom('committee_notices').execute()).rejects.toThrow(/never edited/)
  })
})

describe('vacancies: the first alternate still an owner takes the seat; below half, nothing is decided', () => {
  it('refuses a loss of ownership the roll does not show', async () => {
    const m1 = await memberNamed(owner(1))
    const res = await call(a.app, 'POST', `${api}/committee/vacancies`, {
      cookie: await staff(convener),
      body: { reason: 'lost_ownership', memberId: m1.id },
    })
    expect(await code(res)).toEqual({ status: 409, code: 'member_still_owner' })
  })

  it('fills a resignation from the second alternate when the first is no longer an owner', async () => {
    setNow('2027-02-01T02:00:00Z')
    // 1-106 is sold: 业主06, the first alternate, owns nothing on the roll now.
    await importOwners((i) => (i === 6 ? rollLine(6, '新业主06', '6606') : rollLine(i)))
    const m1 = await memberNamed(owner(1))
    const res = await call(a.app, 'POST', `${api}/committee/vacancies`, {
      cookie: await staff(convener),
      body: { reason: 'resigned', memberId: m1.id, on: '2027-01-31' },
    })
    expect(res.status).toBe(200)
    const term = await view()
    expect(term.members.map((m) => [m.seat, m.name, m.role])).toEqual([
      [1, owner(7), 'member'],
      [2, owner(2), 'vice_chair'],
      [3, owner(3), 'member'],
      [4, owner(4), 'member'],
      [5, owner(5), 'member'],
    ])
    expect(term.alternates.map((x) => x.status)).toEqual(['lapsed', 'seated'])
    expect(term.vacancies).toEqual([
      { seat: 1, name: owner(1), reason: 'resigned', on: '2027-01-31', at: expect.any(String) },
    ])
    const notices = (await json(await call(a.app, 'GET', `${api}/committee/notices`))) as {
      notices: { kind: string; title: string }[]
    }
    expect(notices.notices[0]).toMatchObject({
      kind: 'vacancy',
      title: '第1届业主委员会委员变更公告：业主07递补',
    })
  })

  it('removes a member by the assembly’s matter that approved it, never one it did not', async () => {
    const cc = await staff(convener)
    const remove = async (name: string) =>
      call(a.app, 'POST', `${api}/committee/vacancies`, {
        cookie: cc,
        body: { reason: 'removed', memberId: (await memberNamed(name)).id, meetingId, matterId: 'q4' },
      })
    // 7 of 15: not more than half.
    expect(await code(await remove(owner(4)))).toEqual({ status: 422, code: 'removal_not_passed' })
    expect((await remove(owner(5))).status).toBe(200)
    const term = await view()
    expect(term).toMatchObject({ filled: 4, vacantSeats: 1, canDecide: true, earlyReelectionDue: false })
  })

  it('takes a loss of ownership from the roll, and below half refuses votes and meetings (上海 art. 32)', async () => {
    const cc = await staff(convener)
    const scheduled = await call(a.app, 'POST', `${api}/committee/meetings`, {
      cookie: cc,
      body: {
        title: '第二次会议',
        heldAt: '2027-02-05T02:00:00Z',
        items: [{ kind: 'resolution', title: '议题' }],
      },
    })
    expect(scheduled.status).toBe(201)
    secondMeeting = ((await scheduled.json()) as { meeting: { id: string } }).meeting.id
    // 1-102 is sold: 业主02 is no longer an owner; no alternate is left.
    await importOwners((i) =>
      i === 6 ? rollLine(6, '新业主06', '6606') : i === 2 ? rollLine(2, '新业主02', '6602') : rollLine(i),
    )
    const lost = await call(a.app, 'POST', `${api}/committee/vacancies`, {
      cookie: cc,
      body: { reason: 'lost_ownership', memberId: (await memberNamed(owner(2))).id },
    })
    expect(lost.status).toBe(200)
    // 3 of 5 seats filled: still more than half… until one more resigns.
    expect(await view()).toMatchObject({ filled: 3, canDecide: true })
    const resigned = await call(a.app, 'POST', `${api}/committee/vacancies`, {
      cookie: cc,
      body: { reason: 'resigned', memberId: (await memberNamed(owner(3))).id, on: '2027-02-01' },
    })
    expect(resigned.status).toBe(200)
    expect(await view()).toMatchObject({
      filled: 2,
      vacantSeats: 3,
      canDecide: false,
      earlyReelectionDue: true,
    })
    expect(await code(await vote(secondMeeting, 4, 'r1', 'for'))).toEqual({
      status: 409,
      code: 'committee_below_half',
    })
    const again = await call(a.app, 'POST', `${api}/committee/meetings`, {
      cookie: cc,
      body: {
        title: '第三次会议',
        heldAt: '2027-02-06T02:00:00Z',
        items: [{ kind: 'resolution', title: '议题' }],
      },
    })
    expect(await code(again)).toEqual({ status: 409, code: 'committee_below_half' })
    const closed = (await json(
      await call(a.app, 'POST', `${api}/committee/meetings/${secondMeeting}/close`, { cookie: cc }),
    )) as { items: { outcome: string }[] }
    expect(closed.items.map((i) => i.outcome)).toEqual(['below_half'])
  })
})
