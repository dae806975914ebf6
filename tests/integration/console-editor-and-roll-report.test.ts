import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  call,
  csv,
  demoDb,
  enrolStaff,
  ORIGIN,
  testApp,
  type SignedIn,
  type TempDb,
  type TestApp,
} from '../support'

/**
 * What the console reads back: a draft meeting's candidates with the unit and the eligibility the convener entered
 * (the editor reopening a draft shows them; nothing after notice does), and a refused roll's report naming the unit
 * of every bad line that has one, including a line refused before its cells were read (a cell over the cap).
 */

let t: TempDb
let a: TestApp
let now: Date
let convener: SignedIn
let supervisor: SignedIn
const base = '/api/estates/jinxiu/meetings'

// Notice on 1 December 10:00 China time: voting may open 17 December 00:00 (15 full days, 民法典 art. 201).
const NOTICE_AT = '2026-12-01T02:00:00Z'
const OPENS = '2026-12-16T16:00:00.000Z'
const CLOSES = '2026-12-26T16:00:00.000Z'

beforeEach(async () => {
  t = await demoDb()
  now = new Date(NOTICE_AT)
  a = testApp(t.db, { now: () => now })
  convener = await enrolStaff(a, t.db, 'convener', 'jinxiu', '召集人甲', now)
  supervisor = await enrolStaff(a, t.db, 'supervisor', 'jinxiu', '居委会', now)
})
afterEach(async () => {
  await a.tracker.drain()
  await t.cleanup()
})

const eligible = { fullCapacity: true, noArrears: true, notPropertyStaff: true }
const candidate = (unit: string, name: string) => ({
  unit,
  name,
  statement: `${name}的陈述`,
  eligibility: eligible,
})
// Five seats (5 to 11 for an estate of this size), and as many candidates at least.
const more = [candidate('1-1-203', '高涛'), candidate('1-1-301', '余佳怡'), candidate('1-1-302', '郑刚')]
const definition = (candidates: ReturnType<typeof candidate>[]) => ({
  title: '选举会议',
  opensAt: OPENS,
  closesAt: CLOSES,
  matters: [
    { kind: 'management_covenant', title: '修改管理规约', body: '' },
    {
      kind: 'elect_committee',
      title: '选举第一届业主委员会',
      seats: 5,
      candidates: [...candidates, ...more],
    },
  ],
})

interface ReadCandidate {
  name: string
  unit?: string
  eligibility?: Record<string, boolean>
}
type ReadMatter = { kind: string; candidates?: ReadCandidate[] }
const candidatesOf = async (id: string, cookie: string) => {
  const res = await call(a.app, 'GET', `${base}/${id}`, { cookie })
  expect(res.status).toBe(200)
  const { meeting } = (await res.json()) as { meeting: { matters: ReadMatter[] } }
  // The first three: the ones each test names (the rest fill the seats).
  return (meeting.matters.find((m) => m.kind === 'elect_committee')?.candidates ?? []).slice(0, 3)
}

describe('a draft read back keeps each candidate’s unit and eligibility', () => {
  it('answers them to the estate’s staff while a draft, after a replacement too, and no longer once notice is given', async () => {
    // 贾建国 and 袁勇 co-own 1-1-201; 贾欣怡 owns two flats: the unit says which one was named.
    const created = await call(a.app, 'POST', base, {
      cookie: convener.cookie,
      body: definition([
        candidate('1-1-101', '潘芳'),
        candidate('1-1-201', '袁勇'),
        candidate('1-1-102', '段文杰'),
      ]),
    })
    expect(created.status).toBe(201)
    const { meeting } = (await created.json()) as { meeting: { id: string; matters: ReadMatter[] } }
    // The definition's own answer is a draft read back as well.
    expect(meeting.matters[1]?.candidates?.slice(0, 3).map((c) => c.unit)).toEqual([
      '1-1-101',
      '1-1-201',
      '1-1-102',
    ])

    const read = await candidatesOf(meeting.id, convener.cookie)
    expect(read).toEqual([
      expect.objectContaining({ name: '潘芳', unit: '1-1-101', eligibility: eligible }),
      expect.objectContaining({ name: '袁勇', unit: '1-1-201', eligibility: eligible }),
      expect.objectContaining({ name: '段文杰', unit: '1-1-102', eligibility: eligible }),
    ])
    // Never the stored owner's id, nor whether the name matched (the server decides that again at each save).
    for (const c of read)
      expect(Object.keys(c.eligibility ?? {}).sort()).toEqual(Object.keys(eligible).sort())
    expect(await candidatesOf(meeting.id, supervisor.cookie)).toEqual(read)

    // A replaced draft answers what replaced it.
    const replaced = await call(a.app, 'PUT', `${base}/${meeting.id}`, {
      cookie: convener.cookie,
      body: definition([
        candidate('1-1-103', '黎海燕'),
        candidate('1-1-201', '贾建国'),
        candidate('1-1-101', '潘芳'),
      ]),
    })
    expect(replaced.status).toBe(200)
    expect((await candidatesOf(meeting.id, convener.cookie)).map((c) => [c.name, c.unit])).toEqual([
      ['黎海燕', '1-1-103'],
      ['贾建国', '1-1-201'],
      ['潘芳', '1-1-101'],
    ])

    // After notice the agenda is the owners' to read: names and statements, nothing the convener checked.
    const noticed = await call(a.app, 'POST', `${base}/${meeting.id}/notice`, { cookie: convener.cookie })
    expect(noticed.status).toBe(200)
    const after = await candidatesOf(meeting.id, convener.cookie)
    expect(after.map((c) => c.name)).toEqual(['黎海燕', '贾建国', '潘芳'])
    for (const c of after) {
      expect(c).not.toHaveProperty('unit')
      expect(c).not.toHaveProperty('eligibility')
    }
  })

  it('keeps the unit in the stored eligibility record beside the checks', async () => {
    const created = await call(a.app, 'POST', base, {
      cookie: convener.cookie,
      body: definition([
        candidate('1-1-101', '潘芳'),
        candidate('1-1-102', '段文杰'),
        candidate('1-1-103', '黎海燕'),
      ]),
    })
    const { meeting } = (await created.json()) as { meeting: { id: string } }
    const rows = await t.db
      .selectFrom('candidates')
      .select(['id', 'eligibility_json'])
      .where('meeting_id', '=', meeting.id)
      .orderBy('position')
      .execute()
    expect(rows.slice(0, 3).map((r) => JSON.parse(r.eligibility_json) as unknown)).toEqual([
      { isOwner: true, ...eligible, unit: '1-1-101' },
      { isOwner: true, ...eligible, unit: '1-1-102' },
      { isOwner: true, ...eligible, unit: '1-1-103' },
    ])
  })
})

describe('a refused roll’s report names the unit of every bad line that has one', () => {
  const upload = (text: string) => {
    const form = new FormData()
    form.append('file', new File([text], 'roll.csv'))
    return a.app.request('/api/estates/jinxiu/roll/imports?wait=true', {
      method: 'POST',
      body: form,
      headers: { cookie: convener.cookie, origin: ORIGIN },
    })
  }
  type ReportedError = { line: number; code: string; reason: string; unit?: string; column?: string }

  it('in the refusal and in the import read back: an area that is not a number, a cell over the cap, a line without a unit', async () => {
    const longId = '1'.repeat(600)
    const res = await upload(
      csv(
        '3-1-102,3号楼,住宅,90,登记,甲,1234,13800000000,N',
        '3-1-103,3号楼,住宅,abc,登记,乙,2345,13800000001,N',
        `3-1-104,3号楼,住宅,90,登记,丙,${longId},13800000002,N`,
        ',3号楼,住宅,90,登记,丁,3456,13800000003,N',
      ),
    )
    expect(res.status).toBe(422)
    const body = (await res.json()) as {
      error: { code: string; details: { import: { id: string; errors: ReportedError[] } } }
    }
    expect(body.error.code).toBe('roll_invalid')
    const { errors, id } = body.error.details.import
    expect(errors).toEqual([
      expect.objectContaining({ line: 3, unit: '3-1-103', code: 'area_malformed' }),
      // Refused before its cells were read: the unit is named from its own cell, the long value never.
      expect.objectContaining({ line: 4, unit: '3-1-104', code: 'cell_too_long', column: '证件号后四位' }),
      expect.objectContaining({ line: 5, code: 'unit_missing' }),
    ])
    expect(errors[2]).not.toHaveProperty('unit')
    expect(JSON.stringify(errors)).not.toContain(longId)

    const again = await call(a.app, 'GET', `/api/estates/jinxiu/roll/imports/${id}`, {
      cookie: convener.cookie,
    })
    expect(again.status).toBe(200)
    const read = (await again.json()) as { import: { status: string; errors: ReportedError[] } }
    expect(read.import.status).toBe('failed')
    expect(read.import.errors.map((e) => [e.line, e.unit ?? null])).toEqual([
      [3, '3-1-103'],
      [4, '3-1-104'],
      [5, null],
    ])
  })

  it('does not name a unit whose own cell is the one over the cap', async () => {
    const longUnit = '9'.repeat(600)
    const res = await upload(csv(`${longUnit},3号楼,住宅,90,登记,甲,1234,13800000000,N`))
    const body = (await res.json()) as { error: { details: { import: { errors: ReportedError[] } } } }
    expect(body.error.details.import.errors).toEqual([
      expect.objectContaining({ line: 2, code: 'cell_too_long' }),
    ])
    expect(body.error.details.import.errors[0]).not.toHaveProperty('unit')
  })
})
