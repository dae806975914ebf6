import type { Db } from '../client'

/**
 * The audit log as an estate's supervisors read it: one page of its entries, newest first, optionally of one
 * subject (a meeting, a unit, an account), and how many there are in all. The chain itself is read and appended
 * in audit.ts.
 */
export async function estateAuditPage(
  db: Db,
  estateId: string,
  page: { offset: number; limit: number; subject?: string | undefined },
) {
  let q = db.selectFrom('audit_log').selectAll().where('estate_id', '=', estateId)
  if (page.subject) q = q.where('subject', '=', page.subject)
  const rows = await q.orderBy('id', 'desc').offset(page.offset).limit(page.limit).execute()
  let count = db
    .selectFrom('audit_log')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('estate_id', '=', estateId)
  if (page.subject) count = count.where('subject', '=', page.subject)
  const total = await count.executeTakeFirstOrThrow()
  return {
    total: Number(total.n),
    entries: rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      role: r.role,
      action: r.action,
      subject: r.subject,
      before: r.before_json ? (JSON.parse(r.before_json) as unknown) : null,
      after: r.after_json ? (JSON.parse(r.after_json) as unknown) : null,
      hash: r.hash,
    })),
  }
}
