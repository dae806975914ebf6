/**
 * Areas are integer square centimetres (domain.md §3): 1 ㎡ = 10,000 cm². Registers use up to four decimals
 * of a square metre, so four decimals are exactly representable and nothing is ever rounded.
 */

export const CM2_PER_M2 = 10_000
/** 100,000,000 ㎡: far above any real unit, and keeps estate sums safe integers. */
export const MAX_UNIT_AREA_CM2 = 100_000_000 * CM2_PER_M2

export type AreaErrorCode =
  'area_missing' | 'area_malformed' | 'area_too_precise' | 'area_not_positive' | 'area_too_large'

export type AreaParse =
  { readonly ok: true; readonly areaCm2: number } | { readonly ok: false; readonly code: AreaErrorCode }

/**
 * Parses a decimal number of square metres written as text ("143.9", "1,234.5", "143.9000") into cm²,
 * by string arithmetic only. A JS number from a spreadsheet cell is passed through `String(n)`, whose
 * shortest round-trip form is exactly the decimal that was typed (143.9 → "143.9").
 */
export function parseAreaM2(text: string): AreaParse {
  let s = text.trim()
  if (s === '') return { ok: false, code: 'area_missing' }
  // Thousands separators, only in their proper places.
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/.test(s)) s = s.replace(/,/g, '')
  const m = /^([+-]?)(\d+)(?:\.(\d*))?$/.exec(s) ?? /^([+-]?)()\.(\d+)$/.exec(s)
  if (!m) return { ok: false, code: 'area_malformed' }
  const sign = m[1] ?? ''
  const whole = (m[2] ?? '').replace(/^0+(?=\d)/, '')
  const frac = (m[3] ?? '').replace(/0+$/, '')
  if (frac.length > 4) return { ok: false, code: 'area_too_precise' }
  if (whole.length > 12) return { ok: false, code: 'area_too_large' }
  const cm2 = Number(whole || '0') * CM2_PER_M2 + Number(frac.padEnd(4, '0'))
  if (sign === '-' || cm2 <= 0) return { ok: false, code: 'area_not_positive' }
  if (cm2 > MAX_UNIT_AREA_CM2) return { ok: false, code: 'area_too_large' }
  return { ok: true, areaCm2: cm2 }
}

/** Formats cm² as square metres with at least two and at most four decimals ("143.90", "226421.0857"). */
export function formatAreaM2(areaCm2: number): string {
  const neg = areaCm2 < 0
  const abs = Math.abs(areaCm2)
  const whole = Math.floor(abs / CM2_PER_M2)
  let frac = String(abs % CM2_PER_M2).padStart(4, '0')
  while (frac.length > 2 && frac.endsWith('0')) frac = frac.slice(0, -1)
  return `${neg ? '-' : ''}${whole}.${frac}`
}
