import { fetchMeetings } from './api'
import { Frame, formatWhen, useConsole } from './frame'
import { Loaded, useLoad } from './load'
import { Table } from './table'

/** The estate's meetings, newest first; conveners start a new one here. */
export default function ConsoleMeetings({ estateId }: { estateId: string }) {
  const state = useConsole(estateId)
  const { c, role } = state
  const [list] = useLoad(() => fetchMeetings(estateId), 'meetings', [estateId])
  const base = `/console/${encodeURIComponent(estateId)}/meetings`
  return (
    <Frame
      estateId={estateId}
      state={state}
      heading={c.meetings.heading}
      title={state.estateName ? c.meetings.title(state.estateName) : c.meetings.heading}
    >
      {role === 'convener' && (
        <p>
          <a class="button" href={`${base}/new`}>
            {c.meetings.create}
          </a>
        </p>
      )}
      <Loaded state={list} c={c}>
        {(list) => (
          <Table
            rows={list}
            rowKey={(m) => m.id}
            empty={c.meetings.empty}
            columns={[
              {
                header: c.meetings.name,
                cell: (m) => <a href={`${base}/${m.id}`}>{m.title}</a>,
                rowHeader: true,
              },
              { header: c.meetings.status, cell: (m) => c.status[m.status] ?? m.status },
              { header: c.meetings.noticed, cell: (m) => (m.noticedAt ? formatWhen(m.noticedAt, c) : '') },
              { header: c.meetings.opens, cell: (m) => formatWhen(m.opensAt, c) },
              { header: c.meetings.closes, cell: (m) => formatWhen(m.closesAt, c) },
            ]}
          />
        )}
      </Loaded>
    </Frame>
  )
}
