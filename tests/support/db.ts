import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openSqlite, type DbHandle } from '../../db/client'
import { copyTemplate, demoTemplate, migratedTemplate } from './templates'

export type TempDb = DbHandle & { dir: string; path: string; cleanup: () => Promise<void> }

async function fromTemplate(template: Promise<string>): Promise<TempDb> {
  const dir = mkdtempSync(join(tmpdir(), 'gongjue-test-'))
  const path = join(dir, 'test.sqlite')
  copyTemplate(await template, path)
  const handle = openSqlite(path)
  return {
    ...handle,
    dir,
    path,
    cleanup: async () => {
      await handle.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * A migrated SQLite database in a fresh temporary directory: a real file, as in production — a copy of the one the
 * run migrated once (tests/support/templates.ts).
 */
export function tempDb(): Promise<TempDb> {
  return fromTemplate(migratedTemplate())
}

/**
 * tempDb() with the demo estate 锦绣苑 seeded, as `seedDemo(db, DEMO_ROLL_PATH, at)` seeds it (the roll recorded as
 * imported at `at`; without it, when the run started): a copy of the run's seeded database.
 */
export function demoDb(at?: Date): Promise<TempDb> {
  return fromTemplate(demoTemplate(at))
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'gongjue-test-'))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}
