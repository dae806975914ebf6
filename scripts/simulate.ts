/**
 * npm run simulate -- --roll FILE --out BUNDLE.json [--turnout 0.8] [--seed N] [--json]
 *
 * Runs a complete meeting through the services on a temporary database with a simulated clock: the roll is
 * imported, a meeting with four matters (covenant, raising the maintenance fund, using it for one building, a
 * committee election) is defined and noticed, voting opens 15 full days later, about `--turnout` of the voters
 * vote over every channel (online and proxy ballots signed by software passkeys, paper and in-person ballots
 * entered twice by two clerks, one invalid mark at least), the meeting closes and the preliminary result is
 * published. The published bundle is written to --out (`npm run verify` accepts it). Everything the simulation
 * decides comes from --seed; passkeys, ids and receipts are random.
 * Exit 0 on success, 2 on bad usage or an invalid roll (nothing is written then).
 *
 * npm run simulate -- --formation --roll FILE --out DIR [--turnout 0.8] [--seed N]
 *
 * Forms the estate's first assembly end to end instead (scripts/lib/simulate-formation.ts): DIR/bundle.json, the
 * filing package in DIR/filing/, one JSON object with the roll versions' hashes and every step's outcome printed.
 */
import { main } from './cli'
import { simulate } from './lib/simulate-command'

await main(simulate)
