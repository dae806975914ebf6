import type SQLite from 'better-sqlite3'
import { SqliteDialect, sql, type Compilable, type Kysely, type RawBuilder } from 'kysely'
import type { Database } from '../schema'
import type { Dialect } from './dialect'

/**
 * Everything that only SQLite understands: the pragmas a connection is opened with, its catalogue
 * (`sqlite_master`), and running Kysely's compiled queries synchronously on better-sqlite3 for the one hot path
 * that writes in batches inside a synchronous transaction (the ballot writer's group commit).
 */

/** WAL, foreign keys, a busy timeout, and commits on disk before they are acknowledged. */
export function configureConnection(sqlite: SQLite.Database): void {
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  // FULL: an acknowledged write survives power loss, not only a process crash.
  sqlite.pragma('synchronous = FULL')
}

/** Kysely's dialect over one better-sqlite3 connection, reusing the prepared statement of each SQL text. */
export function kyselyDialect(sqlite: SQLite.Database): SqliteDialect {
  // Kysely prepares every query anew; reusing the prepared statement of the same SQL text saves that work on
  // every request (profiled: ~0.16 ms per cast ballot). Kysely never iterates two results of one
  // statement at once here (no streaming), so sharing a statement is safe.
  const statements = new Map<string, SQLite.Statement>()
  const database = {
    close: () => sqlite.close(),
    prepare: (text: string) => {
      let stmt = statements.get(text)
      if (!stmt) {
        if (statements.size >= 2000) statements.clear()
        stmt = sqlite.prepare(text)
        statements.set(text, stmt)
      }
      return stmt
    },
  }
  return new SqliteDialect({ database })
}

export function sqliteDialect(sqlite: SQLite.Database): Dialect {
  return {
    name: 'sqlite',
    setDurability(mode) {
      sqlite.pragma(mode === 'full' ? 'synchronous = FULL' : 'synchronous = OFF')
    },
    async triggerDefinitions(db: Kysely<Database>, table) {
      const rows = await sql<{ sql: string | null }>`
        select sql from sqlite_master where type = 'trigger' and tbl_name = ${table} order by name desc
      `.execute(db)
      return rows.rows.map((r) => r.sql ?? '')
    },
    // One connection, and SQLite runs one write transaction at a time: appends already take turns.
    lockAuditChain: async () => {},
  }
}

// ---- synchronous queries --------------------------------------------------------------------------------------

class Param {
  constructor(readonly name: string) {}
}

/**
 * A named parameter of a query compiled once by `prepareSync` and run many times: build the query with Kysely as
 * usual, writing `param('voter')` where the value goes, and pass `{ voter }` when running it.
 */
export function param<T = string>(name: string): T {
  return new Param(name) as unknown as T
}

/**
 * A constant written into the statement's text instead of bound: SQLite plans a statement once, when it is
 * prepared, and uses a partial index (`… where status = 'valid'`) only when the query says the same literal — a
 * bound `?` could be anything. Without it, finding a voter's standing ballot scans the meeting's ballots.
 */
export function constant<V extends string | number>(value: V): RawBuilder<V> {
  return sql.lit(value)
}

export interface SyncQuery<P, R> {
  /** The first row, or undefined (for a query that returns rows, `returning` included). */
  get(params: P): R | undefined
  all(params: P): R[]
  /** Runs a statement that returns no rows; how many rows it changed. */
  run(params: P): number
}

/**
 * Compiles a Kysely query once and prepares it on the raw connection, so it runs synchronously — inside a
 * better-sqlite3 transaction, where an awaited query cannot. The SQL is Kysely's, so it is the same text the
 * asynchronous path runs; only the way it is run is SQLite's.
 */
export function prepareSync<P extends object, R>(
  sqlite: SQLite.Database,
  query: Compilable<R>,
): SyncQuery<P, R> {
  const compiled = query.compile()
  const stmt = sqlite.prepare(compiled.sql)
  const slots = compiled.parameters
  const bind = (p: P): unknown[] =>
    slots.map((v) => (v instanceof Param ? (p as Record<string, unknown>)[v.name] : v))
  return {
    get: (p) => stmt.get(...bind(p)) as R | undefined,
    all: (p) => stmt.all(...bind(p)) as R[],
    run: (p) => stmt.run(...bind(p)).changes,
  }
}
