import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, Migrator, type Dialect as KyselyDialect } from 'kysely'
import type { Dialect } from './dialect/dialect'
import { configureConnection, kyselyDialect, sqliteDialect } from './dialect/sqlite'
import { migrationProvider } from './migrations/index'
import type { Database } from './schema'

export type Db = Kysely<Database>

export interface DbHandle {
  readonly db: Db
  /** The raw connection, for the few hot paths that must run synchronously; undefined for non-SQLite dialects. */
  readonly sqlite: SQLite.Database | undefined
  /** What only this engine's SQL can say (pragmas, catalogue, locks). */
  readonly dialect: Dialect
  close(): Promise<void>
}

/**
 * The database holds owners' names, ID characters and phones: only the server's own user may read it. A new data
 * directory is made 0700 and the file 0600 before SQLite opens it (SQLite would create it with the umask's mode,
 * usually 0644, and gives its -wal and -shm files the database file's mode). A file left readable by others — by an
 * older version, or a copy — is tightened to 0600, with a warning. An existing directory is left as it is: it may
 * be shared (the working directory, say). Not on Windows, where modes mean nothing.
 */
function keepPrivate(path: string): void {
  if (process.platform === 'win32') return
  const dir = dirname(path)
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 })
  try {
    closeSync(openSync(path, 'wx', 0o600))
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
  }
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (!existsSync(file)) continue
    const mode = statSync(file).mode & 0o777
    if ((mode & 0o077) === 0) continue
    chmodSync(file, 0o600)
    console.warn(`${file} was readable by other users (mode ${mode.toString(8)}); its mode is now 600`)
  }
}

/** Opens SQLite with WAL, foreign keys and a busy timeout (db/dialect/sqlite.ts says how). */
export function openSqlite(path: string): DbHandle {
  if (path !== ':memory:' && path !== '') keepPrivate(path)
  const sqlite = new SQLite(path)
  configureConnection(sqlite)
  return fromDialect(kyselyDialect(sqlite), sqliteDialect(sqlite), sqlite)
}

const rawConnections = new WeakMap<Db, SQLite.Database>()
// Keyed by the query adapter, which a Kysely instance shares with its transactions: dialectOf(trx) finds it too.
const dialects = new WeakMap<object, Dialect>()

export function fromDialect(kysely: KyselyDialect, dialect: Dialect, sqlite?: SQLite.Database): DbHandle {
  const db = new Kysely<Database>({ dialect: kysely })
  if (sqlite) rawConnections.set(db, sqlite)
  dialects.set(db.getExecutor().adapter, dialect)
  return { db, sqlite, dialect, close: () => db.destroy() }
}

/**
 * The raw SQLite connection behind a Kysely instance opened here, for the one hot path that writes synchronously
 * in batches (group commit of ballots). Use it only while holding Kysely's connection (`db.connection()`), so that
 * no Kysely transaction is open on the same connection at the time.
 */
export function rawSqlite(db: Db): SQLite.Database | undefined {
  return rawConnections.get(db)
}

/** The engine's own SQL behind a Kysely instance opened here (a transaction's, through its database's). */
export function dialectOf(db: Db): Dialect {
  const d = dialects.get(db.getExecutor().adapter)
  if (!d) throw new Error('a database opened without db/client.ts has no dialect')
  return d
}

export async function migrate(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error instanceof Error ? error : new Error(String(error))
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
