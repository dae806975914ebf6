import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { migrate, openSqlite } from '../../db/client'
import { loadSessionSecret } from '../../server/auth/secret'
import { tempDir } from '../support'

/**
 * The database (owners' names, ID characters, phones) and session.key (which signs any account's session) are
 * the server user's alone: created 0600 in a directory made 0700, whatever the umask would have given.
 */

const modeOf = (path: string) => statSync(path).mode & 0o777

let tmp: ReturnType<typeof tempDir>
beforeEach(() => {
  tmp = tempDir()
})
afterEach(() => {
  vi.restoreAllMocks()
  tmp.cleanup()
})

describe.skipIf(process.platform === 'win32')('file modes', () => {
  it('creates the data directory 0700 and the database with its -wal and -shm 0600', async () => {
    const dir = join(tmp.dir, 'data', 'db')
    const path = join(dir, 'gongjue.sqlite')
    const handle = openSqlite(path)
    await migrate(handle.db) // writes: the -wal and -shm files exist from here
    expect(modeOf(join(tmp.dir, 'data'))).toBe(0o700)
    expect(modeOf(dir)).toBe(0o700)
    expect(modeOf(path)).toBe(0o600)
    expect(modeOf(`${path}-wal`)).toBe(0o600)
    expect(modeOf(`${path}-shm`)).toBe(0o600)
    await handle.close()
  })

  it('tightens a database and its -wal left readable by others, with a warning', async () => {
    const path = join(tmp.dir, 'old.sqlite')
    const first = openSqlite(path)
    await migrate(first.db)
    await first.close()
    chmodSync(path, 0o644)
    writeFileSync(`${path}-wal`, '')
    chmodSync(`${path}-wal`, 0o664)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const again = openSqlite(path)
    expect(modeOf(path)).toBe(0o600)
    expect(modeOf(`${path}-wal`)).toBe(0o600)
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
      `${path} was readable by other users (mode 644); its mode is now 600`,
      `${path}-wal was readable by other users (mode 664); its mode is now 600`,
    ])
    expect(await migrate(again.db)).toEqual([])
    await again.close()
  })

  it('leaves an existing directory as it is', async () => {
    const shared = join(tmp.dir, 'shared')
    mkdirSync(shared, { mode: 0o755 })
    chmodSync(shared, 0o755)
    const handle = openSqlite(join(shared, 'x.sqlite'))
    expect(modeOf(shared)).toBe(0o755)
    expect(modeOf(join(shared, 'x.sqlite'))).toBe(0o600)
    await handle.close()
  })

  it('writes a new session.key 0600 in a new directory 0700, and reads it back', () => {
    const keyPath = join(tmp.dir, 'state', 'session.key')
    const secret = loadSessionSecret(undefined, keyPath)
    expect(secret.length).toBe(32)
    expect(modeOf(keyPath)).toBe(0o600)
    expect(modeOf(join(tmp.dir, 'state'))).toBe(0o700)
    expect(loadSessionSecret(undefined, keyPath)).toEqual(secret)
  })

  it.each([0o644, 0o640, 0o604, 0o620])(
    'refuses a session.key of mode %s and leaves it untouched',
    (mode) => {
      const keyPath = join(tmp.dir, 'session.key')
      loadSessionSecret(undefined, keyPath)
      const before = readFileSync(keyPath, 'utf8')
      chmodSync(keyPath, mode)
      expect(() => loadSessionSecret(undefined, keyPath)).toThrow(
        new RegExp(`open to other users \\(mode ${mode.toString(8)}\\).*delete it`),
      )
      expect(readFileSync(keyPath, 'utf8')).toBe(before)
      expect(modeOf(keyPath)).toBe(mode)
    },
  )

  it('takes a configured SESSION_SECRET without touching any file', () => {
    const keyPath = join(tmp.dir, 'nowhere', 'session.key')
    expect(loadSessionSecret('x'.repeat(32), keyPath).length).toBe(32)
    expect(() => statSync(keyPath)).toThrow()
  })
})
