/**
 * npm run holidays -- list [--year Y] [--json]
 * npm run holidays -- add --year Y --file NOTICE.json [--json]
 * The public-holiday table in the database at DATABASE_PATH (domain.md §6.1: a period whose last day is a public
 * holiday ends on the first working day after it). `add` replaces year Y with the State Council's notice, audited.
 * `list --json` prints the notices in the NOTICE.json format. Exit 0 done, 2 bad usage or an invalid file (every
 * problem listed, nothing written).
 */
import { main } from './cli'
import { holidays } from './lib/holidays-command'

await main(holidays, { exit: true })
