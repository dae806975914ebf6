import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

/**
 * The layers of the house (design.md "Where the house goes next", repositories by aggregate), checked over the
 * tracked files: routes, services and auth never query (db/repositories/ does), the server speaks portable
 * Kysely, and what only SQLite understands — raw SQL, pragmas, its catalogue, statements prepared on the raw
 * connection — sits in db/dialect/ (migrations, frozen in time, keep their own), so the same repositories can run
 * on PostgreSQL.
 */

const grep = (pattern: string, ...paths: string[]): string[] => {
  try {
    return execFileSync('git', ['grep', '-nIE', pattern, '--', ...paths], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
  } catch {
    return [] // git grep exits 1 when nothing matches
  }
}

// Kysely's escape hatches into raw SQL, and better-sqlite3's own statements and pragmas.
const RAW_SQL =
  String.raw`\bsql(\.raw|\.lit|\.ref|\.id|\.join)?\s*(<[^>]*>)?\s*(\(|` +
  '`' +
  String.raw`)|\.prepare\(|\.pragma\(`
// Names that exist in SQLite alone.
const SQLITE_ONLY = String.raw`sqlite_master|sqlite_schema|json_extract|strftime|julianday|\browid\b|insert or (ignore|replace)`

const QUERY = String.raw`\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(`

describe('the layers', () => {
  it('finds what it looks for (the patterns match the dialect module itself)', () => {
    expect(grep(RAW_SQL, 'db/dialect').length).toBeGreaterThan(0)
    expect(grep(SQLITE_ONLY, 'db/dialect').length).toBeGreaterThan(0)
    expect(grep(QUERY, 'db/repositories').length).toBeGreaterThan(0)
  })

  it('writes no raw SQL in the server: queries are Kysely, through the repositories', () => {
    expect(grep(RAW_SQL, 'server')).toEqual([])
  })

  it('keeps raw SQL and SQLite-only names in the database layer to db/dialect/ and the migrations', () => {
    const outside = (line: string) => !line.startsWith('db/dialect/') && !line.startsWith('db/migrations/')
    expect(grep(RAW_SQL, 'db').filter(outside)).toEqual([])
    expect(grep(SQLITE_ONLY, 'db', 'server').filter(outside)).toEqual([])
  })

  it('has routes that never query: they call services', () => {
    expect(grep(QUERY, 'server/routes')).toEqual([])
  })

  // No exception is needed: every query of a use case or of sign-in has a named function in a repository, so a
  // query found here is one that belongs in db/repositories/ (its transaction, if any, stays in the service).
  it('has services and auth that never query: they call the repositories', () => {
    expect(grep(QUERY, 'server/services', 'server/auth')).toEqual([])
    expect(grep(RAW_SQL, 'server/services', 'server/auth')).toEqual([])
  })
})
