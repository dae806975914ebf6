/**
 * What `npm run admin:create` does (scripts/admin-create.ts is its entry point), as a function of the command line and
 * environment that prints through `io` and returns the exit code, so that tests run it in their own process.
 *
 * npm run admin:create -- --name NAME [--json]
 * Creates a platform admin account in the database at DATABASE_PATH and prints a one-time enrollment link
 * (valid 72 hours) with which the admin registers their passkey. No passwords anywhere.
 * Exit 0 on success, 2 on bad usage or configuration.
 */
import { resolve } from 'node:path'
import { migrate, openSqlite } from '../../db/client'
import { ConfigError, loadConfig } from '../../server/config'
import { createAdmin } from '../../server/services/staff-accounts'
import { commandArgs, usageError, type CommandIo } from '../cli'

const USAGE = 'usage: npm run admin:create -- --name NAME [--json]'

export async function adminCreate(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = commandArgs(
    {
      args: [...argv],
      options: { name: { type: 'string' }, json: { type: 'boolean', default: false } },
    },
    USAGE,
  )
  const name = args.values.name?.trim()
  if (!name) usageError(USAGE)
  if (Array.from(name).length > 60) usageError('--name: at most 60 characters')

  let config
  try {
    config = loadConfig(io.env)
  } catch (e) {
    if (e instanceof ConfigError) usageError(e.message)
    throw e
  }

  const handle = openSqlite(config.databasePath)
  await migrate(handle.db)
  const link = await createAdmin(handle.db, name, config.publicOrigin, new Date())
  await handle.close()

  if (args.values.json === true) {
    io.out(JSON.stringify({ accountId: link.accountId, url: link.url, expiresAt: link.expiresAt }))
  } else {
    io.out(`平台管理员 Platform admin "${name}" created in ${resolve(config.databasePath)}`)
    io.out(`一次性注册链接 One-time enrollment link (valid until ${link.expiresAt}):`)
    io.out(`  ${link.url}`)
    io.out('在手机或电脑上打开，创建通行密钥。Open it on the admin’s phone or computer and create a passkey.')
  }
  return 0
}
