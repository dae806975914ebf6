import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto'
import type { Transaction } from 'kysely'
import type { Db } from '../../db/client'
import { findEstate } from '../../db/repositories/estates'
import { loadHolidayTable } from '../../db/repositories/holidays'
import { draftCandidates } from '../../db/repositories/meeting-drafts'
import {
  findMeeting,
  insertMeeting,
  readAgenda,
  replaceAgenda,
  updateMeetingIf,
  type CandidateRecord,
} from '../../db/repositories/meetings'
import { estateTotals, ownerOfUnitNamed } from '../../db/repositories/roll'
import type { Database, MeetingRow } from '../../db/schema'
import { checkAgenda, type Eligibility } from '../domain/agenda'
import {
  CONFLICT_RULES,
  DEFAULT_PROXY_CAP,
  VOTE_CHANGES,
  type ConflictRule,
  type VoteChange,
} from '../domain/ballot'
import { isElection, type ElectionRankBy, type Matter, type RollUnit } from '../domain/bundle'
import {
  DEFAULT_OBJECTION_DAYS,
  earliestOpening,
  NO_HOLIDAYS,
  votingWindowEnd,
  type HolidayTable,
  type LegalEnd,
} from '../domain/calendar'
import * as lifecycle from '../domain/lifecycle'
import { matterElectorate, meetingElectorate } from '../domain/results'
import type { Electorate } from '../domain/voting-rights'
import { AppError, badRequest, notFound } from '../errors'
import { appendAudit } from './audit'
import { checkFirstMeetingNotice, refuseReelectionLocked } from './formation-locks'
import { freezeRollSnapshotIn, loadSnapshot } from './import-roll'
import { checkNoticeRoll } from './roll-versions'
import { estateSettingsOf } from '../../db/repositories/documents'
import { boundByRules, type RulesSettings } from '../domain/documents'
import type { MeetingBody } from '../routes/meetings.schema'

/**
 * Meetings: a convener defines a meeting and its matters as a draft, gives notice (which freezes the
 * agenda, the settings and the electorate), and the server clock opens and closes it. Every change is audited.
 */

export interface Who {
  readonly actor: string
  readonly role: string
  readonly now: Date
}

export interface MeetingSettings {
  /** §6.2: `final` (default — 北京: one vote only), `once_before_close` (武汉), `last_counts`. */
  readonly voteChange: VoteChange
  /** §6.3: the first valid ballot counts (default), or an online ballot replaces another channel's (深圳 2016). */
  readonly conflictRule: ConflictRule
  /** §4 视为同意: off by default; when on, the notice carries the warning and service must be recorded. */
  readonly deemedConsent: boolean
  readonly objectionDays: number
  readonly countParking: boolean
  readonly electionRankBy: ElectionRankBy
  /** §6.4: principals per proxy holder (潍坊 art. 32: 3). */
  readonly proxyCap: number
  /** §6.1 step 3: days after the close during which paper handed in before it is still keyed in (default 3). */
  readonly countingDays: number
}

export const DEFAULT_COUNTING_DAYS = 3

export const DEEMED_CONSENT_WARNING = {
  zh: '特别提示：按照本小区业主大会议事规则，已送达表决票但在表决期内未投票的业主，视为同意参与表决业主的多数意见。',
  en: 'Notice: under the rules of procedure of this estate, owners who were served a ballot and do not vote within the voting period are counted with the majority of those who vote.',
} as const

export function defaultSettings(countParking: boolean): MeetingSettings {
  return {
    voteChange: 'final',
    conflictRule: 'first_valid',
    deemedConsent: false,
    objectionDays: DEFAULT_OBJECTION_DAYS,
    countParking,
    electionRankBy: 'heads',
    proxyCap: DEFAULT_PROXY_CAP,
    countingDays: DEFAULT_COUNTING_DAYS,
  }
}

/**
 * A meeting's definition as the request's schema gives it (routes/meetings.schema.ts): trimmed, bounded, with the
 * matters' bodies and the candidates' statements defaulted. What the law checks beyond its shape is checked here.
 */
export type MeetingInput = MeetingBody
export type MatterInput = MeetingInput['matters'][number]
/** A unit of the candidate's on the roll, and their name as on the roll: they must be an owner (§5). */
export type CandidateInput = NonNullable<MatterInput['candidates']>[number]

// ---- reading ----------------------------------------------------------------------------------------------------

export interface MeetingDefinition {
  readonly row: MeetingRow
  readonly settings: MeetingSettings
  readonly matters: readonly Matter[]
  readonly bodies: ReadonlyMap<string, string>
  readonly candidates: ReadonlyMap<string, readonly CandidateRecord[]>
  /**
   * A draft's candidates as the convener entered them (`matter/candidate` → unit and eligibility), so that the
   * editor reopening the draft shows what was saved; absent once notice is given.
   */
  readonly drafted?: ReadonlyMap<string, DraftedCandidate>
}

/** What a convener entered for a candidate of a draft beyond the name: the unit and the eligibility checked (§5). */
export interface DraftedCandidate {
  readonly unit: string
  readonly eligibility: Omit<Eligibility, 'isOwner'>
}

const draftKey = (matter: string, candidate: string) => `${matter}/${candidate}`

/** A stored candidate's eligibility record: the checks, and the unit named (rows from before it was kept have none). */
function toDrafted(json: string): DraftedCandidate {
  const e = JSON.parse(json) as Partial<Eligibility> & { unit?: unknown }
  return {
    unit: typeof e.unit === 'string' ? e.unit : '',
    eligibility: {
      fullCapacity: e.fullCapacity === true,
      noArrears: e.noArrears === true,
      notPropertyStaff: e.notPropertyStaff === true,
    },
  }
}

const instant = (s: string | null) => (s === null ? null : Date.parse(s))

export const clockOf = (row: MeetingRow, settings: MeetingSettings): lifecycle.MeetingClock => ({
  status: row.status,
  opensAt: Date.parse(row.opens_at),
  closesAt: Date.parse(row.closes_at),
  noticedAt: instant(row.noticed_at),
  preliminaryAt: instant(row.preliminary_at),
  objectionDays: settings.objectionDays,
  countingEndsAt: instant(row.counting_ends_at),
  paperCompleteAt: instant(row.paper_complete_at),
  objectionsEndAt: instant(row.objections_end_at),
})

/**
 * A meeting as one request sees it: loaded once, its status settled by the clock at the instant the request
 * arrived (design.md "One place decides a meeting's state"). Services take it instead of loading again.
 */
export interface LoadedMeeting extends MeetingDefinition {
  readonly status: lifecycle.MeetingStatus
  /** When the request arrived: everything it does is judged at this instant. */
  readonly at: Date
}

export const meetingAt = (m: MeetingDefinition, at: Date): LoadedMeeting => ({
  ...m,
  status: lifecycle.statusAt(clockOf(m.row, m.settings), at.getTime()),
  at,
})

// The agenda is fixed once notice is given: cache it per meeting (the row, with status and end, is read each time).
const agendaCache = new Map<string, Omit<MeetingDefinition, 'row'>>()

export async function loadMeeting(db: Db, id: string): Promise<MeetingDefinition> {
  const row = await findMeeting(db, id)
  if (!row) throw notFound('meeting_not_found', 'No such meeting')
  const cached = row.status === 'draft' ? undefined : agendaCache.get(`${row.id}|${row.created_at}`)
  if (cached) return { ...cached, row }
  const { matters, bodies, candidates } = await readAgenda(db, id)
  const agenda = {
    // Settings added since a meeting was noticed take their defaults (a meeting's settings never change after).
    settings: {
      ...defaultSettings(false),
      ...(JSON.parse(row.settings_json) as Partial<MeetingSettings>),
    } as MeetingSettings,
    matters,
    bodies,
    candidates,
  }
  if (row.status !== 'draft') {
    if (agendaCache.size > 1000) agendaCache.clear()
    agendaCache.set(`${row.id}|${row.created_at}`, agenda)
  }
  if (row.status === 'draft') {
    const drafted = new Map(
      (await draftCandidates(db, id)).map((d) => [
        draftKey(d.matterId, d.candidateId),
        toDrafted(d.eligibilityJson),
      ]),
    )
    return { ...agenda, row, drafted }
  }
  return { ...agenda, row }
}

/** The status by the server clock (a noticed meeting is open from its opening; an open one closed at its end). */
export const currentStatus = (m: MeetingDefinition, now: Date) =>
  lifecycle.statusAt(clockOf(m.row, m.settings), now.getTime())

// ---- the frozen electorate ----------------------------------------------------------------------------------------

export interface FrozenElectorate {
  readonly units: readonly RollUnit[]
  readonly wide: Electorate
  /** matter id → that matter's electorate (its scope alone, or the whole estate). */
  readonly byMatter: ReadonlyMap<string, Electorate>
  /** matter id → the keys of the voters in it. */
  readonly keysByMatter: ReadonlyMap<string, ReadonlySet<string>>
  /** voter id (smallest unit) → voter key; and back. */
  readonly keyOfVoter: ReadonlyMap<string, string>
}

const electorateCache = new Map<string, FrozenElectorate>()

/** The electorate frozen at notice (domain §3 "Roll snapshot"). Immutable, so cached per meeting. */
export async function frozenElectorate(db: Db, m: MeetingDefinition): Promise<FrozenElectorate> {
  const cached = electorateCache.get(m.row.id)
  if (cached) return cached
  if (m.row.snapshot_id === null) throw new AppError('meeting_not_noticed', 'Notice has not been given')
  const units = await loadSnapshot(db, m.row.snapshot_id)
  if (!units) throw new Error(`snapshot ${m.row.snapshot_id} missing`)
  const input = {
    units,
    settings: {
      countParking: m.settings.countParking,
      deemedConsent: false,
      electionRankBy: 'heads' as const,
    },
  }
  const wide = meetingElectorate(input)
  const byMatter = new Map(m.matters.map((matter) => [matter.id, matterElectorate(input, matter, wide)]))
  const frozen: FrozenElectorate = {
    units,
    wide,
    byMatter,
    keysByMatter: new Map([...byMatter].map(([id, el]) => [id, new Set(el.voters.map((v) => v.key))])),
    keyOfVoter: new Map(wide.voters.map((v) => [v.id, v.key])),
  }
  if (electorateCache.size > 100) electorateCache.clear()
  electorateCache.set(m.row.id, frozen)
  return frozen
}

/** The voter (id) holding a unit in the meeting's electorate. */
export function voterOfUnitIn(e: FrozenElectorate, unit: string): string | undefined {
  const key = e.wide.voterOfUnit.get(unit)
  return key === undefined ? undefined : e.wide.voters.find((v) => v.key === key)?.id
}

/** The matters whose electorate includes the voter. */
export function mattersOfVoter(e: FrozenElectorate, voterId: string): Set<string> {
  const key = e.keyOfVoter.get(voterId)
  const out = new Set<string>()
  if (key === undefined) return out
  for (const [matter, keys] of e.keysByMatter) if (keys.has(key)) out.add(matter)
  return out
}

/** The voters an owner (by roll owner id) belongs to in this meeting. */
export function votersOfOwner(e: FrozenElectorate, ownerId: number): string[] {
  const id = String(ownerId)
  return e.wide.voters.filter((v) => v.owners.includes(id)).map((v) => v.id)
}

/** Pseudonymous owner ids for the published bundle: an HMAC under the meeting's secret salt. */
export function pseudonym(salt: string, ownerId: string): string {
  return 'o' + createHmac('sha256', salt).update(ownerId).digest('hex').slice(0, 12)
}

// ---- writing ------------------------------------------------------------------------------------------------------

/** The meetings' own checks of their settings' ranges (also what a rules-of-procedure document may set). */
export function checkSettings(s: MeetingSettings): void {
  if (!VOTE_CHANGES.includes(s.voteChange)) throw badRequest('invalid_settings', 'voteChange')
  if (!CONFLICT_RULES.includes(s.conflictRule)) throw badRequest('invalid_settings', 'conflictRule')
  if (!Number.isInteger(s.objectionDays) || s.objectionDays < 1 || s.objectionDays > 60)
    throw badRequest('invalid_settings', 'objectionDays: 1 to 60 days')
  if (!Number.isInteger(s.proxyCap) || s.proxyCap < 1 || s.proxyCap > 20)
    throw badRequest('invalid_settings', 'proxyCap: 1 to 20')
  if (!Number.isInteger(s.countingDays) || s.countingDays < 0 || s.countingDays > MAX_COUNTING_DAYS)
    throw badRequest('invalid_settings', `countingDays: 0 to ${MAX_COUNTING_DAYS} days`)
}

export const MAX_COUNTING_DAYS = 15

/**
 * 指导规则 art. 25: whether parking spaces count is the estate's rule of procedure, never a meeting's choice
 * (domain §3): every meeting uses the estate's setting, taken again at notice.
 */
function refuseMeetingParking(input: { settings?: Partial<MeetingSettings> | undefined }, estate: boolean) {
  const asked = input.settings?.countParking
  if (asked !== undefined && asked !== estate)
    throw new AppError(
      'setting_of_estate',
      "countParking is the estate's rule of procedure (指导规则 art. 25), not a meeting setting",
      { setting: 'countParking', estate },
    )
}

/** Validates and writes the agenda of a draft (all of it, replacing what was there). */
async function writeAgenda(
  trx: Transaction<Database>,
  meetingId: string,
  estateId: string,
  matters: readonly MatterInput[],
) {
  const estateUnits = await estateTotals(trx, estateId)
  const resolved: (Matter & { eligibility?: Eligibility[] })[] = []
  const candidateRows: {
    matter: string
    id: string
    ownerId: number
    name: string
    statement: string
    eligibility: Eligibility
    unit: string
  }[] = []
  for (const [i, m] of matters.entries()) {
    const id = `q${i + 1}`
    const base = {
      id,
      title: m.title,
      ...(m.scope ? { scope: m.scope } : {}),
      ...(m.participation ? { participation: m.participation } : {}),
      ...(m.approval ? { approval: m.approval } : {}),
    }
    if (m.kind === 'elect_committee') {
      const eligibility: Eligibility[] = []
      const candidates = []
      for (const [j, c] of (m.candidates ?? []).entries()) {
        // The candidate must be an owner of the named unit on the roll (§5).
        const owner = await ownerOfUnitNamed(trx, estateId, c.unit, c.name.normalize('NFKC').trim())
        const e: Eligibility = { isOwner: owner !== undefined, ...c.eligibility }
        eligibility.push(e)
        const cid = `c${j + 1}`
        candidates.push({ id: cid, name: c.name })
        if (owner !== undefined)
          candidateRows.push({
            matter: id,
            id: cid,
            ownerId: owner,
            name: c.name,
            statement: c.statement,
            eligibility: e,
            unit: c.unit,
          })
      }
      resolved.push({
        ...base,
        kind: 'elect_committee',
        seats: m.seats ?? 0,
        ...(m.minMembers !== undefined ? { minMembers: m.minMembers } : {}),
        ...(m.alternatesCap !== undefined ? { alternatesCap: m.alternatesCap } : {}),
        candidates,
        eligibility,
      })
    } else {
      resolved.push({ ...base, kind: m.kind })
    }
  }
  const problems = checkAgenda(resolved, estateUnits)
  if (problems.length > 0)
    throw new AppError(
      'agenda_invalid',
      problems.map((p) => `${p.matter}: ${p.code}${p.detail ? ` (${p.detail})` : ''}`).join('; '),
      { problems },
    )

  await replaceAgenda(
    trx,
    meetingId,
    matters.map((m, i) => ({
      id: `q${i + 1}`,
      kind: m.kind,
      title: m.title,
      body: m.body,
      scope_json: m.scope ? JSON.stringify(m.scope) : null,
      participation_json: m.participation ? JSON.stringify(m.participation) : null,
      approval_json: m.approval ? JSON.stringify(m.approval) : null,
      seats: m.kind === 'elect_committee' ? (m.seats ?? null) : null,
      min_members: m.minMembers ?? null,
      alternates_cap: m.alternatesCap ?? null,
    })),
    candidateRows.map((c) => ({
      matter_id: c.matter,
      id: c.id,
      owner_id: c.ownerId,
      name: c.name,
      statement: c.statement,
      photo_id: null,
      // The unit named beside the checks: the owner id does not say which of an owner's units it was, and the
      // editor reopening the draft shows both as entered (read back by toDrafted).
      eligibility_json: JSON.stringify({ ...c.eligibility, unit: c.unit }),
    })),
  )
}

function checkInstants(input: { opensAt: string; closesAt: string }) {
  const opens = Date.parse(input.opensAt)
  const closes = Date.parse(input.closesAt)
  if (Number.isNaN(opens) || Number.isNaN(closes))
    throw badRequest('invalid_request', 'opensAt and closesAt must be ISO instants')
  if (closes <= opens) throw badRequest('window_invalid', 'The voting window must close after it opens')
  return { opensAt: new Date(opens).toISOString(), closesAt: new Date(endOfLastDay(closes)).toISOString() }
}

/** 民法典 art. 203: a period ends at 24:00 of its last day — the voting window too, whatever hour was asked for. */
const endOfLastDay = (closes: number) => votingWindowEnd(closes, NO_HOLIDAYS).at

/**
 * The close as the law has it: 24:00 of the window's last day, moved to 24:00 of the first working day after it
 * when that day is a public holiday (art. 203 para. 1), from the operator's holiday table.
 */
export function legalClose(closesAt: number, holidays: HolidayTable): LegalEnd {
  return votingWindowEnd(closesAt, holidays)
}

/** What an estate's passed rules of procedure set (none before they pass): services/documents.ts adopts it. */
async function adoptedRules(db: Db, estateId: string): Promise<RulesSettings | null> {
  const row = await estateSettingsOf(db, estateId)
  return row ? (JSON.parse(row.settings_json) as RulesSettings) : null
}

/** The meeting settings the rules set, as a new meeting's defaults before its own. */
function adoptedDefaults(rules: RulesSettings | null): Partial<MeetingSettings> {
  if (!rules) return {}
  return {
    deemedConsent: rules.deemedConsent,
    voteChange: rules.voteChange,
    objectionDays: rules.objectionDays,
    countingDays: rules.countingDays,
  }
}

/** A draft's matters as the rules bind them: their thresholds at least the rules' (domain §4, stricter only). */
const bindMatters = (
  matters: MeetingInput['matters'],
  rules: RulesSettings | null,
): MeetingInput['matters'] => (rules ? matters.map((m) => boundByRules(m, rules)) : matters)

export async function createMeeting(
  db: Db,
  estateId: string,
  input: MeetingInput,
  who: Who,
): Promise<string> {
  const estate = await findEstate(db, estateId)
  if (!estate) throw notFound('estate_not_found', `No estate "${estateId}"`)
  refuseMeetingParking(input, estate.count_parking === 1)
  const rules = await adoptedRules(db, estateId)
  const matters = bindMatters(input.matters, rules)
  const settings = {
    ...defaultSettings(estate.count_parking === 1),
    // What the estate's rules of procedure set, once passed (services/documents.ts), before the meeting's own.
    ...adoptedDefaults(rules),
    ...(input.settings ?? {}),
    countParking: estate.count_parking === 1,
  }
  checkSettings(settings)
  const window = checkInstants(input)
  await refuseReelectionLocked(db, estateId, input.matters)
  const id = randomUUID()
  await db.transaction().execute(async (trx) => {
    await insertMeeting(trx, {
      id,
      estate_id: estateId,
      title: input.title,
      status: 'draft',
      opens_at: window.opensAt,
      closes_at: window.closesAt,
      settings_json: JSON.stringify(settings),
      created_by: who.actor,
      created_at: who.now.toISOString(),
      noticed_at: null,
      snapshot_id: null,
      salt: randomBytes(32).toString('base64url'),
      closed_at: null,
      results_json: null,
      bundle_sha256: null,
      audit_head: null,
      preliminary_at: null,
      final_at: null,
    })
    await writeAgenda(trx, id, estateId, matters)
    await appendAudit(trx, {
      ...who,
      action: 'meeting.created',
      estateId,
      subject: id,
      after: { title: input.title, ...window, settings, matters },
      at: who.now,
    })
  })
  return id
}

/** Replaces a draft's definition (title, window, settings, agenda). Refused once notice is given. */
export async function updateMeeting(db: Db, id: string, input: MeetingInput, who: Who): Promise<void> {
  const m = await loadMeeting(db, id)
  const step = lifecycle.mayEdit(clockOf(m.row, m.settings), who.now.getTime())
  if (!step.ok) throw lifecycleError(step.error)
  const estate = await findEstate(db, m.row.estate_id)
  const countParking = estate?.count_parking === 1
  refuseMeetingParking(input, countParking)
  const matters = bindMatters(input.matters, await adoptedRules(db, m.row.estate_id))
  const settings = { ...m.settings, ...(input.settings ?? {}), countParking }
  checkSettings(settings)
  const window = checkInstants(input)
  await refuseReelectionLocked(db, m.row.estate_id, input.matters)
  await db.transaction().execute(async (trx) => {
    await updateMeetingIf(
      trx,
      id,
      { status: 'draft' },
      {
        title: input.title,
        opens_at: window.opensAt,
        closes_at: window.closesAt,
        settings_json: JSON.stringify(settings),
      },
    )
    await writeAgenda(trx, id, m.row.estate_id, matters)
    await appendAudit(trx, {
      ...who,
      action: 'meeting.updated',
      estateId: m.row.estate_id,
      subject: id,
      before: {
        title: m.row.title,
        opensAt: m.row.opens_at,
        closesAt: m.row.closes_at,
        settings: m.settings,
      },
      after: { title: input.title, ...window, settings, matters },
      at: who.now,
    })
  })
}

export function lifecycleError(e: lifecycle.LifecycleError): AppError {
  switch (e.code) {
    case 'calendar_violation':
      return new AppError(
        'calendar_violation',
        e.problems
          .map((p) =>
            p.code === 'opens_too_early'
              ? `voting may open no earlier than ${new Date(p.earliest).toISOString()} (15 full days after notice, 民法典 art. 201)`
              : p.code === 'window_too_short'
                ? `the voting window must last at least ${p.minDays} days`
                : p.code === 'window_too_long'
                  ? `the voting window may last at most ${p.maxDays} days`
                  : 'the window closes before it opens',
          )
          .join('; '),
        {
          problems: e.problems.map((p) =>
            'earliest' in p ? { ...p, earliest: new Date(p.earliest).toISOString() } : p,
          ),
        },
      )
    case 'objection_period_running':
      return new AppError('objection_period_running', 'The objection period has not ended', {
        endsAt: new Date(e.endsAt).toISOString(),
      })
    case 'agenda_empty':
      return new AppError('agenda_empty', 'A meeting needs at least one matter')
    case 'extension_not_later':
      return new AppError('extension_not_later', 'The new end must be later than the current end')
    case 'signoff_missing':
      return new AppError('signoff_missing', 'A supervisor has not signed off the result')
    case 'objections_unanswered':
      return new AppError(
        'objections_unanswered',
        `${e.count} objection(s) to the preliminary result are not answered yet`,
        { count: e.count },
      )
    case 'counting_over':
      return new AppError('counting_over', 'The counting period has ended: the tally is being stored', {
        endedAt: new Date(e.endedAt).toISOString(),
      })
    case 'paper_received_after_close':
      return new AppError(
        'paper_received_after_close',
        'A paper ballot handed in after the close does not count (domain §6.1)',
        { closesAt: new Date(e.closesAt).toISOString() },
      )
    case 'paper_received_invalid':
      return new AppError(
        'paper_received_invalid',
        'The time the paper was received must lie between the notice and now',
      )
    case 'objection_period_over':
      return new AppError('objection_period_over', 'The objection period has ended', {
        endedAt: new Date(e.endedAt).toISOString(),
      })
    default:
      return new AppError(e.code, `Not possible while the meeting is ${e.status}`, { status: e.status })
  }
}

/**
 * Gives notice: the agenda and settings are fixed, the roll is frozen as this meeting's electorate, and voting may
 * open no earlier than 15 full days later (物业管理条例 art. 14, 民法典 art. 201).
 */
export async function giveNotice(db: Db, id: string, who: Who): Promise<void> {
  const m = await loadMeeting(db, id)
  const step = lifecycle.giveNotice(clockOf(m.row, m.settings), who.now.getTime(), m.matters.length)
  if (!step.ok && step.error.code !== 'calendar_violation') throw lifecycleError(step.error)
  // Formation's own refusals first (domain §§7.3, 8): they name the first meeting and the re-election.
  await refuseReelectionLocked(db, m.row.estate_id, m.matters)
  await checkFirstMeetingNotice(db, id, who.now.getTime(), Date.parse(m.row.opens_at), m.matters)
  if (!step.ok) throw lifecycleError(step.error)
  const estate = await findEstate(db, m.row.estate_id)
  // The estate's parking rule as it stands at notice is the meeting's for good (domain §3).
  const settings: MeetingSettings = { ...m.settings, countParking: estate?.count_parking === 1 }
  const holidays = await loadHolidayTable(db)
  const close = legalClose(Date.parse(m.row.closes_at), holidays)
  const countingEndsAt = lifecycle.countingPeriodEnd(close.at, settings.countingDays, holidays)
  await db.transaction().execute(async (trx) => {
    const snapshot = await freezeRollSnapshotIn(trx, {
      estateId: m.row.estate_id,
      reason: `meeting ${id}`,
      actor: who.actor,
      role: who.role,
      now: who.now,
    })
    const noticed = await updateMeetingIf(
      trx,
      id,
      { status: 'draft' },
      {
        status: 'noticed',
        noticed_at: who.now.toISOString(),
        snapshot_id: snapshot.id,
        settings_json: JSON.stringify(settings),
        closes_at: new Date(close.at).toISOString(),
        counting_ends_at: new Date(countingEndsAt).toISOString(),
      },
    )
    if (!noticed) throw new AppError('meeting_not_draft', 'Notice was already given')
    // domain §7.3 (4): with published roll versions, the electorate must be the final one.
    await checkNoticeRoll(trx, { meetingId: id, estateId: m.row.estate_id, units: snapshot.units }, who)
    const agendaHash = createHash('sha256')
      .update(JSON.stringify({ matters: m.matters, bodies: [...m.bodies], settings }))
      .digest('hex')
    await appendAudit(trx, {
      ...who,
      action: 'meeting.noticed',
      estateId: m.row.estate_id,
      subject: id,
      after: {
        opensAt: m.row.opens_at,
        closesAt: m.row.closes_at,
        snapshot: snapshot.id,
        units: snapshot.units.length,
        agendaSha256: agendaHash,
        settings,
        ...(close.moved
          ? {
              closesAtAsked: m.row.closes_at,
              closesAt: new Date(close.at).toISOString(),
              holiday: close.holiday,
            }
          : {}),
        holidayYearsMissing: close.yearsMissing,
        countingEndsAt: new Date(countingEndsAt).toISOString(),
        deemedConsentWarning: settings.deemedConsent ? DEEMED_CONSENT_WARNING.zh : null,
      },
      at: who.now,
    })
  })
}

/** Extends the end of an open meeting before it closes (江门 practice), published and audited. */
export async function extendMeeting(
  db: Db,
  id: string,
  closesAt: string,
  reason: string,
  who: Who,
): Promise<void> {
  const m = await loadMeeting(db, id)
  const asked = Date.parse(closesAt)
  if (Number.isNaN(asked)) throw badRequest('invalid_request', 'closesAt must be an ISO instant')
  const step = lifecycle.extend(clockOf(m.row, m.settings), who.now.getTime(), endOfLastDay(asked))
  if (!step.ok) throw lifecycleError(step.error)
  const holidays = await loadHolidayTable(db)
  const close = legalClose(step.value.closesAt, holidays)
  await db.transaction().execute(async (trx) => {
    const countingEndsAt = lifecycle.countingPeriodEnd(close.at, m.settings.countingDays, holidays)
    // The meeting clock may have ended voting meanwhile: an extension comes before the close, or not at all.
    const extended = await updateMeetingIf(
      trx,
      id,
      { votingOpen: true },
      {
        closes_at: new Date(close.at).toISOString(),
        counting_ends_at: new Date(countingEndsAt).toISOString(),
        status: 'open',
      },
    )
    if (!extended) throw new AppError('meeting_not_open', 'Voting has closed', { status: 'counting' })
    await appendAudit(trx, {
      ...who,
      action: 'meeting.extended',
      estateId: m.row.estate_id,
      subject: id,
      before: { closesAt: m.row.closes_at },
      after: {
        closesAt: new Date(close.at).toISOString(),
        ...(close.moved ? { holiday: close.holiday } : {}),
        reason,
      },
      at: who.now,
    })
  })
}

/** What anyone (or any signed-in owner of the estate) sees of a meeting. */
export function presentMeeting(m: LoadedMeeting) {
  const { status, at: now } = m
  const clock = clockOf(m.row, m.settings)
  const objectionsEnd = lifecycle.objectionsEndAt(clock)
  const counting = m.row.noticed_at === null ? null : lifecycle.countingEndsAt(clock)
  return {
    id: m.row.id,
    estateId: m.row.estate_id,
    title: m.row.title,
    status,
    opensAt: m.row.opens_at,
    closesAt: m.row.closes_at,
    noticedAt: m.row.noticed_at,
    // While a draft: the earliest opening if notice were given now (the editor shows it).
    earliestOpening:
      m.row.noticed_at === null ? new Date(earliestOpening(now.getTime())).toISOString() : null,
    // §6.1 step 3: online voting ends at the close; paper handed in before it is keyed in until this instant.
    countingEndsAt: counting === null ? null : new Date(counting).toISOString(),
    votingClosedAt: m.row.voting_closed_at,
    paperCompleteAt: m.row.paper_complete_at,
    closedAt: m.row.status === 'draft' || m.row.results_json === null ? null : m.row.closed_at,
    preliminaryAt: m.row.preliminary_at,
    objectionsEndAt: objectionsEnd === null ? null : new Date(objectionsEnd).toISOString(),
    finalAt: m.row.final_at,
    settings: m.settings,
    deemedConsentWarning: m.settings.deemedConsent ? DEEMED_CONSENT_WARNING : null,
    bundleSha256: m.row.bundle_sha256,
    auditHead: m.row.audit_head,
    matters: m.matters.map((matter) => ({
      id: matter.id,
      kind: matter.kind,
      title: matter.title,
      body: m.bodies.get(matter.id) ?? '',
      scope: matter.scope ?? null,
      participation: matter.participation ?? null,
      approval: matter.approval ?? null,
      ...(isElection(matter)
        ? {
            seats: matter.seats,
            alternatesCap: matter.alternatesCap ?? matter.seats,
            candidates: (m.candidates.get(matter.id) ?? []).map((c) => {
              // Only a draft, which only the estate's staff read, shows what the convener entered beyond the name.
              const d = m.drafted?.get(draftKey(matter.id, c.id))
              return {
                id: c.id,
                name: c.name,
                statement: c.statement,
                photoId: c.photoId,
                ...(d ? { unit: d.unit, eligibility: d.eligibility } : {}),
              }
            }),
          }
        : {}),
    })),
  }
}
