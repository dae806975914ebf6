import { randomUUID } from 'node:crypto'
import type { Transaction } from 'kysely'
import type { Db } from '../../db/client'
import { currentTermRow } from '../../db/repositories/committee'
import { findEstate } from '../../db/repositories/estates'
import {
  findApplication,
  handoverOf,
  insertApplication,
  insertGroup,
  insertHandover,
  insertMembers,
  latestApplication,
  latestGroup,
  liveGroup,
  membersOf,
  updateGroupIf,
} from '../../db/repositories/formation'
import { loadHolidayTable } from '../../db/repositories/holidays'
import { findMeeting, readAgenda } from '../../db/repositories/meetings'
import { loadRoll } from '../../db/repositories/roll'
import { findGrant } from '../../db/repositories/staff'
import type { Database, FormationGroupRow, StaffRole } from '../../db/schema'
import { isElection, type Bundle, type MatterResult } from '../domain/bundle'
import { chinaDate, startOfChinaDate } from '../domain/calendar'
import {
  applicationShare,
  checkComposition,
  checkDesignation,
  filingContradictions,
  formationClocks,
  formationOutcome,
  formationStage,
  HANDOVER_ITEMS,
  REELECTION_LOCKED_KINDS,
  type ApplicationShare,
  type FirstMeetingMatters,
  type FormationOutcome,
  type HandoverItem,
} from '../domain/formation'
import type { RollUnit } from '../domain/voting-rights'
import { AppError, badRequest, conflict, notFound } from '../errors'
import type {
  ApplicationBody,
  FilingBody,
  FirstMeetingBody,
  GroupBody,
  HandoverBody,
} from '../routes/formation.schema'
import { appendAudit } from './audit'
import { committeeOfGroup } from './formation-filing'
import { currentStatus, loadMeeting } from './meetings'
import { createStaffIn, grantRoleIn, holdsRole, revokeGrantIn } from './staff-accounts'

/**
 * Forming the first assembly (domain §7) and re-elections (§8): the street office records the application and
 * forms the group; the group publishes its members, designates its first meeting and hands over (re-election);
 * the first meeting's outcome is recorded once it is final; the street office records the filing and the group
 * dissolves. Every step is dated and audited; the clocks are computed from the dates (domain/formation.ts).
 */

export interface Who {
  readonly actor: string
  readonly role: string
  readonly now: Date
}

const SYSTEM = { actor: 'system:formation', role: 'system' } as const

async function estateOrThrow(db: Db, estateId: string) {
  const estate = await findEstate(db, estateId)
  if (!estate) throw notFound('estate_not_found', `No estate "${estateId}"`)
  return estate
}

async function rollUnits(db: Db, estateId: string): Promise<RollUnit[]> {
  return (await loadRoll(db, estateId)).map((r) => ({
    id: r.number,
    building: r.building,
    kind: r.kind,
    areaCm2: r.areaCm2,
    owners: r.owners.map((o) => String(o.id)),
    developerHeld: r.developerHeld,
  }))
}

async function liveGroupOrThrow(db: Db, estateId: string): Promise<FormationGroupRow> {
  const group = await liveGroup(db, estateId)
  if (!group)
    throw notFound('formation_not_found', 'This estate has no preparatory or re-election group at work')
  return group
}

/** A date of a step: not after today (China), and not before the step it follows. */
function checkStepDate(date: string, now: Date, notBefore?: string): void {
  if (date > chinaDate(now.getTime()))
    throw new AppError('formation_date_invalid', `${date} is after today`, { date })
  if (notBefore !== undefined && date < notBefore)
    throw new AppError('formation_date_invalid', `${date} is before ${notBefore}, the step it follows`, {
      date,
      notBefore,
    })
}

const designatedOf = (g: FormationGroupRow): FirstMeetingMatters | undefined =>
  g.first_meeting_matters_json === null
    ? undefined
    : (JSON.parse(g.first_meeting_matters_json) as FirstMeetingMatters)

const outcomeOf = (g: FormationGroupRow): FormationOutcome | undefined =>
  g.outcome_json === null ? undefined : (JSON.parse(g.outcome_json) as FormationOutcome)

// ---- the application ----------------------------------------------------------------------------------------------

/**
 * Records an application to the street office (domain §7.1): who, when, the units that applied, and the share
 * they represent on the current roll, both dimensions, with the 北京 conditions evaluated. Units no voter holds
 * are refused; an application that does not meet the conditions is recorded with that said.
 */
export async function recordApplication(
  db: Db,
  estateId: string,
  body: ApplicationBody,
  who: Who,
): Promise<{ id: string; share: ApplicationShare }> {
  const estate = await estateOrThrow(db, estateId)
  checkStepDate(body.appliedOn, who.now)
  const units = [...new Set(body.units)]
  const share = applicationShare(await rollUnits(db, estateId), body.applicant, units, {
    countParking: estate.count_parking === 1,
  })
  if (share.unknownUnits.length > 0)
    throw badRequest('unit_not_found', `Not owners' units on the roll: ${share.unknownUnits.join(', ')}`, {
      units: share.unknownUnits,
    })
  const id = randomUUID()
  await db.transaction().execute(async (trx) => {
    await insertApplication(trx, {
      id,
      estate_id: estateId,
      applicant: body.applicant,
      applied_on: body.appliedOn,
      units_json: JSON.stringify(units),
      share_json: JSON.stringify(share),
      recorded_by: who.actor,
      recorded_at: who.now.toISOString(),
    })
    await appendAudit(trx, {
      ...who,
      action: 'formation.application_recorded',
      estateId,
      subject: id,
      after: { applicant: body.applicant, appliedOn: body.appliedOn, units, share },
      at: who.now,
    })
  })
  return { id, share }
}

// ---- the group ----------------------------------------------------------------------------------------------------

export interface MemberEnrollment {
  readonly position: number
  readonly name: string
  readonly accountId: string
  readonly url: string
  readonly expiresAt: string
}

/**
 * Forms a preparatory group (after an application) or a re-election group (domain §7.2, §8) with its members,
 * their composition checked (上海 art. 15). Members with an account get the convener role for the estate while the
 * group exists: a new staff account with an enrollment link (as the staff page adds a convener), or a grant to an
 * existing staff account. Everything is written in one transaction, or nothing.
 */
export async function formGroup(
  db: Db,
  estateId: string,
  body: GroupBody,
  origin: string,
  who: Who,
): Promise<{ id: string; enrollments: MemberEnrollment[]; granted: string[] }> {
  await estateOrThrow(db, estateId)
  if (await liveGroup(db, estateId))
    throw conflict('group_exists', 'This estate already has a group at work; it dissolves with the filing')
  // Once a committee is filed the assembly exists: what follows is a re-election, never a second formation.
  if (body.kind === 'preparatory' && (await latestGroup(db, estateId))?.filed_at)
    throw conflict('group_exists', 'The assembly of this estate exists: form a re-election group')
  const application = body.kind === 'preparatory' ? await latestApplication(db, estateId) : undefined
  if (body.kind === 'preparatory' && !application)
    throw conflict('application_missing', 'A preparatory group is formed on an application (domain §7.1)')
  // A re-election renews a committee (domain §8): an estate without one forms its first assembly instead.
  if (body.kind === 're_election' && !(await currentTermRow(db, estateId)))
    throw conflict(
      'assembly_not_formed',
      'This estate has no committee to re-elect: its first assembly is formed by a preparatory group (domain §7)',
    )
  const units = new Set((await rollUnits(db, estateId)).map((u) => u.id))
  const problems = checkComposition(body.members, units)
  if (problems.length > 0)
    throw new AppError('composition_invalid', problems.map((p) => p.code).join('; '), { problems })
  const id = randomUUID()
  const granter = who.role as StaffRole
  return db.transaction().execute(async (trx) => {
    await insertGroup(trx, {
      id,
      estate_id: estateId,
      kind: body.kind,
      application_id: application?.id ?? null,
      first_meeting_days: body.firstMeetingDays,
      formed_at: who.now.toISOString(),
      formed_by: who.actor,
      members_published_at: null,
      first_meeting_id: null,
      first_meeting_matters_json: null,
      designated_at: null,
      outcome_json: null,
      outcome_at: null,
      elected_at: null,
      seated_on: null,
      chair: null,
      vice_chair: null,
      announced_at: null,
      filing_json: null,
      filed_at: null,
      dissolved_at: null,
    })
    const enrollments: MemberEnrollment[] = []
    const granted: string[] = []
    const rows = []
    for (const [position, m] of body.members.entries()) {
      let accountId: string | null = null
      let grantId: number | null = null
      if (m.enroll) {
        const link = await createStaffIn(
          trx,
          { displayName: m.name, role: 'convener', estateId, origin },
          who,
        )
        accountId = link.accountId
        grantId = link.grantId
        enrollments.push({ position, name: m.name, accountId, url: link.url, expiresAt: link.expiresAt })
      } else if (m.accountId !== undefined) {
        accountId = m.accountId
        // Already a convener here (a committee member on the re-election group): that role is not the group's,
        // so the dissolution leaves it.
        if (!(await holdsRole(trx, { accountId, role: 'convener', estateId }))) {
          grantId = (await grantRoleIn(trx, { accountId, role: 'convener', estateId, granter }, who)).grantId
          granted.push(accountId)
        }
      }
      rows.push({
        group_id: id,
        position,
        name: m.name,
        kind: m.kind,
        leader: m.leader ? 1 : 0,
        unit: m.unit?.trim() || null,
        phone: m.phone ?? null,
        account_id: accountId,
        grant_id: grantId,
      })
    }
    await insertMembers(trx, rows)
    await appendAudit(trx, {
      ...who,
      action: 'formation.group_formed',
      estateId,
      subject: id,
      after: {
        kind: body.kind,
        application: application?.id ?? null,
        firstMeetingDays: body.firstMeetingDays,
        // Phone numbers stay out of the log: whether one was given is enough.
        members: rows.map((r) => ({
          name: r.name,
          kind: r.kind,
          leader: r.leader === 1,
          unit: r.unit,
          phone: r.phone !== null,
          account: r.account_id,
          grant: r.grant_id,
        })),
      },
      at: who.now,
    })
    return { id, enrollments, granted }
  })
}

/** The group publishes its member list (domain §7.2: within 7 days of its formation): a dated public notice. */
export async function publishMembers(db: Db, estateId: string, who: Who): Promise<void> {
  const group = await liveGroupOrThrow(db, estateId)
  const members = await membersOf(db, group.id)
  await db.transaction().execute(async (trx) => {
    const done = await updateGroupIf(
      trx,
      group.id,
      { unset: 'members_published_at' },
      { members_published_at: who.now.toISOString() },
    )
    if (!done) throw conflict('step_already_recorded', 'The member list was already published')
    await appendAudit(trx, {
      ...who,
      action: 'formation.members_published',
      estateId,
      subject: group.id,
      after: { members: members.map((m) => ({ name: m.name, kind: m.kind, leader: m.leader === 1 })) },
      at: who.now,
    })
  })
}

/**
 * The group designates its first meeting — a draft of the estate — and which of its matters are the rules of
 * procedure, the management covenant, the maintenance-fund covenant (optional) and the election (domain §7.4).
 * Another meeting may be designated while the designated one is a draft, or after it failed to form the assembly.
 */
export async function designateFirstMeeting(
  db: Db,
  estateId: string,
  body: FirstMeetingBody,
  who: Who,
): Promise<void> {
  const group = await liveGroupOrThrow(db, estateId)
  await settleOutcome(db, group, who.now)
  const current = await liveGroupOrThrow(db, estateId)
  if (current.first_meeting_id !== null && current.first_meeting_id !== body.meetingId) {
    const previous = await findMeeting(db, current.first_meeting_id)
    if (previous && previous.status !== 'draft' && outcomeOf(current)?.outcome !== 'failed')
      throw conflict(
        'first_meeting_fixed',
        'The designated first meeting has been noticed; another can be designated only if it fails',
      )
  }
  const meeting = await findMeeting(db, body.meetingId)
  if (!meeting || meeting.estate_id !== estateId || meeting.status !== 'draft')
    throw new AppError('first_meeting_invalid', 'The first meeting must be a draft meeting of this estate', {
      problems: [{ code: 'meeting_not_draft' }],
    })
  const designated: FirstMeetingMatters = {
    ...(body.rulesOfProcedure !== undefined ? { rulesOfProcedure: body.rulesOfProcedure } : {}),
    ...(body.managementCovenant !== undefined ? { managementCovenant: body.managementCovenant } : {}),
    ...(body.maintenanceFundCovenant !== undefined
      ? { maintenanceFundCovenant: body.maintenanceFundCovenant }
      : {}),
    election: body.election,
  }
  const problems = checkDesignation(designated, (await readAgenda(db, meeting.id)).matters, current.kind)
  if (problems.length > 0)
    throw new AppError(
      'first_meeting_invalid',
      problems.map((p) => `${p.code} (${'matter' in p ? p.matter : p.role})`).join('; '),
      { problems },
    )
  await db.transaction().execute(async (trx) => {
    const done = await updateGroupIf(
      trx,
      current.id,
      {},
      {
        first_meeting_id: meeting.id,
        first_meeting_matters_json: JSON.stringify(designated),
        designated_at: who.now.toISOString(),
        outcome_json: null,
        outcome_at: null,
        elected_at: null,
      },
    )
    if (!done) throw notFound('formation_not_found', 'The group was dissolved meanwhile')
    await appendAudit(trx, {
      ...who,
      action: 'formation.first_meeting_designated',
      estateId,
      subject: current.id,
      before: current.first_meeting_id
        ? { meeting: current.first_meeting_id, matters: designatedOf(current), outcome: outcomeOf(current) }
        : null,
      after: { meeting: meeting.id, title: meeting.title, matters: designated },
      at: who.now,
    })
  })
}

/**
 * Records the first meeting's outcome once the meeting is final (domain §7.4), lazily: when the formation is read
 * or changed. Audited as the system's. Two readers at once write it once (the row's guard).
 */
async function settleOutcome(db: Db, group: FormationGroupRow, now: Date): Promise<void> {
  if (group.first_meeting_id === null || group.outcome_json !== null) return
  const designated = designatedOf(group)
  const meeting = await findMeeting(db, group.first_meeting_id)
  if (!designated || !meeting || meeting.status !== 'final' || meeting.results_json === null) return
  const bundle = JSON.parse(meeting.results_json) as Bundle
  const outcome = formationOutcome(designated, (bundle.results ?? []) as MatterResult[])
  const electedAt = outcome.outcome === 'assembly_formed' ? meeting.final_at : null
  await db.transaction().execute(async (trx) => {
    const done = await updateGroupIf(
      trx,
      group.id,
      { unset: 'outcome_json' },
      { outcome_json: JSON.stringify(outcome), outcome_at: now.toISOString(), elected_at: electedAt },
    )
    if (!done) return
    await appendAudit(trx, {
      ...SYSTEM,
      action: 'formation.outcome_recorded',
      estateId: group.estate_id,
      subject: group.id,
      after: { meeting: meeting.id, finalAt: meeting.final_at, ...outcome },
      at: now,
    })
  })
}

async function formedGroupOrThrow(db: Db, estateId: string, now: Date): Promise<FormationGroupRow> {
  const group = await liveGroupOrThrow(db, estateId)
  await settleOutcome(db, group, now)
  const settled = await liveGroupOrThrow(db, estateId)
  if (outcomeOf(settled)?.outcome !== 'assembly_formed' || settled.elected_at === null)
    throw conflict('assembly_not_formed', 'The first meeting has not formed the assembly (domain §7.4)')
  return settled
}

/** A re-election group marks one item of the handover done (上海 art. 29: within 10 days of its formation). */
export async function markHandover(
  db: Db,
  estateId: string,
  item: HandoverItem,
  body: HandoverBody,
  who: Who,
): Promise<void> {
  const group = await liveGroupOrThrow(db, estateId)
  if (group.kind !== 're_election')
    throw conflict('not_re_election', 'Only a re-election group takes over records, seals and the roll')
  checkStepDate(body.doneOn, who.now, chinaDate(Date.parse(group.formed_at)))
  if ((await handoverOf(db, group.id)).some((h) => h.item === item))
    throw conflict('step_already_recorded', `The handover of ${item} was already recorded`)
  await db.transaction().execute(async (trx) => {
    await insertHandover(trx, {
      group_id: group.id,
      item,
      done_on: body.doneOn,
      marked_by: who.actor,
      marked_at: who.now.toISOString(),
    })
    await appendAudit(trx, {
      ...who,
      action: 'formation.handover_done',
      estateId,
      subject: group.id,
      after: { item, doneOn: body.doneOn },
      at: who.now,
    })
  })
}

/**
 * The street office records the filing (备案, 上海 art. 23: within 30 days of the election) with the office address;
 * 届别, the term and the chair are the committee's term's, made from the first meeting's election (domain §8): a
 * filing before that term exists or before the committee chose its chair is refused, and typed facts must agree
 * with it. The group dissolves and its members' convener grants are revoked (as the staff page's removal does: an
 * account left with no role loses its sessions).
 */
export async function recordFiling(
  db: Db,
  estateId: string,
  body: FilingBody,
  who: Who,
): Promise<{ revoked: { accountId: string; revokedSessionIds: string[] }[] }> {
  const group = await formedGroupOrThrow(db, estateId, who.now)
  const committee = await committeeOfGroup(db, group)
  if (!committee)
    throw conflict(
      'filing_term_missing',
      'The committee’s term has not been made from the first meeting’s election yet (domain §8)',
    )
  const contradictions = filingContradictions(body, committee.record)
  if (contradictions.length > 0)
    throw new AppError(
      'filing_contradicts_term',
      contradictions.map((c) => `${c.field}: ${c.typed} ≠ ${c.recorded ?? '—'}`).join('; '),
      { contradictions },
    )
  const chair = committee.record.chair
  if (chair === null)
    throw conflict('filing_chair_missing', 'The committee has not chosen its chair yet (domain §7.5)')
  const filed: FiledFacts = {
    term: committee.record.number,
    termStart: committee.record.startsOn,
    termEnd: committee.record.endsOn,
    chair,
    officeAddress: body.officeAddress,
    termId: committee.term.id,
  }
  const members = await membersOf(db, group.id)
  return db.transaction().execute(async (trx) => {
    const at = who.now.toISOString()
    const done = await updateGroupIf(
      trx,
      group.id,
      { unset: 'filed_at' },
      { filing_json: JSON.stringify(filed), filed_at: at, dissolved_at: at },
    )
    if (!done) throw conflict('step_already_recorded', 'The filing was already recorded')
    await appendAudit(trx, {
      ...who,
      action: 'formation.filed',
      estateId,
      subject: group.id,
      after: filed,
      at: who.now,
    })
    const revoked = await revokeMemberGrants(trx, estateId, members, who)
    await appendAudit(trx, {
      ...who,
      action: 'formation.group_dissolved',
      estateId,
      subject: group.id,
      after: { revokedGrants: revoked.map((r) => r.grantId) },
      at: who.now,
    })
    return { revoked: revoked.map(({ accountId, revokedSessionIds }) => ({ accountId, revokedSessionIds })) }
  })
}

/** What a filing records: the term's facts as the committee has them, and the office address typed. */
export interface FiledFacts {
  readonly term: number
  readonly termStart: string
  readonly termEnd: string
  readonly chair: string
  readonly officeAddress: string
  /** The committee's term filed (absent on filings recorded before the term was the record). */
  readonly termId?: string
}

async function revokeMemberGrants(
  trx: Transaction<Database>,
  estateId: string,
  members: readonly { grant_id: number | null }[],
  who: Who,
) {
  const out: { grantId: number; accountId: string; revokedSessionIds: string[] }[] = []
  for (const m of members) {
    if (m.grant_id === null) continue
    const grant = await findGrant(trx, estateId, m.grant_id)
    // Already removed on the staff page: nothing left to end.
    if (!grant || grant.revoked_at !== null) continue
    const r = await revokeGrantIn(trx, { estateId, grantId: m.grant_id, granter: who.role as StaffRole }, who)
    out.push({ grantId: m.grant_id, ...r })
  }
  return out
}

// ---- reading ------------------------------------------------------------------------------------------------------

/**
 * The estate's formation: every step with its date, the clocks with their status, the group and its members, the
 * first meeting, the outcome. `audience: 'public'` is the owners' notice board: no phone numbers, no accounts, the
 * member list only once published, no applying units.
 */
export async function readFormation(db: Db, estateId: string, audience: 'staff' | 'public', now: Date) {
  await estateOrThrow(db, estateId)
  const found = await latestGroup(db, estateId)
  if (found) await settleOutcome(db, found, now)
  const group = found ? await latestGroup(db, estateId) : undefined
  const application =
    group && group.application_id !== null
      ? await findApplication(db, group.application_id)
      : group
        ? undefined
        : await latestApplication(db, estateId)
  const staff = audience === 'staff'
  const members = group ? await membersOf(db, group.id) : []
  const handover = group ? await handoverOf(db, group.id) : []
  const designated = group ? designatedOf(group) : undefined
  const outcome = group ? outcomeOf(group) : undefined

  let meeting
  // A draft is the group's work in progress: owners see the first meeting once its notice is out.
  if (
    group?.first_meeting_id &&
    (staff || (await findMeeting(db, group.first_meeting_id))?.status !== 'draft')
  ) {
    const m = await loadMeeting(db, group.first_meeting_id)
    const status = currentStatus(m, now)
    // The candidates by name: masked on the public page, as the meeting's own results show them (张*).
    const names = new Map<string, string>()
    for (const x of m.matters)
      if (isElection(x))
        for (const c of staff ? (m.candidates.get(x.id) ?? []) : x.candidates) names.set(c.id, c.name)
    meeting = {
      id: m.row.id,
      title: m.row.title,
      status,
      opensAt: m.row.opens_at,
      closesAt: m.row.closes_at,
      noticedAt: m.row.noticed_at,
      matters: designated,
      candidateNames: Object.fromEntries(names),
    }
  }
  // The committee made from the group's election seats and announces itself (domain §7.5): its resolution that set
  // the chair and vice-chair meets the seating clock on its meeting's date, its members' notice the announcement's.
  // A seating recorded on the group's row (by the form this replaced) still counts where the committee has none.
  const committee = group ? await committeeOfGroup(db, group) : undefined
  const seatedAt = committee?.resolution
    ? Date.parse(committee.resolution.heldAt)
    : group?.seated_on
      ? startOfChinaDate(group.seated_on)
      : undefined
  const announcedAt = committee?.notice
    ? Date.parse(committee.notice.published_at)
    : group?.announced_at
      ? Date.parse(group.announced_at)
      : undefined
  const holidays = await loadHolidayTable(db, now.getTime())
  const handoverAt = Object.fromEntries(handover.map((h) => [h.item, startOfChinaDate(h.done_on)]))
  const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : undefined)
  const clocks = formationClocks(
    group
      ? {
          kind: group.kind,
          appliedAt: application ? startOfChinaDate(application.applied_on) : undefined,
          formedAt: Date.parse(group.formed_at),
          membersPublishedAt: ms(group.members_published_at),
          meeting: meeting
            ? {
                opensAt: Date.parse(meeting.opensAt),
                noticedAt: ms(meeting.noticedAt),
                heldAt:
                  meeting.status !== 'draft' && meeting.status !== 'noticed'
                    ? Date.parse(meeting.opensAt)
                    : undefined,
              }
            : undefined,
          electedAt: ms(group.elected_at),
          seatedAt,
          announcedAt,
          filedAt: ms(group.filed_at),
          handover: handoverAt,
        }
      : {
          kind: 'preparatory',
          appliedAt: application ? startOfChinaDate(application.applied_on) : undefined,
        },
    now.getTime(),
    { firstMeetingDays: group?.first_meeting_days ?? 90, holidays },
  )
  const stage = formationStage({
    applied: application !== undefined,
    formed: group !== undefined,
    designated: designated !== undefined,
    outcome: outcome?.outcome,
    filed: Boolean(group?.filed_at),
  })
  const published = Boolean(group?.members_published_at)
  return {
    estateId,
    stage,
    now: now.toISOString(),
    application: application
      ? {
          id: application.id,
          applicant: application.applicant,
          appliedOn: application.applied_on,
          ...(staff ? { units: JSON.parse(application.units_json) as string[] } : {}),
          share: JSON.parse(application.share_json) as ApplicationShare,
          recordedAt: application.recorded_at,
        }
      : null,
    group: group
      ? {
          id: group.id,
          kind: group.kind,
          formedAt: group.formed_at,
          firstMeetingDays: group.first_meeting_days,
          membersPublishedAt: group.members_published_at,
          live: group.dissolved_at === null,
          dissolvedAt: group.dissolved_at,
          members:
            staff || published
              ? members.map((m) => ({
                  position: m.position,
                  name: m.name,
                  kind: m.kind,
                  leader: m.leader === 1,
                  // A full name beside a unit number would say who owns the unit, which the published roll masks
                  // (domain §12): the public notice names the members and what they represent, never their units.
                  ...(staff
                    ? { unit: m.unit, phone: m.phone, accountId: m.account_id, grantId: m.grant_id }
                    : {}),
                }))
              : null,
        }
      : null,
    firstMeeting: meeting ?? null,
    outcome: outcome
      ? { ...outcome, recordedAt: group?.outcome_at ?? null, electedAt: group?.elected_at ?? null }
      : null,
    seating:
      seatedAt !== undefined || announcedAt !== undefined
        ? {
            seatedOn: seatedAt !== undefined ? chinaDate(seatedAt) : null,
            meetingTitle: committee?.resolution?.title ?? null,
            chair: committee ? committee.record.chair : (group?.chair ?? null),
            viceChairs: committee ? committee.viceChairs : group?.vice_chair ? [group.vice_chair] : [],
            announcedAt: announcedAt !== undefined ? new Date(announcedAt).toISOString() : null,
            noticeTitle: committee?.notice?.title ?? null,
          }
        : null,
    // The committee's term made from the election: what the filing takes (届别, term, chair) and, for the staff,
    // the members with their written undertakings and the training record the package files.
    committee: committee
      ? {
          number: committee.record.number,
          startsOn: committee.record.startsOn,
          endsOn: committee.record.endsOn,
          chair: committee.record.chair,
          viceChairs: committee.viceChairs,
          ...(staff
            ? {
                termId: committee.term.id,
                members: committee.members,
                training: committee.training,
              }
            : {}),
        }
      : null,
    filingDraft:
      staff && committee && !group?.filing_json
        ? {
            term: committee.record.number,
            termStart: committee.record.startsOn,
            termEnd: committee.record.endsOn,
            chair: committee.record.chair,
          }
        : null,
    handover:
      group?.kind === 're_election'
        ? HANDOVER_ITEMS.map((item) => ({
            item,
            doneOn: handover.find((h) => h.item === item)?.done_on ?? null,
          }))
        : null,
    filing: group?.filing_json
      ? { ...(JSON.parse(group.filing_json) as FiledFacts), filedAt: group.filed_at }
      : null,
    clocks: clocks.map((c) => ({
      name: c.name,
      due: new Date(c.due).toISOString(),
      lastDay: c.lastDay,
      status: c.status,
      ...(c.metOn !== undefined ? { metOn: new Date(c.metOn).toISOString() } : {}),
      ...(c.daysLeft !== undefined ? { daysLeft: c.daysLeft } : {}),
    })),
    // 上海 art. 28: what the assembly may not decide while the re-election group is at work.
    reelectionLock:
      group?.kind === 're_election' && group.dissolved_at === null
        ? { since: group.formed_at, kinds: REELECTION_LOCKED_KINDS }
        : null,
  }
}

export type FormationView = Awaited<ReturnType<typeof readFormation>>
