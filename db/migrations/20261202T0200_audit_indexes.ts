import type { Kysely } from 'kysely'

// Frozen in time: the audit log grows with every change of every estate and had no index but its hash. The
// supervisors' page reads one estate's entries newest first, filtered by subject (a meeting) and action, and the
// paper desk reads a meeting's `paper.entered` entries for the flat each clerk typed: without these, each of those
// reads scans the whole log.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('audit_log_estate').on('audit_log').columns(['estate_id', 'id']).execute()
  await db.schema
    .createIndex('audit_log_subject_action')
    .on('audit_log')
    .columns(['subject', 'action'])
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_log_subject_action').execute()
  await db.schema.dropIndex('audit_log_estate').execute()
}
