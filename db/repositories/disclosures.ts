import type { Insertable, Selectable, Transaction } from 'kysely'
import type { Db } from '../client'
import type {
  Database,
  DisclosureAttachmentsTable,
  DisclosureKindCode,
  DisclosurePaperServicesTable,
  DisclosureQuestionsTable,
  DisclosuresTable,
  DisclosureVersionsTable,
} from '../schema'

/** Disclosures (domain §9): the publications, their append-only versions, attachments, reads, service, questions. */

export type DisclosureRow = DisclosuresTable
export type DisclosureVersionRow = Selectable<DisclosureVersionsTable>
export type DisclosureAttachmentMeta = Omit<DisclosureAttachmentsTable, 'data'>

export async function insertDisclosure(trx: Transaction<Database>, row: DisclosuresTable): Promise<void> {
  await trx.insertInto('disclosures').values(row).execute()
}

export function disclosureOf(db: Db, estateId: string, id: string): Promise<DisclosureRow | undefined> {
  return db
    .selectFrom('disclosures')
    .selectAll()
    .where('estate_id', '=', estateId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export function disclosureBySource(db: Db, source: string): Promise<DisclosureRow | undefined> {
  return db.selectFrom('disclosures').selectAll().where('source', '=', source).executeTakeFirst()
}

export function disclosuresOf(db: Db, estateId: string): Promise<DisclosureRow[]> {
  return db
    .selectFrom('disclosures')
    .selectAll()
    .where('estate_id', '=', estateId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

export async function setDraft(
  trx: Transaction<Database>,
  id: string,
  draftJson: string | null,
  at: string,
): Promise<void> {
  await trx
    .updateTable('disclosures')
    .set({ draft_json: draftJson, draft_updated_at: at })
    .where('id', '=', id)
    .execute()
}

/** A disclosure's versions, newest first. */
export function versionsOf(db: Db, disclosureId: string): Promise<DisclosureVersionRow[]> {
  return db
    .selectFrom('disclosure_versions')
    .selectAll()
    .where('disclosure_id', '=', disclosureId)
    .orderBy('number', 'desc')
    .execute()
}

export function versionOf(
  db: Db,
  disclosureId: string,
  number: number,
): Promise<DisclosureVersionRow | undefined> {
  return db
    .selectFrom('disclosure_versions')
    .selectAll()
    .where('disclosure_id', '=', disclosureId)
    .where('number', '=', number)
    .executeTakeFirst()
}

/** Every published version of the estate's disclosures, newest number first within each. */
export function estateVersions(db: Db, estateId: string): Promise<DisclosureVersionRow[]> {
  return db
    .selectFrom('disclosure_versions')
    .innerJoin('disclosures', 'disclosures.id', 'disclosure_versions.disclosure_id')
    .selectAll('disclosure_versions')
    .where('disclosures.estate_id', '=', estateId)
    .orderBy('disclosure_versions.disclosure_id')
    .orderBy('disclosure_versions.number', 'desc')
    .execute()
}

export async function insertVersion(
  trx: Transaction<Database>,
  v: Insertable<DisclosureVersionsTable>,
): Promise<number> {
  const row = await trx.insertInto('disclosure_versions').values(v).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function insertAttachment(
  trx: Transaction<Database>,
  a: DisclosureAttachmentsTable,
): Promise<void> {
  await trx.insertInto('disclosure_attachments').values(a).execute()
}

const ATTACHMENT_META = [
  'id',
  'disclosure_id',
  'file_name',
  'mime',
  'size',
  'sha256',
  'created_by',
  'created_at',
] as const

export function attachmentsOf(db: Db, disclosureId: string): Promise<DisclosureAttachmentMeta[]> {
  return db
    .selectFrom('disclosure_attachments')
    .select(ATTACHMENT_META)
    .where('disclosure_id', '=', disclosureId)
    .orderBy('created_at')
    .execute()
}

export function attachmentOf(
  db: Db,
  disclosureId: string,
  id: string,
): Promise<DisclosureAttachmentsTable | undefined> {
  return db
    .selectFrom('disclosure_attachments')
    .selectAll()
    .where('disclosure_id', '=', disclosureId)
    .where('id', '=', id)
    .executeTakeFirst()
}

/** Records first opens; a later open of the same version by the same account for the same voter changes nothing. */
export async function insertReads(
  trx: Transaction<Database>,
  rows: readonly { version_id: number; account_id: string; voter_id: string; read_at: string }[],
): Promise<number> {
  if (rows.length === 0) return 0
  const result = await trx
    .insertInto('disclosure_reads')
    .values([...rows])
    .onConflict((oc) => oc.columns(['version_id', 'account_id', 'voter_id']).doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0)
}

export function readsOf(db: Db, versionId: number) {
  return db
    .selectFrom('disclosure_reads')
    .selectAll()
    .where('version_id', '=', versionId)
    .orderBy('read_at')
    .execute()
}

export async function insertPaperService(
  trx: Transaction<Database>,
  row: DisclosurePaperServicesTable,
): Promise<void> {
  await trx.insertInto('disclosure_paper_services').values(row).execute()
}

export function paperServicesOf(db: Db, versionId: number): Promise<DisclosurePaperServicesTable[]> {
  return db.selectFrom('disclosure_paper_services').selectAll().where('version_id', '=', versionId).execute()
}

export async function insertQuestion(trx: Transaction<Database>, q: DisclosureQuestionsTable): Promise<void> {
  await trx.insertInto('disclosure_questions').values(q).execute()
}

export function questionOf(db: Db, disclosureId: string, id: string) {
  return db
    .selectFrom('disclosure_questions')
    .selectAll()
    .where('disclosure_id', '=', disclosureId)
    .where('id', '=', id)
    .executeTakeFirst()
}

/** A disclosure's questions, oldest first, each with its answer if any. */
export function questionsOf(db: Db, disclosureId: string) {
  return db
    .selectFrom('disclosure_questions')
    .leftJoin('disclosure_answers', 'disclosure_answers.question_id', 'disclosure_questions.id')
    .select([
      'disclosure_questions.id',
      'disclosure_questions.version_number',
      'disclosure_questions.text',
      'disclosure_questions.asked_at',
      'disclosure_answers.text as answer_text',
      'disclosure_answers.answered_at',
    ])
    .where('disclosure_questions.disclosure_id', '=', disclosureId)
    .orderBy('disclosure_questions.asked_at')
    .orderBy('disclosure_questions.id')
    .execute()
}

export function answerOf(db: Db, questionId: string) {
  return db
    .selectFrom('disclosure_answers')
    .selectAll()
    .where('question_id', '=', questionId)
    .executeTakeFirst()
}

export async function insertAnswer(
  trx: Transaction<Database>,
  a: { question_id: string; text: string; answered_by: string; answered_at: string },
): Promise<void> {
  await trx.insertInto('disclosure_answers').values(a).execute()
}

export function settingsOf(db: Db, estateId: string) {
  return db.selectFrom('disclosure_settings').selectAll().where('estate_id', '=', estateId).execute()
}

/** Sets an estate's cadence setting for one kind (one row per estate and kind: replaced when there is one). */
export async function putSetting(
  trx: Transaction<Database>,
  s: {
    estate_id: string
    kind: DisclosureKindCode
    period_months: number | null
    grace_days: number | null
    updated_by: string
    updated_at: string
  },
): Promise<void> {
  await trx
    .insertInto('disclosure_settings')
    .values(s)
    .onConflict((oc) =>
      oc.columns(['estate_id', 'kind']).doUpdateSet({
        period_months: s.period_months,
        grace_days: s.grace_days,
        updated_by: s.updated_by,
        updated_at: s.updated_at,
      }),
    )
    .execute()
}

/**
 * When the estate's disclosure duty began: the first committee term's start (China date) or the formation of its
 * first preparatory group (an instant), whichever is earlier; undefined when neither exists.
 */
export async function dutyStartOf(
  db: Db,
  estateId: string,
): Promise<{ termStart?: string; groupFormedAt?: string }> {
  const term = await db
    .selectFrom('committee_terms')
    .select('starts_on')
    .where('estate_id', '=', estateId)
    .orderBy('starts_on')
    .executeTakeFirst()
  const group = await db
    .selectFrom('formation_groups')
    .select('formed_at')
    .where('estate_id', '=', estateId)
    .where('kind', '=', 'preparatory')
    .orderBy('formed_at')
    .executeTakeFirst()
  return {
    ...(term ? { termStart: term.starts_on } : {}),
    ...(group ? { groupFormedAt: group.formed_at } : {}),
  }
}

/**
 * The committee's closed meetings (each a decision to disclose within 3 days, domain §8), with when their
 * resolutions notice was published, if it was (a notice published before notices became disclosures has none).
 */
export function closedCommitteeMeetings(db: Db, estateId: string) {
  return db
    .selectFrom('committee_meetings')
    .leftJoin('committee_notices', (j) =>
      j
        .onRef('committee_notices.committee_meeting_id', '=', 'committee_meetings.id')
        .on('committee_notices.kind', '=', 'resolutions'),
    )
    .select([
      'committee_meetings.id',
      'committee_meetings.title',
      'committee_meetings.closed_at',
      'committee_notices.published_at as notice_published_at',
    ])
    .where('committee_meetings.estate_id', '=', estateId)
    .where('committee_meetings.status', '=', 'closed')
    .execute()
}
