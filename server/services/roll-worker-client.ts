import { Worker } from 'node:worker_threads'
import type { OwnerIdentity, ParsedUnit } from '../domain/roll'
import type { CheckResult, OnProgress } from './roll-check'
import type { ToWorker, WorkerMessage } from './roll-worker'

/**
 * The thread that checks roll files (roll-worker.ts), seen from the server's thread. One worker serves the whole
 * process, one file at a time: concurrent uploads, hostile ones included, queue instead of multiplying the memory
 * a check may take, and the worker starts once rather than per import. It is kept only while it behaves: a worker
 * that crashes, exits or runs out of its heap fails the file it was checking and is replaced for the next one.
 */

/**
 * The heap of the worker. A check holds at most ROLL_LIMITS.maxUnits parsed units (about 150 MB at the cap)
 * besides the file itself; past this the worker is stopped and the check fails, the server unaffected.
 */
export const WORKER_HEAP_MB = 768

/** The check's worker failed (it crashed, ran out of its heap, or exited) before it answered. */
export class RollWorkerError extends Error {}

/**
 * The worker as built: `dist/server/roll-worker.mjs` beside the bundled server (a second esbuild entry), or from
 * the TypeScript source through tsx when this module itself runs from source (tests, `npm run dev`, scripts).
 */
function spawn(heapMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: heapMb }
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./roll-worker.mjs', import.meta.url), { resourceLimits })
  return new Worker(new URL('./roll-worker-tsx.mjs', import.meta.url), {
    resourceLimits,
    workerData: { entry: new URL('./roll-worker.ts', import.meta.url).href },
  })
}

interface Job {
  readonly file: Uint8Array
  readonly countParking: boolean
  readonly onProgress: OnProgress | undefined
  readonly resolve: (r: CheckResult) => void
  readonly reject: (e: Error) => void
}

class RollChecker {
  private worker: Worker | undefined
  private readonly queue: Job[] = []
  private current: (Job & { units: ParsedUnit[]; owners: OwnerIdentity[] }) | undefined

  constructor(private readonly heapMb: number) {}

  check(file: Uint8Array, opts: { countParking: boolean; onProgress?: OnProgress }): Promise<CheckResult> {
    return new Promise<CheckResult>((resolve, reject) => {
      this.queue.push({ file, countParking: opts.countParking, onProgress: opts.onProgress, resolve, reject })
      this.next()
    })
  }

  private next(): void {
    if (this.current) return
    const job = this.queue.shift()
    if (!job) {
      // Idle, the worker does not keep the process alive (a CLI exits once its import is done).
      this.worker?.unref()
      return
    }
    const worker = this.worker ?? this.start()
    worker.ref()
    this.current = { ...job, units: [], owners: [] }
    // The worker gets its own copy of the bytes, moved (not copied again) into its thread.
    const copy = new Uint8Array(job.file)
    const message: ToWorker = { kind: 'check', file: copy.buffer, countParking: job.countParking }
    worker.postMessage(message, [copy.buffer])
  }

  private start(): Worker {
    const worker = spawn(this.heapMb)
    this.worker = worker
    const fail = (why: string) => {
      if (this.worker !== worker) return
      this.worker = undefined
      void worker.terminate()
      const job = this.current
      this.current = undefined
      job?.reject(new RollWorkerError(why))
      this.next()
    }
    worker.on('message', (m: WorkerMessage) => {
      const job = this.current
      if (!job || this.worker !== worker) return
      if (m.kind === 'progress') job.onProgress?.(m.progress)
      else if (m.kind === 'units' || m.kind === 'owners') {
        if (m.kind === 'units') for (const u of m.units) job.units.push(u)
        else for (const o of m.owners) job.owners.push(o)
        // The next piece after a turn of the event loop: requests waiting since this one are answered first.
        setImmediate(() => {
          if (this.worker === worker) worker.postMessage({ kind: 'more' } satisfies ToWorker)
        })
      } else {
        this.current = undefined
        job.resolve(m.result.ok ? { ...m.result, units: job.units, owners: job.owners } : m.result)
        this.next()
      }
    })
    worker.on('error', (e: Error & { code?: string }) =>
      fail(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'out of memory' : `${e.name}: ${e.message}`.slice(0, 200)),
    )
    worker.on('exit', (code) => fail(`exited with code ${code}`))
    return worker
  }
}

const checkers = new Map<number, RollChecker>()

/**
 * Reads and validates a roll file without writing anything, in the worker: this thread only receives the
 * progress and, in pieces, the result. Rejects with RollWorkerError when the worker fails.
 */
export function checkInWorker(
  file: Uint8Array,
  opts: { countParking: boolean; onProgress?: OnProgress; workerHeapMb?: number },
): Promise<CheckResult> {
  const heapMb = opts.workerHeapMb ?? WORKER_HEAP_MB
  let checker = checkers.get(heapMb)
  if (!checker) checkers.set(heapMb, (checker = new RollChecker(heapMb)))
  return checker.check(file, opts)
}
