/**
 * npm run test:crash [-- --voters N --kills K --seed S --json]
 *
 * The durability test: the real server on a temporary database, ballots driven at it from this process
 * over HTTP, and `kill -9` of the server at random moments (at least 5 times), restarting it each time. Then, on
 * the database: every ballot that received a success answer is stored exactly once, the audit chain verifies, no
 * ballot lacks its audit entry, no voter has two valid ballots, and the meeting closes and tallies to a bundle the
 * verifier accepts. Prints sent, acknowledged, stored and lost (must be 0). Exit 0 when all hold, 1 otherwise.
 */
import { main } from './cli'
import { crashTest } from './lib/crash-command'

// Exit once done, whatever fetch's pool of kept-alive connections to the killed servers still holds.
await main(crashTest, { exit: true })
