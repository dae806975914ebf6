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
