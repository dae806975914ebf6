/**
 * Public views never show a full name (DEVELOPERS.md "Personal data"; domain.md §3 roll publicity):
 * the first character and one asterisk, whatever the length, so the length is not disclosed either.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim())
  if (chars.length === 0) return ''
  return `${chars[0]}*`
}
