import { useRef, useState } from 'preact/hooks'
import { describedBy, Field } from '../components/field'
import { StatementProblems, StatementTable } from '../components/statement-table'
import type { StatementsCatalogue } from '../i18n/statements-zh-CN'
import { parseStatementFile, type ParsedStatement, type StatementFileProblem } from './statements-api'

/**
 * A convener reads a money statement from a spreadsheet (domain §9) for the disclosure being written: the file,
 * and the balances when it has no 期初余额 / 期末余额 rows; the server reads it (nothing is kept) and the page shows
 * the statement as owners will see it, or every problem by its line. The statement read is handed to `onRead`.
 */

type S = StatementsCatalogue

type Outcome =
  | { readonly kind: 'read'; readonly parsed: ParsedStatement }
  | { readonly kind: 'problems'; readonly problems: readonly StatementFileProblem[] }
  | { readonly kind: 'refused'; readonly code: string }

export function StatementFileImport(props: {
  s: S
  estateId: string
  periodStart: string
  periodEnd: string
  /** The statement the file holds, once read; null when a new file is being read or was refused. */
  onRead?: ((parsed: ParsedStatement | null) => void) | undefined
}) {
  const { s, estateId, periodStart, periodEnd, onRead } = props
  const w = s.import
  const file = useRef<HTMLInputElement>(null)
  const [opening, setOpening] = useState('')
  const [closing, setClosing] = useState('')
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const [missing, setMissing] = useState(false)

  async function submit(e: Event) {
    e.preventDefault()
    const chosen = file.current?.files?.[0]
    setMissing(!chosen)
    if (!chosen) return
    setBusy(true)
    setOutcome(null)
    onRead?.(null)
    const r = await parseStatementFile(estateId, chosen, {
      periodStart,
      periodEnd,
      ...(opening.trim() ? { opening: opening.trim() } : {}),
      ...(closing.trim() ? { closing: closing.trim() } : {}),
    })
    setBusy(false)
    if (r.ok) {
      setOutcome({ kind: 'read', parsed: r.data })
      onRead?.(r.data)
    } else if (r.code === 'statement_invalid' && r.problems.length > 0)
      setOutcome({ kind: 'problems', problems: r.problems })
    else setOutcome({ kind: 'refused', code: r.code })
  }

  const refusals = w.refusals as Record<string, string | undefined>
  return (
    <section class="statement-import">
      <form class="stack" onSubmit={(e) => void submit(e)} noValidate>
        <Field
          id="statement-file"
          label={w.file}
          hint={w.fileHint}
          error={missing ? w.fileMissing : undefined}
        >
          <input
            id="statement-file"
            type="file"
            ref={file}
            accept=".csv,.txt,.xlsx"
            disabled={busy}
            aria-describedby={describedBy('statement-file', true, missing ? w.fileMissing : undefined)}
          />
        </Field>
        <Field id="statement-opening" label={w.opening} hint={w.balanceHint}>
          <input
            id="statement-opening"
            inputMode="decimal"
            value={opening}
            disabled={busy}
            aria-describedby={describedBy('statement-opening', true, undefined)}
            onInput={(e) => setOpening(e.currentTarget.value)}
          />
        </Field>
        <Field id="statement-closing" label={w.closing}>
          <input
            id="statement-closing"
            inputMode="decimal"
            value={closing}
            disabled={busy}
            onInput={(e) => setClosing(e.currentTarget.value)}
          />
        </Field>
        <button type="submit" class="button" disabled={busy}>
          {busy ? w.reading : w.read}
        </button>
      </form>
      <div aria-live="polite">
        {outcome?.kind === 'read' && (
          <>
            <p class="statement-read">{w.readOk(outcome.parsed.statement.lines.length)}</p>
            {outcome.parsed.skipped.length > 0 && (
              <p class="muted">{w.skipped(outcome.parsed.skipped.join(s.import.listSeparator))}</p>
            )}
            <StatementTable s={s} statement={outcome.parsed.statement} />
          </>
        )}
      </div>
      {outcome?.kind === 'problems' && <StatementProblems s={s} problems={outcome.problems} />}
      {outcome?.kind === 'refused' && (
        <div class="problem" role="alert">
          <p>{refusals[outcome.code] ?? w.refusals.unexpected}</p>
        </div>
      )}
    </section>
  )
}
