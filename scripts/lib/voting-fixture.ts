import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { createServer, type AddressInfo } from 'node:net'
import type { Db } from '../../db/client'
import { randomUUID } from 'node:crypto'
import { finishRegistration, startRegistration } from '../../server/auth/passkeys'
import { importRoll } from '../../server/services/import-roll'
import { createMeeting, giveNotice } from '../../server/services/meetings'
import { ownerVoters } from '../../server/services/owner-voters'
import { SoftAuthenticator } from '../../server/demo/soft-authenticator'

/**
 * A meeting open for voting by the real clock, with owners who have passkeys on software authenticators, for the
 * crash test and the cast benchmark. Set up through the services on the database file BEFORE the server
 * starts; the phones (private keys) stay in this process, which then votes over HTTP like real phones.
 */

export const ESTATE = 'loadtest'
const DAY = 86_400_000

export interface Voter {
  readonly voter: string
  readonly phone: SoftAuthenticator
  readonly accountId: string
}

export async function setUpOpenMeeting(
  db: Db,
  origin: string,
  opts: { roll: string | Uint8Array; voters: number },
): Promise<{ meetingId: string; voters: Voter[] }> {
  const who = (now: Date) => ({ actor: 'system:fixture', role: 'system', now })
  const imported = await importRoll(db, {
    estateId: ESTATE,
    estateName: '压力测试苑',
    fileName: 'roll.csv',
    file: typeof opts.roll === 'string' ? await readFile(opts.roll) : opts.roll,
    actor: 'system:fixture',
    role: 'system',
  })
  if (!imported.ok) throw new Error('fixture roll invalid')
  const real = Date.now()
  // Notice 20 days ago: the meeting opened yesterday (≥ 15 full days after notice) and closes in 5 days.
  const noticeAt = new Date(real - 20 * DAY)
  const meetingId = await createMeeting(
    db,
    ESTATE,
    {
      title: '负载测试会议 load test meeting',
      opensAt: new Date(real - DAY).toISOString(),
      closesAt: new Date(real + 5 * DAY).toISOString(),
      matters: [
        { kind: 'management_covenant', title: '管理规约', body: '' },
        { kind: 'raise_maintenance_fund', title: '维修资金', body: '' },
      ],
    },
    who(noticeAt),
  )
  await giveNotice(db, meetingId, who(noticeAt))

  const now = new Date(real)
  const settings = { rpID: new URL(origin).hostname, rpName: '共决 Gongjue', origin }
  const { voters } = await ownerVoters(db, ESTATE)
  const out: Voter[] = []
  // Owners get accounts and passkeys directly (the activation path is tested elsewhere and reloads the roll per
  // owner); the passkeys are still registered through the real ceremony and verified.
  for (const v of voters) {
    if (out.length >= opts.voters) break
    const person = v.owners[0]
    if (!person) continue
    const accountId = randomUUID()
    await db
      .insertInto('accounts')
      .values({
        id: accountId,
        kind: 'owner',
        display_name: person.name,
        owner_id: person.id,
        created_at: now.toISOString(),
        disabled_at: null,
      })
      .execute()
    const phone = new SoftAuthenticator(origin)
    const options = await startRegistration(
      db,
      settings,
      { id: accountId, userName: v.id, displayName: person.name },
      now,
    )
    await finishRegistration(db, settings, phone.register(options), now)
    out.push({ voter: v.id, phone, accountId })
  }
  return { meetingId, voters: out }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, 'localhost', () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

// The test run builds the bundle once for all its files and the processes they start (tests/global-setup.ts).
let bundled = process.env.GONGJUE_SERVER_BUNDLE_BUILT === '1'

/**
 * The server as `npm start` runs it: bundled by esbuild into dist/server/main.mjs (built once per process) and run
 * by plain node — no TypeScript loader thread, whose memory and CPU would otherwise be measured too.
 */
export function serverBundle(): string {
  if (!bundled) {
    execFileSync('npm', ['run', '-s', 'build:server'], { stdio: 'inherit' })
    bundled = true
  }
  return 'dist/server/main.mjs'
}

/** The real server in its own process on the given database; resolves once it serves. */
export function startServer(
  env: Record<string, string>,
  nodeArgs: readonly string[] = [],
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    // One process, not a wrapper: kill -9 must hit the server itself.
    const child = spawn(process.execPath, [...nodeArgs, '--enable-source-maps', serverBundle()], {
      env: { ...process.env, DEMO_SEED: 'false', HOST: 'localhost', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    const onData = (d: Buffer) => {
      out += d.toString()
      if (out.includes('is serving on')) {
        child.stdout?.off('data', onData)
        resolve(child)
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()))
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before serving:\n${out}`)))
  })
}

/** Browser-like JSON requests with the session cookie and our Origin. */
export function client(origin: string) {
  return async (method: string, path: string, body?: unknown, cookie?: string) => {
    const res = await fetch(origin + path, {
      method,
      headers: {
        origin,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(cookie ? { cookie } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return res
  }
}

export async function signInOverHttp(origin: string, v: Voter): Promise<string> {
  const call = client(origin)
  const opts = (await (await call('POST', '/api/session/options')).json()) as {
    options: Parameters<SoftAuthenticator['authenticate']>[0]
  }
  const res = await call('POST', '/api/session', { response: v.phone.authenticate(opts.options) })
  if (res.status !== 200) throw new Error(`sign-in ${res.status}`)
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('gj_session='))
  if (!cookie) throw new Error('no session cookie')
  return cookie.split(';')[0] as string
}

/** A complete ballot prepared and signed (the assertion over its hash), ready to send. */
export async function prepareSigned(
  origin: string,
  meetingId: string,
  v: Voter,
  cookie: string,
  choices: Record<string, unknown>,
) {
  const call = client(origin)
  const res = await call(
    'POST',
    `/api/estates/${ESTATE}/meetings/${meetingId}/ballot-options`,
    { voter: v.voter, choices },
    cookie,
  )
  if (res.status !== 200) throw new Error(`ballot-options ${res.status} ${await res.text()}`)
  const { ballot, options } = (await res.json()) as {
    ballot: { nonce: string }
    options: Parameters<SoftAuthenticator['authenticate']>[0]
  }
  return { nonce: ballot.nonce, response: v.phone.authenticate(options) }
}
