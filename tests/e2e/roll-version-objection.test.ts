import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { importRoll } from '../../server/services/import-roll'
import { finalRollVersion, publishRollVersion } from '../../server/services/roll-versions'
import { demoCsv } from '../support/roll-files'
import { activateOnPhone, enrollAt, ESTATE, phoneOn, poll, setUpStage } from './desk'

/**
 * The roll confirmed as a publication (domain §7.3 (3)) on phones (360 px): 潘芳 reads 锦绣苑's published roll version
 * 第1版, objects about her flat's area; a convener upholds it (成立) on her own phone, the roll is corrected by an
 * import and she publishes 第2版 naming the objection; 潘芳 sees the answer and the new version's hash. Then the two
 * versions side by side.
 */

const convener = (now: Date) => ({ actor: 'test:convener', role: 'convener', now })
const stage = setUpStage({
  prepare: async (db) => {
    await publishRollVersion(
      db,
      { estateId: ESTATE, note: '筹备组公示业主名册', answers: [] },
      convener(new Date()),
    )
  },
})
const VERSIONS = `/estates/${ESTATE}/publications/roll`
const DOCUMENTS = `/estates/${ESTATE}/publications/documents`

const noSidewaysScroll = async (page: Page) =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)

describe('a roll version on an owner’s phone', () => {
  it('an owner objects about her flat; the objection is upheld and a corrected version published; she sees both', async () => {
    const { page } = await phoneOn(stage)
    await activateOnPhone(stage, page, '1-1-101', '潘芳', '9839')
    const v1 = await finalRollVersion(stage.app.db, ESTATE)

    // From her start page to the published version.
    await page.goto(`${stage.app.origin}/`)
    await page.getByRole('link', { name: '名册公示版本与异议答复' }).tap()
    await page.getByRole('heading', { name: '业主名册 第1版', level: 1 }).waitFor()
    expect(await page.getByTestId('version-hash').innerText()).toBe(v1?.sha256)
    await page.getByText('这是最新公示的版本').waitFor()
    await page.getByLabel('按房号查找').fill('1-1-101')
    const units = page.getByRole('region', { name: '房屋' })
    // 1-1-101 and 11-1-101 match what she typed.
    await units.getByText('显示 2 / 2 户').waitFor()
    const flat = units.getByRole('listitem', { name: '1-1-101', exact: true })
    expect(await flat.innerText()).toContain('143.90 ㎡')
    expect(await flat.innerText()).toContain('潘*')
    expect(await page.content()).not.toContain('潘芳')
    await noSidewaysScroll(page)

    // Her objection, about her own flat (offered first).
    const form = page.getByRole('region', { name: '对这一版提出异议' })
    expect(await form.getByLabel('房号').inputValue()).toBe('1-1-101')
    await form.getByLabel('异议内容').fill('面积应为 145.20 ㎡，见不动产登记证。')
    await form.getByRole('button', { name: '提交异议' }).tap()
    await form.getByText('异议已提交').waitFor()
    const objections = page.getByRole('region', { name: '异议与答复' })
    await objections.getByText('面积应为 145.20 ㎡，见不动产登记证。').waitFor()
    await objections.getByText('等待筹备组答复').waitFor()

    // A convener of the preparatory group, on her phone too, upholds it (成立) on the same page…
    const desk = await phoneOn(stage)
    await enrollAt(stage.app, desk.page, ESTATE, '筹备组', 'convener', stage.clock())
    await desk.page.goto(`${stage.app.origin}${VERSIONS}`)
    const theirs = desk.page.getByRole('region', { name: '异议与答复' })
    await theirs.getByRole('radio', { name: '成立', exact: true }).check()
    await theirs.getByLabel('答复内容（不成立时写明理由）').fill('已核对登记证，面积更正为 145.20 ㎡。')
    await theirs.getByRole('button', { name: '提交答复' }).tap()
    await theirs.getByText('答复：已核对登记证，面积更正为 145.20 ㎡。').waitFor()
    await noSidewaysScroll(desk.page)
    // …corrects the roll by the roll's own change path (an import)…
    const db = stage.app.db
    const corrected = demoCsv().replace('1-1-101,1号楼,住宅,143.90,', '1-1-101,1号楼,住宅,145.20,')
    const imported = await importRoll(db, {
      estateId: ESTATE,
      fileName: 'roll.csv',
      file: Buffer.from(corrected),
      actor: 'test:convener',
      role: 'convener',
    })
    expect(imported.ok).toBe(true)
    // …and publishes 第2版, naming the upheld objection (offered checked).
    const publish = desk.page.getByRole('region', { name: '发布新版本' })
    await publish.getByLabel('本版说明').fill('更正 1-1-101 面积')
    expect(await publish.getByRole('checkbox', { name: /1-1-101/ }).isChecked()).toBe(true)
    await publish.getByRole('button', { name: '发布新版本' }).tap()
    await desk.page.getByRole('heading', { name: '业主名册 第2版', level: 1 }).waitFor()
    const v2 = await finalRollVersion(db, ESTATE)
    expect(v2?.number).toBe(2)
    expect(JSON.parse(v2?.answers_json ?? '[]')).toHaveLength(1)

    // Her page now opens on 第2版, which lists her objection as corrected, with the answer.
    await page.reload()
    await page.getByRole('heading', { name: '业主名册 第2版', level: 1 }).waitFor()
    const corrects = page.getByRole('region', { name: '本版更正的异议' })
    await corrects.getByText('面积应为 145.20 ㎡，见不动产登记证。').waitFor()
    await corrects.getByText('成立', { exact: true }).waitFor()
    await corrects.getByText('答复：已核对登记证，面积更正为 145.20 ㎡。').waitFor()
    await expect.poll(() => page.getByTestId('version-hash').innerText(), poll).toBe(v2?.sha256)
    expect(v2?.sha256).not.toBe(v1?.sha256)
    await page.getByLabel('按房号查找').fill('1-1-101')
    await units.getByText('显示 2 / 2 户').waitFor()
    expect(await flat.innerText()).toContain('145.20 ㎡')
    await noSidewaysScroll(page)
    // 第1版 keeps her objection with its decision and the version that corrected it; it takes no new objection.
    await page.goto(`${stage.app.origin}${VERSIONS}/1`)
    await page.getByText('已有更新的版本：第2版。').waitFor()
    await objections.getByText('成立', { exact: true }).waitFor()
    await objections.getByText('答复：已核对登记证，面积更正为 145.20 ㎡。').waitFor()
    await objections.getByRole('link', { name: '已在第2版中更正。' }).waitFor()
    expect(await page.getByRole('region', { name: '对这一版提出异议' }).count()).toBe(0)
    await noSidewaysScroll(page)
  })

  it('compares two versions side by side: the changed flat, both hashes', async () => {
    const { page } = await phoneOn(stage)
    await page.goto(`${stage.app.origin}${VERSIONS}/2`)
    await page.getByRole('link', { name: '与第1版比较' }).tap()
    await page.getByRole('heading', { name: '第1版与第2版比较', level: 1 }).waitFor()
    const changed = page.getByRole('region', { name: '有变化的房屋' })
    const flat = changed.getByRole('listitem', { name: '1-1-101', exact: true })
    expect(await flat.locator('del').innerText()).toBe('143.90 ㎡')
    expect(await flat.locator('ins').innerText()).toBe('145.20 ㎡')
    await page.getByText('其余 1,007 户没有变化。').waitFor()
    const versions = await stage.app.db
      .selectFrom('roll_versions')
      .select(['number', 'sha256'])
      .orderBy('number')
      .execute()
    const hashes = await page.locator('code.hash').allInnerTexts()
    expect(hashes).toEqual(versions.map((v) => v.sha256))
    await noSidewaysScroll(page)
  })

  it('a convener drafts the rules of procedure from the template and publishes them; an owner reads them on her phone', async () => {
    const desk = await phoneOn(stage)
    await enrollAt(stage.app, desk.page, ESTATE, '筹备组乙', 'convener', stage.clock())
    await desk.page.goto(`${stage.app.origin}${DOCUMENTS}`)
    await desk.page.getByRole('heading', { name: '小区文件', level: 1 }).waitFor()
    await desk.page.getByLabel('文件类型').selectOption('rules_of_procedure')
    await desk.page.getByRole('button', { name: '起草' }).tap()
    const draft = desk.page.getByRole('region', { name: '草稿' })
    await draft.getByLabel('小区地址').fill('幸福路1号')
    await draft.getByLabel('车位面积计入表决').check()
    await draft.getByLabel('结果异议期（日）').fill('10')
    await draft.getByRole('button', { name: '公布为新版本' }).tap()
    await desk.page.getByText('第1版 · 公示日期').waitFor()
    await noSidewaysScroll(desk.page)
    const [version] = await stage.app.db.selectFrom('document_versions').select(['sha256']).execute()

    const { page } = await phoneOn(stage)
    await page.goto(`${stage.app.origin}${DOCUMENTS}`)
    await page.getByRole('link', { name: '锦绣苑业主大会议事规则' }).tap()
    await page.getByRole('heading', { name: '锦绣苑业主大会议事规则', level: 1 }).waitFor()
    expect(await page.getByTestId('document-hash').innerText()).toBe(version?.sha256)
    const text = await page.locator('.document-text').innerText()
    expect(text).toContain('锦绣苑（地址：幸福路1号）')
    expect(text).toContain('车位、摊位等特定空间的面积，计入专有部分面积')
    expect(text).toContain('公布之日起10日内')
    expect(await page.getByRole('region', { name: '草稿' }).count()).toBe(0)
    await noSidewaysScroll(page)
  })
})
