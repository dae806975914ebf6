import { z } from 'zod'
import { onlineChoices } from './ballots.schema'
import { meetingParam } from './meetings.schema'

export const attachmentParam = meetingParam.extend({ attachmentId: z.uuid() })

/** The multipart field `purpose` of an attachment: part of the notice, or a scan kept with the records. */
export const attachmentPurpose = z.enum(['matter', 'candidate_photo', 'paper_scan', 'proxy_document'])
export type AttachmentPurpose = z.output<typeof attachmentPurpose>

/**
 * The multipart form of an attachment, as documented (the route reads it itself, to answer a missing file with
 * `file_missing`): the file, its purpose, and what it belongs to (a matter's or a candidate's id).
 */
export const attachmentForm = z.object({
  file: z.file(),
  purpose: attachmentPurpose,
  ref: z.string().max(100).optional(),
})

/** A written proxy (民法典 art. 163; 指导规则 art. 27): who holds it, with the owner's directions if any. */
export const proxyBody = z.object({
  unit: z.string().min(1).max(100),
  holderAccountId: z.uuid(),
  holderIsPropertyStaff: z.boolean(),
  directions: onlineChoices.nullable().default(null),
  documentId: z.uuid(),
})
export type ProxyBody = z.output<typeof proxyBody>
export const proxyParam = meetingParam.extend({ proxyId: z.uuid() })

/** Service of the notice made off-line: a signed paper receipt, or posting (domain §6.5). */
export const serviceBody = z.object({
  unit: z.string().min(1).max(100),
  method: z.enum(['paper_receipt', 'posted']),
  evidence: z.string().trim().min(1).max(500),
})
export type ServiceBody = z.output<typeof serviceBody>
