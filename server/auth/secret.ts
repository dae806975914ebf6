import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * The session signing secret: SESSION_SECRET when configured, otherwise 32 random bytes generated on first run
 * and kept (mode 0600, in a directory made 0700) beside the database, so sessions survive a restart. There is no
 * default secret. Whoever reads the key can sign a session for any account, admins included, so a key file that
 * other users may read or write is refused: tightening it would not undo a copy already taken.
 */
export function loadSessionSecret(configured: string | undefined, keyPath: string): Uint8Array {
  if (configured !== undefined) return new TextEncoder().encode(configured)
  if (existsSync(keyPath)) {
    const mode = statSync(keyPath).mode & 0o777
    if (process.platform !== 'win32' && (mode & 0o077) !== 0)
      throw new Error(
        `${keyPath} is open to other users (mode ${mode.toString(8)}), so its secret may have been read: ` +
          'delete it to have a new one made (everyone signs in again), or `chmod 600` it if nobody else could read it',
      )
    const stored = Buffer.from(readFileSync(keyPath, 'utf8').trim(), 'base64url')
    if (stored.length < 32)
      throw new Error(`${keyPath} holds fewer than 32 bytes; delete it to make a new one`)
    return new Uint8Array(stored)
  }
  mkdirSync(dirname(keyPath), { recursive: true, mode: 0o700 })
  const secret = randomBytes(32)
  writeFileSync(keyPath, secret.toString('base64url') + '\n', { mode: 0o600, flag: 'wx' })
  return new Uint8Array(secret)
}
