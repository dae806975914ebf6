import { chinaDate, legalPeriodEnd, type HolidayTable, type LegalEnd } from './calendar'

/**
 * Filing (备案) of the first assembly and its committee with the street office (domain §7.6). 上海 art. 23: within
 * 30 days of the committee's election, the meeting's record and decisions, the rules of procedure, the management
 * covenant, the maintenance-fund covenant, the list of members with their written undertakings and the record of
 * their training are filed. Pure: the clock and the holiday table are passed in.
 */

/** 上海 art. 23: 自选举产生之日起30日内. */
export const FILING_DAYS = 30

/**
 * When the filing is due: 24:00 of the 30th day after the election (民法典 art. 201: the day of the election is not
 * counted; art. 203: a last day that is a public holiday moves to the next working day). The committee is elected
 * when the final result of the meeting is published: before it, the objection period may still undo the election.
 */
export function filingDue(electedAt: number, holidays: HolidayTable): LegalEnd {
  return legalPeriodEnd(electedAt, FILING_DAYS, holidays)
}

/** The parts of a filing package, in the order 上海 art. 23 names them. */
export const FILING_PARTS = [
  'decisions',
  'detail',
  'summary',
  'results',
  'rules_of_procedure',
  'management_covenant',
  'maintenance_fund_covenant',
  'members',
  'training',
] as const

export type FilingPart = (typeof FILING_PARTS)[number]

/** The three documents of the assembly adopted by the first meeting (domain §7.3). */
export const FILING_DOCUMENT_KINDS = [
  'rules_of_procedure',
  'management_covenant',
  'maintenance_fund_covenant',
] as const satisfies readonly FilingPart[]

export type FilingDocumentKind = (typeof FILING_DOCUMENT_KINDS)[number]

/** What each part is, for the index and the cover: Chinese first, English second. */
export const FILING_PART_NAMES: Readonly<Record<FilingPart, { readonly zh: string; readonly en: string }>> = {
  decisions: {
    zh: '业主大会会议记录和决定（表决结果公告）',
    en: 'record and decisions of the meeting (the announcement)',
  },
  detail: { zh: '明细表', en: 'detail table: every voter with channel, receipt and choices' },
  summary: { zh: '汇总表', en: 'summary table: the result per matter' },
  results: {
    zh: '表决结果文件（可复核）',
    en: 'results file (recomputable; its SHA-256 is in the announcement)',
  },
  rules_of_procedure: { zh: '业主大会议事规则', en: 'rules of procedure of the assembly' },
  management_covenant: { zh: '管理规约', en: 'management covenant' },
  maintenance_fund_covenant: { zh: '维修资金管理规约', en: 'maintenance-fund covenant' },
  members: { zh: '业主委员会委员名单及书面承诺书', en: 'committee members and their written undertakings' },
  training: { zh: '委员培训记录', en: 'record of the members’ training' },
}

/** A member's written undertaking (承诺书) is signed on a China date, or missing. */
export interface UndertakingState {
  readonly signedOn: string | null
}

/** How many members have not signed their undertaking: each one is named missing (缺) in the package. */
export function undertakingsMissing(members: readonly UndertakingState[]): number {
  return members.filter((m) => m.signedOn === null).length
}

/** Whether the filing, made at `at`, is within the period of 上海 art. 23. */
export function filedInTime(electedAt: number, at: number, holidays: HolidayTable): boolean {
  return at < filingDue(electedAt, holidays).at
}

/** The China date of the election, as printed on the cover. */
export const electionDate = (electedAt: number): string => chinaDate(electedAt)
