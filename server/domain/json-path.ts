/** JSON paths as results-bundle.md writes them: `ballots[17].unit`, `ballots[3].choices.q1`, `choices["q-1"]`. */

const IDENT = /^[A-Za-z_$][\w$]*$/

/** Appends a key or an index to a path ('' is the root). */
export function pathKey(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`
  if (!IDENT.test(key)) return `${path}[${JSON.stringify(key)}]`
  return path === '' ? key : `${path}.${key}`
}
