import { describe, expect, it } from 'vitest'
import type { StaffRole } from '../../db/schema'
import { mayGrant } from '../../server/auth/policy'

/** Who may grant or revoke which estate role on whose account (domain.md §2; admin > street office > the rest). */
describe('mayGrant', () => {
  it.each<[StaffRole, StaffRole, StaffRole[], boolean]>([
    ['admin', 'street_office', ['convener'], true],
    ['admin', 'convener', ['admin'], true],
    ['admin', 'admin', [], false],
    ['street_office', 'convener', [], true],
    ['street_office', 'convener', ['supervisor'], true],
    ['street_office', 'convener', ['street_office'], true],
    ['street_office', 'convener', ['admin'], false],
    ['street_office', 'supervisor', [], false],
    ['convener', 'convener', [], false],
    ['supervisor', 'convener', [], false],
  ])('mayGrant(%s, %s, holding %j) is %s', (granter, role, holding, expected) => {
    expect(mayGrant(granter, role, holding)).toBe(expected)
  })
})
