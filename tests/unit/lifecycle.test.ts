import { describe, expect, it } from 'vitest'
import { DAY_MS } from '../../server/domain/calendar'
import {
  countingPeriodEnd,
  declarePaperComplete,
  extend,
  finalize,
  giveNotice,
  mayEdit,
  mayObject,
  mayEnterPaper,
  mayVote,
  MEETING_STATUSES,
  objectionsEndAt,
  publishPreliminary,
  statusAt,
  tallyDue,
  type LifecycleError,
  type MeetingClock,
  type MeetingStatus,
  type Step,
  type StoredStatus,
} from '../../server/domain/lifecycle'

/** An instant given as China wall-clock time (UTC+8); month 1–12. */
const cst = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0) =>
  Date.UTC(y, mo - 1, d, h - 8, mi, s, ms)
const days = (n: number) => n * DAY_MS

// Notice on 1 Dec 2026 at 10:00; the earliest lawful opening is 00:00 on 17 Dec (domain.md §6.1).
const NOTICE = cst(2026, 12, 1, 10)
const OPENS = cst(2026, 12, 17)
const CLOSES = OPENS + days(10) // 00:00 on 27 Dec
// Preliminary result on 5 Jan 2027 at 09:30: 6–12 Jan are the 7 days, objections end at 24:00 on 12 Jan.
const PRELIMINARY = cst(2027, 1, 5, 9, 30)
const OBJECTIONS_END = cst(2027, 1, 13)

/** A meeting with the window above; noticedAt/preliminaryAt follow the status unless given. */
function meeting(status: StoredStatus, extra: Partial<MeetingClock> = {}): MeetingClock {
  const noticed = status !== 'draft'
  const published = status === 'preliminary' || status === 'final'
  return {
    status,
    opensAt: OPENS,
    closesAt: CLOSES,
    noticedAt: noticed ? NOTICE : null,
    preliminaryAt: published ? PRELIMINARY : null,
    objectionDays: 7,
    ...extra,
  }
}

const refused = (error: LifecycleError): Step<never> => ({ ok: false, error })

describe('statusAt: opening and closing happen at the fixed instants', () => {
  const instants: [string, number][] = [
    ['1 ms before opening', OPENS - 1],
    ['exactly at opening', OPENS],
    ['1 ms after opening', OPENS + 1],
    ['1 ms before closing', CLOSES - 1],
    ['exactly at closing', CLOSES],
    ['1 ms after closing', CLOSES + 1],
  ]
  // Columns: the instants above, in order.
  const table: [StoredStatus, MeetingStatus[]][] = [
    ['draft', ['draft', 'draft', 'draft', 'draft', 'draft', 'draft']],
    // From its end a meeting is counting (paper still keyed in, domain §6.1 step 3) until the tally is stored.
    ['noticed', ['noticed', 'open', 'open', 'open', 'counting', 'counting']],
    // A stored status is never rolled back by the clock, only moved forward.
    ['open', ['open', 'open', 'open', 'open', 'counting', 'counting']],
    ['closed', ['closed', 'closed', 'closed', 'closed', 'closed', 'closed']],
    [
      'preliminary',
      ['preliminary', 'preliminary', 'preliminary', 'preliminary', 'preliminary', 'preliminary'],
    ],
    ['final', ['final', 'final', 'final', 'final', 'final', 'final']],
  ]
  const cases = table.flatMap(([stored, expected]) =>
    instants.map(([when, t], i) => ({ stored, when, t, expected: expected[i] as MeetingStatus })),
  )

  it('the table covers every stored status (counting is only ever derived)', () => {
    expect(table.map(([s]) => s)).toEqual(MEETING_STATUSES.filter((s) => s !== 'counting'))
  })

  it.each(cases)('a $stored meeting $when is $expected', ({ stored, t, expected }) => {
    expect(statusAt(meeting(stored), t)).toBe(expected)
  })

  it('a noticed meeting whose whole window has passed is counting: only the meeting clock stores the tally', () => {
    expect(statusAt(meeting('noticed'), CLOSES + days(30))).toBe('counting')
  })
})

describe('giveNotice: draft → noticed, with an agenda and a lawful calendar', () => {
  it('gives notice from a draft with a lawful window, recording the instant', () => {
    expect(giveNotice(meeting('draft'), NOTICE, 2)).toEqual({
      ok: true,
      value: { status: 'noticed', noticedAt: NOTICE },
    })
  })

  it.each<[string, number]>([
    ['at 00:00:00 China time on 1 Dec', cst(2026, 12, 1)],
    ['at 23:59:59 China time on 1 Dec (the day of notice is not counted)', cst(2026, 12, 1, 23, 59, 59)],
  ])('notice %s allows opening at 00:00 on 17 Dec', (_name, now) => {
    expect(giveNotice(meeting('draft'), now, 1)).toEqual({
      ok: true,
      value: { status: 'noticed', noticedAt: now },
    })
  })

  it.each<[string, number]>([
    ['exactly 5 days (to 24:00 on 22 Dec)', OPENS + days(6)],
    ['exactly 60 days (to 24:00 on 15 Feb)', OPENS + days(61)],
  ])('accepts a window of %s', (_name, closesAt) => {
    expect(giveNotice(meeting('draft', { closesAt }), NOTICE, 1).ok).toBe(true)
  })

  it('notice at 16:00Z on 1 Dec (00:00 on 2 Dec in China) is too late for opening on 17 Dec', () => {
    expect(giveNotice(meeting('draft'), Date.UTC(2026, 11, 1, 16), 1)).toEqual(
      refused({
        code: 'calendar_violation',
        problems: [{ code: 'opens_too_early', earliest: cst(2026, 12, 18) }],
      }),
    )
  })

  it.each<[string, Partial<MeetingClock>, LifecycleError]>([
    // 民法典 art. 201: the opening day is not counted — opening on 17 Dec, the days are 18 Dec, 19 Dec, …; the
    // window's last day is the day of its end (art. 203: to 24:00). 24:00 on 15 Feb is the 60th day.
    [
      'a window of more than 60 days (1 ms into 16 Feb)',
      { closesAt: OPENS + days(61) + 1 },
      { code: 'calendar_violation', problems: [{ code: 'window_too_long', maxDays: 60 }] },
    ],
    [
      'a window of 4 days (to 24:00 on 21 Dec)',
      { closesAt: OPENS + days(5) },
      { code: 'calendar_violation', problems: [{ code: 'window_too_short', minDays: 5 }] },
    ],
    [
      'a window of less than 5 days',
      { closesAt: OPENS + days(5) - 1 },
      { code: 'calendar_violation', problems: [{ code: 'window_too_short', minDays: 5 }] },
    ],
    [
      'a window closing at its opening',
      { closesAt: OPENS },
      { code: 'calendar_violation', problems: [{ code: 'closes_before_opening' }] },
    ],
    [
      'an opening 1 ms before the 15 days have run',
      { opensAt: OPENS - 1 },
      { code: 'calendar_violation', problems: [{ code: 'opens_too_early', earliest: OPENS }] },
    ],
  ])('refuses %s with calendar_violation and the problems', (_name, window, error) => {
    expect(giveNotice(meeting('draft', window), NOTICE, 1)).toEqual(refused(error))
  })

  it('refuses an empty agenda with agenda_empty (北京 art. 35: the notice fixes the agenda)', () => {
    expect(giveNotice(meeting('draft'), NOTICE, 0)).toEqual(refused({ code: 'agenda_empty' }))
  })

  it.each<[StoredStatus, MeetingStatus]>([
    ['noticed', 'noticed'],
    ['open', 'open'],
    ['closed', 'closed'],
    ['preliminary', 'preliminary'],
    ['final', 'final'],
  ])('refuses a %s meeting with meeting_not_draft (status %s)', (stored, status) => {
    expect(giveNotice(meeting(stored), NOTICE, 1)).toEqual(refused({ code: 'meeting_not_draft', status }))
  })

  it('reports the status as of now: a noticed meeting past its opening is open', () => {
    expect(giveNotice(meeting('noticed'), OPENS, 1)).toEqual(
      refused({ code: 'meeting_not_draft', status: 'open' }),
    )
  })
})

describe('mayEdit: agenda and settings change only in draft (nothing changes once notice is out)', () => {
  it.each<[StoredStatus, string, number, Step<null>]>([
    ['draft', 'before notice', NOTICE, { ok: true, value: null }],
    ['noticed', 'before opening', NOTICE, refused({ code: 'meeting_not_draft', status: 'noticed' })],
    ['noticed', 'at opening', OPENS, refused({ code: 'meeting_not_draft', status: 'open' })],
    ['open', 'during the window', OPENS, refused({ code: 'meeting_not_draft', status: 'open' })],
    ['closed', 'after the window', CLOSES, refused({ code: 'meeting_not_draft', status: 'closed' })],
    [
      'preliminary',
      'after publication',
      PRELIMINARY,
      refused({ code: 'meeting_not_draft', status: 'preliminary' }),
    ],
    [
      'final',
      'after the announcement',
      OBJECTIONS_END,
      refused({ code: 'meeting_not_draft', status: 'final' }),
    ],
  ])('a %s meeting %s', (stored, _when, now, step) => {
    expect(mayEdit(meeting(stored), now)).toEqual(step)
  })
})

describe('extend: a later end while open, the window staying within 60 days (江门 practice)', () => {
  const during = OPENS + days(3)

  it.each<[string, StoredStatus, number, number, Step<{ closesAt: number }>]>([
    [
      'a noticed meeting that is open by the clock',
      'noticed',
      during,
      CLOSES + days(5),
      { ok: true, value: { closesAt: CLOSES + days(5) } },
    ],
    [
      'an open meeting',
      'open',
      during,
      CLOSES + days(5),
      { ok: true, value: { closesAt: CLOSES + days(5) } },
    ],
    ['exactly at the opening', 'noticed', OPENS, CLOSES + 1, { ok: true, value: { closesAt: CLOSES + 1 } }],
    ['1 ms before the close', 'open', CLOSES - 1, CLOSES + 1, { ok: true, value: { closesAt: CLOSES + 1 } }],
    [
      'to a total window of exactly 60 days (24:00 on 15 Feb)',
      'open',
      during,
      OPENS + days(61),
      { ok: true, value: { closesAt: OPENS + days(61) } },
    ],
    [
      'to a total window of 60 days and 1 ms (art. 201 days: into a 61st day)',
      'open',
      during,
      OPENS + days(61) + 1,
      refused({ code: 'calendar_violation', problems: [{ code: 'window_too_long', maxDays: 60 }] }),
    ],
    ['to the same end', 'open', during, CLOSES, refused({ code: 'extension_not_later' })],
    ['to an earlier end', 'open', during, CLOSES - 1, refused({ code: 'extension_not_later' })],
    [
      'exactly at the close (too late)',
      'open',
      CLOSES,
      CLOSES + days(1),
      refused({ code: 'meeting_not_open', status: 'counting' }),
    ],
    [
      'of a noticed meeting after its close',
      'noticed',
      CLOSES + 1,
      CLOSES + days(1),
      refused({ code: 'meeting_not_open', status: 'counting' }),
    ],
    [
      'of a noticed meeting before it opens',
      'noticed',
      OPENS - 1,
      CLOSES + days(1),
      refused({ code: 'meeting_not_open', status: 'noticed' }),
    ],
    ['of a draft', 'draft', during, CLOSES + days(1), refused({ code: 'meeting_not_open', status: 'draft' })],
    [
      'of a closed meeting',
      'closed',
      during,
      CLOSES + days(1),
      refused({ code: 'meeting_not_open', status: 'closed' }),
    ],
    [
      'of a preliminary result',
      'preliminary',
      during,
      CLOSES + days(1),
      refused({ code: 'meeting_not_open', status: 'preliminary' }),
    ],
    [
      'of a final result',
      'final',
      during,
      CLOSES + days(1),
      refused({ code: 'meeting_not_open', status: 'final' }),
    ],
  ])('extending %s', (_name, stored, now, newClosesAt, step) => {
    expect(extend(meeting(stored), now, newClosesAt)).toEqual(step)
  })
})

describe('mayVote: ballots are accepted only while open', () => {
  it.each<[StoredStatus, string, number, Step<null>]>([
    ['noticed', '1 ms before opening', OPENS - 1, refused({ code: 'meeting_not_open', status: 'noticed' })],
    ['noticed', 'exactly at opening', OPENS, { ok: true, value: null }],
    ['noticed', '1 ms before closing', CLOSES - 1, { ok: true, value: null }],
    ['noticed', 'exactly at closing', CLOSES, refused({ code: 'meeting_not_open', status: 'counting' })],
    ['open', '1 ms before closing', CLOSES - 1, { ok: true, value: null }],
    ['open', 'exactly at closing', CLOSES, refused({ code: 'meeting_not_open', status: 'counting' })],
    ['draft', 'during the window', OPENS + 1, refused({ code: 'meeting_not_open', status: 'draft' })],
    ['closed', 'during the window', OPENS + 1, refused({ code: 'meeting_not_open', status: 'closed' })],
    [
      'preliminary',
      'after the window',
      PRELIMINARY,
      refused({ code: 'meeting_not_open', status: 'preliminary' }),
    ],
    ['final', 'after the window', OBJECTIONS_END, refused({ code: 'meeting_not_open', status: 'final' })],
  ])('a %s meeting %s', (stored, _when, now, step) => {
    expect(mayVote(meeting(stored), now)).toEqual(step)
  })
})

describe('publishPreliminary: once closed, starting the objection period (domain.md §6.1(4))', () => {
  // Closed at 00:00 on 27 Dec: 28 Dec–3 Jan are the 7 days, objections end at 24:00 on 3 Jan.
  const published = (now: number, end: number) =>
    ({
      ok: true,
      value: { status: 'preliminary', preliminaryAt: now, objectionsEndAt: end },
    }) as const

  it.each<[string, StoredStatus, number, Step<unknown>]>([
    // Until the meeting clock has stored the tally there is nothing to publish (domain §6.1 step 3).
    [
      'a noticed meeting exactly at its close',
      'noticed',
      CLOSES,
      refused({ code: 'meeting_not_closed', status: 'counting' }),
    ],
    [
      'a noticed meeting whose window has passed',
      'noticed',
      PRELIMINARY,
      refused({ code: 'meeting_not_closed', status: 'counting' }),
    ],
    [
      'an open meeting exactly at its close',
      'open',
      CLOSES,
      refused({ code: 'meeting_not_closed', status: 'counting' }),
    ],
    ['a closed meeting at its close', 'closed', CLOSES, published(CLOSES, cst(2027, 1, 4))],
    ['a closed meeting', 'closed', PRELIMINARY, published(PRELIMINARY, OBJECTIONS_END)],
    [
      'a noticed meeting 1 ms before its close',
      'noticed',
      CLOSES - 1,
      refused({ code: 'meeting_not_closed', status: 'open' }),
    ],
    [
      'an open meeting 1 ms before its close',
      'open',
      CLOSES - 1,
      refused({ code: 'meeting_not_closed', status: 'open' }),
    ],
    [
      'a noticed meeting before it opens',
      'noticed',
      OPENS - 1,
      refused({ code: 'meeting_not_closed', status: 'noticed' }),
    ],
    ['a draft', 'draft', PRELIMINARY, refused({ code: 'meeting_not_closed', status: 'draft' })],
    [
      'a preliminary result again',
      'preliminary',
      PRELIMINARY,
      refused({ code: 'meeting_not_closed', status: 'preliminary' }),
    ],
    ['a final result', 'final', PRELIMINARY, refused({ code: 'meeting_not_closed', status: 'final' })],
  ])('publishing %s', (_name, stored, now, step) => {
    expect(publishPreliminary(meeting(stored), now)).toEqual(step)
  })

  it('uses the meeting’s objection period setting', () => {
    const m = meeting('closed', { objectionDays: 10 })
    expect(publishPreliminary(m, PRELIMINARY)).toEqual(published(PRELIMINARY, cst(2027, 1, 16)))
  })
})

describe('objectionsEndAt: 24:00 of the last day of the objection period', () => {
  it.each<[string, Partial<MeetingClock>, number | null]>([
    ['not yet published', { preliminaryAt: null }, null],
    ['published at 09:30 on 5 Jan, 7 days', {}, OBJECTIONS_END],
    ['published at 00:00:00 on 5 Jan, 7 days', { preliminaryAt: cst(2027, 1, 5) }, OBJECTIONS_END],
    [
      'published at 23:59:59 on 5 Jan, 7 days',
      { preliminaryAt: cst(2027, 1, 5, 23, 59, 59) },
      OBJECTIONS_END,
    ],
    [
      'published at 16:00Z on 5 Jan (00:00 on 6 Jan in China)',
      { preliminaryAt: Date.UTC(2027, 0, 5, 16) },
      cst(2027, 1, 14),
    ],
    ['published at 09:30 on 5 Jan, 14 days', { objectionDays: 14 }, cst(2027, 1, 20)],
  ])('%s', (_name, extra, end) => {
    expect(objectionsEndAt(meeting('preliminary', extra))).toBe(end)
  })
})

describe('mayObject: objections are received while the preliminary result is published and the period runs', () => {
  it.each<[string, StoredStatus, number, Step<null>]>([
    ['at publication', 'preliminary', PRELIMINARY, { ok: true, value: null }],
    ['1 ms before the period ends', 'preliminary', OBJECTIONS_END - 1, { ok: true, value: null }],
    [
      'exactly when the period ends',
      'preliminary',
      OBJECTIONS_END,
      refused({ code: 'objection_period_over', endedAt: OBJECTIONS_END }),
    ],
    [
      'after the period',
      'preliminary',
      OBJECTIONS_END + days(1),
      refused({ code: 'objection_period_over', endedAt: OBJECTIONS_END }),
    ],
    [
      'before publication (closed)',
      'closed',
      PRELIMINARY,
      refused({ code: 'meeting_not_preliminary', status: 'closed' }),
    ],
    ['while voting is open', 'noticed', OPENS, refused({ code: 'meeting_not_preliminary', status: 'open' })],
    ['of a draft', 'draft', PRELIMINARY, refused({ code: 'meeting_not_preliminary', status: 'draft' })],
    [
      'after the final announcement',
      'final',
      PRELIMINARY,
      refused({ code: 'meeting_not_preliminary', status: 'final' }),
    ],
  ])('an objection %s', (_name, stored, now, step) => {
    expect(mayObject(meeting(stored), now)).toEqual(step)
  })
})

describe('finalize: after the objection period, with the supervisor’s sign-off', () => {
  it.each<[string, StoredStatus, number, boolean, Step<unknown>]>([
    [
      'exactly when the period ends, signed off',
      'preliminary',
      OBJECTIONS_END,
      true,
      { ok: true, value: { status: 'final', finalAt: OBJECTIONS_END } },
    ],
    [
      'after the period, signed off',
      'preliminary',
      OBJECTIONS_END + days(2),
      true,
      { ok: true, value: { status: 'final', finalAt: OBJECTIONS_END + days(2) } },
    ],
    [
      '1 ms before the period ends',
      'preliminary',
      OBJECTIONS_END - 1,
      true,
      refused({ code: 'objection_period_running', endsAt: OBJECTIONS_END }),
    ],
    [
      'at publication',
      'preliminary',
      PRELIMINARY,
      true,
      refused({ code: 'objection_period_running', endsAt: OBJECTIONS_END }),
    ],
    [
      'during the period without sign-off (the period is reported first)',
      'preliminary',
      PRELIMINARY,
      false,
      refused({ code: 'objection_period_running', endsAt: OBJECTIONS_END }),
    ],
    [
      'exactly when the period ends, without sign-off',
      'preliminary',
      OBJECTIONS_END,
      false,
      refused({ code: 'signoff_missing' }),
    ],
    [
      'a closed meeting',
      'closed',
      OBJECTIONS_END,
      true,
      refused({ code: 'meeting_not_preliminary', status: 'closed' }),
    ],
    [
      'a noticed meeting past its window',
      'noticed',
      OBJECTIONS_END,
      true,
      refused({ code: 'meeting_not_preliminary', status: 'counting' }),
    ],
    ['an open meeting', 'noticed', OPENS, true, refused({ code: 'meeting_not_preliminary', status: 'open' })],
    ['a draft', 'draft', OBJECTIONS_END, true, refused({ code: 'meeting_not_preliminary', status: 'draft' })],
    [
      'a final result again',
      'final',
      OBJECTIONS_END,
      true,
      refused({ code: 'meeting_not_preliminary', status: 'final' }),
    ],
  ])('finalizing %s', (_name, stored, now, signedOff, step) => {
    expect(finalize(meeting(stored), now, signedOff)).toEqual(step)
  })
})

describe('the whole lifecycle in order', () => {
  it('draft → noticed → open → counting → closed → preliminary → final, each step at its lawful instant', () => {
    let m = meeting('draft')
    const notice = giveNotice(m, NOTICE, 1)
    expect(notice.ok).toBe(true)
    m = { ...m, status: 'noticed', noticedAt: NOTICE }
    expect(mayEdit(m, NOTICE).ok).toBe(false)
    expect(mayVote(m, OPENS).ok).toBe(true)
    const ext = extend(m, OPENS + days(2), CLOSES + days(3))
    expect(ext).toEqual({ ok: true, value: { closesAt: CLOSES + days(3) } })
    m = { ...m, closesAt: CLOSES + days(3) }
    expect(mayVote(m, CLOSES).ok).toBe(true)
    expect(mayVote(m, CLOSES + days(3)).ok).toBe(false)
    // Counting: paper received before the close is keyed in until the counting period ends; then the clock tallies.
    m = { ...m, countingEndsAt: CLOSES + days(6) }
    expect(statusAt(m, CLOSES + days(3))).toBe('counting')
    expect(mayEnterPaper(m, CLOSES + days(3), CLOSES + days(3) - 1).ok).toBe(true)
    expect(tallyDue(m, CLOSES + days(6) - 1)).toBe(false)
    expect(tallyDue(m, CLOSES + days(6))).toBe(true)
    m = { ...m, status: 'closed' }
    const pre = publishPreliminary(m, CLOSES + days(6))
    if (!pre.ok) throw new Error('expected the preliminary result to publish')
    m = { ...m, status: 'preliminary', preliminaryAt: pre.value.preliminaryAt }
    expect(objectionsEndAt(m)).toBe(pre.value.objectionsEndAt)
    expect(mayObject(m, pre.value.objectionsEndAt - 1).ok).toBe(true)
    expect(finalize(m, pre.value.objectionsEndAt, true)).toEqual({
      ok: true,
      value: { status: 'final', finalAt: pre.value.objectionsEndAt },
    })
  })
})

describe('the counting period after the close (domain §6.1 step 3)', () => {
  // The window closes at 24:00 on 26 Dec (00:00 on 27 Dec): 27, 28, 29 Dec are the 3 days, ending 24:00 on 29 Dec.
  const COUNTING_END = cst(2026, 12, 30)

  it.each<[string, number, number, number]>([
    ['a close at 24:00, 3 days', CLOSES, 3, COUNTING_END],
    ['a close at 18:00 on 26 Dec, 3 days', cst(2026, 12, 26, 18), 3, COUNTING_END],
    ['a close at 00:00:00.001 on 27 Dec, 3 days', CLOSES + 1, 3, cst(2026, 12, 31)],
    ['a close at 24:00, 1 day', CLOSES, 1, cst(2026, 12, 28)],
    ['no counting period', CLOSES, 0, CLOSES],
  ])('%s ends as art. 201 counts', (_name, closesAt, days, end) => {
    expect(countingPeriodEnd(closesAt, days)).toBe(end)
  })

  const counting = meeting('open', { countingEndsAt: COUNTING_END })
  it.each<[string, MeetingClock, number, number, Step<null>]>([
    [
      'while open, received now',
      meeting('open'),
      OPENS + days(1),
      OPENS + days(1),
      { ok: true, value: null },
    ],
    [
      'after the close, received 1 ms before it',
      counting,
      CLOSES + days(1),
      CLOSES - 1,
      { ok: true, value: null },
    ],
    [
      'after the close, received exactly at it',
      counting,
      CLOSES + days(1),
      CLOSES,
      refused({ code: 'paper_received_after_close', closesAt: CLOSES }),
    ],
    [
      '1 ms before the counting period ends',
      counting,
      COUNTING_END - 1,
      CLOSES - 1,
      { ok: true, value: null },
    ],
    [
      'exactly when the counting period ends',
      counting,
      COUNTING_END,
      CLOSES - 1,
      refused({ code: 'counting_over', endedAt: COUNTING_END }),
    ],
    [
      'after the conveners declared all paper entered',
      { ...counting, paperCompleteAt: CLOSES + days(1) },
      CLOSES + days(1),
      CLOSES - 1,
      refused({ code: 'counting_over', endedAt: CLOSES + days(1) }),
    ],
    [
      'received in the future',
      meeting('open'),
      OPENS + days(1),
      OPENS + days(1) + 1,
      refused({ code: 'paper_received_invalid' }),
    ],
    [
      'received before the notice',
      counting,
      CLOSES + 1,
      NOTICE - 1,
      refused({ code: 'paper_received_invalid' }),
    ],
    [
      'before voting opens',
      meeting('noticed'),
      OPENS - 1,
      OPENS - 2,
      refused({ code: 'meeting_not_open', status: 'noticed' }),
    ],
    [
      'once the tally is stored',
      meeting('closed'),
      CLOSES + 1,
      CLOSES - 1,
      refused({ code: 'meeting_not_open', status: 'closed' }),
    ],
  ])('keying in paper %s', (_name, m, now, receivedAt, step) => {
    expect(mayEnterPaper(m, now, receivedAt)).toEqual(step)
  })

  it.each<[string, MeetingClock, number, boolean]>([
    ['while open', counting, CLOSES - 1, false],
    ['during counting', counting, COUNTING_END - 1, false],
    ['when counting ends', counting, COUNTING_END, true],
    [
      'when the conveners declared all paper entered',
      { ...counting, paperCompleteAt: CLOSES + 5 },
      CLOSES + 5,
      true,
    ],
    ['with no counting period, at the close', meeting('open'), CLOSES, true],
    ['once the tally is stored', meeting('closed'), COUNTING_END, false],
  ])('the tally is due %s: %s', (_name, m, t, due) => {
    expect(tallyDue(m, t)).toBe(due)
  })

  it.each<[string, MeetingClock, number, Step<null>]>([
    ['during counting', counting, CLOSES + 1, { ok: true, value: null }],
    ['while open', counting, CLOSES - 1, refused({ code: 'meeting_not_counting', status: 'open' })],
    [
      'twice',
      { ...counting, paperCompleteAt: CLOSES + 1 },
      CLOSES + 2,
      refused({ code: 'counting_over', endedAt: CLOSES + 1 }),
    ],
    [
      'after the tally',
      meeting('closed'),
      CLOSES + 1,
      refused({ code: 'meeting_not_counting', status: 'closed' }),
    ],
  ])('declaring all paper entered %s', (_name, m, t, step) => {
    expect(declarePaperComplete(m, t)).toEqual(step)
  })
})

describe('the final announcement waits for every objection to be answered (domain §6.1 step 5)', () => {
  it.each<[number, Step<unknown>]>([
    [0, { ok: true, value: { status: 'final', finalAt: OBJECTIONS_END } }],
    [1, refused({ code: 'objections_unanswered', count: 1 })],
    [3, refused({ code: 'objections_unanswered', count: 3 })],
  ])('with %i unanswered objection(s)', (unanswered, step) => {
    expect(finalize(meeting('preliminary'), OBJECTIONS_END, true, unanswered)).toEqual(step)
  })
})
