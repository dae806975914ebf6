import { useState } from 'preact/hooks'
import type { Announcement, MatterResult, Meeting, MeetingMatter } from '../api-meetings'
import { bundleUrl, fetchAnnouncement, fetchSummary, objectToResult, summaryUrl } from '../api-results'
import { useSession } from '../session'
import { formatCount, formatDate, groupDigits, useI18n, useTitle } from '../i18n'
import { useOwnerAll, type OwnerAll } from '../i18n/owner-more'
import { fetchMeeting } from '../api-meetings'
import { Loading, Refusal, When, useLoad } from './meeting-common'

/** A matter's rule, as the meeting sends it; and a weight (area and heads), as the results send it. */
type Fraction = NonNullable<MeetingMatter['approval']>
type Weight = MatterResult['electorate']

const SPECIAL = new Set(['raise_maintenance_fund', 'rebuild', 'common_parts_use'])
const HALF: Fraction = { num: 1, den: 2, strict: true }
const TWO_THIRDS: Fraction = { num: 2, den: 3, strict: false }

/** Square centimetres as square metres with two decimals, in text (never a float in a decision). */
const m2 = (cm2: number) =>
  `${groupDigits(String(Math.floor(cm2 / 10_000)))}.${String(cm2 % 10_000)
    .padStart(4, '0')
    .slice(0, 2)} ㎡`

/** A share as a percentage with two decimals, rounded down by integers (display only: the server decides). */
const pct = (part: number, whole: number) => {
  const basis = whole > 0 ? Math.floor((part * 10_000) / whole) : 0
  return `${Math.floor(basis / 100)}.${String(basis % 100).padStart(2, '0')}%`
}

/**
 * The end of a legal period in Beijing time: a period ends at 24:00 of its last day (民法典 art. 203), so an end
 * at midnight reads as 24:00 of the day before, not as 00:00 of a day the period does not include.
 */
const endText = (iso: string, dateLocale: string) => {
  const at = Date.parse(iso)
  if ((at + 8 * 3_600_000) % 86_400_000 !== 0) return formatDate(iso, dateLocale, true)
  return `${formatDate(new Date(at - 60_000).toISOString(), dateLocale)} 24:00`
}

/** Candidates' full names, as the announcement names them (else as the meeting lists them); never an id. */
type Names = (matter: string, id: string) => string

/**
 * The result of a closed meeting: per matter participation and approval on area and headcount, drawn as bars
 * with the line the law (or the stricter rule) needs, the outcome in words; elections; the bulletin of receipts
 * where an owner finds theirs; the results file and how anyone can check it.
 */
export default function ResultsPage({ estateId, meetingId }: { estateId: string; meetingId: string }) {
  const o = useOwnerAll()
  const { t } = useI18n()
  const session = useSession().state.value
  const [meeting, retry] = useLoad(() => fetchMeeting(estateId, meetingId), [estateId, meetingId])
  // The announcement once the conveners publish it; before that, the public summary of the sealed results.
  const [results] = useLoad<{ a: Announcement | null; r: readonly MatterResult[] | null }>(
    () =>
      fetchAnnouncement(estateId, meetingId).then(async (a) => {
        if (a.ok) return { ok: true as const, data: { a: a.data.announcement, r: null } }
        const b = await fetchSummary(estateId, meetingId)
        return b.ok ? { ok: true as const, data: { a: null, r: b.data.results } } : b
      }),
    [estateId, meetingId],
  )
  // The full file links units to choices: offered to the estate's owners and staff, who may inspect it (§12).
  const me = session.status === 'signed_in' ? session.me : null
  // Owners of the estate may object to the preliminary result (staff object through the console).
  const mayObject = me !== null && me.owner?.estate.id === estateId
  const mayInspect =
    me !== null &&
    (me.owner?.estate.id === estateId ||
      me.roles.some(
        (r) => r.estateId === estateId && ['convener', 'supervisor', 'street_office'].includes(r.role),
      ))
  useTitle(o?.results.heading ?? '…')
  if (!o || !meeting || !results) return <Loading />
  if (!meeting.ok) return <Refusal o={o} error={meeting.error} onRetry={retry} />
  const m = meeting.data.meeting
  const a: Announcement | null = results.ok ? results.data.a : null
  const list: readonly MatterResult[] = results.ok
    ? (a?.matters.map((x) => x.result as MatterResult) ?? results.data.r ?? [])
    : []
  const nameOf: Names = (matter, id) => {
    const words = a?.matters.find((x) => x.id === matter)
    const fromAnnouncement = words && 'candidates' in words ? words.candidates : undefined
    const fromMeeting = m.matters.find((x) => x.id === matter)
    const listed = fromMeeting && 'candidates' in fromMeeting ? fromMeeting.candidates : undefined
    return (
      fromAnnouncement?.find((c) => c.id === id)?.name ??
      listed?.find((c) => c.id === id)?.name ??
      o.results.unnamed
    )
  }
  const dl = t.value.dateLocale
  return (
    <>
      <p class="estate-name">{m.title}</p>
      <h1 tabIndex={-1}>{o.results.heading}</h1>
      <When o={o} status={m.status} opensAt={m.opensAt} closesAt={m.closesAt} />
      {!results.ok ? (
        <Refusal o={o} error={results.error} />
      ) : (
        <p class="notice">
          {a ? (a.kind === 'final' ? o.results.final : o.results.preliminary) : o.results.pending}
        </p>
      )}
      {a && <Period o={o} a={a} dateLocale={dl} mayObject={mayObject} estateId={estateId} part="dates" />}
      <p class="note">{o.results.line}</p>
      <ol class="matters">
        {list.map((r) => {
          const matter = m.matters.find((x) => x.id === r.matter)
          const words = a?.matters.find((x) => x.id === r.matter)
          return (
            <li key={r.matter} class="unit matter" aria-labelledby={`${r.matter}-result`}>
              <h2 id={`${r.matter}-result`}>{matter?.title ?? words?.title ?? ''}</h2>
              <p class={`outcome outcome-${r.outcome}`}>
                {o.results.outcome[r.outcome] ?? o.results.outcomeOther}
              </p>
              {matter && <MatterBars o={o} matter={matter} r={r} nameOf={nameOf} />}
            </li>
          )
        })}
      </ol>
      {/* Read the result first; the way to object follows it while the period runs. */}
      {a && <Period o={o} a={a} dateLocale={dl} mayObject={mayObject} estateId={estateId} part="form" />}
      <BulletinSearch o={o} m={m} nameOf={nameOf} />
      {/* For technical readers: the files and the command that recomputes the result (results-bundle.md). */}
      <details class="technical">
        <summary>{o.results.technical}</summary>
        <a
          class="button secondary wide"
          href={summaryUrl(estateId, meetingId)}
          download={`results-summary-${meetingId}.json`}
        >
          {o.results.bundle}
        </a>
        <p class="spaced">{o.results.verify}</p>
        {m.bundleSha256 && <p class="note sha">{o.results.sha(m.bundleSha256)}</p>}
        {mayInspect && (
          <>
            <a
              class="button secondary wide"
              href={bundleUrl(estateId, meetingId)}
              download={`results-${meetingId}.json`}
            >
              {o.results.full}
            </a>
            <p class="note">{o.results.fullNote}</p>
          </>
        )}
      </details>
    </>
  )
}

function MatterBars(props: { o: OwnerAll; matter: MeetingMatter; r: MatterResult; nameOf: Names }) {
  const { o, matter, r } = props
  const { t } = useI18n()
  const p = matter.participation ?? TWO_THIRDS
  const parts = [
    <Pair
      key="p"
      o={o}
      what={o.results.participation}
      part={r.participation}
      whole={r.electorate}
      need={p}
    />,
  ]
  if (r.kind !== 'elect_committee') {
    parts.push(
      <Pair
        key="a"
        o={o}
        what={o.results.approval}
        part={r.tally.yes}
        whole={r.participation}
        need={r.rule.approval}
      />,
    )
    return <>{parts}</>
  }
  const need = matter.approval ?? (SPECIAL.has(matter.kind) ? { num: 3, den: 4, strict: false } : HALF)
  const nameOf = (id: string) => props.nameOf(r.matter, id)
  const list = (ids: readonly string[]) => ids.map(nameOf).join(t.value.listSeparator)
  return (
    <>
      {parts}
      {r.candidates.map((c) => (
        <Pair
          key={c.id}
          o={o}
          what={o.results.candidate(nameOf(c.id))}
          part={c}
          whole={r.participation}
          need={need}
        />
      ))}
      <dl class="facts">
        {r.elected.length > 0 && (
          <div>
            <dt>{o.results.elected}</dt>
            <dd>{list(r.elected)}</dd>
          </div>
        )}
        {r.alternates.length > 0 && (
          <div>
            <dt>{o.results.alternates}</dt>
            <dd>{list(r.alternates)}</dd>
          </div>
        )}
        {r.tied.length > 0 && (
          <div>
            <dt>{o.results.tied}</dt>
            <dd>{list(r.tied)}</dd>
          </div>
        )}
        {r.vacantSeats > 0 && (
          <div>
            <dt>{o.results.vacant(r.vacantSeats)}</dt>
            <dd />
          </div>
        )}
      </dl>
    </>
  )
}

/** One measure on both dimensions: area and headcount, each a bar with the threshold line. */
function Pair(props: { o: OwnerAll; what: string; part: Weight; whole: Weight; need: Fraction }) {
  const { o, what, part, whole, need } = props
  const share = o.share(need.num, need.den, need.strict)
  return (
    <div class="pair">
      <p class="pair-title">{what}</p>
      <Bar
        label={o.results.bar(
          o.results.area,
          m2(part.areaCm2),
          m2(whole.areaCm2),
          pct(part.areaCm2, whole.areaCm2),
          share,
        )}
        part={part.areaCm2}
        whole={whole.areaCm2}
        need={need}
      />
      <Bar
        label={o.results.bar(
          o.results.heads,
          formatCount(part.heads),
          formatCount(whole.heads),
          pct(part.heads, whole.heads),
          share,
        )}
        part={part.heads}
        whole={whole.heads}
        need={need}
      />
    </div>
  )
}

function Bar({ label, part, whole, need }: { label: string; part: number; whole: number; need: Fraction }) {
  // Percentages for drawing only; the decision is the server's, by exact integers.
  const pct = whole > 0 ? Math.min(100, (part * 100) / whole) : 0
  return (
    <div class="bar-row">
      <p class="bar-label">{label}</p>
      <div
        class="bar"
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={whole}
        aria-valuenow={part}
      >
        <span class="bar-fill" style={{ width: `${pct}%` }} />
        <span class="bar-line" style={{ left: `${(need.num * 100) / need.den}%` }} />
      </div>
    </div>
  )
}

/** The bulletin of receipts (domain.md §6.2): the owner types their code and sees the choices counted for it. */
function BulletinSearch({ o, m, nameOf }: { o: OwnerAll; m: Meeting; nameOf: Names }) {
  const { t } = useI18n()
  const [bulletin] = useLoad(() => fetchSummary(m.estateId, m.id), [m.estateId, m.id])
  const [code, setCode] = useState('')
  const norm = (s: string) => s.toUpperCase().replace(/[^0-9A-Z]/g, '')
  const wanted = norm(code)
  const found =
    bulletin?.ok && wanted.length >= 12
      ? bulletin.data.bulletin.find((r) => norm(r.receipt ?? '') === wanted)
      : undefined
  return (
    <section aria-labelledby="bulletin-heading">
      <h2 id="bulletin-heading">{o.results.bulletin}</h2>
      {bulletin && !bulletin.ok ? (
        <Refusal o={o} error={bulletin.error} />
      ) : (
        <>
          <p>{o.results.bulletinIntro}</p>
          {bulletin?.ok && <p class="note">{o.results.voted(bulletin.data.bulletin.length)}</p>}
          <div class="field">
            <label for="receipt-search">{o.results.search}</label>
            <input
              id="receipt-search"
              type="search"
              class="code-input"
              value={code}
              autoComplete="off"
              autoCapitalize="characters"
              spellcheck={false}
              onInput={(e) => setCode(e.currentTarget.value)}
            />
          </div>
          <div role="status">
            {found ? (
              <div class="notice">
                <p>{o.results.found}</p>
                <p class="receipt-code">{found.receipt}</p>
                <ul class="plain-list">
                  {Object.entries(found.choices).map(([k, v]) => {
                    const matter = m.matters.find((x) => x.id === k)
                    return (
                      <li key={k}>
                        {matter?.title ?? ''}：
                        {Array.isArray(v)
                          ? v.map((id) => nameOf(k, id)).join(t.value.listSeparator) || '—'
                          : typeof v === 'string' && v in o.choice
                            ? o.choice[v as 'yes']
                            : '—'}
                      </li>
                    )
                  })}
                </ul>
              </div>
            ) : (
              wanted.length >= 12 && bulletin?.ok && <p class="field-error">{o.results.notFound}</p>
            )}
          </div>
        </>
      )}
    </section>
  )
}

/**
 * The objection period in words true to its dates (domain §6.1 step 4: the preliminary result, then objections):
 * until when it runs, or that it has ended (`dates`); while it runs, an owner of the estate may object (`form`).
 */
function Period(props: {
  o: OwnerAll
  a: Announcement
  dateLocale: string
  mayObject: boolean
  estateId: string
  part: 'dates' | 'form'
}) {
  const { o, a, dateLocale } = props
  const [text, setText] = useState('')
  const [sent, setSent] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [refused, setRefused] = useState<string | null>(null)
  const published = a.publishedAt ? formatDate(a.publishedAt, dateLocale, true) : ''
  const end = endText(a.objectionsEndAt, dateLocale)
  const running = a.kind === 'preliminary' && Date.now() < Date.parse(a.objectionsEndAt)
  if (props.part === 'dates')
    return (
      <p>
        {a.kind === 'final'
          ? o.results.finalAt(published)
          : running
            ? o.results.periodOpen(published, end)
            : o.results.periodOver(published, end)}
      </p>
    )
  if (!running) return null
  return (
    <>
      <section aria-labelledby="object-heading">
        <h2 id="object-heading">{o.results.objectHeading}</h2>
        {!props.mayObject ? (
          <p>
            {o.results.objectSignIn}{' '}
            <a href={`/signin?next=${encodeURIComponent(location.pathname)}`}>{o.results.signIn}</a>
          </p>
        ) : sent ? (
          <p class="notice" role="status">
            {o.results.objectSent}
          </p>
        ) : (
          <form
            noValidate
            onSubmit={async (e) => {
              e.preventDefault()
              if (text.trim() === '') return setError(o.results.objectRequired)
              setBusy(true)
              const r = await objectToResult(props.estateId, a.meeting.id, text.trim())
              setBusy(false)
              if (r.ok) setSent(true)
              else setRefused(r.error)
            }}
          >
            <div class="field">
              <label for="objection-text">{o.results.objectText}</label>
              <p class="note" id="objection-hint">
                {o.results.objectHint}
              </p>
              <textarea
                id="objection-text"
                rows={4}
                maxLength={5000}
                value={text}
                aria-describedby={error ? 'objection-hint objection-error' : 'objection-hint'}
                onInput={(e) => {
                  setText(e.currentTarget.value)
                  setError(null)
                  setRefused(null)
                }}
              />
              {error && (
                <p class="field-error" id="objection-error" role="alert">
                  {error}
                </p>
              )}
            </div>
            {refused && <Refusal o={o} error={refused} />}
            <button type="submit" class="button wide" disabled={busy}>
              {o.results.objectSubmit}
            </button>
          </form>
        )}
      </section>
    </>
  )
}
