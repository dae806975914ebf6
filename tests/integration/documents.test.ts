import { beforeAll, describe, expect, it } from 'vitest'
import { documentSha256, type DocumentFields } from '../../server/domain/documents'
import { importRoll } from '../../server/services/import-roll'
import { call, csv, enrolStaff, tempDb, type SignedIn } from '../support'
import { codeOf, json, stage } from '../support/stage'
import { ownersWithPasskeys, signedBallot, signInPhone } from '../support/voters'

/**
 * Documents from templates (domain §7.3 (3)) through the API, on one small estate shared by the file's steps in
 * order: a convener drafts the rules of procedure from the shipped template, sets its settings (never looser than
 * the law), publishes numbered, hashed, immutable versions and compares them; a meeting's matter decides a version,
 * and the estate adopts its settings when that meeting is final with the matter passed — not when it failed.
 */

const s = stage({ db: tempDb, at: new Date('2026-12-01T02:00:00Z'), wide: true })
let convener: SignedIn
let supervisor: SignedIn
const E = 'xiaoqu'
const base = `/api/estates/${E}`
const docs = `${base}/publications/documents`

interface Draft {
  draft: { title: string; text: string; fields: DocumentFields } | null
  versions: { number: number; sha256: string; reason: string }[]
}

beforeAll(async () => {
  const roll = csv(
    '1-101,1号楼,住宅,100,登记,甲一,1111,13800000001,N',
    '1-102,1号楼,住宅,100,登记,乙二,2222,13800000002,N',
    '1-103,1号楼,住宅,100,登记,丙三,3333,13800000003,N',
    'P-1,车库,车位,12,登记,甲一,1111,13800000001,N',
  )
  const imported = await importRoll(s.t.db, {
    estateId: E,
    estateName: '小区',
    fileName: 'roll.csv',
    file: Buffer.from(roll),
    actor: 'test',
    role: 'system',
  })
  expect(imported.ok).toBe(true)
  convener = await enrolStaff(s.a, s.t.db, 'convener', E, '召集人', s.now)
  supervisor = await enrolStaff(s.a, s.t.db, 'supervisor', E, '居委会', s.now)
  // The roll is published as 第1版 first, so the meetings below carry its hash through their whole course.
  expect(
    (await call(s.a.app, 'POST', `${base}/roll/versions`, { cookie: convener.cookie, body: {} })).status,
  ).toBe(201)
})

let rulesId: string
let draft: NonNullable<Draft['draft']>

describe('a document from a template', () => {
  it('is created by conveners only, from a template the product ships', async () => {
    expect((await call(s.a.app, 'POST', docs, { body: { template: 'rules_of_procedure' } })).status).toBe(401)
    expect(
      (
        await call(s.a.app, 'POST', docs, {
          cookie: supervisor.cookie,
          body: { template: 'rules_of_procedure' },
        })
      ).status,
    ).toBe(403)
    expect(
      await codeOf(await call(s.a.app, 'POST', docs, { cookie: convener.cookie, body: { template: 'x' } })),
    ).toEqual({
      status: 400,
      code: 'invalid_request',
    })
    const res = await call(s.a.app, 'POST', docs, {
      cookie: convener.cookie,
      body: { template: 'rules_of_procedure' },
    })
    expect(res.status).toBe(201)
    rulesId = ((await res.json()) as { id: string }).id
    // A draft is the staff's: the public sees no document until a version is published.
    expect(await json(await call(s.a.app, 'GET', docs))).toEqual({ documents: [] })
    expect((await call(s.a.app, 'GET', `${docs}/${rulesId}`)).status).toBe(404)
    const view = await json<Draft>(
      await call(s.a.app, 'GET', `${docs}/${rulesId}`, { cookie: convener.cookie }),
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
      call(s.a.app, 'PUT', `${docs}/${rulesId}/draft`, {
        cookie: convener.cookie,
        body: { title: draft.title, text: draft.text, fields },
      })
    const current = draft.fields.settings!
    for (const settings of [
      { ...current, approval: { other_major: { num: 1, den: 3, strict: false } } }, // below 过半数
      { ...current, approval: { other_major: { num: 1, den: 2, strict: false } } }, // half exactly, not more than half
      { ...current, approval: { raise_maintenance_fund: { num: 2, den: 3, strict: false } } }, // below 3/4
      { ...current, participation: { num: 1, den: 2, strict: true } }, // below 2/3
      { ...current, objectionDays: 0 },
      { ...current, countingDays: 16 },
    ])
      expect(await codeOf(await put({ ...draft.fields, settings }))).toEqual({
        status: 400,
        code: 'invalid_settings',
      })
    expect(
      await codeOf(await put({ ...draft.fields, settings: { ...current, voteChange: 'often' } })),
    ).toEqual({
      status: 400,
      code: 'invalid_request',
    })
    const unchanged = await json<Draft>(
      await call(s.a.app, 'GET', `${docs}/${rulesId}`, { cookie: convener.cookie }),
    )
    expect(unchanged.draft).toEqual({ ...draft, updatedAt: expect.any(String) })
    // Exactly the law is allowed, and so is stricter.
    const stricter = {
      ...current,
      countParking: true,
      objectionDays: 10,
      approval: {
        other_major: { num: 1, den: 2, strict: true },
        management_covenant: { num: 2, den: 3, strict: false },
      },
      participation: { num: 2, den: 3, strict: false },
    }
    expect((await put({ ...draft.fields, address: '幸福路1号', settings: stricter })).status).toBe(204)
    draft = (await json<Draft>(await call(s.a.app, 'GET', `${docs}/${rulesId}`, { cookie: convener.cookie })))
      .draft!
    expect(draft.fields.settings?.countParking).toBe(true)
  })

  it('publishes immutable numbered versions with their hash; a second version says what it changes', async () => {
    const publish = (body: unknown) =>
      call(s.a.app, 'POST', `${docs}/${rulesId}/versions`, { cookie: convener.cookie, body })
    expect((await call(s.a.app, 'POST', `${docs}/${rulesId}/versions`, { body: {} })).status).toBe(401)
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
        await call(s.a.app, 'PUT', `${docs}/${rulesId}/draft`, {
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
      await call(s.a.app, 'GET', `${docs}/${rulesId}/versions/1`),
    )
    expect(one.sha256).toBe(v1.sha256)
    expect(one.rendered).toContain('小区（地址：幸福路1号）')
    expect(one.rendered).toContain('车位、摊位等特定空间的面积，计入专有部分面积')
    expect(one.rendered).not.toContain('{{')
    const list = await json<{ documents: { id: string; current: { number: number } | null }[] }>(
      await call(s.a.app, 'GET', docs),
    )
    expect(list.documents).toEqual([
      expect.objectContaining({ id: rulesId, current: expect.objectContaining({ number: 2 }) }),
    ])
    const cmp = await json<{
      before: { sha256: string }
      after: { sha256: string }
      lines: { op: string; line: string }[]
      fields: string[]
    }>(await call(s.a.app, 'GET', `${docs}/${rulesId}/versions/1/compare/2`))
    expect([cmp.before.sha256, cmp.after.sha256]).toEqual([v1.sha256, v2.sha256])
    expect(cmp.fields).toEqual(['settings.countParking'])
    const changed = cmp.lines.filter((l) => l.op !== 'same')
    // Two places changed: article 5 (the parking field) and article 16 (the text).
    expect(changed.map((l) => l.op)).toEqual(['removed', 'added', 'removed', 'added'])
    expect(changed[0]?.line).toContain('计入专有部分面积')
    expect(changed[1]?.line).toContain('不计入专有部分面积')
    expect(changed[3]?.line).toContain('自公布之日起施行')
    expect(await codeOf(await call(s.a.app, 'GET', `${docs}/${rulesId}/versions/9`))).toEqual({
      status: 404,
      code: 'document_version_not_found',
    })
  })

  it('keeps published versions immutable: no route changes one, and the database refuses UPDATE and DELETE', () => {
    const writes = s.a.app.routes.filter(
      (r) =>
        r.path.includes('/publications/documents/:documentId/versions') &&
        r.method !== 'GET' &&
        r.method !== 'ALL',
    )
    expect([...new Set(writes.map((r) => `${r.method} ${r.path}`))]).toEqual([
      'POST /api/estates/:estateId/publications/documents/:documentId/versions',
    ])
    expect(() => s.t.sqlite?.exec(`update document_versions set text = 'x'`)).toThrow(/append-only/)
    expect(() => s.t.sqlite?.exec(`delete from document_versions`)).toThrow(/append-only/)
  })
})

describe('the rules’ settings become the estate’s when the rules pass', () => {
  async function meeting(title: string, version: number): Promise<string> {
    const res = await call(s.a.app, 'POST', `${base}/meetings`, {
      cookie: await s.fresh(convener),
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
      call(s.a.app, 'POST', `${base}/meetings/${id}/matters/q1/document`, { cookie, body })
    expect((await link({ documentId: rulesId, number: version }, supervisor.cookie)).status).toBe(403)
    expect(await codeOf(await link({ documentId: rulesId, number: 9 }, await s.fresh(convener)))).toEqual({
      status: 404,
      code: 'document_version_not_found',
    })
    expect(
      await codeOf(
        await call(s.a.app, 'POST', `${base}/meetings/${id}/matters/q7/document`, {
          cookie: await s.fresh(convener),
          body: { documentId: rulesId, number: version },
        }),
      ),
    ).toEqual({ status: 404, code: 'matter_not_found' })
    expect((await link({ documentId: rulesId, number: version }, await s.fresh(convener))).status).toBe(204)
    expect(
      await codeOf(await link({ documentId: rulesId, number: version }, await s.fresh(convener))),
    ).toEqual({
      status: 409,
      code: 'matter_document_linked',
    })
    expect(
      (await call(s.a.app, 'POST', `${base}/meetings/${id}/notice`, { cookie: await s.fresh(convener) }))
        .status,
    ).toBe(200)
    return id
  }

  async function toFinal(id: string) {
    const mb = `${base}/meetings/${id}`
    s.now = new Date('2026-12-27T02:00:00Z')
    await s.a.clock.tick(s.now)
    expect(
      (await call(s.a.app, 'POST', `${mb}/preliminary`, { cookie: await s.fresh(convener) })).status,
    ).toBe(200)
    expect(
      (
        await call(s.a.app, 'POST', `${mb}/signoffs`, {
          cookie: await s.fresh(supervisor),
          body: { decision: 'approve' },
        })
      ).status,
    ).toBe(201)
    // After the objection period: 7 days for the first meeting, 10 (the adopted setting) for the second.
    s.now = new Date('2027-01-10T02:00:00Z')
    const final = await call(s.a.app, 'POST', `${mb}/final`, { cookie: await s.fresh(convener) })
    expect(final.status, await final.clone().text()).toBe(200)
    s.now = new Date('2026-12-01T02:00:00Z')
  }

  const parking = async () =>
    (await s.t.db.selectFrom('estates').select('count_parking').where('id', '=', E).executeTakeFirstOrThrow())
      .count_parking

  it('adopts version 1 (parking counted) when its meeting is final with the rules passed, audited with before/after', async () => {
    const id = await meeting('第一次会议', 1)
    const voters = await ownersWithPasskeys(s.t.db, E, { units: ['1-101', '1-102', '1-103'], now: s.now })
    s.now = new Date('2026-12-18T02:00:00Z')
    for (const v of voters) {
      const cookie = await signInPhone(s.a, v.phone)
      const signed = await signedBallot(s.a, `${base}/meetings/${id}`, cookie, v.phone, v.voter, {
        q1: 'yes',
      })
      if (signed instanceof Response) throw new Error(await signed.text())
      expect(
        (await call(s.a.app, 'POST', `${base}/meetings/${id}/ballots`, { cookie, body: signed })).status,
      ).toBe(201)
    }
    expect(await parking()).toBe(0)
    await toFinal(id)
    // Its stored bundle names the final roll version, and the version page names the meeting.
    const stored = await s.t.db
      .selectFrom('meetings')
      .select('results_json')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    const version = await json<{ sha256: string; usedBy: { id: string }[] }>(
      await call(s.a.app, 'GET', `${base}/roll/versions/1`),
    )
    expect((JSON.parse(stored.results_json ?? '{}') as { roll?: unknown }).roll).toEqual({
      version: 1,
      sha256: version.sha256,
    })
    expect(version.usedBy.map((m) => m.id)).toContain(id)
    expect(await parking()).toBe(1)
    const adopted = await s.t.db
      .selectFrom('estate_settings')
      .selectAll()
      .where('estate_id', '=', E)
      .executeTakeFirstOrThrow()
    expect(JSON.parse(adopted.settings_json)).toMatchObject({ countParking: true })
    const audit = await s.t.db
      .selectFrom('audit_log')
      .select(['before_json', 'after_json'])
      .where('action', '=', 'estate.settings_adopted')
      .execute()
    expect(audit).toHaveLength(1)
    expect(JSON.parse(audit[0]!.before_json ?? 'null')).toMatchObject({ countParking: false, settings: null })
    // New meetings of the estate take the adopted settings as their defaults.
    const next = await call(s.a.app, 'POST', `${base}/meetings`, {
      cookie: await s.fresh(convener),
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
    const adoptions = await s.t.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'estate.settings_adopted')
      .execute()
    expect(adoptions).toHaveLength(1)
  })
})
