import { describe, expect, it } from 'vitest'
import { runCommand } from '../../scripts/cli'
import { crashTest } from '../../scripts/lib/crash-command'

/**
 * The crash test in its short form: the real server (the bundle `npm start` runs, each start a process of its own)
 * killed with SIGKILL five times while ballots are driven at it from this process; every acknowledged ballot must
 * be on disk exactly once. The command runs in this process (scripts/lib/crash-command.ts, what
 * scripts/crash-test.ts runs) rather than through Node and tsx started for it. `npm run test:crash` is the full run.
 */
describe('npm run test:crash (short form)', () => {
  it('loses no acknowledged ballot across 5 kill -9 of the server, and the meeting still tallies and verifies', async () => {
    const r = await runCommand(crashTest, ['--voters', '80', '--kills', '5', '--seed', '7', '--json'])
    if (r.code !== 0) throw new Error(`crash test failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`)
    const figures = JSON.parse(r.stdout) as Record<string, number | boolean>
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
