/**
 * Codes people read from paper and type back: Crockford's base32 (no I, L, O or U), 60 bits as XXXX-XXXX-XXXX.
 * Used for activation codes on invitation letters and for ballot receipts.
 */
export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** The first 60 bits of `bytes` (at least 8) as XXXX-XXXX-XXXX. */
export function code60(bytes: Uint8Array): string {
  if (bytes.length < 8) throw new RangeError('a 60-bit code needs at least 8 bytes')
  let bits = 0n
  for (let i = 0; i < 8; i++) bits = (bits << 8n) | BigInt(bytes[i] as number)
  let out = ''
  for (let i = 0; i < 12; i++) out += CROCKFORD[Number((bits >> BigInt(59 - 5 * i)) & 31n)]
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8)}`
}
