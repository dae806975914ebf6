import { createHash } from 'node:crypto'
import type { Db } from '../../db/client'
import type { AuditEntry } from '../../db/schema'

/**
 * The audit log is a hash chain (domain.md §10): each entry's hash covers the previous hash and the entry,
 * so any later change to a row is detectable by `verifyAuditChain`. Rows are append-only (database triggers).
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

function toJson(v: unknown): string | null {
  return v === undefined || v === null ? null : JSON.stringify(v)
}

export function entryHash(
  prevHash: string,
  e: Pick<
    AuditEntry,
    'at' | 'actor' | 'role' | 'action' | 'estate_id' | 'subject' | 'before_json' | 'after_json'
  >,
): string {
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

/** Appends one entry. Call inside the transaction of the change it records, so both commit or neither does. */
export async function appendAudit(db: Db, input: AuditInput): Promise<string> {
  const last = await db
    .selectFrom('audit_log')
    .select('hash')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  const prev = last?.hash ?? GENESIS_HASH
  const row = {
    at: (input.at ?? new Date()).toISOString(),
    actor: input.actor,
    role: input.role,
    action: input.action,
    estate_id: input.estateId ?? null,
    subject: input.subject ?? null,
    before_json: toJson(input.before),
    after_json: toJson(input.after),
  }
  const hash = entryHash(prev, row)
  await db
    .insertInto('audit_log')
    .values({ ...row, prev_hash: prev, hash })
    .execute()
  return hash
}

export type ChainCheck =
  | { readonly ok: true; readonly entries: number; readonly head: string }
  | { readonly ok: false; readonly entries: number; readonly brokenAt: number; readonly reason: string }

export async function verifyAuditChain(db: Db): Promise<ChainCheck> {
  const rows = await db.selectFrom('audit_log').selectAll().orderBy('id').execute()
  let prev = GENESIS_HASH
  for (const r of rows) {
    if (r.prev_hash !== prev)
      return { ok: false, entries: rows.length, brokenAt: r.id, reason: 'prev_hash mismatch' }
    if (entryHash(prev, r) !== r.hash)
      return { ok: false, entries: rows.length, brokenAt: r.id, reason: 'hash mismatch' }
    prev = r.hash
  }
  return { ok: true, entries: rows.length, head: prev }
}
