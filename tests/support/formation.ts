import type { Db } from '../../db/client'
import { computeResults } from '../../server/domain/results'
import { ballot, bundleOf, election, flats, resolution } from './bundles'

/**
 * A first meeting made final in the database with the results an election would have stored (its voting is
 * meetings.test.ts's): q1 the rules of procedure, q2 the management covenant, q3 the election of 5 (candidates c1…c5
 * elected when `committee`, else only c1 and c2 and no valid committee). The results are the domain's own tally of
 * seven owners who all voted so, written as the final meeting's bundle at `at`. With `alternate` the election has a
 * sixth candidate c6 who qualifies (4 of 7) below the five elected (c1–c3 by 7, c4 and c5 by 5): the one alternate
 * (候补); no ballot approves more than the 5 seats. With `electionOnly` the meeting is a re-election's: its one matter
 * q1 is the election (the assembly has its rules and covenant already, domain §8).
 */
export async function makeFinal(
  db: Db,
  meetingId: string,
  passed: { rules: boolean; committee: boolean; alternate?: boolean; electionOnly?: boolean },
  at: Date,
): Promise<void> {
  const units = flats([100_0000, 100_0000, 100_0000, 100_0000, 100_0000, 100_0000, 100_0000])
  const withAlternate = passed.committee && passed.alternate === true
  const extra = [
    ['c4', 'c5'],
    ['c4', 'c5'],
    ['c4', 'c5'],
    ['c4', 'c6'],
    ['c4', 'c6'],
    ['c5', 'c6'],
    ['c5', 'c6'],
  ]
  const approved = (i: number) =>
    withAlternate
      ? ['c1', 'c2', 'c3', ...(extra[i] as string[])]
      : passed.committee
        ? ['c1', 'c2', 'c3', 'c4', 'c5']
        : ['c1', 'c2']
  const candidateIds = withAlternate ? ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'] : ['c1', 'c2', 'c3', 'c4', 'c5']
  const results = computeResults(
    bundleOf({
      units,
      matters: passed.electionOnly
        ? [election({ id: 'q1', candidates: candidateIds.map((id) => ({ id, name: id })) })]
        : [
            resolution('rules_of_procedure', { id: 'q1' }),
            resolution('management_covenant', { id: 'q2' }),
            election({
              id: 'q3',
              candidates: candidateIds.map((id) => ({ id, name: id })),
            }),
          ],
      ballots: units.map((u, i) =>
        ballot(
          u.id,
          passed.electionOnly
            ? { q1: approved(i) }
            : { q1: passed.rules ? 'yes' : 'no', q2: 'yes', q3: approved(i) },
        ),
      ),
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
