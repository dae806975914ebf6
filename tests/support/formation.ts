import type { Db } from '../../db/client'
import { computeResults } from '../../server/domain/results'
import { ballot, bundleOf, election, flats, resolution } from './bundles'

/**
 * A first meeting made final in the database with the results an election would have stored (its voting is
 * meetings.test.ts's): q1 the rules of procedure, q2 the management covenant, q3 the election of 5 (candidates c1…c5
 * elected when `committee`, else only c1 and c2 and no valid committee). The results are the domain's own tally of
 * seven owners who all voted so, written as the final meeting's bundle at `at`.
 */
export async function makeFinal(
  db: Db,
  meetingId: string,
  passed: { rules: boolean; committee: boolean },
  at: Date,
): Promise<void> {
  const units = flats([100_0000, 100_0000, 100_0000, 100_0000, 100_0000, 100_0000, 100_0000])
  const approved = passed.committee ? ['c1', 'c2', 'c3', 'c4', 'c5'] : ['c1', 'c2']
  const results = computeResults(
    bundleOf({
      units,
      matters: [
        resolution('rules_of_procedure', { id: 'q1' }),
        resolution('management_covenant', { id: 'q2' }),
        election({
          id: 'q3',
          candidates: ['c1', 'c2', 'c3', 'c4', 'c5'].map((id) => ({ id, name: id })),
        }),
      ],
      ballots: units.map((u) => ballot(u.id, { q1: passed.rules ? 'yes' : 'no', q2: 'yes', q3: approved })),
    }),
  )
  await db
    .updateTable('meetings')
    .set({
      status: 'final',
      noticed_at: new Date(at.getTime() - 40 * 86_400_000).toISOString(),
      closed_at: new Date(at.getTime() - 10 * 86_400_000).toISOString(),
      preliminary_at: new Date(at.getTime() - 9 * 86_400_000).toISOString(),
      final_at: at.toISOString(),
      // No ballots of their own: the meeting's voters show on the 明细表 without choices.
      results_json: JSON.stringify({ format: 'gongjue.results/1', results, ballots: [] }),
      bundle_sha256: 'f'.repeat(64),
    })
    .where('id', '=', meetingId)
    .execute()
}
