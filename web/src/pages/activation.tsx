import { useEffect, useRef, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser'
import { finishActivation, startActivation, type ApiErrorCode, type ApiFailure, type Who } from '../api'
import { Field, describedBy } from '../components/field'
import { Alert } from '../components/problem'
import { groupDigits, useI18n, useTitle } from '../i18n'
import { createPasskey, passkeysSupported } from '../passkey'
import { useSession } from '../session'

/**
 * 激活: an owner opens the link on their invitation letter, confirms who they are (name and the last four ID
 * characters must match the roll) and creates a passkey on their phone (issue 4). Two taps, on purpose: the owner
 * sees whose units they are about to act for before the phone asks for a fingerprint, and the passkey prompt then
 * opens straight from a tap, as phone browsers require.
 */

interface Fields {
  readonly code: string
  readonly name: string
  readonly idLast4: string
}
type FieldName = keyof Fields

type Step =
  | { readonly step: 'form' }
  | { readonly step: 'confirm'; readonly who: Who; readonly options: PublicKeyCredentialCreationOptionsJSON }

const ID_LAST4 = /^[0-9X]{4}$/

// What the server compares, so that a full-width digit or a lower-case x typed on a Chinese keyboard still matches.
const cleaned = (f: Fields): Fields => ({
  code: f.code.trim(),
  name: f.name.normalize('NFKC').trim(),
  idLast4: f.idLast4.normalize('NFKC').trim().toUpperCase(),
})

// Answers after which the owner needs the letter, the committee or the sign-in page, not another tap.
const FINAL: ReadonlySet<ApiErrorCode> = new Set([
  'invitation_expired',
  'invitation_locked',
  'already_activated',
])

export default function ActivationPage({ code }: { code?: string }) {
  const { t } = useI18n()
  const c = t.value.activation
  const session = useSession()
  const { route } = useLocation()
  useTitle(c.title)

  const [supported] = useState(passkeysSupported)
  const [fields, setFields] = useState<Fields>({ code: code ?? '', name: '', idLast4: '' })
  const [wrong, setWrong] = useState<Partial<Record<FieldName, 'required' | 'idLast4Invalid'>>>({})
  const [step, setStep] = useState<Step>({ step: 'form' })
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<ApiFailure | null>(null)
  const whoHeading = useRef<HTMLHeadingElement>(null)
  const form = useRef<HTMLFormElement>(null)

  // Moving to the confirmation: focus its heading, so a screen reader reads whose units these are.
  useEffect(() => {
    if (step.step === 'confirm') whoHeading.current?.focus()
  }, [step])

  const set = (name: FieldName) => (e: Event) => {
    const value = (e.currentTarget as HTMLInputElement).value
    setFields((f) => ({ ...f, [name]: value }))
    if (wrong[name]) setWrong((w) => ({ ...w, [name]: undefined }))
  }

  async function check(e: Event) {
    e.preventDefault()
    if (busy) return
    const f = cleaned(fields)
    const found: Partial<Record<FieldName, 'required' | 'idLast4Invalid'>> = {}
    if (!f.code) found.code = 'required'
    if (!f.name) found.name = 'required'
    if (!f.idLast4) found.idLast4 = 'required'
    else if (!ID_LAST4.test(f.idLast4)) found.idLast4 = 'idLast4Invalid'
    setWrong(found)
    const first = (['code', 'name', 'idLast4'] as const).find((n) => found[n])
    if (first) {
      form.current?.querySelector<HTMLInputElement>(`#activation-${first}`)?.focus()
      return
    }
    setBusy(true)
    setFailure(null)
    const started = await startActivation(f)
    setBusy(false)
    if (!started.ok) {
      setFailure(started)
      return
    }
    setStep({ step: 'confirm', who: started.data.who, options: started.data.options })
  }

  async function create() {
    if (step.step !== 'confirm' || busy) return
    setBusy(true)
    setFailure(null)
    const registration = await createPasskey(step.options)
    if (!registration.ok) {
      // Nothing reached the server: the same options serve another tap.
      setBusy(false)
      setFailure(registration)
      return
    }
    const done = await finishActivation(registration.data)
    if (done.ok) {
      session.signedIn(done.data.me)
      route('/me')
      return
    }
    if (FINAL.has(done.error)) {
      setBusy(false)
      setFailure(done)
      setStep({ step: 'form' })
      return
    }
    // The server spent the challenge (or the answer was lost): fetch fresh options so another tap can try again.
    const again = await startActivation(cleaned(fields))
    setBusy(false)
    if (again.ok) {
      setStep({ step: 'confirm', who: again.data.who, options: again.data.options })
      setFailure(done)
    } else {
      setStep({ step: 'form' })
      setFailure(again)
    }
  }

  const failureBox = failure && (
    <Alert error={failure.error} details={failure.details}>
      {(failure.error === 'already_activated' || failure.error === 'passkey_exists') && (
        <a class="button" href="/signin">
          {c.signIn}
        </a>
      )}
    </Alert>
  )

  if (!supported) {
    return (
      <>
        <h1 tabIndex={-1}>{c.heading}</h1>
        <Alert error="passkey_unsupported" />
      </>
    )
  }

  if (step.step === 'confirm') {
    const { who } = step
    return (
      <>
        <h1 tabIndex={-1}>{c.heading}</h1>
        <section class="who" aria-labelledby="who-heading">
          <h2 id="who-heading" tabIndex={-1} ref={whoHeading}>
            {c.whoHeading}
          </h2>
          <dl class="facts">
            <div>
              <dt>{c.estate}</dt>
              <dd>{who.estate.name}</dd>
            </div>
            <div>
              <dt>{c.units}</dt>
              <dd>
                <ul class="plain-list">
                  {who.units.map((u) => (
                    <li key={u.number}>{c.unitArea(u.number, groupDigits(u.area))}</li>
                  ))}
                </ul>
              </dd>
            </div>
            <div>
              <dt>{c.owner}</dt>
              <dd>{who.owner}</dd>
            </div>
          </dl>
        </section>
        {who.existingAccount && <p class="notice">{c.existingAccount}</p>}
        <p>{c.passkeyExplain}</p>
        {failureBox}
        <div class="actions">
          <button type="button" class="button" disabled={busy} onClick={() => void create()}>
            {busy ? c.creating : c.create}
          </button>
          <button
            type="button"
            class="button secondary"
            disabled={busy}
            onClick={() => {
              setFailure(null)
              setStep({ step: 'form' })
            }}
          >
            {c.back}
          </button>
        </div>
      </>
    )
  }

  const message = (name: FieldName) => {
    const problem = wrong[name]
    return problem ? c[problem] : undefined
  }
  return (
    <>
      <h1 tabIndex={-1}>{c.heading}</h1>
      <p>{c.intro}</p>
      <form ref={form} class="stack" noValidate onSubmit={(e) => void check(e)}>
        <Field id="activation-code" label={c.code} hint={c.codeHint} error={message('code')}>
          <input
            id="activation-code"
            class="code-input"
            type="text"
            value={fields.code}
            onInput={set('code')}
            required
            aria-invalid={wrong.code ? true : undefined}
            aria-describedby={describedBy('activation-code', true, message('code'))}
            autoComplete="off"
            autoCapitalize="characters"
            spellcheck={false}
            maxLength={40}
          />
        </Field>
        <Field id="activation-name" label={c.name} hint={c.nameHint} error={message('name')}>
          <input
            id="activation-name"
            type="text"
            value={fields.name}
            onInput={set('name')}
            required
            aria-invalid={wrong.name ? true : undefined}
            aria-describedby={describedBy('activation-name', true, message('name'))}
            autoComplete="name"
            maxLength={100}
          />
        </Field>
        <Field id="activation-idLast4" label={c.idLast4} hint={c.idLast4Hint} error={message('idLast4')}>
          <input
            id="activation-idLast4"
            class="short-input"
            type="text"
            inputMode="text"
            value={fields.idLast4}
            onInput={set('idLast4')}
            required
            aria-invalid={wrong.idLast4 ? true : undefined}
            aria-describedby={describedBy('activation-idLast4', true, message('idLast4'))}
            autoComplete="off"
            autoCapitalize="characters"
            spellcheck={false}
            maxLength={4}
          />
        </Field>
        {failureBox}
        <button type="submit" class="button wide" disabled={busy}>
          {busy ? c.checking : c.submit}
        </button>
      </form>
      <p class="hint">{c.noPasskeyHelp}</p>
    </>
  )
}
