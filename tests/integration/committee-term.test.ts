import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { DEFAULT_RATE_LIMITS } from '../../server/auth/rate-limit'
import type { SoftAuthenticator } from '../../server/demo/soft-authenticator'
import { FILING_PATHS } from '../../server/services/filing-package'
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
import { committeeVote, electOfficers } from '../support/committee'
import { makeFinal } from '../support/formation'
import { clockNamed, cst, sendAs, type Json } from '../support/stage'
import { unzipEntries } from '../support/zip'
import { ownersWithPasskeys, signInPhone } from '../support/voters'

/**
 * One estate's committee from its first term to its second, through the API on one database, with a clock the test
 * moves (domain §§5, 7, 8): the first term made from the formation's final election and filed; its resolutions pass
 * with more than half of ALL seats (上海 art. 26); a resignation is filled by the alternate and announced; the
 * re-election reminder starts 6 months before the term ends; the street office forms the re-election group, which
 * locks the matters of 上海 art. 28 and takes over records, seals and roll within 10 days (art. 29); the group's
 * election makes the second term (届别 2), the filing records it, the group dissolves, the lock lifts, and the first
 * term's members no longer sit. At each stage the owners' public answers carry no phone and no full name beside a
 * unit (domain §12).
 */

const api = '/api/estates/jinxiu'
const base = `${api}/formation`

let t: Awaited<ReturnType<typeof tempDb>>
let a: TestApp
let now: Date
let street: SignedIn
let convener: SignedIn

const cookieOf = async (who: SignedIn) => sessionCookie(await signIn(a, who.phone))
const send = (who: SignedIn | undefined, method: string, path: string, body?: unknown) =>
  sendAs(a, who, method, path, body)
const ok = async (who: SignedIn | undefined, method: string, path: string, body?: unknown) => {
  const r = await send(who, method, path, body)
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`)
  return r.body
}
const refusal = async (who: SignedIn, method: string, path: string, body?: unknown) => {
  const r = await send(who, method, path, body)
  return { status: r.status, code: r.body.error?.code as string | undefined }
}
const formation = async () => (await ok(street, 'GET', base)).formation as Json
const term = async (who: SignedIn = convener) => (await ok(who, 'GET', `${api}/committee`)).term as Json
const clockOf = clockNamed

const person = (s: string) => {
  const [unit, name] = s.split(':') as [string, string]
  return { unit, name }
}
/** The first election: 潘芳 … 汤海燕 elected, 高涛 the alternate (makeFinal's c1–c6). */
const FIRST = [
  '1-1-101:潘芳',
  '1-1-102:段文杰',
  '1-1-103:黎海燕',
  '7-2-601:雷军',
  '1-1-202:汤海燕',
  '1-1-203:高涛',
].map(person)
/** The re-election: 潘芳, 高涛 and 汤海燕 again, 方勇 and 史红梅 new. */
const SECOND = ['1-1-101:潘芳', '1-1-203:高涛', '2-1-101:方勇', '2-1-102:史红梅', '1-1-202:汤海燕'].map(
  person,
)
const FULL_NAMES = new Set([...FIRST, ...SECOND].map((p) => p.name))
const candidatesOf = (people: readonly { unit: string; name: string }[]) =>
  people.map((p) => ({
    ...p,
    statement: '',
    eligibility: { fullCapacity: true, noArrears: true, notPropertyStaff: true },
  }))

const phones = new Map<string, SoftAuthenticator>()
const phoneOf = (name: string) => {
  const p = phones.get(name)
  if (!p) throw new Error(`no phone for ${name}`)
  return p
}

/** A meeting of the estate with one matter of `kind`, voting far enough ahead for any notice in the story. */
const oneMatter = (kind: string, title: string, opens: Date) => ({
  title,
  opensAt: opens.toISOString(),
  closesAt: new Date(opens.getTime() + 10 * 86_400_000).toISOString(),
  matters: [{ kind, title, body: '' }],
})

/**
 * The first meeting: the rules, the covenant and the election of 5 (makeFinal's q1–q3), voting from `opens`; a
 * re-election's (`electionOnly`): the election alone, q1 — the assembly has its rules and covenant (domain §8).
 */
const electionMeeting = (
  title: string,
  people: readonly { unit: string; name: string }[],
  opens: Date,
  electionOnly = false,
) => ({
  title,
  opensAt: opens.toISOString(),
  closesAt: new Date(opens.getTime() + 10 * 86_400_000).toISOString(),
  matters: [
    ...(electionOnly
      ? []
      : [
          { kind: 'rules_of_procedure', title: '业主大会议事规则', body: '' },
          { kind: 'management_covenant', title: '管理规约', body: '' },
        ]),
    { kind: 'elect_committee', title: '选举业主委员会', seats: 5, candidates: candidatesOf(people) },
  ],
})

/**
 * What anyone may read — a signed-in owner the same as anyone: the formation's and the committee's public answers
 * and the committee's notices. No phone
 * number, and no object naming a unit beside one of the owners' full names (domain §12: the published roll masks
 * who owns a unit).
 */
async function publicAnswers(): Promise<{ formation: Json; committee: Json; notices: Json }> {
  const out: Record<string, Json> = {}
  for (const [key, path] of [
    ['formation', `${base}/public`],
    ['committee', `${api}/committee/public`],
    ['notices', `${api}/committee/notices`],
  ] as const) {
    const res = await call(a.app, 'GET', path)
    expect(res.status).toBe(200)
    const text = await res.text()
    // A signed-in owner of the estate reads the same answer as anyone.
    const asOwner = await call(a.app, 'GET', path, { cookie: await signInPhone(a, phoneOf('史红梅')) })
    expect(await asOwner.text(), path).toBe(text)
    expect(text, path).not.toMatch(/phone|(?<![0-9])1[3-9][0-9]{9}(?![0-9])/)
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) return v.forEach(walk)
      if (v === null || typeof v !== 'object') return
      const o = v as Record<string, unknown>
      const hasUnit = Object.entries(o).some(([k, x]) => /unit/i.test(k) && typeof x === 'string' && x !== '')
      if (hasUnit)
        for (const x of Object.values(o))
          if (typeof x === 'string') expect(FULL_NAMES.has(x), `${path}: ${JSON.stringify(o)}`).toBe(false)
      Object.values(o).forEach(walk)
    }
    walk(JSON.parse(text))
    const parsed = JSON.parse(text) as Json
    out[key] = key === 'formation' ? (parsed.formation as Json) : parsed
  }
  return out as { formation: Json; committee: Json; notices: Json }
}

/** The group's meeting designated and noticed, then made final in the database at `finalAt` (as formation.test.ts does). */
async function electionToFinal(
  meetingId: string,
  finalAt: Date,
  o: { alternate?: boolean; electionOnly?: boolean } = {},
) {
  const designation = o.electionOnly
    ? { meetingId, election: 'q1' }
    : { meetingId, rulesOfProcedure: 'q1', managementCovenant: 'q2', election: 'q3' }
  await ok(street, 'PUT', `${base}/first-meeting`, designation)
  await ok(street, 'POST', `${api}/meetings/${meetingId}/notice`)
  await makeFinal(t.db, meetingId, { rules: true, committee: true, ...o }, finalAt)
}

const groupOf = (kind: 'preparatory' | 're_election') => ({
  kind,
  members: [
    { name: '王主任', kind: 'street_office', leader: true, accountId: street.accountId },
    { name: '李经理', kind: 'developer' },
    { name: '赵书记', kind: 'residents_committee' },
    { name: '方勇', kind: 'owner_representative', unit: '2-1-101' },
    { name: '史红梅', kind: 'owner_representative', unit: '2-1-102' },
    { name: '贾建国', kind: 'owner_representative', unit: '1-1-201' },
    { name: '袁勇', kind: 'owner_representative', unit: '1-1-201' },
  ],
})

let firstMeeting: string
let lockedDraft: string
let lockedDraftBody: Json

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
  convener = await enrolStaff(a, t.db, 'convener', 'jinxiu', '业委会工作人员', now)
  const people = [...FIRST, ...SECOND.filter((p) => !FIRST.some((q) => q.unit === p.unit))]
  const owners = await ownersWithPasskeys(t.db, 'jinxiu', { units: people, now })
  people.forEach((p, i) => phones.set(p.name, owners[i]?.phone as SoftAuthenticator))

  await ok(street, 'POST', `${base}/applications`, { applicant: 'developer', appliedOn: '2026-11-20' })
  await ok(street, 'POST', `${base}/groups`, groupOf('preparatory'))
  const created = await ok(
    street,
    'POST',
    `${api}/meetings`,
    electionMeeting('首次业主大会会议', FIRST, cst(2026, 12, 20)),
  )
  firstMeeting = created.meeting.id
  // Final at 09:00 on 5 January 2027: the first term starts that day.
  await electionToFinal(firstMeeting, cst(2027, 1, 5, 9), { alternate: true })
  now = cst(2027, 1, 5, 10)
}, 60_000)

afterAll(async () => {
  vi.restoreAllMocks()
  await a.tracker.drain()
  await t.cleanup()
})

describe('the first term', () => {
  it('is made from the final election, seated, announced and filed; the preparatory group dissolves', async () => {
    await ok(convener, 'POST', `${api}/committee/terms`, {
      meetingId: firstMeeting,
      matterId: 'q3',
      number: 1,
      endsOn: '2030-01-05',
    })
    const first = await term()
    expect(first).toMatchObject({
      number: 1,
      startsOn: '2027-01-05',
      endsOn: '2030-01-05',
      seats: 5,
      filled: 5,
    })
    expect(first.members.map((m: Json) => m.name)).toEqual(FIRST.slice(0, 5).map((p) => p.name))
    expect(first.alternates.map((x: Json) => [x.rank, x.name, x.status])).toEqual([[1, '高涛', 'waiting']])

    now = cst(2027, 1, 6, 10)
    await electOfficers(a, api, await cookieOf(convener), {
      heldAt: now.toISOString(),
      chair: '潘芳',
      viceChairs: ['段文杰'],
      voters: ['潘芳', '段文杰', '黎海燕'].map(phoneOf),
    })
    await ok(convener, 'POST', `${api}/committee/announcement`)
    now = cst(2027, 1, 7, 10)
    const filed = (await ok(street, 'POST', `${base}/filing`, { officeAddress: '锦绣苑 1 号楼 102 室' }))
      .formation as Json
    expect(filed.filing).toMatchObject({
      term: 1,
      termStart: '2027-01-05',
      termEnd: '2030-01-05',
      chair: '潘芳',
    })
    expect(filed.group.live).toBe(false)
    expect(filed.reelectionLock).toBeNull()

    const pub = await publicAnswers()
    expect(pub.formation.stage).toBe('filed')
    expect(pub.committee.term.number).toBe(1)
    expect(pub.committee.term.members.map((m: Json) => [m.roleZh, m.name])).toEqual([
      ['主任', '潘芳'],
      ['副主任', '段文杰'],
      ['委员', '黎海燕'],
      ['委员', '雷军'],
      ['委员', '汤海燕'],
    ])
    expect(pub.committee.term.alternates.map((x: Json) => x.name)).toEqual(['高*'])
  })

  it('passes a resolution with 3 of the 5 seats though two are absent, and fails one at exactly half of the votes', async () => {
    now = cst(2027, 2, 1, 10)
    const scheduled = await ok(convener, 'POST', `${api}/committee/meetings`, {
      title: '第一届业主委员会第二次会议',
      heldAt: now.toISOString(),
      items: [
        { kind: 'resolution', title: '公示本年度公共收益', body: '' },
        { kind: 'resolution', title: '更换小区门禁系统', body: '' },
      ],
    })
    const id = scheduled.meeting.id as string
    const vote = async (name: string, item: string, choice: string) =>
      expect((await committeeVote(a, api, phoneOf(name), id, item, choice)).status).toBe(201)
    // r1: 3 for, nobody against, 雷军 and 汤海燕 absent: 3 of 5 seats is more than half of ALL seats.
    for (const name of ['潘芳', '段文杰', '黎海燕']) await vote(name, 'r1', 'for')
    // r2: 2 for, 2 against — exactly half of those who voted, 2 of 5 seats: not passed.
    for (const [name, choice] of [
      ['潘芳', 'for'],
      ['段文杰', 'for'],
      ['黎海燕', 'against'],
      ['雷军', 'against'],
    ] as const)
      await vote(name, 'r2', choice)
    const closed = await ok(convener, 'POST', `${api}/committee/meetings/${id}/close`)
    expect(closed.items.map((i: Json) => [i.outcome, i.count.for, i.count.needed])).toEqual([
      ['passed', 3, 3],
      ['rejected', 2, 3],
    ])
    await ok(convener, 'POST', `${api}/committee/meetings/${id}/publication`, { minutes: '会议纪要。' })
    await publicAnswers()
  })

  it('fills a resignation with the first eligible alternate and announces it', async () => {
    now = cst(2027, 3, 1, 10)
    const seat3 = (await term()).members.find((m: Json) => m.name === '黎海燕')
    await ok(convener, 'POST', `${api}/committee/vacancies`, {
      reason: 'resigned',
      memberId: seat3.id,
      on: '2027-02-28',
    })
    const after = await term()
    expect(after.members.map((m: Json) => [m.seat, m.name])).toEqual([
      [1, '潘芳'],
      [2, '段文杰'],
      [3, '高涛'],
      [4, '雷军'],
      [5, '汤海燕'],
    ])
    expect(after.alternates.map((x: Json) => x.status)).toEqual(['seated'])
    const pub = await publicAnswers()
    expect(pub.notices.notices[0]).toMatchObject({
      kind: 'vacancy',
      title: '第1届业主委员会委员变更公告：高涛递补',
    })
  })
})

describe('the re-election', () => {
  it('is not reminded the day before the reminder period (6 months before the term ends), and is on its first day — to the staff and the street office', async () => {
    // The term ends on 5 January 2030: reminded from 5 July 2029, 00:00 China time.
    now = cst(2029, 7, 4, 23, 59)
    for (const who of [convener, street])
      expect((await term(who)).clocks.reelection).toMatchObject({
        state: 'in_term',
        remindFrom: '2029-07-05',
      })
    now = cst(2029, 7, 5, 0, 0)
    for (const who of [convener, street])
      expect((await term(who)).clocks.reelection).toMatchObject({
        state: 'reminder',
        remindFrom: '2029-07-05',
      })
    // The old committee drafts a matter the re-election will lock, before any group exists: accepted.
    lockedDraftBody = oneMatter('property_manager', '续聘物业服务企业', cst(2030, 3, 1))
    lockedDraft = (await ok(convener, 'POST', `${api}/meetings`, lockedDraftBody)).meeting.id
  })

  it('the street office forms the re-election group; from then the locked matters are refused, others accepted', async () => {
    now = cst(2029, 7, 15, 10)
    await ok(street, 'POST', `${base}/groups`, groupOf('re_election'))
    const f = await formation()
    expect(f.group).toMatchObject({ kind: 're_election', live: true })
    expect(f.reelectionLock?.kinds).toContain('property_manager')
    // The committee's reminder shows the group at work, to its staff and to the street office.
    for (const who of [convener, street])
      expect((await term(who)).clocks.reelection).toMatchObject({
        state: 'reminder',
        groupFormedAt: now.toISOString(),
      })

    now = cst(2029, 7, 16, 10)
    const locked = { status: 422, code: 'reelection_lock' }
    expect(await refusal(convener, 'POST', `${api}/meetings`, lockedDraftBody)).toEqual(locked)
    expect(
      await refusal(
        convener,
        'POST',
        `${api}/meetings`,
        oneMatter('raise_maintenance_fund', '调整维修资金', cst(2030, 3, 1)),
      ),
    ).toEqual(locked)
    expect(
      await refusal(
        convener,
        'POST',
        `${api}/meetings`,
        oneMatter('use_maintenance_fund', '外墙大修', cst(2030, 3, 1)),
      ),
    ).toEqual(locked)
    expect(await refusal(convener, 'PUT', `${api}/meetings/${lockedDraft}`, lockedDraftBody)).toEqual(locked)
    expect(await refusal(convener, 'POST', `${api}/meetings/${lockedDraft}/notice`)).toEqual(locked)
    const unlocked = await send(
      convener,
      'POST',
      `${api}/meetings`,
      oneMatter('management_covenant', '修订管理规约', cst(2030, 3, 1)),
    )
    expect(unlocked.status).toBe(201)
    const draft = (await ok(convener, 'GET', `${api}/meetings/${lockedDraft}`)).meeting as Json
    expect(draft.status).toBe('draft')
    await publicAnswers()
  })

  it('hands over records, seals and roll within 10 days: running on day 10, overdue on day 11 until done, met when done on day 10', async () => {
    // Formed on 15 July: the 10 days end at 24:00 on 25 July.
    now = cst(2029, 7, 25, 23, 59)
    expect(clockOf(await formation(), 'handover')).toMatchObject({
      status: 'running',
      lastDay: '2029-07-25',
      daysLeft: 0,
    })
    now = cst(2029, 7, 26, 0, 0)
    expect(clockOf(await formation(), 'handover')).toMatchObject({ status: 'overdue' })
    for (const item of ['records', 'seals', 'roll'])
      await ok(street, 'POST', `${base}/handover/${item}`, { doneOn: '2029-07-25' })
    const f = await formation()
    expect(f.handover).toEqual([
      { item: 'records', doneOn: '2029-07-25' },
      { item: 'seals', doneOn: '2029-07-25' },
      { item: 'roll', doneOn: '2029-07-25' },
    ])
    expect(clockOf(f, 'handover')).toMatchObject({ status: 'met' })
  })

  it('runs the election; the second term (届别 2) is made from it and filed; the group dissolves and the lock lifts', async () => {
    now = cst(2029, 8, 1, 10)
    await ok(street, 'POST', `${base}/members-publication`)
    const second = await ok(
      street,
      'POST',
      `${api}/meetings`,
      electionMeeting('换届选举业主大会会议', SECOND, cst(2029, 8, 20), true),
    )
    // The assembly has its rules and covenant: the re-election's meeting elects, and only that.
    await electionToFinal(second.meeting.id, cst(2029, 9, 5, 9), { electionOnly: true })
    now = cst(2029, 9, 5, 10)
    expect((await formation()).outcome?.outcome).toBe('assembly_formed')
    // The old term still sits until the new one is made.
    expect((await term()).number).toBe(1)
    const pubBefore = await publicAnswers()
    expect(pubBefore.committee.term.number).toBe(1)
    // The old committee meets while it sits; its meeting is still open when the new term is made.
    const last = await ok(convener, 'POST', `${api}/committee/meetings`, {
      title: '第一届业主委员会最后一次会议',
      heldAt: now.toISOString(),
      items: [
        { kind: 'resolution', title: '移交工作安排', body: '' },
        { kind: 'resolution', title: '年度工作报告', body: '' },
      ],
    })
    const lastId = last.meeting.id as string
    expect((await committeeVote(a, api, phoneOf('潘芳'), lastId, 'r1', 'for')).status).toBe(201)

    await ok(convener, 'POST', `${api}/committee/terms`, {
      meetingId: second.meeting.id,
      matterId: 'q1',
      number: 2,
      endsOn: '2034-09-05',
    })
    const made = await term()
    expect(made).toMatchObject({ number: 2, startsOn: '2029-09-05', endsOn: '2034-09-05', filled: 5 })
    // From now the first term's members no longer sit: its open meeting takes no more votes, not even from a
    // member re-elected to the second term.
    for (const [name, item] of [
      ['段文杰', 'r1'],
      ['潘芳', 'r2'],
    ] as const)
      expect((await committeeVote(a, api, phoneOf(name), lastId, item, 'for')).status).toBe(403)
    expect(made.clocks.reelection).toMatchObject({ state: 'in_term', remindFrom: '2034-03-05' })

    now = cst(2029, 9, 6, 10)
    await electOfficers(a, api, await cookieOf(convener), {
      heldAt: now.toISOString(),
      chair: '方勇',
      viceChairs: ['潘芳'],
      voters: ['潘芳', '高涛', '方勇'].map(phoneOf),
    })
    await ok(convener, 'POST', `${api}/committee/announcement`)
    // Still locked until the filing.
    expect(await refusal(convener, 'POST', `${api}/meetings/${lockedDraft}/notice`)).toEqual({
      status: 422,
      code: 'reelection_lock',
    })

    now = cst(2029, 9, 7, 10)
    const filed = (await ok(street, 'POST', `${base}/filing`, { officeAddress: '锦绣苑 1 号楼 102 室' }))
      .formation as Json
    expect(filed.filing).toMatchObject({
      term: 2,
      termStart: '2029-09-05',
      termEnd: '2034-09-05',
      chair: '方勇',
    })
    expect(filed.group).toMatchObject({ kind: 're_election', live: false })
    expect(filed.reelectionLock).toBeNull()
    expect(clockOf(filed, 'filing')).toMatchObject({ status: 'met' })
    // The re-election's filing package lists the second term's members, not the first's.
    const zip = await call(a.app, 'GET', `${api}/meetings/${second.meeting.id}/filing-package.zip`, {
      cookie: await cookieOf(street),
    })
    expect(zip.status).toBe(200)
    const files = await unzipEntries(new Uint8Array(await zip.arrayBuffer()))
    const listed = (files.get(FILING_PATHS.members) as Buffer).toString('utf8')
    for (const p of SECOND) expect(listed).toContain(p.name)
    for (const name of ['段文杰', '雷军', '黎海燕']) expect(listed).not.toContain(name)

    // The same locked draft is now accepted: edited and noticed.
    expect((await send(convener, 'PUT', `${api}/meetings/${lockedDraft}`, lockedDraftBody)).status).toBe(200)
    expect((await send(convener, 'POST', `${api}/meetings/${lockedDraft}/notice`)).status).toBe(200)
  })

  it('ends the first term: its members no longer sit, and the public view shows the second term', async () => {
    const me = async (name: string) =>
      call(a.app, 'GET', `${api}/committee/me`, { cookie: await signInPhone(a, phoneOf(name)) })
    for (const name of ['段文杰', '雷军', '黎海燕']) expect((await me(name)).status).toBe(403)
    const chair = (await (await me('方勇')).json()) as Json
    expect(chair.member).toMatchObject({ name: '方勇', role: 'chair', term: 2 })

    const pub = await publicAnswers()
    expect(pub.formation.stage).toBe('filed')
    expect(pub.formation.committee).toMatchObject({ number: 2, chair: '方勇', viceChairs: ['潘芳'] })
    expect(pub.committee.term).toMatchObject({ number: 2, startsOn: '2029-09-05' })
    // The group is dissolved: the second term's reminder waits for its own time.
    expect(pub.committee.term.clocks.reelection).toMatchObject({ state: 'in_term', groupFormedAt: null })
    expect(pub.committee.term.members.map((m: Json) => m.name).sort()).toEqual(
      SECOND.map((p) => p.name).sort(),
    )
    expect(pub.notices.notices[0]).toMatchObject({ kind: 'members', title: '第2届业主委员会组成人员公告' })
  })
})
