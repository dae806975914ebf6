import { createHash } from 'node:crypto'
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  mkdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'

/**
 * Backups of the embedded database and their restore, in SQLite's own terms: its online backup API (a copy taken
 * page by page by a reader, while the server goes on writing), its integrity check and its catalogue.
 */

/** Why a backup or a restore was refused; nothing was written under the name asked for. */
export class BackupRefused extends Error {
  constructor(
    readonly code:
      | 'out_exists'
      | 'no_database'
      | 'not_a_database'
      | 'corrupt'
      | 'newer_version'
      | 'target_not_empty'
      | 'no_migrations',
    message: string,
  ) {
    super(message)
  }
}

/** What a backup file holds, read from the file itself once it is complete. */
export interface BackupFacts {
  readonly path: string
  readonly bytes: number
  readonly sha256: string
  /** The names of the migrations the copy was made at. */
  readonly migrations: readonly string[]
  readonly auditEntries: number
  /** The audit chain's last hash in the copy: the state it is a copy of (GENESIS when empty). */
  readonly auditHead: string | null
  readonly ballots: number
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1')

function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex')
}

/** The file's bytes reach the disk, and so does its name in the directory (rename is atomic, not durable). */
function syncFileAndDirectory(path: string): void {
  const fd = openSync(path, 'r+')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  try {
    const dir = openSync(dirname(path), 'r')
    try {
      fsyncSync(dir)
    } finally {
      closeSync(dir)
    }
  } catch {
    // Some file systems do not open directories for syncing; the rename itself still happened.
  }
}

function isSqliteFile(path: string): boolean {
  const fd = openSync(path, 'r')
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length)
    const n = readSync(fd, head, 0, head.length, 0)
    return n === head.length && head.equals(SQLITE_HEADER)
  } finally {
    closeSync(fd)
  }
}

/** Reads a database file's facts read-only, after SQLite's full integrity check. */
function factsOf(path: string): BackupFacts {
  if (!isSqliteFile(path)) throw new BackupRefused('not_a_database', `${path} is not an SQLite database`)
  let db: SQLite.Database
  try {
    db = new SQLite(path, { readonly: true, fileMustExist: true })
  } catch (e) {
    throw new BackupRefused('corrupt', `${path} cannot be opened: ${(e as Error).message}`)
  }
  try {
    let check: string[]
    try {
      check = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check)
    } catch (e) {
      throw new BackupRefused('corrupt', `${path} fails SQLite's integrity check: ${(e as Error).message}`)
    }
    if (check.length !== 1 || check[0] !== 'ok')
      throw new BackupRefused(
        'corrupt',
        `${path} fails SQLite's integrity check: ${check.slice(0, 3).join('; ')}`,
      )
    const tables = new Set(
      (db.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[]).map(
        (r) => r.name,
      ),
    )
    if (!tables.has('kysely_migration'))
      throw new BackupRefused(
        'no_migrations',
        `${path} is not a Gongjue database (it has no migrations table)`,
      )
    const migrations = (
      db.prepare('select name from kysely_migration order by name').all() as { name: string }[]
    ).map((r) => r.name)
    const audit = tables.has('audit_log')
      ? (db
          .prepare(
            'select count(*) as n, (select hash from audit_log order by id desc limit 1) as head from audit_log',
          )
          .get() as {
          n: number
          head: string | null
        })
      : { n: 0, head: null }
    const ballots = tables.has('ballots')
      ? (db.prepare('select count(*) as n from ballots').get() as { n: number }).n
      : 0
    return {
      path,
      bytes: statSync(path).size,
      sha256: sha256File(path),
      migrations,
      auditEntries: audit.n,
      auditHead: audit.head,
      ballots,
    }
  } finally {
    db.close()
  }
}

/** A name beside `path` for the copy being written, renamed to `path` only once it is whole and checked. */
const partialOf = (path: string) => `${path}.partial-${process.pid}`

/**
 * Copies the database at `sourcePath` to a new file `outPath` while the server may be writing to it. SQLite's
 * backup API restarts a copy made in several steps when another connection writes between two of them; the copy
 * is therefore made in one step, inside one read transaction — in WAL mode a reader blocks no writer, so the
 * server's ballots go on being committed, and the copy is the database as it was at that transaction's start.
 * The file is made 0600 (it holds owners' names and phones), checked, and only then given its name.
 */
export async function backupSqliteFile(sourcePath: string, outPath: string): Promise<BackupFacts> {
  if (existsSync(outPath))
    throw new BackupRefused('out_exists', `${outPath} exists; a backup never overwrites a file`)
  if (!existsSync(sourcePath)) throw new BackupRefused('no_database', `no database at ${sourcePath}`)
  const partial = partialOf(outPath)
  rmSync(partial, { force: true })
  closeSync(openSync(partial, 'wx', 0o600))
  const source = new SQLite(sourcePath, { fileMustExist: true })
  try {
    source.pragma('busy_timeout = 5000')
    // Returning the largest page count makes every later step copy all that remains: one step after the first.
    await source.backup(partial, { progress: () => 0x7fffffff })
  } catch (e) {
    rmSync(partial, { force: true })
    throw e
  } finally {
    source.close()
  }
  try {
    factsOf(partial)
    syncFileAndDirectory(partial)
    renameSync(partial, outPath)
    syncFileAndDirectory(outPath)
  } catch (e) {
    rmSync(partial, { force: true })
    throw e
  }
  return factsOf(outPath)
}

/** Whether the file at `path` holds no table (absent, zero bytes, or an SQLite file with an empty catalogue). */
function isEmptyDatabase(path: string): boolean {
  if (!existsSync(path) || statSync(path).size === 0) return true
  if (!isSqliteFile(path)) return false
  const db = new SQLite(path, { readonly: true, fileMustExist: true })
  try {
    return (db.prepare(`select count(*) as n from sqlite_master`).get() as { n: number }).n === 0
  } finally {
    db.close()
  }
}

/**
 * Restores the backup `file` as the database at `targetPath`, which must be empty (no file, or one with no
 * table): a restore never mixes a backup into live records. The backup is checked first (SQLite's integrity
 * check; migrations this version knows — a backup from a newer version is refused, an older one is brought up to
 * date by the caller's migration); the copy is written beside the target and renamed into place once whole.
 */
export async function restoreSqliteFile(
  file: string,
  targetPath: string,
  knownMigrations: readonly string[],
): Promise<BackupFacts> {
  if (!existsSync(file)) throw new BackupRefused('no_database', `no backup file at ${file}`)
  const facts = factsOf(file)
  const unknown = facts.migrations.filter((m) => !knownMigrations.includes(m))
  if (unknown.length > 0)
    throw new BackupRefused(
      'newer_version',
      `${file} was made by a newer version (migrations ${unknown.join(', ')}); upgrade before restoring`,
    )
  if (!isEmptyDatabase(targetPath))
    throw new BackupRefused(
      'target_not_empty',
      `${targetPath} holds a database; restore only into an empty one`,
    )
  // A new data directory is private, as the server makes it (db/client.ts).
  if (!existsSync(dirname(targetPath))) mkdirSync(dirname(targetPath), { recursive: true, mode: 0o700 })
  for (const f of [targetPath, `${targetPath}-wal`, `${targetPath}-shm`]) rmSync(f, { force: true })
  const partial = partialOf(targetPath)
  rmSync(partial, { force: true })
  closeSync(openSync(partial, 'wx', 0o600))
  const source = new SQLite(file, { readonly: true, fileMustExist: true })
  try {
    await source.backup(partial, { progress: () => 0x7fffffff })
    syncFileAndDirectory(partial)
    renameSync(partial, targetPath)
    syncFileAndDirectory(targetPath)
  } catch (e) {
    rmSync(partial, { force: true })
    throw e
  } finally {
    source.close()
  }
  return facts
}
