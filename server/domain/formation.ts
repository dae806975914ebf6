/**
 * Forming the first assembly (domain.md §7) and the re-election that follows a term (§8): the application's share,
 * the group's composition, the statutory clocks, the outcome of the first meeting, and the matters a re-election
 * locks. Pure: every instant is passed in (epoch ms), nothing reads a clock or the database.
 */
import {
  isElectionResult,
  type ElectionResult,
  type MatterKind,
  type MatterResult,
  type ResolutionResult,
} from './bundle'
import { chinaDate, isChinaDate, legalPeriodEnd, NO_HOLIDAYS, type HolidayTable } from './calendar'
import { deriveElectorate, type RollUnit } from './voting-rights'

// ---- the application (§7.1) -------------------------------------------------------------------------------------

/** An exact share `num/den` (integers); percentages exist only for display. */
export interface Share {
  readonly num: number
  readonly den: number
}

export type Applicant = 'owners' | 'developer'

/** A condition of the application, evaluated and explained. */
export interface Condition {
  readonly met: boolean
  /** The share compared, and the threshold it is compared with ("以上": the threshold itself meets it). */
  readonly share: Share
  readonly threshold: Share
}

export interface ApplicationShare {
  /** The voters (§3 heads) the applying units belong to, out of all voters of the estate. */
  readonly owners: Share
  /** The area (cm²) of those voters, out of the estate's total area. */
  readonly area: Share
  /** Area delivered to owners (not developer-held), out of the total area. */
  readonly delivered: Share
  /** 北京: delivered area ≥ 50% (the application may be made once half the area is delivered). */
  readonly deliveredCondition: Condition
  /**
   * 北京: owners holding 5% of the owners (heads) OR 5% of the area may apply. Only for an owners' application;
   * the developer applies by itself (null).
   */
  readonly ownersCondition: { readonly byOwners: Condition; readonly byArea: Condition } | null
  /** Whether the application meets what applies to it. */
  readonly met: boolean
  /** Units named that are not on the roll, or developer-held units named in an owners' application. */
  readonly unknownUnits: readonly string[]
}

export const DELIVERED_THRESHOLD: Share = { num: 1, den: 2 }
/** 北京: 5% (以上, inclusive). */
export const OWNERS_THRESHOLD: Share = { num: 1, den: 20 }

/** `share ≥ threshold`, by cross-multiplication (den·Y ≥ num·P). An empty estate meets nothing. */
export function atLeast(share: Share, threshold: Share): boolean {
  if (share.den === 0) return false
  return threshold.den * share.num >= threshold.num * share.den
}

const condition = (share: Share, threshold: Share): Condition => ({
  met: atLeast(share, threshold),
  share,
  threshold,
})

/**
 * The share an application represents, on both dimensions (domain §7.1), from the roll. The applying owners are
 * the voters (§3) holding the named units: each voter counts once as a head and with all its area (a voter with two
 * flats who signs for one is still one owner with both flats' area). Parking counts as the estate's rule says.
 */
export function applicationShare(
  roll: readonly RollUnit[],
  applicant: Applicant,
  units: readonly string[],
  options: { readonly countParking: boolean },
): ApplicationShare {
  const electorate = deriveElectorate(roll, { countParking: options.countParking })
  const total = electorate.totals
  const deliveredArea = electorate.voters.filter((v) => !v.developer).reduce((s, v) => s + v.areaCm2, 0)
  const delivered: Share = { num: deliveredArea, den: total.areaCm2 }
  const deliveredCondition = condition(delivered, DELIVERED_THRESHOLD)
  const keys = new Set<string>()
  const unknownUnits: string[] = []
  const developerKey = electorate.voters.find((v) => v.developer)?.key
  for (const u of units) {
    const key = electorate.voterOfUnit.get(u)
    // An owners' application is made by owners: the developer's units are not theirs to sign for.
    if (key === undefined || (applicant === 'owners' && key === developerKey)) unknownUnits.push(u)
    else keys.add(key)
  }
  const chosen = electorate.voters.filter((v) => keys.has(v.key))
  const owners: Share = { num: chosen.length, den: total.heads }
  const area: Share = { num: chosen.reduce((s, v) => s + v.areaCm2, 0), den: total.areaCm2 }
  const ownersCondition =
    applicant === 'owners'
      ? { byOwners: condition(owners, OWNERS_THRESHOLD), byArea: condition(area, OWNERS_THRESHOLD) }
      : null
  const met =
    deliveredCondition.met &&
    (ownersCondition === null || ownersCondition.byOwners.met || ownersCondition.byArea.met)
  return { owners, area, delivered, deliveredCondition, ownersCondition, met, unknownUnits }
}

// ---- the group's composition (§7.2) -------------------------------------------------------------------------------

export type GroupKind = 'preparatory' | 're_election'
export const GROUP_KINDS: readonly GroupKind[] = ['preparatory', 're_election']

export type MemberKind = 'owner_representative' | 'developer' | 'street_office' | 'residents_committee'
export const MEMBER_KINDS: readonly MemberKind[] = [
  'owner_representative',
  'developer',
  'street_office',
  'residents_committee',
]

export interface MemberInput {
  readonly name: string
  readonly kind: MemberKind
  readonly leader: boolean
  /** The unit an owner representative owns (on the roll). */
  readonly unit?: string | undefined
}

export type CompositionProblem =
  | { readonly code: 'no_members' }
  | { readonly code: 'even_member_count'; readonly members: number }
  | { readonly code: 'owner_representatives_below_half'; readonly owners: number; readonly members: number }
  | { readonly code: 'no_leader' }
  | { readonly code: 'several_leaders'; readonly leaders: readonly number[] }
  | { readonly code: 'leader_not_street_office'; readonly member: number }
  | { readonly code: 'street_office_missing' }
  | { readonly code: 'developer_missing' }
  | { readonly code: 'residents_committee_missing' }
  | { readonly code: 'owner_unit_missing'; readonly member: number }
  | { readonly code: 'owner_unit_not_on_roll'; readonly member: number; readonly unit: string }
  | { readonly code: 'unit_of_non_owner'; readonly member: number }
  | { readonly code: 'duplicate_member'; readonly member: number }

/**
 * Every problem of a group's members (上海 art. 15; domain §7.2): an odd number of members; owner representatives
 * at least half of them (2·owners ≥ members: exactly half is enough); exactly one leader, the street office's
 * representative; a developer representative and a residents' committee representative. A re-election group
 * (换届小组, 上海 art. 28–29) is formed the same way. Members are numbered from 0 in the order given. `rollUnits`,
 * when given, are the units of the roll an owner representative's unit must be one of.
 */
export function checkComposition(
  members: readonly MemberInput[],
  rollUnits?: ReadonlySet<string>,
): CompositionProblem[] {
  if (members.length === 0) return [{ code: 'no_members' }]
  const problems: CompositionProblem[] = []
  if (members.length % 2 === 0) problems.push({ code: 'even_member_count', members: members.length })
  const owners = members.filter((m) => m.kind === 'owner_representative').length
  if (2 * owners < members.length)
    problems.push({ code: 'owner_representatives_below_half', owners, members: members.length })
  const leaders = members.flatMap((m, i) => (m.leader ? [i] : []))
  if (leaders.length === 0) problems.push({ code: 'no_leader' })
  else if (leaders.length > 1) problems.push({ code: 'several_leaders', leaders })
  for (const i of leaders)
    if (members[i]?.kind !== 'street_office') problems.push({ code: 'leader_not_street_office', member: i })
  const has = (k: MemberKind) => members.some((m) => m.kind === k)
  if (!has('street_office')) problems.push({ code: 'street_office_missing' })
  if (!has('developer')) problems.push({ code: 'developer_missing' })
  if (!has('residents_committee')) problems.push({ code: 'residents_committee_missing' })
  const seen = new Set<string>()
  members.forEach((m, i) => {
    const unit = m.unit?.trim() ?? ''
    if (m.kind === 'owner_representative') {
      if (unit === '') problems.push({ code: 'owner_unit_missing', member: i })
      else if (rollUnits && !rollUnits.has(unit))
        problems.push({ code: 'owner_unit_not_on_roll', member: i, unit })
    } else if (unit !== '') problems.push({ code: 'unit_of_non_owner', member: i })
    const key = `${m.kind}|${m.name.normalize('NFKC').trim()}|${unit}`
    if (seen.has(key)) problems.push({ code: 'duplicate_member', member: i })
    seen.add(key)
  })
  return problems
}

// ---- the statutory clocks (§7, §8) --------------------------------------------------------------------------------

/** 上海 art. 15: the street office forms the preparatory group within 60 days of the application. */
export const GROUP_FORMATION_DAYS = 60
/** domain §7.2: the member list is published within 7 days of the group's formation. */
export const MEMBER_LIST_DAYS = 7
/** 物业管理条例 art. 14 with domain §6.1/§7.3: everything for the first meeting 15 days before voting opens. */
export const PUBLICATION_DAYS = 15
/** domain §7.4: the first meeting within 90 days of the group's formation (北京: 60 — the setting below). */
export const FIRST_MEETING_DAYS = 90
export const FIRST_MEETING_DAYS_BEIJING = 60
/** domain §7.5: the committee meets within 7 days of the election to choose chair and vice-chair. */
export const SEATING_DAYS = 7
/** 上海 art. 21: chair, vice-chair and members announced within 3 days of the election. */
export const ANNOUNCEMENT_DAYS = 3
/** 上海 art. 23: filing with the street office within 30 days of the election. */
export const FILING_DAYS = 30
/** 上海 art. 29: records, seals and the roll handed over within 10 days of the re-election group's formation. */
export const HANDOVER_DAYS = 10

export type ClockName =
  | 'group_formation'
  | 'member_list'
  | 'publication'
  | 'first_meeting'
  | 'seating'
  | 'announcement'
  | 'filing'
  | 'handover'

export type ClockStatus = 'running' | 'met' | 'overdue'

export interface Clock {
  readonly name: ClockName
  /** The end of the period: 24:00 China time of `lastDay` (民法典 art. 203), epoch ms. */
  readonly due: number
  /** The period's last day (YYYY-MM-DD, China), after a public holiday moved it. */
  readonly lastDay: string
  readonly status: ClockStatus
  /** When it was met (on time or late: a late one stays `overdue`, with the day it was done). */
  readonly metOn?: number
  /** Running: whole days left after today up to and including the last day (0 on the last day itself). */
  readonly daysLeft?: number
}

const DAY = 86_400_000
const OFFSET = 8 * 3_600_000
const dayIndex = (at: number) => Math.floor((at + OFFSET) / DAY)

/**
 * One statutory clock: `days` days from the event at `from` (民法典 art. 201: the day of the event is not counted;
 * art. 203: the period ends at 24:00 of its last day, moved past a public holiday). Done before the end is `met`;
 * done at or after it, or not done by `now` when the end has passed, is `overdue`.
 */
export function clock(
  name: ClockName,
  from: number,
  days: number,
  doneAt: number | undefined,
  now: number,
  holidays: HolidayTable = NO_HOLIDAYS,
): Clock {
  const end = legalPeriodEnd(from, days, holidays)
  return clockWithEnd(name, end.at, end.lastDay, doneAt, now)
}

function clockWithEnd(
  name: ClockName,
  due: number,
  lastDay: string,
  doneAt: number | undefined,
  now: number,
): Clock {
  if (doneAt !== undefined)
    return { name, due, lastDay, status: doneAt < due ? 'met' : 'overdue', metOn: doneAt }
  if (now >= due) return { name, due, lastDay, status: 'overdue' }
  return { name, due, lastDay, status: 'running', daysLeft: dayIndex(due - 1) - dayIndex(now) }
}

/**
 * The publication clock of the first meeting: everything (roll, draft rules and covenant, candidates, the election
 * method) published 15 days before it — with the day of publication not counted, so at the latest on the day whose
 * next 15 days end before voting opens (calendar.earliestOpening). Met by the meeting's notice.
 */
export function publicationClock(opensAt: number, noticedAt: number | undefined, now: number): Clock {
  // The last day L with earliestOpening(L) = start(L) + 16 days ≤ opensAt.
  const last = dayIndex(opensAt) - (PUBLICATION_DAYS + 1)
  const due = (last + 1) * DAY - OFFSET
  return clockWithEnd('publication', due, chinaDate(due - 1), noticedAt, now)
}

/** What the clocks are computed from: the dated steps of one group, as recorded. */
export interface FormationDates {
  readonly kind: GroupKind
  /** The application's day (preparatory groups). */
  readonly appliedAt?: number | undefined
  readonly formedAt?: number | undefined
  readonly membersPublishedAt?: number | undefined
  /** The designated first meeting. */
  readonly meeting?:
    | {
        readonly opensAt: number
        readonly noticedAt?: number | undefined
        /**
         * When the meeting was held: its voting opened (a written consultation is held over its window; the
         * meeting is "held" for the 90-day clock once owners can vote, not when it is merely noticed).
         */
        readonly heldAt?: number | undefined
      }
    | undefined
  /** When the election that formed the assembly became final. */
  readonly electedAt?: number | undefined
  readonly seatedAt?: number | undefined
  readonly announcedAt?: number | undefined
  readonly filedAt?: number | undefined
  /** Re-election: the day each item was handed over. */
  readonly handover?: Readonly<Partial<Record<HandoverItem, number>>> | undefined
}

export interface ClockSettings {
  /** Days for the first meeting after the group's formation: 90, or 60 under 北京 rules. */
  readonly firstMeetingDays: number
  readonly holidays?: HolidayTable
}

export const DEFAULT_CLOCK_SETTINGS: ClockSettings = { firstMeetingDays: FIRST_MEETING_DAYS }

export type HandoverItem = 'records' | 'seals' | 'roll'
export const HANDOVER_ITEMS: readonly HandoverItem[] = ['records', 'seals', 'roll']

/** Every clock that has started, in the order of the steps. */
export function formationClocks(
  d: FormationDates,
  now: number,
  settings: ClockSettings = DEFAULT_CLOCK_SETTINGS,
): Clock[] {
  const h = settings.holidays ?? NO_HOLIDAYS
  const clocks: Clock[] = []
  if (d.kind === 'preparatory' && d.appliedAt !== undefined)
    clocks.push(clock('group_formation', d.appliedAt, GROUP_FORMATION_DAYS, d.formedAt, now, h))
  if (d.formedAt === undefined) return clocks
  clocks.push(clock('member_list', d.formedAt, MEMBER_LIST_DAYS, d.membersPublishedAt, now, h))
  if (d.kind === 're_election') {
    const done = HANDOVER_ITEMS.map((i) => d.handover?.[i])
    const all = done.every((x) => x !== undefined) ? Math.max(...(done as number[])) : undefined
    clocks.push(clock('handover', d.formedAt, HANDOVER_DAYS, all, now, h))
  }
  if (d.meeting) clocks.push(publicationClock(d.meeting.opensAt, d.meeting.noticedAt, now))
  clocks.push(clock('first_meeting', d.formedAt, settings.firstMeetingDays, d.meeting?.heldAt, now, h))
  if (d.electedAt !== undefined) {
    clocks.push(clock('seating', d.electedAt, SEATING_DAYS, d.seatedAt, now, h))
    clocks.push(clock('announcement', d.electedAt, ANNOUNCEMENT_DAYS, d.announcedAt, now, h))
    clocks.push(clock('filing', d.electedAt, FILING_DAYS, d.filedAt, now, h))
  }
  return clocks
}

// ---- the first meeting and its outcome (§7.4) ---------------------------------------------------------------------

/**
 * Which matters of the group's meeting carry the formation: matter ids of the meeting. A preparatory group's first
 * meeting adopts the rules of procedure and the management covenant (domain §7.4); a re-election group's meeting
 * elects the new committee of an assembly that has them already (domain §8, 上海 art. 28–29), so it names them only
 * when it puts them to the vote again.
 */
export interface FirstMeetingMatters {
  readonly rulesOfProcedure?: string | undefined
  readonly managementCovenant?: string | undefined
  readonly maintenanceFundCovenant?: string | undefined
  readonly election: string
}

export type DesignationProblem =
  | { readonly code: 'matter_required'; readonly role: 'rulesOfProcedure' | 'managementCovenant' }
  | { readonly code: 'matter_missing'; readonly role: keyof FirstMeetingMatters; readonly matter: string }
  | {
      readonly code: 'matter_kind_wrong'
      readonly role: keyof FirstMeetingMatters
      readonly matter: string
      readonly kind: string
      readonly expected: readonly MatterKind[]
    }
  | { readonly code: 'matter_twice'; readonly matter: string }

const EXPECTED: Readonly<Record<keyof FirstMeetingMatters, readonly MatterKind[]>> = {
  rulesOfProcedure: ['rules_of_procedure'],
  managementCovenant: ['management_covenant'],
  // The maintenance-fund covenant (维修资金管理规约) has no kind of its own in 民法典 art. 278: it is put as a
  // resolution about the fund, or as another major matter.
  maintenanceFundCovenant: ['use_maintenance_fund', 'raise_maintenance_fund', 'other_major'],
  election: ['elect_committee'],
}

/**
 * Whether the designated matters exist in the meeting's agenda with the kinds they must have. A preparatory group's
 * first meeting must carry the rules of procedure and the management covenant (domain §7.4: the assembly exists once
 * they pass); a re-election group's may leave them out (domain §8: the assembly and its rules exist).
 */
export function checkDesignation(
  designated: FirstMeetingMatters,
  agenda: readonly { readonly id: string; readonly kind: string }[],
  kind: GroupKind = 'preparatory',
): DesignationProblem[] {
  const problems: DesignationProblem[] = []
  if (kind === 'preparatory')
    for (const role of ['rulesOfProcedure', 'managementCovenant'] as const)
      if (designated[role] === undefined) problems.push({ code: 'matter_required', role })
  const seen = new Set<string>()
  for (const role of Object.keys(EXPECTED) as (keyof FirstMeetingMatters)[]) {
    const id = designated[role]
    if (id === undefined) continue
    if (seen.has(id)) problems.push({ code: 'matter_twice', matter: id })
    seen.add(id)
    const m = agenda.find((x) => x.id === id)
    if (!m) problems.push({ code: 'matter_missing', role, matter: id })
    else if (!(EXPECTED[role] as readonly string[]).includes(m.kind))
      problems.push({ code: 'matter_kind_wrong', role, matter: id, kind: m.kind, expected: EXPECTED[role] })
  }
  return problems
}

/** Why a first meeting did not form the assembly, each named. */
export type OutcomeReason =
  | {
      readonly code: 'rules_of_procedure_not_passed' | 'management_covenant_not_passed'
      readonly matter: string
      readonly outcome: ResolutionResult['outcome'] | 'missing'
    }
  | {
      readonly code: 'committee_not_formed'
      readonly matter: string
      readonly outcome: ElectionResult['outcome'] | 'missing'
      readonly elected: number
      readonly seats: number
      readonly tied: readonly string[]
    }

export type FormationOutcome =
  | {
      readonly outcome: 'assembly_formed'
      readonly elected: readonly string[]
      readonly alternates: readonly string[]
      /** Informative: the optional maintenance-fund covenant's own result. */
      readonly maintenanceFundCovenant: ResolutionResult['outcome'] | 'missing' | null
    }
  | {
      readonly outcome: 'failed'
      readonly reasons: readonly OutcomeReason[]
      readonly maintenanceFundCovenant: ResolutionResult['outcome'] | 'missing' | null
    }

/**
 * The outcome of a final first meeting (domain §7.4): the assembly exists once the rules of procedure and the
 * management covenant pass (those designated: a re-election's meeting may leave them out, domain §8) and a validly
 * formed committee is elected — as the election's result says
 * (`committeeValid`: at least the statutory minimum of members and more than half of the seats, 杭州 art. 27; a tie
 * across the last seat leaves the seat to a run-off). Otherwise every reason is named and the group prepares
 * another meeting. The maintenance-fund covenant is reported, never a condition.
 */
export function formationOutcome(
  designated: FirstMeetingMatters,
  results: readonly MatterResult[],
): FormationOutcome {
  const find = (id: string) => results.find((r) => r.matter === id)
  const resolution = (id: string | undefined) => {
    if (id === undefined) return null
    const r = find(id)
    return r && !isElectionResult(r) ? r.outcome : 'missing'
  }
  const reasons: OutcomeReason[] = []
  for (const [role, code] of [
    ['rulesOfProcedure', 'rules_of_procedure_not_passed'],
    ['managementCovenant', 'management_covenant_not_passed'],
  ] as const) {
    const matter = designated[role]
    if (matter === undefined) continue
    const outcome = resolution(matter) as ResolutionResult['outcome'] | 'missing'
    if (outcome !== 'passed') reasons.push({ code, matter, outcome })
  }
  const e = find(designated.election)
  const election = e && isElectionResult(e) ? e : undefined
  if (!election || !election.committeeValid)
    reasons.push({
      code: 'committee_not_formed',
      matter: designated.election,
      outcome: election?.outcome ?? 'missing',
      elected: election?.elected.length ?? 0,
      seats: election?.seats ?? 0,
      tied: election?.tied ?? [],
    })
  const maintenanceFundCovenant = resolution(designated.maintenanceFundCovenant)
  if (reasons.length > 0 || !election) return { outcome: 'failed', reasons, maintenanceFundCovenant }
  return {
    outcome: 'assembly_formed',
    elected: election.elected,
    alternates: election.alternates,
    maintenanceFundCovenant,
  }
}

// ---- the re-election lock (§8, 上海 art. 28) ----------------------------------------------------------------------

/**
 * 上海 art. 28: from the re-election group's formation until the new committee is filed, the old committee may not
 * put to the assembly the hiring or dismissal of the property manager, a change of fees, major repairs beyond the
 * covenant, or other major matters. On the kinds of 民法典 art. 278(1) (bundle.ts MATTER_KINDS):
 * - property_manager (选聘和解聘物业服务企业或者其他管理人): hiring or dismissing — and the service contract that
 *   fixes the property fees, so a change of fees is this kind too;
 * - use_maintenance_fund (使用建筑物及其附属设施的维修资金): the major repairs paid from the fund;
 * - raise_maintenance_fund (筹集维修资金): a change of the owners' contributions, a fee;
 * - rebuild (改建、重建建筑物及其附属设施) and common_parts_use (改变共有部分的用途或者利用共有部分从事经营活动):
 *   major matters by the statute's own weight (the 3/4 kinds of art. 278(2));
 * - other_major (有关共有和共同管理权利的其他重大事项): named by the article itself.
 * Not locked: elect_committee (the re-election is the point of the period), and the rules of procedure and the
 * management covenant, which the new term may need to adopt with its election.
 */
export const REELECTION_LOCKED_KINDS: readonly MatterKind[] = [
  'property_manager',
  'use_maintenance_fund',
  'raise_maintenance_fund',
  'rebuild',
  'common_parts_use',
  'other_major',
]

/** The matters a re-election lock refuses, in agenda order. */
export function lockedMatters<M extends { readonly kind: string }>(matters: readonly M[]): M[] {
  return matters.filter((m) => (REELECTION_LOCKED_KINDS as readonly string[]).includes(m.kind))
}

// ---- the filing (§7.6, §8) ----------------------------------------------------------------------------------------

/** domain §8: a term lasts at most 5 years (上海: 3–5). */
export const MAX_TERM_YEARS = 5

export type TermProblem =
  | { readonly code: 'term_date_invalid'; readonly field: 'start' | 'end' }
  | { readonly code: 'term_end_not_after_start' }
  | { readonly code: 'term_too_long'; readonly latestEnd: string }

/** The same day `years` later (29 February → 28 February in a common year). */
export function addYears(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) + years
  const rest = date.slice(4)
  const candidate = `${String(y).padStart(4, '0')}${rest}`
  return isChinaDate(candidate) ? candidate : `${String(y).padStart(4, '0')}-02-28`
}

/** A term's dates (YYYY-MM-DD): the end after the start, and at most 5 years after it (the same day 5 years on). */
export function checkTerm(start: string, end: string): TermProblem[] {
  const problems: TermProblem[] = []
  if (!isChinaDate(start)) problems.push({ code: 'term_date_invalid', field: 'start' })
  if (!isChinaDate(end)) problems.push({ code: 'term_date_invalid', field: 'end' })
  if (problems.length > 0) return problems
  if (end <= start) return [{ code: 'term_end_not_after_start' }]
  const latestEnd = addYears(start, MAX_TERM_YEARS)
  if (end > latestEnd) return [{ code: 'term_too_long', latestEnd }]
  return []
}

// ---- the state of the formation -------------------------------------------------------------------------------

export type FormationStage =
  | 'none'
  | 'applied'
  | 'group_formed'
  | 'first_meeting_designated'
  | 'assembly_formed'
  | 'meeting_failed'
  | 'filed'

/** The stage a group (or only an application) is at, from what was recorded. */
export function formationStage(s: {
  readonly applied: boolean
  readonly formed: boolean
  readonly designated: boolean
  readonly outcome: FormationOutcome['outcome'] | undefined
  readonly filed: boolean
}): FormationStage {
  if (s.filed) return 'filed'
  if (s.outcome === 'assembly_formed') return 'assembly_formed'
  if (s.outcome === 'failed') return 'meeting_failed'
  if (s.designated) return 'first_meeting_designated'
  if (s.formed) return 'group_formed'
  return s.applied ? 'applied' : 'none'
}

// ---- the filing from the committee's term (§7.6) ---------------------------------------------------------------

/** What the committee's term records (domain §8), as the filing takes it. */
export interface TermOfRecord {
  readonly number: number
  readonly startsOn: string
  readonly endsOn: string
  /** The chair's full name; null until the committee's 选举主任、副主任 passed. */
  readonly chair: string | null
}

/** What the street office typed on the filing form; every field may be left to the term. */
export interface TypedFiling {
  readonly term?: number | undefined
  readonly termStart?: string | undefined
  readonly termEnd?: string | undefined
  readonly chair?: string | undefined
}

export interface FilingContradiction {
  readonly field: 'term' | 'termStart' | 'termEnd' | 'chair'
  readonly typed: string | number
  readonly recorded: string | number | null
}

const sameName = (a: string, b: string) => a.normalize('NFKC').trim() === b.normalize('NFKC').trim()

/**
 * The filing's facts against the committee's term (上海 art. 23: the street office files 届别, the term and the
 * chair; domain §8: the term is the committee's record). A field left out takes the term's; a field typed must say
 * the same (a name compared as written, ignoring width and surrounding spaces), else it is named.
 */
export function filingContradictions(typed: TypedFiling, term: TermOfRecord): FilingContradiction[] {
  const out: FilingContradiction[] = []
  if (typed.term !== undefined && typed.term !== term.number)
    out.push({ field: 'term', typed: typed.term, recorded: term.number })
  if (typed.termStart !== undefined && typed.termStart !== term.startsOn)
    out.push({ field: 'termStart', typed: typed.termStart, recorded: term.startsOn })
  if (typed.termEnd !== undefined && typed.termEnd !== term.endsOn)
    out.push({ field: 'termEnd', typed: typed.termEnd, recorded: term.endsOn })
  if (typed.chair !== undefined && (term.chair === null || !sameName(typed.chair, term.chair)))
    out.push({ field: 'chair', typed: typed.chair, recorded: term.chair })
  return out
}
