import { Fragment, type ComponentChildren } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { STATEMENT_KINDS, statementSeries, type StatementPoint } from '../../../server/domain/statements'
import { StatementChart } from '../components/statement-chart'
import { formatYuan } from '../components/statement-format'
import { StatementTable } from '../components/statement-table'
import {
  askQuestion,
  attachmentUrl,
  fetchComparison,
  fetchDisclosures,
  fetchDue,
  fetchVersion,
  type DisclosureItem,
  type DueKind,
  type VersionPage,
} from '../disclosures-api'
import {
  dayText,
  dueDayText,
  errorText,
  kindText,
  periodText,
  useDisclosuresText,
  whenText,
  type D,
} from '../disclosures-text'
import { useLoad } from '../http'
import { useTitle } from '../i18n'
import { useStatementsText } from '../i18n/statements'
import { useSession } from '../session'
import './disclosures.css'

/**
 * `/estates/:estateId/disclosures/…`: what the committee discloses (domain §9), read on a phone. The list of current
 * versions by kind and the due and overdue list; a version — its text as paragraphs (never HTML), the money
 * statement as a table and a chart over the kind's periods, the contract's facts, attachments, its SHA-256, every
 * version with its correction's reason, the questions with their public answers and, for a signed-in owner, a
 * question of their own —; two versions side by side. One lazy chunk with its own catalogue.
 */
export default function DisclosuresRoutes({ estateId, sub }: { estateId: string; sub?: string }) {
  const m = /^([0-9a-f-]{36})(?:\/(\d+)(?:\/compare\/(\d+))?)?\/?$/.exec(sub ?? '')
  if (m?.[1] && m[2] && m[3])
    return <ComparisonPage estateId={estateId} id={m[1]} a={Number(m[2])} b={Number(m[3])} />
  if (m?.[1]) return <VersionRoute estateId={estateId} id={m[1]} number={m[2] ? Number(m[2]) : null} />
  return <DisclosureList estateId={estateId} />
}

export const disclosuresPath = (estateId: string) => `/estates/${encodeURIComponent(estateId)}/disclosures`
const versionPath = (estateId: string, id: string, n: number) =>
  `${disclosuresPath(estateId)}/${encodeURIComponent(id)}/${n}`
const comparePath = (estateId: string, id: string, a: number, b: number) =>
  `${versionPath(estateId, id, a)}/compare/${b}`

function Problem({ code, d }: { code: string; d: D }) {
  return (
    <p class="problem" role="alert">
      {errorText(code, d)}
    </p>
  )
}

/** A due kind's state in words: overdue by N days (with the periods missed), or due by its last day. */
export function DueText({ k, d }: { k: DueKind; d: D }) {
  if (!k.next) return <span>{d.owner.nothingDue}</span>
  return k.overdueDays > 0 ? (
    <span class="overdue">
      <strong>{d.owner.overdue(k.overdueDays)}</strong>
      {k.missed > 1 && <> · {d.owner.missed(k.missed)}</>}
    </span>
  ) : (
    <span>{d.owner.dueBy(dueDayText(k.next.dueAt, d))}</span>
  )
}

function DisclosureList({ estateId }: { estateId: string }) {
  const d = useDisclosuresText()
  useTitle(d.owner.heading)
  const [list] = useLoad(() => fetchDisclosures(estateId), [estateId])
  const [due] = useLoad(() => fetchDue(estateId), [estateId])
  const published = list?.ok ? list.data.disclosures.filter((x) => x.version !== null) : []
  // By kind in the order of the law's table, the latest period first within a kind.
  const kinds = Object.keys(d.kinds)
  const groups = kinds
    .map((kind) => ({
      kind,
      items: published
        .filter((x) => x.kind === kind)
        .sort((a, b) => (b.period?.end ?? '').localeCompare(a.period?.end ?? '')),
    }))
    .filter((g) => g.items.length > 0)
  const dueKinds = due?.ok ? due.data.kinds.filter((k) => k.next !== null) : []
  return (
    <section class="disclosures">
      <h1 tabIndex={-1}>{d.owner.heading}</h1>
      <p>{d.owner.intro}</p>
      <p>
        <a href={`/estates/${encodeURIComponent(estateId)}/board`}>{d.owner.board}</a>
      </p>
      <section aria-labelledby="disclosures-due">
        <h2 id="disclosures-due">{d.owner.due}</h2>
        <p class="note">{d.owner.dueIntro}</p>
        {due === null ? (
          <p role="status">{d.loading}</p>
        ) : !due.ok ? (
          <Problem code={due.code} d={d} />
        ) : dueKinds.length === 0 ? (
          <p class="empty">{d.owner.nothingDue}</p>
        ) : (
          <ul class="cards due-list">
            {dueKinds.map((k) => (
              <li key={k.kind} class={`unit${k.overdueDays > 0 ? ' is-overdue' : ''}`}>
                <p class="unit-head">{kindText(k.kind, d)}</p>
                {k.next?.period && <p class="note">{periodText(k.next.period, d)}</p>}
                {k.next?.decision && <p class="note">{k.next.decision.title}</p>}
                <p>
                  <DueText k={k} d={d} />
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="disclosures-current">
        <h2 id="disclosures-current">{d.owner.current}</h2>
        {list === null ? (
          <p role="status">{d.loading}</p>
        ) : !list.ok ? (
          <Problem code={list.code} d={d} />
        ) : groups.length === 0 ? (
          <p class="empty">{d.owner.none}</p>
        ) : (
          groups.map((g) => (
            <section key={g.kind} class="kind-group" aria-labelledby={`kind-${g.kind}`}>
              <h3 id={`kind-${g.kind}`}>{kindText(g.kind, d)}</h3>
              <ul class="cards">
                {g.items.map((x) => (
                  <DisclosureCard key={x.id} estateId={estateId} x={x} d={d} />
                ))}
              </ul>
            </section>
          ))
        )}
      </section>
    </section>
  )
}

function DisclosureCard({ estateId, x, d }: { estateId: string; x: DisclosureItem; d: D }) {
  if (x.version === null) return null
  return (
    <li class="unit">
      <p class="unit-head">
        <a href={versionPath(estateId, x.id, x.version)}>{x.title}</a>
      </p>
      <p class="note">
        {x.period && <>{periodText(x.period, d)} · </>}
        {d.versionLabel(x.version)}
        {x.publishedAt && <> · {d.owner.published(whenText(x.publishedAt, d, false))}</>}
        {x.visibility === 'owners' && <> · {d.visibility['owners']}</>}
      </p>
    </li>
  )
}

/** `…/:id` opens the current version; `…/:id/:n` the one named. */
function VersionRoute({ estateId, id, number }: { estateId: string; id: string; number: number | null }) {
  const d = useDisclosuresText()
  const { route } = useLocation()
  const [list] = useLoad(
    () => (number === null ? fetchDisclosures(estateId) : Promise.resolve(null)),
    [estateId, number],
  )
  const current = list?.ok ? list.data.disclosures.find((x) => x.id === id)?.version : undefined
  useEffect(() => {
    if (number === null && current) route(versionPath(estateId, id, current), true)
  }, [number, current])
  if (number !== null) return <VersionView estateId={estateId} id={id} number={number} />
  if (list && (!list.ok || !current))
    return <Problem code={list.ok ? 'disclosure_not_found' : list.code} d={d} />
  return <p role="status">{d.loading}</p>
}

/** Plain text with simple formatting (domain §9): paragraphs at blank lines, line breaks kept; never HTML. */
export function BodyText({ text }: { text: string }) {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/^\n+|\n+$/g, ''))
    .filter((p) => p.trim() !== '')
  return (
    <div class="body-text">
      {paragraphs.map((p, i) => (
        <p key={i}>
          {p.split('\n').map((line, j) => (
            <Fragment key={j}>
              {j > 0 && <br />}
              {line}
            </Fragment>
          ))}
        </p>
      ))}
    </div>
  )
}

const isMoneyKind = (kind: string) => (STATEMENT_KINDS as readonly string[]).includes(kind)

function VersionView({ estateId, id, number }: { estateId: string; id: string; number: number }) {
  const d = useDisclosuresText()
  const [page, reload] = useLoad(() => fetchVersion(estateId, id, number), [estateId, id, number])
  const v = page?.ok ? page.data : null
  useTitle(v ? `${v.version.title} · ${d.versionLabel(number)}` : d.owner.heading)
  return (
    <article class="disclosure">
      <p class="no-print">
        <a href={disclosuresPath(estateId)}>{d.owner.back}</a>
      </p>
      {page === null ? (
        <p role="status">{d.loading}</p>
      ) : !v ? (
        <Problem code={page.ok ? 'unexpected' : page.code} d={d} />
      ) : (
        <VersionBody estateId={estateId} v={v} d={d} onAsked={reload} />
      )}
    </article>
  )
}

function VersionBody(props: { estateId: string; v: VersionPage; d: D; onAsked: () => void }) {
  const { estateId, v, d } = props
  const { disclosure, version } = v
  const latest = v.versions.reduce((n, x) => Math.max(n, x.number), 0)
  const s = useStatementsText()
  return (
    <>
      <h1 tabIndex={-1}>{version.title}</h1>
      <dl class="facts">
        <div>
          <dt>{d.version.kind}</dt>
          <dd>{kindText(disclosure.kind, d)}</dd>
        </div>
        {disclosure.period && (
          <div>
            <dt>{d.version.period}</dt>
            <dd>{periodText(disclosure.period, d)}</dd>
          </div>
        )}
        <div>
          <dt>{d.versionLabel(version.number)}</dt>
          <dd>{d.version.publishedAt(whenText(version.publishedAt, d))}</dd>
        </div>
        <div>
          <dt>{d.version.visibility}</dt>
          <dd>{d.visibility[disclosure.visibility]}</dd>
        </div>
      </dl>
      {version.reason && <p class="notice">{d.version.reason(version.reason)}</p>}
      {version.number < latest && (
        <p class="notice">
          {d.version.superseded(d.versionLabel(latest))}{' '}
          <a href={versionPath(estateId, disclosure.id, latest)}>{d.version.readCurrent}</a>
        </p>
      )}
      {version.body.trim() !== '' && (
        <section aria-label={d.version.body}>
          <BodyText text={version.body} />
        </section>
      )}
      {version.facts && <FactsBlock facts={version.facts} d={d} />}
      {version.statement && s && (
        <section aria-labelledby="statement-heading" class="statement-section">
          <h2 id="statement-heading">{d.version.statement}</h2>
          <StatementTable
            s={s}
            statement={version.statement}
            caption={`${kindText(disclosure.kind, d)} ${periodText(disclosure.period, d)}`}
          />
          {isMoneyKind(disclosure.kind) && <KindChart estateId={estateId} v={v} d={d} />}
        </section>
      )}
      {version.attachments.length > 0 && (
        <section aria-labelledby="attachments-heading">
          <h2 id="attachments-heading">{d.version.attachments}</h2>
          <ul class="attachments">
            {version.attachments.map((a) => (
              <li key={a.id}>
                <a href={attachmentUrl(estateId, disclosure.id, a.id)} download={a.name}>
                  {d.version.attachment(a.name, d.version.kb(String(Math.max(1, Math.round(a.size / 1024)))))}
                </a>
                <code class="hash">{a.sha256}</code>
              </li>
            ))}
          </ul>
        </section>
      )}
      <dl class="hash-block">
        <dt>{d.version.hash}</dt>
        <dd>
          <code class="hash" data-testid="version-hash">
            {version.sha256}
          </code>
        </dd>
      </dl>
      <p class="note">{d.version.hashHint}</p>
      <p class="actions no-print">
        {version.number > 1 && (
          <a
            class="button secondary"
            href={comparePath(estateId, disclosure.id, version.number - 1, version.number)}
          >
            {d.version.compareWith(d.versionLabel(version.number - 1))}
          </a>
        )}
        <button type="button" class="button secondary" onClick={() => window.print()}>
          {d.version.print}
        </button>
      </p>
      <Versions estateId={estateId} v={v} d={d} />
      <Questions estateId={estateId} v={v} d={d} onAsked={props.onAsked} />
    </>
  )
}

function FactsBlock({ facts, d }: { facts: NonNullable<VersionPage['version']['facts']>; d: D }) {
  return (
    <section aria-labelledby="facts-heading">
      <h2 id="facts-heading">{d.version.contract}</h2>
      <dl class="facts">
        <div>
          <dt>{d.version.company}</dt>
          <dd>{facts.company}</dd>
        </div>
        <div>
          <dt>{d.version.contractTerm}</dt>
          <dd>{d.period(dayText(facts.contractStart, d), dayText(facts.contractEnd, d))}</dd>
        </div>
        {facts.serviceStandard && (
          <div>
            <dt>{d.version.standard}</dt>
            <dd>{facts.serviceStandard}</dd>
          </div>
        )}
        <div>
          <dt>{d.version.hotline}</dt>
          <dd>{facts.hotline}</dd>
        </div>
      </dl>
      {facts.fees.length > 0 && <FeeTable fees={facts.fees} d={d} />}
    </section>
  )
}

export function FeeTable({
  fees,
  d,
}: {
  fees: readonly { item: string; rateFen: number; unit: string }[]
  d: D
}) {
  return (
    <table class="data fees">
      <caption>{d.version.fees}</caption>
      <thead>
        <tr>
          <th scope="col">{d.version.feeItem}</th>
          <th scope="col">{d.version.feeRate}</th>
        </tr>
      </thead>
      <tbody>
        {fees.map((f) => (
          <tr key={f.item}>
            <th scope="row">{f.item}</th>
            <td class="num">
              {formatYuan(f.rateFen)}
              {f.unit && ` / ${f.unit}`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/**
 * The kind's statements over its published periods (domain §9: "shown with a chart over time"): this version's
 * figures, and those of the current version of every other period of the same kind the reader may see, from the
 * list's totals — opening another period's version would record it as read (reads are service, domain §9).
 */
function KindChart({ estateId, v, d }: { estateId: string; v: VersionPage; d: D }) {
  const s = useStatementsText()
  const { disclosure, version } = v
  const [list] = useLoad(() => fetchDisclosures(estateId), [estateId])
  if (!s) return null
  if (list === null) return <p role="status">{d.loading}</p>
  const mine =
    disclosure.period && version.statement
      ? statementSeries([{ periodEnd: disclosure.period.end, statement: version.statement }])
      : []
  const others: StatementPoint[] = (list.ok ? list.data.disclosures : []).flatMap((x) =>
    x.kind === disclosure.kind && x.id !== disclosure.id && x.period && x.totals
      ? [{ periodEnd: x.period.end, ...x.totals }]
      : [],
  )
  const points = [...mine, ...others].sort((a, b) =>
    a.periodEnd < b.periodEnd ? -1 : a.periodEnd > b.periodEnd ? 1 : 0,
  )
  return (
    <>
      <StatementChart s={s} points={points} title={`${kindText(disclosure.kind, d)} · ${d.version.chart}`} />
      <p class="note">{d.version.chartPartial}</p>
    </>
  )
}

function Versions({ estateId, v, d }: { estateId: string; v: VersionPage; d: D }) {
  const sorted = [...v.versions].sort((a, b) => b.number - a.number)
  const [from, setFrom] = useState(sorted[1]?.number ?? 1)
  const [to, setTo] = useState(sorted[0]?.number ?? 1)
  const { route } = useLocation()
  return (
    <section aria-labelledby="versions-heading">
      <h2 id="versions-heading">{d.version.versions}</h2>
      <ul class="cards">
        {sorted.map((x) => (
          <li key={x.number} class="unit">
            <p class="unit-head">
              {x.number === v.version.number ? (
                <strong aria-current="page">{d.versionLabel(x.number)}</strong>
              ) : (
                <a href={versionPath(estateId, v.disclosure.id, x.number)}>{d.versionLabel(x.number)}</a>
              )}{' '}
              <span class="note">{whenText(x.publishedAt, d)}</span>
            </p>
            <p>{x.reason ? d.version.reason(x.reason) : d.version.firstVersion}</p>
            <code class="hash">{x.sha256}</code>
          </li>
        ))}
      </ul>
      {sorted.length > 1 && (
        <form
          class="compare-form no-print"
          onSubmit={(e) => {
            e.preventDefault()
            if (from !== to)
              route(comparePath(estateId, v.disclosure.id, Math.min(from, to), Math.max(from, to)))
          }}
        >
          <fieldset>
            <legend>{d.version.compare}</legend>
            <label>
              {d.version.compareFrom}{' '}
              <select value={from} onChange={(e) => setFrom(Number(e.currentTarget.value))}>
                {sorted.map((x) => (
                  <option key={x.number} value={x.number}>
                    {d.versionLabel(x.number)}
                  </option>
                ))}
              </select>
            </label>{' '}
            <label>
              {d.version.compareTo}{' '}
              <select value={to} onChange={(e) => setTo(Number(e.currentTarget.value))}>
                {sorted.map((x) => (
                  <option key={x.number} value={x.number}>
                    {d.versionLabel(x.number)}
                  </option>
                ))}
              </select>
            </label>{' '}
            <button type="submit" class="button secondary">
              {d.version.compareButton}
            </button>
          </fieldset>
        </form>
      )}
    </section>
  )
}

function Questions(props: { estateId: string; v: VersionPage; d: D; onAsked: () => void }) {
  const { estateId, v, d } = props
  const session = useSession().state.value
  const owner = session.status === 'signed_in' && session.me.owner?.estate.id === estateId
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [sent, setSent] = useState(false)
  const [busy, setBusy] = useState(false)
  async function ask(e: Event) {
    e.preventDefault()
    setSent(false)
    if (!text.trim()) return setError(d.questions.required)
    setBusy(true)
    const r = await askQuestion(estateId, v.disclosure.id, text.trim(), v.version.number)
    setBusy(false)
    if (!r.ok) return setError(errorText(r.code, d))
    setError(null)
    setText('')
    setSent(true)
    props.onAsked()
  }
  return (
    <section aria-labelledby="questions-heading">
      <h2 id="questions-heading">{d.questions.heading}</h2>
      {v.questions.length === 0 ? (
        <p class="empty">{d.questions.none}</p>
      ) : (
        <ul class="cards questions">
          {v.questions.map((q) => (
            <QuestionItem key={q.id} q={q} d={d}>
              <p class="note">{d.questions.unanswered}</p>
            </QuestionItem>
          ))}
        </ul>
      )}
      {sent && (
        <p class="notice" role="status">
          {d.questions.asked}
        </p>
      )}
      {owner ? (
        <form class="stack no-print" onSubmit={(e) => void ask(e)} noValidate>
          <div class="field">
            <label for="question-text">{d.questions.askLabel}</label>
            <textarea
              id="question-text"
              rows={4}
              maxLength={2000}
              value={text}
              aria-describedby="question-hint"
              aria-invalid={error ? true : undefined}
              onInput={(e) => setText(e.currentTarget.value)}
            />
            <p id="question-hint" class="hint">
              {d.questions.askHint}
            </p>
            {error && (
              <p class="field-error" role="alert">
                {error}
              </p>
            )}
          </div>
          <button type="submit" class="button" disabled={busy}>
            {d.questions.askSubmit}
          </button>
        </form>
      ) : (
        session.status !== 'loading' && (
          <p class="no-print">
            {d.questions.signIn}{' '}
            <a href={`/signin?next=${encodeURIComponent(location.pathname)}`}>{d.questions.signInLink}</a>
          </p>
        )
      )}
    </section>
  )
}

function ComparisonPage(props: { estateId: string; id: string; a: number; b: number }) {
  const { estateId, id, a, b } = props
  const d = useDisclosuresText()
  const heading = d.compare.heading(d.versionLabel(a), d.versionLabel(b))
  useTitle(heading)
  const [cmp] = useLoad(() => fetchComparison(estateId, id, a, b), [estateId, id, a, b])
  const lines = cmp?.ok ? cmp.data.lines : []
  const removed = lines.filter((l) => l.op === 'removed').length
  const added = lines.filter((l) => l.op === 'added').length
  return (
    <article class="disclosure comparison">
      <p class="no-print">
        <a href={versionPath(estateId, id, b)}>{d.compare.back}</a>
      </p>
      <h1 tabIndex={-1}>{heading}</h1>
      {cmp === null ? (
        <p role="status">{d.loading}</p>
      ) : !cmp.ok ? (
        <Problem code={cmp.code} d={d} />
      ) : (
        <>
          <p class="notice">
            {removed + added === 0 ? d.compare.noChanges : d.compare.changes(removed, added)}
          </p>
          <p class="note">{d.compare.legend}</p>
          <div class="side-by-side">
            {(
              [
                ['before', cmp.data.before, 'added'],
                ['after', cmp.data.after, 'removed'],
              ] as const
            ).map(([side, head, hidden]) => (
              <section key={side} class={`side ${side}`} aria-labelledby={`side-${side}`}>
                <h2 id={`side-${side}`}>
                  {side === 'before' ? d.compare.before : d.compare.after} ·{' '}
                  <a href={versionPath(estateId, id, head.number)}>{d.versionLabel(head.number)}</a>
                </h2>
                <p class="note">{whenText(head.publishedAt, d)}</p>
                {head.reason && <p class="note">{d.version.reason(head.reason)}</p>}
                <code class="hash">{head.sha256}</code>
                <ol class="diff-lines">
                  {lines
                    .filter((l) => l.op !== hidden)
                    .map((l, i) =>
                      l.op === 'same' ? (
                        <li key={i} class="same">
                          <span class="mark" aria-hidden="true">
                            {' '}
                          </span>
                          <span class="line">{l.line}</span>
                        </li>
                      ) : l.op === 'removed' ? (
                        <li key={i} class="removed">
                          <span class="mark" aria-hidden="true">
                            −
                          </span>
                          <del>
                            <span class="visually-hidden">{d.compare.removedLine}: </span>
                            {l.line}
                          </del>
                          <span class="tag">{d.compare.removed}</span>
                        </li>
                      ) : (
                        <li key={i} class="added">
                          <span class="mark" aria-hidden="true">
                            +
                          </span>
                          <ins>
                            <span class="visually-hidden">{d.compare.addedLine}: </span>
                            {l.line}
                          </ins>
                          <span class="tag">{d.compare.added}</span>
                        </li>
                      ),
                    )}
                </ol>
              </section>
            ))}
          </div>
        </>
      )}
    </article>
  )
}

/**
 * One question with its time, the version it was asked on and its public answer with the answer's time; the
 * children stand where the answer will be until it is given (the owner's note, the convener's form).
 */
export function QuestionItem(props: {
  q: VersionPage['questions'][number]
  d: D
  children: ComponentChildren
}) {
  const { q, d } = props
  return (
    <li class="unit">
      <p class="note">
        {d.questions.askedAt(whenText(q.askedAt, d))}
        {q.version !== null && <> · {d.questions.onVersion(d.versionLabel(q.version))}</>}
      </p>
      <BodyText text={q.text} />
      {q.answer ? (
        <div class="answer">
          <p class="note">{d.questions.answeredAt(whenText(q.answer.answeredAt ?? '', d))}</p>
          <BodyText text={q.answer.text} />
        </div>
      ) : (
        props.children
      )}
    </li>
  )
}
