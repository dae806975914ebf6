import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import { importRoll } from '../../server/services/import-roll'
import { csv, tempDb, testApp, type TestApp } from '../support'

/**
 * The published roll as CSV (anyone may download it) carries what the roll file said: a crafted owner name or
 * building must not become a formula in the convener's spreadsheet (OWASP CSV injection).
 */

let t: Awaited<ReturnType<typeof tempDb>>
let a: TestApp

beforeEach(async () => {
  t = await tempDb()
  a = testApp(t.db)
  const file = csv(
    '1-1-101,1号楼,住宅,90,登记,"=HYPERLINK(""http://evil.example"",""x"")",1234,13800000000,N',
    '-1-101,地下室,车位,12.5,登记,+cmd|calc;@SUM(1),5678;9012,13700000000;13600000000,N',
    '2-1-101,"=2+5+cmd|\' /C calc\'!A0",住宅,80,登记,王五,3456,13500000000,N',
  )
  const r = await importRoll(t.db, {
    estateId: 'crafted',
    estateName: '测试苑',
    fileName: 'roll.csv',
    file: new TextEncoder().encode(file),
    actor: 'test',
    role: 'convener',
  })
  expect(r).toMatchObject({ ok: true })
})
afterEach(async () => {
  await a.tracker.drain()
  await t.cleanup()
})

describe('GET /api/estates/:id/roll.csv', () => {
  it('writes every cell that would start a formula with a leading quote, and the unit numbers readable', async () => {
    const res = await a.app.request('/api/estates/crafted/roll.csv')
    expect(res.status).toBe(200)
    const cells = (parse((await res.text()).replace(/^\uFEFF/, '')) as string[][]).flat()
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([])
    expect(cells).toContain("'=*")
    expect(cells).toContain("'+*;@*")
    expect(cells).toContain("'-1-101")
    expect(cells).toContain(`'=2+5+cmd|' /C calc'!A0`)
    expect(cells).toContain('1-1-101')
  })
})
