/**
 * npm run admin:create -- --name NAME [--json]
 * Creates a platform admin account in the database at DATABASE_PATH and prints a one-time enrollment link
 * (valid 72 hours) with which the admin registers their passkey. No passwords anywhere.
 * Exit 0 on success, 2 on bad usage or configuration.
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { migrate, openSqlite } from '../db/client'
import { ConfigError, loadConfig } from '../server/config'
import { createAdmin } from '../server/services/staff-accounts'
import { usage } from './cli'

const USAGE = 'usage: npm run admin:create -- --name NAME [--json]'

let args
try {
  args = parseArgs({
    options: { name: { type: 'string' }, json: { type: 'boolean', default: false } },
  })
} catch (e) {
  usage(`${(e as Error).message}\n${USAGE}`)
}
const name = args.values.name?.trim()
if (!name) usage(USAGE)
if (Array.from(name).length > 60) usage('--name: at most 60 characters')

let config
try {
  config = loadConfig()
} catch (e) {
  if (e instanceof ConfigError) usage(e.message)
  throw e
}

const handle = openSqlite(config.databasePath)
await migrate(handle.db)
const link = await createAdmin(handle.db, name, config.publicOrigin, new Date())
await handle.close()

if (args.values.json === true) {
  console.log(JSON.stringify({ accountId: link.accountId, url: link.url, expiresAt: link.expiresAt }))
} else {
  console.log(`平台管理员 Platform admin "${name}" created in ${resolve(config.databasePath)}`)
  console.log(`一次性注册链接 One-time enrollment link (valid until ${link.expiresAt}):`)
  console.log(`  ${link.url}`)
  console.log(
    '在手机或电脑上打开，创建通行密钥。Open it on the admin’s phone or computer and create a passkey.',
  )
}
