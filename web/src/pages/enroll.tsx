import { useEffect, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { finishEnrollment, startEnrollment, type ApiFailure, type EnrollmentStart } from '../api'
import { Alert, Problem } from '../components/problem'
import { useI18n, useTitle } from '../i18n'
import { passkeysSupported } from '../passkey'
import { createPasskey } from '../passkey-create'
import { useSession } from '../session'

type Load =
  | { readonly status: 'loading' }
  | { readonly status: 'failed'; readonly failure: ApiFailure }
  | ({ readonly status: 'ready' } & Pick<EnrollmentStart, 'displayName' | 'options'>)

/**
 * 工作人员登记: a convener, supervisor, street-office officer or admin follows the one-time link an admin gave
 * them and creates a passkey. The options are fetched when the page opens, so the tap opens the passkey prompt
 * at once (phone browsers want the prompt to follow a tap).
 */
export default function EnrollPage({ token }: { token: string }) {
  const { t } = useI18n()
  const c = t.value.enroll
  const session = useSession()
  const { route } = useLocation()
  useTitle(c.title)

  const [supported] = useState(passkeysSupported)
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [attempt, setAttempt] = useState(0)
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<ApiFailure | null>(null)

  useEffect(() => {
    if (!supported) return
    let current = true
    setLoad({ status: 'loading' })
    void startEnrollment(token).then((r) => {
      if (!current) return
      // A malformed token is as invalid as a used one: one message for both.
      if (!r.ok)
        setLoad({
          status: 'failed',
          failure: r.error === 'invalid_request' ? { ok: false, error: 'enrollment_invalid' } : r,
        })
      else setLoad({ status: 'ready', displayName: r.data.displayName, options: r.data.options })
    })
    return () => {
      current = false
    }
  }, [token, supported, attempt])

  async function create() {
    if (load.status !== 'ready' || busy) return
    setBusy(true)
    setFailure(null)
    const registration = await createPasskey(load.options)
    if (!registration.ok) {
      setBusy(false)
      setFailure(registration)
      return
    }
    const done = await finishEnrollment(registration.data)
    if (done.ok) {
      session.signedIn(done.data.me)
      route('/me')
      return
    }
    setBusy(false)
    if (done.error === 'enrollment_invalid') {
      setLoad({ status: 'failed', failure: done })
      return
    }
    // The challenge is spent: new options for another tap, keeping the message about this one.
    setFailure(done)
    setAttempt((n) => n + 1)
  }

  return (
    <>
      <h1 tabIndex={-1}>{c.heading}</h1>
      {!supported ? (
        <Alert error="passkey_unsupported" />
      ) : load.status === 'loading' ? (
        <p role="status">{t.value.loading}</p>
      ) : load.status === 'failed' ? (
        load.failure.error === 'network' || load.failure.error === 'unexpected' ? (
          <Problem error={load.failure.error} onRetry={() => setAttempt((n) => n + 1)} />
        ) : (
          <Alert error={load.failure.error} details={load.failure.details} />
        )
      ) : (
        <>
          <p class="greeting">{c.greeting(load.displayName)}</p>
          <p>{c.intro}</p>
          {failure && <Alert error={failure.error} details={failure.details} />}
          <button type="button" class="button wide" disabled={busy} onClick={() => void create()}>
            {busy ? c.creating : c.create}
          </button>
        </>
      )}
    </>
  )
}
