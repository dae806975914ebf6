import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { migrate, openSqlite, type DbHandle } from '../../db/client'

/** A migrated SQLite database in a fresh temporary directory: a real file, as in production. */
export async function tempDb(): Promise<
  DbHandle & { dir: string; path: string; cleanup: () => Promise<void> }
> {
  const dir = mkdtempSync(join(tmpdir(), 'gongjue-test-'))
  const path = join(dir, 'test.sqlite')
  const handle = openSqlite(path)
  await migrate(handle.db)
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

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'gongjue-test-'))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}
