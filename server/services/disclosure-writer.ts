import { randomUUID } from 'node:crypto'
import type { Transaction } from 'kysely'
import { disclosureBySource, insertDisclosure, insertVersion } from '../../db/repositories/disclosures'
import type { Database } from '../../db/schema'
import {
  cadenceOf,
  checkPeriod,
  disclosureSha256,
  isStatementKind,
  type DisclosureContent,
  type DisclosureKind,
  type Period,
} from '../domain/disclosures'
import { AppError } from '../errors'
import { appendAudit } from './audit'
import type { Who } from './meetings'

/**
 * A disclosure made by another use case and published at once as its first version, inside that use case's
 * transaction, so the record and its disclosure stand or fall together (domain §10: a survey's results "published as
 * a disclosure"). Once per source: a second call answers the disclosure the source has, `created: false`. The
 * version is hashed and stored as the disclosures service stores a published version (services/disclosures.ts
 * publishDisclosure, discloseDecisionIn); a kind without a statement or contract facts only, so nothing here needs
 * the checks those carry.
 */
export async function discloseIn(
  trx: Transaction<Database>,
  input: {
    readonly estateId: string
    readonly source: string
    readonly kind: Exclude<DisclosureKind, 'decisions' | 'property_contract'>
    readonly period: Period | null
    readonly visibility: 'public' | 'owners'
    readonly title: string
    readonly body: string
  },
  who: Who,
): Promise<{ id: string; number: number; sha256: string; created: boolean }> {
  const existing = await disclosureBySource(trx, input.source)
  if (existing) return { id: existing.id, number: 0, sha256: '', created: false }
  const problems = checkPeriod(cadenceOf(input.kind), input.period)
  if (problems.length > 0)
    throw new AppError('disclosure_invalid', `period: ${problems.join(', ')}`, { problems })
  // A periodic or money kind is published through the disclosures service, its series and statement checked there.
  if (cadenceOf(input.kind).kind === 'periodic' || isStatementKind(input.kind))
    throw new AppError('disclosure_invalid', `A ${input.kind} disclosure is published with its statement`)
  const { id, sha256 } = await publishFirstVersionIn(trx, { ...input, decidedAt: null }, who)
  return { id, number: 1, sha256, created: true }
}

/**
 * The one way a disclosure is made and published as its first version inside a caller's transaction: its row, the
 * version hashed over its content as publishDisclosure hashes one, and the audit entry. No checks: the callers
 * (discloseIn, discloseDecisionIn) make them for their kinds. `decidedAt`: a decision's instant (the decisions kind
 * is due within 3 days of it), null for the others.
 */
export async function publishFirstVersionIn(
  trx: Transaction<Database>,
  input: {
    readonly estateId: string
    readonly source: string
    readonly kind: DisclosureKind
    readonly period: Period | null
    readonly visibility: 'public' | 'owners'
    readonly decidedAt: string | null
    readonly title: string
    readonly body: string
  },
  who: Who,
): Promise<{ id: string; sha256: string }> {
  const id = randomUUID()
  const at = who.now.toISOString()
  await insertDisclosure(trx, {
    id,
    estate_id: input.estateId,
    kind: input.kind,
    period_start: input.period?.start ?? null,
    period_end: input.period?.end ?? null,
    visibility: input.visibility,
    source: input.source,
    decided_at: input.decidedAt,
    draft_json: null,
    draft_updated_at: null,
    created_by: who.actor,
    created_at: at,
  })
  const content: DisclosureContent = {
    kind: input.kind,
    period: input.period,
    visibility: input.visibility,
    title: input.title,
    body: input.body,
    statement: null,
    facts: null,
    attachments: [],
  }
  const sha256 = disclosureSha256(content)
  await insertVersion(trx, {
    disclosure_id: id,
    number: 1,
    title: input.title,
    body: input.body,
    statement_json: null,
    facts_json: null,
    attachments_json: '[]',
    reason: '',
    sha256,
    published_at: at,
    published_by: who.actor,
  })
  await appendAudit(trx, {
    ...who,
    action: 'disclosure.published',
    estateId: input.estateId,
    subject: id,
    after: {
      kind: input.kind,
      number: 1,
      sha256,
      source: input.source,
      ...(input.decidedAt !== null ? { decidedAt: input.decidedAt } : {}),
    },
    at: who.now,
  })
  return { id, sha256 }
}
