import { useEffect, useState } from 'preact/hooks'
import { fetchTurnout, turnoutStreamUrl, type Turnout } from '../api'
import { areaText, countText, type C } from '../frame'
import { Table } from '../table'

// The server streams while ballots may still arrive: voting open, or paper still keyed in during counting.
const LIVE: ReadonlySet<string> = new Set(['noticed', 'open', 'counting'])

export interface TurnoutState {
  readonly t: Turnout | null
  readonly live: boolean
  /** Reads the figures again (after a command that changes them). */
  readonly reload: () => void
}

/**
 * Turnout while the meeting is open or counting, live over server-sent events (GET …/turnout/stream, events named
 * `turnout`): voters and area by building and the paper still pending, never choices. The stream ends once the
 * tally is stored; EventSource would reconnect by itself, so the page closes it then.
 */
export function useTurnout(estateId: string, meetingId: string, enabled: boolean): TurnoutState {
  const [t, setT] = useState<Turnout | null>(null)
  const [live, setLive] = useState(false)
  const [version, setVersion] = useState(0)
  useEffect(() => {
    // A draft has no electorate yet: nothing to count.
    if (!enabled) return
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
  }, [estateId, meetingId, version, enabled])
  return { t, live, reload: () => setVersion((n) => n + 1) }
}

export function TurnoutPanel({ turnout, c }: { turnout: TurnoutState; c: C }) {
  const { t, live } = turnout
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
          <Table
            rows={t.buildings}
            rowKey={(b) => b.building}
            labelledBy="turnout-heading"
            columns={[
              { header: c.turnout.building, cell: (b) => b.building, rowHeader: true },
              { header: c.turnout.voters, cell: (b) => countText(b.voters) },
              { header: c.turnout.votedCol, cell: (b) => countText(b.voted) },
              {
                header: c.turnout.area,
                cell: (b) => `${areaText(b.votedAreaCm2)} / ${areaText(b.areaCm2)}`,
              },
            ]}
          />
        </>
      )}
    </section>
  )
}
