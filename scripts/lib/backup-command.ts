/**
 * What `npm run backup` and `npm run restore` do (scripts/backup.ts and scripts/restore.ts are their entry points),
 * as functions of the command line and environment that print through `io` and return the exit code.
 *
 * npm run backup -- --out FILE [--json]
 *   Copies the database at DATABASE_PATH to FILE, also while the server runs (SQLite's online backup API: one read
 *   transaction, which blocks no writer in WAL mode). FILE must not exist; it is made 0600, checked (SQLite's
 *   integrity check) and only then given its name. Prints its size, SHA-256 and audit head. Exit 0, or 2 on bad
 *   usage or a refused backup (nothing written).
 *
 * npm run restore -- FILE [--json]
 *   Restores the backup FILE as the database at DATABASE_PATH, which must be empty (no file, or no table). Checks
 *   the backup first, brings an older one up to date with the migrations, verifies the audit chain and records the
 *   restore in it. Exit 0 when restored with an intact chain, 1 when the restored chain is broken, 2 on bad usage
 *   or a refused restore (nothing written).
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { migrate, openSqlite } from '../../db/client'
import {
  backupSqliteFile,
  BackupRefused,
  restoreSqliteFile,
  type BackupFacts,
} from '../../db/dialect/sqlite-backup'
import { migrations } from '../../db/migrations/index'
import { ConfigError, loadConfig } from '../../server/config'
import { verifyAuditChain } from '../../server/services/audit'
import { recordRestore } from '../../server/services/backup'
import { commandArgs, usageError, type CommandIo } from '../cli'

const BACKUP_USAGE = 'usage: npm run backup -- --out FILE [--json]'
const RESTORE_USAGE = 'usage: npm run restore -- FILE [--json]'

function databasePath(io: CommandIo): string {
  try {
    return loadConfig(io.env).databasePath
  } catch (e) {
    if (e instanceof ConfigError) usageError(e.message)
    throw e
  }
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`

function printFacts(io: CommandIo, f: BackupFacts): void {
  io.out(`  size 大小:        ${mib(f.bytes)} (${f.bytes} bytes)`)
  io.out(`  SHA-256:          ${f.sha256}`)
  io.out(`  audit 审计日志:   ${f.auditEntries} entries, head ${f.auditHead ?? '(empty)'}`)
  io.out(`  ballots 选票:     ${f.ballots}`)
  io.out(
    `  migrations 迁移:  ${f.migrations.length}, last ${f.migrations[f.migrations.length - 1] ?? '(none)'}`,
  )
}

export async function backupCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = commandArgs(
    {
      args: [...argv],
      options: { out: { type: 'string' }, json: { type: 'boolean', default: false } },
    },
    BACKUP_USAGE,
  )
  const out = args.values.out
  if (!out) usageError(`--out FILE is required\n${BACKUP_USAGE}`)
  const source = databasePath(io)
  let facts: BackupFacts
  try {
    facts = await backupSqliteFile(source, out)
  } catch (e) {
    if (e instanceof BackupRefused) usageError(`✗ 备份未完成 backup refused (${e.code}): ${e.message}`)
    throw e
  }
  if (args.values.json) io.out(JSON.stringify(facts))
  else {
    io.out(`✓ 备份完成 backup written: ${resolve(out)} (from ${resolve(source)})`)
    printFacts(io, facts)
  }
  return 0
}

export async function restoreCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = commandArgs(
    {
      args: [...argv],
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false } },
    },
    RESTORE_USAGE,
  )
  const [file, ...rest] = args.positionals
  if (!file || rest.length > 0) usageError(RESTORE_USAGE)
  if (!existsSync(file)) usageError(`no backup file at ${resolve(file)}`)
  const target = databasePath(io)
  let facts: BackupFacts
  try {
    facts = await restoreSqliteFile(file, target, Object.keys(migrations))
  } catch (e) {
    if (e instanceof BackupRefused) usageError(`✗ 未恢复 restore refused (${e.code}): ${e.message}`)
    throw e
  }
  const handle = openSqlite(target)
  try {
    const applied = await migrate(handle.db)
    const chain = await verifyAuditChain(handle.db)
    if (chain.ok) await recordRestore(handle.db, facts, new Date())
    const after = await verifyAuditChain(handle.db)
    if (args.values.json) io.out(JSON.stringify({ ...facts, target, migrated: applied, chain: after }))
    else {
      io.out(`✓ 已恢复 restored ${resolve(file)} into ${resolve(target)}`)
      printFacts(io, facts)
      if (applied.length > 0) io.out(`  brought up to date 新迁移: ${applied.join(', ')}`)
      io.out(
        after.ok
          ? `✓ 审计日志完整 audit chain intact: ${after.entries} entries (the restore recorded as the last)`
          : `✗ 审计日志在第 ${after.brokenAt} 条断开 audit chain broken at entry ${after.brokenAt} (${after.reason})`,
      )
    }
    return after.ok ? 0 : 1
  } finally {
    await handle.close()
  }
}
