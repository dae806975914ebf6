/**
 * npm run backup -- --out FILE [--json]
 * Copies the database at DATABASE_PATH to FILE, also while the server runs (scripts/lib/backup-command.ts says how).
 */
import { main } from './cli'
import { backupCommand } from './lib/backup-command'

await main(backupCommand, { exit: true })
