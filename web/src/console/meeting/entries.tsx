import type { ComponentChildren } from 'preact'
import { fetchPaperEntries, type PaperEntry } from '../api'
import { formatWhen, type C } from '../frame'
import { Loaded, useLoad } from '../load'

export function EntryTable(props: {
  entries: readonly PaperEntry[]
  c: C
  showMismatch?: boolean
  action?: (e: PaperEntry) => ComponentChildren
}) {
  const { c } = props
  if (props.entries.length === 0) return <p>{c.paper.empty}</p>
  return (
    <div class="table-wrap">
      <table class="data">
        <thead>
          <tr>
            <th scope="col">{c.paper.unit}</th>
            <th scope="col">{c.paper.channel}</th>
            <th scope="col">{c.paper.enteredAt}</th>
            {props.showMismatch && <th scope="col">{c.paper.mattersDiffer}</th>}
            {props.action && <th scope="col"></th>}
          </tr>
        </thead>
        <tbody>
          {props.entries.map((e) => (
            <tr key={e.id}>
              <th scope="row">{e.voter}</th>
              <td>{c.paper.channels[e.channel] ?? e.channel}</td>
              <td>{formatWhen(e.enteredAt, c)}</td>
              {props.showMismatch && <td>{e.mismatches.join(c.listSeparator)}</td>}
              {props.action && <td>{props.action(e)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** The mismatch queue: ballots whose two entries differ, with the matters that differ (never the choices). */
export function Mismatches({ estateId, meetingId, c }: { estateId: string; meetingId: string; c: C }) {
  const [list] = useLoad(() => fetchPaperEntries(estateId, meetingId, 'mismatch'), 'entries', [
    estateId,
    meetingId,
  ])
  return (
    <section aria-labelledby="mismatch-heading">
      <h2 id="mismatch-heading">{c.paper.mismatchHeading}</h2>
      <p class="note">{c.paper.mismatchNote}</p>
      <Loaded state={list} c={c}>
        {(list) => <EntryTable entries={list} c={c} showMismatch />}
      </Loaded>
    </section>
  )
}
