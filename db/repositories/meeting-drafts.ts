import type { Db } from '../client'

/** A draft candidate as the convener entered it: the unit they named and the eligibility they confirmed. */
export interface DraftCandidateRow {
  readonly matterId: string
  readonly candidateId: string
  readonly eligibilityJson: string
}

/**
 * The stored eligibility of a meeting's candidates (with the unit the convener named), for the editor that reopens
 * a draft: the agenda read (readAgenda) leaves it out, since nothing after notice shows it.
 */
export async function draftCandidates(db: Db, meetingId: string): Promise<DraftCandidateRow[]> {
  const rows = await db
    .selectFrom('candidates')
    .select(['matter_id', 'id', 'eligibility_json'])
    .where('meeting_id', '=', meetingId)
    .orderBy('position')
    .execute()
  return rows.map((r) => ({ matterId: r.matter_id, candidateId: r.id, eligibilityJson: r.eligibility_json }))
}
