import { useEffect, useMemo, useState } from 'preact/hooks'
import {
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

export function refusal(p: P, error: string): string {
  return (p.errors as Record<string, string | undefined>)[error] ?? p.errors.unexpected
}

const base = (estateId: string) => `/estates/${encodeURIComponent(estateId)}/roll/versions`

/** `at` is what follows …/roll/versions/: nothing (the latest), `N`, or `N/compare/M`. */
export default function RollVersionPage(props: { id: string; at?: string }) {
  const p = usePublicationsText()
  const [n, compare, m] = (props.at ?? '').split('/')
  const number = n ? Number(n) : undefined
  const other = compare === 'compare' && m ? Number(m) : undefined
  if (!p) return null
  if (number !== undefined && other !== undefined)
    return <Comparison p={p} estateId={props.id} a={number} b={other} />
  return <Version p={p} estateId={props.id} number={number} />
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

  if (list && !list.ok) return <Failed p={p} error={list.error} />
  if (list?.ok && list.data.versions.length === 0)
    return (
      <>
        <h1 tabIndex={-1}>{p.versions.heading}</h1>
        <p class="empty">{p.versions.none}</p>
      </>
    )
  if (view && !view.ok) return <Failed p={p} error={view.error} />
  if (!v) return <p role="status">{t.value.loading}</p>
  const latest = list?.ok ? list.data.versions[0] : undefined
  const previous = v.number > 1 ? v.number - 1 : undefined
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
      <dl class="hash-block">
        <dt>{p.versions.hash}</dt>
        <dd>
          <code class="hash" data-testid="version-hash">
            {v.sha256}
          </code>
        </dd>
      </dl>
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
      <p class="actions no-print">
        {previous !== undefined && (
          <a class="button secondary" href={`${base(estateId)}/${previous}/compare/${v.number}`}>
            {p.versions.compareWith(p.versions.label(previous))}
          </a>
        )}
        <button type="button" class="button secondary" onClick={() => window.print()}>
          {p.versions.print}
        </button>
      </p>
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
      />
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
      <Units p={p} units={v.units} />
    </article>
  )
}

function Failed({ p, error }: { p: P; error: string }) {
  return (
    <div class="problem" role="alert">
      <p>{refusal(p, error)}</p>
    </div>
  )
}

function Objections(props: {
  p: P
  list: RollVersion['objections']
  estateId: string
  id: string
  heading: string
}) {
  const { p, list, estateId, id, heading } = props
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

function Units({ p, units }: { p: P; units: readonly RollVersionUnit[] }) {
  const [q, setQ] = useState('')
  const [shown, setShown] = useState(PAGE)
  const matching = useMemo(() => {
    const needle = q.normalize('NFKC').trim().toLowerCase()
    return needle ? units.filter((u) => u.number.toLowerCase().includes(needle)) : units
  }, [units, q])
  return (
    <section aria-labelledby="version-units">
      <h2 id="version-units">{p.versions.unitsHeading}</h2>
      <div class="field no-print">
        <label for="version-search">{p.versions.search}</label>
        <input
          id="version-search"
          type="search"
          value={q}
          autoComplete="off"
          onInput={(e) => {
            setQ(e.currentTarget.value)
            setShown(PAGE)
          }}
        />
      </div>
      <p class="matched" role="status">
        {p.versions.shown(formatCount(Math.min(shown, matching.length)), formatCount(matching.length))}
      </p>
      <ul class="cards">
        {matching.slice(0, shown).map((u) => (
          <UnitCard key={u.number} p={p} u={u} />
        ))}
      </ul>
      {shown < matching.length && (
        <button type="button" class="button secondary wide no-print" onClick={() => setShown(shown + PAGE)}>
          {p.versions.more}
        </button>
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
      <dl class="hash-block">
        {[c.before, c.after].map((v) => (
          <div key={v.number}>
            <dt>
              <a href={`${base(estateId)}/${v.number}`}>{v.label}</a> ·{' '}
              {formatDate(v.publishedAt, t.value.dateLocale)}
            </dt>
            <dd>
              <code class="hash">{v.sha256}</code>
            </dd>
          </div>
        ))}
      </dl>
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
