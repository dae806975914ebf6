import { useEffect, useState } from 'preact/hooks'
import {
  answerObjection,
  publishRollVersion,
  fetchRollComparison,
  fetchRollVersion,
  fetchRollVersions,
  objectToVersion,
  type RollComparison,
  type RollVersion,
  type RollVersionUnit,
} from '../api-publications'
import { useLoad } from '../http'
import { formatCount, formatDate, groupDigits, useI18n, useTitle } from '../i18n'
import publicationsZhCN, { type PublicationsCatalogue } from '../i18n/publications-zh-CN'
import { observable, useObserve } from '../observable'
import { useSession } from '../session'
import {
  ComparedHashes,
  Failed,
  HashBlock,
  useConvener,
  VersionActions,
  VersionCards,
} from './publications-common'
import './publications.css'

/**
 * The roll's published versions as anyone reads them (domain §7.3 (3)): a version's number, date and hash, its
 * totals, the objections made to it with the conveners' decisions and answers, its units as the published roll
 * shows them (masked names), and — for a signed-in owner of the estate, on the latest version — the objection
 * form. With `other`, two versions side by side.
 */

// Chinese is in this page's chunk; English comes when chosen. (Not i18n/owner.ts's loader: importing it would
// make the owner's catalogue a dependency of this chunk, and the app's entry name it.)
const english = observable<PublicationsCatalogue | null>(null)
export function usePublicationsText(): PublicationsCatalogue | null {
  const locale = useI18n().locale.value
  useObserve(english)
  useEffect(() => {
    if (locale === 'en' && !english.value)
      void import('../i18n/publications-en').then(
        (m) => (english.value = m.default),
        () => undefined,
      )
  }, [locale])
  return locale === 'en' ? english.value : publicationsZhCN
}

type P = PublicationsCatalogue

const base = (estateId: string) => `/estates/${encodeURIComponent(estateId)}/publications/roll`

/** The roll's versions: the latest (`number` absent), one, or two side by side. */
export function RollVersions(props: { p: P; estateId: string; number?: number; other?: number }) {
  const { p, estateId, number, other } = props
  if (number !== undefined && other !== undefined)
    return <Comparison p={p} estateId={estateId} a={number} b={other} />
  return <Version p={p} estateId={estateId} number={number} />
}

function Version({ p, estateId, number }: { p: P; estateId: string; number: number | undefined }) {
  const { t } = useI18n()
  const [list] = useLoad(() => fetchRollVersions(estateId), [estateId])
  const wanted = number ?? (list?.ok ? list.data.versions[0]?.number : undefined)
  const [view, reload] = useLoad(
    () => (wanted === undefined ? Promise.resolve(null) : fetchRollVersion(estateId, wanted)),
    [estateId, wanted],
  )
  const v = view?.ok ? view.data : null
  useTitle(v ? p.versions.title(v.label) : p.versions.heading)
  const session = useSession().state.value
  const owner =
    session.status === 'signed_in' && session.me.owner?.estate.id === estateId ? session.me.owner : null
  const convener = useConvener(estateId)

  if (list && !list.ok) return <Failed p={p} error={list.error} />
  if (list?.ok && list.data.versions.length === 0)
    return (
      <>
        <h1 tabIndex={-1}>{p.versions.heading}</h1>
        <p class="empty">{p.versions.none}</p>
        {convener && <PublishForm p={p} estateId={estateId} upheld={[]} onDone={() => location.reload()} />}
      </>
    )
  if (view && !view.ok) return <Failed p={p} error={view.error} />
  if (!v) return <p role="status">{t.value.loading}</p>
  const latest = list?.ok ? list.data.versions[0] : undefined
  const date = (iso: string) => formatDate(iso, t.value.dateLocale)

  return (
    <article class="publication">
      <h1 tabIndex={-1}>{p.versions.title(v.label)}</h1>
      <div class="notice">
        <p>{p.versions.publishedAt(date(v.publishedAt))}</p>
        {v.final ? (
          <p>{p.versions.final}</p>
        ) : (
          latest && (
            <p>
              {p.versions.superseded(latest.label)}{' '}
              <a href={`${base(estateId)}/${latest.number}`}>{p.versions.seeLatest}</a>
            </p>
          )
        )}
        {v.note && <p>{p.versions.note(v.note)}</p>}
        {v.answers.length > 0 && <p>{p.versions.corrects(v.answers.map((id) => `#${id}`).join('、'))}</p>}
      </div>
      <HashBlock p={p} sha256={v.sha256} testId="version-hash" />
      <p class="note">{p.versions.hashHint}</p>
      {v.usedBy.length > 0 && (
        <p>
          {p.versions.usedBy}：
          {v.usedBy.map((m, i) => (
            <span key={m.id}>
              {i > 0 && '、'}
              <a href={`/estates/${encodeURIComponent(estateId)}/meetings/${encodeURIComponent(m.id)}`}>
                {m.title}
              </a>
            </span>
          ))}
        </p>
      )}
      <section aria-labelledby="version-totals">
        <h2 id="version-totals">{p.versions.totals}</h2>
        <p>
          {p.versions.units(formatCount(v.totals.units))} · {p.versions.voters(formatCount(v.totals.heads))} ·{' '}
          {p.versions.area(groupDigits(v.totals.area))} ·{' '}
          {v.totals.countParking ? p.versions.parkingCounted : p.versions.parkingNotCounted}
        </p>
      </section>
      <VersionActions
        p={p}
        number={v.number}
        compareHref={(n) => `${base(estateId)}/${n}/compare/${v.number}`}
      >
        <a class="button secondary" href={`/estates/${encodeURIComponent(estateId)}/publications/documents`}>
          {p.documents.heading}
        </a>
      </VersionActions>
      {v.corrects.length > 0 && (
        <Objections
          p={p}
          list={v.corrects}
          estateId={estateId}
          id="version-corrects"
          heading={p.objections.corrects}
        />
      )}
      <Objections
        p={p}
        list={v.objections}
        estateId={estateId}
        id="version-objections"
        heading={p.objections.heading}
        onAnswered={convener ? reload : undefined}
      />
      {convener && v.final && (
        <PublishForm
          key={v.objections.map((o) => `${o.id}${o.decision ?? ''}`).join()}
          p={p}
          estateId={estateId}
          upheld={v.objections.filter((o) => o.decision === 'upheld' && o.correctedBy === null)}
          onDone={(n) => (location.href = `${base(estateId)}/${n}`)}
        />
      )}
      {v.final &&
        (owner ? (
          <ObjectionForm
            p={p}
            estateId={estateId}
            version={v.number}
            units={owner.voters.flatMap((x) => x.units.map((u) => u.number))}
            onSent={reload}
          />
        ) : (
          <p class="no-print">
            <a href={`/signin?next=${encodeURIComponent(location.pathname)}`}>{p.objections.signIn}</a>
          </p>
        ))}
      <Units p={p} estateId={estateId} number={v.number} first={v} />
      {list?.ok && list.data.versions.length > 1 && (
        <section aria-labelledby="version-list" class="no-print">
          <h2 id="version-list">{p.versions.all}</h2>
          <VersionCards
            versions={list.data.versions}
            href={(n) => `${base(estateId)}/${n}`}
            label={(x) => x.label}
            remark={(x) => (x.note ? p.versions.note(x.note) : null)}
          />
        </section>
      )}
    </article>
  )
}

function Objections(props: {
  p: P
  list: RollVersion['objections']
  estateId: string
  id: string
  heading: string
  /** For conveners: each unanswered objection has its answer form. */
  onAnswered?: (() => void) | undefined
}) {
  const { p, list, estateId, id, heading, onAnswered } = props
  const { t } = useI18n()
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      {list.length === 0 ? (
        <p class="empty">{p.objections.none}</p>
      ) : (
        <ul class="cards">
          {list.map((o) => (
            <li key={o.id} class="unit" aria-label={`#${o.id} ${p.objections.unit(o.unit)}`}>
              <p class="unit-head">
                <span class="unit-number">
                  #{o.id} {p.objections.unit(o.unit)}
                </span>
                <span class="note">{formatDate(o.at, t.value.dateLocale)}</span>
              </p>
              <p class="body">{o.text}</p>
              {o.decision ? (
                <p class="notice">
                  <strong class={`decision ${o.decision}`}>
                    {o.decision === 'upheld' ? p.objections.upheld : p.objections.rejected}
                  </strong>{' '}
                  {o.answer && p.objections.answer(o.answer)}
                </p>
              ) : (
                <p class="note">{o.answer ? p.objections.answer(o.answer) : p.objections.waiting}</p>
              )}
              {onAnswered && o.answer === null && (
                <AnswerForm p={p} estateId={estateId} id={o.id} onDone={onAnswered} />
              )}
              {o.correctedBy !== null && (
                <p>
                  <a href={`${base(estateId)}/${o.correctedBy}`}>
                    {p.objections.correctedBy(p.versions.label(o.correctedBy))}
                  </a>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function ObjectionForm(props: {
  p: P
  estateId: string
  version: number
  units: readonly string[]
  onSent: () => void
}) {
  const { p, estateId, version, units, onSent } = props
  const [unit, setUnit] = useState(units[0] ?? '')
  const [text, setText] = useState('')
  const [state, setState] = useState<'idle' | 'busy' | 'sent' | 'empty' | { error: string }>('idle')
  async function send(e: Event) {
    e.preventDefault()
    if (!unit.trim() || !text.trim()) return setState('empty')
    setState('busy')
    const r = await objectToVersion(estateId, version, unit.trim(), text.trim())
    if (!r.ok) return setState({ error: r.error })
    setText('')
    setState('sent')
    onSent()
  }
  return (
    <section aria-labelledby="version-objection-form" class="spaced no-print">
      <h2 id="version-objection-form">{p.objections.formHeading}</h2>
      <p>{p.objections.formIntro}</p>
      <form class="stack" onSubmit={(e) => void send(e)} noValidate>
        <div class="field">
          <label for="version-objection-unit">{p.objections.formUnit}</label>
          <input
            id="version-objection-unit"
            type="text"
            list="version-objection-units"
            value={unit}
            maxLength={100}
            autoComplete="off"
            onInput={(e) => setUnit(e.currentTarget.value)}
          />
          <datalist id="version-objection-units">
            {units.map((u) => (
              <option key={u} value={u} />
            ))}
          </datalist>
        </div>
        <div class={state === 'empty' ? 'field invalid' : 'field'}>
          <label for="version-objection-text">{p.objections.formText}</label>
          <textarea
            id="version-objection-text"
            rows={4}
            maxLength={5000}
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
          {state === 'empty' && <p class="field-error">{p.objections.required}</p>}
        </div>
        <button type="submit" class="button wide" disabled={state === 'busy'}>
          {p.objections.submit}
        </button>
      </form>
      <p class="matched" role="status">
        {state === 'sent' ? p.objections.sent : ''}
      </p>
      {typeof state === 'object' && <Failed p={p} error={state.error} />}
    </section>
  )
}

/** A convener's answer to one objection: 成立 (the roll is then corrected) or 不成立 with the reason. */
function AnswerForm(props: { p: P; estateId: string; id: number; onDone: () => void }) {
  const { p, estateId, id, onDone } = props
  const [decision, setDecision] = useState<'upheld' | 'rejected' | ''>('')
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  async function send(e: Event) {
    e.preventDefault()
    if (!decision) return setError('decision_required')
    if (!text.trim()) return setError('invalid_request')
    const r = await answerObjection(estateId, id, text.trim(), decision)
    if (!r.ok) return setError(r.error)
    onDone()
  }
  return (
    <form class="stack no-print" onSubmit={(e) => void send(e)} noValidate>
      <fieldset>
        <legend>{p.objections.decide}</legend>
        {(['upheld', 'rejected'] as const).map((d) => (
          <label key={d}>
            <input
              type="radio"
              name={`decision-${id}`}
              checked={decision === d}
              onChange={() => setDecision(d)}
            />{' '}
            {d === 'upheld' ? p.objections.upheld : p.objections.rejected}
          </label>
        ))}
      </fieldset>
      <div class="field">
        <label for={`answer-${id}`}>{p.objections.answerText}</label>
        <textarea id={`answer-${id}`} rows={3} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </div>
      <button type="submit" class="button">
        {p.objections.answerSubmit}
      </button>
      {error && <Failed p={p} error={error} />}
    </form>
  )
}

/** A convener publishes the roll as it stands as the next version, naming the upheld objections it corrects. */
function PublishForm(props: {
  p: P
  estateId: string
  upheld: readonly { id: number; unit: string }[]
  onDone: (n: number) => void
}) {
  const { p, estateId, upheld, onDone } = props
  const [note, setNote] = useState('')
  const [answers, setAnswers] = useState<number[]>(upheld.map((o) => o.id))
  const [error, setError] = useState<string | null>(null)
  async function send(e: Event) {
    e.preventDefault()
    const r = await publishRollVersion(estateId, note.trim(), answers)
    if (!r.ok) return setError(r.error)
    onDone(r.data.number)
  }
  return (
    <section aria-labelledby="version-publish" class="spaced no-print">
      <h2 id="version-publish">{p.console.publish}</h2>
      <form class="stack" onSubmit={(e) => void send(e)} noValidate>
        <div class="field">
          <label for="version-note">{p.console.publishNote}</label>
          <input id="version-note" type="text" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        </div>
        {upheld.length > 0 && (
          <fieldset>
            <legend>{p.console.answers}</legend>
            {upheld.map((o) => (
              <label key={o.id}>
                <input
                  type="checkbox"
                  checked={answers.includes(o.id)}
                  onChange={(e) =>
                    setAnswers(
                      e.currentTarget.checked ? [...answers, o.id] : answers.filter((x) => x !== o.id),
                    )
                  }
                />{' '}
                #{o.id} {p.objections.unit(o.unit)}
              </label>
            ))}
          </fieldset>
        )}
        <button type="submit" class="button wide">
          {p.console.publish}
        </button>
      </form>
      {error && <Failed p={p} error={error} />}
    </section>
  )
}

const PAGE = 50

function UnitCard({ p, u }: { p: P; u: RollVersionUnit }) {
  return (
    <li class="unit" aria-label={u.number}>
      <p class="unit-head">
        <span class="unit-number">{u.number}</span>
        <span class="note">
          {u.building} · {p.versions.kind[u.kind]}
        </span>
      </p>
      <p>
        {p.versions.areaOf(groupDigits(u.area))} · {p.versions.source[u.areaSource]}
      </p>
      <p class="note">
        {u.developerHeld ? p.versions.developer : `${p.versions.ownersLabel}：${u.owners.join('、')}`}
      </p>
    </li>
  )
}

// Typing a unit number asks once the reader pauses, not once per key.
const SEARCH_PAUSE_MS = 300

/** The version's units, a page at a time from the server (a large estate's roll is tens of thousands of units). */
function Units(props: { p: P; estateId: string; number: number; first: RollVersion }) {
  const { p, estateId, number, first } = props
  const [typed, setTyped] = useState('')
  const [q, setQ] = useState('')
  const [shown, setShown] = useState(PAGE)
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), SEARCH_PAUSE_MS)
    return () => clearTimeout(timer)
  }, [typed])
  const [page] = useLoad(
    () =>
      !q && shown <= first.units.length
        ? Promise.resolve({ ok: true as const, data: first })
        : fetchRollVersion(estateId, number, { ...(q ? { q } : {}), limit: shown }),
    [estateId, number, q, shown],
  )
  const data = page?.ok ? page.data : null
  const units = data ? data.units.slice(0, shown) : []
  return (
    <section aria-labelledby="version-units">
      <h2 id="version-units">{p.versions.unitsHeading}</h2>
      <div class="field no-print">
        <label for="version-search">{p.versions.search}</label>
        <input
          id="version-search"
          type="search"
          value={typed}
          autoComplete="off"
          onInput={(e) => {
            setTyped(e.currentTarget.value)
            setShown(PAGE)
          }}
        />
      </div>
      {page && !page.ok && <Failed p={p} error={page.error} />}
      {data && (
        <>
          <p class="matched" role="status">
            {p.versions.shown(formatCount(units.length), formatCount(data.matched))}
          </p>
          <ul class="cards">
            {units.map((u) => (
              <UnitCard key={u.number} p={p} u={u} />
            ))}
          </ul>
          {units.length < data.matched && (
            <button
              type="button"
              class="button secondary wide no-print"
              onClick={() => setShown(shown + PAGE)}
            >
              {p.versions.more}
            </button>
          )}
        </>
      )}
    </section>
  )
}

type Changed = RollComparison['changed'][number]
type Field = Changed['fields'][number]

function fieldValue(p: P, u: RollVersionUnit, f: Field): string {
  switch (f) {
    case 'building':
      return u.building
    case 'kind':
      return p.versions.kind[u.kind]
    case 'area':
      return p.versions.areaOf(groupDigits(u.area))
    case 'areaSource':
      return p.versions.source[u.areaSource]
    case 'owners':
      return u.owners.join('、')
    case 'developerHeld':
      return u.developerHeld ? p.compare.yes : p.compare.no
  }
}

function Comparison({ p, estateId, a, b }: { p: P; estateId: string; a: number; b: number }) {
  const { t } = useI18n()
  const [answer] = useLoad(() => fetchRollComparison(estateId, a, b), [estateId, a, b])
  const heading = p.compare.heading(p.versions.label(a), p.versions.label(b))
  useTitle(heading)
  if (!answer) return <p role="status">{t.value.loading}</p>
  if (!answer.ok) return <Failed p={p} error={answer.error} />
  const c = answer.data
  const nothing = c.added.length + c.removed.length + c.changed.length === 0
  return (
    <article class="publication">
      <h1 tabIndex={-1}>{heading}</h1>
      <ComparedHashes
        versions={[c.before, c.after]}
        href={(n) => `${base(estateId)}/${n}`}
        label={(v) => v.label}
      />
      {c.sameHash && <p class="notice">{p.compare.sameHash}</p>}
      {nothing && <p class="empty">{p.compare.nothing}</p>}
      {c.changed.length > 0 && (
        <section aria-labelledby="compare-changed">
          <h2 id="compare-changed">{p.compare.changed}</h2>
          <ul class="cards">
            {c.changed.map((ch) => (
              <li key={ch.number} class="unit" aria-label={ch.number}>
                <p class="unit-head">
                  <span class="unit-number">{ch.number}</span>
                </p>
                <dl class="diff">
                  {ch.fields.map((f) => (
                    <div key={f}>
                      <dt>{p.compare.field[f]}</dt>
                      <dd>
                        <del aria-label={p.compare.before}>{fieldValue(p, ch.before, f)}</del>{' '}
                        <ins aria-label={p.compare.after}>{fieldValue(p, ch.after, f)}</ins>
                      </dd>
                    </div>
                  ))}
                </dl>
              </li>
            ))}
          </ul>
        </section>
      )}
      {c.added.length > 0 && (
        <section aria-labelledby="compare-added">
          <h2 id="compare-added">{p.compare.added}</h2>
          <ul class="cards">
            {c.added.map((u) => (
              <UnitCard key={u.number} p={p} u={u} />
            ))}
          </ul>
        </section>
      )}
      {c.removed.length > 0 && (
        <section aria-labelledby="compare-removed">
          <h2 id="compare-removed">{p.compare.removed}</h2>
          <ul class="cards">
            {c.removed.map((u) => (
              <UnitCard key={u.number} p={p} u={u} />
            ))}
          </ul>
        </section>
      )}
      {!nothing && <p class="note">{p.compare.unchanged(formatCount(c.unchanged))}</p>}
    </article>
  )
}
