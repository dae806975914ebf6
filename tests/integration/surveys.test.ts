import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  surveyResults,
  tallyMatches,
  type Answer,
  type Questionnaire,
  type SurveySettings,
  type Tally,
} from '../../server/domain/surveys'
import { importRoll } from '../../server/services/import-roll'
import { call, csv, enrolStaff, tempDb, type SignedIn } from '../support'
import { codeOf, cst, json, stage, type Json } from '../support/stage'
import { ownersWithPasskeys, signInPhone, type PhoneOwner } from '../support/voters'

/**
 * Satisfaction surveys (domain §10) through the API on one small estate, the file's steps in order: a convener
 * and the street office create surveys from the template, a draft is edited and its notice published; owners
 * respond online for the voters they hold (once each, also under simultaneous submissions), a convener enters a
 * paper response; the results, the response list by receipt, the trend and the results file come after the close.
 * Anonymity (domain §12): the response table holds no voter, unit, account or time, and no query joins it to the
 * table of who responded.
 */

const s = stage({ db: tempDb, at: cst(2026, 12, 1, 10), wide: true })
const E = 'xiaoqu'
const base = `/api/estates/${E}/surveys`
let convener: SignedIn
let street: SignedIn
let supervisor: SignedIn
let owners: PhoneOwner[]
const cookies: string[] = []

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
  owners = await ownersWithPasskeys(s.t.db, E, {
    units: ['1-101', '1-102', '1-103', { unit: '3-101', name: '戊五' }, { unit: '3-101', name: '己六' }],
    now: s.now,
  })
  for (const o of owners) cookies.push(await signInPhone(s.a, o.phone))
  // The co-owners of 3-101 name 己六 their representative (指导规则 art. 25): only she responds for it.
  for (const i of [3, 4])
    expect(
      (
        await call(s.a.app, 'POST', `/api/estates/${E}/representatives/nominations`, {
          cookie: cookies[i],
          body: { unit: '3-101', nomineeOwnerId: owners[4]!.ownerId },
        })
      ).status,
    ).toBe(201)
})

/** Moves the clock and signs everyone in again (a session lasts 8 hours). */
async function at(now: Date) {
  s.now = now
  for (const [i, o] of owners.entries()) cookies[i] = await signInPhone(s.a, o.phone)
  convener = { ...convener, cookie: await s.fresh(convener) }
  supervisor = { ...supervisor, cookie: await s.fresh(supervisor) }
}

const window = { opensOn: '2026-12-05', closesOn: '2026-12-10' }
const body = { title: '2026年下半年物业服务满意度测评', ...window }
/** Every dimension of the template at `mark`, with a reason when it is low. */
const answersAt = (q: Questionnaire, mark: number, reason = '') =>
  Object.fromEntries(q.dimensions.map((d) => [d.key, { mark, ...(reason ? { reason } : {}) }]))

let surveyId: string
let questionnaire: Questionnaire

describe('POST /api/estates/:estateId/surveys', () => {
  it('is for the estate’s conveners and street office: anonymous 401, the supervisor 403', async () => {
    expect((await call(s.a.app, 'POST', base, { body })).status).toBe(401)
    expect((await call(s.a.app, 'POST', base, { cookie: supervisor.cookie, body })).status).toBe(403)
    expect((await call(s.a.app, 'POST', base, { cookie: cookies[0], body })).status).toBe(403)
  })

  it('refuses a window that closes before it opens, and a questionnaire without the overall question', async () => {
    expect(
      await codeOf(
        await call(s.a.app, 'POST', base, {
          cookie: convener.cookie,
          body: { ...body, opensOn: '2026-12-10', closesOn: '2026-12-05' },
        }),
      ),
    ).toEqual({ status: 400, code: 'window_invalid' })
    expect(
      await codeOf(
        await call(s.a.app, 'POST', base, {
          cookie: convener.cookie,
          body: {
            ...body,
            questionnaire: { scale: 'three', dimensions: [{ key: 'cleaning', title: '环境卫生' }] },
          },
        }),
      ),
    ).toEqual({ status: 400, code: 'survey_questionnaire_invalid' })
  })

  it('creates a draft from the template with the estate’s voters as its electorate, seen by staff only', async () => {
    const created = await json<{ id: string }>(
      await call(s.a.app, 'POST', base, { cookie: convener.cookie, body }),
    )
    surveyId = created.id
    const view = await json<Json>(
      await call(s.a.app, 'GET', `${base}/${surveyId}`, { cookie: convener.cookie }),
    )
    questionnaire = view.survey.questionnaire
    expect(questionnaire.dimensions.map((d) => d.title)).toEqual([
      '保安消防',
      '环境卫生',
      '维修服务',
      '绿化',
      '接待服务',
      '收费透明',
      '总体评价',
    ])
    expect(view.survey).toMatchObject({
      phase: 'draft',
      settings: { satisfiedFrom: 2, passMarkPercent: 80 },
      // 甲一 owns 1-101 and 2-101: one voter of 160 ㎡; 3-101 is one voter of two co-owners; five voters, 520.5 ㎡.
      electorate: { heads: 5, areaCm2: 5_205_000 },
      opensAt: cst(2026, 12, 5).toISOString(),
      closesAt: cst(2026, 12, 11).toISOString(),
    })
    expect(view.progress).toMatchObject({ responded: { heads: 0, areaCm2: 0 } })
    expect((await call(s.a.app, 'GET', `${base}/${surveyId}`)).status).toBe(404)
    expect((await json<Json>(await call(s.a.app, 'GET', base))).surveys).toEqual([])
  })

  it('lets the street office create one for the estates of its area', async () => {
    const res = await call(s.a.app, 'POST', base, {
      cookie: street.cookie,
      body: { title: '街道组织的测评', opensOn: '2026-12-02', closesOn: '2026-12-03' },
    })
    expect(res.status).toBe(201)
    const { id } = (await res.json()) as { id: string }
    expect((await call(s.a.app, 'POST', `${base}/${id}/notice`, { cookie: street.cookie })).status).toBe(204)
  })
})

describe('PUT …/surveys/:surveyId and its notice', () => {
  it('edits the draft’s questionnaire (a dimension added), then fixes it with the notice', async () => {
    const edited = {
      ...body,
      questionnaire: {
        ...questionnaire,
        dimensions: [{ key: 'parking', title: '停车管理' }, ...questionnaire.dimensions],
      },
    }
    expect(
      (await call(s.a.app, 'PUT', `${base}/${surveyId}`, { cookie: convener.cookie, body: edited })).status,
    ).toBe(204)
    expect(
      (await call(s.a.app, 'POST', `${base}/${surveyId}/notice`, { cookie: supervisor.cookie })).status,
    ).toBe(403)
    expect(
      (await call(s.a.app, 'POST', `${base}/${surveyId}/notice`, { cookie: convener.cookie })).status,
    ).toBe(204)
    expect(
      await codeOf(await call(s.a.app, 'PUT', `${base}/${surveyId}`, { cookie: convener.cookie, body })),
    ).toEqual({ status: 409, code: 'survey_not_draft' })
    expect(
      await codeOf(await call(s.a.app, 'POST', `${base}/${surveyId}/notice`, { cookie: convener.cookie })),
    ).toEqual({ status: 409, code: 'survey_not_draft' })
    const view = await json<Json>(await call(s.a.app, 'GET', `${base}/${surveyId}`))
    questionnaire = view.survey.questionnaire
    expect(questionnaire.dimensions[0]).toEqual({ key: 'parking', title: '停车管理' })
    expect(view).toMatchObject({ survey: { phase: 'upcoming' }, progress: null })
    const list = await json<Json>(await call(s.a.app, 'GET', base))
    expect(list.surveys.map((x: Json) => x.title)).toEqual([body.title, '街道组织的测评'])
  })

  it('records service of the notice on paper by unit, and an owner’s own opening of it', async () => {
    const recorded = await json<Json>(
      await call(s.a.app, 'POST', `${base}/${surveyId}/service`, {
        cookie: convener.cookie,
        body: { units: ['1-104', '2-101'], method: 'paper' },
      }),
    )
    expect(recorded).toEqual({ recorded: 2 })
    expect(
      await codeOf(
        await call(s.a.app, 'POST', `${base}/${surveyId}/service`, {
          cookie: convener.cookie,
          body: { units: ['9-999'], method: 'paper' },
        }),
      ),
    ).toEqual({ status: 400, code: 'unit_not_found' })
    const mine = await json<Json>(
      await call(s.a.app, 'GET', `${base}/${surveyId}/me`, { cookie: cookies[1] }),
    )
    expect(mine.voters).toEqual([
      { voter: '1-102', units: ['1-102'], blocked: null, responded: false, channel: null, respondedAt: null },
    ])
    const service = s.t
      .sqlite!.prepare('select voter, method from survey_service where survey_id = ? order by voter, method')
      .all(surveyId)
    expect(service).toEqual([
      { voter: '1-101', method: 'paper' },
      { voter: '1-102', method: 'read' },
      { voter: '1-104', method: 'paper' },
    ])
  })
})

describe('POST …/surveys/:surveyId/responses', () => {
  const send = (i: number, answers: unknown, voter = owners[i]!.voter) =>
    call(s.a.app, 'POST', `${base}/${surveyId}/responses`, { cookie: cookies[i], body: { voter, answers } })

  it('takes nothing before the survey opens', async () => {
    expect(await codeOf(await send(0, answersAt(questionnaire, 3)))).toEqual({
      status: 409,
      code: 'survey_not_open',
    })
  })

  it('refuses an unanswered dimension, a low mark without its reason, and a voter the owner does not hold', async () => {
    await at(cst(2026, 12, 5, 9))
    const { overall: _, ...partial } = answersAt(questionnaire, 3)
    const missing = await send(0, partial)
    expect(missing.status).toBe(422)
    expect(((await missing.json()) as Json).error).toMatchObject({
      code: 'survey_response_invalid',
      details: { problems: [{ dimension: 'overall', code: 'answer_missing' }] },
    })
    const noReason = await send(0, { ...answersAt(questionnaire, 3), repairs: { mark: 1 } })
    expect(((await noReason.json()) as Json).error).toMatchObject({
      code: 'survey_response_invalid',
      details: { problems: [{ dimension: 'repairs', code: 'reason_required' }] },
    })
    expect(await codeOf(await send(0, answersAt(questionnaire, 3), '1-104'))).toEqual({
      status: 403,
      code: 'not_your_voter',
    })
    expect((await call(s.a.app, 'POST', `${base}/${surveyId}/responses`, { body: {} })).status).toBe(401)
  })

  let receipt: string
  it('takes a complete response, answers with a receipt, and refuses a second one for the voter', async () => {
    const answers = { ...answersAt(questionnaire, 3), repairs: { mark: 1, reason: '报修三天没人来' } }
    const res = await send(0, answers)
    expect(res.status).toBe(201)
    receipt = ((await res.json()) as { receipt: string }).receipt
    expect(receipt).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
    expect(await codeOf(await send(0, answersAt(questionnaire, 2)))).toEqual({
      status: 409,
      code: 'survey_already_answered',
    })
    const mine = await json<Json>(
      await call(s.a.app, 'GET', `${base}/${surveyId}/me`, { cookie: cookies[0] }),
    )
    expect(mine.voters).toEqual([
      {
        voter: '1-101',
        units: ['1-101', '2-101'],
        blocked: null,
        responded: true,
        channel: 'online',
        respondedAt: s.now.toISOString(),
      },
    ])
  })

  it('stores exactly one of many simultaneous submissions for one voter; the rest are refused', async () => {
    const answers = answersAt(questionnaire, 2)
    const all = await Promise.all(Array.from({ length: 20 }, () => send(1, answers)))
    const statuses = all.map((r) => r.status)
    expect(statuses.filter((st) => st === 201)).toHaveLength(1)
    expect(statuses.filter((st) => st === 409)).toHaveLength(19)
    for (const r of all.filter((x) => x.status === 409))
      expect(((await r.json()) as Json).error.code).toBe('survey_already_answered')
    const rows = s.t
      .sqlite!.prepare('select count(*) as n from survey_responded where survey_id = ? and voter = ?')
      .get(surveyId, '1-102') as { n: number }
    expect(rows.n).toBe(1)
    const responses = s.t
      .sqlite!.prepare('select count(*) as n from survey_responses where survey_id = ?')
      .get(surveyId) as { n: number }
    expect(responses.n).toBe(2)
  })

  it('refuses a co-owner once the co-owners named a representative, who alone responds for the unit', async () => {
    const mine = await json<Json>(
      await call(s.a.app, 'GET', `${base}/${surveyId}/me`, { cookie: cookies[3] }),
    )
    expect(mine.voters).toMatchObject([{ voter: '3-101', blocked: 'representative_named', responded: false }])
    const theirs = await json<Json>(
      await call(s.a.app, 'GET', `${base}/${surveyId}/me`, { cookie: cookies[4] }),
    )
    expect(theirs.voters).toMatchObject([{ voter: '3-101', blocked: null }])
    expect(await codeOf(await send(3, answersAt(questionnaire, 3)))).toEqual({
      status: 403,
      code: 'representative_named',
    })
  })

  it('audits who responded and on which channel, never the receipt', async () => {
    const entries = s.t
      .sqlite!.prepare("select after_json from audit_log where action = 'survey.responded'")
      .all() as { after_json: string }[]
    expect(entries.map((e) => JSON.parse(e.after_json))).toEqual([
      { voter: '1-101', channel: 'online' },
      { voter: '1-102', channel: 'online' },
    ])
    expect(JSON.stringify(entries)).not.toContain(receipt)
  })
})

describe('POST …/surveys/:surveyId/paper-responses', () => {
  const paper = (cookie: string | undefined, unit: string, answers: unknown) =>
    call(s.a.app, 'POST', `${base}/${surveyId}/paper-responses`, { cookie, body: { unit, answers } })

  it('is entered by staff for the voter holding a unit, and the responded row says paper', async () => {
    expect((await paper(supervisor.cookie, '1-104', answersAt(questionnaire, 1, '差'))).status).toBe(403)
    expect(await codeOf(await paper(convener.cookie, '9-999', answersAt(questionnaire, 3)))).toEqual({
      status: 422,
      code: 'not_in_electorate',
    })
    const res = await paper(convener.cookie, '1-104', answersAt(questionnaire, 1, '服务差'))
    expect(res.status).toBe(201)
    expect(((await res.json()) as Json).receipt).toMatch(/^[0-9A-Z]{4}-/)
    expect(await codeOf(await paper(convener.cookie, '1-104', answersAt(questionnaire, 3)))).toEqual({
      status: 409,
      code: 'survey_already_answered',
    })
    const row = s.t
      .sqlite!.prepare('select channel from survey_responded where survey_id = ? and voter = ?')
      .get(surveyId, '1-104')
    expect(row).toEqual({ channel: 'paper' })
  })

  it('shows the staff how many have responded while it is open, and nobody the results', async () => {
    const view = await json<Json>(
      await call(s.a.app, 'GET', `${base}/${surveyId}`, { cookie: convener.cookie }),
    )
    // Served: 1-101 and 1-102 by their owners' opening, 1-104 and 2-101 on paper, 3-101 by 戊五's opening.
    expect(view.progress).toEqual({ responded: { heads: 3, areaCm2: 3_305_000 }, paper: 1, served: 4 })
    expect(await codeOf(await call(s.a.app, 'GET', `${base}/${surveyId}/results`))).toEqual({
      status: 409,
      code: 'survey_not_closed',
    })
    expect(await codeOf(await call(s.a.app, 'GET', `${base}/${surveyId}/results.json`))).toEqual({
      status: 409,
      code: 'survey_not_closed',
    })
  })
})

describe('GET …/surveys/:surveyId/results', () => {
  it('refuses responses after the close (24:00 of the last day)', async () => {
    await at(cst(2026, 12, 11, 0, 0))
    const res = await call(s.a.app, 'POST', `${base}/${surveyId}/responses`, {
      cookie: cookies[2],
      body: { voter: owners[2]!.voter, answers: answersAt(questionnaire, 3) },
    })
    expect(await codeOf(res)).toEqual({ status: 409, code: 'survey_not_open' })
  })

  it('gives per dimension and overall the share satisfied by headcount and by area, the reasons and the receipts', async () => {
    const r = await json<Json>(await call(s.a.app, 'GET', `${base}/${surveyId}/results`))
    expect(r.survey.phase).toBe('closed')
    expect(r.results).toMatchObject({
      electorate: { heads: 5, areaCm2: 5_205_000 },
      responded: { heads: 3, areaCm2: 3_305_000 },
      rateByHeads: { num: 3, den: 5 },
      rateByArea: { num: 3_305_000, den: 5_205_000 },
      passMarkPercent: 80,
    })
    // 甲一 (160 ㎡) 满意, 乙二 (80 ㎡) 基本满意, 丁四 (90.5 ㎡) 不满意: 2 of 3 heads (66.67%), 240 of 330.5 ㎡.
    expect(r.results.overall).toMatchObject({
      outcome: 'failed',
      byHeads: { num: 2, den: 3 },
      byArea: { num: 2_400_000, den: 3_305_000 },
    })
    const repairs = r.results.dimensions.find((d: Json) => d.key === 'repairs')
    expect(repairs).toMatchObject({ byHeads: { num: 1, den: 3 } })
    expect(r.reasons).toContainEqual({ key: 'repairs', mark: 1, reason: '报修三天没人来' })
    expect(r.reasons.filter((x: Json) => x.reason === '服务差')).toHaveLength(questionnaire.dimensions.length)
    expect(r.responses).toHaveLength(3)
    for (const resp of r.responses as Json[]) expect(Object.keys(resp).sort()).toEqual(['answers', 'receipt'])
    expect(r.trend).toHaveLength(2) // the street office's earlier survey, nobody answered, and this one
    expect(r.trend[0]).toMatchObject({ title: '街道组织的测评', byHeads: null, passed: false })
    expect(r.trend[1]).toMatchObject({ surveyId, byHeads: { num: 2, den: 3 }, passed: false })
  })

  it('publishes a results file from which anyone recomputes the shares, with no voter and no unit', async () => {
    const res = await call(s.a.app, 'GET', `${base}/${surveyId}/results.json`)
    expect(res.headers.get('content-disposition')).toContain('attachment')
    const file = (await res.json()) as {
      format: string
      survey: { questionnaire: Questionnaire; settings: SurveySettings }
      electorate: { heads: number; areaCm2: number }
      tally: Tally
      responses: { receipt: string; answers: Record<string, Answer> }[]
      results: unknown
    }
    expect(file.format).toBe('gongjue.survey-results/1')
    expect(
      surveyResults(file.survey.questionnaire, file.survey.settings, file.electorate, file.tally),
    ).toEqual(file.results)
    expect(tallyMatches(file.survey.questionnaire, file.tally, file.responses)).toBe(true)
    // The areas are in the tally's totals only: 甲一's 160 ㎡ and 乙二's 80 ㎡ are the overall 满意 and 基本满意.
    expect(file.tally.marks.overall).toEqual({
      3: { heads: 1, areaCm2: 1_600_000 },
      2: { heads: 1, areaCm2: 800_000 },
      1: { heads: 1, areaCm2: 905_000 },
    })
    for (const resp of file.responses) expect(Object.keys(resp).sort()).toEqual(['answers', 'receipt'])
    const text = JSON.stringify(file)
    for (const unit of ['1-101', '1-102', '1-104', '2-101']) expect(text).not.toContain(unit)
  })
})

describe('anonymity (domain §12)', () => {
  it('keeps no voter, unit, account, area or time in the response table, nor a rowid', () => {
    const columns = (
      s.t.sqlite!.prepare('pragma table_info(survey_responses)').all() as { name: string }[]
    ).map((c) => c.name)
    expect(columns.sort()).toEqual(['answers_json', 'receipt', 'survey_id'])
    for (const c of columns) expect(c).not.toMatch(/voter|unit|account|owner|actor|area|_at$|time|channel/)
    // WITHOUT ROWID: the order of insertion is not kept beside the responses.
    expect(() => s.t.sqlite!.prepare('select rowid from survey_responses').all()).toThrow(/rowid/)
  })

  it('has no query naming who responded together with the responses or their totals', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
      )
    const sources = [...files('server'), ...files('db/repositories'), ...files('db/dialect')]
    expect(sources).toContain(join('db', 'repositories', 'surveys.ts'))
    // Each top-level function (or statement) of a file is one place a query could be written; comments aside.
    const code = (file: string) =>
      readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '')
    const offending = sources.flatMap((file) =>
      code(file)
        .split(/\n(?=export |async function |function |const )/)
        .filter(
          (chunk) =>
            chunk.includes('survey_responded') &&
            (chunk.includes('survey_responses') || chunk.includes('survey_tallies')),
        )
        .map((chunk) => `${file}: ${chunk.slice(0, 80)}`),
    )
    expect(offending).toEqual([])
    // The repository touches both tables, one per function: the scan above reads real code.
    const repo = readFileSync(join('db', 'repositories', 'surveys.ts'), 'utf8')
    expect(repo).toContain("insertInto('survey_responses')")
    expect(repo).toContain("insertInto('survey_responded')")
  })

  it('refuses a second row of who responded for a voter in the database itself (one response per voter)', () => {
    expect(() =>
      s.t
        .sqlite!.prepare('insert into survey_responded (survey_id, voter, channel, at) values (?, ?, ?, ?)')
        .run(surveyId, '1-101', 'paper', s.now.toISOString()),
    ).toThrow(/UNIQUE constraint failed/)
  })

  it('keeps responses and who responded append-only', () => {
    expect(() => s.t.sqlite!.prepare('update survey_responses set answers_json = ?').run('{}')).toThrow(
      /append-only/,
    )
    expect(() => s.t.sqlite!.prepare('delete from survey_responded').run()).toThrow(/append-only/)
  })
})
