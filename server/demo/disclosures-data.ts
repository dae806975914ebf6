import type { Direction, Statement, StatementKind, StatementLine } from '../domain/statements'

/**
 * The demo estate's year of money statements (domain §9, 锦绣苑): the maintenance fund for two half-years
 * ("every 6 months") and common income for four quarters ("every quarter"). Pure data, integer fen, for a calendar
 * year the caller names; every version passes checkStatement, and each period opens at the previous one's closing.
 * The first half-year of the fund has a correction: its 第1版 left out a contribution that reached the account on
 * 28 June, and 第2版 adds it with the reason; the second half-year opens at the corrected closing. Counterparties
 * are made up, as the estate is; the purposes and documents are as a committee's ledger writes them.
 */

export interface DemoStatementVersion {
  readonly statement: Statement
  /** What a later version corrects ('' for the first). */
  readonly reason: string
}

export interface DemoMoneyDisclosure {
  readonly kind: StatementKind
  readonly periodStart: string
  readonly periodEnd: string
  readonly title: string
  readonly body: string
  /** The published versions in order: the first, then each correction with its reason. */
  readonly versions: readonly DemoStatementVersion[]
}

type Row = readonly [
  monthDay: string,
  direction: Direction,
  amountFen: number,
  counterparty: string,
  purpose: string,
  document: string,
]

const lines = (year: number, rows: readonly Row[]): StatementLine[] =>
  rows.map(([monthDay, direction, amountFen, counterparty, purpose, document]) => ({
    date: `${year}-${monthDay}`,
    direction,
    amountFen,
    counterparty,
    purpose,
    document,
  }))

const BANK = '中国建设银行上海锦绣支行'
const MANAGER = '上海锦程物业管理有限公司'
const TAX = '国家税务总局上海市税务局'
const ADS = '上海楼宇视讯广告有限公司'
const LOCKERS = '上海速递柜科技有限公司'

/** The estate's four quarters of common income and two half-years of the maintenance fund, oldest first per kind. */
export function demoMoneyDisclosures(year: number): DemoMoneyDisclosure[] {
  const y = year
  const fundBody = (half: string) =>
    `锦绣苑业主委员会公布${y}年${half}专项维修资金的缴存、使用和结余情况（民法典第二百八十一条）。` +
    '每一笔支出均经业主大会或业主委员会决议，原始凭证存业主委员会办公室，业主可预约查阅。'
  const incomeBody = (quarter: string) =>
    `锦绣苑业主委员会公布${y}年${quarter}利用共有部分经营所得的收益及其支出（民法典第二百八十二条）。` +
    '停车收费由物业服务企业代收，按物业服务合同第十二条提取 10% 代收代管服务费。'

  const h1: Row[] = [
    [
      '01-15',
      'income',
      2_345_600,
      '锦绣苑1—4幢业主',
      `专项维修资金续筹（${y - 1}年第四季度缴存）`,
      `续筹缴存汇总表 ${y}-001`,
    ],
    [
      '02-10',
      'spending',
      1_280_000,
      '上海恒梯电梯工程有限公司',
      '2幢2单元电梯曳引钢丝绳更换',
      `发票 31004512；业委会决议 ${y - 1}-07`,
    ],
    ['03-21', 'income', 672_318, BANK, '维修资金专户一季度结息', `结息单 ${y}Q1`],
    [
      '04-18',
      'spending',
      4_860_000,
      '上海固盾防水工程有限公司',
      '5幢屋面防水层翻新（首期款，合同额的60%）',
      `发票 31007789；业主大会决议 ${y - 1}-02`,
    ],
    [
      '05-30',
      'spending',
      350_000,
      '上海诚信工程造价咨询有限公司',
      '5幢屋面防水工程造价审核',
      '发票 31008120',
    ],
    ['06-21', 'income', 680_147, BANK, '维修资金专户二季度结息', `结息单 ${y}Q2`],
  ]
  const late: Row = [
    '06-28',
    'income',
    1_892_000,
    '锦绣苑5—8幢业主',
    `专项维修资金续筹（${y}年第一季度缴存）`,
    `续筹缴存汇总表 ${y}-002`,
  ]
  const h1Corrected = [...h1.slice(0, 5), late, ...h1.slice(5)].sort((a, b) =>
    a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0,
  )
  const h2: Row[] = [
    [
      '07-12',
      'spending',
      2_835_000,
      '上海固盾防水工程有限公司',
      '5幢屋面防水层翻新（尾款，合同额的35%；5%质保金留待保修期满）',
      '发票 31011235；竣工验收单',
    ],
    [
      '08-05',
      'spending',
      986_000,
      '上海安泰消防设备维保有限公司',
      '地下车库消防喷淋主管更换',
      `发票 31012006；业委会决议 ${y}-04`,
    ],
    ['09-21', 'income', 669_052, BANK, '维修资金专户三季度结息', `结息单 ${y}Q3`],
    [
      '10-16',
      'income',
      2_103_400,
      '锦绣苑9—12幢业主',
      `专项维修资金续筹（${y}年第二季度缴存）`,
      `续筹缴存汇总表 ${y}-003`,
    ],
    [
      '11-20',
      'spending',
      1_575_000,
      '上海恒梯电梯工程有限公司',
      '7幢1单元电梯控制柜主板更换',
      `发票 31015540；业委会决议 ${y}-09`,
    ],
    ['12-21', 'income', 658_809, BANK, '维修资金专户四季度结息', `结息单 ${y}Q4`],
  ]

  const parking = (monthDay: string, month: number, amountFen: number): Row => [
    monthDay,
    'income',
    amountFen,
    MANAGER,
    `地面临时停车收费（${month}月，代收）`,
    `停车收费月报 ${y}-${String(month).padStart(2, '0')}`,
  ]
  const fee = (monthDay: string, amountFen: number): Row => [
    monthDay,
    'spending',
    amountFen,
    MANAGER,
    '公共收益代收代管服务费（本季度收入的10%）',
    '物业服务合同第十二条',
  ]
  const tax = (monthDay: string, quarter: string, amountFen: number): Row => [
    monthDay,
    'spending',
    amountFen,
    TAX,
    `公共收益增值税及附加（${quarter}）`,
    `完税凭证 3101-${y}-${monthDay.replace('-', '')}`,
  ]
  const q1: Row[] = [
    [
      '01-08',
      'income',
      3_600_000,
      ADS,
      '电梯轿厢广告位使用费（第一季度）',
      `合同 GG-${y - 1}-03；发票 31000211`,
    ],
    parking('01-31', 1, 1_264_500),
    parking('02-28', 2, 987_000),
    [
      '03-15',
      'income',
      450_000,
      LOCKERS,
      '智能快递柜场地使用费（第一季度）',
      `合同 KD-${y - 1}-01；发票 31001902`,
    ],
    parking('03-31', 3, 1_193_200),
    fee('03-31', 749_470),
    tax('03-31', '第一季度', 449_700),
  ]
  const q2: Row[] = [
    ['04-08', 'income', 3_600_000, ADS, '电梯轿厢广告位使用费（第二季度）', '发票 31003377'],
    parking('04-30', 4, 1_320_800),
    [
      '05-20',
      'spending',
      1_865_000,
      '上海绿苑园林绿化有限公司',
      '中心花园草坪补种及香樟树修剪',
      `发票 31006318；业委会决议 ${y}-02`,
    ],
    parking('05-31', 5, 1_287_600),
    ['06-15', 'income', 450_000, LOCKERS, '智能快递柜场地使用费（第二季度）', '发票 31007420'],
    parking('06-30', 6, 1_211_400),
    fee('06-30', 786_980),
    tax('06-30', '第二季度', 472_100),
  ]
  const q3: Row[] = [
    ['07-08', 'income', 3_600_000, ADS, '电梯轿厢广告位使用费（第三季度）', '发票 31010045'],
    parking('07-31', 7, 1_145_000),
    parking('08-31', 8, 1_098_700),
    [
      '09-10',
      'spending',
      528_000,
      '上海明达会计师事务所',
      '公共收益账目年度审计费（首期）',
      `发票 31013360；业委会决议 ${y}-06`,
    ],
    ['09-15', 'income', 450_000, LOCKERS, '智能快递柜场地使用费（第三季度）', '发票 31013391'],
    parking('09-30', 9, 1_260_300),
    fee('09-30', 755_400),
    tax('09-30', '第三季度', 453_240),
  ]
  const q4: Row[] = [
    ['10-08', 'income', 3_600_000, ADS, '电梯轿厢广告位使用费（第四季度）', '发票 31014502'],
    parking('10-31', 10, 1_223_000),
    [
      '11-18',
      'spending',
      1_200_000,
      '锦绣苑业主委员会（活动经费）',
      '重阳节敬老活动及慰问困难老人',
      `业主大会决议 ${y}-05；活动费用清单`,
    ],
    parking('11-30', 11, 1_176_500),
    ['12-15', 'income', 450_000, LOCKERS, '智能快递柜场地使用费（第四季度）', '发票 31016688'],
    [
      '12-20',
      'spending',
      2_680_000,
      '上海安居门禁系统工程有限公司',
      '小区东门、南门人行门禁闸机更换',
      `发票 31017015；业委会决议 ${y}-10`,
    ],
    fee('12-31', 644_950),
    tax('12-31', '第四季度', 386_970),
  ]

  const first = (statement: Statement): DemoStatementVersion => ({ statement, reason: '' })
  return [
    {
      kind: 'maintenance_fund',
      periodStart: `${y}-01-01`,
      periodEnd: `${y}-06-30`,
      title: `${y}年上半年专项维修资金收支情况`,
      body: fundBody('上半年'),
      versions: [
        first({ openingFen: 861_234_567, lines: lines(y, h1), closingFen: 858_442_632 }),
        {
          statement: { openingFen: 861_234_567, lines: lines(y, h1Corrected), closingFen: 860_334_632 },
          reason:
            `第1版漏记了6月28日到账的5—8幢业主续筹款 18,920.00 元（续筹缴存汇总表 ${y}-002），` +
            '本版补记这一笔，期末余额相应由 8,584,426.32 元更正为 8,603,346.32 元。',
        },
      ],
    },
    {
      kind: 'maintenance_fund',
      periodStart: `${y}-07-01`,
      periodEnd: `${y}-12-31`,
      title: `${y}年下半年专项维修资金收支情况`,
      body: fundBody('下半年'),
      versions: [first({ openingFen: 860_334_632, lines: lines(y, h2), closingFen: 858_369_893 })],
    },
    ...(
      [
        ['第一季度', '01-01', '03-31', 21_543_026, q1, 27_838_556],
        ['第二季度', '04-01', '06-30', 27_838_556, q2, 32_584_276],
        ['第三季度', '07-01', '09-30', 32_584_276, q3, 38_401_636],
        ['第四季度', '10-01', '12-31', 38_401_636, q4, 39_939_216],
      ] as const
    ).map(([quarter, start, end, openingFen, rows, closingFen]) => ({
      kind: 'common_income' as const,
      periodStart: `${y}-${start}`,
      periodEnd: `${y}-${end}`,
      title: `${y}年${quarter}公共收益收支情况`,
      body: incomeBody(quarter),
      versions: [first({ openingFen, lines: lines(y, rows), closingFen })],
    })),
  ]
}
