/**
 * npm run audit:verify [-- --json]
 * Checks the audit log of the database at DATABASE_PATH: every entry's hash covers the previous hash and the entry
 * (a SHA-256 chain), so a changed, deleted or inserted row breaks the chain at that row.
 * Exit 0 when the chain holds, 1 when it is broken (the first broken link is printed), 2 on bad usage.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { openSqlite } from '../db/client'
import { ConfigError, loadConfig } from '../server/config'
import { verifyAuditChain } from '../server/services/audit'
import { usage } from './cli'

const USAGE = 'usage: npm run audit:verify [-- --json]'
let args
try {
  args = parseArgs({ options: { json: { type: 'boolean', default: false } } })
} catch (e) {
  usage(`${(e as Error).message}\n${USAGE}`)
}
let config
try {
  config = loadConfig()
} catch (e) {
  if (e instanceof ConfigError) usage(e.message)
  throw e
}
if (!existsSync(config.databasePath)) usage(`no database at ${resolve(config.databasePath)}`)

const handle = openSqlite(config.databasePath)
const check = await verifyAuditChain(handle.db)
const broken = check.ok
  ? null
  : await handle.db.selectFrom('audit_log').selectAll().where('id', '=', check.brokenAt).executeTakeFirst()
await handle.close()

if (args.values.json === true) {
  console.log(JSON.stringify(check))
} else if (check.ok) {
  console.log(`✓ 审计日志完整 audit chain intact: ${check.entries} entries, head ${check.head}`)
} else {
  console.log(
    `✗ 审计日志在第 ${check.brokenAt} 条断开 audit chain broken at entry ${check.brokenAt} (${check.reason})`,
  )
  if (broken)
    console.log(`  ${broken.at} ${broken.actor} ${broken.role} ${broken.action} ${broken.subject ?? ''}`)
}
process.exit(check.ok ? 0 : 1)
