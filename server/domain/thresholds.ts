/**
 * The thresholds of 民法典 art. 278(2), verbatim:
 *
 *   业主共同决定事项，应当由专有部分面积占比三分之二以上的业主且人数占比三分之二以上的业主参与表决。
 *   决定前款第六项至第八项规定的事项，应当经参与表决专有部分面积四分之三以上的业主且参与表决人数四分之三以上的业主同意。
 *   决定前款其他事项，应当经参与表决专有部分面积过半数的业主且参与表决人数过半数的业主同意。
 *
 * "以上" includes the number itself (民法典 art. 1259), so 2/3 and 3/4 are not strict; "过半数" is strictly more
 * than half. Every comparison is a cross-multiplication of integers (in BigInt, so that no product can lose
 * precision whatever the override's denominator): never a division, never a float, never a rounded percentage.
 */
import type { Fraction, Matter, MatterKind, ResolutionKind, Rule } from './bundle'

/** 三分之二以上 of the area and of the headcount take part. */
export const LAW_PARTICIPATION: Fraction = { num: 2, den: 3, strict: false }
/** 过半数: art. 278(1) items 一 to 五 and 九, and each candidate of an election (item 三). */
export const ORDINARY_APPROVAL: Fraction = { num: 1, den: 2, strict: true }
/** 四分之三以上: art. 278(1) items 六 (raise the maintenance fund), 七 (rebuild), 八 (change or use common parts). */
export const SPECIAL_APPROVAL: Fraction = { num: 3, den: 4, strict: false }

const SPECIAL_KINDS: ReadonlySet<MatterKind> = new Set<ResolutionKind>([
  'raise_maintenance_fund',
  'rebuild',
  'common_parts_use',
])

export const isSpecialKind = (kind: MatterKind): boolean => SPECIAL_KINDS.has(kind)

/** The approval rule the law sets for a kind of matter. */
export function lawApproval(kind: MatterKind): Fraction {
  return isSpecialKind(kind) ? SPECIAL_APPROVAL : ORDINARY_APPROVAL
}

/** The law's rule for a kind of matter, before any override. */
export function lawRule(kind: MatterKind): Rule {
  return { participation: LAW_PARTICIPATION, approval: lawApproval(kind) }
}

/** The rule a matter is decided by: the law's, or the stricter one its rules of procedure set. */
export function ruleOf(matter: Matter): Rule {
  const law = lawRule(matter.kind)
  return {
    participation: matter.participation ?? law.participation,
    approval: matter.approval ?? law.approval,
  }
}

/** Does `part` of `whole` meet the threshold? `den·part > num·whole` (strict) or `den·part ≥ num·whole`. */
export function meets(part: number, whole: number, f: Fraction): boolean {
  const lhs = BigInt(f.den) * BigInt(part)
  const rhs = BigInt(f.num) * BigInt(whole)
  return f.strict ? lhs > rhs : lhs >= rhs
}

/**
 * Is `candidate` at least as strict as `law`, i.e. does every share that meets it also meet the law? True when
 * its fraction is larger, or equal and it is strict or the law is not. Rules of procedure may be stricter than the
 * law, never looser (domain.md §4).
 */
export function atLeastAsStrict(candidate: Fraction, law: Fraction): boolean {
  const c = BigInt(candidate.num) * BigInt(law.den)
  const l = BigInt(law.num) * BigInt(candidate.den)
  if (c !== l) return c > l
  return candidate.strict || !law.strict
}

const DIGITS = '零一二三四五六七八九'

/** 1–99 in Chinese numerals (三, 十一, 二十四); larger numbers stay in digits. */
function cn(n: number): string {
  if (n < 10) return DIGITS[n] as string
  if (n < 100) {
    const tens = Math.floor(n / 10)
    const ones = n % 10
    return (tens === 1 ? '' : (DIGITS[tens] as string)) + '十' + (ones === 0 ? '' : (DIGITS[ones] as string))
  }
  return String(n)
}

/** "三分之二以上", "过半数", "超过四分之三". */
export function thresholdZh(f: Fraction): string {
  if (f.num * 2 === f.den) return f.strict ? '过半数' : '半数以上'
  const frac = `${cn(f.den)}分之${cn(f.num)}`
  return f.strict ? `超过${frac}` : `${frac}以上`
}

/** "at least 2/3", "more than half". */
export function thresholdEn(f: Fraction): string {
  if (f.num * 2 === f.den) return f.strict ? 'more than half' : 'at least half'
  return `${f.strict ? 'more than' : 'at least'} ${f.num}/${f.den}`
}
