import { relative } from 'node:path'
import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'
/**
 * The longest files first, so that the two workers end together rather than one running a long file alone at the
 * end. Vitest orders by the durations of the last run when it has them (a fresh clone, as in CI, has none) and
 * otherwise by file size, which would start the simulations (a small file that runs four whole meetings) last.
 * These are the longest in a whole run on two cores (three files at a time), longest first; every other file follows in Vitest's own order.
 */
const LONGEST_FIRST = [
  'tests/integration/cli-and-boot.test.ts',
  'tests/e2e/identity.test.ts',
  'tests/e2e/owner-voting.test.ts',
  'tests/e2e/accessibility.test.ts',
  'tests/e2e/console.test.ts',
  'tests/integration/simulate-cli.test.ts',
  'tests/e2e/supervision-and-results.test.ts',
  'tests/integration/crash.test.ts',
  'tests/e2e/paper-entry.test.ts',
  'tests/integration/hostile-imports.test.ts',
  'tests/integration/roll-api.test.ts',
  'tests/integration/demo-meetings.test.ts',
  'tests/e2e/whole-meeting.test.ts',
  'tests/e2e/roll-page.test.ts',
  'tests/integration/voting-core.test.ts',
  'tests/integration/page-data.test.ts',
  'tests/integration/audit-query.test.ts',
  'tests/e2e/console-staff.test.ts',
  'tests/e2e/owner-ballot.test.ts',
  'tests/e2e/counting.test.ts',
  'tests/e2e/insider.test.ts',
  'tests/e2e/roll-version-objection.test.ts',
  'tests/e2e/formation.test.ts',
  'tests/e2e/people-and-review.test.ts',
  'tests/integration/route-access.test.ts',
  'tests/e2e/committee.test.ts',
  'tests/integration/meetings.test.ts',
  'tests/integration/identity.test.ts',
]

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    const rank = (f: TestSpecification) => {
      const i = LONGEST_FIRST.indexOf(relative(this.ctx.config.root, f.moduleId))
      return i === -1 ? LONGEST_FIRST.length : i
    }
    // Array.prototype.sort is stable: the rest keep Vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b))
  }
}

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    reporters: ['default', './tests/support/summary-reporter.ts'],
    // The web app, the server bundle and the template databases, made once for the whole run.
    globalSetup: ['./tests/global-setup.ts'],
    sequence: { sequencer: LongestFirst },
    // A timeout is there to end a hang, not to time a test: the CI machine runs the suite over twice as slowly as a
    // developer's, and a browser test that walks a whole flow in 15 s here takes over 30 s there.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores here and in CI, and three files at a time: a browser test's file leaves a core idle while it waits on
    // the page or the server's child processes, which a third file fills (a whole run: 370 s with three against
    // over 500 s with two). No test depends on how fast it runs, so the extra contention slows none into failing.
    maxWorkers: 3,
    // Files share their worker's module cache: each worker imports the server, Kysely, Hono and Zod once rather than
    // once per file (module import was ~270 s of CPU in a run of 64 files, ~25 s without isolation). Every file
    // makes its own app, database and browser in its hooks, so nothing a test asserts on is shared.
    isolate: false,
  },
})
