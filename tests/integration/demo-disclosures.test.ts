import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoMoneyDisclosures } from '../../server/demo/disclosures-data'
import { seedDemoDisclosures, type DemoDisclosures } from '../../server/demo/disclosures'
import { seedDemoCommittee, seedDemoMeetings } from '../../server/demo/meetings'
import { prng } from '../../server/demo/prng'
import { SoftAuthenticator } from '../../server/demo/soft-authenticator'
import { seedDemoSurveys, type DemoSurveys } from '../../server/demo/surveys'
import { DAY_MS } from '../../server/domain/calendar'
import { verifyAuditChain } from '../../server/services/audit'
import { call, demoDb, ORIGIN, testApp, type TempDb, type TestApp } from '../support'
import type { Json } from '../support/stage'

/**
 * The demo estate's disclosures, as `npm start` seeds them (server/main.ts) after its meetings and committee: the
 * last full year of the maintenance fund (the first half-year corrected) and of common income, the property
 * contract, the covenant in two versions and the committee's decisions, every period due since the committee took
 * office published — and one kind overdue, the working funds; the closed surveys' results disclosed. Read back through the public API, as anyone reads it.
 */

const NOW = new Date('2026-11-23T09:30:00Z')
/** Each seed plays three meetings and a committee through the services: 15 s alone, minutes on busy cores. */
let t: TempDb
let a: TestApp
let seeded: DemoDisclosures
let surveys: DemoSurveys
const base = '/api/estates/jinxiu/disclosures'

beforeAll(async () => {
  t = await demoDb(new Date(NOW.getTime() - 140 * DAY_MS))
  const passkeys = { rpID: 'localhost', rpName: '共决 Gongjue', origin: ORIGIN }
  const newPhone = () => new SoftAuthenticator(ORIGIN)
  await seedDemoMeetings(t.db, { passkeys, newPhone, random: prng(2026), now: NOW })
  await seedDemoCommittee(t.db, { passkeys, newPhone, random: prng(2027), now: NOW, origin: ORIGIN })
  surveys = await seedDemoSurveys(t.db, 'jinxiu', { now: NOW, random: prng(2029) })
  const made = await seedDemoDisclosures(t.db, 'jinxiu', { now: NOW })
  if (!made) throw new Error('the demo disclosures were not seeded')
  seeded = made
  a = testApp(t.db, { now: () => NOW })
}, 300_000)
afterAll(async () => {
  await a.tracker.drain()
  await t.cleanup()
})

const get = async (path: string): Promise<Json> => {
  const r = await call(a.app, 'GET', path)
  expect(r.status).toBe(200)
  return (await r.json()) as Json
}

describe('the demo disclosures', () => {
  it('are listed for anyone: the fund’s two half-years (the first in 第2版), four quarters, contract, covenant, decisions', async () => {
    const { disclosures } = await get(base)
    const of = (kind: string) =>
      (disclosures as Json[])
        .filter((d) => d.kind === kind)
        .sort((x, y) => String(x.period?.end ?? '').localeCompare(String(y.period?.end ?? '')))
    const y = seeded.year
    expect(y).toBe(2025)
    expect(of('maintenance_fund').map((d) => [d.period.start, d.period.end, d.version])).toEqual([
      [`${y}-01-01`, `${y}-06-30`, 2],
      [`${y}-07-01`, `${y}-12-31`, 1],
    ])
    // The data year's four quarters, and the quarter since the term began (2026-08-23) that fell due on 30 October.
    expect(of('common_income').map((d) => [d.period.end, d.version])).toEqual([
      [`${y}-03-31`, 1],
      [`${y}-06-30`, 1],
      [`${y}-09-30`, 1],
      [`${y}-12-31`, 1],
      ['2026-09-30', 1],
    ])
    expect(of('property_contract').map((d) => d.version)).toEqual([1])
    expect(of('management_covenant').map((d) => d.version)).toEqual([2])
    // The committee's two meetings' resolutions and the election meeting's final announcement, as they were published.
    expect(of('decisions')).toHaveLength(3)
    expect(seeded.decisions).toHaveLength(3)
    expect(of('working_funds')).toEqual([])
    for (const d of disclosures as Json[]) {
      expect(d.visibility).toBe('public')
      expect(d.sha256).toMatch(/^[0-9a-f]{64}$/)
      expect(Date.parse(d.publishedAt)).toBeLessThanOrEqual(NOW.getTime())
    }
  })

  it('shows the corrections with their reasons beside the first versions', async () => {
    const fund = await get(`${base}/${seeded.money[0]}`)
    expect(fund.versions.map((v: Json) => v.number)).toEqual([2, 1])
    expect(fund.versions[0].reason).toContain('18,920.00 元')
    const covenant = await get(`${base}/${seeded.covenant}`)
    expect(covenant.versions[0].reason).toContain('第八条第二款')
    const compared = await get(`${base}/${seeded.covenant}/versions/1/compare/2`)
    expect(compared.lines.filter((l: Json) => l.op === 'added').map((l: Json) => l.line)).toEqual([
      '　　业主委员会工作经费的收支，业主委员会每月公布一次。',
    ])
  })

  it('attaches the contract’s signature page, a PDF anyone downloads with its SHA-256', async () => {
    const v = await get(`${base}/${seeded.contract}/versions/1`)
    const [pdf, ...more] = v.version.attachments as Json[]
    expect(more).toEqual([])
    expect(pdf).toMatchObject({ name: '物业服务合同签字页.pdf', mime: 'application/pdf' })
    const file = await call(a.app, 'GET', `${base}/${seeded.contract}/attachments/${pdf?.id}`)
    expect(file.status).toBe(200)
    const bytes = Buffer.from(await file.arrayBuffer())
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(pdf?.sha256)
  })

  it('opens the fund’s second half-year at the corrected closing of the first', async () => {
    const [h1, h2] = demoMoneyDisclosures(seeded.year)
    const first = await get(`${base}/${seeded.money[0]}/versions/1`)
    const corrected = await get(`${base}/${seeded.money[0]}/versions/2`)
    const second = await get(`${base}/${seeded.money[1]}/versions/1`)
    expect(first.version.statement).toEqual(h1?.versions[0]?.statement)
    expect(corrected.version.statement).toEqual(h1?.versions[1]?.statement)
    expect(second.version.statement).toEqual(h2?.versions[0]?.statement)
    expect(second.version.statement.openingFen).toBe(corrected.version.statement.closingFen)
    expect(second.version.statement.openingFen).not.toBe(first.version.statement.closingFen)
  })

  it('has exactly one kind overdue on the due list: the working funds, never published since the term began', async () => {
    const due = await get(`${base}/due`)
    expect(due.dutyStart).toBe('2026-08-23')
    const overdue = (due.kinds as Json[]).filter((k) => k.overdueDays > 0)
    expect(overdue.map((k) => k.kind)).toEqual(['working_funds'])
    // Monthly, as the covenant's 第2版 has it: the term's first month was due on 30 September.
    expect(overdue[0]).toMatchObject({
      next: { period: { start: '2026-08-23', end: '2026-08-31' } },
      lastPeriod: null,
      missed: 2,
    })
    const kind = (k: string): Json => (due.kinds as Json[]).find((x) => x.kind === k) ?? {}
    expect(kind('common_income').lastPeriod).toEqual({ start: '2026-08-23', end: '2026-09-30' })
    expect(kind('maintenance_fund').next.period).toEqual({ start: '2026-08-23', end: '2026-12-31' })
    expect(kind('decisions').next).toBeNull()
  })

  it('puts the company, the contract’s facts and the fund and common-income balances on the board', async () => {
    const board = await get(`${base}/board`)
    expect(board.contract.facts.company).toBe('上海锦程物业管理有限公司')
    expect(board.contract.facts.contractStart).toBe('2025-01-01')
    expect(board.contract.facts.fees[0]).toEqual({ item: '住宅物业服务费', rateFen: 230, unit: '㎡·月' })
    expect(board.contract.facts.hotline).toContain('021-')
    const [, h2] = demoMoneyDisclosures(seeded.year)
    expect(board.maintenanceFund.closingFen).toBe(h2?.versions[0]?.statement.closingFen)
    expect(board.maintenanceFund.period).toEqual({ start: '2025-07-01', end: '2025-12-31' })
    // Common income's latest period is the quarter since the term began, opening at the data year's closing.
    const latest = seeded.caughtUp.find((c) => c.kind === 'common_income')
    expect(board.commonIncome.disclosureId).toBe(latest?.id)
    const v = await get(`${base}/${latest?.id}/versions/1`)
    expect(v.version.statement.openingFen).toBe(39_939_216)
    expect(board.commonIncome.closingFen).toBe(v.version.statement.closingFen)
    expect(board.due.map((k: Json) => k.kind)).toContain('working_funds')
  })

  it('discloses the results of the two closed surveys, not of the open one', async () => {
    expect([...seeded.surveys.keys()].sort()).toEqual([surveys.passed, surveys.failed].sort())
    const { disclosures } = await get(base)
    const other = (disclosures as Json[]).filter((d) => d.kind === 'other')
    expect(other.map((d) => d.title).sort()).toEqual([
      '2026年上半年物业服务满意度测评结果',
      '2026年下半年物业服务满意度测评结果',
    ])
    const failed = await get(`${base}/${seeded.surveys.get(surveys.failed)}/versions/1`)
    expect(failed.version.body).toContain('总体结论：未达到合格线 80%。')
    const passed = await get(`${base}/${seeded.surveys.get(surveys.passed)}/versions/1`)
    expect(passed.version.body).toContain('总体结论：达到合格线 80%。')
    expect(Date.parse(passed.version.publishedAt)).toBeLessThan(NOW.getTime())
  })

  it('is seeded once, with the audit chain whole', async () => {
    const before = await t.db.selectFrom('disclosure_versions').select('id').execute()
    expect(await seedDemoDisclosures(t.db, 'jinxiu', { now: NOW })).toBeNull()
    expect(await t.db.selectFrom('disclosure_versions').select('id').execute()).toHaveLength(before.length)
    expect((await verifyAuditChain(t.db)).ok).toBe(true)
  })
})

/**
 * Another start day: 2027-01-05, when the election meeting's window ends on the Mid-Autumn holiday of 2026 (it closes
 * at 24:00 of the next working day, 民法典 art. 203, and the demo's meetings wait for it) and the committee took office
 * in October — still exactly one kind overdue, the working funds.
 */
describe('the demo disclosures seeded on another day', () => {
  const LATER = new Date('2027-01-05T02:00:00Z')
  let u: TempDb
  let b: TestApp
  beforeAll(async () => {
    u = await demoDb(new Date(LATER.getTime() - 140 * DAY_MS))
    const passkeys = { rpID: 'localhost', rpName: '共决 Gongjue', origin: ORIGIN }
    const newPhone = () => new SoftAuthenticator(ORIGIN)
    await seedDemoMeetings(u.db, { passkeys, newPhone, random: prng(2026), now: LATER })
    await seedDemoCommittee(u.db, { passkeys, newPhone, random: prng(2027), now: LATER, origin: ORIGIN })
    await seedDemoDisclosures(u.db, 'jinxiu', { now: LATER })
    b = testApp(u.db, { now: () => LATER })
  }, 300_000)
  afterAll(async () => {
    await b.tracker.drain()
    await u.cleanup()
  })

  it('has exactly one kind overdue, the working funds, and the data year’s balances on the board', async () => {
    const due = (await (await call(b.app, 'GET', `${base}/due`)).json()) as Json
    expect(due.dutyStart > '2026-10-01').toBe(true)
    expect((due.kinds as Json[]).filter((k) => k.overdueDays > 0).map((k) => k.kind)).toEqual([
      'working_funds',
    ])
    const board = (await (await call(b.app, 'GET', `${base}/board`)).json()) as Json
    const [, h2] = demoMoneyDisclosures(2025)
    expect(board.maintenanceFund.closingFen).toBe(h2?.versions[0]?.statement.closingFen)
    expect(board.commonIncome.period).toEqual({ start: '2025-10-01', end: '2025-12-31' })
    expect((await verifyAuditChain(u.db)).ok).toBe(true)
  })
})
