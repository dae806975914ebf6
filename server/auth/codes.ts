import { createHash, randomBytes } from 'node:crypto'

/**
 * One-time secrets handed to people: activation codes printed on invitation letters and enrollment tokens for
 * staff. Only their SHA-256 is stored, so a copy of the database cannot activate anyone.
 */

// Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper survives.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** 12 characters, 60 random bits, shown as XXXX-XXXX-XXXX. */
export function newActivationCode(): string {
  const bytes = randomBytes(12)
  let out = ''
  for (const b of bytes) out += ALPHABET[b & 31]
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8, 12)}`
}

/** What the owner typed, as the code it must be: case, spaces and dashes ignored; O→0, I/L→1 as Crockford says. */
export function normalizeActivationCode(input: string): string {
  return input.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1')
}

export const isWellFormedCode = (normalized: string) => /^[0-9A-HJKMNP-TV-Z]{12}$/.test(normalized)

export function hashSecret(normalized: string): string {
  return createHash('sha256').update(normalized).digest('hex')
}

export const hashActivationCode = (input: string) => hashSecret(normalizeActivationCode(input))

/** 256-bit enrollment token, URL-safe. */
export const newEnrollmentToken = () => randomBytes(32).toString('base64url')
