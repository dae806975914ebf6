import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedFormingEstate } from '../../server/demo/formation'
import { seedDemoCommittee, seedDemoMeetings } from '../../server/demo/meetings'
import { prng } from '../../server/demo/prng'
import { SoftAuthenticator } from '../../server/demo/soft-authenticator'
import { seedDemoSurveys } from '../../server/demo/surveys'
import { DAY_MS } from '../../server/domain/calendar'
import { verifyAuditChain } from '../../server/services/audit'
import {
  call,
  demoDb,
  enrolStaff,
  ORIGIN,
  sessionCookie,
  signIn,
  testApp,
  type SignedIn,
  type TempDb,
  type TestApp,
} from '../support'

/**
 * Oversight across estates (domain §11) through the API on the demo's two estates: 锦绣苑 with its committee in
 * term and its surveys, 清源里 being formed. An admin makes a district with two street offices and puts one estate
 * in each; a street office sees its own estate only, the district office both, with the district figures and the
 * estates behind each. The facts are kept and gathered again only after the estate's records change or the day
 * turns. Never a ballot's choices.
 */

const NOW = new Date('2026-12-01T10:00:00+08:00')
let t: TempDb
let a: TestApp
let now = NOW
type Person = { -readonly [K in keyof SignedIn]: SignedIn[K] }
let admin: Person
let east: Person
let district: Person
let nobody: SignedIn

type Json = Record<string, unknown>
const get = async (path: string, who?: SignedIn) => {
  const res = await call(a.app, 'GET', path, { cookie: who?.cookie })
  return { status: res.status, body: (await res.json()) as Json }
}
const send = async (method: string, path: string, body: unknown, who: SignedIn = admin) => {
  const res = await call(a.app, method, path, { body, cookie: who.cookie })
  return { status: res.status, body: res.status === 204 ? {} : ((await res.json()) as Json) }
}

interface EstateRow {
  estateId: string
  name: string
  streetOffice: { id: string; name: string }
  standing: { state: string; endsOn?: string }
  term: { number: number; endsOn: string } | null
  formationStage: string
  clocks: { name: string; status: string }[]
  overdue: { kind: string; days: number }[]
  latestSurvey: { closesOn: string; passed: boolean } | null
  standard: { ok: boolean; failures: string[] }
}
interface Figure {
  count: number
  of: number
  estates: string[]
  others: string[]
  meetsTarget: boolean | null
}
interface Overview {
  gathered: number
  estates: EstateRow[]
  districts: { id: string; figures: { formation: Figure; standard: Figure; satisfaction: Figure } }[]
}

beforeAll(async () => {
  t = await demoDb(new Date(NOW.getTime() - 240 * DAY_MS))
  const passkeys = { rpID: 'localhost', rpName: '共决 Gongjue', origin: ORIGIN }
  const newPhone = () => new SoftAuthenticator(ORIGIN)
  await seedDemoMeetings(t.db, { passkeys, newPhone, random: prng(1), now: NOW })
  await seedDemoCommittee(t.db, { passkeys, newPhone, random: prng(2), now: NOW, origin: ORIGIN })
  await seedDemoSurveys(t.db, 'jinxiu', { now: NOW, random: prng(3) })
  await seedFormingEstate(t.db, {
    rollPath: 'demo/roll-qingyuan.csv',
    now: NOW,
    origin: ORIGIN,
    passkeys,
    newPhone,
    random: prng(4),
  })
  a = testApp(t.db, { now: () => now })
  admin = await enrolStaff(a, t.db, 'admin', null, '平台管理员', NOW)
  east = await enrolStaff(a, t.db, 'supervisor', 'qingyuan', '东街道 王*', NOW)
  district = await enrolStaff(a, t.db, 'supervisor', 'qingyuan', '区房管局 李*', NOW)
  nobody = await enrolStaff(a, t.db, 'supervisor', 'jinxiu', '居委会 赵*', NOW)
}, 180_000)
afterAll(async () => {
  await a.tracker.drain()
  await t.cleanup()
})

describe('the admin’s records of the areas', () => {
  it('makes a district, two street offices and puts an estate in each, audited', async () => {
    expect((await send('POST', '/api/districts', { id: 'jiading', name: '嘉定区' })).status).toBe(201)
    for (const [id, name] of [
      ['west', '西街道'],
      ['east', '东街道'],
    ])
      expect((await send('POST', '/api/street-offices', { id, name, districtId: 'jiading' })).status).toBe(
        201,
      )
    expect((await send('PUT', '/api/estates/jinxiu/area', { streetOfficeId: 'west' })).status).toBe(200)
    expect((await send('PUT', '/api/estates/qingyuan/area', { streetOfficeId: 'east' })).status).toBe(200)
    const areas = await get('/api/areas', admin)
    expect(areas.body).toEqual({
      districts: [
        {
          id: 'jiading',
          name: '嘉定区',
          streetOffices: [
            { id: 'east', name: '东街道' },
            { id: 'west', name: '西街道' },
          ],
        },
      ],
    })
    const actions = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'in', ['district.created', 'street_office.created', 'estate.area_assigned'])
      .execute()
    expect(actions.map((x) => x.action).sort()).toEqual([
      'district.created',
      'estate.area_assigned',
      'estate.area_assigned',
      'street_office.created',
      'street_office.created',
    ])
  })

  it('refuses a second district of one id, an unknown office or estate, a bad id, and anyone but an admin', async () => {
    expect(await send('POST', '/api/districts', { id: 'jiading', name: '又一个' })).toMatchObject({
      status: 409,
      body: { error: { code: 'area_exists' } },
    })
    expect(
      await send('POST', '/api/street-offices', { id: 'north', name: '北', districtId: 'nope' }),
    ).toMatchObject({
      status: 404,
      body: { error: { code: 'area_not_found' } },
    })
    expect(await send('PUT', '/api/estates/jinxiu/area', { streetOfficeId: 'nope' })).toMatchObject({
      status: 404,
      body: { error: { code: 'area_not_found' } },
    })
    expect(await send('PUT', '/api/estates/nowhere/area', { streetOfficeId: 'west' })).toMatchObject({
      status: 404,
      body: { error: { code: 'estate_not_found' } },
    })
    expect((await send('POST', '/api/districts', { id: 'Bad Id', name: 'x' })).status).toBe(400)
    expect((await send('POST', '/api/districts', { id: 'other', name: 'x' }, east)).status).toBe(403)
    expect((await get('/api/areas')).status).toBe(401)
  })

  it('grants a street office’s estates and a district’s to staff accounts', async () => {
    expect(
      await send('POST', '/api/area-grants', {
        accountId: east.accountId,
        role: 'street_office',
        areaId: 'east',
      }),
    ).toMatchObject({ status: 201 })
    expect(
      await send('POST', '/api/area-grants', {
        accountId: district.accountId,
        role: 'district_office',
        areaId: 'jiading',
      }),
    ).toMatchObject({ status: 201 })
    expect(
      await send('POST', '/api/area-grants', {
        accountId: east.accountId,
        role: 'street_office',
        areaId: 'nope',
      }),
    ).toMatchObject({ status: 404, body: { error: { code: 'area_not_found' } } })
  })
})

describe('the oversight page', () => {
  it('shows a street office the estates of its own area only, and what it may now do there', async () => {
    const o = (await get('/api/oversight', east)).body as unknown as Overview
    expect(o.estates.map((e) => e.estateId)).toEqual(['qingyuan'])
    // The area grant acts as the street office's grant of each estate in it, on the estate's own routes.
    // (a street office's own act: an application for formation; the empty body is refused past the access check)
    expect((await send('POST', '/api/estates/qingyuan/formation/applications', {}, east)).status).toBe(400)
    expect((await send('POST', '/api/estates/jinxiu/formation/applications', {}, east)).status).toBe(403)
  })

  it('shows the district office both estates with their standing, and the district figures behind them', async () => {
    const o = (await get('/api/oversight', district)).body as unknown as Overview
    const byId = new Map(o.estates.map((e) => [e.estateId, e]))
    const jinxiu = byId.get('jinxiu') as EstateRow
    const qingyuan = byId.get('qingyuan') as EstateRow
    expect(jinxiu.streetOffice).toEqual({ id: 'west', name: '西街道' })
    expect(jinxiu.term?.number).toBe(1)
    expect(['in_term', 'term_ending']).toContain(jinxiu.standing.state)
    // The demo's later survey is below its pass mark.
    expect(jinxiu.latestSurvey).toMatchObject({ passed: false })
    expect(qingyuan.standing.state).toBe('forming')
    expect(qingyuan.term).toBeNull()
    expect(qingyuan.standard.failures).toContain('no_committee_in_term')
    expect(qingyuan.clocks.length).toBeGreaterThan(0)

    const [d] = o.districts
    expect(d?.id).toBe('jiading')
    // One of two eligible estates formed; the standard is over the formed one only.
    expect(d?.figures.formation).toMatchObject({
      count: 1,
      of: 2,
      estates: ['jinxiu'],
      others: ['qingyuan'],
      meetsTarget: false,
    })
    expect(d?.figures.standard.of).toBe(1)
    expect(d?.figures.satisfaction).toMatchObject({ count: 0, of: 1, others: ['jinxiu'], meetsTarget: false })
    // Never a ballot's choices or receipts in what the offices see.
    expect(JSON.stringify(o)).not.toMatch(/"(choices|choice|receipt)"/)
  })

  it('leaves an estate that may not form an assembly out of the formation rate', async () => {
    await send('PUT', '/api/estates/qingyuan/area', { streetOfficeId: 'east', formationEligible: false })
    const o = (await get('/api/oversight', district)).body as unknown as Overview
    expect(o.districts[0]?.figures.formation).toMatchObject({ count: 1, of: 1, meetsTarget: true })
    await send('PUT', '/api/estates/qingyuan/area', { streetOfficeId: 'east', formationEligible: true })
  })

  it('filters by street office, shows an account without an area nothing, and refuses an anonymous caller', async () => {
    const west = (await get('/api/oversight?streetOffice=west', district)).body as unknown as Overview
    expect(west.estates.map((e) => e.estateId)).toEqual(['jinxiu'])
    // An account without an area oversees nothing.
    expect(await get('/api/oversight', nobody)).toMatchObject({
      status: 200,
      body: { estates: [], districts: [] },
    })
    expect((await get('/api/oversight')).status).toBe(401)
    expect((await get('/api/oversight?district=Not%20an%20id', district)).status).toBe(400)
  })

  it('keeps the facts: gathers again only an estate whose records changed since, and every estate the next day', async () => {
    await get('/api/oversight', district)
    expect(((await get('/api/oversight', district)).body as unknown as Overview).gathered).toBe(0)
    // An audited change of 清源里 (its place recorded again) makes its facts stale, and only its.
    await send('PUT', '/api/estates/qingyuan/area', { streetOfficeId: 'east', formationEligible: true })
    expect(((await get('/api/oversight', district)).body as unknown as Overview).gathered).toBe(1)
    // The next day (everyone signs in again: a session lasts 8 hours).
    now = new Date(NOW.getTime() + DAY_MS)
    for (const who of [admin, east, district]) who.cookie = sessionCookie(await signIn(a, who.phone))
    expect(((await get('/api/oversight', district)).body as unknown as Overview).gathered).toBe(2)
    expect(((await get('/api/oversight', district)).body as unknown as Overview).gathered).toBe(0)
  })

  it('exports the table as CSV and as an Excel workbook, one row per estate', async () => {
    const csv = await call(a.app, 'GET', '/api/oversight/export.csv', { cookie: district.cookie })
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toContain('text/csv')
    // UTF-8 with its byte-order mark, so that Excel opens the Chinese text as such.
    const bytes = Buffer.from(await csv.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.subarray(3).toString('utf8')
    expect(text.startsWith('街道 Street office,小区 Estate')).toBe(true)
    const lines = text.trim().split('\r\n')
    expect(lines).toHaveLength(3)
    expect(lines.some((l) => l.startsWith('东街道,清源里,筹备中'))).toBe(true)

    const xlsx = await call(a.app, 'GET', '/api/oversight/export.xlsx', { cookie: district.cookie })
    expect(xlsx.status).toBe(200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await xlsx.arrayBuffer())
    const sheet = book.worksheets[0]
    expect(sheet?.rowCount).toBe(3)
    expect(sheet?.getRow(1).getCell(2).value).toBe('小区 Estate')
  })

  it('records the district figures month by month, shown over the last 12 months to who sees the whole district', async () => {
    for (const at of ['2025-11-20', '2026-10-20', '2026-11-20'])
      expect(await a.clock.oversight(new Date(`${at}T10:00:00+08:00`))).toBe(1)
    await a.clock.oversight(now)
    type Months = { districts: { months: { month: string; formation: { count: number; of: number } }[] }[] }
    const o = (await get('/api/oversight', district)).body as unknown as Months
    // A year ago is out of the 12 months; the current month is the last figures recorded in it.
    expect(o.districts[0]?.months.map((m) => m.month)).toEqual(['2026-10', '2026-11', '2026-12'])
    expect(o.districts[0]?.months.at(-1)?.formation).toEqual({ count: 1, of: 2 })
    // A street office sees part of the district: its figures are of its own estates, with no district months.
    const mine = (await get('/api/oversight', east)).body as unknown as Months
    expect(mine.districts[0]?.months).toEqual([])
  })

  it('revokes an area grant: the street office no longer sees the estate nor acts on it', async () => {
    const grant = await t.db
      .selectFrom('area_grants')
      .select('id')
      .where('account_id', '=', east.accountId)
      .executeTakeFirstOrThrow()
    expect((await send('DELETE', `/api/area-grants/${grant.id}`, undefined)).status).toBe(204)
    expect(await get('/api/oversight', east)).toMatchObject({ status: 200, body: { estates: [] } })
    expect((await send('POST', '/api/estates/qingyuan/formation/applications', {}, east)).status).toBe(403)
    expect(await send('DELETE', `/api/area-grants/${grant.id}`, undefined)).toMatchObject({
      status: 404,
      body: { error: { code: 'grant_not_found' } },
    })
    expect((await verifyAuditChain(t.db)).ok).toBe(true)
  })
})
