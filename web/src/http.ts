import { useEffect, useRef, useState, type Inputs } from 'preact/hooks'

/**
 * The web app's one way to the API: `request`, the one fetch wrapper, and `useLoad`, the one read into state. Each
 * API client (api.ts, api-meetings.ts, console/api.ts) shapes the answer for its own pages. One module, reached
 * from the entry through api.ts, so the owner's pages and the console take both from the chunk every page loads
 * rather than from a chunk of their own, which would add a request and bytes to the owner's path.
 */

/** A request's answer: the server's JSON, or its refusal (`network`: no answer; `unexpected`: none readable). */
export type Answer<T> =
  | { readonly ok: true; readonly status: number; readonly data: T }
  | {
      readonly ok: false
      /** 0 when no answer arrived. */
      readonly status: number
      readonly code: string
      readonly details?: unknown
      /** The refusal's JSON as sent, when it was JSON (a 409 paper mismatch answers a body, not an error). */
      readonly body?: unknown
    }

/**
 * One request. A body is sent as JSON, or as it is when it is a FormData (an upload: the browser sets the
 * multipart boundary). Same origin: the browser adds the session cookie (HttpOnly, SameSite=Strict; fetch's
 * default credentials are same-origin) and the `Origin` header the server checks on writes. An empty answer (a
 * 204, a 201 without a body) is `undefined`.
 */
export function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<Answer<T>> {
  // Once the app has left the page it started on, or written anything, what it asked early may be stale.
  if (method !== 'GET' || location.pathname !== early.page) early.answers.clear()
  const asked = method === 'GET' && body === undefined && !signal && early.answers.get(path)
  if (asked) {
    early.answers.delete(path)
    return asked as Promise<Answer<T>>
  }
  return send<T>(method, path, body, signal)
}

/**
 * What the entry asked before the page's code arrived (main.tsx), by path, each answer handed to the first
 * `request` for it on the page the app started on — the page's own loader, which thus picks up the request in
 * flight instead of asking again one round trip later. Taken once: a later read (a reload, a retry) asks the server.
 */
const early = { page: location.pathname, answers: new Map<string, Promise<Answer<unknown>>>() }

/**
 * Starts a GET now, for the current page's loader to pick up; or, with `answer`, hands over one known already (a
 * part of a page's whole answer, or one derived from another early request).
 */
export function askEarly<T>(
  path: string,
  answer: Promise<Answer<T>> = send<T>('GET', path),
): Promise<Answer<T>> {
  if (location.pathname !== early.page) {
    early.answers.clear()
    early.page = location.pathname
  }
  early.answers.set(path, answer)
  return answer
}

async function send<T>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<Answer<T>> {
  let response: Response
  const json = body !== undefined && !(body instanceof FormData)
  try {
    response = await fetch(path, {
      method,
      headers: json
        ? { accept: 'application/json', 'content-type': 'application/json' }
        : { accept: 'application/json' },
      body: json ? JSON.stringify(body) : (body as FormData | undefined),
      signal,
    })
  } catch {
    return { ok: false, status: 0, code: 'network' }
  }
  const status = response.status
  let data: unknown
  try {
    const text = await response.text()
    data = text === '' ? undefined : JSON.parse(text)
  } catch {
    // A proxy's HTML error page, or a connection cut mid-body on mobile data.
    return { ok: false, status, code: response.ok ? 'network' : 'unexpected' }
  }
  // The server is the only producer of this JSON, and the clients' types are its own.
  if (response.ok) return { ok: true, status, data: data as T }
  const error = (data as { error?: { code?: unknown; details?: unknown } } | undefined)?.error
  return {
    ok: false,
    status,
    code: typeof error?.code === 'string' ? error.code : 'unexpected',
    details: error?.details,
    body: data,
  }
}

/**
 * Runs `get` on mount and whenever `deps` change, and again on `reload()`; null until the first answer. An answer
 * to a read since replaced is dropped, so a slow one never overwrites a newer. While the next read runs, a reload
 * keeps the last answer on screen; changed `deps` clear it (another meeting or voter must not show the previous
 * one's answer meanwhile), unless `keep` — the console's lists, whose deps count the changes the page made.
 */
export function useLoad<R>(get: () => Promise<R>, deps: Inputs, keep?: boolean): [R | null, () => void] {
  const [result, setResult] = useState<R | null>(null)
  const [attempt, setAttempt] = useState(0)
  const last = useRef(attempt)
  useEffect(() => {
    let live = true
    // The same attempt again means the deps changed.
    if (!keep && last.current === attempt) setResult(null)
    last.current = attempt
    void get().then((r) => live && setResult(r))
    return () => {
      live = false
    }
    // The caller names what the read depends on, like useEffect's own list.
  }, [...deps, attempt])
  return [result, () => setAttempt((n) => n + 1)]
}
