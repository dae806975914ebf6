import { beforeAll, describe, expect, it } from 'vitest'
import { rollSha256 } from '../../server/domain/roll-version'
import { buildBundle } from '../../server/services/meeting-results'
import { loadMeeting } from '../../server/services/meetings'
import { finalRollVersion } from '../../server/services/roll-versions'
import { verifyBundle } from '../../server/domain/verify'
import {
  activateOwner,
  call,
  demoCsv,
  demoDb,
  enrolStaff,
  inviteUnit,
  ORIGIN,
  type SignedIn,
} from '../support'
import { codeOf, json, stage } from '../support/stage'

/**
 * The roll confirmed as a publication (domain §7.3 (3)–(4)) through the API, on one database shared by the file's
 * steps in order: publish 第1版, owners object, conveners answer 成立 / 不成立, the roll is corrected by an import and
 * 第2版 names the upheld objection; a meeting's notice takes the final version's hash into its bundle and is refused
 * when the roll differs from it.
 */

const s = stage({ db: demoDb, at: new Date('2026-12-01T02:00:00Z') })
let convener: SignedIn
let supervisor: SignedIn
let owner: SignedIn
let other: SignedIn
const base = '/api/estates/jinxiu'

interface VersionView {
  number: number
  sha256: string
  final: boolean
  matched: number
  units: { number: string; areaCm2: number; area: string; areaSource: string; owners: string[] }[]
  objections: {
    id: number
    unit: string
    decision: string | null
    answer: string | null
    correctedBy: number | null
  }[]
  usedBy: { id: string; title: string }[]
}

const upload = (text: string) => {
  const form = new FormData()
  form.append('file', new File([text], 'roll.csv'))
  return s.a.app.request(`${base}/roll/imports?wait=true`, {
    method: 'POST',
    body: form,
    headers: { cookie: convener.cookie, origin: ORIGIN },
  })
}

async function draftMeeting(title: string): Promise<string> {
  const res = await call(s.a.app, 'POST', `${base}/meetings`, {
    cookie: convener.cookie,
    body: {
      title,
      opensAt: '2026-12-16T16:00:00.000Z',
      closesAt: '2026-12-26T16:00:00.000Z',
      matters: [{ kind: 'rules_of_procedure', title: '业主大会议事规则', body: '' }],
    },
  })
  return (await json<{ meeting: { id: string } }>(res)).meeting.id
}

beforeAll(async () => {
  convener = await enrolStaff(s.a, s.t.db, 'convener', 'jinxiu', '召集人', s.now)
  supervisor = await enrolStaff(s.a, s.t.db, 'supervisor', 'jinxiu', '居委会', s.now)
  owner = await activateOwner(s.a, await inviteUnit(s.t.db, 'jinxiu', '1-1-101', s.now), '潘芳', '9839')
  other = await activateOwner(s.a, await inviteUnit(s.t.db, 'jinxiu', '1-1-102', s.now), '段文杰', '4741')
})

let v1: { number: number; sha256: string }
let upheld: number
let rejected: number
let firstMeeting: string

describe('publishing a roll version', () => {
  it('is for conveners only; the public list is empty before', async () => {
    expect(await json(await call(s.a.app, 'GET', `${base}/roll/versions`))).toEqual({ versions: [] })
    expect(await finalRollVersion(s.t.db, 'jinxiu')).toBeUndefined()
    expect((await call(s.a.app, 'POST', `${base}/roll/versions`, { body: {} })).status).toBe(401)
    expect(
      (await call(s.a.app, 'POST', `${base}/roll/versions`, { cookie: owner.cookie, body: {} })).status,
    ).toBe(403)
    expect(
      (await call(s.a.app, 'POST', `${base}/roll/versions`, { cookie: supervisor.cookie, body: {} })).status,
    ).toBe(403)
    expect(
      await codeOf(
        await call(s.a.app, 'POST', `${base}/roll/versions`, {
          cookie: convener.cookie,
          body: { answers: ['x'] },
        }),
      ),
    ).toEqual({ status: 400, code: 'invalid_request' })
  })

  it('publishes 第1版 with the hash of its units, masked names only; the same roll again is refused', async () => {
    const res = await call(s.a.app, 'POST', `${base}/roll/versions`, {
      cookie: convener.cookie,
      body: { note: '筹备组公示业主名册' },
    })
    expect(res.status).toBe(201)
    v1 = (await res.json()) as { number: number; sha256: string }
    expect(v1.number).toBe(1)
    expect(v1.sha256).toMatch(/^[0-9a-f]{64}$/)
    const view = await json<VersionView>(await call(s.a.app, 'GET', `${base}/roll/versions/1`))
    expect(view).toMatchObject({ number: 1, sha256: v1.sha256, final: true, objections: [], usedBy: [] })
    // A page of its units (200 by default), and a search by unit number.
    expect(view.units).toHaveLength(200)
    expect(view.matched).toBe(1008)
    const found = await json<VersionView>(await call(s.a.app, 'GET', `${base}/roll/versions/1?q=1-1-101`))
    expect(found.units.map((u) => u.number)).toEqual(['1-1-101', '11-1-101'])
    expect(found.matched).toBe(2)
    expect(view.units.find((u) => u.number === '1-1-101')).toMatchObject({
      area: '143.90',
      areaSource: 'register',
      owners: ['潘*'],
    })
    expect(JSON.stringify(view)).not.toContain('潘芳')
    expect(JSON.stringify(view)).not.toContain('9839')
    expect(
      await codeOf(
        await call(s.a.app, 'POST', `${base}/roll/versions`, { cookie: convener.cookie, body: {} }),
      ),
    ).toEqual({ status: 409, code: 'roll_version_unchanged' })
    expect(
      (await json<{ versions: unknown[] }>(await call(s.a.app, 'GET', `${base}/roll/versions`))).versions,
    ).toHaveLength(1)
    expect(await codeOf(await call(s.a.app, 'GET', `${base}/roll/versions/9`))).toEqual({
      status: 404,
      code: 'roll_version_not_found',
    })
  })

  it('gives a meeting noticed on that roll the same hash in its bundle, and the version names the meeting', async () => {
    firstMeeting = await draftMeeting('首次业主大会会议')
    expect(
      (await call(s.a.app, 'POST', `${base}/meetings/${firstMeeting}/notice`, { cookie: convener.cookie }))
        .status,
    ).toBe(200)
    const bundle = await buildBundle(s.t.db, await loadMeeting(s.t.db, firstMeeting))
    expect(bundle.roll).toEqual({ version: 1, sha256: v1.sha256 })
    expect(rollSha256(bundle.units)).toBe(v1.sha256)
    expect(verifyBundle(JSON.parse(JSON.stringify(bundle))).exitCode).toBe(0)
    // A bundle whose units were changed no longer matches its roll: the verifier refuses it.
    const tampered = JSON.parse(JSON.stringify(bundle)) as { units: { areaCm2: number }[] }
    tampered.units[0]!.areaCm2 += 1
    const refused = verifyBundle(tampered)
    expect(refused.exitCode).toBe(2)
    expect(refused.status === 'invalid' && refused.problems.map((p) => p.code)).toContain(
      'roll_hash_mismatch',
    )
    const view = await json<VersionView>(await call(s.a.app, 'GET', `${base}/roll/versions/1`))
    expect(view.usedBy).toEqual([{ id: firstMeeting, title: '首次业主大会会议' }])
  })
})

describe('objections to a version', () => {
  it('are made by signed-in owners about a unit of the version', async () => {
    const objection = (cookie: string | undefined, body: unknown) =>
      call(s.a.app, 'POST', `${base}/roll/objections`, { cookie, body })
    expect((await objection(undefined, { unit: '1-1-101', text: 'x', version: 1 })).status).toBe(401)
    expect(await codeOf(await objection(owner.cookie, { unit: '99-9-999', text: 'x', version: 1 }))).toEqual({
      status: 404,
      code: 'roll_unit_not_found',
    })
    expect(await codeOf(await objection(owner.cookie, { unit: '1-1-101', text: 'x', version: 7 }))).toEqual({
      status: 404,
      code: 'roll_version_not_found',
    })
    expect(await codeOf(await objection(owner.cookie, { unit: '1-1-101', text: '', version: 1 }))).toEqual({
      status: 400,
      code: 'invalid_request',
    })
    const a1 = await objection(owner.cookie, {
      unit: '1-1-101',
      text: '面积应为 145.20 ㎡（见不动产登记证）',
      version: 1,
    })
    expect(a1.status).toBe(201)
    upheld = ((await a1.json()) as { objectionId: number }).objectionId
    const a2 = await objection(other.cookie, { unit: '1-1-102', text: '我家是两人共有', version: 1 })
    rejected = ((await json<{ objectionId: number }>(a2)) as { objectionId: number }).objectionId
  })

  it('are answered by conveners with a decision: 成立 or 不成立 with the reason', async () => {
    const answer = (cookie: string, id: number, body: unknown) =>
      call(s.a.app, 'POST', `${base}/roll/objections/${id}/answer`, { cookie, body })
    expect((await answer(owner.cookie, upheld, { answer: '成立', decision: 'upheld' })).status).toBe(403)
    expect(await codeOf(await answer(convener.cookie, upheld, { answer: '已核对' }))).toEqual({
      status: 400,
      code: 'decision_required',
    })
    expect(
      await codeOf(await answer(convener.cookie, upheld, { answer: '已核对', decision: 'maybe' })),
    ).toEqual({
      status: 400,
      code: 'invalid_request',
    })
    expect(
      (
        await answer(convener.cookie, upheld, {
          answer: '已核对登记证，面积更正为 145.20 ㎡。',
          decision: 'upheld',
        })
      ).status,
    ).toBe(204)
    expect(
      (await answer(convener.cookie, rejected, { answer: '登记簿记载为单独所有。', decision: 'rejected' }))
        .status,
    ).toBe(204)
    expect(
      await codeOf(await answer(convener.cookie, rejected, { answer: '再答', decision: 'upheld' })),
    ).toEqual({
      status: 409,
      code: 'objection_not_open',
    })
    const view = await json<VersionView>(await call(s.a.app, 'GET', `${base}/roll/versions/1`))
    expect(view.objections.map((o) => [o.unit, o.decision, o.answer, o.correctedBy])).toEqual([
      ['1-1-101', 'upheld', '已核对登记证，面积更正为 145.20 ㎡。', null],
      ['1-1-102', 'rejected', '登记簿记载为单独所有。', null],
    ])
  })
})

describe('a corrected version', () => {
  it('cannot name a rejected objection, and nothing is written then', async () => {
    const corrected = demoCsv().replace('1-1-101,1号楼,住宅,143.90,', '1-1-101,1号楼,住宅,145.20,')
    expect(corrected).not.toBe(demoCsv())
    expect((await upload(corrected)).status).toBe(201)
    const audits = await s.t.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(
      await codeOf(
        await call(s.a.app, 'POST', `${base}/roll/versions`, {
          cookie: convener.cookie,
          body: { answers: [rejected] },
        }),
      ),
    ).toEqual({ status: 409, code: 'objection_not_upheld' })
    expect(
      (await json<{ versions: unknown[] }>(await call(s.a.app, 'GET', `${base}/roll/versions`))).versions,
    ).toHaveLength(1)
    const after = await s.t.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(after.n).toBe(audits.n)
  })

  it('is 第2版, names the upheld objection, and shows the difference side by side', async () => {
    const res = await call(s.a.app, 'POST', `${base}/roll/versions`, {
      cookie: convener.cookie,
      body: { note: '更正 1-1-101 面积', answers: [upheld] },
    })
    expect(res.status).toBe(201)
    const v2 = (await res.json()) as { number: number; sha256: string }
    expect(v2.number).toBe(2)
    expect(v2.sha256).not.toBe(v1.sha256)
    expect((await finalRollVersion(s.t.db, 'jinxiu'))?.sha256).toBe(v2.sha256)
    const old = await json<VersionView>(await call(s.a.app, 'GET', `${base}/roll/versions/1`))
    expect(old.final).toBe(false)
    expect(old.objections.find((o) => o.id === upheld)?.correctedBy).toBe(2)
    const cmp = await json<{
      before: { sha256: string }
      after: { sha256: string }
      added: unknown[]
      removed: unknown[]
      changed: { number: string; fields: string[]; before: { area: string }; after: { area: string } }[]
      unchanged: number
    }>(await call(s.a.app, 'GET', `${base}/roll/versions/1/compare/2`))
    expect(cmp.before.sha256).toBe(v1.sha256)
    expect(cmp.after.sha256).toBe(v2.sha256)
    expect(cmp.added).toEqual([])
    expect(cmp.removed).toEqual([])
    expect(cmp.changed.map((c) => [c.number, c.fields, c.before.area, c.after.area])).toEqual([
      ['1-1-101', ['area'], '143.90', '145.20'],
    ])
    expect(cmp.unchanged).toBe(1007)
    // The same objection cannot be answered twice, and objections go to the latest version only.
    expect(
      await codeOf(
        await call(s.a.app, 'POST', `${base}/roll/objections`, {
          cookie: owner.cookie,
          body: { unit: '1-1-101', text: 'x', version: 1 },
        }),
      ),
    ).toEqual({ status: 409, code: 'roll_version_superseded' })
  })
})

describe('the final version and the meeting’s notice', () => {
  it('refuses a notice whose electorate differs from the final version, writing nothing', async () => {
    const id = await draftMeeting('第二次会议')
    expect(
      (await upload(demoCsv().replace('1-1-102,1号楼,住宅,155.27,', '1-1-102,1号楼,住宅,155.28,'))).status,
    ).toBe(201)
    const snapshots = async () =>
      (
        await s.t.db
          .selectFrom('roll_snapshots')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n
    const before = await snapshots()
    expect(
      await codeOf(await call(s.a.app, 'POST', `${base}/meetings/${id}/notice`, { cookie: convener.cookie })),
    ).toEqual({
      status: 409,
      code: 'roll_version_mismatch',
    })
    expect(await snapshots()).toBe(before)
    expect((await loadMeeting(s.t.db, id)).row.status).toBe('draft')
    // Published as 第3版, the roll is final again and the notice goes through.
    expect(
      (await call(s.a.app, 'POST', `${base}/roll/versions`, { cookie: convener.cookie, body: {} })).status,
    ).toBe(201)
    expect(
      (await call(s.a.app, 'POST', `${base}/meetings/${id}/notice`, { cookie: convener.cookie })).status,
    ).toBe(200)
    expect((await buildBundle(s.t.db, await loadMeeting(s.t.db, id))).roll?.version).toBe(3)
  })

  it('keeps published versions immutable: no route changes one, and the database refuses UPDATE and DELETE', () => {
    const writes = s.a.app.routes.filter(
      (r) =>
        r.path.startsWith('/api/estates/:estateId/roll/versions') && r.method !== 'GET' && r.method !== 'ALL',
    )
    expect([...new Set(writes.map((r) => `${r.method} ${r.path}`))]).toEqual([
      'POST /api/estates/:estateId/roll/versions',
    ])
    expect(() => s.t.sqlite?.exec(`update roll_versions set note = 'x' where number = 1`)).toThrow(
      /append-only/,
    )
    expect(() => s.t.sqlite?.exec(`delete from roll_versions where number = 1`)).toThrow(/append-only/)
    expect(() => s.t.sqlite?.exec(`delete from roll_version_uses`)).toThrow(/append-only/)
  })
})
