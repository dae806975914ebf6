import { beforeAll, describe, expect, it } from 'vitest'
import { SoftAuthenticator } from '../../server/demo/soft-authenticator'
import {
  activateOwner,
  call,
  ORIGIN,
  sessionCookie,
  demoDb,
  enrolStaff,
  inviteUnit,
  type SignedIn,
} from '../support'
import { electOfficers } from '../support/committee'
import { makeFinal } from '../support/formation'
import { stage } from '../support/stage'
import { ownersWithPasskeys } from '../support/voters'

/**
 * Forming the first assembly and a re-election through the API (domain §§7–8), as one estate's story on one
 * database: the street office records the application and forms the group, the group publishes its members and
 * designates its first meeting, the outcome is read from the final meeting, the filing dissolves the group; then a
 * re-election group locks the major matters (上海 art. 28) until its own filing. The clock is the request's: each
 * step sets `s.now`. A first meeting's voting itself is meetings.test.ts's: here the meeting is made final in the
 * database with the results an election would have stored.
 */

/** An instant as China wall-clock time (UTC+8). */
const cst = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(Date.UTC(y, mo - 1, d, h - 8, mi))

const s = stage({ db: demoDb, at: cst(2026, 12, 1, 10), wide: true })
let street: SignedIn
let convener: SignedIn
let supervisor: SignedIn
let owner: SignedIn
/** The owners' representative enrolled from the group's link (a convener while the group exists). */
let member: SignedIn | undefined
const estateApi = '/api/estates/jinxiu'
const base = `${estateApi}/formation`
const meetings = `${estateApi}/meetings`

beforeAll(async () => {
  street = await enrolStaff(s.a, s.t.db, 'street_office', 'jinxiu', '街道 王主任', s.now)
  convener = await enrolStaff(s.a, s.t.db, 'convener', 'jinxiu', '召集人', s.now)
  supervisor = await enrolStaff(s.a, s.t.db, 'supervisor', 'jinxiu', '居委会', s.now)
  owner = await activateOwner(s.a, await inviteUnit(s.t.db, 'jinxiu', '1-1-101', s.now), '潘芳', '9839')
})

/** Moves the clock; the sessions (8 hours) are signed in again at the new time, as people would. */
async function at(date: Date) {
  s.now = date
  const again = async (p: SignedIn) => ({ ...p, cookie: await s.fresh(p) })
  street = await again(street)
  convener = await again(convener)
  supervisor = await again(supervisor)
  owner = await again(owner)
  if (member) member = await again(member)
}

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
const send = async (who: SignedIn | undefined, method: string, path: string, body?: unknown) => {
  const res = await call(s.a.app, method, path, {
    ...(who ? { cookie: who.cookie } : {}),
    ...(body === undefined ? {} : { body }),
  })
  return { status: res.status, body: (await res.json()) as Json }
}
const view = async (who: SignedIn = street) => (await send(who, 'GET', base)).body.formation as Json
const publicView = async () => (await send(undefined, 'GET', `${base}/public`)).body.formation as Json
const clockOf = (f: Json, name: string) => (f.clocks as Json[]).find((c) => c.name === name)
const count = async (table: 'formation_groups' | 'formation_applications' | 'accounts' | 'audit_log') =>
  Number(
    (
      await s.t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
const liveGrants = async (accountId: string) =>
  (
    await s.t.db
      .selectFrom('role_grants')
      .select('role')
      .where('account_id', '=', accountId)
      .where('revoked_at', 'is', null)
      .execute()
  ).map((g) => g.role)

const members = (extra: Json[] = []) => [
  { name: '王主任', kind: 'street_office', leader: true, accountId: street.accountId, phone: '13900000001' },
  { name: '李经理', kind: 'developer' },
  { name: '赵书记', kind: 'residents_committee' },
  { name: '潘芳', kind: 'owner_representative', unit: '1-1-101', enroll: true, phone: '13900000002' },
  { name: '段文杰', kind: 'owner_representative', unit: '1-1-102' },
  { name: '黎海燕', kind: 'owner_representative', unit: '1-1-103' },
  { name: '雷军', kind: 'owner_representative', unit: '7-2-601' },
  ...extra,
]

const candidates = ['1-1-101:潘芳', '1-1-102:段文杰', '1-1-103:黎海燕', '7-2-601:雷军', '1-1-201:袁勇'].map(
  (s) => {
    const [unit, name] = s.split(':')
    return {
      unit,
      name,
      statement: '',
      eligibility: { fullCapacity: true, noArrears: true, notPropertyStaff: true },
    }
  },
)
const firstMeeting = (opensAt: Date, matters?: Json[]) => ({
  title: '首次业主大会会议',
  opensAt: opensAt.toISOString(),
  closesAt: new Date(opensAt.getTime() + 10 * 86_400_000).toISOString(),
  matters: matters ?? [
    { kind: 'rules_of_procedure', title: '业主大会议事规则', body: '' },
    { kind: 'management_covenant', title: '管理规约', body: '' },
    { kind: 'elect_committee', title: '选举第一届业主委员会', seats: 5, candidates },
  ],
})
const designation = (meetingId: string) => ({
  meetingId,
  rulesOfProcedure: 'q1',
  managementCovenant: 'q2',
  election: 'q3',
})

/** The committee's term made from a final election's q3 by the convener (domain §8). */
const makeTerm = async (number: number, electionMeetingId: string, endsOn: string) =>
  (
    await send(convener, 'POST', `${estateApi}/committee/terms`, {
      meetingId: electionMeetingId,
      matterId: 'q3',
      number,
      endsOn,
    })
  ).status
/** Three of the elected members' phones, with which they confirm their committee votes (made once). */
let phones: SoftAuthenticator[] | undefined
async function committeePhones(): Promise<SoftAuthenticator[]> {
  phones ??= [
    owner.phone,
    ...(await ownersWithPasskeys(s.t.db, 'jinxiu', { units: ['1-1-102', '1-1-103'], now: s.now })).map(
      (o) => o.phone,
    ),
  ]
  return phones
}

let someUnits: string[]
let enrolledAccount: string
let meetingId: string

describe('the application (domain §7.1)', () => {
  it('refuses everyone but the street office', async () => {
    const body = { applicant: 'owners', appliedOn: '2026-11-20', units: ['1-1-101'] }
    expect((await send(undefined, 'POST', `${base}/applications`, body)).status).toBe(401)
    for (const who of [convener, supervisor, owner])
      expect((await send(who, 'POST', `${base}/applications`, body)).status).toBe(403)
  })

  it('refuses units no owner holds and a date after today, writing nothing', async () => {
    const before = await count('formation_applications')
    const unknown = await send(street, 'POST', `${base}/applications`, {
      applicant: 'owners',
      appliedOn: '2026-11-20',
      units: ['1-1-101', '99-9-999'],
    })
    expect(unknown).toMatchObject({
      status: 400,
      body: { error: { code: 'unit_not_found', details: { units: ['99-9-999'] } } },
    })
    const future = await send(street, 'POST', `${base}/applications`, {
      applicant: 'developer',
      appliedOn: '2026-12-02',
    })
    expect(future.body.error.code).toBe('formation_date_invalid')
    const malformed = await send(street, 'POST', `${base}/applications`, {
      applicant: 'owners',
      appliedOn: '2026-02-30',
    })
    expect(malformed.body.error.code).toBe('invalid_request')
    expect(await count('formation_applications')).toBe(before)
  })

  it('records an owners’ application with its share on both dimensions and the 北京 conditions', async () => {
    someUnits = (
      await s.t.db
        .selectFrom('units')
        .select('number')
        .where('estate_id', '=', 'jinxiu')
        .where('developer_held', '=', 0)
        .orderBy('number')
        .limit(60)
        .execute()
    ).map((u) => u.number)
    const res = await send(street, 'POST', `${base}/applications`, {
      applicant: 'owners',
      appliedOn: '2026-11-20',
      units: someUnits,
    })
    expect(res.status).toBe(201)
    const share = res.body.application.share
    expect(share.owners.num).toBeGreaterThan(0)
    expect(share.owners.num).toBeLessThanOrEqual(60)
    expect(share.area.den).toBeGreaterThan(share.area.num)
    expect(share.ownersCondition.byOwners.threshold).toEqual({ num: 1, den: 20 })
    expect(typeof share.met).toBe('boolean')
    const f = await view()
    expect(f.stage).toBe('applied')
    // 60 days from 20 November (not counted): the last day is 19 January.
    expect(clockOf(f, 'group_formation')).toMatchObject({
      status: 'running',
      lastDay: '2027-01-19',
      daysLeft: 49,
    })
    // The clock at its boundary, read on the public page (the clock only moves for this read): the 60th day
    // (19 January) until 24:00 still runs; from 00:00 on 20 January the group is overdue.
    s.now = cst(2027, 1, 19, 23, 59)
    expect(clockOf(await publicView(), 'group_formation')).toMatchObject({ status: 'running', daysLeft: 0 })
    s.now = cst(2027, 1, 20, 0, 0)
    expect(clockOf(await publicView(), 'group_formation')).toMatchObject({ status: 'overdue' })
    s.now = cst(2026, 12, 1, 10)
  })
})

describe('the preparatory group (domain §7.2)', () => {
  it('refuses a convener, an owner and a supervisor forming a group', async () => {
    for (const who of [convener, owner, supervisor])
      expect(
        (await send(who, 'POST', `${base}/groups`, { kind: 'preparatory', members: members() })).status,
      ).toBe(403)
  })

  it('refuses a composition against 上海 art. 15 with every problem named, writing nothing', async () => {
    const before = {
      groups: await count('formation_groups'),
      accounts: await count('accounts'),
      audit: await count('audit_log'),
    }
    const even = await send(street, 'POST', `${base}/groups`, {
      kind: 'preparatory',
      members: members().filter((m) => m.kind !== 'developer'),
    })
    expect(even.status).toBe(422)
    expect(even.body.error.code).toBe('composition_invalid')
    expect(even.body.error.details.problems.map((p: Json) => p.code)).toEqual([
      'even_member_count',
      'developer_missing',
    ])
    const half = await send(street, 'POST', `${base}/groups`, {
      kind: 'preparatory',
      members: members([
        { name: '另一位', kind: 'developer' },
        { name: '又一位', kind: 'developer' },
      ]),
    })
    expect(half.body.error.details.problems.map((p: Json) => p.code)).toEqual([
      'owner_representatives_below_half',
    ])
    // The enrolled member's account would be made before the unknown account is found: all of it is undone.
    const unknownAccount = await send(street, 'POST', `${base}/groups`, {
      kind: 'preparatory',
      members: members().map((m, i) =>
        i === 4 ? { ...m, accountId: '00000000-0000-4000-8000-000000000000' } : m,
      ),
    })
    expect(unknownAccount).toMatchObject({ status: 404, body: { error: { code: 'account_not_found' } } })
    // A re-election renews a committee: this estate has none yet (domain §8).
    const reelection = await send(street, 'POST', `${base}/groups`, {
      kind: 're_election',
      members: members(),
    })
    expect(reelection).toMatchObject({ status: 409, body: { error: { code: 'assembly_not_formed' } } })
    expect({
      groups: await count('formation_groups'),
      accounts: await count('accounts'),
      audit: await count('audit_log'),
    }).toEqual(before)
  })

  it('forms the group: the members with an account become conveners, the new ones with an enrollment link', async () => {
    const res = await send(street, 'POST', `${base}/groups`, { kind: 'preparatory', members: members() })
    expect(res.status).toBe(201)
    expect(res.body.enrollments).toEqual([
      {
        position: 3,
        name: '潘芳',
        accountId: expect.any(String),
        url: expect.stringContaining('/enroll/'),
        expiresAt: expect.any(String),
      },
    ])
    enrolledAccount = res.body.enrollments[0].accountId
    expect(await liveGrants(enrolledAccount)).toEqual(['convener'])
    // The member registers a passkey from the link, as the staff page's colleagues do, and works as a convener.
    const token = (res.body.enrollments[0].url as string).split('/enroll/')[1]
    const phone = new SoftAuthenticator(ORIGIN)
    const options = (await send(undefined, 'POST', '/api/enrollment/options', { token })).body.options
    const enrolled = await call(s.a.app, 'POST', '/api/enrollment', {
      body: { response: phone.register(options) },
    })
    expect(enrolled.status).toBe(201)
    member = { cookie: sessionCookie(enrolled), accountId: enrolledAccount, phone }
    expect((await send(member, 'GET', '/api/estates/jinxiu/invitations')).status).toBe(200)
    expect((await liveGrants(street.accountId)).sort()).toEqual(['convener', 'street_office'])
    // The leader works as a convener in the same session at once.
    expect((await send(street, 'GET', '/api/estates/jinxiu/invitations')).status).toBe(200)
    expect(
      (await send(street, 'POST', `${base}/groups`, { kind: 'preparatory', members: members() })).body.error
        .code,
    ).toBe('group_exists')

    const f = await view()
    expect(f.stage).toBe('group_formed')
    expect(clockOf(f, 'group_formation')).toMatchObject({ status: 'met' })
    expect(clockOf(f, 'member_list')).toMatchObject({ status: 'running', lastDay: '2026-12-08', daysLeft: 7 })
    expect(clockOf(f, 'first_meeting')).toMatchObject({ status: 'running', lastDay: '2027-03-01' })
    expect(f.group.members[0]).toMatchObject({ name: '王主任', leader: true, phone: '13900000001' })
    // The audit log has the group without phone numbers.
    const entry = await s.t.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('action', '=', 'formation.group_formed')
      .executeTakeFirstOrThrow()
    expect(entry.after_json).not.toContain('13900000001')
  })

  it('keeps the member list off the public page until it is published, then shows full names and no phones', async () => {
    expect((await publicView()).group.members).toBeNull()
    // Day 7 (8 December) at 23:59 the clock still runs; at 00:00 on 9 December it is overdue.
    await at(cst(2026, 12, 8, 23, 59))
    expect(clockOf(await view(), 'member_list')).toMatchObject({ status: 'running', daysLeft: 0 })
    await at(cst(2026, 12, 9, 0, 0))
    expect(clockOf(await view(), 'member_list')).toMatchObject({ status: 'overdue' })
    await at(cst(2026, 12, 8, 18))
    expect((await send(owner, 'POST', `${base}/members-publication`)).status).toBe(403)
    expect((await send(street, 'POST', `${base}/members-publication`)).status).toBe(200)
    expect((await send(street, 'POST', `${base}/members-publication`)).body.error.code).toBe(
      'step_already_recorded',
    )
    const pub = await publicView()
    expect(clockOf(pub, 'member_list')).toMatchObject({ status: 'met' })
    expect(pub.group.members.map((m: Json) => m.name)).toEqual([
      '王主任',
      '李经理',
      '赵书记',
      '潘芳',
      '段文杰',
      '黎海燕',
      '雷军',
    ])
    expect(JSON.stringify(pub)).not.toContain('1390000000')
    expect(pub.group.members.some((m: Json) => 'unit' in m)).toBe(false)
    expect(pub.application.units).toBeUndefined()
  })
})

describe('the first meeting (domain §7.3–7.4)', () => {
  it('designates a draft and its matters; refuses wrong kinds and other estates’ or noticed meetings', async () => {
    const created = await send(street, 'POST', meetings, firstMeeting(cst(2026, 12, 20)))
    expect(created.status).toBe(201)
    meetingId = created.body.meeting.id
    expect((await send(owner, 'PUT', `${base}/first-meeting`, designation(meetingId))).status).toBe(403)
    const wrong = await send(street, 'PUT', `${base}/first-meeting`, {
      ...designation(meetingId),
      rulesOfProcedure: 'q2',
      managementCovenant: 'q1',
    })
    expect(wrong.body.error).toMatchObject({ code: 'first_meeting_invalid' })
    expect(wrong.body.error.details.problems.map((p: Json) => p.code)).toEqual([
      'matter_kind_wrong',
      'matter_kind_wrong',
    ])
    const res = await send(street, 'PUT', `${base}/first-meeting`, designation(meetingId))
    expect(res.status).toBe(200)
    expect(res.body.formation.stage).toBe('first_meeting_designated')
    expect(res.body.formation.firstMeeting).toMatchObject({
      id: meetingId,
      status: 'draft',
      matters: { rulesOfProcedure: 'q1', managementCovenant: 'q2', election: 'q3' },
    })
    // 8 December: too late to publish for voting on 20 December (the last day was the 4th).
    expect(clockOf(res.body.formation, 'publication')).toMatchObject({
      status: 'overdue',
      lastDay: '2026-12-04',
    })
  })

  it('refuses the notice when voting would open less than 15 days after it, with its own code', async () => {
    // Noticed on 8 December, voting on 20 December: 12 days.
    const late = await send(street, 'POST', `${meetings}/${meetingId}/notice`)
    expect(late).toMatchObject({ status: 422, body: { error: { code: 'first_meeting_publication_late' } } })
    expect(late.body.error.details.earliest).toBe(cst(2026, 12, 24).toISOString())
    // An edit that moves the designated matters is refused at the notice: they must be designated again.
    const moved = firstMeeting(cst(2026, 12, 24))
    moved.matters = [moved.matters[1], moved.matters[0], moved.matters[2]] as Json[]
    expect((await send(street, 'PUT', `${meetings}/${meetingId}`, moved)).status).toBe(200)
    const stale = await send(street, 'POST', `${meetings}/${meetingId}/notice`)
    expect(stale).toMatchObject({ status: 422, body: { error: { code: 'first_meeting_invalid' } } })
    expect(
      (await send(street, 'PUT', `${meetings}/${meetingId}`, firstMeeting(cst(2026, 12, 24)))).status,
    ).toBe(200)
    const ok = await send(street, 'POST', `${meetings}/${meetingId}/notice`)
    expect(ok.status).toBe(200)
    const f = await view()
    expect(clockOf(f, 'publication')).toMatchObject({ status: 'met', lastDay: '2026-12-08' })
    const other = await send(street, 'POST', meetings, firstMeeting(cst(2027, 1, 30)))
    expect(
      (await send(street, 'PUT', `${base}/first-meeting`, designation(other.body.meeting.id))).body.error
        .code,
    ).toBe('first_meeting_fixed')
  })

  it('records a failed first meeting with its reasons, once, and lets the group designate another', async () => {
    await at(cst(2027, 1, 20, 9))
    await makeFinal(s.t.db, meetingId, { rules: false, committee: false }, cst(2027, 1, 19, 15))
    const f = await view()
    expect(f.stage).toBe('meeting_failed')
    expect(f.outcome.outcome).toBe('failed')
    expect(f.outcome.reasons.map((r: Json) => r.code)).toEqual([
      'rules_of_procedure_not_passed',
      'committee_not_formed',
    ])
    expect(clockOf(f, 'first_meeting')).toMatchObject({ status: 'met' })
    await view()
    const entries = await s.t.db
      .selectFrom('audit_log')
      .select('actor')
      .where('action', '=', 'formation.outcome_recorded')
      .execute()
    expect(entries).toEqual([{ actor: 'system:formation' }])
    expect(
      (await send(street, 'POST', `${base}/filing`, { officeAddress: '锦绣苑 1 号楼 102 室' })).body.error
        .code,
    ).toBe('assembly_not_formed')
    const second = await send(street, 'POST', meetings, firstMeeting(cst(2027, 2, 10)))
    meetingId = second.body.meeting.id
    expect((await send(street, 'PUT', `${base}/first-meeting`, designation(meetingId))).status).toBe(200)
    expect((await view()).outcome).toBeNull()
  })

  it('records the assembly formed, and runs the seating, announcement and filing clocks from the election', async () => {
    expect((await send(street, 'POST', `${meetings}/${meetingId}/notice`)).status).toBe(200)
    await at(cst(2027, 3, 1, 9))
    await makeFinal(s.t.db, meetingId, { rules: true, committee: true }, cst(2027, 2, 28, 15))
    const f = await publicView()
    expect(f.stage).toBe('assembly_formed')
    expect(f.outcome).toMatchObject({ outcome: 'assembly_formed', elected: ['c1', 'c2', 'c3', 'c4', 'c5'] })
    // Elected members by name: masked on the public page, as the meeting's results are; in full for the staff.
    expect(f.firstMeeting.candidateNames.c1).toBe('潘*')
    expect((await view()).firstMeeting.candidateNames.c1).toBe('潘芳')
    expect(clockOf(f, 'announcement')).toMatchObject({
      status: 'running',
      lastDay: '2027-03-03',
      daysLeft: 2,
    })
    expect(clockOf(f, 'seating')).toMatchObject({ status: 'running', lastDay: '2027-03-07' })
    expect(clockOf(f, 'filing')).toMatchObject({ status: 'running', lastDay: '2027-03-30' })
    // The committee's term made from the election, and its first meeting electing the chair and vice-chair (domain
    // §7.5): the seating clock is met by that resolution, the announcement clock by the members' notice.
    expect(await makeTerm(1, meetingId, '2032-02-28')).toBe(201)
    await electOfficers(s.a, estateApi, convener.cookie, {
      heldAt: cst(2027, 3, 1, 9).toISOString(),
      chair: '潘芳',
      viceChairs: ['段文杰'],
      voters: await committeePhones(),
    })
    expect((await send(convener, 'POST', `${estateApi}/committee/announcement`)).status).toBe(201)
    const seated = await view()
    expect(clockOf(seated, 'announcement')).toMatchObject({ status: 'met' })
    expect(clockOf(seated, 'seating')).toMatchObject({ status: 'met' })
    expect(seated.seating).toMatchObject({ seatedOn: '2027-03-01', chair: '潘芳', viceChairs: ['段文杰'] })
  })
})

describe('the filing (domain §7.6)', () => {
  const filing = {
    term: 1,
    termStart: '2027-02-28',
    termEnd: '2032-02-28',
    chair: '潘芳',
    officeAddress: '锦绣苑 1 号楼物业用房 102 室',
  }

  it('refuses a convener, and a term other than the committee’s, writing nothing', async () => {
    expect((await send(convener, 'POST', `${base}/filing`, filing)).status).toBe(403)
    const long = await send(street, 'POST', `${base}/filing`, { ...filing, termEnd: '2032-03-02' })
    expect(long).toMatchObject({ status: 422, body: { error: { code: 'filing_contradicts_term' } } })
    expect(long.body.error.details.contradictions).toEqual([
      { field: 'termEnd', typed: '2032-03-02', recorded: '2032-02-28' },
    ])
    expect((await view()).filing).toBeNull()
  })

  it('files on day 30, dissolves the group and revokes the members’ convener roles', async () => {
    await at(cst(2027, 3, 30, 23))
    const res = await send(street, 'POST', `${base}/filing`, filing)
    expect(res.status).toBe(200)
    const f = res.body.formation
    expect(f.stage).toBe('filed')
    expect(f.group.live).toBe(false)
    expect(clockOf(f, 'filing')).toMatchObject({ status: 'met' })
    expect(await liveGrants(enrolledAccount)).toEqual([])
    expect(await liveGrants(street.accountId)).toEqual(['street_office'])
    // The member had no other role: signed out, as the staff page's removal does.
    expect((await send(member, 'GET', '/api/me')).status).toBe(401)
    member = undefined
    // The street office keeps its session and its own role; the group's convener work is gone.
    expect((await send(street, 'GET', base)).status).toBe(200)
    expect((await send(street, 'GET', '/api/estates/jinxiu/invitations')).status).toBe(200)
    expect((await send(street, 'POST', meetings, firstMeeting(cst(2027, 5, 1)))).status).toBe(403)
    expect((await send(street, 'POST', `${base}/filing`, filing)).body.error.code).toBe('formation_not_found')
    // The assembly exists: a second preparatory group is refused; a re-election group is what follows.
    const again = await send(street, 'POST', `${base}/groups`, { kind: 'preparatory', members: members() })
    expect(again.body.error.code).toBe('group_exists')
  })
})

describe('a re-election (domain §8, 上海 arts. 28–29)', () => {
  const lockedDraft = () =>
    firstMeeting(cst(2027, 6, 1), [{ kind: 'property_manager', title: '续聘物业服务企业', body: '' }])

  it('locks the major matters from the re-election group’s formation: drafts, edits and notices are refused', async () => {
    await at(cst(2027, 4, 1, 10))
    const before = await send(
      convener,
      'POST',
      meetings,
      firstMeeting(cst(2027, 6, 1), [{ kind: 'other_major', title: '增设充电桩', body: '' }]),
    )
    expect(before.status).toBe(201)
    const group = await send(street, 'POST', `${base}/groups`, {
      kind: 're_election',
      members: members().map((m) => ({ ...m, enroll: false })),
    })
    expect(group.status).toBe(201)
    const refused = await send(convener, 'POST', meetings, lockedDraft())
    expect(refused).toMatchObject({ status: 422, body: { error: { code: 'reelection_lock' } } })
    expect(refused.body.error.message).toContain('续聘物业服务企业')
    expect(refused.body.error.message).toContain('上海 art. 28')
    const election = await send(
      convener,
      'POST',
      meetings,
      firstMeeting(cst(2027, 6, 1), [{ kind: 'elect_committee', title: '换届选举', seats: 5, candidates }]),
    )
    expect(election.status).toBe(201)
    const edit = await send(convener, 'PUT', `${meetings}/${election.body.meeting.id}`, lockedDraft())
    expect(edit.body.error.code).toBe('reelection_lock')
    const notice = await send(convener, 'POST', `${meetings}/${before.body.meeting.id}/notice`)
    expect(notice.body.error.code).toBe('reelection_lock')
    expect((await view()).reelectionLock.kinds).toContain('property_manager')
  })

  it('keeps the handover checklist with its 10-day clock', async () => {
    expect(clockOf(await view(), 'handover')).toMatchObject({
      status: 'running',
      lastDay: '2027-04-11',
      daysLeft: 10,
    })
    expect((await send(owner, 'POST', `${base}/handover/records`, { doneOn: '2027-04-01' })).status).toBe(403)
    await at(cst(2027, 4, 11, 20))
    for (const item of ['records', 'seals', 'roll'])
      expect(
        (
          await send(street, 'POST', `${base}/handover/${item}`, {
            doneOn: item === 'roll' ? '2027-04-11' : '2027-04-05',
          })
        ).status,
      ).toBe(200)
    expect(
      (await send(street, 'POST', `${base}/handover/seals`, { doneOn: '2027-04-06' })).body.error.code,
    ).toBe('step_already_recorded')
    expect((await send(street, 'POST', `${base}/handover/keys`, { doneOn: '2027-04-06' })).status).toBe(400)
    const f = await view()
    expect(f.handover).toEqual([
      { item: 'records', doneOn: '2027-04-05' },
      { item: 'seals', doneOn: '2027-04-05' },
      { item: 'roll', doneOn: '2027-04-11' },
    ])
    expect(clockOf(f, 'handover')).toMatchObject({ status: 'met' })
  })

  it('lifts the lock once the new term is filed', async () => {
    const re = await send(street, 'POST', meetings, firstMeeting(cst(2027, 5, 10)))
    expect((await send(street, 'PUT', `${base}/first-meeting`, designation(re.body.meeting.id))).status).toBe(
      200,
    )
    expect((await send(street, 'POST', `${meetings}/${re.body.meeting.id}/notice`)).status).toBe(200)
    await at(cst(2027, 5, 25, 10))
    await makeFinal(s.t.db, re.body.meeting.id, { rules: true, committee: true }, cst(2027, 5, 24, 10))
    expect(await makeTerm(2, re.body.meeting.id, '2030-05-24')).toBe(201)
    await electOfficers(s.a, estateApi, convener.cookie, {
      heldAt: cst(2027, 5, 25, 9).toISOString(),
      chair: '段文杰',
      viceChairs: ['黎海燕'],
      voters: await committeePhones(),
    })
    const filed = await send(street, 'POST', `${base}/filing`, {
      term: 2,
      termStart: '2027-05-24',
      termEnd: '2030-05-24',
      chair: '段文杰',
      officeAddress: '锦绣苑 1 号楼 102 室',
    })
    expect(filed.status).toBe(200)
    expect(filed.body.formation.reelectionLock).toBeNull()
    const draft = await send(
      convener,
      'POST',
      meetings,
      firstMeeting(cst(2027, 6, 20), lockedDraft().matters),
    )
    expect(draft.status).toBe(201)
    expect((await send(convener, 'POST', `${meetings}/${draft.body.meeting.id}/notice`)).status).toBe(200)
  })
})
