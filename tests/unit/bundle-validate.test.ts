import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS } from '../../server/domain/bundle'
import { formatProblem, validateBundle } from '../../server/domain/bundle-validate'
import { verifyBundle } from '../../server/domain/verify'
import { asJson, ballot, bundleOf, election, flats, resolution, unit } from '../support/bundles'

type Json = Record<string, unknown>

/** A small valid bundle as plain JSON, for tests to break one thing at a time. */
function valid(): Json {
  return asJson(
    bundleOf({
      units: [
        ...flats([1_000_000, 1_200_000, 900_000]),
        unit('3-101', 1_100_000, ['o9'], { building: '3号楼' }),
        unit('D-1', 800_000, [], { developerHeld: true }),
        unit('P-1', 120_000, ['o0'], { kind: 'parking', building: '车库' }),
      ],
      matters: [
        resolution('rules_of_procedure'),
        resolution('use_maintenance_fund', { id: 'q2', scope: { buildings: ['3号楼'] } }),
        election({
          seats: 3,
          candidates: [
            { id: 'c1', name: '张*' },
            { id: 'c2', name: '李*' },
          ],
        }),
      ],
      ballots: [
        ballot('u0', { q1: 'yes', e1: ['c1'] }),
        ballot('u1', { q1: 'no', e1: ['c1', 'c2'] }, 'paper'),
        ballot('3-101', { q1: 'abstain', q2: 'yes', e1: { invalid: '两处勾选' } }, 'proxy'),
        ballot('D-1', { q1: { invalid: 'unreadable' }, e1: ['c9', 'c9', 'c1', 'c2'] }, 'in_person'),
      ],
    }),
  ) as Json
}

function problemsOf(json: unknown): string[] {
  const v = validateBundle(json)
  return v.ok ? [] : v.problems.map((p) => `${p.path}: ${p.code}`)
}

function broken(change: (b: Json & { units: Json[]; matters: Json[]; ballots: Json[] }) => void): string[] {
  const b = valid() as Json & { units: Json[]; matters: Json[]; ballots: Json[] }
  change(b)
  return problemsOf(b)
}

describe('validateBundle: a valid bundle', () => {
  it('is accepted, with the default settings filled in', () => {
    const v = validateBundle(valid())
    expect(v.ok).toBe(true)
    if (v.ok) expect(v.bundle.settings).toEqual(DEFAULT_SETTINGS)
  })

  it('accepts over-voting, repeated and unknown candidates: they are invalid choices, not bundle errors (rule 4)', () => {
    expect(problemsOf(valid())).toEqual([])
  })

  it('accepts informative fields of any kind in estate and meeting, and results of any shape', () => {
    expect(
      broken((b) => {
        b.estate = { id: 'e1', name: '锦绣苑', district: '西湖区' }
        b.meeting = { id: 'm1', extra: 1 }
        b.results = [{ anything: true }]
      }),
    ).toEqual([])
  })
})

describe('validateBundle: a committee’s minimum of members, never below the law’s (domain.md §5)', () => {
  const M2 = 10_000 // cm² per ㎡

  /**
   * An estate of `households` flats sharing `areaCm2`, and `parking` spaces of 12 ㎡ each — not households, their
   * area not counted (as the server counts when it checks the agenda) — with one committee election.
   */
  function estate(households: number, areaCm2: number, seats: number, minMembers: number, parking = 0) {
    const each = Math.floor(areaCm2 / households)
    const areas = Array.from({ length: households }, (_, i) =>
      i === 0 ? areaCm2 - each * (households - 1) : each,
    )
    const spaces = Array.from({ length: parking }, (_, i) =>
      unit(`P-${i}`, 12 * M2, [`p${i}`], { kind: 'parking', building: '车库' }),
    )
    return asJson(
      bundleOf({
        units: [...flats(areas), ...spaces],
        matters: [election({ seats, minMembers, candidates: [{ id: 'c1', name: '张*' }] })],
        ballots: [ballot('u0', { e1: ['c1'] })],
      }),
    ) as Json
  }
  const below = ['matters[0].minMembers: min_members_below_law']

  it.each<[string, number, number, number, number, number, string[]]>([
    // name, households, area, parking spaces, seats, minMembers, problems
    ['a large estate, minimum 5 (the law)', 800, 80_000 * M2, 0, 5, 5, []],
    ['a large estate, minimum 4', 800, 80_000 * M2, 0, 5, 4, below],
    ['a large estate, 7 seats, minimum 6', 800, 80_000 * M2, 0, 7, 6, []],
    ['a small estate, 3 seats, minimum 3 (the law)', 24, 2_400 * M2, 0, 3, 3, []],
    ['a small estate, 3 seats, minimum 2', 24, 2_400 * M2, 0, 3, 2, below],
    ['a small estate, 5 seats, minimum 3', 24, 2_400 * M2, 0, 5, 3, []],
    ['exactly 100 households, a large area, minimum 3', 100, 80_000 * M2, 0, 5, 3, []],
    ['101 households, a large area, minimum 3', 101, 80_000 * M2, 0, 5, 3, below],
    ['101 households, a large area, minimum 5', 101, 80_000 * M2, 0, 5, 5, []],
    ['exactly 10,000 ㎡, many households, minimum 3', 800, 10_000 * M2, 0, 5, 3, []],
    ['10,000 ㎡ and 1 cm², many households, minimum 3', 800, 10_000 * M2 + 1, 0, 5, 3, below],
    ['10,000 ㎡ and 1 cm², many households, minimum 4', 800, 10_000 * M2 + 1, 0, 5, 4, below],
    ['exactly 100 households and 50 parking spaces, minimum 3', 100, 80_000 * M2, 50, 5, 3, []],
    ['800 households, 10,000 ㎡ of flats and 50 parking spaces, minimum 3', 800, 10_000 * M2, 50, 5, 3, []],
  ])('%s', (_name, households, area, parking, seats, minMembers, expected) => {
    expect(problemsOf(estate(households, area, seats, minMembers, parking))).toEqual(expected)
  })

  it('with units it cannot read, refuses only what is below the lowest statutory minimum (3)', () => {
    const unreadable = (minMembers: number) => {
      const b = estate(800, 80_000 * M2, 5, minMembers) as Json & { units: Json[] }
      b.units[1]!.areaCm2 = 0
      return problemsOf(b)
    }
    expect(unreadable(4)).toEqual(['units[1].areaCm2: area_not_positive_integer'])
    expect(unreadable(2)).toEqual(['units[1].areaCm2: area_not_positive_integer', ...below])
  })

  it('makes `npm run verify` refuse the bundle (exit code 2), as a looser threshold does', () => {
    expect(verifyBundle(estate(800, 80_000 * M2, 5, 4)).exitCode).toBe(2)
    expect(verifyBundle(estate(800, 80_000 * M2, 5, 5)).exitCode).toBe(0)
  })

  it('says which minimum applies, in both languages', () => {
    const v = validateBundle(estate(800, 80_000 * M2, 5, 4))
    expect(v.ok ? [] : v.problems.map(formatProblem)).toEqual([
      'matters[0].minMembers: minMembers 4 is below the statutory minimum of 5 members for this estate (5; 3 for at most 100 households or 10,000 ㎡): only a higher minimum is allowed / 最低委员人数 4 低于本小区的法定最低人数 5 人（一般为 5 人，100 户以下或 1 万平方米以下的小区为 3 人），只能规定更高的人数',
    ])
  })
})

describe('validateBundle: every problem, each with its JSON path', () => {
  it.each<[string, (b: Json & { units: Json[]; matters: Json[]; ballots: Json[] }) => void, string[]]>([
    [
      'a ballot for an unknown unit',
      (b) => (b.ballots[1]!.unit = '9-9-999'),
      ['ballots[1].unit: unknown_unit'],
    ],
    [
      'two ballots for the same voter, by two units of one owner (meeting-wide grouping)',
      (b) => {
        b.units.push({
          id: 'u0b',
          building: '1号楼',
          kind: 'residence',
          areaCm2: 5,
          owners: ['o0'],
          developerHeld: false,
        })
        b.ballots.push({ unit: 'u0b', channel: 'online', choices: {} })
      },
      ['ballots[4].unit: double_vote'],
    ],
    [
      'two ballots for the developer, by two developer-held units',
      (b) => {
        b.units.push({
          id: 'D-2',
          building: '1号楼',
          kind: 'shop',
          areaCm2: 5,
          owners: [],
          developerHeld: true,
        })
        b.ballots.push({ unit: 'D-2', channel: 'paper', choices: {} })
      },
      ['ballots[4].unit: double_vote'],
    ],
    [
      'a choice for a matter whose (scoped) electorate lacks the voter',
      (b) => ((b.ballots[0]!.choices as Json).q2 = 'yes'),
      ['ballots[0].choices.q2: not_in_electorate'],
    ],
    [
      'a ballot naming a parking space while parking does not count',
      (b) => b.ballots.push({ unit: 'P-1', channel: 'online', choices: { q1: 'yes' } }),
      ['ballots[4].unit: unit_not_counted'],
    ],
    [
      'a choice for an unknown matter',
      (b) => ((b.ballots[0]!.choices as Json).q9 = 'yes'),
      ['ballots[0].choices.q9: unknown_matter'],
    ],
    [
      'a resolution choice that is not yes, no, abstain or {invalid}',
      (b) => ((b.ballots[0]!.choices as Json).q1 = 'Yes'),
      ['ballots[0].choices.q1: malformed_choice'],
    ],
    [
      'an {invalid} choice without a reason, or with other fields',
      (b) => {
        ;(b.ballots[0]!.choices as Json).q1 = { invalid: '' }
        ;(b.ballots[1]!.choices as Json).q1 = { invalid: 'x', yes: true }
      },
      ['ballots[0].choices.q1: malformed_choice', 'ballots[1].choices.q1: malformed_choice'],
    ],
    [
      'an election choice that is neither a list of ids nor {invalid}',
      (b) => {
        ;(b.ballots[0]!.choices as Json).e1 = 'c1'
        ;(b.ballots[1]!.choices as Json).e1 = ['c1', 2]
      },
      ['ballots[0].choices.e1: malformed_choice', 'ballots[1].choices.e1: malformed_choice'],
    ],
    [
      'a unit without owners that is not developer-held',
      (b) => (b.units[0]!.owners = []),
      ['units[0].owners: no_owners'],
    ],
    [
      'areas that are not positive integers of cm²',
      (b) => {
        b.units[0]!.areaCm2 = 143.9
        b.units[1]!.areaCm2 = 0
        b.units[2]!.areaCm2 = '900000'
      },
      [
        'units[0].areaCm2: area_not_positive_integer',
        'units[1].areaCm2: area_not_positive_integer',
        'units[2].areaCm2: area_not_positive_integer',
      ],
    ],
    [
      'duplicate unit, matter and candidate ids',
      (b) => {
        b.units[1]!.id = 'u0'
        b.matters[1]!.id = 'q1'
        ;(b.matters[2]!.candidates as Json[])[1]!.id = 'c1'
      },
      [
        'units[1].id: duplicate_id',
        'matters[1].id: duplicate_id',
        'matters[2].candidates[1].id: duplicate_id',
        // What referred to the renamed unit and matter no longer finds them:
        'ballots[1].unit: unknown_unit',
        'ballots[2].choices.q2: unknown_matter',
      ],
    ],
    [
      'an unknown matter kind',
      (b) => (b.matters[0]!.kind = 'elect_chair'),
      ['matters[0].kind: unknown_kind'],
    ],
    ['an unknown unit kind', (b) => (b.units[0]!.kind = 'villa'), ['units[0].kind: unknown_kind']],
    [
      'a scope naming an unknown building or unit',
      (b) => (b.matters[1]!.scope = { buildings: ['9号楼'], units: ['9-9-999'] }),
      ['matters[1].scope.buildings[0]: unknown_building', 'matters[1].scope.units[0]: unknown_unit'],
    ],
    [
      'a scope whose electorate is empty (only parking, not counted)',
      (b) => (b.matters[1]!.scope = { units: ['P-1'] }),
      ['ballots[2].choices.q2: not_in_electorate', 'matters[1].scope: empty_electorate'],
    ],
    [
      'an approval looser than the law',
      (b) => (b.matters[0]!.approval = { num: 1, den: 2, strict: false }),
      ['matters[0].approval: looser_than_law'],
    ],
    [
      'a malformed threshold',
      (b) => (b.matters[0]!.participation = { num: 2.5, den: 0 }),
      [
        'matters[0].participation.num: bad_fraction',
        'matters[0].participation.den: bad_fraction',
        'matters[0].participation.strict: missing',
      ],
    ],
    [
      'a threshold that can never be met',
      (b) => (b.matters[0]!.approval = { num: 5, den: 4, strict: false }),
      ['matters[0].approval: bad_fraction'],
    ],
    [
      'election fields that are out of range',
      (b) => {
        b.matters[2]!.seats = 0
        b.matters[2]!.alternatesCap = -1
      },
      ['matters[2].seats: bad_seats', 'matters[2].alternatesCap: bad_seats'],
    ],
    [
      'a minimum of members above the seats',
      (b) => (b.matters[2]!.minMembers = 4),
      ['matters[2].minMembers: bad_seats'],
    ],
    [
      'election fields on a resolution, and unknown fields anywhere they have a meaning',
      (b) => {
        b.matters[0]!.seats = 5
        b.units[0]!.developerheld = true
        b.ballots[0]!.signature = 'x'
        b.settings = { countparking: true }
        b.ballot = []
      },
      [
        'ballot: unknown_field',
        'settings.countparking: unknown_field',
        'units[0].developerheld: unknown_field',
        'matters[0].seats: unknown_field',
        'ballots[0].signature: unknown_field',
      ],
    ],
    [
      'settings of the wrong type',
      (b) => (b.settings = { countParking: 'yes', deemedConsent: 1, electionRankBy: 'name' }),
      [
        'settings.countParking: wrong_type',
        'settings.deemedConsent: wrong_type',
        'settings.electionRankBy: bad_value',
      ],
    ],
    ['an unsupported format', (b) => (b.format = 'gongjue.results/2'), ['format: unsupported_format']],
    ['an unknown channel', (b) => (b.ballots[0]!.channel = 'sms'), ['ballots[0].channel: bad_value']],
    [
      'served units that are unknown or repeated',
      (b) => (b.served = ['u0', 'x', 'u0']),
      ['served[1]: unknown_unit', 'served[2]: duplicate_id'],
    ],
    ['results that are not an array', (b) => (b.results = {}), ['results: wrong_type']],
    ['a missing ballots list', (b) => delete (b as Json).ballots, ['ballots: missing']],
    [
      'a repeated owner on one unit',
      (b) => (b.units[0]!.owners = ['o0', 'o0']),
      ['units[0].owners[1]: repeated_owner'],
    ],
  ])('%s', (_name, change, expected) => {
    expect(broken(change)).toEqual(expected)
  })

  it('finds every problem at once, not just the first', () => {
    const problems = broken((b) => {
      b.units[0]!.areaCm2 = -1
      b.matters[0]!.kind = 'unknown'
      b.ballots[3]!.unit = 'nowhere'
      ;(b.ballots[0]!.choices as Json).zz = 'yes'
    })
    expect(problems).toEqual([
      'units[0].areaCm2: area_not_positive_integer',
      'matters[0].kind: unknown_kind',
      'ballots[0].choices.zz: unknown_matter',
      'ballots[3].unit: unknown_unit',
    ])
  })

  it('formats a problem as "path: message" with the Chinese beside it', () => {
    const b = valid() as { ballots: Json[] }
    b.ballots.push({ unit: '9-9-999', channel: 'online', choices: {} })
    b.ballots.push({ unit: 'u2', channel: 'online', choices: { 'q-1': 'yes' } })
    const v = validateBundle(b)
    expect(v.ok ? [] : v.problems.map(formatProblem)).toEqual([
      'ballots[4].unit: unknown unit "9-9-999" / 未知房号 "9-9-999"',
      'ballots[5].choices["q-1"]: unknown matter "q-1" / 未知表决事项 "q-1"',
    ])
  })

  it.each([null, [], 'bundle', 42])('refuses a document that is not an object (%j)', (doc) => {
    expect(problemsOf(doc)).toEqual(['$: not_an_object'])
  })
})
