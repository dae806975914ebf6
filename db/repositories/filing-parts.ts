import type { Insertable, Transaction } from 'kysely'
import type { Db } from '../client'
import type { Database, DocumentTemplate, FilingTrainingsTable, FilingUndertakingsTable } from '../schema'

/**
 * The parts of the filing package kept for the street office (domain §7.6): the members' written undertakings and
 * the training record of a committee term; and the published versions of the estate's documents that the package
 * files (rules of procedure, management covenant, maintenance-fund covenant). Writes take their use case's
 * transaction.
 */

export function undertakingsOfTerm(db: Db, termId: string) {
  return db.selectFrom('filing_undertakings').selectAll().where('term_id', '=', termId).execute()
}

/** Inserts an undertaking unless the member has one: whether it was inserted. */
export const insertUndertaking = (trx: Transaction<Database>, row: Insertable<FilingUndertakingsTable>) =>
  insertOnce(trx, 'filing_undertakings', 'member_id', row)

export function trainingOfTerm(db: Db, termId: string) {
  return db.selectFrom('filing_trainings').selectAll().where('term_id', '=', termId).executeTakeFirst()
}

/** Inserts the term's training record unless it has one: whether it was inserted. */
export const insertTraining = (trx: Transaction<Database>, row: Insertable<FilingTrainingsTable>) =>
  insertOnce(trx, 'filing_trainings', 'term_id', row)

/** Inserts the row unless its table holds one with the same `by` column: whether it was inserted. */
async function insertOnce<T extends 'filing_undertakings' | 'filing_trainings'>(
  trx: Transaction<Database>,
  table: T,
  by: keyof Database[T] & string,
  row: Insertable<Database[T]>,
): Promise<boolean> {
  const r = await trx
    .insertInto(table)
    .values(row)
    .onConflict((oc) => oc.column(by).doNothing())
    .returning('term_id')
    .executeTakeFirst()
  return r !== undefined
}

/** What the package files of a document version: its template, title, number, text, SHA-256 and publication. */
const VERSION_COLUMNS = [
  'd.template',
  'v.document_id as documentId',
  'v.number',
  'v.title',
  'v.text',
  'v.sha256',
  'v.published_at as publishedAt',
] as const

/**
 * The latest published version of each of the estate's documents of these templates (the one put to the vote is the
 * current one): template, title, number, text and SHA-256, newest publication first within a template.
 */
export function publishedVersions(db: Db, estateId: string, templates: readonly DocumentTemplate[]) {
  return db
    .selectFrom('document_versions as v')
    .innerJoin('documents as d', 'd.id', 'v.document_id')
    .select(VERSION_COLUMNS)
    .where('d.estate_id', '=', estateId)
    .where('d.template', 'in', [...templates])
    .orderBy('v.published_at', 'desc')
    .orderBy('v.number', 'desc')
    .execute()
}

/** The document versions a meeting's matters decided (matter_documents): what the meeting voted on, by template. */
export function votedVersions(db: Db, meetingId: string) {
  return db
    .selectFrom('matter_documents as md')
    .innerJoin('document_versions as v', 'v.id', 'md.document_version_id')
    .innerJoin('documents as d', 'd.id', 'v.document_id')
    .select(VERSION_COLUMNS)
    .where('md.meeting_id', '=', meetingId)
    .orderBy('md.matter_id')
    .execute()
}
