import type { Db } from '../../db/client'
import { findEstate } from '../../db/repositories/estates'
import { loadRoll, type RollRow } from '../../db/repositories/roll'
import { formatAreaM2 } from '../domain/area'
import { maskName } from '../domain/mask'
import { ownerIdentityKey } from '../domain/roll'
import { deriveElectorate } from '../domain/voting-rights'
import { notFound } from '../errors'
import { csvDocument } from './csv'

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

export interface RollQuery {
  readonly building?: string | undefined
  /** Unit-number search (substring, after NFKC). */
  readonly q?: string | undefined
  readonly offset?: number | undefined
  readonly limit?: number | undefined
}

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

export async function publishedRoll(db: Db, estateId: string, query: RollQuery): Promise<PublishedRoll> {
  const { estate, rows, countParking, totals } = await loadPublishedRoll(db, estateId)
  const buildingCounts = new Map<string, number>()
  for (const r of rows) buildingCounts.set(r.building, (buildingCounts.get(r.building) ?? 0) + 1)
  const q = query.q?.normalize('NFKC').trim().toLowerCase()
  const matching = rows.filter(
    (r) => (!query.building || r.building === query.building) && (!q || r.number.toLowerCase().includes(q)),
  )
  const offset = query.offset ?? 0
  const limit = query.limit ?? 200
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
    matched: matching.length,
    offset,
    limit,
    units: matching.slice(offset, offset + limit).map(publishUnit),
  }
}

const KIND_ZH = { residence: '住宅', shop: '商铺', parking: '车位', other: '其他' } as const
const SOURCE_ZH = { register: '登记', survey: '实测', contract: '合同' } as const

/** The published roll as CSV, UTF-8 with BOM so that Excel opens it correctly; a totals line at the end. */
export async function publishedRollCsv(db: Db, estateId: string): Promise<string> {
  const { rows, totals, countParking } = await loadPublishedRoll(db, estateId)
  const lines: string[][] = [
    ['房号', '楼栋', '类型', '专有部分面积(㎡)', '面积依据', '业主(已隐去)', '建设单位持有'],
  ]
  for (const r of rows) {
    const u = publishUnit(r)
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
    `合计 Total: ${rows.length} 户/units`,
    '',
    countParking ? '计入车位 parking counted' : '不计车位 parking not counted',
    formatAreaM2(totals.areaCm2),
    '',
    `${totals.heads} 票权人/voters`,
    '',
  ])
  return csvDocument(lines)
}
