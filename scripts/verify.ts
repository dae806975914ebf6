/**
 * npm run verify -- FILE [--json]
 * npm run verify -- FULL --summary SUMMARY [--json]
 *
 * Checks a published results bundle (format gongjue.results/1) or public summary (gongjue.results-summary/1),
 * results-bundle.md "The verifier", with the same domain code as the server. A bundle is recomputed and compared
 * with its published results; a summary is checked on its own (each outcome follows from its figures and the rule,
 * the bulletin's counts equal the headcounts, one ballot per voter); with --summary, the summary must also be the
 * one derived from FULL (its hash and content). Exit 0: valid and consistent — prints a short bilingual summary
 * per matter. Exit 1: valid, but something differs — prints each difference. Exit 2: invalid (every problem with
 * its JSON path), an unreadable file, not JSON, bad usage. --json prints the recomputed (or, for a summary alone,
 * the checked) results array on stdout instead; problems and differences then go to stderr. The logic is in
 * scripts/lib/verify-command.ts.
 */
import { verifyCommand } from './lib/verify-command'

const r = await verifyCommand(process.argv.slice(2))
if (r.stdout) process.stdout.write(r.stdout)
if (r.stderr) process.stderr.write(r.stderr)
// Not process.exit(): let a large --json output drain to a pipe before the process ends.
process.exitCode = r.exitCode
