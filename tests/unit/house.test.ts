import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

/**
 * The shape of the house, checked over the tracked files (design.md "Where the house goes next"): comments say
 * why — the article, the race, the RFC — never an issue number, which means nothing to the next reader; and the
 * production server ships without the scripts and the tests.
 */

const tracked = (...paths: string[]): string[] =>
  execFileSync('git', ['ls-files', '--', ...paths], { encoding: 'utf8' })
    .split('\n')
    .filter((f) => /\.(ts|tsx|mjs|js)$/.test(f))

const grep = (pattern: string, ...paths: string[]): string[] => {
  try {
    return execFileSync('git', ['grep', '-nIE', pattern, '--', ...paths], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
  } catch {
    return [] // git grep exits 1 when nothing matches
  }
}

describe('the house', () => {
  it('has tracked sources to look at', () => {
    expect(tracked('server').length).toBeGreaterThan(50)
  })

  it('cites no issue number in a comment', () => {
    // "issue 4", "issue #12", "(issues 5 and 6)"; a verb such as "re-issues 1-1-103" is not a citation.
    const hits = grep(
      String.raw`(^|[^-])\b[Ii]ssues? #?[0-9]+`,
      'server',
      'web',
      'db',
      'scripts',
      'tests',
    ).filter((line) => !line.startsWith('tests/unit/house.test.ts:'))
    expect(hits).toEqual([])
  })

  it('imports nothing from scripts/ or tests/ in the server or the database layer', () => {
    expect(grep(String.raw`from '(\.\./)+(scripts|tests)/`, 'server', 'db')).toEqual([])
  })

  it('types the web from the routes, never from a service (web/src/api-types.ts)', () => {
    expect(grep(String.raw`from '(\.\./)+server/services/`, 'web')).toEqual([])
  })
})
