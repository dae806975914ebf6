/**
 * Canonical JSON: object keys in code-point order at every depth, no whitespace, arrays in order. Two equal
 * values always give the same text, so its hash can stand for "exactly these choices" (domain.md §10).
 */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [k: string]: Json }

export function canonicalJson(value: Json): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('canonical JSON has no NaN or Infinity')
    return JSON.stringify(value)
  }
  if (Array.isArray(value)) return `[${value.map((v: Json) => canonicalJson(v)).join(',')}]`
  const obj = value as { readonly [k: string]: Json }
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k] as Json)}`).join(',')}}`
}
