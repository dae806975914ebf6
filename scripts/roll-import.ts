/**
 * npm run roll:import -- --estate ID FILE [--name NAME] [--confirm-merges TOKEN] [--json]
 * Imports a roll into the database at DATABASE_PATH (creating the estate if needed). All or nothing:
 * exit 0 when imported, 2 when the file has errors (nothing is written) or on bad usage. A file that lists one
 * owner (name + last four ID characters) with different phones is imported only with --confirm-merges and the
 * token printed for its merge warnings (domain.md §3 "Owner identity"); without it, exit 2 and nothing is written.
 */
import { main } from './cli'
import { rollImport } from './lib/roll-import-command'

await main(rollImport, { exit: true })
