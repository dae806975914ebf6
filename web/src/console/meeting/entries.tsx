import type { ComponentChildren } from 'preact'
import { attachmentUrl, fetchPaperEntries, type PaperEntry } from '../api'
import { formatWhen, type C } from '../frame'
import { Loaded, useLoad } from '../load'
import { Table } from '../table'

/**
 * Paper entries by unit: channel and time, the scan (or that it is still to come), the matters two entries differ
 * on, or a button per entry. Never what either clerk entered.
 */
export function EntryTable(props: {
  entries: readonly PaperEntry[]
  c: C
  showMismatch?: boolean
  scan?: (e: PaperEntry) => ComponentChildren
  action?: (e: PaperEntry) => ComponentChildren
  labelledBy?: string
}) {
  const { c, action, scan } = props
  return (
    <Table
      rows={props.entries}
      rowKey={(e) => e.id}
      empty={c.paper.empty}
      labelledBy={props.labelledBy}
      columns={[
        // The flat the clerk typed; an entry recorded before that was kept shows its voter's number (also a flat).
        { header: c.paper.unit, cell: (e) => e.unit ?? e.voter, rowHeader: true },
        { header: c.paper.channel, cell: (e) => c.paper.channels[e.channel] ?? e.channel },
        { header: c.paper.enteredAt, cell: (e) => formatWhen(e.enteredAt, c) },
        scan && { header: c.paper.scanColumn, cell: scan },
        props.showMismatch && {
          header: c.paper.mattersDiffer,
          cell: (e) => e.mismatches.join(c.listSeparator),
        },
        action && { header: c.actions, cell: action },
      ]}
    />
  )
}

/**
 * The mismatch queue: ballots whose two entries differ, with the matters that differ (never the choices) and the
 * scan to enter them afresh from; a mismatch entered afresh since is settled by the later entry and leaves it.
 */
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
        {(list) => (
          <EntryTable
            entries={list.filter((e) => !e.reentered)}
            c={c}
            showMismatch
            labelledBy="mismatch-heading"
            scan={(e) =>
              e.scanId ? (
                <a href={attachmentUrl(estateId, meetingId, e.scanId)} target="_blank" rel="noopener">
                  {c.paper.scanLink}
                </a>
              ) : (
                c.paper.scanMissingCell
              )
            }
          />
        )}
      </Loaded>
    </section>
  )
}
