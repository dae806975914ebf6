import type { OversightCatalogue } from '../i18n/oversight-zh-CN'
import type { OversightDistrict } from '../oversight-api'

/**
 * A district's three figures over the last 12 months (domain §11), as the server kept them month by month: one line
 * each, in percent on one axis, with its target as a dashed line. Inline SVG drawn from the counts; every month's
 * figures are in the image's label and in a table anyone may open. Each line has its own dash pattern and marker,
 * so that the figures are told apart without colour.
 */

type O = OversightCatalogue
type Month = OversightDistrict['months'][number]
type Key = 'formation' | 'standard' | 'satisfaction'

const KEYS: readonly Key[] = ['formation', 'standard', 'satisfaction']
const STYLE: Readonly<Record<Key, { stroke: string; dash: string }>> = {
  formation: { stroke: '#0b5d4b', dash: '' },
  standard: { stroke: '#8f1d12', dash: '6 3' },
  satisfaction: { stroke: '#1f4e99', dash: '2 3' },
}

/** count / of in tenths of a percent (integers), or null when no estate counts. */
const tenths = (f: { count: number; of: number }) => (f.of === 0 ? null : Math.round((f.count * 1000) / f.of))
const percent = (t: number | null) => (t === null ? '—' : `${Math.floor(t / 10)}.${t % 10}%`)

const W = 640
const H = 240
const LEFT = 44
const RIGHT = 12
const TOP = 12
const BOTTOM = 36

export function OversightChart({ o, district }: { o: O; district: OversightDistrict }) {
  const months: readonly Month[] = district.months
  const title = o.chart.title(district.name)
  if (months.length === 0)
    return (
      <figure class="oversight-chart">
        <figcaption>{title}</figcaption>
        <p class="muted">{o.chart.none}</p>
      </figure>
    )
  const x = (i: number) =>
    months.length === 1 ? (LEFT + W - RIGHT) / 2 : LEFT + (i * (W - LEFT - RIGHT)) / (months.length - 1)
  const y = (t: number) => TOP + ((1000 - t) * (H - TOP - BOTTOM)) / 1000
  const label = (k: Key) => o.figures[k]
  const summary = o.chart.summary(
    months.map((m) =>
      o.chart.point(
        o.chart.month(m.month),
        KEYS.map((k) => o.chart.part(label(k), percent(tenths(m[k])))),
      ),
    ),
  )
  const targets: Readonly<Record<Key, number>> = {
    formation: district.targets.formationPercent,
    standard: district.targets.standardPercent,
    satisfaction: district.targets.satisfactionPercent,
  }
  return (
    <figure class="oversight-chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={o.chart.label(title, summary)} width="100%">
        {[0, 250, 500, 750, 1000].map((t) => (
          <g key={t}>
            <line x1={LEFT} x2={W - RIGHT} y1={y(t)} y2={y(t)} stroke="#d6d3cc" />
            <text x={LEFT - 6} y={y(t) + 4} text-anchor="end" font-size="12">
              {t / 10}%
            </text>
          </g>
        ))}
        {KEYS.map((k) => (
          <line
            key={`target-${k}`}
            x1={LEFT}
            x2={W - RIGHT}
            y1={y(targets[k] * 10)}
            y2={y(targets[k] * 10)}
            stroke={STYLE[k].stroke}
            stroke-dasharray="1 6"
            opacity="0.6"
          />
        ))}
        {KEYS.map((k) => {
          const points = months
            .map((m, i) => ({ i, t: tenths(m[k]) }))
            .filter((p): p is { i: number; t: number } => p.t !== null)
          return (
            <g key={k}>
              <polyline
                fill="none"
                stroke={STYLE[k].stroke}
                stroke-width="2.5"
                stroke-dasharray={STYLE[k].dash}
                points={points.map((p) => `${x(p.i)},${y(p.t)}`).join(' ')}
              />
              {points.map((p) => (
                <circle key={p.i} cx={x(p.i)} cy={y(p.t)} r="3.5" fill={STYLE[k].stroke} />
              ))}
            </g>
          )
        })}
        {months.map((m, i) => (
          <text key={m.month} x={x(i)} y={H - 14} text-anchor="middle" font-size="12">
            {m.month.slice(5)}
          </text>
        ))}
      </svg>
      <ul class="oversight-legend">
        {KEYS.map((k) => (
          <li key={k}>
            <svg width="28" height="10" aria-hidden="true">
              <line
                x1="0"
                x2="28"
                y1="5"
                y2="5"
                stroke={STYLE[k].stroke}
                stroke-width="2.5"
                stroke-dasharray={STYLE[k].dash}
              />
            </svg>{' '}
            {label(k)} {o.figures.target(`${targets[k]}%`)}
          </li>
        ))}
      </ul>
      <details>
        <summary>{o.chart.asTable}</summary>
        <div class="table-wrap" role="region" tabIndex={0} aria-label={o.chart.asTable}>
          <table class="data">
            <thead>
              <tr>
                <th scope="col">{o.chart.monthHeader}</th>
                {KEYS.map((k) => (
                  <th key={k} scope="col">
                    {label(k)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {months.map((m) => (
                <tr key={m.month}>
                  <th scope="row">{o.chart.month(m.month)}</th>
                  {KEYS.map((k) => (
                    <td key={k}>
                      {percent(tenths(m[k]))} ({m[k].count}/{m[k].of})
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  )
}
