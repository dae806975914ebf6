import type { Db } from '../../db/client'
import { findEstate } from '../../db/repositories/estates'
import { loadRoll, type RollRow } from '../../db/repositories/roll'
import { deriveElectorate, type Scope } from '../domain/voting-rights'
import { notFound } from '../errors'
import { perRollVersion } from './roll-version'

/**
 * The voters of an estate's current roll with the people behind them, for invitations and an owner's own view.
 * Voters follow domain.md §3 (deriveElectorate): an owner of two units is one voter; a co-owned unit is one voter
 * that each co-owner may act for. Developer-held units form the developer voter, which has no owners on the roll
 * to invite: the developer votes through its representative on paper.
 */
export interface RollPerson {
  readonly id: number
  readonly name: string
  readonly idLast4: string
}

export interface OwnedVoter {
  /** The smallest unit number: the voter's handle (invitations are keyed by it). */
  readonly id: string
  readonly units: readonly { readonly number: string; readonly building: string; readonly areaCm2: number }[]
  readonly areaCm2: number
  readonly owners: readonly RollPerson[]
}

interface EstateVoters {
  readonly estate: { readonly id: string; readonly name: string }
  readonly voters: readonly OwnedVoter[]
}

async function derive(db: Db, estateId: string): Promise<EstateVoters> {
  const estate = await findEstate(db, estateId)
  if (!estate) throw notFound('estate_not_found', `No estate "${estateId}"`)
  const rows = await loadRoll(db, estateId)
  const byNumber = new Map<string, RollRow>(rows.map((r) => [r.number, r]))
  const electorate = deriveElectorate(
    rows.map((r) => ({
      id: r.number,
      building: r.building,
      kind: r.kind,
      areaCm2: r.areaCm2,
      owners: r.owners.map((o) => String(o.id)),
      developerHeld: r.developerHeld,
    })),
    { countParking: estate.count_parking === 1 },
  )
  const voters: OwnedVoter[] = []
  for (const v of electorate.voters) {
    if (v.developer) continue
    const units = v.units.map((n) => byNumber.get(n) as RollRow)
    const people = new Map<number, RollPerson>()
    for (const u of units) for (const o of u.owners) people.set(o.id, o)
    voters.push({
      id: v.id,
      units: units.map((u) => ({ number: u.number, building: u.building, areaCm2: u.areaCm2 })),
      areaCm2: v.areaCm2,
      owners: [...people.values()],
    })
  }
  return { estate: { id: estate.id, name: estate.name }, voters }
}

// Every activation reads the voters twice (who is activating, then whose code was texted), and an owner's page once.
const derived = perRollVersion(derive)

export async function ownerVoters(
  db: Db,
  estateId: string,
  scope?: Scope,
): Promise<{ estate: { id: string; name: string }; voters: readonly OwnedVoter[] }> {
  const { estate, voters } = await derived.get(db, estateId)
  if (!scope) return { estate, voters }
  // Scope selects voters with at least one unit in it (a building's letters include its owners' other units).
  return {
    estate,
    voters: voters.filter(
      (v) =>
        (!scope.buildings || v.units.some((u) => scope.buildings?.includes(u.building))) &&
        (!scope.units || v.units.some((u) => scope.units?.includes(u.number))),
    ),
  }
}

/** The voter an owner belongs to, found by any of its units. */
export function voterOfUnit(voters: readonly OwnedVoter[], unitNumber: string): OwnedVoter | undefined {
  return voters.find((v) => v.units.some((u) => u.number === unitNumber))
}
