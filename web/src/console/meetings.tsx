import { useEffect, useState } from 'preact/hooks'
import { fetchMeetings, type Failure, type MeetingSummary } from './api'
import { FailureText, Frame, formatWhen, useConsole } from './frame'

/** The estate's meetings, newest first; conveners start a new one here. */
export default function ConsoleMeetings({ estateId }: { estateId: string }) {
  const state = useConsole(estateId)
  const { c, role } = state
  const [list, setList] = useState<MeetingSummary[] | Failure | null>(null)
  useEffect(() => {
    void fetchMeetings(estateId).then((r) => setList(r.ok ? r.data.meetings : r))
  }, [estateId])
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
      {list === null ? (
        <p role="status">{c.loading}</p>
      ) : !Array.isArray(list) ? (
        <FailureText failure={list} c={c} />
      ) : list.length === 0 ? (
        <p>{c.meetings.empty}</p>
      ) : (
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
    </Frame>
  )
}
