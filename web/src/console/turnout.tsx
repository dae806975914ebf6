import { useEffect, useState } from 'preact/hooks'
import { fetchTurnout, turnoutStreamUrl, type Turnout } from './api'
import { areaText, countText, type C } from './frame'

const LIVE: ReadonlySet<string> = new Set(['noticed', 'open'])

/**
 * Turnout while the meeting is open, live over server-sent events (GET …/turnout/stream, events named `turnout`):
 * voters and area by building, never choices. The stream ends once the meeting is no longer open; EventSource
 * would reconnect by itself, so the page closes it then.
 */
export function TurnoutPanel({ estateId, meetingId, c }: { estateId: string; meetingId: string; c: C }) {
  const [t, setT] = useState<Turnout | null>(null)
  const [live, setLive] = useState(false)
  useEffect(() => {
    let stopped = false
    void fetchTurnout(estateId, meetingId).then((r) => {
      if (!stopped && r.ok) setT(r.data)
    })
    if (typeof EventSource === 'undefined') return
    const source = new EventSource(turnoutStreamUrl(estateId, meetingId))
    source.addEventListener('open', () => setLive(true))
    source.addEventListener('turnout', (e) => {
      const data = JSON.parse((e as MessageEvent<string>).data) as Turnout
      setT(data)
      if (!LIVE.has(data.status)) {
        source.close()
        setLive(false)
      }
    })
    source.addEventListener('error', () => setLive(false))
    return () => {
      stopped = true
      source.close()
    }
  }, [estateId, meetingId])
  return (
    <section aria-labelledby="turnout-heading" class="turnout">
      <h2 id="turnout-heading">{c.turnout.heading}</h2>
      <p class="note">
        <span class={live ? 'ok' : ''}>{live ? c.turnout.live : c.turnout.ended}</span> · {c.turnout.note}
      </p>
      {t === null ? (
        <p role="status">{c.loading}</p>
      ) : (
        <>
          <p class="turnout-total" aria-live="polite">
            {c.turnout.voted}:{' '}
            <strong>
              {c.turnout.votedLine(
                countText(t.voted.heads),
                countText(t.electorate.heads),
                areaText(t.voted.areaCm2),
                areaText(t.electorate.areaCm2),
              )}
            </strong>
          </p>
          <div class="table-wrap">
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">{c.turnout.building}</th>
                  <th scope="col">{c.turnout.voters}</th>
                  <th scope="col">{c.turnout.votedCol}</th>
                  <th scope="col">{c.turnout.area}</th>
                </tr>
              </thead>
              <tbody>
                {t.buildings.map((b) => (
                  <tr key={b.building}>
                    <th scope="row">{b.building}</th>
                    <td>{countText(b.voters)}</td>
                    <td>{countText(b.voted)}</td>
                    <td>
                      {areaText(b.votedAreaCm2)} / {areaText(b.areaCm2)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  )
}
