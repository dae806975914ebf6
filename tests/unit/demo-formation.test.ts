import { describe, expect, it } from 'vitest'
import { fiveYearTermEnd } from '../../server/demo/committee'
import { applyingVoters, correctedArea, groupMembers } from '../../server/demo/formation'
import { atLeast, checkComposition, OWNERS_THRESHOLD } from '../../server/domain/formation'
import type { OwnedVoter } from '../../server/services/owner-voters'

/**
 * The demo's and `simulate --formation`'s own choices: who applies (5 % of the owners and one more), a group the law
 * accepts (上海 art. 15), the roll correction an upheld objection leads to, the term's end, the documents' texts.
 */

const voter = (i: number): OwnedVoter => ({
  id: `1-${100 + i}`,
  units: [{ number: `1-${100 + i}`, building: '1号楼', areaCm2: 900_000 }],
  areaCm2: 900_000,
  owners: [{ id: i, name: `业主${i}`, idLast4: String(1000 + i) }],
})
const voters = (n: number) => Array.from({ length: n }, (_, k) => voter(k + 1))

describe('who applies', () => {
  it.each([
    [1, 1],
    [19, 2],
    [20, 2],
    [21, 3],
    [67, 5],
    [939, 48],
  ])('of %i owners, %i: at least 5 % (以上, inclusive) and one more', (n, k) => {
    const chosen = applyingVoters(voters(n))
    expect(chosen).toHaveLength(k)
    expect(atLeast({ num: k, den: n }, OWNERS_THRESHOLD)).toBe(true)
  })

  it('takes the first units by number, numerically (1-109 before 1-110)', () => {
    expect(applyingVoters(voters(20).reverse()).map((v) => v.id)).toEqual(['1-101', '1-102'])
  })
})

describe('the preparatory group of the demo and the simulation', () => {
  it('is one the law accepts: 7 members, 4 owners, led by the street office, with developer and residents’ committee', () => {
    const vs = voters(30)
    const members = groupMembers(vs, undefined, '王丽（街道办事处）')
    expect(members).toHaveLength(7)
    expect(checkComposition(members, new Set(vs.map((v) => v.id)))).toEqual([])
    expect(members.filter((m) => m.leader).map((m) => [m.kind, m.name])).toEqual([
      ['street_office', '王丽（街道办事处）'],
    ])
  })

  it('takes its owners after the applicants, and grants an existing account to the leader when given', () => {
    const vs = voters(30)
    const applying = new Set(applyingVoters(vs).map((v) => v.id))
    const members = groupMembers(vs, 'd0000000-0000-4000-8000-000000000004')
    const owners = members.filter((m) => m.kind === 'owner_representative').map((m) => m.unit)
    expect(owners).toEqual(['1-104', '1-105', '1-106', '1-107'])
    expect(owners.some((u) => applying.has(u as string))).toBe(false)
    expect(members[0]?.accountId).toBe('d0000000-0000-4000-8000-000000000004')
  })
})

describe('the correction of an upheld objection', () => {
  const roll = [
    '房号,楼栋,类型,专有部分面积,面积依据,业主,证件号后四位,手机,建设单位持有',
    '1-101,1号楼,住宅,72.54,登记,何晓东,3047,15181545763,N',
    '1-1010,1号楼,住宅,99,登记,石建华,3653,13144656974,N',
    '1-102,1号楼,住宅,91.48,登记,王海燕,3742,18811185288,N',
  ].join('\r\n')

  it.each([
    ['1-101', '73.54'],
    ['1-1010', '100'],
    ['1-102', '92.48'],
  ])('adds one square metre to %s only (%s)', (unit, area) => {
    const out = correctedArea(roll, unit).split('\n')
    const changed = out.filter((l, i) => l !== roll.split('\r\n')[i])
    expect(changed).toHaveLength(1)
    expect(changed[0]?.split(',')[0]).toBe(unit)
    expect(changed[0]?.split(',')[3]).toBe(area)
  })

  it('refuses a unit that is not on the roll', () => {
    expect(() => correctedArea(roll, '9-999')).toThrow('9-999')
  })
})

describe('the term and the documents', () => {
  it.each([
    ['2026-04-23', '2031-04-22'],
    ['2026-01-01', '2030-12-31'],
    // 29 February: the same day five years on is 28 February, the term ends the day before.
    ['2028-02-29', '2033-02-27'],
  ])('a term starting %s ends %s (domain §8: at most 5 years)', (start, end) => {
    expect(fiveYearTermEnd(start)).toBe(end)
  })
})
