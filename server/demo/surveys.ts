import type { Db } from '../../db/client'
import type { Actor } from '../auth/access'
import { chinaDate, DAY_MS, startOfChinaDate } from '../domain/calendar'
import { TEMPLATE, type AnswerInput } from '../domain/surveys'
import type { Who } from '../services/meetings'
import { ownerVoters } from '../services/owner-voters'
import { createSurvey, noticeSurvey, respondOnline, respondOnPaper } from '../services/surveys'
import { DEMO_OWNER_UNITS } from './access'

/**
 * The demo estate's satisfaction surveys (domain §10), made through the surveys service as a convener's and the
 * owners' would be: two closed half-yearly surveys — the earlier above the 80% pass mark, the later below it, so
 * the trend falls — and one open now, in which the demo owners whose links `npm start` prints have not responded.
 * Most responses are online (for a voter the owner holds), some on paper; low marks carry their reasons.
 */

export interface DemoSurveys {
  readonly passed: string
  readonly failed: string
  readonly open: string
}

const REASONS: Readonly<Record<string, readonly string[]>> = {
  security_fire: ['夜间巡逻看不到人', '消防通道常被电动车占用'],
  cleaning: ['垃圾清运不及时', '楼道很久没有打扫'],
  repairs: ['报修后三天才有人来', '电梯坏了一周没修好'],
  greening: ['草坪枯了没人补种', '树木修剪不及时'],
  reception: ['物业前台态度不好', '电话经常没人接'],
  fee_transparency: ['公共收益从来没有公布', '停车费涨价没有说明'],
  overall: ['服务和收费不相称', '问题反映了也没有改进'],
}

/** One owner's marks on the template: `good` is the chance of 满意 and `fair` of 基本满意; the rest 不满意. */
function answers(random: () => number, good: number, fair: number): Record<string, AnswerInput> {
  const out: Record<string, AnswerInput> = {}
  for (const d of TEMPLATE.dimensions) {
    const r = random()
    const mark = r < good ? 3 : r < good + fair ? 2 : 1
    const reasons = REASONS[d.key] ?? ['']
    out[d.key] =
      mark === 1 ? { mark, reason: reasons[Math.floor(random() * reasons.length)] ?? '' } : { mark }
  }
  return out
}

/** Makes one survey at `opensOn` for `days`, has `share` of the voters respond, and leaves it where the clock is. */
async function survey(
  db: Db,
  estateId: string,
  o: {
    title: string
    opensAt: number
    days: number
    share: number
    good: number
    fair: number
    random: () => number
    skip: ReadonlySet<string>
    now: Date
  },
): Promise<string> {
  const created = new Date(o.opensAt - 3 * DAY_MS)
  const convener: Who = { actor: 'system:seed', role: 'convener', now: created }
  const opensOn = chinaDate(o.opensAt)
  const closesOn = chinaDate(o.opensAt + (o.days - 1) * DAY_MS)
  const { id } = await createSurvey(db, estateId, { title: o.title, opensOn, closesOn }, convener)
  await noticeSurvey(db, estateId, id, convener)
  const { voters } = await ownerVoters(db, estateId)
  // Responses arrive from 09:00 of the first day, evenly, up to the close or up to now for the open one.
  const start = startOfChinaDate(opensOn) + 9 * 3_600_000
  const until = Math.min(startOfChinaDate(closesOn) + DAY_MS, o.now.getTime())
  const step = Math.max(1, Math.floor((until - start) / (voters.length + 1)))
  let i = 0
  for (const v of voters) {
    if (o.skip.has(v.id) || o.random() >= o.share) continue
    const owner = v.owners[0]
    if (!owner) continue
    const at = new Date(start + step * i++)
    const who: Who = { actor: 'system:seed', role: 'owner', now: at }
    const marks = answers(o.random, o.good, o.fair)
    if (o.random() < 0.2) {
      await respondOnPaper(
        db,
        estateId,
        id,
        { unit: v.units[0]?.number ?? v.id, answers: marks },
        {
          ...who,
          role: 'convener',
        },
      )
      continue
    }
    const actor: Actor = {
      accountId: 'demo',
      sessionId: 'demo',
      kind: 'owner',
      displayName: owner.name,
      ownerId: owner.id,
      estateId,
      guardianId: null,
      approvalPending: false,
      grants: [],
    }
    await respondOnline(db, estateId, id, { voter: v.id, answers: marks }, actor, who)
  }
  return id
}

/** Seeds the three surveys at `now`; the demo owners' voters never respond. */
export async function seedDemoSurveys(
  db: Db,
  estateId: string,
  opts: { now: Date; random: () => number },
): Promise<DemoSurveys> {
  const { voters } = await ownerVoters(db, estateId)
  const skip = new Set(
    DEMO_OWNER_UNITS.map((u) => voters.find((v) => v.units.some((x) => x.number === u))?.id).filter(
      (id): id is string => id !== undefined,
    ),
  )
  const today = startOfChinaDate(chinaDate(opts.now.getTime()))
  const common = { random: opts.random, skip, now: opts.now }
  const passed = await survey(db, estateId, {
    ...common,
    title: '上半年物业服务满意度测评',
    opensAt: today - 200 * DAY_MS,
    days: 14,
    share: 0.4,
    good: 0.62,
    fair: 0.3,
  })
  const failed = await survey(db, estateId, {
    ...common,
    title: '下半年物业服务满意度测评',
    opensAt: today - 30 * DAY_MS,
    days: 14,
    share: 0.35,
    good: 0.35,
    fair: 0.32,
  })
  const open = await survey(db, estateId, {
    ...common,
    title: '本季度物业服务满意度测评',
    opensAt: today - 2 * DAY_MS,
    days: 15,
    share: 0.12,
    good: 0.5,
    fair: 0.3,
  })
  return { passed, failed, open }
}
