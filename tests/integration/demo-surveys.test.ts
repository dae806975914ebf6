import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prng } from '../../server/demo/prng'
import { DEMO_OWNER_UNITS } from '../../server/demo/access'
import { seedDemoSurveys, type DemoSurveys } from '../../server/demo/surveys'
import { DAY_MS } from '../../server/domain/calendar'
import { verifyAuditChain } from '../../server/services/audit'
import { ownerVoters } from '../../server/services/owner-voters'
import { call, demoDb, testApp, type TempDb, type TestApp } from '../support'
import type { Json } from '../support/stage'

/**
 * The demo estate's satisfaction surveys, as `npm start` seeds them (server/main.ts): two closed half-yearly
 * surveys — the earlier above the 80% pass mark, the later below it — and one open now, in which the demo owners
 * whose links are printed have not responded; read back through the public API.
 */

const NOW = new Date('2026-11-23T09:30:00Z')
let t: TempDb
let a: TestApp
let seeded: DemoSurveys
const base = '/api/estates/jinxiu/surveys'

beforeAll(async () => {
  t = await demoDb(new Date(NOW.getTime() - 240 * DAY_MS))
  seeded = await seedDemoSurveys(t.db, 'jinxiu', { now: NOW, random: prng(2028) })
  a = testApp(t.db, { now: () => NOW })
})
afterAll(async () => {
  await a.tracker.drain()
  await t.cleanup()
})

describe('the demo surveys', () => {
  it('are three published surveys: two closed, one open now', async () => {
    const { surveys } = (await (await call(a.app, 'GET', base)).json()) as { surveys: Json[] }
    expect(surveys.map((x) => [x.id, x.phase])).toEqual([
      [seeded.open, 'open'],
      [seeded.failed, 'closed'],
      [seeded.passed, 'closed'],
    ])
  })

  it('the earlier passes the pass mark, the later does not, and the trend shows both', async () => {
    const passed = (await (await call(a.app, 'GET', `${base}/${seeded.passed}/results`)).json()) as Json
    expect(passed.results.overall.outcome).toBe('passed')
    const failed = (await (await call(a.app, 'GET', `${base}/${seeded.failed}/results`)).json()) as Json
    expect(failed.results.overall.outcome).toBe('failed')
    expect(failed.results.responded.heads).toBeGreaterThan(200)
    expect(failed.reasons.length).toBeGreaterThan(0)
    expect(failed.trend.map((p: Json) => [p.surveyId, p.passed])).toEqual([
      [seeded.passed, true],
      [seeded.failed, false],
    ])
  })

  it('leaves the demo owners free to answer the open survey, and the audit chain whole', async () => {
    const responded = await t.db
      .selectFrom('survey_responded')
      .select(['voter', 'channel', 'at'])
      .where('survey_id', '=', seeded.open)
      .execute()
    expect(responded.length).toBeGreaterThan(50)
    expect(responded.some((r) => r.channel === 'paper')).toBe(true)
    const { voters } = await ownerVoters(t.db, 'jinxiu')
    const demoVoters = DEMO_OWNER_UNITS.map(
      (u) => voters.find((v) => v.units.some((x) => x.number === u))?.id,
    )
    expect(demoVoters.every((v) => v !== undefined)).toBe(true)
    for (const v of demoVoters) expect(responded.map((r) => r.voter)).not.toContain(v)
    expect(responded.every((r) => Date.parse(r.at) <= NOW.getTime())).toBe(true)
    expect((await verifyAuditChain(t.db)).ok).toBe(true)
  })
})
