import { describe, expect, it } from 'vitest'
import { saveScreenshot } from './browser'
import { activateOnPhone, phoneOn, poll, setUpStage } from './desk'

/**
 * Co-owners naming their representative on their phones (指导规则 art. 25): 贾建国 and 袁勇 co-own 1-1-201. Each opens
 * 我的, sees the other by name (they are on the same title deed), and nominates 袁勇; once both have, 袁勇 is the
 * representative and the page says only 袁勇 votes for the flat. Walked as they would: a tap on a choice, the
 * button, a reload to see the state again.
 */

const stage = setUpStage()

describe('co-owners nominate their representative on 我的', () => {
  it('two co-owners on two phones name one of them; the page says who votes', async () => {
    const jia = await phoneOn(stage)
    const yuan = await phoneOn(stage)
    await activateOnPhone(stage, jia.page, '1-1-201', '贾建国', '6055')
    await activateOnPhone(stage, yuan.page, '1-1-201', '袁勇', '7116')

    const section = (page: typeof jia.page) => page.getByRole('region', { name: '共有人代表' })
    // 袁勇 nominates himself first: one more co-owner must agree.
    await section(yuan.page).waitFor(poll)
    expect(await section(yuan.page).innerText()).toContain('尚未推举代表')
    await section(yuan.page).getByRole('radio', { name: '袁勇（本人）' }).tap()
    await section(yuan.page).getByRole('button', { name: '提交推举' }).tap()
    await section(yuan.page).getByText('还需要 1 位共有人推举同一人').waitFor(poll)

    // 贾建国 sees 袁勇 by full name and nominates him: named.
    await jia.page.reload()
    await section(jia.page).getByRole('radio', { name: '袁勇' }).tap()
    await section(jia.page).getByRole('button', { name: '提交推举' }).tap()
    await section(jia.page).getByText('全体共有人已推举 袁勇 为代表').waitFor(poll)
    await saveScreenshot(jia.page, 'representative-named')

    // On 袁勇's phone, after a reload, the page says he alone votes for the flat.
    await yuan.page.reload()
    await section(yuan.page).getByText('已推举 袁勇 为代表：只有 袁勇 可以为这套房屋投票').waitFor(poll)
    const named = await stage.app.db
      .selectFrom('representatives')
      .select(['unit_number', 'source'])
      .where('revoked_at', 'is', null)
      .execute()
    expect(named).toEqual([{ unit_number: '1-1-201', source: 'co_owners' }])
  })
})
