import type { Transaction } from 'kysely'
import type { Db } from '../client'
import type { Database } from '../schema'

/**
 * The second person's decisions (domain §2: nobody votes in an owner's place): take-overs of an owner's account,
 * which are invitations that require approval, and activations made without the owner's phone; with what the
 * supervisors review beside them.
 */

/** An invitation of the estate, whatever its state. */
export function findInvitation(db: Db, estateId: string, invitationId: string) {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('id', '=', invitationId)
    .where('estate_id', '=', estateId)
    .executeTakeFirst()
}

/** Records the decision on a take-over; a refusal also ends the letter. */
export async function decideTakeoverRow(
  trx: Transaction<Database>,
  invitationId: string,
  d: { approve: boolean; at: string; by: string; note: string | null },
): Promise<void> {
  await trx
    .updateTable('invitations')
    .set({
      approval_decision: d.approve ? 'approved' : 'refused',
      approval_at: d.at,
      approval_by: d.by,
      approval_note: d.note,
      ...(d.approve ? {} : { revoked_at: d.at, revoked_by: d.by }),
    })
    .where('id', '=', invitationId)
    .execute()
}

/** An owner's activation by a letter of the estate, with who issued the letter and for which voter. */
export function findActivation(db: Db, estateId: string, invitationId: string, ownerId: number) {
  return db
    .selectFrom('invitation_activations')
    .innerJoin('invitations', 'invitations.id', 'invitation_activations.invitation_id')
    .select([
      'invitation_activations.account_id',
      'invitation_activations.credential_id',
      'invitation_activations.approval',
      'invitations.created_by',
      'invitations.voter_unit',
    ])
    .where('invitation_activations.invitation_id', '=', invitationId)
    .where('invitation_activations.owner_id', '=', ownerId)
    .where('invitations.estate_id', '=', estateId)
    .executeTakeFirst()
}

export async function decideActivationRow(
  trx: Transaction<Database>,
  a: { invitationId: string; ownerId: number },
  d: { approve: boolean; at: string; by: string },
): Promise<void> {
  await trx
    .updateTable('invitation_activations')
    .set({ approval: d.approve ? 'approved' : 'refused', approval_at: d.at, approval_by: d.by })
    .where('invitation_id', '=', a.invitationId)
    .where('owner_id', '=', a.ownerId)
    .execute()
}

/** The staff accounts' names, by actor (`account:<id>`). */
export async function staffNamesByActor(db: Db): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('accounts')
    .select(['id', 'display_name'])
    .where('kind', '=', 'staff')
    .execute()
  return new Map(rows.map((a) => [`account:${a.id}`, a.display_name]))
}

/** The estate's take-overs, newest first. */
export function takeoversOfEstate(db: Db, estateId: string) {
  return db
    .selectFrom('invitations')
    .select([
      'id',
      'voter_unit',
      'created_by',
      'created_at',
      'approval_decision',
      'approval_at',
      'approval_by',
      'revoked_at',
    ])
    .where('estate_id', '=', estateId)
    .where('approval_required', '=', 1)
    .orderBy('created_at', 'desc')
    .execute()
}

/** The estate's activations, newest first, with their letter and the owner's name. */
export function activationsOfEstate(db: Db, estateId: string) {
  return db
    .selectFrom('invitation_activations')
    .innerJoin('invitations', 'invitations.id', 'invitation_activations.invitation_id')
    .innerJoin('owners', 'owners.id', 'invitation_activations.owner_id')
    .select([
      'invitation_activations.invitation_id',
      'invitation_activations.owner_id',
      'invitation_activations.account_id',
      'invitation_activations.activated_at',
      'invitation_activations.approval',
      'invitation_activations.approval_reason',
      'invitations.voter_unit',
      'invitations.created_at as issued_at',
      'invitations.created_by',
      'owners.name',
    ])
    .where('invitations.estate_id', '=', estateId)
    .orderBy('invitation_activations.activated_at', 'desc')
    .execute()
}

/** When each voter of the estate was first sent a letter: a later letter is a re-issue. */
export async function firstIssueByVoter(db: Db, estateId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('invitations')
    .select(['voter_unit', 'created_at'])
    .where('estate_id', '=', estateId)
    .orderBy('created_at')
    .execute()
  const first = new Map<string, string>()
  for (const i of rows) if (!first.has(i.voter_unit)) first.set(i.voter_unit, i.created_at)
  return first
}

/** The ballots these actors cast in the estate's meetings, with the meeting's title: never the choices. */
export async function ballotsCastBy(db: Db, estateId: string, actors: readonly string[]) {
  if (actors.length === 0) return []
  return db
    .selectFrom('ballots')
    .innerJoin('meetings', 'meetings.id', 'ballots.meeting_id')
    .select([
      'ballots.cast_by',
      'ballots.voter',
      'ballots.channel',
      'ballots.created_at',
      'ballots.status',
      'meetings.id as meeting',
      'meetings.title',
    ])
    .where('meetings.estate_id', '=', estateId)
    .where('ballots.cast_by', 'in', [...actors])
    .execute()
}

/** The take-overs asked for against these voters of the estate, newest first. */
export async function takeoversOfVoters(db: Db, estateId: string, voters: readonly string[]) {
  if (voters.length === 0) return []
  return db
    .selectFrom('invitations')
    .select(['voter_unit', 'created_at', 'approval_decision', 'approval_at', 'revoked_at'])
    .where('estate_id', '=', estateId)
    .where('approval_required', '=', 1)
    .where('voter_unit', 'in', [...voters])
    .orderBy('created_at', 'desc')
    .execute()
}
