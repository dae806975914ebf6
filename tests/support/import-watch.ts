import type { Db } from '../../db/client'
import { createStaff } from '../../server/services/staff-accounts'
import { SoftAuthenticator } from '../../server/demo/soft-authenticator'

/**
 * Watching a roll import over real HTTP while it runs (the hostile-imports test and `npm run bench -- --only
 * hostile`): other requests are sent the whole time, each in its own loop, and every answer is logged in order
 * beside the import's own progress.
 */

/**
 * A convener of the estate, enrolled over HTTP with a software passkey; the session cookie. `base` is where the
 * server listens, `origin` its public origin (the passkeys' and the Origin header's), the same unless the app
 * was built for another origin than the address it listens on.
 */
export async function enrolConvenerOverHttp(
  db: Db,
  opts: { readonly origin: string; readonly base?: string; readonly estateId: string },
): Promise<string> {
  const { origin, estateId } = opts
  const base = opts.base ?? origin
  const link = await createStaff(
    db,
    { displayName: `召集人 ${estateId}`, role: 'convener', estateId, origin },
    { actor: 'test', role: 'system', now: new Date() },
  )
  const token = link.url.split('/enroll/')[1] as string
  const phone = new SoftAuthenticator(origin)
  const post = (path: string, body: unknown) =>
    fetch(base + path, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  const started = await post('/api/enrollment/options', { token })
  if (started.status !== 200) throw new Error(`enrollment options: ${started.status} ${await started.text()}`)
  const { options } = (await started.json()) as { options: Parameters<SoftAuthenticator['register']>[0] }
  const res = await post('/api/enrollment', { response: phone.register(options) })
  if (res.status !== 201) throw new Error(`enrollment: ${res.status} ${await res.text()}`)
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('gj_session='))
  if (!cookie) throw new Error('enrollment: no session cookie')
  return cookie.split(';')[0] as string
}

export interface WatchedImport {
  readonly id: string
  readonly status: string
  readonly phase: string
  readonly errors: readonly { line: number; code: string; reason: string; unit?: string; column?: string }[]
  readonly errorCount: number
  readonly summary: { units: number } | null
}

export interface ImportWatch {
  /** The import as its last poll found it (no longer running). */
  readonly final: WatchedImport
  /** The answers in the order they came: 'health', 'roll', 'running' (a poll) and whatever `log` was given. */
  readonly events: readonly string[]
  /** How long each health request took, in ms (figures for the bench; tests never look at them). */
  readonly healthMs: readonly number[]
  readonly rollMs: readonly number[]
}

/**
 * The running import's own reports, as the server's tracker sees them (a test's ImportTracker calls `report` at each
 * progress report and `end` once the import has finished): the loops of uploadAndWatch ask again only after the
 * import has moved on since their last request, instead of back to back. Back to back, three loops in the server's
 * own process kept a core busy answering them for as long as an import ran, competing with the import they watch;
 * paced by the import, each loop still has a request in flight in every phase the import reports.
 */
export class ImportPace {
  private reports = 0
  private ended = false
  private wakeAll: () => void = () => undefined
  /** Settles at the next report or at the end. */
  private next = this.nextSignal()

  /** How many reports the import has made so far. */
  get count(): number {
    return this.reports
  }

  report(): void {
    this.reports++
    this.wake()
  }

  end(): void {
    this.ended = true
    this.wake()
  }

  /** Resolves once the import has reported more than `after` times, or has ended. */
  async movedOn(after: number): Promise<void> {
    while (!this.ended && this.reports <= after) await this.next
  }

  private nextSignal(): Promise<void> {
    return new Promise((resolve) => (this.wakeAll = resolve))
  }

  private wake(): void {
    this.wakeAll()
    this.next = this.nextSignal()
  }
}

/**
 * Uploads a file for import (without waiting) and, until the import is no longer running, keeps asking for
 * /api/health, for the published roll of `publishedEstate`, and for the import's record, each in its own loop:
 * back to back (the bench, which measures how long the answers take under that load), or, given `pace`, once per
 * report of the import (the tests, which look at the order of the answers only). `events` is shared with the
 * caller, who may log the import's own progress into it.
 */
export async function uploadAndWatch(opts: {
  readonly base: string
  /** The Origin header the server expects. */
  readonly origin: string
  readonly cookie: string
  readonly estateId: string
  readonly publishedEstate: string
  readonly file: Uint8Array
  readonly fileName: string
  readonly events: string[]
  readonly pace?: ImportPace
}): Promise<ImportWatch> {
  const { base, cookie, events, pace } = opts
  /** Before a loop's next request: nothing without a pace; else until the import reported since `sentAt`. */
  const next = (sentAt: number) => (pace ? pace.movedOn(sentAt) : Promise.resolve())
  const reportsNow = () => pace?.count ?? 0
  const res = await fetch(
    `${base}/api/estates/${opts.estateId}/roll/imports?fileName=${encodeURIComponent(opts.fileName)}`,
    {
      method: 'POST',
      headers: { origin: opts.origin, cookie, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(opts.file),
    },
  )
  if (res.status !== 202) throw new Error(`upload: ${res.status} ${await res.text()}`)
  const { import: started } = (await res.json()) as { import: { id: string } }
  events.push('accepted')
  let done = false
  const healthMs: number[] = []
  const rollMs: number[] = []
  const repeat = async (name: string, url: string, into: number[]) => {
    while (!done) {
      const sentAt = reportsNow()
      const t0 = performance.now()
      const r = await fetch(url)
      await r.arrayBuffer()
      if (r.status !== 200) throw new Error(`${name}: ${r.status}`)
      into.push(performance.now() - t0)
      if (!done) events.push(name)
      await next(sentAt)
    }
  }
  const poll = async (): Promise<WatchedImport> => {
    for (;;) {
      const sentAt = reportsNow()
      const r = await fetch(`${base}/api/estates/${opts.estateId}/roll/imports/${started.id}`, {
        headers: { cookie },
      })
      if (r.status !== 200) throw new Error(`poll: ${r.status} ${await r.text()}`)
      const { import: current } = (await r.json()) as { import: WatchedImport }
      if (current.status !== 'running') {
        done = true
        events.push('finished')
        return current
      }
      events.push('running')
      await next(sentAt)
    }
  }
  const [final] = await Promise.all([
    poll(),
    repeat('health', `${base}/api/health`, healthMs),
    repeat('roll', `${base}/api/estates/${opts.publishedEstate}/roll?limit=20`, rollMs),
  ])
  return { final, events, healthMs, rollMs }
}

/** Whether `what` was logged after `from` and before `to` (each the first of its kind). */
export function loggedBetween(events: readonly string[], what: string, from: string, to: string): boolean {
  const start = events.indexOf(from)
  const end = events.indexOf(to, start + 1)
  if (start < 0 || end < 0) return false
  return events.slice(start + 1, end).includes(what)
}
