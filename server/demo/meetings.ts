import type { Db } from '../../db/client'
import type { PasskeySettings } from '../auth/passkeys'
import { chinaDate, DAY_MS, startOfChinaDay } from '../domain/calendar'
import { announceMembers, recordVacancy } from '../services/committee'
import { createStaff } from '../services/staff-accounts'
import { DEMO_OWNER_UNITS, DEMO_STAFF } from './access'
import { electFirstOfficers, holdCommitteeMeeting, makeTerm, sittingMembers } from './committee'
import { DEMO_ESTATE } from './seed'
import { Simulation, type Phone } from './simulate'

/**
 * The demo estate's meetings, made once when the demo estate is seeded, so that a newcomer finds a meeting with
 * published results and one open for voting. Both are played through the services by the simulation, on a clock
 * set in the past: every calendar rule holds (15 full days of notice, a 14-day window), so the open meeting's
 * notice lies 20 days back. The demo owners whose sign-in links `npm start` prints (潘芳, 贾建国/袁勇, 贾欣怡) are
 * left alone: no account, no ballot, no candidacy — they can vote in the open meeting with their links.
 */

export interface DemoMeetings {
  readonly published: string
  readonly open: string
}

const HOUR_MS = 3_600_000

export async function seedDemoMeetings(
  db: Db,
  opts: {
    readonly passkeys: PasskeySettings
    readonly newPhone: () => Phone
    readonly random: () => number
    readonly now: Date
  },
): Promise<DemoMeetings> {
  const sim = new Simulation(db, DEMO_ESTATE.id, {
    passkeys: opts.passkeys,
    newPhone: opts.newPhone,
    random: opts.random,
    spareUnits: DEMO_OWNER_UNITS,
    // Start-up stays quick: accounts written directly, passkeys still through the registration ceremony.
    accounts: 'direct',
    convener: 'system:seed',
    clerks: ['system:seed-clerk-a', 'system:seed-clerk-b'],
  })
  // Notices at 10:00 China time on days counted back from today.
  const today = startOfChinaDay(opts.now.getTime())
  const daysAgo = (days: number) => new Date(today - days * DAY_MS + 10 * HOUR_MS)

  // Noticed 60 days ago: voted 44 to 30 days ago by three in four voters (the 2/3 quorum met), preliminary
  // result published since (awaiting the supervisor's sign-off).
  const published = await sim.run({
    title: '锦绣苑业主大会会议（演示·已公布初步结果） Demo meeting: preliminary result published',
    matters: await sim.standardAgenda(),
    noticeAt: daysAgo(60),
    windowDays: 14,
    turnout: { num: 3, den: 4 },
    publish: true,
  })

  // Noticed 20 days ago: open since 4 days ago, closes in 10 days; a quarter of the voters have voted so far.
  const open = await sim.run({
    title: '锦绣苑业主大会会议（演示·投票中） Demo meeting: voting open',
    matters: [
      {
        definition: {
          kind: 'property_manager',
          title: '续聘物业服务企业 Renew the property manager’s contract',
          body: '续聘锦华物业服务有限公司，服务期三年，物业费标准不变。',
        },
        mood: { kind: 'resolution', yes: 650, no: 250 },
      },
      {
        definition: {
          kind: 'common_parts_use',
          title: '利用东门广场设置智能快递柜 Parcel lockers on the east gate square',
          body: '在东门广场设置智能快递柜 6 组，场地使用费计入公共收益。',
        },
        mood: { kind: 'resolution', yes: 700, no: 200 },
      },
      await sim.election('选举第二届业主委员会 Elect the second owners’ committee', 5, 7),
    ],
    noticeAt: daysAgo(20),
    windowDays: 14,
    turnout: { num: 1, den: 4 },
    castUntil: new Date(opts.now.getTime() - HOUR_MS),
    publish: false,
  })
  return { published: published.meetingId, open: open.meetingId }
}

export interface DemoCommittee {
  /** The older meeting played to its final result, whose election made the term. */
  readonly final: string
  readonly termId: string
  /** The committee's meetings: the first electing chair and vice-chair, the second with two resolutions. */
  readonly committeeMeetings: readonly string[]
}

/**
 * 锦绣苑's committee (domain §8), made once when the demo estate is seeded: an older meeting played to its final
 * result (noticed 130 days back, so that voting, counting, the objection period and the sign-off have all run), the
 * first term from its election, the committee's first meeting electing chair and vice-chair (three days after the
 * election, as 上海 art. 21 wants it announced), the members' announcement, a meeting 30 days later with two
 * resolutions, and a resignation 60 days after the election filled from the first alternate. Every committee vote is
 * confirmed with the member's passkey through the service. The demo owners stay untouched (`spareUnits`).
 */
export async function seedDemoCommittee(
  db: Db,
  opts: {
    readonly passkeys: PasskeySettings
    readonly newPhone: () => Phone
    readonly random: () => number
    readonly now: Date
    readonly origin: string
  },
): Promise<DemoCommittee> {
  const convener = 'system:seed'
  const sim = new Simulation(db, DEMO_ESTATE.id, {
    passkeys: opts.passkeys,
    newPhone: opts.newPhone,
    random: opts.random,
    spareUnits: DEMO_OWNER_UNITS,
    accounts: 'direct',
    convener,
    clerks: ['system:seed-clerk-a', 'system:seed-clerk-b'],
  })
  const today = startOfChinaDay(opts.now.getTime())
  const daysAgo = (days: number) => new Date(today - days * DAY_MS + 10 * HOUR_MS)
  const election = await sim.election('选举第一届业主委员会 Elect the first owners’ committee', 5, 7)
  const played = await sim.run({
    title: '锦绣苑首届业主委员会选举会议（演示·最终结果） Demo meeting: final result, the first committee',
    matters: [
      {
        definition: {
          kind: 'management_covenant',
          title: '修订管理规约 Revise the management covenant',
          body: '修订第八条（公共收益的分配与公布）。',
        },
        mood: { kind: 'resolution', yes: 760, no: 180 },
      },
      // Five candidates most voters approve and a sixth many do: five seats and an alternate (domain §5).
      { ...election, mood: { kind: 'election', approve: [900, 880, 860, 840, 820, 700, 260] } },
    ],
    noticeAt: daysAgo(130),
    windowDays: 14,
    turnout: { num: 3, den: 4 },
    publish: true,
  })
  // The demo supervisor signs the result off (their enrollment link is printed by `npm start` until they register).
  const supervisor = DEMO_STAFF.find((s) => s.role === 'supervisor') as (typeof DEMO_STAFF)[number]
  await createStaff(
    db,
    { displayName: supervisor.name, role: 'supervisor', estateId: DEMO_ESTATE.id, origin: opts.origin },
    { actor: 'system:seed', role: 'system', now: daysAgo(131) },
    supervisor.id,
  )
  const finalAt = await sim.publishFinal(played.meetingId, {
    accountId: supervisor.id,
    actor: `account:${supervisor.id}`,
  })
  const who = (now: Date) => ({ actor: convener, role: 'convener', now })
  const after = (days: number, hours = 0) => new Date(finalAt.getTime() + days * DAY_MS + hours * HOUR_MS)
  const term = await makeTerm(
    db,
    DEMO_ESTATE.id,
    { meetingId: played.meetingId, matterId: 'q2', number: 1, finalAt },
    who(after(0, 1)),
  )
  if (!term.term) throw new Error('the demo committee term was not made')
  const { meeting: first } = await electFirstOfficers(
    db,
    sim,
    opts.passkeys,
    DEMO_ESTATE.id,
    after(2),
    convener,
  )
  await announceMembers(db, DEMO_ESTATE.id, who(after(2, 4)))
  // Two resolutions: one carried by all, one that the last member votes against (still more than half of 5 seats).
  const second = await holdCommitteeMeeting(
    db,
    sim,
    opts.passkeys,
    {
      estateId: DEMO_ESTATE.id,
      title: '第一届业主委员会第二次会议 Second meeting of the committee',
      heldAt: after(30),
      items: [
        {
          kind: 'resolution',
          title: '公布上半年公共收益收支 Publish the common revenue of the half-year',
          body: '在小区公告栏与本平台公布上半年公共收益收支明细。',
        },
        {
          kind: 'resolution',
          title: '启动东门道闸维修询价 Ask for quotes to repair the east gate barrier',
          body: '向三家单位询价，报下次会议决定。',
        },
      ],
      minutes: '会议审议两项议题，均获通过。',
      choose: (seat, item) => (item === 'r2' && seat === 5 ? 'against' : 'for'),
    },
    convener,
  )
  // The member in the last seat resigns: the first alternate takes the seat (domain §8).
  const members = await sittingMembers(db, DEMO_ESTATE.id)
  const leaving = members.at(-1)
  if (!leaving) throw new Error('the demo committee has no members')
  await recordVacancy(
    db,
    DEMO_ESTATE.id,
    { reason: 'resigned', memberId: leaving.id, on: chinaDate(after(60).getTime()) },
    who(after(60)),
  )
  return { final: played.meetingId, termId: term.term.id, committeeMeetings: [first.id, second.id] }
}
