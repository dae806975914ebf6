/**
 * Validation of a results bundle (results-bundle.md rules 2, 4, 6): returns the typed bundle, or EVERY problem
 * found, each named by its JSON path (`ballots[17].unit: unknown unit "9-9-999"`). Hand-written rather than a
 * schema library so that it can go on after the first problem, check cross-references (units, matters, voters,
 * electorates) in the same pass and stay linear on 100,000 ballots.
 *
 * What is NOT a bundle problem: an election choice that over-votes, repeats or names an unknown candidate. That
 * is an invalid *choice* (rule 4) — data the tally counts as taking part and approving nobody.
 */
import {
  BUNDLE_FORMAT,
  CHANNELS,
  DEFAULT_SETTINGS,
  MATTER_KINDS,
  type Bundle,
  type ElectionRankBy,
  type Fraction,
  type MatterKind,
  type Settings,
} from './bundle'
import { statutoryMinMembers } from './agenda'
import { pathKey } from './json-path'
import { rollSha256 } from './roll-version'
import { atLeastAsStrict, LAW_PARTICIPATION, lawApproval, thresholdEn, thresholdZh } from './thresholds'
import { deriveElectorate, UNIT_KINDS, type Electorate, type RollUnit, type Scope } from './voting-rights'

export type ProblemCode =
  | 'not_an_object'
  | 'missing'
  | 'unknown_field'
  | 'wrong_type'
  | 'bad_value'
  | 'unsupported_format'
  | 'duplicate_id'
  | 'unknown_kind'
  | 'area_not_positive_integer'
  | 'area_total_too_large'
  | 'no_owners'
  | 'repeated_owner'
  | 'unknown_unit'
  | 'unknown_building'
  | 'empty_electorate'
  | 'bad_fraction'
  | 'looser_than_law'
  | 'bad_seats'
  | 'min_members_below_law'
  | 'unknown_matter'
  | 'malformed_choice'
  | 'unit_not_counted'
  | 'double_vote'
  | 'not_in_electorate'
  | 'roll_hash_mismatch'

export interface Problem {
  /** JSON path, e.g. `ballots[17].unit`; `$` for the whole document. */
  readonly path: string
  readonly code: ProblemCode
  readonly message: string
  readonly messageZh: string
}

export type BundleValidation =
  | { readonly ok: true; readonly bundle: Bundle }
  | { readonly ok: false; readonly problems: readonly Problem[] }

/** `ballots[17].unit: unknown unit "9-9-999" / 未知房号 "9-9-999"`. */
export function formatProblem(p: Problem): string {
  return `${p.path}: ${p.message} / ${p.messageZh}`
}

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const q = (v: unknown): string => {
  const s = JSON.stringify(v)
  return s === undefined ? String(v) : s.length > 60 ? s.slice(0, 57) + '...' : s
}
const typeName = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'an array'
      : typeof v === 'object'
        ? 'an object'
        : `${typeof v} ${q(v)}`
const isPositiveInt = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0
const isNonNegativeInt = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0
const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.length > 0

const ROOT_FIELDS = [
  'format',
  'estate',
  'meeting',
  'settings',
  'units',
  'matters',
  'ballots',
  'served',
  'roll',
  'results',
]
const SETTINGS_FIELDS = ['countParking', 'deemedConsent', 'electionRankBy']
const UNIT_FIELDS = ['id', 'building', 'kind', 'areaCm2', 'owners', 'developerHeld']
const MATTER_FIELDS = ['id', 'kind', 'title', 'scope', 'participation', 'approval']
const ELECTION_FIELDS = [...MATTER_FIELDS, 'seats', 'minMembers', 'alternatesCap', 'candidates']
const FRACTION_FIELDS = ['num', 'den', 'strict']
const BALLOT_FIELDS = ['unit', 'channel', 'receipt', 'choices']
const RESOLUTION_CHOICES: readonly unknown[] = ['yes', 'no', 'abstain']

class Checker {
  readonly problems: Problem[] = []

  add(path: string, code: ProblemCode, message: string, messageZh: string): void {
    this.problems.push({ path: path === '' ? '$' : path, code, message, messageZh })
  }

  /** Reports fields the format does not define: a typo must not silently fall back to a default. */
  fields(path: string, o: Obj, allowed: readonly string[]): void {
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) this.add(pathKey(path, k), 'unknown_field', 'unknown field', '未定义的字段')
    }
  }

  object(path: string, v: unknown, what: string, whatZh: string): v is Obj {
    if (v === undefined) this.add(path, 'missing', `missing ${what}`, `缺少${whatZh}`)
    else if (!isObj(v))
      this.add(path, 'not_an_object', `${what} must be an object, not ${typeName(v)}`, `${whatZh}应为对象`)
    else return true
    return false
  }

  array(path: string, v: unknown, what: string, whatZh: string): v is unknown[] {
    if (v === undefined) this.add(path, 'missing', `missing ${what}`, `缺少${whatZh}`)
    else if (!Array.isArray(v))
      this.add(path, 'wrong_type', `${what} must be an array, not ${typeName(v)}`, `${whatZh}应为数组`)
    else return true
    return false
  }

  string(path: string, v: unknown, what: string, whatZh: string): v is string {
    if (v === undefined) this.add(path, 'missing', `missing ${what}`, `缺少${whatZh}`)
    else if (!isNonEmptyString(v))
      this.add(
        path,
        'wrong_type',
        `${what} must be a non-empty string, not ${typeName(v)}`,
        `${whatZh}应为非空字符串`,
      )
    else return true
    return false
  }

  boolean(path: string, v: unknown, what: string, whatZh: string): v is boolean {
    if (v === undefined) this.add(path, 'missing', `missing ${what}`, `缺少${whatZh}`)
    else if (typeof v !== 'boolean')
      this.add(
        path,
        'wrong_type',
        `${what} must be true or false, not ${typeName(v)}`,
        `${whatZh}应为 true 或 false`,
      )
    else return true
    return false
  }

  /** Informative objects (estate, meeting): any fields, but the known ones must be strings. */
  informative(path: string, v: unknown, fields: readonly string[]): void {
    if (v === undefined) return
    if (!isObj(v)) {
      this.add(path, 'not_an_object', `must be an object, not ${typeName(v)}`, '应为对象')
      return
    }
    for (const f of fields) {
      if (v[f] !== undefined && typeof v[f] !== 'string') {
        this.add(pathKey(path, f), 'wrong_type', `must be a string, not ${typeName(v[f])}`, '应为字符串')
      }
    }
  }
}

function checkSettings(c: Checker, v: unknown): Settings {
  if (v === undefined) return DEFAULT_SETTINGS
  if (!c.object('settings', v, 'settings', '设置')) return DEFAULT_SETTINGS
  c.fields('settings', v, SETTINGS_FIELDS)
  let { countParking, deemedConsent, electionRankBy } = DEFAULT_SETTINGS
  if (
    v.countParking !== undefined &&
    c.boolean('settings.countParking', v.countParking, 'countParking', '车位是否计入')
  )
    countParking = v.countParking
  if (
    v.deemedConsent !== undefined &&
    c.boolean('settings.deemedConsent', v.deemedConsent, 'deemedConsent', '视为同意')
  )
    deemedConsent = v.deemedConsent
  if (v.electionRankBy !== undefined) {
    if (v.electionRankBy === 'heads' || v.electionRankBy === 'area')
      electionRankBy = v.electionRankBy as ElectionRankBy
    else
      c.add(
        'settings.electionRankBy',
        'bad_value',
        `must be "heads" or "area", not ${typeName(v.electionRankBy)}`,
        '应为 "heads"（人数优先）或 "area"（面积优先）',
      )
  }
  return { countParking, deemedConsent, electionRankBy }
}

/** Checks the units; returns those fit to derive electorates from (all of them when there is no problem). */
function checkUnits(c: Checker, v: unknown): { units: RollUnit[]; ids: Set<string>; buildings: Set<string> } {
  const units: RollUnit[] = []
  const ids = new Set<string>()
  const buildings = new Set<string>()
  if (!c.array('units', v, 'units', '房屋列表')) return { units, ids, buildings }
  if (v.length === 0) c.add('units', 'bad_value', 'the bundle lists no units', '结果包中没有房屋')
  const firstAt = new Map<string, number>()
  let total = 0
  v.forEach((u, i) => {
    const p = `units[${i}]`
    if (!c.object(p, u, 'unit', '房屋')) return
    const before = c.problems.length
    c.fields(p, u, UNIT_FIELDS)
    if (c.string(`${p}.id`, u.id, 'unit id', '房号')) {
      const first = firstAt.get(u.id)
      if (first !== undefined) {
        c.add(
          `${p}.id`,
          'duplicate_id',
          `duplicate unit id ${q(u.id)} (also units[${first}])`,
          `房号 ${q(u.id)} 重复`,
        )
      } else firstAt.set(u.id, i)
      ids.add(u.id)
    }
    if (c.string(`${p}.building`, u.building, 'building', '楼栋')) buildings.add(u.building)
    if (u.kind === undefined) c.add(`${p}.kind`, 'missing', 'missing kind', '缺少房屋类型')
    else if (!(UNIT_KINDS as readonly unknown[]).includes(u.kind))
      c.add(`${p}.kind`, 'unknown_kind', `unknown unit kind ${q(u.kind)}`, `未知房屋类型 ${q(u.kind)}`)
    if (u.areaCm2 === undefined) c.add(`${p}.areaCm2`, 'missing', 'missing areaCm2', '缺少面积')
    else if (!isPositiveInt(u.areaCm2))
      c.add(
        `${p}.areaCm2`,
        'area_not_positive_integer',
        `area must be a positive integer of cm², not ${typeName(u.areaCm2)}`,
        '面积应为以平方厘米计的正整数',
      )
    else total += u.areaCm2
    const flagOk = c.boolean(`${p}.developerHeld`, u.developerHeld, 'developerHeld', '建设单位持有')
    if (c.array(`${p}.owners`, u.owners, 'owners', '业主列表')) {
      const seen = new Set<string>()
      u.owners.forEach((o, j) => {
        if (!isNonEmptyString(o)) {
          c.add(
            `${p}.owners[${j}]`,
            'wrong_type',
            `owner id must be a non-empty string, not ${typeName(o)}`,
            '业主标识应为非空字符串',
          )
        } else if (seen.has(o)) {
          c.add(`${p}.owners[${j}]`, 'repeated_owner', `owner ${q(o)} listed twice`, `业主 ${q(o)} 重复列出`)
        } else seen.add(o)
      })
      if (u.owners.length === 0 && flagOk && u.developerHeld === false) {
        c.add(
          `${p}.owners`,
          'no_owners',
          'a unit that is not developer-held must have at least one owner',
          '非建设单位持有的房屋必须至少有一名业主',
        )
      }
    }
    if (c.problems.length === before) units.push(u as unknown as RollUnit)
  })
  if (!Number.isSafeInteger(total)) {
    c.add(
      'units',
      'area_total_too_large',
      'the total area exceeds the safe integer range',
      '总面积超出可精确计算的范围',
    )
  }
  return { units, ids, buildings }
}

function checkFraction(
  c: Checker,
  path: string,
  v: unknown,
  law: Fraction,
  kind: string,
): Fraction | undefined {
  if (!c.object(path, v, 'threshold', '表决比例')) return undefined
  c.fields(path, v, FRACTION_FIELDS)
  const before = c.problems.length
  if (!isNonNegativeInt(v.num))
    c.add(
      `${path}.num`,
      'bad_fraction',
      `num must be a non-negative integer, not ${typeName(v.num)}`,
      '分子应为非负整数',
    )
  if (!isPositiveInt(v.den))
    c.add(
      `${path}.den`,
      'bad_fraction',
      `den must be a positive integer, not ${typeName(v.den)}`,
      '分母应为正整数',
    )
  c.boolean(`${path}.strict`, v.strict, 'strict', '是否严格大于')
  if (c.problems.length > before) return undefined
  const f = v as unknown as Fraction
  if (f.num > f.den || (f.num === f.den && f.strict)) {
    c.add(
      path,
      'bad_fraction',
      `${f.num}/${f.den}${f.strict ? ' (strict)' : ''} can never be met`,
      '该比例不可能达到',
    )
    return undefined
  }
  if (!atLeastAsStrict(f, law)) {
    c.add(
      path,
      'looser_than_law',
      `${thresholdEn(f)} is looser than the law's ${thresholdEn(law)} for ${kind} (民法典 art. 278): only stricter rules are allowed`,
      `「${thresholdZh(f)}」低于法定的「${thresholdZh(law)}」（民法典第二百七十八条），议事规则只能规定更严格的比例`,
    )
    return undefined
  }
  return f
}

function checkStringList(
  c: Checker,
  path: string,
  v: unknown,
  what: string,
  whatZh: string,
): string[] | undefined {
  if (!c.array(path, v, what, whatZh)) return undefined
  let ok = true
  v.forEach((s, j) => {
    if (!isNonEmptyString(s)) {
      c.add(`${path}[${j}]`, 'wrong_type', `must be a non-empty string, not ${typeName(s)}`, '应为非空字符串')
      ok = false
    }
  })
  return ok ? (v as string[]) : undefined
}

interface MatterInfo {
  readonly index: number
  readonly kind: MatterKind | undefined
  readonly scope: Scope | undefined
  /** False when the scope could not be checked: then membership of its electorate is not checked either. */
  readonly scopeOk: boolean
}

function checkScope(
  c: Checker,
  path: string,
  v: unknown,
  ids: ReadonlySet<string>,
  buildings: ReadonlySet<string>,
): { scope: Scope | undefined; ok: boolean } {
  if (v === undefined) return { scope: undefined, ok: true }
  if (!c.object(path, v, 'scope', '表决范围')) return { scope: undefined, ok: false }
  const before = c.problems.length
  c.fields(path, v, ['buildings', 'units'])
  if (v.buildings === undefined && v.units === undefined) {
    c.add(path, 'missing', 'a scope names buildings or units', '表决范围应列出楼栋或房屋')
  }
  if (v.buildings !== undefined) {
    checkStringList(c, `${path}.buildings`, v.buildings, 'buildings', '楼栋列表')?.forEach((b, j) => {
      if (!buildings.has(b))
        c.add(
          `${path}.buildings[${j}]`,
          'unknown_building',
          `no unit in building ${q(b)}`,
          `没有房屋属于楼栋 ${q(b)}`,
        )
    })
  }
  if (v.units !== undefined) {
    checkStringList(c, `${path}.units`, v.units, 'units', '房屋列表')?.forEach((u, j) => {
      if (!ids.has(u))
        c.add(`${path}.units[${j}]`, 'unknown_unit', `unknown unit ${q(u)}`, `未知房号 ${q(u)}`)
    })
  }
  return c.problems.length === before ? { scope: v as Scope, ok: true } : { scope: undefined, ok: false }
}

function checkMatters(
  c: Checker,
  v: unknown,
  ids: ReadonlySet<string>,
  buildings: ReadonlySet<string>,
  minMembersFloor: number,
): Map<string, MatterInfo> {
  const matters = new Map<string, MatterInfo>()
  if (!c.array('matters', v, 'matters', '表决事项列表')) return matters
  if (v.length === 0) c.add('matters', 'bad_value', 'the bundle lists no matters', '结果包中没有表决事项')
  v.forEach((m, i) => {
    const p = `matters[${i}]`
    if (!c.object(p, m, 'matter', '表决事项')) return
    let kind: MatterKind | undefined
    if (m.kind === undefined) c.add(`${p}.kind`, 'missing', 'missing kind', '缺少事项类型')
    else if ((MATTER_KINDS as readonly unknown[]).includes(m.kind)) kind = m.kind as MatterKind
    else c.add(`${p}.kind`, 'unknown_kind', `unknown matter kind ${q(m.kind)}`, `未知事项类型 ${q(m.kind)}`)
    const election = kind === 'elect_committee'
    c.fields(p, m, kind === undefined || election ? ELECTION_FIELDS : MATTER_FIELDS)
    if (typeof m.title !== 'string')
      c.add(
        `${p}.title`,
        m.title === undefined ? 'missing' : 'wrong_type',
        'title must be a string',
        '标题应为字符串',
      )
    const { scope, ok: scopeOk } = checkScope(c, `${p}.scope`, m.scope, ids, buildings)
    if (m.participation !== undefined)
      checkFraction(c, `${p}.participation`, m.participation, LAW_PARTICIPATION, kind ?? '?')
    if (m.approval !== undefined && kind !== undefined)
      checkFraction(c, `${p}.approval`, m.approval, lawApproval(kind), kind)
    if (election) checkElectionFields(c, p, m, minMembersFloor)
    if (c.string(`${p}.id`, m.id, 'matter id', '事项编号')) {
      const first = matters.get(m.id)
      if (first) {
        c.add(
          `${p}.id`,
          'duplicate_id',
          `duplicate matter id ${q(m.id)} (also matters[${first.index}])`,
          `事项编号 ${q(m.id)} 重复`,
        )
      } else matters.set(m.id, { index: i, kind, scope, scopeOk })
    }
  })
  return matters
}

function checkElectionFields(c: Checker, p: string, m: Obj, minMembersFloor: number): void {
  const seatsOk = isPositiveInt(m.seats)
  if (!seatsOk) {
    c.add(
      `${p}.seats`,
      m.seats === undefined ? 'missing' : 'bad_seats',
      `seats must be a positive integer, not ${typeName(m.seats)}`,
      '席位数应为正整数',
    )
  }
  if (m.minMembers !== undefined) {
    if (!isPositiveInt(m.minMembers))
      c.add(
        `${p}.minMembers`,
        'bad_seats',
        `minMembers must be a positive integer, not ${typeName(m.minMembers)}`,
        '最低委员人数应为正整数',
      )
    else {
      if (seatsOk && m.minMembers > (m.seats as number))
        c.add(
          `${p}.minMembers`,
          'bad_seats',
          `minMembers ${m.minMembers} exceeds the ${m.seats as number} seats`,
          '最低委员人数超过席位数',
        )
      // Domain §5: a lower minimum would count as formed a committee the law does not recognise.
      if (m.minMembers < minMembersFloor)
        c.add(
          `${p}.minMembers`,
          'min_members_below_law',
          `minMembers ${m.minMembers} is below the statutory minimum of ${minMembersFloor} members for this estate (5; 3 for at most 100 households or 10,000 ㎡): only a higher minimum is allowed`,
          `最低委员人数 ${m.minMembers} 低于本小区的法定最低人数 ${minMembersFloor} 人（一般为 5 人，100 户以下或 1 万平方米以下的小区为 3 人），只能规定更高的人数`,
        )
    }
  }
  if (m.alternatesCap !== undefined && !isNonNegativeInt(m.alternatesCap))
    c.add(
      `${p}.alternatesCap`,
      'bad_seats',
      `alternatesCap must be a non-negative integer, not ${typeName(m.alternatesCap)}`,
      '候补人数上限应为非负整数',
    )
  if (!c.array(`${p}.candidates`, m.candidates, 'candidates', '候选人列表')) return
  const firstAt = new Map<string, number>()
  m.candidates.forEach((cand, j) => {
    const cp = `${p}.candidates[${j}]`
    if (!c.object(cp, cand, 'candidate', '候选人')) return
    c.fields(cp, cand, ['id', 'name'])
    if (typeof cand.name !== 'string')
      c.add(
        `${cp}.name`,
        cand.name === undefined ? 'missing' : 'wrong_type',
        'name must be a string',
        '姓名应为字符串',
      )
    if (c.string(`${cp}.id`, cand.id, 'candidate id', '候选人编号')) {
      const first = firstAt.get(cand.id)
      if (first !== undefined)
        c.add(
          `${cp}.id`,
          'duplicate_id',
          `duplicate candidate id ${q(cand.id)} (also candidates[${first}])`,
          `候选人编号 ${q(cand.id)} 重复`,
        )
      else firstAt.set(cand.id, j)
    }
  })
}

/** Is the choice of a valid form for the kind of matter? (Not whether an election choice is a valid vote.) */
function choiceFormOk(kind: MatterKind, v: unknown): boolean {
  if (isObj(v)) {
    const keys = Object.keys(v)
    return keys.length === 1 && keys[0] === 'invalid' && isNonEmptyString(v.invalid)
  }
  if (kind === 'elect_committee') return Array.isArray(v) && v.every((id) => typeof id === 'string')
  return RESOLUTION_CHOICES.includes(v)
}

function expectedForm(kind: MatterKind): [string, string] {
  return kind === 'elect_committee'
    ? ['an array of candidate ids or {"invalid": "reason"}', '候选人编号数组或 {"invalid": "原因"}']
    : ['"yes", "no", "abstain" or {"invalid": "reason"}', '"yes"、"no"、"abstain" 或 {"invalid": "原因"}']
}

function checkBallots(
  c: Checker,
  v: unknown,
  unitIds: ReadonlySet<string>,
  units: readonly RollUnit[],
  matters: ReadonlyMap<string, MatterInfo>,
  settings: Settings,
  unitsOk: boolean,
): void {
  if (!c.array('ballots', v, 'ballots', '选票列表')) return
  // Voters are known only if every unit is sound; otherwise unit references are still checked, voters are not.
  const wide: Electorate | undefined = unitsOk
    ? deriveElectorate(units, { countParking: settings.countParking })
    : undefined
  const members = new Map<string, ReadonlySet<string> | 'all'>()
  if (wide) {
    for (const [id, m] of matters) {
      if (!m.scope) members.set(id, 'all')
      else if (m.scopeOk) {
        const e = deriveElectorate(units, { countParking: settings.countParking, scope: m.scope })
        members.set(id, new Set(e.voters.map((x) => x.key)))
      }
    }
  }
  const ballotOfVoter = new Map<string, number>()

  v.forEach((b, i) => {
    const p = `ballots[${i}]`
    if (!c.object(p, b, 'ballot', '选票')) return
    c.fields(p, b, BALLOT_FIELDS)
    if (b.channel === undefined) c.add(`${p}.channel`, 'missing', 'missing channel', '缺少投票渠道')
    else if (!(CHANNELS as readonly unknown[]).includes(b.channel))
      c.add(
        `${p}.channel`,
        'bad_value',
        `unknown channel ${q(b.channel)} (online, paper, proxy, in_person)`,
        `未知投票渠道 ${q(b.channel)}`,
      )
    if (b.receipt !== undefined && typeof b.receipt !== 'string')
      c.add(
        `${p}.receipt`,
        'wrong_type',
        `receipt must be a string, not ${typeName(b.receipt)}`,
        '回执码应为字符串',
      )

    // Rule 2: the ballot's unit names its voter, in the meeting-wide grouping (without scope).
    let voter: string | undefined
    if (c.string(`${p}.unit`, b.unit, 'unit', '房号')) {
      if (!unitIds.has(b.unit))
        c.add(`${p}.unit`, 'unknown_unit', `unknown unit ${q(b.unit)}`, `未知房号 ${q(b.unit)}`)
      else if (wide) {
        voter = wide.voterOfUnit.get(b.unit)
        if (voter === undefined) {
          c.add(
            `${p}.unit`,
            'unit_not_counted',
            `unit ${q(b.unit)} is a parking space, which does not count (settings.countParking is false)`,
            `房屋 ${q(b.unit)} 为车位，不计入表决（countParking 为 false）`,
          )
        } else {
          const first = ballotOfVoter.get(voter)
          if (first !== undefined) {
            const firstUnit = (v[first] as Obj).unit as string
            c.add(
              `${p}.unit`,
              'double_vote',
              `a second ballot for the voter of unit ${q(b.unit)} (first: ballots[${first}], unit ${q(firstUnit)})`,
              `房屋 ${q(b.unit)} 的投票权人已在 ballots[${first}]（房号 ${q(firstUnit)}）投票，一人只能投一票`,
            )
          } else ballotOfVoter.set(voter, i)
        }
      }
    }

    if (!c.object(`${p}.choices`, b.choices, 'choices', '表决选择')) return
    for (const [mid, choice] of Object.entries(b.choices)) {
      const cp = pathKey(`${p}.choices`, mid)
      const m = matters.get(mid)
      if (!m) {
        c.add(cp, 'unknown_matter', `unknown matter ${q(mid)}`, `未知表决事项 ${q(mid)}`)
        continue
      }
      if (m.kind !== undefined && !choiceFormOk(m.kind, choice)) {
        const [en, zh] = expectedForm(m.kind)
        c.add(
          cp,
          'malformed_choice',
          `malformed choice ${q(choice)}: expected ${en}`,
          `选择格式不正确：应为${zh}`,
        )
      }
      const electorate = members.get(mid)
      if (voter !== undefined && electorate !== undefined && electorate !== 'all' && !electorate.has(voter)) {
        c.add(
          cp,
          'not_in_electorate',
          `the voter of unit ${q(b.unit)} is not in the electorate of matter ${q(mid)}`,
          `房屋 ${q(b.unit)} 的投票权人不在事项 ${q(mid)} 的表决范围内`,
        )
      }
    }
  })

  // A matter nobody can vote on cannot be decided: an empty electorate is a broken bundle, not a rejection.
  if (wide) {
    for (const [id, m] of matters) {
      const e = members.get(id)
      const empty = e === 'all' ? wide.voters.length === 0 : e !== undefined && e.size === 0
      if (empty && units.length > 0) {
        c.add(
          m.scope ? `matters[${m.index}].scope` : `matters[${m.index}]`,
          'empty_electorate',
          `the electorate of matter ${q(id)} is empty`,
          `事项 ${q(id)} 的表决范围内没有投票权人`,
        )
      }
    }
  }
}

function checkServed(c: Checker, v: unknown, unitIds: ReadonlySet<string>): void {
  if (v === undefined) return
  const list = checkStringList(c, 'served', v, 'served', '送达记录')
  if (!list) return
  const seen = new Set<string>()
  list.forEach((u, i) => {
    if (!unitIds.has(u)) c.add(`served[${i}]`, 'unknown_unit', `unknown unit ${q(u)}`, `未知房号 ${q(u)}`)
    else if (seen.has(u))
      c.add(`served[${i}]`, 'duplicate_id', `unit ${q(u)} listed twice`, `房号 ${q(u)} 重复`)
    seen.add(u)
  })
}

/** Validates a parsed JSON document as a `gongjue.results/1` bundle. */
/**
 * results-bundle.md `roll`: the published roll version the electorate was frozen from. Its hash is recomputed from
 * the units (roll-version.ts rollSha256, the same function that names the version) and must match.
 */
function checkRoll(c: Checker, v: unknown, units: readonly RollUnit[] | undefined): void {
  if (v === undefined) return
  if (!c.object('roll', v, 'roll', '名册版本')) return
  c.fields('roll', v, ['version', 'sha256'])
  if (!isPositiveInt(v.version))
    c.add('roll.version', 'bad_value', 'roll.version must be a positive integer', '名册版本号应为正整数')
  if (typeof v.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(v.sha256)) {
    c.add(
      'roll.sha256',
      'bad_value',
      'roll.sha256 must be 64 lowercase hex digits',
      '名册哈希应为64位小写十六进制',
    )
    return
  }
  if (units && rollSha256(units) !== v.sha256)
    c.add(
      'roll.sha256',
      'roll_hash_mismatch',
      'the units do not hash to roll.sha256: this is not the roll that was published',
      '房屋清单的哈希与 roll.sha256 不符：不是公示的名册版本',
    )
}

export function validateBundle(json: unknown): BundleValidation {
  const c = new Checker()
  if (!isObj(json)) {
    c.add(
      '',
      'not_an_object',
      `the bundle must be a JSON object, not ${typeName(json)}`,
      '结果包应为 JSON 对象',
    )
    return { ok: false, problems: c.problems }
  }
  c.fields('', json, ROOT_FIELDS)
  if (json.format === undefined)
    c.add('format', 'missing', `missing format (expected "${BUNDLE_FORMAT}")`, '缺少格式标识')
  else if (json.format !== BUNDLE_FORMAT)
    c.add(
      'format',
      'unsupported_format',
      `unsupported format ${q(json.format)} (expected "${BUNDLE_FORMAT}")`,
      `不支持的格式 ${q(json.format)}`,
    )
  c.informative('estate', json.estate, ['id', 'name'])
  c.informative('meeting', json.meeting, ['id', 'title', 'opensAt', 'closesAt'])
  const settings = checkSettings(c, json.settings)
  const before = c.problems.length
  const { units, ids, buildings } = checkUnits(c, json.units)
  const unitsOk = c.problems.length === before && Array.isArray(json.units)
  // Whether the estate is small, as the server decides it when it checks the agenda (services/meetings.ts
  // writeAgenda): every unit that is not parking is a household, and their areas are summed. With units that
  // could not be read the size is unknown, and only the lowest statutory minimum anywhere (3) is enforced.
  const housing = units.filter((u) => u.kind !== 'parking')
  const minMembersFloor = unitsOk
    ? statutoryMinMembers({
        households: housing.length,
        areaCm2: housing.reduce((sum, u) => sum + u.areaCm2, 0),
      })
    : 3
  const matters = checkMatters(c, json.matters, ids, buildings, minMembersFloor)
  checkBallots(c, json.ballots, ids, units, matters, settings, unitsOk)
  checkServed(c, json.served, ids)
  checkRoll(c, json.roll, unitsOk ? units : undefined)
  if (json.results !== undefined && !Array.isArray(json.results))
    c.add('results', 'wrong_type', `results must be an array, not ${typeName(json.results)}`, '结果应为数组')

  if (c.problems.length > 0) return { ok: false, problems: c.problems }
  // Every part has been checked above; what remains is to fill in the default settings.
  const bundle = { ...json, settings } as unknown as Bundle
  return { ok: true, bundle }
}
