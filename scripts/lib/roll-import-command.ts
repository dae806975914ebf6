/**
 * What `npm run roll:import` does (scripts/roll-import.ts is its entry point), as a function of the command line and
 * environment that prints through `io` and returns the exit code, so that tests run it in their own process.
 *
 * npm run roll:import -- --estate ID FILE [--name NAME] [--confirm-merges TOKEN] [--json]
 * Imports a roll into the database at DATABASE_PATH (creating the estate if needed). All or nothing:
 * exit 0 when imported, 2 when the file has errors (nothing is written) or on bad usage. A file that lists one
 * owner (name + last four ID characters) with different phones is imported only with --confirm-merges and the
 * token printed for its merge warnings (domain.md §3 "Owner identity"); without it, exit 2 and nothing is written.
 */
import { readFile } from 'node:fs/promises'
import { userInfo } from 'node:os'
import { basename, resolve } from 'node:path'
import { migrate, openSqlite } from '../../db/client'
import { ConfigError, loadConfig } from '../../server/config'
import { ESTATE_ID, importRoll, MERGE_TOKEN } from '../../server/services/import-roll'
import type { MergeWarning } from '../../server/domain/roll'
import { commandArgs, printErrors, printSummary, progressBar, usageError, type CommandIo } from '../cli'

const USAGE = 'usage: npm run roll:import -- --estate ID FILE [--name NAME] [--confirm-merges TOKEN] [--json]'

export async function rollImport(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = commandArgs(
    {
      args: [...argv],
      allowPositionals: true,
      options: {
        estate: { type: 'string' },
        name: { type: 'string' },
        'confirm-merges': { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    },
    USAGE,
  )
  const [file, ...rest] = args.positionals
  const estateId = args.values.estate
  if (!file || rest.length > 0 || !estateId) usageError(USAGE)
  if (!ESTATE_ID.test(estateId))
    usageError(`--estate: "${estateId}" is not a valid id (2–63 lowercase letters, digits or -)`)
  const json = args.values.json === true
  const confirmMerges = args.values['confirm-merges']
  if (confirmMerges !== undefined && !MERGE_TOKEN.test(confirmMerges))
    usageError('--confirm-merges: the 64 hex digits printed for the file’s merge warnings')

  let config
  try {
    config = loadConfig(io.env)
  } catch (e) {
    if (e instanceof ConfigError) usageError(e.message)
    throw e
  }
  let bytes: Buffer
  try {
    bytes = await readFile(file)
  } catch (e) {
    usageError(`cannot read ${file}: ${(e as Error).message}`)
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
    ...(confirmMerges === undefined ? {} : { confirmMerges }),
    onProgress: bar.update,
  })
  bar.stop()
  await handle.close()

  const brief = (ws: readonly MergeWarning[]) =>
    ws.map(({ name, idLast4, lines, phones, reason }) => ({ name, idLast4, lines, phones, reason }))

  if (json) {
    io.out(
      JSON.stringify(
        result.ok
          ? {
              imported: true,
              estate: estateId,
              importId: result.importId,
              mode: result.mode,
              ...result.summary,
              changes: result.changes,
              confirmedMerges: brief(result.confirmedMerges),
              errors: [],
            }
          : {
              imported: false,
              estate: estateId,
              importId: result.importId,
              errors: result.errors.map((e) => ({ line: e.line, reason: e.reason })),
              ...(result.status === 'needs_confirmation'
                ? { warnings: brief(result.merges.warnings), mergeToken: result.merges.token }
                : { errorCount: result.errorCount }),
            },
      ),
    )
  } else if (result.ok) {
    io.out(
      `✓ 已导入 imported into ${estateId} (${resolve(config.databasePath)}), ${result.mode === 'replace' ? '替换名册 roll replaced' : '记录为名册变更 recorded as roll changes'}`,
    )
    printSummary(result.summary, io)
    io.out(`变更 changes: +${result.changes.added} −${result.changes.removed} ~${result.changes.modified}`)
    if (result.confirmedMerges.length > 0) {
      io.out(`已确认合并 confirmed merges: ${result.confirmedMerges.length}`)
      for (const w of result.confirmedMerges) io.out(`  ${w.reason}`)
    }
  } else if (result.status === 'needs_confirmation') {
    io.err(`✗ ${result.errors[0]?.reason ?? ''}`)
    for (const w of result.merges.warnings) io.err(`  ${w.reason}`)
    io.err(`确认合并后导入 / to confirm the merges and import, run again with:`)
    io.err(`  --confirm-merges ${result.merges.token}`)
  } else {
    printErrors(result.errors, io)
    const unlisted = result.errorCount - result.errors.length
    if (unlisted > 0) io.err(`  … 另有 ${unlisted} 处错误未列出 / ${unlisted} more error(s) not listed`)
  }
  return result.ok ? 0 : 2
}
