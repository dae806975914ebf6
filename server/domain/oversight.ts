/**
 * Oversight across estates (domain §11): what a street office, and a district office above several, sees of each
 * estate — its assembly and committee standing, whether it operates to standard — and the district figures the
 * seed plans set targets for (committees formed in 95% of eligible estates, 75% operating to standard: 嘉定). Pure:
 * every fact and the day are passed in; no floats — a figure is a count over a count, compared exactly.
 */
import { addMonths, reelection } from './committee'
import { chinaDate, isChinaDate } from './calendar'

/** A committee's term as oversight needs it (domain §8). */
export interface TermFacts {
  readonly number: number
  readonly startsOn: string
  readonly endsOn: string
  readonly seats: number
  readonly filled: number
}

/** What is known of one estate, gathered from its records. */
export interface EstateFacts {
  readonly estateId: string
  /** Whether the estate may form an assembly (北京: ≥ 50% of the area delivered); the street office says so. */
  readonly eligible: boolean
  /** Whether its first assembly was formed (domain §7.4: the rules and covenant passed, a committee elected). */
  readonly formed: boolean
  /** A formation in progress: application made, no assembly yet. */
  readonly forming: boolean
  /** The latest term, current or ended; null before the first. */
  readonly term: TermFacts | null
  /** A re-election group (换届小组) is at work (domain §8). */
  readonly reelectionGroup: boolean
  /** Per disclosure kind overdue today, by how many days (disclosures' due list). */
  readonly overdue: readonly { readonly kind: string; readonly days: number }[]
  /** The latest closed satisfaction survey: its last day and whether it met its pass mark (domain §10). */
  readonly latestSurvey: { readonly closesOn: string; readonly passed: boolean } | null
}

/** The criteria of "operating to standard" (domain §11: a setting; these are the defaults it names). */
export interface StandardCriteria {
  /** A committee must be in term. */
  readonly committeeInTerm: boolean
  /** No disclosure overdue by more than this many days. */
  readonly maxOverdueDays: number
  /** A satisfaction survey closed within this many months. */
  readonly surveyWithinMonths: number
}

export const DEFAULT_STANDARD_CRITERIA: StandardCriteria = {
  committeeInTerm: true,
  maxOverdueDays: 30,
  surveyWithinMonths: 12,
}

/** The district targets of the seed plans (嘉定), in whole percent: settings. */
export interface DistrictTargets {
  readonly formationPercent: number
  readonly standardPercent: number
  readonly satisfactionPercent: number
}

export const DEFAULT_DISTRICT_TARGETS: DistrictTargets = {
  formationPercent: 95,
  standardPercent: 75,
  satisfactionPercent: 80,
}

export type CommitteeStanding =
  /** No assembly and no formation under way. */
  | { readonly state: 'none' }
  /** Forming the first assembly (domain §7): the formation's own clocks say what is due. */
  | { readonly state: 'forming' }
  /** In term; `reminderFrom` is when the re-election reminder starts. */
  | { readonly state: 'in_term'; readonly endsOn: string; readonly reminderFrom: string }
  /** In the reminder months before the term ends, no re-election group yet (domain §8). */
  | { readonly state: 'term_ending'; readonly endsOn: string; readonly monthsLeft: number }
  /** A re-election group is at work, the old term still running or ended. */
  | { readonly state: 'reelection'; readonly endsOn: string }
  /** The term ended and no re-election is under way. */
  | { readonly state: 'expired'; readonly endsOn: string }

/**
 * Whole months from `today` to `endsOn` by the corresponding day (民法典 art. 202): 0 in the last month. `today`
 * after `endsOn` gives 0.
 */
export function monthsUntil(today: string, endsOn: string): number {
  if (today >= endsOn) return 0
  let months = 0
  while (addMonths(today, months + 1) <= endsOn) months += 1
  return months
}

/** The estate's assembly and committee standing on the day `at` falls in (China time). */
export function committeeStanding(facts: EstateFacts, reminderMonths: number, at: number): CommitteeStanding {
  const today = chinaDate(at)
  const term = facts.term
  if (!term) return facts.forming ? { state: 'forming' } : { state: 'none' }
  if (facts.reelectionGroup) return { state: 'reelection', endsOn: term.endsOn }
  const r = reelection(term.endsOn, reminderMonths, at)
  if (r.state === 'overdue') return { state: 'expired', endsOn: term.endsOn }
  if (r.state === 'reminder')
    return { state: 'term_ending', endsOn: term.endsOn, monthsLeft: monthsUntil(today, term.endsOn) }
  return { state: 'in_term', endsOn: term.endsOn, reminderFrom: r.remindFrom }
}

/** Whether the term is in force on `today` (its first to its last day, both included). */
export const termInForce = (term: TermFacts | null, today: string): boolean =>
  term !== null && term.startsOn <= today && today <= term.endsOn

export type StandardFailure = 'no_committee_in_term' | 'disclosure_overdue' | 'no_recent_survey'

export interface Standard {
  readonly ok: boolean
  readonly failures: readonly StandardFailure[]
  /** The kinds overdue past the allowed days, worst first. */
  readonly overdueKinds: readonly { readonly kind: string; readonly days: number }[]
}

/**
 * Operating to standard (domain §11): a committee in term, no disclosure overdue by more than `maxOverdueDays`
 * days (exactly that many is still within), and a satisfaction survey closed within the last `surveyWithinMonths`
 * months — on or after the corresponding day that many months before today (民法典 art. 202).
 */
export function operatingToStandard(facts: EstateFacts, criteria: StandardCriteria, today: string): Standard {
  if (!isChinaDate(today)) throw new RangeError(`not a date: ${today}`)
  const failures: StandardFailure[] = []
  if (criteria.committeeInTerm && !termInForce(facts.term, today)) failures.push('no_committee_in_term')
  const overdueKinds = facts.overdue
    .filter((o) => o.days > criteria.maxOverdueDays)
    .sort((a, b) => b.days - a.days || (a.kind < b.kind ? -1 : 1))
  if (overdueKinds.length > 0) failures.push('disclosure_overdue')
  const since = addMonths(today, -criteria.surveyWithinMonths)
  const survey = facts.latestSurvey
  if (!survey || survey.closesOn < since || survey.closesOn > today) failures.push('no_recent_survey')
  return { ok: failures.length === 0, failures, overdueKinds }
}

/** A figure: how many of how many estates, with the estates on each side. */
export interface Figure {
  readonly count: number
  readonly of: number
  readonly estates: readonly string[]
  readonly others: readonly string[]
  /** Whether count/of reaches the target percent exactly (count × 100 ≥ target × of); null with no estate. */
  readonly meetsTarget: boolean | null
}

function figure(
  pool: readonly EstateFacts[],
  hit: (e: EstateFacts) => boolean,
  targetPercent: number,
): Figure {
  const estates = pool.filter(hit).map((e) => e.estateId)
  const others = pool.filter((e) => !hit(e)).map((e) => e.estateId)
  return {
    count: estates.length,
    of: pool.length,
    estates,
    others,
    meetsTarget: pool.length === 0 ? null : estates.length * 100 >= targetPercent * pool.length,
  }
}

export interface DistrictFigures {
  /** Of the eligible estates, those whose assembly is formed. */
  readonly formation: Figure
  /** Of the estates whose assembly is formed, those operating to standard. */
  readonly standard: Figure
  /** Of the estates with a survey within the criteria's months, those whose latest met its pass mark. */
  readonly satisfaction: Figure
}

/** The district (or street office) figures over its estates on `today`. */
export function districtFigures(
  estates: readonly EstateFacts[],
  criteria: StandardCriteria,
  targets: DistrictTargets,
  today: string,
): DistrictFigures {
  const formed = estates.filter((e) => e.formed)
  const since = addMonths(today, -criteria.surveyWithinMonths)
  const surveyed = estates.filter(
    (e) => e.latestSurvey !== null && e.latestSurvey.closesOn >= since && e.latestSurvey.closesOn <= today,
  )
  return {
    formation: figure(
      estates.filter((e) => e.eligible),
      (e) => e.formed,
      targets.formationPercent,
    ),
    standard: figure(formed, (e) => operatingToStandard(e, criteria, today).ok, targets.standardPercent),
    satisfaction: figure(surveyed, (e) => e.latestSurvey?.passed === true, targets.satisfactionPercent),
  }
}
