import { useRef, useState } from 'preact/hooks'
import {
  answerRollObjection,
  fetchImport,
  fetchRollChanges,
  fetchRollObjections,
  startImport,
  type Failure,
  type RollImport,
} from './api'
import { FailureText, Frame, countText, formatWhen, useConsole, type C } from './frame'
import { Loaded, useLoad } from './load'
import { Table } from './table'
import './roll.css'

/** 业主名册 in the console: import with progress and a readable error report, changes, objections. */
export default function ConsoleRoll({ estateId }: { estateId: string }) {
  const state = useConsole(estateId)
  const { c, role } = state
  const [version, setVersion] = useState(0)
  return (
    <Frame
      estateId={estateId}
      state={state}
      heading={c.roll.heading}
      title={state.estateName ? c.roll.title(state.estateName) : c.roll.heading}
    >
      <p>
        <a href={`/estates/${encodeURIComponent(estateId)}/roll`}>{c.roll.published}</a>
      </p>
      {role === 'convener' && (
        <ImportForm estateId={estateId} c={c} onImported={() => setVersion((n) => n + 1)} />
      )}
      <Changes estateId={estateId} c={c} version={version} />
      <RollObjections estateId={estateId} c={c} canAnswer={role === 'convener'} />
    </Frame>
  )
}

/** The words beside the progress bar: 完成 only for an import that succeeded, never for one that wrote nothing. */
function statusText(i: RollImport, c: C): string {
  if (i.status === 'succeeded') return c.roll.phases['done'] ?? i.phase
  if (i.status === 'failed') return c.roll.notImported
  if (i.status === 'needs_confirmation') return c.roll.awaitingConfirmation
  // Still running: 'done' is the instant before the record says succeeded; it is not done until then.
  return c.roll.phases[i.phase === 'done' ? 'writing' : i.phase] ?? i.phase
}

type ImportError = NonNullable<RollImport['errors']>[number]

/** A unit number as the server's report quotes it (server/domain/roll.ts quote: 40 characters, then …). */
const quoted = (unit: string) => {
  const chars = Array.from(unit)
  return chars.length <= 40 ? unit : `${chars.slice(0, 40).join('')}…`
}

/**
 * One bad line of the report as the convener reads it: 第 12 行（3-1-103）：面积格式不正确…, in the reader's language.
 * The server's reason is "房号 “unit”：中文 / unit "unit": English" (or without the unit, for a line that has none, or
 * one refused before its cells were read); the unit goes beside the line number, once.
 */
export function errorLine(e: ImportError, c: C): string {
  const unit = e.unit
  let zh = e.reason
  let en = e.reason
  const zhPrefix = unit === undefined ? null : `房号 ${quoted(unit)}：`
  const enSeparator = unit === undefined ? null : ` / unit ${quoted(unit)}: `
  const at = enSeparator === null ? -1 : e.reason.indexOf(enSeparator)
  const halves = e.reason.split(' / ')
  if (zhPrefix !== null && enSeparator !== null && at > 0) {
    zh = e.reason.slice(e.reason.startsWith(zhPrefix) ? zhPrefix.length : 0, at)
    en = e.reason.slice(at + enSeparator.length)
  } else if (halves.length === 2) {
    // One separator: the two languages, unambiguously (a reason quoting " / " itself is shown whole).
    ;[zh, en] = halves as [string, string]
  }
  // Line 0: the file as a whole (a merge to confirm, an interrupted import), not one of its lines.
  return e.line > 0 ? c.roll.errorLine(e.line, unit, zh, en) : e.reason
}

function ImportForm({ estateId, c, onImported }: { estateId: string; c: C; onImported: () => void }) {
  const file = useRef<HTMLInputElement>(null)
  const [running, setRunning] = useState<RollImport | null>(null)
  const [failure, setFailure] = useState<Failure | null>(null)
  const [busy, setBusy] = useState(false)
  // The file last sent: confirming its merges re-sends exactly it, whatever the file field holds meanwhile.
  const [sent, setSent] = useState<File | null>(null)

  async function submit(e: Event) {
    e.preventDefault()
    const chosen = file.current?.files?.[0]
    setFailure(null)
    setRunning(null)
    if (!chosen) return setFailure({ ok: false, status: 400, code: 'file_missing' })
    setSent(chosen)
    await run(chosen)
  }

  async function run(chosen: File, confirmMerges?: string) {
    setFailure(null)
    setBusy(true)
    const started = await startImport(estateId, chosen, confirmMerges)
    if (!started.ok) {
      setBusy(false)
      return setFailure(started)
    }
    let current = started.data.import
    setRunning(current)
    // Poll the import's progress until it is done or failed; the server keeps the figures live while it runs.
    while (current.status === 'running') {
      await new Promise((r) => setTimeout(r, 250))
      const r = await fetchImport(estateId, current.id)
      if (!r.ok) {
        setFailure(r)
        break
      }
      current = r.data.import
      setRunning(current)
    }
    setBusy(false)
    if (current.status === 'succeeded') onImported()
  }

  const errors = running?.status === 'failed' ? (running.errors ?? []) : []
  const merges = running?.status === 'needs_confirmation' ? running.merges : null
  return (
    <section aria-labelledby="import-heading">
      <h2 id="import-heading">{c.roll.importHeading}</h2>
      <p>{c.roll.importIntro}</p>
      <form class="stack" onSubmit={(e) => void submit(e)}>
        <div class="field">
          <label for="roll-file">{c.roll.file}</label>
          <input id="roll-file" type="file" ref={file} accept=".csv,.txt,.xlsx" disabled={busy} />
        </div>
        <button type="submit" class="button" disabled={busy}>
          {c.roll.import}
        </button>
      </form>
      {running && (
        <div class="import-status">
          <label for="import-progress">
            {c.roll.progress}: {statusText(running, c)}
          </label>
          {/* A failed import wrote nothing: its bar is empty and marked failed, never a full bar under 完成. */}
          <progress
            id="import-progress"
            class={running.status === 'failed' ? 'failed' : undefined}
            max={Math.max(running.total, 1)}
            value={
              running.status === 'running'
                ? running.processed
                : running.status === 'failed'
                  ? 0
                  : Math.max(running.total, 1)
            }
          >
            {running.processed} / {running.total}
          </progress>
          {running.status === 'succeeded' && (
            <p role="status" class="ok">
              {c.roll.done(countText(running.summary?.units ?? running.total))}
              {running.merges?.confirmed && ` ${c.roll.merged(running.merges.warnings.length)}`}
            </p>
          )}
          {merges && (
            <div class="notice merge-report" role="alert">
              {running.errors?.[0]?.code === 'merge_token_mismatch' && <p>{c.roll.mergesChanged}</p>}
              <p>{c.roll.mergesIntro(merges.warnings.length)}</p>
              <ul>
                {merges.warnings.map((w) => (
                  <li key={`${w.name}|${w.idLast4}`}>
                    {c.roll.merge(
                      w.name,
                      w.idLast4,
                      w.lines.map(String).join(c.listSeparator),
                      w.phones.join(c.listSeparator),
                    )}
                  </li>
                ))}
              </ul>
              <button
                type="button"
                class="button"
                disabled={busy || !sent}
                onClick={() => sent && void run(sent, merges.token)}
              >
                {c.roll.confirmMerges}
              </button>
            </div>
          )}
          {running.status === 'failed' && (
            <div class="problem error-report" role="alert">
              <p>{c.roll.failed(running.errorCount ?? errors.length)}</p>
              <ol class="error-lines">
                {errors.map((e, i) => (
                  <li key={i}>{errorLine(e, c)}</li>
                ))}
              </ol>
              {running.errorCount !== undefined && running.errorCount > errors.length && (
                <p class="note">{c.roll.moreErrors(errors.length)}</p>
              )}
            </div>
          )}
        </div>
      )}
      {failure && <FailureText failure={failure} c={c} />}
    </section>
  )
}

const brief = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v))

function Changes({ estateId, c, version }: { estateId: string; c: C; version: number }) {
  const [changes] = useLoad(() => fetchRollChanges(estateId), 'changes', [estateId, version])
  return (
    <section aria-labelledby="changes-heading">
      <h2 id="changes-heading">{c.roll.changesHeading}</h2>
      <p class="note">{c.roll.changesNote}</p>
      <Loaded state={changes} c={c}>
        {(changes) => (
          <Table
            rows={changes}
            rowKey={(ch) => ch.id}
            empty={c.roll.noChanges}
            labelledBy="changes-heading"
            columns={[
              { header: c.roll.changeAt, cell: (ch) => formatWhen(ch.changedAt, c) },
              { header: c.objections.unit, cell: (ch) => ch.unit, rowHeader: true },
              { header: c.roll.change, cell: (ch) => c.roll.changes[ch.change] ?? ch.change },
              { header: c.roll.before, cell: (ch) => brief(ch.before) },
              { header: c.roll.after, cell: (ch) => brief(ch.after) },
            ]}
          />
        )}
      </Loaded>
    </section>
  )
}

function RollObjections({ estateId, c, canAnswer }: { estateId: string; c: C; canAnswer: boolean }) {
  const [list, reload] = useLoad(() => fetchRollObjections(estateId), 'objections', [estateId])
  return (
    <section aria-labelledby="roll-objections-heading">
      <h2 id="roll-objections-heading">{c.objections.rollHeading}</h2>
      <Loaded state={list} c={c} empty={c.objections.empty}>
        {(list) => (
          <ul class="cards">
            {list.map((o) => (
              <li key={o.id} class="unit">
                <p>
                  <strong>{o.unit}</strong> · {formatWhen(o.at, c)}
                </p>
                <p>{o.text}</p>
                {o.versionId !== null && o.answer === null ? (
                  // An objection to a published version is answered 成立 or 不成立 on the version's page.
                  <p>
                    <a href={`/estates/${encodeURIComponent(estateId)}/publications/roll`}>
                      {c.objections.onVersionPage}
                    </a>
                  </p>
                ) : (
                  <Answer
                    id={o.id}
                    answer={o.answer}
                    c={c}
                    canAnswer={canAnswer}
                    send={(text) => answerRollObjection(estateId, o.id, text)}
                    onDone={reload}
                  />
                )}
              </li>
            ))}
          </ul>
        )}
      </Loaded>
    </section>
  )
}

interface AnswerProps {
  id: number
  c: C
  send: (text: string) => Promise<{ ok: true } | Failure>
  onDone: () => void
}

/** One objection's answer (roll or meeting); while there is none, the form to answer it for whoever may. */
export function Answer(props: AnswerProps & { answer: string | null; canAnswer: boolean }) {
  const { answer, c } = props
  if (answer !== null)
    return (
      <p>
        {c.objections.answer}: {answer}
      </p>
    )
  if (!props.canAnswer) return <p class="note">{c.objections.unanswered}</p>
  return <AnswerForm id={props.id} c={c} send={props.send} onDone={props.onDone} />
}

/** The form that answers one objection. */
function AnswerForm(props: AnswerProps) {
  const { id, c } = props
  const [text, setText] = useState('')
  const [failure, setFailure] = useState<Failure | null>(null)
  const [busy, setBusy] = useState(false)
  return (
    <form
      class="stack"
      onSubmit={async (e) => {
        e.preventDefault()
        if (text.trim() === '') return
        setBusy(true)
        const r = await props.send(text.trim())
        setBusy(false)
        if (r.ok) props.onDone()
        else setFailure(r)
      }}
    >
      <div class="field">
        <label for={`answer-${id}`}>{c.objections.answerLabel(id)}</label>
        <textarea id={`answer-${id}`} rows={2} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </div>
      <button type="submit" class="button" disabled={busy}>
        {c.objections.send}
      </button>
      {failure && <FailureText failure={failure} c={c} />}
    </form>
  )
}
