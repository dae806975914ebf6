import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)

/**
 * The crash test in its short form: the real server killed with SIGKILL five times while ballots are
 * driven at it; every acknowledged ballot must be on disk exactly once. `npm run test:crash` is the full run.
 */
describe('npm run test:crash (short form)', () => {
  it('loses no acknowledged ballot across 5 kill -9 of the server, and the meeting still tallies and verifies', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/crash-test.ts', '--voters', '80', '--kills', '5', '--seed', '7', '--json'],
      { timeout: 240_000, maxBuffer: 10 * 1024 * 1024 },
    ).catch((e: { stdout?: string; stderr?: string }) => {
      throw new Error(`crash test failed:\n${e.stdout ?? ''}\n${e.stderr ?? ''}`)
    })
    const figures = JSON.parse(stdout) as Record<string, number | boolean>
    expect(figures).toMatchObject({
      ok: true,
      kills: 5,
      lost: 0,
      duplicates: 0,
      votersWithTwoValid: 0,
      ballotsWithoutAudit: 0,
      auditChain: true,
      bundleVerified: true,
    })
    expect(figures.stored).toBe(80)
    expect(Number(figures.acknowledged)).toBeGreaterThan(0)
  }, 240_000)
})
