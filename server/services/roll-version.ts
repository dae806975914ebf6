import type { Db } from '../../db/client'
import { findEstate } from '../../db/repositories/estates'
import { succeededImports } from '../../db/repositories/roll-imports'
import { notFound } from '../errors'

/**
 * What is derived from an estate's whole roll (the published roll, the voters and the people behind them), derived
 * once per roll version rather than once per request: deriving the electorate of 51,870 units took 1.4 s, and an
 * owner's activation, her page and every invitation read the voters. The version is the estate's count of succeeded
 * imports and the time of the latest — every change of units and owners is an import — with the estate's name and
 * parking setting, which the totals follow; a new version is derived on the first request after it.
 *
 * Each kind of derivation keeps its own few estates; the oldest is dropped first. A handle's cache is its own
 * (a WeakMap by handle): what a transaction derives from its uncommitted rows never reaches another handle.
 */

const CACHED_ESTATES = 32

export async function rollVersion(db: Db, estateId: string): Promise<string> {
  const estate = await findEstate(db, estateId)
  if (!estate) throw notFound('estate_not_found', `No estate "${estateId}"`)
  const imports = await succeededImports(db, estateId)
  return JSON.stringify([imports.count, imports.lastFinishedAt, estate.name, estate.count_parking])
}

export interface RollVersionCache<T> {
  /** The estate's derivation at its current roll version, derived at most once per version. */
  get(db: Db, estateId: string): Promise<T>
}

export function perRollVersion<T>(derive: (db: Db, estateId: string) => Promise<T>): RollVersionCache<T> {
  const byHandle = new WeakMap<Db, Map<string, { version: string; derived: Promise<T> }>>()
  return {
    async get(db, estateId) {
      const version = await rollVersion(db, estateId)
      let byEstate = byHandle.get(db)
      if (!byEstate) byHandle.set(db, (byEstate = new Map()))
      const cached = byEstate.get(estateId)
      if (cached?.version === version) return cached.derived
      const derived = derive(db, estateId)
      const kept = byEstate
      kept.delete(estateId)
      kept.set(estateId, { version, derived })
      if (kept.size > CACHED_ESTATES) kept.delete(kept.keys().next().value as string)
      // A failed derivation is not kept: the next request tries again.
      derived.catch(() => {
        if (kept.get(estateId)?.derived === derived) kept.delete(estateId)
      })
      return derived
    },
  }
}
