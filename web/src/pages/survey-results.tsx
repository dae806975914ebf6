import './surveys.css'
import { useState } from 'preact/hooks'
import { useLoad } from '../http'
import { formatCount } from '../i18n'
import { fetchSurveyResults, resultsFileUrl, type SurveyResultsView } from '../surveys-api'
import { basisPoints, dateText, dimensionTitle, errorText, m2, markText, pct, type S } from '../surveys-text'

type Results = SurveyResultsView['results']
type DimensionResult = Results['dimensions'][number]
type TrendPoint = SurveyResultsView['trend'][number]

/**
 * A closed survey's results (domain §10): how many responded of the electorate by headcount and by area (no quorum
 * applies), the overall share satisfied on both against the pass mark, each item's, the trend over the estate's
 * surveys as a chart, the reasons given, every response by its receipt code with a search, and the results file.
 */
export function SurveyResults(props: { estateId: string; surveyId: string; s: S }) {
  const { estateId, surveyId, s } = props
  const [view] = useLoad(() => fetchSurveyResults(estateId, surveyId), [estateId, surveyId])
  if (view === null) return <p role="status">{s.loading}</p>
  if (!view.ok)
    return (
      <p class="problem" role="alert">
        {errorText(view.code, s)}
      </p>
    )
  const { results, reasons, responses, trend, survey } = view.data
  const q = survey.questionnaire
  const r = s.results
  const titleOf = (key: string) => {
    const d = q.dimensions.find((x) => x.key === key)
    return d ? dimensionTitle(d, s) : key
  }
  return (
    <section class="survey-results" aria-labelledby="survey-results-heading">
      <h2 id="survey-results-heading">{r.heading}</h2>
      <p>
        {r.responded(
          formatCount(results.responded.heads),
          formatCount(results.electorate.heads),
          pct(results.rateByHeads),
        )}
        <br />
        {r.respondedArea(
          m2(results.responded.areaCm2),
          m2(results.electorate.areaCm2),
          pct(results.rateByArea),
        )}
      </p>
      <p class="note">{r.noQuorum}</p>
      <Overall d={results.overall} passMark={results.passMarkPercent} s={s} />
      <div class="table-wrap">
        <table class="data survey-dimensions">
          <thead>
            <tr>
              <th scope="col">{r.dimension}</th>
              <th scope="col">{r.byHeads}</th>
              <th scope="col">{r.byArea}</th>
              <th scope="col">{r.outcome}</th>
            </tr>
          </thead>
          <tbody>
            {results.dimensions.map((d) => (
              <tr key={d.key}>
                <th scope="row">{titleOf(d.key)}</th>
                <td>{d.outcome === 'no_responses' ? '—' : pct(d.byHeads)}</td>
                <td>{d.outcome === 'no_responses' ? '—' : pct(d.byArea)}</td>
                <td class={d.outcome === 'passed' ? 'passed' : 'failed'}>{outcomeText(d, s)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {trend.length > 0 && <Trend points={trend} passMark={results.passMarkPercent} s={s} />}
      <h3>{r.reasons}</h3>
      {reasons.length === 0 ? (
        <p>{r.noReasons}</p>
      ) : (
        <ul class="survey-reasons">
          {reasons.map((x, i) => (
            <li key={i}>
              <strong>{titleOf(x.key)}</strong> <span class="hint">{markText(q.scale, x.mark, s)}</span>{' '}
              {x.reason}
            </li>
          ))}
        </ul>
      )}
      <Responses responses={responses} q={q} s={s} />
      <p>
        <a class="button secondary" href={resultsFileUrl(estateId, surveyId)} download>
          {r.file}
        </a>
      </p>
      <p class="note">{r.fileNote}</p>
    </section>
  )
}

const outcomeText = (d: DimensionResult, s: S) =>
  d.outcome === 'no_responses'
    ? s.results.noResponses
    : d.outcome === 'passed'
      ? s.results.passed
      : s.results.failed

function Overall({ d, passMark, s }: { d: DimensionResult; passMark: number; s: S }) {
  const r = s.results
  return (
    <div class={`survey-overall ${d.outcome}`}>
      <h3>{r.overall}</h3>
      {d.outcome === 'no_responses' ? (
        <p>{r.noResponses}</p>
      ) : (
        <dl class="survey-shares">
          <dt>{r.byHeads}</dt>
          <dd class="share-heads">{pct(d.byHeads)}</dd>
          <dt>{r.byArea}</dt>
          <dd class="share-area">{pct(d.byArea)}</dd>
        </dl>
      )}
      <p>{r.passMark(passMark)}</p>
      <p class="survey-outcome">
        <strong>{outcomeText(d, s)}</strong>
      </p>
    </div>
  )
}

/** The overall share by headcount over the estate's surveys, as bars with the pass mark's line: inline SVG. */
function Trend({ points, passMark, s }: { points: readonly TrendPoint[]; passMark: number; s: S }) {
  const W = 320
  const H = 160
  const top = 10
  const bottom = 30
  const plot = H - top - bottom
  const slot = W / points.length
  const bar = Math.min(40, slot * 0.6)
  const y = (bp: number) => top + plot - (plot * bp) / 10_000
  const label = points
    .map((p) => `${dateText(p.closesOn, s)} ${p.byHeads ? pct(p.byHeads) : s.results.noResponses}`)
    .join(s.listSeparator)
  return (
    <figure class="survey-trend">
      <figcaption>{s.results.trend}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={s.results.trendLabel(label)} width="100%">
        <line x1={0} x2={W} y1={y(10_000)} y2={y(10_000)} class="axis" />
        <line x1={0} x2={W} y1={y(0)} y2={y(0)} class="axis" />
        {points.map((p, i) => {
          const bp = p.byHeads ? basisPoints(p.byHeads) : 0
          const x = slot * i + (slot - bar) / 2
          return (
            <g key={p.surveyId}>
              <rect
                x={x}
                y={y(bp)}
                width={bar}
                height={y(0) - y(bp)}
                class={p.passed ? 'bar passed' : 'bar failed'}
              />
              <text x={x + bar / 2} y={y(bp) - 2} text-anchor="middle" class="value">
                {p.byHeads ? pct(p.byHeads) : '—'}
              </text>
              <text x={x + bar / 2} y={H - 10} text-anchor="middle" class="date">
                {p.closesOn.slice(0, 7)}
              </text>
            </g>
          )
        })}
        <line x1={0} x2={W} y1={y(passMark * 100)} y2={y(passMark * 100)} class="pass-line" />
      </svg>
    </figure>
  )
}

function Responses(props: {
  responses: SurveyResultsView['responses']
  q: SurveyResultsView['survey']['questionnaire']
  s: S
}) {
  const { responses, q, s } = props
  const [code, setCode] = useState('')
  const wanted = code.trim().toUpperCase()
  const found = wanted.length >= 4 ? responses.filter((r) => r.receipt.includes(wanted)) : null
  const line = (answers: (typeof responses)[number]['answers']) =>
    q.dimensions
      .map((d) => {
        const a = answers[d.key]
        return `${dimensionTitle(d, s)} ${a ? markText(q.scale, a.mark, s) : '—'}`
      })
      .join(s.listSeparator)
  return (
    <>
      <h3 id="survey-responses-heading">{s.results.responses}</h3>
      <div class="field">
        <label for="receipt-search">{s.results.search}</label>
        <input
          id="receipt-search"
          autocomplete="off"
          value={code}
          onInput={(e) => setCode((e.target as HTMLInputElement).value)}
        />
      </div>
      {found !== null &&
        (found.length === 0 ? (
          <p class="problem" role="status">
            {s.results.notFound}
          </p>
        ) : (
          <p class="notice" role="status">
            {s.results.found} <code>{found[0]!.receipt}</code> {line(found[0]!.answers)}
          </p>
        ))}
      <ul class="survey-responses plain-list" aria-labelledby="survey-responses-heading">
        {responses.map((r) => (
          <li key={r.receipt}>
            <code>{r.receipt}</code> {line(r.answers)}
          </li>
        ))}
      </ul>
    </>
  )
}
