import type { Db } from '../../db/client'
import { chinaDate, DAY_MS, startOfChinaDate } from '../domain/calendar'
import type { ContractFacts, DisclosureKind, Period } from '../domain/disclosures'
import type { Statement, StatementLine } from '../domain/statements'
import { discloseSurveyResults, listSurveys } from '../services/surveys'
import {
  addDisclosureAttachment,
  createDisclosure,
  dueList,
  editDisclosureDraft,
  listDisclosures,
  publishDisclosure,
  setCadence,
} from '../services/disclosures'
import type { Who } from '../services/meetings'
import { demoMoneyDisclosures } from './disclosures-data'

/**
 * 锦绣苑's disclosures (domain §9), made through the disclosures service as its conveners would make them, on the
 * demo's clock: the last full calendar year of the maintenance fund (two half-years, the first corrected in 第2版
 * with its reason, the second opening at the corrected closing) and of common income (four quarters), from
 * `disclosures-data.ts`; the property service contract with its facts for the supervision board; the management
 * covenant in two versions. (The committee meetings' resolutions and the assembly's final announcement are disclosed
 * as decisions by the services that publish them, as the demo committee is seeded.) Since the committee took office,
 * every period of the fund, common income and the members' fee payments that has fallen due is published, so that
 * exactly one kind is overdue whatever the day the demo starts: the committee's working funds, which its covenant has
 * it publish monthly and which it has never published. The closed satisfaction surveys' results are disclosed too.
 */

export interface DemoDisclosures {
  /** The calendar year of `demoMoneyDisclosures`. */
  readonly year: number
  /** The maintenance fund's half-years, then common income's quarters, as published. */
  readonly money: readonly string[]
  readonly contract: string
  readonly covenant: string
  readonly decisions: readonly string[]
  /** The closed surveys' results, disclosed two days after each closed: survey id → disclosure id. */
  readonly surveys: ReadonlyMap<string, string>
  /** Periods published since the duty began beyond the data year, to keep their kinds up to date. */
  readonly caughtUp: readonly { kind: DisclosureKind; id: string; period: Period }[]
}

const HOUR_MS = 3_600_000
/** 10:00 China time of a China date, plus whole days. */
const morningOf = (date: string, days = 0) => new Date(startOfChinaDate(date) + days * DAY_MS + 10 * HOUR_MS)
const later = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b)
const convener = (now: Date): Who => ({ actor: 'system:seed', role: 'convener', now })

const STAFF = { staff: true, owner: false } as const

// The service takes the request's shapes, whose arrays are not readonly.
const statementBody = (st: Statement) => ({ ...st, lines: [...st.lines] })
const factsBody = (f: ContractFacts) => ({ ...f, fees: [...f.fees] })

/** The kinds kept up to date since the duty began; working funds are left overdue on purpose. */
const KEPT_UP: readonly DisclosureKind[] = ['maintenance_fund', 'common_income', 'fee_payment']

const MANAGER = '上海锦程物业管理有限公司'

function contractFacts(year: number): ContractFacts {
  return {
    company: MANAGER,
    contractStart: `${year}-01-01`,
    contractEnd: `${year + 2}-12-31`,
    serviceStandard: '《上海市住宅物业服务分等收费标准》二级',
    fees: [
      { item: '住宅物业服务费', rateFen: 230, unit: '㎡·月' },
      { item: '商铺物业服务费', rateFen: 450, unit: '㎡·月' },
      { item: '地下车位管理费', rateFen: 6_000, unit: '车位·月' },
      { item: '地面临时停车费', rateFen: 500, unit: '小时（首小时免费，每日封顶 30 元）' },
    ],
    hotline: '021-6487 0012（锦绣街道物业监督）',
  }
}

const COVENANT_V1 = [
  '第一条　本规约依据《中华人民共和国民法典》和《上海市住宅物业管理规定》制定，对全体业主和物业使用人具有约束力。',
  '第五条　业主不得擅自改变房屋用途，不得违法搭建，不得占用消防通道。',
  '第八条　利用共有部分经营所得的收益属于全体业主共有，扣除合理成本后，主要用于补充专项维修资金；业主委员会每季度公布收支情况。',
  '第十二条　本规约自业主大会通过之日起生效。',
].join('\n')
/** The second version restores the clause the first left out: working funds are published every month. */
const COVENANT_V2 = COVENANT_V1.replace(
  '业主委员会每季度公布收支情况。',
  '业主委员会每季度公布收支情况。\n　　业主委员会工作经费的收支，业主委员会每月公布一次。',
)

const CN_QUARTER = ['第一季度', '第二季度', '第三季度', '第四季度'] as const
const yearOf = (p: Period) => Number(p.end.slice(0, 4))
const monthOf = (date: string) => Number(date.slice(5, 7))
const halfOf = (p: Period) => (monthOf(p.end) <= 6 ? '上半年' : '下半年')
/** The last day of month `m` (1–12) of year `y`, as a China date (day 0 of the next month is this one's last). */
const lastDayOfMonth = (y: number, m: number) =>
  `${y}-${String(m).padStart(2, '0')}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`

/**
 * A short statement for a period after the data year, opening at the previous closing: the fund's bank interest
 * (credited on the 21st of each quarter's last month), or common income's monthly parking with the manager's 10%.
 */
function catchUpStatement(
  kind: 'maintenance_fund' | 'common_income',
  p: Period,
  openingFen: number,
): Statement {
  const lines: StatementLine[] = []
  const y = yearOf(p)
  for (let m = monthOf(p.start); m <= monthOf(p.end); m++) {
    const mm = String(m).padStart(2, '0')
    if (kind === 'maintenance_fund') {
      const day = `${y}-${mm}-21`
      if (m % 3 === 0 && day >= p.start && day <= p.end)
        lines.push({
          date: day,
          direction: 'income',
          amountFen: 650_000 + m * 1_237,
          counterparty: '中国建设银行上海锦绣支行',
          purpose: `维修资金专户${CN_QUARTER[m / 3 - 1] ?? ''}结息`,
          document: `结息单 ${y}Q${m / 3}`,
        })
    } else {
      lines.push({
        date: lastDayOfMonth(y, m),
        direction: 'income',
        amountFen: 1_200_000 + m * 7_300,
        counterparty: MANAGER,
        purpose: `地面临时停车收费（${m}月，代收）`,
        document: `停车收费月报 ${y}-${mm}`,
      })
    }
  }
  if (kind === 'common_income') {
    const income = lines.reduce((s, l) => s + l.amountFen, 0)
    lines.push({
      date: p.end,
      direction: 'spending',
      amountFen: Math.floor(income / 10),
      counterparty: MANAGER,
      purpose: '公共收益代收代管服务费（本期收入的10%）',
      document: '物业服务合同第十二条',
    })
  }
  const closingFen = lines.reduce(
    (s, l) => s + (l.direction === 'income' ? l.amountFen : -l.amountFen),
    openingFen,
  )
  return { openingFen, lines, closingFen }
}

function catchUpTitle(kind: DisclosureKind, p: Period): string {
  const y = yearOf(p)
  if (kind === 'maintenance_fund') return `${y}年${halfOf(p)}专项维修资金收支情况`
  if (kind === 'common_income')
    return `${y}年${CN_QUARTER[Math.floor((monthOf(p.end) - 1) / 3)] ?? ''}公共收益收支情况`
  return `${y}年${halfOf(p)}业主委员会委员缴纳物业费和专项维修资金情况`
}

function catchUpBody(kind: DisclosureKind, p: Period): string {
  if (kind === 'maintenance_fund')
    return `锦绣苑业主委员会公布${p.start}至${p.end}专项维修资金的缴存、使用和结余情况（民法典第二百八十一条）。本期无使用支出。`
  if (kind === 'common_income')
    return `锦绣苑业主委员会公布${p.start}至${p.end}利用共有部分经营所得的收益及其支出（民法典第二百八十二条）。`
  // 北京 art. 44: the members' own payment of fees and contributions.
  return `${p.start}至${p.end}，第一届业主委员会全体委员均已按时足额缴纳物业服务费和专项维修资金，无欠缴。`
}

/**
 * A one-page PDF (A4) with a few lines of text in Helvetica: the contract's signature page as the demo's scan of it,
 * built with its cross-reference offsets so readers open it.
 */
export function demoPdf(lines: readonly string[]): Uint8Array {
  const text = lines
    .map((l, i) => `BT /F1 12 Tf 72 ${770 - i * 20} Td (${l.replace(/[\\()]/g, (c) => `\\${c}`)}) Tj ET`)
    .join('\n')
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
  ]
  let out = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((o, i) => {
    offsets.push(out.length)
    out += `${i + 1} 0 obj\n${o}\nendobj\n`
  })
  const xref = out.length
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return new TextEncoder().encode(out)
}

/** Creates a disclosure and publishes its first version at `at`; returns its id. */
async function publishNew(
  db: Db,
  estateId: string,
  input: {
    kind: DisclosureKind
    period: Period | null
    title: string
    body: string
    statement?: Statement
    facts?: ContractFacts
    attachment?: { fileName: string; bytes: Uint8Array }
  },
  at: Date,
): Promise<string> {
  const { id } = await createDisclosure(
    db,
    estateId,
    {
      kind: input.kind,
      period: input.period,
      visibility: 'public',
      decidedAt: null,
      title: input.title,
      body: input.body,
      statement: input.statement ? statementBody(input.statement) : null,
      facts: input.facts ? factsBody(input.facts) : null,
    },
    convener(new Date(at.getTime() - HOUR_MS)),
  )
  if (input.attachment)
    await addDisclosureAttachment(
      db,
      estateId,
      id,
      input.attachment,
      convener(new Date(at.getTime() - HOUR_MS / 2)),
    )
  await publishDisclosure(db, estateId, id, { reason: '' }, convener(at))
  return id
}

/**
 * Seeds the disclosures at `now` once: null when the estate has its property contract disclosed already. Run after
 * the demo committee, whose term's start is when the duty to disclose began, and after the demo surveys.
 */
export async function seedDemoDisclosures(
  db: Db,
  estateId: string,
  opts: { now: Date },
): Promise<DemoDisclosures | null> {
  const { now } = opts
  const existing = await listDisclosures(db, estateId, STAFF)
  if (existing.disclosures.some((d) => d.kind === 'property_contract')) return null
  const { dutyStart } = await dueList(db, estateId, STAFF, now)
  // Without a committee (a bare demo estate) the story is dated as if its term began three months ago.
  const duty = dutyStart ?? chinaDate(now.getTime() - 92 * DAY_MS)
  // The last calendar year whose fourth quarter could be published by now (ten days after it ended).
  const year = Number(chinaDate(now.getTime() - 11 * DAY_MS).slice(0, 4)) - 1
  const took = (days: number) => morningOf(duty, days)

  // On taking office the committee posts the contract and the covenant; a week on, the covenant's 第2版 restores
  // the clause on working funds that 第1版 left out, and the estate's cadence follows it.
  const contract = await publishNew(
    db,
    estateId,
    {
      kind: 'property_contract',
      period: null,
      title: '物业服务合同及收费标准',
      body: `锦绣苑与${MANAGER}签订的物业服务合同（${year}年1月1日至${year + 2}年12月31日），服务内容、标准、收费项目和标准如下（民法典第九百四十三条）。合同全文存业主委员会办公室，业主可预约查阅。`,
      facts: contractFacts(year),
      attachment: {
        fileName: '物业服务合同签字页.pdf',
        bytes: demoPdf([
          'Jinxiu Garden - property service contract (demo)',
          `Term: ${year}-01-01 to ${year + 2}-12-31`,
          `Manager: Shanghai Jincheng Property Management Co., Ltd.`,
          'Signature page: owners committee / property company',
        ]),
      },
    },
    took(2),
  )
  const covenant = await publishNew(
    db,
    estateId,
    { kind: 'management_covenant', period: null, title: '锦绣苑管理规约（现行）', body: COVENANT_V1 },
    new Date(took(2).getTime() + HOUR_MS),
  )
  await editDisclosureDraft(
    db,
    estateId,
    covenant,
    { title: '锦绣苑管理规约（现行）', body: COVENANT_V2, statement: null, facts: null, attachmentIds: [] },
    convener(took(9)),
  )
  await publishDisclosure(
    db,
    estateId,
    covenant,
    {
      reason:
        '第1版漏登了业主大会表决通过的第八条第二款（业主委员会工作经费每月公布），本版补正，其余条款不变。',
    },
    convener(new Date(took(9).getTime() + HOUR_MS)),
  )
  // 上海 art. 48 asks for working funds every six months; this estate's covenant asks for every month.
  await setCadence(
    db,
    estateId,
    { kind: 'working_funds', periodMonths: 1, graceDays: null },
    convener(new Date(took(9).getTime() + 2 * HOUR_MS)),
  )

  // The committee's resolutions and the assembly's final announcement were disclosed as decisions when the demo
  // committee published them (services/committee-meetings.ts, meeting-results.ts), each within its 3 days.
  const decisions = existing.disclosures.filter((d) => d.kind === 'decisions').map((d) => d.id)

  // The data year's statements, in period order so each opens at the one before: published four days after the
  // committee took office or ten days after the period ended, whichever is later, and a day after the kind's
  // previous one; 上半年's correction comes four days after its first version, before 下半年 is published.
  const money: string[] = []
  const closing = new Map<DisclosureKind, number>()
  const lastAt = new Map<DisclosureKind, Date>()
  for (const m of demoMoneyDisclosures(year)) {
    const period = { start: m.periodStart, end: m.periodEnd }
    const previous = lastAt.get(m.kind)
    let at = later(took(4), morningOf(m.periodEnd, 10))
    if (previous) at = later(at, new Date(previous.getTime() + DAY_MS))
    const [first, ...corrections] = m.versions
    if (!first) continue
    const id = await publishNew(
      db,
      estateId,
      { kind: m.kind, period, title: m.title, body: m.body, statement: first.statement },
      at,
    )
    for (const v of corrections) {
      at = new Date(at.getTime() + 4 * DAY_MS)
      await editDisclosureDraft(
        db,
        estateId,
        id,
        {
          title: m.title,
          body: m.body,
          statement: statementBody(v.statement),
          facts: null,
          attachmentIds: [],
        },
        convener(at),
      )
      await publishDisclosure(
        db,
        estateId,
        id,
        { reason: v.reason },
        convener(new Date(at.getTime() + HOUR_MS)),
      )
    }
    closing.set(m.kind, (m.versions.at(-1) ?? first).statement.closingFen)
    lastAt.set(m.kind, at)
    money.push(id)
  }

  // Since the duty began: every period of the kinds kept up that has fallen due, published ten days after it ended.
  const caughtUp: { kind: DisclosureKind; id: string; period: Period }[] = []
  for (let i = 0; i < 24; i++) {
    const { kinds } = await dueList(db, estateId, STAFF, now)
    const late = kinds.find((k) => KEPT_UP.includes(k.kind) && k.overdueDays > 0 && k.next?.period)
    const period = late?.next?.period
    if (!late || !period) break
    const kind = late.kind
    const statement =
      kind === 'maintenance_fund' || kind === 'common_income'
        ? catchUpStatement(kind, period, closing.get(kind) ?? 0)
        : undefined
    if (statement) closing.set(kind, statement.closingFen)
    const id = await publishNew(
      db,
      estateId,
      {
        kind,
        period,
        title: catchUpTitle(kind, period),
        body: catchUpBody(kind, period),
        ...(statement ? { statement } : {}),
      },
      new Date(Math.min(morningOf(period.end, 10).getTime(), now.getTime() - HOUR_MS)),
    )
    caughtUp.push({ kind, id, period })
  }

  // The closed satisfaction surveys' results (domain §10), published two days after each closed.
  const surveys = new Map<string, string>()
  for (const x of (await listSurveys(db, estateId, true, now)).surveys) {
    if (x.phase !== 'closed') continue
    const at = new Date(Math.min(Date.parse(x.closesAt) + 2 * DAY_MS + 10 * HOUR_MS, now.getTime()))
    surveys.set(x.id, (await discloseSurveyResults(db, estateId, x.id, convener(at))).disclosureId)
  }
  return { year, money, contract, covenant, decisions, caughtUp, surveys }
}
