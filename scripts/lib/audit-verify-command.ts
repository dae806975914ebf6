/**
 * What `npm run audit:verify` does (scripts/audit-verify.ts is its entry point), as a function of the command line and
 * environment that prints through `io` and returns the exit code, so that tests run it in their own process.
 *
 * npm run audit:verify [-- --json]
 * Checks the audit log of the database at DATABASE_PATH: every entry's hash covers the previous hash and the entry
 * (a SHA-256 chain), so a changed, deleted or inserted row breaks the chain at that row.
 * Exit 0 when the chain holds, 1 when it is broken (the first broken link is printed), 2 on bad usage.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { openSqlite } from '../../db/client'
import { ConfigError, loadConfig } from '../../server/config'
import { verifyAuditChain } from '../../server/services/audit'
import { commandArgs, usageError, type CommandIo } from '../cli'

const USAGE = 'usage: npm run audit:verify [-- --json]'

export async function auditVerify(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = commandArgs({ args: [...argv], options: { json: { type: 'boolean', default: false } } }, USAGE)
  let config
  try {
    config = loadConfig(io.env)
  } catch (e) {
    if (e instanceof ConfigError) usageError(e.message)
    throw e
  }
  if (!existsSync(config.databasePath)) usageError(`no database at ${resolve(config.databasePath)}`)

  const handle = openSqlite(config.databasePath)
  const check = await verifyAuditChain(handle.db)
  const broken = check.ok
    ? null
    : await handle.db.selectFrom('audit_log').selectAll().where('id', '=', check.brokenAt).executeTakeFirst()
  await handle.close()

  if (args.values.json === true) {
    io.out(JSON.stringify(check))
  } else if (check.ok) {
    io.out(`✓ 审计日志完整 audit chain intact: ${check.entries} entries, head ${check.head}`)
  } else {
    io.out(
      `✗ 审计日志在第 ${check.brokenAt} 条断开 audit chain broken at entry ${check.brokenAt} (${check.reason})`,
    )
    if (broken)
      io.out(`  ${broken.at} ${broken.actor} ${broken.role} ${broken.action} ${broken.subject ?? ''}`)
  }
  return check.ok ? 0 : 1
}
