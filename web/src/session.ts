import { createContext } from 'preact'
import { useContext } from 'preact/hooks'
import { fetchMe, type ApiErrorCode, type Me } from './api'
import { observable, useObserve, type Observable } from './observable'

/**
 * Who is signed in on this phone. The session cookie is HttpOnly, so the page cannot read it: it asks
 * GET /api/me once when the app starts (the header needs it) and again only where fresh data matters (/me).
 */
export type SessionState =
  | { readonly status: 'loading' }
  | { readonly status: 'signed_out' }
  | { readonly status: 'signed_in'; readonly me: Me }
  | { readonly status: 'failed'; readonly error: ApiErrorCode }

export interface Session {
  readonly state: Observable<SessionState>
  /** Asks the server once per app start; later calls share that answer. */
  load(): Promise<SessionState>
  /** Asks the server again (a request still on the wire is shared, not repeated). */
  refresh(): Promise<SessionState>
  /** After a sign-in, an activation or an enrollment: the server's answer already says who. */
  signedIn(me: Me): void
  signedOut(): void
}

export function createSession(): Session {
  const state = observable<SessionState>({ status: 'loading' })
  let loaded: Promise<SessionState> | undefined
  let inFlight: Promise<SessionState> | undefined
  // Bumped by signedIn/signedOut: an answer to an older question must not undo a sign-in that happened since.
  let generation = 0

  function refresh(): Promise<SessionState> {
    if (inFlight) return inFlight
    const asked = generation
    const answer: Promise<SessionState> = fetchMe().then((r) => {
      if (inFlight === answer) inFlight = undefined
      if (asked !== generation) return state.value
      state.value = r.ok
        ? { status: 'signed_in', me: r.data.me }
        : r.error === 'unauthenticated'
          ? { status: 'signed_out' }
          : { status: 'failed', error: r.error }
      return state.value
    })
    inFlight = answer
    return answer
  }

  return {
    state,
    load: () => (loaded ??= refresh()),
    refresh: () => (loaded = refresh()),
    signedIn(me) {
      generation += 1
      inFlight = undefined
      loaded = Promise.resolve((state.value = { status: 'signed_in', me }))
    },
    signedOut() {
      generation += 1
      inFlight = undefined
      loaded = Promise.resolve((state.value = { status: 'signed_out' }))
    },
  }
}

export const SessionContext = createContext<Session | null>(null)

export function useSession(): Session {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession needs a <SessionContext.Provider>')
  // The caller reads session.state.value as it renders: a sign-in or sign-out renders it again.
  useObserve(session.state)
  return session
}
