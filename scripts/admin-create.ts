/**
 * npm run admin:create -- --name NAME [--json]
 * Creates a platform admin account in the database at DATABASE_PATH and prints a one-time enrollment link
 * (valid 72 hours) with which the admin registers their passkey. No passwords anywhere.
 * Exit 0 on success, 2 on bad usage or configuration.
 */
import { main } from './cli'
import { adminCreate } from './lib/admin-create-command'

await main(adminCreate)
