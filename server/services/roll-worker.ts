import { parentPort } from 'node:worker_threads'
import { checkRollBytes, type CheckResult, type Progress } from './roll-check'

/**
 * The worker thread that reads and validates roll files, one at a time as roll-worker-client.ts sends them: the
 * parse and the checks of up to 200,000 rows take seconds of CPU, which here never hold up the server's event loop.
 *
 * The result goes back in pieces of CHUNK units or owners, each sent once the server's thread has taken the one
 * before and had a turn of its event loop (`more`): Node delivers every message already queued on a port in one
 * go, so without the wait the pieces would be deserialised back to back, a stall as long as one big message.
 */

export interface CheckJob {
  readonly kind: 'check'
  /** The file's bytes, transferred (not copied) to this thread. */
  readonly file: ArrayBuffer
  readonly countParking: boolean
}

/** What the server's thread sends: a file to check, or `more` once it has taken a piece of the result. */
export type ToWorker = CheckJob | { readonly kind: 'more' }

export type WorkerMessage =
  | { readonly kind: 'progress'; readonly progress: Progress }
  | { readonly kind: 'units'; readonly units: Extract<CheckResult, { ok: true }>['units'] }
  | { readonly kind: 'owners'; readonly owners: Extract<CheckResult, { ok: true }>['owners'] }
  /** The result, with `units` and `owners` empty: they came before in pieces. */
  | { readonly kind: 'done'; readonly result: CheckResult }

const CHUNK = 1_000

const port = parentPort
if (!port) throw new Error('roll-worker.ts runs as a worker thread')
const post = (m: WorkerMessage) => port.postMessage(m)

let taken: (() => void) | undefined
/** Sends a piece of a result and waits until the server's thread has taken it. */
const send = (m: WorkerMessage) =>
  new Promise<void>((resolve) => {
    taken = resolve
    post(m)
  })

async function check(job: CheckJob): Promise<void> {
  const result = await checkRollBytes(new Uint8Array(job.file), {
    countParking: job.countParking,
    onProgress: (progress) => post({ kind: 'progress', progress }),
  })
  if (result.ok) {
    for (let i = 0; i < result.units.length; i += CHUNK)
      await send({ kind: 'units', units: result.units.slice(i, i + CHUNK) })
    for (let i = 0; i < result.owners.length; i += CHUNK)
      await send({ kind: 'owners', owners: result.owners.slice(i, i + CHUNK) })
  }
  post({ kind: 'done', result: result.ok ? { ...result, units: [], owners: [] } : result })
}

port.on('message', (m: ToWorker) => {
  if (m.kind === 'more') return taken?.()
  // A rejection is left unhandled on purpose: it ends this thread with an 'error' event, which the import records.
  void check(m)
})
