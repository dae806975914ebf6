/**
 * The owners' committee (业主委员会) after its election (domain.md §8, §5 and §7.5). Pure: no clock, no I/O —
 * every instant and every fact of the roll is passed in.
 *
 * A term (届) is made from an election's result (tally.ts: elected in rank order, alternates in rank order,
 * vacant seats, tied, validly formed); members hold numbered seats with a role (主任 chair, 副主任 vice-chair,
 * 委员 member); the ranked alternates (候补) fill seats that fall vacant. Committee resolutions pass with more than
 * half of ALL members (上海 art. 26), and once fewer than half of the seats are filled the committee can decide
 * nothing and an early re-election is due (上海 art. 32).
 */
import type { ElectionResult } from './bundle'
import {
  chinaDate,
  DAY_MS,
  isChinaDate,
  legalPeriodEnd,
  NO_HOLIDAYS,
  startOfChinaDate,
  type HolidayTable,
} from './calendar'

export type CommitteeRole = 'chair' | 'vice_chair' | 'member'
export const COMMITTEE_ROLES: readonly CommitteeRole[] = ['chair', 'vice_chair', 'member']

/** The estate's rules for its committee (domain §5, §8: settings of the rules of procedure). */
export interface CommitteeSettings {
  /** The shortest term the rules allow, in years (上海: 3); 0 where no minimum applies. */
  readonly minTermYears: number
  /** The longest term, in years: at most 5 everywhere (指导规则 art. 31; 上海 3–5). */
  readonly maxTermYears: number
  /** How many months before the term ends the re-election reminder starts (北京 6, 上海 5, 杭州 3). */
  readonly reminderMonths: number
}

/** The law's outer bound: a term of at most five years (domain §5). A setting may shorten it, never lengthen it. */
export const MAX_TERM_YEARS = 5
export const DEFAULT_COMMITTEE_SETTINGS: CommitteeSettings = {
  minTermYears: 0,
  maxTermYears: MAX_TERM_YEARS,
  reminderMonths: 6,
}
/** The cities' presets (domain §5 and §8). */
export const CITY_COMMITTEE_SETTINGS = {
  beijing: { minTermYears: 0, maxTermYears: 5, reminderMonths: 6 },
  shanghai: { minTermYears: 3, maxTermYears: 5, reminderMonths: 5 },
  hangzhou: { minTermYears: 0, maxTermYears: 5, reminderMonths: 3 },
} as const satisfies Record<string, CommitteeSettings>

/** Seating: the committee meets within 7 days of the election to choose chair and vice-chair (上海 art. 21). */
export const SEATING_DAYS = 7
/** The names of chair, vice-chair and members are announced within 3 days of the election (上海 art. 21). */
export const ANNOUNCEMENT_DAYS = 3
/** A committee resolution and its minutes are published within 3 days of the meeting (指导规则 art. 36; §9). */
export const PUBLICATION_DAYS = 3

// ---- dates: 民法典 art. 202 -------------------------------------------------------------------------------------

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28
  return [4, 6, 9, 11].includes(m) ? 30 : 31
}

/**
 * The date `months` months after (or, negative, before) `date`. 民法典 art. 202: 按照年、月计算期间的，到期月的对应日为期间的
 * 最后一日；没有对应日的，月末日为期间的最后一日 — the corresponding day of the month, or the month's last day when it
 * has none (31 August + 6 months = 28 or 29 February).
 */
export function addMonths(date: string, months: number): string {
  const match = DATE.exec(date)
  if (!match || !isChinaDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`)
  const total = Number(match[1]) * 12 + (Number(match[2]) - 1) + months
  const y = Math.floor(total / 12)
  const m = total - y * 12 + 1
  const d = Math.min(Number(match[3]), daysInMonth(y, m))
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

export const addYears = (date: string, years: number): string => addMonths(date, 12 * years)

// ---- the term --------------------------------------------------------------------------------------------------

export type TermProblem =
  | { readonly code: 'bad_date'; readonly field: 'startsOn' | 'endsOn' }
  | { readonly code: 'ends_before_start' }
  | { readonly code: 'term_too_long'; readonly latest: string; readonly maxYears: number }
  | { readonly code: 'term_too_short'; readonly earliest: string; readonly minYears: number }
  | { readonly code: 'settings_invalid' }

/** Whether the settings are lawful: 0 ≤ min ≤ max ≤ 5 years, a reminder of 1 to 12 months, whole numbers. */
export function settingsLawful(s: CommitteeSettings): boolean {
  const whole = [s.minTermYears, s.maxTermYears, s.reminderMonths].every(Number.isInteger)
  return (
    whole &&
    s.minTermYears >= 0 &&
    s.minTermYears <= s.maxTermYears &&
    s.maxTermYears >= 1 &&
    s.maxTermYears <= MAX_TERM_YEARS &&
    s.reminderMonths >= 1 &&
    s.reminderMonths <= 12
  )
}

/**
 * Checks a term from `startsOn` to `endsOn` (China dates; the term ends at 24:00 of `endsOn`). A term of N years
 * from 1 December 2026 ends at the latest on 1 December 2031 (art. 202: the corresponding day is the last day of
 * the period; the start day is not counted, art. 201). Empty when lawful.
 */
export function checkTerm(startsOn: string, endsOn: string, s: CommitteeSettings): TermProblem[] {
  if (!settingsLawful(s)) return [{ code: 'settings_invalid' }]
  const problems: TermProblem[] = []
  if (!isChinaDate(startsOn)) problems.push({ code: 'bad_date', field: 'startsOn' })
  if (!isChinaDate(endsOn)) problems.push({ code: 'bad_date', field: 'endsOn' })
  if (problems.length > 0) return problems
  if (endsOn <= startsOn) return [{ code: 'ends_before_start' }]
  const latest = addYears(startsOn, s.maxTermYears)
  if (endsOn > latest) problems.push({ code: 'term_too_long', latest, maxYears: s.maxTermYears })
  if (s.minTermYears > 0) {
    const earliest = addYears(startsOn, s.minTermYears)
    if (endsOn < earliest) problems.push({ code: 'term_too_short', earliest, minYears: s.minTermYears })
  }
  return problems
}

/** A person of the election: the candidate's id in the election, their roll owner, unit and name. */
export interface ElectedPerson {
  readonly candidateId: string
  readonly ownerId: number
  readonly unit: string
  readonly name: string
}

export interface SeatPlan {
  readonly seat: number
  readonly person: ElectedPerson
  /** 1 for the best-ranked elected candidate. */
  readonly rank: number
}

export interface TermPlan {
  readonly seats: number
  readonly members: readonly SeatPlan[]
  /** The alternates (候补) in rank order, rank 1 first. */
  readonly alternates: readonly { readonly rank: number; readonly person: ElectedPerson }[]
  /** Seats with nobody in them: left vacant by the election, and those contested by a tie (a run-off fills them). */
  readonly vacantSeats: number
  /** Candidates tied across the last seat: neither members nor alternates until a run-off (上海 practice). */
  readonly tied: readonly ElectedPerson[]
}

export type TermFromElection =
  | { readonly ok: true; readonly plan: TermPlan }
  | { readonly ok: false; readonly code: 'no_quorum' | 'not_validly_formed' | 'unknown_candidate' }

/**
 * The term's members and alternates from an election's result: the elected take seats 1…n in rank order, the
 * alternates keep their rank. Refused unless the election validly formed a committee (杭州 art. 27: at least
 * the statutory minimum and more than half of the seats, tally.ts). Seats contested by a tie are vacant here: the
 * tied candidates are neither members nor alternates until the run-off.
 */
export function termFromElection(
  result: Pick<ElectionResult, 'seats' | 'elected' | 'alternates' | 'tied' | 'committeeValid' | 'outcome'>,
  people: ReadonlyMap<string, ElectedPerson>,
): TermFromElection {
  if (result.outcome === 'no_quorum') return { ok: false, code: 'no_quorum' }
  if (!result.committeeValid) return { ok: false, code: 'not_validly_formed' }
  const find = (ids: readonly string[]) => ids.map((id) => people.get(id))
  const elected = find(result.elected)
  const alternates = find(result.alternates)
  const tied = find(result.tied)
  if ([...elected, ...alternates, ...tied].some((p) => p === undefined))
    return { ok: false, code: 'unknown_candidate' }
  return {
    ok: true,
    plan: {
      seats: result.seats,
      members: (elected as ElectedPerson[]).map((person, i) => ({ seat: i + 1, person, rank: i + 1 })),
      alternates: (alternates as ElectedPerson[]).map((person, i) => ({ rank: i + 1, person })),
      vacantSeats: result.seats - elected.length,
      tied: tied as ElectedPerson[],
    },
  }
}

// ---- resolutions -----------------------------------------------------------------------------------------------

/** 过半数: strictly more than half (`2·yes > of`); exactly half fails. */
export const moreThanHalf = (yes: number, of: number): boolean => 2 * yes > of

/**
 * Whether the committee can decide at all: at least half of its seats filled (上海 art. 32 — "fewer than half of the
 * seats filled" and the committee can no longer decide; an early re-election is due). With 5 seats, 3 filled can
 * decide and 2 cannot; with 7 seats, 4 can and 3 cannot.
 */
export const canDecide = (filled: number, seats: number): boolean => !(2 * filled < seats)

/**
 * Whether the members of a term still sit (domain §8): a term lasts until the next is made from the re-election's
 * election, whatever its end date said (上海 art. 28: the old committee serves until the new one takes over). From
 * then its members no longer sit, and a meeting of that term still open takes no more votes. Terms are compared by
 * 届别 (number): the estate's current term is the one of the highest number.
 */
export const termSits = (termNumber: number, currentTermNumber: number | null): boolean =>
  currentTermNumber !== null && termNumber >= currentTermNumber

export type VoteChoice = 'for' | 'against' | 'abstain'
export const VOTE_CHOICES: readonly VoteChoice[] = ['for', 'against', 'abstain']

export interface ResolutionCount {
  readonly for: number
  readonly against: number
  readonly abstain: number
  /** Seated members who did not vote (absent, or present and silent). */
  readonly notVoting: number
}

export type ResolutionOutcome =
  | { readonly outcome: 'passed'; readonly count: ResolutionCount; readonly needed: number }
  | { readonly outcome: 'rejected'; readonly count: ResolutionCount; readonly needed: number }
  | { readonly outcome: 'below_half'; readonly count: ResolutionCount; readonly needed: number }

/**
 * A committee resolution (上海 art. 26: 经全体委员过半数同意 — more than half of ALL members, not of those present).
 * The votes are those of the seated members; the base is the term's seat count, so a vacant seat counts as a
 * member who did not approve: with 7 seats of which 6 are filled, 4 votes for are still needed. Abstentions and
 * absences approve nothing. A committee with fewer than half of its seats filled decides nothing (上海 art. 32).
 */
export function decideResolution(
  votes: readonly VoteChoice[],
  seated: number,
  seats: number,
): ResolutionOutcome {
  const count: ResolutionCount = {
    for: votes.filter((v) => v === 'for').length,
    against: votes.filter((v) => v === 'against').length,
    abstain: votes.filter((v) => v === 'abstain').length,
    notVoting: Math.max(0, seated - votes.length),
  }
  const needed = Math.floor(seats / 2) + 1
  if (!canDecide(seated, seats)) return { outcome: 'below_half', count, needed }
  return { outcome: moreThanHalf(count.for, seats) ? 'passed' : 'rejected', count, needed }
}

// ---- officers --------------------------------------------------------------------------------------------------

export type OfficersProblem =
  | { readonly code: 'chair_not_seated' }
  | { readonly code: 'vice_chair_not_seated'; readonly member: string }
  | { readonly code: 'no_vice_chair' }
  | { readonly code: 'same_person_twice'; readonly member: string }

/**
 * The proposal of the first committee meeting, 选举主任、副主任: one chair and at least one vice-chair, each a seated
 * member, nobody twice (the chair is not also a vice-chair). Empty when it can be put to the vote.
 */
export function checkOfficers(
  proposal: { readonly chair: string; readonly viceChairs: readonly string[] },
  seated: ReadonlySet<string>,
): OfficersProblem[] {
  const problems: OfficersProblem[] = []
  if (!seated.has(proposal.chair)) problems.push({ code: 'chair_not_seated' })
  if (proposal.viceChairs.length === 0) problems.push({ code: 'no_vice_chair' })
  const seen = new Set([proposal.chair])
  for (const v of proposal.viceChairs) {
    if (!seated.has(v)) problems.push({ code: 'vice_chair_not_seated', member: v })
    if (seen.has(v)) problems.push({ code: 'same_person_twice', member: v })
    seen.add(v)
  }
  return problems
}

/** The roles after a passed 选举主任、副主任: the chair, the vice-chairs, every other seated member 委员. */
export function rolesAfterOfficers(
  seated: readonly string[],
  proposal: { readonly chair: string; readonly viceChairs: readonly string[] },
): ReadonlyMap<string, CommitteeRole> {
  const vice = new Set(proposal.viceChairs)
  return new Map(
    seated.map((m) => [m, m === proposal.chair ? 'chair' : vice.has(m) ? 'vice_chair' : 'member'] as const),
  )
}

// ---- vacancies -------------------------------------------------------------------------------------------------

/** Why a seat fell vacant (domain §8). */
export type VacancyReason = 'resigned' | 'lost_ownership' | 'removed'
export const VACANCY_REASONS: readonly VacancyReason[] = ['resigned', 'lost_ownership', 'removed']

export interface WaitingAlternate {
  readonly id: string
  readonly rank: number
  /** Still an owner on the roll (上海 art. 20: only an owner may sit on the committee). */
  readonly eligible: boolean
}

export interface Filling {
  /** The alternate who takes the seat, or undefined when no eligible alternate is left. */
  readonly seatedBy: string | undefined
  /** Alternates passed over because they are no longer owners: they lapse. */
  readonly lapsed: readonly string[]
  /** Seats filled once the seat is (or is not) filled again. */
  readonly filled: number
  /** Fewer than half of the seats filled: the committee can decide nothing, an early re-election is due. */
  readonly earlyReelectionDue: boolean
}

/**
 * A seat fell vacant: it goes to the first alternate in rank order who is still eligible (still an owner on the
 * roll); those passed over lapse. `filledBefore` counts the seat that just fell vacant as empty already.
 */
export function fillVacancy(
  alternates: readonly WaitingAlternate[],
  filledBefore: number,
  seats: number,
): Filling {
  const ranked = [...alternates].sort((a, b) => a.rank - b.rank)
  const lapsed: string[] = []
  let seatedBy: string | undefined
  for (const a of ranked) {
    if (a.eligible) {
      seatedBy = a.id
      break
    }
    lapsed.push(a.id)
  }
  const filled = filledBefore + (seatedBy === undefined ? 0 : 1)
  return { seatedBy, lapsed, filled, earlyReelectionDue: !canDecide(filled, seats) }
}

/**
 * A removal by the assembly (民法典 art. 278(1)(三) 更换业主委员会成员): put as an elect_committee matter whose
 * candidates are the members put to removal, so that approving a candidate is voting to remove them. A member is
 * removed when the matter met its quorum and their candidacy qualified (more than half of the participating area
 * AND headcount, tally.ts).
 */
export function removalPassed(
  result: Pick<ElectionResult, 'outcome' | 'candidates'>,
  candidateId: string,
): boolean {
  if (result.outcome === 'no_quorum') return false
  return result.candidates.some((c) => c.id === candidateId && c.qualified)
}

// ---- clocks ----------------------------------------------------------------------------------------------------

export type Clock =
  | { readonly state: 'done'; readonly dueAt: number; readonly doneAt: number; readonly late: boolean }
  | { readonly state: 'running'; readonly dueAt: number; readonly daysLeft: number }
  | { readonly state: 'overdue'; readonly dueAt: number; readonly daysOver: number }

/**
 * A statutory clock of `days` days from an event at `from` (民法典 art. 201: the event's day is not counted; art.
 * 203: it ends at 24:00 of the last day, moved past a public holiday). `daysLeft` counts the China days left
 * including today: 1 on the last day.
 */
export function clock(
  from: number,
  days: number,
  now: number,
  doneAt: number | null,
  holidays: HolidayTable = NO_HOLIDAYS,
): Clock {
  const dueAt = legalPeriodEnd(from, days, holidays).at
  if (doneAt !== null) return { state: 'done', dueAt, doneAt, late: doneAt >= dueAt }
  if (now < dueAt) return { state: 'running', dueAt, daysLeft: dayIndex(dueAt - 1) - dayIndex(now) + 1 }
  return { state: 'overdue', dueAt, daysOver: dayIndex(now) - dayIndex(dueAt) + 1 }
}

/** The China calendar day (UTC+8) containing the instant, as a day number. */
const dayIndex = (at: number): number =>
  Math.floor((startOfChinaDate(chinaDate(at)) + 8 * 3_600_000) / DAY_MS)

export type ReelectionState =
  | { readonly state: 'in_term'; readonly remindFrom: string; readonly endsAt: number }
  | {
      readonly state: 'reminder'
      readonly remindFrom: string
      readonly endsAt: number
      readonly daysLeft: number
    }
  | { readonly state: 'overdue'; readonly remindFrom: string; readonly endsAt: number }

/**
 * The re-election reminder (domain §5, §8): from `reminderMonths` months before the term ends (art. 202: the
 * corresponding day) the system reminds; once the term has ended (24:00 of its last day, art. 203) without a new
 * committee the re-election is overdue.
 */
export function reelection(endsOn: string, reminderMonths: number, now: number): ReelectionState {
  const remindFrom = addMonths(endsOn, -reminderMonths)
  const endsAt = startOfChinaDate(endsOn) + DAY_MS
  if (now >= endsAt) return { state: 'overdue', remindFrom, endsAt }
  if (now >= startOfChinaDate(remindFrom))
    return { state: 'reminder', remindFrom, endsAt, daysLeft: dayIndex(endsAt - 1) - dayIndex(now) + 1 }
  return { state: 'in_term', remindFrom, endsAt }
}
