import type { Db } from '../../db/client'

/**
 * A first meeting made final in the database with the results an election would have stored (its voting is
 * meetings.test.ts's): q1 the rules of procedure, q2 the management covenant, q3 the election of 5 (candidates c1…c5
 * elected when `committee`, else 2 of 5 and no valid committee). Written as the final meeting's bundle at `at`.
 */
export async function makeFinal(
  db: Db,
  meetingId: string,
  passed: { rules: boolean; committee: boolean },
  at: Date,
): Promise<void> {
  const resolution = (matter: string, ok: boolean) => ({
    matter,
    kind: 'rules_of_procedure',
    outcome: ok ? 'passed' : 'rejected',
  })
  const results = [
    resolution('q1', passed.rules),
    { ...resolution('q2', true), kind: 'management_covenant' },
    {
      matter: 'q3',
      kind: 'elect_committee',
      seats: 5,
      elected: passed.committee ? ['c1', 'c2', 'c3', 'c4', 'c5'] : ['c1', 'c2'],
      tied: [],
      alternates: [],
      vacantSeats: passed.committee ? 0 : 3,
      committeeValid: passed.committee,
      outcome: passed.committee ? 'elected' : 'partially_elected',
    },
  ]
  await db
    .updateTable('meetings')
    .set({
      status: 'final',
      noticed_at: new Date(at.getTime() - 40 * 86_400_000).toISOString(),
      closed_at: new Date(at.getTime() - 10 * 86_400_000).toISOString(),
      preliminary_at: new Date(at.getTime() - 9 * 86_400_000).toISOString(),
      final_at: at.toISOString(),
      results_json: JSON.stringify({ format: 'gongjue.results/1', results }),
      bundle_sha256: 'f'.repeat(64),
    })
    .where('id', '=', meetingId)
    .execute()
}
