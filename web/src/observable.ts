import { useEffect, useState } from 'preact/hooks'

/**
 * A value the page reads and re-renders on: the language, who is signed in, a roll page's list. Plain Preact
 * state and a subscription, not a signals library: the owner's whole voting path must stay under 30 KB of gzipped
 * script on mobile data, and these few app-wide values need nothing more.
 */
export interface Observable<T> {
  readonly value: T
  /** Calls `listener` after each change; returns the unsubscribe. */
  subscribe(listener: () => void): () => void
}

export interface Writable<T> extends Observable<T> {
  value: T
}

export function observable<T>(initial: T): Writable<T> {
  let current = initial
  const listeners = new Set<() => void>()
  return {
    get value() {
      return current
    },
    set value(next: T) {
      if (Object.is(next, current)) return
      current = next
      for (const listener of [...listeners]) listener()
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
  }
}

/** Re-renders the calling component when any of `values` changes; the component reads `.value` as it renders. */
export function useObserve(...values: readonly Observable<unknown>[]): void {
  const [, setVersion] = useState(0)
  const seen = values.map((v) => v.value)
  // The values themselves are the dependencies: each is one object for the life of its owner.
  useEffect(() => {
    const rerender = () => setVersion((n) => n + 1)
    const offs = values.map((v) => v.subscribe(rerender))
    // A change between this render and the subscription would otherwise be missed until the next one.
    if (values.some((v, i) => !Object.is(v.value, seen[i]))) rerender()
    return () => offs.forEach((off) => off())
  }, values)
}
