import { createHash } from 'node:crypto'
import {
  canonicalMergeWarnings,
  mapHeader,
  normalizeCell,
  ownerIdentityKey,
  RollValidator,
  type MergeWarning,
  type OwnerIdentity,
  type ParsedUnit,
  type RollError,
} from '../domain/roll'
import { isUnsafeText } from '../domain/text'
import { deriveElectorate, type RollUnit } from '../domain/voting-rights'
import {
  openRollFile,
  ROLL_FILE_LIMITS,
  RollFileError,
  type RollFileEncoding,
  type RollFileFormat,
  type RollFileLimits,
} from './roll-file'

/**
 * Checking a roll file (domain.md §3 "Import"): one streamed pass that reads and validates the rows, stopping at
 * the first cap the file passes. It runs in the import's worker thread (roll-worker.ts); nothing here touches the
 * database.
 */

export type ImportPhase = 'reading' | 'validating' | 'writing' | 'done'

export interface Progress {
  readonly phase: ImportPhase
  readonly processed: number
  readonly total: number
}

export type OnProgress = (p: Progress) => void

export interface RollSummary {
  readonly units: number
  readonly owners: number
  /** Voters and counted area under the estate's parking setting (or the --count-parking flag). */
  readonly heads: number
  readonly areaCm2: number
  readonly countParking: boolean
}

export type CheckResult =
  | {
      readonly ok: true
      readonly format: RollFileFormat
      readonly encoding: RollFileEncoding
      readonly units: readonly ParsedUnit[]
      readonly owners: readonly OwnerIdentity[]
      readonly summary: RollSummary
      /** The summary under either parking setting, so that a write never derives the electorate again. */
      readonly summaries: { readonly parking: RollSummary; readonly noParking: RollSummary }
      /** Owners merged across rows with different phones; importing them needs `mergeToken`. */
      readonly warnings: readonly MergeWarning[]
      /** The confirmation token of `warnings`, or null when there is nothing to confirm. */
      readonly mergeToken: string | null
    }
  | {
      readonly ok: false
      /** The first errors in file order (at most ROLL_LIMITS.maxReportedErrors)… */
      readonly errors: readonly RollError[]
      /** …and how many there are in all. */
      readonly errorCount: number
      readonly units: number
      readonly warnings: readonly MergeWarning[]
    }

/** SHA-256 (hex) of the canonical list of merge warnings: what the convener confirms by sending it back. */
export function mergeToken(warnings: readonly MergeWarning[]): string {
  return createHash('sha256').update(canonicalMergeWarnings(warnings)).digest('hex')
}

/** Converts parsed units to the domain's RollUnit, with owners identified by name + last four ID characters. */
export function toRollUnits(units: readonly ParsedUnit[]): RollUnit[] {
  return units.map((u) => ({
    id: u.number,
    building: u.building,
    kind: u.kind,
    areaCm2: u.areaCm2,
    owners: u.owners.map(ownerIdentityKey),
    developerHeld: u.developerHeld,
  }))
}

export function summarize(
  units: readonly RollUnit[],
  ownerCount: number,
  countParking: boolean,
): RollSummary {
  const e = deriveElectorate(units, { countParking })
  return {
    units: units.length,
    owners: ownerCount,
    heads: e.totals.heads,
    areaCm2: e.totals.areaCm2,
    countParking,
  }
}

const PROGRESS_EVERY = 5_000

function fileError(e: RollFileError): RollError {
  return { line: e.line, code: e.code, reason: e.reason }
}

/** Reads and validates a roll file in this thread, without writing anything. */
export async function checkRollBytes(
  file: Uint8Array,
  opts: { countParking: boolean; onProgress?: OnProgress; limits?: RollFileLimits },
): Promise<CheckResult> {
  const limits = opts.limits ?? ROLL_FILE_LIMITS
  const report = opts.onProgress ?? (() => undefined)
  report({ phase: 'reading', processed: 0, total: 0 })
  const refused = (errors: readonly RollError[], errorCount = errors.length, units = 0) =>
    ({
      ok: false,
      errors: errors.slice(0, limits.maxReportedErrors),
      errorCount,
      units,
      warnings: [],
    }) as const

  let reader
  try {
    reader = await openRollFile(file, limits)
  } catch (e) {
    if (e instanceof RollFileError) return refused([fileError(e)])
    throw e
  }
  const rows = reader.rows()
  let validator: RollValidator | undefined
  /** The unit of each line that had an error (of the first lines the report lists). */
  const unitOfLine = new Map<number, string>()
  const withUnits = (errors: readonly RollError[]): RollError[] =>
    errors.map((e) => {
      const unit = e.unit === undefined ? unitOfLine.get(e.line) : undefined
      return unit === undefined ? e : { ...e, unit }
    })
  /** A cap passed or a file that could not be read further: it refuses the file, ahead of the row errors. */
  let fatal: RollError | undefined
  try {
    const head = await rows.next()
    if (head.done) return refused([{ line: 1, code: 'file_empty', reason: '文件为空 / the file is empty' }])
    const header = mapHeader(head.value.cells, head.value.line, limits)
    if (!header.ok) return refused(header.errors)
    validator = new RollValidator(header.map, { limits, headerCells: head.value.cells })
    const unitColumn = header.map.unit
    let next = PROGRESS_EVERY
    for await (const row of rows) {
      const errorsBefore = validator.errorCount
      validator.add(row.line, row.cells)
      if (validator.errorCount > errorsBefore && unitOfLine.size < limits.maxReportedErrors) {
        // A line refused before its cells were read (a cell over the cap) carries no unit: name it here when the
        // unit's own cell is a readable one, so that the report says which flat every bad line is about.
        const cell = row.cells[unitColumn] ?? ''
        const unit = cell.length <= limits.maxCellChars ? normalizeCell(cell) : ''
        if (unit !== '' && !isUnsafeText(unit)) unitOfLine.set(row.line, unit)
      }
      if (validator.rowCount > limits.maxUnits) {
        // Reading stops here: the rest of the file is never parsed, whatever its size.
        fatal = {
          line: row.line,
          code: 'too_many_rows',
          reason:
            `文件超过 ${limits.maxUnits} 套房屋的上限（读到第 ${row.line} 行时停止），未导入任何数据 / ` +
            `the file lists more than ${limits.maxUnits} units, the limit (reading stopped at line ${row.line}); nothing was imported`,
        }
        break
      }
      if (validator.rowCount >= next) {
        next += PROGRESS_EVERY
        const processed = validator.rowCount
        const share = reader.fraction()
        report({
          phase: 'validating',
          processed,
          total: share > 0 ? Math.max(processed, Math.round(processed / share)) : processed,
        })
      }
    }
  } catch (e) {
    if (!(e instanceof RollFileError)) throw e
    fatal = fileError(e)
  } finally {
    await rows.return(undefined)
  }
  if (!validator) return refused(fatal ? [fatal] : [])
  const processed = validator.rowCount
  report({ phase: 'validating', processed, total: processed })
  const result = validator.finish()
  if (fatal) {
    // The rows read before the cap keep their errors (a file of no units says nothing more than the cap).
    const errors = result.ok || validator.errorCount === 0 ? [] : withUnits(result.errors)
    return {
      ...refused([fatal, ...errors], 1 + validator.errorCount, processed),
      warnings: result.warnings,
    }
  }
  if (!result.ok)
    return {
      ok: false,
      units: processed,
      errors: withUnits(result.errors),
      errorCount: result.errorCount,
      warnings: result.warnings,
    }
  const rollUnits = toRollUnits(result.units)
  const summaries = {
    parking: summarize(rollUnits, result.owners.length, true),
    noParking: summarize(rollUnits, result.owners.length, false),
  }
  return {
    ok: true,
    format: reader.format,
    encoding: reader.encoding,
    units: result.units,
    owners: result.owners,
    summary: opts.countParking ? summaries.parking : summaries.noParking,
    summaries,
    warnings: result.warnings,
    mergeToken: result.warnings.length > 0 ? mergeToken(result.warnings) : null,
  }
}
