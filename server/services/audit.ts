import { dialectOf, type Db } from '../../db/client'
import {
  auditEntriesAfter,
  countAuditEntries,
  entryHash,
  findAuditEntry,
  GENESIS_HASH,
} from '../../db/repositories/audit'

/**
 * The audit log is a hash chain (domain.md §10): each entry's hash covers the previous hash and the entry,
 * so any later change to a row is detectable by `verifyAuditChain`. Rows are append-only (database triggers).
 * Entries are made in one place, db/repositories/audit.ts; this file checks the chain.
 */

export { appendAudit, entryHash, GENESIS_HASH, type AuditInput } from '../../db/repositories/audit'

export type ChainCheck =
  | { readonly ok: true; readonly entries: number; readonly head: string }
  | { readonly ok: false; readonly entries: number; readonly brokenAt: number; readonly reason: string }

/** The last entry of a chain checked up to it: its id and hash, and how many entries the chain had then. */
export interface VerifiedHead {
  readonly id: number
  readonly hash: string
  readonly prevHash: string
  readonly entries: number
}

// Rows are read and hashed in pages, so a long chain is never held in memory whole.
const PAGE = 5000

/** Checks the entries after `from` (all of them without it); the new head, or the first broken link. */
async function verifyAfter(
  db: Db,
  from: VerifiedHead | undefined,
): Promise<{ check: ChainCheck; head: VerifiedHead | undefined; hashed: number }> {
  let head = from
  let hashed = 0
  for (;;) {
    const rows = await auditEntriesAfter(db, head?.id ?? 0, PAGE)
    for (const r of rows) {
      const prev = head?.hash ?? GENESIS_HASH
      hashed++
      const reason =
        r.prev_hash !== prev
          ? 'prev_hash mismatch'
          : entryHash(prev, r) !== r.hash
            ? 'hash mismatch'
            : undefined
      if (reason) {
        const entries = await countAuditEntries(db)
        return { check: { ok: false, entries, brokenAt: r.id, reason }, head, hashed }
      }
      head = { id: r.id, hash: r.hash, prevHash: prev, entries: (head?.entries ?? 0) + 1 }
    }
    if (rows.length < PAGE) break
  }
  return { check: { ok: true, entries: head?.entries ?? 0, head: head?.hash ?? GENESIS_HASH }, head, hashed }
}

/** Re-hashes the whole chain from the first entry (npm run audit:verify; AuditChainMonitor's full check). */
export async function verifyAuditChain(db: Db): Promise<ChainCheck> {
  return (await verifyAfter(db, undefined)).check
}

/** The append-only triggers as the migration made them (db/migrations/20261123T0100_roll.ts). */
const APPEND_ONLY = ['update', 'delete'].map(
  (op) =>
    `create trigger audit_log_no_${op} before ${op} on audit_log begin select raise(abort, 'audit_log is append-only'); end`,
)

export interface MonitoredCheck {
  readonly chain: ChainCheck
  /** When the whole chain was last hashed from its first entry. */
  readonly fullCheckAt: string
  /** How many entries this check hashed: all of them on a full check, the new ones otherwise. */
  readonly hashed: number
}

/**
 * The chain's status for the audit page without re-hashing it on every call. A full check hashes every entry;
 * after it, a check hashes only the entries appended since the verified head, having first made sure that
 *
 * - the head row still hashes to what was verified (so the chain goes on from the very row it was checked to),
 * - as many entries as were verified still lie up to it (none removed or slipped in before it), and
 * - the append-only triggers are there as migrated: changing a verified row through SQL means dropping them.
 *
 * When one of these does not hold, the check is a full one, which finds the first broken entry. A row changed
 * behind the triggers' back (dropped and put back, or the file edited) is seen by the next full check only: one per
 * server process (the first check after a start), then whenever the last one is older than `fullEveryMs` (a day),
 * and every `npm run audit:verify`. A broken chain stays reported as broken until a full check finds it whole.
 */
export class AuditChainMonitor {
  private head: VerifiedHead | undefined
  private broken: ChainCheck | undefined
  private fullAt: Date | undefined
  private running: Promise<MonitoredCheck> | undefined
  private readonly now: () => Date
  private readonly fullEveryMs: number

  constructor(
    private readonly db: Db,
    options: { now?: () => Date; fullEveryMs?: number } = {},
  ) {
    this.now = options.now ?? (() => new Date())
    this.fullEveryMs = options.fullEveryMs ?? 24 * 3600 * 1000
  }

  /** The chain's status, hashing only what is new since the last check where it can (one check at a time). */
  check(): Promise<MonitoredCheck> {
    this.running ??= this.run().finally(() => {
      this.running = undefined
    })
    return this.running
  }

  /** Hashes every entry again. */
  async full(): Promise<MonitoredCheck> {
    const at = this.now()
    const r = await verifyAfter(this.db, undefined)
    this.fullAt = at
    this.head = r.check.ok ? r.head : undefined
    this.broken = r.check.ok ? undefined : r.check
    return { chain: r.check, fullCheckAt: at.toISOString(), hashed: r.hashed }
  }

  private async run(): Promise<MonitoredCheck> {
    const due = !this.fullAt || this.now().getTime() - this.fullAt.getTime() >= this.fullEveryMs
    if (due) return this.full()
    const fullCheckAt = (this.fullAt as Date).toISOString()
    if (this.broken) return { chain: this.broken, fullCheckAt, hashed: 0 }
    const head = this.head
    if (head && !(await this.headHolds(head))) return this.full()
    if (!(await this.triggersHold())) return this.full()
    const r = await verifyAfter(this.db, head)
    if (r.check.ok) this.head = r.head
    else this.broken = r.check
    return { chain: r.check, fullCheckAt, hashed: r.hashed }
  }

  private async headHolds(head: VerifiedHead): Promise<boolean> {
    const row = await findAuditEntry(this.db, head.id)
    if (!row || row.hash !== head.hash || row.prev_hash !== head.prevHash) return false
    if (entryHash(head.prevHash, row) !== head.hash) return false
    return (await countAuditEntries(this.db, head.id)) === head.entries
  }

  private async triggersHold(): Promise<boolean> {
    const definitions = await dialectOf(this.db).triggerDefinitions(this.db, 'audit_log')
    const present = definitions.map((d) => d.replace(/\s+/g, ' ').trim().toLowerCase())
    return APPEND_ONLY.every((t) => present.includes(t))
  }
}
