/** CSV for people who open it in Excel: UTF-8 with a BOM, CRLF lines, fields quoted only when they must be. */
export function csvField(v: string | number): string {
  const s = String(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function csvDocument(rows: readonly (readonly (string | number)[])[]): string {
  return '\uFEFF' + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n'
}
