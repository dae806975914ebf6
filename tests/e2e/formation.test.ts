import { describe, expect, it } from 'vitest'
import { chinaDate } from '../../server/domain/calendar'
import { addYears } from '../../server/domain/formation'
import { createTerm } from '../../server/services/committee'
import { createMeeting } from '../../server/services/meetings'
import { makeFinal } from '../support/formation'
import { CANDIDATES, DAY, enrollAt, ESTATE, HOUR, phoneOn, poll, setUpStage } from './desk'

/**
 * Forming the first assembly on phones (domain §7), 360 px wide: the street office records the owners'
 * application and forms the preparatory group — the composition's problems beside the form as it is typed — and
 * hands the leader the enrollment link; the leader registers a passkey on their own phone, designates the first
 * meeting (a draft) and sees the countdown; the street office publishes the member list; an owner reads the
 * formation's status and the member list on a phone, without phone numbers and without scrolling sideways. Once the
 * first meeting is final and the committee's term made from its election, the street office records the members'
 * undertakings and the training on its phone and reads the filing prefilled from the term.
 */

const stage = setUpStage()

describe('forming the first assembly on phones', () => {
  it('the street office forms the group, the leader designates the first meeting, an owner reads the notice', async () => {
    const now = stage.clock()
    const draft = await createMeeting(
      stage.app.db,
      ESTATE,
      {
        title: '锦绣苑首次业主大会会议',
        opensAt: new Date(now.getTime() + 30 * DAY).toISOString(),
        closesAt: new Date(now.getTime() + 40 * DAY).toISOString(),
        matters: [
          { kind: 'rules_of_procedure', title: '业主大会议事规则', body: '' },
          { kind: 'management_covenant', title: '管理规约', body: '' },
          {
            kind: 'elect_committee',
            title: '选举第一届业主委员会',
            body: '',
            seats: 5,
            candidates: CANDIDATES.map(([unit, name]) => ({
              unit,
              name,
              statement: '',
              eligibility: { fullCapacity: true, noArrears: true, notPropertyStaff: true },
            })),
          },
        ],
      },
      { actor: 'test:convener', role: 'convener', now },
    )

    // The street office: the application, with its share on both dimensions.
    const office = await phoneOn(stage)
    const page = office.page
    await enrollAt(stage.app, page, ESTATE, '街道办王主任', 'street_office', now)
    await page.goto(`${stage.app.origin}/console/${ESTATE}`)
    await page.getByRole('navigation', { name: '工作台导航' }).getByRole('link', { name: '成立与换届' }).tap()
    await page.waitForURL(`${stage.app.origin}/console/${ESTATE}/formation`)
    await page.getByText('尚未申请成立业主大会').waitFor()
    const application = page.getByRole('region', { name: '成立申请' })
    await application.getByLabel('申请日期').fill(chinaDate(now.getTime() - 3 * DAY))
    await application.getByLabel('提出申请的业主的房号').fill('1-1-101 1-1-102 1-1-103')
    await application.getByRole('button', { name: '登记申请' }).tap()
    await application.getByText(/业主人数 3 \/ /).waitFor()
    await page.getByText('已申请，等待街道办事处组建筹备组').waitFor()
    expect(await page.getByRole('table', { name: '法定期限' }).innerText()).toContain(
      '申请后 60 日内组建筹备组',
    )

    // The group: five members with two owners' representatives is below half, said beside the form.
    const group = page.getByRole('region', { name: '小组成员' })
    const member = (n: number) => group.getByRole('group', { name: `成员 ${n}` })
    await member(1).getByLabel('姓名').fill('王主任')
    await member(1).getByLabel('为其建立工作人员账户并发登记链接').check()
    await member(1).getByLabel('电话（不公开）').fill('13900000001')
    await member(2).getByLabel('姓名').fill('李经理')
    await member(3).getByLabel('姓名').fill('赵书记')
    await member(4).getByLabel('姓名').fill('潘芳')
    await member(4).getByLabel('房号（业主代表）').fill('1-1-101')
    await member(5).getByLabel('姓名').fill('段文杰')
    await member(5).getByLabel('房号（业主代表）').fill('1-1-102')
    const problems = group.locator('.composition')
    await expect.poll(() => problems.innerText(), poll).toContain('业主代表不得少于一半')
    expect(await group.getByRole('button', { name: '组建小组' }).isDisabled()).toBe(true)
    await group.getByRole('button', { name: '添加成员' }).tap()
    await expect.poll(() => problems.innerText(), poll).toContain('成员人数须为单数')
    await member(6).getByLabel('姓名').fill('黎海燕')
    await member(6).getByLabel('房号（业主代表）').fill('1-1-103')
    await group.getByRole('button', { name: '添加成员' }).tap()
    await member(7).getByLabel('姓名').fill('雷军')
    await member(7).getByLabel('房号（业主代表）').fill('7-2-601')
    await expect.poll(() => problems.innerText(), poll).toContain('组成符合规定')
    await group.getByRole('button', { name: '组建小组' }).tap()
    const link = group.getByRole('textbox', { name: '王主任 的登记链接' })
    await link.waitFor()
    const url = await link.inputValue()
    expect(url).toMatch(new RegExp(`^${stage.app.origin}/enroll/\\S+$`))
    await page.getByText('小组已组建，正在筹备').waitFor()
    const clocks = page.getByRole('table', { name: '法定期限' })
    expect(await clocks.innerText()).toContain('组建后 7 日内公布成员名单')
    expect(await clocks.innerText()).toContain('还剩 7 天')

    // The owner, before the list is published: the stage, and the list to come.
    const owner = await phoneOn(stage)
    await owner.page.goto(`${stage.app.origin}/estates/${ESTATE}/roll`)
    await owner.page.getByRole('link', { name: '业主大会成立情况与筹备组名单' }).tap()
    await owner.page.waitForURL(`${stage.app.origin}/estates/${ESTATE}/formation`)
    await owner.page.getByRole('heading', { name: '业主大会成立情况', level: 1 }).waitFor()
    await owner.page.getByText('成员名单公布后显示在这里。').waitFor()

    // The leader on their own phone: the link, a passkey, the first meeting designated, the countdown.
    const leader = await phoneOn(stage)
    await leader.page.goto(url)
    await leader.page.getByRole('button', { name: '创建通行密钥' }).tap()
    await leader.page.waitForURL(`${stage.app.origin}/me`)
    await leader.page.goto(`${stage.app.origin}/console/${ESTATE}/formation`)
    const meeting = leader.page.getByRole('region', { name: '首次业主大会会议' })
    await meeting.getByText('距首次会议期限还有 90 天').waitFor()
    await meeting.getByLabel('会议（草稿）').selectOption(draft)
    await expect.poll(() => meeting.getByLabel('议事规则').inputValue(), poll).toBe('q1')
    expect(await meeting.getByLabel('管理规约', { exact: true }).inputValue()).toBe('q2')
    expect(await meeting.getByLabel('选举业主委员会').inputValue()).toBe('q3')
    await meeting.getByRole('button', { name: '确定为首次会议' }).tap()
    await meeting.getByRole('link', { name: '锦绣苑首次业主大会会议' }).waitFor()
    await leader.page.getByText('已确定首次业主大会会议').waitFor()
    expect(await meeting.innerText()).toContain('距首次会议期限还有 90 天')
    await stage.screenshot(leader.page, 'formation-leader')

    // The street office publishes the member list; the owner reads it: full names, no phone numbers.
    await page.reload()
    await group.getByRole('button', { name: '公布成员名单' }).tap()
    await group.getByText(/成员名单已于 .* 公布/).waitFor()
    await owner.page.reload()
    const list = owner.page.getByRole('region', { name: '筹备组 · 小组成员名单（公告）' })
    await list.waitFor()
    const text = await list.innerText()
    for (const name of ['王主任', '李经理', '赵书记', '潘芳', '段文杰', '黎海燕', '雷军'])
      expect(text).toContain(name)
    expect(text).toContain('街道办事处代表（组长）')
    expect(await owner.page.locator('main').innerText()).not.toContain('13900000001')
    expect(await owner.page.locator('main').innerText()).toContain('已确定首次业主大会会议')
    // The first meeting is still a draft: owners read that it is designated, not the draft itself.
    expect(await owner.page.locator('main').innerText()).not.toContain('锦绣苑首次业主大会会议')
    const wide = () =>
      owner.page.evaluate(() => Math.max(document.documentElement.scrollWidth, window.innerWidth))
    expect(await wide()).toBeLessThanOrEqual(360)
    await stage.screenshot(owner.page, 'formation-owner')
    // In English too (its words fetched when chosen), without sideways scrolling.
    await owner.page.getByRole('button', { name: 'English' }).tap()
    await owner.page.getByRole('heading', { name: 'Forming the owners’ assembly', level: 1 }).waitFor()
    expect(await owner.page.locator('main').innerText()).toContain('Street office representative (Leader)')
    expect(await wide()).toBeLessThanOrEqual(360)
    // The street office's page on its phone: the forms and tables fit the screen too.
    expect(
      await page.evaluate(() => Math.max(document.documentElement.scrollWidth, window.innerWidth)),
    ).toBeLessThanOrEqual(360)
  })

  it('the street office records undertakings and the training for the filing, which the committee’s term prefills', async () => {
    const db = stage.app.db
    const group = await db
      .selectFrom('formation_groups')
      .select('first_meeting_id')
      .where('estate_id', '=', ESTATE)
      .executeTakeFirstOrThrow()
    const meetingId = group.first_meeting_id as string
    // The first meeting made final (its voting is the meetings' e2e), and the committee's term from its election.
    const finalAt = new Date(stage.clock().getTime() + 45 * DAY)
    await makeFinal(db, meetingId, { rules: true, committee: true }, finalAt)
    stage.moveClockTo(finalAt.getTime() + 2 * HOUR)
    const now = stage.clock()
    const startsOn = chinaDate(finalAt.getTime())
    await createTerm(
      db,
      ESTATE,
      { meetingId, matterId: 'q3', number: 1, endsOn: addYears(startsOn, 5) },
      { actor: 'test:convener', role: 'convener', now },
    )

    const { page } = await phoneOn(stage)
    await enrollAt(stage.app, page, ESTATE, '街道办李科长', 'street_office', now)
    await page.goto(`${stage.app.origin}/console/${ESTATE}/formation`)
    // Chair and vice-chair are the committee's to elect: nothing to type here.
    const seating = page.getByRole('region', { name: '主任、副主任' })
    await seating.getByText(/由业主委员会首次会议选举/).waitFor()
    expect(await seating.getByRole('textbox').count()).toBe(0)

    const parts = page.getByRole('region', { name: '备案材料：委员承诺书和培训记录' })
    const row = (name: string) => parts.getByRole('listitem').filter({ hasText: name })
    await row('潘芳').getByText('承诺书未登记').waitFor()
    await parts.getByLabel('潘芳的承诺书签署日期').fill(startsOn)
    await row('潘芳').getByRole('button', { name: '登记承诺书' }).tap()
    await row('潘芳')
      .getByText(/承诺书已于 .+ 签署/)
      .waitFor()
    expect(await row('段文杰').innerText()).toContain('承诺书未登记')
    await parts.getByLabel('培训日期').fill(startsOn)
    await parts.getByLabel('培训内容').fill('业主委员会履职培训')
    await parts.getByRole('checkbox', { name: '潘芳' }).check()
    await parts.getByRole('checkbox', { name: '段文杰' }).check()
    await parts.getByRole('button', { name: '登记培训记录' }).tap()
    await parts.getByText(/业主委员会履职培训（参加：潘芳、段文杰）/).waitFor()

    // The filing shows 届别 and the term from the committee's term, and waits for the committee's chair.
    const filing = page.getByRole('region', { name: '备案', exact: true })
    const text = await filing.innerText()
    expect(text).toContain('第 1 届')
    expect(text).toContain('业主委员会尚未选出主任')
    expect(await filing.getByRole('textbox').count()).toBe(1)
    expect(await filing.getByRole('button', { name: '登记备案并解散小组' }).isDisabled()).toBe(true)
    expect(
      await page.evaluate(() => Math.max(document.documentElement.scrollWidth, window.innerWidth)),
    ).toBeLessThanOrEqual(360)
    await stage.screenshot(page, 'formation-filing-parts')
  })
})
