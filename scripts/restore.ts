/**
 * npm run restore -- FILE [--json]
 * Restores a backup into the empty database at DATABASE_PATH (scripts/lib/backup-command.ts says how).
 */
import { main } from './cli'
import { restoreCommand } from './lib/backup-command'

await main(restoreCommand, { exit: true })
