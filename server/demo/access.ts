import type { Db } from '../../db/client'
import type { StaffRole } from '../../db/schema'
import { issueInvitations } from '../services/invitations'
import { ownerVoters } from '../services/owner-voters'
import { findEstate } from '../../db/repositories/estates'
import { createStaff, reissueEnrollment } from '../services/staff-accounts'
import { FORMING_ESTATE, FORMING_STAFF } from './formation'
import { DEMO_ESTATE } from './seed'

/**
 * Demo sign-in links ("so a newcomer can try every role at once"): a convener and a supervisor of the demo
 * estate, and invitations for three kinds of owner — one owner of one flat, the two co-owners of one flat, one
 * owner of two flats (one voter, domain §3); for 清源里, the estate being formed, a street-office person and the
 * preparatory group's leader (demo/formation.ts seeds their accounts with the estate). Made on every start while a demo person has no passkey yet, so the
 * links printed are always fresh; once someone has registered, their link is no longer printed.
 * The names and ID digits below are from the demo roll (fixture data, not real people).
 */
export const DEMO_STAFF: readonly { id: string; name: string; role: StaffRole }[] = [
  { id: 'd0000000-0000-4000-8000-000000000001', name: '演示召集人 Demo convener', role: 'convener' },
  { id: 'd0000000-0000-4000-8000-000000000002', name: '演示监督员 Demo supervisor', role: 'supervisor' },
]

/** The street-office people of the estate being formed (their accounts exist once 清源里 is seeded). */
const FORMING_LINKS: readonly { id: string; name: string; role: StaffRole }[] = [
  { ...FORMING_STAFF.streetOffice, role: 'street_office' },
  { ...FORMING_STAFF.leader, role: 'street_office' },
]

export const DEMO_OWNER_UNITS = ['1-1-101', '1-1-201', '12-1-202'] as const

export interface DemoLinks {
  readonly staff: readonly { name: string; role: StaffRole; url: string; estate?: string }[]
  readonly owners: readonly {
    voter: string
    units: readonly string[]
    people: readonly { name: string; idLast4: string }[]
    url: string
  }[]
}

const hasPasskey = async (db: Db, accountId: string) =>
  (await db
    .selectFrom('credentials')
    .select('id')
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()) !== undefined

export async function demoLinks(db: Db, origin: string, now: Date): Promise<DemoLinks> {
  const who = { actor: 'system:seed', role: 'system', now }
  const staff: DemoLinks['staff'][number][] = []
  for (const s of DEMO_STAFF) {
    const exists = await db.selectFrom('accounts').select('id').where('id', '=', s.id).executeTakeFirst()
    if (!exists) {
      const link = await createStaff(
        db,
        { displayName: s.name, role: s.role, estateId: DEMO_ESTATE.id, origin },
        who,
        s.id,
      )
      staff.push({ name: s.name, role: s.role, url: link.url })
    } else if (!(await hasPasskey(db, s.id))) {
      const link = await reissueEnrollment(db, { accountId: s.id, revokePasskeys: false, origin }, who)
      staff.push({ name: s.name, role: s.role, url: link.url })
    }
  }
  if (await findEstate(db, FORMING_ESTATE.id))
    for (const s of FORMING_LINKS) {
      const exists = await db.selectFrom('accounts').select('id').where('id', '=', s.id).executeTakeFirst()
      if (!exists || (await hasPasskey(db, s.id))) continue
      const link = await reissueEnrollment(db, { accountId: s.id, revokePasskeys: false, origin }, who)
      staff.push({ name: s.name, role: s.role, url: link.url, estate: FORMING_ESTATE.name })
    }

  const owners: DemoLinks['owners'][number][] = []
  const { voters } = await ownerVoters(db, DEMO_ESTATE.id)
  for (const unit of DEMO_OWNER_UNITS) {
    const voter = voters.find((v) => v.units.some((u) => u.number === unit))
    if (!voter) continue // the demo roll was changed
    const activated = await db
      .selectFrom('accounts')
      .select('owner_id')
      .where(
        'owner_id',
        'in',
        voter.owners.map((o) => o.id),
      )
      .execute()
    const waiting = voter.owners.filter((o) => !activated.some((a) => a.owner_id === o.id))
    if (waiting.length === 0) continue
    const { letters } = await issueInvitations(db, {
      estateId: DEMO_ESTATE.id,
      units: [voter.id],
      revokePasskeys: false,
      days: 30,
      origin,
      ...who,
    })
    const letter = letters[0]
    if (!letter) continue
    owners.push({
      voter: voter.id,
      units: voter.units.map((u) => u.number),
      people: waiting.map((o) => ({ name: o.name, idLast4: o.idLast4 })),
      url: letter.url,
    })
  }
  return { staff, owners }
}
