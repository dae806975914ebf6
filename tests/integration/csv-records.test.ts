import { CsvError, parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { CsvRecordError, CsvRecords } from '../../server/services/csv-records'
import { prng } from '../../server/demo/prng'

/**
 * The roll's CSV reader (server/services/csv-records.ts) against csv-parse with the options the roll was read
 * with before: the same records, cells and lines, and the same refusals, on text made of the characters that
 * matter to the grammar, given in pieces cut anywhere.
 */

const PIECES = ['a', '甲', '😀', ',', '\t', '"', '""', '\n', '\r', '\r\n', ' ', '1']

/** A deterministic generator (the demo's mulberry32): a failure is reproduced by its seed. */
const random = prng

function expected(text: string, delimiter: string, max: number) {
  try {
    const rows = parse(text, {
      delimiter,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      max_record_size: max,
    }) as unknown as { record: string[]; info: { lines: number } }[]
    return { records: rows.map((r) => ({ cells: r.record, lines: r.info.lines })) }
  } catch (e) {
    if (e instanceof CsvError) return { error: e.code }
    throw e
  }
}

function actual(text: string, delimiter: string, max: number, cuts: number[]) {
  const reader = new CsvRecords(delimiter, max)
  const records = []
  try {
    let from = 0
    for (const cut of [...cuts, text.length]) {
      records.push(...reader.write(text.slice(from, cut)))
      from = cut
    }
    records.push(...reader.write('', true))
    return { records }
  } catch (e) {
    if (e instanceof CsvRecordError) return { error: e.code }
    throw e
  }
}

describe('CsvRecords reads what csv-parse read', () => {
  it('on thousands of random texts cut in random pieces', () => {
    for (let seed = 1; seed <= Number(process.env.CSV_FUZZ_SEEDS ?? 4_000); seed++) {
      const next = random(seed)
      const n = Math.floor(next() * 32)
      let text = ''
      for (let i = 0; i < n; i++) text += PIECES[Math.floor(next() * PIECES.length)]
      const delimiter = next() < 0.8 ? ',' : '\t'
      const max = next() < 0.2 ? 1 + Math.floor(next() * 12) : 1000
      const cuts = [...new Set(Array.from({ length: 3 }, () => Math.floor(next() * (text.length + 1))))].sort(
        (a, b) => a - b,
      )
      const want = expected(text, delimiter, max)
      const got = actual(text, delimiter, max, cuts)
      expect({ seed, text, ...got }).toEqual({ seed, text, ...want })
    }
  }, 600_000)
})
