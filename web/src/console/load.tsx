import type { ComponentChildren } from 'preact'
import { useState, type Inputs } from 'preact/hooks'
import { useLoad as useSharedLoad } from '../http'
import type { Failure, Result } from './api'
import { FailureText, type C } from './frame'

/** What one read from the API has come to: null while it runs, then its data or its failure. */
export type Load<T> = { readonly ok: true; readonly data: T } | Failure | null

/**
 * Reads `fetch()` into state, keeping the answer's field `key`; reads again whenever `deps` change or `reload()` is
 * called (after a change the section made). The last answer stays shown while the next read runs (http.ts).
 */
export function useLoad<D, K extends keyof D>(
  fetch: () => Promise<Result<D>>,
  key: K,
  deps: Inputs,
): [Load<D[K]>, () => void] {
  return useSharedLoad(
    () => fetch().then((r): Load<D[K]> => (r.ok ? { ok: true, data: r.data[key] } : r)),
    deps,
    true,
  )
}

/** A read's section body: "loading" as a status, the failure in words, `empty` for an empty list, else `children`. */
export function Loaded<T>(props: {
  state: Load<T>
  c: C
  empty?: string
  children: (data: T) => ComponentChildren
}) {
  const { state, c } = props
  if (state === null) return <p role="status">{c.loading}</p>
  if (!state.ok) return <FailureText failure={state} c={c} />
  if (props.empty !== undefined && Array.isArray(state.data) && state.data.length === 0)
    return <p>{props.empty}</p>
  return <>{props.children(state.data)}</>
}

/** A section's command: busy while it runs, its failure kept to show in words; answers whether it succeeded. */
export function useBusy(): [
  boolean,
  Failure | null,
  (run: () => Promise<{ ok: boolean } | Failure>) => Promise<boolean>,
] {
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<Failure | null>(null)
  async function run(fn: () => Promise<{ ok: boolean } | Failure>) {
    setBusy(true)
    setFailure(null)
    const r = await fn()
    setBusy(false)
    if (!r.ok) setFailure(r as Failure)
    return r.ok
  }
  return [busy, failure, run]
}
