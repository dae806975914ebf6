import { describe, expect, it } from 'vitest'
import { csvDocument, csvField, csvText } from '../../server/services/csv'

/** CSV injection (OWASP): no cell a spreadsheet opens may begin a formula; readable values stay readable. */
describe('csvText: formula starts neutralised with a leading single quote', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","点我")', `'=HYPERLINK("http://evil.example","点我")`],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ['-2+3+cmd|x', "'-2+3+cmd|x"],
    ['@SUM(1+1)', "'@SUM(1+1)"],
    ['=*', "'=*"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', "'\r=1+1"],
    ['＝1+1', "'＝1+1"],
    ['＋1', "'＋1"],
    ['－1', "'－1"],
    ['＠A1', "'＠A1"],
    // A basement unit is not a number: Excel would compute -1-101 = -102.
    ['-1-101', "'-1-101"],
    ['-', "'-"],
  ])('%j → %j', (input, expected) => {
    expect(csvText(input)).toBe(expected)
  })

  it.each([
    ['-12.5', '-12.5'],
    ['-3', '-3'],
    ['143.90', '143.90'],
    ['1-1-101', '1-1-101'],
    ['潘*', '潘*'],
    ['a=b', 'a=b'],
    [' =1', ' =1'],
    ['', ''],
  ])('leaves %j as it is', (input, expected) => {
    expect(csvText(input)).toBe(expected)
  })

  it('writes numbers as numbers, negative ones included', () => {
    expect(csvText(-120)).toBe('-120')
    expect(csvText(0)).toBe('0')
    expect(csvField(-1.5)).toBe('-1.5')
  })
})

describe('csvField and csvDocument', () => {
  it.each([
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['潘*;段*', '"潘*;段*"'],
    ['=1,2', `"'=1,2"`],
    ['line\nbreak', '"line\nbreak"'],
    ['plain', 'plain'],
  ])('quotes %j as %j', (input, expected) => {
    expect(csvField(input)).toBe(expected)
  })

  it('keeps a second cell from starting inside a field, in , and ; locales alike', () => {
    expect(csvField('x;=cmd')).toBe('"x;=cmd"')
    expect(csvField('x,=cmd')).toBe('"x,=cmd"')
  })

  it('writes a BOM, CRLF lines and neutralised cells', () => {
    expect(
      csvDocument([
        ['房号', '业主'],
        ['-1-101', '=*'],
        [-3, '潘*'],
      ]),
    ).toBe("\uFEFF房号,业主\r\n'-1-101,'=*\r\n-3,潘*\r\n")
  })
})
