import type { StatementKind, StatementProblemCode } from '../../../server/domain/statements'

/** The problems of a statement file besides the domain's (server/services/statement-import.ts). */
type ImportProblemCode =
  | 'file_unreadable'
  | 'header_missing'
  | 'column_missing'
  | 'column_duplicate'
  | 'balance_missing'
  | 'balance_duplicate'
  | 'running_balance_mismatch'

/**
 * The words of a money statement (domain §9): its table, its chart over the periods and the problems of a
 * statement file. Loaded with the disclosure pages that show them. Chinese is the reference; statements-en.ts is
 * typed with this shape, key for key.
 */
const statementsZhCN = {
  kinds: {
    maintenance_fund: '专项维修资金',
    common_income: '共有部分经营收益',
    working_funds: '业主委员会工作经费',
    parking: '共有车位处分',
  } satisfies Record<StatementKind, string>,
  /** A China date in words. */
  day: (y: number, m: number, d: number) => `${y}年${m}月${d}日`,
  /** The month a period ends in, under the chart's bars. */
  month: (y: number, m: number) => `${y}年${m}月`,
  table: {
    caption: '收支明细',
    region: '收支明细表（可左右滑动）',
    date: '日期',
    direction: '收支',
    amount: '金额',
    counterparty: '对方',
    purpose: '用途',
    document: '凭证',
    income: '收入',
    spending: '支出',
    opening: '期初余额',
    closing: '期末余额',
    incomeTotal: '本期收入合计',
    spendingTotal: '本期支出合计',
    noDocument: '无',
    none: '本期没有收支。',
    lines: (n: number) => `共 ${n} 笔`,
  },
  chart: {
    title: '历期余额与收支',
    closing: '期末余额',
    income: '本期收入',
    spending: '本期支出',
    axis: '金额（元）',
    periods: '各期截止月份',
    none: '还没有可以绘制的收支明细。',
    /** The chart for a screen reader: one sentence per period. */
    summary: (period: string, closing: string, income: string, spending: string) =>
      `${period}：期末余额 ${closing}，收入 ${income}，支出 ${spending}`,
    /** Between two periods' sentences, and the chart's whole label. */
    between: '；',
    label: (title: string, figures: string) => `${title}。${figures}`,
    data: '图表数据',
    period: '截止日期',
  },
  /** The conveners' reading of a statement file (console). */
  import: {
    file: '收支明细文件（CSV 或 Excel .xlsx）',
    fileHint:
      '第一行为表头：日期、收支、金额、对方、用途、凭证；或按日记账：日期、摘要、对方、收入、支出、余额。' +
      '另有“期初余额”“期末余额”两行。金额以元为单位，最多两位小数。',
    fileMissing: '请选择文件。',
    opening: '期初余额（元）',
    closing: '期末余额（元）',
    balanceHint: '文件中没有“期初余额”“期末余额”行时才填写。',
    read: '读取并核对',
    reading: '正在读取…',
    readOk: (n: number) => `已读取 ${n} 笔收支，各行相加与期末余额相符。下表即业主将看到的明细。`,
    skipped: (lines: string) => `第 ${lines} 行是合计行，不计入明细。`,
    listSeparator: '、',
    refusals: {
      file_empty: '文件是空的。',
      file_missing: '请选择文件。',
      file_too_large: '文件太大（最多 4 MB）。',
      too_many_rows: '文件行数太多（最多 10,000 行）。',
      too_many_columns: '文件列数太多。',
      record_too_long: '文件中有一行过长。',
      xlsx_too_large: '这个 Excel 文件解压后太大。',
      xlsx_too_many_entries: '这个 Excel 文件结构异常，无法读取。',
      invalid_request: '请先填写本期的起止日期；余额须为数字。',
      forbidden: '只有本小区的召集人可以导入收支明细。',
      unauthenticated: '请先登录。',
      network: '网络连接中断，请稍后再试。',
      unexpected: '出错了，请稍后再试。',
    },
  },
  problems: {
    heading: (n: number) => `文件有 ${n} 处问题，没有保存任何内容：`,
    line: (line: number) => `第 ${line} 行`,
    file: '整个文件',
    separator: '：',
    detail: (detail: string) => `（${detail}）`,
    codes: {
      amount_invalid: '金额不对：须为正数，以元为单位，最多两位小数',
      balance_invalid: '余额不对：须为以元为单位、最多两位小数的数',
      date_invalid: '日期不对：请写成 2026-01-31 这样的日期',
      date_outside_period: '日期不在本期之内',
      direction_invalid: '收支须为“收入”或“支出”',
      text_missing: '缺少必填内容',
      text_unsafe: '内容过长或含有不可见的控制字符',
      does_not_add_up: '各行收支与期初余额相加，不等于期末余额',
      opening_not_previous_closing: '期初余额与上一期的期末余额不一致',
      file_unreadable: '文件无法读取',
      header_missing: '文件没有表头行',
      column_missing: '缺少一列',
      column_duplicate: '同一列出现了两次',
      balance_missing: '缺少期初余额或期末余额（一行“期初余额”“期末余额”，或在上传时填写）',
      balance_duplicate: '余额给出了两次',
      running_balance_mismatch: '这一行的余额与上一行的余额加减本行金额不符',
    } satisfies Record<StatementProblemCode | ImportProblemCode, string>,
  },
}

export type StatementsCatalogue = typeof statementsZhCN
export default statementsZhCN
