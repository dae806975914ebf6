import type { Db } from '../../db/client'
import {
  activationsOfEstate,
  ballotsCastBy,
  decideActivationRow,
  decideTakeoverRow,
  findActivation,
  findInvitation,
  firstIssueByVoter,
  staffNamesByActor,
  takeoversOfEstate,
  takeoversOfVoters,
} from '../../db/repositories/approvals'
import { revokeLiveCredential } from '../../db/repositories/credentials'
import { ownersPhones } from '../../db/repositories/invitations'
import { revokeSessionsOfAccount } from '../../db/repositories/sessions'
import { maskName } from '../domain/mask'
import { AppError, conflict, notFound } from '../errors'
import type { SmsSender } from '../sms/sender'
import { text } from './activation'
import { appendAudit } from './audit'
import { revokeOwnersPasskeys } from './invitations'
import type { Who } from './meetings'
import { ownerVoters, voterOfUnit } from './owner-voters'
import type { ActivationDecisionBody, DecisionBody } from '../routes/approvals.schema'

/**
 * Nobody votes in an owner's place (domain §2: conveners may not cast or alter a ballot): the steps a convener
 * could otherwise take alone need a second person, a supervisor (residents' committee) or the street office —
 * the take-over of an owner's account (a re-issued code that ends their passkeys), and an activation without the
 * owner's phone as second factor. The supervisors also see what to look at: activations from re-issued codes, and
 * ballots cast soon after an activation.
 */

/** The person approving must not be the one who asked: the convener who issued the letter. */
function notTheSame(who: Who, createdBy: string) {
  if (who.actor === createdBy)
    throw new AppError('same_person', 'The approval must come from someone other than who asked for it')
}

/** A supervisor approves (or refuses) a take-over: only then do the owner's passkeys end and the new code work. */
export async function decideTakeover(
  db: Db,
  sms: SmsSender,
  estateId: string,
  invitationId: string,
  input: DecisionBody,
  who: Who,
): Promise<{ revokedSessionIds: string[] }> {
  const inv = await findInvitation(db, estateId, invitationId)
  if (!inv || inv.approval_required !== 1)
    throw notFound('invitation_not_found', 'No take-over awaits approval here')
  if (inv.approval_decision !== null || inv.revoked_at !== null)
    throw conflict('already_decided', 'This take-over was decided already, or the letter was replaced')
  notTheSame(who, inv.created_by)
  const { voters } = await ownerVoters(db, estateId)
  const voter = voterOfUnit(voters, inv.voter_unit)
  const at = who.now.toISOString()
  const result = await db.transaction().execute(async (trx) => {
    await decideTakeoverRow(trx, invitationId, {
      approve: input.decision === 'approve',
      at,
      by: who.actor,
      note: input.note,
    })
    const revoked =
      input.decision === 'approve' && voter
        ? await revokeOwnersPasskeys(trx, voter, who.actor, at)
        : { credentials: 0, sessions: [] }
    await appendAudit(trx, {
      ...who,
      action: input.decision === 'approve' ? 'takeover.approved' : 'takeover.refused',
      estateId,
      subject: inv.voter_unit,
      after: {
        invitation: invitationId,
        requestedBy: inv.created_by,
        note: input.note,
        revokedPasskeys: revoked.credentials,
      },
      at: who.now,
    })
    return revoked
  })
  if (input.decision === 'approve' && voter) {
    const phones = await ownersPhones(
      db,
      voter.owners.map((o) => o.id),
    )
    for (const to of phones)
      await text(
        db,
        sms,
        { to, template: 'takeover_approved', params: { unit: inv.voter_unit } },
        invitationId,
        who.now,
      )
  }
  return { revokedSessionIds: result.sessions }
}

/**
 * A supervisor approves (or refuses) an activation made without the owner's phone as second factor (no phone on
 * the roll, or one a re-import changed). Until then the account signs in but casts nothing; refused, its passkey
 * and sessions end.
 */
export async function decideActivation(
  db: Db,
  estateId: string,
  input: ActivationDecisionBody,
  who: Who,
): Promise<{ revokedSessionIds: string[]; accountId: string }> {
  const row = await findActivation(db, estateId, input.invitationId, input.ownerId)
  if (!row) throw notFound('activation_not_found', 'No such activation')
  if (row.approval !== 'pending')
    throw conflict('already_decided', 'This activation needs no approval, or was decided')
  notTheSame(who, row.created_by)
  const at = who.now.toISOString()
  return db.transaction().execute(async (trx) => {
    await decideActivationRow(
      trx,
      { invitationId: input.invitationId, ownerId: input.ownerId },
      { approve: input.decision === 'approve', at, by: who.actor },
    )
    let sessions: string[] = []
    if (input.decision === 'refuse') {
      await revokeLiveCredential(trx, row.credential_id, { at, by: who.actor })
      sessions = await revokeSessionsOfAccount(trx, row.account_id, at)
    }
    await appendAudit(trx, {
      ...who,
      action: input.decision === 'approve' ? 'activation.approved' : 'activation.refused',
      estateId,
      subject: row.voter_unit,
      after: { invitation: input.invitationId, account: row.account_id, note: input.note },
      at: who.now,
    })
    return { revokedSessionIds: sessions, accountId: row.account_id }
  })
}

/** Hours after an activation within which a ballot cast by the same account is listed for the supervisors. */
export const QUICK_BALLOT_HOURS = 24

/**
 * What the supervisors look at (domain §2: they see everything conveners see): take-overs asked for and decided,
 * activations awaiting approval, activations from re-issued codes, and ballots cast within a day of an activation —
 * never a ballot's choices.
 */
export async function activationReview(db: Db, estateId: string) {
  const staffNames = await staffNamesByActor(db)
  const name = (actor: string | null) => (actor === null ? null : (staffNames.get(actor) ?? actor))
  const takeovers = await takeoversOfEstate(db, estateId)
  const activations = await activationsOfEstate(db, estateId)
  // A code is re-issued when an earlier one existed for the same voter.
  const firstIssue = await firstIssueByVoter(db, estateId)
  const reissued = (a: { voter_unit: string; issued_at: string }) =>
    firstIssue.get(a.voter_unit) !== a.issued_at
  const accounts = [...new Set(activations.map((a) => `account:${a.account_id}`))]
  const ballots = await ballotsCastBy(db, estateId, accounts)
  const quickBallots = ballots.flatMap((b) => {
    const cast = Date.parse(b.created_at)
    const a = activations.find((x) => {
      const since = cast - Date.parse(x.activated_at)
      return `account:${x.account_id}` === b.cast_by && since >= 0 && since <= QUICK_BALLOT_HOURS * 3_600_000
    })
    return a
      ? [
          {
            meetingId: b.meeting,
            meeting: b.title,
            voter: b.voter,
            channel: b.channel,
            status: b.status,
            castAt: b.created_at,
            activatedAt: a.activated_at,
            fromReissuedCode: reissued(a),
          },
        ]
      : []
  })
  return {
    takeovers: takeovers.map((t) => ({
      invitationId: t.id,
      voter: t.voter_unit,
      requestedBy: name(t.created_by),
      requestedAt: t.created_at,
      decision: t.approval_decision ?? (t.revoked_at !== null ? 'replaced' : 'pending'),
      decidedBy: name(t.approval_by),
      decidedAt: t.approval_at,
    })),
    pendingActivations: activations
      .filter((a) => a.approval === 'pending')
      .map((a) => ({
        invitationId: a.invitation_id,
        ownerId: a.owner_id,
        voter: a.voter_unit,
        owner: maskName(a.name),
        reason: a.approval_reason,
        activatedAt: a.activated_at,
        issuedBy: name(a.created_by),
      })),
    reissuedActivations: activations.filter(reissued).map((a) => ({
      voter: a.voter_unit,
      owner: maskName(a.name),
      activatedAt: a.activated_at,
      approval: a.approval,
    })),
    quickBallots,
  }
}

/** What an owner's account is told on their own devices: take-overs asked for against their voters. */
export async function ownerAlerts(db: Db, estateId: string, mine: readonly string[]) {
  const rows = await takeoversOfVoters(db, estateId, mine)
  return rows
    .filter((r) => r.revoked_at === null || r.approval_decision !== null)
    .map((r) => ({
      kind: 'takeover' as const,
      unit: r.voter_unit,
      requestedAt: r.created_at,
      decision: r.approval_decision ?? 'pending',
      decidedAt: r.approval_at,
    }))
}
