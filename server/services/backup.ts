import type { Db } from '../../db/client'
import type { BackupFacts } from '../../db/dialect/sqlite-backup'
import { appendAudit } from './audit'

/**
 * A restore is an event a court may ask about a year later (which records came back, from which copy): the
 * restored database's audit chain records it, naming the backup by its SHA-256 and the chain head it held, so the
 * entries before it are shown to be the backup's own.
 */
export async function recordRestore(db: Db, facts: BackupFacts, at: Date): Promise<string> {
  return db.transaction().execute((trx) =>
    appendAudit(trx, {
      actor: 'system:restore',
      role: 'system',
      action: 'database.restored',
      at,
      after: {
        backupSha256: facts.sha256,
        backupBytes: facts.bytes,
        auditHead: facts.auditHead,
        auditEntries: facts.auditEntries,
        migrations: facts.migrations.length,
      },
    }),
  )
}
