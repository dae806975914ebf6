import { randomUUID } from 'node:crypto'
import type { Transaction } from 'kysely'
import type { Db } from '../../db/client'
import {
  documentOf,
  documentsOf,
  documentsOfMeeting,
  documentVersion,
  documentVersions,
  estateSettingsOf,
  insertDocument,
  insertDocumentVersion,
  insertMatterDocument,
  latestVersionsOf,
  matterDocument,
  putEstateSettings,
  setEstateCountParking,
  updateDraft,
  type DocumentVersionRow,
} from '../../db/repositories/documents'
import { findEstate } from '../../db/repositories/estates'
import type { Database, DocumentsTable } from '../../db/schema'
import { TEMPLATES } from '../domain/document-templates'
import {
  changedFieldPaths,
  checkFields,
  diffLines,
  documentSha256,
  renderDocument,
  type DocumentContent,
  type DocumentFields,
  type DocumentTemplate,
  type RulesSettings,
} from '../domain/documents'
import { AppError, badRequest, conflict, notFound } from '../errors'
import { appendAudit } from './audit'
import { checkSettings, defaultSettings, loadMeeting, type Who } from './meetings'

/**
 * Documents from templates (domain §7.3 (3)): conveners create a draft from one of the templates the product ships,
 * edit its text and typed fields, and publish it as a numbered, hashed, immutable version; a later version says
 * what it changes. A meeting's matter decides a version, and when that meeting is final with the matter passed,
 * the settings of a rules-of-procedure version become the estate's (in the same transaction, audited).
 */

/** The settings a new rules of procedure starts from: the product's defaults, the estate's parking rule. */
function defaultRulesSettings(countParking: boolean): RulesSettings {
  const d = defaultSettings(countParking)
  return {
    countParking,
    deemedConsent: d.deemedConsent,
    voteChange: d.voteChange,
    objectionDays: d.objectionDays,
    countingDays: d.countingDays,
    participation: null,
    approval: {},
  }
}

/** The law's checks (domain, never looser than the law) and the meetings' own ranges of the same settings. */
function validateFields(template: DocumentTemplate, fields: DocumentFields): void {
  const problems = checkFields(template, fields)
  if (problems.length > 0)
    throw badRequest('invalid_settings', problems.map((p) => `${p.path}: ${p.message}`).join('; '), {
      problems,
    })
  const s = fields.settings
  if (s) checkSettings({ ...defaultSettings(s.countParking), ...s })
}

async function documentOrThrow(db: Db, estateId: string, id: string): Promise<DocumentsTable> {
  const d = await documentOf(db, estateId, id)
  if (!d) throw notFound('document_not_found', 'No such document')
  return d
}

export async function createDocument(
  db: Db,
  input: { estateId: string; template: DocumentTemplate },
  who: Who,
): Promise<{ id: string }> {
  const estate = await findEstate(db, input.estateId)
  if (!estate) throw notFound('estate_not_found', `No estate "${input.estateId}"`)
  const t = TEMPLATES[input.template]
  const fields: DocumentFields = {
    estateName: estate.name,
    address: '',
    ...(input.template === 'rules_of_procedure'
      ? { settings: defaultRulesSettings(estate.count_parking === 1) }
      : {}),
  }
  const id = randomUUID()
  const at = who.now.toISOString()
  await db.transaction().execute(async (trx) => {
    await insertDocument(trx, {
      id,
      estate_id: input.estateId,
      template: input.template,
      title: renderDocument(t.title, fields),
      draft_text: t.text,
      draft_fields_json: JSON.stringify(fields),
      created_by: who.actor,
      created_at: at,
      updated_at: at,
    })
    await appendAudit(trx, {
      actor: who.actor,
      role: who.role,
      action: 'document.created',
      estateId: input.estateId,
      subject: id,
      after: { template: input.template },
      at: who.now,
    })
  })
  return { id }
}

export async function editDraft(
  db: Db,
  input: { estateId: string; documentId: string; title: string; text: string; fields: DocumentFields },
  who: Who,
): Promise<void> {
  const d = await documentOrThrow(db, input.estateId, input.documentId)
  validateFields(d.template, input.fields)
  await db.transaction().execute(async (trx) => {
    await updateDraft(trx, d.id, {
      title: input.title,
      draft_text: input.text,
      draft_fields_json: JSON.stringify(input.fields),
      updated_at: who.now.toISOString(),
    })
    await appendAudit(trx, {
      actor: who.actor,
      role: who.role,
      action: 'document.draft_edited',
      estateId: input.estateId,
      subject: d.id,
      before: { title: d.title, sha256: documentSha256(draftContent(d)) },
      after: {
        title: input.title,
        sha256: documentSha256({
          template: d.template,
          title: input.title,
          text: input.text,
          fields: input.fields,
        }),
      },
      at: who.now,
    })
  })
}

const draftContent = (d: DocumentsTable): DocumentContent => ({
  template: d.template,
  title: d.title,
  text: d.draft_text,
  fields: JSON.parse(d.draft_fields_json) as DocumentFields,
})

const versionContent = (d: DocumentsTable, v: DocumentVersionRow): DocumentContent => ({
  template: d.template,
  title: v.title,
  text: v.text,
  fields: JSON.parse(v.fields_json) as DocumentFields,
})

/**
 * Publishes the draft as the document's next version: immutable, numbered, hashed, dated. A later version says
 * what it changes (`reason`); one equal to the latest is refused.
 */
export async function publishDocument(
  db: Db,
  input: { estateId: string; documentId: string; reason: string },
  who: Who,
): Promise<{ number: number; sha256: string }> {
  return db.transaction().execute(async (trx) => {
    const d = await documentOrThrow(trx, input.estateId, input.documentId)
    const content = draftContent(d)
    validateFields(d.template, content.fields)
    const sha256 = documentSha256(content)
    const [latest] = await documentVersions(trx, d.id)
    if (latest && latest.sha256 === sha256)
      throw conflict('document_unchanged', `The draft equals version ${latest.number}`)
    if (latest && input.reason === '')
      throw badRequest('document_reason_required', 'A new version says what it changes')
    const number = (latest?.number ?? 0) + 1
    await insertDocumentVersion(trx, {
      document_id: d.id,
      number,
      title: content.title,
      text: content.text,
      fields_json: JSON.stringify(content.fields),
      sha256,
      reason: input.reason,
      published_by: who.actor,
      published_at: who.now.toISOString(),
    })
    await appendAudit(trx, {
      actor: who.actor,
      role: who.role,
      action: 'document.version_published',
      estateId: input.estateId,
      subject: d.id,
      ...(latest ? { before: { number: latest.number, sha256: latest.sha256 } } : {}),
      after: { number, sha256, reason: input.reason },
      at: who.now,
    })
    return { number, sha256 }
  })
}

function presentVersion(d: DocumentsTable, v: DocumentVersionRow) {
  const content = versionContent(d, v)
  return {
    documentId: d.id,
    template: d.template,
    number: v.number,
    title: v.title,
    sha256: v.sha256,
    reason: v.reason,
    publishedAt: v.published_at,
    fields: content.fields,
    text: v.text,
    rendered: renderDocument(v.text, content.fields),
  }
}

/** The estate's documents: each one's latest published version (public), and for staff the drafts too. */
export async function listDocuments(db: Db, estateId: string, staff: boolean) {
  const docs = await documentsOf(db, estateId)
  const latest = new Map((await latestVersionsOf(db, estateId)).map((v) => [v.document_id, v]))
  return {
    documents: docs
      .filter((d) => staff || latest.has(d.id))
      .map((d) => {
        const v = latest.get(d.id)
        return {
          id: d.id,
          template: d.template,
          title: v?.title ?? d.title,
          current: v ? { number: v.number, sha256: v.sha256, publishedAt: v.published_at } : null,
        }
      }),
  }
}

/** One document: its versions (newest first) and, for staff, the draft being edited. */
export async function documentView(db: Db, estateId: string, documentId: string, staff: boolean) {
  const d = await documentOrThrow(db, estateId, documentId)
  const versions = await documentVersions(db, d.id)
  if (!staff && versions.length === 0) throw notFound('document_not_found', 'No such document')
  return {
    id: d.id,
    template: d.template,
    title: versions[0]?.title ?? d.title,
    versions: versions.map((v) => ({
      number: v.number,
      sha256: v.sha256,
      reason: v.reason,
      publishedAt: v.published_at,
    })),
    draft: staff
      ? {
          title: d.title,
          text: d.draft_text,
          fields: JSON.parse(d.draft_fields_json) as DocumentFields,
          updatedAt: d.updated_at,
        }
      : null,
  }
}

async function versionOrThrow(db: Db, d: DocumentsTable, number: number) {
  const v = await documentVersion(db, d.id, number)
  if (!v) throw notFound('document_version_not_found', `No version ${number} of this document`)
  return v
}

export async function documentVersionView(db: Db, estateId: string, documentId: string, number: number) {
  const d = await documentOrThrow(db, estateId, documentId)
  return presentVersion(d, await versionOrThrow(db, d, number))
}

/** Two versions of one document side by side: the text line by line, the fields that changed, both hashes. */
export async function compareDocumentVersions(
  db: Db,
  estateId: string,
  documentId: string,
  a: number,
  b: number,
) {
  const d = await documentOrThrow(db, estateId, documentId)
  const [before, after] = await Promise.all([versionOrThrow(db, d, a), versionOrThrow(db, d, b)])
  const fa = JSON.parse(before.fields_json) as DocumentFields
  const fb = JSON.parse(after.fields_json) as DocumentFields
  const head = (v: DocumentVersionRow) => ({
    number: v.number,
    sha256: v.sha256,
    reason: v.reason,
    publishedAt: v.published_at,
    title: v.title,
  })
  return {
    before: head(before),
    after: head(after),
    lines: diffLines(renderDocument(before.text, fa), renderDocument(after.text, fb)),
    fields: changedFieldPaths(fa, fb),
  }
}

/**
 * A meeting's matter decides a published document version (the rules of procedure put to the first meeting, say).
 * The matter must be of the meeting, the version of the estate; a matter decides one version, once.
 */
export async function linkMatterDocument(
  db: Db,
  input: { estateId: string; meetingId: string; matterId: string; documentId: string; number: number },
  who: Who,
): Promise<void> {
  const m = await loadMeeting(db, input.meetingId)
  if (m.row.estate_id !== input.estateId) throw notFound('meeting_not_found', 'No such meeting')
  const matter = m.matters.find((x) => x.id === input.matterId)
  if (!matter) throw notFound('matter_not_found', `No matter "${input.matterId}" in this meeting`)
  if (m.row.status === 'final') throw new AppError('meeting_not_draft', 'The meeting is final')
  const d = await documentOrThrow(db, input.estateId, input.documentId)
  const v = await versionOrThrow(db, d, input.number)
  if (await matterDocument(db, input.meetingId, input.matterId))
    throw conflict('matter_document_linked', 'This matter already decides a document version')
  await db.transaction().execute(async (trx) => {
    await insertMatterDocument(trx, {
      meetingId: input.meetingId,
      matterId: input.matterId,
      versionId: v.id,
      by: who.actor,
      at: who.now.toISOString(),
    })
    await appendAudit(trx, {
      actor: who.actor,
      role: who.role,
      action: 'document.linked_to_matter',
      estateId: input.estateId,
      subject: input.meetingId,
      after: { matter: input.matterId, document: d.id, number: v.number, sha256: v.sha256 },
      at: who.now,
    })
  })
}

/**
 * When a meeting becomes final (inside that transaction): each rules-of-procedure version its passed matters
 * decide becomes the estate's settings — the parking rule on the estate itself (指导规则 art. 25), the rest as the
 * estate's adopted settings — audited with before and after. A matter that did not pass changes nothing.
 */
export async function adoptPassedSettingsIn(
  trx: Transaction<Database>,
  m: { meetingId: string; estateId: string; outcomes: ReadonlyMap<string, string> },
  who: Who,
): Promise<void> {
  const linked = (await documentsOfMeeting(trx, m.meetingId)).filter(
    (l) => l.template === 'rules_of_procedure' && m.outcomes.get(l.matter_id) === 'passed',
  )
  for (const l of linked) {
    const settings = (JSON.parse(l.fields_json) as DocumentFields).settings
    if (!settings) continue
    const estate = await findEstate(trx, m.estateId)
    const previous = await estateSettingsOf(trx, m.estateId)
    await putEstateSettings(trx, {
      estateId: m.estateId,
      settingsJson: JSON.stringify(settings),
      versionId: l.version_id,
      at: who.now.toISOString(),
      exists: previous !== undefined,
    })
    await setEstateCountParking(trx, m.estateId, settings.countParking)
    await appendAudit(trx, {
      actor: who.actor,
      role: who.role,
      action: 'estate.settings_adopted',
      estateId: m.estateId,
      subject: m.estateId,
      before: {
        countParking: estate?.count_parking === 1,
        settings: previous ? (JSON.parse(previous.settings_json) as RulesSettings) : null,
      },
      after: {
        countParking: settings.countParking,
        settings,
        meeting: m.meetingId,
        matter: l.matter_id,
        document: l.document_id,
        number: l.number,
      },
      at: who.now,
    })
  }
}

/** The settings the estate adopted from its rules of procedure, if any. */
export async function estateSettings(db: Db, estateId: string): Promise<RulesSettings | null> {
  const row = await estateSettingsOf(db, estateId)
  return row ? (JSON.parse(row.settings_json) as RulesSettings) : null
}
