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
import { Field } from '../components/field'
import {
  ComparedHashes,
  Failed,
  HashBlock,
  useConvener,
  VersionActions,
  VersionCards,
} from './publications-common'

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
          <HashBlock p={p} sha256={v.sha256} testId="document-hash" />
          <VersionActions
            p={p}
            number={v.number}
            compareHref={(n) => `${base(estateId)}/${id}/versions/${n}/compare/${v.number}`}
          />
          <div class="document-text">{v.rendered}</div>
        </>
      ) : (
        version && !version.ok && <Failed p={p} error={version.error} />
      )}
      {d.versions.length > 0 && (
        <section aria-labelledby="document-versions" class="no-print">
          <h2 id="document-versions">{p.documents.versions}</h2>
          <VersionCards
            versions={d.versions}
            href={(n) => `${base(estateId)}/${id}/versions/${n}`}
            label={(x) => p.versions.label(x.number)}
            remark={(x) => (x.reason ? p.documents.reason(x.reason) : null)}
          />
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
        <TextField id="draft-title" label={p.documents.title} value={title} onInput={setTitle} />
        <TextField
          id="draft-estate"
          label={p.documents.estateName}
          value={fields.estateName}
          onInput={(v) => setFields({ ...fields, estateName: v })}
        />
        <TextField
          id="draft-address"
          label={p.documents.address}
          value={fields.address}
          onInput={(v) => setFields({ ...fields, address: v })}
        />
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
            <DaysField
              id="draft-objection-days"
              label={p.documents.objectionDays}
              value={s.objectionDays}
              onInput={(n) => setSettings({ objectionDays: n })}
            />
            <DaysField
              id="draft-counting-days"
              label={p.documents.countingDays}
              value={s.countingDays}
              onInput={(n) => setSettings({ countingDays: n })}
            />
          </fieldset>
        )}
        <div class="field">
          <label for="draft-text">{p.documents.text}</label>
          <textarea id="draft-text" rows={16} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </div>
        <button type="submit" class="button secondary">
          {p.documents.save}
        </button>
        <TextField id="draft-reason" label={p.documents.publishReason} value={reason} onInput={setReason} />
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

/** A one-line text field of the draft. */
function TextField(props: { id: string; label: string; value: string; onInput: (value: string) => void }) {
  return (
    <Field id={props.id} label={props.label}>
      <input
        id={props.id}
        type="text"
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </Field>
  )
}

/** A number of days among the draft's settings. */
function DaysField(props: { id: string; label: string; value: number; onInput: (days: number) => void }) {
  return (
    <Field id={props.id} label={props.label}>
      <input
        id={props.id}
        type="number"
        inputMode="numeric"
        value={props.value}
        onInput={(e) => props.onInput(Number(e.currentTarget.value))}
      />
    </Field>
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
      <ComparedHashes
        versions={[c.before, c.after]}
        href={(n) => `${base(estateId)}/${id}/versions/${n}`}
        label={(v) => p.versions.label(v.number)}
      />
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
