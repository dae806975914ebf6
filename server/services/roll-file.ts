import { isUtf8 } from 'node:buffer'
import { posix } from 'node:path'
import type { Readable } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'
import iconv from 'iconv-lite'
import { SaxesParser, type SaxesTagPlain } from 'saxes'
import { fromBufferPromise, type Entry, type ZipFile } from 'yauzl'
import { CsvRecordError, CsvRecords } from './csv-records'
import { ROLL_LIMITS, type RollFileErrorCode, type RollLimits } from '../domain/roll'

/**
 * Turns an uploaded roll file into rows of text cells, one row at a time: CSV in UTF-8 (with or without BOM),
 * UTF-16 with BOM, or GBK (as exported by Chinese Excel; decoded as GB18030, its superset), comma- or
 * tab-separated; or .xlsx (its first sheet). Encoding is detected, never asked for: a file that is not valid UTF-8
 * is read as GB18030.
 *
 * Reading is streamed so that what it holds is bounded by the caps, never by the file: a CSV record is bounded by
 * `maxColumns` × `maxCellChars` (the CSV reader, csv-records.ts, stops at its record size, and a physical line
 * longer than any roll's is refused before it is read); an .xlsx is refused on its zip central directory — the
 * number of entries and the sizes they declare — before anything is inflated, and inflating stops as soon as the
 * real output passes either what the directory declared (yauzl's size check) or the cap, for a directory may lie.
 */

export interface RawRow {
  /** 1-based line of the record's first line (CSV) or spreadsheet row number. */
  readonly line: number
  readonly cells: readonly string[]
}

export type RollFileFormat = 'csv' | 'xlsx'
export type RollFileEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16' | 'gb18030' | 'xlsx'

export interface RollFileLimits extends RollLimits {
  /** .xlsx: what all its entries inflate to, together (a 200,000-unit sheet is about 100 MB of XML). */
  readonly maxInflatedBytes: number
  /** .xlsx: entries in the zip (a workbook has a dozen or two). */
  readonly maxZipEntries: number
}

export const ROLL_FILE_LIMITS: RollFileLimits = {
  ...ROLL_LIMITS,
  maxInflatedBytes: 256 * 1024 * 1024,
  maxZipEntries: 1_000,
}

export class RollFileError extends Error {
  constructor(
    readonly code: RollFileErrorCode | 'file_unreadable' | 'file_empty',
    /** Chinese first, then English. */
    readonly reason: string,
    readonly line = 1,
  ) {
    super(reason)
  }
}

const MIB = 1024 * 1024
const mib = (bytes: number) => `${Math.round((bytes / MIB) * 10) / 10} MiB`

function unreadable(zh: string, en: string): RollFileError {
  return new RollFileError('file_unreadable', `文件无法读取：${zh} / the file cannot be read: ${en}`)
}

function tooManyColumns(line: number, max: number): RollFileError {
  return new RollFileError(
    'too_many_columns',
    `第 ${line} 行超过 ${max} 列的上限，未导入任何数据 / line ${line} has more than ${max} columns, the limit; nothing was imported`,
    line,
  )
}

function tooManyRows(line: number, max: number): RollFileError {
  return new RollFileError(
    'too_many_rows',
    `文件超过 ${max} 行的上限（空白行也计在内，读到第 ${line} 行时停止），未导入任何数据 / ` +
      `the file has more than ${max} rows, blank ones included (reading stopped at line ${line}); nothing was imported`,
    line,
  )
}

function recordTooLong(line: number, limits: RollLimits): RollFileError {
  return new RollFileError(
    'record_too_long',
    `第 ${line} 行过长（一行最多 ${limits.maxColumns} 列、每格最多 ${limits.maxCellChars} 个字符），未导入任何数据 / ` +
      `line ${line} is too long (at most ${limits.maxColumns} columns of ${limits.maxCellChars} characters); nothing was imported`,
    line,
  )
}

export interface RollReader {
  readonly format: RollFileFormat
  readonly encoding: RollFileEncoding
  /** The rows in file order. Throws a RollFileError when the file passes a cap or cannot be read further. */
  readonly rows: () => AsyncGenerator<RawRow>
  /** How much of the file has been read, from 0 to 1, for progress. */
  readonly fraction: () => number
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0] // legacy .xls

function startsWith(buf: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => buf[i] === b)
}

/** Opens a roll file for reading; refuses at once what can be refused without reading rows. */
export async function openRollFile(
  buf: Uint8Array,
  limits: RollFileLimits = ROLL_FILE_LIMITS,
): Promise<RollReader> {
  if (buf.length === 0) throw new RollFileError('file_empty', '文件为空 / the file is empty')
  if (startsWith(buf, OLE_MAGIC))
    throw unreadable(
      '不支持旧版 .xls，请另存为 .xlsx 或 CSV',
      'legacy .xls is not supported: save the sheet as .xlsx or CSV',
    )
  if (startsWith(buf, ZIP_MAGIC)) return openXlsx(buf, limits)
  return openCsv(buf, limits)
}

/** All rows at once, for small files and scripts; the import reads through `openRollFile`. */
export async function readRollFile(
  buf: Uint8Array,
  limits: RollFileLimits = ROLL_FILE_LIMITS,
): Promise<{ format: RollFileFormat; encoding: RollFileEncoding; rows: RawRow[] }> {
  const reader = await openRollFile(buf, limits)
  const rows: RawRow[] = []
  for await (const row of reader.rows()) rows.push(row)
  return { format: reader.format, encoding: reader.encoding, rows }
}

// ---- CSV ---------------------------------------------------------------------------------------------------------

interface TextDecoding {
  readonly encoding: Exclude<RollFileEncoding, 'xlsx'>
  /** Where the text starts (after a byte-order mark). */
  readonly start: number
  readonly decoder: () => { write: (bytes: Uint8Array) => string; end: () => string }
}

function detectEncoding(buf: Uint8Array): TextDecoding {
  const web = (label: string) => () => {
    const d = new TextDecoder(label)
    return { write: (b: Uint8Array) => d.decode(b, { stream: true }), end: () => d.decode() }
  }
  if (startsWith(buf, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8-bom', start: 3, decoder: web('utf-8') }
  if (startsWith(buf, [0xff, 0xfe])) return { encoding: 'utf-16', start: 2, decoder: web('utf-16le') }
  if (startsWith(buf, [0xfe, 0xff])) return { encoding: 'utf-16', start: 2, decoder: web('utf-16be') }
  // Validated natively over the whole buffer without decoding it: a file that is not UTF-8 is GBK's superset.
  if (isUtf8(buf)) return { encoding: 'utf-8', start: 0, decoder: web('utf-8') }
  return {
    encoding: 'gb18030',
    start: 0,
    decoder: () => {
      const d = iconv.getDecoder('gb18030')
      return { write: (b: Uint8Array) => d.write(Buffer.from(b)), end: () => d.end() ?? '' }
    },
  }
}

const CHUNK = 64 * 1024

/**
 * The longest physical line a roll may have, in characters: maxColumns quoted cells of maxCellChars characters
 * with every quote doubled is about 100,300. The reader's own record cap (like csv-parse's max_record_size) counts
 * the cells' contents, not the separators between them, so a line of a million commas would pass it as a million
 * empty fields; this one stops such a line before the reader builds the record.
 */
const maxLineChars = (limits: RollLimits) => limits.maxColumns * (2 * limits.maxCellChars + 3) + 1024

function openCsv(buf: Uint8Array, limits: RollFileLimits): RollReader {
  const { encoding, start, decoder } = detectEncoding(buf)
  // The delimiter is the header's: tab-separated when the first line has tabs and no comma.
  const head = decoder().write(buf.subarray(start, start + CHUNK))
  const firstLine = head.slice(0, head.search(/\r?\n|$/))
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ','
  let consumed = 0

  async function* rows(): AsyncGenerator<RawRow> {
    const decode = decoder()
    const maxLine = maxLineChars(limits)
    let physical = 1
    let lineLength = 0
    /** Fails on a physical line longer than any roll's; the message says why in the file's terms. */
    const guard = (t: string) => {
      let from = 0
      for (;;) {
        const nl = t.indexOf('\n', from)
        const end = nl < 0 ? t.length : nl
        lineLength += end - from
        if (lineLength > maxLine) {
          const separators = t.slice(from, end).split(delimiter).length - 1
          throw separators >= limits.maxColumns
            ? tooManyColumns(physical, limits.maxColumns)
            : recordTooLong(physical, limits)
        }
        if (nl < 0) return
        physical++
        lineLength = 0
        from = nl + 1
      }
    }
    function* text(): Generator<string> {
      for (let at = start; at < buf.length; at += CHUNK) {
        const end = Math.min(at + CHUNK, buf.length)
        consumed = end
        const t = decode.write(buf.subarray(at, end))
        guard(t)
        if (t !== '') yield t
      }
      const rest = decode.end()
      guard(rest)
      if (rest !== '') yield rest
    }
    // Empty lines are skipped by the reader itself. A record of maxColumns cells of maxCellChars characters, 4 bytes
    // each at most in UTF-8: anything longer cannot be a roll's row, and is refused before it is held.
    const reader = new CsvRecords(delimiter, limits.maxColumns * limits.maxCellChars * 4)
    let records = 0
    let nextLine = 1
    try {
      for (const t of text()) {
        for (const { cells, lines } of reader.write(t)) yield row(cells, lines)
      }
      for (const { cells, lines } of reader.write('', true)) yield row(cells, lines)
    } catch (e) {
      if (e instanceof RollFileError) throw e
      if (e instanceof CsvRecordError && e.code === 'CSV_MAX_RECORD_SIZE')
        throw recordTooLong(e.lines, limits)
      throw unreadable('CSV 格式有误', `the CSV could not be parsed (${(e as Error).message})`)
    }
    /** A record as a row: `lines` is its last line. */
    function row(record: string[], lines: number): RawRow {
      // Its first is that less the line breaks inside its quoted cells, and never before the line after the
      // previous record (empty lines between them are skipped).
      let breaks = 0
      for (const cell of record) if (/[\r\n]/.test(cell)) breaks += cell.match(/\r\n|\r|\n/g)?.length ?? 0
      const line = Math.max(nextLine, lines - breaks)
      nextLine = lines + 1
      if (record.length > limits.maxColumns) throw tooManyColumns(line, limits.maxColumns)
      if (++records > limits.maxRows) throw tooManyRows(line, limits.maxRows)
      return { line, cells: record }
    }
  }
  return {
    format: 'csv',
    encoding,
    rows,
    fraction: () => (buf.length === 0 ? 1 : consumed / buf.length),
  }
}

// ---- XLSX --------------------------------------------------------------------------------------------------------

const XML_OPTIONS = { xmlns: false, position: false } as const
/** Characters of XML without any element or text ending: far more than a roll's longest cell, a row even. */
const MAX_XML_RUN = 1024 * 1024
/**
 * An .xlsx's shared texts, all held while its sheet is read: a 200,000-unit roll has about a million, of some
 * ten characters each.
 */
const MAX_SHARED_STRINGS = 2_000_000
const MAX_SHARED_CHARS = 64 * 1024 * 1024

function tooLongXml(): RollFileError {
  return new RollFileError(
    'record_too_long',
    `.xlsx 中有一段内容超过 ${MAX_XML_RUN} 个字符，任何名册的单元格都不会这么长，未导入任何数据 / ` +
      `the .xlsx holds a run of more than ${MAX_XML_RUN} characters, longer than any roll's cell; nothing was imported`,
  )
}
type Xml = SaxesParser<typeof XML_OPTIONS>

/** An element's name without its namespace prefix (`x:row` → `row`). */
const local = (name: string) => name.slice(name.indexOf(':') + 1)

/** Column index (0-based) of a cell reference such as `AB12`, or undefined when it has none. */
function columnOf(ref: string | undefined): number | undefined {
  if (!ref) return undefined
  let col = 0
  let i = 0
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i)
    if (c < 65 || c > 90) break
    col = col * 26 + (c - 64)
    if (col > 16_384) return col // past Excel's last column (XFD): too many in any case
  }
  return i === 0 ? undefined : col - 1
}

const attr = (tag: SaxesTagPlain, name: string): string | undefined => {
  const v = tag.attributes[name]
  return typeof v === 'string' ? v : undefined
}

async function openXlsx(buf: Uint8Array, limits: RollFileLimits): Promise<RollReader> {
  const damaged = () => unreadable('.xlsx 文件已损坏', 'the .xlsx is damaged (its zip cannot be read)')
  let zip: ZipFile
  try {
    zip = await fromBufferPromise(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength), {
      lazyEntries: true,
      // Inflating an entry fails as soon as it yields more than its directory record says.
      validateEntrySizes: true,
      autoClose: false,
    })
  } catch {
    throw damaged()
  }
  // The central directory first: its entry count and declared sizes refuse a zip bomb before anything inflates.
  if (zip.entryCount > limits.maxZipEntries) {
    zip.close()
    throw new RollFileError(
      'xlsx_too_many_entries',
      `.xlsx 内含 ${zip.entryCount} 个文件，超过上限 ${limits.maxZipEntries}，未导入任何数据 / ` +
        `the .xlsx holds ${zip.entryCount} files, more than the limit of ${limits.maxZipEntries}; nothing was imported`,
    )
  }
  const cap = mib(limits.maxInflatedBytes)
  const tooLarge = (zh: string, en: string) =>
    new RollFileError(
      'xlsx_too_large',
      `${zh}超过 ${cap} 的上限，未导入任何数据 / ${en} more than the limit of ${cap}; nothing was imported`,
    )
  const entries = new Map<string, Entry>()
  let declared = 0
  try {
    for await (const entry of zip.eachEntry()) {
      declared += entry.uncompressedSize
      if (declared > limits.maxInflatedBytes) {
        zip.close()
        throw tooLarge('.xlsx 的目录表明其解压后', "the .xlsx's directory says it inflates to")
      }
      entries.set(entry.fileName, entry)
    }
  } catch (e) {
    zip.close()
    if (e instanceof RollFileError) throw e
    throw damaged()
  }

  let inflated = 0
  /** The inflated bytes of one entry, counted against the cap whatever the directory said. */
  async function* part(entry: Entry): AsyncGenerator<Buffer> {
    let stream: Readable
    try {
      stream = await zip.openReadStreamPromise(entry)
    } catch {
      throw damaged()
    }
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        inflated += chunk.length
        if (inflated > limits.maxInflatedBytes) throw tooLarge('.xlsx 解压后', 'the .xlsx inflates to')
        yield chunk
      }
    } catch (e) {
      if (e instanceof RollFileError) throw e
      // yauzl stops an entry that inflates past its declared size (or fails its checksum): a damaged or forged zip.
      throw unreadable(
        '.xlsx 文件已损坏（解压后的内容与目录不符）',
        'the .xlsx is damaged (an entry does not inflate to what its directory says)',
      )
    } finally {
      stream.destroy()
    }
  }

  /**
   * Streams one entry through an XML parser, pausing after each piece (for the sheet to hand on its rows).
   * `setUp` registers the handlers, which call `tick` on every event and `stop` to end with an error. saxes keeps a
   * text, a name or a comment whole until it ends, so a run of input without any event — longer than any cell of a
   * roll could make — is refused instead of being held.
   */
  async function* xml(
    entry: Entry,
    setUp: (parser: Xml, tick: () => void, stop: (e: Error) => void) => void,
  ): AsyncGenerator<number> {
    const parser = new SaxesParser(XML_OPTIONS)
    let failure: Error | undefined
    const stop = (e: Error) => {
      failure ??= e
    }
    let events = 0
    parser.on('error', stop)
    setUp(parser, () => events++, stop)
    const decoder = new StringDecoder('utf8')
    let run = 0
    for await (const chunk of part(entry)) {
      const before = events
      parser.write(decoder.write(chunk))
      run = events === before ? run + chunk.length : 0
      if (run > MAX_XML_RUN) stop(tooLongXml())
      if (failure) break
      yield chunk.length
    }
    if (!failure) parser.write(decoder.end()).close()
    if (failure) throw failure instanceof RollFileError ? failure : damaged()
  }

  /** Reads a small XML part into the start tags of the elements named, in order. */
  async function tags(name: string, wanted: readonly string[]): Promise<SaxesTagPlain[] | undefined> {
    const entry = entries.get(name)
    if (!entry) return undefined
    const found: SaxesTagPlain[] = []
    const parts = xml(entry, (p, tick) => {
      p.on('opentag', (tag) => {
        tick()
        if (wanted.includes(local(tag.name))) found.push(tag)
      })
      p.on('closetag', tick)
      p.on('text', tick)
    })
    for await (const _ of parts) continue
    return found
  }

  // The first sheet in the workbook's order, through its relationship; and the shared strings.
  const rels = (await tags('xl/_rels/workbook.xml.rels', ['Relationship'])) ?? []
  const target = (t: string) => (t.startsWith('/') ? t.slice(1) : posix.normalize(posix.join('xl', t)))
  const sheets = (await tags('xl/workbook.xml', ['sheet'])) ?? []
  const first = sheets[0]
  const rid = first ? Object.entries(first.attributes).find(([k]) => k.endsWith(':id'))?.[1] : undefined
  const sheetRel = rels.find((r) => attr(r, 'Id') === rid)
  const sheetPath = sheetRel ? target(attr(sheetRel, 'Target') ?? '') : 'xl/worksheets/sheet1.xml'
  const sheet = entries.get(sheetPath)
  if (!sheet) {
    zip.close()
    throw new RollFileError('file_empty', '工作簿中没有工作表 / the workbook has no sheet')
  }
  const stringsRel = rels.find((r) => (attr(r, 'Type') ?? '').endsWith('/sharedStrings'))
  const stringsEntry = entries.get(
    stringsRel ? target(attr(stringsRel, 'Target') ?? '') : 'xl/sharedStrings.xml',
  )

  // A cell's text is kept up to one character past the cap: enough for the check to refuse it, while a cell of
  // any length costs no more than that.
  const keep = limits.maxCellChars + 1
  const shared: string[] = []
  if (stringsEntry) {
    let current = ''
    let inT = false
    let phonetic = 0
    let chars = 0
    const parts = xml(stringsEntry, (p, tick, stop) => {
      p.on('opentag', (tag) => {
        tick()
        const n = local(tag.name)
        if (n === 'si') current = ''
        else if (n === 't') inT = !tag.isSelfClosing
        else if (n === 'rPh') phonetic += tag.isSelfClosing ? 0 : 1
      })
      p.on('closetag', (tag) => {
        tick()
        const n = local(tag.name)
        if (n === 'si') {
          chars += current.length
          if (shared.length >= MAX_SHARED_STRINGS || chars > MAX_SHARED_CHARS)
            stop(
              new RollFileError(
                'xlsx_too_large',
                `.xlsx 的共享文本超过 ${MAX_SHARED_STRINGS} 条或 ${MAX_SHARED_CHARS} 个字符的上限，未导入任何数据 / ` +
                  `the .xlsx holds more than ${MAX_SHARED_STRINGS} shared texts or ${MAX_SHARED_CHARS} characters of them, the limit; nothing was imported`,
              ),
            )
          shared.push(current)
        } else if (n === 't') inT = false
        else if (n === 'rPh' && !tag.isSelfClosing) phonetic--
      })
      p.on('text', (t) => {
        tick()
        // Phonetic guides (rPh) are Japanese readings, not part of the cell's text.
        if (inT && phonetic === 0 && current.length < keep) current += t.slice(0, keep - current.length)
      })
    })
    for await (const _ of parts) continue
  }

  let sheetConsumed = 0
  async function* rows(): AsyncGenerator<RawRow> {
    const ready: RawRow[] = []
    let rowElements = 0
    let line = 0
    let cells: string[] = []
    let col = -1
    let type = 'n'
    let value = ''
    let inV = false
    let inIs = false
    let inT = false
    let phonetic = 0
    let inRow = false
    const setUp = (parser: Xml, tick: () => void, stop: (e: Error) => void) => {
      parser.on('opentag', (tag) => {
        tick()
        switch (local(tag.name)) {
          case 'row': {
            const r = Number(attr(tag, 'r'))
            line = Number.isInteger(r) && r > 0 ? r : line + 1
            if (++rowElements > limits.maxRows) stop(tooManyRows(line, limits.maxRows))
            cells = []
            col = -1
            inRow = !tag.isSelfClosing
            break
          }
          case 'c': {
            col = columnOf(attr(tag, 'r')) ?? col + 1
            if (col >= limits.maxColumns) stop(tooManyColumns(line, limits.maxColumns))
            type = attr(tag, 't') ?? 'n'
            value = ''
            if (tag.isSelfClosing) cells[col] = ''
            break
          }
          case 'v':
            inV = !tag.isSelfClosing
            break
          case 'is':
            inIs = !tag.isSelfClosing
            break
          case 't':
            inT = !tag.isSelfClosing
            break
          case 'rPh':
            phonetic += tag.isSelfClosing ? 0 : 1
            break
        }
      })
      parser.on('text', (t) => {
        tick()
        if ((inV || (inIs && inT && phonetic === 0)) && value.length < keep)
          value += t.slice(0, keep - value.length)
      })
      parser.on('closetag', (tag) => {
        tick()
        switch (local(tag.name)) {
          case 'v':
            inV = false
            break
          case 'is':
            inIs = false
            break
          case 't':
            inT = false
            break
          case 'rPh':
            if (!tag.isSelfClosing) phonetic--
            break
          case 'c':
            if (!tag.isSelfClosing && col >= 0 && col < limits.maxColumns)
              cells[col] = cellText(type, value, shared)
            break
          case 'row':
            if (inRow || tag.isSelfClosing) {
              const full = Array.from(cells, (c) => c ?? '')
              // Rows without any value are skipped, as a spreadsheet shows them: the header is the first row used.
              if (full.some((c) => c !== '')) ready.push({ line, cells: full })
            }
            inRow = false
            break
        }
      })
    }
    try {
      for await (const bytes of xml(sheet as Entry, setUp)) {
        sheetConsumed += bytes
        yield* ready.splice(0)
      }
      yield* ready.splice(0)
    } finally {
      zip.close()
    }
  }
  return {
    format: 'xlsx',
    encoding: 'xlsx',
    rows,
    fraction: () => (sheet.uncompressedSize === 0 ? 1 : Math.min(1, sheetConsumed / sheet.uncompressedSize)),
  }
}

/** A cell's value as text, the way the sheet shows it (spreadsheetml cell types, ECMA-376 part 1 §18.18.11). */
function cellText(type: string, value: string, shared: readonly string[]): string {
  switch (type) {
    case 's':
      return shared[Number(value)] ?? ''
    case 'inlineStr':
    case 'str':
      return value
    case 'b':
      return value === '1' ? 'Y' : 'N'
    case 'e':
      return ''
    case 'd':
      return value.slice(0, 10)
    default: {
      if (value === '') return ''
      // Shortest round-trip form: the decimal that was typed (143.9 → "143.9"), never a rounded float.
      const n = Number(value)
      return Number.isFinite(n) ? String(n) : value
    }
  }
}
