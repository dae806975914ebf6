/**
 * npm run roll:check -- FILE [--json] [--count-parking]
 * Validates a roll file without importing it. Exit 0 when valid, 2 when it has errors (or on bad usage).
 * Owners merged across rows with different phones are printed as warnings with the token that confirms them
 * (roll:import --confirm-merges); warnings alone do not make the file invalid.
 */
import { main } from './cli'
import { rollCheck } from './lib/roll-check-command'

await main(rollCheck, { exit: true })
