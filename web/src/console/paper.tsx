import type { ComponentChildren } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import {
  attachPaperScan,
  attachmentUrl,
  confirmPaper,
  enterPaper,
  fetchMeeting,
  fetchPaperElectorate,
  fetchPaperEntries,
  fetchPaperUnit,
  fetchUnmatchedScans,
  uploadAttachment,
  type Choice,
  type Choices,
  type Failure,
  type Meeting,
  type MeetingMatter,
  type PaperEntry,
  type PaperMismatch,
  type UnmatchedScan,
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
import './paper.css'
import { Table } from './table'

const KEY_CHOICE: Record<string, 'yes' | 'no' | 'abstain'> = { '1': 'yes', '2': 'no', '3': 'abstain' }
const SCAN_TYPES = '.pdf,.jpg,.jpeg,.png,.webp'

type Values = Record<string, { key: string; reason: string }>
type Errors = Record<string, string>

const candidatesOf = (m: MeetingMatter) => ('candidates' in m && m.candidates ? m.candidates : [])
const seatsOf = (m: MeetingMatter) => ('seats' in m && typeof m.seats === 'number' ? m.seats : Infinity)

/** The frozen electorate as the desk checks it: unit → its voter and the matters the voter decides. */
type Electorate = ReadonlyMap<string, { voter: string; matters: readonly string[] }>

/** What the form is doing: a first entry, a fresh entry of a mismatched ballot from its scan, or the second entry. */
type Mode =
  { kind: 'first' } | { kind: 'reenter'; entry: PaperEntry } | { kind: 'confirm'; entry: PaperEntry }

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

/** A file named after its unit (3-1-103.jpg → 3-1-103), as a phone's or scanner's batch may be renamed. */
const unitOfFileName = (name: string) => name.replace(/\.[A-Za-z0-9]{1,5}$/, '').trim()

/**
 * 纸质选票录入: fast keyboard entry of paper ballots (a volunteer enters hundreds in an evening). The unit, then one
 * key per matter (1 yes, 2 no, 3 abstain, 0 invalid with a reason; candidates by number), Enter submits and the
 * cursor returns to the unit for the next ballot. The scan never holds a ballot up: it may be chosen with the
 * ballot, attached to its entry later, or uploaded with a stack of others and matched afterwards — but the second
 * entry, by another convener and blind (the lists never show what was entered), is made against it (domain §6.3).
 * Mistakes a clerk can see on the paper are said beside the field before anything is sent: a matter left blank,
 * more candidates than seats, a unit not on this meeting's electorate; a unit that already voted is warned of.
 */
export default function PaperEntryPage({ estateId, meetingId }: { estateId: string; meetingId: string }) {
  const state = useConsole(estateId)
  const { c, role } = state
  const [meeting] = useLoad(() => fetchMeeting(estateId, meetingId), 'meeting', [estateId, meetingId])
  const [mode, setMode] = useState<Mode>({ kind: 'first' })
  const [version, setVersion] = useState(0)
  const [message, setMessage] = useState('')
  // The time the batch being keyed was handed in: set once for the box, sent with every first entry.
  const [received, setReceived] = useState('')
  const [receivedWrong, setReceivedWrong] = useState('')
  const [electorate, setElectorate] = useState<Electorate | null>(null)
  const [awaiting, setAwaiting] = useState<PaperEntry[]>([])
  const [mismatch, setMismatch] = useState<PaperEntry[]>([])
  const m = meeting?.ok ? meeting.data : null
  const noticed = m !== null && m.status !== 'draft'

  useEffect(() => {
    if (!noticed) return
    void fetchPaperElectorate(estateId, meetingId).then(
      (r) =>
        r.ok &&
        setElectorate(new Map(r.data.units.map((u) => [u.unit, { voter: u.voter, matters: u.matters }]))),
    )
  }, [estateId, meetingId, noticed])
  useEffect(() => {
    void fetchPaperEntries(estateId, meetingId, 'awaiting_confirmation').then(
      (r) => r.ok && setAwaiting(r.data.entries),
    )
    // Only what still waits for a fresh entry: a mismatch entered afresh since is settled by the later entry.
    void fetchPaperEntries(estateId, meetingId, 'mismatch').then(
      (r) => r.ok && setMismatch(r.data.entries.filter((e) => !e.reentered)),
    )
  }, [estateId, meetingId, version])
  const refresh = () => setVersion((n) => n + 1)
  const scanUrl = (e: PaperEntry) => (e.scanId ? attachmentUrl(estateId, meetingId, e.scanId) : null)
  const unitOf = (e: PaperEntry) => deskUnit(e, electorate, c)

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
              {mode.kind !== 'confirm' && (
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
                key={mode.kind === 'first' ? 'first' : `${mode.kind}-${mode.entry.id}`}
                estateId={estateId}
                m={m}
                c={c}
                mode={mode}
                electorate={electorate}
                scanUrl={mode.kind === 'first' ? null : scanUrl(mode.entry)}
                received={received}
                onReceivedError={setReceivedWrong}
                onMessage={setMessage}
                onEntered={refresh}
                onDone={() => {
                  setMode({ kind: 'first' })
                  refresh()
                }}
              />
              <p class="status-message" role="status">
                {message}
              </p>
              <section aria-labelledby="awaiting-heading">
                <h2 id="awaiting-heading">{c.paper.awaitingHeading}</h2>
                <p class="note">{c.paper.awaitingNote}</p>
                <EntryTable
                  entries={awaiting}
                  c={c}
                  unitOf={unitOf}
                  labelledBy="awaiting-heading"
                  scan={(e) => <ScanCell url={scanUrl(e)} c={c} />}
                  action={(e) =>
                    !e.hasScan ? (
                      <AttachOne
                        estateId={estateId}
                        meetingId={meetingId}
                        entry={e}
                        c={c}
                        onMessage={setMessage}
                        onDone={refresh}
                      />
                    ) : e.enteredByMe ? (
                      // The server refuses a clerk's second entry of their own ballot (four eyes): never offered.
                      <span class="note">{c.paper.ownEntry}</span>
                    ) : (
                      <button
                        type="button"
                        class="button secondary"
                        onClick={() => setMode({ kind: 'confirm', entry: e })}
                      >
                        {c.paper.confirm} {unitOf(e)}
                      </button>
                    )
                  }
                />
              </section>
              <BatchScans
                estateId={estateId}
                meetingId={meetingId}
                c={c}
                electorate={electorate}
                waiting={awaiting.filter((e) => !e.hasScan)}
                version={version}
                onMessage={setMessage}
                onDone={refresh}
              />
              <section aria-labelledby="paper-mismatch-heading">
                <h2 id="paper-mismatch-heading">{c.paper.mismatchHeading}</h2>
                <p class="note">{c.paper.mismatchNote}</p>
                <EntryTable
                  entries={mismatch}
                  c={c}
                  unitOf={unitOf}
                  showMismatch
                  labelledBy="paper-mismatch-heading"
                  scan={(e) => <ScanCell url={scanUrl(e)} c={c} />}
                  action={(e) => (
                    <button
                      type="button"
                      class="button secondary"
                      onClick={() => {
                        setMessage('')
                        setMode({ kind: 'reenter', entry: e })
                      }}
                    >
                      {c.paper.reenter} {unitOf(e)}
                    </button>
                  )}
                />
              </section>
            </>
          )
        }
      </Loaded>
    </Frame>
  )
}

/**
 * The flat a paper entry is for: the unit its first clerk typed. A voter of two flats is one voter, numbered by one
 * of them (3-1-202's paper would read 2-1-1101): an entry recorded before the typed unit was kept names the voter's
 * flats from the electorate instead.
 */
function deskUnit(e: PaperEntry, electorate: Electorate | null, c: C): string {
  if (e.unit !== null) return e.unit
  const flats = electorate ? [...electorate].filter(([, v]) => v.voter === e.voter).map(([u]) => u) : []
  return flats.length > 0 ? flats.join(c.listSeparator) : e.voter
}

/**
 * Paper entries by the flat the paper is for: channel and time, the scan (or that it is still to come), the matters
 * two entries differ on, or a button per entry. Never what either clerk entered.
 */
function EntryTable(props: {
  entries: readonly PaperEntry[]
  c: C
  unitOf: (e: PaperEntry) => string
  showMismatch?: boolean
  scan: (e: PaperEntry) => ComponentChildren
  action: (e: PaperEntry) => ComponentChildren
  labelledBy: string
}) {
  const { c } = props
  return (
    <Table
      rows={props.entries}
      rowKey={(e) => e.id}
      empty={c.paper.empty}
      labelledBy={props.labelledBy}
      columns={[
        { header: c.paper.unit, cell: props.unitOf, rowHeader: true },
        { header: c.paper.channel, cell: (e) => c.paper.channels[e.channel] ?? e.channel },
        { header: c.paper.enteredAt, cell: (e) => formatWhen(e.enteredAt, c) },
        { header: c.paper.scanColumn, cell: props.scan },
        props.showMismatch && {
          header: c.paper.mattersDiffer,
          cell: (e) => e.mismatches.join(c.listSeparator),
        },
        { header: c.actions, cell: props.action },
      ]}
    />
  )
}

function ScanCell({ url, c }: { url: string | null; c: C }) {
  if (url === null) return <span class="scan-missing">{c.paper.scanMissingCell}</span>
  return (
    <a href={url} target="_blank" rel="noopener">
      {c.paper.scanLink}
    </a>
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

/** The words for one matter's keys, or '' when they read as a choice (an election's checked as they are typed). */
function matterError(
  x: MeetingMatter,
  no: string,
  v: { key: string; reason: string },
  c: C,
  submitting: boolean,
): string {
  const key = v.key.trim()
  if (key === '') return submitting ? c.paper.missing(no) : ''
  if (key === '0') return submitting && v.reason.trim() === '' ? c.paper.reasonMissing(no) : ''
  if (x.kind !== 'elect_committee') return KEY_CHOICE[key] ? '' : c.paper.wrongKey
  const list = candidatesOf(x)
  const numbers = key.split(/[\s,，]+/).filter(Boolean)
  if (numbers.some((n) => !/^\d+$/.test(n) || list[Number(n) - 1] === undefined))
    return c.paper.wrongCandidates
  if (new Set(numbers.map(Number)).size !== numbers.length) return c.paper.wrongCandidates
  // More ticks than seats is an invalid mark (domain §4), never silently trimmed: the clerk records it as such.
  if (numbers.length > seatsOf(x)) return c.paper.tooMany(no, seatsOf(x))
  return ''
}

/** The ballot's choices, or the words beside each field that is wrong (nothing is sent then). */
function parse(
  matters: readonly MeetingMatter[],
  numberOf: (x: MeetingMatter) => string,
  values: Values,
  c: C,
): { choices: Choices } | { errors: Errors; focus: string } {
  const choices: Record<string, Choice> = {}
  const errors: Errors = {}
  let focus = ''
  for (const x of matters) {
    const v = values[x.id] ?? { key: '', reason: '' }
    const error = matterError(x, numberOf(x), v, c, true)
    if (error !== '') {
      errors[x.id] = error
      if (focus === '') focus = v.key.trim() === '0' ? `paper-${x.id}-reason` : `paper-${x.id}`
      continue
    }
    const key = v.key.trim()
    if (key === '0') choices[x.id] = { invalid: v.reason.trim() }
    else if (x.kind === 'elect_committee') {
      const list = candidatesOf(x)
      choices[x.id] = key
        .split(/[\s,，]+/)
        .filter(Boolean)
        .map((n) => list[Number(n) - 1]?.id ?? '')
    } else choices[x.id] = KEY_CHOICE[key] as Choice
  }
  return focus === '' ? { choices } : { errors, focus }
}

function BallotForm(props: {
  estateId: string
  m: Meeting
  c: C
  mode: Mode
  electorate: Electorate | null
  /** The scan of the ballot being entered afresh or confirmed, shown beside the form. */
  scanUrl: string | null
  /** The batch's received-at field (datetime-local, Beijing time); '' when not set. */
  received: string
  onReceivedError: (text: string) => void
  /** A first entry was made: the lists are read again, the form stays for the next ballot. */
  onEntered: () => void
  /** The fresh entry or the second entry is over: back to first entries. */
  onDone: () => void
  onMessage: (text: string) => void
}) {
  const { estateId, m, c, mode, electorate } = props
  const fixed = mode.kind !== 'first' ? mode.entry : null
  // The flat the paper is for, as first typed (a voter of two flats is one voter, numbered by one of them).
  const [unit, setUnit] = useState(fixed ? (fixed.unit ?? fixed.voter) : '')
  const [channel, setChannel] = useState<'paper' | 'in_person'>(
    fixed?.channel === 'in_person' ? 'in_person' : 'paper',
  )
  const [values, setValues] = useState<Values>({})
  const [errors, setErrors] = useState<Errors>({})
  const [unitError, setUnitError] = useState('')
  const [unitWarning, setUnitWarning] = useState('')
  const setMessage = props.onMessage
  const [failure, setFailure] = useState<Failure | null>(null)
  const [busy, setBusy] = useState(false)
  const scan = useRef<HTMLInputElement>(null)
  const asking = useRef<AbortController | null>(null)

  // The matters this unit's voter decides (a matter may concern some buildings only); all while unknown.
  const known = electorate?.get(unit.trim())
  const applies = (x: MeetingMatter) => known === undefined || known.matters.includes(x.id)
  const matters = m.matters.filter(applies)
  // Numbered as on the paper: by the matter's place in the whole meeting, also when a matter is not this unit's.
  const numberOf = (x: MeetingMatter) => c.paper.matterNo(m.matters.indexOf(x) + 1)

  // At once when the field is there (the next key must land in it), else once it is rendered (an invalid's reason).
  const focus = (id: string) => {
    const el = document.getElementById(id)
    if (el) el.focus()
    else setTimeout(() => document.getElementById(id)?.focus(), 0)
  }
  useEffect(() => focus(mode.kind === 'confirm' ? `paper-${matters[0]?.id ?? 'submit'}` : 'paper-unit'), [])
  useEffect(() => () => asking.current?.abort(), [])

  const set = (x: MeetingMatter, patch: Partial<{ key: string; reason: string }>) => {
    setValues((all) => ({ ...all, [x.id]: { key: '', reason: '', ...all[x.id], ...patch } }))
    // An election is checked as it is typed (more candidates than seats shows at once); the rest on submit.
    const v = { key: '', reason: '', ...values[x.id], ...patch }
    setErrors((e) => ({ ...e, [x.id]: matterError(x, numberOf(x), v, c, false) }))
  }

  /**
   * The unit as typed, checked against the frozen electorate at once (nothing is sent for a unit not on it), and
   * its voter's standing asked of the server: voted already (by any channel) or an entry pending is warned of.
   */
  function checkUnit(raw: string): boolean {
    const u = raw.trim()
    setUnitWarning('')
    if (u === '') return false
    if (electorate !== null && !electorate.has(u)) {
      setUnitError(c.paper.unknownUnit(u))
      return false
    }
    setUnitError('')
    if (mode.kind !== 'first') return true
    asking.current?.abort()
    const ask = new AbortController()
    asking.current = ask
    void fetchPaperUnit(estateId, m.id, u, ask.signal).then((r) => {
      if (ask.signal.aborted || !r.ok) return
      const s = r.data
      if (s.voted)
        setUnitWarning(
          c.paper.votedAlready(u, c.paper.votedHow[s.voted.channel] ?? '', formatWhen(s.voted.at, c)),
        )
      else if (s.pending === 'awaiting_confirmation') setUnitWarning(c.paper.pendingAlready(u))
      else if (s.pending === 'mismatch') setUnitWarning(c.paper.mismatchAlready(u))
    })
    return true
  }

  /** One key per resolution: the key itself is the answer, and the cursor moves on to the next matter. */
  function onKey(e: KeyboardEvent, x: MeetingMatter) {
    if (e.key.length !== 1 || e.ctrlKey || e.metaKey || e.altKey) return
    e.preventDefault()
    if (!['0', '1', '2', '3'].includes(e.key))
      return setErrors((all) => ({ ...all, [x.id]: c.paper.wrongKey }))
    set(x, { key: e.key })
    const next = matters[matters.indexOf(x) + 1]
    if (e.key === '0') focus(`paper-${x.id}-reason`)
    else if (next) focus(`paper-${next.id}`)
    else focus('paper-submit')
  }

  async function submit(e: Event) {
    e.preventDefault()
    if (busy) return
    setFailure(null)
    setMessage('')
    const u = unit.trim()
    if (u === '') {
      setUnitError(c.paper.missing(c.paper.unit))
      return focus('paper-unit')
    }
    if (mode.kind === 'first' && electorate !== null && !electorate.has(u)) {
      setUnitError(c.paper.unknownUnit(u))
      return focus('paper-unit')
    }
    const parsed = parse(matters, numberOf, values, c)
    if ('errors' in parsed) {
      setErrors(parsed.errors)
      return focus(parsed.focus)
    }
    setErrors({})
    setBusy(true)
    if (mode.kind === 'confirm') {
      const r = await confirmPaper(estateId, m.id, mode.entry.id, parsed.choices)
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
    // The scan if one was chosen; a fresh entry is made from the scan of the mismatched one; else it follows later.
    let scanId: string | undefined = mode.kind === 'reenter' ? (mode.entry.scanId ?? undefined) : undefined
    const file = scan.current?.files?.[0]
    if (file) {
      const uploaded = await uploadAttachment(estateId, m.id, file, 'paper_scan', u)
      if (!uploaded.ok) {
        setBusy(false)
        return setFailure(uploaded)
      }
      scanId = uploaded.data.attachment.id
    }
    const r = await enterPaper(estateId, m.id, {
      unit: u,
      channel,
      choices: parsed.choices,
      ...(scanId !== undefined ? { scanId } : {}),
      ...(receivedAt !== undefined ? { receivedAt } : {}),
    })
    setBusy(false)
    if (!r.ok && RECEIVED_CODES.has(r.code)) {
      props.onReceivedError(receivedError(r, m, c))
      return focus('paper-received')
    }
    if (!r.ok && (r.code === 'voter_not_found' || r.code === 'entry_pending')) {
      setUnitError(r.code === 'voter_not_found' ? c.paper.unknownUnit(u) : c.paper.pendingAlready(u))
      return focus('paper-unit')
    }
    if (!r.ok) return setFailure(r)
    props.onReceivedError('')
    setMessage(scanId !== undefined ? c.paper.submitted(u) : c.paper.enteredNoScan(u))
    if (mode.kind === 'reenter') return props.onDone()
    // Ready for the next ballot: everything cleared, the cursor back in the unit field.
    setUnit('')
    setValues({})
    setUnitWarning('')
    if (scan.current) scan.current.value = ''
    focus('paper-unit')
    props.onEntered()
  }

  const heading =
    mode.kind === 'confirm'
      ? c.paper.confirming(unit)
      : mode.kind === 'reenter'
        ? c.paper.reentering(unit)
        : c.paper.first
  const unitDescribed = [unitError !== '' && 'paper-unit-error', unitWarning !== '' && 'paper-unit-warning']
    .filter(Boolean)
    .join(' ')

  return (
    <section
      aria-labelledby="paper-form-heading"
      class={props.scanUrl ? 'paper-desk with-scan' : 'paper-desk'}
    >
      <h2 id="paper-form-heading">{heading}</h2>
      <form class="stack paper-form" noValidate onSubmit={(e) => void submit(e)}>
        <div class={unitError !== '' ? 'field invalid' : 'field'}>
          <label for="paper-unit">{c.paper.unit}</label>
          <input
            id="paper-unit"
            value={unit}
            readOnly={fixed !== null}
            autoComplete="off"
            autoCapitalize="off"
            spellcheck={false}
            aria-invalid={unitError !== '' ? true : undefined}
            aria-describedby={unitDescribed === '' ? undefined : unitDescribed}
            onInput={(e) => {
              setUnit(e.currentTarget.value)
              setUnitError('')
              setUnitWarning('')
            }}
            onBlur={(e) => {
              if (fixed === null) checkUnit(e.currentTarget.value)
            }}
            onKeyDown={(e) => {
              // Enter after the unit goes on to the first matter; it submits only from the matters.
              if (e.key === 'Enter' && Object.keys(values).length === 0) {
                e.preventDefault()
                if (checkUnit(e.currentTarget.value)) {
                  const first = m.matters.find(
                    (x) => electorate?.get(e.currentTarget.value.trim())?.matters.includes(x.id) ?? true,
                  )
                  focus(`paper-${first?.id ?? 'submit'}`)
                }
              }
            }}
          />
          <p class="field-error" id="paper-unit-error" role="alert">
            {unitError}
          </p>
          {unitWarning !== '' && (
            <p class="field-warning" id="paper-unit-warning" role="status">
              {unitWarning}
            </p>
          )}
        </div>
        {m.matters.map((x) => {
          const no = numberOf(x)
          const v = values[x.id] ?? { key: '', reason: '' }
          const list = candidatesOf(x)
          const hintId = `paper-${x.id}-hint`
          const errorId = `paper-${x.id}-error`
          const error = errors[x.id] ?? ''
          const described = `${hintId}${error !== '' ? ` ${errorId}` : ''} paper-keys`
          if (!applies(x))
            return (
              <div class="field" key={x.id}>
                <label for={`paper-${x.id}`}>{c.paper.choice(no, x.title)}</label>
                <input id={`paper-${x.id}`} disabled value="" aria-describedby={hintId} />
                <p class="hint" id={hintId}>
                  {c.paper.notForUnit}
                </p>
              </div>
            )
          return (
            <div class="row" key={x.id}>
              <div class={error !== '' ? 'field invalid' : 'field'}>
                <label for={`paper-${x.id}`}>{c.paper.choice(no, x.title)}</label>
                {x.kind === 'elect_committee' ? (
                  <>
                    <input
                      id={`paper-${x.id}`}
                      value={v.key}
                      inputMode="numeric"
                      autoComplete="off"
                      aria-invalid={error !== '' ? true : undefined}
                      aria-describedby={described}
                      onInput={(e) => set(x, { key: e.currentTarget.value })}
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
                      aria-invalid={error !== '' ? true : undefined}
                      aria-describedby={described}
                      onKeyDown={(e) => onKey(e, x)}
                      onInput={(e) => set(x, { key: e.currentTarget.value.slice(-1) })}
                    />
                    <p class="hint" id={hintId}>
                      {v.key in KEY_CHOICE ? c.paper.choices[KEY_CHOICE[v.key] as 'yes'] : ''}
                    </p>
                  </>
                )}
                <p class="field-error" id={errorId} role="alert">
                  {error}
                </p>
              </div>
              {v.key.trim() === '0' && (
                <div class="field">
                  <label for={`paper-${x.id}-reason`}>{c.paper.invalidReason(x.id)}</label>
                  <input
                    id={`paper-${x.id}-reason`}
                    value={v.reason}
                    aria-invalid={error !== '' ? true : undefined}
                    aria-describedby={error !== '' ? errorId : undefined}
                    onInput={(e) => set(x, { reason: e.currentTarget.value })}
                  />
                </div>
              )}
            </div>
          )
        })}
        <div class="actions">
          <button id="paper-submit" type="submit" class="button" disabled={busy}>
            {c.paper.submit}
          </button>
          {mode.kind !== 'first' && (
            <button type="button" class="button secondary" onClick={props.onDone}>
              {c.cancel}
            </button>
          )}
        </div>
        {/* After the button: Tab goes unit → matters → submit; the channel and a scan are there when needed. */}
        {mode.kind === 'first' && (
          <div class="row paper-extras">
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
            <div class="field">
              <label for="paper-scan">{c.paper.scanOptional}</label>
              <input
                id="paper-scan"
                type="file"
                ref={scan}
                accept={SCAN_TYPES}
                aria-describedby="paper-scan-hint"
              />
              <p class="hint" id="paper-scan-hint">
                {c.paper.scanOptionalHint}
              </p>
            </div>
          </div>
        )}
        {failure && <FailureText failure={failure} c={c} />}
      </form>
      {props.scanUrl && fixed && (
        <figure class="paper-scan-view">
          <img src={props.scanUrl} alt={c.paper.scanOfBallot(unit)} />
          <figcaption>
            <a href={props.scanUrl} target="_blank" rel="noopener">
              {c.paper.scanLink}
            </a>
          </figcaption>
        </figure>
      )}
    </section>
  )
}

/** 补传扫描件: one entry's scan, chosen from its row of the list. */
function AttachOne(props: {
  estateId: string
  meetingId: string
  entry: PaperEntry
  c: C
  onMessage: (text: string) => void
  onDone: () => void
}) {
  const { estateId, meetingId, entry, c } = props
  const [failure, setFailure] = useState<Failure | null>(null)
  async function attach(file: File) {
    setFailure(null)
    const unit = entry.unit ?? entry.voter
    const uploaded = await uploadAttachment(estateId, meetingId, file, 'paper_scan', unit)
    const r = uploaded.ok
      ? await attachPaperScan(estateId, meetingId, entry.id, uploaded.data.attachment.id)
      : uploaded
    if (!r.ok) return setFailure(r)
    props.onMessage(c.paper.attached(unit))
    props.onDone()
  }
  return (
    <div class="attach-one">
      <span class="note">{c.paper.needsScan}</span>
      <input
        type="file"
        accept={SCAN_TYPES}
        aria-label={c.paper.attachOne(entry.unit ?? entry.voter)}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0]
          if (file) void attach(file)
        }}
      />
      {failure && <FailureText failure={failure} c={c} />}
    </div>
  )
}

/** A file's size as a clerk reads it: KB under a megabyte, else MB with one decimal (never bytes). */
const sizeOf = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`

/**
 * 成批补传扫描件: a stack of photos uploaded at once, then matched to the entries waiting for them — by file name
 * when the name is the unit (3-1-103.jpg), else one by one, each photo shown with a 房号 field. The stack is the
 * server's (the meeting's scans no entry uses): a reload, a crashed phone browser or a second clerk's desk shows the
 * same photos. Uploads are records and are never deleted, so a photo uploaded by mistake stays listed (and counted)
 * until it is matched.
 */
function BatchScans(props: {
  estateId: string
  meetingId: string
  c: C
  electorate: Electorate | null
  waiting: readonly PaperEntry[]
  /** Read again whenever the page's lists are (after an entry, a match, a scan attached elsewhere). */
  version: number
  onMessage: (text: string) => void
  onDone: () => void
}) {
  const { estateId, meetingId, c, electorate } = props
  const [scans, setScans] = useState<readonly UnmatchedScan[] | null>(null)
  const [loadFailure, setLoadFailure] = useState<Failure | null>(null)
  const [units, setUnits] = useState<Record<string, string>>({})
  const [wrong, setWrong] = useState<Record<string, string>>({})
  const [failure, setFailure] = useState<Failure | null>(null)
  const [busy, setBusy] = useState(false)
  const [reads, setReads] = useState(0)
  const waiting = useRef(props.waiting)
  waiting.current = props.waiting

  useEffect(() => {
    let live = true
    void fetchUnmatchedScans(estateId, meetingId).then((r) => {
      if (!live) return
      if (!r.ok) return setLoadFailure(r)
      setLoadFailure(null)
      setScans(r.data.scans)
    })
    return () => {
      live = false
    }
  }, [estateId, meetingId, props.version, reads])

  /** The entry waiting for a scan of the unit's voter (a voter of two flats has one entry). */
  const entryOf = (unit: string) => {
    const voter = electorate?.get(unit)?.voter ?? unit
    return waiting.current.find((e) => e.voter === voter)
  }
  /** The 房号 field starts from the file's name when that is a unit of this meeting (3-1-103.jpg → 3-1-103). */
  const unitFieldOf = (s: UnmatchedScan) => {
    const typed = units[s.id]
    if (typed !== undefined) return typed
    const named = unitOfFileName(s.fileName)
    return electorate?.has(named) ? named : ''
  }

  async function upload(files: readonly File[]) {
    setFailure(null)
    setBusy(true)
    props.onMessage(c.paper.batchUploading(files.length))
    const matched: string[] = []
    const taken = new Set<string>()
    for (const file of files) {
      const unit = unitOfFileName(file.name)
      const uploaded = await uploadAttachment(estateId, meetingId, file, 'paper_scan', unit.slice(0, 100))
      if (!uploaded.ok) {
        setFailure(uploaded)
        continue
      }
      const entry = entryOf(unit)
      if (entry && !taken.has(entry.id)) {
        const r = await attachPaperScan(estateId, meetingId, entry.id, uploaded.data.attachment.id)
        if (r.ok) {
          taken.add(entry.id)
          matched.push(unit)
        }
      }
    }
    setBusy(false)
    props.onMessage(
      matched.length > 0
        ? c.paper.batchMatched(matched.length, matched.join(c.listSeparator))
        : c.paper.batchNoneMatched(files.length),
    )
    props.onDone()
    setReads((n) => n + 1)
  }

  async function match(s: UnmatchedScan) {
    const unit = unitFieldOf(s).trim()
    const entry = unit === '' ? undefined : entryOf(unit)
    if (!entry) return setWrong((w) => ({ ...w, [s.id]: c.paper.noEntryFor(unit) }))
    const r = await attachPaperScan(estateId, meetingId, entry.id, s.id)
    if (!r.ok) return setWrong((w) => ({ ...w, [s.id]: c.errors[r.code] ?? r.code }))
    // Gone from the stack at once; the server's list, read again, says the same.
    setScans((all) => all?.filter((x) => x.id !== s.id) ?? null)
    props.onMessage(c.paper.attached(unit))
    props.onDone()
    // The cursor goes on to the next photo's unit.
    setTimeout(() => document.querySelector<HTMLInputElement>('.unmatched-photos input')?.focus(), 0)
  }

  return (
    <section aria-labelledby="batch-heading" class="batch-scans">
      <h2 id="batch-heading">{c.paper.batchHeading}</h2>
      <p class="note">{c.paper.batchIntro}</p>
      <div class="field">
        <label for="paper-batch">{c.paper.batchPick}</label>
        <input
          id="paper-batch"
          type="file"
          multiple
          accept={SCAN_TYPES}
          disabled={busy}
          onChange={(e) => {
            const files = [...(e.currentTarget.files ?? [])]
            e.currentTarget.value = ''
            if (files.length > 0) void upload(files)
          }}
        />
      </div>
      {failure && <FailureText failure={failure} c={c} />}
      <h3 id="unmatched-heading">{c.paper.unmatchedHeading}</h3>
      {loadFailure && <FailureText failure={loadFailure} c={c} />}
      {scans === null ? (
        !loadFailure && <p class="note">{c.loading}</p>
      ) : scans.length === 0 ? (
        <p class="note">{c.paper.unmatchedNone}</p>
      ) : (
        <>
          <p class="note" id="unmatched-count">
            {c.paper.unmatchedCount(scans.length)}
          </p>
          <ul class="unmatched-photos" aria-labelledby="unmatched-heading" aria-describedby="unmatched-count">
            {scans.map((s) => {
              const id = `photo-${s.id}`
              const error = wrong[s.id] ?? ''
              const url = attachmentUrl(estateId, meetingId, s.id)
              return (
                <li key={s.id}>
                  {s.mime.startsWith('image/') ? (
                    <a href={url} target="_blank" rel="noopener">
                      <img src={url} alt={s.fileName} loading="lazy" />
                    </a>
                  ) : (
                    <a class="photo-file" href={url} target="_blank" rel="noopener">
                      {c.paper.openFile(s.fileName)}
                    </a>
                  )}
                  <p class="photo-about">
                    <strong>{s.fileName}</strong>
                    <span>
                      {c.paper.photoUploaded(sizeOf(s.size), formatWhen(s.uploadedAt, c), s.uploadedBy ?? '')}
                    </span>
                  </p>
                  <form
                    class={error !== '' ? 'field invalid' : 'field'}
                    noValidate
                    onSubmit={(e) => {
                      e.preventDefault()
                      void match(s)
                    }}
                  >
                    <label for={id}>{c.paper.photoUnit(s.fileName)}</label>
                    <input
                      id={id}
                      value={unitFieldOf(s)}
                      autoComplete="off"
                      aria-invalid={error !== '' ? true : undefined}
                      aria-describedby={error !== '' ? `${id}-error` : undefined}
                      onInput={(e) => {
                        const v = e.currentTarget.value
                        setUnits((u) => ({ ...u, [s.id]: v }))
                        setWrong((w) => ({ ...w, [s.id]: '' }))
                      }}
                    />
                    <button type="submit" class="button secondary">
                      {c.paper.match}
                    </button>
                    <p class="field-error" id={`${id}-error`} role="alert">
                      {error}
                    </p>
                  </form>
                </li>
              )
            })}
          </ul>
        </>
      )}
    </section>
  )
}
