import { createHash } from 'node:crypto'
import type { Db } from '../../db/client'
import { formatAreaM2 } from '../domain/area'
import {
  BUNDLE_FORMAT,
  isElectionResult,
  type Bundle,
  type Channel,
  type Choice,
  type MatterResult,
} from '../domain/bundle'
import { validateBundle } from '../domain/bundle-validate'
import { canonicalJson, type Json } from '../domain/canonical'
import { explainResult } from '../domain/explain'
import { estateHeading } from '../../db/repositories/estates'
import { loadHolidayTable } from '../../db/repositories/holidays'
import { rollVersionUseOf } from '../../db/repositories/roll-versions'
import { paperEntryStatuses, validBallotLinesOf, votersWhoVoted } from '../../db/repositories/ballots'
import {
  latestSignoff,
  meetingsDue,
  unansweredObjectionCount,
  updateMeetingIf,
} from '../../db/repositories/meetings'
import { legalPeriodEnd } from '../domain/calendar'
import * as lifecycle from '../domain/lifecycle'
import { buildSummary, type ResultsSummary } from '../domain/summary'
import { computeResults } from '../domain/results'
import { AppError } from '../errors'
import { appendAudit } from './audit'
import { csvDocument } from './csv'
import { servedVoters } from './meeting-records'
import { ballotWriter, type WriterTx } from './ballot-writer'
import { adoptPassedSettingsIn } from './documents'
import { discloseDecisionIn } from './disclosures'
import {
  clockOf,
  frozenElectorate,
  lifecycleError,
  loadMeeting,
  pseudonym,
  type FrozenElectorate,
  type LoadedMeeting,
  type MeetingDefinition,
  type Who,
} from './meetings'

/**
 * Closing a meeting and publishing its results (domain §6.1, §10): at the end time the tally runs on the frozen
 * electorate and the valid ballots; the results bundle (`gongjue.results/1`, owners pseudonymous) is stored with
 * its SHA-256 and the audit chain head, so that anyone can recompute the result and detect a later change.
 */

const SYSTEM = { actor: 'system:clock', role: 'system' }

interface BallotLine {
  readonly voter: string
  readonly channel: Channel
  readonly receipt: string
  readonly choices_json: string
}

/** The bundle as the tally sees it: frozen units (owners as pseudonyms), matters, the valid ballots. */
function bundleOf(
  m: MeetingDefinition,
  e: FrozenElectorate,
  ballots: readonly BallotLine[],
  served: readonly string[],
  rollUse?: RollUse,
): Bundle {
  // A meeting whose electorate was the final published roll version (domain §7.3 (4)) carries its owners under the
  // version's salt, so that its units hash to the version's hash, and names the version (results-bundle.md `roll`).
  const salt = rollUse?.salt ?? m.row.salt
  return {
    format: BUNDLE_FORMAT,
    estate: { id: m.row.estate_id },
    meeting: { id: m.row.id, title: m.row.title, opensAt: m.row.opens_at, closesAt: m.row.closes_at },
    settings: {
      countParking: m.settings.countParking,
      deemedConsent: m.settings.deemedConsent,
      electionRankBy: m.settings.electionRankBy,
    },
    units: e.units.map((u) => ({ ...u, owners: u.owners.map((o) => pseudonym(salt, o)) })),
    matters: m.matters,
    ballots: ballots.map((b) => ({
      unit: b.voter,
      channel: b.channel,
      receipt: b.receipt,
      choices: JSON.parse(b.choices_json) as Record<string, Choice>,
    })),
    ...(m.settings.deemedConsent ? { served: [...served].sort() } : {}),
    ...(rollUse ? { roll: { version: rollUse.number, sha256: rollUse.sha256 } } : {}),
  }
}

type RollUse = NonNullable<Awaited<ReturnType<typeof rollVersionUseOf>>>

/** The bundle of a meeting with the valid ballots stored now (the simulation and tests read it). */
export async function buildBundle(db: Db, m: MeetingDefinition): Promise<Bundle> {
  const e = await frozenElectorate(db, m)
  const ballots = await validBallotLinesOf(db, m.row.id)
  const served = m.settings.deemedConsent ? [...(await servedVoters(db, m.row.id))] : []
  return bundleOf(m, e, ballots, served, await rollVersionUseOf(db, m.row.id))
}

const clockRow = (tx: WriterTx, meetingId: string) => tx.statements.closeClock.get({ meetingId })

/**
 * Ends online voting at the close (domain §6.1 step 3). Waits first for the ballots whose requests arrived before
 * the close, then records it through the ballot writer's queue: every ballot acknowledged before is in, every one
 * after is refused. Idempotent; only the meeting clock calls it.
 */
export async function closeVoting(db: Db, meetingId: string, now: Date): Promise<boolean> {
  const m = await loadMeeting(db, meetingId)
  const closesAt = Date.parse(m.row.closes_at)
  if (now.getTime() < closesAt || m.row.voting_closed_at !== null) return false
  const writer = ballotWriter(db)
  await writer.arrivals.settle(meetingId, closesAt)
  return writer.task((tx) => {
    const row = clockRow(tx, meetingId)
    // An extension committed meanwhile moves the close; a second clock tick finds it closed already.
    if (!row || row.voting_closed_at !== null || (row.status !== 'noticed' && row.status !== 'open'))
      return false
    if (now.getTime() < Date.parse(row.closes_at)) return false
    const counts = tx.statements.validCountsByChannel.all({ meetingId })
    tx.statements.markVotingClosed.run({ closesAt: row.closes_at, meetingId })
    tx.audit({
      ...SYSTEM,
      action: 'meeting.voting_closed',
      estateId: m.row.estate_id,
      subject: meetingId,
      after: {
        closesAt: row.closes_at,
        ballots: Object.fromEntries(counts.map((c) => [c.channel, c.n])),
        countingEndsAt: m.row.counting_ends_at,
      },
      at: now,
    })
    return true
  })
}

/**
 * Stores the tally: the bundle from the frozen electorate and the valid ballots, its SHA-256 and the audit chain
 * head, in the ballot writer's queue after every ballot that arrived before `now`. Runs once voting has closed
 * and the counting period is over or the conveners declared all paper entered. Idempotent.
 */
export async function storeTally(db: Db, meetingId: string, now: Date): Promise<boolean> {
  const m = await loadMeeting(db, meetingId)
  if (m.row.voting_closed_at === null || (m.row.status !== 'noticed' && m.row.status !== 'open')) return false
  if (!lifecycle.tallyDue(clockOf(m.row, m.settings), now.getTime())) return false
  const e = await frozenElectorate(db, m)
  const served = m.settings.deemedConsent ? [...(await servedVoters(db, meetingId))] : []
  const rollUse = await rollVersionUseOf(db, meetingId)
  const writer = ballotWriter(db)
  await writer.arrivals.settle(meetingId, now.getTime())
  return writer.task((tx) => {
    const row = clockRow(tx, meetingId)
    if (!row || row.voting_closed_at === null || (row.status !== 'noticed' && row.status !== 'open'))
      return false
    const ballots: BallotLine[] = tx.statements.validBallotLines.all({ meetingId })
    const bundle = bundleOf(m, e, ballots, served, rollUse)
    const results = computeResults(bundle)
    const text = canonicalJson({ ...bundle, results } as unknown as Json)
    const sha = createHash('sha256').update(text).digest('hex')
    const pending = tx.statements.unconfirmedPaper.get({ meetingId }) ?? { n: 0 }
    const head = tx.audit({
      ...SYSTEM,
      action: 'meeting.closed',
      estateId: m.row.estate_id,
      subject: meetingId,
      after: {
        closesAt: row.closes_at,
        ballots: bundle.ballots.length,
        bundleSha256: sha,
        paperComplete: m.row.paper_complete_at,
        paperUnconfirmed: pending.n,
      },
      at: now,
    })
    tx.statements.storeTally.run({ closedAt: now.toISOString(), results: text, sha, head, meetingId })
    return true
  })
}

/**
 * The meeting clock for one meeting (domain §6.1): opens it at its opening, ends online voting at its close, and
 * stores the tally when the counting period is over. Only the clock and explicit commands change a meeting's
 * state; reads never do.
 */
export async function advanceMeeting(db: Db, meetingId: string, now: Date): Promise<boolean> {
  const m = await loadMeeting(db, meetingId)
  let changed = false
  if (m.row.status === 'noticed' && now.getTime() >= Date.parse(m.row.opens_at)) {
    await db.transaction().execute(async (trx) => {
      if (await updateMeetingIf(trx, meetingId, { status: 'noticed' }, { status: 'open' }))
        await appendAudit(trx, {
          ...SYSTEM,
          action: 'meeting.opened',
          estateId: m.row.estate_id,
          subject: meetingId,
          after: { opensAt: m.row.opens_at },
          at: now,
        })
    })
    changed = true
  }
  if (await closeVoting(db, meetingId, now)) changed = true
  if (await storeTally(db, meetingId, now)) changed = true
  return changed
}

/** Advances every meeting whose stored status the clock has overtaken; returns how many changed. */
export async function advanceMeetings(db: Db, now: Date): Promise<number> {
  let changed = 0
  for (const id of await meetingsDue(db, now)) if (await advanceMeeting(db, id, now)) changed += 1
  return changed
}

/**
 * The conveners declare every paper ballot entered (domain §6.1 step 3): the counting period ends now and the
 * tally is stored at once. Refused while an entry awaits its second entry or a mismatch is not entered afresh.
 */
export async function declarePaperComplete(db: Db, m: LoadedMeeting, who: Who): Promise<void> {
  const step = lifecycle.declarePaperComplete(clockOf(m.row, m.settings), who.now.getTime())
  if (!step.ok) throw lifecycleError(step.error)
  const pending = await paperPending(db, m.row.id)
  if (pending.length > 0)
    throw new AppError(
      'paper_pending',
      `${pending.length} paper ballot(s) still await their second entry or a fresh entry after a mismatch`,
      { voters: pending },
    )
  await db.transaction().execute(async (trx) => {
    const declared = await updateMeetingIf(
      trx,
      m.row.id,
      { status: ['noticed', 'open'], paperOpen: true },
      { paper_complete_at: who.now.toISOString(), paper_complete_by: who.actor },
    )
    if (!declared) throw new AppError('counting_over', 'The counting period has already ended')
    await appendAudit(trx, {
      ...who,
      action: 'meeting.paper_complete',
      estateId: m.row.estate_id,
      subject: m.row.id,
      after: { at: who.now.toISOString() },
      at: who.now,
    })
  })
  await advanceMeeting(db, m.row.id, who.now)
}

/**
 * Voters whose paper ballot is not counted yet: an entry awaiting its blind second entry, or a mismatch with no
 * later entry of that voter (it must be entered afresh from the scan).
 */
export async function paperPending(db: Db, meetingId: string): Promise<string[]> {
  const rows = await paperEntryStatuses(db, meetingId)
  const last = new Map<string, string>()
  for (const r of rows) last.set(r.voter, r.status)
  return [...last]
    .filter(([, status]) => status === 'awaiting_confirmation' || status === 'mismatch')
    .map(([voter]) => voter)
    .sort()
}

/** The stored bundle and its SHA-256, exactly as published (the hash is in the announcement and the summary). */
function storedBundle(m: MeetingDefinition): { text: string; sha256: string } {
  if (!m.row.results_json || !m.row.bundle_sha256)
    throw new AppError('results_not_ready', 'Results exist once the tally is stored', {
      status: m.row.status,
    })
  return { text: m.row.results_json, sha256: m.row.bundle_sha256 }
}

/**
 * The full bundle for a person with standing (domain §12: the estate's conveners, supervisors and street office,
 * and signed-in owners of the estate inspecting it, SPC art. 13). It links units to choices: every download is
 * audited.
 */
export async function fullBundle(
  db: Db,
  m: LoadedMeeting,
  who: Who,
): Promise<{ text: string; sha256: string }> {
  const bundle = storedBundle(m)
  await db.transaction().execute((trx) =>
    appendAudit(trx, {
      ...who,
      action: 'bundle.downloaded',
      estateId: m.row.estate_id,
      subject: m.row.id,
      after: { bundleSha256: bundle.sha256 },
      at: who.now,
    }),
  )
  return bundle
}

const summaries = new Map<string, ResultsSummary>()

/**
 * The public summary (`gongjue.results-summary/1`): who voted by unit and area, the bulletin of receipts with
 * their choices but no unit, the results, and the full bundle's hash — never a unit with its choices (§12).
 */
export function publicSummary(m: MeetingDefinition): ResultsSummary {
  const { text, sha256 } = storedBundle(m)
  const cached = summaries.get(sha256)
  if (cached) return cached
  const full = JSON.parse(text) as Bundle & { results: MatterResult[] }
  const summary = buildSummary(full, sha256, m.row.audit_head)
  if (summaries.size > 200) summaries.clear()
  summaries.set(sha256, summary)
  return summary
}

function storedResults(m: MeetingDefinition): { bundle: Bundle; results: MatterResult[] } {
  const parsed = JSON.parse(storedBundle(m).text) as Bundle & { results: MatterResult[] }
  return { bundle: parsed, results: parsed.results }
}

export async function publishPreliminary(db: Db, m: LoadedMeeting, who: Who): Promise<void> {
  const clock = clockOf(m.row, m.settings)
  // The objection period ends at 24:00 of its last day, moved past a public holiday (民法典 arts. 201, 203).
  const holidays = await loadHolidayTable(db)
  const step = lifecycle.publishPreliminary(
    clock,
    who.now.getTime(),
    legalPeriodEnd(who.now.getTime(), m.settings.objectionDays, holidays).at,
  )
  if (!step.ok) throw lifecycleError(step.error)
  // The bundle must pass the same validator the public `npm run verify` uses.
  const check = validateBundle(JSON.parse(m.row.results_json as string))
  if (!check.ok) throw new Error(`stored bundle invalid: ${JSON.stringify(check.problems.slice(0, 3))}`)
  const objectionsEndAt = new Date(step.value.objectionsEndAt).toISOString()
  await db.transaction().execute(async (trx) => {
    const published = await updateMeetingIf(
      trx,
      m.row.id,
      { status: 'closed' },
      { status: 'preliminary', preliminary_at: who.now.toISOString(), objections_end_at: objectionsEndAt },
    )
    if (!published) throw new AppError('meeting_not_closed', 'The preliminary result was published meanwhile')
    await appendAudit(trx, {
      ...who,
      action: 'result.preliminary_published',
      estateId: m.row.estate_id,
      subject: m.row.id,
      after: { bundleSha256: m.row.bundle_sha256, objectionsEndAt },
      at: who.now,
    })
  })
}

/**
 * When the final announcement is due (北京 art. 37: within 3 days of the decision): counted from the later of the end
 * of the objection period and the supervisors' sign-off; null until both are done.
 */
export async function finalDue(
  db: Db,
  m: LoadedMeeting,
): Promise<{ dueAt: string; overdue: boolean } | null> {
  if (m.row.status !== 'preliminary') return null
  const ends = lifecycle.objectionsEndAt(clockOf(m.row, m.settings))
  const signoff = await latestSignoff(db, m.row.id)
  if (ends === null || signoff?.decision !== 'approve' || m.at.getTime() < ends) return null
  const due = legalPeriodEnd(
    Math.max(ends - 1, Date.parse(signoff.at)),
    lifecycle.FINAL_ANNOUNCEMENT_DAYS,
    await loadHolidayTable(db),
  ).at
  return { dueAt: new Date(due).toISOString(), overdue: m.at.getTime() >= due }
}

export async function finalizeMeeting(db: Db, m: LoadedMeeting, who: Who): Promise<void> {
  const signedOff = (await latestSignoff(db, m.row.id))?.decision === 'approve'
  const step = lifecycle.finalize(
    clockOf(m.row, m.settings),
    who.now.getTime(),
    signedOff,
    await unansweredObjectionCount(db, m.row.id),
  )
  if (!step.ok) throw lifecycleError(step.error)
  await db.transaction().execute(async (trx) => {
    const published = await updateMeetingIf(
      trx,
      m.row.id,
      { status: 'preliminary' },
      { status: 'final', final_at: who.now.toISOString() },
    )
    if (!published)
      throw new AppError('meeting_not_preliminary', 'The final announcement was published meanwhile')
    await appendAudit(trx, {
      ...who,
      action: 'result.final_published',
      estateId: m.row.estate_id,
      subject: m.row.id,
      after: { bundleSha256: m.row.bundle_sha256 },
      at: who.now,
    })
    // The rules of procedure this meeting passed set the estate's settings, in this same transaction.
    const results = (
      JSON.parse(m.row.results_json ?? '{}') as { results?: { matter: string; outcome: string }[] }
    ).results
    await adoptPassedSettingsIn(
      trx,
      {
        meetingId: m.row.id,
        estateId: m.row.estate_id,
        outcomes: new Map((results ?? []).map((r) => [r.matter, r.outcome])),
      },
      who,
    )
    // Domain §9: the assembly's decisions are disclosed within 3 days — the final announcement is that disclosure,
    // made in the same transaction so the result and its disclosure stand or fall together.
    const final = storedResults(m).results
    await discloseDecisionIn(
      trx,
      {
        estateId: m.row.estate_id,
        source: `meeting:${m.row.id}`,
        decidedAt: who.now.toISOString(),
        title: `${m.row.title} 表决结果公告`,
        body: [
          `业主大会会议「${m.row.title}」的最终表决结果。`,
          '',
          ...final.map((r, i) => {
            const matter = m.matters.find((x) => x.id === r.matter)
            return `${i + 1}. ${matter?.title ?? r.matter}：${explainResult(r, matter).summary.zh}`
          }),
          '',
          `结果文件 SHA-256：${m.row.bundle_sha256 ?? ''}`,
        ].join('\n'),
      },
      who,
    )
  })
}

/**
 * Turnout (supervisors, conveners): by building, unit numbers and area only, never choices; during counting, the
 * paper ballots still to be entered or confirmed.
 */
export async function turnout(db: Db, m: LoadedMeeting) {
  const meetingId = m.row.id
  const e = await frozenElectorate(db, m)
  const voted = await votersWhoVoted(db, meetingId)
  const buildingOf = new Map(e.units.map((u) => [u.id, u.building]))
  const byBuilding = new Map<
    string,
    { building: string; voters: number; voted: number; areaCm2: number; votedAreaCm2: number }
  >()
  let votedArea = 0
  for (const v of e.wide.voters) {
    const building = buildingOf.get(v.id) ?? ''
    const b = byBuilding.get(building) ?? { building, voters: 0, voted: 0, areaCm2: 0, votedAreaCm2: 0 }
    b.voters += 1
    b.areaCm2 += v.areaCm2
    if (voted.has(v.id)) {
      b.voted += 1
      b.votedAreaCm2 += v.areaCm2
      votedArea += v.areaCm2
    }
    byBuilding.set(building, b)
  }
  const collator = new Intl.Collator('zh-CN', { numeric: true })
  const pending = await paperPending(db, meetingId)
  const clock = clockOf(m.row, m.settings)
  return {
    status: m.status,
    electorate: e.wide.totals,
    voted: { heads: voted.size, areaCm2: votedArea },
    paperPending: { heads: pending.length, voters: pending },
    countingEndsAt:
      m.row.voting_closed_at !== null || m.status === 'counting'
        ? new Date(lifecycle.countingEndsAt(clock)).toISOString()
        : null,
    buildings: [...byBuilding.values()].sort((a, b) => collator.compare(a.building, b.building)),
  }
}

/**
 * Who has voted, by unit and area (domain §6.2: never names or choices), sorted by unit so that the order says
 * nothing about when: public from the opening, so an owner who did not vote sees at once if their unit is listed.
 */
export async function votedUnits(db: Db, m: LoadedMeeting) {
  if (m.row.noticed_at === null || m.status === 'noticed') return { voters: [], heads: 0, areaCm2: 0 }
  const e = await frozenElectorate(db, m)
  const voted = await votersWhoVoted(db, m.row.id)
  const voters = e.wide.voters
    .filter((v) => voted.has(v.id))
    .map((v) => ({ units: v.units, areaCm2: v.areaCm2 }))
    .sort((a, b) => ((a.units[0] ?? '') < (b.units[0] ?? '') ? -1 : 1))
  return { voters, heads: voters.length, areaCm2: voters.reduce((n, v) => n + v.areaCm2, 0) }
}

/** The announcement (preliminary or final): per matter the rule, participation, approval and outcome, in words. */
export async function announcement(db: Db, m: LoadedMeeting) {
  const status = m.status
  if (status !== 'preliminary' && status !== 'final')
    throw new AppError('results_not_ready', 'The announcement follows the preliminary result', {
      status,
    })
  const { results } = storedResults(m)
  const estate = await estateHeading(db, m.row.estate_id)
  const clock = clockOf(m.row, m.settings)
  const names = new Map(
    [...m.candidates].flatMap(([matter, list]) => list.map((c) => [`${matter}/${c.id}`, c.name] as const)),
  )
  return {
    kind: status === 'final' ? 'final' : 'preliminary',
    estate,
    meeting: { id: m.row.id, title: m.row.title, opensAt: m.row.opens_at, closesAt: m.row.closes_at },
    publishedAt: status === 'final' ? m.row.final_at : m.row.preliminary_at,
    objectionsEndAt: new Date(lifecycle.objectionsEndAt(clock) as number).toISOString(),
    bundleSha256: m.row.bundle_sha256,
    auditHead: m.row.audit_head,
    matters: results.map((r) => {
      const matter = m.matters.find((x) => x.id === r.matter)
      const explanation = explainResult(r, matter)
      return {
        id: r.matter,
        title: matter?.title ?? r.matter,
        kind: r.kind,
        outcome: r.outcome,
        summary: explanation.summary,
        lines: explanation.lines,
        ...(isElectionResult(r)
          ? {
              elected: r.elected.map((id) => names.get(`${r.matter}/${id}`) ?? id),
              alternates: r.alternates.map((id) => names.get(`${r.matter}/${id}`) ?? id),
              tied: r.tied.map((id) => names.get(`${r.matter}/${id}`) ?? id),
              vacantSeats: r.vacantSeats,
              // Every candidate by the full name on the ballot, in the ballot's order: the page names them, never ids.
              candidates: (m.candidates.get(r.matter) ?? []).map((c) => ({ id: c.id, name: c.name })),
            }
          : {}),
        result: r,
      }
    }),
  }
}

const choiceText = (c: Choice | undefined): string => {
  if (c === undefined) return ''
  if (c === 'yes') return '同意 yes'
  if (c === 'no') return '反对 no'
  if (c === 'abstain') return '弃权 abstain'
  if (Array.isArray(c)) return (c as readonly string[]).join(' ')
  return `无效 invalid: ${(c as { invalid: string }).invalid}`
}

/** 明细表: one line per voter of the electorate, with channel, receipt and choices (after close; for filing and courts). */
export async function detailCsv(db: Db, m: LoadedMeeting): Promise<string> {
  const meetingId = m.row.id
  const { bundle } = storedResults(m)
  const e = await frozenElectorate(db, m)
  const byVoter = new Map(bundle.ballots.map((b) => [b.unit, b]))
  const served = await servedVoters(db, meetingId)
  const header = [
    '投票权人 voter',
    '房号 units',
    '面积 area (㎡)',
    '渠道 channel',
    '回执 receipt',
    '送达 served',
    ...m.matters.map((x) => `${x.id} ${x.title}`),
  ]
  const rows = e.wide.voters.map((v) => {
    const b = byVoter.get(v.id)
    return [
      v.id,
      v.units.join(' '),
      formatAreaM2(v.areaCm2),
      b?.channel ?? '',
      b?.receipt ?? '',
      served.has(v.id) ? 'Y' : '',
      ...m.matters.map((x) => choiceText(b?.choices[x.id])),
    ]
  })
  return csvDocument([header, ...rows])
}

/** 汇总表: per matter, the electorate, participation, the tally on both dimensions and the outcome. */
export function summaryCsv(m: LoadedMeeting): string {
  const { results } = storedResults(m)
  const header = [
    '事项 matter',
    '类型 kind',
    '总面积 electorate area (cm²)',
    '总人数 electorate heads',
    '参与面积 participating area',
    '参与人数 participating heads',
    '同意面积 yes area',
    '同意人数 yes heads',
    '反对面积 no area',
    '反对人数 no heads',
    '弃权面积 abstain area',
    '弃权人数 abstain heads',
    '无效面积 invalid area',
    '无效人数 invalid heads',
    '结果 outcome',
  ]
  const rows = results.map((r) =>
    isElectionResult(r)
      ? [
          r.matter,
          r.kind,
          r.electorate.areaCm2,
          r.electorate.heads,
          r.participation.areaCm2,
          r.participation.heads,
          '',
          '',
          '',
          '',
          '',
          '',
          r.invalid.areaCm2,
          r.invalid.heads,
          `${r.outcome}: ${r.elected.join(' ')}`,
        ]
      : [
          r.matter,
          r.kind,
          r.electorate.areaCm2,
          r.electorate.heads,
          r.participation.areaCm2,
          r.participation.heads,
          r.tally.yes.areaCm2,
          r.tally.yes.heads,
          r.tally.no.areaCm2,
          r.tally.no.heads,
          r.tally.abstain.areaCm2,
          r.tally.abstain.heads,
          r.tally.invalid.areaCm2,
          r.tally.invalid.heads,
          r.outcome,
        ],
  )
  return csvDocument([header, ...rows])
}
