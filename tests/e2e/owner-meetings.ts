import type { Db } from '../../db/client'
import { issueInvitations } from '../../server/services/invitations'
import { createMeeting, giveNotice, type MeetingInput } from '../../server/services/meetings'
import type { RunningApp } from './app-server'
import type { PasskeyPhone } from './browser'
import { enterTextedCode, rollPhone } from './owner-phone'

/**
 * What the owners' browser tests set up as a convener would, through the server's own services: 锦绣苑's usual
 * meeting of three matters, noticed at a chosen time, and an owner activated from her letter on her phone.
 */

export const ESTATE = 'jinxiu'
export const DAY = 86_400_000

export const convenerAt = (now: Date) => ({ actor: 'test:convener', role: 'convener', now })

/** Units and names of owners on 锦绣苑's roll; 贾建国 and 袁勇 own 1-1-201 together. */
export const CANDIDATES = [
  '1-1-101:潘芳',
  '1-1-102:段文杰',
  '1-1-103:黎海燕',
  '1-1-201:贾建国',
  '1-1-201:袁勇',
  '7-2-601:雷军',
]

/** A meeting of three matters: an ordinary one, a special one (3/4) and a committee election of five seats. */
export const threeMatters = (title: string, opensAt: number, closesAt: number): MeetingInput => ({
  title,
  opensAt: new Date(opensAt).toISOString(),
  closesAt: new Date(closesAt).toISOString(),
  matters: [
    { kind: 'management_covenant', title: '修改管理规约', body: '全文见附件' },
    { kind: 'raise_maintenance_fund', title: '续筹专项维修资金', body: '每平方米 30 元' },
    {
      kind: 'elect_committee',
      title: '选举第一届业主委员会',
      body: '',
      seats: 5,
      candidates: CANDIDATES.map((s) => {
        const [unit, name] = s.split(':') as [string, string]
        return {
          unit,
          name,
          statement: `${name}：愿为小区服务。`,
          eligibility: { fullCapacity: true, noArrears: true, notPropertyStaff: true },
        }
      }),
    },
  ],
})

/**
 * The meeting of three matters noticed `noticeDaysAgo` days before `now` (15 full days before it opens, 民法典
 * art. 201), open from `opensInDays` (negative: already open) until `closesInMs` from now.
 */
export async function noticedMeeting(
  db: Db,
  now: Date,
  title: string,
  noticeDaysAgo: number,
  opensInDays: number,
  closesInMs: number,
): Promise<string> {
  const noticeAt = new Date(now.getTime() - noticeDaysAgo * DAY)
  const at = now.getTime()
  const id = await createMeeting(
    db,
    ESTATE,
    threeMatters(title, at + opensInDays * DAY, at + closesInMs),
    convenerAt(noticeAt),
  )
  await giveNotice(db, id, convenerAt(noticeAt))
  return id
}

/**
 * The owner activates on `phone` from the letter a convener printed for her unit, with the code texted to her
 * phone on the roll, and lands on her estate's meetings, told she can vote.
 */
export async function activateFromLetter(
  app: RunningApp,
  phone: PasskeyPhone,
  owner: { unit: string; name: string; idLast4: string },
): Promise<void> {
  const [letter] = (
    await issueInvitations(app.db, {
      estateId: ESTATE,
      units: [owner.unit],
      revokePasskeys: false,
      days: 30,
      origin: app.origin,
      actor: 'test:convener',
      role: 'convener',
      now: new Date(),
    })
  ).letters
  if (!letter) throw new Error(`no letter for ${owner.unit}`)
  const { page } = phone
  await page.goto(letter.url)
  await page.getByLabel('姓名', { exact: true }).fill(owner.name)
  await page.getByLabel('证件号后四位', { exact: true }).fill(owner.idLast4)
  await page.getByRole('button', { name: '下一步' }).tap()
  await enterTextedCode(app, page, await rollPhone(app, ESTATE, owner.name, owner.idLast4))
  await page.getByRole('button', { name: '创建通行密钥' }).tap()
  // Her estate's meetings, not the account page, and the address without the one-time note's flag.
  await page.waitForURL(`${app.origin}/`)
  await page.getByRole('heading', { name: '我的小区', level: 1 }).waitFor()
  await page.getByRole('status').filter({ hasText: '激活成功，可以投票了。' }).waitFor()
}
