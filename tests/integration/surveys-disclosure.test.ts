import { createHash } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { TEMPLATE } from '../../server/domain/surveys'
import { importRoll } from '../../server/services/import-roll'
import type { Who } from '../../server/services/meetings'
import { createSurvey, noticeSurvey, respondOnPaper } from '../../server/services/surveys'
import { call, csv, enrolStaff, tempDb, type SignedIn } from '../support'
import { cst, sendAs, stage, type Json } from '../support/stage'
import { ownersWithPasskeys, type PhoneOwner } from '../support/voters'

/**
 * A closed survey's results published as a disclosure (domain §10 "Published as a disclosure"; §9 "other
 * information owners should know"): by a convener or the street office, once per survey, after the close; the
 * disclosure says per dimension the shares by headcount and by area against the pass mark, the response rate on
 * both and how many responded, and names the results file with its SHA-256 — the hash of the very bytes the results
 * file route answers.
 */

const s = stage({ db: tempDb, at: cst(2026, 12, 1, 10), wide: true })
const E = 'xiaoqu'
const base = `/api/estates/${E}/surveys`
let convener: SignedIn
let street: SignedIn
let supervisor: SignedIn
let owner: PhoneOwner
/** Closed: 3 of 5 voters responded, 2 of them satisfied; closed, all satisfied; open still. */
let failing: string
let passing: string
let open: string

const staff = (now: Date): Who => ({ actor: 'test:convener', role: 'convener', now })
const all = (mark: number) =>
  Object.fromEntries(
    TEMPLATE.dimensions.map((d) => [d.key, mark === 1 ? { mark, reason: '没有改进' } : { mark }]),
  )

beforeAll(async () => {
  const roll = csv(
    '1-101,1号楼,住宅,100,登记,甲一,1111,13800000001,N',
    '1-102,1号楼,住宅,80,登记,乙二,2222,13800000002,N',
    '1-103,1号楼,住宅,120,登记,丙三,3333,13800000003,N',
    '1-104,1号楼,住宅,90.5,登记,丁四,4444,13800000004,N',
    '2-101,2号楼,住宅,60,登记,甲一,1111,13800000001,N',
    '3-101,3号楼,住宅,70,登记,戊五;己六,5555;6666,13800000005;13800000006,N',
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
  street = await enrolStaff(s.a, s.t.db, 'street_office', E, '街道办', s.now)
  supervisor = await enrolStaff(s.a, s.t.db, 'supervisor', E, '居委会', s.now)
  ;[owner] = (await ownersWithPasskeys(s.t.db, E, { units: ['1-102'], now: s.now })) as [PhoneOwner]
  const made = async (title: string, closesOn: string) => {
    const { id } = await createSurvey(s.t.db, E, { title, opensOn: '2026-12-05', closesOn }, staff(s.now))
    await noticeSurvey(s.t.db, E, id, staff(s.now))
    return id
  }
  failing = await made('2026年下半年物业服务满意度测评', '2026-12-10')
  passing = await made('绿化专项满意度测评', '2026-12-10')
  open = await made('本季度物业服务满意度测评', '2026-12-20')
  const during = cst(2026, 12, 6, 10)
  for (const [unit, mark] of [
    ['1-101', 3],
    ['1-102', 2],
    ['1-103', 1],
  ] as const)
    await respondOnPaper(s.t.db, E, failing, { unit, answers: all(mark) }, staff(during))
  for (const unit of ['1-101', '1-104'])
    await respondOnPaper(s.t.db, E, passing, { unit, answers: all(3) }, staff(during))
  s.now = cst(2026, 12, 11, 10)
})

const disclose = (who: SignedIn | PhoneOwner | undefined, surveyId: string) =>
  sendAs(s.a, who as SignedIn | undefined, 'POST', `${base}/${surveyId}/disclosure`)
const disclosures = async () =>
  ((await sendAs(s.a, undefined, 'GET', `/api/estates/${E}/disclosures`)).body.disclosures as Json[]) ?? []

describe('POST /api/estates/:estateId/surveys/:surveyId/disclosure', () => {
  it('is for the estate’s conveners and street office: anonymous 401, the supervisor and an owner 403', async () => {
    expect((await disclose(undefined, failing)).status).toBe(401)
    expect((await disclose(supervisor, failing)).status).toBe(403)
    expect((await disclose(owner, failing)).status).toBe(403)
    expect(await disclosures()).toEqual([])
  })

  it('refuses a survey still open with 409 survey_not_closed, and an unknown one with 404; nothing written', async () => {
    const early = await disclose(convener, open)
    expect(early.status).toBe(409)
    expect(early.body.error.code).toBe('survey_not_closed')
    const unknown = await disclose(convener, '00000000-0000-4000-8000-000000000000')
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'survey_not_found'])
    expect(await disclosures()).toEqual([])
    const audit = await s.t.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'in', ['survey.results_disclosed', 'disclosure.published'])
      .execute()
    expect(audit).toEqual([])
  })

  let disclosureId: string
  let answered: Json

  it('publishes the closed survey’s results as a public disclosure of the kind other, for the survey’s period', async () => {
    const r = await disclose(convener, failing)
    expect(r.status).toBe(201)
    answered = r.body
    disclosureId = answered.disclosureId
    expect(answered).toMatchObject({ version: 1, title: '2026年下半年物业服务满意度测评结果' })
    expect(answered.sha256).toMatch(/^[0-9a-f]{64}$/)
    const [listed, ...more] = await disclosures()
    expect(more).toEqual([])
    expect(listed).toMatchObject({
      id: disclosureId,
      kind: 'other',
      visibility: 'public',
      period: { start: '2026-12-05', end: '2026-12-10' },
      title: '2026年下半年物业服务满意度测评结果',
      version: 1,
      sha256: answered.sha256,
    })
  })

  it('says per dimension the shares by headcount and by area against the pass mark, the response rate and the count', async () => {
    const results = (await sendAs(s.a, undefined, 'GET', `${base}/${failing}/results`)).body.results as Json
    // 5 voters (甲一 holds two units; 3-101's two co-owners are one), 520.5 ㎡; 3 responded with 360 ㎡.
    expect([results.electorate.heads, results.responded.heads]).toEqual([5, 3])
    const v = (
      await sendAs(s.a, undefined, 'GET', `/api/estates/${E}/disclosures/${disclosureId}/versions/1`)
    ).body as Json
    const body = v.version.body as string
    expect(body).toContain('参加测评：3 户，专有部分面积 360.00 ㎡')
    expect(body).toContain('参与率按人数 60.00%（共 5 户），按面积 69.16%（共 520.50 ㎡）')
    expect(body).toContain('满意度测评不设法定人数')
    for (const d of TEMPLATE.dimensions)
      expect(body).toContain(
        `${d.title}：满意率按人数 66.67%（2/3 户，未达到合格线 80%），按面积 66.67%（未达到合格线）——不合格`,
      )
    expect(body).toContain('总体结论：未达到合格线 80%。')
    expect(body).not.toMatch(/甲一|乙二|丙三|1-10\d/)
  })

  it('names the results file with the SHA-256 of the bytes its route answers', async () => {
    const v = (
      await sendAs(s.a, undefined, 'GET', `/api/estates/${E}/disclosures/${disclosureId}/versions/1`)
    ).body as Json
    const file = await call(s.a.app, 'GET', `${base}/${failing}/results.json`)
    expect(file.status).toBe(200)
    const sha = createHash('sha256')
      .update(Buffer.from(await file.arrayBuffer()))
      .digest('hex')
    expect(answered.resultsSha256).toBe(sha)
    expect(v.version.body).toContain(`${base}/${failing}/results.json`)
    expect(v.version.body).toContain(`SHA-256：${sha}`)
  })

  it('is once per survey: the second time 409 survey_results_disclosed naming the disclosure, nothing added', async () => {
    const again = await disclose(street, failing)
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('survey_results_disclosed')
    expect(again.body.error.details).toEqual({ disclosureId })
    expect(await disclosures()).toHaveLength(1)
  })

  it('discloses once of two requests at once, by the street office too, and says a passed survey passed', async () => {
    const [a, b] = await Promise.all([disclose(street, passing), disclose(convener, passing)])
    expect([a.status, b.status].sort()).toEqual([201, 409])
    const made = a.status === 201 ? a.body : b.body
    const refused = a.status === 201 ? b.body : a.body
    expect(refused.error).toMatchObject({
      code: 'survey_results_disclosed',
      details: { disclosureId: made.disclosureId },
    })
    expect(made.title).toBe('2026年绿化专项满意度测评结果')
    const v = (
      await sendAs(s.a, undefined, 'GET', `/api/estates/${E}/disclosures/${made.disclosureId}/versions/1`)
    ).body as Json
    expect(v.version.body).toContain('总体结论：达到合格线 80%。')
    expect(await disclosures()).toHaveLength(2)
  })

  it('audits each disclosure: the survey’s entry names the disclosure and both hashes', async () => {
    const rows = await s.t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', 'in', ['survey.results_disclosed', 'disclosure.published'])
      .orderBy('id')
      .execute()
    expect(rows.map((r) => r.action)).toEqual([
      'disclosure.published',
      'survey.results_disclosed',
      'disclosure.published',
      'survey.results_disclosed',
    ])
    const first = rows.find((r) => r.action === 'survey.results_disclosed' && r.subject === failing)
    expect(JSON.parse(String(first?.after_json))).toEqual({
      disclosureId,
      sha256: answered.sha256,
      resultsSha256: answered.resultsSha256,
    })
  })
})
