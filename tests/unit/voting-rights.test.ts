import { describe, expect, it } from 'vitest'
import { deriveElectorate, type RollUnit } from '../../server/domain/voting-rights'

const flat = (id: string, areaCm2: number, owners: string[], building = '1号楼'): RollUnit => ({
  id,
  building,
  kind: 'residence',
  areaCm2,
  owners,
  developerHeld: false,
})
const parking = (id: string, areaCm2: number, owners: string[]): RollUnit => ({
  id,
  building: '地下车库',
  kind: 'parking',
  areaCm2,
  owners,
  developerHeld: false,
})
const dev = (id: string, areaCm2: number, owners: string[] = [], building = '1号楼'): RollUnit => ({
  id,
  building,
  kind: 'residence',
  areaCm2,
  owners,
  developerHeld: true,
})

interface Case {
  name: string
  units: RollUnit[]
  countParking?: boolean
  scope?: { buildings?: string[]; units?: string[] }
  heads: number
  areaCm2: number
  /** Expected voters as sorted unit lists. */
  groups: string[][]
}

// SPC interpretation arts. 8–9; domain.md §3; results-bundle.md rule 1.
const cases: Case[] = [
  {
    name: 'one unit, one owner: one voter with the unit area',
    units: [flat('101', 1_000_000, ['A'])],
    heads: 1,
    areaCm2: 1_000_000,
    groups: [['101']],
  },
  {
    name: 'co-owners listed in a different order are the same voter',
    units: [flat('101', 1_000_000, ['A', 'B']), flat('102', 900_000, ['B', 'A'])],
    heads: 1,
    areaCm2: 1_900_000,
    groups: [['101', '102']],
  },
  {
    name: 'one owner with several units is one voter with the summed area',
    units: [flat('101', 1_000_000, ['A']), flat('201', 1_100_000, ['A']), flat('301', 1_200_000, ['A'])],
    heads: 1,
    areaCm2: 3_300_000,
    groups: [['101', '201', '301']],
  },
  {
    name: 'A+B and A alone are two voters (exact owner sets)',
    units: [flat('101', 1_000_000, ['A', 'B']), flat('102', 900_000, ['A'])],
    heads: 2,
    areaCm2: 1_900_000,
    groups: [['101'], ['102']],
  },
  {
    name: 'an owner of a flat and a parking space: parking not counted by default',
    units: [flat('101', 1_000_000, ['A']), parking('P-1', 130_000, ['A'])],
    heads: 1,
    areaCm2: 1_000_000,
    groups: [['101']],
  },
  {
    name: 'an owner of a flat and a parking space: parking counted when the rules say so',
    units: [flat('101', 1_000_000, ['A']), parking('P-1', 130_000, ['A'])],
    countParking: true,
    heads: 1,
    areaCm2: 1_130_000,
    groups: [['101', 'P-1']],
  },
  {
    name: 'a parking-only owner is no voter when parking does not count',
    units: [flat('101', 1_000_000, ['A']), parking('P-2', 120_000, ['Z'])],
    heads: 1,
    areaCm2: 1_000_000,
    groups: [['101']],
  },
  {
    name: 'a parking-only owner is a voter when parking counts',
    units: [flat('101', 1_000_000, ['A']), parking('P-2', 120_000, ['Z'])],
    countParking: true,
    heads: 2,
    areaCm2: 1_120_000,
    groups: [['101'], ['P-2']],
  },
  {
    name: 'all developer-held units are one voter, whatever owners are listed on them',
    units: [
      dev('101', 1_000_000),
      dev('102', 900_000, ['Buyer']),
      dev('201', 800_000, [], '2号楼'),
      flat('202', 700_000, ['Buyer'], '2号楼'),
    ],
    heads: 2,
    areaCm2: 3_400_000,
    groups: [['101', '102', '201'], ['202']],
  },
  {
    name: 'scope by building: only that building’s units, totals and voters',
    units: [
      flat('1-101', 1_000_000, ['A']),
      flat('2-101', 900_000, ['A'], '2号楼'),
      flat('2-102', 800_000, ['B'], '2号楼'),
    ],
    scope: { buildings: ['2号楼'] },
    heads: 2,
    areaCm2: 1_700_000,
    groups: [['2-101'], ['2-102']],
  },
  {
    name: 'scope by units',
    units: [flat('101', 1_000_000, ['A']), flat('102', 900_000, ['B']), flat('103', 800_000, ['C'])],
    scope: { units: ['101', '103'] },
    heads: 2,
    areaCm2: 1_800_000,
    groups: [['101'], ['103']],
  },
  {
    name: 'the developer voter within a scope carries only the scoped units',
    units: [
      dev('1-101', 1_000_000),
      dev('2-101', 900_000, [], '2号楼'),
      flat('2-102', 800_000, ['B'], '2号楼'),
    ],
    scope: { buildings: ['2号楼'] },
    heads: 2,
    areaCm2: 1_700_000,
    groups: [['2-101'], ['2-102']],
  },
  { name: 'an empty roll has no voters', units: [], heads: 0, areaCm2: 0, groups: [] },
]

describe('deriveElectorate (voting rights, SPC interpretation arts. 8–9)', () => {
  it.each(cases)('$name', (c) => {
    const e = deriveElectorate(c.units, { countParking: c.countParking ?? false, scope: c.scope })
    expect(e.totals).toEqual({ heads: c.heads, areaCm2: c.areaCm2 })
    expect(e.voters.map((v) => [...v.units])).toEqual(c.groups)
    expect(e.voters.every((v) => v.heads === 1)).toBe(true)
    expect(e.voters.reduce((s, v) => s + v.areaCm2, 0)).toBe(c.areaCm2)
  })

  it('does not depend on the order of the units', () => {
    const units = cases.flatMap((c, i) => c.units.map((u) => ({ ...u, id: `${i}/${u.id}` })))
    const a = deriveElectorate(units, { countParking: true })
    const b = deriveElectorate([...units].reverse(), { countParking: true })
    expect(b).toEqual(a)
  })

  it('maps every counted unit to its voter, and leaves uncounted units out', () => {
    const e = deriveElectorate([flat('101', 1, ['A']), parking('P-1', 1, ['A']), flat('102', 1, ['A'])], {
      countParking: false,
    })
    expect(e.voterOfUnit.get('101')).toBe(e.voterOfUnit.get('102'))
    expect(e.voterOfUnit.has('P-1')).toBe(false)
  })
})
