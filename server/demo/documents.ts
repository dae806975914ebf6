import { createHash, randomUUID } from 'node:crypto'
import type { Db } from '../../db/client'
import type { DocumentTemplate } from '../../db/schema'
import type { FilingDocument } from '../services/filing-package'
import { appendAudit } from '../services/audit'
import type { Who } from '../services/meetings'

/**
 * The assembly's documents drafted from the templates (domain §7.3: the draft rules of procedure, management
 * covenant and maintenance-fund covenant published with the first meeting's notice), for the simulation and the
 * demo: a draft made from the template with the estate's fields filled in, published as 第1版 (frozen: the
 * document_versions table refuses UPDATE and DELETE), and linked to the meeting matter that adopts it. Each step is
 * one transaction with its audit record.
 *
 * The house has the tables (db/migrations/20261203T0200_roll_versions_documents.ts) but no documents service
 * yet; this module writes them as that service would (the same rows, audit actions and typed fields), and gives
 * way to it once it exists: createDocument, publishDocument and linkMatterDocument of services/documents.ts.
 */

export interface TemplateFields {
  readonly estateName: string
  /** 届别 and seats of the committee the rules of procedure set. */
  readonly seats: number
}

const TITLES: Readonly<Record<DocumentTemplate, string>> = {
  rules_of_procedure: '业主大会议事规则',
  management_covenant: '管理规约',
  maintenance_fund_covenant: '维修资金管理规约',
}

/** The template's text with the fields filled in (plain text, one clause a line). */
export function templateText(template: DocumentTemplate, f: TemplateFields): string {
  const name = f.estateName
  switch (template) {
    case 'rules_of_procedure':
      return [
        `${name}业主大会议事规则`,
        `第一条 本规则依据《中华人民共和国民法典》第二百七十八条及《物业管理条例》制定，适用于${name}业主大会。`,
        '第二条 业主大会会议分为定期会议和临时会议；会议可采用书面征求意见或网上投票形式，投票期不少于 7 日。',
        '第三条 会议通知应于投票开始 15 日前公告，载明表决事项、投票方式与起止时间。',
        '第四条 业主大会决定事项，应由专有部分面积占比三分之二以上且人数占比三分之二以上的业主参与表决。',
        `第五条 业主委员会由 ${f.seats} 名委员组成，任期五年，可连选连任。`,
        '第六条 表决结果公布后 7 日为异议期，异议答复及监督确认后公布最终结果。',
      ].join('\n')
    case 'management_covenant':
      return [
        `${name}管理规约`,
        '第一条 业主应当遵守法律、法规以及本规约，爱护共有部分和共用设施设备。',
        '第二条 装修施工时间为工作日 8:00 至 12:00、14:00 至 18:00，节假日不得进行产生噪声的施工。',
        '第三条 饲养宠物应当遵守有关规定，出户时束犬链并及时清理排泄物。',
        '第四条 共有部分经营收益归全体业主所有，每年公布一次收支情况。',
      ].join('\n')
    case 'maintenance_fund_covenant':
      return [
        `${name}维修资金管理规约`,
        '第一条 专项维修资金属于业主所有，专户存储、专款专用。',
        '第二条 使用维修资金应经该部分业主依法表决，紧急情况按应急程序办理。',
        '第三条 业主委员会每半年公布一次维修资金的收支和结余情况。',
      ].join('\n')
  }
}

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')

export interface PublishedDocument extends FilingDocument {
  readonly documentId: string
  readonly versionId: number
}

/** Drafts a document from its template and publishes the draft as 第1版: two audited steps. */
export async function publishFromTemplate(
  db: Db,
  estateId: string,
  template: DocumentTemplate,
  fields: TemplateFields,
  who: Who,
): Promise<PublishedDocument> {
  const documentId = randomUUID()
  const title = TITLES[template]
  const text = templateText(template, fields)
  // The typed fields as the documents' own model keeps them (the estate's name and address); the seats are in the text.
  const fieldsJson = JSON.stringify({ estateName: fields.estateName, address: '' })
  const at = who.now.toISOString()
  const sha256 = sha256Hex(text)
  const versionId = await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('documents')
      .values({
        id: documentId,
        estate_id: estateId,
        template,
        title,
        draft_text: text,
        draft_fields_json: fieldsJson,
        created_by: who.actor,
        created_at: at,
        updated_at: at,
      })
      .execute()
    await appendAudit(trx, {
      ...who,
      action: 'document.created',
      estateId,
      subject: documentId,
      after: { template, title, fields },
      at: who.now,
    })
    const row = await trx
      .insertInto('document_versions')
      .values({
        document_id: documentId,
        number: 1,
        title,
        text,
        fields_json: fieldsJson,
        sha256,
        reason: '首次业主大会会议表决稿 draft for the first meeting',
        published_by: who.actor,
        published_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await appendAudit(trx, {
      ...who,
      action: 'document.version_published',
      estateId,
      subject: documentId,
      after: { number: 1, title, sha256 },
      at: who.now,
    })
    return row.id
  })
  return { documentId, versionId, kind: template, title, version: 1, sha256, text }
}

/** The meeting's matter decides this document version (matter_documents), audited. */
export async function linkMatterDocument(
  db: Db,
  estateId: string,
  link: { meetingId: string; matterId: string; doc: PublishedDocument },
  who: Who,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('matter_documents')
      .values({
        meeting_id: link.meetingId,
        matter_id: link.matterId,
        document_version_id: link.doc.versionId,
        linked_by: who.actor,
        linked_at: who.now.toISOString(),
      })
      .execute()
    await appendAudit(trx, {
      ...who,
      action: 'document.linked_to_matter',
      estateId,
      subject: link.meetingId,
      after: {
        matter: link.matterId,
        document: link.doc.documentId,
        version: link.doc.version,
        sha256: link.doc.sha256,
      },
      at: who.now,
    })
  })
}
