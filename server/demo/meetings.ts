import type { Db } from '../../db/client'
import type { PasskeySettings } from '../auth/passkeys'
import { DAY_MS, startOfChinaDay } from '../domain/calendar'
import { DEMO_OWNER_UNITS } from './access'
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
