import type { Statement, StatementLine } from '../../../server/domain/statements'
import { totalsOf } from '../../../server/domain/statements'
import type { StatementsCatalogue } from '../i18n/statements-zh-CN'
import { dayParts, formatYuan } from './statement-format'
import './statement.css'

/**
 * A money statement as a table (domain §9): the opening balance, each line — date, income or spending, the amount
 * in ¥, counterparty, purpose, document —, the period's totals and the closing balance. On a 360-px phone the
 * table scrolls sideways inside its box with the date column held at the left, so each line keeps its date in view.
 */

type S = StatementsCatalogue

/** A China date in the catalogue's words; the text as it is if it is not one. */
export function dayText(s: S, date: string): string {
  const p = dayParts(date)
  return p ? s.day(p.y, p.m, p.d) : date
}

function Line({ s, line }: { s: S; line: StatementLine }) {
  return (
    <tr class={line.direction}>
      <th scope="row">{dayText(s, line.date)}</th>
      <td>{line.direction === 'income' ? s.table.income : s.table.spending}</td>
      <td class="num">{formatYuan(line.amountFen)}</td>
      <td>{line.counterparty}</td>
      <td>{line.purpose}</td>
      <td>{line.document === '' ? <span class="muted">{s.table.noDocument}</span> : line.document}</td>
    </tr>
  )
}

/** A row with a label in the held column and a sum under 金额. */
function SumRow({ label, fen, kind }: { label: string; fen: number; kind: string }) {
  return (
    <tr class={kind}>
      <th scope="row" colSpan={2}>
        {label}
      </th>
      <td class="num">{formatYuan(fen)}</td>
      <td colSpan={3} />
    </tr>
  )
}

export function StatementTable(props: {
  s: S
  statement: Statement
  /** What the table is of (the disclosure's kind and period); the catalogue's 收支明细 otherwise. */
  caption?: string | undefined
}) {
  const { s, statement } = props
  const { incomeFen, spendingFen } = totalsOf(statement.lines)
  const caption = props.caption ?? s.table.caption
  return (
    // A scrolling region must be reachable by keyboard and named (WCAG 2.1.1; axe scrollable-region-focusable).
    <div class="statement-table" role="region" aria-label={`${caption} · ${s.table.region}`} tabIndex={0}>
      <table class="data">
        <caption>
          {caption} <span class="muted">{s.table.lines(statement.lines.length)}</span>
        </caption>
        <thead>
          <tr>
            <th scope="col">{s.table.date}</th>
            <th scope="col">{s.table.direction}</th>
            <th scope="col" class="num">
              {s.table.amount}
            </th>
            <th scope="col">{s.table.counterparty}</th>
            <th scope="col">{s.table.purpose}</th>
            <th scope="col">{s.table.document}</th>
          </tr>
        </thead>
        <tbody>
          <SumRow label={s.table.opening} fen={statement.openingFen} kind="balance" />
          {statement.lines.length === 0 ? (
            <tr>
              <td colSpan={6} class="muted">
                {s.table.none}
              </td>
            </tr>
          ) : (
            statement.lines.map((line, i) => <Line key={i} s={s} line={line} />)
          )}
        </tbody>
        <tfoot>
          <SumRow label={s.table.incomeTotal} fen={incomeFen} kind="total" />
          <SumRow label={s.table.spendingTotal} fen={spendingFen} kind="total" />
          <SumRow label={s.table.closing} fen={statement.closingFen} kind="balance" />
        </tfoot>
      </table>
    </div>
  )
}

/** A refused statement file's problems in words: where (the line, or the whole file), what, and the cell's text. */
export function StatementProblems(props: {
  s: S
  problems: readonly { readonly line: number | null; readonly code: string; readonly detail: string }[]
}) {
  const { s, problems } = props
  const codes = s.problems.codes as Record<string, string | undefined>
  return (
    <div class="problem statement-problems" role="alert">
      <p>{s.problems.heading(problems.length)}</p>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>
            <strong>{p.line === null ? s.problems.file : s.problems.line(p.line)}</strong>
            {s.problems.separator}
            {codes[p.code] ?? p.detail}
            {codes[p.code] && p.detail ? <span class="muted">{s.problems.detail(p.detail)}</span> : null}
          </li>
        ))}
      </ul>
    </div>
  )
}
