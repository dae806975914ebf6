import { readFileSync } from 'node:fs'
import { crc32, createDeflateRaw } from 'node:zlib'
import ExcelJS from 'exceljs'
import { parse } from 'csv-parse/sync'
import iconv from 'iconv-lite'

export const DEMO_ROLL_PATH = 'demo/roll-jinxiu.csv'
export const demoCsv = (): string => readFileSync(DEMO_ROLL_PATH, 'utf8')

export const HEADER = '房号,楼栋,类型,专有部分面积,面积依据,业主,证件号后四位,手机,建设单位持有'

/** Builds a CSV roll from data lines (header added). */
export const csv = (...lines: string[]): string => [HEADER, ...lines].join('\n') + '\n'

/** The template's columns and the per-source areas (登记面积, 实测面积, 合同面积), in that order. */
export const AREA_HEADER = `${HEADER},登记面积,实测面积,合同面积`
export const csvWithAreas = (...lines: string[]): string => [AREA_HEADER, ...lines].join('\n') + '\n'

/**
 * A small roll in which 甲 (ID …1234) is listed on lines 2 and 4 with two phones, and on line 5 co-owning with
 * 乙, whose one phone is the same on both of 乙's lines: one merge warning, for 甲, over lines 2, 4 and 5.
 */
export const mergedRoll = (phoneOnLine4 = '13900000000'): string =>
  csv(
    '1,1号楼,住宅,90,登记,甲,1234,13800000000,N',
    '2,1号楼,住宅,80,登记,乙,5678,13700000000,N',
    `3,1号楼,住宅,70,登记,甲,1234,${phoneOnLine4},N`,
    '4,1号楼,住宅,60,登记,甲;乙,1234;5678,13800000000;13700000000,N',
  )

export const toGbk = (text: string): Buffer => iconv.encode(text, 'gbk')
export const withBom = (text: string): Buffer =>
  Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])

/**
 * The same roll as an .xlsx workbook, the way a property company's spreadsheet holds it: the area column as
 * NUMBER cells (143.9, not "143.90"), identity and phone columns as text.
 */
export async function toXlsx(text: string): Promise<Buffer> {
  const rows = parse(text, { relax_column_count: true }) as string[][]
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('业主名册')
  rows.forEach((row, i) => {
    ws.addRow(
      i === 0
        ? row
        : row.map((cell, col) =>
            col === 3 && cell !== '' && !Number.isNaN(Number(cell)) ? Number(cell) : cell,
          ),
    )
  })
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** A generated roll of n units: flats in buildings of 400, every 7th co-owned, every 50th developer-held. */
export function generatedRoll(n: number): string {
  const lines = [HEADER]
  for (let i = 0; i < n; i++) {
    const b = Math.floor(i / 400) + 1
    const number = `${b}-${String(i % 400).padStart(3, '0')}`
    const area = `${80 + (i % 90)}.${String(i % 10000).padStart(4, '0')}`
    if (i % 50 === 49) {
      lines.push(`${number},${b}号楼,住宅,${area},登记,,,,Y`)
    } else if (i % 7 === 0) {
      lines.push(
        `${number},${b}号楼,住宅,${area},登记,业主${i};配偶${i},${String(i % 10000).padStart(4, '0')};000X,1380000${String(i % 10000).padStart(4, '0')};13900000000,N`,
      )
    } else {
      lines.push(
        `${number},${b}号楼,住宅,${area},实测,业主${i},${String(i % 10000).padStart(4, '0')},1380000${String(i % 10000).padStart(4, '0')},N`,
      )
    }
  }
  return lines.join('\n') + '\n'
}

// ---- Hostile files (the roll import's caps; README "Limits") ---------------------------------------------------

/** A roll of a million one-character lines after a valid header: far past the unit cap. */
export function millionLines(): Buffer {
  return Buffer.from(`${HEADER}\n${'1\n'.repeat(1_000_000)}`)
}

/** A header of a million columns (each the same one-character name). */
export function millionColumns(): Buffer {
  return Buffer.from(`${'a,'.repeat(999_999)}a\n1\n`)
}

/** Content repeated `times` times between a head and a tail, deflated as it is made (never held whole). */
export interface Repeated {
  readonly head?: string
  readonly body: string
  readonly times: number
  readonly tail?: string
}

export interface ZipEntrySpec {
  readonly name: string
  readonly data: string | Uint8Array | Repeated
  /** The uncompressed size the zip's headers claim; the real size when left out. */
  readonly declaredSize?: number
}

/**
 * Repeated content already deflated, by what it repeats: the two 600 MiB bombs of the hostile probe differ only in
 * the size their directory claims, and deflating 600 MiB costs seconds of CPU each time (the result is 3 MB).
 */
const deflatedRepeats = new Map<string, Promise<{ bytes: Buffer; crc: number; size: number }>>()

function deflated(data: string | Uint8Array | Repeated) {
  if (typeof data === 'string' || data instanceof Uint8Array) return deflateOnce(data)
  const key = JSON.stringify([data.head, data.body, data.times, data.tail])
  let done = deflatedRepeats.get(key)
  if (!done) deflatedRepeats.set(key, (done = deflateOnce(data)))
  return done
}

async function deflateOnce(data: string | Uint8Array | Repeated) {
  const pieces: Uint8Array[] = []
  const deflate = createDeflateRaw({ level: 1 })
  deflate.on('data', (c: Buffer) => pieces.push(c))
  const ended = new Promise((resolve, reject) => deflate.on('end', resolve).on('error', reject))
  let crc = 0
  let size = 0
  const write = async (b: Uint8Array) => {
    crc = crc32(b, crc)
    size += b.length
    if (!deflate.write(b)) await new Promise((resolve) => deflate.once('drain', resolve))
  }
  if (typeof data === 'string' || data instanceof Uint8Array) await write(Buffer.from(data))
  else {
    if (data.head) await write(Buffer.from(data.head))
    // Large pieces of the body at a time: deflating is then limited by zlib, not by this loop.
    const per = Math.max(1, Math.floor((1 << 20) / Math.max(1, Buffer.byteLength(data.body))))
    const piece = Buffer.from(data.body.repeat(per))
    let left = data.times
    for (; left >= per; left -= per) await write(piece)
    if (left > 0) await write(Buffer.from(data.body.repeat(left)))
    if (data.tail) await write(Buffer.from(data.tail))
  }
  deflate.end()
  await ended
  return { bytes: Buffer.concat(pieces), crc, size }
}

/**
 * A zip archive built by hand (PKWARE APPNOTE 4.3: local headers, central directory, end record; no zip64), so
 * that a test can make its directory claim any size.
 */
export async function zipArchive(entries: readonly ZipEntrySpec[]): Promise<Buffer> {
  const locals: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const { bytes, crc, size } = await deflated(e.data)
    const name = Buffer.from(e.name)
    const declared = e.declaredSize ?? size
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6) // UTF-8 names
    local.writeUInt16LE(8, 8) // deflate
    local.writeUInt16LE(0, 10)
    local.writeUInt16LE(0x21, 12) // 1980-01-01
    local.writeUInt32LE(crc >>> 0, 14)
    local.writeUInt32LE(bytes.length, 18)
    local.writeUInt32LE(declared, 22)
    local.writeUInt16LE(name.length, 26)
    local.writeUInt16LE(0, 28)
    const dir = Buffer.alloc(46)
    dir.writeUInt32LE(0x02014b50, 0)
    dir.writeUInt16LE(20, 4)
    dir.writeUInt16LE(20, 6)
    dir.writeUInt16LE(0x0800, 8)
    dir.writeUInt16LE(8, 10)
    dir.writeUInt16LE(0, 12)
    dir.writeUInt16LE(0x21, 14)
    dir.writeUInt32LE(crc >>> 0, 16)
    dir.writeUInt32LE(bytes.length, 20)
    dir.writeUInt32LE(declared, 24)
    dir.writeUInt16LE(name.length, 28)
    dir.writeUInt32LE(offset, 42)
    locals.push(local, name, bytes)
    central.push(dir, name)
    offset += local.length + name.length + bytes.length
  }
  const directory = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
const SHEET_TAIL = '</sheetData></worksheet>'

/** The parts around a workbook's one sheet, as Excel writes them (ECMA-376 part 1, SpreadsheetML). */
function workbookParts(sharedStrings: boolean): ZipEntrySpec[] {
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
  return [
    {
      name: '[Content_Types].xml',
      data:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    },
    {
      name: '_rels/.rels',
      data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${rel}"><sheets><sheet name="业主名册" sheetId="1" r:id="rId7"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data:
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId7" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/>` +
        (sharedStrings
          ? `<Relationship Id="rId8" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/>`
          : '') +
        `</Relationships>`,
    },
  ]
}

/** An .xlsx of one sheet whose XML (inside <sheetData>) is given, with optional shared strings. */
export function xlsxOfSheet(
  sheet: string | Omit<Repeated, 'head' | 'tail'>,
  opts: { sharedStrings?: string; declaredSheetSize?: number } = {},
): Promise<Buffer> {
  return zipArchive([
    ...workbookParts(opts.sharedStrings !== undefined),
    {
      name: 'xl/worksheets/sheet1.xml',
      data:
        typeof sheet === 'string'
          ? SHEET_HEAD + sheet + SHEET_TAIL
          : { ...sheet, head: SHEET_HEAD, tail: SHEET_TAIL },
      ...(opts.declaredSheetSize === undefined ? {} : { declaredSize: opts.declaredSheetSize }),
    },
    ...(opts.sharedStrings === undefined
      ? []
      : [
          {
            name: 'xl/sharedStrings.xml',
            data: `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${opts.sharedStrings}</sst>`,
          },
        ]),
  ])
}

/**
 * An .xlsx whose sheet inflates to `mib` MiB of empty elements (a few MiB of zip). `lie`: its directory claims the
 * sheet is only `lie` MiB.
 */
export function xlsxBomb(mib: number, lie?: number): Promise<Buffer> {
  const body = '<x/>'
  return xlsxOfSheet(
    { body, times: Math.ceil((mib * 1024 * 1024) / body.length) },
    lie === undefined ? {} : { declaredSheetSize: lie * 1024 * 1024 },
  )
}
