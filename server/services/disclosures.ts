import { createHash, randomUUID } from 'node:crypto'
import type { Transaction } from 'kysely'
import type { Db } from '../../db/client'
import {
  attachmentOf,
  attachmentsOf,
  closedCommitteeMeetings,
  disclosureBySource,
  disclosureOf,
  disclosuresOf,
  dutyStartOf,
  estateVersions,
  insertAnswer,
  insertAttachment,
  insertDisclosure,
  insertPaperService,
  insertQuestion,
  insertReads,
  insertVersion,
  paperServicesOf,
  putSetting,
  questionOf,
  questionsOf,
  readsOf,
  setDraft,
  settingsOf,
  versionOf,
  versionsOf,
  answerOf,
  type DisclosureRow,
  type DisclosureVersionRow,
} from '../../db/repositories/disclosures'
import { findEstate } from '../../db/repositories/estates'
import { loadHolidayTable } from '../../db/repositories/holidays'
import type { Database } from '../../db/schema'
import type { Actor } from '../auth/access'
import { chinaDate, isChinaDate } from '../domain/calendar'
import {
  cadenceOf,
  checkCadenceSetting,
  checkFacts,
  checkPeriod,
  compareContents,
  DISCLOSURE_KINDS,
  disclosureSha256,
  dueStatus,
  isStatementKind,
  type AttachmentRef,
  type CadenceSetting,
  type ContractFacts,
  type DisclosureContent,
  type DisclosureKind,
  type DueStatus,
  type Period,
  type PeriodMonths,
} from '../domain/disclosures'
import { maskName } from '../domain/mask'
import { checkStatement, totalsOf, type Statement } from '../domain/statements'
import { AppError, badRequest, conflict, notFound } from '../errors'
import type {
  CadenceSettingBody,
  CreateDisclosureBody,
  DisclosureDraftBody,
  PaperServiceBody,
} from '../routes/disclosures.schema'
import { appendAudit } from './audit'
import { publishFirstVersionIn } from './disclosure-writer'
import { MAX_ATTACHMENT_BYTES, sniffType } from './meeting-records'
import type { Who } from './meetings'
import { ownerVoters, type OwnedVoter } from './owner-voters'

/**
 * Disclosures (domain §9): the conveners (the committee, or the preparatory group while it exists) draft,
 * publish and correct them; a published version is never edited (the database refuses) and a correction is a new
 * version with its reason. Each kind has its cadence, so the estate's due list says what is due and overdue. Public
 * ones are for anyone, `owners` ones for the estate's owners and staff. An owner's first open of a version is
 * service evidence; the conveners list who still needs a paper copy and record paper service. Owners ask
 * questions, answered in public. Every change is audited, in the transaction that makes it.
 */

/** Who reads: the estate's staff see drafts and everything; its owners the `owners` disclosures too. */
export interface Reader {
  readonly staff: boolean
  readonly owner: boolean
}

export const readerOf = (actor: Actor | null, estateId: string): Reader => ({
  staff: actor?.grants.some((g) => g.estateId === estateId) ?? false,
  owner: actor?.kind === 'owner' && actor.estateId === estateId,
})

const mayRead = (d: DisclosureRow, r: Reader) => d.visibility === 'public' || r.staff || r.owner

/** The draft a convener edits, as stored on the disclosure. */
interface Draft {
  readonly title: string
  readonly body: string
  readonly statement: Statement | null
  readonly facts: ContractFacts | null
  readonly attachmentIds: readonly string[]
}

interface StoredAttachmentRef extends AttachmentRef {
  readonly id: string
}

const periodOf = (d: DisclosureRow): Period | null =>
  d.period_start !== null && d.period_end !== null ? { start: d.period_start, end: d.period_end } : null

const parse = <T>(json: string | null): T | null => (json === null ? null : (JSON.parse(json) as T))

function contentOfVersion(d: DisclosureRow, v: DisclosureVersionRow): DisclosureContent {
  const attachments = JSON.parse(v.attachments_json) as StoredAttachmentRef[]
  return {
    kind: d.kind,
    period: periodOf(d),
    visibility: d.visibility,
    title: v.title,
    body: v.body,
    statement: parse<Statement>(v.statement_json),
    facts: parse<ContractFacts>(v.facts_json),
    attachments: attachments.map(({ name, mime, size, sha256 }) => ({ name, mime, size, sha256 })),
  }
}

async function requireEstate(db: Db, estateId: string): Promise<void> {
  if (!(await findEstate(db, estateId))) throw notFound('estate_not_found', `No estate "${estateId}"`)
}

async function disclosureOrThrow(db: Db, estateId: string, id: string, r?: Reader): Promise<DisclosureRow> {
  const d = await disclosureOf(db, estateId, id)
  if (!d || (r && !mayRead(d, r))) throw notFound('disclosure_not_found', 'No such disclosure')
  return d
}

async function versionOrThrow(db: Db, d: DisclosureRow, n: number): Promise<DisclosureVersionRow> {
  const v = await versionOf(db, d.id, n)
  if (!v) throw notFound('disclosure_version_not_found', `No version ${n} of this disclosure`)
  return v
}

/** What the kind allows in a draft: a statement for the money kinds only, a contract's facts for the contract. */
function checkDraftShape(kind: DisclosureKind, draft: Pick<Draft, 'statement' | 'facts'>): void {
  if (draft.statement !== null && !isStatementKind(kind))
    throw new AppError('disclosure_invalid', `A ${kind} disclosure carries no statement`)
  if (draft.facts !== null && kind !== 'property_contract')
    throw new AppError('disclosure_invalid', 'Only the property contract carries contract facts')
  if (draft.facts) {
    const problems = checkFacts(draft.facts)
    if (problems.length > 0)
      throw new AppError('disclosure_invalid', 'The contract’s facts are incomplete', { problems })
  }
}

export async function createDisclosure(db: Db, estateId: string, input: CreateDisclosureBody, who: Who) {
  await requireEstate(db, estateId)
  const settings = await cadenceSettings(db, estateId)
  const cadence = cadenceOf(input.kind, settings.get(input.kind))
  // A money statement covers a period (its lines are dated inside it and it opens at the previous closing), so the
  // parking kind, published on each change, still names the period its statement covers.
  const periodProblems =
    input.period === null && isStatementKind(input.kind)
      ? ['period_required' as const]
      : checkPeriod(cadence, input.period)
  if (periodProblems.length > 0)
    throw new AppError('disclosure_invalid', `period: ${periodProblems.join(', ')}`, {
      problems: periodProblems,
    })
  if (input.decidedAt !== null && input.kind !== 'decisions')
    throw new AppError('disclosure_invalid', 'Only a decision has a decision date')
  if (input.decidedAt !== null && Date.parse(input.decidedAt) > who.now.getTime())
    throw new AppError(
      'disclosure_invalid',
      'A decision is disclosed once it is made: its date is not in the future',
    )
  checkDraftShape(input.kind, input)
  const draft: Draft = {
    title: input.title,
    body: input.body,
    statement: input.statement,
    facts: input.facts,
    attachmentIds: [],
  }
  const id = randomUUID()
  const at = who.now.toISOString()
  await db.transaction().execute(async (trx) => {
    // One disclosure per periodic kind and period: a second one would split the series the due list counts and
    // the statements chain through (a correction is a new version of the one). Other kinds may share a period.
    if (input.period !== null && cadence.kind === 'periodic') {
      const same = (await disclosuresOf(trx, estateId)).find(
        (d) => d.kind === input.kind && d.period_end === input.period?.end,
      )
      if (same)
        throw conflict('disclosure_period_exists', 'This period of this kind has its disclosure', {
          disclosureId: same.id,
        })
    }
    await insertDisclosure(trx, {
      id,
      estate_id: estateId,
      kind: input.kind,
      period_start: input.period?.start ?? null,
      period_end: input.period?.end ?? null,
      visibility: input.visibility,
      source: null,
      decided_at: input.decidedAt,
      draft_json: JSON.stringify(draft),
      draft_updated_at: at,
      created_by: who.actor,
      created_at: at,
    })
    await appendAudit(trx, {
      ...who,
      action: 'disclosure.created',
      estateId,
      subject: id,
      after: { kind: input.kind, period: input.period, visibility: input.visibility, title: input.title },
      at: who.now,
    })
  })
  return { id }
}

/** Replaces the draft (opening one after a published version: the next version, a correction). */
export async function editDisclosureDraft(
  db: Db,
  estateId: string,
  id: string,
  input: DisclosureDraftBody,
  who: Who,
): Promise<void> {
  const d = await disclosureOrThrow(db, estateId, id)
  checkDraftShape(d.kind, input)
  const known = new Set((await attachmentsOf(db, d.id)).map((a) => a.id))
  const unknown = input.attachmentIds.filter((a) => !known.has(a))
  if (unknown.length > 0) throw notFound('attachment_not_found', `No attachment ${unknown.join(', ')}`)
  await db.transaction().execute(async (trx) => {
    await setDraft(trx, d.id, JSON.stringify(input satisfies Draft), who.now.toISOString())
    await appendAudit(trx, {
      ...who,
      action: 'disclosure.draft_edited',
      estateId,
      subject: d.id,
      after: { title: input.title, attachments: input.attachmentIds },
      at: who.now,
    })
  })
}

/** The draft to change: the open one, or a new one from the latest version. */
async function draftOrLatest(db: Db, d: DisclosureRow): Promise<Draft> {
  const open = parse<Draft>(d.draft_json)
  if (open) return open
  const [latest] = await versionsOf(db, d.id)
  if (!latest) return { title: '', body: '', statement: null, facts: null, attachmentIds: [] }
  return {
    title: latest.title,
    body: latest.body,
    statement: parse<Statement>(latest.statement_json),
    facts: parse<ContractFacts>(latest.facts_json),
    attachmentIds: (JSON.parse(latest.attachments_json) as StoredAttachmentRef[]).map((a) => a.id),
  }
}

/** Attaches a file (PDF, PNG or JPEG, by its own bytes) to the draft. */
export async function addDisclosureAttachment(
  db: Db,
  estateId: string,
  id: string,
  file: { fileName: string; bytes: Uint8Array },
  who: Who,
) {
  const d = await disclosureOrThrow(db, estateId, id)
  if (file.bytes.length === 0) throw badRequest('file_empty', 'The file is empty')
  if (file.bytes.length > MAX_ATTACHMENT_BYTES)
    throw new AppError('file_too_large', `Attachments are at most ${MAX_ATTACHMENT_BYTES} bytes`)
  const mime = sniffType(file.bytes)
  if (mime !== 'application/pdf' && mime !== 'image/png' && mime !== 'image/jpeg')
    throw new AppError('file_type_refused', 'Only PDF, PNG or JPEG files are accepted')
  const attachmentId = randomUUID()
  const sha256 = createHash('sha256').update(file.bytes).digest('hex')
  const name = file.fileName.replace(/[\\/\r\n"]/g, '_').slice(0, 200) || 'file'
  await db.transaction().execute(async (trx) => {
    const draft = await draftOrLatest(trx, d)
    await insertAttachment(trx, {
      id: attachmentId,
      disclosure_id: d.id,
      file_name: name,
      mime,
      size: file.bytes.length,
      sha256,
      data: file.bytes,
      created_by: who.actor,
      created_at: who.now.toISOString(),
    })
    await setDraft(
      trx,
      d.id,
      JSON.stringify({ ...draft, attachmentIds: [...draft.attachmentIds, attachmentId] } satisfies Draft),
      who.now.toISOString(),
    )
    await appendAudit(trx, {
      ...who,
      action: 'disclosure.attachment_added',
      estateId,
      subject: d.id,
      after: { id: attachmentId, name, mime, size: file.bytes.length, sha256 },
      at: who.now,
    })
  })
  return { id: attachmentId, name, mime, size: file.bytes.length, sha256 }
}

/**
 * The closing balance of the same kind's statement for the period before this one (domain §9: "one period's
 * opening balance is the previous closing balance"): the current version of the kind's disclosure whose period
 * ends last before this period starts; null when there is none.
 */
async function previousClosing(db: Db, d: DisclosureRow): Promise<number | null> {
  const start = d.period_start
  if (start === null) return null
  const others = (await disclosuresOf(db, d.estate_id)).filter(
    (x) => x.kind === d.kind && x.id !== d.id && x.period_end !== null && x.period_end < start,
  )
  const current = currentOf(await estateVersions(db, d.estate_id))
  let best: { end: string; closing: number } | null = null
  for (const x of others) {
    const v = current.get(x.id)
    const s = v ? parse<Statement>(v.statement_json) : null
    if (s && x.period_end !== null && (best === null || x.period_end > best.end))
      best = { end: x.period_end, closing: s.closingFen }
  }
  return best?.closing ?? null
}

/** The newest version of each disclosure, by disclosure id. */
function currentOf(versions: readonly DisclosureVersionRow[]): Map<string, DisclosureVersionRow> {
  const m = new Map<string, DisclosureVersionRow>()
  for (const v of versions) {
    const seen = m.get(v.disclosure_id)
    if (!seen || v.number > seen.number) m.set(v.disclosure_id, v)
  }
  return m
}

/** The first version of each disclosure, by disclosure id (when it was first published). */
function firstOf(versions: readonly DisclosureVersionRow[]): Map<string, DisclosureVersionRow> {
  const m = new Map<string, DisclosureVersionRow>()
  for (const v of versions) {
    const seen = m.get(v.disclosure_id)
    if (!seen || v.number < seen.number) m.set(v.disclosure_id, v)
  }
  return m
}

/**
 * Publishes the draft as the next version: immutable, numbered, hashed over its canonical content (attachments by
 * their own hashes). A money kind's statement must add up and open at the previous period's closing balance
 * (checkStatement; refused 422 with the problems by line); a correction states its reason.
 */
export async function publishDisclosure(
  db: Db,
  estateId: string,
  id: string,
  input: { reason: string },
  who: Who,
): Promise<{ number: number; sha256: string }> {
  return db.transaction().execute(async (trx) => {
    const d = await disclosureOrThrow(trx, estateId, id)
    const draft = parse<Draft>(d.draft_json)
    if (!draft) throw conflict('disclosure_draft_missing', 'There is no draft to publish')
    checkDraftShape(d.kind, draft)
    if (isStatementKind(d.kind)) {
      const period = periodOf(d)
      if (!draft.statement || !period)
        throw new AppError('statement_invalid', 'A money disclosure carries its statement for its period', {
          problems: [{ line: null, code: 'statement_missing', detail: 'statement' }],
        })
      const problems = checkStatement(draft.statement, {
        periodStart: period.start,
        periodEnd: period.end,
        previousClosingFen: await previousClosing(trx, d),
      })
      if (problems.length > 0)
        throw new AppError('statement_invalid', 'The statement cannot be published as it is', { problems })
    }
    const files = new Map((await attachmentsOf(trx, d.id)).map((a) => [a.id, a]))
    const attachments: StoredAttachmentRef[] = draft.attachmentIds.map((aid) => {
      const a = files.get(aid)
      if (!a) throw notFound('attachment_not_found', `No attachment ${aid}`)
      return { id: a.id, name: a.file_name, mime: a.mime, size: a.size, sha256: a.sha256 }
    })
    const content: DisclosureContent = {
      kind: d.kind,
      period: periodOf(d),
      visibility: d.visibility,
      title: draft.title,
      body: draft.body,
      statement: draft.statement,
      facts: draft.facts,
      attachments: attachments.map(({ name, mime, size, sha256 }) => ({ name, mime, size, sha256 })),
    }
    const sha256 = disclosureSha256(content)
    const [latest] = await versionsOf(trx, d.id)
    if (latest && latest.sha256 === sha256)
      throw conflict('disclosure_unchanged', `The draft equals version ${latest.number}`)
    if (latest && input.reason === '')
      throw badRequest('disclosure_reason_required', 'A correction states its reason')
    const number = (latest?.number ?? 0) + 1
    await insertVersion(trx, {
      disclosure_id: d.id,
      number,
      title: content.title,
      body: content.body,
      statement_json: content.statement ? JSON.stringify(content.statement) : null,
      facts_json: content.facts ? JSON.stringify(content.facts) : null,
      attachments_json: JSON.stringify(attachments),
      reason: latest ? input.reason : '',
      sha256,
      published_at: who.now.toISOString(),
      published_by: who.actor,
    })
    await setDraft(trx, d.id, null, who.now.toISOString())
    await appendAudit(trx, {
      ...who,
      action: number === 1 ? 'disclosure.published' : 'disclosure.corrected',
      estateId,
      subject: d.id,
      ...(latest ? { before: { number: latest.number, sha256: latest.sha256 } } : {}),
      after: { kind: d.kind, number, sha256, reason: latest ? input.reason : '' },
      at: who.now,
    })
    return { number, sha256 }
  })
}

const head = (v: DisclosureVersionRow) => ({
  number: v.number,
  title: v.title,
  sha256: v.sha256,
  reason: v.reason,
  publishedAt: v.published_at,
})

function totalsOfVersion(v: DisclosureVersionRow | undefined) {
  const s = v ? parse<Statement>(v.statement_json) : null
  return s && { openingFen: s.openingFen, ...totalsOf(s.lines), closingFen: s.closingFen }
}

/** The estate's disclosures with their current versions; for its staff the drafts not yet published too. */
export async function listDisclosures(db: Db, estateId: string, r: Reader) {
  await requireEstate(db, estateId)
  const all = await estateVersions(db, estateId)
  const current = currentOf(all)
  const first = firstOf(all)
  return {
    disclosures: (await disclosuresOf(db, estateId))
      .filter((d) => mayRead(d, r) && (r.staff || current.has(d.id)))
      .map((d) => {
        const v = current.get(d.id)
        return {
          id: d.id,
          kind: d.kind,
          period: periodOf(d),
          visibility: d.visibility,
          title: v?.title ?? parse<Draft>(d.draft_json)?.title ?? '',
          version: v?.number ?? null,
          sha256: v?.sha256 ?? null,
          publishedAt: v?.published_at ?? null,
          firstPublishedAt: first.get(d.id)?.published_at ?? null,
          hasDraft: r.staff && d.draft_json !== null,
          // A money kind's figures in fen, for the chart of the balance, income and spending over periods.
          totals: totalsOfVersion(v),
        }
      }),
  }
}

async function cadenceSettings(db: Db, estateId: string): Promise<Map<DisclosureKind, CadenceSetting>> {
  return new Map(
    (await settingsOf(db, estateId)).map((s) => [
      s.kind,
      {
        ...(s.period_months !== null ? { periodMonths: s.period_months as PeriodMonths } : {}),
        ...(s.grace_days !== null ? { graceDays: s.grace_days } : {}),
      },
    ]),
  )
}

/** The day the duty began: the first preparatory group's formation or the first term's start, the earlier. */
async function dutyStart(db: Db, estateId: string): Promise<string | null> {
  const { termStart, groupFormedAt } = await dutyStartOf(db, estateId)
  const days = [termStart, groupFormedAt ? chinaDate(Date.parse(groupFormedAt)) : undefined].filter(
    (x): x is string => x !== undefined,
  )
  return days.sort()[0] ?? null
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

function presentDue(s: DueStatus, titles: ReadonlyMap<string, string>) {
  return {
    kind: s.kind,
    cadence: s.cadence,
    lastPeriod: s.lastPeriod,
    lastPublishedAt: iso(s.lastPublishedAt),
    next: s.next && {
      period: s.next.period,
      decision: s.next.decisionId && { id: s.next.decisionId, title: titles.get(s.next.decisionId) ?? '' },
      dueAt: new Date(s.next.dueAt).toISOString(),
    },
    overdueDays: s.overdueDays,
    missed: s.missed,
    postedUntil: iso(s.postedUntil),
  }
}

/**
 * Per kind: the last period published, what is due next and by when, and the days overdue (domain §9), from the
 * disclosures the reader may see. Decisions are the committee's closed meetings (their resolutions within 3 days)
 * and the decisions disclosed with a decision date; an assembly's own final announcement keeps its 3-day clock on
 * the meeting (北京 art. 37) and, once made, is disclosed with it.
 */
export async function dueList(db: Db, estateId: string, r: Reader, at: Date) {
  await requireEstate(db, estateId)
  const [disclosures, versions, settings, start, holidays, committee] = await Promise.all([
    disclosuresOf(db, estateId),
    estateVersions(db, estateId),
    cadenceSettings(db, estateId),
    dutyStart(db, estateId),
    loadHolidayTable(db, at.getTime()),
    closedCommitteeMeetings(db, estateId),
  ])
  const first = firstOf(versions)
  const visible = disclosures.filter((d) => mayRead(d, r) && first.has(d.id))
  const bySource = new Map(disclosures.filter((d) => d.source !== null).map((d) => [d.source, d]))
  const publishedAtOf = (d: DisclosureRow | undefined) => {
    const v = d && first.get(d.id)
    return v ? Date.parse(v.published_at) : null
  }
  const titles = new Map<string, string>()
  const decisions = [
    ...committee.map((m) => {
      titles.set(m.id, m.title)
      return {
        id: m.id,
        decidedAt: Date.parse(m.closed_at ?? ''),
        // Its notice is its disclosure: the two are made together; a notice alone, from before, counts too.
        disclosedAt:
          publishedAtOf(bySource.get(`committee_meeting:${m.id}`)) ??
          (m.notice_published_at === null ? null : Date.parse(m.notice_published_at)),
      }
    }),
    // A decision typed in is pending from its decision date while its draft waits: the clock runs from the
    // decision, not from the publication (the draft's title for the estate's staff only).
    ...disclosures
      .filter(
        (d) =>
          d.kind === 'decisions' &&
          d.decided_at !== null &&
          mayRead(d, r) &&
          !d.source?.startsWith('committee_meeting:'),
      )
      .map((d) => {
        const title = first.get(d.id)?.title ?? (r.staff ? parse<Draft>(d.draft_json)?.title : undefined)
        titles.set(d.id, title ?? '')
        return { id: d.id, decidedAt: Date.parse(d.decided_at ?? ''), disclosedAt: publishedAtOf(d) }
      }),
  ].filter((e) => Number.isFinite(e.decidedAt))
  return {
    dutyStart: start,
    kinds: DISCLOSURE_KINDS.map((kind) =>
      presentDue(
        dueStatus({
          kind,
          cadence: cadenceOf(kind, settings.get(kind)),
          dutyStart: start,
          published: visible
            .filter((d) => d.kind === kind)
            .map((d) => ({ period: periodOf(d), publishedAt: publishedAtOf(d) as number })),
          decisions,
          at: at.getTime(),
          holidays,
        }),
        titles,
      ),
    ),
  }
}

/** The voters the signed-in owner acts for in the estate (their own, or as the recorded guardian). */
async function votersOfOwner(db: Db, estateId: string, actor: Actor | null): Promise<OwnedVoter[]> {
  if (!actor || actor.kind !== 'owner' || actor.estateId !== estateId || actor.ownerId === null) return []
  const { voters } = await ownerVoters(db, estateId)
  return voters.filter((v) => v.owners.some((o) => o.id === actor.ownerId))
}

/**
 * A version's page: its content, attachments, the versions list and the questions with their answers. Opened by a
 * signed-in owner of the estate, the first open is recorded per voter they act for (domain §9: reads are service).
 */
export async function versionPage(
  db: Db,
  estateId: string,
  id: string,
  number: number,
  actor: Actor | null,
  who: Who,
) {
  const r = readerOf(actor, estateId)
  const d = await disclosureOrThrow(db, estateId, id, r)
  const v = await versionOrThrow(db, d, number)
  const voters = await votersOfOwner(db, estateId, actor)
  if (actor && voters.length > 0) {
    const rows = voters.map((x) => ({
      version_id: v.id,
      account_id: actor.accountId,
      voter_id: x.id,
      read_at: who.now.toISOString(),
    }))
    await db.transaction().execute(async (trx) => {
      const recorded = await insertReads(trx, rows)
      if (recorded > 0)
        await appendAudit(trx, {
          ...who,
          action: 'disclosure.read',
          estateId,
          subject: d.id,
          after: { number: v.number, voters: voters.map((x) => x.id) },
          at: who.now,
        })
    })
  }
  const content = contentOfVersion(d, v)
  return {
    disclosure: { id: d.id, kind: d.kind, period: periodOf(d), visibility: d.visibility },
    version: {
      ...head(v),
      body: v.body,
      statement: content.statement,
      facts: content.facts,
      attachments: (JSON.parse(v.attachments_json) as StoredAttachmentRef[]).map((a) => ({
        id: a.id,
        name: a.name,
        mime: a.mime,
        size: a.size,
        sha256: a.sha256,
      })),
    },
    versions: (await versionsOf(db, d.id)).map(head),
    questions: await presentQuestions(db, d.id),
  }
}

async function presentQuestions(db: Db, disclosureId: string) {
  // The asker is not named: a question is public, and its author an owner whose name the roll masks.
  return (await questionsOf(db, disclosureId)).map((q) => ({
    id: q.id,
    version: q.version_number,
    text: q.text,
    askedAt: q.asked_at,
    answer: q.answer_text === null ? null : { text: q.answer_text, answeredAt: q.answered_at },
  }))
}

/** One disclosure: its versions and, for the estate's staff, the draft being edited with its attachments. */
export async function disclosureView(db: Db, estateId: string, id: string, r: Reader) {
  const d = await disclosureOrThrow(db, estateId, id, r)
  const versions = await versionsOf(db, d.id)
  if (!r.staff && versions.length === 0) throw notFound('disclosure_not_found', 'No such disclosure')
  return {
    disclosure: {
      id: d.id,
      kind: d.kind,
      period: periodOf(d),
      visibility: d.visibility,
      decidedAt: d.decided_at,
    },
    versions: versions.map(head),
    draft: r.staff ? parse<Draft>(d.draft_json) : null,
    attachments: r.staff
      ? (await attachmentsOf(db, d.id)).map((a) => ({
          id: a.id,
          name: a.file_name,
          mime: a.mime,
          size: a.size,
          sha256: a.sha256,
        }))
      : null,
    questions: await presentQuestions(db, d.id),
  }
}

/** An attachment's file: a published version's for its readers, a draft's for the estate's staff only. */
export async function disclosureAttachment(
  db: Db,
  estateId: string,
  id: string,
  attachmentId: string,
  r: Reader,
) {
  const d = await disclosureOrThrow(db, estateId, id, r)
  const a = await attachmentOf(db, d.id, attachmentId)
  if (!a) throw notFound('attachment_not_found', 'No such attachment')
  if (!r.staff) {
    const published = (await versionsOf(db, d.id)).some((v) =>
      (JSON.parse(v.attachments_json) as StoredAttachmentRef[]).some((x) => x.id === a.id),
    )
    if (!published) throw notFound('attachment_not_found', 'No such attachment')
  }
  return a
}

/** Two versions side by side, line by line (a statement as its lines in yuan), with both hashes. */
export async function compareDisclosureVersions(
  db: Db,
  estateId: string,
  id: string,
  a: number,
  b: number,
  r: Reader,
) {
  const d = await disclosureOrThrow(db, estateId, id, r)
  const [before, after] = await Promise.all([versionOrThrow(db, d, a), versionOrThrow(db, d, b)])
  return {
    before: head(before),
    after: head(after),
    lines: compareContents(contentOfVersion(d, before), contentOfVersion(d, after)),
  }
}

/**
 * Who has been served a version (domain §9): electronically (an owner acting for the voter opened it) or on paper
 * (recorded), and who still needs a paper copy — by building, with unit numbers and masked names only.
 */
export async function serviceList(db: Db, estateId: string, id: string, number: number) {
  const d = await disclosureOrThrow(db, estateId, id)
  const v = await versionOrThrow(db, d, number)
  const [{ voters }, reads, papers] = await Promise.all([
    ownerVoters(db, estateId),
    readsOf(db, v.id),
    paperServicesOf(db, v.id),
  ])
  const readAt = new Map<string, string>()
  for (const x of reads) if (!readAt.has(x.voter_id)) readAt.set(x.voter_id, x.read_at)
  const paperOn = new Map(papers.map((p) => [p.voter_id, p.served_on]))
  const buildings = new Map<
    string,
    {
      building: string
      voters: {
        voter: string
        units: string[]
        owners: string[]
        served: { how: 'electronic'; at: string } | { how: 'paper'; on: string } | null
      }[]
    }
  >()
  for (const x of voters) {
    const building = x.units[0]?.building ?? ''
    const entry = buildings.get(building) ?? { building, voters: [] }
    const read = readAt.get(x.id)
    const paper = paperOn.get(x.id)
    entry.voters.push({
      voter: x.id,
      units: x.units.map((u) => u.number),
      owners: x.owners.map((o) => maskName(o.name)),
      served: read ? { how: 'electronic', at: read } : paper ? { how: 'paper', on: paper } : null,
    })
    buildings.set(building, entry)
  }
  const all = [...buildings.values()].flatMap((b) => b.voters)
  return {
    version: head(v),
    counts: {
      voters: all.length,
      electronic: all.filter((x) => x.served?.how === 'electronic').length,
      paper: all.filter((x) => x.served?.how === 'paper').length,
      pending: all.filter((x) => x.served === null).length,
    },
    // 2号楼 before 10号楼, 1-1-2 before 1-1-10: numbers compared as numbers, as the printed list is read.
    buildings: [...buildings.values()]
      .sort((a, b) => UNIT_ORDER.compare(a.building, b.building))
      .map((b) => ({
        ...b,
        voters: b.voters.sort((x, y) => UNIT_ORDER.compare(x.units[0] ?? '', y.units[0] ?? '')),
      })),
  }
}

const UNIT_ORDER = new Intl.Collator('zh-CN', { numeric: true })

/** Records that paper copies of a version were served on these voters (once each; audited). */
export async function recordPaperService(
  db: Db,
  estateId: string,
  id: string,
  number: number,
  input: PaperServiceBody,
  who: Who,
) {
  if (!isChinaDate(input.servedOn)) throw badRequest('invalid_request', 'servedOn: a YYYY-MM-DD date')
  const d = await disclosureOrThrow(db, estateId, id)
  const v = await versionOrThrow(db, d, number)
  // A copy is served between the version's publication and today, never before it existed or in the future.
  if (input.servedOn < chinaDate(Date.parse(v.published_at)) || input.servedOn > chinaDate(who.now.getTime()))
    throw badRequest('invalid_request', 'servedOn: from the day the version was published to today')
  const { voters } = await ownerVoters(db, estateId)
  const ids = new Set(voters.map((x) => x.id))
  const unknown = input.voters.filter((x) => !ids.has(x))
  if (unknown.length > 0) throw badRequest('unit_not_found', 'No such voter on the roll', { units: unknown })
  const already = new Set((await paperServicesOf(db, v.id)).map((p) => p.voter_id))
  const fresh = [...new Set(input.voters)].filter((x) => !already.has(x))
  await db.transaction().execute(async (trx) => {
    for (const voter of fresh)
      await insertPaperService(trx, {
        version_id: v.id,
        voter_id: voter,
        served_on: input.servedOn,
        served_by: input.servedBy,
        recorded_by: who.actor,
        recorded_at: who.now.toISOString(),
      })
    await appendAudit(trx, {
      ...who,
      action: 'disclosure.paper_served',
      estateId,
      subject: d.id,
      after: { number: v.number, voters: fresh, servedOn: input.servedOn, servedBy: input.servedBy },
      at: who.now,
    })
  })
  return { recorded: fresh.length, alreadyServed: input.voters.length - fresh.length }
}

/** An owner of the estate asks about a published disclosure (or one version of it). */
export async function askQuestion(
  db: Db,
  estateId: string,
  id: string,
  input: { text: string; version: number | null },
  actor: Actor,
  who: Who,
) {
  const r = readerOf(actor, estateId)
  if (!r.owner) throw new AppError('forbidden', 'Owners of the estate ask questions')
  const d = await disclosureOrThrow(db, estateId, id, r)
  const versions = await versionsOf(db, d.id)
  if (versions.length === 0) throw notFound('disclosure_not_found', 'No such disclosure')
  if (input.version !== null) await versionOrThrow(db, d, input.version)
  const questionId = randomUUID()
  await db.transaction().execute(async (trx) => {
    await insertQuestion(trx, {
      id: questionId,
      disclosure_id: d.id,
      version_number: input.version,
      account_id: actor.accountId,
      text: input.text,
      asked_at: who.now.toISOString(),
    })
    await appendAudit(trx, {
      ...who,
      action: 'disclosure.question_asked',
      estateId,
      subject: d.id,
      after: { question: questionId, version: input.version },
      at: who.now,
    })
  })
  return { id: questionId }
}

/** A convener answers a question, in public, once. */
export async function answerQuestion(
  db: Db,
  estateId: string,
  id: string,
  questionId: string,
  text: string,
  who: Who,
) {
  const d = await disclosureOrThrow(db, estateId, id)
  if (!(await questionOf(db, d.id, questionId))) throw notFound('question_not_found', 'No such question')
  await db.transaction().execute(async (trx) => {
    if (await answerOf(trx, questionId)) throw conflict('question_answered', 'This question is answered')
    await insertAnswer(trx, {
      question_id: questionId,
      text,
      answered_by: who.actor,
      answered_at: who.now.toISOString(),
    })
    await appendAudit(trx, {
      ...who,
      action: 'disclosure.question_answered',
      estateId,
      subject: d.id,
      after: { question: questionId },
      at: who.now,
    })
  })
}

/** The estate's setting for a periodic kind (period, grace); null values return to the default. */
export async function setCadence(db: Db, estateId: string, input: CadenceSettingBody, who: Who) {
  await requireEstate(db, estateId)
  const setting: CadenceSetting = {
    ...(input.periodMonths !== null ? { periodMonths: input.periodMonths } : {}),
    ...(input.graceDays !== null ? { graceDays: input.graceDays } : {}),
  }
  const problems = checkCadenceSetting(input.kind, setting)
  if (problems.length > 0) throw badRequest('invalid_settings', problems.join(', '), { problems })
  const before = (await cadenceSettings(db, estateId)).get(input.kind) ?? null
  await db.transaction().execute(async (trx) => {
    await putSetting(trx, {
      estate_id: estateId,
      kind: input.kind,
      period_months: input.periodMonths,
      grace_days: input.graceDays,
      updated_by: who.actor,
      updated_at: who.now.toISOString(),
    })
    await appendAudit(trx, {
      ...who,
      action: 'disclosure.cadence_set',
      estateId,
      subject: input.kind,
      before,
      after: setting,
      at: who.now,
    })
  })
  return { kind: input.kind, cadence: cadenceOf(input.kind, setting) }
}

/**
 * The supervision board (公示牌, 上海; domain §9), from the current public versions: the property company, its
 * contract term, standard, fee items and rates, the hotline, the latest maintenance-fund and common-income closing
 * balances with their periods, and the due/overdue list.
 */
export async function board(db: Db, estateId: string, at: Date) {
  const estate = await findEstate(db, estateId)
  if (!estate) throw notFound('estate_not_found', `No estate "${estateId}"`)
  const pub: Reader = { staff: false, owner: false }
  const disclosures = (await disclosuresOf(db, estateId)).filter((d) => mayRead(d, pub))
  const current = currentOf(await estateVersions(db, estateId))
  const latestOf = (kind: DisclosureKind) =>
    disclosures
      .filter((d) => d.kind === kind && current.has(d.id))
      .sort((a, b) =>
        (a.period_end ?? '') !== (b.period_end ?? '')
          ? (b.period_end ?? '').localeCompare(a.period_end ?? '')
          : (current.get(b.id)?.published_at ?? '').localeCompare(current.get(a.id)?.published_at ?? ''),
      )[0]
  const contract = latestOf('property_contract')
  const contractVersion = contract && current.get(contract.id)
  const balance = (kind: DisclosureKind) => {
    const d = latestOf(kind)
    const v = d && current.get(d.id)
    const s = v ? parse<Statement>(v.statement_json) : null
    return d && v && s
      ? {
          period: periodOf(d),
          closingFen: s.closingFen,
          disclosureId: d.id,
          version: v.number,
          sha256: v.sha256,
        }
      : null
  }
  const due = await dueList(db, estateId, pub, at)
  return {
    estate: { id: estate.id, name: estate.name },
    contract:
      contract && contractVersion
        ? {
            facts: parse<ContractFacts>(contractVersion.facts_json),
            disclosureId: contract.id,
            version: contractVersion.number,
            sha256: contractVersion.sha256,
          }
        : null,
    maintenanceFund: balance('maintenance_fund'),
    commonIncome: balance('common_income'),
    due: due.kinds.filter((k) => k.next !== null),
    generatedAt: at.toISOString(),
  }
}

/**
 * A decision disclosed as soon as it is published (domain §§8–9: the committee's resolutions and minutes, an
 * assembly's final announcement — within 3 days of the decision): a public `decisions` disclosure with its first
 * version, made inside the caller's transaction so the record and its disclosure stand or fall together. Once per
 * source.
 */
export async function discloseDecisionIn(
  trx: Transaction<Database>,
  input: { estateId: string; source: string; decidedAt: string; title: string; body: string },
  who: Who,
): Promise<string> {
  const existing = await disclosureBySource(trx, input.source)
  if (existing) return existing.id
  const { id } = await publishFirstVersionIn(
    trx,
    { ...input, kind: 'decisions', period: null, visibility: 'public' },
    who,
  )
  return id
}
