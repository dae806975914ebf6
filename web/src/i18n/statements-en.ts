import type { StatementsCatalogue } from './statements-zh-CN'

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const monthName = (m: number) => MONTHS[m - 1] ?? String(m)

const statementsEn: StatementsCatalogue = {
  kinds: {
    maintenance_fund: 'Maintenance fund',
    common_income: 'Income from common parts',
    working_funds: 'Committee working funds',
    parking: 'Disposal of common parking spaces',
  },
  day: (y: number, m: number, d: number) => `${d} ${monthName(m)} ${y}`,
  month: (y: number, m: number) => `${monthName(m)} ${y}`,
  table: {
    caption: 'Income and spending',
    region: 'Income and spending table (scrolls sideways)',
    date: 'Date',
    direction: 'In / out',
    amount: 'Amount',
    counterparty: 'Counterparty',
    purpose: 'Purpose',
    document: 'Document',
    income: 'Income',
    spending: 'Spending',
    opening: 'Opening balance',
    closing: 'Closing balance',
    incomeTotal: 'Income in the period',
    spendingTotal: 'Spending in the period',
    noDocument: 'none',
    none: 'No income or spending in the period.',
    lines: (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}`,
  },
  chart: {
    title: 'Balance, income and spending by period',
    closing: 'Closing balance',
    income: 'Income',
    spending: 'Spending',
    axis: 'Amount (yuan)',
    periods: 'Month each period ends',
    none: 'There is no statement to chart yet.',
    summary: (period: string, closing: string, income: string, spending: string) =>
      `${period}: closing balance ${closing}, income ${income}, spending ${spending}`,
    /** Between two periods' sentences, and the chart's whole label. */
    between: '; ',
    label: (title: string, figures: string) => `${title}. ${figures}`,
    data: 'The chart’s figures',
    period: 'Period ending',
  },
  import: {
    file: 'Statement file (CSV or Excel .xlsx)',
    fileHint:
      'The first row names the columns: date, direction, amount, counterparty, purpose, document; or as a cash ' +
      'book: date, purpose, counterparty, income, spending, balance. Add an “opening” and a “closing” row. ' +
      'Amounts in yuan, at most two decimals.',
    fileMissing: 'Choose a file.',
    opening: 'Opening balance (yuan)',
    closing: 'Closing balance (yuan)',
    balanceHint: 'Only when the file has no “opening” and “closing” rows.',
    read: 'Read and check',
    reading: 'Reading…',
    readOk: (n: number) =>
      `${n} ${n === 1 ? 'entry' : 'entries'} read; they add up to the closing balance. Below is what owners will see.`,
    skipped: (lines: string) => `Line ${lines}: a row of sums, left out.`,
    listSeparator: ', ',
    refusals: {
      file_empty: 'The file is empty.',
      file_missing: 'Choose a file.',
      file_too_large: 'The file is too large (4 MB at most).',
      too_many_rows: 'The file has too many rows (10,000 at most).',
      too_many_columns: 'The file has too many columns.',
      record_too_long: 'A line of the file is too long.',
      xlsx_too_large: 'This Excel file inflates to too much.',
      xlsx_too_many_entries: 'This Excel file is malformed and cannot be read.',
      invalid_request: 'Fill in the period’s first and last day first; balances must be numbers.',
      forbidden: 'Only the estate’s conveners import statements.',
      unauthenticated: 'Sign in first.',
      network: 'The connection was lost; try again shortly.',
      unexpected: 'Something went wrong; try again shortly.',
    },
  },
  problems: {
    heading: (n: number) => `The file has ${n} ${n === 1 ? 'problem' : 'problems'}; nothing was kept:`,
    line: (line: number) => `Line ${line}`,
    file: 'The whole file',
    separator: ': ',
    detail: (detail: string) => ` (${detail})`,
    codes: {
      amount_invalid: 'The amount is wrong: a positive number of yuan with at most two decimals',
      balance_invalid: 'The balance is wrong: a number of yuan with at most two decimals',
      date_invalid: 'The date is wrong: write it as 2026-01-31',
      date_outside_period: 'The date is outside the period',
      direction_invalid: 'In / out must be “income” or “spending”',
      text_missing: 'Something required is missing',
      text_unsafe: 'The text is too long or holds invisible control characters',
      does_not_add_up: 'The opening balance and the lines do not make the closing balance',
      opening_not_previous_closing: 'The opening balance is not the previous period’s closing balance',
      file_unreadable: 'The file cannot be read',
      header_missing: 'The file has no header row',
      column_missing: 'A column is missing',
      column_duplicate: 'A column appears twice',
      balance_missing:
        'The opening or closing balance is missing (a row “opening” or “closing”, or give it with the upload)',
      balance_duplicate: 'A balance is given twice',
      running_balance_mismatch:
        'This line’s balance is not the line before’s plus or less this line’s amount',
    },
  },
}

export default statementsEn
