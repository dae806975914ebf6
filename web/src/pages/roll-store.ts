import { fetchRoll, type ApiErrorCode, type ApiResult, type RollResponse, type RollUnit } from '../api'
import { observable, type Observable } from '../observable'

/** Units per request: enough to scroll a building, small enough for an old phone on mobile data. */
export const PAGE_SIZE = 200

export interface RollFilter {
  readonly building: string
  readonly q: string
}

/** What stays on screen while the list below it changes: the estate, its totals and its buildings. */
export type RollSummary = Pick<RollResponse, 'estate' | 'totals' | 'buildings'>

export type MoreState = 'idle' | 'loading' | { readonly error: ApiErrorCode }

export type ListState =
  | { readonly status: 'loading' }
  | { readonly status: 'failed'; readonly error: ApiErrorCode }
  | {
      readonly status: 'ready'
      readonly matched: number
      readonly units: readonly RollUnit[]
      readonly more: MoreState
    }

export interface RollStore {
  readonly summary: Observable<RollSummary | null>
  readonly list: Observable<ListState>
  /** Loads the first page for a filter; a newer call cancels an older one still on the wire. */
  load(filter: RollFilter): Promise<void>
  loadMore(): Promise<void>
  retry(): Promise<void>
  dispose(): void
}

/** State of one estate's published roll page (observables), with its actions kept apart from it. */
export function createRollStore(estateId: string): RollStore {
  const summary = observable<RollSummary | null>(null)
  const list = observable<ListState>({ status: 'loading' })
  let filter: RollFilter = { building: '', q: '' }
  let controller: AbortController | undefined

  // Only the newest request may write: a slow answer for an old filter must not replace a newer one.
  async function request(offset: number): Promise<ApiResult<RollResponse> | undefined> {
    controller?.abort()
    const current = (controller = new AbortController())
    const result = await fetchRoll(
      estateId,
      { building: filter.building, q: filter.q, offset, limit: PAGE_SIZE },
      current.signal,
    )
    if (current.signal.aborted) return undefined
    if (result.ok) {
      const { estate, totals, buildings } = result.data
      summary.value = { estate, totals, buildings }
    }
    return result
  }

  async function load(next: RollFilter) {
    filter = next
    list.value = { status: 'loading' }
    const result = await request(0)
    if (!result) return
    list.value = result.ok
      ? { status: 'ready', matched: result.data.matched, units: result.data.units, more: 'idle' }
      : { status: 'failed', error: result.error }
  }

  async function loadMore() {
    const before = list.value
    if (before.status !== 'ready' || before.more === 'loading') return
    list.value = { ...before, more: 'loading' }
    const result = await request(before.units.length)
    if (!result) return
    list.value = result.ok
      ? {
          status: 'ready',
          matched: result.data.matched,
          units: [...before.units, ...result.data.units],
          more: 'idle',
        }
      : { ...before, more: { error: result.error } }
  }

  return {
    summary,
    list,
    load,
    loadMore,
    retry: () => load(filter),
    dispose: () => controller?.abort(),
  }
}
