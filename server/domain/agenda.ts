/**
 * What a meeting may put to the vote (domain.md §§4–5): the nine kinds of 民法典 art. 278(1), stricter thresholds
 * only, committee sizes and candidate eligibility. Pure; returns every problem with a stable code.
 */
import { isElection, MATTER_KINDS, type Fraction, type Matter } from './bundle'
import { atLeastAsStrict, LAW_PARTICIPATION, lawApproval } from './thresholds'

export interface AgendaProblem {
  readonly matter: string
  readonly code:
    | 'unknown_kind'
    | 'duplicate_matter'
    | 'threshold_looser_than_law'
    | 'threshold_malformed'
    | 'seats_invalid'
    | 'seats_three_needs_small_estate'
    | 'min_members_below_law'
    | 'alternates_cap_invalid'
    | 'candidate_duplicate'
    | 'candidate_ineligible'
    | 'too_few_candidates'
    | 'scope_empty'
  readonly detail?: string
}

/**
 * 指导规则 art. 31: 5 to 11 members, an odd number; 3 only for an estate of at most 100 households or 10,000 ㎡
 * (北京, 上海, 杭州).
 */
export const SMALL_ESTATE = { households: 100, areaCm2: 10_000 * 10_000 } as const

/** Either measure suffices: at most 100 households, or at most 10,000 ㎡. */
export const isSmallEstate = (estate: { households: number; areaCm2: number }): boolean =>
  estate.households <= SMALL_ESTATE.households || estate.areaCm2 <= SMALL_ESTATE.areaCm2

/**
 * The fewest elected members that form a committee (domain.md §5, 杭州 art. 27): 5, or 3 in a small estate —
 * whatever the seats. A meeting may ask for more (minMembers), never for fewer.
 */
export const statutoryMinMembers = (estate: { households: number; areaCm2: number }): 3 | 5 =>
  isSmallEstate(estate) ? 3 : 5

export function seatsAllowed(
  seats: number,
  estate: { households: number; areaCm2: number },
): AgendaProblem['code'] | null {
  if (!Number.isInteger(seats) || seats % 2 === 0 || seats < 3 || seats > 11) return 'seats_invalid'
  if (seats === 3 && !isSmallEstate(estate)) return 'seats_three_needs_small_estate'
  return null
}

/**
 * Candidate eligibility (domain §5; 上海 art. 20): an owner on the roll, of full civil capacity, without arrears of
 * fees or fund contributions, not staff (or a relative of staff) of the property company. The convener records
 * each check; a candidate failing any cannot be put on the ballot.
 */
export interface Eligibility {
  readonly isOwner: boolean
  readonly fullCapacity: boolean
  readonly noArrears: boolean
  readonly notPropertyStaff: boolean
}

export const failedChecks = (e: Eligibility): (keyof Eligibility)[] =>
  (Object.keys(e) as (keyof Eligibility)[]).filter((k) => !e[k])

const wellFormed = (f: Fraction) =>
  Number.isInteger(f.num) && Number.isInteger(f.den) && f.num > 0 && f.den > 0 && f.num < f.den

export function checkAgenda(
  matters: readonly (Matter & { readonly eligibility?: readonly Eligibility[] })[],
  estate: { households: number; areaCm2: number },
): AgendaProblem[] {
  const problems: AgendaProblem[] = []
  const seen = new Set<string>()
  for (const m of matters) {
    if (seen.has(m.id)) problems.push({ matter: m.id, code: 'duplicate_matter' })
    seen.add(m.id)
    if (!MATTER_KINDS.includes(m.kind)) {
      problems.push({ matter: m.id, code: 'unknown_kind', detail: String(m.kind) })
      continue
    }
    // 民法典 art. 278(2) is the floor: rules of procedure may only be stricter (domain §4).
    for (const [which, f, law] of [
      ['participation', m.participation, LAW_PARTICIPATION],
      ['approval', m.approval, lawApproval(m.kind)],
    ] as const) {
      if (!f) continue
      if (!wellFormed(f)) problems.push({ matter: m.id, code: 'threshold_malformed', detail: which })
      else if (!atLeastAsStrict(f, law))
        problems.push({ matter: m.id, code: 'threshold_looser_than_law', detail: which })
    }
    if (m.scope && (m.scope.buildings?.length ?? 0) === 0 && (m.scope.units?.length ?? 0) === 0)
      problems.push({ matter: m.id, code: 'scope_empty' })
    if (isElection(m)) {
      const seats = seatsAllowed(m.seats, estate)
      if (seats) problems.push({ matter: m.id, code: seats })
      // A lower minimum would declare formed a committee the law does not recognise.
      const floor = statutoryMinMembers(estate)
      if (m.minMembers !== undefined && !(m.minMembers >= floor))
        problems.push({ matter: m.id, code: 'min_members_below_law', detail: `${m.minMembers} < ${floor}` })
      const cap = m.alternatesCap ?? m.seats
      if (!Number.isInteger(cap) || cap < 0 || cap > m.seats)
        problems.push({ matter: m.id, code: 'alternates_cap_invalid' })
      const ids = m.candidates.map((c) => c.id)
      if (new Set(ids).size !== ids.length) problems.push({ matter: m.id, code: 'candidate_duplicate' })
      if (m.candidates.length === 0) problems.push({ matter: m.id, code: 'too_few_candidates' })
      m.eligibility?.forEach((e, i) => {
        const failed = failedChecks(e)
        if (failed.length > 0)
          problems.push({
            matter: m.id,
            code: 'candidate_ineligible',
            detail: `${m.candidates[i]?.id ?? i}: ${failed.join(', ')}`,
          })
      })
    }
  }
  return problems
}
