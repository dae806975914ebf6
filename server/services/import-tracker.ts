import type { Progress } from './import-roll'

/**
 * Progress of running imports, in memory: the import's own transaction holds the database connection, so
 * progress is read from here while it runs and from `roll_imports` once it has finished. It also holds how this
 * server's imports run: the heap their worker thread may use.
 */
export class ImportTracker {
  /** The heap limit of the worker that checks this server's roll files (import-roll.ts, WORKER_HEAP_MB). */
  readonly workerHeapMb: number | undefined

  constructor(opts: { readonly workerHeapMb?: number } = {}) {
    this.workerHeapMb = opts.workerHeapMb
  }

  private readonly running = new Map<
    string,
    { estateId: string; progress: Progress; done: Promise<unknown> }
  >()

  isRunningFor(estateId: string): boolean {
    for (const r of this.running.values()) if (r.estateId === estateId) return true
    return false
  }

  start(
    id: string,
    estateId: string,
    run: (onProgress: (p: Progress) => void) => Promise<unknown>,
  ): Promise<unknown> {
    const entry = {
      estateId,
      progress: { phase: 'reading', processed: 0, total: 0 } as Progress,
      done: Promise.resolve() as Promise<unknown>,
    }
    this.running.set(id, entry)
    entry.done = run((p) => {
      entry.progress = p
    }).finally(() => this.running.delete(id))
    return entry.done
  }

  progress(id: string): Progress | undefined {
    return this.running.get(id)?.progress
  }

  /** Resolves when every running import has finished (graceful shutdown, tests). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.running.values()].map((r) => r.done))
  }
}
