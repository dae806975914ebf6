import { constants, copyFileSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { inject } from 'vitest'
import { migrate, openSqlite } from '../../db/client'
import { seedDemo } from '../../server/demo/seed'
import { DEMO_ROLL_PATH } from './roll-files'

/**
 * The databases the run makes once and every test copies (tests/global-setup.ts): a SQLite file that was closed
 * (its WAL checkpointed into it and removed) is a whole database, so a copy of it is the database the same
 * migrations, or the same seed, would have made — in a millisecond instead of a migration run or a roll import.
 */

export const MIGRATED_TEMPLATE = 'migrated.sqlite'

/** The demo estate seeded at `at` (seedDemo's date; undefined: when the run started). */
export const demoTemplateName = (at: Date | undefined): string =>
  `demo-${at ? at.toISOString().replace(/[:.]/g, '-') : 'now'}.sqlite`

/** Where the run's templates are; outside a Vitest run (no global setup), a directory of this process's own. */
function templatesDir(): string {
  let dir: string | undefined
  try {
    dir = inject('templatesDir')
  } catch {
    dir = undefined
  }
  dir ??= process.env.GONGJUE_TEST_TEMPLATES
  if (!dir) {
    dir = mkdtempSync(join(process.env.TMPDIR ?? '/tmp', 'gongjue-templates-'))
    process.env.GONGJUE_TEST_TEMPLATES = dir
    const made = dir
    process.once('exit', () => rmSync(made, { recursive: true, force: true }))
  }
  return dir
}

/**
 * Makes a template once: built under a name of this process's own, then renamed into place, so that two test
 * files asking for the same one at the same time each see either none or the whole file (and at worst both
 * build it).
 */
async function template(name: string, build: (path: string) => Promise<void>): Promise<string> {
  const path = join(templatesDir(), name)
  if (existsSync(path)) return path
  const partial = `${path}.${process.pid}.partial`
  rmSync(partial, { force: true })
  await build(partial)
  renameSync(partial, path)
  return path
}

export const migratedTemplate = (): Promise<string> =>
  template(MIGRATED_TEMPLATE, async (path) => {
    const h = openSqlite(path)
    await migrate(h.db)
    await h.close()
  })

export const demoTemplate = (at?: Date): Promise<string> =>
  template(demoTemplateName(at), async (path) => {
    copyFileSync(await migratedTemplate(), path)
    const h = openSqlite(path)
    await seedDemo(h.db, DEMO_ROLL_PATH, at)
    await h.close()
  })

/** Copies a template to `path`, a file that must not exist yet (it gets the template's mode, 0600). */
export function copyTemplate(from: string, path: string): void {
  copyFileSync(from, path, constants.COPYFILE_EXCL)
}
