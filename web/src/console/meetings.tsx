import { fetchMeetings } from './api'
import { Frame, formatWhen, useConsole } from './frame'
import { Loaded, useLoad } from './load'

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
      <Loaded state={list} c={c} empty={c.meetings.empty}>
        {(list) => (
          <div class="table-wrap">
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">{c.meetings.name}</th>
                  <th scope="col">{c.meetings.status}</th>
                  <th scope="col">{c.meetings.noticed}</th>
                  <th scope="col">{c.meetings.opens}</th>
                  <th scope="col">{c.meetings.closes}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((m) => (
                  <tr key={m.id}>
                    <th scope="row">
                      <a href={`${base}/${m.id}`}>{m.title}</a>
                    </th>
                    <td>{c.status[m.status] ?? m.status}</td>
                    <td>{m.noticedAt ? formatWhen(m.noticedAt, c) : ''}</td>
                    <td>{formatWhen(m.opensAt, c)}</td>
                    <td>{formatWhen(m.closesAt, c)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
    </Frame>
  )
}
