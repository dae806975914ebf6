import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemoAreas } from '../../server/demo/areas'
import { FORMING_ESTATE, FORMING_STAFF, seedFormingEstate } from '../../server/demo/formation'
import { prng } from '../../server/demo/prng'
import { SoftAuthenticator } from '../../server/demo/soft-authenticator'
import { loadActor } from '../../server/auth/access'
import { overview } from '../../server/services/oversight'
import { demoDb, ORIGIN, type TempDb } from '../support'

/**
 * The demo's street office (domain §11), as `npm start` seeds it: both demo estates in 演示街道, and the street
 * office's demo account overseeing them — on /oversight, and as the street office of 锦绣苑 too.
 */
let t: TempDb
const NOW = new Date('2026-12-01T10:00:00+08:00')

beforeAll(async () => {
  t = await demoDb(NOW)
  await seedFormingEstate(t.db, {
    rollPath: 'demo/roll-qingyuan.csv',
    now: NOW,
    origin: ORIGIN,
    passkeys: { rpID: 'localhost', rpName: '共决 Gongjue', origin: ORIGIN },
    newPhone: () => new SoftAuthenticator(ORIGIN),
    random: prng(1),
  })
  await seedDemoAreas(t.db, NOW)
})
afterAll(async () => {
  await t.cleanup()
})

describe('the demo street office', () => {
  it('oversees both demo estates, and acts as the street office of each', async () => {
    const actor = await loadActor(t.db, FORMING_STAFF.streetOffice.id, 'test')
    if (!actor) throw new Error('no demo street office account')
    const o = await overview(t.db, actor, {}, NOW)
    expect(o.estates.map((e) => e.estateId).sort()).toEqual(['jinxiu', FORMING_ESTATE.id].sort())
    expect(o.districts.map((d) => d.name)).toEqual(['演示区'])
    expect(
      actor.grants
        .filter((g) => g.role === 'street_office')
        .map((g) => g.estateId)
        .sort(),
    ).toEqual(['jinxiu', FORMING_ESTATE.id].sort())
  })
})
