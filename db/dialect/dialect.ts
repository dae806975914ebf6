import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../schema'

/**
 * What the SQL of one database engine decides, behind one interface: the repositories and services speak portable
 * Kysely, and whatever only SQLite (or, next, PostgreSQL) understands is a method here. db/dialect/sqlite.ts is the
 * one implementation today; a PostgreSQL one implements the same methods (`synchronous_commit`, `pg_trigger`,
 * `pg_advisory_xact_lock`, …) and the rest of the house does not change.
 */
export interface Dialect {
  readonly name: 'sqlite' | 'postgres'

  /**
   * Whether an acknowledged commit must be on disk ('full': it survives power loss, not only a crash) or may be
   * lost on a crash ('off': the demo's simulated past, written in bulk and thrown away).
   */
  setDurability(mode: 'full' | 'off'): void

  /** The definitions of the triggers on a table, as the database keeps them (for the audit log's append-only check). */
  triggerDefinitions(db: Kysely<Database>, table: keyof Database & string): Promise<string[]>

  /**
   * Makes the audit chain's appends in concurrent transactions take turns, so that no two entries follow the same
   * head. SQLite writes one transaction at a time (one connection, one writer), so it has nothing to do; on
   * PostgreSQL this is a transaction-scoped advisory lock taken before the head is read.
   */
  lockAuditChain(trx: Transaction<Database>): Promise<void>
}
