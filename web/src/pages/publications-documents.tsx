import { useEffect, useState } from 'preact/hooks'
import {
  createDocument,
  fetchDocument,
  fetchDocumentComparison,
  fetchDocumentVersion,
  fetchDocuments,
  publishDocument,
  saveDraft,
  type DocumentView,
  type DraftBody,
  type TemplateName,
} from '../api-publications'
import { useLoad } from '../http'
import { formatDate, useI18n, useTitle } from '../i18n'
import type { PublicationsCatalogue } from '../i18n/publications-zh-CN'
import { Failed, useConvener } from './publications-roll'

/**
 * The estate's documents (domain §7.3 (3)): the current version of each, readable on a phone and printable; a
 * document's versions, each with its number, date, hash and what it changed; two versions side by side; and for
 * conveners the draft from a template — text and settings — and publishing it.
 */

type P = PublicationsCatalogue
const base = (estateId: string) => `/estates/${encodeURIComponent(estateId)}/publications/documents`
const TEMPLATE_NAMES: readonly TemplateName[] = [
  'rules_of_procedure',
  'management_covenant',
  'maintenance_fund_covenant',
]

export function Documents(props: { p: P; estateId: string; id?: string; number?: number; other?: number }) {
  const { p, estateId, id, number, other } = props
  if (!id) return <DocumentList p={p} estateId={estateId} />
  if (number !== undefined && other !== undefined)
    return <DocumentComparison p={p} estateId={estateId} id={id} a={number} b={other} />
  return <Document p={p} estateId={estateId} id={id} number={number} />
}

function DocumentList({ p, estateId }: { p: P; estateId: string }) {
  const { t } = useI18n()
  const convener = useConvener(estateId)
  const [list] = useLoad(() => fetchDocuments(estateId), [estateId, convener])
  const [template, setTemplate] = useState<TemplateName>('rules_of_procedure')
  const [error, setError] = useState<string | null>(null)
  useTitle(p.documents.heading)
  async function create(e: Event) {
    e.preventDefault()
    const r = await createDocument(estateId, template)
    if (!r.ok) return setError(r.error)
    location.href = `${base(estateId)}/${r.data.id}`
  }
  return (
    <article class="publication">
      <h1 tabIndex={-1}>{p.documents.heading}</h1>
      <p>{p.documents.intro}</p>
      {list && !list.ok && <Failed p={p} error={list.error} />}
      {list?.ok &&
        (list.data.documents.length === 0 ? (
          <p class="empty">{p.documents.none}</p>
        ) : (
          <ul class="cards">
            {list.data.documents.map((d) => (
              <li key={d.id} class="unit">
                <p class="unit-head">
                  <a class="unit-number" href={`${base(estateId)}/${d.id}`}>
                    {d.title}
                  </a>
                </p>
                <p class="note">
                  {p.documents.template[d.template]} ·{' '}
                  {d.current
                    ? p.documents.current(
                        p.versions.label(d.current.number),
                        formatDate(d.current.publishedAt, t.value.dateLocale),
                      )
                    : p.documents.draftOnly}
                </p>
              </li>
            ))}
          </ul>
        ))}
      {convener && (
        <section aria-labelledby="document-create" class="spaced no-print">
          <h2 id="document-create">{p.documents.create}</h2>
          <form class="stack" onSubmit={(e) => void create(e)}>
            <div class="field">
              <label for="document-template">{p.documents.templateLabel}</label>
              <select
                id="document-template"
                value={template}
                onChange={(e) => setTemplate(e.currentTarget.value as TemplateName)}
              >
                {TEMPLATE_NAMES.map((x) => (
                  <option key={x} value={x}>
                    {p.documents.template[x]}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" class="button">
              {p.documents.createButton}
            </button>
          </form>
          {error && <Failed p={p} error={error} />}
        </section>
      )}
      <p class="no-print">
        <a href={`/estates/${encodeURIComponent(estateId)}/publications/roll`}>{p.versions.heading}</a>
      </p>
    </article>
  )
}

/** A changed field in words: its label where the page has one, else its path. */
function fieldLabel(p: P, path: string): string {
  const last = path.split('.').at(-1) ?? path
  const labels: Record<string, string | undefined> = {
    estateName: p.documents.estateName,
    address: p.documents.address,
    countParking: p.documents.countParking,
    deemedConsent: p.documents.deemedConsent,
    voteChange: p.documents.voteChange,
    objectionDays: p.documents.objectionDays,
    countingDays: p.documents.countingDays,
  }
  return labels[last] ?? path
}

function Document(props: { p: P; estateId: string; id: string; number: number | undefined }) {
  const { p, estateId, id } = props
  const { t } = useI18n()
  const convener = useConvener(estateId)
  const [doc, reload] = useLoad(() => fetchDocument(estateId, id), [estateId, id, convener])
  const latest = doc?.ok ? doc.data.versions[0]?.number : undefined
  const number = props.number ?? latest
  const [version] = useLoad(
    () => (number === undefined ? Promise.resolve(null) : fetchDocumentVersion(estateId, id, number)),
    [estateId, id, number],
  )
  const v = version?.ok ? version.data : null
  useTitle(v?.title ?? (doc?.ok ? doc.data.title : p.documents.heading))
  if (doc && !doc.ok) return <Failed p={p} error={doc.error} />
  if (!doc) return <p role="status">{t.value.loading}</p>
  const d = doc.data
  const date = (iso: string) => formatDate(iso, t.value.dateLocale)
  return (
    <article class="publication">
      <p class="estate-name">{p.documents.template[d.template]}</p>
      <h1 tabIndex={-1}>{v?.title ?? d.title}</h1>
      {v ? (
        <>
          <div class="notice">
            <p>
              {p.versions.label(v.number)} · {p.versions.publishedAt(date(v.publishedAt))}
            </p>
            {v.reason && <p>{p.documents.reason(v.reason)}</p>}
          </div>
          <dl class="hash-block">
            <dt>{p.versions.hash}</dt>
            <dd>
              <code class="hash" data-testid="document-hash">
                {v.sha256}
              </code>
            </dd>
          </dl>
          <p class="actions no-print">
            {v.number > 1 && (
              <a
                class="button secondary"
                href={`${base(estateId)}/${id}/versions/${v.number - 1}/compare/${v.number}`}
              >
                {p.versions.compareWith(p.versions.label(v.number - 1))}
              </a>
            )}
            <button type="button" class="button secondary" onClick={() => window.print()}>
              {p.versions.print}
            </button>
          </p>
          <div class="document-text">{v.rendered}</div>
        </>
      ) : (
        version && !version.ok && <Failed p={p} error={version.error} />
      )}
      {d.versions.length > 0 && (
        <section aria-labelledby="document-versions" class="no-print">
          <h2 id="document-versions">{p.documents.versions}</h2>
          <ul class="cards">
            {d.versions.map((x) => (
              <li key={x.number} class="unit">
                <p class="unit-head">
                  <a class="unit-number" href={`${base(estateId)}/${id}/versions/${x.number}`}>
                    {p.versions.label(x.number)}
                  </a>
                  <span class="note">{date(x.publishedAt)}</span>
                </p>
                {x.reason && <p>{p.documents.reason(x.reason)}</p>}
                <code class="hash">{x.sha256}</code>
              </li>
            ))}
          </ul>
        </section>
      )}
      {convener && d.draft && <DraftEditor p={p} estateId={estateId} doc={d} onDone={reload} />}
    </article>
  )
}

type Draft = NonNullable<DocumentView['draft']>
type Settings = NonNullable<Draft['fields']['settings']>

function DraftEditor(props: { p: P; estateId: string; doc: DocumentView; onDone: () => void }) {
  const { p, estateId, doc, onDone } = props
  const draft = doc.draft as Draft
  const [title, setTitle] = useState(draft.title)
  const [text, setText] = useState(draft.text)
  const [fields, setFields] = useState(draft.fields)
  const [reason, setReason] = useState('')
  const [state, setState] = useState<'idle' | 'saved' | { published: number } | { error: string }>('idle')
  useEffect(() => {
    setTitle(draft.title)
    setText(draft.text)
    setFields(draft.fields)
  }, [draft.updatedAt])
  const s = fields.settings
  const setSettings = (change: Partial<Settings>) =>
    s && setFields({ ...fields, settings: { ...s, ...change } })
  const body = (): DraftBody => ({ title, text, fields })
  async function save(e: Event) {
    e.preventDefault()
    const r = await saveDraft(estateId, doc.id, body())
    setState(r.ok ? 'saved' : { error: r.error })
  }
  async function publish() {
    const saved = await saveDraft(estateId, doc.id, body())
    if (!saved.ok) return setState({ error: saved.error })
    const r = await publishDocument(estateId, doc.id, reason.trim())
    if (!r.ok) return setState({ error: r.error })
    setState({ published: r.data.number })
    location.href = `${base(estateId)}/${doc.id}/versions/${r.data.number}`
    onDone()
  }
  return (
    <section aria-labelledby="document-draft" class="spaced no-print">
      <h2 id="document-draft">{p.documents.draft}</h2>
      <form class="stack" onSubmit={(e) => void save(e)} noValidate>
        <div class="field">
          <label for="draft-title">{p.documents.title}</label>
          <input
            id="draft-title"
            type="text"
            value={title}
            onInput={(e) => setTitle(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="draft-estate">{p.documents.estateName}</label>
          <input
            id="draft-estate"
            type="text"
            value={fields.estateName}
            onInput={(e) => setFields({ ...fields, estateName: e.currentTarget.value })}
          />
        </div>
        <div class="field">
          <label for="draft-address">{p.documents.address}</label>
          <input
            id="draft-address"
            type="text"
            value={fields.address}
            onInput={(e) => setFields({ ...fields, address: e.currentTarget.value })}
          />
        </div>
        {s && (
          <fieldset>
            <legend>{p.documents.settings}</legend>
            <label>
              <input
                type="checkbox"
                checked={s.countParking}
                onChange={(e) => setSettings({ countParking: e.currentTarget.checked })}
              />{' '}
              {p.documents.countParking}
            </label>
            <label>
              <input
                type="checkbox"
                checked={s.deemedConsent}
                onChange={(e) => setSettings({ deemedConsent: e.currentTarget.checked })}
              />{' '}
              {p.documents.deemedConsent}
            </label>
            <div class="field">
              <label for="draft-vote-change">{p.documents.voteChange}</label>
              <select
                id="draft-vote-change"
                value={s.voteChange}
                onChange={(e) => setSettings({ voteChange: e.currentTarget.value as Settings['voteChange'] })}
              >
                {(['final', 'once_before_close', 'last_counts'] as const).map((x) => (
                  <option key={x} value={x}>
                    {p.documents.voteChanges[x]}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="draft-objection-days">{p.documents.objectionDays}</label>
              <input
                id="draft-objection-days"
                type="number"
                inputMode="numeric"
                value={s.objectionDays}
                onInput={(e) => setSettings({ objectionDays: Number(e.currentTarget.value) })}
              />
            </div>
            <div class="field">
              <label for="draft-counting-days">{p.documents.countingDays}</label>
              <input
                id="draft-counting-days"
                type="number"
                inputMode="numeric"
                value={s.countingDays}
                onInput={(e) => setSettings({ countingDays: Number(e.currentTarget.value) })}
              />
            </div>
          </fieldset>
        )}
        <div class="field">
          <label for="draft-text">{p.documents.text}</label>
          <textarea id="draft-text" rows={16} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </div>
        <button type="submit" class="button secondary">
          {p.documents.save}
        </button>
        <div class="field">
          <label for="draft-reason">{p.documents.publishReason}</label>
          <input
            id="draft-reason"
            type="text"
            value={reason}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
        </div>
        <button type="button" class="button wide" onClick={() => void publish()}>
          {p.documents.publish}
        </button>
      </form>
      <p class="matched" role="status">
        {state === 'saved'
          ? p.documents.saved
          : typeof state === 'object' && 'published' in state
            ? p.documents.published(p.versions.label(state.published))
            : ''}
      </p>
      {typeof state === 'object' && 'error' in state && <Failed p={p} error={state.error} />}
    </section>
  )
}

function DocumentComparison(props: { p: P; estateId: string; id: string; a: number; b: number }) {
  const { p, estateId, id, a, b } = props
  const { t } = useI18n()
  const [answer] = useLoad(() => fetchDocumentComparison(estateId, id, a, b), [estateId, id, a, b])
  const heading = p.compare.heading(p.versions.label(a), p.versions.label(b))
  useTitle(heading)
  if (!answer) return <p role="status">{t.value.loading}</p>
  if (!answer.ok) return <Failed p={p} error={answer.error} />
  const c = answer.data
  return (
    <article class="publication">
      <p class="estate-name">{c.after.title}</p>
      <h1 tabIndex={-1}>{heading}</h1>
      <dl class="hash-block">
        {[c.before, c.after].map((v) => (
          <div key={v.number}>
            <dt>
              <a href={`${base(estateId)}/${id}/versions/${v.number}`}>{p.versions.label(v.number)}</a> ·{' '}
              {formatDate(v.publishedAt, t.value.dateLocale)}
            </dt>
            <dd>
              <code class="hash">{v.sha256}</code>
            </dd>
          </div>
        ))}
      </dl>
      {c.after.reason && <p class="notice">{p.documents.reason(c.after.reason)}</p>}
      <section aria-labelledby="document-fields-changed">
        <h2 id="document-fields-changed">{p.documents.changedFields}</h2>
        {c.fields.length === 0 ? (
          <p class="empty">{p.documents.noFieldChanges}</p>
        ) : (
          <ul>
            {c.fields.map((f) => (
              <li key={f}>{fieldLabel(p, f)}</li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="document-text-changes">
        <h2 id="document-text-changes">{p.documents.textChanges}</h2>
        <div class="document-text">
          {c.lines.map((l, i) =>
            l.op === 'same' ? (
              <div key={i}>{l.line}</div>
            ) : l.op === 'removed' ? (
              <div key={i}>
                <del aria-label={p.documents.removedLine}>{l.line}</del>
              </div>
            ) : (
              <div key={i}>
                <ins aria-label={p.documents.addedLine}>{l.line}</ins>
              </div>
            ),
          )}
        </div>
      </section>
    </article>
  )
}
