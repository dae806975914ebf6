import type { AuthenticationResponseJSON } from '@simplewebauthn/browser'
import { useEffect, useRef, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import {
  attachmentUrl,
  castBallot,
  confirmRead,
  fetchMeeting,
  fetchMyPart,
  keepDraft,
  keepReceipt,
  keptDraft,
  keptReceipt,
  prepareBallot,
  requestPaper,
  withdrawPaper,
  type ActingVoter,
  type Attachment,
  type Choice,
  type Meeting,
  type MeetingMatter,
  type MyPart,
} from '../api-meetings'
import { formatDate, useI18n, useTitle } from '../i18n'
import { useOwnerText, type OwnerCatalogue } from '../i18n/owner'
import {
  preloadBallotText,
  useBallotText,
  useRareText,
  type OwnerBallotCatalogue,
} from '../i18n/owner-ballot'
import type { ApiFailure } from '../api'
import { useSession } from '../session'
import {
  Loading,
  Refusal,
  When,
  CastBy,
  meetingPath,
  ruleText,
  useLoad,
  when,
  type Loaded,
} from './meeting-common'

// The ballot's words are fetched as soon as this module runs, beside the meeting's own requests.
preloadBallotText(document.documentElement.lang)

const loadPasskey = () => import('../passkey')

/*
 * The owner's voting path: the meeting, the vote and the receipt pages live in this one module, so they
 * arrive as one chunk with their Chinese words (vote.tsx and receipt.tsx only re-export). On slow mobile data the
 * owner waits once, when the meeting opens, not again at "vote"; one chunk also compresses better than three (the
 * path's budget is 30 KB of gzipped JavaScript, `npm run bench -- --only web`). What the start page and the results
 * share with them is in meeting-common.tsx, and the passkey's code comes while the ballot is being filled in.
 */

interface Params {
  estateId: string
  meetingId: string
}

/** A meeting as an owner reads it: the matters and their rules, candidates, and the voters I act for. */
export default function MeetingPage({ estateId, meetingId }: Params) {
  const o = useOwnerText()
  const b = useBallotText()
  const { t } = useI18n()
  const session = useSession().state.value
  const [meeting, retry] = useLoad(() => fetchMeeting(estateId, meetingId), [estateId, meetingId])
  const signedIn = session.status === 'signed_in'
  const [mine, retryMine] = useLoad(
    () =>
      signedIn ? fetchMyPart(estateId, meetingId) : Promise.resolve({ ok: false, error: 'unauthenticated' }),
    [estateId, meetingId, signedIn],
  )
  useTitle(meeting?.ok ? meeting.data.meeting.title : '…')
  if (!o || !b || !meeting) return <Loading />
  if (!meeting.ok) return <Refusal o={o} error={meeting.error} onRetry={retry} />
  const m = meeting.data.meeting
  const sep = t.value.listSeparator
  const votable = m.status === 'open' && mine?.ok ? mine.data.voters.filter((v) => !v.ballot) : []
  return (
    <>
      <h1 tabIndex={-1}>{m.title}</h1>
      <When o={o} status={m.status} opensAt={m.opensAt} closesAt={m.closesAt} />
      {m.deemedConsentWarning && (
        <div class="problem" role="note" aria-label={b.meeting.deemed}>
          <p lang="zh-CN">{m.deemedConsentWarning.zh}</p>
          <p lang="en">{m.deemedConsentWarning.en}</p>
        </div>
      )}
      <Mine o={o} b={b} m={m} mine={mine} onChanged={retryMine} loading={session.status === 'loading'} />
      <Matters o={o} b={b} m={m} files={meeting.data.attachments} />
      {signedIn && m.status !== 'draft' && <ReadConfirmation o={o} b={b} m={m} />}
      {/* Where she finishes reading, the same start as at the top: no scrolling back up on a small phone. */}
      {votable.map((v) => (
        <a
          key={v.voter}
          class="button wide spaced"
          href={`${meetingPath(m.estateId, m.id)}/vote?voter=${encodeURIComponent(v.voter)}`}
        >
          {votable.length > 1 ? `${b.meeting.vote}：${v.units.join(sep)}` : b.meeting.vote}
        </a>
      ))}
    </>
  )
}

function Mine(props: {
  o: OwnerCatalogue
  b: OwnerBallotCatalogue
  m: Meeting
  mine: Loaded<MyPart>
  onChanged: () => void
  loading: boolean
}) {
  const { o, m, mine } = props
  const c = props.b.meeting
  const results = ['closed', 'preliminary', 'final'].includes(m.status) && (
    <a class="button wide" href={`${meetingPath(m.estateId, m.id)}/results`}>
      {c.results}
    </a>
  )
  if (props.loading || mine === null) return <Loading />
  if (!mine.ok)
    return (
      <section class="my-part">
        {results}
        {mine.error === 'unauthenticated' ? (
          m.status === 'open' && (
            <a class="button wide" href={`/signin?next=${encodeURIComponent(location.pathname)}`}>
              {c.signInToVote}
            </a>
          )
        ) : (
          <Refusal o={o} error={mine.error} onRetry={props.onChanged} />
        )}
      </section>
    )
  return (
    <section class="my-part" aria-labelledby="mine-heading">
      {results}
      {mine.data.voters.length > 0 && <h2 id="mine-heading">{c.myVoters}</h2>}
      {m.status === 'noticed' && <p class="notice">{c.notOpenYet}</p>}
      <ul class="cards">
        {mine.data.voters.map((v) => (
          <VoterItem key={v.voter} o={o} b={props.b} m={m} v={v} onChanged={props.onChanged} />
        ))}
      </ul>
    </section>
  )
}

function VoterItem({
  o,
  b,
  m,
  v,
  onChanged,
}: {
  o: OwnerCatalogue
  b: OwnerBallotCatalogue
  m: Meeting
  v: ActingVoter
  onChanged: () => void
}) {
  const { t } = useI18n()
  const c = b.meeting
  const units = v.units.join(t.value.listSeparator)
  const base = meetingPath(m.estateId, m.id)
  const q = `?voter=${encodeURIComponent(v.voter)}`
  // 'ask': the confirmation shown in the page; 'busy' while a call runs; 'withdrawn' once done; else a refusal.
  const [paper, setPaper] = useState<string | null>(null)
  const live = !v.ballot && (m.status === 'open' || m.status === 'noticed')
  return (
    <li class="unit voter">
      <p class="unit-head">
        <span class="card-title">{units}</span>
        <span class="tag">{v.as === 'proxy' ? c.proxy : c.own}</span>
      </p>
      <p class={v.ballot ? 'voted' : ''}>{v.ballot ? o.voted(units) : o.notVoted(units)}</p>
      {v.ballot && v.ballot.by !== 'self' && (
        <p class="note">
          <CastBy c={v.ballot} />
        </p>
      )}
      {v.directions && <p class="note">{c.directions}</p>}
      <div class="actions">
        {v.ballot ? (
          <a class="button secondary" href={`${base}/receipt${q}`}>
            {b.viewReceipt}
          </a>
        ) : (
          m.status === 'open' && (
            // The link says whose vote it is in its own words, so what is read aloud is what is seen.
            <a class="button" href={`${base}/vote${q}`}>
              {c.voteFor(units)}
            </a>
          )
        )}
        {live && v.as === 'owner' && !v.paperRequest && paper !== 'ask' && (
          <button type="button" class="button secondary" onClick={() => setPaper('ask')}>
            {b.paperAsk}
          </button>
        )}
      </div>
      {live && (paper || v.paperRequest) && (
        <PaperRequest o={o} m={m} v={v} state={paper} setState={setPaper} onChanged={onChanged} />
      )}
    </li>
  )
}

/**
 * A paper ballot asked for (domain §6.2): confirmed in the page first, then its state — asked on which day, or
 * handled by a convener — and, until handled, its withdrawal.
 */
function PaperRequest(props: {
  o: OwnerCatalogue
  m: Meeting
  v: ActingVoter
  state: string | null
  setState: (s: string | null) => void
  onChanged: () => void
}) {
  const { m, v, state, setState } = props
  const r = useRareText()
  const { t } = useI18n()
  if (!r) return null
  const p = r.paper
  const asked = v.paperRequest
  async function send(ask: boolean) {
    setState('busy')
    const done = await (ask ? requestPaper : withdrawPaper)(m.estateId, m.id, v.voter)
    setState(done.ok ? (ask ? null : 'withdrawn') : done.error)
    if (done.ok) props.onChanged()
  }
  return (
    <>
      {state === 'ask' && (
        <div class="notice" role="group" aria-label={p.confirm}>
          <p>{p.confirm}</p>
          <div class="actions">
            <button type="button" class="button" onClick={() => void send(true)}>
              {p.yes}
            </button>
            <button type="button" class="button secondary" onClick={() => setState(null)}>
              {p.no}
            </button>
          </div>
        </div>
      )}
      <p role="status">
        {asked
          ? asked.handled
            ? p.handled
            : p.asked(when(asked.at, t.value.dateLocale))
          : state === 'withdrawn'
            ? p.withdrawn
            : ''}
      </p>
      {asked && !asked.handled && (
        <button
          type="button"
          class="button secondary"
          disabled={state === 'busy'}
          onClick={() => void send(false)}
        >
          {p.withdraw}
        </button>
      )}
      {state && !['ask', 'busy', 'withdrawn'].includes(state) && <Refusal o={props.o} error={state} />}
    </>
  )
}

// The documents come beside the meeting in the answer (GET …/meetings/:id), each under the matter its ref names.
function Matters(props: {
  o: OwnerCatalogue
  b: OwnerBallotCatalogue
  m: Meeting
  files: readonly Attachment[]
}) {
  const { o, m, files } = props
  const c = { ...o.meeting, ...props.b.meeting }
  return (
    <section aria-labelledby="matters-heading">
      <h2 id="matters-heading">{c.mattersHeading}</h2>
      <ol class="matters">
        {m.matters.map((x, i) => {
          const mine = files.filter((f) => f.ref === x.id)
          return (
            <li key={x.id} class="unit matter" aria-labelledby={`${x.id}-title`}>
              <p class="note">{c.matter(i + 1)}</p>
              <h3 id={`${x.id}-title`}>{x.title}</h3>
              <div class="rule">
                {ruleText(o, x).map((line) => (
                  <p key={line}>{line}</p>
                ))}
              </div>
              {x.scope && (
                <p class="note">{c.scope([...(x.scope.buildings ?? x.scope.units ?? [])].join(' '))}</p>
              )}
              {x.body && <p class="body">{x.body}</p>}
              {mine.length > 0 && (
                <ul class="plain-list" aria-label={c.attachments}>
                  {mine.map((f) => (
                    <li key={f.id}>
                      {/* download: else the app's router takes the same-origin link for a page of its own */}
                      <a href={attachmentUrl(m.estateId, m.id, f.id)} download={f.fileName}>
                        {f.fileName}
                      </a>
                      {c.size(f.size)}
                    </li>
                  ))}
                </ul>
              )}
              {'candidates' in x && x.candidates && (
                <ul class="plain-list candidates" aria-label={c.candidates}>
                  {x.candidates.map((cand) => (
                    <li key={cand.id} class="candidate">
                      {cand.photoId && (
                        <img
                          src={attachmentUrl(m.estateId, m.id, cand.photoId)}
                          alt={c.photo(cand.name)}
                          width={72}
                          height={96}
                          loading="lazy"
                        />
                      )}
                      <div>
                        <p class="card-title">{cand.name}</p>
                        {cand.statement && <p>{cand.statement}</p>}
                      </div>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          )
        })}
      </ol>
    </section>
  )
}

function ReadConfirmation({ o, b, m }: { o: OwnerCatalogue; b: OwnerBallotCatalogue; m: Meeting }) {
  const [state, setState] = useState<'idle' | 'busy' | 'done' | string>('idle')
  async function confirm() {
    setState('busy')
    const r = await confirmRead(m.estateId, m.id)
    setState(r.ok ? 'done' : r.error)
  }
  if (state === 'done')
    return (
      <p class="notice" role="status">
        {b.meeting.readDone}
      </p>
    )
  return (
    <div class="spaced">
      {state !== 'idle' && state !== 'busy' && <Refusal o={o} error={state} />}
      <button
        type="button"
        class="button secondary wide"
        disabled={state === 'busy'}
        onClick={() => void confirm()}
      >
        {b.meeting.readConfirm}
      </button>
    </div>
  )
}

/**
 * Voting for one voter: all matters on one list, then a review of every choice, then the passkey. One list, not
 * a screen per matter: a meeting has a handful of matters, an owner on a small phone sees and scrolls them in
 * one place, can go back to any of them from the review, and no screen change waits on slow mobile data.
 */
export function VotePage({ estateId, meetingId }: { estateId: string; meetingId: string }) {
  const o = useOwnerText()
  const b = useBallotText()
  const { t } = useI18n()
  const { query, route } = useLocation()
  const voterId = query['voter'] ?? ''
  const [meeting, retry] = useLoad(() => fetchMeeting(estateId, meetingId), [estateId, meetingId])
  const [mine, retryMine] = useLoad(() => fetchMyPart(estateId, meetingId), [estateId, meetingId])
  // The choices so far survive the back and forward buttons and a reload, until the ballot is sent.
  const [choices, setChoices] = useState<Record<string, Choice>>(() => keptDraft(meetingId, voterId))
  const [step, setStep] = useState<'choose' | 'review'>('choose')
  const [busy, setBusy] = useState(false)
  const [refusal, setRefusal] = useState<string | null>(null)
  // The matters left unanswered at "next", marked until each is answered.
  const [missing, setMissing] = useState<string[]>([])
  const sent = useRef<{ nonce: string; response: AuthenticationResponseJSON } | null>(null)
  useTitle(b?.vote.heading ?? '…')
  // The passkey's code (@simplewebauthn/browser) is needed only at the confirmation: fetched once the ballot is on
  // screen, while she reads it, so that neither the start page nor the meeting page waits for it on mobile data.
  useEffect(() => void loadPasskey().catch(() => undefined), [])

  const voter = mine?.ok ? mine.data.voters.find((v) => v.voter === voterId) : undefined
  const receiptPath = `${meetingPath(estateId, meetingId)}/receipt?voter=${encodeURIComponent(voterId)}`
  // Already voted (here, by a co-owner or on paper): the receipt, not a second ballot. After a double_vote
  // refusal the page stays and says who voted.
  useEffect(() => {
    if (voter?.ballot && !refusal) route(receiptPath, true)
  }, [voter])
  useEffect(() => {
    if (!refusal) keepDraft(meetingId, voterId, Object.keys(choices).length > 0 ? choices : null)
  }, [choices])
  // The authorisation's directions are the proxy holder's choices: set, and not to be changed.
  useEffect(() => {
    if (voter?.directions) setChoices((c) => ({ ...c, ...voter.directions }))
  }, [voter])
  // Each step starts at its heading, so a screen reader and the eye begin at the top.
  useEffect(() => {
    document.querySelector<HTMLElement>('main h1')?.focus()
  }, [step])

  if (!o || !b || !meeting || !mine) return <Loading />
  if (!meeting.ok) return <Refusal o={o} error={meeting.error} onRetry={retry} />
  if (!mine.ok) return <Refusal o={o} error={mine.error} onRetry={retryMine} />
  if (!voter) return <Refusal o={o} error="not_your_voter" />
  const m = meeting.data.meeting
  const matters = m.matters.filter((x) => voter.matters.includes(x.id))
  const units = voter.units.join(t.value.listSeparator)

  function review(e: Event) {
    e.preventDefault()
    // An election left untouched approves nobody, which is a valid choice; a resolution needs its box.
    const full: Record<string, Choice> = { ...choices }
    for (const x of matters) if ('candidates' in x && full[x.id] === undefined) full[x.id] = []
    const left = matters.filter((x) => full[x.id] === undefined).map((x) => x.id)
    setChoices(full)
    setMissing(left)
    if (left.length === 0) return setStep('review')
    // The first unanswered matter in view, its first choice focused: she need not hunt for it.
    const first = document.getElementById(`${left[0]}-choice`)
    first?.scrollIntoView({ block: 'center' })
    first?.querySelector('input')?.focus({ preventScroll: true })
  }

  function refuse(error: string) {
    setBusy(false)
    setRefusal(error)
    // The unit has voted (a co-owner's phone, a proxy): nothing to send; the page says who voted, when.
    if (error === 'double_vote') {
      keepDraft(meetingId, voterId, null)
      retryMine()
    }
  }

  async function send() {
    if (busy) return
    setBusy(true)
    setRefusal(null)
    // A signed ballot whose answer was lost on the way (mobile data) is sent again as it is: the server answers
    // the same receipt for the same nonce, where a new ballot would meet double_vote.
    let signed = sent.current
    if (!signed) {
      const prepared = await prepareBallot(estateId, meetingId, voter!.voter, choices)
      const assertion = prepared.ok
        ? await loadPasskey().then(
            (m) => m.authenticateWithPasskey(prepared.data.options),
            (): ApiFailure => ({ ok: false, error: 'network' }),
          )
        : prepared
      if (!assertion.ok) return refuse(assertion.error)
      signed = { nonce: prepared.ok ? prepared.data.ballot.nonce : '', response: assertion.data }
    }
    const cast = await castBallot(estateId, meetingId, signed.nonce, signed.response)
    sent.current = !cast.ok && cast.error === 'network' ? signed : null
    if (!cast.ok) return refuse(cast.error)
    setBusy(false)
    keepDraft(meetingId, voterId, null)
    keepReceipt(meetingId, cast.data.receipt)
    route(receiptPath)
  }

  if (m.status !== 'open')
    return (
      <>
        <h1 tabIndex={-1}>{b.vote.heading}</h1>
        <Refusal o={o} error="meeting_not_open" />
        <a class="button secondary" href={meetingPath(estateId, meetingId)}>
          {b.receipt.back}
        </a>
      </>
    )

  return (
    <>
      <p class="estate-name">{m.title}</p>
      <h1 tabIndex={-1}>{step === 'choose' ? b.vote.heading : b.vote.reviewHeading}</h1>
      <p class="facts">{b.vote.forUnits(units)}</p>
      {voter.directions && <p class="notice">{b.meeting.directions}</p>}
      {step === 'choose' ? (
        <form onSubmit={review} noValidate>
          <p>{b.vote.intro}</p>
          {matters.map((x, i) => (
            <MatterChoice
              key={x.id}
              o={o}
              b={b}
              n={m.matters.indexOf(x) + 1 || i + 1}
              matter={x}
              value={choices[x.id]}
              locked={voter.directions?.[x.id] !== undefined}
              mark={missing.includes(x.id) ? b.mark : undefined}
              onChange={(c) => {
                setChoices((all) => ({ ...all, [x.id]: c }))
                setMissing((left) => left.filter((id) => id !== x.id))
              }}
            />
          ))}
          <p class="field-error" role="status">
            {missing.length > 0
              ? b.vote.missing(missing.length) +
                b.missing(
                  missing
                    .map((id) => m.matters.findIndex((x) => x.id === id))
                    .map((i) => `${o.meeting.matter(i + 1)} ${m.matters[i]?.title}`)
                    .join(t.value.listSeparator),
                )
              : ''}
          </p>
          <button type="submit" class="button wide">
            {b.vote.review}
          </button>
        </form>
      ) : (
        <>
          <dl class="review">
            {matters.map((x) => (
              <div key={x.id}>
                <dt>{x.title}</dt>
                <dd>{choiceWords(o, b, x, choices[x.id], t.value.listSeparator)}</dd>
              </div>
            ))}
          </dl>
          <p class="note">{b.vote.note}</p>
          {refusal && <Refusal o={o} error={refusal} />}
          {refusal === 'double_vote' ? (
            <>
              {voter.ballot && (
                <p class="notice">
                  <CastBy c={voter.ballot} />
                </p>
              )}
              <a class="button wide" href={receiptPath}>
                {b.viewReceipt}
              </a>
              <a class="button secondary wide spaced" href={meetingPath(estateId, meetingId)}>
                {b.receipt.back}
              </a>
            </>
          ) : (
            <div class="actions">
              <button type="button" class="button" disabled={busy} onClick={() => void send()}>
                {busy ? b.vote.confirming : b.vote.confirm}
              </button>
              <button
                type="button"
                class="button secondary"
                disabled={busy}
                onClick={() => {
                  sent.current = null
                  setStep('choose')
                }}
              >
                {b.vote.change}
              </button>
            </div>
          )}
        </>
      )}
    </>
  )
}

function choiceWords(
  o: OwnerCatalogue,
  b: OwnerBallotCatalogue,
  x: MeetingMatter,
  c: Choice | undefined,
  sep: string,
) {
  if (Array.isArray(c)) {
    const names = 'candidates' in x ? (x.candidates ?? []) : []
    const picked = c.map((id) => names.find((n) => n.id === id)?.name ?? id)
    return picked.length > 0 ? picked.join(sep) : b.vote.none
  }
  return c === 'yes' || c === 'no' || c === 'abstain' ? o.choice[c] : ''
}

function MatterChoice(props: {
  o: OwnerCatalogue
  b: OwnerBallotCatalogue
  n: number
  matter: MeetingMatter
  value: Choice | undefined
  locked: boolean
  /** Unanswered at "next": the words of the mark. */
  mark?: string | undefined
  onChange: (c: Choice) => void
}) {
  const { o, b, matter: x, value, locked, mark } = props
  const legend = `${o.meeting.matter(props.n)}：${x.title}`
  if ('candidates' in x && x.candidates && x.seats !== undefined) {
    const seats = x.seats
    const picked = Array.isArray(value) ? (value as readonly string[]) : []
    return (
      <fieldset id={`${x.id}-choice`} class="unit choice" aria-describedby={`${x.id}-pick`}>
        <legend>{legend}</legend>
        <p class="note" id={`${x.id}-pick`}>
          {b.vote.pick(seats)}
        </p>
        {x.candidates.map((cand) => {
          const on = picked.includes(cand.id)
          return (
            <label key={cand.id} class="check">
              <input
                type="checkbox"
                checked={on}
                disabled={locked || (!on && picked.length >= seats)}
                onChange={() =>
                  props.onChange(on ? picked.filter((p) => p !== cand.id) : [...picked, cand.id])
                }
              />
              {cand.name}
            </label>
          )
        })}
        <p class="note" role="status">
          {picked.length > 0 ? b.vote.picked(picked.length, seats) : ''}
        </p>
      </fieldset>
    )
  }
  return (
    <fieldset
      id={`${x.id}-choice`}
      class={mark ? 'unit choice missing' : 'unit choice'}
      aria-invalid={mark ? true : undefined}
      aria-describedby={`${x.id}-rule`}
    >
      <legend>{legend}</legend>
      {mark && <p class="field-error">{mark}</p>}
      <p class="note" id={`${x.id}-rule`}>
        {ruleText(o, x)[0]}
      </p>
      <div class="choices">
        {(['yes', 'no', 'abstain'] as const).map((c) => (
          <label key={c} class="check choice-option">
            <input
              type="radio"
              name={x.id}
              value={c}
              checked={value === c}
              disabled={locked}
              onChange={() => props.onChange(c)}
            />
            {o.choice[c]}
          </label>
        ))}
      </div>
      {locked && <p class="note">{b.vote.directed}</p>}
    </fieldset>
  )
}

/**
 * The receipt of a ballot, as a person can keep it: the code large with the meeting, the unit, the time and the
 * channel, how to check it, printed or saved as an image or PDF (the phone's print dialog), and a small data file.
 * It is shown from GET …/me, which also says who cast the unit's ballot (a co-owner's or proxy holder's is told
 * as theirs, never as "your vote"), else, without a connection, from this phone's copy.
 */
export function ReceiptPage({ estateId, meetingId }: { estateId: string; meetingId: string }) {
  const o = useOwnerText()
  const b = useBallotText()
  const { t } = useI18n()
  const voter = useLocation().query['voter'] ?? ''
  const kept = keptReceipt(meetingId, voter)
  const [meeting] = useLoad(() => fetchMeeting(estateId, meetingId), [estateId, meetingId])
  const [mine, retry] = useLoad(() => fetchMyPart(estateId, meetingId), [estateId, meetingId])
  useTitle(b?.receipt.heading ?? '…')
  // The meeting's title is waited for too (an answer, even a failed one offline): the facts appear at once.
  if (!o || !b || (!mine && !kept) || !meeting) return <Loading />
  const base = meetingPath(estateId, meetingId)
  const v = mine?.ok ? mine.data.voters.find((x) => x.voter === voter) : undefined
  const r = v?.ballot ? { ...v.ballot, voter } : kept
  if (v?.ballot) keepReceipt(meetingId, r!)
  const back = (
    <a class="button secondary wide spaced" href={base}>
      {b.receipt.back}
    </a>
  )
  if (!r)
    return (
      <>
        <h1 tabIndex={-1}>{b.receipt.heading}</h1>
        {mine && !mine.ok ? <Refusal o={o} error={mine.error} onRetry={retry} /> : <p>{b.receipt.none}</p>}
        {back}
      </>
    )
  const c = b.receipt
  const locale = t.value.dateLocale
  // A data: link, not a blob: nothing to revoke, and it works offline.
  const file = `data:application/json;charset=utf-8,${encodeURIComponent(
    JSON.stringify({ estate: estateId, meeting: meetingId, ...r }, null, 2),
  )}`
  const fact = (k: string, value: string | undefined) =>
    value && (
      <div>
        <dt>{k}</dt>
        <dd>{value}</dd>
      </div>
    )
  return (
    <>
      <h1 tabIndex={-1}>{b.receipt.heading}</h1>
      <p class="notice" role="status">
        {r.by && r.by !== 'self' ? <CastBy c={{ ...r, by: r.by, byName: r.byName ?? null }} /> : c.done}
      </p>
      <div class="receipt">
        <p class="note">{b.receipt.code}</p>
        <p class="receipt-code" data-receipt>
          {r.receipt}
        </p>
        <dl class="receipt-facts">
          {fact(c.meeting, meeting.ok ? meeting.data.meeting.title : undefined)}
          {fact(c.unit, (v?.units ?? [r.voter]).join(t.value.listSeparator))}
          {fact(c.time, formatDate(r.castAt, locale, true))}
          {fact(c.channel, c.channels[r.channel])}
        </dl>
        <p>{c.check}</p>
        <p class="receipt-links">
          <a href={`${base}/voted`} data-url={`${location.origin}${base}/voted`}>
            {c.voted}
          </a>
          <a href={`${base}/results`} data-url={`${location.origin}${base}/results`}>
            {c.results}
          </a>
        </p>
      </div>
      <button type="button" class="button wide" onClick={() => print()}>
        {c.print}
      </button>
      <a class="button secondary wide spaced" href={file} download={`receipt-${r.receipt}.json`}>
        {c.file}
      </a>
      {back}
    </>
  )
}
