import { z } from 'zod'
import { DISCLOSURE_KINDS, type DisclosureKind } from '../domain/disclosures'
import { displayText, estateParam } from './validate'

/**
 * Disclosures (domain §9): what the conveners publish, its versions, and what owners do with them. A statement's
 * and a contract's shape is checked here; whether they add up and fit the period is the domain's
 * (checkStatement, checkFacts), answered with line-numbered problems.
 */

export const disclosureKind = z
  .enum(DISCLOSURE_KINDS as [DisclosureKind, ...DisclosureKind[]])
  .transform((k) => k as DisclosureKind)

const date = z.string().max(10)
const text = (max: number) => z.string().max(max)

export const periodSchema = z.object({ start: date, end: date })

export const statementSchema = z.object({
  openingFen: z.number().int(),
  lines: z
    .array(
      z.object({
        date,
        direction: z.enum(['income', 'spending']),
        amountFen: z.number().int(),
        counterparty: text(1_000),
        purpose: text(1_000),
        document: text(1_000).default(''),
      }),
    )
    .max(10_000),
  closingFen: z.number().int(),
})

export const factsSchema = z.object({
  company: text(1_000),
  contractStart: date,
  contractEnd: date,
  serviceStandard: text(1_000).default(''),
  fees: z.array(z.object({ item: text(1_000), rateFen: z.number().int(), unit: text(1_000) })).max(100),
  hotline: text(1_000),
})

// Shown to others as one line: no control or bidirectional-override characters (Trojan Source).
const title = displayText(200)
const body = z.string().max(100_000)

export const createDisclosureBody = z.object({
  kind: disclosureKind,
  period: periodSchema.nullable().default(null),
  visibility: z.enum(['public', 'owners']).default('public'),
  /** The decisions kind: when the decision was made (it is due within 3 days of it). */
  decidedAt: z.iso.datetime().nullable().default(null),
  title,
  body: body.default(''),
  statement: statementSchema.nullable().default(null),
  facts: factsSchema.nullable().default(null),
})
export type CreateDisclosureBody = z.output<typeof createDisclosureBody>

export const disclosureDraftBody = z.object({
  title,
  body,
  statement: statementSchema.nullable().default(null),
  facts: factsSchema.nullable().default(null),
  /** The disclosure's attachments this version carries, in order. */
  attachmentIds: z.array(z.uuid()).max(50).default([]),
})
export type DisclosureDraftBody = z.output<typeof disclosureDraftBody>

export const publishDisclosureBody = z.object({ reason: z.string().trim().max(2_000).default('') })

export const disclosureParam = estateParam.extend({ disclosureId: z.uuid() })
export const disclosureVersionParam = disclosureParam.extend({ number: z.coerce.number().int().positive() })
export const disclosurePairParam = disclosureVersionParam.extend({
  other: z.coerce.number().int().positive(),
})
export const disclosureAttachmentParam = disclosureParam.extend({ attachmentId: z.uuid() })
export const questionParam = disclosureParam.extend({ questionId: z.uuid() })

export const attachmentUploadForm = z.object({ file: z.file() })

export const paperServiceBody = z.object({
  /** Voters by their handle (the voter's smallest unit number, as the service list gives it). */
  voters: z.array(z.string().min(1).max(100)).min(1).max(5_000),
  servedOn: date,
  servedBy: displayText(200),
})
export type PaperServiceBody = z.output<typeof paperServiceBody>

export const questionBody = z.object({
  text: z.string().trim().min(1).max(2_000),
  version: z.number().int().positive().nullable().default(null),
})
export const answerBody = z.object({ text: z.string().trim().min(1).max(5_000) })

export const cadenceSettingBody = z.object({
  kind: disclosureKind,
  periodMonths: z
    .union([z.literal(1), z.literal(3), z.literal(6), z.literal(12)])
    .nullable()
    .default(null),
  graceDays: z.number().int().nullable().default(null),
})
export type CadenceSettingBody = z.output<typeof cadenceSettingBody>
