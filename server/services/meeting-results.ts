import { createHash } from 'node:crypto'
import type { Db } from '../../db/client'
import { formatAreaM2 } from '../domain/area'
import {
  BUNDLE_FORMAT,
  isElectionResult,
  type Bundle,
  type Choice,
  type MatterResult,
} from '../domain/bundle'
import { validateBundle } from '../domain/bundle-validate'
import { canonicalJson, type Json } from '../domain/canonical'
import { explainResult } from '../domain/explain'
import * as lifecycle from '../domain/lifecycle'
import { computeResults } from '../domain/results'
import { AppError } from '../errors'
import { appendAudit } from './audit'
import { csvDocument } from './csv'
import { servedVoters } from './meeting-records'
import {
  clockOf,
  currentStatus,
  frozenElectorate,
  lifecycleError,
  loadMeeting,
  pseudonym,
  type MeetingDefinition,
  type Who,
} from './meetings'

/**
 * Closing a meeting and publishing its results (domain §6.1, §10): at the end time the tally runs on the frozen
 * electorate and the valid ballots; the results bundle (`gongjue.results/1`, owners pseudonymous) is stored with
 * its SHA-256 and the audit chain head, so that anyone can recompute the result and detect a later change.
 */

const SYSTEM = { actor: 'system:clock', role: 'system' }

/** The bundle of a meeting as the tally sees it: frozen units (owners as pseudonyms), matters, valid ballots. */
export async function buildBundle(db: Db, m: MeetingDefinition): Promise<Bundle> {
  const e = await frozenElectorate(db, m)
  const ballots = await db
    .selectFrom('ballots')
    .select(['voter', 'channel', 'receipt', 'choices_json'])
    .where('meeting_id', '=', m.row.id)
    .where('status', '=', 'valid')
    .orderBy('voter')
    .execute()
  const served = m.settings.deemedConsent ? [...(await servedVoters(db, m.row.id))].sort() : []
  return {
    format: BUNDLE_FORMAT,
    estate: { id: m.row.estate_id },
    meeting: { id: m.row.id, title: m.row.title, opensAt: m.row.opens_at, closesAt: m.row.closes_at },
    settings: {
      countParking: m.settings.countParking,
      deemedConsent: m.settings.deemedConsent,
      electionRankBy: m.settings.electionRankBy,
    },
    units: e.units.map((u) => ({ ...u, owners: u.owners.map((o) => pseudonym(m.row.salt, o)) })),
    matters: m.matters,
    ballots: ballots.map((b) => ({
      unit: b.voter,
      channel: b.channel,
      receipt: b.receipt,
      choices: JSON.parse(b.choices_json) as Record<string, Choice>,
    })),
    ...(m.settings.deemedConsent ? { served } : {}),
  }
}

/**
 * Closes a meeting whose end has passed (called by the server's clock and on every read, so a meeting closes at
 * its end time even if nobody is watching). Idempotent.
 */
export async function closeIfDue(db: Db, meetingId: string, now: Date): Promise<boolean> {
  const m = await loadMeeting(db, meetingId)
  if (m.row.status !== 'noticed' && m.row.status !== 'open') return false
  if (currentStatus(m, now) !== 'closed') {
    if (m.row.status === 'noticed' && currentStatus(m, now) === 'open')
      await db
        .updateTable('meetings')
        .set({ status: 'open' })
        .where('id', '=', meetingId)
        .where('status', '=', 'noticed')
        .execute()
    return false
  }
  const bundle = await buildBundle(db, m)
  const results = computeResults(bundle)
  const full = { ...bundle, results }
  const text = canonicalJson(full as unknown as Json)
  const sha = createHash('sha256').update(text).digest('hex')
  return db.transaction().execute(async (trx) => {
    const head = await appendAudit(trx, {
      ...SYSTEM,
      action: 'meeting.closed',
      estateId: m.row.estate_id,
      subject: meetingId,
      after: { closesAt: m.row.closes_at, ballots: bundle.ballots.length, bundleSha256: sha },
      at: now,
    })
    const r = await trx
      .updateTable('meetings')
      .set({
        status: 'closed',
        closed_at: m.row.closes_at,
        results_json: text,
        bundle_sha256: sha,
        audit_head: head,
      })
      .where('id', '=', meetingId)
      .where('status', 'in', ['noticed', 'open'])
      .executeTakeFirst()
    if (Number(r.numUpdatedRows) !== 1) throw new AppError('meeting_not_open', 409, 'Already closed')
    return true
  })
}

/** Closes every meeting whose end has passed. */
export async function closeDueMeetings(db: Db, now: Date): Promise<number> {
  const t = now.toISOString()
  // Only meetings whose stored status the clock has overtaken: noticed ones past their opening, any past their end.
  const due = await db
    .selectFrom('meetings')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'noticed'), eb('opens_at', '<=', t)]),
        eb.and([eb('status', 'in', ['noticed', 'open']), eb('closes_at', '<=', t)]),
      ]),
    )
    .execute()
  let closed = 0
  for (const d of due) if (await closeIfDue(db, d.id, now)) closed += 1
  return closed
}

/** The stored bundle with its results, exactly as published (its SHA-256 is in the announcement). */
export async function publishedBundle(
  db: Db,
  meetingId: string,
  now: Date,
): Promise<{ text: string; sha256: string }> {
  await closeIfDue(db, meetingId, now)
  const row = await db
    .selectFrom('meetings')
    .select(['results_json', 'bundle_sha256', 'status'])
    .where('id', '=', meetingId)
    .executeTakeFirst()
  if (!row?.results_json || !row.bundle_sha256)
    throw new AppError('results_not_ready', 409, 'Results exist once the meeting has closed', {
      status: row?.status,
    })
  return { text: row.results_json, sha256: row.bundle_sha256 }
}

function storedResults(m: MeetingDefinition): { bundle: Bundle; results: MatterResult[] } {
  if (!m.row.results_json)
    throw new AppError('results_not_ready', 409, 'Results exist once the meeting has closed')
  const parsed = JSON.parse(m.row.results_json) as Bundle & { results: MatterResult[] }
  return { bundle: parsed, results: parsed.results }
}

export async function publishPreliminary(db: Db, meetingId: string, who: Who): Promise<void> {
  await closeIfDue(db, meetingId, who.now)
  const m = await loadMeeting(db, meetingId)
  const step = lifecycle.publishPreliminary(clockOf(m.row, m.settings), who.now.getTime())
  if (!step.ok) throw lifecycleError(step.error)
  // The bundle must pass the same validator the public `npm run verify` uses.
  const check = validateBundle(JSON.parse(m.row.results_json as string))
  if (!check.ok) throw new Error(`stored bundle invalid: ${JSON.stringify(check.problems.slice(0, 3))}`)
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('meetings')
      .set({ status: 'preliminary', preliminary_at: who.now.toISOString() })
      .where('id', '=', meetingId)
      .where('status', '=', 'closed')
      .execute()
    await appendAudit(trx, {
      ...who,
      action: 'result.preliminary_published',
      estateId: m.row.estate_id,
      subject: meetingId,
      after: {
        bundleSha256: m.row.bundle_sha256,
        objectionsEndAt: new Date(step.value.objectionsEndAt).toISOString(),
      },
      at: who.now,
    })
  })
}

export async function finalizeMeeting(db: Db, meetingId: string, who: Who): Promise<void> {
  const m = await loadMeeting(db, meetingId)
  const approvals = await db
    .selectFrom('signoffs')
    .select(['decision'])
    .where('meeting_id', '=', meetingId)
    .orderBy('id', 'desc')
    .execute()
  // The latest word of the supervisors decides: a later objection withdraws an earlier approval.
  const signedOff = approvals[0]?.decision === 'approve'
  const step = lifecycle.finalize(clockOf(m.row, m.settings), who.now.getTime(), signedOff)
  if (!step.ok) throw lifecycleError(step.error)
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('meetings')
      .set({ status: 'final', final_at: who.now.toISOString() })
      .where('id', '=', meetingId)
      .execute()
    await appendAudit(trx, {
      ...who,
      action: 'result.final_published',
      estateId: m.row.estate_id,
      subject: meetingId,
      after: { bundleSha256: m.row.bundle_sha256 },
      at: who.now,
    })
  })
}

/** Turnout while open (supervisors, conveners): by building, unit numbers and area only, never choices. */
export async function turnout(db: Db, meetingId: string, now: Date) {
  const m = await loadMeeting(db, meetingId)
  const e = await frozenElectorate(db, m)
  const voted = new Set(
    (
      await db
        .selectFrom('ballots')
        .select('voter')
        .where('meeting_id', '=', meetingId)
        .where('status', '=', 'valid')
        .execute()
    ).map((b) => b.voter),
  )
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
  return {
    status: currentStatus(m, now),
    electorate: e.wide.totals,
    voted: { heads: voted.size, areaCm2: votedArea },
    buildings: [...byBuilding.values()].sort((a, b) => collator.compare(a.building, b.building)),
  }
}

/**
 * The bulletin after close (§6.2): every receipt with its choices, so that each voter finds theirs; who voted as
 * unit numbers and area only.
 */
export async function bulletin(db: Db, meetingId: string, now: Date) {
  await closeIfDue(db, meetingId, now)
  const m = await loadMeeting(db, meetingId)
  const status = currentStatus(m, now)
  if (status === 'draft' || status === 'noticed' || status === 'open')
    throw new AppError('results_not_ready', 409, 'The bulletin is published once the meeting has closed', {
      status,
    })
  const { bundle } = storedResults(m)
  const e = await frozenElectorate(db, m)
  const voterUnits = new Map(e.wide.voters.map((v) => [v.id, v]))
  return {
    meeting: m.row.id,
    receipts: bundle.ballots
      .map((b) => ({ receipt: b.receipt ?? '', channel: b.channel, choices: b.choices }))
      .sort((a, b) => (a.receipt < b.receipt ? -1 : 1)),
    voted: bundle.ballots.map((b) => {
      const v = voterUnits.get(b.unit)
      return { units: v?.units ?? [b.unit], areaCm2: v?.areaCm2 ?? 0, area: formatAreaM2(v?.areaCm2 ?? 0) }
    }),
  }
}

/** The announcement (preliminary or final): per matter the rule, participation, approval and outcome, in words. */
export async function announcement(db: Db, meetingId: string, now: Date) {
  await closeIfDue(db, meetingId, now)
  const m = await loadMeeting(db, meetingId)
  const status = currentStatus(m, now)
  if (status !== 'preliminary' && status !== 'final')
    throw new AppError('results_not_ready', 409, 'The announcement follows the preliminary result', {
      status,
    })
  const { results } = storedResults(m)
  const estate = await db
    .selectFrom('estates')
    .select(['id', 'name'])
    .where('id', '=', m.row.estate_id)
    .executeTakeFirstOrThrow()
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
export async function detailCsv(db: Db, meetingId: string, now: Date): Promise<string> {
  await closeIfDue(db, meetingId, now)
  const m = await loadMeeting(db, meetingId)
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
export async function summaryCsv(db: Db, meetingId: string, now: Date): Promise<string> {
  await closeIfDue(db, meetingId, now)
  const m = await loadMeeting(db, meetingId)
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
