import { createHash, randomUUID } from 'node:crypto'
import type { Transaction } from 'kysely'
import type { Db } from '../../db/client'
import {
  alternatesOfTerm,
  candidateUnits,
  clashingTerm,
  currentTermRow,
  endMember,
  flagEarlyReelection,
  insertAlternates,
  insertMembers,
  insertNotice,
  insertTerm,
  itemsOfMeetings,
  meetingsOfTerm,
  membersOfTerm,
  noticeRow,
  noticesOfEstate,
  noticesOfTerm,
  ownerAccounts,
  ownerPhones,
  setAlternateStatus,
} from '../../db/repositories/committee'
import { findEstate } from '../../db/repositories/estates'
import { liveGroup } from '../../db/repositories/formation'
import { loadHolidayTable } from '../../db/repositories/holidays'
import { unitsOfOwner } from '../../db/repositories/roll'
import type {
  CommitteeMemberRow,
  CommitteeNoticeKind,
  CommitteeNoticeRow,
  CommitteeTermRow,
  Database,
} from '../../db/schema'
import { isElectionResult, type Bundle, type ElectionResult, type MatterResult } from '../domain/bundle'
import { chinaDate, type HolidayTable } from '../domain/calendar'
import { canonicalJson, type Json } from '../domain/canonical'
import {
  ANNOUNCEMENT_DAYS,
  canDecide,
  checkTerm,
  CITY_COMMITTEE_SETTINGS,
  clock,
  DEFAULT_COMMITTEE_SETTINGS,
  fillVacancy,
  PUBLICATION_DAYS,
  reelection,
  removalPassed,
  SEATING_DAYS,
  termFromElection,
  type CommitteeSettings,
  type ElectedPerson,
} from '../domain/committee'
import { maskName } from '../domain/mask'
import { AppError, conflict, notFound } from '../errors'
import type { CreateTermBody, VacancyBody } from '../routes/committee.schema'
import { appendAudit } from './audit'
import { loadMeeting, type MeetingDefinition, type Who } from './meetings'

/**
 * The committee's term (domain §8): made from a final meeting's election, read by the estate's staff and (names of
 * the members, never phones) by anyone, and kept whole as seats fall vacant — the first eligible alternate takes
 * the seat, and fewer than half filled flags an early re-election (上海 art. 32). Every change is audited.
 */

export async function requireEstate(db: Db, estateId: string): Promise<void> {
  if (!(await findEstate(db, estateId))) throw notFound('estate_not_found', 'No such estate')
}

/** The estate's current term, or 404 committee_not_found. */
export async function requireTerm(db: Db, estateId: string): Promise<CommitteeTermRow> {
  await requireEstate(db, estateId)
  const term = await currentTermRow(db, estateId)
  if (!term) throw notFound('committee_not_found', 'This estate has no committee yet')
  return term
}

export const settingsOfTerm = (t: CommitteeTermRow): CommitteeSettings => ({
  minTermYears: t.min_term_years,
  maxTermYears: t.max_term_years,
  reminderMonths: t.reminder_months,
})

export const seatedOf = (members: readonly CommitteeMemberRow[]) => members.filter((m) => m.ended_at === null)

/** A final meeting's election result for one matter, with the meeting; refusals with their codes. */
async function finalElection(
  db: Db,
  estateId: string,
  meetingId: string,
  matterId: string,
): Promise<{ meeting: MeetingDefinition; result: ElectionResult }> {
  const meeting = await loadMeeting(db, meetingId)
  if (meeting.row.estate_id !== estateId) throw notFound('meeting_not_found', 'No such meeting')
  if (meeting.row.status !== 'final' || meeting.row.results_json === null)
    throw conflict('meeting_not_final', 'The meeting’s final announcement is not published yet')
  const matter = meeting.matters.find((m) => m.id === matterId)
  if (!matter) throw notFound('meeting_not_found', `The meeting has no matter ${matterId}`)
  // The stored bundle's results are the server's own tally of the final meeting (meeting-results.ts).
  const results = (JSON.parse(meeting.row.results_json) as Bundle).results as readonly MatterResult[]
  const result = results.find((r) => r.matter === matterId)
  if (matter.kind !== 'elect_committee' || !result || !isElectionResult(result))
    throw new AppError('not_an_election', `Matter ${matterId} is not a committee election`)
  return { meeting, result }
}

const settingsFrom = (s: CreateTermBody['settings']): CommitteeSettings =>
  s === undefined ? DEFAULT_COMMITTEE_SETTINGS : typeof s === 'string' ? CITY_COMMITTEE_SETTINGS[s] : s

/**
 * Makes the term from a final meeting's election matter. Its members take seats in rank order with their unit and
 * name from the candidates; the term starts on the day of the final announcement (the election's result is
 * decided then) and may end at most the setting's years after it (domain §5).
 */
export async function createTerm(db: Db, estateId: string, input: CreateTermBody, who: Who) {
  await requireEstate(db, estateId)
  const { meeting, result } = await finalElection(db, estateId, input.meetingId, input.matterId)
  const electedAt = meeting.row.final_at as string
  const startsOn = chinaDate(Date.parse(electedAt))
  const settings = settingsFrom(input.settings)
  const problems = checkTerm(startsOn, input.endsOn, settings)
  if (problems.length > 0)
    throw new AppError('term_invalid', problems.map((p) => p.code).join('; '), { problems })
  const candidates = meeting.candidates.get(input.matterId) ?? []
  const units = await candidateUnits(db, meeting.row.id, input.matterId)
  const people = new Map<string, ElectedPerson>(
    candidates.map((c) => [
      c.id,
      { candidateId: c.id, ownerId: c.ownerId, unit: units.get(c.id) ?? '', name: c.name },
    ]),
  )
  const made = termFromElection(result, people)
  if (!made.ok)
    throw new AppError('committee_not_formed', `The election did not form a committee: ${made.code}`, {
      reason: made.code,
    })
  const termId = randomUUID()
  const at = who.now.toISOString()
  const { plan } = made
  await db.transaction().execute(async (trx) => {
    // Checked in the transaction that writes it: two requests at once make one term, the other is told why.
    if (await clashingTerm(trx, estateId, input.number, meeting.row.id, input.matterId))
      throw conflict('term_exists', 'A term of this number, or from this election, exists already')
    await insertTerm(trx, {
      id: termId,
      estate_id: estateId,
      number: input.number,
      meeting_id: meeting.row.id,
      matter_id: input.matterId,
      elected_at: electedAt,
      starts_on: startsOn,
      ends_on: input.endsOn,
      seats: plan.seats,
      min_term_years: settings.minTermYears,
      max_term_years: settings.maxTermYears,
      reminder_months: settings.reminderMonths,
      created_by: who.actor,
      created_at: at,
      early_reelection_at: null,
    })
    await insertMembers(
      trx,
      plan.members.map((m) => ({
        id: randomUUID(),
        term_id: termId,
        seat: m.seat,
        owner_id: m.person.ownerId,
        unit_number: m.person.unit,
        name: m.person.name,
        source: 'elected' as const,
        election_rank: m.rank,
        role: 'member' as const,
        seated_at: at,
        ended_at: null,
        end_reason: null,
        end_on: null,
        end_ref: null,
      })),
    )
    await insertAlternates(
      trx,
      plan.alternates.map((a) => ({
        id: randomUUID(),
        term_id: termId,
        rank: a.rank,
        owner_id: a.person.ownerId,
        unit_number: a.person.unit,
        name: a.person.name,
        status: 'waiting' as const,
        changed_at: null,
      })),
    )
    await appendAudit(trx, {
      ...who,
      action: 'committee.term_created',
      estateId,
      subject: termId,
      after: {
        number: input.number,
        meeting: meeting.row.id,
        matter: input.matterId,
        startsOn,
        endsOn: input.endsOn,
        seats: plan.seats,
        members: plan.members.map((m) => m.person.name),
        alternates: plan.alternates.map((a) => a.person.name),
        vacantSeats: plan.vacantSeats,
        tied: plan.tied.map((p) => p.name),
        settings,
      },
      at: who.now,
    })
  })
  return committeeView(db, estateId, who.now, 'staff')
}

// ---- notices ----------------------------------------------------------------------------------------------------

/** Publishes a notice: a dated, public record with the SHA-256 of its canonical body; never edited after. */
export async function publishNotice(
  trx: Transaction<Database>,
  n: {
    estateId: string
    termId: string
    kind: CommitteeNoticeKind
    meetingId: string | null
    title: string
    body: Json
  },
  who: Who,
): Promise<string> {
  const id = randomUUID()
  const sha256 = createHash('sha256').update(canonicalJson(n.body)).digest('hex')
  await insertNotice(trx, {
    id,
    estate_id: n.estateId,
    term_id: n.termId,
    kind: n.kind,
    committee_meeting_id: n.meetingId,
    title: n.title,
    body_json: JSON.stringify(n.body),
    sha256,
    published_at: who.now.toISOString(),
    published_by: who.actor,
  })
  await appendAudit(trx, {
    ...who,
    action: 'committee.notice_published',
    estateId: n.estateId,
    subject: id,
    after: { kind: n.kind, title: n.title, sha256, meeting: n.meetingId },
    at: who.now,
  })
  return id
}

const ROLE_ZH = { chair: '主任', vice_chair: '副主任', member: '委员' } as const

/**
 * The members as an announcement lists them: chair, vice-chairs, members, by name and role. The notice is public: a
 * full name beside a unit number would say who owns the unit, which the published roll masks (domain §12), so the
 * units stay out.
 */
const membersForNotice = (seated: readonly CommitteeMemberRow[]) =>
  [...seated]
    .sort((a, b) => roleOrder(a.role) - roleOrder(b.role) || a.seat - b.seat)
    .map((m) => ({ name: m.name, role: m.role, seat: m.seat }))
const roleOrder = (r: string) => (r === 'chair' ? 0 : r === 'vice_chair' ? 1 : 2)

/**
 * Announces the chair, vice-chair and members (上海 art. 21: within 3 days of the election). May be published again
 * once the officers are chosen; the clock is met by the first one.
 */
export async function announceMembers(db: Db, estateId: string, who: Who) {
  const term = await requireTerm(db, estateId)
  const seated = seatedOf(await membersOfTerm(db, term.id))
  const id = await db.transaction().execute((trx) =>
    publishNotice(
      trx,
      {
        estateId,
        termId: term.id,
        kind: 'members',
        meetingId: null,
        title: `第${term.number}届业主委员会组成人员公告`,
        body: {
          term: term.number,
          startsOn: term.starts_on,
          endsOn: term.ends_on,
          seats: term.seats,
          members: membersForNotice(seated),
        },
      },
      who,
    ),
  )
  return { noticeId: id }
}

export function presentNotice(n: CommitteeNoticeRow) {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    publishedAt: n.published_at,
    sha256: n.sha256,
    committeeMeetingId: n.committee_meeting_id,
    body: JSON.parse(n.body_json) as Json,
  }
}

export async function listNotices(db: Db, estateId: string) {
  await requireEstate(db, estateId)
  return { notices: (await noticesOfEstate(db, estateId)).map(presentNotice) }
}

export async function getNotice(db: Db, estateId: string, noticeId: string) {
  const n = await noticeRow(db, estateId, noticeId)
  if (!n) throw notFound('notice_not_found', 'No such notice')
  return { notice: presentNotice(n) }
}

// ---- vacancies ----------------------------------------------------------------------------------------------------

const REASON_ZH = { resigned: '辞职', lost_ownership: '不再是业主', removed: '业主大会决定更换' } as const

/**
 * A seat falls vacant (domain §8): a resignation (with its date), a loss of ownership (the member's unit is no longer
 * theirs on the roll), or a removal by a final meeting's matter. The first alternate in rank order who is still an
 * owner on the roll takes the seat; those passed over lapse. The change is announced as a notice; below half the
 * seats, the early re-election is flagged (上海 art. 32).
 */
export async function recordVacancy(db: Db, estateId: string, input: VacancyBody, who: Who) {
  const term = await requireTerm(db, estateId)
  const members = await membersOfTerm(db, term.id)
  const member = seatedOf(members).find((m) => m.id === input.memberId)
  if (!member) throw notFound('committee_member_not_found', 'No sitting member with this id')
  let on = chinaDate(who.now.getTime())
  let ref: string | null = null
  if (input.reason === 'resigned') on = input.on
  else if (input.reason === 'lost_ownership') {
    const units = await unitsOfOwner(db, estateId, member.owner_id)
    if (units.includes(member.unit_number))
      throw conflict(
        'member_still_owner',
        `The roll still lists ${member.name} as owner of ${member.unit_number}`,
      )
  } else {
    const { meeting, result } = await finalElection(db, estateId, input.meetingId, input.matterId)
    const candidate = (meeting.candidates.get(input.matterId) ?? []).find(
      (c) => c.ownerId === member.owner_id,
    )
    if (!candidate || !removalPassed(result, candidate.id))
      throw new AppError('removal_not_passed', 'This matter did not decide to remove this member')
    ref = `${meeting.row.id}/${input.matterId}`
  }
  const at = who.now.toISOString()
  // The seats and the alternates are read inside the transaction that fills the seat: two vacancies recorded at
  // once never seat the same alternate twice (SQLite runs one write transaction at a time).
  await db.transaction().execute(async (trx) => {
    if (!(await endMember(trx, member.id, { at, reason: input.reason, on, ref })))
      throw notFound('committee_member_not_found', 'The seat fell vacant meanwhile')
    const seatedBefore = seatedOf(await membersOfTerm(trx, term.id)).length
    const alternates = (await alternatesOfTerm(trx, term.id)).filter((a) => a.status === 'waiting')
    const eligible = new Map<string, string[]>()
    for (const a of alternates) eligible.set(a.id, await unitsOfOwner(trx, estateId, a.owner_id))
    const filling = fillVacancy(
      alternates.map((a) => ({ id: a.id, rank: a.rank, eligible: (eligible.get(a.id) ?? []).length > 0 })),
      seatedBefore,
      term.seats,
    )
    const successor = alternates.find((a) => a.id === filling.seatedBy)
    for (const id of filling.lapsed) await setAlternateStatus(trx, id, 'lapsed', at)
    if (successor) {
      const units = eligible.get(successor.id) ?? []
      await setAlternateStatus(trx, successor.id, 'seated', at)
      await insertMembers(trx, [
        {
          id: randomUUID(),
          term_id: term.id,
          seat: member.seat,
          owner_id: successor.owner_id,
          // The unit of the election if still theirs, else the first they hold now.
          unit_number: units.includes(successor.unit_number) ? successor.unit_number : (units[0] as string),
          name: successor.name,
          source: 'alternate',
          election_rank: successor.rank,
          role: 'member',
          seated_at: at,
          ended_at: null,
          end_reason: null,
          end_on: null,
          end_ref: null,
        },
      ])
    }
    if (filling.earlyReelectionDue) await flagEarlyReelection(trx, term.id, at)
    await appendAudit(trx, {
      ...who,
      action: 'committee.vacancy',
      estateId,
      subject: member.id,
      before: { name: member.name, seat: member.seat, role: member.role },
      after: {
        reason: input.reason,
        on,
        ref,
        seatedBy: successor?.name ?? null,
        lapsed: filling.lapsed,
        filled: filling.filled,
        earlyReelectionDue: filling.earlyReelectionDue,
      },
      at: who.now,
    })
    await publishNotice(
      trx,
      {
        estateId,
        termId: term.id,
        kind: 'vacancy',
        meetingId: null,
        title: successor
          ? `第${term.number}届业主委员会委员变更公告：${successor.name}递补`
          : `第${term.number}届业主委员会委员出缺公告`,
        body: {
          term: term.number,
          seat: member.seat,
          left: {
            name: member.name,
            role: member.role,
            reason: input.reason,
            reasonZh: REASON_ZH[input.reason],
            on,
          },
          seatedBy: successor ? { name: successor.name, rank: successor.rank } : null,
          lapsed: alternates.filter((a) => filling.lapsed.includes(a.id)).map((a) => maskName(a.name)),
          filled: filling.filled,
          seats: term.seats,
          earlyReelectionDue: filling.earlyReelectionDue,
        },
      },
      who,
    )
  })
  return committeeView(db, estateId, who.now, 'staff')
}

// ---- reads -------------------------------------------------------------------------------------------------------

const presentClock = (c: ReturnType<typeof clock>) => ({ ...c, dueAt: new Date(c.dueAt).toISOString() })

/** The statutory clocks of a term at `now`: seating, announcement, each closed meeting's publication. */
async function clocksOf(db: Db, term: CommitteeTermRow, now: Date, holidays: HolidayTable) {
  const elected = Date.parse(term.elected_at)
  const meetings = await meetingsOfTerm(db, term.id)
  const items = await itemsOfMeetings(
    db,
    meetings.map((m) => m.id),
  )
  const notices = await noticesOfTerm(db, term.id)
  const heldAt = new Map(meetings.map((m) => [m.id, m.closed_at === null ? null : m.held_at]))
  // Seating is done by the committee meeting that chose the chair and vice-chair (domain §7.5: the committee meets
  // within 7 days): the earliest closed meeting where 选举主任、副主任 passed, on the day it was held — as the
  // formation's page counts it — not the day its result was entered.
  const seatedAt = items
    .filter((i) => i.kind === 'elect_officers' && i.outcome === 'passed')
    .map((i) => Date.parse(heldAt.get(i.meeting_id) ?? ''))
    .filter((t) => !Number.isNaN(t))
    .sort((a, b) => a - b)[0]
  const announced = notices.find((n) => n.kind === 'members')
  const published = new Map(
    notices.filter((n) => n.committee_meeting_id).map((n) => [n.committee_meeting_id, n]),
  )
  const t = now.getTime()
  return {
    seating: presentClock(clock(elected, SEATING_DAYS, t, seatedAt ?? null, holidays)),
    announcement: presentClock(
      clock(elected, ANNOUNCEMENT_DAYS, t, announced ? Date.parse(announced.published_at) : null, holidays),
    ),
    publications: meetings
      .filter((m) => m.closed_at !== null)
      .map((m) => {
        const notice = published.get(m.id)
        return {
          meetingId: m.id,
          title: m.title,
          ...presentClock(
            clock(
              Date.parse(m.closed_at as string),
              PUBLICATION_DAYS,
              t,
              notice ? Date.parse(notice.published_at) : null,
              holidays,
            ),
          ),
        }
      }),
    reelection: await (async () => {
      const r = reelection(term.ends_on, term.reminder_months, t)
      // The re-election group at work (domain §8): the reminder has been acted on.
      const group = await liveGroup(db, term.estate_id)
      return {
        ...r,
        endsAt: new Date(r.endsAt).toISOString(),
        groupFormedAt: group?.kind === 're_election' ? group.formed_at : null,
      }
    })(),
    meetings,
  }
}

/**
 * The estate's current term at `now`. `staff`: everything, with members' phones and whether each has an account to
 * confirm votes with. `public`: the members' names and roles (officers of the assembly are public) without their
 * units (domain §12: the published roll masks who owns a unit), the alternates' names masked, never a phone.
 */
export async function committeeView(db: Db, estateId: string, now: Date, audience: 'staff' | 'public') {
  await requireEstate(db, estateId)
  const term = await currentTermRow(db, estateId)
  if (!term) return { term: null }
  const members = await membersOfTerm(db, term.id)
  const seated = seatedOf(members)
  const alternates = await alternatesOfTerm(db, term.id)
  const holidays = await loadHolidayTable(db)
  const { meetings, ...clocks } = await clocksOf(db, term, now, holidays)
  const staff = audience === 'staff'
  const accounts = staff
    ? await ownerAccounts(
        db,
        seated.map((m) => m.owner_id),
      )
    : []
  const phones = staff
    ? await ownerPhones(
        db,
        seated.map((m) => m.owner_id),
      )
    : new Map<number, string>()
  return {
    term: {
      id: term.id,
      number: term.number,
      startsOn: term.starts_on,
      endsOn: term.ends_on,
      electedAt: term.elected_at,
      seats: term.seats,
      filled: seated.length,
      vacantSeats: term.seats - seated.length,
      canDecide: canDecide(seated.length, term.seats),
      earlyReelectionDue: term.early_reelection_at !== null,
      earlyReelectionAt: term.early_reelection_at,
      settings: settingsOfTerm(term),
      ...(staff ? { election: { meetingId: term.meeting_id, matterId: term.matter_id } } : {}),
      members: seated.map((m) => ({
        id: m.id,
        seat: m.seat,
        name: m.name,
        role: m.role,
        roleZh: ROLE_ZH[m.role],
        source: m.source,
        seatedAt: m.seated_at,
        // The unit only for the staff: publicly, a full name beside a unit says who owns it (domain §12).
        ...(staff
          ? {
              unit: m.unit_number,
              hasAccount: accounts.some((a) => a.owner_id === m.owner_id),
              phone: phones.get(m.owner_id) ?? null,
            }
          : {}),
      })),
      alternates: alternates.map((a) => ({
        ...(staff ? { id: a.id } : {}),
        rank: a.rank,
        name: staff ? a.name : maskName(a.name),
        status: a.status,
      })),
      vacancies: members
        .filter((m) => m.ended_at !== null)
        .map((m) => ({
          seat: m.seat,
          name: m.name,
          reason: m.end_reason,
          on: m.end_on,
          at: m.ended_at,
        })),
      clocks,
      ...(staff
        ? {
            meetings: meetings.map((m) => ({
              id: m.id,
              title: m.title,
              heldAt: m.held_at,
              status: m.status,
              closedAt: m.closed_at,
            })),
          }
        : {}),
    },
  }
}
