import type { AuthenticationResponseJSON } from '@simplewebauthn/browser'
import { useEffect, useRef, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import {
  attachmentUrl,
  castBallot,
  confirmRead,
  fetchMeeting,
  fetchMyPart,
  keepReceipt,
  keptReceipt,
  prepareBallot,
  requestPaper,
  type ActingVoter,
  type Attachment,
  type Choice,
  type Meeting,
  type MeetingMatter,
  type MyPart,
  type Receipt,
} from '../api-meetings'
import { formatDate, useI18n, useTitle } from '../i18n'
import { useOwnerText, type OwnerCatalogue } from '../i18n/owner'
import { authenticateWithPasskey } from '../passkey'
import { useSession } from '../session'
import { Loading, Refusal, When, meetingPath, ruleText, useLoad, type Loaded } from './meeting-common'

/*
 * The owner's voting path: the meeting, the vote and the receipt pages live in this one module, so they
 * arrive as one chunk with their Chinese words (vote.tsx and receipt.tsx only re-export). On slow mobile data the
 * owner waits once, when the meeting opens, not again at "vote" or after the passkey; one chunk also compresses
 * better than three (the path's budget is 30 KB of gzipped JavaScript, `npm run bench -- --only web`).
 */

interface Params {
  estateId: string
  meetingId: string
}

/** A meeting as an owner reads it: the matters and their rules, candidates, and the voters I act for. */
export default function MeetingPage({ estateId, meetingId }: Params) {
  const o = useOwnerText()
  const session = useSession().state.value
  const [meeting, retry] = useLoad(() => fetchMeeting(estateId, meetingId), [estateId, meetingId])
  const signedIn = session.status === 'signed_in'
  const [mine, retryMine] = useLoad(
    () =>
      signedIn ? fetchMyPart(estateId, meetingId) : Promise.resolve({ ok: false, error: 'unauthenticated' }),
    [estateId, meetingId, signedIn],
  )
  useTitle(meeting?.ok ? meeting.data.meeting.title : '…')
  if (!o || !meeting) return <Loading />
  if (!meeting.ok) return <Refusal o={o} error={meeting.error} onRetry={retry} />
  const m = meeting.data.meeting
  return (
    <>
      <h1 tabIndex={-1}>{m.title}</h1>
      <When o={o} status={m.status} opensAt={m.opensAt} closesAt={m.closesAt} />
      {m.deemedConsentWarning && (
        <div class="problem" role="note" aria-label={o.meeting.deemed}>
          <p lang="zh-CN">{m.deemedConsentWarning.zh}</p>
          <p lang="en">{m.deemedConsentWarning.en}</p>
        </div>
      )}
      <Mine o={o} m={m} mine={mine} onChanged={retryMine} loading={session.status === 'loading'} />
      <Matters o={o} m={m} files={meeting.data.attachments} />
      {signedIn && m.status !== 'draft' && <ReadConfirmation o={o} m={m} />}
    </>
  )
}

function Mine(props: {
  o: OwnerCatalogue
  m: Meeting
  mine: Loaded<MyPart>
  onChanged: () => void
  loading: boolean
}) {
  const { o, m, mine } = props
  const c = o.meeting
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
          <VoterItem key={v.voter} o={o} m={m} v={v} onChanged={props.onChanged} />
        ))}
      </ul>
    </section>
  )
}

function VoterItem({
  o,
  m,
  v,
  onChanged,
}: {
  o: OwnerCatalogue
  m: Meeting
  v: ActingVoter
  onChanged: () => void
}) {
  const { t } = useI18n()
  const c = o.meeting
  const units = v.units.join(t.value.listSeparator)
  const base = meetingPath(m.estateId, m.id)
  const q = `?voter=${encodeURIComponent(v.voter)}`
  const [paper, setPaper] = useState<'sent' | string | null>(null)
  async function askPaper() {
    const r = await requestPaper(m.estateId, m.id, v.voter)
    setPaper(r.ok ? 'sent' : r.error)
    if (r.ok) onChanged()
  }
  return (
    <li class="unit voter">
      <p class="unit-head">
        <span class="card-title">{units}</span>
        <span class="tag">{v.as === 'proxy' ? c.proxy : c.own}</span>
      </p>
      <p class={v.ballot ? 'voted' : ''}>{v.ballot ? o.voted(units) : o.notVoted(units)}</p>
      {v.directions && <p class="note">{c.directions}</p>}
      <div class="actions">
        {v.ballot ? (
          <a class="button secondary" href={`${base}/receipt${q}`}>
            {c.receipt}
          </a>
        ) : (
          m.status === 'open' && (
            <a class="button" href={`${base}/vote${q}`} aria-label={c.voteFor(units)}>
              {c.vote}
            </a>
          )
        )}
        {!v.ballot &&
          v.as === 'owner' &&
          (m.status === 'open' || m.status === 'noticed') &&
          paper !== 'sent' && (
            <button type="button" class="button secondary" onClick={() => void askPaper()}>
              {c.paper}
            </button>
          )}
      </div>
      <p role="status">{paper === 'sent' ? c.paperDone : ''}</p>
      {paper && paper !== 'sent' && <Refusal o={o} error={paper} />}
    </li>
  )
}

// The documents come beside the meeting in the answer (GET …/meetings/:id), each under the matter its ref names.
function Matters({ o, m, files }: { o: OwnerCatalogue; m: Meeting; files: readonly Attachment[] }) {
  const c = o.meeting
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

function ReadConfirmation({ o, m }: { o: OwnerCatalogue; m: Meeting }) {
  const [state, setState] = useState<'idle' | 'busy' | 'done' | string>('idle')
  async function confirm() {
    setState('busy')
    const r = await confirmRead(m.estateId, m.id)
    setState(r.ok ? 'done' : r.error)
  }
  if (state === 'done')
    return (
      <p class="notice" role="status">
        {o.meeting.readDone}
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
        {o.meeting.readConfirm}
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
  const { t } = useI18n()
  const { query, route } = useLocation()
  const voterId = query['voter'] ?? ''
  const [meeting, retry] = useLoad(() => fetchMeeting(estateId, meetingId), [estateId, meetingId])
  const [mine, retryMine] = useLoad(() => fetchMyPart(estateId, meetingId), [estateId, meetingId])
  const [choices, setChoices] = useState<Record<string, Choice>>({})
  const [step, setStep] = useState<'choose' | 'review'>('choose')
  const [busy, setBusy] = useState(false)
  const [refusal, setRefusal] = useState<string | null>(null)
  const [missing, setMissing] = useState(0)
  const sent = useRef<{ nonce: string; response: AuthenticationResponseJSON } | null>(null)
  useTitle(o?.vote.heading ?? '…')

  const voter = mine?.ok ? mine.data.voters.find((v) => v.voter === voterId) : undefined
  const receiptPath = `${meetingPath(estateId, meetingId)}/receipt?voter=${encodeURIComponent(voterId)}`
  // Already voted (here, by a co-owner or on paper): the receipt, not a second ballot.
  useEffect(() => {
    if (voter?.ballot) route(receiptPath, true)
  }, [voter])
  // The authorisation's directions are the proxy holder's choices: set, and not to be changed.
  useEffect(() => {
    if (voter?.directions) setChoices((c) => ({ ...c, ...voter.directions }))
  }, [voter])
  // Each step starts at its heading, so a screen reader and the eye begin at the top.
  useEffect(() => {
    document.querySelector<HTMLElement>('main h1')?.focus()
  }, [step])

  if (!o || !meeting || !mine) return <Loading />
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
    const left = matters.filter((x) => full[x.id] === undefined).length
    setChoices(full)
    setMissing(left)
    if (left === 0) setStep('review')
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
      const assertion = prepared.ok ? await authenticateWithPasskey(prepared.data.options) : prepared
      if (!assertion.ok) {
        setBusy(false)
        return setRefusal(assertion.error)
      }
      signed = { nonce: prepared.ok ? prepared.data.ballot.nonce : '', response: assertion.data }
    }
    const cast = await castBallot(estateId, meetingId, signed.nonce, signed.response)
    sent.current = !cast.ok && cast.error === 'network' ? signed : null
    setBusy(false)
    if (!cast.ok) return setRefusal(cast.error)
    keepReceipt(meetingId, cast.data.receipt)
    route(receiptPath)
  }

  if (m.status !== 'open')
    return (
      <>
        <h1 tabIndex={-1}>{o.vote.heading}</h1>
        <Refusal o={o} error="meeting_not_open" />
        <a class="button secondary" href={meetingPath(estateId, meetingId)}>
          {o.receipt.back}
        </a>
      </>
    )

  return (
    <>
      <p class="estate-name">{m.title}</p>
      <h1 tabIndex={-1}>{step === 'choose' ? o.vote.heading : o.vote.reviewHeading}</h1>
      <p class="facts">{o.vote.forUnits(units)}</p>
      {voter.directions && <p class="notice">{o.meeting.directions}</p>}
      {step === 'choose' ? (
        <form onSubmit={review} noValidate>
          <p>{o.vote.intro}</p>
          {matters.map((x, i) => (
            <MatterChoice
              key={x.id}
              o={o}
              n={m.matters.indexOf(x) + 1 || i + 1}
              matter={x}
              value={choices[x.id]}
              locked={voter.directions?.[x.id] !== undefined}
              onChange={(c) => {
                setChoices((all) => ({ ...all, [x.id]: c }))
                setMissing(0) // the count said at "next" is out of date once a choice changes
              }}
            />
          ))}
          <p class="field-error" role="status">
            {missing > 0 ? o.vote.missing(missing) : ''}
          </p>
          <button type="submit" class="button wide">
            {o.vote.review}
          </button>
        </form>
      ) : (
        <>
          <dl class="review">
            {matters.map((x) => (
              <div key={x.id}>
                <dt>{x.title}</dt>
                <dd>{choiceWords(o, x, choices[x.id], t.value.listSeparator)}</dd>
              </div>
            ))}
          </dl>
          <p class="note">{o.vote.note}</p>
          {refusal && <Refusal o={o} error={refusal} />}
          <div class="actions">
            <button type="button" class="button" disabled={busy} onClick={() => void send()}>
              {busy ? o.vote.confirming : o.vote.confirm}
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
              {o.vote.change}
            </button>
          </div>
        </>
      )}
    </>
  )
}

function choiceWords(o: OwnerCatalogue, x: MeetingMatter, c: Choice | undefined, sep: string) {
  if (Array.isArray(c)) {
    const names = 'candidates' in x ? (x.candidates ?? []) : []
    const picked = c.map((id) => names.find((n) => n.id === id)?.name ?? id)
    return picked.length > 0 ? picked.join(sep) : o.vote.none
  }
  return c === 'yes' || c === 'no' || c === 'abstain' ? o.choice[c] : ''
}

function MatterChoice(props: {
  o: OwnerCatalogue
  n: number
  matter: MeetingMatter
  value: Choice | undefined
  locked: boolean
  onChange: (c: Choice) => void
}) {
  const { o, matter: x, value, locked } = props
  const legend = `${o.meeting.matter(props.n)}：${x.title}`
  if ('candidates' in x && x.candidates && x.seats !== undefined) {
    const seats = x.seats
    const picked = Array.isArray(value) ? (value as readonly string[]) : []
    return (
      <fieldset class="unit choice" aria-describedby={`${x.id}-pick`}>
        <legend>{legend}</legend>
        <p class="note" id={`${x.id}-pick`}>
          {o.vote.pick(seats)}
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
          {picked.length > 0 ? o.vote.picked(picked.length, seats) : ''}
        </p>
      </fieldset>
    )
  }
  return (
    <fieldset class="unit choice" aria-describedby={`${x.id}-rule`}>
      <legend>{legend}</legend>
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
      {locked && <p class="note">{o.vote.directed}</p>}
    </fieldset>
  )
}

/**
 * The receipt of a ballot: the code large, saved as a small file, and shown again later — from this phone's
 * storage first (it works without a connection), else from GET …/me, which answers the voter's receipt.
 */
export function ReceiptPage({ estateId, meetingId }: { estateId: string; meetingId: string }) {
  const o = useOwnerText()
  const { t } = useI18n()
  const voter = useLocation().query['voter'] ?? ''
  const kept = keptReceipt(meetingId, voter)
  const [mine, retry] = useLoad<Receipt | null>(
    () =>
      kept
        ? Promise.resolve({ ok: true as const, data: null })
        : fetchMyPart(estateId, meetingId).then((r) => {
            if (!r.ok) return r
            const v = r.data.voters.find((x) => x.voter === voter)
            const receipt: Receipt | null = v?.ballot ? { ...v.ballot, voter } : null
            if (receipt) keepReceipt(meetingId, receipt)
            return { ok: true as const, data: receipt }
          }),
    [estateId, meetingId, voter],
  )
  useTitle(o?.receipt.heading ?? '…')
  if (!o || !mine) return <Loading />
  const back = (
    <a class="button secondary wide spaced" href={meetingPath(estateId, meetingId)}>
      {o.receipt.back}
    </a>
  )
  if (!mine.ok)
    return (
      <>
        <h1 tabIndex={-1}>{o.receipt.heading}</h1>
        <Refusal o={o} error={mine.error} onRetry={retry} />
        {back}
      </>
    )
  const r = kept ?? mine.data
  if (!r)
    return (
      <>
        <h1 tabIndex={-1}>{o.receipt.heading}</h1>
        <p>{o.receipt.none}</p>
        {back}
      </>
    )
  // A data: link, not a blob: nothing to revoke, and it works offline.
  const file = `data:application/json;charset=utf-8,${encodeURIComponent(
    JSON.stringify({ estate: estateId, meeting: meetingId, ...r }, null, 2),
  )}`
  return (
    <>
      <h1 tabIndex={-1}>{o.receipt.heading}</h1>
      <p class="notice" role="status">
        {o.receipt.done}
      </p>
      <div class="receipt">
        <p class="note">{o.receipt.code}</p>
        <p class="receipt-code" data-receipt>
          {r.receipt}
        </p>
        <p class="note">{o.receipt.castAt(formatDate(r.castAt, t.value.dateLocale, true))}</p>
      </div>
      <p>{o.receipt.explain}</p>
      <a class="button wide" href={file} download={`receipt-${r.receipt}.json`}>
        {o.receipt.save}
      </a>
      {back}
    </>
  )
}

// The results and the owner's start page take these from here, so that the voting path stays one chunk.
export { Loading, Refusal, When, meetingPath, useLoad } from './meeting-common'
export { fetchMeeting, fetchMyPart } from '../api-meetings'
