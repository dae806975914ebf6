/**
 * The CSV records of a roll file, read from its decoded text piece by piece: the grammar csv-parse reads with the
 * options roll-file.ts used (`relax_column_count`, `relax_quotes`, `skip_empty_lines`, `max_record_size`, `info`),
 * record for record and line for line the same (tests/integration/csv-records.test.ts compares the two on random input).
 *
 * Why not csv-parse itself: for every record of another field count than the first it builds a CsvError (a stack
 * trace and a JSON copy of the record) even when told to relax the count, and with `info` it spreads three objects
 * per record. A file of a million one-character lines after a nine-column header is exactly that: measured on
 * millionLines(), those took 8 of the check's 10 s of CPU before the unit cap stopped it. Here a record costs its
 * cells and nothing else.
 *
 * The grammar: `"` opens a quoted cell only as a cell's first character, a doubled `""` inside it is one quote,
 * and it closes before the delimiter, a line break or the end; any other quote is kept as text (relaxed quotes),
 * a closing quote followed by other text included (the cell is then kept with its quotes). The line break is the
 * first one met outside quotes — `\r\n`, `\n` or `\r` — and only that one ends records afterwards. Empty lines are
 * skipped. A record's line is the last physical line it touches, counted as csv-parse counts them.
 */

export interface CsvRecord {
  readonly cells: string[]
  /** The record's last line (1-based): csv-parse's `info.lines`. */
  readonly lines: number
}

export class CsvRecordError extends Error {
  constructor(
    readonly code: 'CSV_MAX_RECORD_SIZE' | 'CSV_QUOTE_NOT_CLOSED',
    message: string,
    readonly lines: number,
  ) {
    super(message)
  }
}

const QUOTE = 0x22
const CR = 0x0d
const LF = 0x0a

/** UTF-8 bytes of a string (what csv-parse, which reads bytes, counts a cell being read in). */
function utf8Bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8')
}

export class CsvRecords {
  private readonly delimiter: number
  /** The line break that ends records: unknown until the first one outside quotes. */
  private rd: '\r\n' | '\n' | '\r' | undefined
  private pending = ''
  private record: string[] = []
  /** Characters of the record's finished cells, as csv-parse counts them against max_record_size. */
  private recordLength = 0
  private field = ''
  private quoting = false
  private wasQuoting = false
  private escaping = false
  private wasRowDelimiter = false
  private lines = 1

  constructor(
    delimiter: string,
    private readonly maxRecordSize: number,
  ) {
    this.delimiter = delimiter.charCodeAt(0)
  }

  /**
   * The records completed by this piece of text (`end`: it is the last). A character is read only once the two after
   * it are known or the text has ended: a quote, a `\r` or a doubled quote depends on them.
   */
  write(text: string, end = false): CsvRecord[] {
    const buf = this.pending + text
    const out: CsvRecord[] = []
    const len = buf.length
    const stop = end ? len : len - 2
    let pos = 0
    for (; pos < stop; pos++) {
      if (this.wasRowDelimiter) {
        this.lines++
        this.wasRowDelimiter = false
      }
      if (!this.quoting && this.rd === undefined) this.discover(buf, pos)
      const c = buf.charCodeAt(pos)
      if (c === CR || c === LF) this.wasRowDelimiter = true
      if (this.escaping) this.escaping = false
      else {
        if (this.quoting && c === QUOTE && pos + 1 < len && buf.charCodeAt(pos + 1) === QUOTE) {
          this.escaping = true
          continue
        }
        if (c === QUOTE) {
          if (this.quoting) {
            const next = pos + 1 < len ? buf.charCodeAt(pos + 1) : undefined
            const closes =
              next === undefined ||
              next === this.delimiter ||
              (this.rd === undefined ? this.discover(buf, pos + 1) : this.rdAt(buf, pos + 1)) !== 0
            this.quoting = false
            this.wasQuoting = true
            if (closes) continue
            // A closing quote followed by text: the cell keeps both quotes and goes on unquoted.
            this.field = `"${this.field}`
          } else if (this.field.length === 0) {
            this.quoting = true
            continue
          }
        }
        if (!this.quoting) {
          const rdLength = this.rd === undefined ? 0 : this.rdAt(buf, pos)
          if (rdLength !== 0) {
            if (!this.wasQuoting && this.record.length === 0 && this.field.length === 0) {
              pos += rdLength - 1
              continue
            }
            this.endField()
            out.push({ cells: this.record, lines: this.lines })
            this.record = []
            this.recordLength = 0
            pos += rdLength - 1
            continue
          }
          if (c === this.delimiter) {
            this.endField()
            continue
          }
        }
      }
      this.field += buf[pos]
      // csv-parse checks a cell's bytes before taking each of them: past the cap less one once this character is
      // in. A cell's bytes are at most three per UTF-16 unit, so they are counted only when near the cap.
      if (
        this.recordLength + 3 * this.field.length - 1 > this.maxRecordSize &&
        this.recordLength + utf8Bytes(this.field) - 1 > this.maxRecordSize
      )
        throw new CsvRecordError(
          'CSV_MAX_RECORD_SIZE',
          `Max Record Size: record exceed the maximum number of tolerated bytes of ${this.maxRecordSize} at line ${this.lines}`,
          this.lines,
        )
    }
    this.pending = buf.slice(pos)
    if (end) {
      if (this.quoting)
        throw new CsvRecordError(
          'CSV_QUOTE_NOT_CLOSED',
          `Quote Not Closed: the parsing is finished with an opening quote at line ${this.lines}`,
          this.lines,
        )
      if (this.wasQuoting || this.record.length !== 0 || this.field.length !== 0) {
        this.endField()
        out.push({ cells: this.record, lines: this.lines })
        this.record = []
        this.recordLength = 0
      }
    }
    return out
  }

  private endField(): void {
    this.record.push(this.field)
    this.recordLength += this.field.length
    this.field = ''
    this.wasQuoting = false
  }

  /** The line break at `pos` if it is the one records end with, its length; 0 if none. */
  private rdAt(buf: string, pos: number): number {
    const rd = this.rd as string
    if (buf.charCodeAt(pos) !== rd.charCodeAt(0)) return 0
    if (rd.length === 2 && buf.charCodeAt(pos + 1) !== LF) return 0
    return rd.length
  }

  /** Takes the line break at `pos`, if any, as the one records end with (`\r\n` before `\r`); its length. */
  private discover(buf: string, pos: number): number {
    const c = buf.charCodeAt(pos)
    if (c === CR && buf.charCodeAt(pos + 1) === LF) this.rd = '\r\n'
    else if (c === LF) this.rd = '\n'
    else if (c === CR) this.rd = '\r'
    else return 0
    return this.rd.length
  }
}
