/**
 * The verifier's decision, shared by `npm run verify` and the server's published bundle (results-bundle.md,
 * "The verifier"): a valid bundle whose results agree (or carries none) → 0; valid but its results differ → 1;
 * invalid → 2. Pure: reading the file and printing are the caller's business.
 */
import type { Bundle, MatterResult } from './bundle'
import { validateBundle, type Problem } from './bundle-validate'
import { compareResults, computeResults, type Difference } from './results'

export type Verification =
  | { readonly status: 'invalid'; readonly exitCode: 2; readonly problems: readonly Problem[] }
  | {
      readonly status: 'differs'
      readonly exitCode: 1
      readonly bundle: Bundle
      readonly results: readonly MatterResult[]
      readonly differences: readonly Difference[]
    }
  | {
      readonly status: 'valid'
      readonly exitCode: 0
      readonly bundle: Bundle
      readonly results: readonly MatterResult[]
      /** Whether the bundle carried results that were compared (and agreed). */
      readonly compared: boolean
    }

/** Validates a parsed bundle, recomputes its results and compares them with the published ones. */
export function verifyBundle(json: unknown): Verification {
  const v = validateBundle(json)
  if (!v.ok) return { status: 'invalid', exitCode: 2, problems: v.problems }
  const results = computeResults(v.bundle)
  if (v.bundle.results === undefined) {
    return { status: 'valid', exitCode: 0, bundle: v.bundle, results, compared: false }
  }
  const differences = compareResults(v.bundle.results, results)
  if (differences.length > 0)
    return { status: 'differs', exitCode: 1, bundle: v.bundle, results, differences }
  return { status: 'valid', exitCode: 0, bundle: v.bundle, results, compared: true }
}
