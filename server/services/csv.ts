/**
 * CSV for people who open it in Excel: UTF-8 with a BOM, CRLF lines, fields quoted only when they must be.
 *
 * CSV injection (OWASP "CSV Injection"): a spreadsheet reads a cell that begins with = + - @ (or a tab or carriage
 * return before one) as a formula, so a name such as `=HYPERLINK(…)` or `+cmd|' /C calc'!A0` typed into the roll
 * or a meeting would run in the convener's Excel. Such a text field is written with a leading single quote, as
 * OWASP recommends: the spreadsheet shows it as text and the apostrophe makes the neutralisation visible. The same
 * for the full-width ＝ ＋ － ＠, which spreadsheets in CJK locales may take for their ASCII forms.
 *
 * Numbers stay numbers: a JavaScript number can carry no formula, and a text that is a plain decimal number
 * (`-12.5`) is left as it is, since a spreadsheet reads it as that number and nothing else. A unit number such as
 * `-1-101` (basement 1, unit 101) is not a number: Excel would compute it (= -102), so it gets the quote too and
 * reads `'-1-101`, which is what it is.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/

/** The text of one cell, neutralised against formulas. */
export function csvText(v: string | number): string {
  if (typeof v === 'number') return String(v)
  return FORMULA_START.test(v) && !PLAIN_NUMBER.test(v) ? `'${v}` : v
}

export function csvField(v: string | number): string {
  const s = csvText(v)
  // Quoted also when it holds a ; — the list separator of some locales' Excel — so no cell starts mid-field.
  return /[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function csvDocument(rows: readonly (readonly (string | number)[])[]): string {
  return '\uFEFF' + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n'
}
