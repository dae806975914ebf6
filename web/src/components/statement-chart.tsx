import type { StatementPoint } from '../../../server/domain/statements'
import type { StatementsCatalogue } from '../i18n/statements-zh-CN'
import { dayText } from './statement-table'
import { chartGeometry, dayParts, formatYuan, labelEvery } from './statement-format'
import './statement.css'

/**
 * A kind's statements over time (domain §9: "shown with a chart over time"): the closing balance of each period as
 * a line, and its income and spending as bars side by side, on one axis in ¥. Inline SVG drawn from the figures —
 * no chart library, for the owner's path has a 30 KB budget. A screen reader hears every period's figures (the
 * image's label), and anyone may open them as a table.
 */

type S = StatementsCatalogue

/** The month a period ends in, under its bars. */
function periodLabel(s: S, periodEnd: string): string {
  const p = dayParts(periodEnd)
  return p ? s.month(p.y, p.m) : periodEnd
}

export function StatementChart(props: {
  s: S
  /** Oldest period first (statementSeries). */
  points: readonly StatementPoint[]
  title?: string | undefined
}) {
  const { s, points } = props
  const title = props.title ?? s.chart.title
  if (points.length === 0)
    return (
      <figure class="statement-chart">
        <figcaption>{title}</figcaption>
        <p class="muted">{s.chart.none}</p>
      </figure>
    )
  const g = chartGeometry(points)
  const summary = points
    .map((p) =>
      s.chart.summary(
        periodLabel(s, p.periodEnd),
        formatYuan(p.closingFen),
        formatYuan(p.incomeFen),
        formatYuan(p.spendingFen),
      ),
    )
    .join(s.chart.between)
  const { plot } = g
  const every = labelEvery(points.length)
  return (
    <figure class="statement-chart">
      <figcaption>{title}</figcaption>
      <ul class="statement-legend" aria-hidden="true">
        <li class="closing">{s.chart.closing}</li>
        <li class="income">{s.chart.income}</li>
        <li class="spending">{s.chart.spending}</li>
      </ul>
      <svg
        viewBox={`0 0 ${g.width} ${g.height}`}
        role="img"
        aria-label={s.chart.label(title, summary)}
        preserveAspectRatio="xMidYMid meet"
      >
        <g class="axis" aria-hidden="true">
          {g.ticks.map((t) => (
            <g key={t.fen}>
              <line class={t.fen === 0 ? 'zero' : 'grid'} x1={plot.left} x2={plot.right} y1={t.y} y2={t.y} />
              <text x={plot.left - 6} y={t.y} text-anchor="end" dominant-baseline="middle">
                {formatYuan(t.fen)}
              </text>
            </g>
          ))}
          <text class="axis-title" x={4} y={12}>
            {s.chart.axis}
          </text>
          {g.groups.map(
            (b, i) =>
              // From the newest backwards, so that the latest period is always named.
              (g.groups.length - 1 - i) % every === 0 && (
                <text key={i} x={b.x} y={plot.bottom + 18} text-anchor="middle">
                  {periodLabel(s, b.point.periodEnd)}
                </text>
              ),
          )}
        </g>
        <g aria-hidden="true">
          {g.groups.map((b, i) => (
            <g key={i}>
              <rect
                class="income"
                x={b.income.x}
                y={b.income.y}
                width={b.income.width}
                height={b.income.height}
              />
              <rect
                class="spending"
                x={b.spending.x}
                y={b.spending.y}
                width={b.spending.width}
                height={b.spending.height}
              />
            </g>
          ))}
          <path class="closing" d={g.balancePath} fill="none" />
          {g.groups.map((b, i) => (
            <circle key={i} class="closing" cx={b.closing.x} cy={b.closing.y} r={4} />
          ))}
        </g>
      </svg>
      <details>
        <summary>{s.chart.data}</summary>
        <div class="statement-table" role="region" aria-label={s.chart.data} tabIndex={0}>
          <table class="data">
            <thead>
              <tr>
                <th scope="col">{s.chart.period}</th>
                <th scope="col" class="num">
                  {s.chart.closing}
                </th>
                <th scope="col" class="num">
                  {s.chart.income}
                </th>
                <th scope="col" class="num">
                  {s.chart.spending}
                </th>
              </tr>
            </thead>
            <tbody>
              {points.map((p, i) => (
                <tr key={i}>
                  <th scope="row">{dayText(s, p.periodEnd)}</th>
                  <td class="num">{formatYuan(p.closingFen)}</td>
                  <td class="num">{formatYuan(p.incomeFen)}</td>
                  <td class="num">{formatYuan(p.spendingFen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  )
}
