import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { importRoll } from '../../server/services/import-roll'
import {
  call,
  demoDb,
  demoCsv,
  enrolStaff,
  ORIGIN,
  type tempDb,
  testApp,
  type SignedIn,
  type TestApp,
} from '../support'
import { ownersWithPasskeys, signedBallot, signInPhone, type PhoneOwner } from '../support/voters'

/**
 * The voting core at its edges (domain §§3, 6.1, 6.2): the close raced by casts, ballots judged by when they
 * arrived, the counting period for paper, a read that never closes a meeting, a unit sold during voting, and
 * co-owners under every vote-change setting. On a real SQLite file, through the API, with the clock moved by the
 * test and the meeting clock ticked by it.
 */

let t: Awaited<ReturnType<typeof tempDb>>
let a: TestApp
let now: Date
let convener: SignedIn
let clerk2: SignedIn
const base = '/api/estates/jinxiu/meetings'

const NOTICE_AT = '2026-12-01T02:00:00Z'
const OPENS = '2026-12-16T16:00:00.000Z' // 00:00 on 17 Dec, China time
const CLOSES = '2026-12-26T16:00:00.000Z' // 24:00 on 26 Dec
const CLOSES_MS = Date.parse(CLOSES)
const COUNTING_ENDS = '2026-12-29T16:00:00.000Z' // 24:00 on 29 Dec: 27, 28, 29 Dec are the 3 days
const DURING = '2026-12-18T02:00:00Z'

beforeEach(async () => {
  t = await demoDb(new Date('2026-11-01T00:00:00Z'))
  now = new Date(NOTICE_AT)
  const wide = { points: 100_000, seconds: 60 }
  a = testApp(t.db, { now: () => now, rateLimits: { activation: wide, signIn: wide, invitations: wide } })
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  convener = await enrolStaff(a, t.db, 'convener', 'jinxiu', '召集人甲', now)
  clerk2 = await enrolStaff(a, t.db, 'convener', 'jinxiu', '召集人乙', now)
})
afterEach(async () => {
  vi.restoreAllMocks()
  await a.tracker.drain()
  await t.cleanup()
})

type Body = Record<string, unknown> & { error?: { code: string; details?: Record<string, unknown> } }
const json = async (res: Response) => (await res.json()) as Body
const code = async (res: Response) => ({ status: res.status, code: (await json(res)).error?.code })

const MATTERS = [
  { kind: 'management_covenant', title: '修改管理规约', body: '' },
  { kind: 'use_maintenance_fund', title: '3号楼电梯更新', body: '' },
]
const YES = { q1: 'yes', q2: 'yes' }

/** A meeting with notice given at NOTICE_AT; returns its id and its routes' base. */
async function noticedMeeting(
  settings: Record<string, unknown> = {},
  window = { opensAt: OPENS, closesAt: CLOSES },
) {
  const res = await call(a.app, 'POST', base, {
    cookie: convener.cookie,
    body: { title: '测试会议', ...window, settings, matters: MATTERS },
  })
  expect(res.status).toBe(201)
  const id = ((await res.json()) as { meeting: { id: string } }).meeting.id
  const noticed = await call(a.app, 'POST', `${base}/${id}/notice`, { cookie: convener.cookie })
  expect(noticed.status).toBe(200)
  return { id, mb: `${base}/${id}` }
}

const storedStatus = async (id: string) =>
  await t.db
    .selectFrom('meetings')
    .select(['status', 'results_json'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()

const bundleOf = async (id: string) => {
  const row = await storedStatus(id)
  return JSON.parse(row.results_json ?? 'null') as {
    ballots: { unit: string; receipt: string; channel: string }[]
  }
}

async function upload(mb: string, cookie: string): Promise<string> {
  const form = new FormData()
  form.append(
    'file',
    new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7])], 's.png'),
  )
  form.append('purpose', 'paper_scan')
  const res = await a.app.request(`${mb}/attachments`, {
    method: 'POST',
    body: form,
    headers: { cookie, origin: ORIGIN },
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { attachment: { id: string } }).attachment.id
}

/** A paper ballot entered by the convener and confirmed blind by the second clerk. */
async function paperBallot(
  mb: string,
  unit: string,
  choices: Record<string, unknown>,
  receivedAt?: string,
): Promise<{ entered: Response; confirmed?: Response }> {
  const scanId = await upload(mb, convener.cookie)
  const entered = await call(a.app, 'POST', `${mb}/paper-entries`, {
    cookie: convener.cookie,
    body: { unit, choices, scanId, ...(receivedAt ? { receivedAt } : {}) },
  })
  if (entered.status !== 201) return { entered }
  const { entryId } = (await entered.clone().json()) as { entryId: string }
  const confirmed = await call(a.app, 'POST', `${mb}/paper-entries/${entryId}/confirmation`, {
    cookie: clerk2.cookie,
    body: { choices },
  })
  return { entered, confirmed }
}

async function signedIn(owners: readonly PhoneOwner[]) {
  return Promise.all(owners.map(async (o) => ({ ...o, cookie: await signInPhone(a, o.phone) })))
}

describe('the close raced by casts (domain §6.1 step 3: acceptance and close decided in one order)', () => {
  it('puts every acknowledged ballot in the bundle and every ballot of the bundle was acknowledged, wherever the close falls among the casts', async () => {
    // The owners' passkeys are made once for all rounds; they sign in and sign a minute before the close.
    const made = await ownersWithPasskeys(t.db, 'jinxiu', { count: 40, now })
    for (const tickAt of [5, 20, 35]) {
      now = new Date(NOTICE_AT)
      convener = { ...convener, cookie: await signInPhone(a, convener.phone) }
      // No counting period: the tally is stored by the same tick that ends voting, while casts are in flight.
      const { id, mb } = await noticedMeeting({ countingDays: 0 })
      now = new Date(CLOSES_MS - 60_000)
      const owners = await signedIn(made)
      const signed = []
      for (const o of owners) {
        const s = await signedBallot(a, mb, o.cookie, o.phone, o.voter, YES)
        if (s instanceof Response) throw new Error(`prepare ${s.status}`)
        signed.push({ o, s })
      }
      // 40 requests arriving one millisecond apart across the close, the meeting clock ticking among them.
      const sent: { arrived: number; res: Promise<Response> }[] = []
      let tick: Promise<number> | undefined
      signed.forEach(({ o, s }, i) => {
        const arrived = CLOSES_MS - 20 + i
        now = new Date(arrived)
        sent.push({ arrived, res: call(a.app, 'POST', `${mb}/ballots`, { cookie: o.cookie, body: s }) })
        if (i === tickAt) tick = a.clock.tick(new Date(CLOSES_MS + 1))
      })
      const answers = await Promise.all(
        sent.map(async ({ arrived, res }) => {
          const r = await res
          const body = (await r.json()) as { receipt?: { receipt: string }; error?: { code: string } }
          return { arrived, status: r.status, receipt: body.receipt?.receipt, error: body.error?.code }
        }),
      )
      await tick
      await a.clock.tick(new Date(CLOSES_MS + 1000))
      const acknowledged = answers.filter((x) => x.status === 201).map((x) => x.receipt)
      const bundle = await bundleOf(id)
      expect(bundle.ballots.map((b) => b.receipt).sort()).toEqual([...acknowledged].sort())
      // Judged by arrival: each one sent before the close is counted, each one after is refused.
      for (const x of answers)
        expect(x.arrived < CLOSES_MS ? x.status : x.error).toBe(
          x.arrived < CLOSES_MS ? 201 : 'meeting_not_open',
        )
      expect(acknowledged).toHaveLength(20)
      // And the audit log tells it in that order: every ballot before the close, the tally after.
      const log = await t.db
        .selectFrom('audit_log')
        .select(['id', 'action'])
        .where('subject', '=', id)
        .where('action', 'in', ['ballot.cast', 'meeting.voting_closed', 'meeting.closed'])
        .orderBy('id')
        .execute()
      expect(log.map((e) => e.action)).toEqual([
        ...Array<string>(20).fill('ballot.cast'),
        'meeting.voting_closed',
        'meeting.closed',
      ])
    }
  }, 120_000)

  it('counts every ballot whose request arrived before the close, though the writer reaches it after', async () => {
    const { id, mb } = await noticedMeeting()
    now = new Date(CLOSES_MS - 60_000)
    const owners = await signedIn(await ownersWithPasskeys(t.db, 'jinxiu', { count: 60, now }))
    const signed = []
    for (const o of owners) {
      const s = await signedBallot(a, mb, o.cookie, o.phone, o.voter, YES)
      if (s instanceof Response) throw new Error(`prepare ${s.status}`)
      signed.push({ o, s })
    }
    // All arrive 1 ms before the close; the clock passes the close and ticks before any is written.
    now = new Date(CLOSES_MS - 1)
    const sent = signed.map(({ o, s }) => call(a.app, 'POST', `${mb}/ballots`, { cookie: o.cookie, body: s }))
    now = new Date(CLOSES_MS + 1)
    const tick = a.clock.tick(now)
    const statuses = await Promise.all(sent.map(async (r) => (await r).status))
    await tick
    expect(statuses.filter((s) => s === 201)).toHaveLength(60)
    now = new Date(COUNTING_ENDS)
    await a.clock.tick(now)
    expect((await bundleOf(id)).ballots).toHaveLength(60)
  }, 60_000)
})

describe('a read never closes a meeting (only the meeting clock and explicit commands change its state)', () => {
  it('leaves the stored meeting as it was through every read after its end, until the clock ticks', async () => {
    const { id, mb } = await noticedMeeting({ countingDays: 0 })
    now = new Date(CLOSES_MS + 3_600_000)
    const staff = await signInPhone(a, convener.phone)
    for (const path of [mb, `${mb}/summary`, `${mb}/announcement`, `${mb}/turnout`, `${mb}/objections`, base])
      await call(a.app, 'GET', path, { cookie: staff })
    const after = await storedStatus(id)
    expect(after).toEqual({ status: 'noticed', results_json: null })
    const closedEntries = await t.db
      .selectFrom('audit_log')
      .select('id')
      .where('subject', '=', id)
      .where('action', 'in', ['meeting.closed', 'meeting.voting_closed', 'meeting.opened'])
      .execute()
    expect(closedEntries).toEqual([])
    expect(await code(await call(a.app, 'GET', `${mb}/summary`))).toEqual({
      status: 409,
      code: 'results_not_ready',
    })
    await a.clock.tick(now)
    expect((await storedStatus(id)).status).toBe('closed')
    expect((await call(a.app, 'GET', `${mb}/summary`)).status).toBe(200)
  })
})

describe('paper after the close: the counting period (domain §6.1 step 3)', () => {
  it('keys in paper received before the close, refuses later paper and every online ballot, shows what is pending, and tallies when the period ends', async () => {
    const { id, mb } = await noticedMeeting()
    now = new Date(DURING)
    const [online] = await signedIn(await ownersWithPasskeys(t.db, 'jinxiu', { units: ['1-1-102'], now }))
    if (!online) throw new Error('no owner')
    const early = await signedBallot(a, mb, online.cookie, online.phone, online.voter, YES)
    if (early instanceof Response) throw new Error('prepare')

    now = new Date(CLOSES_MS + 3_600_000)
    await a.clock.tick(now)
    convener = { ...convener, cookie: await signInPhone(a, convener.phone) }
    clerk2 = { ...clerk2, cookie: await signInPhone(a, clerk2.phone) }
    const meeting = (await (await call(a.app, 'GET', mb)).json()) as {
      meeting: { status: string; countingEndsAt: string; votingClosedAt: string }
    }
    expect(meeting.meeting).toMatchObject({
      status: 'counting',
      countingEndsAt: COUNTING_ENDS,
      votingClosedAt: CLOSES,
    })
    // Online: the close is the close, even for a ballot signed before it.
    expect(
      await code(
        await call(a.app, 'POST', `${mb}/ballots`, {
          cookie: await signInPhone(a, online.phone),
          body: early,
        }),
      ),
    ).toEqual({ status: 409, code: 'meeting_not_open' })

    // Paper handed in before the close: keyed in now, with the time it was received.
    const received = new Date(CLOSES_MS - 3_600_000).toISOString()
    const counted = await paperBallot(mb, '1-1-103', { q1: 'no', q2: 'yes' }, received)
    expect(counted.confirmed?.status).toBe(201)
    const ballot = await t.db
      .selectFrom('ballots')
      .select(['received_at', 'created_at', 'status'])
      .where('meeting_id', '=', id)
      .executeTakeFirstOrThrow()
    expect(ballot).toEqual({ received_at: received, created_at: now.toISOString(), status: 'valid' })
    // Without the time it was received, received at or after the close, or before the notice: refused.
    expect(await code((await paperBallot(mb, '1-1-104', YES)).entered)).toEqual({
      status: 422,
      code: 'received_at_required',
    })
    expect(await code((await paperBallot(mb, '1-1-104', YES, CLOSES)).entered)).toEqual({
      status: 422,
      code: 'paper_received_after_close',
    })
    expect(await code((await paperBallot(mb, '1-1-104', YES, '2026-11-30T00:00:00Z')).entered)).toEqual({
      status: 422,
      code: 'paper_received_invalid',
    })
    // One entered, not yet confirmed: pending, shown in the turnout, and the conveners cannot declare all in.
    const scanId = await upload(mb, convener.cookie)
    const pendingEntry = await call(a.app, 'POST', `${mb}/paper-entries`, {
      cookie: convener.cookie,
      body: { unit: '1-1-202', choices: YES, scanId, receivedAt: received },
    })
    expect(pendingEntry.status).toBe(201)
    const turnout = (await (
      await call(a.app, 'GET', `${mb}/turnout`, { cookie: convener.cookie })
    ).json()) as {
      status: string
      voted: { heads: number }
      paperPending: { heads: number; voters: string[] }
      countingEndsAt: string
    }
    expect(turnout).toMatchObject({
      status: 'counting',
      voted: { heads: 1 },
      paperPending: { heads: 1, voters: ['1-1-202'] },
      countingEndsAt: COUNTING_ENDS,
    })
    expect(
      await code(await call(a.app, 'POST', `${mb}/paper-complete`, { cookie: convener.cookie })),
    ).toEqual({
      status: 409,
      code: 'paper_pending',
    })

    // The clock stores the tally when the counting period ends — not a millisecond before.
    now = new Date(Date.parse(COUNTING_ENDS) - 1)
    await a.clock.tick(now)
    expect((await storedStatus(id)).status).toBe('open')
    now = new Date(COUNTING_ENDS)
    await a.clock.tick(now)
    expect((await storedStatus(id)).status).toBe('closed')
    expect((await bundleOf(id)).ballots.map((b) => [b.unit, b.channel])).toEqual([['1-1-103', 'paper']])
    const closed = await t.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('subject', '=', id)
      .where('action', '=', 'meeting.closed')
      .executeTakeFirstOrThrow()
    expect(JSON.parse(closed.after_json ?? '{}')).toMatchObject({ ballots: 1, paperUnconfirmed: 1 })
    // After the tally nothing more is keyed in.
    convener = { ...convener, cookie: await signInPhone(a, convener.phone) }
    expect(await code((await paperBallot(mb, '1-1-104', YES, received)).entered)).toEqual({
      status: 409,
      code: 'meeting_not_open',
    })
  }, 60_000)

  it('writes a paper confirmation and its ballot in one transaction: a refused ballot leaves the entry refused, never confirmed without its ballot', async () => {
    const { id, mb } = await noticedMeeting({ voteChange: 'once_before_close' })
    now = new Date(DURING)
    convener = { ...convener, cookie: await signInPhone(a, convener.phone) }
    clerk2 = { ...clerk2, cookie: await signInPhone(a, clerk2.phone) }
    // A sole owner's paper ballot, changed once on paper, then a third: vote_change_used.
    expect((await paperBallot(mb, '1-1-102', YES)).confirmed?.status).toBe(201)
    expect((await paperBallot(mb, '1-1-102', { q1: 'no', q2: 'no' })).confirmed?.status).toBe(201)
    const third = await paperBallot(mb, '1-1-102', { q1: 'abstain', q2: 'no' })
    expect(third.confirmed && (await code(third.confirmed))).toEqual({
      status: 409,
      code: 'vote_change_used',
    })
    const entries = await t.db
      .selectFrom('paper_entries')
      .leftJoin('ballots', 'ballots.id', 'paper_entries.ballot_id')
      .select(['paper_entries.status', 'ballots.status as ballot'])
      .where('paper_entries.meeting_id', '=', id)
      .orderBy('paper_entries.entered_at')
      .execute()
    expect(entries).toEqual([
      { status: 'confirmed', ballot: 'superseded' },
      { status: 'confirmed', ballot: 'valid' },
      { status: 'refused', ballot: 'refused' },
    ])
  })
})

describe('voters (domain §3)', () => {
  /** The roll again with one unit's owner replaced, imported as the convener would after a sale. */
  async function sell(unit: string, buyer: { name: string; last4: string; phone: string }) {
    const csv = demoCsv()
      .split('\n')
      .map((line) => {
        if (!line.startsWith(`${unit},`)) return line
        const cells = line.split(',')
        cells[5] = buyer.name
        cells[6] = buyer.last4
        cells[7] = buyer.phone
        return cells.join(',')
      })
      .join('\n')
    const r = await importRoll(t.db, {
      estateId: 'jinxiu',
      fileName: 'roll-after-sale.csv',
      file: Buffer.from(csv),
      actor: `account:${convener.accountId}`,
      role: 'convener',
      now: () => now,
    })
    expect(r.ok).toBe(true)
  }
  const BUYER = { name: '郑新', last4: '2468', phone: '13900000001' }

  it('a unit sold during voting: the new owner votes for its voter, with the weight frozen at notice; the earlier owner no longer may', async () => {
    const { id, mb } = await noticedMeeting()
    now = new Date(DURING)
    const [seller] = await signedIn(await ownersWithPasskeys(t.db, 'jinxiu', { units: ['1-1-102'], now }))
    await sell('1-1-102', BUYER)
    const changes = await t.db.selectFrom('roll_changes').select(['unit_number', 'change']).execute()
    expect(changes).toEqual([{ unit_number: '1-1-102', change: 'modified' }])
    const [buyer] = await signedIn(await ownersWithPasskeys(t.db, 'jinxiu', { units: ['1-1-102'], now }))
    if (!seller || !buyer) throw new Error('no owners')
    expect(buyer.ownerId).not.toBe(seller.ownerId)
    const refused = await signedBallot(a, mb, seller.cookie, seller.phone, '1-1-102', YES)
    expect(refused instanceof Response && (await code(refused))).toEqual({
      status: 403,
      code: 'not_your_voter',
    })
    const mine = (await (await call(a.app, 'GET', `${mb}/me`, { cookie: buyer.cookie })).json()) as {
      voters: { voter: string; areaCm2: number }[]
    }
    expect(mine.voters).toEqual([expect.objectContaining({ voter: '1-1-102', areaCm2: 1_552_700 })])
    const s = await signedBallot(a, mb, buyer.cookie, buyer.phone, '1-1-102', YES)
    if (s instanceof Response) throw new Error(`prepare ${s.status}`)
    expect((await call(a.app, 'POST', `${mb}/ballots`, { cookie: buyer.cookie, body: s })).status).toBe(201)
    now = new Date(COUNTING_ENDS)
    await a.clock.tick(now)
    const bundle = (await bundleOf(id)) as unknown as {
      ballots: { unit: string }[]
      units: { id: string; areaCm2: number }[]
    }
    expect(bundle.ballots.map((b) => b.unit)).toEqual(['1-1-102'])
    expect(bundle.units.find((u) => u.id === '1-1-102')?.areaCm2).toBe(1_552_700)
  })

  it('a ballot the earlier owner cast before the sale stands: the new owner may not replace it, even when the last ballot counts', async () => {
    const { mb } = await noticedMeeting({ voteChange: 'last_counts' })
    now = new Date(DURING)
    const [seller] = await signedIn(await ownersWithPasskeys(t.db, 'jinxiu', { units: ['1-1-102'], now }))
    if (!seller) throw new Error('no owner')
    const s = await signedBallot(a, mb, seller.cookie, seller.phone, '1-1-102', YES)
    if (s instanceof Response) throw new Error(`prepare ${s.status}`)
    expect((await call(a.app, 'POST', `${mb}/ballots`, { cookie: seller.cookie, body: s })).status).toBe(201)
    await sell('1-1-102', BUYER)
    const [buyer] = await signedIn(await ownersWithPasskeys(t.db, 'jinxiu', { units: ['1-1-102'], now }))
    if (!buyer) throw new Error('no owner')
    const refused = await signedBallot(a, mb, buyer.cookie, buyer.phone, '1-1-102', { q1: 'no', q2: 'no' })
    expect(refused instanceof Response && (await code(refused))).toEqual({ status: 409, code: 'double_vote' })
  })

  it.each(['final', 'once_before_close', 'last_counts'] as const)(
    'co-owners under vote change %s: one never supersedes the other; only the one who cast may change',
    async (voteChange) => {
      const { mb } = await noticedMeeting({ voteChange })
      now = new Date(DURING)
      const [jia, yuan] = await signedIn(
        await ownersWithPasskeys(t.db, 'jinxiu', {
          units: [
            { unit: '1-1-201', name: '贾建国' },
            { unit: '1-1-201', name: '袁勇' },
          ],
          now,
        }),
      )
      if (!jia || !yuan) throw new Error('no co-owners')
      const cast = async (o: typeof jia, choices: Record<string, string>) => {
        const s = await signedBallot(a, mb, o.cookie, o.phone, '1-1-201', choices)
        if (s instanceof Response) return code(s)
        return code(await call(a.app, 'POST', `${mb}/ballots`, { cookie: o.cookie, body: s }))
      }
      expect((await cast(jia, YES)).status).toBe(201)
      expect(await cast(yuan, { q1: 'no', q2: 'no' })).toEqual({ status: 409, code: 'double_vote' })
      const again = await cast(jia, { q1: 'no', q2: 'yes' })
      expect(again.status === 201 ? 'changed' : again.code).toBe(
        voteChange === 'final' ? 'double_vote' : 'changed',
      )
      expect(await cast(yuan, { q1: 'abstain', q2: 'no' })).toEqual({ status: 409, code: 'double_vote' })
    },
  )
})

describe('the calendar of a meeting (民法典 arts. 201, 203)', () => {
  it('moves a close on a public holiday to 24:00 of the first working day after it, and the counting period after that', async () => {
    now = new Date('2026-09-01T02:00:00Z')
    convener = { ...convener, cookie: await signInPhone(a, convener.phone) }
    // Asked for 10:00 on 5 Oct: the window ends at 24:00 of its last day; 5 Oct is 国庆节, so 24:00 on 8 Oct.
    const { id, mb } = await noticedMeeting(
      {},
      { opensAt: '2026-09-16T16:00:00Z', closesAt: '2026-10-05T02:00:00Z' },
    )
    const m = (await (await call(a.app, 'GET', mb)).json()) as {
      meeting: { closesAt: string; countingEndsAt: string }
    }
    // 9 Oct (Fri), 10 Oct (Sat, a make-up working day), 11 Oct (Sun): the counting period ends at 24:00 on 11 Oct.
    expect(m.meeting).toMatchObject({
      closesAt: '2026-10-08T16:00:00.000Z',
      countingEndsAt: '2026-10-11T16:00:00.000Z',
    })
    const noticed = await t.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('subject', '=', id)
      .where('action', '=', 'meeting.noticed')
      .executeTakeFirstOrThrow()
    expect(JSON.parse(noticed.after_json ?? '{}')).toMatchObject({
      closesAtAsked: '2026-10-05T16:00:00.000Z',
      closesAt: '2026-10-08T16:00:00.000Z',
      holiday: '国庆节',
    })
  })

  it('refuses a meeting setting for parking: it is the estate’s rule of procedure (422 setting_of_estate)', async () => {
    const res = await call(a.app, 'POST', base, {
      cookie: convener.cookie,
      body: {
        title: '停车',
        opensAt: OPENS,
        closesAt: CLOSES,
        settings: { countParking: true },
        matters: MATTERS,
      },
    })
    expect(await code(res)).toEqual({ status: 422, code: 'setting_of_estate' })
    expect(await t.db.selectFrom('meetings').select('id').execute()).toEqual([])
  })
})
