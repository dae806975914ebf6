import type { KyselyPlugin, RootOperationNode } from 'kysely'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Db } from '../../db/client'
import { importRoll } from '../../server/services/import-roll'
import { ownerVoters } from '../../server/services/owner-voters'
import { call, demoCsv, demoDb, enrolStaff, type tempDb, testApp, type TestApp } from '../support'

/**
 * The public roll is derived once per roll version, not per request (anyone may ask, anonymously): a second
 * request reads no unit, an import or a change of the estate's parking setting is seen at once.
 */

let t: Awaited<ReturnType<typeof tempDb>>
let db: Db
let a: TestApp
/** Queries that read the roll's units or their owners since the last reset. */
let rollReads = 0

/** Counts the queries on the roll's tables as the app runs them. */
const counter: KyselyPlugin = {
  transformQuery(args: { node: RootOperationNode }) {
    if (
      /"name":"(units|unit_owners)"/.test(JSON.stringify(args.node)) &&
      args.node.kind === 'SelectQueryNode'
    )
      rollReads++
    return args.node
  },
  transformResult: async (args) => args.result,
}

beforeEach(async () => {
  t = await demoDb()
  db = t.db.withPlugin(counter)
  a = testApp(db)
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
})
afterEach(async () => {
  vi.restoreAllMocks()
  await a.tracker.drain()
  await t.cleanup()
})

type Roll = {
  totals: { units: number; heads: number; countParking: boolean }
  matched: number
  units: { number: string }[]
}
const roll = async (query = '') =>
  (await (await a.app.request(`/api/estates/jinxiu/roll${query}`)).json()) as Roll

/** The same roll without unit 1-1-101, imported as a convener imports it. */
async function importWithout101() {
  const without = demoCsv()
    .split('\n')
    .filter((l) => !l.startsWith('1-1-101,'))
    .join('\n')
  const r = await importRoll(t.db, {
    estateId: 'jinxiu',
    fileName: 'roll.csv',
    file: new TextEncoder().encode(without),
    actor: 'test',
    role: 'convener',
  })
  expect(r).toMatchObject({ ok: true, changes: { removed: 1 } })
}

describe('the published roll per roll version', () => {
  it('reads the roll once: the second request, a filter, a search and the CSV read no unit', async () => {
    rollReads = 0
    const first = await roll()
    expect(first.totals).toMatchObject({ units: 1008, heads: 939 })
    expect(rollReads).toBeGreaterThan(0)

    rollReads = 0
    expect(await roll()).toEqual(first)
    expect((await roll('?building=3号楼&limit=5')).units.every((u) => u.number.startsWith('3-'))).toBe(true)
    expect((await roll('?q=2-1-902')).units.map((u) => u.number)).toEqual(['2-1-902', '12-1-902'])
    const csv = await (await a.app.request('/api/estates/jinxiu/roll.csv')).text()
    expect(csv.trim().split('\r\n')).toHaveLength(1 + 1008 + 1)
    expect(await (await a.app.request('/api/estates/jinxiu/roll.csv')).text()).toBe(csv)
    expect(rollReads).toBe(0)
  })

  it('derives the roll again after an import changes it', async () => {
    const has101 = (r: Roll) => r.units.some((u) => u.number === '1-1-101')
    expect(has101(await roll('?q=1-1-101'))).toBe(true)
    await importWithout101()
    rollReads = 0
    const after = await roll('?q=1-1-101')
    expect(has101(after)).toBe(false)
    expect(after.totals.units).toBe(1007)
    expect(rollReads).toBeGreaterThan(0)
    expect(await (await a.app.request('/api/estates/jinxiu/roll.csv')).text()).not.toMatch(/^1-1-101,/m)
  })

  it('leaves the roll as it was after an import that was refused', async () => {
    const before = await roll()
    const r = await importRoll(t.db, {
      estateId: 'jinxiu',
      fileName: 'bad.csv',
      file: new TextEncoder().encode('not,a,roll\n'),
      actor: 'test',
      role: 'convener',
    })
    expect(r.ok).toBe(false)
    rollReads = 0
    expect(await roll()).toEqual(before)
    expect(rollReads).toBe(0)
  })

  it('follows a change of the estate’s parking setting at once', async () => {
    expect((await roll()).totals).toMatchObject({ heads: 939, countParking: false })
    const admin = await enrolStaff(a, t.db, 'admin', null)
    const patched = await call(a.app, 'PATCH', '/api/estates/jinxiu', {
      cookie: admin.cookie,
      body: { countParking: true },
    })
    expect(patched.status).toBe(200)
    expect((await roll()).totals).toMatchObject({ heads: 952, countParking: true })
  })

  it('answers 404 for an unknown estate and keeps nothing for it', async () => {
    const res = await a.app.request('/api/estates/nowhere/roll')
    expect(res.status).toBe(404)
  })
})

describe('the voters behind the roll per roll version', () => {
  it('reads the roll once for every activation and owner page after the first, and again after an import', async () => {
    rollReads = 0
    const first = await ownerVoters(db, 'jinxiu')
    expect(first.voters.length).toBeGreaterThan(900)
    expect(rollReads).toBeGreaterThan(0)

    rollReads = 0
    expect(await ownerVoters(db, 'jinxiu')).toEqual(first)
    const scoped = await ownerVoters(db, 'jinxiu', { buildings: ['3号楼'] })
    expect(scoped.voters.length).toBeGreaterThan(0)
    expect(scoped.voters.length).toBeLessThan(first.voters.length)
    expect(scoped.voters.every((v) => v.units.some((u) => u.building === '3号楼'))).toBe(true)
    expect(rollReads).toBe(0)

    await importWithout101()
    const after = await ownerVoters(db, 'jinxiu')
    expect(rollReads).toBeGreaterThan(0)
    expect(after.voters.some((v) => v.units.some((u) => u.number === '1-1-101'))).toBe(false)
  })

  it('keeps what a transaction derived to that transaction', async () => {
    const outside = await ownerVoters(db, 'jinxiu')
    let inside: number | undefined
    await db
      .transaction()
      .execute(async (trx) => {
        await trx.deleteFrom('unit_owners').execute()
        inside = (await ownerVoters(trx, 'jinxiu')).voters.filter((v) => v.owners.length > 0).length
        throw new Error('rolled back')
      })
      .catch(() => undefined)
    // The transaction saw its own rows, not what the handle had kept; the handle never sees them.
    expect(inside).toBe(0)
    rollReads = 0
    expect(await ownerVoters(db, 'jinxiu')).toEqual(outside)
    expect(rollReads).toBe(0)
  })
})
