import { useEffect, useRef, useState } from 'preact/hooks'
import {
  confirmPaper,
  enterPaper,
  fetchMeeting,
  fetchPaperEntries,
  uploadAttachment,
  type Choice,
  type Choices,
  type Failure,
  type Meeting,
  type MeetingMatter,
  type PaperEntry,
  type PaperMismatch,
} from './api'
import {
  FailureText,
  Frame,
  formatEnd,
  formatWhen,
  fromChinaLocal,
  toChinaLocal,
  useConsole,
  type C,
} from './frame'
import { Loaded, useLoad } from './load'
import { EntryTable } from './meeting/entries'

const KEY_CHOICE: Record<string, 'yes' | 'no' | 'abstain'> = { '1': 'yes', '2': 'no', '3': 'abstain' }

type Values = Record<string, { key: string; reason: string }>

const candidatesOf = (m: MeetingMatter) => ('candidates' in m && m.candidates ? m.candidates : [])

/** The refusals about when the paper was received: shown in words beside the field that says it. */
const RECEIVED_CODES: ReadonlySet<string> = new Set([
  'received_at_required',
  'paper_received_after_close',
  'paper_received_invalid',
  'counting_over',
])

/** The words beside the received-at field for a refusal of the server (or the same check made before sending). */
function receivedError(f: Failure, m: Meeting, c: C): string {
  if (f.code === 'received_at_required') return c.paper.receivedMissing
  if (f.code === 'paper_received_after_close') return c.paper.receivedAfterClose(formatEnd(m.closesAt, c))
  if (f.code === 'counting_over') return c.paper.countingOver(formatEnd(m.countingEndsAt ?? m.closesAt, c))
  return c.paper.receivedInvalid
}

/**
 * 纸质选票录入: fast keyboard entry of paper ballots (a volunteer enters hundreds in an evening). The unit, then one
 * key per matter (1 yes, 2 no, 3 abstain, 0 invalid with a reason; candidates by number), Enter submits and the
 * cursor returns to the unit for the next ballot. A second convener enters every ballot again, blind: the list of
 * entries awaiting confirmation never shows the first entry's choices.
 */
export default function PaperEntryPage({ estateId, meetingId }: { estateId: string; meetingId: string }) {
  const state = useConsole(estateId)
  const { c, role } = state
  const [meeting] = useLoad(() => fetchMeeting(estateId, meetingId), 'meeting', [estateId, meetingId])
  const [confirming, setConfirming] = useState<PaperEntry | null>(null)
  const [version, setVersion] = useState(0)
  const [message, setMessage] = useState('')
  // The time the batch being keyed was handed in: set once for the box, sent with every first entry.
  const [received, setReceived] = useState('')
  const [receivedWrong, setReceivedWrong] = useState('')
  const m = meeting?.ok ? meeting.data : null
  return (
    <Frame estateId={estateId} state={state} heading={c.paper.heading} title={c.paper.title}>
      <p>
        <a href={`/console/${encodeURIComponent(estateId)}/meetings/${encodeURIComponent(meetingId)}`}>
          {m?.title ?? c.back}
        </a>
      </p>
      <Loaded state={meeting} c={c}>
        {(m) =>
          role !== 'convener' ? null : (
            <>
              <p>{c.paper.intro}</p>
              {m.status === 'counting' && (
                <p class="status-line">
                  <strong>
                    {c.counting.countingLine(
                      formatEnd(m.closesAt, c),
                      formatEnd(m.countingEndsAt ?? m.closesAt, c),
                    )}
                  </strong>
                </p>
              )}
              {!confirming && (
                <Received
                  m={m}
                  c={c}
                  value={received}
                  error={receivedWrong}
                  onInput={(v) => {
                    setReceived(v)
                    setReceivedWrong('')
                  }}
                />
              )}
              <p class="note" id="paper-keys">
                {c.paper.keys}
              </p>
              <BallotForm
                key={confirming?.id ?? 'first'}
                estateId={estateId}
                m={m}
                c={c}
                confirming={confirming}
                received={received}
                onReceivedError={setReceivedWrong}
                onMessage={setMessage}
                onDone={() => {
                  setConfirming(null)
                  setVersion((n) => n + 1)
                }}
              />
              <p class="status-message" role="status">
                {message}
              </p>
              <Queue
                estateId={estateId}
                meetingId={meetingId}
                c={c}
                version={version}
                onConfirm={(e) => setConfirming(e)}
              />
            </>
          )
        }
      </Loaded>
    </Frame>
  )
}

/**
 * 纸质选票收到时间: when the batch was put in the ballot box or signed for (domain §6.1 step 3). After the close only
 * paper received before it counts, so the time is required then and never assumed; while voting is open it may be
 * left empty (the time of entry counts).
 */
function Received(props: {
  m: Meeting
  c: C
  value: string
  error: string
  onInput: (value: string) => void
}) {
  const { m, c } = props
  const required = m.status !== 'open' && m.status !== 'noticed'
  return (
    <div class={props.error !== '' ? 'field received-field invalid' : 'field received-field'}>
      <label for="paper-received">{c.paper.receivedAt}</label>
      <input
        id="paper-received"
        type="datetime-local"
        value={props.value}
        required={required}
        max={toChinaLocal(new Date(new Date(m.closesAt).getTime() - 60_000).toISOString())}
        aria-invalid={props.error !== '' ? true : undefined}
        aria-describedby={
          props.error !== '' ? 'paper-received-error paper-received-hint' : 'paper-received-hint'
        }
        onInput={(e) => props.onInput(e.currentTarget.value)}
        onKeyDown={(e) => {
          // The time is set once per box: Enter goes on to the first ballot's unit.
          if (e.key === 'Enter') {
            e.preventDefault()
            document.getElementById('paper-unit')?.focus()
          }
        }}
      />
      <p class="hint" id="paper-received-hint">
        {required ? c.paper.receivedRequired(formatEnd(m.closesAt, c)) : c.paper.receivedOptional}
      </p>
      {/* The field shows the device's own date format: the time as the console writes dates, to check it by. */}
      {props.value !== '' && (
        <p class="received-set" role="status">
          <strong>{c.paper.receivedSet(formatWhen(fromChinaLocal(props.value), c))}</strong>
        </p>
      )}
      <p class="field-error" id="paper-received-error" role="alert">
        {props.error}
      </p>
    </div>
  )
}

function parse(m: Meeting, values: Values, c: C): { choices: Choices } | { error: string; focus: string } {
  const choices: Record<string, Choice> = {}
  for (const x of m.matters) {
    const v = values[x.id] ?? { key: '', reason: '' }
    const key = v.key.trim()
    if (key === '') return { error: c.paper.missing(x.id), focus: `paper-${x.id}` }
    if (key === '0') {
      if (v.reason.trim() === '') return { error: c.paper.reasonMissing(x.id), focus: `paper-${x.id}-reason` }
      choices[x.id] = { invalid: v.reason.trim() }
      continue
    }
    const list = candidatesOf(x)
    if (x.kind === 'elect_committee') {
      const numbers = key.split(/[\s,，]+/).filter(Boolean)
      const ids = numbers.map((n) => list[Number(n) - 1]?.id)
      if (numbers.some((n) => !/^\d+$/.test(n)) || ids.some((id) => id === undefined))
        return { error: c.paper.wrongCandidates, focus: `paper-${x.id}` }
      choices[x.id] = ids as string[]
    } else {
      const choice = KEY_CHOICE[key]
      if (!choice) return { error: c.paper.wrongKey, focus: `paper-${x.id}` }
      choices[x.id] = choice
    }
  }
  return { choices }
}

function BallotForm(props: {
  estateId: string
  m: Meeting
  c: C
  confirming: PaperEntry | null
  /** The batch's received-at field (datetime-local, Beijing time); '' when not set. */
  received: string
  onReceivedError: (text: string) => void
  onDone: () => void
  onMessage: (text: string) => void
}) {
  const { estateId, m, c, confirming } = props
  const [unit, setUnit] = useState(confirming?.voter ?? '')
  const [channel, setChannel] = useState<'paper' | 'in_person'>(
    confirming?.channel === 'in_person' ? 'in_person' : 'paper',
  )
  const [values, setValues] = useState<Values>({})
  const setMessage = props.onMessage
  const [wrong, setWrong] = useState('')
  const [failure, setFailure] = useState<Failure | null>(null)
  const [busy, setBusy] = useState(false)
  const scan = useRef<HTMLInputElement>(null)
  const form = useRef<HTMLFormElement>(null)

  // At once when the field is there (the next key must land in it), else once it is rendered (an invalid's reason).
  const focus = (id: string) => {
    const el = document.getElementById(id)
    if (el) el.focus()
    else setTimeout(() => document.getElementById(id)?.focus(), 0)
  }
  useEffect(() => focus(confirming ? `paper-${m.matters[0]?.id ?? 'unit'}` : 'paper-unit'), [])

  const set = (id: string, patch: Partial<{ key: string; reason: string }>) =>
    setValues((v) => ({ ...v, [id]: { key: '', reason: '', ...v[id], ...patch } }))

  /** One key per resolution: the key itself is the answer, and the cursor moves on to the next matter. */
  function onKey(e: KeyboardEvent, i: number) {
    const x = m.matters[i]
    if (!x || e.key.length !== 1 || e.ctrlKey || e.metaKey || e.altKey) return
    e.preventDefault()
    if (!['0', '1', '2', '3'].includes(e.key)) return setWrong(c.paper.wrongKey)
    setWrong('')
    set(x.id, { key: e.key })
    const next = m.matters[i + 1]
    if (e.key === '0') focus(`paper-${x.id}-reason`)
    else if (next) focus(`paper-${next.id}`)
    else focus('paper-submit')
  }

  async function submit(e: Event) {
    e.preventDefault()
    if (busy) return
    setFailure(null)
    setMessage('')
    const parsed = parse(m, values, c)
    if ('error' in parsed) {
      setWrong(parsed.error)
      return focus(parsed.focus)
    }
    if (unit.trim() === '') return focus('paper-unit')
    setWrong('')
    setBusy(true)
    const u = unit.trim()
    if (confirming) {
      const r = await confirmPaper(estateId, m.id, confirming.id, parsed.choices)
      setBusy(false)
      if (r.ok) setMessage(c.paper.confirmed(u, r.data.receipt?.receipt ?? ''))
      else if (r.status === 409 && (r.body as PaperMismatch | undefined)?.status === 'mismatch')
        setMessage(c.paper.mismatch(u, ((r.body as PaperMismatch).matters ?? []).join(c.listSeparator)))
      else return setFailure(r)
      return props.onDone()
    }
    // Nothing is sent, not even the scan, before the paper's received time is known when the law needs it.
    const receivedAt = props.received === '' ? undefined : fromChinaLocal(props.received)
    const early =
      receivedAt === undefined
        ? m.status === 'open' || m.status === 'noticed'
          ? null
          : 'received_at_required'
        : Date.parse(receivedAt) >= Date.parse(m.closesAt)
          ? 'paper_received_after_close'
          : null
    if (early !== null) {
      setBusy(false)
      props.onReceivedError(receivedError({ ok: false, status: 422, code: early }, m, c))
      return focus('paper-received')
    }
    const file = scan.current?.files?.[0]
    if (!file) {
      setBusy(false)
      return setFailure({ ok: false, status: 400, code: 'scan_missing' })
    }
    const uploaded = await uploadAttachment(estateId, m.id, file, 'paper_scan', u)
    if (!uploaded.ok) {
      setBusy(false)
      return setFailure(uploaded)
    }
    const r = await enterPaper(estateId, m.id, {
      unit: u,
      channel,
      choices: parsed.choices,
      scanId: uploaded.data.attachment.id,
      ...(receivedAt !== undefined ? { receivedAt } : {}),
    })
    setBusy(false)
    if (!r.ok && RECEIVED_CODES.has(r.code)) {
      props.onReceivedError(receivedError(r, m, c))
      return focus('paper-received')
    }
    if (!r.ok) return setFailure(r)
    props.onReceivedError('')
    // Ready for the next ballot: everything cleared, the cursor back in the unit field.
    setMessage(c.paper.submitted(u))
    setUnit('')
    setValues({})
    if (scan.current) scan.current.value = ''
    focus('paper-unit')
    props.onDone()
  }

  return (
    <section aria-labelledby="paper-form-heading">
      <h2 id="paper-form-heading">{confirming ? c.paper.confirming(confirming.voter) : c.paper.first}</h2>
      <form ref={form} class="stack paper-form" noValidate onSubmit={(e) => void submit(e)}>
        <div class="row">
          <div class="field">
            <label for="paper-unit">{c.paper.unit}</label>
            <input
              id="paper-unit"
              value={unit}
              readOnly={confirming !== null}
              autoComplete="off"
              autoCapitalize="off"
              spellcheck={false}
              onInput={(e) => setUnit(e.currentTarget.value)}
              onKeyDown={(e) => {
                // Enter after the unit goes on to the first matter; it submits only from the matters.
                if (e.key === 'Enter' && Object.keys(values).length === 0) {
                  e.preventDefault()
                  focus(`paper-${m.matters[0]?.id ?? 'submit'}`)
                }
              }}
            />
          </div>
        </div>
        {m.matters.map((x, i) => {
          const v = values[x.id] ?? { key: '', reason: '' }
          const list = candidatesOf(x)
          const hintId = `paper-${x.id}-hint`
          return (
            <div class="row" key={x.id}>
              <div class="field">
                <label for={`paper-${x.id}`}>{c.paper.choice(x.id, x.title)}</label>
                {x.kind === 'elect_committee' ? (
                  <>
                    <input
                      id={`paper-${x.id}`}
                      value={v.key}
                      inputMode="numeric"
                      autoComplete="off"
                      aria-describedby={`${hintId} paper-keys`}
                      onInput={(e) => set(x.id, { key: e.currentTarget.value })}
                    />
                    <p class="hint" id={hintId}>
                      {c.paper.candidatesHint(
                        list.map((cand, j) => `${j + 1} ${cand.name}`).join(c.listSeparator),
                      )}
                    </p>
                  </>
                ) : (
                  <>
                    <input
                      id={`paper-${x.id}`}
                      class="key-input"
                      value={v.key}
                      inputMode="numeric"
                      autoComplete="off"
                      maxLength={1}
                      aria-describedby={`${hintId} paper-keys`}
                      onKeyDown={(e) => onKey(e, i)}
                      onInput={(e) => set(x.id, { key: e.currentTarget.value.slice(-1) })}
                    />
                    <p class="hint" id={hintId}>
                      {v.key in KEY_CHOICE ? c.paper.choices[KEY_CHOICE[v.key] as 'yes'] : ''}
                    </p>
                  </>
                )}
              </div>
              {v.key.trim() === '0' && (
                <div class="field">
                  <label for={`paper-${x.id}-reason`}>{c.paper.invalidReason(x.id)}</label>
                  <input
                    id={`paper-${x.id}-reason`}
                    value={v.reason}
                    onInput={(e) => set(x.id, { reason: e.currentTarget.value })}
                  />
                </div>
              )}
            </div>
          )
        })}
        <div class="row">
          {!confirming && (
            <div class="field">
              <label for="paper-channel">{c.paper.channel}</label>
              <select
                id="paper-channel"
                value={channel}
                onChange={(e) => setChannel(e.currentTarget.value as typeof channel)}
              >
                {(['paper', 'in_person'] as const).map((k) => (
                  <option key={k} value={k}>
                    {c.paper.channels[k]}
                  </option>
                ))}
              </select>
            </div>
          )}
          {!confirming && (
            <div class="field">
              <label for="paper-scan">{c.paper.scan}</label>
              <input id="paper-scan" type="file" ref={scan} accept=".pdf,.jpg,.jpeg,.png,.webp" />
            </div>
          )}
        </div>
        <p class="field-error" role="alert">
          {wrong}
        </p>
        <div class="actions">
          <button id="paper-submit" type="submit" class="button" disabled={busy}>
            {c.paper.submit}
          </button>
          {confirming && (
            <button type="button" class="button secondary" onClick={props.onDone}>
              {c.cancel}
            </button>
          )}
        </div>
        {failure && <FailureText failure={failure} c={c} />}
      </form>
    </section>
  )
}

function Queue(props: {
  estateId: string
  meetingId: string
  c: C
  version: number
  onConfirm: (e: PaperEntry) => void
}) {
  const { estateId, meetingId, c, version } = props
  const [awaiting, setAwaiting] = useState<PaperEntry[]>([])
  const [mismatch, setMismatch] = useState<PaperEntry[]>([])
  useEffect(() => {
    void fetchPaperEntries(estateId, meetingId, 'awaiting_confirmation').then(
      (r) => r.ok && setAwaiting(r.data.entries),
    )
    void fetchPaperEntries(estateId, meetingId, 'mismatch').then((r) => r.ok && setMismatch(r.data.entries))
  }, [estateId, meetingId, version])
  return (
    <>
      <section aria-labelledby="awaiting-heading">
        <h2 id="awaiting-heading">{c.paper.awaitingHeading}</h2>
        <p class="note">{c.paper.awaitingNote}</p>
        <EntryTable
          entries={awaiting}
          c={c}
          labelledBy="awaiting-heading"
          action={(e) => (
            <button type="button" class="button secondary" onClick={() => props.onConfirm(e)}>
              {c.paper.confirm} {e.voter}
            </button>
          )}
        />
      </section>
      <section aria-labelledby="paper-mismatch-heading">
        <h2 id="paper-mismatch-heading">{c.paper.mismatchHeading}</h2>
        <p class="note">{c.paper.mismatchNote}</p>
        <EntryTable entries={mismatch} c={c} showMismatch labelledBy="paper-mismatch-heading" />
      </section>
    </>
  )
}
