import type { Db } from '../../db/client'
import { findEstate } from '../../db/repositories/estates'
import { assignEstate, createDistrict, createStreetOffice, grantArea } from '../services/oversight'
import { DEMO_ESTATE } from './seed'
import { FORMING_ESTATE, FORMING_STAFF } from './formation'

/**
 * The demo's district and street office (domain §11): both demo estates in one street office, whose demo account
 * (the street office's sign-in link `npm start` prints) oversees them on /oversight and acts as the street office
 * of each. Seeded once at first start, after the estates.
 */
export const DEMO_AREA = {
  district: { id: 'demo-district', name: '演示区' },
  streetOffice: { id: 'demo-street', name: '演示街道' },
} as const

export async function seedDemoAreas(db: Db, now: Date): Promise<void> {
  const who = { actor: 'system:seed', role: 'system', now }
  await createDistrict(db, DEMO_AREA.district, who)
  await createStreetOffice(db, { ...DEMO_AREA.streetOffice, districtId: DEMO_AREA.district.id }, who)
  for (const estate of [DEMO_ESTATE.id, FORMING_ESTATE.id])
    if (await findEstate(db, estate))
      await assignEstate(
        db,
        estate,
        { streetOfficeId: DEMO_AREA.streetOffice.id, formationEligible: true },
        who,
      )
  // The street office's demo account is made with the estate being formed.
  if (!(await findEstate(db, FORMING_ESTATE.id))) return
  await grantArea(
    db,
    { accountId: FORMING_STAFF.streetOffice.id, role: 'street_office', areaId: DEMO_AREA.streetOffice.id },
    who,
  )
}
