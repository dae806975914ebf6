/**
 * What `npm run simulate:city` does (scripts/simulate-city.ts is its entry point), and the city the bench's `city`
 * section measures: N estates of M units each, in street offices of 30 estates and districts of 10 street offices,
 * each estate's roll imported through the roll import, every third estate with an owners' application for
 * formation on record (a formation clock running), every seventh marked as unable to form an assembly yet.
 *
 * npm run simulate:city -- --estates N --units-per-estate M [--seed S] --out FILE
 * Writes a new database FILE (it must not exist). Exit 0, 2 on bad usage.
 *
 * The estates' committees, disclosures, surveys and meetings are not simulated at this scale yet: the oversight
 * page reads each estate's kept facts whatever they hold, so its latency does not depend on them.
 */
import { existsSync } from 'node:fs'
import { migrate, openSqlite, type Db } from '../../db/client'
import { prng } from '../../server/demo/prng'
import { chinaDate } from '../../server/domain/calendar'
import { recordApplication } from '../../server/services/formation'
import { importRoll } from '../../server/services/import-roll'
import { assignEstate, createDistrict, createStreetOffice } from '../../server/services/oversight'
import type { Actor } from '../../server/auth/access'
import { commandArgs, usageError, type CommandIo } from '../cli'

const USAGE = 'usage: npm run simulate:city -- --estates N --units-per-estate M [--seed S] --out FILE'
const HEADER = '房号,楼栋,类型,专有部分面积,面积依据,业主,证件号后四位,手机,建设单位持有'

/** A small estate's roll: M flats in buildings of 40, owners with made-up names and phones. */
function roll(units: number, estate: number, random: () => number): Buffer {
  const lines = [HEADER]
  for (let i = 0; i < units; i++) {
    const b = Math.floor(i / 40) + 1
    const area = `${70 + Math.floor(random() * 80)}.${String(Math.floor(random() * 100)).padStart(2, '0')}`
    const phone = `139${String(estate % 10000).padStart(4, '0')}${String(i % 10000).padStart(4, '0')}`
    lines.push(
      `${b}-${String(i + 1).padStart(3, '0')},${b}号楼,住宅,${area},登记,业主${estate}-${i},${String(i % 10000).padStart(4, '0')},${phone},N`,
    )
  }
  return Buffer.from(lines.join('\n') + '\n')
}

/** The platform admin as the oversight service sees one: every district's estates (the bench's and tests' reader). */
export const CITY_ADMIN: Actor = {
  accountId: 'system:simulation',
  sessionId: 'system:simulation',
  kind: 'staff',
  displayName: 'simulation',
  ownerId: null,
  estateId: null,
  guardianId: null,
  approvalPending: false,
  grants: [{ id: 0, role: 'admin', estateId: null }],
}

export interface City {
  readonly estates: number
  readonly streetOffices: number
  readonly districts: number
}

export async function buildCity(
  db: Db,
  opts: { estates: number; unitsPerEstate: number; seed: number },
  log: (s: string) => void = () => undefined,
): Promise<City> {
  const random = prng(opts.seed)
  const now = new Date()
  const who = { actor: 'system:simulation', role: 'system', now }
  const offices = Math.ceil(opts.estates / 30)
  const districts = Math.ceil(offices / 10)
  for (let d = 0; d < districts; d++) await createDistrict(db, { id: `d${d + 1}`, name: `第${d + 1}区` }, who)
  for (let o = 0; o < offices; o++)
    await createStreetOffice(
      db,
      { id: `s${o + 1}`, name: `第${o + 1}街道`, districtId: `d${Math.floor(o / 10) + 1}` },
      who,
    )
  for (let e = 0; e < opts.estates; e++) {
    const estateId = `e${String(e + 1).padStart(5, '0')}`
    const imported = await importRoll(db, {
      estateId,
      estateName: `模拟小区${e + 1}`,
      fileName: 'roll.csv',
      file: roll(opts.unitsPerEstate, e, random),
      actor: who.actor,
      role: who.role,
    })
    if (!imported.ok) throw new Error(`the simulated roll of ${estateId} did not import`)
    await assignEstate(
      db,
      estateId,
      { streetOfficeId: `s${Math.floor(e / 30) + 1}`, formationEligible: e % 7 !== 6 },
      who,
    )
    if (e % 3 === 0)
      await recordApplication(
        db,
        estateId,
        { applicant: 'owners', appliedOn: chinaDate(now.getTime()), units: ['1-001', '1-002'] },
        who,
      )
    if ((e + 1) % 500 === 0) log(`  ${e + 1} of ${opts.estates} estates`)
  }
  return { estates: opts.estates, streetOffices: offices, districts }
}

export async function simulateCity(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = commandArgs(
    {
      args: [...argv],
      options: {
        estates: { type: 'string' },
        'units-per-estate': { type: 'string', default: '50' },
        seed: { type: 'string', default: '1' },
        out: { type: 'string' },
      },
    },
    USAGE,
  )
  const estates = Number(args.values.estates)
  const units = Number(args.values['units-per-estate'])
  const seed = Number(args.values.seed)
  const out = args.values.out
  if (!Number.isInteger(estates) || estates < 1 || estates > 100_000)
    usageError(`--estates: 1 to 100,000\n${USAGE}`)
  if (!Number.isInteger(units) || units < 2 || units > 5000)
    usageError(`--units-per-estate: 2 to 5,000\n${USAGE}`)
  if (!Number.isInteger(seed)) usageError(`--seed: an integer\n${USAGE}`)
  if (!out) usageError(`--out FILE is required\n${USAGE}`)
  if (existsSync(out)) usageError(`${out} exists; the simulation writes a new database`)
  const h = openSqlite(out)
  try {
    await migrate(h.db)
    // A made-up city: no write of it needs to survive a power cut, so SQLite does not wait for the disk.
    h.dialect.setDurability('off')
    const t0 = performance.now()
    const city = await buildCity(h.db, { estates, unitsPerEstate: units, seed }, (s) => io.err(s))
    io.out(
      JSON.stringify({ ...city, unitsPerEstate: units, seed, out, ms: Math.round(performance.now() - t0) }),
    )
    return 0
  } finally {
    await h.close()
  }
}
