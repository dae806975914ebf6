import { useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { finishSignIn, startSignIn, type ApiFailure } from '../api'
import { Alert } from '../components/problem'
import { useI18n, useTitle } from '../i18n'
import { authenticateWithPasskey, passkeysSupported } from '../passkey'
import { useSession } from '../session'

/**
 * Where to go after signing in: a `?next=` path on this site only (an open redirect would let a phishing link
 * borrow our sign-in page), never back to this page, `home` otherwise.
 */
export function safeNext(next: string | undefined, home = '/me'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return home
  try {
    const url = new URL(next, location.origin)
    if (url.origin !== location.origin || url.pathname === '/signin') return home
    return url.pathname + url.search + url.hash
  } catch {
    return home
  }
}

/** 登录: usernameless — the phone offers the passkeys it keeps for this site; no name, no password. */
export default function SignInPage() {
  const { t } = useI18n()
  const c = t.value.signIn
  const session = useSession()
  const { route, query } = useLocation()
  useTitle(c.title)

  const [supported] = useState(passkeysSupported)
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<ApiFailure | null>(null)
  const state = session.state.value

  async function signIn() {
    if (busy) return
    setBusy(true)
    setFailure(null)
    const started = await startSignIn()
    const assertion = started.ok ? await authenticateWithPasskey(started.data.options) : started
    const done = assertion.ok ? await finishSignIn(assertion.data) : assertion
    if (done.ok) {
      session.signedIn(done.data.me)
      // An owner lands on her estate's meetings, which say 已登录 once (owner-home.tsx); staff on 我的, their consoles.
      route(safeNext(query['next'], done.data.me.owner ? '/?signed-in' : '/me'))
      return
    }
    setBusy(false)
    setFailure(done)
  }

  return (
    <>
      <h1 tabIndex={-1}>{c.heading}</h1>
      {state.status === 'signed_in' && (
        <div class="notice">
          <p>{c.signedInAs(state.me.account.displayName)}</p>
          <p>
            <a href="/me">{c.goToMe}</a>
          </p>
        </div>
      )}
      {supported ? (
        <>
          <p>{c.intro}</p>
          {failure && <Alert error={failure.error} details={failure.details} />}
          <button type="button" class="button wide" disabled={busy} onClick={() => void signIn()}>
            {busy ? c.working : c.button}
          </button>
        </>
      ) : (
        <Alert error="passkey_unsupported" />
      )}
      <div class="notice spaced">
        <p>{c.firstTime}</p>
        <p>{c.noPasskeyHere}</p>
      </div>
    </>
  )
}
