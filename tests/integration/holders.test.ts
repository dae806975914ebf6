import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  activateOwner,
  call,
  demoDb,
  enrolStaff,
  inviteUnit,
  ORIGIN,
  type tempDb,
  testApp,
  type SignedIn,
  type TestApp,
} from '../support'
import { ownersWithPasskeys, signedBallot, signInPhone } from '../support/voters'

/**
 * Who acts for a voter besides its owners (domain §3): the co-owners' named representative — recorded by a
 * convener from the signed paper, or nominated in the app by every co-owner — after which only the representative
 * casts; and the guardian of a minor or incapacitated owner, who activates and votes for them while the owner
 * does not (民法典 arts. 23, 34; 指导规则 art. 25).
 */

let t: Awaited<ReturnType<typeof tempDb>>
let a: TestApp
let now: Date
let convener: SignedIn
const base = '/api/estates/jinxiu'

beforeEach(async () => {
  t = await demoDb(new Date('2026-11-01T00:00:00Z'))
  now = new Date('2026-12-01T02:00:00Z')
  const wide = { points: 10_000, seconds: 60 }
  a = testApp(t.db, { now: () => now, rateLimits: { activation: wide, signIn: wide, invitations: wide } })
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  convener = await enrolStaff(a, t.db, 'convener', 'jinxiu', '召集人甲', now)
})
afterEach(async () => {
  vi.restoreAllMocks()
  await a.tracker.drain()
  await t.cleanup()
})

type Body = Record<string, unknown> & { error?: { code: string } }
const code = async (res: Response) => ({ status: res.status, code: ((await res.json()) as Body).error?.code })

async function document(purpose: 'representative' | 'guardian'): Promise<string> {
  const form = new FormData()
  form.append('file', new File([new TextEncoder().encode('%PDF-1.4 signed paper')], 'signed.pdf'))
  form.append('purpose', purpose)
  const res = await a.app.request(`${base}/documents`, {
    method: 'POST',
    body: form,
    headers: { cookie: convener.cookie, origin: ORIGIN },
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { document: { id: string } }).document.id
}

/** The roll id of the owner of that name on that unit (names repeat across an estate). */
const ownerId = async (name: string, unit: string) =>
  (
    await t.db
      .selectFrom('owners')
      .innerJoin('unit_owners', 'unit_owners.owner_id', 'owners.id')
      .innerJoin('units', 'units.id', 'unit_owners.unit_id')
      .select('owners.id')
      .where('owners.name', '=', name)
      .where('units.number', '=', unit)
      .executeTakeFirstOrThrow()
  ).id

/** An open meeting on the demo roll (notice now, voting from 17 Dec). */
async function openMeeting(settings: Record<string, unknown> = {}) {
  const res = await call(a.app, 'POST', `${base}/meetings`, {
    cookie: convener.cookie,
    body: {
      title: '测试会议',
      opensAt: '2026-12-16T16:00:00Z',
      closesAt: '2026-12-26T16:00:00Z',
      settings,
      matters: [{ kind: 'management_covenant', title: '修改管理规约', body: '' }],
    },
  })
  const id = ((await res.json()) as { meeting: { id: string } }).meeting.id
  expect(
    (await call(a.app, 'POST', `${base}/meetings/${id}/notice`, { cookie: convener.cookie })).status,
  ).toBe(200)
  now = new Date('2026-12-18T02:00:00Z')
  return `${base}/meetings/${id}`
}

async function cast(
  mb: string,
  o: { cookie: string; phone: Parameters<typeof signInPhone>[1] },
  voter: string,
  q1: string,
) {
  const s = await signedBallot(a, mb, o.cookie, o.phone, voter, { q1 })
  if (s instanceof Response) return code(s)
  return code(await call(a.app, 'POST', `${mb}/ballots`, { cookie: o.cookie, body: s }))
}

describe('co-owners’ named representative (指导规则 art. 25)', () => {
  it('a convener records the representative from the signed paper; then only the representative casts', async () => {
    const jia = await ownerId('贾建国', '1-1-201')
    const doc = await document('representative')
    const people = (await (
      await call(a.app, 'GET', `${base}/units/1-1-201/people`, { cookie: convener.cookie })
    ).json()) as {
      owners: { ownerId: number; name: string }[]
    }
    expect(people.owners.map((o) => o.name)).toEqual(['贾建国', '袁勇'])
    // Refused: a unit with one owner, someone not an owner of the unit, no signed paper.
    const record = (body: Record<string, unknown>) =>
      call(a.app, 'POST', `${base}/representatives`, { cookie: convener.cookie, body })
    expect(
      await code(
        await record({ unit: '1-1-101', ownerId: await ownerId('潘芳', '1-1-101'), documentId: doc }),
      ),
    ).toEqual({
      status: 422,
      code: 'not_co_owned',
    })
    expect(
      await code(
        await record({ unit: '1-1-201', ownerId: await ownerId('潘芳', '1-1-101'), documentId: doc }),
      ),
    ).toEqual({
      status: 422,
      code: 'not_an_owner',
    })
    expect(
      await code(await record({ unit: '1-1-201', ownerId: jia, documentId: await document('guardian') })),
    ).toEqual({
      status: 422,
      code: 'document_missing',
    })
    expect((await record({ unit: '1-1-201', ownerId: jia, documentId: doc })).status).toBe(201)
    const listed = (await (
      await call(a.app, 'GET', `${base}/representatives`, { cookie: convener.cookie })
    ).json()) as {
      representatives: { unit: string; representative: string; source: string }[]
    }
    expect(listed.representatives).toEqual([
      expect.objectContaining({ unit: '1-1-201', representative: '贾*', source: 'convener' }),
    ])

    const mb = await openMeeting()
    const [j, y] = await Promise.all(
      (
        await ownersWithPasskeys(t.db, 'jinxiu', {
          units: [
            { unit: '1-1-201', name: '贾建国' },
            { unit: '1-1-201', name: '袁勇' },
          ],
          now,
        })
      ).map(async (o) => ({ ...o, cookie: await signInPhone(a, o.phone) })),
    )
    if (!j || !y) throw new Error('no co-owners')
    // The other co-owner sees who casts, and is refused before the fingerprint.
    const mine = (await (await call(a.app, 'GET', `${mb}/me`, { cookie: y.cookie })).json()) as {
      voters: { voter: string; representative: string | null }[]
    }
    expect(mine.voters).toEqual([expect.objectContaining({ voter: '1-1-201', representative: '贾*' })])
    expect(await cast(mb, y, '1-1-201', 'yes')).toEqual({ status: 403, code: 'representative_named' })
    expect((await cast(mb, j, '1-1-201', 'no')).status).toBe(201)
  })

  it('every co-owner nominating the same person in the app names them; the representative may change a co-owner’s ballot where the setting allows', async () => {
    const mb = await openMeeting({ voteChange: 'last_counts' })
    const owners = await ownersWithPasskeys(t.db, 'jinxiu', {
      units: [
        { unit: '1-1-201', name: '贾建国' },
        { unit: '1-1-201', name: '袁勇' },
      ],
      now,
    })
    const [j, y] = await Promise.all(
      owners.map(async (o) => ({ ...o, cookie: await signInPhone(a, o.phone) })),
    )
    if (!j || !y) throw new Error('no co-owners')
    // 贾建国 votes first; then both name 袁勇.
    expect((await cast(mb, j, '1-1-201', 'yes')).status).toBe(201)
    const me = (await (await call(a.app, 'GET', '/api/me', { cookie: y.cookie })).json()) as {
      me: { owner: { voters: { people: { ownerId: number; name: string; you: boolean }[] }[] } }
    }
    const yuan = me.me.owner.voters[0]?.people.find((p) => p.you)?.ownerId as number
    expect(me.me.owner.voters[0]?.people.map((p) => p.name)).toEqual(['贾建国', '袁勇'])
    const nominate = (o: typeof j) =>
      call(a.app, 'POST', `${base}/representatives/nominations`, {
        cookie: o.cookie,
        body: { unit: '1-1-201', nomineeOwnerId: yuan },
      })
    expect(await (await nominate(y)).json()).toEqual({ named: false, waitingFor: 1 })
    expect(await (await nominate(j)).json()).toEqual({ named: true, waitingFor: 0 })
    const named = await t.db
      .selectFrom('representatives')
      .select(['owner_id', 'source', 'document_id'])
      .where('revoked_at', 'is', null)
      .execute()
    expect(named).toEqual([{ owner_id: yuan, source: 'co_owners', document_id: null }])
    // Named, 袁勇 may change the ballot 贾建国 cast (the setting allows a change); 贾建国 no longer casts.
    expect((await cast(mb, y, '1-1-201', 'no')).status).toBe(201)
    expect(await cast(mb, j, '1-1-201', 'yes')).toEqual({ status: 403, code: 'representative_named' })
    // Someone who is not an owner of the unit cannot nominate.
    const [pan] = await ownersWithPasskeys(t.db, 'jinxiu', { units: ['1-1-101'], now })
    if (!pan) throw new Error('no owner')
    expect(
      await code(
        await call(a.app, 'POST', `${base}/representatives/nominations`, {
          cookie: await signInPhone(a, pan.phone),
          body: { unit: '1-1-201', nomineeOwnerId: yuan },
        }),
      ),
    ).toEqual({ status: 403, code: 'not_your_unit' })
  })
})

describe('guardians (民法典 arts. 23, 34)', () => {
  it('the guardian activates with the owner’s letter and votes for the voter; the owner does not', async () => {
    const pan = await ownerId('潘芳', '1-1-101')
    const code1 = await inviteUnit(t.db, 'jinxiu', '1-1-101', now)
    // 潘芳 activated before the guardianship was recorded: her passkeys and sessions end with it.
    const self = await activateOwner(a, code1, '潘芳', '9839')
    const doc = await document('guardian')
    const recorded = await call(a.app, 'POST', `${base}/guardians`, {
      cookie: convener.cookie,
      body: {
        unit: '1-1-101',
        ownerId: pan,
        name: '潘建华',
        idLast4: '123x',
        relation: '父亲',
        documentId: doc,
      },
    })
    expect(recorded.status).toBe(201)
    expect((await call(a.app, 'GET', '/api/me', { cookie: self.cookie })).status).toBe(401)
    const twice = await call(a.app, 'POST', `${base}/guardians`, {
      cookie: convener.cookie,
      body: {
        unit: '1-1-101',
        ownerId: pan,
        name: '潘建华',
        idLast4: '123X',
        relation: '父亲',
        documentId: doc,
      },
    })
    expect(await code(twice)).toEqual({ status: 409, code: 'guardian_exists' })

    // A new letter: the owner herself is refused; the guardian activates with their own name and ID characters.
    const code2 = await inviteUnit(t.db, 'jinxiu', '1-1-101', now)
    const own = await call(a.app, 'POST', '/api/activation/options', {
      body: { code: code2, name: '潘芳', idLast4: '9839' },
    })
    expect(await code(own)).toEqual({ status: 403, code: 'guardian_recorded' })
    const guardian = await activateOwner(a, code2, '潘建华', '123X')
    expect(guardian.accountId).toBe(self.accountId) // the account acting for 潘芳 is now the guardian's
    const me = (await (await call(a.app, 'GET', '/api/me', { cookie: guardian.cookie })).json()) as {
      me: { account: { displayName: string }; owner: { guardian: boolean; voters: { id: string }[] } }
    }
    expect(me.me).toMatchObject({
      account: { displayName: '潘建华' },
      owner: { guardian: true, voters: [{ id: '1-1-101' }] },
    })
    const activated = await t.db
      .selectFrom('audit_log')
      .select(['role', 'action'])
      .where('action', '=', 'guardian.activated')
      .execute()
    expect(activated).toEqual([{ role: 'guardian', action: 'guardian.activated' }])

    const mb = await openMeeting()
    const cookie = await signInPhone(a, guardian.phone)
    expect((await cast(mb, { cookie, phone: guardian.phone }, '1-1-101', 'yes')).status).toBe(201)
    const ballot = await t.db
      .selectFrom('audit_log')
      .select(['role', 'actor'])
      .where('action', '=', 'ballot.cast')
      .executeTakeFirstOrThrow()
    expect(ballot).toEqual({ role: 'guardian', actor: `account:${guardian.accountId}` })
  })
})
