import { exportUrl, publishFinal, publishPreliminary, type Meeting } from '../api'
import { FailureText, type C } from '../frame'
import { useBusy } from '../load'

/** After the close: publishing the preliminary and the final result, the announcement and the exports. */
export function Results(props: {
  estateId: string
  m: Meeting
  c: C
  convener: boolean
  onDone: () => void
}) {
  const { estateId, m, c } = props
  const [busy, failure, run] = useBusy()
  const base = `/console/${encodeURIComponent(estateId)}/meetings/${encodeURIComponent(m.id)}`
  return (
    <section aria-labelledby="results-heading">
      <h2 id="results-heading">{c.meeting.lifecycleHeading}</h2>
      {props.convener && (
        <div class="actions">
          {m.status === 'closed' && (
            <button
              type="button"
              class="button"
              disabled={busy}
              onClick={async () => (await run(() => publishPreliminary(estateId, m.id))) && props.onDone()}
            >
              {c.meeting.preliminary}
            </button>
          )}
          {m.status === 'preliminary' && (
            <button
              type="button"
              class="button"
              disabled={busy}
              onClick={async () => (await run(() => publishFinal(estateId, m.id))) && props.onDone()}
            >
              {c.meeting.final}
            </button>
          )}
        </div>
      )}
      {failure && <FailureText failure={failure} c={c} />}
      {(m.status === 'preliminary' || m.status === 'final') && (
        <p>
          <a class="button secondary" href={`${base}/announcement`}>
            {c.meeting.announcement}
          </a>
        </p>
      )}
      <h3>{c.meeting.exports}</h3>
      <ul class="plain-list exports">
        <li>
          <a href={exportUrl(estateId, m.id, 'detail.csv')} download>
            {c.meeting.detailCsv}
          </a>
        </li>
        <li>
          <a href={exportUrl(estateId, m.id, 'summary.csv')} download>
            {c.meeting.summaryCsv}
          </a>
        </li>
        <li>
          <a href={exportUrl(estateId, m.id, 'bundle')} download>
            {c.meeting.bundle}
          </a>
        </li>
        {m.status === 'final' && (
          <li>
            <a href={exportUrl(estateId, m.id, 'filing-package.zip')} download>
              {c.meeting.filingPackage}
            </a>
          </li>
        )}
      </ul>
    </section>
  )
}
