import { randomUUID } from 'node:crypto'
import type { Db } from '../../db/client'
import {
  attendanceOf,
  closeCommitteeMeeting,
  committeeMeetingRow,
  insertCommitteeMeeting,
  itemsOfMeeting,
  membersOfTerm,
  noticeOfMeeting,
  replaceAttendance,
  setItemOutcome,
  setRole,
  termRowById,
  votesOfMeeting,
} from '../../db/repositories/committee'
import type {
  CommitteeItemRow,
  CommitteeMeetingRow,
  CommitteeMemberRow,
  CommitteeTermRow,
} from '../../db/schema'
import type { Json } from '../domain/canonical'
import {
  canDecide,
  checkOfficers,
  decideResolution,
  rolesAfterOfficers,
  type VoteChoice,
} from '../domain/committee'
import { AppError, conflict, notFound } from '../errors'
import type { AttendanceBody, PublicationBody, ScheduleBody } from '../routes/committee.schema'
import { appendAudit } from './audit'
import { publishNotice, requireTerm, seatedOf } from './committee'
import { discloseDecisionIn } from './disclosures'
import type { Who } from './meetings'

/**
 * Committee meetings (domain §8): a convener schedules one with its agenda — the first after the election being
 * 选举主任、副主任 —, records attendance, members vote on each item with their passkey (committee-votes.ts), and the
 * convener closes it: each item passes with more than half of all seats (上海 art. 26). The resolutions and minutes
 * are then published within 3 days as a notice that is never edited.
 */

export interface Officers {
  readonly chair: string
  readonly viceChairs: readonly string[]
}

const officersOf = (i: CommitteeItemRow): Officers | null =>
  i.officers_json === null ? null : (JSON.parse(i.officers_json) as Officers)

/** Refuses a decision of a committee below half its seats (上海 art. 32). */
export function requireQuorateCommittee(term: CommitteeTermRow, seated: number): void {
  if (!canDecide(seated, term.seats))
    throw conflict(
      'committee_below_half',
      'Fewer than half of the committee’s seats are filled: it decides nothing until the early re-election (上海 art. 32)',
      { filled: seated, seats: term.seats },
    )
}

export async function scheduleCommitteeMeeting(db: Db, estateId: string, input: ScheduleBody, who: Who) {
  const term = await requireTerm(db, estateId)
  const seated = seatedOf(await membersOfTerm(db, term.id))
  requireQuorateCommittee(term, seated.length)
  const seatedIds = new Set(seated.map((m) => m.id))
  const problems = input.items.flatMap((item, i) =>
    item.kind === 'elect_officers'
      ? checkOfficers(item.officers, seatedIds).map((p) => ({ item: `r${i + 1}`, ...p }))
      : [],
  )
  if (problems.length > 0)
    throw new AppError('officers_invalid', problems.map((p) => `${p.item}: ${p.code}`).join('; '), {
      problems,
    })
  const id = randomUUID()
  const at = who.now.toISOString()
  await db.transaction().execute(async (trx) => {
    await insertCommitteeMeeting(
      trx,
      {
        id,
        term_id: term.id,
        estate_id: estateId,
        title: input.title,
        held_at: new Date(input.heldAt).toISOString(),
        status: 'scheduled',
        created_by: who.actor,
        created_at: at,
        closed_at: null,
        closed_by: null,
      },
      input.items.map((item, i) => ({
        meeting_id: id,
        id: `r${i + 1}`,
        position: i + 1,
        kind: item.kind,
        title: item.title,
        body: item.body,
        officers_json: item.kind === 'elect_officers' ? JSON.stringify(item.officers) : null,
        outcome: null,
        count_json: null,
      })),
    )
    await appendAudit(trx, {
      ...who,
      action: 'committee.meeting_scheduled',
      estateId,
      subject: id,
      after: { title: input.title, heldAt: input.heldAt, items: input.items.map((i) => i.title) },
      at: who.now,
    })
  })
  return committeeMeetingView(db, estateId, id)
}

export async function requireCommitteeMeeting(db: Db, estateId: string, id: string) {
  const meeting = await committeeMeetingRow(db, estateId, id)
  if (!meeting) throw notFound('committee_meeting_not_found', 'No such committee meeting')
  const term = (await termRowById(db, meeting.term_id)) as CommitteeTermRow
  return { meeting, term }
}

function presentItem(i: CommitteeItemRow, members: ReadonlyMap<string, CommitteeMemberRow>) {
  const officers = officersOf(i)
  return {
    id: i.id,
    kind: i.kind,
    title: i.title,
    body: i.body,
    officers: officers && {
      chair: { id: officers.chair, name: members.get(officers.chair)?.name ?? '' },
      viceChairs: officers.viceChairs.map((v) => ({ id: v, name: members.get(v)?.name ?? '' })),
    },
    outcome: i.outcome,
    count: i.count_json === null ? null : (JSON.parse(i.count_json) as Json),
  }
}

/** A committee meeting as the estate's staff read it: its items, the attendance and every member's vote. */
export async function committeeMeetingView(db: Db, estateId: string, id: string) {
  const { meeting, term } = await requireCommitteeMeeting(db, estateId, id)
  const all = await membersOfTerm(db, term.id)
  const byId = new Map(all.map((m) => [m.id, m]))
  const attendance = await attendanceOf(db, id)
  const votes = await votesOfMeeting(db, id)
  const notice = await noticeOfMeeting(db, id)
  return {
    meeting: presentMeeting(meeting),
    items: (await itemsOfMeeting(db, id)).map((i) => presentItem(i, byId)),
    members: seatedOf(all).map((m) => ({ id: m.id, name: m.name, role: m.role, seat: m.seat })),
    attendance: attendance.map((a) => ({
      memberId: a.member_id,
      name: byId.get(a.member_id)?.name ?? '',
      present: a.present === 1,
    })),
    votes: votes.map((v) => ({
      itemId: v.item_id,
      memberId: v.member_id,
      name: byId.get(v.member_id)?.name ?? '',
      choice: v.choice,
      castAt: v.cast_at,
    })),
    notice: notice ? { id: notice.id, publishedAt: notice.published_at } : null,
  }
}

export const presentMeeting = (m: CommitteeMeetingRow) => ({
  id: m.id,
  title: m.title,
  heldAt: m.held_at,
  status: m.status,
  closedAt: m.closed_at,
})

/** Records who attended, before the close (the minutes name them). */
export async function recordAttendance(
  db: Db,
  estateId: string,
  id: string,
  input: AttendanceBody,
  who: Who,
) {
  const { meeting, term } = await requireCommitteeMeeting(db, estateId, id)
  if (meeting.status !== 'scheduled')
    throw conflict('committee_meeting_closed', 'The meeting is closed: its attendance is part of the record')
  const seated = seatedOf(await membersOfTerm(db, term.id))
  const unknown = input.present.filter((p) => !seated.some((m) => m.id === p))
  if (unknown.length > 0)
    throw notFound('committee_member_not_found', `Not a sitting member: ${unknown.join(', ')}`)
  const present = new Set(input.present)
  const rows = seated.map((m) => ({ memberId: m.id, present: present.has(m.id) }))
  await db.transaction().execute(async (trx) => {
    await replaceAttendance(trx, id, rows, who.actor, who.now.toISOString())
    await appendAudit(trx, {
      ...who,
      action: 'committee.attendance',
      estateId,
      subject: id,
      after: { present: seated.filter((m) => present.has(m.id)).map((m) => m.name) },
      at: who.now,
    })
  })
  return committeeMeetingView(db, estateId, id)
}

/**
 * Closes the meeting: each item is decided over the votes of the members sitting now, with the term's seat count as
 * the base (a vacant seat approves nothing, 上海 art. 26). A passed 选举主任、副主任 sets the roles — if its people
 * still sit; otherwise it is recorded as rejected. The close, the outcomes and the roles are one transaction.
 */
export async function closeMeeting(db: Db, estateId: string, id: string, who: Who) {
  const { meeting, term } = await requireCommitteeMeeting(db, estateId, id)
  if (meeting.status !== 'scheduled')
    throw conflict('committee_meeting_closed', 'The meeting is closed already')
  // Everything read inside the close's transaction: a vote stored before it is counted, one after it refused
  // (castVote finds the meeting closed in its own transaction), and no vacancy falls between the count and the close.
  await db.transaction().execute(async (trx) => {
    if (!(await closeCommitteeMeeting(trx, id, who.actor, who.now.toISOString())))
      throw conflict('committee_meeting_closed', 'The meeting was closed meanwhile')
    const seated = seatedOf(await membersOfTerm(trx, term.id))
    const seatedIds = new Set(seated.map((m) => m.id))
    const items = await itemsOfMeeting(trx, id)
    const votes = (await votesOfMeeting(trx, id)).filter((v) => seatedIds.has(v.member_id))
    const outcomes = items.map((item) => {
      const decided = decideResolution(
        votes.filter((v) => v.item_id === item.id).map((v) => v.choice as VoteChoice),
        seated.length,
        term.seats,
      )
      const officers = officersOf(item)
      const officersSit = officers === null || checkOfficers(officers, seatedIds).length === 0
      const outcome = decided.outcome === 'passed' && !officersSit ? 'rejected' : decided.outcome
      return {
        item,
        outcome,
        count: { ...decided.count, needed: decided.needed, seats: term.seats },
        officers,
      }
    })
    for (const o of outcomes) {
      await setItemOutcome(trx, id, o.item.id, o.outcome, o.count)
      if (o.outcome === 'passed' && o.officers) {
        for (const [memberId, role] of rolesAfterOfficers([...seatedIds], o.officers))
          await setRole(trx, memberId, role)
      }
    }
    await appendAudit(trx, {
      ...who,
      action: 'committee.meeting_closed',
      estateId,
      subject: id,
      after: { items: outcomes.map((o) => ({ item: o.item.id, outcome: o.outcome, count: o.count })) },
      at: who.now,
    })
  })
  return committeeMeetingView(db, estateId, id)
}

/**
 * Publishes the meeting's resolutions and minutes as a notice (指导规则 art. 36, domain §9: within 3 days of the
 * meeting). Once: the notice is a public record and never edited.
 */
export async function publishResolutions(
  db: Db,
  estateId: string,
  id: string,
  input: PublicationBody,
  who: Who,
) {
  const view = await committeeMeetingView(db, estateId, id)
  const { term } = await requireCommitteeMeeting(db, estateId, id)
  if (view.meeting.status !== 'closed')
    throw conflict('committee_meeting_not_closed', 'The meeting is not closed: nothing is decided yet')
  if (view.notice) throw conflict('committee_notice_exists', 'The resolutions of this meeting are published')
  const present = view.attendance.filter((a) => a.present).map((a) => a.name)
  const body: Json = {
    term: term.number,
    meeting: { title: view.meeting.title, heldAt: view.meeting.heldAt, closedAt: view.meeting.closedAt },
    seats: term.seats,
    present,
    items: view.items.map((i) => ({
      title: i.title,
      body: i.body,
      kind: i.kind,
      outcome: i.outcome,
      count: i.count,
      officers: i.officers && {
        chair: i.officers.chair.name,
        viceChairs: i.officers.viceChairs.map((v) => v.name),
      },
      votes: view.votes.filter((v) => v.itemId === i.id).map((v) => ({ name: v.name, choice: v.choice })),
    })),
    minutes: input.minutes,
  }
  const noticeId = await db.transaction().execute(async (trx) => {
    // Once: checked again where it is written, so two clicks at once publish one notice.
    if (await noticeOfMeeting(trx, id))
      throw conflict('committee_notice_exists', 'The resolutions of this meeting are published')
    const title = `第${term.number}届业主委员会决议公告：${view.meeting.title}`
    const notice = await publishNotice(
      trx,
      { estateId, termId: term.id, kind: 'resolutions', meetingId: id, title, body },
      who,
    )
    // Domain §§8–9: the resolutions and minutes are a disclosure of the decisions kind, due within 3 days of the
    // meeting's close; made with the notice, in its transaction.
    await discloseDecisionIn(
      trx,
      {
        estateId,
        source: `committee_meeting:${id}`,
        decidedAt: view.meeting.closedAt ?? who.now.toISOString(),
        title,
        body: [
          `会议：${view.meeting.title}（${view.meeting.heldAt}）`,
          `出席：${present.join('、')}`,
          '',
          ...view.items.map((i, n) => {
            const c = i.count as { for?: number; needed?: number } | null
            return (
              `${n + 1}. ${i.title}：${i.outcome === 'passed' ? '通过' : '未通过'}` +
              (c ? `（同意 ${c.for ?? 0} 票，全体委员 ${term.seats} 人，需 ${c.needed ?? 0} 票）` : '')
            )
          }),
          '',
          '会议纪要：',
          input.minutes,
        ].join('\n'),
      },
      who,
    )
    return notice
  })
  return { noticeId }
}
