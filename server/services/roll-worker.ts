import { parentPort } from 'node:worker_threads'
import { checkRollBytes, type CheckResult, type Progress } from './roll-check'

/**
 * The worker thread that reads and validates roll files, one at a time as roll-worker-client.ts sends them: the
 * parse and the checks of up to 200,000 rows take seconds of CPU, which here never hold up the server's event loop.
 *
 * The result goes back in pieces of CHUNK units and owners: each message is deserialised on the main thread as
 * it arrives, so that no single message stalls it either.
 */

export interface CheckJob {
  /** The file's bytes, transferred (not copied) to this thread. */
  readonly file: ArrayBuffer
  readonly countParking: boolean
}

export type WorkerMessage =
  | { readonly kind: 'progress'; readonly progress: Progress }
  | { readonly kind: 'units'; readonly units: Extract<CheckResult, { ok: true }>['units'] }
  | { readonly kind: 'owners'; readonly owners: Extract<CheckResult, { ok: true }>['owners'] }
  /** The result, with `units` and `owners` empty: they came before in pieces. */
  | { readonly kind: 'done'; readonly result: CheckResult }

const CHUNK = 2_000

const port = parentPort
if (!port) throw new Error('roll-worker.ts runs as a worker thread')
const post = (m: WorkerMessage) => port.postMessage(m)

port.on('message', (job: CheckJob) => {
  void checkRollBytes(new Uint8Array(job.file), {
    countParking: job.countParking,
    onProgress: (progress) => post({ kind: 'progress', progress }),
  }).then((result) => {
    if (!result.ok) return post({ kind: 'done', result })
    for (let i = 0; i < result.units.length; i += CHUNK)
      post({ kind: 'units', units: result.units.slice(i, i + CHUNK) })
    for (let i = 0; i < result.owners.length; i += CHUNK)
      post({ kind: 'owners', owners: result.owners.slice(i, i + CHUNK) })
    post({ kind: 'done', result: { ...result, units: [], owners: [] } })
  })
  // A rejection is left unhandled on purpose: it ends this thread with an 'error' event, which the import records.
})
