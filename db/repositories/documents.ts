import type { Transaction } from 'kysely'
import type { Db } from '../client'
import type { Database, DocumentsTable, DocumentVersionsTable } from '../schema'

/** The estate's documents drafted from templates and their published versions (append-only). */

export type DocumentVersionRow = Omit<DocumentVersionsTable, 'id'> & { id: number }

export async function insertDocument(trx: Transaction<Database>, d: DocumentsTable): Promise<void> {
  await trx.insertInto('documents').values(d).execute()
}

export async function documentOf(db: Db, estateId: string, id: string): Promise<DocumentsTable | undefined> {
  return db
    .selectFrom('documents')
    .selectAll()
    .where('estate_id', '=', estateId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function documentsOf(db: Db, estateId: string): Promise<DocumentsTable[]> {
  return db
    .selectFrom('documents')
    .selectAll()
    .where('estate_id', '=', estateId)
    .orderBy('created_at')
    .execute()
}

export async function updateDraft(
  trx: Transaction<Database>,
  id: string,
  d: { title: string; draft_text: string; draft_fields_json: string; updated_at: string },
): Promise<void> {
  await trx.updateTable('documents').set(d).where('id', '=', id).execute()
}

/** A document's versions, newest first. */
export async function documentVersions(db: Db, documentId: string): Promise<DocumentVersionRow[]> {
  return db
    .selectFrom('document_versions')
    .selectAll()
    .where('document_id', '=', documentId)
    .orderBy('number', 'desc')
    .execute()
}

/** The latest version of each of the estate's documents. */
export async function latestVersionsOf(db: Db, estateId: string): Promise<DocumentVersionRow[]> {
  const rows = await db
    .selectFrom('document_versions')
    .innerJoin('documents', 'documents.id', 'document_versions.document_id')
    .selectAll('document_versions')
    .where('documents.estate_id', '=', estateId)
    .orderBy('document_versions.number', 'desc')
    .execute()
  const seen = new Set<string>()
  return rows.filter((r) => !seen.has(r.document_id) && seen.add(r.document_id))
}

export async function documentVersion(
  db: Db,
  documentId: string,
  number: number,
): Promise<DocumentVersionRow | undefined> {
  return db
    .selectFrom('document_versions')
    .selectAll()
    .where('document_id', '=', documentId)
    .where('number', '=', number)
    .executeTakeFirst()
}

export async function insertDocumentVersion(
  trx: Transaction<Database>,
  v: Omit<DocumentVersionRow, 'id'>,
): Promise<number> {
  const row = await trx.insertInto('document_versions').values(v).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function matterDocument(db: Db, meetingId: string, matterId: string) {
  return db
    .selectFrom('matter_documents')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .where('matter_id', '=', matterId)
    .executeTakeFirst()
}

export async function insertMatterDocument(
  trx: Transaction<Database>,
  l: { meetingId: string; matterId: string; versionId: number; by: string; at: string },
): Promise<void> {
  await trx
    .insertInto('matter_documents')
    .values({
      meeting_id: l.meetingId,
      matter_id: l.matterId,
      document_version_id: l.versionId,
      linked_by: l.by,
      linked_at: l.at,
    })
    .execute()
}

/** The document versions a meeting's matters decide, with the document's template. */
export async function documentsOfMeeting(db: Db, meetingId: string) {
  return db
    .selectFrom('matter_documents')
    .innerJoin('document_versions', 'document_versions.id', 'matter_documents.document_version_id')
    .innerJoin('documents', 'documents.id', 'document_versions.document_id')
    .select([
      'matter_documents.matter_id',
      'document_versions.id as version_id',
      'document_versions.number',
      'document_versions.fields_json',
      'document_versions.document_id',
      'documents.template',
    ])
    .where('matter_documents.meeting_id', '=', meetingId)
    .execute()
}

export async function estateSettingsOf(db: Db, estateId: string) {
  return db.selectFrom('estate_settings').selectAll().where('estate_id', '=', estateId).executeTakeFirst()
}

/** Sets the estate's adopted settings (one row per estate: inserted the first time, then replaced). */
export async function putEstateSettings(
  trx: Transaction<Database>,
  s: { estateId: string; settingsJson: string; versionId: number; at: string; exists: boolean },
): Promise<void> {
  const values = { settings_json: s.settingsJson, document_version_id: s.versionId, adopted_at: s.at }
  if (s.exists)
    await trx.updateTable('estate_settings').set(values).where('estate_id', '=', s.estateId).execute()
  else
    await trx
      .insertInto('estate_settings')
      .values({ estate_id: s.estateId, ...values })
      .execute()
}

/** 指导规则 art. 25: the estate's parking rule, as its rules of procedure set it. */
export async function setEstateCountParking(
  trx: Transaction<Database>,
  estateId: string,
  countParking: boolean,
): Promise<void> {
  await trx
    .updateTable('estates')
    .set({ count_parking: countParking ? 1 : 0 })
    .where('id', '=', estateId)
    .execute()
}
