import type { ComponentChildren } from 'preact'
import { fetchPaperEntries, type PaperEntry } from '../api'
import { formatWhen, type C } from '../frame'
import { Loaded, useLoad } from '../load'
import { Table } from '../table'

/** Paper entries by unit: channel and time, the matters two entries differ on, or a button per entry. */
export function EntryTable(props: {
  entries: readonly PaperEntry[]
  c: C
  showMismatch?: boolean
  action?: (e: PaperEntry) => ComponentChildren
  labelledBy?: string
}) {
  const { c, action } = props
  return (
    <Table
      rows={props.entries}
      rowKey={(e) => e.id}
      empty={c.paper.empty}
      labelledBy={props.labelledBy}
      columns={[
        { header: c.paper.unit, cell: (e) => e.voter, rowHeader: true },
        { header: c.paper.channel, cell: (e) => c.paper.channels[e.channel] ?? e.channel },
        { header: c.paper.enteredAt, cell: (e) => formatWhen(e.enteredAt, c) },
        props.showMismatch && {
          header: c.paper.mattersDiffer,
          cell: (e) => e.mismatches.join(c.listSeparator),
        },
        action && { header: '', cell: action },
      ]}
    />
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
        {(list) => <EntryTable entries={list} c={c} showMismatch labelledBy="mismatch-heading" />}
      </Loaded>
    </section>
  )
}
