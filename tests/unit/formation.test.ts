import { describe, expect, it } from 'vitest'
import type { ElectionResult, MatterResult, ResolutionResult } from '../../server/domain/bundle'
import { earliestOpening, holidayTable } from '../../server/domain/calendar'
import {
  addYears,
  applicationShare,
  atLeast,
  checkComposition,
  checkDesignation,
  checkTerm,
  clock,
  formationClocks,
  formationOutcome,
  filingContradictions,
  formationStage,
  lockedMatters,
  publicationClock,
  REELECTION_LOCKED_KINDS,
  type MemberInput,
} from '../../server/domain/formation'
import { MATTER_KINDS } from '../../server/domain/bundle'
import type { RollUnit } from '../../server/domain/voting-rights'

/** An instant given as China wall-clock time (UTC+8); month 1–12. */
const cst = (y: number, mo: number, d: number, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h - 8, mi)
const DAY = 86_400_000

const unit = (id: string, areaM2: number, owners: string[], extra: Partial<RollUnit> = {}): RollUnit => ({
  id,
  building: id.split('-')[0] as string,
  kind: 'residence',
  areaCm2: areaM2 * 10_000,
  owners,
  developerHeld: false,
  ...extra,
})

describe('atLeast (以上: the threshold itself meets it, by cross-multiplication)', () => {
  it.each([
    [{ num: 5, den: 100 }, { num: 1, den: 20 }, true],
    [{ num: 4, den: 100 }, { num: 1, den: 20 }, false],
    [{ num: 1, den: 2 }, { num: 1, den: 2 }, true],
    [{ num: 49_999, den: 100_000 }, { num: 1, den: 2 }, false],
    [{ num: 0, den: 0 }, { num: 1, den: 20 }, false],
  ])('%o ≥ %o is %s', (share, threshold, met) => expect(atLeast(share, threshold)).toBe(met))
})

describe('applicationShare (domain §7.1, 北京: 5% of owners or of area once ≥ 50% of the area is delivered)', () => {
  // 20 voters of 100 ㎡ each, and the developer's 0 or more unsold flats.
  const roll = (developerUnits: number, ownArea = 100): RollUnit[] => [
    ...Array.from({ length: 20 }, (_, i) => unit(`1-${i + 1}`, ownArea, [`o${i}`])),
    ...Array.from({ length: developerUnits }, (_, i) => unit(`9-${i + 1}`, 100, [], { developerHeld: true })),
  ]

  it.each([
    // developer units, units applying, delivered met, by owners met, by area met, met
    { dev: 0, units: ['1-1'], delivered: true, byOwners: true, byArea: true, met: true }, // 1/20 = 5% exactly
    { dev: 0, units: [], delivered: true, byOwners: false, byArea: false, met: false },
    { dev: 20, units: ['1-1'], delivered: true, byOwners: false, byArea: false, met: false }, // 1/21, 100/4000
    { dev: 20, units: ['1-1', '1-2'], delivered: true, byOwners: true, byArea: true, met: true }, // 2/21, 200/4000 = 5%
    { dev: 21, units: ['1-1', '1-2', '1-3'], delivered: false, byOwners: true, byArea: true, met: false },
  ])(
    'developer $dev units, applying $units: delivered $delivered, owners $byOwners, area $byArea → $met',
    ({ dev, units, delivered, byOwners, byArea, met }) => {
      const s = applicationShare(roll(dev), 'owners', units, { countParking: false })
      expect(s.deliveredCondition.met).toBe(delivered)
      expect(s.ownersCondition?.byOwners.met).toBe(byOwners)
      expect(s.ownersCondition?.byArea.met).toBe(byArea)
      expect(s.met).toBe(met)
    },
  )

  it('meets the condition by area alone (one owner of 200 ㎡ among 31 voters: 1/31 of the owners, 6.25% of the area)', () => {
    const units = [
      ...Array.from({ length: 30 }, (_, i) => unit(`1-${i + 1}`, 100, [`o${i}`])),
      unit('2-1', 200, ['big']),
    ]
    const s = applicationShare(units, 'owners', ['2-1'], { countParking: false })
    expect(s.ownersCondition?.byOwners.met).toBe(false)
    expect(s.ownersCondition?.byArea.met).toBe(true)
    expect(s.met).toBe(true)
  })

  it('is exactly half delivered at 50% (20 owned flats, 20 developer flats of the same area)', () => {
    const s = applicationShare(roll(20), 'developer', [], { countParking: false })
    expect(s.delivered).toEqual({ num: 2000 * 10_000, den: 4000 * 10_000 })
    expect(s.deliveredCondition.met).toBe(true)
    expect(s.ownersCondition).toBeNull()
    expect(s.met).toBe(true)
    expect(applicationShare(roll(21), 'developer', [], { countParking: false }).met).toBe(false)
  })

  it('counts a voter once with all its area, and names units not on the roll or the developer’s', () => {
    const units = [
      unit('1-1', 100, ['a']),
      unit('1-2', 50, ['a']),
      unit('1-3', 100, ['b']),
      unit('9-1', 100, [], { developerHeld: true }),
    ]
    const s = applicationShare(units, 'owners', ['1-1', '1-2', '7-7', '9-1'], { countParking: false })
    expect(s.owners).toEqual({ num: 1, den: 3 })
    expect(s.area).toEqual({ num: 150 * 10_000, den: 350 * 10_000 })
    expect(s.unknownUnits).toEqual(['7-7', '9-1'])
  })

  it('leaves parking out unless the estate counts it', () => {
    const units = [unit('1-1', 100, ['a']), unit('P-1', 10, ['b'], { kind: 'parking' })]
    expect(applicationShare(units, 'owners', ['1-1'], { countParking: false }).owners).toEqual({
      num: 1,
      den: 1,
    })
    expect(applicationShare(units, 'owners', ['1-1'], { countParking: true }).owners).toEqual({
      num: 1,
      den: 2,
    })
  })
})

describe('checkComposition (上海 art. 15, domain §7.2)', () => {
  const m = (kind: MemberInput['kind'], n: number, leader = false): MemberInput => ({
    name: `${kind}${n}`,
    kind,
    leader,
    ...(kind === 'owner_representative' ? { unit: `1-${n}` } : {}),
  })
  const base = [
    m('street_office', 1, true),
    m('developer', 1),
    m('residents_committee', 1),
    m('owner_representative', 1),
    m('owner_representative', 2),
  ]
  const codes = (members: MemberInput[], roll?: Set<string>) =>
    checkComposition(members, roll).map((p) => p.code)

  it.each([
    [
      'a lawful group of 5 (3 owners of 5)',
      [...base, m('owner_representative', 3), m('owner_representative', 4)],
      [],
    ],
    ['5 members with 2 owner representatives (below half)', base, ['owner_representatives_below_half']],
    [
      'exactly half: 4 owners of 8 is enough, but 8 is even',
      [...base, m('owner_representative', 3), m('owner_representative', 4), m('developer', 2)],
      ['even_member_count'],
    ],
    ['7 members with 4 owners', [...base, m('owner_representative', 3), m('owner_representative', 4)], []],
    ['no members', [], ['no_members']],
    [
      'no leader',
      [
        { ...base[0], leader: false } as MemberInput,
        ...base.slice(1),
        m('owner_representative', 3),
        m('owner_representative', 4),
      ],
      ['no_leader'],
    ],
    [
      'two leaders, one not of the street office',
      [
        ...base.slice(0, 3),
        { ...m('owner_representative', 1), leader: true },
        ...base.slice(4),
        m('owner_representative', 3),
        m('owner_representative', 4),
      ],
      ['several_leaders', 'leader_not_street_office'],
    ],
    [
      'a developer leader and no street office',
      [
        { ...m('developer', 2), leader: true },
        ...base.slice(1),
        m('owner_representative', 3),
        m('owner_representative', 4),
      ],
      ['leader_not_street_office', 'street_office_missing'],
    ],
    [
      'no developer and no residents’ committee',
      [base[0] as MemberInput, m('owner_representative', 1), m('owner_representative', 2)],
      ['developer_missing', 'residents_committee_missing'],
    ],
    [
      'an owner representative without a unit',
      [...base, m('owner_representative', 3), { name: '王五', kind: 'owner_representative', leader: false }],
      ['owner_unit_missing'],
    ],
    [
      'the same person twice',
      [...base, m('owner_representative', 3), m('owner_representative', 3)],
      ['duplicate_member'],
    ],
  ] as [string, MemberInput[], string[]][])('%s', (_, members, expected) => {
    expect(codes(members)).toEqual(expected)
  })

  it('names owner representatives whose unit is not on the roll, and units given to other members', () => {
    const members = [
      ...base,
      m('owner_representative', 3),
      { ...m('owner_representative', 4), unit: '8-8' },
      { ...m('developer', 2), unit: '1-9' },
    ]
    const problems = checkComposition(members, new Set(['1-1', '1-2', '1-3']))
    expect(problems).toEqual([
      { code: 'even_member_count', members: 8 },
      { code: 'owner_unit_not_on_roll', member: 6, unit: '8-8' },
      { code: 'unit_of_non_owner', member: 7 },
    ])
  })
})

describe('clock (民法典 art. 201: the start day is not counted; art. 203: 24:00 of the last day)', () => {
  const applied = cst(2026, 1, 5, 15) // any hour of 5 January
  it.each([
    // 60 days: 6 January … 6 March; due 24:00 on 6 March.
    ['day 60, 23:59', cst(2026, 3, 6, 23, 59), 'met'],
    ['day 61, 00:00', cst(2026, 3, 7), 'overdue'],
    ['the same day', cst(2026, 1, 5, 18), 'met'],
  ])('done on %s is %s', (_, doneAt, status) => {
    const c = clock('group_formation', applied, 60, doneAt, cst(2026, 4, 1))
    expect(c.lastDay).toBe('2026-03-06')
    expect(c.due).toBe(cst(2026, 3, 7))
    expect(c.status).toBe(status)
    expect(c.metOn).toBe(doneAt)
  })
  it.each([
    ['the day after the event', cst(2026, 1, 6, 9), 'running', 59],
    ['the last day', cst(2026, 3, 6, 23, 59), 'running', 0],
    ['the day after the last', cst(2026, 3, 7), 'overdue', undefined],
  ])('not done, on %s: %s with %s days left', (_, now, status, daysLeft) => {
    const c = clock('group_formation', applied, 60, undefined, now)
    expect(c.status).toBe(status)
    expect(c.daysLeft).toBe(daysLeft)
  })
  it('moves the end past a public holiday that is its last day (art. 203 para. 1)', () => {
    const table = holidayTable([{ year: 2026, date: '2026-03-06', kind: 'holiday', name: '测试假日' }])
    const c = clock('group_formation', applied, 60, cst(2026, 3, 9, 10), cst(2026, 4, 1), table)
    // 6 March a holiday (a Friday), 7–8 March the weekend: the period ends on Monday 9 March.
    expect(c.lastDay).toBe('2026-03-09')
    expect(c.status).toBe('met')
  })
})

describe('the statutory clocks of a group', () => {
  const formed = cst(2026, 2, 1, 10)
  const at = (d: number, h = 12) => formed + d * DAY + (h - 10) * 3_600_000
  const names = (cs: ReturnType<typeof formationClocks>) => cs.map((c) => [c.name, c.status, c.lastDay])

  it.each([
    // name, days, last day after formation on 1 February
    ['member_list', 7, '2026-02-08'],
    ['first_meeting', 90, '2026-05-02'],
  ])(
    '%s: %i days after the formation, last day %s; met on it, overdue the day after',
    (name, days, lastDay) => {
      const on = (doneAt: number) =>
        formationClocks(
          {
            kind: 'preparatory',
            formedAt: formed,
            ...(name === 'member_list' ? { membersPublishedAt: doneAt } : {}),
            ...(name === 'first_meeting'
              ? { meeting: { opensAt: doneAt, noticedAt: doneAt - 20 * DAY, heldAt: doneAt } }
              : {}),
          },
          at(200),
        ).find((c) => c.name === name)
      expect(on(at(days as number, 23))).toMatchObject({ status: 'met', lastDay })
      expect(on(at((days as number) + 1, 0))).toMatchObject({ status: 'overdue', lastDay })
    },
  )

  it('takes 北京’s 60 days for the first meeting as a setting', () => {
    const cs = formationClocks({ kind: 'preparatory', formedAt: formed }, at(61, 0), { firstMeetingDays: 60 })
    expect(cs.find((c) => c.name === 'first_meeting')).toMatchObject({
      status: 'overdue',
      lastDay: '2026-04-02',
    })
    const ok = formationClocks({ kind: 'preparatory', formedAt: formed }, at(60, 23), {
      firstMeetingDays: 60,
    })
    expect(ok.find((c) => c.name === 'first_meeting')).toMatchObject({ status: 'running', daysLeft: 0 })
  })

  it('runs seating (7), announcement (3) and filing (30) from the election', () => {
    const elected = cst(2026, 6, 1, 20)
    const d = { kind: 'preparatory' as const, formedAt: formed, electedAt: elected }
    const clocks = (now: number, extra = {}) =>
      Object.fromEntries(formationClocks({ ...d, ...extra }, now).map((c) => [c.name, c]))
    const day = (n: number, h = 12) => cst(2026, 6, 1 + n, h)
    expect(clocks(day(3, 23)).announcement).toMatchObject({
      status: 'running',
      lastDay: '2026-06-04',
      daysLeft: 0,
    })
    expect(clocks(day(4, 0)).announcement).toMatchObject({ status: 'overdue' })
    expect(clocks(day(7, 23)).seating).toMatchObject({ status: 'running', lastDay: '2026-06-08' })
    expect(clocks(day(8, 0)).seating).toMatchObject({ status: 'overdue' })
    expect(clocks(day(31, 0), { filedAt: day(30, 23) }).filing).toMatchObject({
      status: 'met',
      lastDay: '2026-07-01',
    })
    expect(clocks(day(31, 0), { filedAt: day(31, 0) }).filing).toMatchObject({ status: 'overdue' })
  })

  it('meets seating by the committee meeting’s date and announcement by the notice, on the last day, not after', () => {
    // The instants the committee's records give (services/formation-filing.ts): its officers' meeting held, its
    // members' notice published. 23:59 on the last day meets the period; 00:00 the day after is late.
    const elected = cst(2026, 6, 1, 20)
    const d = { kind: 'preparatory' as const, formedAt: formed, electedAt: elected }
    const clock = (name: string, extra: object) =>
      formationClocks({ ...d, ...extra }, cst(2026, 6, 20)).find((c) => c.name === name)
    expect(clock('seating', { seatedAt: cst(2026, 6, 8, 23, 59) })).toMatchObject({
      status: 'met',
      metOn: cst(2026, 6, 8, 23, 59),
    })
    expect(clock('seating', { seatedAt: cst(2026, 6, 9, 0, 0) })).toMatchObject({ status: 'overdue' })
    expect(clock('announcement', { announcedAt: cst(2026, 6, 4, 23, 59) })).toMatchObject({ status: 'met' })
    expect(clock('announcement', { announcedAt: cst(2026, 6, 5, 0, 0) })).toMatchObject({
      status: 'overdue',
      metOn: cst(2026, 6, 5, 0, 0),
    })
  })

  it('has the 10-day handover only for a re-election group, met when the last item is done', () => {
    const items = { records: at(3), seals: at(10, 23), roll: at(5) }
    const c = (handover: object, now = at(12)) =>
      formationClocks({ kind: 're_election', formedAt: formed, handover }, now).find(
        (x) => x.name === 'handover',
      )
    expect(c(items)).toMatchObject({ status: 'met', lastDay: '2026-02-11', metOn: at(10, 23) })
    expect(c({ ...items, seals: at(11, 0) })).toMatchObject({ status: 'overdue' })
    expect(c({ records: at(3) }, at(10, 23))).toMatchObject({ status: 'running', daysLeft: 0 })
    expect(c({ records: at(3) }, at(11, 0))).toMatchObject({ status: 'overdue' })
    expect(
      formationClocks({ kind: 'preparatory', formedAt: formed }, at(1)).map((x) => x.name),
    ).not.toContain('handover')
    // A re-election group has no application clock.
    expect(
      names(formationClocks({ kind: 're_election', appliedAt: formed - DAY, formedAt: formed }, at(1)))[0],
    ).toEqual(['member_list', 'running', '2026-02-08'])
  })

  it('shows only the application clock before the group is formed', () => {
    const cs = formationClocks({ kind: 'preparatory', appliedAt: formed }, formed + DAY)
    expect(names(cs)).toEqual([['group_formation', 'running', '2026-04-02']])
  })
})

describe('publicationClock (everything for the first meeting 15 days before voting opens)', () => {
  const opens = cst(2026, 12, 17) // 00:00 on 17 December
  it.each([
    ['on 1 December at 23:59', cst(2026, 12, 1, 23, 59), 'met'],
    ['on 2 December at 00:00', cst(2026, 12, 2), 'overdue'],
  ])('a notice %s is %s', (_, noticedAt, status) => {
    const c = publicationClock(opens, noticedAt, cst(2026, 12, 20))
    expect(c.lastDay).toBe('2026-12-01')
    expect(c.status).toBe(status)
    // The clock agrees with the meeting's own calendar (calendar.earliestOpening).
    expect(earliestOpening(noticedAt) <= opens).toBe(status === 'met')
  })
  it('counts from the day voting opens, whatever its hour', () => {
    expect(publicationClock(cst(2026, 12, 17, 9), undefined, cst(2026, 11, 30)).lastDay).toBe('2026-12-01')
    expect(publicationClock(cst(2026, 12, 17, 9), undefined, cst(2026, 11, 30)).daysLeft).toBe(1)
  })
})

describe('the first meeting’s designated matters', () => {
  const agenda = [
    { id: 'q1', kind: 'rules_of_procedure' },
    { id: 'q2', kind: 'management_covenant' },
    { id: 'q3', kind: 'use_maintenance_fund' },
    { id: 'q4', kind: 'elect_committee' },
  ]
  it.each([
    [{ rulesOfProcedure: 'q1', managementCovenant: 'q2', election: 'q4' }, []],
    [{ rulesOfProcedure: 'q1', managementCovenant: 'q2', maintenanceFundCovenant: 'q3', election: 'q4' }, []],
    [
      { rulesOfProcedure: 'q2', managementCovenant: 'q1', election: 'q4' },
      ['matter_kind_wrong', 'matter_kind_wrong'],
    ],
    [{ rulesOfProcedure: 'q1', managementCovenant: 'q2', election: 'q9' }, ['matter_missing']],
    [
      { rulesOfProcedure: 'q1', managementCovenant: 'q1', election: 'q4' },
      ['matter_twice', 'matter_kind_wrong'],
    ],
  ])('%o → %o', (designated, expected) => {
    expect(checkDesignation(designated, agenda).map((p) => p.code)).toEqual(expected)
  })

  // domain §7.4: the first meeting adopts the rules and the covenant; §8: a re-election's meeting elects the new
  // committee of an assembly that has them, and names them only when it votes on them again.
  it.each([
    ['preparatory', { election: 'q4' }, ['matter_required', 'matter_required']],
    ['preparatory', { rulesOfProcedure: 'q1', election: 'q4' }, ['matter_required']],
    ['preparatory', { managementCovenant: 'q2', election: 'q4' }, ['matter_required']],
    ['re_election', { election: 'q4' }, []],
    ['re_election', { rulesOfProcedure: 'q1', election: 'q4' }, []],
    ['re_election', { rulesOfProcedure: 'q1', managementCovenant: 'q2', election: 'q4' }, []],
    ['re_election', { rulesOfProcedure: 'q4', election: 'q4' }, ['matter_kind_wrong', 'matter_twice']],
    ['re_election', { election: 'q1' }, ['matter_kind_wrong']],
  ] as const)('a %s group: %o → %o', (kind, designated, expected) => {
    expect(checkDesignation(designated, agenda, kind).map((p) => p.code)).toEqual(expected)
  })
})

describe('formationOutcome (domain §7.4)', () => {
  const w = { areaCm2: 0, heads: 0 }
  const resolution = (matter: string, outcome: ResolutionResult['outcome']): ResolutionResult => ({
    matter,
    kind: 'rules_of_procedure',
    rule: { participation: { num: 2, den: 3, strict: false }, approval: { num: 1, den: 2, strict: true } },
    electorate: w,
    participation: { ...w, met: true },
    tally: { yes: w, no: w, abstain: w, invalid: w },
    approval: { areaMet: true, headsMet: true },
    outcome,
    deemed: null,
  })
  const election = (valid: boolean, elected: string[], tied: string[] = []): ElectionResult => ({
    matter: 'q4',
    kind: 'elect_committee',
    seats: 5,
    electorate: w,
    participation: { ...w, met: true },
    invalid: w,
    candidates: [],
    elected,
    tied,
    alternates: ['c9'],
    vacantSeats: 5 - elected.length,
    committeeValid: valid,
    outcome: elected.length === 5 ? 'elected' : elected.length === 0 ? 'none_elected' : 'partially_elected',
  })
  const designated = { rulesOfProcedure: 'q1', managementCovenant: 'q2', election: 'q4' }
  const five = ['c1', 'c2', 'c3', 'c4', 'c5']

  it.each([
    [
      'all passed and a valid committee',
      [resolution('q1', 'passed'), resolution('q2', 'passed'), election(true, five)],
      [],
    ],
    [
      'the rules rejected',
      [resolution('q1', 'rejected'), resolution('q2', 'passed'), election(true, five)],
      ['rules_of_procedure_not_passed'],
    ],
    [
      'the covenant without quorum',
      [resolution('q1', 'passed'), resolution('q2', 'no_quorum'), election(true, five)],
      ['management_covenant_not_passed'],
    ],
    [
      'only 4 of 5 seats filled',
      [resolution('q1', 'passed'), resolution('q2', 'passed'), election(false, five.slice(0, 4))],
      ['committee_not_formed'],
    ],
    [
      'everything failed',
      [resolution('q1', 'rejected'), resolution('q2', 'rejected'), election(false, [])],
      ['rules_of_procedure_not_passed', 'management_covenant_not_passed', 'committee_not_formed'],
    ],
    [
      'a matter missing from the results',
      [resolution('q1', 'passed'), election(true, five)],
      ['management_covenant_not_passed'],
    ],
  ] as [string, MatterResult[], string[]][])('%s', (_, results, reasons) => {
    const o = formationOutcome(designated, results)
    if (reasons.length === 0) {
      expect(o).toEqual({
        outcome: 'assembly_formed',
        elected: five,
        alternates: ['c9'],
        maintenanceFundCovenant: null,
      })
    } else {
      expect(o.outcome).toBe('failed')
      expect(o.outcome === 'failed' && o.reasons.map((r) => r.code)).toEqual(reasons)
    }
  })

  it('names a tie across the last seat, and reports the maintenance-fund covenant without making it a condition', () => {
    const o = formationOutcome({ ...designated, maintenanceFundCovenant: 'q3' }, [
      resolution('q1', 'passed'),
      resolution('q2', 'passed'),
      resolution('q3', 'rejected'),
      election(false, five.slice(0, 2), ['c3', 'c4']),
    ])
    expect(o).toMatchObject({
      outcome: 'failed',
      maintenanceFundCovenant: 'rejected',
      reasons: [
        {
          code: 'committee_not_formed',
          elected: 2,
          seats: 5,
          tied: ['c3', 'c4'],
          outcome: 'partially_elected',
        },
      ],
    })
    const formed = formationOutcome({ ...designated, maintenanceFundCovenant: 'q3' }, [
      resolution('q1', 'passed'),
      resolution('q2', 'passed'),
      resolution('q3', 'rejected'),
      election(true, five),
    ])
    expect(formed).toMatchObject({ outcome: 'assembly_formed', maintenanceFundCovenant: 'rejected' })
  })

  it('a re-election’s meeting that names only its election turns on the election alone (domain §8)', () => {
    expect(formationOutcome({ election: 'q4' }, [election(true, five)])).toEqual({
      outcome: 'assembly_formed',
      elected: five,
      alternates: ['c9'],
      maintenanceFundCovenant: null,
    })
    const failed = formationOutcome({ election: 'q4' }, [election(false, five.slice(0, 2))])
    expect(failed.outcome === 'failed' && failed.reasons.map((r) => r.code)).toEqual(['committee_not_formed'])
    // A rule it does put to the vote again counts.
    const rules = formationOutcome({ rulesOfProcedure: 'q1', election: 'q4' }, [
      resolution('q1', 'rejected'),
      election(true, five),
    ])
    expect(rules.outcome === 'failed' && rules.reasons.map((r) => r.code)).toEqual([
      'rules_of_procedure_not_passed',
    ])
  })
})

describe('the re-election lock (上海 art. 28)', () => {
  it('locks exactly the property manager, the fund, rebuilding, common parts and other major matters', () => {
    expect(MATTER_KINDS.filter((k) => !REELECTION_LOCKED_KINDS.includes(k))).toEqual([
      'rules_of_procedure',
      'management_covenant',
      'elect_committee',
    ])
    expect(
      lockedMatters([
        { id: 'q1', kind: 'elect_committee' },
        { id: 'q2', kind: 'property_manager' },
        { id: 'q3', kind: 'use_maintenance_fund' },
      ]).map((m) => m.id),
    ).toEqual(['q2', 'q3'])
  })
})

describe('checkTerm (domain §8: at most 5 years)', () => {
  it.each([
    ['2026-07-01', '2031-07-01', []],
    ['2026-07-01', '2031-07-02', ['term_too_long']],
    ['2026-07-01', '2029-06-30', []],
    ['2026-07-01', '2026-07-01', ['term_end_not_after_start']],
    ['2028-02-29', '2033-02-28', []],
    ['2028-02-29', '2033-03-01', ['term_too_long']],
    ['2026-02-30', '2027-01-01', ['term_date_invalid']],
  ])('%s to %s → %o', (start, end, expected) => {
    expect(checkTerm(start, end).map((p) => p.code)).toEqual(expected)
  })
  it('adds years keeping the day, 29 February to 28 February', () => {
    expect(addYears('2028-02-29', 5)).toBe('2033-02-28')
    expect(addYears('2028-02-29', 4)).toBe('2032-02-29')
  })
})

describe('formationStage', () => {
  it.each([
    [{ applied: false, formed: false, designated: false, outcome: undefined, filed: false }, 'none'],
    [{ applied: true, formed: false, designated: false, outcome: undefined, filed: false }, 'applied'],
    [{ applied: true, formed: true, designated: false, outcome: undefined, filed: false }, 'group_formed'],
    [
      { applied: true, formed: true, designated: true, outcome: undefined, filed: false },
      'first_meeting_designated',
    ],
    [{ applied: true, formed: true, designated: true, outcome: 'failed', filed: false }, 'meeting_failed'],
    [
      { applied: true, formed: true, designated: true, outcome: 'assembly_formed', filed: false },
      'assembly_formed',
    ],
    [{ applied: true, formed: true, designated: true, outcome: 'assembly_formed', filed: true }, 'filed'],
  ] as const)('%o → %s', (s, stage) => expect(formationStage(s)).toBe(stage))
})

describe('filingContradictions (上海 art. 23: 届别, term and chair as the committee’s term records them)', () => {
  const term = { number: 1, startsOn: '2027-02-28', endsOn: '2032-02-28', chair: '潘芳' }
  it.each([
    ['nothing typed: everything from the term', {}, []],
    ['the same facts typed', { term: 1, termStart: '2027-02-28', termEnd: '2032-02-28', chair: '潘芳' }, []],
    ['the chair with spaces around it is the same name', { chair: ' 潘芳 ' }, []],
    ['full-width letters are the same letters', { chair: 'Ｌｉ Ｌｅｉ' }, [], 'Li Lei'],
    ['another 届别', { term: 2 }, [{ field: 'term', typed: 2, recorded: 1 }]],
    [
      'a start a day later',
      { termStart: '2027-03-01' },
      [{ field: 'termStart', typed: '2027-03-01', recorded: '2027-02-28' }],
    ],
    [
      'an end a day earlier',
      { termEnd: '2032-02-27' },
      [{ field: 'termEnd', typed: '2032-02-27', recorded: '2032-02-28' }],
    ],
    ['another chair', { chair: '段文杰' }, [{ field: 'chair', typed: '段文杰', recorded: '潘芳' }]],
  ] as const)('%s', (_, typed, expected, chair?: string) => {
    expect(filingContradictions(typed, chair ? { ...term, chair } : term)).toEqual(expected)
  })
  it('names a typed chair when the committee has none yet, and every field at once', () => {
    expect(filingContradictions({ chair: '潘芳' }, { ...term, chair: null })).toEqual([
      { field: 'chair', typed: '潘芳', recorded: null },
    ])
    expect(
      filingContradictions({ term: 3, termStart: '2027-01-01', termEnd: '2030-01-01', chair: 'x' }, term).map(
        (c) => c.field,
      ),
    ).toEqual(['term', 'termStart', 'termEnd', 'chair'])
  })
})
