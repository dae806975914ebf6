import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseDate, parseYuan, STATEMENT_MAX_UPLOAD_BYTES } from '../../server/services/statement-import'
import { call, enrolStaff, ORIGIN, tempDb, type SignedIn } from '../support'
import { stage, type Json } from '../support/stage'

/**
 * POST /api/estates/:estateId/statements/parse (domain §9: "statements can be imported from a spreadsheet"): a
 * convener's CSV or .xlsx file read into a money statement, or refused with every problem by its line in the file;
 * nothing kept either way.
 */

const s = stage({ db: tempDb, at: new Date('2026-07-05T02:00:00Z') })
let convener: SignedIn
let otherConvener: SignedIn
let supervisor: SignedIn

beforeAll(async () => {
  const admin = await enrolStaff(s.a, s.t.db, 'admin', null)
  for (const id of ['jinxiu', 'qingyuan']) {
    const res = await call(s.a.app, 'POST', '/api/estates', { cookie: admin.cookie, body: { id, name: id } })
    expect(res.status).toBe(201)
  }
  convener = await enrolStaff(s.a, s.t.db, 'convener', 'jinxiu')
  otherConvener = await enrolStaff(s.a, s.t.db, 'convener', 'qingyuan')
  supervisor = await enrolStaff(s.a, s.t.db, 'supervisor', 'jinxiu')
})

const H1 = 'periodStart=2026-01-01&periodEnd=2026-06-30'

async function parse(
  file: Uint8Array | string,
  opts: { query?: string; who?: SignedIn | null; name?: string; estate?: string } = {},
): Promise<{ status: number; body: Json }> {
  const form = new FormData()
  const bytes = typeof file === 'string' ? Buffer.from(file) : file
  form.append('file', new File([new Uint8Array(bytes)], opts.name ?? 'statement.csv'))
  const who = opts.who === undefined ? convener : opts.who
  const res = await s.a.app.request(
    `/api/estates/${opts.estate ?? 'jinxiu'}/statements/parse?${opts.query ?? H1}`,
    {
      method: 'POST',
      body: form,
      headers: { origin: ORIGIN, ...(who ? { cookie: who.cookie } : {}) },
    },
  )
  return { status: res.status, body: (await res.json()) as Json }
}

/** The maintenance fund's first half-year as a property company's ledger has it: 1,000.00 + 1,234.56 − 300.50. */
const FUND_CSV = [
  '日期,收支,金额（元）,对方,用途,凭证',
  '期初余额,,"1,000.00",,,',
  '2026-01-01,收入,"1,234.56",1幢业主,专项维修资金续筹,收据 No.0001',
  '2026/6/30,支出,300.5,上海某某电梯工程有限公司,3号电梯更换曳引机,发票 31001234',
  '期末余额,,1934.06,,,',
].join('\r\n')

const FUND_LINES = [
  {
    date: '2026-01-01',
    direction: 'income',
    amountFen: 123_456,
    counterparty: '1幢业主',
    purpose: '专项维修资金续筹',
    document: '收据 No.0001',
  },
  {
    date: '2026-06-30',
    direction: 'spending',
    amountFen: 30_050,
    counterparty: '上海某某电梯工程有限公司',
    purpose: '3号电梯更换曳引机',
    document: '发票 31001234',
  },
]

const problemsOf = (body: Json) => (body.error.details.problems as Json[]).map((p) => [p.line, p.code])

describe('POST /api/estates/:estateId/statements/parse: a statement from a CSV file', () => {
  it('reads a UTF-8 CSV into the statement, amounts in fen from the typed yuan, with its totals', async () => {
    const { status, body } = await parse(FUND_CSV)
    expect(status).toBe(200)
    expect(body.statement).toEqual({ openingFen: 100_000, lines: FUND_LINES, closingFen: 193_406 })
    expect(body.totals).toEqual({ incomeFen: 123_456, spendingFen: 30_050 })
    expect(body).toMatchObject({ format: 'csv', encoding: 'utf-8', skipped: [] })
  })

  it.each([
    [
      'UTF-8 with a byte-order mark',
      () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(FUND_CSV)]),
      'utf-8-bom',
    ],
    ['GBK, as Chinese Excel saves a CSV', () => iconv.encode(FUND_CSV, 'gbk'), 'gb18030'],
    ['UTF-16 with a byte-order mark', () => iconv.encode(FUND_CSV, 'utf-16le', { addBOM: true }), 'utf-16'],
  ])('reads the same statement from %s', async (_, bytes, encoding) => {
    const { status, body } = await parse(bytes())
    expect(status).toBe(200)
    expect(body.encoding).toBe(encoding)
    expect(body.statement).toEqual({ openingFen: 100_000, lines: FUND_LINES, closingFen: 193_406 })
  })

  it('reads English column names and direction words, tab-separated, with the balances beside the file', async () => {
    const tsv = [
      'Date\tDirection\tAmount (yuan)\tCounterparty\tPurpose\tDocument',
      '2026-03-01\tincome\t¥12\tCar park users\tParking fees, March\t',
      '2026-03-02\tspending\t0.05\tBank\tCharges\tslip 7',
    ].join('\n')
    const { status, body } = await parse(tsv, { query: `${H1}&opening=0&closing=11.95` })
    expect(status).toBe(200)
    expect(body.statement).toMatchObject({ openingFen: 0, closingFen: 1_195 })
    expect(body.statement.lines.map((l: Json) => [l.direction, l.amountFen, l.document])).toEqual([
      ['income', 1_200, ''],
      ['spending', 5, 'slip 7'],
    ])
  })

  it('ignores columns that are not the statement’s (序号, 余额, 备注)', async () => {
    const csv = [
      '序号,日期,类型,金额,余额,对方,摘要,备注',
      ',期初余额,,10,,,,',
      '1,2026-02-01,支出,2.5,7.5,物业公司,清洁用品,现金',
      ',期末余额,,7.50,,,,',
    ].join('\n')
    const { status, body } = await parse(csv)
    expect(status).toBe(200)
    expect(body.statement).toEqual({
      openingFen: 1_000,
      lines: [
        {
          date: '2026-02-01',
          direction: 'spending',
          amountFen: 250,
          counterparty: '物业公司',
          purpose: '清洁用品',
          document: '',
        },
      ],
      closingFen: 750,
    })
  })
})

describe('POST /api/estates/:estateId/statements/parse: a cash book (收入 and 支出 columns, a running 余额)', () => {
  const BOOK = [
    '日期,摘要,对方,收入,支出,余额,凭证号',
    ',期初余额,,,,"8,612,345.67",',
    '2026-01-15,专项维修资金续筹,锦绣苑1—4幢业主,"23,456.00",0.00,"8,635,801.67",汇总表 001',
    '2026-02-10,电梯曳引钢丝绳更换,上海恒梯电梯工程有限公司,,"12,800.00","8,623,001.67",发票 31004512',
    '2026-03-21,专户结息,中国建设银行上海锦绣支行,6723.18,-,"8,629,724.85",结息单',
    ',期末余额,,,,"8,629,724.85",',
  ]

  it('reads the direction from the column that has the figure, the balances from 余额', async () => {
    const { status, body } = await parse(BOOK.join('\n'))
    expect(status).toBe(200)
    expect(body.statement.openingFen).toBe(861_234_567)
    expect(body.statement.closingFen).toBe(862_972_485)
    expect(body.statement.lines.map((l: Json) => [l.date, l.direction, l.amountFen, l.document])).toEqual([
      ['2026-01-15', 'income', 2_345_600, '汇总表 001'],
      ['2026-02-10', 'spending', 1_280_000, '发票 31004512'],
      ['2026-03-21', 'income', 672_318, '结息单'],
    ])
  })

  it('names the one line whose amount does not make its 余额, not every line after it', async () => {
    const typo = BOOK.map((l) => l.replace('"12,800.00"', '"12,300.00"'))
    const { status, body } = await parse(typo.join('\n'))
    expect(status).toBe(422)
    expect(body.error.details.problems).toEqual([
      {
        line: 4,
        code: 'running_balance_mismatch',
        detail: '余额 / balance: "8,623,001.67" ≠ 8635801.67 − 12300.00 = 8623501.67',
      },
      {
        line: 6,
        code: 'does_not_add_up',
        detail:
          '各行合计的期末余额 8630224.85 ≠ 文件中的 8629724.85 / the lines make 8630224.85, the file says 8629724.85',
      },
    ])
  })

  it('leaves out the rows of sums (合计), and names their lines', async () => {
    const withTotals = [...BOOK.slice(0, 5), ',本月合计,,"30,179.18","12,800.00",,', ...BOOK.slice(5)]
    const { status, body } = await parse(withTotals.join('\n'))
    expect(status).toBe(200)
    expect(body.statement.lines).toHaveLength(3)
    expect(body.skipped).toEqual([6])
    expect(body.totals).toEqual({ incomeFen: 3_017_918, spendingFen: 1_280_000 })
  })

  it('refuses a row with both 收入 and 支出, or neither', async () => {
    const rows = [
      BOOK[0],
      BOOK[1],
      '2026-01-15,续筹,业主,100,100,,',
      '2026-01-16,续筹,业主,,,,',
      '2026-01-17,续筹,业主,0,0,,',
      ',期末余额,,,,"8,612,345.67",',
    ]
    const { body } = await parse(rows.join('\n'))
    expect(problemsOf(body)).toEqual([
      [3, 'amount_invalid'],
      [4, 'amount_invalid'],
      [5, 'amount_invalid'],
    ])
    expect(body.error.details.problems[0].detail).toContain('收入 / income: "100"；支出 / spending: "100"')
  })

  it('refuses a sheet with both 金额 and 收入/支出 columns, which is ambiguous', async () => {
    const { body } = await parse('日期,收支,金额,收入,对方,用途\n')
    expect(problemsOf(body)).toEqual([[1, 'column_duplicate']])
  })
})

describe('POST /api/estates/:estateId/statements/parse: a statement from an .xlsx workbook', () => {
  async function workbook(rows: (string | number | Date)[][]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('维修资金')
    for (const row of rows) ws.addRow(row)
    return Buffer.from(await wb.xlsx.writeBuffer())
  }

  it('reads date cells, number cells and text cells into the statement', async () => {
    const xlsx = await workbook([
      ['日期', '收支', '金额', '对方', '用途', '凭证'],
      ['期初余额', '', 1000, '', '', ''],
      [new Date(Date.UTC(2026, 0, 1)), '收入', 1234.56, '1幢业主', '专项维修资金续筹', '收据 No.0001'],
      [
        new Date(Date.UTC(2026, 5, 30)),
        '支出',
        300.5,
        '上海某某电梯工程有限公司',
        '3号电梯更换曳引机',
        '发票 31001234',
      ],
      ['期末余额', '', '1934.06', '', '', ''],
    ])
    const { status, body } = await parse(xlsx, { name: 'fund.xlsx' })
    expect(status).toBe(200)
    expect(body).toMatchObject({ format: 'xlsx', encoding: 'xlsx' })
    expect(body.statement).toEqual({ openingFen: 100_000, lines: FUND_LINES, closingFen: 193_406 })
  })

  it('names an .xlsx row by its row number in the sheet', async () => {
    const xlsx = await workbook([
      ['日期', '收支', '金额', '对方', '用途', '凭证'],
      ['期初余额', '', 0, '', '', ''],
      ['2026-02-01', '收入', 10, '业主', '停车费', ''],
      ['2026-02-02', '收入', 0.001, '业主', '停车费', ''],
      ['期末余额', '', 10, '', '', ''],
    ])
    const { status, body } = await parse(xlsx)
    expect(status).toBe(422)
    expect(problemsOf(body)).toEqual([[4, 'amount_invalid']])
  })

  it('refuses a damaged workbook as unreadable, as a problem of the file', async () => {
    const damaged = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)])
    const { status, body } = await parse(damaged)
    expect(status).toBe(422)
    expect(body.error.code).toBe('statement_invalid')
    expect(problemsOf(body)).toEqual([[null, 'file_unreadable']])
  })
})

describe('POST /api/estates/:estateId/statements/parse: refusals name every problem by its line', () => {
  it('refuses a file whose lines do not add up by one fen (422 statement_invalid), on the closing row', async () => {
    const { status, body } = await parse(FUND_CSV.replace('1934.06', '1934.07'))
    expect(status).toBe(422)
    expect(body.error.code).toBe('statement_invalid')
    expect(body.error.details.problems).toEqual([
      {
        line: 5,
        code: 'does_not_add_up',
        detail:
          '各行合计的期末余额 1934.06 ≠ 文件中的 1934.07 / the lines make 1934.06, the file says 1934.07',
      },
    ])
  })

  it('refuses amounts that are not yuan with at most two decimals, and a date outside the period, all at once', async () => {
    const csv = [
      '日期,收支,金额,对方,用途,凭证',
      '期初余额,,100,,,',
      '2026-01-05,收入,12.345,业主,续筹,',
      '2026-01-06,收入,1e3,业主,续筹,',
      '2025-12-31,支出,1,银行,手续费,',
      '2026-07-01,支出,1,银行,手续费,',
      '2026-06-30,支出,-5,银行,手续费,',
      '2026-06-30,转账,5,银行,,',
      '2026-02-30,收入,5,业主,续筹,',
      '期末余额,,100,,,',
    ].join('\n')
    const { status, body } = await parse(csv)
    expect(status).toBe(422)
    expect(problemsOf(body)).toEqual([
      [3, 'amount_invalid'],
      [4, 'amount_invalid'],
      [5, 'date_outside_period'],
      [6, 'date_outside_period'],
      [7, 'amount_invalid'],
      [8, 'direction_invalid'],
      [8, 'text_missing'],
      [9, 'date_invalid'],
    ])
    const details = (body.error.details.problems as Json[]).map((p) => p.detail)
    expect(details[0]).toContain('"12.345"')
    expect(details[1]).toContain('"1e3"')
    expect(details[2]).toBe('日期 / date: "2025-12-31" ∉ 2026-01-01–2026-06-30')
    expect(details[6]).toBe('用途 / purpose')
  })

  it('reads words of the object prototype as the text they are (no direction, no balance row)', async () => {
    const csv = [
      '日期,收支,金额,对方,用途,凭证',
      '期初余额,,0,,,',
      '2026-01-05,constructor,1,业主,toString,',
      '2026-01-06,收入,1,__proto__,hasOwnProperty,',
      '期末余额,,1,,,',
    ].join('\n')
    const { status, body } = await parse(csv)
    expect(status).toBe(422)
    expect(problemsOf(body)).toEqual([[3, 'direction_invalid']])
  })

  it('refuses a file without the statement’s columns, naming each missing one on the header’s line', async () => {
    const { status, body } = await parse('日期,金额,备注\n2026-01-01,5,x\n')
    expect(status).toBe(422)
    expect(body.error.details.problems).toEqual([
      { line: 1, code: 'column_missing', detail: '收支 / direction' },
      { line: 1, code: 'column_missing', detail: '对方 / counterparty' },
      { line: 1, code: 'column_missing', detail: '用途 / purpose' },
    ])
  })

  it('refuses a column named twice', async () => {
    const { body } = await parse('日期,收支,金额,对方,用途,摘要\n')
    expect(problemsOf(body)).toEqual([[1, 'column_duplicate']])
  })

  it('refuses a statement without its balances, and one with a balance given twice', async () => {
    const lines = ['日期,收支,金额,对方,用途,凭证', '2026-01-05,收入,1,业主,续筹,']
    const missing = await parse(lines.join('\n'))
    expect(missing.status).toBe(422)
    expect(missing.body.error.details.problems).toEqual([
      { line: null, code: 'balance_missing', detail: '期初余额 / opening' },
      { line: null, code: 'balance_missing', detail: '期末余额 / closing' },
    ])
    const twice = await parse([...lines, '期初余额,,0,,,', '期末余额,,1,,,'].join('\n'), {
      query: `${H1}&opening=0`,
    })
    expect(twice.body.error.details.problems).toEqual([
      {
        line: 3,
        code: 'balance_duplicate',
        detail: '期初余额 / opening: 已随文件另行给出 / also given beside the file',
      },
    ])
  })

  it('refuses a balance that is not an amount, on its row', async () => {
    const { body } = await parse(FUND_CSV.replace('"1,000.00"', '一千'))
    expect(body.error.details.problems).toEqual([
      { line: 2, code: 'balance_invalid', detail: '期初余额 / opening: "一千"' },
    ])
  })

  it('refuses a file with only a header, which has no balances either', async () => {
    const { body } = await parse('日期,收支,金额,对方,用途,凭证\n')
    expect(problemsOf(body)).toEqual([
      [null, 'balance_missing'],
      [null, 'balance_missing'],
    ])
  })

  it('refuses an empty file (400 file_empty) and a form without a file (400 file_missing)', async () => {
    expect((await parse('')).body.error.code).toBe('file_empty')
    const res = await s.a.app.request(`/api/estates/jinxiu/statements/parse?${H1}`, {
      method: 'POST',
      body: new FormData(),
      headers: { origin: ORIGIN, cookie: convener.cookie },
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as Json).error.code).toBe('file_missing')
  })

  it('refuses a file larger than its limit (413 file_too_large)', async () => {
    const big = Buffer.alloc(STATEMENT_MAX_UPLOAD_BYTES + 1024, 0x41)
    const { status, body } = await parse(big)
    expect(status).toBe(413)
    expect(body.error.code).toBe('file_too_large')
  })

  it.each([
    ['a period that ends before it starts', 'periodStart=2026-07-01&periodEnd=2026-06-30'],
    ['a day that does not exist', 'periodStart=2026-01-01&periodEnd=2026-06-31'],
    ['no period', ''],
  ])('refuses %s (400 invalid_request)', async (_, query) => {
    const { status, body } = await parse(FUND_CSV, { query })
    expect(status).toBe(400)
    expect(body.error.code).toBe('invalid_request')
  })

  it('keeps nothing: the audit log is as it was, after a statement read and one refused', async () => {
    const count = async () =>
      Number(
        (
          await s.t.db
            .selectFrom('audit_log')
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const before = await count()
    expect((await parse(FUND_CSV)).status).toBe(200)
    expect((await parse(FUND_CSV.replace('1934.06', '0'))).status).toBe(422)
    expect(await count()).toBe(before)
  })
})

describe('POST /api/estates/:estateId/statements/parse: who may', () => {
  it.each([
    ['nobody signed in', () => null, 401, 'unauthenticated'],
    ['a convener of another estate', () => otherConvener, 403, 'forbidden'],
    ['the estate’s supervisor (supervisors comment, conveners publish)', () => supervisor, 403, 'forbidden'],
  ])('refuses %s', async (_, who, status, code) => {
    const res = await parse(FUND_CSV, { who: who() })
    expect(res.status).toBe(status)
    expect(res.body.error.code).toBe(code)
  })
})

describe('parseYuan: yuan as typed into integer fen, never through a float', () => {
  it.each([
    ['0', 0],
    ['1', 100],
    ['0.01', 1],
    ['0.1', 10],
    ['12.34', 1_234],
    ['1,234.56', 123_456],
    ['1,234,567.8', 123_456_780],
    ['¥12', 1_200],
    ['￥ 12.00', 1_200],
    ['12元', 1_200],
    [' 7.5 ', 750],
    ['-3.00', -300],
    ['−3', -300],
    ['-0', 0],
    ['007', 700],
    ['9999999999999.99', 999_999_999_999_999],
    ['12.345', undefined],
    ['1e3', undefined],
    ['1.', undefined],
    ['.5', undefined],
    ['1,23', undefined],
    ['12,34.5', undefined],
    ['', undefined],
    ['一千', undefined],
    ['0x10', undefined],
    ['Infinity', undefined],
    ['99999999999999.99', undefined],
    ['１２３．４５', 12_345],
    ['￥１，２３４．５６', 123_456],
    ['1²', undefined],
    ['①', undefined],
  ])('%j → %s', (text, fen) => {
    expect(parseYuan(text)).toBe(fen)
  })

  it('reads amounts a float would miss by a fen exactly', () => {
    // 0.29 * 100 is 28.999999999999996 and 1.15 * 100 is 114.99999999999999 as floats.
    expect(parseYuan('0.29')).toBe(29)
    expect(parseYuan('1.15')).toBe(115)
    expect(parseYuan('4.35')).toBe(435)
  })
})

describe('parseDate: a date as typed into YYYY-MM-DD', () => {
  it.each([
    ['2026-03-05', 'csv', '2026-03-05'],
    ['2026/3/5', 'csv', '2026-03-05'],
    ['2026.03.05', 'csv', '2026-03-05'],
    ['2026年3月5日', 'csv', '2026-03-05'],
    ['20260305', 'csv', '2026-03-05'],
    ['46086', 'xlsx', '2026-03-05'],
    ['46086.5', 'xlsx', '2026-03-05'],
    ['45292', 'xlsx', '2024-01-01'],
    ['2026/1/15 0:00', 'csv', '2026-01-15'],
    ['2026-01-15 10:30:00', 'csv', '2026-01-15'],
    ['2026-01-15T10:30', 'csv', '2026-01-15'],
    ['２０２６／３／５', 'csv', '2026-03-05'],
    ['2026-01-15 late', 'csv', undefined],
    ['46086', 'csv', undefined],
    ['3/5/2026', 'csv', undefined],
    ['', 'csv', undefined],
  ] as const)('%j in a %s file → %s', (text, format, date) => {
    expect(parseDate(text, format)).toBe(date)
  })
})
