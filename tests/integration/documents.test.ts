import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { documentSha256, type DocumentFields } from '../../server/domain/documents'
import { importRoll } from '../../server/services/import-roll'
import {
  call,
  csv,
  enrolStaff,
  sessionCookie,
  signIn,
  tempDb,
  testApp,
  type SignedIn,
  type TempDb,
  type TestApp,
} from '../support'
import { ownersWithPasskeys, signedBallot, signInPhone } from '../support/voters'

/**
 * Documents from templates (domain §7.3 (3)) through the API, on one small estate shared by the file's steps in
 * order: a convener drafts the rules of procedure from the shipped template, sets its settings (never looser than
 * the law), publishes numbered, hashed, immutable versions and compares them; a meeting's matter decides a version,
 * and the estate adopts its settings when that meeting is final with the matter passed — not when it failed.
 */

let t: TempDb
let a: TestApp
let now: Date
let convener: SignedIn
let supervisor: SignedIn
const E = 'xiaoqu'
const base = `/api/estates/${E}`
const docs = `${base}/publications/documents`

type ErrorBody = { error?: { code: string } }
const codeOf = async (res: Response) => ({
  status: res.status,
  code: ((await res.json()) as ErrorBody).error?.code,
})
const json = async <T>(res: Response): Promise<T> => {
  expect(res.status, await res.clone().text()).toBeLessThan(300)
  return (await res.json()) as T
}
const fresh = async (who: SignedIn) => sessionCookie(await signIn(a, who.phone))

interface Draft {
  draft: { title: string; text: string; fields: DocumentFields } | null
  versions: { number: number; sha256: string; reason: string }[]
}

beforeAll(async () => {
  t = await tempDb()
  now = new Date('2026-12-01T02:00:00Z')
  const wide = { points: 10_000, seconds: 60 }
  a = testApp(t.db, { now: () => now, rateLimits: { activation: wide, signIn: wide, invitations: wide } })
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  const roll = csv(
    '1-101,1号楼,住宅,100,登记,甲一,1111,13800000001,N',
    '1-102,1号楼,住宅,100,登记,乙二,2222,13800000002,N',
    '1-103,1号楼,住宅,100,登记,丙三,3333,13800000003,N',
    'P-1,车库,车位,12,登记,甲一,1111,13800000001,N',
  )
  const imported = await importRoll(t.db, {
    estateId: E,
    estateName: '小区',
    fileName: 'roll.csv',
    file: Buffer.from(roll),
    actor: 'test',
    role: 'system',
  })
  expect(imported.ok).toBe(true)
  convener = await enrolStaff(a, t.db, 'convener', E, '召集人', now)
  supervisor = await enrolStaff(a, t.db, 'supervisor', E, '居委会', now)
  // The roll is published as 第1版 first, so the meetings below carry its hash through their whole course.
  expect(
    (await call(a.app, 'POST', `${base}/roll/versions`, { cookie: convener.cookie, body: {} })).status,
  ).toBe(201)
})
afterAll(async () => {
  vi.restoreAllMocks()
  await a.tracker.drain()
  await t.cleanup()
})

let rulesId: string
let draft: NonNullable<Draft['draft']>

describe('a document from a template', () => {
  it('is created by conveners only, from a template the product ships', async () => {
    expect((await call(a.app, 'POST', docs, { body: { template: 'rules_of_procedure' } })).status).toBe(401)
    expect(
      (
        await call(a.app, 'POST', docs, {
          cookie: supervisor.cookie,
          body: { template: 'rules_of_procedure' },
        })
      ).status,
    ).toBe(403)
    expect(
      await codeOf(await call(a.app, 'POST', docs, { cookie: convener.cookie, body: { template: 'x' } })),
    ).toEqual({
      status: 400,
      code: 'invalid_request',
    })
    const res = await call(a.app, 'POST', docs, {
      cookie: convener.cookie,
      body: { template: 'rules_of_procedure' },
    })
    expect(res.status).toBe(201)
    rulesId = ((await res.json()) as { id: string }).id
    // A draft is the staff's: the public sees no document until a version is published.
    expect(await json(await call(a.app, 'GET', docs))).toEqual({ documents: [] })
    expect((await call(a.app, 'GET', `${docs}/${rulesId}`)).status).toBe(404)
    const view = await json<Draft>(
      await call(a.app, 'GET', `${docs}/${rulesId}`, { cookie: convener.cookie }),
    )
    draft = view.draft!
    expect(draft.title).toBe('小区业主大会议事规则')
    expect(draft.text).toContain('{{countParking}}')
    expect(draft.fields).toMatchObject({
      estateName: '小区',
      settings: {
        countParking: false,
        deemedConsent: false,
        voteChange: 'final',
        objectionDays: 7,
        countingDays: 3,
      },
    })
  })

  it('refuses settings laxer than the law, or out of the meetings’ ranges, and keeps the draft as it was', async () => {
    const put = (fields: unknown) =>
      call(a.app, 'PUT', `${docs}/${rulesId}/draft`, {
        cookie: convener.cookie,
        body: { title: draft.title, text: draft.text, fields },
      })
    const s = draft.fields.settings!
    for (const settings of [
      { ...s, approval: { other_major: { num: 1, den: 3, strict: false } } }, // below 过半数
      { ...s, approval: { other_major: { num: 1, den: 2, strict: false } } }, // half exactly, not more than half
      { ...s, approval: { raise_maintenance_fund: { num: 2, den: 3, strict: false } } }, // below 3/4
      { ...s, participation: { num: 1, den: 2, strict: true } }, // below 2/3
      { ...s, objectionDays: 0 },
      { ...s, countingDays: 16 },
    ])
      expect(await codeOf(await put({ ...draft.fields, settings }))).toEqual({
        status: 400,
        code: 'invalid_settings',
      })
    expect(await codeOf(await put({ ...draft.fields, settings: { ...s, voteChange: 'often' } }))).toEqual({
      status: 400,
      code: 'invalid_request',
    })
    const unchanged = await json<Draft>(
      await call(a.app, 'GET', `${docs}/${rulesId}`, { cookie: convener.cookie }),
    )
    expect(unchanged.draft).toEqual({ ...draft, updatedAt: expect.any(String) })
    // Exactly the law is allowed, and so is stricter.
    const stricter = {
      ...s,
      countParking: true,
      objectionDays: 10,
      approval: {
        other_major: { num: 1, den: 2, strict: true },
        management_covenant: { num: 2, den: 3, strict: false },
      },
      participation: { num: 2, den: 3, strict: false },
    }
    expect((await put({ ...draft.fields, address: '幸福路1号', settings: stricter })).status).toBe(204)
    draft = (await json<Draft>(await call(a.app, 'GET', `${docs}/${rulesId}`, { cookie: convener.cookie })))
      .draft!
    expect(draft.fields.settings?.countParking).toBe(true)
  })

  it('publishes immutable numbered versions with their hash; a second version says what it changes', async () => {
    const publish = (body: unknown) =>
      call(a.app, 'POST', `${docs}/${rulesId}/versions`, { cookie: convener.cookie, body })
    expect((await call(a.app, 'POST', `${docs}/${rulesId}/versions`, { body: {} })).status).toBe(401)
    const v1 = await json<{ number: number; sha256: string }>(await publish({}))
    expect(v1.number).toBe(1)
    expect(v1.sha256).toBe(
      documentSha256({
        template: 'rules_of_procedure',
        title: draft.title,
        text: draft.text,
        fields: draft.fields,
      }),
    )
    expect(await codeOf(await publish({ reason: '再发一次' }))).toEqual({
      status: 409,
      code: 'document_unchanged',
    })
    const edited = draft.text.replace('第十六条 本规则', '第十六条 本规则自公布之日起施行，本规则')
    expect(
      (
        await call(a.app, 'PUT', `${docs}/${rulesId}/draft`, {
          cookie: convener.cookie,
          body: {
            title: draft.title,
            text: edited,
            fields: { ...draft.fields, settings: { ...draft.fields.settings!, countParking: false } },
          },
        })
      ).status,
    ).toBe(204)
    expect(await codeOf(await publish({}))).toEqual({ status: 400, code: 'document_reason_required' })
    const v2 = await json<{ number: number; sha256: string }>(
      await publish({ reason: '车位不计入；施行日期' }),
    )
    expect(v2.number).toBe(2)

    const one = await json<{ rendered: string; sha256: string; publishedAt: string }>(
      await call(a.app, 'GET', `${docs}/${rulesId}/versions/1`),
    )
    expect(one.sha256).toBe(v1.sha256)
    expect(one.rendered).toContain('小区（地址：幸福路1号）')
    expect(one.rendered).toContain('车位、摊位等特定空间的面积，计入专有部分面积')
    expect(one.rendered).not.toContain('{{')
    const list = await json<{ documents: { id: string; current: { number: number } | null }[] }>(
      await call(a.app, 'GET', docs),
    )
    expect(list.documents).toEqual([
      expect.objectContaining({ id: rulesId, current: expect.objectContaining({ number: 2 }) }),
    ])
    const cmp = await json<{
      before: { sha256: string }
      after: { sha256: string }
      lines: { op: string; line: string }[]
      fields: string[]
    }>(await call(a.app, 'GET', `${docs}/${rulesId}/versions/1/compare/2`))
    expect([cmp.before.sha256, cmp.after.sha256]).toEqual([v1.sha256, v2.sha256])
    expect(cmp.fields).toEqual(['settings.countParking'])
    const changed = cmp.lines.filter((l) => l.op !== 'same')
    // Two places changed: article 5 (the parking field) and article 16 (the text).
    expect(changed.map((l) => l.op)).toEqual(['removed', 'added', 'removed', 'added'])
    expect(changed[0]?.line).toContain('计入专有部分面积')
    expect(changed[1]?.line).toContain('不计入专有部分面积')
    expect(changed[3]?.line).toContain('自公布之日起施行')
    expect(await codeOf(await call(a.app, 'GET', `${docs}/${rulesId}/versions/9`))).toEqual({
      status: 404,
      code: 'document_version_not_found',
    })
  })

  it('keeps published versions immutable: no route changes one, and the database refuses UPDATE and DELETE', () => {
    const writes = a.app.routes.filter(
      (r) =>
        r.path.includes('/publications/documents/:documentId/versions') &&
        r.method !== 'GET' &&
        r.method !== 'ALL',
    )
    expect([...new Set(writes.map((r) => `${r.method} ${r.path}`))]).toEqual([
      'POST /api/estates/:estateId/publications/documents/:documentId/versions',
    ])
    expect(() => t.sqlite?.exec(`update document_versions set text = 'x'`)).toThrow(/append-only/)
    expect(() => t.sqlite?.exec(`delete from document_versions`)).toThrow(/append-only/)
  })
})

describe('the rules’ settings become the estate’s when the rules pass', () => {
  async function meeting(title: string, version: number): Promise<string> {
    const res = await call(a.app, 'POST', `${base}/meetings`, {
      cookie: await fresh(convener),
      body: {
        title,
        opensAt: '2026-12-16T16:00:00Z',
        closesAt: '2026-12-26T16:00:00Z',
        settings: { countingDays: 0 },
        matters: [{ kind: 'rules_of_procedure', title: '业主大会议事规则', body: '' }],
      },
    })
    const id = (await json<{ meeting: { id: string } }>(res)).meeting.id
    const link = (body: unknown, cookie?: string) =>
      call(a.app, 'POST', `${base}/meetings/${id}/matters/q1/document`, { cookie, body })
    expect((await link({ documentId: rulesId, number: version }, supervisor.cookie)).status).toBe(403)
    expect(await codeOf(await link({ documentId: rulesId, number: 9 }, await fresh(convener)))).toEqual({
      status: 404,
      code: 'document_version_not_found',
    })
    expect(
      await codeOf(
        await call(a.app, 'POST', `${base}/meetings/${id}/matters/q7/document`, {
          cookie: await fresh(convener),
          body: { documentId: rulesId, number: version },
        }),
      ),
    ).toEqual({ status: 404, code: 'matter_not_found' })
    expect((await link({ documentId: rulesId, number: version }, await fresh(convener))).status).toBe(204)
    expect(await codeOf(await link({ documentId: rulesId, number: version }, await fresh(convener)))).toEqual(
      {
        status: 409,
        code: 'matter_document_linked',
      },
    )
    expect(
      (await call(a.app, 'POST', `${base}/meetings/${id}/notice`, { cookie: await fresh(convener) })).status,
    ).toBe(200)
    return id
  }

  async function toFinal(id: string) {
    const mb = `${base}/meetings/${id}`
    now = new Date('2026-12-27T02:00:00Z')
    await a.clock.tick(now)
    expect((await call(a.app, 'POST', `${mb}/preliminary`, { cookie: await fresh(convener) })).status).toBe(
      200,
    )
    expect(
      (
        await call(a.app, 'POST', `${mb}/signoffs`, {
          cookie: await fresh(supervisor),
          body: { decision: 'approve' },
        })
      ).status,
    ).toBe(201)
    // After the objection period: 7 days for the first meeting, 10 (the adopted setting) for the second.
    now = new Date('2027-01-10T02:00:00Z')
    const final = await call(a.app, 'POST', `${mb}/final`, { cookie: await fresh(convener) })
    expect(final.status, await final.clone().text()).toBe(200)
    now = new Date('2026-12-01T02:00:00Z')
  }

  const parking = async () =>
    (await t.db.selectFrom('estates').select('count_parking').where('id', '=', E).executeTakeFirstOrThrow())
      .count_parking

  it('adopts version 1 (parking counted) when its meeting is final with the rules passed, audited with before/after', async () => {
    const id = await meeting('第一次会议', 1)
    const voters = await ownersWithPasskeys(t.db, E, { units: ['1-101', '1-102', '1-103'], now })
    now = new Date('2026-12-18T02:00:00Z')
    for (const v of voters) {
      const cookie = await signInPhone(a, v.phone)
      const s = await signedBallot(a, `${base}/meetings/${id}`, cookie, v.phone, v.voter, { q1: 'yes' })
      if (s instanceof Response) throw new Error(await s.text())
      expect((await call(a.app, 'POST', `${base}/meetings/${id}/ballots`, { cookie, body: s })).status).toBe(
        201,
      )
    }
    expect(await parking()).toBe(0)
    await toFinal(id)
    // Its stored bundle names the final roll version, and the version page names the meeting.
    const stored = await t.db
      .selectFrom('meetings')
      .select('results_json')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    const version = await json<{ sha256: string; usedBy: { id: string }[] }>(
      await call(a.app, 'GET', `${base}/roll/versions/1`),
    )
    expect((JSON.parse(stored.results_json ?? '{}') as { roll?: unknown }).roll).toEqual({
      version: 1,
      sha256: version.sha256,
    })
    expect(version.usedBy.map((m) => m.id)).toContain(id)
    expect(await parking()).toBe(1)
    const adopted = await t.db
      .selectFrom('estate_settings')
      .selectAll()
      .where('estate_id', '=', E)
      .executeTakeFirstOrThrow()
    expect(JSON.parse(adopted.settings_json)).toMatchObject({ countParking: true })
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['before_json', 'after_json'])
      .where('action', '=', 'estate.settings_adopted')
      .execute()
    expect(audit).toHaveLength(1)
    expect(JSON.parse(audit[0]!.before_json ?? 'null')).toMatchObject({ countParking: false, settings: null })
    // New meetings of the estate take the adopted settings as their defaults.
    const next = await call(a.app, 'POST', `${base}/meetings`, {
      cookie: await fresh(convener),
      body: {
        title: '下一次会议',
        opensAt: '2027-02-16T16:00:00Z',
        closesAt: '2027-02-26T16:00:00Z',
        matters: [
          { kind: 'other_major', title: '事项', body: '' },
          { kind: 'management_covenant', title: '修改管理规约', body: '' },
          {
            kind: 'management_covenant',
            title: '再次修改管理规约',
            body: '',
            approval: { num: 3, den: 4, strict: false },
          },
        ],
      },
    })
    const created = await json<{
      meeting: {
        settings: { objectionDays: number }
        matters: { participation?: unknown; approval?: unknown }[]
      }
    }>(next)
    expect(created.meeting.settings.objectionDays).toBe(10)
    // Its matters are bound by the adopted thresholds (stricter only): the covenant needs 2/3 of both dimensions
    // instead of the law's majority, a matter's own stricter 3/4 stands, and the participation is the rules' 2/3.
    expect(created.meeting.matters.map((m) => [m.participation, m.approval])).toEqual([
      [
        { num: 2, den: 3, strict: false },
        { num: 1, den: 2, strict: true },
      ],
      [
        { num: 2, den: 3, strict: false },
        { num: 2, den: 3, strict: false },
      ],
      [
        { num: 2, den: 3, strict: false },
        { num: 3, den: 4, strict: false },
      ],
    ])
    expect(JSON.parse(audit[0]!.after_json ?? 'null')).toMatchObject({
      countParking: true,
      meeting: id,
      matter: 'q1',
      number: 1,
    })
  })

  it('leaves the settings as they are when the meeting that decides version 2 fails (no quorum)', async () => {
    const id = await meeting('第二次会议', 2)
    await toFinal(id)
    expect(await parking()).toBe(1)
    const adoptions = await t.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'estate.settings_adopted')
      .execute()
    expect(adoptions).toHaveLength(1)
  })
})
