import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { DEFAULT_RATE_LIMITS } from '../../server/auth/rate-limit'
import type { SoftAuthenticator } from '../../server/demo/soft-authenticator'
import { FILING_PATHS, INDEX_PATH } from '../../server/services/filing-package'
import {
  call,
  demoDb,
  enrolStaff,
  sessionCookie,
  signIn,
  type tempDb,
  testApp,
  type SignedIn,
  type TestApp,
} from '../support'
import { electOfficers } from '../support/committee'
import { makeFinal } from '../support/formation'
import { clockNamed, cst, sendAs, type Json } from '../support/stage'
import { ownersWithPasskeys, signInPhone } from '../support/voters'
import { unzipEntries } from '../support/zip'

/**
 * Formation joined to the committee through the API (domain §§7.5–7.6, 8), on one database: the first meeting forms
 * the assembly (made final in the database, as formation.test.ts does), the committee's term is made from its
 * election, and from then the committee's own records are formation's — its members' notice meets the announcement
 * clock, its resolution electing the chair and vice-chair meets the seating clock on its meeting's date, and the
 * street office's filing takes 届别, the term and the chair from the term. The members' written undertakings and the
 * training record are recorded for the filing package, whose index lists them.
 */

const api = '/api/estates/jinxiu'
const base = `${api}/formation`

let t: Awaited<ReturnType<typeof tempDb>>
let a: TestApp
let now: Date
let street: SignedIn
let convener: SignedIn
let supervisor: SignedIn
/** 潘芳 (1-1-101), 段文杰 (1-1-102), 黎海燕 (1-1-103): elected members with a passkey each. */
let phones: SoftAuthenticator[]
let meetingId: string

/** Signed in again at the current time (sessions last 8 hours), as people would. */
const cookieOf = async (who: SignedIn) => sessionCookie(await signIn(a, who.phone))
const send = (who: SignedIn | string | undefined, method: string, path: string, body?: unknown) =>
  sendAs(a, who, method, path, body)
const view = async () => (await send(street, 'GET', base)).body.formation as Json
const clockOf = clockNamed
const audits = (action: string) =>
  t.db
    .selectFrom('audit_log')
    .select(['actor', 'after_json'])
    .where('action', '=', action)
    .orderBy('id')
    .execute()

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

beforeAll(async () => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  t = await demoDb()
  now = cst(2026, 12, 1, 10)
  const wide = { points: 10_000, seconds: 60 }
  a = testApp(t.db, {
    now: () => now,
    rateLimits: { ...DEFAULT_RATE_LIMITS, activation: wide, signIn: wide, invitations: wide },
  })
  street = await enrolStaff(a, t.db, 'street_office', 'jinxiu', '街道 王主任', now)
  convener = await enrolStaff(a, t.db, 'convener', 'jinxiu', '召集人', now)
  supervisor = await enrolStaff(a, t.db, 'supervisor', 'jinxiu', '居委会', now)
  phones = (await ownersWithPasskeys(t.db, 'jinxiu', { units: ['1-1-101', '1-1-102', '1-1-103'], now })).map(
    (o) => o.phone,
  )
  const cookie = await cookieOf(street)
  const step = async (method: string, path: string, body?: unknown) => {
    const r = await send(cookie, method, path, body)
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`)
    return r.body
  }
  await step('POST', `${base}/applications`, { applicant: 'developer', appliedOn: '2026-11-20' })
  await step('POST', `${base}/groups`, {
    kind: 'preparatory',
    members: [
      { name: '王主任', kind: 'street_office', leader: true, accountId: street.accountId },
      { name: '李经理', kind: 'developer' },
      { name: '赵书记', kind: 'residents_committee' },
      { name: '潘芳', kind: 'owner_representative', unit: '1-1-101' },
      { name: '段文杰', kind: 'owner_representative', unit: '1-1-102' },
      { name: '黎海燕', kind: 'owner_representative', unit: '1-1-103' },
      { name: '雷军', kind: 'owner_representative', unit: '7-2-601' },
    ],
  })
  const opensAt = cst(2026, 12, 20)
  const created = await step('POST', `${api}/meetings`, {
    title: '首次业主大会会议',
    opensAt: opensAt.toISOString(),
    closesAt: new Date(opensAt.getTime() + 10 * 86_400_000).toISOString(),
    matters: [
      { kind: 'rules_of_procedure', title: '业主大会议事规则', body: '' },
      { kind: 'management_covenant', title: '管理规约', body: '' },
      { kind: 'elect_committee', title: '选举第一届业主委员会', seats: 5, candidates },
    ],
  })
  meetingId = created.meeting.id
  await step('PUT', `${base}/first-meeting`, {
    meetingId,
    rulesOfProcedure: 'q1',
    managementCovenant: 'q2',
    election: 'q3',
  })
  await step('POST', `${api}/meetings/${meetingId}/notice`)
  // The final result at 09:00 on 5 January 2027: the election's periods run from that day (not counted).
  now = cst(2027, 1, 5, 10)
  await makeFinal(t.db, meetingId, { rules: true, committee: true }, cst(2027, 1, 5, 9))
}, 60_000)

afterAll(async () => {
  vi.restoreAllMocks()
  await a.tracker.drain()
  await t.cleanup()
})

const memberId = async (name: string) =>
  ((await view()).committee.members as Json[]).find((m) => m.name === name)?.id as string

describe('before the committee’s term is made from the election', () => {
  it('refuses the filing, the undertakings and the training with filing_term_missing, writing nothing', async () => {
    const f = await view()
    expect(f.stage).toBe('assembly_formed')
    expect(f.committee).toBeNull()
    expect(f.filingDraft).toBeNull()
    const refused = [
      await send(street, 'POST', `${base}/filing`, { officeAddress: '锦绣苑 1 号楼 102 室' }),
      await send(street, 'PUT', `${base}/undertakings/00000000-0000-4000-8000-000000000000`, {
        signedOn: '2027-01-05',
      }),
      await send(street, 'POST', `${base}/training`, {
        heldOn: '2027-01-05',
        topic: '履职培训',
        attendees: ['00000000-0000-4000-8000-000000000000'],
      }),
    ]
    expect(refused.map((r) => [r.status, r.body.error.code])).toEqual([
      [409, 'filing_term_missing'],
      [409, 'filing_term_missing'],
      [409, 'filing_term_missing'],
    ])
    expect((await view()).filing).toBeNull()
  })

  it('prefills the filing from the term once made, and refuses it while the committee has no chair', async () => {
    const made = await send(convener, 'POST', `${api}/committee/terms`, {
      meetingId,
      matterId: 'q3',
      number: 1,
      endsOn: '2032-01-05',
    })
    expect(made.status).toBe(201)
    const f = await view()
    expect(f.committee).toMatchObject({
      number: 1,
      startsOn: '2027-01-05',
      endsOn: '2032-01-05',
      chair: null,
    })
    expect(f.committee.members.map((m: Json) => [m.name, m.role, m.undertakingSignedOn])).toEqual(
      ['潘芳', '段文杰', '黎海燕', '雷军', '袁勇'].map((n) => [n, 'member', null]),
    )
    expect(f.filingDraft).toEqual({ term: 1, termStart: '2027-01-05', termEnd: '2032-01-05', chair: null })
    const noChair = await send(street, 'POST', `${base}/filing`, { officeAddress: '锦绣苑 1 号楼 102 室' })
    expect(noChair).toMatchObject({ status: 409, body: { error: { code: 'filing_chair_missing' } } })
    // The owners' notice shows the term, never the members' units or the undertakings.
    const pub = (await send(undefined, 'GET', `${base}/public`)).body.formation
    expect(pub.committee).toEqual({
      number: 1,
      startsOn: '2027-01-05',
      endsOn: '2032-01-05',
      chair: null,
      viceChairs: [],
    })
    expect(pub.filingDraft).toBeNull()
  })
})

describe('the seating and announcement clocks, met by the committee’s own records (domain §7.5)', () => {
  it('announcement (3 days): overdue from 00:00 on 9 January; the members’ notice at 23:59 on the 8th meets it', async () => {
    now = cst(2027, 1, 9, 0, 0)
    expect(clockOf(await view(), 'announcement')).toMatchObject({ status: 'overdue', lastDay: '2027-01-08' })
    now = cst(2027, 1, 8, 23, 59)
    expect(clockOf(await view(), 'announcement')).toMatchObject({ status: 'running', daysLeft: 0 })
    expect((await send(convener, 'POST', `${api}/committee/announcement`)).status).toBe(201)
    const f = await view()
    expect(clockOf(f, 'announcement')).toMatchObject({ status: 'met', metOn: now.toISOString() })
    expect(f.seating).toMatchObject({
      seatedOn: null,
      announcedAt: now.toISOString(),
      noticeTitle: '第1届业主委员会组成人员公告',
    })
    expect(clockOf(f, 'seating')).toMatchObject({ status: 'running', lastDay: '2027-01-12' })
  })

  it('seating (7 days): overdue from 00:00 on 13 January; a resolution of a meeting held at 23:59 on the 12th meets it, though closed the next morning', async () => {
    now = cst(2027, 1, 13, 0, 0)
    expect(clockOf(await view(), 'seating')).toMatchObject({ status: 'overdue', lastDay: '2027-01-12' })
    now = cst(2027, 1, 12, 23, 59)
    expect(clockOf(await view(), 'seating')).toMatchObject({ status: 'running', daysLeft: 0 })
    now = cst(2027, 1, 13, 9)
    const heldAt = cst(2027, 1, 12, 23, 59).toISOString()
    await electOfficers(a, api, await cookieOf(convener), {
      heldAt,
      chair: '潘芳',
      viceChairs: ['段文杰'],
      voters: phones,
    })
    const f = await view()
    expect(clockOf(f, 'seating')).toMatchObject({ status: 'met', metOn: heldAt })
    // The committee's own page counts the same day: the meeting's, not the morning its result was entered.
    const { term } = (await send(street, 'GET', `${api}/committee`)).body as {
      term: { clocks: { seating: { state: string; dueAt: string; doneAt?: number; late?: boolean } } }
    }
    expect(term.clocks.seating).toMatchObject({ state: 'done', doneAt: Date.parse(heldAt), late: false })
    expect(f.seating).toMatchObject({
      seatedOn: '2027-01-12',
      meetingTitle: '业主委员会第一次会议',
      chair: '潘芳',
      viceChairs: ['段文杰'],
    })
    expect(f.filingDraft).toEqual({ term: 1, termStart: '2027-01-05', termEnd: '2032-01-05', chair: '潘芳' })
    // Nothing to type any more: the seating route is gone.
    expect(
      (
        await send(convener, 'POST', `${base}/seating`, {
          seatedOn: '2027-01-12',
          chair: 'x',
          viceChair: 'y',
        })
      ).status,
    ).toBe(404)
  })
})

describe('the members’ written undertakings and the training record (domain §7.6)', () => {
  it('refuses owners, supervisors and anonymous callers, bad dates and members not of the term, writing nothing', async () => {
    const m = await memberId('潘芳')
    const path = `${base}/undertakings/${m}`
    const ownerCookie = await signInPhone(a, phones[0] as SoftAuthenticator)
    expect((await send(undefined, 'PUT', path, { signedOn: '2027-01-10' })).status).toBe(401)
    expect((await send(ownerCookie, 'PUT', path, { signedOn: '2027-01-10' })).status).toBe(403)
    expect((await send(supervisor, 'PUT', path, { signedOn: '2027-01-10' })).status).toBe(403)
    const bad = [
      await send(street, 'PUT', path, { signedOn: '2027-02-30' }),
      // The day before the election, and the day after today (13 January).
      await send(street, 'PUT', path, { signedOn: '2027-01-04' }),
      await send(street, 'PUT', path, { signedOn: '2027-01-14' }),
      await send(street, 'PUT', `${base}/undertakings/00000000-0000-4000-8000-000000000000`, {
        signedOn: '2027-01-10',
      }),
      await send(street, 'PUT', `${base}/undertakings/not-a-uuid`, { signedOn: '2027-01-10' }),
    ]
    expect(bad.map((r) => [r.status, r.body.error.code])).toEqual([
      [400, 'invalid_request'],
      [422, 'formation_date_invalid'],
      [422, 'formation_date_invalid'],
      [404, 'committee_member_not_found'],
      [400, 'invalid_request'],
    ])
    const training = (body: Json) => send(convener, 'POST', `${base}/training`, body)
    const badTraining = [
      await training({ heldOn: '2027-01-11', topic: '履职培训', attendees: [] }),
      await training({ heldOn: '2027-01-11', topic: '', attendees: [m] }),
      await training({ heldOn: '2027-01-14', topic: '履职培训', attendees: [m] }),
      await training({
        heldOn: '2027-01-11',
        topic: '履职培训',
        attendees: [m, '00000000-0000-4000-8000-000000000000'],
      }),
    ]
    expect(badTraining.map((r) => [r.status, r.body.error.code])).toEqual([
      [400, 'invalid_request'],
      [400, 'invalid_request'],
      [422, 'formation_date_invalid'],
      [404, 'committee_member_not_found'],
    ])
    expect(
      (
        await send(supervisor, 'POST', `${base}/training`, {
          heldOn: '2027-01-11',
          topic: 'x',
          attendees: [m],
        })
      ).status,
    ).toBe(403)
    expect(await audits('formation.undertaking_recorded')).toEqual([])
    expect(await audits('formation.training_recorded')).toEqual([])
    expect((await view()).committee.training).toBeNull()
  })

  it('records four undertakings (street office and convener) and the training once each, audited', async () => {
    for (const [who, name] of [
      [street, '潘芳'],
      [street, '段文杰'],
      [convener, '黎海燕'],
      [convener, '雷军'],
    ] as const) {
      const r = await send(who, 'PUT', `${base}/undertakings/${await memberId(name)}`, {
        signedOn: '2027-01-10',
      })
      expect(r.status).toBe(200)
    }
    const again = await send(street, 'PUT', `${base}/undertakings/${await memberId('潘芳')}`, {
      signedOn: '2027-01-11',
    })
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'step_already_recorded' } } })
    const attendees = [await memberId('潘芳'), await memberId('段文杰'), await memberId('黎海燕')]
    const trained = await send(convener, 'POST', `${base}/training`, {
      heldOn: '2027-01-11',
      topic: '业主委员会履职培训',
      attendees: [...attendees, attendees[0]],
    })
    expect(trained.status).toBe(201)
    expect(trained.body.formation.committee.training).toMatchObject({
      heldOn: '2027-01-11',
      topic: '业主委员会履职培训',
      attendees: [
        { memberId: attendees[0], name: '潘芳' },
        { memberId: attendees[1], name: '段文杰' },
        { memberId: attendees[2], name: '黎海燕' },
      ],
    })
    const twice = await send(street, 'POST', `${base}/training`, {
      heldOn: '2027-01-12',
      topic: '第二次',
      attendees,
    })
    expect(twice).toMatchObject({ status: 409, body: { error: { code: 'step_already_recorded' } } })
    const f = await view()
    expect(f.committee.members.map((m: Json) => [m.name, m.undertakingSignedOn])).toEqual([
      ['潘芳', '2027-01-10'],
      ['段文杰', '2027-01-10'],
      ['黎海燕', '2027-01-10'],
      ['雷军', '2027-01-10'],
      ['袁勇', null],
    ])
    const logged = await audits('formation.undertaking_recorded')
    expect(logged.map((e) => JSON.parse(e.after_json as string).name)).toEqual([
      '潘芳',
      '段文杰',
      '黎海燕',
      '雷军',
    ])
    expect(logged.map((e) => e.actor)).toEqual(
      [street, street, convener, convener].map((p) => `account:${p.accountId}`),
    )
    const training = await audits('formation.training_recorded')
    expect(training).toHaveLength(1)
    expect(JSON.parse(training[0]?.after_json as string)).toMatchObject({ heldOn: '2027-01-11', term: 1 })
  })
})

describe('the filing package and the filing (domain §7.6)', () => {
  it('lists the members with their undertakings, the training record and the published rules in 目录.txt', async () => {
    // The rules of procedure published as a document version (the publications' tables; their routes are not in
    // main yet): the package files its current version, and names the covenants not published 缺.
    await t.db
      .insertInto('documents')
      .values({
        id: 'd0000000-0000-4000-8000-000000000001',
        estate_id: 'jinxiu',
        template: 'rules_of_procedure',
        title: '锦绣苑业主大会议事规则',
        draft_text: '草稿',
        draft_fields_json: '{}',
        created_by: 'test',
        created_at: '2026-12-01T02:00:00.000Z',
        updated_at: '2026-12-01T02:00:00.000Z',
      })
      .execute()
    for (const number of [1, 2])
      await t.db
        .insertInto('document_versions')
        .values({
          document_id: 'd0000000-0000-4000-8000-000000000001',
          number,
          title: '锦绣苑业主大会议事规则',
          text: `第${number}版正文`,
          fields_json: '{}',
          sha256: String(number).repeat(64),
          reason: '',
          published_by: 'test',
          published_at: `2026-12-0${number}T02:00:00.000Z`,
        })
        .execute()
    const res = await call(a.app, 'GET', `${api}/meetings/${meetingId}/filing-package.zip`, {
      cookie: await cookieOf(street),
    })
    expect(res.status).toBe(200)
    const files = await unzipEntries(new Uint8Array(await res.arrayBuffer()))
    const index = (files.get(INDEX_PATH) as Buffer).toString('utf8')
    expect(index).toContain(`${FILING_PATHS.members}\r\n    业主委员会委员名单及书面承诺书`)
    expect(index).toContain('书面承诺书缺 1 份')
    expect(index).toContain(`${FILING_PATHS.training}\r\n    委员培训记录`)
    expect(index).toContain(`${FILING_PATHS.rules_of_procedure}\r\n    业主大会议事规则`)
    expect(index).toContain('第 2 版')
    expect(index).toMatch(/缺 missing: 管理规约/)
    expect(index).toMatch(/缺 missing: 维修资金管理规约/)
    expect(index).not.toMatch(/缺 missing: 业主委员会委员名单/)
    expect(index).not.toMatch(/缺 missing: 委员培训记录/)
    const members = (files.get(FILING_PATHS.members) as Buffer).toString('utf8')
    for (const name of ['潘芳', '段文杰', '黎海燕', '雷军', '袁勇']) expect(members).toContain(name)
    const training = (files.get(FILING_PATHS.training) as Buffer).toString('utf8')
    expect(training).toContain('业主委员会履职培训')
    expect(training).toContain('黎海燕')
    expect((files.get(FILING_PATHS.rules_of_procedure) as Buffer).toString('utf8')).toContain('第2版正文')
    const logged = await audits('filing_package.downloaded')
    expect(JSON.parse(logged.at(-1)?.after_json as string).missing).toEqual([
      'management_covenant',
      'maintenance_fund_covenant',
    ])
  })

  it('refuses typed facts that contradict the term, each named; files from the term with the office address', async () => {
    const wrong = await send(street, 'POST', `${base}/filing`, {
      term: 2,
      termStart: '2027-01-05',
      chair: '段文杰',
      officeAddress: '锦绣苑 1 号楼 102 室',
    })
    expect(wrong).toMatchObject({ status: 422, body: { error: { code: 'filing_contradicts_term' } } })
    expect(wrong.body.error.details.contradictions).toEqual([
      { field: 'term', typed: 2, recorded: 1 },
      { field: 'chair', typed: '段文杰', recorded: '潘芳' },
    ])
    expect((await send(street, 'POST', `${base}/filing`, {})).status).toBe(400)
    expect((await view()).filing).toBeNull()
    const filed = await send(street, 'POST', `${base}/filing`, { officeAddress: '锦绣苑 1 号楼 102 室' })
    expect(filed.status).toBe(200)
    expect(filed.body.formation).toMatchObject({
      stage: 'filed',
      filing: {
        term: 1,
        termStart: '2027-01-05',
        termEnd: '2032-01-05',
        chair: '潘芳',
        officeAddress: '锦绣苑 1 号楼 102 室',
      },
      filingDraft: null,
    })
    expect(clockOf(filed.body.formation, 'filing')).toMatchObject({ status: 'met' })
    const [entry] = await audits('formation.filed')
    expect(JSON.parse(entry?.after_json as string)).toMatchObject({ term: 1, chair: '潘芳' })
  })
})
