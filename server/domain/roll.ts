/**
 * The owners' roll (业主名册) as it arrives in a file: header mapping, cell normalisation and the
 * all-or-nothing row validation of domain.md §3 ("Import"). Pure: rows in, units/owners or every error out,
 * with the owner merges the convener must confirm.
 *
 * Template (shared/fixtures/roll-jinxiu.csv):
 *   房号, 楼栋, 类型, 专有部分面积, 面积依据, 业主, 证件号后四位, 手机, 建设单位持有
 * Several owners of one unit are separated by ";" with their ID characters and phones in the same order.
 * Optional columns 登记面积, 实测面积, 合同面积 give a unit's area per source (domain.md §3 "Area source order").
 */
import { parseAreaM2, type AreaErrorCode } from './area'
import { isUnsafeText } from './text'
import type { UnitKind } from './voting-rights'

/**
 * What one roll file may hold. The largest estates in China have some tens of thousands of units; the caps are
 * well above that, and they are what bounds the memory and time an import takes whatever a file holds (a file of
 * a million one-character lines, a header of a million columns): reading stops at the first cap passed, and the
 * file is refused with that reason.
 */
export interface RollLimits {
  /** Units (non-empty data rows) in one file. */
  readonly maxUnits: number
  /** Rows read of any kind, blank ones included (a sheet formatted far past its data has many). */
  readonly maxRows: number
  /** Columns of any row, the header included. */
  readonly maxColumns: number
  /** Characters in one cell. */
  readonly maxCellChars: number
  /** Errors listed in a report; the report counts them all. */
  readonly maxReportedErrors: number
}

export const ROLL_LIMITS: RollLimits = {
  maxUnits: 200_000,
  maxRows: 250_000,
  maxColumns: 100,
  maxCellChars: 500,
  maxReportedErrors: 200,
}

/** The columns that give a unit's area for one source each. */
export type SourceAreaField = 'registerArea' | 'surveyArea' | 'contractArea'

export type RollField =
  | 'unit'
  | 'building'
  | 'kind'
  | 'area'
  | 'areaSource'
  | 'owners'
  | 'idLast4'
  | 'phones'
  | 'developerHeld'
  | SourceAreaField

export const ROLL_FIELDS: readonly RollField[] = [
  'unit',
  'building',
  'kind',
  'area',
  'areaSource',
  'owners',
  'idLast4',
  'phones',
  'developerHeld',
  'registerArea',
  'surveyArea',
  'contractArea',
]

/** The template's Chinese header for each field, used in exports and error messages. */
export const TEMPLATE_HEADERS: Readonly<Record<RollField, string>> = {
  unit: '房号',
  building: '楼栋',
  kind: '类型',
  area: '专有部分面积',
  areaSource: '面积依据',
  owners: '业主',
  idLast4: '证件号后四位',
  phones: '手机',
  developerHeld: '建设单位持有',
  registerArea: '登记面积',
  surveyArea: '实测面积',
  contractArea: '合同面积',
}

/**
 * Accepted header spellings (compared after normalizeHeader). The English aliases are documented in the README.
 */
const HEADER_ALIASES: Readonly<Record<RollField, readonly string[]>> = {
  unit: ['房号', '房屋编号', '单元号', 'unit', 'unitno', 'unitnumber', 'number'],
  building: ['楼栋', '楼号', '楼栋号', 'building'],
  kind: ['类型', '房屋类型', '用途', 'kind', 'type'],
  area: ['专有部分面积', '面积', '建筑面积', 'area', 'aream2', 'areasqm'],
  areaSource: ['面积依据', '面积来源', 'areasource', 'areabasis'],
  owners: ['业主', '业主姓名', '姓名', 'owner', 'owners', 'ownername', 'ownernames'],
  idLast4: ['证件号后四位', '身份证后四位', '证件后四位', 'idlast4', 'idlastfour'],
  phones: ['手机', '手机号', '联系电话', '电话', 'phone', 'phones', 'mobile'],
  developerHeld: ['建设单位持有', '开发商持有', 'developerheld', 'developer'],
  registerArea: ['登记面积', '产权登记面积', 'registerarea', 'registeredarea', 'arearegister'],
  surveyArea: ['实测面积', 'surveyarea', 'surveyedarea', 'areasurvey'],
  contractArea: ['合同面积', 'contractarea', 'areacontract'],
}

/** NFKC (full-width → half-width), trimmed, whitespace runs folded to one space. */
export function normalizeCell(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, ' ').trim()
}

export function normalizeHeader(value: string): string {
  return normalizeCell(value)
    .toLowerCase()
    .replace(/\((?:m2|㎡|平方米|sqm|cm2)\)$/u, '')
    .replace(/[\s_\-.()]/g, '')
}

const HEADER_LOOKUP: ReadonlyMap<string, RollField> = new Map(
  ROLL_FIELDS.flatMap((f) => HEADER_ALIASES[f].map((a) => [normalizeHeader(a), f] as const)),
)

export type AreaSource = 'register' | 'survey' | 'contract'

/**
 * SPC interpretation on 建筑物区分所有权 art. 8 (domain.md §3): the area in the property register; if unregistered,
 * the surveyed area; if not surveyed, the area in the sale contract. The first available in this order counts.
 */
export const AREA_SOURCE_ORDER: readonly AreaSource[] = ['register', 'survey', 'contract']

const SOURCE_AREA_FIELD: Readonly<Record<AreaSource, SourceAreaField>> = {
  register: 'registerArea',
  survey: 'surveyArea',
  contract: 'contractArea',
}

const SOURCE_AREA_LABEL_EN: Readonly<Record<AreaSource, string>> = {
  register: 'register area',
  survey: 'survey area',
  contract: 'contract area',
}

const KIND_VALUES: Readonly<Record<string, UnitKind>> = {
  住宅: 'residence',
  商铺: 'shop',
  车位: 'parking',
  其他: 'other',
  residence: 'residence',
  shop: 'shop',
  parking: 'parking',
  other: 'other',
}

const AREA_SOURCE_VALUES: Readonly<Record<string, AreaSource>> = {
  登记: 'register',
  实测: 'survey',
  合同: 'contract',
  register: 'register',
  registered: 'register',
  survey: 'survey',
  surveyed: 'survey',
  contract: 'contract',
}

const FLAG_VALUES: Readonly<Record<string, boolean>> = {
  y: true,
  yes: true,
  是: true,
  true: true,
  '1': true,
  n: false,
  no: false,
  否: false,
  false: false,
  '0': false,
}

export interface OwnerIdentity {
  readonly name: string
  readonly idLast4: string
  readonly phone: string
}

/** An owner is identified within an estate by name + last four ID characters (README, "The roll"). */
export function ownerIdentityKey(o: { readonly name: string; readonly idLast4: string }): string {
  return `${o.name}|${o.idLast4}`
}

/**
 * Masks a phone for display and storage in warnings: the first three and last four digits of a mobile number
 * (138****1234); of a short number only the last two. Phones are personal data (domain.md §3): a warning is shown
 * on screens and kept in the import record and audit log, so it never carries a full phone.
 */
export function maskPhone(phone: string): string {
  const chars = Array.from(phone)
  if (chars.length >= 8)
    return `${chars.slice(0, 3).join('')}${'*'.repeat(chars.length - 7)}${chars.slice(-4).join('')}`
  return `${'*'.repeat(Math.max(chars.length - 2, 0))}${chars.slice(-2).join('')}`
}

/**
 * Rows that name the same owner (name + last four ID characters) with different phones. They are imported as one
 * owner only once the convener has confirmed it: "most likely one person — but not certainly" (domain.md §3
 * "Owner identity").
 */
export interface MergeWarning {
  readonly code: 'owner_merged'
  readonly name: string
  readonly idLast4: string
  /** Every line that lists this owner, ascending. */
  readonly lines: readonly number[]
  /** The distinct phones in the order first listed, masked (138****1234). */
  readonly phones: readonly string[]
  /** Chinese first, then English. */
  readonly reason: string
}

/**
 * The canonical text of a list of merge warnings, the input of the confirmation token: exactly what the convener
 * is shown (name, ID characters, lines, masked phones), in file order, independent of object key order.
 */
export function canonicalMergeWarnings(warnings: readonly MergeWarning[]): string {
  return JSON.stringify(warnings.map((w) => [w.name, w.idLast4, w.lines, w.phones]))
}

export interface ParsedUnit {
  readonly line: number
  readonly number: string
  readonly building: string
  readonly kind: UnitKind
  readonly areaCm2: number
  readonly areaSource: AreaSource
  readonly developerHeld: boolean
  /** In the order listed; identity keys (name|last4). */
  readonly owners: readonly OwnerIdentity[]
}

export type RollErrorCode =
  | 'file_empty'
  | 'file_unreadable'
  | 'header_missing'
  | 'header_duplicate'
  | 'unit_missing'
  | 'unit_duplicate'
  | 'building_missing'
  | 'kind_unknown'
  | 'area_source_unknown'
  | 'developer_flag_unknown'
  | 'owners_missing'
  | 'owner_counts_mismatch'
  | 'owner_name_missing'
  | 'text_unsafe'
  | 'id_last4_malformed'
  | 'phone_malformed'
  | 'owner_repeated'
  | 'area_conflict'
  | 'merge_confirmation_required'
  | 'merge_token_mismatch'
  | 'cell_too_long'
  | RollFileErrorCode
  | AreaErrorCode
  // An import that stopped through no fault of its file: the server restarted, its worker or the database failed.
  | 'interrupted'
  | 'worker_failed'
  | 'internal'

/** Why a whole file is refused before or while it is read (the caps above, and files that cannot be read). */
export type RollFileErrorCode =
  | 'too_many_rows'
  | 'too_many_columns'
  | 'record_too_long'
  | 'xlsx_too_large'
  | 'xlsx_too_many_entries'
  | 'file_too_large'

/** The codes that refuse a file for its size rather than for what its rows say (HTTP 413). */
export const SIZE_REFUSALS: ReadonlySet<RollErrorCode> = new Set<RollErrorCode>([
  'too_many_rows',
  'too_many_columns',
  'record_too_long',
  'xlsx_too_large',
  'xlsx_too_many_entries',
  'file_too_large',
])
export const isSizeRefusal = (code: RollErrorCode): code is RollFileErrorCode => SIZE_REFUSALS.has(code)

export interface RollError {
  /** 1-based line (CSV physical line of the record, or spreadsheet row). */
  readonly line: number
  readonly code: RollErrorCode
  /** Chinese first, then English. */
  readonly reason: string
  /** The unit number of the line, when it has one. */
  readonly unit?: string
  /** The column concerned, as the file's header names it. */
  readonly column?: string
}

/**
 * A report of errors: the first `maxReportedErrors` in file order and how many there are in all, so that a file
 * with a million bad lines is answered in a few kilobytes.
 */
export interface ErrorReport {
  readonly errors: readonly RollError[]
  readonly errorCount: number
}

/** A value quoted in a reason, cut short: a report names what is wrong, it does not copy the file. */
export function quote(value: string, max = 40): string {
  const chars = Array.from(value)
  return chars.length <= max ? value : `${chars.slice(0, max).join('')}…`
}

const AREA_REASONS: Readonly<Record<string, [string, string]>> = {
  area_missing: ['缺少专有部分面积', 'area is missing'],
  area_malformed: ['面积格式不正确', 'area is not a number'],
  area_too_precise: ['面积最多保留四位小数', 'area has more than 4 decimals'],
  area_not_positive: ['面积必须大于零', 'area must be positive'],
  area_too_large: ['面积超出合理范围', 'area is implausibly large'],
}

function err(line: number, code: RollErrorCode, zh: string, en: string): RollError {
  return { line, code, reason: `${zh} / ${en}` }
}

type AreaColumn = 'area' | 'areaSource' | SourceAreaField
/** Columns a roll may leave out: the area's (see below) and the phones (an estate whose roll has none). */
type OptionalColumn = AreaColumn | 'phones'
/**
 * Column positions. The area comes from 专有部分面积 + 面积依据 (the template) and/or the per-source columns, so
 * those are optional one by one. 手机 is optional too: an estate whose roll has no phones activates its owners with
 * the letter's code and a supervisor's approval of each activation instead of a texted code (domain §2). Every
 * other column is required.
 */
export type HeaderMap = Readonly<
  Record<Exclude<RollField, OptionalColumn>, number> & Partial<Record<OptionalColumn, number>>
>

const SOURCE_AREA_FIELDS: readonly SourceAreaField[] = ['registerArea', 'surveyArea', 'contractArea']

/** How a column is named in a report: its header in the file, else its position. */
function columnName(header: readonly string[], i: number): string {
  const text = normalizeCell(header[i] ?? '')
  return text === '' ? `第 ${i + 1} 列 / column ${i + 1}` : quote(text)
}

/** An error for a cell over the length cap. Its value is never quoted: it may be anything, an ID number too. */
function tooLong(line: number, column: string, length: number, max: number): RollError {
  return {
    ...err(
      line,
      'cell_too_long',
      `“${column}”列的内容有 ${length} 个字符，超过上限 ${max}`,
      `column "${column}" holds ${length} characters, more than the limit of ${max}`,
    ),
    column,
  }
}

/** Maps the header row to column positions, or lists what is missing or repeated. */
export function mapHeader(
  cells: readonly string[],
  line = 1,
  limits: RollLimits = ROLL_LIMITS,
): { ok: true; map: HeaderMap } | { ok: false; errors: RollError[] } {
  const found = new Map<RollField, number>()
  const errors: RollError[] = []
  cells.forEach((cell, i) => {
    if (cell.length > limits.maxCellChars) {
      errors.push(tooLong(line, `第 ${i + 1} 列 / column ${i + 1}`, cell.length, limits.maxCellChars))
      return
    }
    const field = HEADER_LOOKUP.get(normalizeHeader(cell))
    if (!field) return // extra columns are ignored
    if (found.has(field)) {
      errors.push(
        err(line, 'header_duplicate', `表头重复：${quote(cell)}`, `header appears twice: ${quote(cell)}`),
      )
      return
    }
    found.set(field, i)
  })
  // 专有部分面积 and 面积依据 go together; they may be left out only when a per-source area column is there.
  const perSource = SOURCE_AREA_FIELDS.some((f) => found.has(f))
  const pairOptional = perSource && !found.has('area') && !found.has('areaSource')
  for (const f of ROLL_FIELDS) {
    if (SOURCE_AREA_FIELDS.includes(f as SourceAreaField)) continue
    if (pairOptional && (f === 'area' || f === 'areaSource')) continue
    if (f === 'phones') continue
    if (!found.has(f)) {
      errors.push(
        err(
          line,
          'header_missing',
          `缺少表头：${TEMPLATE_HEADERS[f]}`,
          `missing column: ${TEMPLATE_HEADERS[f]} (${f})`,
        ),
      )
    }
  }
  if (errors.length > 0) return { ok: false, errors }
  return { ok: true, map: Object.fromEntries(found) as HeaderMap }
}

function splitList(value: string): string[] {
  if (value === '') return []
  return value.split(';').map((s) => s.trim())
}

const ID_LAST4 = /^[0-9]{3}[0-9X]$|^[0-9X]{4}$/
// Mainland resident ID: 18 characters (17 digits + check digit) or the old 15-digit form.
const FULL_ID = /^(?:\d{17}[\dX]|\d{15})$/
const PHONE = /^\+?\d{5,20}$/

/** An error of one row: the column it is about and, when the row has one, its unit number. */
type RowError = (code: RollErrorCode, field: RollField | null, zh: string, en: string) => void

/**
 * Validates rows one at a time so that a caller can report progress on large files; `finish()` returns
 * either every unit or the errors (never a partial roll). The errors kept are the first `maxReportedErrors`;
 * all are counted.
 */
export class RollValidator {
  private readonly units: ParsedUnit[] = []
  private readonly errors: RollError[] = []
  private errorTotal = 0
  private readonly firstLineOfUnit = new Map<string, number>()
  private readonly owners = new Map<string, OwnerIdentity>()
  /** Per owner (identity key): the lines listing them and their distinct non-empty phones, in file order. */
  private readonly listings = new Map<string, { lines: number[]; phones: string[] }>()
  private readonly limits: RollLimits
  /** The header row as the file has it, to name columns in errors. */
  private readonly headerCells: readonly string[]

  constructor(
    private readonly header: HeaderMap,
    opts: { readonly limits?: RollLimits; readonly headerCells?: readonly string[] } = {},
  ) {
    this.limits = opts.limits ?? ROLL_LIMITS
    this.headerCells = opts.headerCells ?? []
  }

  get rowCount(): number {
    return this.units.length + this.errorRows
  }
  private errorRows = 0

  /** Every error found so far, counted; only the first ones are kept. */
  get errorCount(): number {
    return this.errorTotal
  }

  private push(e: RollError): void {
    this.errorTotal++
    if (this.errors.length < this.limits.maxReportedErrors) this.errors.push(e)
  }

  /** The column of a field as the file names it (its header), else the template's name. */
  private column(f: RollField): string {
    const i = this.header[f]
    return i === undefined ? TEMPLATE_HEADERS[f] : columnName(this.headerCells, i)
  }

  /** Adds one data row. Entirely empty rows are ignored. */
  add(line: number, rawCells: readonly string[]): void {
    // A cell over the cap is reported without its value and the row is not read further: normalising or quoting
    // a cell of any length would let one line cost what the caps are there to bound.
    let long = false
    for (let i = 0; i < rawCells.length; i++) {
      const cell = rawCells[i] as string
      if (cell.length > this.limits.maxCellChars) {
        long = true
        this.push(tooLong(line, columnName(this.headerCells, i), cell.length, this.limits.maxCellChars))
      }
    }
    if (long) {
      this.errorRows++
      return
    }
    const cells = rawCells.map((c) => normalizeCell(c))
    if (cells.every((c) => c === '')) return
    const get = (f: RollField) => {
      const i = this.header[f]
      return i === undefined ? '' : (cells[i] ?? '')
    }
    const errorsBefore = this.errorTotal
    const number = get('unit')
    // A unit number with control or bidi-override characters is never echoed: the report is shown on screens.
    const numberUnsafe = isUnsafeText(number)
    // Every error of a row names its unit, so that a convener finds it in the sheet without counting lines.
    const unitZh = number === '' || numberUnsafe ? '' : `房号 ${quote(number)}：`
    const unitEn = number === '' || numberUnsafe ? '' : `unit ${quote(number)}: `
    const e: RowError = (code, field, zh, en) => {
      // Past the errors a report lists, an error is only counted: a file of a million bad lines costs a count.
      if (this.errors.length >= this.limits.maxReportedErrors) {
        this.errorTotal++
        return
      }
      this.push({
        ...err(line, code, unitZh + zh, unitEn + en),
        ...(number === '' || numberUnsafe ? {} : { unit: number }),
        ...(field === null ? {} : { column: this.column(field) }),
      })
    }

    // Names, unit numbers and buildings are shown to every owner on the published roll and the ballots: control
    // and bidi-override characters would hide or reorder them there (as refused in titles and names at the API).
    const unsafe = (field: RollField, zh: string, en: string) =>
      e(
        'text_unsafe',
        field,
        `${zh}含有控制字符或文字方向控制字符`,
        `${en} contains a control or bidirectional-override character`,
      )
    if (number === '') e('unit_missing', 'unit', '缺少房号', 'unit number is missing')
    else if (numberUnsafe) unsafe('unit', '房号', 'the unit number')
    else {
      const first = this.firstLineOfUnit.get(number)
      if (first !== undefined) {
        e(
          'unit_duplicate',
          'unit',
          `房号重复（首次出现在第 ${first} 行）`,
          `duplicate unit number (first on line ${first})`,
        )
      } else this.firstLineOfUnit.set(number, line)
    }

    const building = get('building')
    if (building === '') e('building_missing', 'building', '缺少楼栋', 'building is missing')
    else if (isUnsafeText(building)) unsafe('building', '楼栋', 'the building')

    const kindText = get('kind')
    const kind = KIND_VALUES[kindText.toLowerCase()]
    if (!kind)
      e(
        'kind_unknown',
        'kind',
        `类型“${quote(kindText)}”无法识别（应为 住宅/商铺/车位/其他）`,
        `unknown kind "${quote(kindText)}" (residence/shop/parking/other)`,
      )

    const used = this.area(get, e)

    const flagText = get('developerHeld')
    const developerHeld = flagText === '' ? false : FLAG_VALUES[flagText.toLowerCase()]
    if (developerHeld === undefined)
      e(
        'developer_flag_unknown',
        'developerHeld',
        `建设单位持有“${quote(flagText)}”无法识别（应为 Y/N 或 是/否）`,
        `developer-held "${quote(flagText)}" is not Y/N or 是/否`,
      )

    const names = splitList(get('owners'))
    const ids = splitList(get('idLast4').toUpperCase())
    // 手机 may be left out, or left blank for a unit, or given as 无 / - for one owner: those owners have no phone on
    // the roll, and activate with the letter's code and a supervisor's approval instead of a texted code.
    const phoneText = get('phones')
    const phones =
      phoneText === ''
        ? names.map(() => '')
        : splitList(phoneText).map((p) => (p === '无' ? '' : p.replace(/[\s-]/g, '')))
    const owners: OwnerIdentity[] = []
    if (names.length === 0) {
      if (developerHeld === false)
        e(
          'owners_missing',
          'owners',
          '非建设单位持有的房屋必须列明业主',
          'owners missing on a unit not held by the developer',
        )
      if (ids.length > 0 || phoneText !== '')
        e(
          'owner_counts_mismatch',
          'owners',
          '未列业主却填写了证件号或手机',
          'ID characters or phones given without owners',
        )
    } else if (names.length !== ids.length || names.length !== phones.length) {
      e(
        'owner_counts_mismatch',
        'owners',
        `业主 ${names.length} 人、证件号 ${ids.length} 个、手机 ${phones.length} 个，数量不一致`,
        `${names.length} owners, ${ids.length} ID entries, ${phones.length} phones: counts differ`,
      )
    } else {
      const seen = new Set<string>()
      names.forEach((name, i) => {
        let id = ids[i] ?? ''
        const phone = phones[i] ?? ''
        // Never store a full ID number (DEVELOPERS.md "Personal data"): keep only its last four characters.
        if (FULL_ID.test(id)) id = id.slice(-4)
        if (name === '')
          e('owner_name_missing', 'owners', `第 ${i + 1} 位业主姓名为空`, `owner ${i + 1} has no name`)
        else if (isUnsafeText(name)) unsafe('owners', `第 ${i + 1} 位业主的姓名`, `owner ${i + 1}'s name`)
        // Neither an ID entry nor a phone is ever quoted in an error: a malformed one may still be a full ID number
        // or a real phone, and reports are shown on screens and kept on the import record (domain.md §3).
        const idOk = ID_LAST4.test(id)
        if (!idOk)
          e(
            'id_last4_malformed',
            'idLast4',
            `第 ${i + 1} 位业主的证件号后四位格式不正确（${Array.from(ids[i] ?? '').length} 个字符；应为四位数字或X，或完整的身份证号）`,
            `owner ${i + 1}: the ID last four (${Array.from(ids[i] ?? '').length} characters) must be 4 digits or X, or a full ID number`,
          )
        if (phone !== '' && !PHONE.test(phone))
          e(
            'phone_malformed',
            'phones',
            `第 ${i + 1} 位业主的手机格式不正确（应为 5–20 位数字）`,
            `owner ${i + 1}: the phone is malformed (5–20 digits)`,
          )
        const owner = { name, idLast4: id, phone }
        const key = ownerIdentityKey(owner)
        if (seen.has(key)) {
          const who = idOk ? `${quote(name)}（${id}）` : quote(name)
          const whoEn = idOk ? `${quote(name)} (${id})` : quote(name)
          e(
            'owner_repeated',
            'owners',
            `业主 ${who} 在同一房屋中重复列出`,
            `owner ${whoEn} listed twice on one unit`,
          )
        }
        seen.add(key)
        owners.push(owner)
      })
    }

    if (this.errorTotal > errorsBefore || !kind || !used || developerHeld === undefined) {
      this.errorRows++
      return
    }
    // The roll identifies owners by name + ID characters only; the first phone seen is kept. Rows that give the
    // same owner another phone become a merge warning for the convener to confirm (domain.md §3).
    const canonical = owners.map((o) => {
      const key = ownerIdentityKey(o)
      const listing = this.listings.get(key) ?? { lines: [], phones: [] }
      this.listings.set(key, listing)
      listing.lines.push(line)
      if (o.phone !== '' && !listing.phones.includes(o.phone)) listing.phones.push(o.phone)
      const known = this.owners.get(key)
      if (known) return known
      this.owners.set(key, o)
      return o
    })
    this.units.push({
      line,
      number,
      building,
      kind,
      areaCm2: used.areaCm2,
      areaSource: used.source,
      developerHeld,
      owners: canonical,
    })
  }

  /**
   * The area that counts for a row: of the areas it gives — per source in 登记面积 / 实测面积 / 合同面积, or as the
   * 专有部分面积 + 面积依据 pair — the first available in the order register, survey, contract (domain.md §3).
   * Every given area must be valid, and the pair must agree with the per-source column of its own source.
   */
  private area(
    get: (f: RollField) => string,
    e: RowError,
  ): { readonly areaCm2: number; readonly source: AreaSource } | undefined {
    const given = new Map<AreaSource, number>()
    let bad = false
    for (const source of AREA_SOURCE_ORDER) {
      const field = SOURCE_AREA_FIELD[source]
      const text = get(field)
      if (text === '') continue
      const parsed = parseAreaM2(text)
      if (parsed.ok) given.set(source, parsed.areaCm2)
      else {
        bad = true
        const [zh, en] = AREA_REASONS[parsed.code] ?? ['面积无效', 'invalid area']
        e(
          parsed.code,
          field,
          `${TEMPLATE_HEADERS[field]}：${zh}：“${quote(text)}”`,
          `${SOURCE_AREA_LABEL_EN[source]}: ${en}: "${quote(text)}"`,
        )
      }
    }
    const perSource = AREA_SOURCE_ORDER.some((s) => get(SOURCE_AREA_FIELD[s]) !== '')
    const areaText = get('area')
    const sourceText = get('areaSource')
    // Without per-source areas the pair is the row's area, exactly as in the template.
    if (!perSource || areaText !== '' || sourceText !== '') {
      const area = parseAreaM2(areaText)
      if (!area.ok) {
        const [zh, en] = AREA_REASONS[area.code] ?? ['面积无效', 'invalid area']
        e(area.code, 'area', `${zh}：“${quote(areaText)}”`, `${en}: "${quote(areaText)}"`)
      }
      const areaSource = AREA_SOURCE_VALUES[sourceText.toLowerCase()]
      if (!areaSource)
        e(
          'area_source_unknown',
          'areaSource',
          `面积依据“${quote(sourceText)}”无法识别（应为 登记/实测/合同）`,
          `unknown area source "${quote(sourceText)}" (register/survey/contract)`,
        )
      if (!area.ok || !areaSource) return undefined
      const own = given.get(areaSource)
      const ownText = get(SOURCE_AREA_FIELD[areaSource])
      if (own !== undefined && own !== area.areaCm2) {
        e(
          'area_conflict',
          'area',
          `专有部分面积“${quote(areaText)}”（面积依据：${quote(sourceText)}）与${TEMPLATE_HEADERS[SOURCE_AREA_FIELD[areaSource]]}“${quote(ownText)}”不一致`,
          `area "${quote(areaText)}" (area source ${areaSource}) differs from the ${SOURCE_AREA_LABEL_EN[areaSource]} "${quote(ownText)}"`,
        )
        return undefined
      }
      if (ownText === '') given.set(areaSource, area.areaCm2)
    }
    if (bad) return undefined
    const source = AREA_SOURCE_ORDER.find((s) => given.has(s))
    if (source === undefined) return undefined
    return { areaCm2: given.get(source) as number, source }
  }

  /** Owners listed with more than one phone, in the order they first appear. */
  private mergeWarnings(): MergeWarning[] {
    const warnings: MergeWarning[] = []
    for (const [key, listing] of this.listings) {
      if (listing.phones.length < 2) continue
      const owner = this.owners.get(key) as OwnerIdentity
      const phones = listing.phones.map(maskPhone)
      const lines = [...listing.lines].sort((a, b) => a - b)
      warnings.push({
        code: 'owner_merged',
        name: owner.name,
        idLast4: owner.idLast4,
        lines,
        phones,
        reason:
          `业主 ${owner.name}（证件号后四位 ${owner.idLast4}）在第 ${lines.join('、')} 行的手机不同（${phones.join('、')}），` +
          `将合并为一位业主，须召集人确认 / owner ${owner.name} (ID last four ${owner.idLast4}) has different phones ` +
          `on lines ${lines.join(', ')} (${phones.join(', ')}): merged into one owner once the convener confirms`,
      })
    }
    return warnings
  }

  finish():
    | {
        readonly ok: true
        readonly units: readonly ParsedUnit[]
        readonly owners: readonly OwnerIdentity[]
        readonly warnings: readonly MergeWarning[]
      }
    | ({
        readonly ok: false
        readonly warnings: readonly MergeWarning[]
      } & ErrorReport) {
    const warnings = this.mergeWarnings()
    if (this.errorTotal > 0) return { ok: false, errors: this.errors, errorCount: this.errorTotal, warnings }
    if (this.units.length === 0)
      return {
        ok: false,
        errors: [err(1, 'file_empty', '文件中没有房屋', 'the file lists no units')],
        errorCount: 1,
        warnings,
      }
    return { ok: true, units: this.units, owners: [...this.owners.values()], warnings }
  }
}

/** Validates a whole table (first row = header). */
export function validateRollRows(
  rows: readonly { readonly line: number; readonly cells: readonly string[] }[],
  limits: RollLimits = ROLL_LIMITS,
) {
  const [head, ...body] = rows
  if (!head)
    return {
      ok: false as const,
      errors: [err(1, 'file_empty', '文件为空', 'the file is empty')],
      errorCount: 1,
      warnings: [] as MergeWarning[],
    }
  const header = mapHeader(head.cells, head.line, limits)
  if (!header.ok)
    return {
      ok: false as const,
      errors: header.errors,
      errorCount: header.errors.length,
      warnings: [] as MergeWarning[],
    }
  const v = new RollValidator(header.map, { limits, headerCells: head.cells })
  for (const r of body) v.add(r.line, r.cells)
  return v.finish()
}
