import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import { disclosureSha256, type DisclosureContent } from '../../server/domain/disclosures'
import { importRoll } from '../../server/services/import-roll'
import { MAX_ATTACHMENT_BYTES } from '../../server/services/meeting-records'
import { call, csv, demoDb, enrolStaff, ORIGIN, type SignedIn } from '../support'
import { committeeVote } from '../support/committee'
import { makeFinal } from '../support/formation'
import { cst, stage, type Json } from '../support/stage'
import { ownersWithPasskeys, type PhoneOwner } from '../support/voters'

/**
 * Disclosures through the API (domain §9) on one real SQLite file, on a clock the steps move: the due list of every
 * kind at its boundary day, the estate's settings changing a cadence, money statements refused by line, published
 * versions the database refuses to change, corrections and their comparison, who may see what, reads as service
 * and paper service by building, owners' questions answered in public, attachments checked by their bytes.
 */

const s = stage({ db: demoDb, at: cst(2026, 12, 1, 10), wide: true })
const api = '/api/estates/jinxiu'
const base = `${api}/disclosures`

let street: SignedIn
let convener: SignedIn
let supervisor: SignedIn
let owner: SignedIn
let ownerVoter: string
let stranger: SignedIn

const asSignedIn = (o: PhoneOwner): SignedIn => ({ cookie: '', accountId: o.accountId, phone: o.phone })
/** A request as `who` (signed in again now), answered as its status and JSON body ({} for a 204). */
const send = async (who: SignedIn | undefined, method: string, path: string, body?: unknown) => {
  const res = await call(s.a.app, method, path, {
    ...(who ? { cookie: await s.fresh(who) } : {}),
    ...(body === undefined ? {} : { body }),
  })
  const text = await res.text()
  return { status: res.status, body: (text === '' ? {} : JSON.parse(text)) as Json }
}
const ok = async (who: SignedIn | undefined, method: string, path: string, body?: unknown) => {
  const r = await send(who, method, path, body)
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`)
  return r.body
}
const refusal = async (who: SignedIn | undefined, method: string, path: string, body?: unknown) => {
  const r = await send(who, method, path, body)
  return { status: r.status, code: r.body.error?.code as string | undefined, body: r.body }
}
const count = async (table: string) =>
  Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(s.t.db)).rows[0]?.n)
const audits = async (action: string) =>
  s.t.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute()

const due = async (who?: SignedIn) => (await ok(who, 'GET', `${base}/due`)) as Json
const kindOf = (d: Json, kind: string) => (d.kinds as Json[]).find((k) => k.kind === kind) as Json

/** A statement line of `fen` on `date`. */
const line = (date: string, direction: 'income' | 'spending', amountFen: number, purpose = '维修') => ({
  date,
  direction,
  amountFen,
  counterparty: '某某公司',
  purpose,
  document: '',
})

/** A money disclosure's draft, created and returned with its id. */
async function createMoney(
  kind: string,
  period: { start: string; end: string },
  statement: Json,
  extra = {},
) {
  const created = await ok(convener, 'POST', base, {
    kind,
    period,
    title: `${kind} ${period.start}`,
    body: '说明',
    statement,
    ...extra,
  })
  return created.id as string
}

beforeAll(async () => {
  street = await enrolStaff(s.a, s.t.db, 'street_office', 'jinxiu', '街道 王主任', s.now)
  convener = await enrolStaff(s.a, s.t.db, 'convener', 'jinxiu', '召集人', s.now)
  supervisor = await enrolStaff(s.a, s.t.db, 'supervisor', 'jinxiu', '居委会', s.now)
  const [o] = await ownersWithPasskeys(s.t.db, 'jinxiu', { units: ['1-1-101'], now: s.now })
  if (!o) throw new Error('no owner')
  owner = asSignedIn(o)
  ownerVoter = o.voter
  // Another estate with its own owner: they are not an owner of 锦绣苑.
  const r = await importRoll(s.t.db, {
    estateId: 'qingyuan',
    estateName: '清苑',
    fileName: 'roll.csv',
    file: Buffer.from(
      csv(
        '1-101,1号楼,住宅,100.0000,登记,甲一,0001,13800000001,N',
        '1-102,1号楼,住宅,100.0000,登记,乙二,0002,13800000002,N',
      ),
    ),
    actor: 'test',
    role: 'convener',
    now: () => s.now,
  })
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  const [other] = await ownersWithPasskeys(s.t.db, 'qingyuan', { units: ['1-101'], now: s.now })
  if (!other) throw new Error('no other owner')
  stranger = asSignedIn(other)
}, 60_000)

describe('the due list (domain §9)', () => {
  it('is nothing periodic before anybody is under the duty', async () => {
    const d = await due()
    expect(d.dutyStart).toBeNull()
    expect(kindOf(d, 'maintenance_fund')).toMatchObject({ cadence: 'periodic', next: null, overdueDays: 0 })
  })

  it('starts with the preparatory group: every periodic kind’s first period from its day, due 30 days after', async () => {
    await ok(street, 'POST', `${api}/formation/applications`, {
      applicant: 'developer',
      appliedOn: '2026-11-20',
    })
    await ok(street, 'POST', `${api}/formation/groups`, {
      kind: 'preparatory',
      members: [
        { name: '王主任', kind: 'street_office', leader: true, accountId: street.accountId },
        { name: '李经理', kind: 'developer' },
        { name: '赵书记', kind: 'residents_committee' },
        { name: '方勇', kind: 'owner_representative', unit: '2-1-101' },
        { name: '史红梅', kind: 'owner_representative', unit: '2-1-102' },
        { name: '贾建国', kind: 'owner_representative', unit: '1-1-201' },
        { name: '袁勇', kind: 'owner_representative', unit: '1-1-201' },
      ],
    })
    const periodic = ['maintenance_fund', 'common_income', 'working_funds', 'fee_payment']
    // The first period of each (half-years and quarters alike) is the rest of December 2026; 30 days after its
    // last day (1–30 January, art. 201) ends at 24:00 on 30 January.
    s.now = cst(2027, 1, 30, 23, 59)
    const last = await due()
    expect(last.dutyStart).toBe('2026-12-01')
    for (const kind of periodic)
      expect(kindOf(last, kind), kind).toMatchObject({
        cadence: 'periodic',
        lastPeriod: null,
        next: { period: { start: '2026-12-01', end: '2026-12-31' }, dueAt: cst(2027, 1, 31).toISOString() },
        overdueDays: 0,
        missed: 0,
      })
    s.now = cst(2027, 1, 31, 0, 0)
    const after = await due()
    for (const kind of periodic)
      expect(kindOf(after, kind), kind).toMatchObject({ overdueDays: 1, missed: 1 })
    // The on-change kinds are never overdue; the audit has no due date, only a posting time.
    s.now = cst(2030, 1, 1)
    const years = await due()
    for (const kind of [
      'rules_of_procedure',
      'management_covenant',
      'maintenance_fund_covenant',
      'property_contract',
      'parking',
      'other',
    ])
      expect(kindOf(years, kind), kind).toMatchObject({ cadence: 'on_change', next: null, overdueDays: 0 })
    expect(kindOf(years, 'audit')).toMatchObject({ cadence: 'min_posting', next: null, postedUntil: null })
    expect(kindOf(years, 'decisions')).toMatchObject({ cadence: 'within_days', next: null, overdueDays: 0 })
  })

  it('follows the estate’s setting: yearly with no grace is due at 24:00 on the period’s last day', async () => {
    s.now = cst(2026, 12, 1, 10)
    expect(
      (await refusal(convener, 'PUT', `${base}/settings`, { kind: 'decisions', periodMonths: 12 })).code,
    ).toBe('invalid_settings')
    expect(
      (await refusal(convener, 'PUT', `${base}/settings`, { kind: 'maintenance_fund', graceDays: -1 })).code,
    ).toBe('invalid_settings')
    expect(
      (await refusal(owner, 'PUT', `${base}/settings`, { kind: 'maintenance_fund', graceDays: 0 })).status,
    ).toBe(403)
    const before = (await audits('disclosure.cadence_set')).length
    await ok(convener, 'PUT', `${base}/settings`, {
      kind: 'maintenance_fund',
      periodMonths: 12,
      graceDays: 0,
    })
    expect((await audits('disclosure.cadence_set')).length).toBe(before + 1)
    s.now = cst(2026, 12, 31, 23, 59)
    expect(kindOf(await due(), 'maintenance_fund')).toMatchObject({
      next: { period: { start: '2026-12-01', end: '2026-12-31' }, dueAt: cst(2027, 1, 1).toISOString() },
      overdueDays: 0,
    })
    s.now = cst(2027, 1, 1, 0, 0)
    expect(kindOf(await due(), 'maintenance_fund')).toMatchObject({ overdueDays: 1 })
    // Back to the default (6 months, 30 days).
    await ok(convener, 'PUT', `${base}/settings`, { kind: 'maintenance_fund' })
    expect(kindOf(await due(), 'maintenance_fund')).toMatchObject({
      next: { dueAt: cst(2027, 1, 31).toISOString() },
      overdueDays: 0,
    })
  })
})

describe('the audit kind (domain §9: posted at least 30 days)', () => {
  it('says until when the latest audit stays posted: 30 days after its day, that day not counted', async () => {
    s.now = cst(2027, 1, 10, 10)
    const id = (await ok(convener, 'POST', base, { kind: 'audit', title: '2026年度维修资金审计报告' })).id
    await ok(convener, 'POST', `${base}/${id}/versions`, {})
    expect(kindOf(await due(), 'audit')).toMatchObject({
      cadence: 'min_posting',
      next: null,
      overdueDays: 0,
      postedUntil: cst(2027, 2, 10).toISOString(),
    })
  })
})

describe('money statements (domain §9)', () => {
  let fund: string
  it('refuses lines that do not add up, by line, writing nothing', async () => {
    s.now = cst(2027, 1, 10, 10)
    fund = await createMoney(
      'maintenance_fund',
      { start: '2026-12-01', end: '2026-12-31' },
      {
        openingFen: 100_000_00,
        lines: [line('2026-12-05', 'income', 5_000_00), line('2027-01-02', 'spending', 1_000_00)],
        closingFen: 105_000_00,
      },
    )
    const versions = await count('disclosure_versions')
    const auditRows = await count('audit_log')
    const r = await refusal(convener, 'POST', `${base}/${fund}/versions`, {})
    expect(r).toMatchObject({ status: 422, code: 'statement_invalid' })
    const problems = r.body.error.details.problems as Json[]
    expect(problems).toContainEqual(expect.objectContaining({ line: 2, code: 'date_outside_period' }))
    expect(problems).toContainEqual(expect.objectContaining({ line: null, code: 'does_not_add_up' }))
    expect(await count('disclosure_versions')).toBe(versions)
    expect(await count('audit_log')).toBe(auditRows)
  })

  it('publishes the corrected draft as version 1, hashed over its content', async () => {
    await ok(convener, 'PUT', `${base}/${fund}/draft`, {
      title: '维修资金 2026年12月',
      body: '说明',
      statement: {
        openingFen: 100_000_00,
        lines: [line('2026-12-05', 'income', 5_000_00), line('2026-12-20', 'spending', 1_000_00)],
        closingFen: 104_000_00,
      },
    })
    const v1 = await ok(convener, 'POST', `${base}/${fund}/versions`, {})
    expect(v1.number).toBe(1)
    expect(v1.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect((await audits('disclosure.published')).some((a) => a.subject === fund)).toBe(true)
    const page = await ok(undefined, 'GET', `${base}/${fund}/versions/1`)
    const content: DisclosureContent = {
      kind: 'maintenance_fund',
      period: { start: '2026-12-01', end: '2026-12-31' },
      visibility: 'public',
      title: page.version.title,
      body: page.version.body,
      statement: page.version.statement,
      facts: page.version.facts,
      attachments: [],
    }
    expect(disclosureSha256(content)).toBe(v1.sha256)
    // The due list has the period published; the next half-year is due 30 days after 30 June 2027.
    const d = kindOf(await due(), 'maintenance_fund')
    expect(d).toMatchObject({
      lastPeriod: { start: '2026-12-01', end: '2026-12-31' },
      next: { period: { start: '2027-01-01', end: '2027-06-30' }, dueAt: cst(2027, 7, 31).toISOString() },
      overdueDays: 0,
      missed: 0,
    })
    s.now = cst(2027, 7, 30, 23, 59)
    expect(kindOf(await due(), 'maintenance_fund').overdueDays).toBe(0)
    s.now = cst(2027, 7, 31, 0, 0)
    expect(kindOf(await due(), 'maintenance_fund').overdueDays).toBe(1)
    s.now = cst(2027, 1, 10, 10)
  })

  it('refuses an opening that is not the previous period’s closing, naming both figures', async () => {
    const next = await createMoney(
      'maintenance_fund',
      { start: '2027-01-01', end: '2027-06-30' },
      { openingFen: 100_000_00, lines: [line('2027-02-01', 'income', 1_00)], closingFen: 100_001_00 },
    )
    const versions = await count('disclosure_versions')
    const r = await refusal(convener, 'POST', `${base}/${next}/versions`, {})
    expect(r).toMatchObject({ status: 422, code: 'statement_invalid' })
    expect(r.body.error.details.problems).toContainEqual(
      expect.objectContaining({ line: null, code: 'opening_not_previous_closing' }),
    )
    expect(await count('disclosure_versions')).toBe(versions)
  })

  it('counts quarters for common income: the next quarter after the one published', async () => {
    const ci = await createMoney(
      'common_income',
      { start: '2026-12-01', end: '2026-12-31' },
      { openingFen: 0, lines: [line('2026-12-10', 'income', 300_00, '广告')], closingFen: 300_00 },
    )
    await ok(convener, 'POST', `${base}/${ci}/versions`, {})
    s.now = cst(2027, 4, 30, 23, 59)
    expect(kindOf(await due(), 'common_income')).toMatchObject({
      next: { period: { start: '2027-01-01', end: '2027-03-31' }, dueAt: cst(2027, 5, 1).toISOString() },
      overdueDays: 0,
    })
    s.now = cst(2027, 5, 1, 0, 0)
    expect(kindOf(await due(), 'common_income')).toMatchObject({ overdueDays: 1, missed: 1 })
    s.now = cst(2027, 1, 10, 10)
  })
})

describe('published versions and corrections (domain §9)', () => {
  let fund: string
  beforeAll(async () => {
    const list = await ok(undefined, 'GET', base)
    fund = (list.disclosures as Json[]).find((d) => d.kind === 'maintenance_fund' && d.version === 1)?.id
  })

  it('is refused by the database: a published version is never updated or deleted', async () => {
    await expect(
      sql`update disclosure_versions set body = 'changed' where disclosure_id = ${fund}`.execute(s.t.db),
    ).rejects.toThrow(/append-only/)
    await expect(
      sql`delete from disclosure_versions where disclosure_id = ${fund}`.execute(s.t.db),
    ).rejects.toThrow(/append-only/)
    const page = await ok(undefined, 'GET', `${base}/${fund}/versions/1`)
    expect(page.version.body).toBe('说明')
  })

  it('takes a correction as a new version only with its reason, and compares the two', async () => {
    const corrected = {
      title: '维修资金 2026年12月',
      body: '说明',
      statement: {
        openingFen: 100_000_00,
        lines: [line('2026-12-05', 'income', 5_000_00), line('2026-12-20', 'spending', 1_000_00, '电梯维修')],
        closingFen: 104_000_00,
      },
    }
    await ok(convener, 'PUT', `${base}/${fund}/draft`, corrected)
    const versions = await count('disclosure_versions')
    expect(await refusal(convener, 'POST', `${base}/${fund}/versions`, {})).toMatchObject({
      status: 400,
      code: 'disclosure_reason_required',
    })
    expect(await refusal(convener, 'POST', `${base}/${fund}/versions`, { reason: '   ' })).toMatchObject({
      status: 400,
      code: 'disclosure_reason_required',
    })
    expect(await count('disclosure_versions')).toBe(versions)
    const v2 = await ok(convener, 'POST', `${base}/${fund}/versions`, { reason: '第2笔用途写错' })
    expect(v2.number).toBe(2)
    expect((await audits('disclosure.corrected')).map((a) => a.subject)).toContain(fund)
    // Nothing left to publish; the same content again is not a version.
    expect((await refusal(convener, 'POST', `${base}/${fund}/versions`, { reason: 'x' })).code).toBe(
      'disclosure_draft_missing',
    )
    await ok(convener, 'PUT', `${base}/${fund}/draft`, corrected)
    expect(await refusal(convener, 'POST', `${base}/${fund}/versions`, { reason: 'x' })).toMatchObject({
      status: 409,
      code: 'disclosure_unchanged',
    })

    const cmp = await ok(undefined, 'GET', `${base}/${fund}/versions/1/compare/2`)
    const v1 = await ok(undefined, 'GET', `${base}/${fund}/versions/1`)
    expect(cmp.before).toMatchObject({ number: 1, sha256: v1.version.sha256 })
    expect(cmp.after).toMatchObject({ number: 2, sha256: v2.sha256, reason: '第2笔用途写错' })
    expect(cmp.before.sha256).not.toBe(cmp.after.sha256)
    const changed = (cmp.lines as Json[]).filter((l) => l.op !== 'same')
    expect(changed).toEqual([
      { op: 'removed', line: '2. 2026-12-20 支出 ¥1000.00 某某公司 维修' },
      { op: 'added', line: '2. 2026-12-20 支出 ¥1000.00 某某公司 电梯维修' },
    ])
    expect((cmp.lines as Json[]).some((l) => l.op === 'same' && l.line === '期末余额 ¥104000.00')).toBe(true)
    // Each version's hash is recomputable from what its page shows.
    for (const n of [1, 2]) {
      const page = await ok(undefined, 'GET', `${base}/${fund}/versions/${n}`)
      expect(
        disclosureSha256({
          kind: page.disclosure.kind,
          period: page.disclosure.period,
          visibility: page.disclosure.visibility,
          title: page.version.title,
          body: page.version.body,
          statement: page.version.statement,
          facts: page.version.facts,
          attachments: page.version.attachments.map(({ name, mime, size, sha256 }: Json) => ({
            name,
            mime,
            size,
            sha256,
          })),
        }),
      ).toBe(page.version.sha256)
    }
    // The list shows the current version with its hash.
    const listed = ((await ok(undefined, 'GET', base)).disclosures as Json[]).find((d) => d.id === fund)
    expect(listed).toMatchObject({
      version: 2,
      sha256: v2.sha256,
      kind: 'maintenance_fund',
      totals: { openingFen: 100_000_00, incomeFen: 5_000_00, spendingFen: 1_000_00, closingFen: 104_000_00 },
    })
    // Whoever comes later sees the whole history, each version with its reason and hash.
    expect(
      ((await ok(owner, 'GET', `${base}/${fund}`)).versions as Json[]).map((v) => [
        v.number,
        v.reason,
        v.sha256,
      ]),
    ).toEqual([
      [2, '第2笔用途写错', v2.sha256],
      [1, '', v1.version.sha256],
    ])
    expect(await refusal(undefined, 'GET', `${base}/${fund}/versions/3`)).toMatchObject({
      status: 404,
      code: 'disclosure_version_not_found',
    })
  })
})

describe('every change audited, and one version from two publications at once', () => {
  it('audits a disclosure from its creation through its draft edits to each version', async () => {
    const fund = ((await ok(undefined, 'GET', base)).disclosures as Json[]).find(
      (d) => d.kind === 'maintenance_fund' && d.version === 2,
    )?.id as string
    const rows = await s.t.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('subject', '=', fund)
      .orderBy('id')
      .execute()
    expect(rows.map((r) => r.action)).toEqual([
      'disclosure.created',
      'disclosure.draft_edited',
      'disclosure.published',
      'disclosure.draft_edited',
      'disclosure.corrected',
      'disclosure.draft_edited',
    ])
    expect(rows.every((r) => r.actor === `account:${convener.accountId}`)).toBe(true)
  })

  it('publishes a draft once when two publications arrive together', async () => {
    const id = (await ok(convener, 'POST', base, { kind: 'other', title: '小区停车管理办法' })).id as string
    const cookie = await s.fresh(convener)
    const answers = await Promise.all(
      [1, 2].map(() => call(s.a.app, 'POST', `${base}/${id}/versions`, { cookie, body: {} })),
    )
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409])
    expect(
      await s.t.db
        .selectFrom('disclosure_versions')
        .select('number')
        .where('disclosure_id', '=', id)
        .execute(),
    ).toEqual([{ number: 1 }])
  })
})

describe('who sees what (domain §9: public or the estate’s owners)', () => {
  let ownersOnly: string
  let draft: string
  beforeAll(async () => {
    ownersOnly = await createMoney(
      'working_funds',
      { start: '2026-12-01', end: '2026-12-31' },
      { openingFen: 0, lines: [line('2026-12-02', 'income', 800_00, '工作经费')], closingFen: 800_00 },
      { visibility: 'owners' },
    )
    await ok(convener, 'POST', `${base}/${ownersOnly}/versions`, {})
    draft = (await ok(convener, 'POST', base, { kind: 'management_covenant', title: '管理规约（草稿）' })).id
  })

  it('shows anyone the public ones only, in the list, the due list and one by one', async () => {
    const ids = ((await ok(undefined, 'GET', base)).disclosures as Json[]).map((d) => d.id)
    expect(ids).not.toContain(ownersOnly)
    expect(ids).not.toContain(draft)
    expect(kindOf(await due(), 'working_funds').lastPeriod).toBeNull()
    for (const path of [`${base}/${ownersOnly}`, `${base}/${ownersOnly}/versions/1`, `${base}/${draft}`])
      expect(await refusal(undefined, 'GET', path)).toMatchObject({
        status: 404,
        code: 'disclosure_not_found',
      })
    // Another estate's owner is nobody here.
    const theirs = ((await ok(stranger, 'GET', base)).disclosures as Json[]).map((d) => d.id)
    expect(theirs).not.toContain(ownersOnly)
    expect((await refusal(stranger, 'GET', `${base}/${ownersOnly}`)).status).toBe(404)
    expect(kindOf(await due(stranger), 'working_funds').lastPeriod).toBeNull()
  })

  it('shows the estate’s owners the owners-only ones, and its staff the drafts', async () => {
    const mine = (await ok(owner, 'GET', base)).disclosures as Json[]
    expect(mine.map((d) => d.id)).toContain(ownersOnly)
    expect(mine.map((d) => d.id)).not.toContain(draft)
    expect(mine.every((d) => d.hasDraft === false)).toBe(true)
    expect(kindOf(await due(owner), 'working_funds').lastPeriod).toEqual({
      start: '2026-12-01',
      end: '2026-12-31',
    })
    expect((await ok(owner, 'GET', `${base}/${ownersOnly}`)).draft).toBeNull()
    expect((await refusal(owner, 'GET', `${base}/${draft}`)).status).toBe(404)
    const staff = (await ok(convener, 'GET', base)).disclosures as Json[]
    expect(staff.find((d) => d.id === draft)).toMatchObject({ version: null, hasDraft: true })
    expect((await ok(convener, 'GET', `${base}/${draft}`)).draft.title).toBe('管理规约（草稿）')
    // Owners and the anonymous do not write.
    expect((await refusal(owner, 'POST', base, { kind: 'other', title: 'x' })).status).toBe(403)
    expect((await refusal(undefined, 'POST', base, { kind: 'other', title: 'x' })).status).toBe(401)
    expect((await refusal(owner, 'POST', `${base}/${draft}/versions`, {})).status).toBe(403)
  })
})

describe('requests that are refused (validation)', () => {
  it('answers {error:{code,message}} with the status, writing nothing', async () => {
    const before = await count('disclosures')
    const cases: [Json, number, string][] = [
      [{ kind: 'nonsense', title: 'x' }, 400, 'invalid_request'],
      [{ kind: 'other', title: '' }, 400, 'invalid_request'],
      [{ kind: 'other', title: '公告\u202e告公' }, 400, 'invalid_request'],
      [{ kind: 'common_income', title: 'x' }, 422, 'disclosure_invalid'],
      [
        { kind: 'common_income', title: 'x', period: { start: '2027-01-01', end: '2027-02-28' } },
        422,
        'disclosure_invalid',
      ],
      [
        { kind: 'other', title: 'x', statement: { openingFen: 0, lines: [], closingFen: 0 } },
        422,
        'disclosure_invalid',
      ],
      [{ kind: 'other', title: 'x', decidedAt: '2027-01-01T00:00:00Z' }, 422, 'disclosure_invalid'],
      [{ kind: 'decisions', title: 'x', decidedAt: '2030-01-01T00:00:00Z' }, 422, 'disclosure_invalid'],
      [{ kind: 'parking', title: '车位出售情况' }, 422, 'disclosure_invalid'],
      [
        { kind: 'maintenance_fund', title: 'x', period: { start: '2026-12-01', end: '2026-12-31' } },
        409,
        'disclosure_period_exists',
      ],
    ]
    for (const [body, status, code] of cases) {
      const r = await refusal(convener, 'POST', base, body)
      expect({ status: r.status, code: r.code }, JSON.stringify(body)).toEqual({ status, code })
      expect(typeof r.body.error.message).toBe('string')
    }
    expect(await count('disclosures')).toBe(before)
    // Kinds without a cadence of periods may share a period: two notices about the same month.
    for (const title of ['停水通知', '电梯检修通知'])
      await ok(convener, 'POST', base, {
        kind: 'other',
        title,
        period: { start: '2027-01-01', end: '2027-01-31' },
      })
    expect(await count('disclosures')).toBe(before + 2)
    expect(await refusal(undefined, 'GET', '/api/estates/nowhere/disclosures')).toMatchObject({
      status: 404,
      code: 'estate_not_found',
    })
  })
})

describe('reads as service, and paper service by building (domain §9)', () => {
  let fund: string
  let versionId: number
  beforeAll(async () => {
    fund = ((await ok(undefined, 'GET', base)).disclosures as Json[]).find(
      (d) => d.kind === 'common_income',
    )?.id
    versionId = (
      await s.t.db
        .selectFrom('disclosure_versions')
        .select('id')
        .where('disclosure_id', '=', fund)
        .executeTakeFirstOrThrow()
    ).id
  })
  const reads = () =>
    s.t.db.selectFrom('disclosure_reads').selectAll().where('version_id', '=', versionId).execute()
  const serviceOf = async (who: SignedIn = convener) =>
    (await ok(who, 'GET', `${base}/${fund}/versions/1/service`)) as Json
  const entryOf = (list: Json, voter: string) =>
    (list.buildings as Json[]).flatMap((b) => b.voters as Json[]).find((v) => v.voter === voter) as Json

  it('records an owner’s first open once; an anonymous open records nothing', async () => {
    s.now = cst(2027, 1, 11, 9)
    await ok(undefined, 'GET', `${base}/${fund}/versions/1`)
    expect(await reads()).toEqual([])
    const readAudits = (await audits('disclosure.read')).length
    await ok(owner, 'GET', `${base}/${fund}/versions/1`)
    const first = await reads()
    expect(first).toEqual([
      {
        version_id: versionId,
        account_id: owner.accountId,
        voter_id: ownerVoter,
        read_at: s.now.toISOString(),
      },
    ])
    s.now = cst(2027, 1, 12, 9)
    await ok(owner, 'GET', `${base}/${fund}/versions/1`)
    expect(await reads()).toEqual(first)
    expect((await audits('disclosure.read')).length).toBe(readAudits + 1)
    // Another estate's owner reads the public page without being served here.
    await ok(stranger, 'GET', `${base}/${fund}/versions/1`)
    expect(await reads()).toEqual(first)
  })

  it('lists by building who was served electronically and who needs paper, with masked names only', async () => {
    const list = await serviceOf()
    expect(list.version).toMatchObject({ number: 1 })
    expect(list.counts.electronic).toBe(1)
    expect(list.counts.paper).toBe(0)
    expect(list.counts.pending).toBe(list.counts.voters - 1)
    expect(entryOf(list, ownerVoter).served).toEqual({
      how: 'electronic',
      at: cst(2027, 1, 11, 9).toISOString(),
    })
    const all = (list.buildings as Json[]).flatMap((b) => b.voters as Json[])
    for (const v of all) {
      expect(Object.keys(v).sort()).toEqual(['owners', 'served', 'units', 'voter'])
      for (const name of v.owners as string[]) expect(name).toMatch(/^.\*$/u)
    }
    const text = JSON.stringify(list)
    expect(text).not.toMatch(/(?<![0-9])1[3-9][0-9]{9}(?![0-9])/)
    expect(text).not.toContain('潘芳')
    // Buildings in their numbers' order (2号楼 before 10号楼), the voters of each by unit number.
    const order = new Intl.Collator('zh-CN', { numeric: true })
    const names = (list.buildings as Json[]).map((b) => b.building as string)
    expect(names.length).toBeGreaterThan(1)
    expect(names).toEqual([...names].sort(order.compare))
    for (const b of list.buildings as Json[]) {
      const units = (b.voters as Json[]).map((v) => v.units[0] as string)
      expect(units).toEqual([...units].sort(order.compare))
    }
    // Supervisors and the street office read it too; owners do not.
    await ok(supervisor, 'GET', `${base}/${fund}/versions/1/service`)
    await ok(street, 'GET', `${base}/${fund}/versions/1/service`)
    expect((await refusal(owner, 'GET', `${base}/${fund}/versions/1/service`)).status).toBe(403)
  })

  it('records paper service once per voter, audited; unknown voters are refused', async () => {
    const list = await serviceOf()
    const pending = (list.buildings as Json[])
      .flatMap((b) => b.voters as Json[])
      .filter((v) => v.served === null)
      .slice(0, 2)
      .map((v) => v.voter as string)
    const before = (await audits('disclosure.paper_served')).length
    expect(
      await refusal(convener, 'POST', `${base}/${fund}/versions/1/service`, {
        voters: [...pending, 'no-such-unit'],
        servedOn: '2027-01-12',
        servedBy: '物业 张师傅',
      }),
    ).toMatchObject({ status: 400, code: 'unit_not_found' })
    // Published on 10 January, read on 12 January: a copy served before it existed or tomorrow is refused.
    for (const servedOn of ['2027-01-09', '2027-01-13', '2027-02-30'])
      expect(
        await refusal(convener, 'POST', `${base}/${fund}/versions/1/service`, {
          voters: pending,
          servedOn,
          servedBy: '物业 张师傅',
        }),
        servedOn,
      ).toMatchObject({ status: 400, code: 'invalid_request' })
    expect(
      (
        await refusal(owner, 'POST', `${base}/${fund}/versions/1/service`, {
          voters: pending,
          servedOn: '2027-01-12',
          servedBy: 'x',
        })
      ).status,
    ).toBe(403)
    expect((await audits('disclosure.paper_served')).length).toBe(before)
    const recorded = await ok(convener, 'POST', `${base}/${fund}/versions/1/service`, {
      voters: pending,
      servedOn: '2027-01-12',
      servedBy: '物业 张师傅',
    })
    expect(recorded).toEqual({ recorded: 2, alreadyServed: 0 })
    const again = await ok(convener, 'POST', `${base}/${fund}/versions/1/service`, {
      voters: [pending[0]],
      servedOn: '2027-01-12',
      servedBy: '物业 张师傅',
    })
    expect(again).toEqual({ recorded: 0, alreadyServed: 1 })
    const after = await serviceOf()
    expect(after.counts).toMatchObject({ electronic: 1, paper: 2, pending: list.counts.pending - 2 })
    for (const v of pending) expect(entryOf(after, v).served).toEqual({ how: 'paper', on: '2027-01-12' })
    const audited = await audits('disclosure.paper_served')
    expect(audited.length).toBe(before + 2)
  })
})

describe('owners’ questions, answered in public (domain §9)', () => {
  let fund: string
  let question: string
  beforeAll(async () => {
    fund = ((await ok(undefined, 'GET', base)).disclosures as Json[]).find(
      (d) => d.kind === 'common_income',
    )?.id
  })

  it('takes a question from an owner of the estate only', async () => {
    expect((await refusal(undefined, 'POST', `${base}/${fund}/questions`, { text: '?' })).status).toBe(401)
    expect(
      await refusal(stranger, 'POST', `${base}/${fund}/questions`, { text: '广告收入是哪家？' }),
    ).toMatchObject({
      status: 403,
      code: 'forbidden',
    })
    expect((await refusal(owner, 'POST', `${base}/${fund}/questions`, { text: '  ' })).code).toBe(
      'invalid_request',
    )
    expect(
      await refusal(owner, 'POST', `${base}/${fund}/questions`, { text: '哪个版本？', version: 9 }),
    ).toMatchObject({ status: 404, code: 'disclosure_version_not_found' })
    const asked = await ok(owner, 'POST', `${base}/${fund}/questions`, {
      text: '广告收入是哪家？',
      version: 1,
    })
    question = asked.id
    expect((await audits('disclosure.question_asked')).map((a) => a.subject)).toContain(fund)
    const q = ((await ok(undefined, 'GET', `${base}/${fund}`)).questions as Json[])[0] as Json
    expect(q).toMatchObject({ id: question, version: 1, text: '广告收入是哪家？', answer: null })
    // The asker is not named in public.
    expect(JSON.stringify(q)).not.toContain(owner.accountId)
  })

  it('is answered once by a convener, in public with the answer’s time', async () => {
    s.now = cst(2027, 1, 13, 15, 30)
    const path = `${base}/${fund}/questions/${question}/answer`
    expect((await refusal(owner, 'POST', path, { text: '不知道' })).status).toBe(403)
    await ok(convener, 'POST', path, { text: '某广告公司，合同见附件。' })
    expect((await audits('disclosure.question_answered')).map((a) => a.subject)).toContain(fund)
    const q = ((await ok(undefined, 'GET', `${base}/${fund}/versions/1`)).questions as Json[])[0] as Json
    expect(q.answer).toEqual({ text: '某广告公司，合同见附件。', answeredAt: s.now.toISOString() })
    expect(await refusal(convener, 'POST', path, { text: '再答' })).toMatchObject({
      status: 409,
      code: 'question_answered',
    })
    expect(
      await refusal(
        convener,
        'POST',
        `${base}/${fund}/questions/00000000-0000-4000-8000-000000000000/answer`,
        {
          text: 'x',
        },
      ),
    ).toMatchObject({ status: 404, code: 'question_not_found' })
  })
})

describe('attachments, checked by their bytes', () => {
  let contract: string
  const upload = async (who: SignedIn, name: string, bytes: Uint8Array<ArrayBuffer>) => {
    const form = new FormData()
    form.append('file', new File([bytes], name))
    const res = await s.a.app.request(`${base}/${contract}/attachments`, {
      method: 'POST',
      headers: { origin: ORIGIN, cookie: await s.fresh(who) },
      body: form,
    })
    return { status: res.status, body: (await res.json()) as Json }
  }
  const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')

  beforeAll(async () => {
    contract = (
      await ok(convener, 'POST', base, {
        kind: 'property_contract',
        title: '物业服务合同',
        body: '合同全文见附件。',
        facts: {
          company: '某某物业服务有限公司',
          contractStart: '2026-01-01',
          contractEnd: '2028-12-31',
          serviceStandard: '二级',
          fees: [{ item: '物业服务费（住宅）', rateFen: 250, unit: '㎡·月' }],
          hotline: '021-12345678',
        },
      })
    ).id
  })

  it('accepts a PDF, refuses a .pdf that is text (415) and one too large (413), writing nothing for those', async () => {
    const before = await count('disclosure_attachments')
    const text = await upload(convener, '合同.pdf', new TextEncoder().encode('this is not a PDF at all'))
    expect(text.status).toBe(415)
    expect(text.body.error.code).toBe('file_type_refused')
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1)
    big.set(pdf)
    const large = await upload(convener, '合同.pdf', big)
    expect(large.status).toBe(413)
    expect(large.body.error.code).toBe('file_too_large')
    expect((await upload(owner, '合同.pdf', pdf)).status).toBe(403)
    expect(await count('disclosure_attachments')).toBe(before)
    const added = await upload(convener, '合同.pdf', pdf)
    expect(added.status).toBe(201)
    expect(added.body.attachment).toMatchObject({
      name: '合同.pdf',
      mime: 'application/pdf',
      size: pdf.length,
      sha256: createHash('sha256').update(pdf).digest('hex'),
    })
    expect((await audits('disclosure.attachment_added')).map((a) => a.subject)).toContain(contract)
    // A draft's file is the staff's until it is published.
    const file = `${base}/${contract}/attachments/${added.body.attachment.id}`
    expect((await refusal(undefined, 'GET', file)).status).toBe(404)
    const v = await ok(convener, 'POST', `${base}/${contract}/versions`, {})
    const page = await ok(undefined, 'GET', `${base}/${contract}/versions/1`)
    expect(page.version.attachments).toEqual([added.body.attachment])
    expect(page.version.sha256).toBe(v.sha256)
    const res = await call(s.a.app, 'GET', file)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(pdf)
  })

  it('puts the contract and the latest balances on the supervision board', async () => {
    const b = await ok(undefined, 'GET', `${base}/board`)
    expect(b.contract.facts).toMatchObject({ company: '某某物业服务有限公司', hotline: '021-12345678' })
    expect(b.maintenanceFund).toMatchObject({
      period: { start: '2026-12-01', end: '2026-12-31' },
      closingFen: 104_000_00,
      version: 2,
    })
    expect(b.commonIncome).toMatchObject({ closingFen: 300_00 })
    // From the public versions only: the owners-only working funds are not on the board.
    expect(JSON.stringify(b)).not.toContain('"closingFen":80000')
    expect(b.due.map((k: Json) => k.kind)).toContain('working_funds')
  })
})

describe('decisions, due within 3 days (domain §§8–9)', () => {
  const FIRST = [
    ['1-1-101', '潘芳'],
    ['1-1-102', '段文杰'],
    ['1-1-103', '黎海燕'],
    ['7-2-601', '雷军'],
    ['1-1-202', '汤海燕'],
    ['1-1-203', '高涛'],
  ] as const
  let firstMeeting: string
  const decisionsIn = async (who?: SignedIn) =>
    ((await ok(who, 'GET', base)).disclosures as Json[]).filter((d) => d.kind === 'decisions')

  it('moves a decision’s last day past a public holiday (民法典 art. 203)', async () => {
    s.now = cst(2027, 2, 1, 16)
    // Decided on 28 September 2026: 29, 30 September and 1 October — 国庆节 (1–7 October) — so the last day is the
    // first working day after it, 8 October, and the decision is due at 24:00 that day.
    const id = (
      await ok(convener, 'POST', base, {
        kind: 'decisions',
        title: '关于国庆期间安保的决定',
        decidedAt: cst(2026, 9, 28, 10).toISOString(),
      })
    ).id as string
    expect(kindOf(await due(), 'decisions')).toMatchObject({
      next: { decision: { id }, dueAt: cst(2026, 10, 9).toISOString() },
      // 9 October 2026 to 1 February 2027 inclusive.
      overdueDays: 116,
    })
    const read = s.now
    s.now = cst(2026, 10, 8, 23, 59)
    expect(kindOf(await due(), 'decisions').overdueDays).toBe(0)
    s.now = cst(2026, 10, 9, 0, 0)
    expect(kindOf(await due(), 'decisions').overdueDays).toBe(1)
    s.now = read
    await ok(convener, 'POST', `${base}/${id}/versions`, {})
    expect(kindOf(await due(), 'decisions').next).toBeNull()
  })

  it('counts a decision typed in from its day, that day not counted, until it is published', async () => {
    s.now = cst(2027, 2, 1, 16)
    const id = (
      await ok(convener, 'POST', base, {
        kind: 'decisions',
        title: '关于停车收费的决定',
        decidedAt: cst(2027, 2, 1, 15).toISOString(),
      })
    ).id as string
    // 2, 3 and 4 February: due at 24:00 on the 4th.
    s.now = cst(2027, 2, 4, 23, 59)
    expect(kindOf(await due(), 'decisions')).toMatchObject({
      cadence: 'within_days',
      next: { decision: { id, title: '' }, dueAt: cst(2027, 2, 5).toISOString() },
      overdueDays: 0,
      missed: 0,
    })
    expect(kindOf(await due(convener), 'decisions').next.decision.title).toBe('关于停车收费的决定')
    s.now = cst(2027, 2, 5, 0, 0)
    expect(kindOf(await due(), 'decisions')).toMatchObject({ overdueDays: 1, missed: 1 })
    await ok(convener, 'POST', `${base}/${id}/versions`, {})
    expect(kindOf(await due(), 'decisions')).toMatchObject({ next: null, overdueDays: 0 })
    expect((await decisionsIn()).map((d) => d.id)).toContain(id)
  })

  it('discloses an assembly’s final announcement with it, in the same transaction, once', async () => {
    s.now = cst(2027, 2, 10, 10)
    const created = await ok(street, 'POST', `${api}/meetings`, {
      title: '首次业主大会会议',
      opensAt: cst(2027, 2, 27).toISOString(),
      closesAt: cst(2027, 3, 9).toISOString(),
      matters: [
        { kind: 'rules_of_procedure', title: '业主大会议事规则', body: '' },
        { kind: 'management_covenant', title: '管理规约', body: '' },
        {
          kind: 'elect_committee',
          title: '选举第一届业主委员会',
          seats: 5,
          candidates: FIRST.map(([unit, name]) => ({
            unit,
            name,
            statement: '',
            eligibility: { fullCapacity: true, noArrears: true, notPropertyStaff: true },
          })),
        },
      ],
    })
    firstMeeting = created.meeting.id
    await ok(street, 'PUT', `${api}/formation/first-meeting`, {
      meetingId: firstMeeting,
      rulesOfProcedure: 'q1',
      managementCovenant: 'q2',
      election: 'q3',
    })
    await ok(street, 'POST', `${api}/meetings/${firstMeeting}/notice`)
    // The tally as the election would store it (makeFinal), left at the preliminary result: the objection period
    // over, the supervisor signs off and the conveners publish the final through the API.
    await makeFinal(
      s.t.db,
      firstMeeting,
      { rules: true, committee: true, alternate: true },
      cst(2027, 3, 20, 9),
    )
    await s.t.db
      .updateTable('meetings')
      .set({ status: 'preliminary', final_at: null })
      .where('id', '=', firstMeeting)
      .execute()
    s.now = cst(2027, 3, 20, 10)
    const before = (await decisionsIn()).length
    await ok(supervisor, 'POST', `${api}/meetings/${firstMeeting}/signoffs`, { decision: 'approve' })
    expect(await decisionsIn()).toHaveLength(before)
    await ok(convener, 'POST', `${api}/meetings/${firstMeeting}/final`)
    const after = await decisionsIn()
    expect(after).toHaveLength(before + 1)
    const d = after.find((x) => x.title === '首次业主大会会议 表决结果公告') as Json
    expect(d).toMatchObject({ visibility: 'public', version: 1, publishedAt: s.now.toISOString() })
    const page = await ok(undefined, 'GET', `${base}/${d.id}/versions/1`)
    expect(page.version.body).toContain('1. 业主大会议事规则：')
    expect(page.version.body).toContain('3. 选举第一届业主委员会：')
    expect(page.version.body).not.toContain('[object Object]')
    expect((await audits('disclosure.published')).map((a) => a.subject)).toContain(d.id)
    expect(kindOf(await due(), 'decisions')).toMatchObject({ next: null, overdueDays: 0 })
    // A second final is refused, and makes no second disclosure.
    expect((await refusal(convener, 'POST', `${api}/meetings/${firstMeeting}/final`)).status).toBe(409)
    expect(await decisionsIn()).toHaveLength(before + 1)
  })

  it('counts a committee meeting from its close and discloses its resolutions with their notice', async () => {
    await ok(convener, 'POST', `${api}/committee/terms`, {
      meetingId: firstMeeting,
      matterId: 'q3',
      number: 1,
      endsOn: '2032-03-19',
    })
    const members = await ownersWithPasskeys(s.t.db, 'jinxiu', {
      units: FIRST.slice(1, 4).map(([unit, name]) => ({ unit, name })),
      now: s.now,
    })
    s.now = cst(2027, 3, 22, 10)
    const scheduled = await ok(convener, 'POST', `${api}/committee/meetings`, {
      title: '第一届业主委员会第二次会议',
      heldAt: s.now.toISOString(),
      items: [{ kind: 'resolution', title: '公示本年度公共收益', body: '' }],
    })
    const id = scheduled.meeting.id as string
    for (const m of members)
      expect((await committeeVote(s.a, api, m.phone, id, 'r1', 'for')).status).toBe(201)
    await ok(convener, 'POST', `${api}/committee/meetings/${id}/close`)
    // Closed at 10:00 on 22 March: 23, 24 and 25 March, due at 24:00 on the 25th.
    s.now = cst(2027, 3, 25, 23, 59)
    expect(kindOf(await due(), 'decisions')).toMatchObject({
      next: { decision: { id, title: '第一届业主委员会第二次会议' }, dueAt: cst(2027, 3, 26).toISOString() },
      overdueDays: 0,
    })
    s.now = cst(2027, 3, 26, 0, 0)
    expect(kindOf(await due(), 'decisions')).toMatchObject({ overdueDays: 1, missed: 1 })
    const before = (await decisionsIn()).length
    s.now = cst(2027, 3, 26, 9)
    await ok(convener, 'POST', `${api}/committee/meetings/${id}/publication`, { minutes: '会议纪要。' })
    const after = await decisionsIn()
    expect(after).toHaveLength(before + 1)
    const d = after.find((x) => x.title === '第1届业主委员会决议公告：第一届业主委员会第二次会议') as Json
    expect(d).toMatchObject({ visibility: 'public', version: 1 })
    const page = await ok(undefined, 'GET', `${base}/${d.id}/versions/1`)
    expect(page.version.body).toContain('1. 公示本年度公共收益：通过')
    expect(page.version.body).toContain('会议纪要。')
    expect(kindOf(await due(), 'decisions')).toMatchObject({ next: null, overdueDays: 0, missed: 0 })
  })
})
