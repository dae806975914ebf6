import type { Db } from '../../db/client'
import {
  accountsGrantedAreas,
  allDistricts,
  allStreetOffices,
  areaGrantRow,
  districtRow,
  estateAreaRow,
  estatesOfOffices,
  insertAreaGrant,
  insertDistrict,
  insertStreetOffice,
  keepFacts,
  keepMonth,
  keptMonths,
  keptFacts,
  liveAreaGrantsOfAccount,
  officesOfDistricts,
  revokeAreaGrant,
  staleEstates,
  streetOfficeRow,
  upsertEstateArea,
} from '../../db/repositories/oversight'
import { findEstate } from '../../db/repositories/estates'
import { accountKind } from '../../db/repositories/staff'
import type { Actor } from '../auth/access'
import { chinaDate } from '../domain/calendar'
import { addMonths } from '../domain/committee'
import { overdueDays } from '../domain/disclosures'
import {
  committeeStanding,
  DEFAULT_DISTRICT_TARGETS,
  DEFAULT_STANDARD_CRITERIA,
  districtFigures,
  operatingToStandard,
  type DistrictFigures,
  type DistrictTargets,
  type EstateFacts,
  type StandardCriteria,
} from '../domain/oversight'
import { AppError } from '../errors'
import { appendAudit } from './audit'
import { committeeView } from './committee'
import { dueList } from './disclosures'
import { readFormation } from './formation'
import { turnout } from './meeting-results'
import { listMeetings } from './meeting-views'
import { loadMeeting, meetingAt } from './meetings'
import { listSurveys, surveyResultsView } from './surveys'

/**
 * Oversight across estates (domain §11). An admin makes districts and street offices, puts estates in them and
 * grants an account a street office's estates or a district's. The overview gathers each estate's facts from its
 * own records (committee, formation, disclosures due, surveys, meetings) and keeps them: they are gathered again
 * only when the estate's records changed since (a newer audit entry) or the day changed, so a page over thousands
 * of estates reads kept rows, and what depends on the hour (days overdue, the term's months left) is computed from
 * the kept dates as it is read. Never a ballot's choices: meetings are counted by turnout only.
 */

export interface Who {
  readonly actor: string
  readonly role: string
  readonly now: Date
}

/** What is kept of one estate between gatherings. */
export interface KeptFacts {
  readonly formed: boolean
  readonly forming: boolean
  readonly stage: string
  readonly reelectionGroup: boolean
  readonly filingPending: boolean
  /** The formation's clocks still running or overdue (name, last day, status). */
  readonly clocks: readonly { readonly name: string; readonly lastDay: string; readonly status: string }[]
  readonly term: {
    readonly number: number
    readonly startsOn: string
    readonly endsOn: string
    readonly seats: number
    readonly filled: number
    readonly canDecide: boolean
    readonly reminderMonths: number
  } | null
  /** Per kind with something due: when (the instant it becomes overdue). */
  readonly due: readonly { readonly kind: string; readonly dueAt: string }[]
  readonly latestSurvey: {
    readonly title: string
    readonly closesOn: string
    readonly passed: boolean
    readonly passMarkPercent: number
  } | null
  readonly meetings: readonly {
    readonly title: string
    readonly status: string
    readonly closesAt: string
    readonly electorate: { readonly heads: number; readonly areaCm2: number }
    readonly voted: { readonly heads: number; readonly areaCm2: number }
  }[]
}

const IN_PROGRESS = new Set(['noticed', 'open', 'closed', 'preliminary'])
const FORMING_STAGES = new Set(['applied', 'group_formed', 'first_meeting_designated', 'meeting_failed'])

/** Gathers one estate's facts from its records, through the services that own them. */
export async function gatherFacts(db: Db, estateId: string, now: Date): Promise<KeptFacts> {
  const [formation, committee, due, surveys, meetings] = await Promise.all([
    readFormation(db, estateId, 'staff', now),
    committeeView(db, estateId, now, 'staff'),
    dueList(db, estateId, { staff: true, owner: true }, now),
    listSurveys(db, estateId, false, now),
    listMeetings(db, estateId, { staff: false, at: now }),
  ])
  const term = committee.term
  const group = formation.group
  const closed = surveys.surveys
    .filter((s) => s.phase === 'closed')
    .sort((a, b) => (a.closesAt < b.closesAt ? 1 : -1))
  let latestSurvey: KeptFacts['latestSurvey'] = null
  const last = closed[0]
  if (last) {
    const r = await surveyResultsView(db, estateId, last.id, now)
    latestSurvey = {
      title: last.title,
      closesOn: last.closesOn,
      passed: r.results.overall.outcome === 'passed',
      passMarkPercent: r.results.passMarkPercent,
    }
  }
  const inProgress = []
  for (const m of meetings.filter((x) => IN_PROGRESS.has(x.status))) {
    const t = await turnout(db, meetingAt(await loadMeeting(db, m.id), now))
    inProgress.push({
      title: m.title,
      status: m.status,
      closesAt: m.closesAt,
      electorate: { heads: t.electorate.heads, areaCm2: t.electorate.areaCm2 },
      voted: t.voted,
    })
  }
  return {
    formed: term !== null || formation.stage === 'assembly_formed' || formation.stage === 'filed',
    forming: group?.kind !== 're_election' && FORMING_STAGES.has(formation.stage),
    stage: formation.stage,
    reelectionGroup: group?.kind === 're_election' && group.live,
    filingPending: formation.stage === 'assembly_formed',
    clocks: formation.clocks
      .filter((c) => c.status !== 'met')
      .map((c) => ({ name: c.name, lastDay: c.lastDay, status: c.status })),
    term: term && {
      number: term.number,
      startsOn: term.startsOn,
      endsOn: term.endsOn,
      seats: term.seats,
      filled: term.filled,
      canDecide: term.canDecide,
      reminderMonths: term.settings.reminderMonths,
    },
    due: due.kinds.flatMap((k) => (k.next ? [{ kind: k.kind, dueAt: k.next.dueAt }] : [])),
    latestSurvey,
    meetings: inProgress,
  }
}

// ---- the actor's area ------------------------------------------------------------------------------------------------

interface Area {
  /** Every street office, the caller's or not: whether the caller sees a whole district is read from them. */
  readonly all: readonly { id: string; name: string; district_id: string }[]
  readonly offices: readonly { id: string; name: string; district_id: string }[]
  readonly districts: readonly { id: string; name: string; settings_json: string | null }[]
}

/** The street offices and districts the actor oversees: all for an admin, else those of its area grants. */
export async function areaOf(db: Db, actor: Actor): Promise<Area> {
  const admin = actor.grants.some((g) => g.role === 'admin')
  const [offices, districts] = await Promise.all([allStreetOffices(db), allDistricts(db)])
  if (admin) return { all: offices, offices, districts }
  const grants = await liveAreaGrantsOfAccount(db, actor.accountId)
  const grantedDistricts = new Set(grants.flatMap((g) => (g.district_id ? [g.district_id] : [])))
  const grantedOffices = new Set(grants.flatMap((g) => (g.street_office_id ? [g.street_office_id] : [])))
  const mine = offices.filter((o) => grantedOffices.has(o.id) || grantedDistricts.has(o.district_id))
  const districtIds = new Set(mine.map((o) => o.district_id))
  return { all: offices, offices: mine, districts: districts.filter((d) => districtIds.has(d.id)) }
}

/** The estates an account's street-office grants cover: each acts as a street_office grant of that estate. */
export async function estatesOfAreaGrants(
  db: Db,
  accountId: string,
): Promise<{ grantId: number; estateId: string }[]> {
  const grants = await liveAreaGrantsOfAccount(db, accountId)
  const out: { grantId: number; estateId: string }[] = []
  for (const g of grants) {
    if (g.role !== 'street_office' || !g.street_office_id) continue
    for (const e of await estatesOfOffices(db, [g.street_office_id]))
      out.push({ grantId: g.id, estateId: e.estateId })
  }
  return out
}

interface DistrictSettings {
  readonly criteria: StandardCriteria
  readonly targets: DistrictTargets
}

const settingsOf = (json: string | null): DistrictSettings => {
  const s = json ? (JSON.parse(json) as Partial<DistrictSettings>) : {}
  return {
    criteria: { ...DEFAULT_STANDARD_CRITERIA, ...s.criteria },
    targets: { ...DEFAULT_DISTRICT_TARGETS, ...s.targets },
  }
}

export interface OverviewQuery {
  readonly district?: string
  readonly streetOffice?: string
}

/**
 * The oversight page's data: per estate its standing, and per district the figures, each with the estates behind
 * it, over the caller's area only (none: an empty page). Stale facts are gathered first, one estate after another (each is a few reads of its own records).
 */
type AreaEstate = Awaited<ReturnType<typeof estatesOfOffices>>[number]

/**
 * The estates' rows on `now`: their stale facts gathered first, one estate after another (each is a few reads of
 * its own records), then every row computed from the kept facts and the district's criteria.
 */
async function estateRows(
  db: Db,
  estates: readonly AreaEstate[],
  settings: ReadonlyMap<string, DistrictSettings>,
  now: Date,
) {
  const ids = estates.map((e) => e.estateId)
  const today = chinaDate(now.getTime())
  let gathered = 0
  for (const s of await staleEstates(db, ids, today)) {
    const facts = await gatherFacts(db, s.estateId, now)
    await keepFacts(db, {
      estate_id: s.estateId,
      facts_json: JSON.stringify(facts),
      audit_id: s.latest,
      gathered_on: today,
      gathered_at: now.toISOString(),
    })
    gathered += 1
  }
  const kept = new Map(
    (await keptFacts(db, ids)).map((k) => [k.estate_id, JSON.parse(k.facts_json) as KeptFacts]),
  )
  const at = now.getTime()
  const rows = estates.map((e) => {
    const k = kept.get(e.estateId) as KeptFacts
    const s = settings.get(e.districtId) ?? settingsOf(null)
    const overdue = k.due
      .map((d) => ({ kind: d.kind, days: overdueDays(Date.parse(d.dueAt), at) }))
      .filter((d) => d.days > 0)
      .sort((a, b) => b.days - a.days)
    const facts: EstateFacts = {
      estateId: e.estateId,
      eligible: e.eligible === 1,
      formed: k.formed,
      forming: k.forming,
      term: k.term,
      reelectionGroup: k.reelectionGroup,
      overdue,
      latestSurvey: k.latestSurvey,
    }
    return {
      facts,
      districtId: e.districtId,
      row: {
        estateId: e.estateId,
        name: e.name,
        streetOffice: { id: e.streetOfficeId, name: e.streetOfficeName },
        districtId: e.districtId,
        eligible: e.eligible === 1,
        formationStage: k.stage,
        clocks: k.clocks,
        standing: committeeStanding(facts, k.term?.reminderMonths ?? 6, at),
        term: k.term,
        vacantSeats: k.term ? k.term.seats - k.term.filled : null,
        filingPending: k.filingPending,
        meetings: k.meetings,
        overdue,
        latestSurvey: k.latestSurvey,
        standard: operatingToStandard(facts, s.criteria, today),
      },
    }
  })
  return { rows, gathered, today }
}

/** A district's figures of one month as kept: the counts only (the estates behind them are today's page). */
const countsOf = (f: DistrictFigures) => ({
  formation: { count: f.formation.count, of: f.formation.of },
  standard: { count: f.standard.count, of: f.standard.of },
  satisfaction: { count: f.satisfaction.count, of: f.satisfaction.of },
})

/**
 * Records each district's figures for the month `now` falls in, over all its estates (the server runs it hourly,
 * and it keeps every estate's facts fresh for the page's first reader of the day). A month's row is the last
 * figures recorded in it: the current month's moves until the month ends, earlier months stay as they ended —
 * the figures over the last 12 months the page charts (domain §11).
 */
export async function recordOversightMonth(db: Db, now: Date): Promise<number> {
  const districts = await allDistricts(db)
  const offices = await allStreetOffices(db)
  const settings = new Map(districts.map((d) => [d.id, settingsOf(d.settings_json)]))
  const estates = await estatesOfOffices(
    db,
    offices.map((o) => o.id),
  )
  const { rows, today } = await estateRows(db, estates, settings, now)
  for (const d of districts) {
    const s = settings.get(d.id) ?? settingsOf(null)
    const figures = districtFigures(
      rows.filter((r) => r.districtId === d.id).map((r) => r.facts),
      s.criteria,
      s.targets,
      today,
    )
    await keepMonth(db, {
      district_id: d.id,
      month: today.slice(0, 7),
      figures_json: JSON.stringify(countsOf(figures)),
      recorded_at: now.toISOString(),
    })
  }
  return districts.length
}

export async function overview(db: Db, actor: Actor, query: OverviewQuery, now: Date) {
  const area = await areaOf(db, actor)
  // An account with no area granted oversees nothing: its page is empty (the policy table lets any signed-in
  // account ask, and the answer is narrowed to what it was granted).
  const offices = area.offices.filter(
    (o) =>
      (query.district === undefined || o.district_id === query.district) &&
      (query.streetOffice === undefined || o.id === query.streetOffice),
  )
  const estates = await estatesOfOffices(
    db,
    offices.map((o) => o.id),
  )
  const settings = new Map(area.districts.map((d) => [d.id, settingsOf(d.settings_json)]))
  const { rows, gathered, today } = await estateRows(db, estates, settings, now)
  // The months kept are the whole district's: shown to a caller who sees the whole district only.
  const firstMonth = addMonths(today, -11).slice(0, 7)
  const wholeDistricts = area.districts
    .filter((d) =>
      area.all.filter((o) => o.district_id === d.id).every((o) => offices.some((x) => x.id === o.id)),
    )
    .map((d) => d.id)
  const months = await keptMonths(db, wholeDistricts, firstMonth)
  const districts = area.districts
    .filter((d) => offices.some((o) => o.district_id === d.id))
    .map((d) => {
      const s = settings.get(d.id) ?? settingsOf(null)
      const mine = rows.filter((r) => r.districtId === d.id).map((r) => r.facts)
      const figures = districtFigures(mine, s.criteria, s.targets, today)
      return {
        id: d.id,
        name: d.name,
        criteria: s.criteria,
        targets: s.targets,
        figures,
        // The figures month by month (oldest first), as recordOversightMonth kept them.
        // The current month ends with today's figures, recorded or not yet.
        months: wholeDistricts.includes(d.id)
          ? [
              ...months
                .filter((m) => m.district_id === d.id && m.month !== today.slice(0, 7))
                .map((m) => ({
                  month: m.month,
                  ...(JSON.parse(m.figures_json) as ReturnType<typeof countsOf>),
                })),
              { month: today.slice(0, 7), ...countsOf(figures) },
            ]
          : [],
      }
    })
  return {
    generatedAt: now.toISOString(),
    today,
    gathered,
    streetOffices: offices.map((o) => ({ id: o.id, name: o.name, districtId: o.district_id })),
    districts,
    estates: rows.map((r) => r.row),
  }
}

// ---- the admin's records of the areas --------------------------------------------------------------------------------

const ID = /^[a-z0-9][a-z0-9-]{1,62}$/

export async function createDistrict(db: Db, input: { id: string; name: string }, who: Who): Promise<void> {
  if (!ID.test(input.id))
    throw new AppError('invalid_request', 'A district id is 2–63 lowercase letters, digits or -')
  if (await districtRow(db, input.id)) throw new AppError('area_exists', `District ${input.id} exists`)
  await db.transaction().execute(async (trx) => {
    await insertDistrict(trx, {
      id: input.id,
      name: input.name,
      settings_json: null,
      created_at: who.now.toISOString(),
    })
    await appendAudit(trx, {
      ...who,
      action: 'district.created',
      subject: input.id,
      after: input,
      at: who.now,
    })
  })
}

export async function createStreetOffice(
  db: Db,
  input: { id: string; name: string; districtId: string },
  who: Who,
): Promise<void> {
  if (!ID.test(input.id))
    throw new AppError('invalid_request', 'A street office id is 2–63 lowercase letters, digits or -')
  if (!(await districtRow(db, input.districtId)))
    throw new AppError('area_not_found', `No district ${input.districtId}`)
  if (await streetOfficeRow(db, input.id))
    throw new AppError('area_exists', `Street office ${input.id} exists`)
  await db.transaction().execute(async (trx) => {
    await insertStreetOffice(trx, {
      id: input.id,
      name: input.name,
      district_id: input.districtId,
      created_at: who.now.toISOString(),
    })
    await appendAudit(trx, {
      ...who,
      action: 'street_office.created',
      subject: input.id,
      after: input,
      at: who.now,
    })
  })
}

/** Puts an estate in a street office; answers the accounts whose grants now cover other estates. */
export async function assignEstate(
  db: Db,
  estateId: string,
  input: { streetOfficeId: string; formationEligible: boolean },
  who: Who,
): Promise<string[]> {
  if (!(await findEstate(db, estateId))) throw new AppError('estate_not_found', `No estate ${estateId}`)
  const office = await streetOfficeRow(db, input.streetOfficeId)
  if (!office) throw new AppError('area_not_found', `No street office ${input.streetOfficeId}`)
  const before = await estateAreaRow(db, estateId)
  await db.transaction().execute(async (trx) => {
    await upsertEstateArea(trx, {
      estate_id: estateId,
      street_office_id: office.id,
      formation_eligible: input.formationEligible ? 1 : 0,
      assigned_at: who.now.toISOString(),
    })
    await appendAudit(trx, {
      ...who,
      action: 'estate.area_assigned',
      estateId,
      subject: estateId,
      before: before
        ? { streetOfficeId: before.street_office_id, formationEligible: before.formation_eligible === 1 }
        : null,
      after: input,
      at: who.now,
    })
  })
  const previous = before ? await streetOfficeRow(db, before.street_office_id) : undefined
  return accountsGrantedAreas(
    db,
    [office.id, ...(previous ? [previous.id] : [])],
    [office.district_id, ...(previous ? [previous.district_id] : [])],
  )
}

export async function grantArea(
  db: Db,
  input: { accountId: string; role: 'street_office' | 'district_office'; areaId: string },
  who: Who,
): Promise<number> {
  if ((await accountKind(db, input.accountId)) !== 'staff')
    throw new AppError('invalid_request', 'Areas are granted to staff accounts only')
  const found =
    input.role === 'street_office'
      ? await streetOfficeRow(db, input.areaId)
      : await districtRow(db, input.areaId)
  if (!found)
    throw new AppError(
      'area_not_found',
      `No ${input.role === 'street_office' ? 'street office' : 'district'} ${input.areaId}`,
    )
  return db.transaction().execute(async (trx) => {
    const id = await insertAreaGrant(trx, {
      id: undefined,
      account_id: input.accountId,
      role: input.role,
      street_office_id: input.role === 'street_office' ? input.areaId : null,
      district_id: input.role === 'district_office' ? input.areaId : null,
      granted_by: who.actor,
      granted_at: who.now.toISOString(),
      revoked_by: null,
      revoked_at: null,
    })
    await appendAudit(trx, { ...who, action: 'area.granted', subject: String(id), after: input, at: who.now })
    return id
  })
}

export async function revokeArea(db: Db, grantId: number, who: Who): Promise<string> {
  const g = await areaGrantRow(db, grantId)
  if (!g || g.revoked_at !== null) throw new AppError('grant_not_found', `No live area grant ${grantId}`)
  await db.transaction().execute(async (trx) => {
    await revokeAreaGrant(trx, grantId, who.actor, who.now.toISOString())
    await appendAudit(trx, {
      ...who,
      action: 'area.revoked',
      subject: String(grantId),
      before: g,
      at: who.now,
    })
  })
  return g.account_id
}

/** The offices of a district, for the admin's forms. */
export async function areas(db: Db) {
  const districts = await allDistricts(db)
  const offices = await officesOfDistricts(
    db,
    districts.map((d) => d.id),
  )
  return {
    districts: districts.map((d) => ({
      id: d.id,
      name: d.name,
      streetOffices: offices.filter((o) => o.district_id === d.id).map((o) => ({ id: o.id, name: o.name })),
    })),
  }
}

// ---- exports -----------------------------------------------------------------------------------------------------

/** Kind names for the exported file (a document for the office's own records, in Chinese as it files them). */
const KIND_ZH: Readonly<Record<string, string>> = {
  rules_of_procedure: '议事规则',
  management_covenant: '管理规约',
  maintenance_fund_covenant: '维修资金管理规约',
  decisions: '决定及会议记录',
  property_contract: '物业服务合同',
  maintenance_fund: '专项维修资金',
  common_income: '公共收益',
  parking: '车位处分',
  working_funds: '业委会工作经费',
  audit: '审计报告',
  fee_payment: '业主缴费情况',
  other: '其他',
}
const STANDING_ZH: Readonly<Record<string, string>> = {
  none: '未成立',
  forming: '筹备中',
  in_term: '任期内',
  term_ending: '任期将满',
  reelection: '换届中',
  expired: '任期届满未换届',
}
const FAILURE_ZH: Readonly<Record<string, string>> = {
  no_committee_in_term: '无在任业委会',
  disclosure_overdue: '信息公开逾期',
  no_recent_survey: '12个月内无满意度测评',
}

type Overview = Awaited<ReturnType<typeof overview>>

/** The overview's estates as a table: a header row (Chinese and English) and one row per estate. */
export function overviewTable(o: Overview): (string | number)[][] {
  const header = [
    '街道 Street office',
    '小区 Estate',
    '业委会状态 Committee',
    '任期至 Term ends',
    '空缺席位 Vacant seats',
    '进行中的会议 Meetings (turnout by heads)',
    '逾期公开 Disclosures overdue (days)',
    '最近测评 Latest survey',
    '待备案 Filing pending',
    '运作达标 To standard',
    '未达标原因 Why not',
  ]
  const rows = o.estates.map((e) => [
    e.streetOffice.name,
    e.name,
    STANDING_ZH[e.standing.state] ?? e.standing.state,
    e.term?.endsOn ?? '',
    e.vacantSeats ?? '',
    e.meetings.map((m) => `${m.title} ${m.voted.heads}/${m.electorate.heads}`).join('；'),
    e.overdue.map((d) => `${KIND_ZH[d.kind] ?? d.kind} ${d.days}天`).join('；'),
    e.latestSurvey ? `${e.latestSurvey.closesOn} ${e.latestSurvey.passed ? '达标' : '未达标'}` : '',
    e.filingPending ? '是' : '',
    e.standard.ok ? '是' : '否',
    e.standard.failures.map((f) => FAILURE_ZH[f] ?? f).join('；'),
  ])
  return [header, ...rows]
}

/** The same table as an .xlsx workbook (exceljs: the spreadsheet library the roll's tests already write with). */
export async function overviewXlsx(o: Overview): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs')
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('监督 Oversight')
  for (const row of overviewTable(o)) sheet.addRow(row)
  sheet.getRow(1).font = { bold: true }
  sheet.views = [{ state: 'frozen', ySplit: 1 }]
  sheet.columns.forEach((c) => (c.width = 18))
  return Buffer.from(await book.xlsx.writeBuffer())
}
