import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { Db } from '../../db/client'
import { disclosureBySource } from '../../db/repositories/disclosures'
import {
  addToTally,
  hasResponded,
  insertResponded,
  insertResponse,
  insertService,
  insertSurvey,
  markNoticed,
  respondedOf,
  responsesOf,
  serviceOf,
  surveyOf,
  surveysOf,
  tallyRowsOf,
  updateSurveyDraft,
} from '../../db/repositories/surveys'
import { representativeOwnersOfUnits } from '../../db/repositories/holders'
import type { SurveyRow } from '../../db/schema'
import type { Actor } from '../auth/access'
import { DAY_MS, startOfChinaDate } from '../domain/calendar'
import { code60 } from '../domain/crockford'
import {
  checkQuestionnaire,
  checkResponse,
  defaultSettings,
  reasonsOf,
  surveyPhase,
  surveyResults,
  TEMPLATE,
  trendOf,
  type Answer,
  type DimensionResult,
  type Questionnaire,
  type ResponseInput,
  type Share,
  type SurveyPhase,
  type SurveyResults,
  type SurveySettings,
  type Tally,
  type Weight,
} from '../domain/surveys'
import { AppError, badRequest, conflict, notFound } from '../errors'
import { appendAudit } from './audit'
import { discloseIn } from './disclosure-writer'
import type { Who } from './meetings'
import { ownerVoters } from './owner-voters'

/**
 * Satisfaction surveys (domain §10): a convener of the estate, or the street office for the estates of its area,
 * creates a survey from the template questionnaire with a window and the estate's voters as its electorate, edits
 * it while it is a draft and publishes its notice. Each voter responds once, online (a signed-in owner for a voter
 * they hold) or on paper (entered by staff); the response is stored apart from the record that the voter responded
 * (domain §12), and the owner keeps the receipt to find it in the published list. Results once the window closes.
 */

/** The survey's electorate, frozen when it is created: the estate's voters (their owners on the roll then). */
interface Electorate {
  readonly voters: readonly {
    readonly id: string
    readonly units: readonly string[]
    readonly areaCm2: number
    readonly owners: readonly number[]
  }[]
  readonly heads: number
  readonly areaCm2: number
}

export interface SurveyInput {
  readonly title: string
  readonly opensOn: string
  readonly closesOn: string
  readonly questionnaire?: Questionnaire | undefined
  readonly settings?: SurveySettings | undefined
}

const electorateOf = (s: SurveyRow) => JSON.parse(s.electorate_json) as Electorate
const questionnaireOf = (s: SurveyRow) => JSON.parse(s.questionnaire_json) as Questionnaire
const settingsOf = (s: SurveyRow) => JSON.parse(s.settings_json) as SurveySettings
const phaseOf = (s: SurveyRow, now: Date): SurveyPhase =>
  surveyPhase(
    { noticed: s.status === 'noticed', opensAt: Date.parse(s.opens_at), closesAt: Date.parse(s.closes_at) },
    now.getTime(),
  )

/** A window of China dates: from 00:00 of the first day to 24:00 of the last (民法典 art. 203). */
function windowOf(opensOn: string, closesOn: string, now: Date): { opens_at: string; closes_at: string } {
  if (closesOn < opensOn) throw badRequest('window_invalid', 'The survey closes before it opens')
  const closesAt = startOfChinaDate(closesOn) + DAY_MS
  if (closesAt <= now.getTime()) throw badRequest('window_invalid', 'The survey would close in the past')
  return {
    opens_at: new Date(startOfChinaDate(opensOn)).toISOString(),
    closes_at: new Date(closesAt).toISOString(),
  }
}

function checked(q: Questionnaire, s: SurveySettings): void {
  const problems = checkQuestionnaire(q, s)
  if (problems.length > 0)
    throw badRequest(
      'survey_questionnaire_invalid',
      problems.map((p) => `${p.code}: ${p.detail}`).join('; '),
      { problems },
    )
}

async function surveyOrThrow(db: Db, estateId: string, id: string, staff = true): Promise<SurveyRow> {
  const s = await surveyOf(db, estateId, id)
  // A draft is the staff's: nobody else finds it.
  if (!s || (!staff && s.status === 'draft')) throw notFound('survey_not_found', 'No such survey')
  return s
}

export async function createSurvey(
  db: Db,
  estateId: string,
  input: SurveyInput,
  who: Who,
): Promise<{ id: string }> {
  const { voters } = await ownerVoters(db, estateId)
  const questionnaire = input.questionnaire ?? TEMPLATE
  const settings = input.settings ?? defaultSettings(questionnaire.scale)
  checked(questionnaire, settings)
  const window = windowOf(input.opensOn, input.closesOn, who.now)
  const electorate: Electorate = {
    voters: voters.map((v) => ({
      id: v.id,
      units: v.units.map((u) => u.number),
      areaCm2: v.areaCm2,
      owners: v.owners.map((o) => o.id),
    })),
    heads: voters.length,
    areaCm2: voters.reduce((sum, v) => sum + v.areaCm2, 0),
  }
  const id = randomUUID()
  const at = who.now.toISOString()
  await db.transaction().execute(async (trx) => {
    await insertSurvey(trx, {
      id,
      estate_id: estateId,
      title: input.title,
      questionnaire_json: JSON.stringify(questionnaire),
      settings_json: JSON.stringify(settings),
      opens_on: input.opensOn,
      closes_on: input.closesOn,
      ...window,
      electorate_json: JSON.stringify(electorate),
      status: 'draft',
      noticed_at: null,
      noticed_by: null,
      created_by: who.actor,
      created_at: at,
      updated_at: at,
    })
    await appendAudit(trx, {
      actor: who.actor,
      role: who.role,
      action: 'survey.created',
      estateId,
      subject: id,
      after: {
        title: input.title,
        opensOn: input.opensOn,
        closesOn: input.closesOn,
        heads: electorate.heads,
      },
      at: who.now,
    })
  })
  return { id }
}

/** Edits a draft: its title, window, questionnaire and settings (the electorate stays as frozen). */
export async function editSurvey(
  db: Db,
  estateId: string,
  id: string,
  input: SurveyInput,
  who: Who,
): Promise<void> {
  const s = await surveyOrThrow(db, estateId, id)
  const questionnaire = input.questionnaire ?? questionnaireOf(s)
  const settings = input.settings ?? settingsOf(s)
  checked(questionnaire, settings)
  const window = windowOf(input.opensOn, input.closesOn, who.now)
  await db.transaction().execute(async (trx) => {
    const edited = await updateSurveyDraft(trx, id, {
      title: input.title,
      questionnaire_json: JSON.stringify(questionnaire),
      settings_json: JSON.stringify(settings),
      opens_on: input.opensOn,
      closes_on: input.closesOn,
      ...window,
      updated_at: who.now.toISOString(),
    })
    if (!edited) throw conflict('survey_not_draft', 'The survey’s notice is published: it is not edited')
    await appendAudit(trx, {
      actor: who.actor,
      role: who.role,
      action: 'survey.edited',
      estateId,
      subject: id,
      before: {
        title: s.title,
        opensOn: s.opens_on,
        closesOn: s.closes_on,
        questionnaire: questionnaireOf(s),
      },
      after: { title: input.title, opensOn: input.opensOn, closesOn: input.closesOn, questionnaire },
      at: who.now,
    })
  })
}

/** Publishes the survey's notice: from then on it is fixed, and it opens on its first day. */
export async function noticeSurvey(db: Db, estateId: string, id: string, who: Who): Promise<void> {
  const s = await surveyOrThrow(db, estateId, id)
  if (Date.parse(s.closes_at) <= who.now.getTime())
    throw badRequest('window_invalid', 'The survey’s window is over: edit it first')
  await db.transaction().execute(async (trx) => {
    if (!(await markNoticed(trx, id, who.actor, who.now.toISOString())))
      throw conflict('survey_not_draft', 'The survey’s notice is published already')
    await appendAudit(trx, {
      actor: who.actor,
      role: who.role,
      action: 'survey.noticed',
      estateId,
      subject: id,
      at: who.now,
    })
  })
}

/** Records service of the notice to voters made off-line (paper with a signed receipt, or posting). */
export async function recordSurveyService(
  db: Db,
  estateId: string,
  id: string,
  input: { units: readonly string[]; method: 'paper' | 'posted' },
  who: Who,
): Promise<{ recorded: number }> {
  const s = await surveyOrThrow(db, estateId, id)
  if (s.status === 'draft') throw conflict('survey_not_draft', 'The notice is not published yet')
  const e = electorateOf(s)
  const voters = new Set<string>()
  const unknown: string[] = []
  for (const unit of input.units) {
    const v = e.voters.find((x) => x.units.includes(unit))
    if (v) voters.add(v.id)
    else unknown.push(unit)
  }
  if (unknown.length > 0)
    throw badRequest('unit_not_found', 'No voter of the survey holds these units', { units: unknown })
  let recorded = 0
  await db.transaction().execute(async (trx) => {
    for (const voter of voters)
      if (
        await insertService(trx, {
          survey_id: id,
          voter,
          method: input.method,
          recorded_by: who.actor,
          at: who.now.toISOString(),
        })
      )
        recorded++
    await appendAudit(trx, {
      actor: who.actor,
      role: who.role,
      action: 'survey.served',
      estateId,
      subject: id,
      after: { method: input.method, voters: [...voters] },
      at: who.now,
    })
  })
  return { recorded }
}

function present(s: SurveyRow, now: Date) {
  const e = electorateOf(s)
  return {
    id: s.id,
    estateId: s.estate_id,
    title: s.title,
    questionnaire: questionnaireOf(s),
    settings: settingsOf(s),
    opensOn: s.opens_on,
    closesOn: s.closes_on,
    opensAt: s.opens_at,
    closesAt: s.closes_at,
    phase: phaseOf(s, now),
    noticedAt: s.noticed_at,
    electorate: { heads: e.heads, areaCm2: e.areaCm2 },
  }
}

export type PresentedSurvey = ReturnType<typeof present>

/** The estate's surveys (drafts for its staff only), the latest first. */
export async function listSurveys(db: Db, estateId: string, staff: boolean, now: Date) {
  const rows = await surveysOf(db, estateId)
  return { surveys: rows.filter((s) => staff || s.status !== 'draft').map((s) => present(s, now)) }
}

/** One survey; for its staff also how many have responded (never who answered what) and the service recorded. */
export async function surveyView(db: Db, estateId: string, id: string, staff: boolean, now: Date) {
  const s = await surveyOrThrow(db, estateId, id, staff)
  if (!staff) return { survey: present(s, now), progress: null }
  const e = electorateOf(s)
  const responded = await respondedOf(db, id)
  const area = new Map(e.voters.map((v) => [v.id, v.areaCm2]))
  const service = await serviceOf(db, id)
  return {
    survey: present(s, now),
    progress: {
      responded: {
        heads: responded.length,
        areaCm2: responded.reduce((sum, r) => sum + (area.get(r.voter) ?? 0), 0),
      },
      paper: responded.filter((r) => r.channel === 'paper').length,
      served: new Set(service.map((r) => r.voter)).size,
    },
  }
}

/** The survey's voters the signed-in owner holds (as owner on the roll, or as the owner's recorded guardian). */
function heldVoters(s: SurveyRow, actor: Actor) {
  if (actor.ownerId === null || actor.estateId !== s.estate_id) return []
  const ownerId = actor.ownerId
  return electorateOf(s).voters.filter((v) => v.owners.includes(ownerId))
}

/**
 * Whether someone else answers for the voter: once the co-owners of a unit have named a representative (指导规则
 * art. 25), only the representative responds for it, as only they cast its ballot (services/acting-for.ts); and an
 * account activated without the owner's phone answers nothing until a supervisor approves it.
 */
async function blockedFor(
  db: Db,
  s: SurveyRow,
  voter: Electorate['voters'][number],
  actor: Actor,
): Promise<'representative_named' | 'activation_pending' | null> {
  if (actor.approvalPending) return 'activation_pending'
  const reps = await representativeOwnersOfUnits(db, s.estate_id, voter.units)
  const rep = reps.find((r) => voter.owners.includes(r.ownerId))
  return rep && rep.ownerId !== actor.ownerId ? 'representative_named' : null
}

/**
 * The signed-in owner's part of a survey: each voter they hold and whether it has responded. Opening it after the
 * notice is service of the notice on those voters (domain §6.5: the owner's own reading online), recorded once.
 */
export async function mySurvey(db: Db, estateId: string, id: string, actor: Actor, who: Who) {
  const s = await surveyOrThrow(db, estateId, id, false)
  const held = heldVoters(s, actor)
  const responded = new Map((await respondedOf(db, id)).map((r) => [r.voter, r]))
  const blocked = new Map<string, 'representative_named' | 'activation_pending' | null>()
  for (const v of held) blocked.set(v.id, await blockedFor(db, s, v, actor))
  if (held.length > 0)
    await db.transaction().execute(async (trx) => {
      const served: string[] = []
      for (const v of held)
        if (
          await insertService(trx, {
            survey_id: id,
            voter: v.id,
            method: 'read',
            recorded_by: who.actor,
            at: who.now.toISOString(),
          })
        )
          served.push(v.id)
      if (served.length > 0)
        await appendAudit(trx, {
          actor: who.actor,
          role: who.role,
          action: 'survey.served',
          estateId,
          subject: id,
          after: { method: 'read', voters: served },
          at: who.now,
        })
    })
  return {
    survey: present(s, who.now),
    voters: held.map((v) => {
      const r = responded.get(v.id)
      return {
        voter: v.id,
        units: v.units,
        blocked: blocked.get(v.id) ?? null,
        responded: r !== undefined,
        channel: r?.channel ?? null,
        respondedAt: r?.at ?? null,
      }
    }),
  }
}

/**
 * Stores one response: the record that the voter responded and the anonymous response itself, in one transaction.
 * The primary key on (survey, voter) decides between simultaneous submissions: one is stored, the others are
 * refused `survey_already_answered`. The audit entry names the voter and the channel, never the receipt.
 */
async function respond(
  db: Db,
  s: SurveyRow,
  voter: Electorate['voters'][number],
  channel: 'online' | 'paper',
  answers: ResponseInput,
  who: Who,
): Promise<{ receipt: string }> {
  if (phaseOf(s, who.now) !== 'open') throw conflict('survey_not_open', 'The survey is not open')
  // Said first, whatever the answers: the primary key below still decides between simultaneous submissions.
  if (await hasResponded(db, s.id, voter.id))
    throw conflict('survey_already_answered', 'This voter has responded to the survey')
  const check = checkResponse(questionnaireOf(s), answers)
  if (!check.ok)
    throw new AppError(
      'survey_response_invalid',
      check.problems.map((p) => `${p.dimension}: ${p.code}`).join('; '),
      { problems: check.problems },
    )
  const receipt = code60(randomBytes(8))
  await db.transaction().execute(async (trx) => {
    const first = await insertResponded(trx, {
      survey_id: s.id,
      voter: voter.id,
      channel,
      at: who.now.toISOString(),
    })
    if (!first) throw conflict('survey_already_answered', 'This voter has responded to the survey')
    await insertResponse(trx, { receipt, survey_id: s.id, answers_json: JSON.stringify(check.answers) })
    // The voter's area goes into the totals only: a response kept with it could be matched to a unit (domain §12).
    for (const [dimension, a] of Object.entries(check.answers))
      await addToTally(trx, { survey_id: s.id, dimension, mark: a.mark, area_cm2: voter.areaCm2 })
    await appendAudit(trx, {
      actor: who.actor,
      role: who.role,
      action: 'survey.responded',
      estateId: s.estate_id,
      subject: s.id,
      after: { voter: voter.id, channel },
      at: who.now,
    })
  })
  return { receipt }
}

/** A signed-in owner's response for a voter they hold. */
export async function respondOnline(
  db: Db,
  estateId: string,
  id: string,
  input: { voter: string; answers: ResponseInput },
  actor: Actor,
  who: Who,
): Promise<{ receipt: string }> {
  const s = await surveyOrThrow(db, estateId, id, false)
  const voter = heldVoters(s, actor).find((v) => v.id === input.voter)
  if (!voter) throw new AppError('not_your_voter', 'You may not respond for this voter')
  const blocked = await blockedFor(db, s, voter, actor)
  if (blocked === 'activation_pending')
    throw new AppError('activation_pending', 'Your activation awaits a supervisor’s approval')
  if (blocked === 'representative_named')
    throw new AppError('representative_named', 'The co-owners named a representative, who responds for them')
  return respond(db, s, voter, 'online', input.answers, who)
}

/** A paper response entered by staff for the voter holding `unit` (domain §10: double entry is not required). */
export async function respondOnPaper(
  db: Db,
  estateId: string,
  id: string,
  input: { unit: string; answers: ResponseInput },
  who: Who,
): Promise<{ receipt: string }> {
  const s = await surveyOrThrow(db, estateId, id)
  const voter = electorateOf(s).voters.find((v) => v.units.includes(input.unit))
  if (!voter) throw new AppError('not_in_electorate', `No voter of the survey holds unit ${input.unit}`)
  return respond(db, s, voter, 'paper', input.answers, who)
}

interface LoadedResults {
  readonly results: SurveyResults
  readonly tally: Tally
  readonly responses: readonly { receipt: string; answers: Record<string, Answer> }[]
}

async function resultsOf(db: Db, s: SurveyRow): Promise<LoadedResults> {
  const responses = (await responsesOf(db, s.id)).map((r) => ({
    receipt: r.receipt,
    answers: JSON.parse(r.answers_json) as Record<string, Answer>,
  }))
  const marks: Record<string, Record<number, Weight>> = {}
  for (const t of await tallyRowsOf(db, s.id))
    (marks[t.dimension] ??= {})[t.mark] = { heads: t.heads, areaCm2: t.area_cm2 }
  const tally: Tally = { marks }
  const e = electorateOf(s)
  return {
    results: surveyResults(questionnaireOf(s), settingsOf(s), { heads: e.heads, areaCm2: e.areaCm2 }, tally),
    tally,
    responses,
  }
}

async function closedOrThrow(db: Db, estateId: string, id: string, now: Date): Promise<SurveyRow> {
  const s = await surveyOrThrow(db, estateId, id, false)
  if (phaseOf(s, now) !== 'closed')
    throw conflict('survey_not_closed', 'Results are published when the survey closes')
  return s
}

/**
 * The results after the window (domain §10): per dimension and overall, the reasons given, the responses by
 * receipt (answers only: no unit, no area), and the trend over the estate's closed surveys up to this one.
 */
export async function surveyResultsView(db: Db, estateId: string, id: string, now: Date) {
  const s = await closedOrThrow(db, estateId, id, now)
  const { results, responses } = await resultsOf(db, s)
  const earlier = (await surveysOf(db, estateId)).filter(
    (x) => phaseOf(x, now) === 'closed' && x.closes_at <= s.closes_at,
  )
  const points = []
  for (const x of earlier)
    points.push({
      surveyId: x.id,
      title: x.title,
      closesOn: x.closes_on,
      results: x.id === s.id ? results : (await resultsOf(db, x)).results,
    })
  return {
    survey: present(s, now),
    results,
    reasons: reasonsOf(questionnaireOf(s), responses),
    responses,
    trend: trendOf(points),
  }
}

export const RESULTS_FORMAT = 'gongjue.survey-results/1'

/**
 * The results file anyone may recompute the shares from: the questionnaire and settings, the electorate's
 * headcount and area totals, the tally (per item and mark, heads and area) the shares are computed from, and every
 * response by its receipt with its answers — no voter, no unit, no area —, whose marks add up to the tally's heads
 * (domain/surveys.ts tallyMatches).
 */
export async function surveyResultsFile(db: Db, estateId: string, id: string, now: Date) {
  const s = await closedOrThrow(db, estateId, id, now)
  const { results, responses, tally } = await resultsOf(db, s)
  const e = electorateOf(s)
  return {
    format: RESULTS_FORMAT,
    estateId,
    survey: {
      id: s.id,
      title: s.title,
      opensOn: s.opens_on,
      closesOn: s.closes_on,
      questionnaire: questionnaireOf(s),
      settings: settingsOf(s),
    },
    electorate: { heads: e.heads, areaCm2: e.areaCm2 },
    tally,
    responses,
    results,
  }
}

/** A share as a percentage with two decimals, for the reader (decisions cross-multiply; this only displays). */
function percent(x: Share): string {
  if (x.den === 0) return '—'
  const hundredths = Math.round((x.num * 10_000) / x.den)
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}%`
}

const squareMetres = (cm2: number) => {
  const hundredths = Math.round(cm2 / 100)
  return `${Math.floor(hundredths / 100).toLocaleString('en-US')}.${String(hundredths % 100).padStart(2, '0')} ㎡`
}

function dimensionLine(d: DimensionResult, passMark: number): string {
  if (d.outcome === 'no_responses') return `${d.title}：无人作答`
  const met = (ok: boolean) => (ok ? '达到' : '未达到')
  return (
    `${d.title}：满意率按人数 ${percent(d.byHeads)}（${d.satisfied.heads}/${d.byHeads.den} 户，${met(d.passedByHeads)}` +
    `合格线 ${passMark}%），按面积 ${percent(d.byArea)}（${met(d.passedByArea)}合格线）——${d.outcome === 'passed' ? '合格' : '不合格'}`
  )
}

/**
 * Publishes a closed survey's results as a public disclosure (domain §10: "Published as a disclosure"; §9 "other
 * information owners should know"): per dimension the share satisfied by headcount and by area against the pass
 * mark, the response rate on both, how many responded — no quorum applies —, and the results file with its SHA-256,
 * so anyone can recompute the shares from the file and check it is the one published. Once per survey: the
 * disclosure, its first version and the survey's audit entry are one transaction.
 */
export async function discloseSurveyResults(db: Db, estateId: string, id: string, who: Who) {
  const s = await closedOrThrow(db, estateId, id, who.now)
  const source = `survey:${s.id}`
  const disclosed = (disclosureId: string) =>
    conflict('survey_results_disclosed', 'The results of this survey are disclosed already', { disclosureId })
  const already = await disclosureBySource(db, source)
  if (already) throw disclosed(already.id)
  const file = await surveyResultsFile(db, estateId, id, who.now)
  // The bytes the results.json route answers (Hono's c.json is JSON.stringify): their hash is checkable.
  const resultsSha256 = createHash('sha256').update(JSON.stringify(file)).digest('hex')
  const { results } = file
  const path = `/api/estates/${estateId}/surveys/${s.id}/results.json`
  const title = /^\d{4}年/.test(s.title) ? `${s.title}结果` : `${s.opens_on.slice(0, 4)}年${s.title}结果`
  const overall = results.overall
  const satisfiedWords =
    file.survey.questionnaire.scale === 'three'
      ? results.satisfiedFrom <= 2
        ? '「满意」与「基本满意」之和'
        : '「满意」'
      : `评分 ${results.satisfiedFrom} 分及以上`
  const body = [
    `${s.title}（${s.opens_on} 至 ${s.closes_on}）已结束，结果公布如下（满意率为${satisfiedWords}的比例；合格线 ` +
      `${results.passMarkPercent}%，按人数和按面积都达到才算合格）。`,
    '',
    `参加测评：${results.responded.heads} 户，专有部分面积 ${squareMetres(results.responded.areaCm2)}；` +
      `参与率按人数 ${percent(results.rateByHeads)}（共 ${results.electorate.heads} 户），` +
      `按面积 ${percent(results.rateByArea)}（共 ${squareMetres(results.electorate.areaCm2)}）。满意度测评不设法定人数。`,
    '',
    ...results.dimensions.map((d) => dimensionLine(d, results.passMarkPercent)),
    '',
    `总体结论：${overall.outcome === 'passed' ? `达到合格线 ${results.passMarkPercent}%` : overall.outcome === 'failed' ? `未达到合格线 ${results.passMarkPercent}%` : '无人作答'}。`,
    '',
    `结果文件（每份答卷按回执码列出，不含房号和业主）：${path}`,
    `SHA-256：${resultsSha256}`,
  ].join('\n')
  return db.transaction().execute(async (trx) => {
    const made = await discloseIn(
      trx,
      {
        estateId,
        source,
        kind: 'other',
        period: { start: s.opens_on, end: s.closes_on },
        visibility: 'public',
        title,
        body,
      },
      who,
    )
    // Checked again where it is written: of two requests at once, one discloses.
    if (!made.created) throw disclosed(made.id)
    await appendAudit(trx, {
      actor: who.actor,
      role: who.role,
      action: 'survey.results_disclosed',
      estateId,
      subject: s.id,
      after: { disclosureId: made.id, sha256: made.sha256, resultsSha256 },
      at: who.now,
    })
    return { disclosureId: made.id, version: made.number, sha256: made.sha256, resultsSha256, title }
  })
}
