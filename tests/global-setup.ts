import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import type { TestProject } from 'vitest/node'
import { migrate, openSqlite } from '../db/client'
import { seedDemo } from '../server/demo/seed'
import { DEMO_ROLL_PATH } from './support/roll-files'
import { demoTemplateName, MIGRATED_TEMPLATE } from './support/templates'

/**
 * What every test file would otherwise make for itself, made once for the whole run (each test file runs in its own
 * process, so a per-process cache is a per-file one):
 *
 * - the web app, built by the project's own vite.config.ts into a temporary directory (dist/web may be in use by a
 *   running server), in a child process with NODE_ENV=production: Vite takes "production" from NODE_ENV alone, and
 *   Vitest sets it to "test", which would build Preact's devtools and development JSX into the pages, so the
 *   browser tests would not load what owners download;
 * - the server bundle (`npm run build:server`, dist/server), which the crash test and the bundled-server test run;
 * - a migrated database and one with the demo estate 锦绣苑 seeded at the start of the run: each test copies the
 *   file it needs (tests/support/db.ts) instead of running every migration and the 1,008-unit roll import again.
 *   Demo estates seeded at a given instant are made on first use, once per run (tests/support/templates.ts).
 *
 * The builds run in child processes while this process migrates and seeds, one on each core.
 */

const run = promisify(execFile)

export default async function setup(project: TestProject): Promise<() => void> {
  const templates = mkdtempSync(join(tmpdir(), 'gongjue-templates-'))
  const web = mkdtempSync(join(tmpdir(), 'gongjue-web-'))
  const builds = Promise.all([
    run(
      process.execPath,
      [
        resolve('node_modules/vite/bin/vite.js'),
        'build',
        '--config',
        resolve('vite.config.ts'),
        '--outDir',
        web,
        '--emptyOutDir',
        '--logLevel',
        'warn',
      ],
      { env: { ...process.env, NODE_ENV: 'production' } },
    ),
    run('npm', ['run', '-s', 'build:server']),
  ])
  const migrated = join(templates, MIGRATED_TEMPLATE)
  const handle = openSqlite(migrated)
  await migrate(handle.db)
  await handle.close()
  // The demo estate seeded "now" (seedDemo without a date): most integration files and every browser test start
  // from it.
  const demo = join(templates, demoTemplateName(undefined))
  const seeded = openSqlite(demo)
  await migrate(seeded.db)
  await seedDemo(seeded.db, DEMO_ROLL_PATH)
  await seeded.close()
  await builds
  project.provide('templatesDir', templates)
  project.provide('webRoot', web)
  // For processes the tests start (`npm run test:crash` builds the bundle itself otherwise) and for code outside
  // a test's context.
  process.env.GONGJUE_SERVER_BUNDLE_BUILT = '1'
  process.env.GONGJUE_TEST_TEMPLATES = templates
  process.env.GONGJUE_TEST_WEB_ROOT = web
  return () => {
    rmSync(templates, { recursive: true, force: true })
    rmSync(web, { recursive: true, force: true })
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    templatesDir: string
    webRoot: string
  }
}
