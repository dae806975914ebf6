import { createHash, randomBytes } from 'node:crypto'
import { code60 } from '../domain/crockford'

/**
 * One-time secrets handed to people: activation codes printed on invitation letters and enrollment tokens for
 * staff. Only their SHA-256 is stored, so a copy of the database cannot activate anyone.
 */

/** 60 random bits in Crockford's base32 (read aloud or typed from paper, it survives). */
export const newActivationCode = (): string => code60(randomBytes(8))

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
