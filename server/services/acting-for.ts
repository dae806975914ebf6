import type { Db } from '../../db/client'
import { liveRepresentativesOfUnits } from '../../db/repositories/holders'
import { activeProxiesOfHolder } from '../../db/repositories/meetings'
import { currentOwnersOfUnits, unitsOfOwner } from '../../db/repositories/roll'
import type { Actor } from '../auth/access'
import type { Choice } from '../domain/bundle'
import { maskName } from '../domain/mask'
import { frozenElectorate, votersOfOwner, type FrozenElectorate, type MeetingDefinition } from './meetings'

/**
 * Who may cast for which voter of a meeting (domain §3):
 * - the electorate and each voter's weight are frozen at notice, but if a unit changes hands during voting (a roll
 *   change recorded after notice) its new owner votes for that voter and the earlier owner no longer may — a
 *   ballot the earlier owner already cast stands (北京 practice);
 * - once the co-owners of a unit have named a representative (指导规则 art. 25), only the representative casts;
 * - a guardian acts for the owner they are recorded for (民法典 arts. 23, 34) through the owner's account, which is
 *   the guardian's once the guardian is recorded; the owner does not vote.
 * Proxy holders act for the principals of their active authorisations (§6.4).
 */

export interface OwnVoter {
  readonly voter: string
  /** The voter has one holder, unchanged since notice: a paper ballot for it can only be that person's. */
  readonly sole: boolean
  /** The actor is the voter's named representative. */
  readonly representative: boolean
}

export interface Blocked {
  readonly voter: string
  /** A representative is named; or this account was activated without the owner's phone and awaits approval. */
  readonly reason: 'representative_named' | 'activation_pending'
  /** The representative, masked, to tell the co-owner who casts. */
  readonly representative: string | null
}

export interface Acting {
  readonly own: readonly OwnVoter[]
  /** Voters the actor holds but may not cast for (a representative is named), with the reason. */
  readonly blocked: readonly Blocked[]
  readonly proxies: readonly {
    readonly id: string
    readonly voter: string
    readonly directions: Record<string, Choice> | null
  }[]
}

export interface Holders {
  /** Who may cast for the voter now: roll owner ids. */
  readonly owners: ReadonlySet<number>
  /** No unit of the voter changed hands since notice. */
  readonly unchanged: boolean
}

/**
 * The people who hold a voter now: the current owners of its units where a unit changed hands after notice,
 * otherwise the owners frozen at notice. The developer's voter is frozen as it is (its representative votes on
 * paper), as is a voter whose units have all left the roll.
 */
export async function holdersOf(
  db: Db,
  m: MeetingDefinition,
  e: FrozenElectorate,
  voterIds: readonly string[],
): Promise<Map<string, Holders>> {
  const voters = voterIds
    .map((id) => e.wide.voters.find((v) => v.id === id))
    .filter((v): v is NonNullable<typeof v> => v !== undefined)
  const owners = await currentOwnersOfUnits(
    db,
    m.row.estate_id,
    voters.filter((v) => !v.developer).flatMap((v) => v.units),
  )
  const out = new Map<string, Holders>()
  for (const v of voters) {
    const frozen = new Set(v.owners.map(Number))
    if (v.developer) {
      out.set(v.id, { owners: frozen, unchanged: true })
      continue
    }
    const now = new Set<number>()
    for (const u of v.units) for (const o of owners.get(u) ?? []) now.add(o)
    const unchanged = now.size === 0 || (now.size === frozen.size && [...now].every((o) => frozen.has(o)))
    out.set(v.id, { owners: unchanged ? frozen : now, unchanged })
  }
  return out
}

/** The live named representatives of the given voters' units: voter id → owner id. */
async function representativesOf(
  db: Db,
  estateId: string,
  e: FrozenElectorate,
  voterIds: readonly string[],
): Promise<Map<string, { ownerId: number; name: string }>> {
  const units = voterIds.flatMap((id) => e.wide.voters.find((v) => v.id === id)?.units ?? [])
  const out = new Map<string, { ownerId: number; name: string }>()
  if (units.length === 0) return out
  const rows = await liveRepresentativesOfUnits(db, estateId, units)
  for (const r of rows) {
    const key = e.wide.voterOfUnit.get(r.unit)
    const voter = e.wide.voters.find((v) => v.key === key)
    if (voter) out.set(voter.id, { ownerId: r.ownerId, name: r.name })
  }
  return out
}

/** The voters of the meeting whose units the owner holds on the current roll. */
async function votersOfCurrentUnits(db: Db, m: MeetingDefinition, e: FrozenElectorate, ownerId: number) {
  const units = await unitsOfOwner(db, m.row.estate_id, ownerId)
  const out = new Set<string>()
  for (const u of units) {
    const key = e.wide.voterOfUnit.get(u)
    const voter = key === undefined ? undefined : e.wide.voters.find((v) => v.key === key)
    if (voter && !voter.developer) out.add(voter.id)
  }
  return out
}

/** The voters an actor may cast for in a meeting: their own (as owner or guardian) and by proxy. */
export async function actingFor(db: Db, m: MeetingDefinition, actor: Actor): Promise<Acting> {
  const e = await frozenElectorate(db, m)
  const own: OwnVoter[] = []
  const blocked: Blocked[] = []
  if (actor.ownerId !== null && actor.estateId === m.row.estate_id) {
    const candidates = [
      ...new Set([
        ...votersOfOwner(e, actor.ownerId),
        ...(await votersOfCurrentUnits(db, m, e, actor.ownerId)),
      ]),
    ].sort()
    const holders = await holdersOf(db, m, e, candidates)
    const reps = await representativesOf(db, m.row.estate_id, e, candidates)
    for (const voter of candidates) {
      const h = holders.get(voter)
      if (!h?.owners.has(actor.ownerId)) continue
      // An activation without the owner's phone as second factor casts nothing until a supervisor approves it.
      if (actor.approvalPending) {
        blocked.push({ voter, reason: 'activation_pending', representative: null })
        continue
      }
      const rep = reps.get(voter)
      // A representative who no longer holds the voter (the unit was sold) does not bind the new owners.
      if (rep && h.owners.has(rep.ownerId) && rep.ownerId !== actor.ownerId) {
        blocked.push({ voter, reason: 'representative_named', representative: maskName(rep.name) })
        continue
      }
      own.push({
        voter,
        sole: h.unchanged && h.owners.size === 1,
        representative: rep !== undefined && rep.ownerId === actor.ownerId,
      })
    }
  }
  const proxies = await activeProxiesOfHolder(db, m.row.id, actor.accountId)
  return {
    own,
    blocked,
    proxies,
  }
}

/** Whether a paper ballot for the voter can only be its one holder's (see `OwnVoter.sole`). */
export async function soleHolder(db: Db, m: MeetingDefinition, voter: string): Promise<boolean> {
  const e = await frozenElectorate(db, m)
  const h = (await holdersOf(db, m, e, [voter])).get(voter)
  return h !== undefined && h.unchanged && h.owners.size === 1
}
