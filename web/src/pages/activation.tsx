import { useEffect, useRef, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import {
  finishActivation,
  startActivation,
  verifyActivationSms,
  type ApiErrorCode,
  type ActivationPasskey,
  type ActivationSms,
  type ApiFailure,
} from '../api'
import { Field, describedBy } from '../components/field'
import { Alert } from '../components/problem'
import { groupDigits, useI18n, useTitle } from '../i18n'
import type { ActivationCatalogue } from '../i18n/activation-zh-CN'
import { passkeysSupported } from '../passkey'
import { createPasskey } from '../passkey-create'
import { useSession } from '../session'

/**
 * 激活: an owner opens the link on their invitation letter, confirms who they are (name and the last four ID
 * characters must match the roll), types the code texted to the phone on the roll — a second factor the conveners,
 * who hold the roll and the letters, do not hold — and creates a passkey on their phone. The owner sees whose
 * units they are about to act for before the phone asks for a fingerprint, and the passkey prompt then opens
 * straight from a tap, as phone browsers require.
 */

/** The page's words, fetched in the reader's language: a chunk of their own, off the voting path. */
function useActivationText(): ActivationCatalogue | null {
  const { locale } = useI18n()
  const [words, setWords] = useState<{ locale: string; c: ActivationCatalogue } | null>(null)
  const wanted = locale.value
  useEffect(() => {
    let live = true
    void (wanted === 'en' ? import('../i18n/activation-en') : import('../i18n/activation-zh-CN')).then(
      (m) => live && setWords({ locale: wanted, c: m.default }),
    )
    return () => {
      live = false
    }
  }, [wanted])
  // The words shown so far stay until the chosen language arrives: the page keeps its step and what was typed.
  return words?.c ?? null
}

interface Fields {
  readonly code: string
  readonly name: string
  readonly idLast4: string
}
type FieldName = keyof Fields

type Step =
  | { readonly step: 'form' }
  | Pick<ActivationSms, 'step' | 'ticket' | 'phone'>
  | ({ readonly step: 'confirm' } & Pick<ActivationPasskey, 'who' | 'options'>)

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
  const c = useActivationText()
  useTitle(c?.title ?? t.value.loading)
  if (!c) return <p role="status">{t.value.loading}</p>
  return <Activation code={code} c={c} />
}

function Activation({ code, c }: { code: string | undefined; c: ActivationCatalogue }) {
  const session = useSession()
  const { route } = useLocation()

  const [supported] = useState(passkeysSupported)
  const [fields, setFields] = useState<Fields>({ code: code ?? '', name: '', idLast4: '' })
  const [wrong, setWrong] = useState<Partial<Record<FieldName, 'required' | 'idLast4Invalid'>>>({})
  const [step, setStep] = useState<Step>({ step: 'form' })
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<ApiFailure | null>(null)
  const whoHeading = useRef<HTMLHeadingElement>(null)
  const form = useRef<HTMLFormElement>(null)

  const [smsCode, setSmsCode] = useState('')
  const [smsWrong, setSmsWrong] = useState<string | null>(null)
  const [resent, setResent] = useState(false)

  // Moving to the confirmation: focus its heading, so a screen reader reads whose units these are.
  useEffect(() => {
    if (step.step === 'confirm' || step.step === 'sms') whoHeading.current?.focus()
  }, [step.step])

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
    const next = started.data
    setSmsCode('')
    setSmsWrong(null)
    setStep(
      next.step === 'sms'
        ? { step: 'sms', ticket: next.ticket, phone: next.phone }
        : { step: 'confirm', who: next.who, options: next.options },
    )
  }

  async function verify(e: Event) {
    e.preventDefault()
    if (step.step !== 'sms' || busy) return
    const digits = smsCode.normalize('NFKC').replace(/\s/g, '')
    if (!/^\d{6}$/.test(digits)) {
      setSmsWrong(c.sms.invalid)
      return
    }
    setBusy(true)
    setFailure(null)
    setResent(false)
    const r = await verifyActivationSms(step.ticket, digits)
    setBusy(false)
    if (r.ok) {
      setSmsWrong(null)
      setStep({ step: 'confirm', who: r.data.who, options: r.data.options })
      return
    }
    if (r.error === 'sms_code_wrong') setSmsWrong(c.sms.wrong(r.details?.attemptsLeft ?? 0))
    else if (r.error === 'sms_code_expired') setSmsWrong(c.sms.expired)
    else setFailure(r)
  }

  async function resend() {
    if (busy) return
    setBusy(true)
    setFailure(null)
    const again = await startActivation(cleaned(fields))
    setBusy(false)
    if (!again.ok) {
      setFailure(again)
      return
    }
    if (again.data.step === 'sms') {
      setStep({ step: 'sms', ticket: again.data.ticket, phone: again.data.phone })
      setSmsCode('')
      setSmsWrong(null)
      setResent(true)
    }
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
      // She lands on her estate's meetings, which say 激活成功，可以投票了 once (owner-home.tsx).
      route('/?activated')
      return
    }
    if (FINAL.has(done.error)) {
      setBusy(false)
      setFailure(done)
      setStep({ step: 'form' })
      return
    }
    // The server spent the challenge (or the answer was lost): start again, with a fresh text message if the
    // roll has a phone, so another tap can try again.
    const again = await startActivation(cleaned(fields))
    setBusy(false)
    if (again.ok) {
      setStep(
        again.data.step === 'sms'
          ? { step: 'sms', ticket: again.data.ticket, phone: again.data.phone }
          : { step: 'confirm', who: again.data.who, options: again.data.options },
      )
      setFailure(done)
    } else {
      setStep({ step: 'form' })
      setFailure(again)
    }
  }

  const own: Partial<Record<ApiErrorCode, string>> = {
    guardian_recorded: c.guardianRecorded,
    invitation_awaiting_approval: c.awaitingApproval,
    sms_failed: c.sms.failed,
  }
  const failureBox =
    failure &&
    (own[failure.error] ? (
      <div class="problem" role="alert">
        <p>{own[failure.error]}</p>
      </div>
    ) : (
      <Alert error={failure.error} details={failure.details}>
        {(failure.error === 'already_activated' || failure.error === 'passkey_exists') && (
          <a class="button" href="/signin">
            {c.signIn}
          </a>
        )}
      </Alert>
    ))

  if (!supported) {
    return (
      <>
        <h1 tabIndex={-1}>{c.heading}</h1>
        <Alert error="passkey_unsupported" />
      </>
    )
  }

  if (step.step === 'sms') {
    return (
      <>
        <h1 tabIndex={-1}>{c.heading}</h1>
        <h2 id="sms-heading" tabIndex={-1} ref={whoHeading}>
          {c.sms.heading}
        </h2>
        <p>{c.sms.sent(step.phone)}</p>
        <p class="note">{c.sms.why}</p>
        <form class="stack" noValidate onSubmit={(e) => void verify(e)}>
          <Field id="activation-sms" label={c.sms.code} hint={c.sms.codeHint} error={smsWrong ?? undefined}>
            <input
              id="activation-sms"
              class="short-input"
              type="text"
              inputMode="numeric"
              autoComplete="one-time-code"
              value={smsCode}
              onInput={(e) => {
                setSmsCode(e.currentTarget.value)
                setSmsWrong(null)
              }}
              required
              aria-invalid={smsWrong ? true : undefined}
              aria-describedby={describedBy('activation-sms', true, smsWrong ?? undefined)}
              maxLength={8}
            />
          </Field>
          {failureBox}
          <button type="submit" class="button wide" disabled={busy}>
            {busy ? c.sms.checking : c.sms.submit}
          </button>
        </form>
        <p role="status">{resent ? c.sms.resent : ''}</p>
        <div class="actions">
          <button type="button" class="button secondary" disabled={busy} onClick={() => void resend()}>
            {c.sms.resend}
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
        {who.approvalRequired && (
          <p class="notice">{who.approvalRequired === 'no_phone' ? c.sms.noPhone : c.sms.phoneChanged}</p>
        )}
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
