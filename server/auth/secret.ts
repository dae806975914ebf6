import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * The session signing secret: SESSION_SECRET when configured, otherwise 32 random bytes generated on first run
 * and kept (mode 0600) beside the database, so sessions survive a restart. There is no default secret.
 */
export function loadSessionSecret(configured: string | undefined, keyPath: string): Uint8Array {
  if (configured !== undefined) return new TextEncoder().encode(configured)
  if (existsSync(keyPath)) {
    const stored = Buffer.from(readFileSync(keyPath, 'utf8').trim(), 'base64url')
    if (stored.length < 32)
      throw new Error(`${keyPath} holds fewer than 32 bytes; delete it to make a new one`)
    return new Uint8Array(stored)
  }
  mkdirSync(dirname(keyPath), { recursive: true })
  const secret = randomBytes(32)
  writeFileSync(keyPath, secret.toString('base64url') + '\n', { mode: 0o600, flag: 'wx' })
  return new Uint8Array(secret)
}
