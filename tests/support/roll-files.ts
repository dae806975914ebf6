import { readFileSync } from 'node:fs'
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
