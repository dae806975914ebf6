import { randomUUID } from 'node:crypto'
import type { Transaction } from 'kysely'
import type { Db } from '../../db/client'
import type { Database } from '../../db/schema'
import { findEstate, hasSnapshot, insertEstate } from '../../db/repositories/estates'
import { loadRoll, unitCount, type RollRow } from '../../db/repositories/roll'
import {
  failRunningImport,
  insertRollImport,
  runningImportIds,
  settleRollImport,
} from '../../db/repositories/roll-imports'
import { insertRollSnapshot, snapshotUnits } from '../../db/repositories/roll-snapshots'
import {
  buildingIdsByName,
  changeOwnerPhone,
  deleteUnits,
  insertMissingBuildings,
  insertOwners,
  insertRollChanges,
  insertUnitOwners,
  insertUnits,
  ownersOfEstate,
  rewriteUnit,
} from '../../db/repositories/roll-writes'
import {
  ownerIdentityKey,
  ROLL_LIMITS,
  type MergeWarning,
  type ParsedUnit,
  type RollError,
} from '../domain/roll'
import type { RollUnit } from '../domain/voting-rights'
import { appendAudit } from './audit'
import type { CheckResult, OnProgress, RollSummary } from './roll-check'
import { checkInWorker, RollWorkerError } from './roll-worker-client'

export {
  mergeToken,
  summarize,
  toRollUnits,
  type CheckResult,
  type ImportPhase,
  type OnProgress,
  type Progress,
  type RollSummary,
} from './roll-check'
export { RollWorkerError, WORKER_HEAP_MB } from './roll-worker-client'

/**
 * Checking and importing an owners' roll (domain.md §3 "Import"). An import is all-or-nothing: validation runs
 * over the whole file first, and the roll is written in ONE transaction together with its audit entry and import
 * record. Before any meeting has frozen a snapshot, an import replaces the estate's roll; afterwards every
 * difference is also recorded as a dated roll change (snapshots themselves are never altered).
 *
 * Rows naming one owner (name + last four ID characters) with different phones are "most likely one person — but
 * not certainly" (domain.md §3 "Owner identity"): such a file writes nothing until the convener re-sends it with
 * the confirmation token of its merge warnings, and the confirmed merges are kept on the import and in the audit.
 *
 * Where the work runs: reading and validating the file — the CPU-heavy part, and the part a hostile file can
 * make expensive — runs in a worker thread (roll-worker.ts), bounded by the caps of ROLL_FILE_LIMITS and by the
 * worker's own heap limit, so a file that somehow outgrew them ends that thread, not the server. The writes stay
 * here, on the server's one connection: a better-sqlite3 connection cannot move to another thread, and a second
 * connection in the worker would make every other write of the server during the import wait in SQLite's busy
 * handler — a synchronous sleep on this thread, the whole event loop with it — and fail after the busy timeout,
 * and a transaction that read before the worker committed could not write at all. Kept here, other requests'
 * queries queue on Kysely's connection until the write commits (seconds for the largest rolls), and the write
 * yields to the event loop between batches, so that whatever needs no query — health among it — is answered
 * meanwhile and nothing fails for a busy database.
 */

export const MERGE_TOKEN = /^[0-9a-f]{64}$/

/** Reads and validates a roll file without writing anything (in the worker thread; see roll-worker-client.ts). */
export const checkRollFile = checkInWorker

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

export interface ImportRequest {
  readonly estateId: string
  /** Used only when the estate does not exist yet. */
  readonly estateName?: string
  readonly fileName: string
  readonly file: Uint8Array
  readonly actor: string
  readonly role: string
  readonly importId?: string
  /** The token of the file's merge warnings, confirming them (see `mergeToken`). */
  readonly confirmMerges?: string
  readonly onProgress?: OnProgress
  readonly now?: () => Date
  /** The heap limit of the import's worker (WORKER_HEAP_MB by default). */
  readonly workerHeapMb?: number
}

/** Merge warnings as kept on the import record (`roll_imports.merges_json`) and answered by the API. */
export interface ImportMerges {
  readonly token: string
  readonly confirmed: boolean
  /** The first ROLL_LIMITS.maxReportedErrors merges in file order; `roll:check` lists them all. */
  readonly warnings: readonly MergeWarning[]
  /** How many merges the token confirms. */
  readonly count: number
}

/** The merges as kept and answered: the token covers every one, the record lists the first ones. */
function keptMerges(token: string, confirmed: boolean, warnings: readonly MergeWarning[]): ImportMerges {
  return {
    token,
    confirmed,
    warnings: warnings.slice(0, ROLL_LIMITS.maxReportedErrors),
    count: warnings.length,
  }
}

export type ImportResult =
  | {
      readonly ok: true
      readonly importId: string
      readonly mode: 'replace' | 'changes'
      readonly createdEstate: boolean
      readonly summary: RollSummary
      readonly changes: { readonly added: number; readonly removed: number; readonly modified: number }
      /** The merges this import was confirmed for (empty when there were none). */
      readonly confirmedMerges: readonly MergeWarning[]
    }
  | {
      readonly ok: false
      readonly status: 'failed'
      readonly importId: string
      /** The first errors in file order (at most ROLL_LIMITS.maxReportedErrors)… */
      readonly errors: readonly RollError[]
      /** …and how many there are in all. */
      readonly errorCount: number
    }
  | {
      readonly ok: false
      /** Nothing was written: the merges must be confirmed by re-sending the file with `merges.token`. */
      readonly status: 'needs_confirmation'
      readonly importId: string
      /** One entry saying why (merge_confirmation_required or merge_token_mismatch), for callers that print errors. */
      readonly errors: readonly RollError[]
      readonly merges: ImportMerges
    }

export const ESTATE_ID = /^[a-z0-9][a-z0-9-]{1,62}$/

interface Comparable {
  building: string
  kind: string
  areaCm2: number
  areaSource: string
  developerHeld: boolean
  owners: string[]
}

function comparableOfRow(r: RollRow): Comparable {
  return {
    building: r.building,
    kind: r.kind,
    areaCm2: r.areaCm2,
    areaSource: r.areaSource,
    developerHeld: r.developerHeld,
    owners: r.owners.map(ownerIdentityKey),
  }
}

function comparableOfParsed(u: ParsedUnit): Comparable {
  return {
    building: u.building,
    kind: u.kind,
    areaCm2: u.areaCm2,
    areaSource: u.areaSource,
    developerHeld: u.developerHeld,
    owners: u.owners.map(ownerIdentityKey),
  }
}

const sameUnit = (a: Comparable, b: Comparable) => JSON.stringify(a) === JSON.stringify(b)
// Roll-change records keep owners as name + last four ID characters (what identifies them), never phones:
// a court can see who a unit passed from and to.

// SQLite accepts up to 32,766 bound parameters; stay far below with every table.
const BATCH = 500

export async function importRoll(db: Db, req: ImportRequest): Promise<ImportResult> {
  const now = req.now ?? (() => new Date())
  const importId = req.importId ?? randomUUID()
  const report = req.onProgress ?? (() => undefined)
  const existing = await findEstate(db, req.estateId)
  const countParking = existing ? existing.count_parking === 1 : false

  await insertRollImport(db, {
    id: importId,
    estate_id: req.estateId,
    status: 'running',
    mode: null,
    file_name: req.fileName,
    format: null,
    total_rows: 0,
    processed_rows: 0,
    phase: 'reading',
    errors_json: null,
    summary_json: null,
    actor: req.actor,
    created_at: now().toISOString(),
    finished_at: null,
  })

  let checked: CheckResult
  try {
    checked = await checkRollFile(req.file, {
      countParking,
      onProgress: report,
      ...(req.workerHeapMb === undefined ? {} : { workerHeapMb: req.workerHeapMb }),
    })
  } catch (e) {
    // Nothing was written; the record must not stay `running` for as long as the server runs.
    const why = e instanceof RollWorkerError ? e.message : 'internal error'
    await markFailed(
      db,
      importId,
      'worker_failed',
      `检查名册的线程意外终止（${why}），未写入任何数据 / the roll check stopped unexpectedly (${why}); nothing was written`,
      now(),
    )
    throw e
  }
  const refuse = async (
    status: 'failed' | 'needs_confirmation',
    rows: number,
    found: { errors: readonly RollError[]; errorCount: number },
    merges: ImportMerges | null,
  ) => {
    const errors = found.errors.slice(0, ROLL_LIMITS.maxReportedErrors)
    await db.transaction().execute(async (trx) => {
      await settleRollImport(trx, importId, {
        status,
        phase: 'done',
        processed_rows: rows,
        total_rows: rows,
        errors_json: JSON.stringify(errors),
        // The count of all the errors beside the ones listed (the record lists the first ones only).
        summary_json: status === 'failed' ? JSON.stringify({ errorCount: found.errorCount }) : null,
        merges_json: merges ? JSON.stringify(merges) : null,
        finished_at: now().toISOString(),
      })
      await appendAudit(trx, {
        actor: req.actor,
        role: req.role,
        action: status === 'failed' ? 'roll.import.rejected' : 'roll.import.needs_confirmation',
        estateId: req.estateId,
        subject: importId,
        after: merges
          ? {
              fileName: req.fileName,
              merges: merges.count,
              token: merges.token,
              reason: errors[0]?.code,
            }
          : { fileName: req.fileName, errors: found.errorCount },
        at: now(),
      })
    })
    report({ phase: 'done', processed: rows, total: rows })
  }
  if (!checked.ok) {
    await refuse('failed', checked.units, checked, null)
    return { ok: false, status: 'failed', importId, errors: checked.errors, errorCount: checked.errorCount }
  }

  const token = checked.mergeToken
  if (token === null && req.confirmMerges !== undefined) {
    // A confirmation is for one file's merges; a file without any is not the file that was confirmed.
    const errors = [mergeError('merge_token_mismatch', 0)]
    await refuse('failed', checked.units.length, { errors, errorCount: 1 }, null)
    return { ok: false, status: 'failed', importId, errors, errorCount: 1 }
  }
  if (token !== null && req.confirmMerges !== token) {
    const merges = keptMerges(token, false, checked.warnings)
    const errors = [
      mergeError(
        req.confirmMerges === undefined ? 'merge_confirmation_required' : 'merge_token_mismatch',
        checked.warnings.length,
      ),
    ]
    await refuse('needs_confirmation', checked.units.length, { errors, errorCount: 1 }, merges)
    return { ok: false, status: 'needs_confirmation', importId, errors, merges }
  }

  const parsed = checked.units
  const total = parsed.length
  report({ phase: 'writing', processed: 0, total })

  const outcome = await writeRoll(db, req, importId, checked, now, report).catch(async (e: unknown) => {
    // The transaction rolled back: nothing was written. Say so on the import record, then let the error surface.
    await markFailed(
      db,
      importId,
      'internal',
      '导入意外中断，未写入任何数据 / the import failed unexpectedly; nothing was written',
      now(),
    )
    throw e
  })
  report({ phase: 'done', processed: total, total })
  return { ok: true, importId, ...outcome }
}

function mergeError(code: 'merge_confirmation_required' | 'merge_token_mismatch', merges: number): RollError {
  if (code === 'merge_confirmation_required')
    return {
      line: 0,
      code,
      reason: `${merges} 位业主在不同行中手机不同，须确认合并后才能导入，未写入任何数据 / ${merges} owner(s) listed with different phones must be confirmed as merges before the import; nothing was written`,
    }
  return {
    line: 0,
    code,
    reason:
      merges > 0
        ? '确认码与本文件的合并提示不符（文件已改变？），未写入任何数据 / the confirmation token does not match the merge warnings of this file (has it changed?); nothing was written'
        : '本文件没有需要确认的合并，确认码不属于它，未写入任何数据 / this file has no merges to confirm, so the confirmation token is not for it; nothing was written',
  }
}

async function markFailed(db: Db, importId: string, code: string, reason: string, at: Date): Promise<void> {
  await failRunningImport(db, importId, { code, reason, at: at.toISOString() })
}

/** At boot: imports left `running` by a crash were rolled back by SQLite; record that they failed. */
export async function markInterruptedImports(db: Db, at = new Date()): Promise<number> {
  const ids = await runningImportIds(db)
  for (const id of ids) {
    await markFailed(
      db,
      id,
      'interrupted',
      '导入因服务器重启而中断，未写入任何数据 / interrupted by a server restart; nothing was written',
      at,
    )
  }
  return ids.length
}

async function writeRoll(
  db: Db,
  req: ImportRequest,
  importId: string,
  checked: Extract<CheckResult, { ok: true }>,
  now: () => Date,
  report: OnProgress,
) {
  const confirmed =
    checked.mergeToken === null ? null : { token: checked.mergeToken, warnings: checked.warnings }
  const parsed = checked.units
  const total = parsed.length
  return db.transaction().execute(async (trx) => {
    // better-sqlite3 runs each statement synchronously and Kysely's awaits resolve at once, so without these
    // pauses the whole transaction would run as one task and no other request would be answered until it ends.
    let rowsSincePause = 0
    const pause = async (rows: number) => {
      rowsSincePause += rows
      if (rowsSincePause < BATCH) return
      rowsSincePause = 0
      await yieldToLoop()
    }
    let createdEstate = false
    // Re-read inside the transaction: the estate may have been created or frozen since the check began.
    if (!(await findEstate(trx, req.estateId))) {
      await insertEstate(trx, {
        id: req.estateId,
        name: req.estateName ?? req.estateId,
        countParking: false,
        at: now(),
      })
      await appendAudit(trx, {
        actor: req.actor,
        role: req.role,
        action: 'estate.created',
        estateId: req.estateId,
        subject: req.estateId,
        after: { id: req.estateId, name: req.estateName ?? req.estateId, countParking: false },
        at: now(),
      })
      createdEstate = true
    }
    const mode: 'replace' | 'changes' = (await hasSnapshot(trx, req.estateId)) ? 'changes' : 'replace'

    // Buildings: insert the new names, keep the old rows (ids stay stable).
    const buildingNames = [...new Set(parsed.map((u) => u.building))]
    for (let i = 0; i < buildingNames.length; i += BATCH) {
      await insertMissingBuildings(trx, req.estateId, buildingNames.slice(i, i + BATCH))
      await pause(BATCH)
    }
    const buildingId = await buildingIdsByName(trx, req.estateId)

    // Owners are identified by name + last four ID characters; their ids stay stable across imports.
    const ownerRows = await ownersOfEstate(trx, req.estateId)
    const ownerId = new Map(ownerRows.map((o) => [ownerIdentityKey(o), o.id]))
    const ownerPhone = new Map(ownerRows.map((o) => [o.id, o.phone]))
    const newOwners = checked.owners.filter((o) => !ownerId.has(ownerIdentityKey(o)))
    for (let i = 0; i < newOwners.length; i += BATCH) {
      const inserted = await insertOwners(trx, req.estateId, newOwners.slice(i, i + BATCH))
      for (const o of inserted) ownerId.set(ownerIdentityKey(o), o.id)
      await pause(BATCH)
    }
    for (const o of checked.owners) {
      const id = ownerId.get(ownerIdentityKey(o)) as number
      const old = ownerPhone.get(id)
      if (old !== undefined && old !== o.phone) {
        // The activation code goes to this phone: one a re-import changed could be a convener's own, so an
        // activation through it also needs a supervisor's approval (services/activation.ts).
        await changeOwnerPhone(trx, id, o.phone, now().toISOString())
      }
      await pause(1)
    }

    // Units: compare with the current roll.
    const current = new Map((await loadRoll(trx, req.estateId)).map((r) => [r.number, r]))
    const incoming = new Set(parsed.map((u) => u.number))
    const removed = [...current.values()].filter((r) => !incoming.has(r.number))
    const added: ParsedUnit[] = []
    const modified: { row: RollRow; unit: ParsedUnit }[] = []
    for (const u of parsed) {
      const row = current.get(u.number)
      if (!row) added.push(u)
      else if (!sameUnit(comparableOfRow(row), comparableOfParsed(u))) modified.push({ row, unit: u })
    }

    for (let i = 0; i < removed.length; i += BATCH) {
      await deleteUnits(
        trx,
        removed.slice(i, i + BATCH).map((r) => r.unitId),
      )
      await pause(BATCH)
    }
    const unitValues = (u: ParsedUnit) => ({
      building_id: buildingId.get(u.building) as number,
      kind: u.kind,
      area_cm2: u.areaCm2,
      area_source: u.areaSource,
      developer_held: u.developerHeld ? 1 : 0,
    })
    const links: { unit_id: number; owner_id: number; position: number }[] = []
    const linkOwners = (unitId: number, u: ParsedUnit) =>
      u.owners.forEach((o, position) =>
        links.push({ unit_id: unitId, owner_id: ownerId.get(ownerIdentityKey(o)) as number, position }),
      )

    for (let i = 0; i < added.length; i += BATCH) {
      const batch = added.slice(i, i + BATCH)
      const idOf = await insertUnits(
        trx,
        batch.map((u) => ({ estate_id: req.estateId, number: u.number, ...unitValues(u) })),
      )
      for (const u of batch) linkOwners(idOf.get(u.number) as number, u)
      report({ phase: 'writing', processed: Math.min(i + BATCH, added.length), total })
      await pause(BATCH)
    }
    for (const { row, unit } of modified) {
      await rewriteUnit(trx, row.unitId, unitValues(unit))
      linkOwners(row.unitId, unit)
      await pause(1)
    }
    for (let i = 0; i < links.length; i += BATCH) {
      await insertUnitOwners(trx, links.slice(i, i + BATCH))
      await pause(BATCH)
    }

    const changedAt = now().toISOString()
    const changes = {
      added: added.length,
      removed: removed.length,
      modified: modified.length,
    }
    if (mode === 'changes') {
      const records = [
        ...added.map((u) => ({
          unit_number: u.number,
          change: 'added' as const,
          before_json: null,
          after_json: JSON.stringify(comparableOfParsed(u)),
        })),
        ...removed.map((r) => ({
          unit_number: r.number,
          change: 'removed' as const,
          before_json: JSON.stringify(comparableOfRow(r)),
          after_json: null,
        })),
        ...modified.map(({ row, unit }) => ({
          unit_number: unit.number,
          change: 'modified' as const,
          before_json: JSON.stringify(comparableOfRow(row)),
          after_json: JSON.stringify(comparableOfParsed(unit)),
        })),
      ]
      for (let i = 0; i < records.length; i += BATCH) {
        await insertRollChanges(
          trx,
          records
            .slice(i, i + BATCH)
            .map((r) => ({ ...r, estate_id: req.estateId, import_id: importId, changed_at: changedAt })),
        )
        await pause(BATCH)
      }
    }

    const estate = await findEstate(trx, req.estateId)
    const summary = estate?.count_parking === 1 ? checked.summaries.parking : checked.summaries.noParking
    await settleRollImport(trx, importId, {
      status: 'succeeded',
      mode,
      format: `${checked.format}/${checked.encoding}`,
      phase: 'done',
      total_rows: total,
      processed_rows: total,
      summary_json: JSON.stringify({ ...summary, changes }),
      merges_json: confirmed ? JSON.stringify(keptMerges(confirmed.token, true, confirmed.warnings)) : null,
      finished_at: now().toISOString(),
    })
    await appendAudit(trx, {
      actor: req.actor,
      role: req.role,
      action: mode === 'replace' ? 'roll.replaced' : 'roll.changed',
      estateId: req.estateId,
      subject: importId,
      before: { units: current.size },
      after: {
        fileName: req.fileName,
        ...summary,
        changes,
        // The convener's confirmation that each of these owners is one person (domain.md §3 "Owner identity").
        ...(confirmed ? { confirmedMerges: confirmed.warnings, mergeToken: confirmed.token } : {}),
      },
      at: now(),
    })
    return { mode, createdEstate, summary, changes, confirmedMerges: confirmed?.warnings ?? [] }
  })
}

/** Freezes the current roll for a meeting (domain.md §3 "Roll snapshot"): a JSON copy that is never altered. */
export async function freezeRollSnapshot(
  db: Db,
  req: { estateId: string; reason: string; actor: string; role: string; now?: Date },
): Promise<number> {
  return db.transaction().execute(async (trx) => (await freezeRollSnapshotIn(trx, req)).id)
}

/** The same inside the caller's transaction (giving notice freezes the roll and changes the meeting at once). */
export async function freezeRollSnapshotIn(
  trx: Transaction<Database>,
  req: { estateId: string; reason: string; actor: string; role: string; now?: Date },
): Promise<{ id: number; units: RollUnit[] }> {
  {
    const rows = await loadRoll(trx, req.estateId)
    const units: RollUnit[] = rows.map((r) => ({
      id: r.number,
      building: r.building,
      kind: r.kind,
      areaCm2: r.areaCm2,
      owners: r.owners.map((o) => String(o.id)),
      developerHeld: r.developerHeld,
    }))
    const at = (req.now ?? new Date()).toISOString()
    const id = await insertRollSnapshot(trx, { estateId: req.estateId, reason: req.reason, at, units })
    await appendAudit(trx, {
      actor: req.actor,
      role: req.role,
      action: 'roll.snapshot.frozen',
      estateId: req.estateId,
      subject: String(id),
      after: { reason: req.reason, units: units.length },
      at: req.now ?? new Date(),
    })
    return { id, units }
  }
}

export async function loadSnapshot(db: Db, id: number): Promise<readonly RollUnit[] | undefined> {
  return snapshotUnits(db, id)
}

/** For tests and the CLI: the raw count of units, without loading the roll. */
export async function countUnits(db: Db, estateId: string): Promise<number> {
  return unitCount(db, estateId)
}
