import type { Db } from '../../db/client'
import { credentialOfSession, livePasskeysOfAccount } from '../../db/repositories/credentials'
import { listEstates } from '../../db/repositories/estates'
import { nominationsBy, representativeOwnersOfUnits } from '../../db/repositories/holders'
import { activeProxiesHeldBy } from '../../db/repositories/meetings'
import type { Actor } from '../auth/access'
import { formatAreaM2 } from '../domain/area'
import { maskName } from '../domain/mask'
import { ownerAlerts } from './approvals'
import { ownerVoters } from './owner-voters'

/**
 * What the signed-in person sees of themselves: their account, their roles (staff) or the voters they act for
 * (owners: domain §3 — an owner of several units is one voter; a co-owner acts for the co-owned unit's voter),
 * and their passkeys.
 */
export async function describeMe(db: Db, actor: Actor) {
  const estates = new Map((await listEstates(db)).map((e) => [e.id, e.name]))
  const passkeys = await livePasskeysOfAccount(db, actor.accountId)
  const sessionCredential = await credentialOfSession(db, actor.sessionId)

  let owner = null
  if (actor.ownerId !== null && actor.estateId !== null) {
    const { estate, voters } = await ownerVoters(db, actor.estateId)
    const mine = voters.filter((v) => v.owners.some((o) => o.id === actor.ownerId))
    const units = mine.flatMap((v) => v.units.map((u) => u.number))
    const reps = await representativeOwnersOfUnits(db, actor.estateId, units)
    const nominations = await nominationsBy(db, actor.estateId, units, actor.ownerId)
    owner = {
      estate,
      // 民法典 arts. 23, 34: this account is held by the owner's guardian, who acts for them.
      guardian: actor.guardianId !== null,
      voters: mine.map((v) => ({
        id: v.id,
        units: v.units.map((u) => ({
          number: u.number,
          building: u.building,
          area: formatAreaM2(u.areaCm2),
        })),
        areaCm2: v.areaCm2,
        area: formatAreaM2(v.areaCm2),
        // The other people who may act for this voter, masked.
        coOwners: v.owners.filter((o) => o.id !== actor.ownerId).map((o) => maskName(o.name)),
        // Co-owners name one representative (指导规则 art. 25): the owners of this unit, who know each other by
        // name from the same title deed, the one named, and this owner's own nomination.
        people:
          v.owners.length > 1
            ? v.owners.map((o) => ({ ownerId: o.id, name: o.name, you: o.id === actor.ownerId }))
            : [],
        representative: reps.find((r) => v.units.some((u) => u.number === r.unit))?.ownerId ?? null,
        myNomination:
          nominations.filter((n) => v.units.some((u) => u.number === n.unit)).at(-1)?.nomineeOwnerId ?? null,
      })),
    }
  }
  // A proxy holder acts as themselves for the principals of their active authorisations (domain §6.4).
  const proxies = await activeProxiesHeldBy(db, actor.accountId)
  return {
    account: {
      id: actor.accountId,
      kind: actor.kind,
      displayName: actor.displayName,
      // Activated without the owner's phone: it votes once a supervisor approves.
      approvalPending: actor.approvalPending,
    },
    // Told on the owner's own devices: a take-over of their account was asked for (or decided).
    alerts: owner
      ? await ownerAlerts(
          db,
          owner.estate.id,
          owner.voters.map((v) => v.id),
        )
      : [],
    roles: actor.grants.map((g) => ({
      grantId: g.id,
      role: g.role,
      estateId: g.estateId,
      estateName: g.estateId === null ? null : (estates.get(g.estateId) ?? null),
    })),
    owner,
    proxies,
    passkeys: passkeys.map((p) => ({
      ...p,
      // The passkey this session was signed in with.
      current: p.id === sessionCredential,
    })),
  }
}
