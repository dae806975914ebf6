import { describe, expect, it } from 'vitest'
import { countUnits } from '../../server/services/import-roll'
import { csv, mergedRoll } from '../support/roll-files'
import { deskOn, enrollAt, ESTATE, setUpStage } from './desk'

/**
 * The console's roll import when the file lists one owner with different phones (domain.md §3 "Owner identity"):
 * the convener is shown each merge in words, nothing is imported until they confirm, and the confirmation re-sends
 * the same file. The progress bar's words never say 完成 for an import that wrote nothing.
 */

const stage = setUpStage()

describe('the console’s roll import with owner merges', () => {
  it('shows the merges with masked phones, imports only after 确认合并并导入, and never says 完成 when nothing was imported', async () => {
    const desk = await deskOn(stage)
    await enrollAt(stage.app, desk, ESTATE, '王召集', 'convener', stage.clock())
    await desk.goto(`${stage.app.origin}/console/${ESTATE}/roll`)
    const label = desk.locator('label[for="import-progress"]')

    // A bad file: not imported, and the bar says so.
    await desk.getByLabel('名册文件').setInputFiles({
      name: 'bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv('1,1号楼,住宅,0,登记,甲,1234,13800000000,N')),
    })
    await desk.getByRole('button', { name: '导入', exact: true }).click()
    await desk.locator('.error-report').waitFor()
    expect(await label.innerText()).toContain('未导入')
    expect(await label.innerText()).not.toContain('完成')

    await desk.getByLabel('名册文件').setInputFiles({
      name: 'merged.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(mergedRoll()),
    })
    await desk.getByRole('button', { name: '导入', exact: true }).click()
    const report = desk.locator('.merge-report')
    await report.waitFor()
    expect(await report.innerText()).toContain(
      '甲（证件号后四位 1234）：第 2、4、5 行，手机 138****0000、139****0000',
    )
    expect(await report.innerText()).not.toContain('13900000000')
    expect(await label.innerText()).not.toContain('完成')
    await stage.screenshot(desk, 'console-roll-merges')
    const before = await countUnits(stage.app.db, ESTATE)
    expect(before).toBe(1008) // the seeded demo roll, untouched

    // Choosing another file meanwhile does not change what is confirmed: the same file is re-sent.
    await desk.getByLabel('名册文件').setInputFiles({
      name: 'other.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv('9,9号楼,住宅,90,登记,丁,4321,13500000000,N')),
    })
    await desk.getByRole('button', { name: '确认合并并导入' }).click()
    await desk.getByText('导入完成：4 个房屋。').waitFor()
    expect(await desk.getByRole('status').filter({ hasText: '导入完成' }).innerText()).toContain(
      '已确认 1 位业主',
    )
    expect(await label.innerText()).toContain('完成')
    expect(await countUnits(stage.app.db, ESTATE)).toBe(4)
    await stage.screenshot(desk, 'console-roll-merges-confirmed')
  }, 90_000)
})
