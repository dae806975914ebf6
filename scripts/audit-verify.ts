/**
 * npm run audit:verify [-- --json]
 * Checks the audit log of the database at DATABASE_PATH: every entry's hash covers the previous hash and the entry
 * (a SHA-256 chain), so a changed, deleted or inserted row breaks the chain at that row.
 * Exit 0 when the chain holds, 1 when it is broken (the first broken link is printed), 2 on bad usage.
 */
import { main } from './cli'
import { auditVerify } from './lib/audit-verify-command'

await main(auditVerify, { exit: true })
