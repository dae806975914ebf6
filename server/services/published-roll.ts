import type { Db } from '../../db/client'
import { findEstate } from '../../db/repositories/estates'
import { loadRoll, type RollRow } from '../../db/repositories/roll'
import { formatAreaM2 } from '../domain/area'
import { maskName } from '../domain/mask'
import { ownerIdentityKey } from '../domain/roll'
import { deriveElectorate } from '../domain/voting-rights'
import { notFound } from '../errors'
import { csvDocument } from './csv'
import { perRollVersion } from './roll-version'
import type { RollQuery } from '../routes/roll.schema'

/**
 * The published roll (公示, domain.md §3 "Roll publicity"): unit number, building, kind, area, area source and
 * masked owner names, with the estate's totals. Never full names, ID characters or phones.
 */

export interface PublishedUnit {
  readonly number: string
  readonly building: string
  readonly kind: RollRow['kind']
  readonly areaCm2: number
  /** Square metres as text, for display only ("143.90"). */
  readonly area: string
  readonly areaSource: RollRow['areaSource']
  readonly owners: readonly string[]
  readonly developerHeld: boolean
}

export interface PublishedRoll {
  readonly estate: { readonly id: string; readonly name: string; readonly countParking: boolean }
  readonly totals: {
    readonly units: number
    readonly heads: number
    readonly areaCm2: number
    readonly area: string
    readonly countParking: boolean
  }
  readonly buildings: readonly { readonly name: string; readonly units: number }[]
  readonly matched: number
  readonly offset: number
  readonly limit: number
  readonly units: readonly PublishedUnit[]
}

/** A page of the roll as the route's schema gives it (routes/roll.schema.ts): `offset` and `limit` defaulted there. */
export type { RollQuery }

// Natural order: 1-1-201 before 1-1-1001, 2号楼 before 10号楼.
const collator = new Intl.Collator('zh-CN', { numeric: true })

export function publishUnit(r: RollRow): PublishedUnit {
  return {
    number: r.number,
    building: r.building,
    kind: r.kind,
    areaCm2: r.areaCm2,
    area: formatAreaM2(r.areaCm2),
    areaSource: r.areaSource,
    owners: r.owners.map((o) => maskName(o.name)),
    developerHeld: r.developerHeld,
  }
}

export async function loadPublishedRoll(db: Db, estateId: string) {
  const estate = await findEstate(db, estateId)
  if (!estate) throw notFound('estate_not_found', `No estate "${estateId}"`)
  const rows = (await loadRoll(db, estateId)).sort(
    (a, b) => collator.compare(a.building, b.building) || collator.compare(a.number, b.number),
  )
  const countParking = estate.count_parking === 1
  const electorate = deriveElectorate(
    rows.map((r) => ({
      id: r.number,
      building: r.building,
      kind: r.kind,
      areaCm2: r.areaCm2,
      owners: r.owners.map(ownerIdentityKey),
      developerHeld: r.developerHeld,
    })),
    { countParking },
  )
  return { estate, rows, countParking, totals: electorate.totals }
}

/** The published roll as kept per roll version (roll-version.ts): masked data only. */
interface Derived {
  readonly estate: PublishedRoll['estate']
  readonly totals: PublishedRoll['totals']
  readonly buildings: PublishedRoll['buildings']
  /** In natural order, with each unit's number as searched (lower case). */
  readonly units: readonly { readonly unit: PublishedUnit; readonly search: string }[]
  csv?: string
}

async function derive(db: Db, estateId: string): Promise<Derived> {
  const { estate, rows, countParking, totals } = await loadPublishedRoll(db, estateId)
  const buildingCounts = new Map<string, number>()
  for (const r of rows) buildingCounts.set(r.building, (buildingCounts.get(r.building) ?? 0) + 1)
  return {
    estate: { id: estate.id, name: estate.name, countParking },
    totals: {
      units: rows.length,
      heads: totals.heads,
      areaCm2: totals.areaCm2,
      area: formatAreaM2(totals.areaCm2),
      countParking,
    },
    buildings: [...buildingCounts].map(([name, units]) => ({ name, units })),
    units: rows.map((r) => ({ unit: publishUnit(r), search: r.number.toLowerCase() })),
  }
}

/** Anyone may ask for the published roll, anonymously: it is derived once per roll version. */
const derivedRolls = perRollVersion(derive)
const derivedRoll = (db: Db, estateId: string) => derivedRolls.get(db, estateId)

export async function publishedRoll(db: Db, estateId: string, query: RollQuery): Promise<PublishedRoll> {
  const roll = await derivedRoll(db, estateId)
  const q = query.q?.normalize('NFKC').trim().toLowerCase()
  const matching = roll.units.filter(
    (u) => (!query.building || u.unit.building === query.building) && (!q || u.search.includes(q)),
  )
  const { offset, limit } = query
  return {
    estate: roll.estate,
    totals: roll.totals,
    buildings: roll.buildings,
    matched: matching.length,
    offset,
    limit,
    units: matching.slice(offset, offset + limit).map((u) => u.unit),
  }
}

const KIND_ZH = { residence: '住宅', shop: '商铺', parking: '车位', other: '其他' } as const
const SOURCE_ZH = { register: '登记', survey: '实测', contract: '合同' } as const

/** The published roll as CSV, UTF-8 with BOM so that Excel opens it correctly; a totals line at the end. */
export async function publishedRollCsv(db: Db, estateId: string): Promise<string> {
  const roll = await derivedRoll(db, estateId)
  roll.csv ??= rollCsv(roll)
  return roll.csv
}

function rollCsv(roll: Derived): string {
  const lines: string[][] = [
    ['房号', '楼栋', '类型', '专有部分面积(㎡)', '面积依据', '业主(已隐去)', '建设单位持有'],
  ]
  for (const { unit: u } of roll.units) {
    lines.push([
      u.number,
      u.building,
      KIND_ZH[u.kind],
      u.area,
      SOURCE_ZH[u.areaSource],
      u.owners.join(';'),
      u.developerHeld ? '是' : '否',
    ])
  }
  lines.push([
    `合计 Total: ${roll.totals.units} 户/units`,
    '',
    roll.totals.countParking ? '计入车位 parking counted' : '不计车位 parking not counted',
    roll.totals.area,
    '',
    `${roll.totals.heads} 票权人/voters`,
    '',
  ])
  return csvDocument(lines)
}
