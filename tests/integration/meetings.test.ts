import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { validateBundle } from '../../server/domain/bundle-validate'
import { computeResults, compareResults } from '../../server/domain/results'
import { verifyAuditChain } from '../../server/services/audit'
import {
  activateOwner,
  call,
  demoDb,
  enrolStaff,
  inviteUnit,
  ORIGIN,
  sessionCookie,
  signIn,
  type tempDb,
  testApp,
  type SignedIn,
  type TestApp,
} from '../support'
import type { SoftAuthenticator } from '../../server/demo/soft-authenticator'

/**
 * A whole meeting through the API, on a real SQLite file, with the server clock moved by the test:
 * definition → notice (15 full days, 民法典 art. 201) → open → ballots over every channel → close at the end time →
 * preliminary result → objections → sign-off → final.
 */

let t: Awaited<ReturnType<typeof tempDb>>
let a: TestApp
let now: Date
const setNow = (iso: string) => {
  now = new Date(iso)
}

// Notice on 1 December 10:00 China time: days 2–16 December are the 15 days; voting may open 17 December 00:00.
const NOTICE_AT = '2026-12-01T02:00:00Z'
const EARLIEST = '2026-12-16T16:00:00.000Z'
const CLOSES = '2026-12-26T16:00:00.000Z'

let convener: SignedIn
let clerk2: SignedIn
let supervisor: SignedIn
const base = '/api/estates/jinxiu/meetings'

beforeEach(async () => {
  t = await demoDb()
  setNow(NOTICE_AT)
  const wide = { points: 10_000, seconds: 60 }
  a = testApp(t.db, { now: () => now, rateLimits: { activation: wide, signIn: wide, invitations: wide } })
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  convener = await enrolStaff(a, t.db, 'convener', 'jinxiu', '召集人甲', now)
  clerk2 = await enrolStaff(a, t.db, 'convener', 'jinxiu', '召集人乙', now)
  supervisor = await enrolStaff(a, t.db, 'supervisor', 'jinxiu', '居委会', now)
})
afterEach(async () => {
  vi.restoreAllMocks()
  await a.tracker.drain()
  await t.cleanup()
})

type Body = Record<string, unknown> & { error?: { code: string; details?: unknown } }
const json = async (res: Response) => (await res.json()) as Body

const definition = (opensAt = EARLIEST, closesAt = CLOSES) => ({
  title: '2026年第一次业主大会会议',
  opensAt,
  closesAt,
  matters: [
    { kind: 'management_covenant', title: '修改管理规约', body: '全文见附件' },
    { kind: 'raise_maintenance_fund', title: '续筹专项维修资金', body: '每平方米 30 元' },
    {
      kind: 'elect_committee',
      title: '选举第一届业主委员会',
      seats: 5,
      candidates: [
        '1-1-101:潘芳',
        '1-1-102:段文杰',
        '1-1-103:黎海燕',
        '1-1-201:贾建国',
        '1-1-201:袁勇',
        '7-2-601:雷军',
      ].map((s) => {
        const [unit, name] = s.split(':') as [string, string]
        return {
          unit,
          name,
          statement: '',
          eligibility: { fullCapacity: true, noArrears: true, notPropertyStaff: true },
        }
      }),
    },
  ],
})

async function createMeeting(): Promise<string> {
  const res = await call(a.app, 'POST', base, { cookie: convener.cookie, body: definition() })
  expect(res.status).toBe(201)
  return ((await res.json()) as { meeting: { id: string } }).meeting.id
}

/** A fresh session for a phone at the current (moved) clock. */
async function session(phone: SoftAuthenticator): Promise<string> {
  const res = await signIn(a, phone)
  expect(res.status).toBe(200)
  return sessionCookie(res)
}

async function vote(
  meetingId: string,
  cookie: string,
  phone: SoftAuthenticator,
  voter: string,
  choices: Record<string, unknown>,
): Promise<Response> {
  const prepared = await call(a.app, 'POST', `${base}/${meetingId}/ballot-options`, {
    cookie,
    body: { voter, choices },
  })
  if (prepared.status !== 200) return prepared
  const { ballot, options } = (await prepared.json()) as {
    ballot: { nonce: string }
    options: Parameters<SoftAuthenticator['authenticate']>[0]
  }
  return call(a.app, 'POST', `${base}/${meetingId}/ballots`, {
    cookie,
    body: { nonce: ballot.nonce, response: phone.authenticate(options) },
  })
}

async function upload(meetingId: string, purpose: string, cookie = convener.cookie): Promise<string> {
  const form = new FormData()
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4])
  form.append('file', new File([png], 'scan.png'))
  form.append('purpose', purpose)
  const res = await a.app.request(`${base}/${meetingId}/attachments`, {
    method: 'POST',
    body: form,
    headers: { cookie, origin: ORIGIN },
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { attachment: { id: string } }).attachment.id
}

const yesAll = { q1: 'yes', q2: 'yes', q3: ['c1', 'c2', 'c3', 'c4', 'c5'] }

describe('meeting definition and notice', () => {
  it('refuses a window opening before 15 full days after notice (422 calendar_violation), and accepts the earliest', async () => {
    const early = await call(a.app, 'POST', base, {
      cookie: convener.cookie,
      body: definition('2026-12-16T15:59:59.999Z'),
    })
    const id = ((await early.json()) as { meeting: { id: string; earliestOpening: string } }).meeting.id
    const refused = await call(a.app, 'POST', `${base}/${id}/notice`, { cookie: convener.cookie })
    expect(refused.status).toBe(422)
    expect((await json(refused)).error?.code).toBe('calendar_violation')
    const meeting = await createMeeting()
    const shown = (await (
      await call(a.app, 'GET', `${base}/${meeting}`, { cookie: convener.cookie })
    ).json()) as {
      meeting: { earliestOpening: string }
    }
    expect(shown.meeting.earliestOpening).toBe(EARLIEST)
    const noticed = await call(a.app, 'POST', `${base}/${meeting}/notice`, { cookie: convener.cookie })
    expect(noticed.status).toBe(200)
    expect(((await noticed.json()) as { meeting: { status: string } }).meeting.status).toBe('noticed')
  })

  it('refuses a looser threshold and an even number of seats (422 agenda_invalid)', async () => {
    const body = definition()
    body.matters[0] = { ...body.matters[0], approval: { num: 1, den: 3, strict: false } } as never
    ;(body.matters[2] as { seats: number }).seats = 4
    const res = await call(a.app, 'POST', base, { cookie: convener.cookie, body })
    expect(res.status).toBe(422)
    const problems = ((await json(res)).error?.details as { problems: { code: string }[] }).problems.map(
      (p) => p.code,
    )
    expect(problems).toEqual(expect.arrayContaining(['threshold_looser_than_law', 'seats_invalid']))
    expect(await t.db.selectFrom('meetings').selectAll().execute()).toHaveLength(0)
  })

  it('fixes the agenda at notice: editing is refused (409 meeting_not_draft)', async () => {
    const id = await createMeeting()
    await call(a.app, 'POST', `${base}/${id}/notice`, { cookie: convener.cookie })
    const res = await call(a.app, 'PUT', `${base}/${id}`, { cookie: convener.cookie, body: definition() })
    expect(res.status).toBe(409)
    expect((await json(res)).error?.code).toBe('meeting_not_draft')
  })
})

describe('a whole meeting', () => {
  it('runs from notice to final announcement with every channel, and publishes a bundle the verifier accepts', async () => {
    const owner = await activateOwner(a, await inviteUnit(t.db, 'jinxiu', '1-1-101', now), '潘芳', '9839')
    const coOwner = await activateOwner(a, await inviteUnit(t.db, 'jinxiu', '1-1-201', now), '贾建国', '6055')
    const twoFlats = await activateOwner(
      a,
      await inviteUnit(t.db, 'jinxiu', '12-1-202', now),
      '贾欣怡',
      '4599',
    )
    const holder = await activateOwner(a, await inviteUnit(t.db, 'jinxiu', '1-1-102', now), '段文杰', '4741')
    const id = await createMeeting()
    expect((await call(a.app, 'POST', `${base}/${id}/notice`, { cookie: convener.cookie })).status).toBe(200)

    // Before the opening: refused.
    const early = await vote(id, owner.cookie, owner.phone, '1-1-101', yesAll)
    expect(early.status).toBe(409)
    expect((await json(early)).error?.code).toBe('meeting_not_open')

    // A proxy recorded before the opening, directed on q2.
    const doc = await upload(id, 'proxy_document')
    const proxy = await call(a.app, 'POST', `${base}/${id}/proxies`, {
      cookie: convener.cookie,
      body: {
        unit: '1-1-103',
        holderAccountId: holder.accountId,
        holderIsPropertyStaff: false,
        directions: { q2: 'no' },
        documentId: doc,
      },
    })
    expect(proxy.status).toBe(201)
    // The holder sees, signed in as themselves, the voter they may act for.
    const holderMe = (await (await call(a.app, 'GET', '/api/me', { cookie: holder.cookie })).json()) as {
      me: { proxies: { voter: string; meetingId: string }[] }
    }
    expect(holderMe.me.proxies).toEqual([expect.objectContaining({ voter: '1-1-103', meetingId: id })])

    setNow('2026-12-18T02:00:00Z')
    const c = {
      owner: await session(owner.phone),
      coOwner: await session(coOwner.phone),
      twoFlats: await session(twoFlats.phone),
      holder: await session(holder.phone),
      convener: await session(convener.phone),
      clerk2: await session(clerk2.phone),
      supervisor: await session(supervisor.phone),
    }

    // Online, with a retried submission answering the same receipt.
    const prepared = await call(a.app, 'POST', `${base}/${id}/ballot-options`, {
      cookie: c.owner,
      body: { voter: '1-1-101', choices: yesAll },
    })
    const { ballot, options } = (await prepared.json()) as {
      ballot: { nonce: string; choices: unknown }
      options: Parameters<SoftAuthenticator['authenticate']>[0]
    }
    expect(ballot.choices).toEqual(yesAll)
    const assertion = owner.phone.authenticate(options)
    const first = await call(a.app, 'POST', `${base}/${id}/ballots`, {
      cookie: c.owner,
      body: { nonce: ballot.nonce, response: assertion },
    })
    expect(first.status).toBe(201)
    const receipt = ((await first.json()) as { receipt: { receipt: string } }).receipt.receipt
    expect(receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/)
    const retried = await call(a.app, 'POST', `${base}/${id}/ballots`, {
      cookie: c.owner,
      body: { nonce: ballot.nonce, response: assertion },
    })
    expect(((await retried.json()) as { receipt: { receipt: string } }).receipt.receipt).toBe(receipt)

    // A second ballot for the same voter: refused, kept as evidence.
    const again = await vote(id, c.owner, owner.phone, '1-1-101', { q1: 'no', q2: 'no', q3: [] })
    expect(again.status).toBe(409)
    expect((await json(again)).error?.code).toBe('double_vote')

    // A co-owner and an owner of two flats (one voter, both units).
    expect(
      (await vote(id, c.coOwner, coOwner.phone, '1-1-201', { q1: 'no', q2: 'abstain', q3: ['c4'] })).status,
    ).toBe(201)
    const me = (await (await call(a.app, 'GET', `${base}/${id}/me`, { cookie: c.twoFlats })).json()) as {
      voters: { voter: string; units: string[] }[]
    }
    expect(me.voters).toEqual([
      expect.objectContaining({ voter: '12-1-202', units: ['12-1-202', '14-2-402'] }),
    ])
    expect(
      (await vote(id, c.twoFlats, twoFlats.phone, '12-1-202', { q1: 'yes', q2: 'no', q3: ['c1'] })).status,
    ).toBe(201)

    // Not one's own voter; an over-vote; a matter outside the meeting.
    expect((await json(await vote(id, c.owner, owner.phone, '1-1-302', yesAll))).error?.code).toBe(
      'not_your_voter',
    )
    const over = await vote(id, c.holder, holder.phone, '1-1-102', {
      q1: 'yes',
      q2: 'yes',
      q3: ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'],
    })
    expect((await json(over)).error?.code).toBe('ballot_invalid')

    // The proxy holder, within the directions only; then their own ballot.
    const departs = await vote(id, c.holder, holder.phone, '1-1-103', yesAll)
    expect(departs.status).toBe(422)
    expect((await json(departs)).error?.code).toBe('proxy_directions_violated')
    expect((await vote(id, c.holder, holder.phone, '1-1-103', { ...yesAll, q2: 'no' })).status).toBe(201)
    expect((await vote(id, c.holder, holder.phone, '1-1-102', yesAll)).status).toBe(201)
    // The spent proxy still shows the holder the ballot they cast with it.
    const holderPart = (await (
      await call(a.app, 'GET', `${base}/${id}/me`, { cookie: c.holder })
    ).json()) as {
      voters: { voter: string; as: string; ballot: { channel: string } | null }[]
    }
    expect(holderPart.voters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          voter: '1-1-103',
          as: 'proxy',
          ballot: expect.objectContaining({ channel: 'proxy' }),
        }),
      ]),
    )

    // Paper: entered by one convener, confirmed blind by another; a mismatch is flagged, never guessed.
    const scan = await upload(id, 'paper_scan', c.convener)
    const entered = await call(a.app, 'POST', `${base}/${id}/paper-entries`, {
      cookie: c.convener,
      body: {
        unit: '2-1-101',
        choices: { q1: 'yes', q2: { invalid: '两个方框都打勾 two boxes ticked' }, q3: ['c2'] },
        scanId: scan,
      },
    })
    expect(entered.status).toBe(201)
    const { entryId } = (await entered.json()) as { entryId: string }
    const sameClerk = await call(a.app, 'POST', `${base}/${id}/paper-entries/${entryId}/confirmation`, {
      cookie: c.convener,
      body: { choices: { q1: 'yes', q2: { invalid: '两个方框都打勾 two boxes ticked' }, q3: ['c2'] } },
    })
    expect((await json(sameClerk)).error?.code).toBe('same_clerk')
    const mismatch = await call(a.app, 'POST', `${base}/${id}/paper-entries/${entryId}/confirmation`, {
      cookie: c.clerk2,
      body: { choices: { q1: 'no', q2: { invalid: '两个方框都打勾 two boxes ticked' }, q3: ['c2'] } },
    })
    expect(mismatch.status).toBe(409)
    expect(await mismatch.json()).toEqual({ status: 'mismatch', matters: ['q1'] })
    const queue = (await (
      await call(a.app, 'GET', `${base}/${id}/paper-entries?status=mismatch`, { cookie: c.supervisor })
    ).json()) as { entries: Record<string, unknown>[] }
    expect(queue.entries).toHaveLength(1)
    expect(JSON.stringify(queue)).not.toContain('choices')
    const reentered = await call(a.app, 'POST', `${base}/${id}/paper-entries`, {
      cookie: c.convener,
      body: {
        unit: '2-1-101',
        choices: { q1: 'yes', q2: { invalid: '两个方框都打勾 two boxes ticked' }, q3: ['c2'] },
        scanId: scan,
      },
    })
    const second = (await reentered.json()) as { entryId: string }
    const confirmed = await call(
      a.app,
      'POST',
      `${base}/${id}/paper-entries/${second.entryId}/confirmation`,
      {
        cookie: c.clerk2,
        body: { choices: { q3: ['c2'], q2: { invalid: '两个方框都打勾 two boxes ticked' }, q1: 'yes' } },
      },
    )
    expect(confirmed.status).toBe(201)

    // Service of the notice on paper, and the list of service records.
    expect(
      (
        await call(a.app, 'POST', `${base}/${id}/service`, {
          cookie: c.convener,
          body: { unit: '2-1-102', method: 'paper_receipt', evidence: '签收单 receipt no. 17' },
        })
      ).status,
    ).toBe(201)
    const service = (await (
      await call(a.app, 'GET', `${base}/${id}/service`, { cookie: c.supervisor })
    ).json()) as {
      service: { voter: string; method: string }[]
    }
    expect(service.service).toEqual(
      expect.arrayContaining([expect.objectContaining({ voter: '2-1-102', method: 'paper_receipt' })]),
    )

    // Turnout while open: units and area, never choices.
    const turnout = (await (
      await call(a.app, 'GET', `${base}/${id}/turnout`, { cookie: c.supervisor })
    ).json()) as {
      voted: { heads: number }
    }
    expect(turnout.voted.heads).toBe(6)
    expect(JSON.stringify(turnout)).not.toMatch(/"yes"|"no"/)
    // The bundle does not exist before the tally.
    expect((await call(a.app, 'GET', `${base}/${id}/summary`)).status).toBe(409)

    // The end passes: a read changes nothing; the meeting clock ends online voting, and paper handed in before
    // the close is still keyed in during the counting period (domain §6.1 step 3).
    const paperScan = await upload(id, 'paper_scan', c.convener)
    setNow('2026-12-27T01:00:00Z')
    const counting = (await (await call(a.app, 'GET', `${base}/${id}`)).json()) as {
      meeting: { status: string; bundleSha256: string | null; countingEndsAt: string }
    }
    expect(counting.meeting).toMatchObject({ status: 'counting', bundleSha256: null })
    expect(counting.meeting.countingEndsAt).toBe('2026-12-29T16:00:00.000Z') // 24:00 on 29 Dec, China time
    // The read wrote nothing: the row still says what the last command or clock tick left (no tick ran yet).
    expect(
      (await t.db.selectFrom('meetings').select('status').where('id', '=', id).executeTakeFirstOrThrow())
        .status,
    ).toBe('noticed')
    expect(await a.clock.tick(now)).toBe(1)
    const late = await vote(id, await session(owner.phone), owner.phone, '1-1-101', yesAll)
    expect((await json(late)).error?.code).toBe('meeting_not_open')
    const cc = await session(convener.phone)
    const c2 = await session(clerk2.phone)
    const afterClose = await call(a.app, 'POST', `${base}/${id}/paper-entries`, {
      cookie: cc,
      body: { unit: '2-1-102', choices: { q1: 'no', q2: 'no', q3: [] }, scanId: paperScan },
    })
    expect((await json(afterClose)).error?.code).toBe('received_at_required')
    const keyedLate = await call(a.app, 'POST', `${base}/${id}/paper-entries`, {
      cookie: cc,
      body: {
        unit: '2-1-102',
        choices: { q1: 'no', q2: 'no', q3: [] },
        scanId: paperScan,
        receivedAt: '2026-12-26T15:30:00Z',
      },
    })
    expect(keyedLate.status).toBe(201)
    const lateEntry = ((await keyedLate.json()) as { entryId: string }).entryId
    const counted = await call(a.app, 'POST', `${base}/${id}/paper-entries/${lateEntry}/confirmation`, {
      cookie: c2,
      body: { choices: { q1: 'no', q2: 'no', q3: [] } },
    })
    expect(counted.status).toBe(201)
    const pending = (await (await call(a.app, 'GET', `${base}/${id}/turnout`, { cookie: cc })).json()) as {
      status: string
      paperPending: { heads: number }
    }
    expect(pending).toMatchObject({ status: 'counting', paperPending: { heads: 0 } })
    // The conveners declare all paper entered: the tally is stored at once.
    const complete = await call(a.app, 'POST', `${base}/${id}/paper-complete`, { cookie: cc })
    expect(complete.status).toBe(200)
    const closed = ((await complete.json()) as { meeting: { status: string; bundleSha256: string } }).meeting
    expect(closed.status).toBe('closed')

    // The full bundle is for the estate's owners and staff, each download audited; anyone gets the summary.
    expect((await call(a.app, 'GET', `${base}/${id}/bundle`)).status).toBe(401)
    const bundleRes = await call(a.app, 'GET', `${base}/${id}/bundle`, {
      cookie: await session(coOwner.phone),
    })
    const text = await bundleRes.text()
    expect(bundleRes.headers.get('x-content-sha256')).toBe(closed.bundleSha256)
    const check = validateBundle(JSON.parse(text))
    expect(check.ok).toBe(true)
    if (!check.ok) return
    expect(check.bundle.ballots).toHaveLength(7)
    expect(compareResults(computeResults(check.bundle), check.bundle.results as never)).toEqual([])
    expect(text).not.toContain('潘芳') // owners pseudonymous, candidates masked
    const downloads = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'bundle.downloaded')
      .execute()
    expect(downloads).toEqual([
      expect.objectContaining({ actor: `account:${coOwner.accountId}`, subject: id }),
    ])

    const summary = (await (await call(a.app, 'GET', `${base}/${id}/summary`)).json()) as {
      format: string
      bundleSha256: string
      bulletin: { receipt: string; choices: unknown }[]
      voted: { unit: string }[]
    }
    expect(summary.format).toBe('gongjue.results-summary/1')
    expect(summary.bundleSha256).toBe(closed.bundleSha256)
    expect(summary.bulletin.find((r) => r.receipt === receipt)?.choices).toEqual(yesAll)
    expect(summary.voted.map((v) => v.unit)).toContain('2-1-102')

    // Preliminary result, an objection with its answer, the supervisor's sign-off, then the final announcement.
    expect((await call(a.app, 'POST', `${base}/${id}/preliminary`, { cookie: cc })).status).toBe(200)
    const objection = await call(a.app, 'POST', `${base}/${id}/objections`, {
      cookie: await session(owner.phone),
      body: { text: '我的选票是否计入？' },
    })
    expect(objection.status).toBe(201)
    const { objectionId } = (await objection.json()) as { objectionId: number }
    expect(
      (
        await call(a.app, 'POST', `${base}/${id}/objections/${objectionId}/answer`, {
          cookie: cc,
          body: { answer: '已计入，回执见公示。' },
        })
      ).status,
    ).toBe(204)
    const sc = await session(supervisor.phone)
    const tooSoon = await call(a.app, 'POST', `${base}/${id}/final`, { cookie: cc })
    expect((await json(tooSoon)).error?.code).toBe('objection_period_running')
    expect(
      (await call(a.app, 'POST', `${base}/${id}/signoffs`, { cookie: sc, body: { decision: 'approve' } }))
        .status,
    ).toBe(201)
    const signoffs = (await (await call(a.app, 'GET', `${base}/${id}/signoffs`, { cookie: sc })).json()) as {
      signoffs: { decision: string; by: string }[]
    }
    expect(signoffs.signoffs).toEqual([expect.objectContaining({ decision: 'approve', by: '居委会' })])
    const secondObjection = await call(a.app, 'POST', `${base}/${id}/objections`, {
      cookie: await session(twoFlats.phone),
      body: { text: '14-2-402 的面积是否按登记面积计算？' },
    })
    expect(secondObjection.status).toBe(201)
    setNow('2027-01-05T01:00:00Z')
    // The objection period and the sign-off are done: the final is due within 3 days (北京 art. 37) — from 24:00
    // on 3 Jan, the end of the objection period, to 24:00 on 6 Jan.
    const due = (await (await call(a.app, 'GET', `${base}/${id}`)).json()) as {
      meeting: { finalDue: { dueAt: string; overdue: boolean } | null }
    }
    expect(due.meeting.finalDue).toEqual({ dueAt: '2027-01-06T16:00:00.000Z', overdue: false })
    const cc2 = await session(convener.phone)
    // Not while an objection is unanswered (domain §6.1 step 5).
    const unanswered = await call(a.app, 'POST', `${base}/${id}/final`, { cookie: cc2 })
    expect(unanswered.status).toBe(409)
    expect((await json(unanswered)).error).toMatchObject({
      code: 'objections_unanswered',
      details: { count: 1 },
    })
    const secondId = ((await secondObjection.json()) as { objectionId: number }).objectionId
    await call(a.app, 'POST', `${base}/${id}/objections/${secondId}/answer`, {
      cookie: cc2,
      body: { answer: '按不动产登记簿面积计算。' },
    })
    setNow('2027-01-06T17:00:00Z')
    const overdue = (await (await call(a.app, 'GET', `${base}/${id}`)).json()) as {
      meeting: { finalDue: { overdue: boolean } }
    }
    expect(overdue.meeting.finalDue.overdue).toBe(true)
    const final = await call(a.app, 'POST', `${base}/${id}/final`, { cookie: await session(convener.phone) })
    expect(final.status).toBe(200)
    const ann = (await (await call(a.app, 'GET', `${base}/${id}/announcement`)).json()) as {
      announcement: {
        kind: string
        bundleSha256: string
        auditHead: string
        matters: { outcome: string; summary: { zh: string } }[]
      }
    }
    expect(ann.announcement.kind).toBe('final')
    expect(ann.announcement.bundleSha256).toBe(closed.bundleSha256)
    expect(ann.announcement.auditHead).toMatch(/^[0-9a-f]{64}$/)
    // 7 of 939 voters took part: no quorum on every matter.
    expect(ann.announcement.matters.map((m) => m.outcome)).toEqual(['no_quorum', 'no_quorum', 'no_quorum'])

    const detail = await (
      await call(a.app, 'GET', `${base}/${id}/exports/detail.csv`, {
        cookie: await session(supervisor.phone),
      })
    ).text()
    expect(detail.split('\r\n').filter(Boolean)).toHaveLength(1 + 939)
    expect(detail).toContain(receipt)

    expect((await verifyAuditChain(t.db)).ok).toBe(true)
    // A cast ballot cannot be changed or deleted, even by someone with the database.
    await expect(t.db.updateTable('ballots').set({ choices_json: '{}' }).execute()).rejects.toThrow(
      /append-only/,
    )
    await expect(t.db.deleteFrom('ballots').execute()).rejects.toThrow(/append-only/)
    t.sqlite?.exec('drop trigger audit_log_no_update')
    t.sqlite?.exec(`update audit_log set after_json = '{}' where action = 'ballot.cast'`)
    expect((await verifyAuditChain(t.db)).ok).toBe(false)
  }, 30_000)

  it('keeps exactly one valid ballot when 100 submissions for one voter arrive at once', async () => {
    const owner = await activateOwner(a, await inviteUnit(t.db, 'jinxiu', '1-1-101', now), '潘芳', '9839')
    const id = await createMeeting()
    await call(a.app, 'POST', `${base}/${id}/notice`, { cookie: convener.cookie })
    setNow('2026-12-18T02:00:00Z')
    const cookie = await session(owner.phone)
    const prepared = []
    for (let i = 0; i < 100; i++) {
      const res = await call(a.app, 'POST', `${base}/${id}/ballot-options`, {
        cookie,
        body: { voter: '1-1-101', choices: { q1: i % 2 ? 'yes' : 'no', q2: 'yes', q3: [] } },
      })
      prepared.push(
        (await res.json()) as {
          ballot: { nonce: string }
          options: Parameters<SoftAuthenticator['authenticate']>[0]
        },
      )
    }
    // Signatures made in order (the authenticator's counter rises), sent all at once.
    const bodies = prepared.map((p) => ({
      nonce: p.ballot.nonce,
      response: owner.phone.authenticate(p.options),
    }))
    const results = await Promise.all(
      bodies.map((body) => call(a.app, 'POST', `${base}/${id}/ballots`, { cookie, body })),
    )
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(1)
    const valid = await t.db
      .selectFrom('ballots')
      .selectAll()
      .where('meeting_id', '=', id)
      .where('status', '=', 'valid')
      .execute()
    expect(valid).toHaveLength(1)
    const kept = await t.db
      .selectFrom('ballots')
      .selectAll()
      .where('meeting_id', '=', id)
      .where('status', '=', 'refused')
      .execute()
    // Refused ones are kept as evidence (those whose signature verified; a counter behind the stored one fails).
    expect(kept.length + valid.length + statuses.filter((s) => s === 400).length).toBe(100)
    expect(kept.every((b) => b.refusal === 'double_vote')).toBe(true)
  }, 60_000)

  it('lets an online ballot replace a paper one under online_wins, never the reverse', async () => {
    const owner = await activateOwner(a, await inviteUnit(t.db, 'jinxiu', '1-1-101', now), '潘芳', '9839')
    const body = { ...definition(), settings: { conflictRule: 'online_wins' } }
    const res = await call(a.app, 'POST', base, { cookie: convener.cookie, body })
    const id = ((await res.json()) as { meeting: { id: string } }).meeting.id
    await call(a.app, 'POST', `${base}/${id}/notice`, { cookie: convener.cookie })
    setNow('2026-12-18T02:00:00Z')
    const cc = await session(convener.phone)
    const c2 = await session(clerk2.phone)
    const scan = await upload(id, 'paper_scan', cc)
    const paper = { q1: 'no', q2: 'no', q3: [] }
    const e = (await (
      await call(a.app, 'POST', `${base}/${id}/paper-entries`, {
        cookie: cc,
        body: { unit: '1-1-101', choices: paper, scanId: scan },
      })
    ).json()) as { entryId: string }
    expect(
      (
        await call(a.app, 'POST', `${base}/${id}/paper-entries/${e.entryId}/confirmation`, {
          cookie: c2,
          body: { choices: paper },
        })
      ).status,
    ).toBe(201)
    expect((await vote(id, await session(owner.phone), owner.phone, '1-1-101', yesAll)).status).toBe(201)
    const rows = await t.db
      .selectFrom('ballots')
      .select(['channel', 'status'])
      .where('meeting_id', '=', id)
      .orderBy('created_at')
      .execute()
    expect(rows).toEqual([
      { channel: 'paper', status: 'superseded' },
      { channel: 'online', status: 'valid' },
    ])
  })
})
