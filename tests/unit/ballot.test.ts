import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  checkChoices,
  CONFLICT_RULES,
  decide,
  samePerson,
  type Submitter,
  DEFAULT_PROXY_CAP,
  departuresFromDirections,
  receiptCode,
  VOTE_CHANGES,
  type ChoiceProblem,
  type ConflictRule,
  type Decision,
  type VoteChange,
} from '../../server/domain/ballot'
import { CHANNELS, type Channel, type Choice, type Matter } from '../../server/domain/bundle'

// Three matters: an ordinary resolution for the whole estate, a special one scoped to building 2 (not every voter
// is in its electorate), and an election of 3 seats among 5 candidates.
const MATTERS: Matter[] = [
  { id: 'q1', kind: 'rules_of_procedure', title: '议事规则' },
  { id: 'q2', kind: 'rebuild', title: '2号楼电梯改造', scope: { buildings: ['2号楼'] } },
  {
    id: 'e1',
    kind: 'elect_committee',
    title: '选举业主委员会',
    seats: 3,
    candidates: ['c1', 'c2', 'c3', 'c4', 'c5'].map((id) => ({ id, name: id })),
  },
]
const ALL = new Set(['q1', 'q2', 'e1'])
const NOT_Q2 = new Set(['q1', 'e1'])

/** Deliberately malformed input, as a request body might carry it. */
const raw = (v: unknown) => v as Choice

describe('checkChoices: a ballot covers exactly the voter’s matters, all at once (domain.md §6.2)', () => {
  it.each<[string, ReadonlySet<string>, Record<string, Choice>, boolean, ChoiceProblem[]]>([
    // Well-formed ballots.
    ['a choice for every matter of the voter', ALL, { q1: 'yes', q2: 'no', e1: ['c1', 'c2'] }, false, []],
    ['abstentions', ALL, { q1: 'abstain', q2: 'abstain', e1: [] }, false, []],
    ['only the matters of the voter’s electorate', NOT_Q2, { q1: 'no', e1: ['c5'] }, false, []],
    ['an empty election choice approves nobody and is valid', NOT_Q2, { q1: 'yes', e1: [] }, false, []],
    ['exactly `seats` candidates', NOT_Q2, { q1: 'yes', e1: ['c3', 'c1', 'c5'] }, false, []],
    // Coverage.
    ['a missing resolution', ALL, { q2: 'yes', e1: [] }, false, [{ matter: 'q1', code: 'missing_choice' }]],
    ['a missing election', NOT_Q2, { q1: 'yes' }, false, [{ matter: 'e1', code: 'missing_choice' }]],
    [
      'an empty ballot',
      NOT_Q2,
      {},
      false,
      [
        { matter: 'q1', code: 'missing_choice' },
        { matter: 'e1', code: 'missing_choice' },
      ],
    ],
    [
      'an unknown matter',
      NOT_Q2,
      { q1: 'yes', e1: [], q9: 'yes' },
      false,
      [{ matter: 'q9', code: 'unknown_matter' }],
    ],
    [
      'a matter whose electorate does not include the voter',
      NOT_Q2,
      { q1: 'yes', q2: 'yes', e1: [] },
      false,
      [{ matter: 'q2', code: 'not_in_electorate' }],
    ],
    [
      'a voter in no matter’s electorate',
      new Set<string>(),
      { q1: 'yes' },
      false,
      [{ matter: 'q1', code: 'not_in_electorate' }],
    ],
    ['a voter in no matter’s electorate, with an empty ballot', new Set<string>(), {}, false, []],
    // Resolution choices.
    ...(['YES', 'Yes', 'approve', '', 'yes ', '同意'] as const).map(
      (c): [string, ReadonlySet<string>, Record<string, Choice>, boolean, ChoiceProblem[]] => [
        `the resolution choice ${JSON.stringify(c)}`,
        NOT_Q2,
        { q1: raw(c), e1: [] },
        true,
        [{ matter: 'q1', code: 'invalid_choice' }],
      ],
    ),
    ...([null, 1, true, ['yes'], {}, { yes: true }] as const).map(
      (c): [string, ReadonlySet<string>, Record<string, Choice>, boolean, ChoiceProblem[]] => [
        `the resolution choice ${JSON.stringify(c)}`,
        NOT_Q2,
        { q1: raw(c), e1: [] },
        true,
        [{ matter: 'q1', code: 'invalid_choice' }],
      ],
    ),
    // Election choices.
    [
      'more candidates than seats (over-vote)',
      NOT_Q2,
      { q1: 'yes', e1: ['c1', 'c2', 'c3', 'c4'] },
      false,
      [{ matter: 'e1', code: 'too_many_candidates' }],
    ],
    [
      'an unknown candidate',
      NOT_Q2,
      { q1: 'yes', e1: ['c1', 'c9'] },
      false,
      [{ matter: 'e1', code: 'unknown_candidate' }],
    ],
    [
      'a repeated candidate',
      NOT_Q2,
      { q1: 'yes', e1: ['c1', 'c1'] },
      false,
      [{ matter: 'e1', code: 'repeated_candidate' }],
    ],
    [
      'the election choice "yes"',
      NOT_Q2,
      { q1: 'yes', e1: 'yes' },
      false,
      [{ matter: 'e1', code: 'invalid_choice' }],
    ],
    [
      'the election choice "c1" (not a list)',
      NOT_Q2,
      { q1: 'yes', e1: raw('c1') },
      false,
      [{ matter: 'e1', code: 'invalid_choice' }],
    ],
    [
      'a non-string candidate',
      NOT_Q2,
      { q1: 'yes', e1: raw(['c1', 2]) },
      false,
      [{ matter: 'e1', code: 'invalid_choice' }],
    ],
    [
      'the election choice null',
      NOT_Q2,
      { q1: 'yes', e1: raw(null) },
      false,
      [{ matter: 'e1', code: 'invalid_choice' }],
    ],
    // Recorded invalid marks (paper, in person): allowed only where the channel records them, with a reason.
    [
      'an invalid mark with a reason, where allowed',
      NOT_Q2,
      { q1: { invalid: '两处勾选' }, e1: { invalid: '超选' } },
      true,
      [],
    ],
    [
      'an invalid mark where not allowed (online, proxy)',
      NOT_Q2,
      { q1: { invalid: '两处勾选' }, e1: { invalid: '超选' } },
      false,
      [
        { matter: 'q1', code: 'invalid_choice' },
        { matter: 'e1', code: 'invalid_choice' },
      ],
    ],
    [
      'an invalid mark with an empty reason',
      NOT_Q2,
      { q1: { invalid: '' }, e1: [] },
      true,
      [{ matter: 'q1', code: 'invalid_choice' }],
    ],
    [
      'an invalid mark with a blank reason',
      NOT_Q2,
      { q1: { invalid: ' \t' }, e1: [] },
      true,
      [{ matter: 'q1', code: 'invalid_choice' }],
    ],
    [
      'an invalid mark whose reason is not text',
      NOT_Q2,
      { q1: raw({ invalid: true }), e1: [] },
      true,
      [{ matter: 'q1', code: 'invalid_choice' }],
    ],
    [
      'an invalid election mark with a blank reason',
      NOT_Q2,
      { q1: 'no', e1: { invalid: '  ' } },
      true,
      [{ matter: 'e1', code: 'invalid_choice' }],
    ],
    // Several problems at once are all reported.
    [
      'every kind of problem at once',
      NOT_Q2,
      { q2: 'yes', q9: 'no', e1: ['c1', 'c2', 'c3', 'c4'] },
      false,
      [
        { matter: 'q2', code: 'not_in_electorate' },
        { matter: 'q9', code: 'unknown_matter' },
        { matter: 'q1', code: 'missing_choice' },
        { matter: 'e1', code: 'too_many_candidates' },
      ],
    ],
  ])('%s', (_name, votersMatters, choices, allowInvalidMarks, problems) => {
    expect(checkChoices(MATTERS, votersMatters, choices, allowInvalidMarks)).toEqual(problems)
  })

  it.each<[number, string[], ChoiceProblem[]]>([
    [1, ['c1'], []],
    [1, ['c1', 'c2'], [{ matter: 'e1', code: 'too_many_candidates' }]],
    [5, ['c1', 'c2', 'c3', 'c4', 'c5'], []],
  ])('with %i seats, approving %j', (seats, approved, problems) => {
    const m: Matter = { ...(MATTERS[2] as Matter & { kind: 'elect_committee' }), seats }
    expect(checkChoices([m], new Set(['e1']), { e1: approved }, false)).toEqual(problems)
  })
})

describe('decide: a second submission for the same voter (domain.md §§6.2–6.3)', () => {
  // A = accept, S = supersede the standing ballot, D = refuse double_vote, U = refuse vote_change_used.
  // Within one channel the vote-change setting decides (final: 北京; once_before_close: 武汉; last_counts);
  // across channels the conflict rule decides: the first valid ballot counts, or online wins (深圳 2016) — an
  // online ballot replaces one from another channel, never the other way round.
  type Code = 'A' | 'S' | 'D' | 'U'
  const COLUMNS: [VoteChange, number, ConflictRule][] = [
    ['final', 0, 'first_valid'],
    ['once_before_close', 0, 'first_valid'],
    ['once_before_close', 1, 'first_valid'],
    ['last_counts', 0, 'first_valid'],
    ['final', 0, 'online_wins'],
    ['once_before_close', 0, 'online_wins'],
    ['once_before_close', 1, 'online_wins'],
    ['last_counts', 0, 'online_wins'],
  ]
  // prettier-ignore
  const TABLE: [Channel | 'none', Channel, string][] = [
    //  standing     incoming     first_valid  online_wins
    //                            F O0 O1 L    F O0 O1 L
    ['none',      'online',    'A  A  A  A   A  A  A  A'],
    ['none',      'paper',     'A  A  A  A   A  A  A  A'],
    ['none',      'proxy',     'A  A  A  A   A  A  A  A'],
    ['none',      'in_person', 'A  A  A  A   A  A  A  A'],
    ['online',    'online',    'D  S  U  S   D  S  U  S'],
    ['online',    'paper',     'D  D  D  D   D  D  D  D'],
    ['online',    'proxy',     'D  D  D  D   D  D  D  D'],
    ['online',    'in_person', 'D  D  D  D   D  D  D  D'],
    ['paper',     'online',    'D  D  D  D   S  S  S  S'],
    ['paper',     'paper',     'D  S  U  S   D  S  U  S'],
    ['paper',     'proxy',     'D  D  D  D   D  D  D  D'],
    ['paper',     'in_person', 'D  D  D  D   D  D  D  D'],
    ['proxy',     'online',    'D  D  D  D   S  S  S  S'],
    ['proxy',     'paper',     'D  D  D  D   D  D  D  D'],
    ['proxy',     'proxy',     'D  S  U  S   D  S  U  S'],
    ['proxy',     'in_person', 'D  D  D  D   D  D  D  D'],
    ['in_person', 'online',    'D  D  D  D   S  S  S  S'],
    ['in_person', 'paper',     'D  D  D  D   D  D  D  D'],
    ['in_person', 'proxy',     'D  D  D  D   D  D  D  D'],
    ['in_person', 'in_person', 'D  S  U  S   D  S  U  S'],
  ]
  const DECISIONS: Record<Code, Decision> = {
    A: { action: 'accept' },
    S: { action: 'supersede' },
    D: { action: 'refuse', code: 'double_vote' },
    U: { action: 'refuse', code: 'vote_change_used' },
  }
  const cases = TABLE.flatMap(([standing, incoming, row]) =>
    row
      .trim()
      .split(/\s+/)
      .map((code, i) => {
        const [voteChange, changes, conflict] = COLUMNS[i] as [VoteChange, number, ConflictRule]
        return { standing, incoming, voteChange, changes, conflict, code: code as Code }
      }),
  )

  it('the table covers every standing channel, incoming channel and setting', () => {
    expect(new Set(TABLE.map(([s, i]) => `${s}/${i}`)).size).toBe((CHANNELS.length + 1) * CHANNELS.length)
    expect(new Set(COLUMNS.map(([v]) => v))).toEqual(new Set(VOTE_CHANGES))
    expect(new Set(COLUMNS.map(([, , c]) => c))).toEqual(new Set(CONFLICT_RULES))
    expect(cases).toHaveLength(20 * 8)
  })

  it.each(cases)(
    'standing $standing, incoming $incoming, $voteChange ($changes changes made), $conflict → $code',
    ({ standing, incoming, voteChange, changes, conflict, code }) => {
      const s = standing === 'none' ? null : { channel: standing, changes, samePerson: true }
      expect(decide(s, incoming, voteChange, conflict)).toEqual(DECISIONS[code])
    },
  )

  // domain §3: one co-owner never supersedes another's ballot, whatever the vote-change and conflict settings.
  it.each(cases.filter((c) => c.standing !== 'none'))(
    'by another person: standing $standing, incoming $incoming, $voteChange, $conflict → double_vote',
    ({ standing, incoming, voteChange, changes, conflict }) => {
      const s = { channel: standing as Channel, changes, samePerson: false }
      expect(decide(s, incoming, voteChange, conflict)).toEqual(DECISIONS.D)
    },
  )

  it.each<[number, Decision]>([
    [0, { action: 'supersede' }],
    [1, { action: 'refuse', code: 'vote_change_used' }],
    [2, { action: 'refuse', code: 'vote_change_used' }],
  ])('once_before_close after %i changes', (changes, decision) => {
    expect(
      decide({ channel: 'online', changes, samePerson: true }, 'online', 'once_before_close', 'first_valid'),
    ).toEqual(decision)
  })

  it.each<[number]>([[0], [1], [7]])('last_counts after %i changes still supersedes', (changes) => {
    expect(
      decide({ channel: 'online', changes, samePerson: true }, 'online', 'last_counts', 'first_valid'),
    ).toEqual({ action: 'supersede' })
  })
})

describe('samePerson: who may change a standing ballot (domain §3, 指导规则 art. 25)', () => {
  const A = 'account:a'
  const B = 'account:b'
  const CLERK = 'account:clerk'
  it.each<[string, Submitter, Submitter & { sole: boolean; representative: boolean }, boolean]>([
    [
      'the same account online',
      { channel: 'online', castBy: A },
      { channel: 'online', castBy: A, sole: false, representative: false },
      true,
    ],
    [
      'another co-owner online',
      { channel: 'online', castBy: A },
      { channel: 'online', castBy: B, sole: false, representative: false },
      false,
    ],
    [
      'the named representative',
      { channel: 'online', castBy: A },
      { channel: 'online', castBy: B, sole: false, representative: true },
      true,
    ],
    [
      'the sole owner after their paper ballot',
      { channel: 'paper', castBy: CLERK },
      { channel: 'online', castBy: A, sole: true, representative: false },
      true,
    ],
    [
      'a co-owner after a paper ballot',
      { channel: 'paper', castBy: CLERK },
      { channel: 'online', castBy: A, sole: false, representative: false },
      false,
    ],
    [
      'a second paper ballot of a co-owned unit, same clerk',
      { channel: 'paper', castBy: CLERK },
      { channel: 'paper', castBy: CLERK, sole: false, representative: false },
      false,
    ],
    [
      'a second paper ballot of a sole owner',
      { channel: 'paper', castBy: CLERK },
      { channel: 'paper', castBy: CLERK, sole: true, representative: false },
      true,
    ],
    [
      'the new owner after the earlier owner voted',
      { channel: 'online', castBy: A },
      { channel: 'online', castBy: B, sole: false, representative: false },
      false,
    ],
    [
      'the owner after their proxy holder voted',
      { channel: 'proxy', castBy: B },
      { channel: 'online', castBy: A, sole: true, representative: false },
      true,
    ],
  ])('%s → %s', (_name, standing, incoming, same) => {
    expect(samePerson(standing, incoming)).toBe(same)
  })
})

describe('proxies (物业管理条例 art. 12; 上海 art. 18; 潍坊 art. 32)', () => {
  it('a holder acts for at most 3 principals by default', () => {
    expect(DEFAULT_PROXY_CAP).toBe(3)
  })
})

describe('departuresFromDirections: a directed proxy must vote as directed (上海 art. 18)', () => {
  it.each<[string, Record<string, Choice>, Record<string, Choice>, string[]]>([
    ['no directions', {}, { q1: 'yes', e1: ['c1'] }, []],
    ['every direction followed', { q1: 'yes', e1: ['c1', 'c2'] }, { q1: 'yes', e1: ['c1', 'c2'] }, []],
    ['election candidates in another order', { e1: ['c1', 'c2', 'c3'] }, { e1: ['c3', 'c1', 'c2'] }, []],
    ['an undirected matter is the holder’s to decide', { q1: 'no' }, { q1: 'no', q2: 'yes', e1: ['c4'] }, []],
    ['directed to abstain, and abstaining', { q1: 'abstain' }, { q1: 'abstain' }, []],
    ['directed to approve nobody, and approving nobody', { e1: [] }, { e1: [] }, []],
    ['a resolution voted the other way', { q1: 'yes', q2: 'no' }, { q1: 'no', q2: 'no' }, ['q1']],
    ['an abstention instead of a direction', { q1: 'yes' }, { q1: 'abstain' }, ['q1']],
    ['a directed matter left out', { q1: 'yes', q2: 'no' }, { q2: 'no' }, ['q1']],
    ['an invalid mark instead of a direction', { q1: 'yes' }, { q1: { invalid: '两处勾选' } }, ['q1']],
    ['a candidate missing', { e1: ['c1', 'c2'] }, { e1: ['c1'] }, ['e1']],
    ['a candidate added', { e1: ['c1'] }, { e1: ['c1', 'c2'] }, ['e1']],
    ['another candidate', { e1: ['c1'] }, { e1: ['c2'] }, ['e1']],
    ['candidates instead of nobody', { e1: [] }, { e1: ['c1'] }, ['e1']],
    [
      'several departures, in the order of the directions',
      { q2: 'yes', q1: 'yes', e1: ['c1'] },
      { q1: 'no', q2: 'no', e1: ['c1'] },
      ['q2', 'q1'],
    ],
  ])('%s', (_name, directions, choices, departures) => {
    expect(departuresFromDirections(directions, choices)).toEqual(departures)
  })

  it('does not reorder the caller’s candidate lists', () => {
    const directed = Object.freeze(['c2', 'c1'])
    const cast = Object.freeze(['c1', 'c2'])
    expect(departuresFromDirections({ e1: directed }, { e1: cast })).toEqual([])
    expect(directed).toEqual(['c2', 'c1'])
    expect(cast).toEqual(['c1', 'c2'])
  })
})

describe('receiptCode: 60 bits of the ballot hash in Crockford base32, XXXX-XXXX-XXXX (domain.md §6.2)', () => {
  const FORMAT = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/
  const bytes = (...b: number[]) => Uint8Array.from(b)

  it.each<[string, Uint8Array, string]>([
    ['all-zero bytes', bytes(0, 0, 0, 0, 0, 0, 0, 0), '0000-0000-0000'],
    ['all-0xFF bytes', bytes(255, 255, 255, 255, 255, 255, 255, 255), 'ZZZZ-ZZZZ-ZZZZ'],
    ['the top bit alone (10000 = G)', bytes(0x80, 0, 0, 0, 0, 0, 0, 0), 'G000-0000-0000'],
    ['the fifth bit alone (00001 = 1)', bytes(0x08, 0, 0, 0, 0, 0, 0, 0), '1000-0000-0000'],
    ['the sixth bit alone (second character 10000 = G)', bytes(0x04, 0, 0, 0, 0, 0, 0, 0), '0G00-0000-0000'],
    ['the lowest 4 bits are dropped (64 bits → 60)', bytes(0, 0, 0, 0, 0, 0, 0, 0x0f), '0000-0000-0000'],
    ['the 60th bit is the last bit of the code', bytes(0, 0, 0, 0, 0, 0, 0, 0x10), '0000-0000-0001'],
    ['only the first 8 bytes count', bytes(0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255), '0000-0000-0000'],
    [
      'a 32-byte hash',
      Uint8Array.from({ length: 32 }, (_, i) => i),
      // 00 01 02 03 04 05 06 07 → 00000 00000 00000 10000 00100 00000 11000 00100 00000 10100 00011 00000 (0111)
      '000G-40R4-0M30',
    ],
    ['0123456789ABCDEF', bytes(0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef), '04HM-ASW9-NF6Y'],
  ])('%s → %s', (_name, hash, code) => {
    expect(receiptCode(hash)).toBe(code)
    expect(code).toMatch(FORMAT)
  })

  it('every hash of 8 bytes or more gives a well-formed code from its first 60 bits (no I, L, O or U)', () => {
    const reference = (h: Uint8Array) => {
      const bits = [...h.slice(0, 8)].map((b) => b.toString(2).padStart(8, '0')).join('')
      const digits = Array.from({ length: 12 }, (_, i) =>
        '0123456789ABCDEFGHJKMNPQRSTVWXYZ'.charAt(parseInt(bits.slice(5 * i, 5 * i + 5), 2)),
      ).join('')
      return `${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8)}`
    }
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 64 }), (h) => {
        const code = receiptCode(h)
        expect(code).toMatch(FORMAT)
        expect(code).toBe(reference(h))
      }),
    )
  })

  it.each([0, 1, 7])('refuses a hash of %i bytes', (n) => {
    expect(() => receiptCode(new Uint8Array(n))).toThrow(RangeError)
  })
})
