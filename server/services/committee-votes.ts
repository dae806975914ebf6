import { randomBytes, randomUUID } from 'node:crypto'
import {
  generateAuthenticationOptions,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server'
import type { Db } from '../../db/client'
import { takeChallenge } from '../../db/repositories/challenges'
import {
  currentTermRow,
  insertVote,
  itemsOfMeeting,
  meetingStillScheduled,
  meetingsOfTerm,
  membersOfTerm,
  voteOf,
  votesOfMeeting,
} from '../../db/repositories/committee'
import { livePasskeyTransports, recordCredentialUse } from '../../db/repositories/credentials'
import type { CommitteeMemberRow } from '../../db/schema'
import type { Actor } from '../auth/access'
import { ballotChallenge } from '../auth/ballot-signature'
import { storeChallenge } from '../auth/challenges'
import { challengeOf, passkeyFailed, verifyOwnSignature, type PasskeySettings } from '../auth/passkeys'
import { termSits, type VoteChoice } from '../domain/committee'
import { AppError, conflict, notFound } from '../errors'
import type { VoteBody, VoteOptionsBody } from '../routes/committee.schema'
import { appendAudit } from './audit'
import { requireEstate, seatedOf } from './committee'
import { requireCommitteeMeeting, requireQuorateCommittee } from './committee-meetings'
import type { Who } from './meetings'

/**
 * A committee member's vote, confirmed with their passkey (domain §8) by the same ceremony as an owner's ballot
 * (server/auth/ballot-signature.ts): the WebAuthn challenge is the SHA-256 of the vote's canonical JSON, so the
 * stored assertion proves the member's own device approved exactly this choice on this item. A member votes only
 * for their own seat, once per item: a confirmed vote is final (a trigger keeps it so) — a committee vote is
 * recorded in the minutes by name, and letting it change before the close would let the count be steered after
 * others have seen it.
 */

export const COMMITTEE_VOTE_FORMAT = 'gongjue.committee-vote/1'

interface CanonicalVote {
  readonly [k: string]: string
  readonly format: typeof COMMITTEE_VOTE_FORMAT
  readonly estate: string
  readonly meeting: string
  readonly item: string
  readonly member: string
  readonly choice: VoteChoice
  readonly nonce: string
}

interface PendingVote {
  readonly estateId: string
  readonly meetingId: string
  readonly itemId: string
  readonly memberId: string
  readonly accountId: string
  readonly choice: VoteChoice
  readonly nonce: string
}

const canonicalVote = (p: PendingVote): CanonicalVote => ({
  format: COMMITTEE_VOTE_FORMAT,
  estate: p.estateId,
  meeting: p.meetingId,
  item: p.itemId,
  member: p.memberId,
  choice: p.choice,
  nonce: p.nonce,
})

/** The seat the signed-in owner sits in (their own roll owner record, not one they act for as guardian). */
function seatOf(seated: readonly CommitteeMemberRow[], actor: Actor): CommitteeMemberRow | undefined {
  if (actor.kind !== 'owner' || actor.ownerId === null || actor.guardianId !== null) return undefined
  return seated.find((m) => m.owner_id === actor.ownerId)
}

const notAMember = () =>
  new AppError('not_a_member', 'You hold no seat of this committee: a member votes only for themselves')

/**
 * The members of a committee meeting's term who sit now: none once the next term is made from the re-election
 * (domain §8) — an open meeting of the old term takes no more votes.
 */
async function sittingOfTerm(db: Db, estateId: string, term: { id: string; number: number }) {
  const current = await currentTermRow(db, estateId)
  if (!termSits(term.number, current?.number ?? null)) return []
  return seatedOf(await membersOfTerm(db, term.id))
}

/** The member's own page: their seat and the open meetings with their items and their own votes. */
export async function memberView(db: Db, estateId: string, actor: Actor) {
  await requireEstate(db, estateId)
  const term = await currentTermRow(db, estateId)
  if (!term) throw notFound('committee_not_found', 'This estate has no committee yet')
  const seated = seatedOf(await membersOfTerm(db, term.id))
  const me = seatOf(seated, actor)
  if (!me) throw notAMember()
  const meetings = (await meetingsOfTerm(db, term.id)).filter((m) => m.status === 'scheduled')
  return {
    member: { id: me.id, name: me.name, role: me.role, seat: me.seat, term: term.number },
    meetings: await Promise.all(
      meetings.map(async (m) => {
        const mine = (await votesOfMeeting(db, m.id)).filter((v) => v.member_id === me.id)
        return {
          id: m.id,
          title: m.title,
          heldAt: m.held_at,
          items: (await itemsOfMeeting(db, m.id)).map((i) => ({
            id: i.id,
            kind: i.kind,
            title: i.title,
            body: i.body,
            officers: i.officers_json === null ? null : officerNames(i.officers_json, seated),
            myVote: mine.find((v) => v.item_id === i.id)?.choice ?? null,
          })),
        }
      }),
    ),
  }
}

function officerNames(json: string, seated: readonly CommitteeMemberRow[]) {
  const o = JSON.parse(json) as { chair: string; viceChairs: string[] }
  const name = (id: string) => seated.find((m) => m.id === id)?.name ?? ''
  return { chair: name(o.chair), viceChairs: o.viceChairs.map(name) }
}

/** Step 1: checks the vote and answers the WebAuthn options whose challenge is the vote's hash. */
export async function prepareVote(
  db: Db,
  s: PasskeySettings,
  estateId: string,
  meetingId: string,
  actor: Actor,
  input: VoteOptionsBody,
  now: Date,
): Promise<{ vote: CanonicalVote; options: PublicKeyCredentialRequestOptionsJSON }> {
  const { meeting, term } = await requireCommitteeMeeting(db, estateId, meetingId)
  if (meeting.status !== 'scheduled')
    throw conflict('committee_meeting_closed', 'The meeting is closed: no more votes')
  const seated = await sittingOfTerm(db, estateId, term)
  const me = seatOf(seated, actor)
  if (!me) throw notAMember()
  // As for a ballot: an account activated without the owner's phone confirms nothing until a supervisor approves.
  if (actor.approvalPending)
    throw new AppError(
      'activation_pending',
      'This account was activated without the owner’s phone: a supervisor must approve it before it votes',
    )
  requireQuorateCommittee(term, seated.length)
  const items = await itemsOfMeeting(db, meetingId)
  if (!items.some((i) => i.id === input.itemId))
    throw notFound('committee_item_not_found', `The meeting has no item ${input.itemId}`)
  if (await voteOf(db, meetingId, input.itemId, me.id))
    throw conflict('committee_vote_exists', 'Your vote on this item is confirmed already and final')
  const pending: PendingVote = {
    estateId,
    meetingId,
    itemId: input.itemId,
    memberId: me.id,
    accountId: actor.accountId,
    choice: input.choice,
    nonce: randomBytes(16).toString('base64url'),
  }
  const vote = canonicalVote(pending)
  const challenge = ballotChallenge(vote)
  const credentials = await livePasskeyTransports(db, actor.accountId)
  const options = await generateAuthenticationOptions({
    rpID: s.rpID,
    challenge: Buffer.from(challenge, 'base64url'),
    userVerification: 'required',
    allowCredentials: credentials.map((c) => ({ id: c.id })),
  })
  await storeChallenge(db, { challenge, purpose: 'committee_vote', subject: JSON.stringify(pending), now })
  return { vote, options }
}

/**
 * Step 2: the passkey's assertion over the vote. The challenge is taken (once: DELETE … RETURNING), the signature
 * checked against the member's own passkey, and the vote stored with the assertion in one transaction that finds
 * the meeting still open.
 */
export async function castVote(
  db: Db,
  s: PasskeySettings,
  estateId: string,
  meetingId: string,
  actor: Actor,
  input: VoteBody,
  who: Who,
) {
  const challenge = challengeOf(input.response.response.clientDataJSON)
  const stored = await takeChallenge(db, challenge, 'committee_vote')
  if (!stored?.subject || stored.expires_at <= who.now.toISOString()) {
    console.warn('[committee vote] challenge unknown, used or expired')
    throw passkeyFailed()
  }
  const pending = JSON.parse(stored.subject) as PendingVote
  if (
    pending.estateId !== estateId ||
    pending.meetingId !== meetingId ||
    pending.accountId !== actor.accountId ||
    pending.nonce !== input.nonce
  ) {
    console.warn('[committee vote] challenge of another vote or account')
    throw passkeyFailed()
  }
  const signed = await verifyOwnSignature(
    db,
    s,
    actor.accountId,
    canonicalVote(pending),
    input.response,
    'committee vote',
  )
  const { term } = await requireCommitteeMeeting(db, estateId, meetingId)
  const me = seatOf(await sittingOfTerm(db, estateId, term), actor)
  if (!me || me.id !== pending.memberId) throw notAMember()
  const id = randomUUID()
  const at = who.now.toISOString()
  await db.transaction().execute(async (trx) => {
    if (!(await meetingStillScheduled(trx, meetingId)))
      throw conflict('committee_meeting_closed', 'The meeting was closed before the vote arrived')
    const stored = await insertVote(trx, {
      id,
      meeting_id: meetingId,
      item_id: pending.itemId,
      member_id: me.id,
      account_id: actor.accountId,
      choice: pending.choice,
      nonce: pending.nonce,
      credential_id: signed.credentialId,
      assertion_json: JSON.stringify(input.response),
      cast_at: at,
    })
    if (!stored)
      throw conflict('committee_vote_exists', 'Your vote on this item is confirmed already and final')
    await recordCredentialUse(trx, signed.credentialId, { counter: signed.newCounter, at })
    await appendAudit(trx, {
      ...who,
      action: 'committee.vote_cast',
      estateId,
      subject: meetingId,
      after: { item: pending.itemId, member: me.id, name: me.name, choice: pending.choice },
      at: who.now,
    })
  })
  return { vote: { id, itemId: pending.itemId, choice: pending.choice, castAt: at } }
}
