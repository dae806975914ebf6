/**
 * Ballots (domain.md §6.2–6.4): what a submission must contain, how a second submission for the same voter is
 * decided, proxies' directions and caps, and receipt codes. Pure.
 */
import { isElection, isInvalidChoice, type Channel, type Choice, type Matter } from './bundle'
import { code60 } from './crockford'

export type VoteChange = 'final' | 'once_before_close' | 'last_counts'
export type ConflictRule = 'first_valid' | 'online_wins'
export const VOTE_CHANGES: readonly VoteChange[] = ['final', 'once_before_close', 'last_counts']
export const CONFLICT_RULES: readonly ConflictRule[] = ['first_valid', 'online_wins']

export interface ChoiceProblem {
  readonly matter: string
  readonly code:
    | 'unknown_matter'
    | 'not_in_electorate'
    | 'missing_choice'
    | 'invalid_choice'
    | 'too_many_candidates'
    | 'unknown_candidate'
    | 'repeated_candidate'
}

/**
 * Checks the choices of one ballot. A ballot covers exactly the matters whose electorate includes the voter,
 * all at once (§6.2). Online and proxy ballots must be well-formed; paper and in-person entries may record a mark
 * as `{ invalid: reason }` (two boxes ticked, more candidates than seats): it took part and counts as invalid
 * (§4: never silently an abstention).
 */
export function checkChoices(
  matters: readonly Matter[],
  votersMatters: ReadonlySet<string>,
  choices: Readonly<Record<string, Choice>>,
  allowInvalidMarks: boolean,
): ChoiceProblem[] {
  const problems: ChoiceProblem[] = []
  const byId = new Map(matters.map((m) => [m.id, m]))
  for (const id of Object.keys(choices)) {
    if (!byId.has(id)) problems.push({ matter: id, code: 'unknown_matter' })
    else if (!votersMatters.has(id)) problems.push({ matter: id, code: 'not_in_electorate' })
  }
  for (const m of matters) {
    if (!votersMatters.has(m.id)) continue
    const c = choices[m.id]
    if (c === undefined) {
      problems.push({ matter: m.id, code: 'missing_choice' })
      continue
    }
    if (isInvalidChoice(c)) {
      if (!allowInvalidMarks || typeof c.invalid !== 'string' || c.invalid.trim() === '')
        problems.push({ matter: m.id, code: 'invalid_choice' })
      continue
    }
    if (isElection(m)) {
      if (!Array.isArray(c) || c.some((x) => typeof x !== 'string')) {
        problems.push({ matter: m.id, code: 'invalid_choice' })
        continue
      }
      const ids = c as readonly string[]
      const known = new Set(m.candidates.map((x) => x.id))
      if (ids.some((x) => !known.has(x))) problems.push({ matter: m.id, code: 'unknown_candidate' })
      else if (new Set(ids).size !== ids.length) problems.push({ matter: m.id, code: 'repeated_candidate' })
      else if (ids.length > m.seats) problems.push({ matter: m.id, code: 'too_many_candidates' })
    } else if (c !== 'yes' && c !== 'no' && c !== 'abstain') {
      problems.push({ matter: m.id, code: 'invalid_choice' })
    }
  }
  return problems
}

export interface StandingBallot {
  readonly channel: Channel
  /** How many times this voter's ballot has already been changed in this meeting. */
  readonly changes: number
  /** Whether the incoming submission is by the person who cast this ballot (see `samePerson`). */
  readonly samePerson: boolean
}

export type Decision =
  | { readonly action: 'accept' }
  | { readonly action: 'supersede' }
  | { readonly action: 'refuse'; readonly code: 'double_vote' | 'vote_change_used' }

/**
 * A submission for a voter who may already have a valid ballot. Only the person who cast it (or the co-owners'
 * named representative) may change a ballot: one co-owner never supersedes another's, whatever the settings
 * (domain §3, 指导规则 art. 25). Then, within one channel, the meeting's vote-change setting decides (`final` by
 * default — 北京: one vote only; `once_before_close` — 武汉; `last_counts`); across channels the conflict rule
 * decides (§6.3): the first valid ballot counts (default), or an online ballot replaces one from another channel
 * (深圳 2016) — never the other way round. A refused submission is kept as evidence by the caller.
 */
export function decide(
  standing: StandingBallot | null,
  incoming: Channel,
  voteChange: VoteChange,
  conflict: ConflictRule,
): Decision {
  if (standing === null) return { action: 'accept' }
  if (!standing.samePerson) return { action: 'refuse', code: 'double_vote' }
  if (standing.channel !== incoming) {
    if (conflict === 'online_wins' && incoming === 'online') return { action: 'supersede' }
    return { action: 'refuse', code: 'double_vote' }
  }
  switch (voteChange) {
    case 'final':
      return { action: 'refuse', code: 'double_vote' }
    case 'once_before_close':
      return standing.changes >= 1 ? { action: 'refuse', code: 'vote_change_used' } : { action: 'supersede' }
    case 'last_counts':
      return { action: 'supersede' }
  }
}

/** Who submits: the account (online, proxy) or, on paper, nobody the system can name. */
export interface Submitter {
  readonly channel: Channel
  /** `account:<id>` online and by proxy; the entering clerk on paper (not the person who signed it). */
  readonly castBy: string
}

/**
 * Whether an incoming submission is by the person who cast the standing ballot (domain §3 "Co-owned unit": only the
 * same person, or the named representative, may change a ballot). Online and by proxy the account says who cast;
 * a paper ballot's signer is not recorded, so it is taken to be the voter's own only when the voter has a single
 * holder (`sole`: one owner, or their guardian, and no change of hands since notice).
 */
export function samePerson(
  standing: Submitter,
  incoming: Submitter & { readonly sole: boolean; readonly representative: boolean },
): boolean {
  if (incoming.representative) return true
  const byAccount = (s: Submitter) => s.channel === 'online' || s.channel === 'proxy'
  if (byAccount(standing) && byAccount(incoming) && standing.castBy === incoming.castBy) return true
  return incoming.sole
}

/** 潍坊 art. 32: a proxy holder acts for at most this many principals by default. */
export const DEFAULT_PROXY_CAP = 3

/**
 * A directed proxy (上海 art. 18): the holder must vote as the authorisation directs. Returns the matters where
 * the ballot departs from the directions.
 */
export function departuresFromDirections(
  directions: Readonly<Record<string, Choice>>,
  choices: Readonly<Record<string, Choice>>,
): string[] {
  const same = (a: Choice | undefined, b: Choice) =>
    JSON.stringify(normalise(a)) === JSON.stringify(normalise(b))
  return Object.entries(directions)
    .filter(([matter, direction]) => !same(choices[matter], direction))
    .map(([matter]) => matter)
}

function normalise(c: Choice | undefined): unknown {
  return Array.isArray(c) ? [...(c as readonly string[])].sort() : c
}

/**
 * A receipt code from a ballot's hash (§6.2): 12 characters (60 bits) in Crockford's base32. The hash must cover a
 * random nonce besides the choices, so nobody can recompute a voter's receipt for each possible choice and find
 * it in the public bulletin.
 */
export function receiptCode(hash: Uint8Array): string {
  if (hash.length < 8) throw new RangeError('receipt needs at least 8 bytes of hash')
  return code60(hash)
}
