/**
 * What `npm run roll:check` does (scripts/roll-check.ts is its entry point), as a function of the command line and
 * environment that prints through `io` and returns the exit code, so that tests run it in their own process.
 *
 * npm run roll:check -- FILE [--json] [--count-parking]
 * Validates a roll file without importing it. Exit 0 when valid, 2 when it has errors (or on bad usage).
 * Owners merged across rows with different phones are printed as warnings with the token that confirms them
 * (roll:import --confirm-merges); warnings alone do not make the file invalid.
 */
import { readFile } from 'node:fs/promises'
import { checkRollFile } from '../../server/services/import-roll'
import { commandArgs, printErrors, printSummary, progressBar, usageError, type CommandIo } from '../cli'

const USAGE = 'usage: npm run roll:check -- FILE [--json] [--count-parking]'

export async function rollCheck(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = commandArgs(
    {
      args: [...argv],
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        'count-parking': { type: 'boolean', default: false },
      },
    },
    USAGE,
  )
  const [file, ...rest] = args.positionals
  if (!file || rest.length > 0) usageError(USAGE)
  const json = args.values.json === true
  const countParking = args.values['count-parking'] === true

  let bytes: Buffer
  try {
    bytes = await readFile(file)
  } catch (e) {
    usageError(`cannot read ${file}: ${(e as Error).message}`)
  }

  const bar = progressBar(!json)
  const result = await checkRollFile(bytes, { countParking, onProgress: bar.update })
  bar.stop()

  if (json) {
    const warnings = result.warnings.map(({ name, idLast4, lines, phones, reason }) => ({
      name,
      idLast4,
      lines,
      phones,
      reason,
    }))
    const out = result.ok
      ? {
          units: result.summary.units,
          heads: result.summary.heads,
          areaCm2: result.summary.areaCm2,
          errors: [],
          warnings,
          mergeToken: result.mergeToken,
        }
      : {
          units: result.units,
          heads: 0,
          areaCm2: 0,
          errors: result.errors.map((e) => ({ line: e.line, reason: e.reason })),
          // The errors listed are the first ones (at most 200); this counts them all.
          errorCount: result.errorCount,
          warnings,
          mergeToken: null,
        }
    io.out(JSON.stringify(out))
  } else {
    if (result.ok) {
      io.out(`✓ ${file}: ${result.format} (${result.encoding}) 有效 / valid`)
      printSummary(result.summary, io)
    } else {
      printErrors(result.errors, io)
      const unlisted = result.errorCount - result.errors.length
      if (unlisted > 0) io.err(`  … 另有 ${unlisted} 处错误未列出 / ${unlisted} more error(s) not listed`)
    }
    if (result.warnings.length > 0) {
      io.err(
        `! ${result.warnings.length} 处合并须确认 / ${result.warnings.length} owner merge(s) to confirm on import:`,
      )
      for (const w of result.warnings) io.err(`  ${w.reason}`)
      if (result.ok)
        io.err(`  确认码 confirmation token: ${result.mergeToken} (roll:import --confirm-merges)`)
    }
  }
  return result.ok ? 0 : 2
}
