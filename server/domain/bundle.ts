/**
 * The results bundle, format `gongjue.results/1` (results-bundle.md): one JSON file holding the electorate, the
 * matters, the ballots and the results of one meeting, so that anyone can recompute the results offline. These are
 * the types of a bundle that passed `validateBundle`; the same types are the tally engine's input and output.
 */
import type { RollUnit, Scope, UnitKind, Weight } from './voting-rights'

export type { RollUnit, Scope, UnitKind, Weight }

export const BUNDLE_FORMAT = 'gongjue.results/1'

/** The eight kinds of 民法典 art. 278(1) decided by a yes/no resolution (items 一、二、四 to 九). */
export type ResolutionKind =
  | 'rules_of_procedure'
  | 'management_covenant'
  | 'property_manager'
  | 'use_maintenance_fund'
  | 'raise_maintenance_fund'
  | 'rebuild'
  | 'common_parts_use'
  | 'other_major'

/** Art. 278(1)(三): 选举业主委员会或者更换业主委员会成员. */
export type ElectionKind = 'elect_committee'

export type MatterKind = ResolutionKind | ElectionKind

export const RESOLUTION_KINDS: readonly ResolutionKind[] = [
  'rules_of_procedure',
  'management_covenant',
  'property_manager',
  'use_maintenance_fund',
  'raise_maintenance_fund',
  'rebuild',
  'common_parts_use',
  'other_major',
]

export const MATTER_KINDS: readonly MatterKind[] = [...RESOLUTION_KINDS, 'elect_committee']

/**
 * A threshold `num/den` on a share Y/P: met when `den·Y > num·P` (strict, "超过"/"过半数") or `den·Y ≥ num·P`
 * (not strict, "以上", which includes the number itself: 民法典 art. 1259). Integers only.
 */
export interface Fraction {
  readonly num: number
  readonly den: number
  readonly strict: boolean
}

export type ElectionRankBy = 'heads' | 'area'

export interface Settings {
  /** Do parking-kind units count (指导规则 art. 25). Default false. */
  readonly countParking: boolean
  /** 视为同意 (domain.md §4). Default false; never applies to elections. */
  readonly deemedConsent: boolean
  /** Rank qualified candidates by heads then area (default) or area then heads (domain.md §5). */
  readonly electionRankBy: ElectionRankBy
}

export const DEFAULT_SETTINGS: Settings = {
  countParking: false,
  deemedConsent: false,
  electionRankBy: 'heads',
}

interface MatterBase {
  readonly id: string
  readonly title: string
  /** A matter may be put to part of the estate only (上海 art. 69): its electorate is that part alone. */
  readonly scope?: Scope
  /** A stricter participation threshold than the law's 2/3 (never looser). */
  readonly participation?: Fraction
  /** A stricter approval threshold than the law's rule for the kind (never looser). */
  readonly approval?: Fraction
}

export interface ResolutionMatter extends MatterBase {
  readonly kind: ResolutionKind
}

export interface Candidate {
  readonly id: string
  readonly name: string
}

export interface ElectionMatter extends MatterBase {
  readonly kind: ElectionKind
  readonly seats: number
  /** The statutory minimum of members for a validly formed committee; default min(5, seats). */
  readonly minMembers?: number
  /** At most this many alternates (候补); default seats. */
  readonly alternatesCap?: number
  readonly candidates: readonly Candidate[]
}

export type Matter = ResolutionMatter | ElectionMatter

/** A choice recorded as invalid (e.g. two boxes ticked on paper): it took part, approving nothing. */
export interface InvalidChoice {
  readonly invalid: string
}

export type ResolutionChoice = 'yes' | 'no' | 'abstain' | InvalidChoice
/** Approved candidate ids. Over-voting, repeated or unknown ids make the choice invalid at tally time (rule 4). */
export type ElectionChoice = readonly string[] | InvalidChoice
export type Choice = ResolutionChoice | ElectionChoice

export type Channel = 'online' | 'paper' | 'proxy' | 'in_person'
export const CHANNELS: readonly Channel[] = ['online', 'paper', 'proxy', 'in_person']

export interface Ballot {
  /** Any unit of the voter: it identifies the voter. */
  readonly unit: string
  readonly channel: Channel
  /** Informative. */
  readonly receipt?: string
  /** matter id → choice. */
  readonly choices: Readonly<Record<string, Choice>>
}

export interface BundleInput {
  readonly format: typeof BUNDLE_FORMAT
  /** Informative. */
  readonly estate?: { readonly id?: string; readonly name?: string }
  /** Informative. */
  readonly meeting?: {
    readonly id?: string
    readonly title?: string
    readonly opensAt?: string
    readonly closesAt?: string
  }
  /** Always complete after validation (defaults filled in). */
  readonly settings: Settings
  readonly units: readonly RollUnit[]
  readonly matters: readonly Matter[]
  readonly ballots: readonly Ballot[]
  /** Units whose voter has recorded service evidence (for deemed consent). */
  readonly served?: readonly string[]
  /** The published roll version this electorate was frozen from; its hash is recomputed from `units`. */
  readonly roll?: { readonly version: number; readonly sha256: string }
}

export interface Bundle extends BundleInput {
  /** The published results as found in the file; compared with the recomputation, never trusted. */
  readonly results?: readonly unknown[]
}

// ---- Output part ----------------------------------------------------------------------------------------------

export interface Participation extends Weight {
  readonly met: boolean
}

export interface Tally {
  readonly yes: Weight
  readonly no: Weight
  readonly abstain: Weight
  readonly invalid: Weight
}

export interface ApprovalMet {
  readonly areaMet: boolean
  readonly headsMet: boolean
}

export interface Rule {
  readonly participation: Fraction
  readonly approval: Fraction
}

export type ResolutionOutcome = 'passed' | 'rejected' | 'no_quorum'

/**
 * Deemed consent (视为同意, rule 5), reported beside the strict result, which stays the result of record: the
 * served voters who did not take part are added to P, and to yes if the approval held among the actual
 * participants, else to no.
 */
export interface DeemedResult {
  /** The deemed voters (served, in the electorate, did not take part). */
  readonly voters: Weight
  readonly countedAs: 'yes' | 'no'
  readonly participation: Participation
  readonly tally: Tally
  readonly approval: ApprovalMet
  readonly outcome: ResolutionOutcome
}

export interface ResolutionResult {
  readonly matter: string
  readonly kind: ResolutionKind
  readonly rule: Rule
  readonly electorate: Weight
  readonly participation: Participation
  readonly tally: Tally
  readonly approval: ApprovalMet
  readonly outcome: ResolutionOutcome
  /** null unless settings.deemedConsent. */
  readonly deemed: DeemedResult | null
}

export interface CandidateTally extends Weight {
  readonly id: string
  readonly qualified: boolean
}

export type ElectionOutcome = 'elected' | 'partially_elected' | 'none_elected' | 'no_quorum'

export interface ElectionResult {
  readonly matter: string
  readonly kind: ElectionKind
  readonly seats: number
  readonly electorate: Weight
  readonly participation: Participation
  readonly invalid: Weight
  /** In the order of the matter's candidates. */
  readonly candidates: readonly CandidateTally[]
  /** Candidate ids in rank order. */
  readonly elected: readonly string[]
  /** Candidates tied on both keys across the last seat: a run-off is needed, the system never breaks the tie. */
  readonly tied: readonly string[]
  readonly alternates: readonly string[]
  readonly vacantSeats: number
  readonly committeeValid: boolean
  readonly outcome: ElectionOutcome
}

export type MatterResult = ResolutionResult | ElectionResult

export const isElection = (m: Matter): m is ElectionMatter => m.kind === 'elect_committee'
export const isElectionResult = (r: MatterResult): r is ElectionResult => r.kind === 'elect_committee'
export const isInvalidChoice = (c: unknown): c is InvalidChoice =>
  typeof c === 'object' && c !== null && !Array.isArray(c) && 'invalid' in c
