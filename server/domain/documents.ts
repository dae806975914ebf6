import { diffArrays } from 'diff'
import type { Fraction, ResolutionKind } from './bundle'
import { RESOLUTION_KINDS } from './bundle'
import type { VoteChange } from './ballot'
import { VOTE_CHANGES } from './ballot'
import { canonicalJson, type Json } from './canonical'
import { sha256Hex } from './sha256'
import { atLeastAsStrict, LAW_PARTICIPATION, lawApproval, thresholdZh } from './thresholds'

/**
 * The estate's documents drafted from the templates the product ships (domain §7.3 (3); 上海 art. 16 (二)–(三)): the
 * rules of procedure (议事规则), the management covenant (管理规约) and the maintenance-fund covenant (维修资金管理规约).
 * A document is text with typed fields; the rules of procedure carry THE SETTINGS THE PRODUCT USES — named as the
 * meetings name them (services/meetings.ts MeetingSettings) — which become the estate's once the rules pass.
 */

export type DocumentTemplate = 'rules_of_procedure' | 'management_covenant' | 'maintenance_fund_covenant'
export const DOCUMENT_TEMPLATES: readonly DocumentTemplate[] = [
  'rules_of_procedure',
  'management_covenant',
  'maintenance_fund_covenant',
]

/** The settings a rules-of-procedure document fixes (names as in MeetingSettings; thresholds as in a bundle). */
export interface RulesSettings {
  /** 指导规则 art. 25: whether parking spaces count. */
  readonly countParking: boolean
  /** 视为同意 (domain §4). */
  readonly deemedConsent: boolean
  /** Whether an owner may change their vote (domain §6.2). */
  readonly voteChange: VoteChange
  /** Days of the objection period after the preliminary result (domain §6.1 step 4). */
  readonly objectionDays: number
  /** Days after the close during which paper handed in before it is keyed in (domain §6.1 step 3). */
  readonly countingDays: number
  /** A participation threshold stricter than the law's 2/3 (民法典 art. 278(2)); null: the law's. */
  readonly participation: Fraction | null
  /** Approval thresholds stricter than the law's rule for the kind (民法典 art. 278(2)); absent: the law's. */
  readonly approval: Partial<Record<ResolutionKind, Fraction>>
}

export interface DocumentFields {
  readonly estateName: string
  readonly address: string
  /** Rules of procedure only. */
  readonly settings?: RulesSettings
}

export type FieldProblem = { readonly path: string; readonly message: string }

const isFraction = (f: Fraction) =>
  Number.isSafeInteger(f.num) && Number.isSafeInteger(f.den) && f.num > 0 && f.den > 0 && f.num <= f.den

/**
 * What the law forbids in the fields (the shape is checked at the edge): thresholds looser than the law's
 * (民法典 art. 278(2); rules of procedure may be stricter, never looser — domain §4), a fraction that is not one,
 * settings on a document that is not the rules of procedure. The settings' own ranges (objection and counting
 * days) are the meetings' checks, applied by the service with them.
 */
export function checkFields(template: DocumentTemplate, fields: DocumentFields): FieldProblem[] {
  const problems: FieldProblem[] = []
  const s = fields.settings
  if (template !== 'rules_of_procedure') {
    if (s) problems.push({ path: 'fields.settings', message: 'only the rules of procedure carry settings' })
    return problems
  }
  if (!s) return [{ path: 'fields.settings', message: 'the rules of procedure fix the settings' }]
  if (!VOTE_CHANGES.includes(s.voteChange))
    problems.push({ path: 'fields.settings.voteChange', message: 'unknown' })
  if (s.participation) {
    if (!isFraction(s.participation))
      problems.push({ path: 'fields.settings.participation', message: 'not a fraction of at most 1' })
    else if (!atLeastAsStrict(s.participation, LAW_PARTICIPATION))
      problems.push({
        path: 'fields.settings.participation',
        message: `looser than the law (${thresholdZh(LAW_PARTICIPATION)})`,
      })
  }
  for (const [kind, f] of Object.entries(s.approval) as [ResolutionKind, Fraction][]) {
    const path = `fields.settings.approval.${kind}`
    if (!RESOLUTION_KINDS.includes(kind)) problems.push({ path, message: 'not a resolution kind' })
    else if (!isFraction(f)) problems.push({ path, message: 'not a fraction of at most 1' })
    else if (!atLeastAsStrict(f, lawApproval(kind)))
      problems.push({ path, message: `looser than the law (${thresholdZh(lawApproval(kind))})` })
  }
  return problems
}

export interface DocumentContent {
  readonly template: DocumentTemplate
  readonly title: string
  readonly text: string
  readonly fields: DocumentFields
}

/** SHA-256 of the canonical JSON of a version's content: what identifies a published version. */
export function documentSha256(c: DocumentContent): string {
  return sha256Hex(canonicalJson(c as unknown as Json))
}

// ---- rendering --------------------------------------------------------------------------------------------------

const VOTE_CHANGE_ZH: Record<VoteChange, string> = {
  final: '表决票一经提交不得更改',
  once_before_close: '表决期内可以更改一次',
  last_counts: '表决期内可以更改，以最后一次提交为准',
}

/** The words a field stands for in the text ({{estateName}}, {{countParking}} …). */
export function fieldWords(fields: DocumentFields): Record<string, string> {
  const s = fields.settings
  const words: Record<string, string> = { estateName: fields.estateName, address: fields.address }
  if (s) {
    words['countParking'] = s.countParking ? '计入' : '不计入'
    words['deemedConsent'] = s.deemedConsent
      ? '已送达表决票而在表决期内未表决的业主，视为同意参与表决业主的多数意见'
      : '未参与表决的业主不视为同意，不计入同意票'
    words['voteChange'] = VOTE_CHANGE_ZH[s.voteChange]
    words['objectionDays'] = String(s.objectionDays)
    words['countingDays'] = String(s.countingDays)
    words['participation'] = thresholdZh(s.participation ?? LAW_PARTICIPATION)
    const stricter = Object.entries(s.approval) as [ResolutionKind, Fraction][]
    words['approval'] =
      stricter.length === 0
        ? '各事项按法律规定的比例通过'
        : stricter.map(([k, f]) => `${KIND_ZH[k]}须${thresholdZh(f)}同意`).join('；')
  }
  return words
}

const KIND_ZH: Record<ResolutionKind, string> = {
  rules_of_procedure: '制定和修改议事规则',
  management_covenant: '制定和修改管理规约',
  property_manager: '选聘和解聘物业服务企业',
  use_maintenance_fund: '使用维修资金',
  raise_maintenance_fund: '筹集维修资金',
  rebuild: '改建、重建建筑物',
  common_parts_use: '改变共有部分的用途或者利用共有部分从事经营活动',
  other_major: '其他重大事项',
}

/** The text with each {{field}} replaced by its words; an unknown name stays as written. */
export function renderDocument(text: string, fields: DocumentFields): string {
  const words = fieldWords(fields)
  return text.replace(/\{\{(\w+)\}\}/g, (all, name: string) => words[name] ?? all)
}

// ---- comparing ----------------------------------------------------------------------------------------------------

export type LineOp = { readonly op: 'same' | 'removed' | 'added'; readonly line: string }

/**
 * Edits beyond which the comparison is by whole blocks: a Myers diff costs (lines × edits), and two unrelated texts of
 * thousands of lines would otherwise be compared line against line.
 */
export const MAX_DIFF_EDITS = 3000

/**
 * A line diff of two texts (jsdiff's Myers diff over the lines): each line of the result is in both, only in the
 * first (removed) or only in the second (added), in reading order, a removal before the addition that replaces it.
 */
export function diffLines(before: string, after: string): LineOp[] {
  const a = before.split('\n')
  const b = after.split('\n')
  const changes = diffArrays(a, b, { maxEditLength: MAX_DIFF_EDITS })
  if (!changes)
    return [
      ...a.map((line): LineOp => ({ op: 'removed', line })),
      ...b.map((line): LineOp => ({ op: 'added', line })),
    ]
  return changes.flatMap((c) =>
    c.value.map((line): LineOp => ({ op: c.added ? 'added' : c.removed ? 'removed' : 'same', line })),
  )
}

/** The fields (by dotted path) whose values differ between two versions. */
export function changedFieldPaths(before: DocumentFields, after: DocumentFields): string[] {
  const flat = (v: unknown, path: string, out: Map<string, string>) => {
    // A threshold is one field ({num, den, strict}), not three.
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && !('num' in v && 'den' in v))
      for (const [k, x] of Object.entries(v)) flat(x, path ? `${path}.${k}` : k, out)
    else out.set(path, JSON.stringify(v))
    return out
  }
  const a = flat(before, '', new Map())
  const b = flat(after, '', new Map())
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort()
  return keys.filter((k) => a.get(k) !== b.get(k))
}

/** The stricter of two thresholds (thresholds.ts: cross-multiplied, "more than" above "at least" at a tie). */
const stricter = (a: Fraction, b: Fraction): Fraction => (atLeastAsStrict(a, b) ? a : b)

/**
 * A matter as the estate's passed rules of procedure bind it (domain §4; 民法典 art. 278(2): thresholds may be made
 * stricter, never looser): its participation threshold at least the rules' (every matter, elections included: the
 * rules' quorum is the assembly's), its approval threshold at least the rules' for its kind (resolutions; an
 * election's approval is the law's majority of both dimensions, the rules set none for it). A matter's own stricter
 * threshold stands.
 */
export function boundByRules<
  M extends { readonly kind: string; readonly participation?: Fraction; readonly approval?: Fraction },
>(matter: M, rules: Pick<RulesSettings, 'participation' | 'approval'>): M {
  const participation = rules.participation
    ? matter.participation
      ? stricter(matter.participation, rules.participation)
      : rules.participation
    : matter.participation
  const adopted = (rules.approval as Partial<Record<string, Fraction>>)[matter.kind]
  const approval = adopted
    ? matter.approval
      ? stricter(matter.approval, adopted)
      : adopted
    : matter.approval
  return {
    ...matter,
    ...(participation ? { participation } : {}),
    ...(approval ? { approval } : {}),
  }
}
