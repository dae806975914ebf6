/**
 * The tally: a pure function of (electorate, matter, ballots) → result, in the shape of the results bundle's
 * output part (results-bundle.md rules 3–5, domain.md §§4–5). No I/O, no clock; integers only. One pass over
 * the ballots per matter, Map look-ups, nothing quadratic.
 *
 * The electorate comes from `deriveElectorate` (voting-rights.ts) for the matter's scope; ballots name their voter
 * by the voter key that function assigns (the same key in every scope, since voters are owner sets). A ballot for
 * a voter outside the electorate, or two ballots for one voter, are not data but a broken caller: they throw.
 */
import type {
  ApprovalMet,
  CandidateTally,
  Choice,
  DeemedResult,
  ElectionChoice,
  ElectionMatter,
  ElectionOutcome,
  ElectionRankBy,
  Matter,
  MatterResult,
  Participation,
  ResolutionMatter,
  ResolutionOutcome,
  ResolutionResult,
  ElectionResult,
  Tally,
} from './bundle'
import { isElection, isInvalidChoice } from './bundle'
import { meets, ruleOf } from './thresholds'
import type { Electorate, Weight } from './voting-rights'

/** One voter's choice on one matter. `voter` is the voter key (voting-rights.ts `voterKeyOf`). */
export interface MatterBallot {
  readonly voter: string
  readonly choice: Choice
}

export interface TallyOptions {
  /** 视为同意 (rule 5): off by default, never applied to elections. */
  readonly deemedConsent?: boolean
  /** Voter keys with recorded service evidence (送达), for deemed consent. */
  readonly served?: ReadonlySet<string>
  /** Ranking of qualified candidates; default heads then area. */
  readonly electionRankBy?: ElectionRankBy
}

export type TallyErrorCode = 'not_in_electorate' | 'double_vote' | 'wrong_choice_form'

/** A caller error: the ballots do not fit the electorate or the matter. Never thrown for an invalid choice. */
export class TallyError extends Error {
  constructor(
    readonly code: TallyErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'TallyError'
  }
}

// ---- Electorate index and ballot columns -----------------------------------------------------------------------

interface Index {
  readonly position: ReadonlyMap<string, number>
  readonly area: Float64Array
}

// Memoised per electorate object: several matters of one meeting share the meeting-wide electorate. A WeakMap
// keeps this pure (no observable state) and lets the electorate be collected.
const indexCache = new WeakMap<Electorate, Index>()

function indexOf(electorate: Electorate): Index {
  let idx = indexCache.get(electorate)
  if (!idx) {
    const position = new Map<string, number>()
    const area = new Float64Array(electorate.voters.length)
    electorate.voters.forEach((v, i) => {
      position.set(v.key, i)
      area[i] = v.areaCm2
    })
    idx = { position, area }
    indexCache.set(electorate, idx)
  }
  return idx
}

/** voter key → position in `electorate.voters`. */
export function voterPositions(electorate: Electorate): ReadonlyMap<string, number> {
  return indexOf(electorate).position
}

/**
 * The ballots of one matter as two parallel columns: each ballot's voter as a position in `electorate.voters`
 * (see `voterPositions`), and its choice. The fast path for many matters over one electorate: voters are looked
 * up once per meeting instead of once per matter.
 */
export interface BallotColumns {
  readonly positions: ArrayLike<number>
  readonly choices: readonly Choice[]
}

function columnsOf(electorate: Electorate, matter: Matter, ballots: Iterable<MatterBallot>): BallotColumns {
  const { position } = indexOf(electorate)
  const positions: number[] = []
  const choices: Choice[] = []
  for (const b of ballots) {
    const i = position.get(b.voter)
    if (i === undefined) {
      throw new TallyError(
        'not_in_electorate',
        `voter ${b.voter} is not in the electorate of matter "${matter.id}"`,
      )
    }
    positions.push(i)
    choices.push(b.choice)
  }
  return { positions, choices }
}

/** Records each voter once. */
function admit(electorate: Electorate, seen: Uint8Array, i: number, matter: Matter): void {
  if (!(i >= 0 && i < seen.length)) {
    throw new TallyError('not_in_electorate', `voter #${i} is not in the electorate of matter "${matter.id}"`)
  }
  if (seen[i] === 1) {
    const key = electorate.voters[i]?.key
    throw new TallyError('double_vote', `voter ${key} has two ballots for matter "${matter.id}"`)
  }
  seen[i] = 1
}

const weight = (areaCm2: number, heads: number): Weight => ({ areaCm2, heads })

class Acc {
  areaCm2 = 0
  heads = 0
  add(area: number): void {
    this.areaCm2 += area
    this.heads += 1
  }
  get weight(): Weight {
    return weight(this.areaCm2, this.heads)
  }
}

function participationOf(p: Weight, electorate: Weight, matter: Matter): Participation {
  const rule = ruleOf(matter).participation
  // Art. 278(2): 专有部分面积占比三分之二以上的业主且人数占比三分之二以上的业主参与表决 — both dimensions.
  const met = meets(p.areaCm2, electorate.areaCm2, rule) && meets(p.heads, electorate.heads, rule)
  return { areaCm2: p.areaCm2, heads: p.heads, met }
}

function approvalOf(yes: Weight, took: Weight, matter: Matter): ApprovalMet {
  const rule = ruleOf(matter).approval
  return { areaMet: meets(yes.areaCm2, took.areaCm2, rule), headsMet: meets(yes.heads, took.heads, rule) }
}

const sum = (...ws: Weight[]): Weight =>
  ws.reduce((a, w) => weight(a.areaCm2 + w.areaCm2, a.heads + w.heads), weight(0, 0))

// ---- Resolutions -----------------------------------------------------------------------------------------------

function resolutionOutcome(participation: Participation, approval: ApprovalMet): ResolutionOutcome {
  if (!participation.met) return 'no_quorum'
  return approval.areaMet && approval.headsMet ? 'passed' : 'rejected'
}

/**
 * A resolution (art. 278(1) items 一、二、四 to 九). Abstentions and invalid choices took part (they count in P)
 * without approving (not in Y).
 */
export function tallyResolution(
  electorate: Electorate,
  matter: ResolutionMatter,
  ballots: Iterable<MatterBallot>,
  options: TallyOptions = {},
): ResolutionResult {
  return resolutionOf(electorate, matter, columnsOf(electorate, matter, ballots), options)
}

function resolutionOf(
  electorate: Electorate,
  matter: ResolutionMatter,
  ballots: BallotColumns,
  options: TallyOptions,
): ResolutionResult {
  const idx = indexOf(electorate)
  const seen = new Uint8Array(electorate.voters.length)
  const yes = new Acc()
  const no = new Acc()
  const abstain = new Acc()
  const invalid = new Acc()
  const { positions, choices } = ballots
  for (let k = 0; k < choices.length; k++) {
    const i = positions[k] as number
    admit(electorate, seen, i, matter)
    const area = idx.area[i] as number
    const c = choices[k]
    if (c === 'yes') yes.add(area)
    else if (c === 'no') no.add(area)
    else if (c === 'abstain') abstain.add(area)
    else if (isInvalidChoice(c)) invalid.add(area)
    else
      throw new TallyError(
        'wrong_choice_form',
        `a choice for matter "${matter.id}" is not a resolution choice`,
      )
  }
  const tally: Tally = { yes: yes.weight, no: no.weight, abstain: abstain.weight, invalid: invalid.weight }
  const took = sum(tally.yes, tally.no, tally.abstain, tally.invalid)
  const participation = participationOf(took, electorate.totals, matter)
  const approval = approvalOf(tally.yes, took, matter)

  let deemed: DeemedResult | null = null
  if (options.deemedConsent) {
    // Rule 5 / domain.md §4: voters of this electorate with service evidence who did not take part are counted
    // with the majority of those who did — yes if the approval held among the actual participants, else no.
    const d = new Acc()
    for (const key of options.served ?? []) {
      const i = idx.position.get(key)
      if (i !== undefined && seen[i] === 0) d.add(idx.area[i] as number)
    }
    const countedAs = approval.areaMet && approval.headsMet ? 'yes' : 'no'
    const dTally: Tally =
      countedAs === 'yes'
        ? { ...tally, yes: sum(tally.yes, d.weight) }
        : { ...tally, no: sum(tally.no, d.weight) }
    const dTook = sum(took, d.weight)
    const dParticipation = participationOf(dTook, electorate.totals, matter)
    const dApproval = approvalOf(dTally.yes, dTook, matter)
    deemed = {
      voters: d.weight,
      countedAs,
      participation: dParticipation,
      tally: dTally,
      approval: dApproval,
      outcome: resolutionOutcome(dParticipation, dApproval),
    }
  }

  return {
    matter: matter.id,
    kind: matter.kind,
    rule: ruleOf(matter),
    electorate: electorate.totals,
    participation,
    tally,
    approval,
    outcome: resolutionOutcome(participation, approval),
    deemed,
  }
}

// ---- Elections -------------------------------------------------------------------------------------------------

export type ElectionChoiceCheck =
  | { readonly valid: true; readonly candidates: readonly string[] }
  | { readonly valid: false; readonly reason: string }

/**
 * Rule 4 / domain.md §5: a ballot may approve at most `seats` candidates, each once, from the list; otherwise the
 * choice is invalid for this matter — it took part and approves nobody. Recorded, never silently repaired.
 */
export function checkElectionChoice(matter: ElectionMatter, choice: ElectionChoice): ElectionChoiceCheck {
  if (isInvalidChoice(choice)) return { valid: false, reason: choice.invalid }
  if (choice.length > matter.seats) {
    return { valid: false, reason: `approves ${choice.length} candidates for ${matter.seats} seats` }
  }
  const known = new Set(matter.candidates.map((c) => c.id))
  const seen = new Set<string>()
  for (const id of choice) {
    if (!known.has(id)) return { valid: false, reason: `unknown candidate "${id}"` }
    if (seen.has(id)) return { valid: false, reason: `candidate "${id}" approved twice` }
    seen.add(id)
  }
  return { valid: true, candidates: choice }
}

/** Rank key comparison, descending: heads then area, or area then heads. 0 means tied on both. */
function rankCompare(rankBy: ElectionRankBy): (a: Weight, b: Weight) => number {
  return rankBy === 'area'
    ? (a, b) => b.areaCm2 - a.areaCm2 || b.heads - a.heads
    : (a, b) => b.heads - a.heads || b.areaCm2 - a.areaCm2
}

/**
 * A committee election (art. 278(1) item 三; domain.md §5): approval ballots for up to `seats` candidates; each
 * candidate must have more than half of the participating area AND headcount (过半数); the qualified are ranked
 * and fill the seats from the top. A tie on both keys across the last seat is reported in `tied` and never broken
 * (a run-off decides: 上海 practice).
 */
export function tallyElection(
  electorate: Electorate,
  matter: ElectionMatter,
  ballots: Iterable<MatterBallot>,
  options: TallyOptions = {},
): ElectionResult {
  return electionOf(electorate, matter, columnsOf(electorate, matter, ballots), options)
}

function electionOf(
  electorate: Electorate,
  matter: ElectionMatter,
  ballots: BallotColumns,
  options: TallyOptions,
): ElectionResult {
  const idx = indexOf(electorate)
  const seen = new Uint8Array(electorate.voters.length)
  const n = matter.candidates.length
  const candidateIndex = new Map<string, number>()
  matter.candidates.forEach((c, i) => candidateIndex.set(c.id, i))
  const candArea = new Array<number>(n).fill(0)
  const candHeads = new Array<number>(n).fill(0)
  // Ballot stamp per candidate, to find a repeated id in one pass without allocating a Set per ballot.
  const stamp = new Int32Array(n).fill(-1)
  const took = new Acc()
  const invalid = new Acc()
  let ballotNo = 0

  const { positions, choices } = ballots
  for (let k = 0; k < choices.length; k++) {
    const i = positions[k] as number
    admit(electorate, seen, i, matter)
    const area = idx.area[i] as number
    took.add(area)
    const c = choices[k] as Choice
    if (isInvalidChoice(c)) {
      invalid.add(area)
      continue
    }
    if (!Array.isArray(c)) {
      throw new TallyError(
        'wrong_choice_form',
        `a choice for matter "${matter.id}" is not an election choice`,
      )
    }
    ballotNo++
    let valid = c.length <= matter.seats
    for (let k = 0; valid && k < c.length; k++) {
      const ci = candidateIndex.get(c[k] as string)
      if (ci === undefined || stamp[ci] === ballotNo) valid = false
      else stamp[ci] = ballotNo
    }
    if (!valid) {
      invalid.add(area)
      continue
    }
    for (const id of c as readonly string[]) {
      const ci = candidateIndex.get(id) as number
      candArea[ci] = (candArea[ci] as number) + area
      candHeads[ci] = (candHeads[ci] as number) + 1
    }
  }

  const p = took.weight
  const participation = participationOf(p, electorate.totals, matter)
  const approvalRule = ruleOf(matter).approval
  const candidates: CandidateTally[] = matter.candidates.map((c, i) => {
    const areaCm2 = candArea[i] as number
    const heads = candHeads[i] as number
    // 过半数 of the participating area and of the participating headcount (or the stricter rule of procedure).
    const qualified = meets(areaCm2, p.areaCm2, approvalRule) && meets(heads, p.heads, approvalRule)
    return { id: c.id, areaCm2, heads, qualified }
  })

  const base = {
    matter: matter.id,
    kind: matter.kind,
    seats: matter.seats,
    electorate: electorate.totals,
    participation,
    invalid: invalid.weight,
    candidates,
  }
  if (!participation.met) {
    return {
      ...base,
      elected: [],
      tied: [],
      alternates: [],
      vacantSeats: matter.seats,
      committeeValid: false,
      outcome: 'no_quorum',
    }
  }

  const cmp = rankCompare(options.electionRankBy ?? 'heads')
  // Array.prototype.sort is stable: candidates equal on both keys keep the matter's order.
  const ranked = candidates.filter((c) => c.qualified).sort(cmp)
  let elected: readonly CandidateTally[]
  let tied: readonly CandidateTally[] = []
  let rest: readonly CandidateTally[]
  const last = ranked[matter.seats - 1]
  const next = ranked[matter.seats]
  if (last && next && cmp(last, next) === 0) {
    // A tie across the last seat: the whole tied group is left out of the contested seats.
    const first = ranked.findIndex((c) => cmp(c, last) === 0)
    let end = first
    while (end < ranked.length && cmp(ranked[end] as CandidateTally, last) === 0) end++
    elected = ranked.slice(0, first)
    tied = ranked.slice(first, end)
    rest = ranked.slice(end)
  } else {
    elected = ranked.slice(0, matter.seats)
    rest = ranked.slice(matter.seats)
  }
  const alternates = rest.slice(0, matter.alternatesCap ?? matter.seats)
  // Seats contested by a tie are not vacant: a run-off fills them.
  const vacantSeats = tied.length > 0 ? 0 : matter.seats - elected.length
  const minMembers = matter.minMembers ?? Math.min(5, matter.seats)
  // 杭州 art. 27: validly formed only with at least the statutory minimum and more than half of the seats.
  const committeeValid = elected.length >= minMembers && 2 * elected.length > matter.seats
  const outcome: ElectionOutcome =
    elected.length === matter.seats ? 'elected' : elected.length === 0 ? 'none_elected' : 'partially_elected'
  return {
    ...base,
    elected: elected.map((c) => c.id),
    tied: tied.map((c) => c.id),
    alternates: alternates.map((c) => c.id),
    vacantSeats,
    committeeValid,
    outcome,
  }
}

/** Tallies one matter of either kind. */
export function tallyMatter(
  electorate: Electorate,
  matter: Matter,
  ballots: Iterable<MatterBallot>,
  options: TallyOptions = {},
): MatterResult {
  return tallyColumns(electorate, matter, columnsOf(electorate, matter, ballots), options)
}

/** Tallies one matter from ballot columns (positions from `voterPositions(electorate)`). */
export function tallyColumns(
  electorate: Electorate,
  matter: Matter,
  ballots: BallotColumns,
  options: TallyOptions = {},
): MatterResult {
  return isElection(matter)
    ? electionOf(electorate, matter, ballots, options)
    : resolutionOf(electorate, matter, ballots, options)
}
