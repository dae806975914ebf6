import { describe, expect, it } from 'vitest'
import {
  canonicalMergeWarnings,
  mapHeader,
  maskPhone,
  normalizeCell,
  ROLL_LIMITS,
  validateRollRows,
  type AreaSource,
  type MergeWarning,
  type RollErrorCode,
} from '../../server/domain/roll'
import { UNSAFE_TEXT } from '../../server/domain/text'

const HEADER = [
  '房号',
  '楼栋',
  '类型',
  '专有部分面积',
  '面积依据',
  '业主',
  '证件号后四位',
  '手机',
  '建设单位持有',
]
const rows = (...data: string[][]) => [
  { line: 1, cells: HEADER },
  ...data.map((cells, i) => ({ line: i + 2, cells })),
]
const good = ['1-1-101', '1号楼', '住宅', '143.90', '登记', '潘芳', '9839', '17451857624', 'N']

function errorsOf(...data: string[][]) {
  const r = validateRollRows(rows(...data))
  if (r.ok) throw new Error('expected errors')
  return r.errors.map((e) => ({ line: e.line, code: e.code }))
}

describe('roll rows: what a valid row becomes', () => {
  it('reads the template row into a unit with integer cm² and its owner', () => {
    const r = validateRollRows(rows(good))
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.units).toEqual([
      {
        line: 2,
        number: '1-1-101',
        building: '1号楼',
        kind: 'residence',
        areaCm2: 1_439_000,
        areaSource: 'register',
        developerHeld: false,
        owners: [{ name: '潘芳', idLast4: '9839', phone: '17451857624' }],
      },
    ])
  })

  it('reads several owners separated by ";" with their ID characters and phones in the same order', () => {
    const r = validateRollRows(
      rows([
        '1-1-201',
        '1号楼',
        '住宅',
        '143.90',
        '登记',
        '贾建国;袁勇',
        '6055;711x',
        '15590512078;13874136699',
        'N',
      ]),
    )
    expect(r.ok && r.units[0]?.owners).toEqual([
      { name: '贾建国', idLast4: '6055', phone: '15590512078' },
      { name: '袁勇', idLast4: '711X', phone: '13874136699' },
    ])
  })

  it('normalises full-width characters (NFKC) and stray spaces', () => {
    const r = validateRollRows(
      rows([
        '１－１－１０１ ',
        ' 1号楼',
        '住宅',
        '１４３．９０',
        ' 登记 ',
        ' 潘芳 ； 段文杰 ',
        '９８３９；4741',
        '17451857624 ; 15481507250',
        'Ｎ',
      ]),
    )
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.units[0]).toMatchObject({ number: '1-1-101', building: '1号楼', areaCm2: 1_439_000 })
    expect(r.units[0]?.owners.map((o) => o.name)).toEqual(['潘芳', '段文杰'])
    expect(normalizeCell('  张\u3000 三  ')).toBe('张 三')
  })

  it.each([
    ['住宅', 'residence'],
    ['商铺', 'shop'],
    ['车位', 'parking'],
    ['其他', 'other'],
    ['Parking', 'parking'],
  ])('maps the kind %s to %s', (text, kind) => {
    const r = validateRollRows(
      rows(['P-1', '地下车库', text, '12.5', '登记', '卢雨桐', '0364', '18341089387', 'N']),
    )
    expect(r.ok && r.units[0]?.kind).toBe(kind)
  })

  it.each([
    ['登记', 'register'],
    ['实测', 'survey'],
    ['合同', 'contract'],
  ])('maps the area source %s to %s', (text, source) => {
    const r = validateRollRows(rows(['101', '1号楼', '住宅', '90', text, '甲', '1234', '13800000000', 'N']))
    expect(r.ok && r.units[0]?.areaSource).toBe(source)
  })

  it.each([
    ['Y', true],
    ['是', true],
    ['y', true],
    ['N', false],
    ['否', false],
    ['', false],
  ])('reads the developer flag %j as %s', (flag, held) => {
    const r = validateRollRows(
      rows(['101', '1号楼', '住宅', '90', '登记', '甲', '1234', '13800000000', flag]),
    )
    expect(r.ok && r.units[0]?.developerHeld).toBe(held)
  })

  it('accepts a developer-held unit without owners', () => {
    const r = validateRollRows(rows(['2-1-902', '2号楼', '住宅', '143.42', '登记', '', '', '', 'Y']))
    expect(r.ok && r.units[0]).toMatchObject({ developerHeld: true, owners: [] })
  })

  it('keeps only the last four characters of a full ID number, never the number itself', () => {
    const r = validateRollRows(
      rows(['101', '1号楼', '住宅', '90', '登记', '甲', '11010519491231002X', '13800000000', 'N']),
    )
    expect(r.ok && r.units[0]?.owners[0]?.idLast4).toBe('002X')
    expect(JSON.stringify(r)).not.toContain('110105')
  })

  it('identifies an owner by name + last four ID characters across rows (one record, first phone kept)', () => {
    const r = validateRollRows(
      rows(
        ['101', '1号楼', '住宅', '90', '登记', '甲', '1234', '13800000000', 'N'],
        ['102', '1号楼', '住宅', '90', '登记', '甲', '1234', '13900000000', 'N'],
        ['103', '1号楼', '住宅', '90', '登记', '甲', '9999', '13700000000', 'N'],
      ),
    )
    expect(r.ok && r.owners).toEqual([
      { name: '甲', idLast4: '1234', phone: '13800000000' },
      { name: '甲', idLast4: '9999', phone: '13700000000' },
    ])
    // Never silently: the two phones of 甲 (1234) are a merge the convener must confirm.
    expect(r.ok && r.warnings.map((w) => [w.name, w.idLast4, w.lines])).toEqual([['甲', '1234', [2, 3]]])
  })

  it('ignores entirely empty rows', () => {
    const r = validateRollRows(rows(good, ['', '', '', '', '', '', '', '', '']))
    expect(r.ok && r.units.length).toBe(1)
  })
})

describe('roll rows: every bad row is reported with its line and reason', () => {
  const bad: [string, string[], RollErrorCode][] = [
    [
      'a missing unit number',
      ['', '1号楼', '住宅', '90', '登记', '甲', '1234', '13800000000', 'N'],
      'unit_missing',
    ],
    [
      'a missing building',
      ['101', '', '住宅', '90', '登记', '甲', '1234', '13800000000', 'N'],
      'building_missing',
    ],
    [
      'an unknown kind',
      ['101', '1号楼', '别墅', '90', '登记', '甲', '1234', '13800000000', 'N'],
      'kind_unknown',
    ],
    [
      'a missing area',
      ['101', '1号楼', '住宅', '', '登记', '甲', '1234', '13800000000', 'N'],
      'area_missing',
    ],
    [
      'a malformed area',
      ['101', '1号楼', '住宅', '九十', '登记', '甲', '1234', '13800000000', 'N'],
      'area_malformed',
    ],
    [
      'a zero area',
      ['101', '1号楼', '住宅', '0', '登记', '甲', '1234', '13800000000', 'N'],
      'area_not_positive',
    ],
    [
      'a negative area',
      ['101', '1号楼', '住宅', '-5', '登记', '甲', '1234', '13800000000', 'N'],
      'area_not_positive',
    ],
    [
      'more than 4 decimals',
      ['101', '1号楼', '住宅', '90.12345', '登记', '甲', '1234', '13800000000', 'N'],
      'area_too_precise',
    ],
    [
      'an unknown area source',
      ['101', '1号楼', '住宅', '90', '估算', '甲', '1234', '13800000000', 'N'],
      'area_source_unknown',
    ],
    [
      'an unknown developer flag',
      ['101', '1号楼', '住宅', '90', '登记', '甲', '1234', '13800000000', '可能'],
      'developer_flag_unknown',
    ],
    [
      'owners missing on a unit not held by the developer',
      ['101', '1号楼', '住宅', '90', '登记', '', '', '', 'N'],
      'owners_missing',
    ],
    [
      'fewer ID entries than owners',
      ['101', '1号楼', '住宅', '90', '登记', '甲;乙', '1234', '13800000000;13900000000', 'N'],
      'owner_counts_mismatch',
    ],
    [
      'fewer phones than owners',
      ['101', '1号楼', '住宅', '90', '登记', '甲;乙', '1234;5678', '13800000000', 'N'],
      'owner_counts_mismatch',
    ],
    [
      'a malformed ID entry',
      ['101', '1号楼', '住宅', '90', '登记', '甲', '12A4', '13800000000', 'N'],
      'id_last4_malformed',
    ],
    [
      'a malformed phone',
      ['101', '1号楼', '住宅', '90', '登记', '甲', '1234', 'call me', 'N'],
      'phone_malformed',
    ],
    [
      'the same owner twice on one unit',
      ['101', '1号楼', '住宅', '90', '登记', '甲;甲', '1234;1234', '13800000000;13800000000', 'N'],
      'owner_repeated',
    ],
    [
      'an empty owner name among several',
      ['101', '1号楼', '住宅', '90', '登记', '甲;', '1234;5678', '13800000000;13900000000', 'N'],
      'owner_name_missing',
    ],
  ]

  it.each(bad)('refuses %s', (_name, row, code) => {
    expect(errorsOf(good, row)).toContainEqual({ line: 3, code })
  })

  it('refuses a duplicate unit number, naming the first line', () => {
    const r = validateRollRows(rows(good, good))
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0]).toMatchObject({ line: 3, code: 'unit_duplicate' })
    expect(r.errors[0]?.reason).toContain('line 2')
  })

  it('lists every bad row of a file, not only the first, and returns no units', () => {
    const r = validateRollRows(
      rows(
        good,
        ['102', '1号楼', '别墅', '90', '登记', '甲', '1234', '13800000000', 'N'],
        ['103', '1号楼', '住宅', '90', '登记', '甲', '1234', '13800000000', 'N'],
        ['104', '1号楼', '住宅', '90.00001', '登记', '', '', '', 'N'],
      ),
    )
    expect(r).toMatchObject({ ok: false })
    if (r.ok) return
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([
      [3, 'kind_unknown'],
      [5, 'area_too_precise'],
      [5, 'owners_missing'],
    ])
    expect('units' in r).toBe(false)
    // Every reason is given in Chinese and English.
    for (const e of r.errors) expect(e.reason).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z]/)
  })

  it('refuses a file with no units', () => {
    const r = validateRollRows(rows())
    expect(r).toMatchObject({ ok: false, errors: [{ code: 'file_empty' }] })
  })
})

describe('roll header', () => {
  it('accepts the documented English aliases in any order, ignoring extra columns', () => {
    const h = mapHeader([
      'Owners',
      'ID last 4',
      'Phone',
      'Unit',
      'Building',
      'Kind',
      'Area (m2)',
      'Area source',
      'Developer held',
      'Notes',
    ])
    expect(h).toEqual({
      ok: true,
      map: {
        owners: 0,
        idLast4: 1,
        phones: 2,
        unit: 3,
        building: 4,
        kind: 5,
        area: 6,
        areaSource: 7,
        developerHeld: 8,
      },
    })
  })

  it('accepts 专有部分面积(㎡) and full-width header text', () => {
    const h = mapHeader([
      '房号',
      '楼栋',
      '类型',
      '专有部分面积（㎡）',
      '面积依据',
      '业主',
      '证件号后四位',
      '手机',
      '建设单位持有',
    ])
    expect(h.ok).toBe(true)
  })

  it('names every missing column', () => {
    const h = mapHeader(['房号', '楼栋', '类型', '业主'])
    expect(h.ok).toBe(false)
    if (h.ok) return
    // 专有部分面积, 面积依据, 证件号后四位, 建设单位持有; 手机 may be left out (an estate without phones on its roll).
    expect(h.errors.map((e) => e.code)).toEqual(Array(4).fill('header_missing'))
    expect(h.errors.map((e) => e.reason).join()).toContain('专有部分面积')
    expect(h.errors.map((e) => e.reason).join()).not.toContain('手机')
  })

  it('refuses a column given twice', () => {
    const h = mapHeader([...HEADER, 'Unit'])
    expect(h).toMatchObject({ ok: false, errors: [{ code: 'header_duplicate' }] })
  })
})

describe('roll rows: owners merged across rows are warnings the convener must confirm (domain.md §3)', () => {
  const row = (unit: string, names: string, ids: string, phones: string) => [
    unit,
    '1号楼',
    '住宅',
    '90',
    '登记',
    names,
    ids,
    phones,
    'N',
  ]
  const warningsOf = (...data: string[][]) => {
    const r = validateRollRows(rows(...data))
    if (!r.ok) throw new Error(`unexpected errors: ${JSON.stringify(r.errors)}`)
    return r.warnings.map(({ name, idLast4, lines, phones }) => ({ name, idLast4, lines, phones }))
  }

  const cases: [string, string[][], ReturnType<typeof warningsOf>][] = [
    [
      'same name, same four characters, different phones: one warning naming both lines',
      [row('101', '潘芳', '9839', '17451857624'), row('102', '潘芳', '9839', '13912345678')],
      [{ name: '潘芳', idLast4: '9839', lines: [2, 3], phones: ['174****7624', '139****5678'] }],
    ],
    [
      'same name, same four characters, same phone: no warning',
      [row('101', '潘芳', '9839', '17451857624'), row('102', '潘芳', '9839', '174-5185-7624')],
      [],
    ],
    [
      'same name, other four characters: two people, no warning',
      [row('101', '潘芳', '9839', '17451857624'), row('102', '潘芳', '1111', '13912345678')],
      [],
    ],
    [
      'a co-owner of one unit who owns another alone with another phone',
      [
        row('101', '贾建国;袁勇', '6055;7116', '15590512078;13874136699'),
        row('102', '袁勇', '7116', '13800001111'),
      ],
      [{ name: '袁勇', idLast4: '7116', lines: [2, 3], phones: ['138****6699', '138****1111'] }],
    ],
    [
      'three rows with two phones: every line, each phone once',
      [
        row('101', '甲', '1234', '13800000001'),
        row('102', '甲', '1234', '13800000001'),
        row('103', '甲', '1234', '13900000002'),
      ],
      [{ name: '甲', idLast4: '1234', lines: [2, 3, 4], phones: ['138****0001', '139****0002'] }],
    ],
    [
      'two owners merged: two warnings in the order they first appear',
      [
        row('101', '乙', '5678', '13700000000'),
        row('102', '甲', '1234', '13800000000'),
        row('103', '甲', '1234', '13900000000'),
        row('104', '乙', '5678', '13600000000'),
      ],
      [
        { name: '乙', idLast4: '5678', lines: [2, 5], phones: ['137****0000', '136****0000'] },
        { name: '甲', idLast4: '1234', lines: [3, 4], phones: ['138****0000', '139****0000'] },
      ],
    ],
  ]
  it.each(cases)('%s', (_name, data, expected) => {
    expect(warningsOf(...data)).toEqual(expected)
  })

  it('gives each warning a bilingual reason and never a full phone or full ID number', () => {
    const r = validateRollRows(
      rows(row('101', '甲', '11010519491231002X', '13812341234'), row('102', '甲', '002X', '13956785678')),
    )
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.warnings).toHaveLength(1)
    expect(r.warnings[0]?.reason).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z]/)
    expect(r.warnings[0]?.reason).toContain('138****1234')
    const text = JSON.stringify(r.warnings)
    for (const secret of ['13812341234', '13956785678', '110105']) expect(text).not.toContain(secret)
  })

  it('reports the warnings of a file with errors too, so that a check lists everything at once', () => {
    const r = validateRollRows(
      rows(
        row('101', '甲', '1234', '13800000000'),
        row('102', '甲', '1234', '13900000000'),
        row('', '乙', '1', 'x'),
      ),
    )
    expect(r.ok).toBe(false)
    expect(r.warnings).toHaveLength(1)
  })

  it.each([
    ['13812341234', '138****1234'],
    ['+8613812341234', '+86*******1234'],
    ['02112345678', '021****5678'],
    ['12345', '***45'],
  ])('masks the phone %s as %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked)
  })

  it('has a canonical text that is what the convener sees, whatever the key order', () => {
    const w: MergeWarning = {
      code: 'owner_merged',
      name: '甲',
      idLast4: '1234',
      lines: [2, 3],
      phones: ['138****0000', '139****0000'],
      reason: 'x',
    }
    const reordered = {
      reason: 'y',
      phones: w.phones,
      lines: w.lines,
      idLast4: '1234',
      name: '甲',
      code: w.code,
    }
    expect(canonicalMergeWarnings([reordered])).toBe(canonicalMergeWarnings([w]))
    expect(canonicalMergeWarnings([w])).toBe('[["甲","1234",[2,3],["138****0000","139****0000"]]]')
    expect(canonicalMergeWarnings([{ ...w, lines: [2, 4] }])).not.toBe(canonicalMergeWarnings([w]))
  })
})

describe('roll rows: the area used is the register’s, else the survey’s, else the contract’s (domain.md §3)', () => {
  const AREA_HEADER = [...HEADER, '登记面积', '实测面积', '合同面积']
  /** A row with the pair (专有部分面积, 面积依据) and the three per-source areas. */
  const areaRows = (pair: [string, string], register: string, survey: string, contract: string) => [
    { line: 1, cells: AREA_HEADER },
    {
      line: 2,
      cells: [
        '101',
        '1号楼',
        '住宅',
        pair[0],
        pair[1],
        '甲',
        '1234',
        '13800000000',
        'N',
        register,
        survey,
        contract,
      ],
    },
  ]
  const none: [string, string] = ['', '']

  const used: [string, [string, string], string, string, string, number, AreaSource][] = [
    ['only the contract', none, '', '', '80.5', 805_000, 'contract'],
    ['only the survey', none, '', '85', '', 850_000, 'survey'],
    ['only the register', none, '90.1234', '', '', 901_234, 'register'],
    ['register and contract: the register', none, '90', '', '80', 900_000, 'register'],
    ['survey and contract: the survey', none, '', '85', '80', 850_000, 'survey'],
    ['register and survey: the register', none, '90', '85', '', 900_000, 'register'],
    ['all three: the register', none, '90', '85', '80', 900_000, 'register'],
    ['only the pair (the template): as today', ['143.90', '实测'], '', '', '', 1_439_000, 'survey'],
    [
      'the pair (contract) and a register area: the register',
      ['100', '合同'],
      '90',
      '',
      '',
      900_000,
      'register',
    ],
    ['the pair (survey) and a contract area: the survey', ['95', '实测'], '', '', '80', 950_000, 'survey'],
    [
      'the pair agreeing with its own source (90 = 90.00)',
      ['90', '登记'],
      '90.00',
      '',
      '80',
      900_000,
      'register',
    ],
  ]
  it.each(used)('%s', (_name, pair, register, survey, contract, areaCm2, areaSource) => {
    const r = validateRollRows(areaRows(pair, register, survey, contract))
    if (!r.ok) throw new Error(JSON.stringify(r.errors))
    expect(r.units[0]).toMatchObject({ areaCm2, areaSource })
  })

  const refused: [string, [string, string], string, string, string, RollErrorCode[]][] = [
    ['the pair and its own source with another value', ['95', '登记'], '90', '', '', ['area_conflict']],
    ['the pair (contract) and a different contract area', ['80', '合同'], '', '85', '81', ['area_conflict']],
    ['no area at all', none, '', '', '', ['area_missing', 'area_source_unknown']],
    [
      'a malformed survey area, even when the register’s is used',
      none,
      '90',
      '八十五',
      '',
      ['area_malformed'],
    ],
    ['a contract area with 5 decimals', none, '', '', '80.00001', ['area_too_precise']],
    ['a zero register area', none, '0', '', '80', ['area_not_positive']],
    ['half a pair: an area without its source', ['90', ''], '90', '', '', ['area_source_unknown']],
  ]
  it.each(refused)('refuses %s', (_name, pair, register, survey, contract, codes) => {
    const r = validateRollRows(areaRows(pair, register, survey, contract))
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors.map((e) => [e.line, e.code])).toEqual(codes.map((c) => [2, c]))
    for (const e of r.errors) expect(e.reason).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z]/)
  })

  it('names both values and the source in a conflict', () => {
    const r = validateRollRows(areaRows(['95', '登记'], '90', '', ''))
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors[0]?.reason).toContain('登记面积“90”')
    expect(r.errors[0]?.reason).toContain('"95"')
  })

  it('accepts a file with per-source columns only (no 专有部分面积 / 面积依据), under English names too', () => {
    const header = ['Unit', 'Building', 'Kind', 'Owners', 'ID last 4', 'Phone', 'Developer held']
    const r = validateRollRows([
      { line: 1, cells: [...header, 'Register area', 'Survey area (m2)', 'Contract area'] },
      { line: 2, cells: ['101', '1号楼', '住宅', '甲', '1234', '13800000000', 'N', '', '85.25', '80'] },
    ])
    if (!r.ok) throw new Error(JSON.stringify(r.errors))
    expect(r.units[0]).toMatchObject({ areaCm2: 852_500, areaSource: 'survey' })
  })

  it('wants 面积依据 beside 专有部分面积 even when per-source columns are there', () => {
    const h = mapHeader([
      '房号',
      '楼栋',
      '类型',
      '专有部分面积',
      '业主',
      '证件号后四位',
      '手机',
      '建设单位持有',
      '合同面积',
    ])
    expect(h).toMatchObject({ ok: false, errors: [{ code: 'header_missing' }] })
    if (h.ok) return
    expect(h.errors).toHaveLength(1)
    expect(h.errors[0]?.reason).toContain('面积依据')
  })
})

describe('roll rows: reports that name the unit and column, and stay small (README "Limits")', () => {
  const small = { ...ROLL_LIMITS, maxReportedErrors: 5, maxCellChars: 20 }

  it('names the unit and the column of each error of a row', () => {
    const r = validateRollRows(rows(['101', '', '别墅', '90', '登记', '甲', '1234', '13800000000', 'N']))
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors).toEqual([
      expect.objectContaining({ line: 2, code: 'building_missing', unit: '101', column: '楼栋' }),
      expect.objectContaining({ line: 2, code: 'kind_unknown', unit: '101', column: '类型' }),
    ])
    expect(r.errors[0]?.reason).toBe('房号 101：缺少楼栋 / unit 101: building is missing')
  })

  it('names the column as the file’s header has it', () => {
    const r = validateRollRows([
      {
        line: 1,
        cells: [
          'Unit',
          'Building',
          'Kind',
          'Area',
          'Area source',
          'Owner',
          'ID last 4',
          'Phone',
          'Developer',
        ],
      },
      { line: 2, cells: ['101', '1号楼', '住宅', '90', '登记', '甲', '1234', 'call me', 'N'] },
    ])
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors).toEqual([
      expect.objectContaining({ code: 'phone_malformed', column: 'Phone', unit: '101' }),
    ])
  })

  it('never quotes an ID number or a phone in an error, malformed or not', () => {
    const secrets = ['1101051949123100', '13800000000x', '1101051949']
    const r = validateRollRows(
      rows(
        ['101', '1号楼', '住宅', '90', '登记', '甲', secrets[0] as string, secrets[1] as string, 'N'],
        ['102', '1号楼', '住宅', '90', '登记', '乙;乙', `${secrets[2]};${secrets[2]}`, '1;1', 'N'],
      ),
    )
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors.map((e) => e.code)).toEqual([
      'id_last4_malformed',
      'phone_malformed',
      'id_last4_malformed',
      'phone_malformed',
      'id_last4_malformed',
      'phone_malformed',
      'owner_repeated',
    ])
    const text = JSON.stringify(r.errors)
    for (const secret of secrets) expect(text).not.toContain(secret)
    expect(r.errors[0]?.column).toBe('证件号后四位')
    expect(r.errors[1]?.column).toBe('手机')
  })

  it('refuses a cell over the length cap by its column and length, without quoting it or reading the row further', () => {
    const long = '9'.repeat(21)
    const r = validateRollRows(
      rows(['101', '1号楼', '住宅', '90', '登记', '甲', long, '13800000000', 'N'], good),
      small,
    )
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors).toEqual([
      expect.objectContaining({ line: 2, code: 'cell_too_long', column: '证件号后四位' }),
    ])
    expect(r.errors[0]?.reason).toContain('20')
    expect(JSON.stringify(r.errors)).not.toContain(long)
  })

  it('refuses a header cell over the length cap', () => {
    const r = validateRollRows(
      [
        { line: 1, cells: [...HEADER, 'x'.repeat(21)] },
        { line: 2, cells: good },
      ],
      small,
    )
    expect(r).toMatchObject({ ok: false, errors: [{ line: 1, code: 'cell_too_long' }] })
  })

  it('lists the first errors of a file and counts them all', () => {
    const bad = Array.from({ length: 30 }, (_, i) => [
      String(i),
      '',
      '住宅',
      '90',
      '登记',
      '甲',
      '1234',
      '13800000000',
      'N',
    ])
    const r = validateRollRows(rows(...bad), small)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors).toHaveLength(5)
    expect(r.errorCount).toBe(30)
    expect(r.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6])
  })

  it('lists 200 errors by default', () => {
    const bad = Array.from({ length: 250 }, (_, i) => [
      String(i),
      '',
      '住宅',
      '90',
      '登记',
      '甲',
      '1234',
      '13800000000',
      'N',
    ])
    const r = validateRollRows(rows(...bad))
    expect(r).toMatchObject({ ok: false, errorCount: 250 })
    if (r.ok) return
    expect(r.errors).toHaveLength(ROLL_LIMITS.maxReportedErrors)
    expect(ROLL_LIMITS.maxReportedErrors).toBe(200)
  })
})

describe('roll rows: owners without a phone (the estate falls back to a supervisor approving each activation)', () => {
  const noPhoneHeader = HEADER.filter((h) => h !== '手机')
  const withoutColumn = (cells: string[]) =>
    validateRollRows([
      { line: 1, cells: noPhoneHeader },
      { line: 2, cells },
    ])

  it('reads a roll without a 手机 column, every owner without a phone', () => {
    const r = withoutColumn(['1-1-201', '1号楼', '住宅', '90', '登记', '贾建国;袁勇', '6055;711X', 'N'])
    expect(r.ok && r.units[0]?.owners).toEqual([
      { name: '贾建国', idLast4: '6055', phone: '' },
      { name: '袁勇', idLast4: '711X', phone: '' },
    ])
  })

  it.each([
    ['a blank cell, for every owner of the unit', '', ['', '']],
    ['无 for one owner', '无;13874136699', ['', '13874136699']],
    ['- for one owner', '15590512078;-', ['15590512078', '']],
    ['an empty place between the separators', ';13874136699', ['', '13874136699']],
  ])('reads %s as no phone', (_what, phones, expected) => {
    const r = validateRollRows(
      rows(['1-1-201', '1号楼', '住宅', '90', '登记', '贾建国;袁勇', '6055;711X', phones, 'N']),
    )
    expect(r.ok && r.units[0]?.owners.map((o) => o.phone)).toEqual(expected)
  })

  it('still refuses a phone list of another length than the owners, and a malformed phone', () => {
    expect(
      errorsOf(['1-1-201', '1号楼', '住宅', '90', '登记', '贾建国;袁勇', '6055;711X', '15590512078', 'N']),
    ).toEqual([{ line: 2, code: 'owner_counts_mismatch' }])
    expect(
      errorsOf(['1-1-201', '1号楼', '住宅', '90', '登记', '贾建国;袁勇', '6055;711X', '无;12ab', 'N']),
    ).toEqual([{ line: 2, code: 'phone_malformed' }])
  })

  it('refuses phones given for a unit without owners', () => {
    expect(errorsOf(['1-1-201', '1号楼', '车位', '12', '登记', '', '', '无', 'Y'])).toEqual([
      { line: 2, code: 'owner_counts_mismatch' },
    ])
  })
})

describe('roll rows: control and bidi-override characters are refused where they would be shown to owners', () => {
  const RLO = '\u202e'
  it.each([
    ['an owner name with a right-to-left override', 5, `潘${RLO}芳`],
    ['an owner name with a first-strong isolate', 5, `潘芳\u2068`],
    ['an owner name with a C1 control', 5, '潘\u009b芳'],
    ['the second owner name with a DEL', 5, '潘芳;袁\u007f勇'],
    ['a building with an escape', 1, '1号楼\u001b[2J'],
    ['a unit number with a pop-directional-formatting', 0, `1-1-101\u202c`],
  ])('refuses %s, never quoting it', (_what, index, value) => {
    const cells = [...good]
    cells[index] = value
    if (index === 5 && value.includes(';')) {
      cells[6] = '9839;7110'
      cells[7] = '17451857624;13874136699'
    }
    const r = validateRollRows(rows(cells))
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors.map((e) => e.code)).toEqual(['text_unsafe'])
    expect(r.errors[0]?.reason).toContain('控制字符')
    expect(r.errors[0]?.column).toBe(HEADER[index])
    // The report never carries the character itself (it is shown on screens and kept on the import record).
    expect(JSON.stringify(r.errors)).not.toMatch(UNSAFE_TEXT)
  })

  it('accepts the names of the fixture roll (Chinese names with a middle dot, Latin names with spaces)', () => {
    const cells = [...good]
    cells[5] = '阿依古丽·买买提'
    expect(validateRollRows(rows(cells)).ok).toBe(true)
    cells[5] = 'John Smith'
    expect(validateRollRows(rows(cells)).ok).toBe(true)
  })
})
