import { randomUUID } from 'node:crypto'
import type { Db } from '../../db/client'
import {
  firstMembersNotice,
  officersResolution,
  sittingMembers,
  termOfElection,
} from '../../db/repositories/committee-reads'
import {
  insertTraining,
  insertUndertaking,
  publishedVersions,
  trainingOfTerm,
  undertakingsOfTerm,
  votedVersions,
} from '../../db/repositories/filing-parts'
import { liveGroup } from '../../db/repositories/formation'
import type { FormationGroupRow } from '../../db/schema'
import { chinaDate } from '../domain/calendar'
import { FILING_DOCUMENT_KINDS } from '../domain/filing'
import type { FirstMeetingMatters, TermOfRecord } from '../domain/formation'
import { AppError, conflict, notFound } from '../errors'
import type { TrainingBody, UndertakingBody } from '../routes/formation.schema'
import { appendAudit } from './audit'
import type { FilingDocument, FilingMember, FilingParts, FilingTraining } from './filing-package'
import type { Who } from './meetings'

/**
 * Formation joined to the committee (domain §§7.5–7.6, 8): the committee's term made from the formation's election
 * is the record of 届别, the term, the members and their roles; its 选举主任、副主任 resolution seats it and its
 * members' notice announces it. What only the filing needs is kept here — each member's written undertaking
 * (承诺书) and the training record — and handed to the filing package with the published documents.
 */

/** The committee as formation reads it: the term from the election, its members with their undertakings. */
export async function committeeOfElection(db: Db, meetingId: string, matterId?: string) {
  const term = await termOfElection(db, meetingId, matterId)
  if (!term) return undefined
  const [members, resolution, notice, undertakings, training] = await Promise.all([
    sittingMembers(db, term.id),
    officersResolution(db, term.id),
    firstMembersNotice(db, term.id),
    undertakingsOfTerm(db, term.id),
    trainingOfTerm(db, term.id),
  ])
  const signed = new Map(undertakings.map((u) => [u.member_id, u.signed_on]))
  const chair = members.find((m) => m.role === 'chair')
  const record: TermOfRecord = {
    number: term.number,
    startsOn: term.starts_on,
    endsOn: term.ends_on,
    chair: chair?.name ?? null,
  }
  return {
    term,
    record,
    members: members.map((m) => ({
      id: m.id,
      seat: m.seat,
      name: m.name,
      unit: m.unit_number,
      role: m.role,
      undertakingSignedOn: signed.get(m.id) ?? null,
    })),
    viceChairs: members.filter((m) => m.role === 'vice_chair').map((m) => m.name),
    /** The resolution that set chair and vice-chair: the seating clock is met on its meeting's date. */
    resolution: resolution ?? null,
    /** The first members' notice: the announcement clock is met when it was published. */
    notice: notice ?? null,
    training: training
      ? {
          heldOn: training.held_on,
          topic: training.topic,
          attendees: JSON.parse(training.attendees_json) as { memberId: string; name: string }[],
          recordedAt: training.recorded_at,
        }
      : null,
  }
}

export type CommitteeOfElection = NonNullable<Awaited<ReturnType<typeof committeeOfElection>>>

/** The group's committee: the term made from its designated first meeting's election. */
export function committeeOfGroup(db: Db, group: FormationGroupRow) {
  if (group.first_meeting_id === null || group.first_meeting_matters_json === null)
    return Promise.resolve(undefined)
  const designated = JSON.parse(group.first_meeting_matters_json) as FirstMeetingMatters
  return committeeOfElection(db, group.first_meeting_id, designated.election)
}

/** The live group's committee term, or the refusal that says what is missing. */
async function termOfLiveGroup(db: Db, estateId: string, now: Date) {
  const group = await liveGroup(db, estateId)
  if (!group)
    throw notFound('formation_not_found', 'This estate has no preparatory or re-election group at work')
  const committee = await committeeOfGroup(db, group)
  if (!committee)
    throw conflict(
      'filing_term_missing',
      'The committee’s term has not been made from the first meeting’s election yet',
    )
  // A record of the filing: dated on a China day not after today, and not before the election.
  const checkDate = (date: string) => {
    const elected = chinaDate(Date.parse(committee.term.elected_at))
    if (date > chinaDate(now.getTime()) || date < elected)
      throw new AppError(
        'formation_date_invalid',
        `${date} is not between the election (${elected}) and today`,
        {
          date,
          notBefore: elected,
        },
      )
  }
  return { group, committee, checkDate }
}

const memberOf = (committee: CommitteeOfElection, memberId: string) => {
  const m = committee.members.find((x) => x.id === memberId)
  if (!m) throw notFound('committee_member_not_found', 'No sitting member of the term with this id')
  return m
}

/** A member's written undertaking (承诺书, domain §7.6): the day they signed it, recorded once. */
export async function recordUndertaking(
  db: Db,
  estateId: string,
  memberId: string,
  body: UndertakingBody,
  who: Who,
): Promise<void> {
  const { group, committee, checkDate } = await termOfLiveGroup(db, estateId, who.now)
  const member = memberOf(committee, memberId)
  checkDate(body.signedOn)
  await db.transaction().execute(async (trx) => {
    const inserted = await insertUndertaking(trx, {
      member_id: member.id,
      term_id: committee.term.id,
      estate_id: estateId,
      signed_on: body.signedOn,
      recorded_by: who.actor,
      recorded_at: who.now.toISOString(),
    })
    if (!inserted)
      throw conflict('step_already_recorded', `${member.name}’s undertaking was already recorded`)
    await appendAudit(trx, {
      ...who,
      action: 'formation.undertaking_recorded',
      estateId,
      subject: group.id,
      after: { term: committee.term.number, member: member.id, name: member.name, signedOn: body.signedOn },
      at: who.now,
    })
  })
}

/** The committee's training record (domain §7.6): the day, the topic and the members who attended; once a term. */
export async function recordTraining(db: Db, estateId: string, body: TrainingBody, who: Who): Promise<void> {
  const { group, committee } = await termOfLiveGroup(db, estateId, who.now)
  if (body.heldOn > chinaDate(who.now.getTime()))
    throw new AppError('formation_date_invalid', `${body.heldOn} is after today`, { date: body.heldOn })
  const attendees = [...new Set(body.attendees)].map((id) => memberOf(committee, id))
  const row = attendees.map((m) => ({ memberId: m.id, name: m.name }))
  await db.transaction().execute(async (trx) => {
    const inserted = await insertTraining(trx, {
      id: randomUUID(),
      term_id: committee.term.id,
      estate_id: estateId,
      held_on: body.heldOn,
      topic: body.topic,
      attendees_json: JSON.stringify(row),
      recorded_by: who.actor,
      recorded_at: who.now.toISOString(),
    })
    if (!inserted) throw conflict('step_already_recorded', 'The training of this term was already recorded')
    await appendAudit(trx, {
      ...who,
      action: 'formation.training_recorded',
      estateId,
      subject: group.id,
      after: { term: committee.term.number, heldOn: body.heldOn, topic: body.topic, attendees: row },
      at: who.now,
    })
  })
}

/**
 * What the filing package of a final meeting files beside the meeting's own record (domain §7.6): the members of the
 * term made from its election with their undertakings, the training record, and of the estate's rules of procedure,
 * management covenant and maintenance-fund covenant the version the meeting voted on (matter_documents) or else the
 * current published one. A part not recorded stays
 * out, and the package names it 缺.
 */
export async function filingPartsOf(db: Db, estateId: string, meetingId: string): Promise<FilingParts> {
  const committee = await committeeOfElection(db, meetingId)
  const [voted, versions] = await Promise.all([
    votedVersions(db, meetingId),
    publishedVersions(db, estateId, FILING_DOCUMENT_KINDS),
  ])
  const documents: FilingDocument[] = []
  for (const kind of FILING_DOCUMENT_KINDS) {
    // The version the meeting's matter put to the vote, else the current one: the newest publication of the kind.
    const v = voted.find((x) => x.template === kind) ?? versions.find((x) => x.template === kind)
    if (v) documents.push({ kind, title: v.title, version: v.number, sha256: v.sha256, text: v.text })
  }
  const members: FilingMember[] | null = committee
    ? committee.members.map((m) => ({
        name: m.name,
        unit: m.unit,
        role: m.role,
        undertakingSignedOn: m.undertakingSignedOn,
      }))
    : null
  const training: FilingTraining | null = committee?.training
    ? {
        date: committee.training.heldOn,
        topic: committee.training.topic,
        attendees: committee.training.attendees.map((x) => x.name),
      }
    : null
  return { documents, members, training }
}
