import { createHash } from 'node:crypto'
import type SQLite from 'better-sqlite3'
import type { Insertable, Kysely, Transaction } from 'kysely'
import { dialectOf, type Db } from '../client'
import { constant, param, prepareSync } from '../dialect/sqlite'
import type { AuditEntry, AuditLogTable, Database } from '../schema'

/**
 * The audit log is a hash chain (domain.md §10): each entry's hash covers the previous hash and the entry,
 * so any later change to a row is detectable by re-hashing (server/services/audit.ts). Rows are append-only
 * (database triggers). This file is the one place an entry is made: its row, its hash, and the two statements
 * that append it — run by Kysely inside a transaction, or synchronously by the ballot writer inside its own.
 */

export const GENESIS_HASH = '0'.repeat(64)

export interface AuditInput {
  readonly actor: string
  readonly role: string
  readonly action: string
  readonly estateId?: string | null
  readonly subject?: string | null
  readonly before?: unknown
  readonly after?: unknown
  readonly at?: Date
}

type HashedFields = Pick<
  AuditEntry,
  'at' | 'actor' | 'role' | 'action' | 'estate_id' | 'subject' | 'before_json' | 'after_json'
>

/** SHA-256 over the previous hash and the entry's fields, as a JSON array: the chain's format, byte for byte. */
export function entryHash(prevHash: string, e: HashedFields): string {
  const canonical = JSON.stringify([
    prevHash,
    e.at,
    e.actor,
    e.role,
    e.action,
    e.estate_id,
    e.subject,
    e.before_json,
    e.after_json,
  ])
  return createHash('sha256').update(canonical).digest('hex')
}

const toJson = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v))

type NewAuditRow = Insertable<AuditLogTable> & HashedFields & { prev_hash: string; hash: string }

/** The row of an entry that follows the head `prevHash`. */
export function chainEntry(prevHash: string, input: AuditInput): NewAuditRow {
  const fields: HashedFields = {
    at: (input.at ?? new Date()).toISOString(),
    actor: input.actor,
    role: input.role,
    action: input.action,
    estate_id: input.estateId ?? null,
    subject: input.subject ?? null,
    before_json: toJson(input.before),
    after_json: toJson(input.after),
  }
  return { ...fields, prev_hash: prevHash, hash: entryHash(prevHash, fields) }
}

// The limit is written into the SQL: SQLite reads the last row at once for `limit 1`, and several times slower
// for a bound `limit ?` (measured on the ballot writer's path, where this runs once per ballot).
const headQuery = (db: Kysely<Database>) =>
  db.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(constant(1))

const insertQuery = (db: Kysely<Database>, row: NewAuditRow) => db.insertInto('audit_log').values(row)

/**
 * Appends one entry; returns its hash (the chain's new head). It takes the transaction of the change it records,
 * so both commit or neither does — and the head it follows cannot move between reading it and appending.
 */
export async function appendAudit(trx: Transaction<Database>, input: AuditInput): Promise<string> {
  await dialectOf(trx).lockAuditChain(trx)
  const head = await headQuery(trx).executeTakeFirst()
  const row = chainEntry(head?.hash ?? GENESIS_HASH, input)
  await insertQuery(trx, row).execute()
  return row.hash
}

/**
 * The same append, synchronous, for code already inside a better-sqlite3 transaction on the raw connection (the
 * ballot writer's group commit, where an awaited query cannot run). The statements are the ones `appendAudit`
 * runs, compiled once; the connection's single writer keeps the head from moving meanwhile.
 */
export function syncAuditAppender(db: Db, sqlite: SQLite.Database): (input: AuditInput) => string {
  const head = prepareSync<Record<string, never>, { hash: string }>(sqlite, headQuery(db))
  // A row whose every field is a named parameter: the insert `appendAudit` runs, compiled once.
  const fields = Object.keys(chainEntry(GENESIS_HASH, { actor: '', role: '', action: '' }))
  const template = Object.fromEntries(fields.map((f) => [f, param(f)])) as NewAuditRow
  const insert = prepareSync<NewAuditRow, never>(sqlite, insertQuery(db, template))
  return (input) => {
    const row = chainEntry(head.get({})?.hash ?? GENESIS_HASH, input)
    insert.run(row)
    return row.hash
  }
}

// ---- reading the chain ------------------------------------------------------------------------------------------

/** Entries after `afterId`, in chain order, at most `limit`. */
export function auditEntriesAfter(db: Db, afterId: number, limit: number): Promise<AuditEntry[]> {
  return db.selectFrom('audit_log').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute()
}

export function findAuditEntry(db: Db, id: number): Promise<AuditEntry | undefined> {
  return db.selectFrom('audit_log').selectAll().where('id', '=', id).executeTakeFirst()
}

/** How many entries there are (up to and including `upTo`, when given). */
export async function countAuditEntries(db: Db, upTo?: number): Promise<number> {
  let q = db.selectFrom('audit_log').select(({ fn }) => fn.countAll<number>().as('n'))
  if (upTo !== undefined) q = q.where('id', '<=', upTo)
  return Number((await q.executeTakeFirstOrThrow()).n)
}
