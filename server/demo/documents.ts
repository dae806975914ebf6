import type { Db } from '../../db/client'
import type { DocumentTemplate } from '../../db/schema'
import {
  createDocument,
  documentVersionView,
  linkMatterDocument as linkVersionToMatter,
  publishDocument,
} from '../services/documents'
import type { FilingDocument } from '../services/filing-package'
import type { Who } from '../services/meetings'

/**
 * The assembly's documents for the simulation and the demo (domain §7.3: the draft rules of procedure, management
 * covenant and maintenance-fund covenant published with the first meeting's notice): drafted from the product's
 * templates by the documents service with the estate's own fields and the default settings, published as 第1版,
 * and linked to the matter that adopts each — the same calls, rows, hashes and audit records as a convener's.
 */

export interface PublishedDocument extends FilingDocument {
  readonly documentId: string
}

/** Drafts a document from its template and publishes the draft as 第1版: two audited steps of the service. */
export async function publishFromTemplate(
  db: Db,
  estateId: string,
  template: DocumentTemplate,
  who: Who,
): Promise<PublishedDocument> {
  const { id: documentId } = await createDocument(db, { estateId, template }, who)
  const { number, sha256 } = await publishDocument(db, { estateId, documentId, reason: '' }, who)
  const v = await documentVersionView(db, estateId, documentId, number)
  return { documentId, kind: template, title: v.title, version: number, sha256, text: v.rendered }
}

/** The meeting's matter decides this document's published version (matter_documents), audited by the service. */
export async function linkMatterDocument(
  db: Db,
  estateId: string,
  link: { meetingId: string; matterId: string; doc: PublishedDocument },
  who: Who,
): Promise<void> {
  await linkVersionToMatter(
    db,
    {
      estateId,
      meetingId: link.meetingId,
      matterId: link.matterId,
      documentId: link.doc.documentId,
      number: link.doc.version,
    },
    who,
  )
}
