import ExcelJS from 'exceljs'
import { parse } from 'csv-parse/sync'
import iconv from 'iconv-lite'

/**
 * Turns an uploaded roll file into rows of text cells: CSV in UTF-8 (with or without BOM), UTF-16 with BOM,
 * or GBK (as exported by Chinese Excel; decoded as GB18030, its superset), comma- or tab-separated; or .xlsx.
 * Encoding is detected, never asked for: a file that is not valid UTF-8 is read as GB18030.
 */

export interface RawRow {
  /** 1-based line of the record's first line (CSV) or spreadsheet row number. */
  readonly line: number
  readonly cells: readonly string[]
}

export type RollFileFormat = 'csv' | 'xlsx'
export type RollFileEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16' | 'gb18030' | 'xlsx'

export interface RollFileRows {
  readonly format: RollFileFormat
  readonly encoding: RollFileEncoding
  readonly rows: readonly RawRow[]
}

export class RollFileError extends Error {
  constructor(
    readonly code: 'file_unreadable' | 'file_empty',
    message: string,
  ) {
    super(message)
  }
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0] // legacy .xls

function startsWith(buf: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => buf[i] === b)
}

export function decodeText(buf: Uint8Array): { text: string; encoding: RollFileEncoding } {
  if (startsWith(buf, [0xef, 0xbb, 0xbf])) {
    return { text: new TextDecoder('utf-8').decode(buf.subarray(3)), encoding: 'utf-8-bom' }
  }
  if (startsWith(buf, [0xff, 0xfe]) || startsWith(buf, [0xfe, 0xff])) {
    return {
      text: new TextDecoder(buf[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(buf.subarray(2)),
      encoding: 'utf-16',
    }
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' }
  } catch {
    return { text: iconv.decode(Buffer.from(buf), 'gb18030'), encoding: 'gb18030' }
  }
}

export function parseCsvText(text: string): RawRow[] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/))
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ','
  let records: { record: string[]; info: { lines: number } }[]
  try {
    records = parse(text, {
      delimiter,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }) as unknown as { record: string[]; info: { lines: number } }[]
  } catch (e) {
    throw new RollFileError('file_unreadable', `CSV could not be parsed: ${(e as Error).message}`)
  }
  const rows: RawRow[] = []
  let nextLine = 1
  for (const { record, info } of records) {
    rows.push({ line: nextLine, cells: record })
    nextLine = info.lines + 1
  }
  return rows
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  // Shortest round-trip form: the decimal that was typed (143.9 → "143.9"), never a rounded float.
  if (typeof value === 'number') return String(value)
  if (typeof value === 'string') return value
  if (typeof value === 'boolean') return value ? 'Y' : 'N'
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('')
    if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue)
    if ('text' in value && typeof value.text === 'string') return value.text
    if ('error' in value) return ''
  }
  return ''
}

export async function readXlsx(buf: Uint8Array): Promise<RawRow[]> {
  const wb = new ExcelJS.Workbook()
  try {
    await wb.xlsx.load(Buffer.from(buf) as unknown as ArrayBuffer)
  } catch (e) {
    throw new RollFileError('file_unreadable', `.xlsx could not be read: ${(e as Error).message}`)
  }
  const ws = wb.worksheets[0]
  if (!ws) throw new RollFileError('file_empty', 'the workbook has no sheet')
  const rows: RawRow[] = []
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = []
    for (let i = 1; i <= row.cellCount; i++) cells.push(cellText(row.getCell(i).value))
    rows.push({ line: rowNumber, cells })
  })
  return rows
}

export async function readRollFile(buf: Uint8Array): Promise<RollFileRows> {
  if (buf.length === 0) throw new RollFileError('file_empty', 'the file is empty')
  if (startsWith(buf, OLE_MAGIC)) {
    throw new RollFileError('file_unreadable', 'legacy .xls is not supported: save the sheet as .xlsx or CSV')
  }
  if (startsWith(buf, ZIP_MAGIC)) return { format: 'xlsx', encoding: 'xlsx', rows: await readXlsx(buf) }
  const { text, encoding } = decodeText(buf)
  return { format: 'csv', encoding, rows: parseCsvText(text) }
}
