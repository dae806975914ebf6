/**
 * npm run roll:import -- --estate ID FILE [--name NAME] [--json]
 * Imports a roll into the database at DATABASE_PATH (creating the estate if needed). All or nothing:
 * exit 0 when imported, 2 when the file has errors (nothing is written) or on bad usage.
 */
import { readFile } from 'node:fs/promises'
import { userInfo } from 'node:os'
import { basename, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { migrate, openSqlite } from '../db/client'
import { ConfigError, loadConfig } from '../server/config'
import { ESTATE_ID, importRoll } from '../server/services/import-roll'
import { printErrors, printSummary, progressBar, usage } from './cli'

const USAGE = 'usage: npm run roll:import -- --estate ID FILE [--name NAME] [--json]'

let args
try {
  args = parseArgs({
    allowPositionals: true,
    options: {
      estate: { type: 'string' },
      name: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  })
} catch (e) {
  usage(`${(e as Error).message}\n${USAGE}`)
}
const [file, ...rest] = args.positionals
const estateId = args.values.estate
if (!file || rest.length > 0 || !estateId) usage(USAGE)
if (!ESTATE_ID.test(estateId))
  usage(`--estate: "${estateId}" is not a valid id (2–63 lowercase letters, digits or -)`)
const json = args.values.json === true

let config
try {
  config = loadConfig()
} catch (e) {
  if (e instanceof ConfigError) usage(e.message)
  throw e
}
let bytes: Buffer
try {
  bytes = await readFile(file)
} catch (e) {
  usage(`cannot read ${file}: ${(e as Error).message}`)
}

const handle = openSqlite(config.databasePath)
await migrate(handle.db)
const bar = progressBar(!json)
const result = await importRoll(handle.db, {
  estateId,
  estateName: args.values.name,
  fileName: basename(file),
  file: bytes,
  actor: `cli:${userInfo().username}`,
  role: 'operator',
  onProgress: bar.update,
})
bar.stop()
await handle.close()

if (json) {
  console.log(
    JSON.stringify(
      result.ok
        ? {
            imported: true,
            estate: estateId,
            importId: result.importId,
            mode: result.mode,
            ...result.summary,
            changes: result.changes,
            errors: [],
          }
        : {
            imported: false,
            estate: estateId,
            importId: result.importId,
            errors: result.errors.map((e) => ({ line: e.line, reason: e.reason })),
          },
    ),
  )
} else if (result.ok) {
  console.log(
    `✓ 已导入 imported into ${estateId} (${resolve(config.databasePath)}), ${result.mode === 'replace' ? '替换名册 roll replaced' : '记录为名册变更 recorded as roll changes'}`,
  )
  printSummary(result.summary)
  console.log(`变更 changes: +${result.changes.added} −${result.changes.removed} ~${result.changes.modified}`)
} else {
  printErrors(result.errors)
}
process.exit(result.ok ? 0 : 2)
