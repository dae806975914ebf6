import { fetchPaperRequests, handlePaperRequest } from '../api'
import { FailureText, formatWhen, type C } from '../frame'
import { Loaded, useBusy, useLoad } from '../load'

export function Requests({
  estateId,
  meetingId,
  c,
  canHandle,
}: {
  estateId: string
  meetingId: string
  c: C
  canHandle: boolean
}) {
  const [, failure, run] = useBusy()
  const [list, reload] = useLoad(() => fetchPaperRequests(estateId, meetingId), 'requests', [
    estateId,
    meetingId,
  ])
  return (
    <section aria-labelledby="requests-heading">
      <h2 id="requests-heading">{c.requests.heading}</h2>
      <Loaded state={list} c={c} empty={c.requests.empty}>
        {(list) => (
          <div class="table-wrap">
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">{c.requests.voter}</th>
                  <th scope="col">{c.requests.at}</th>
                  <th scope="col">{c.requests.handled}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">{r.voter}</th>
                    <td>{formatWhen(r.at, c)}</td>
                    <td>
                      {r.handledAt ? (
                        formatWhen(r.handledAt, c)
                      ) : canHandle ? (
                        <button
                          type="button"
                          class="button secondary"
                          onClick={async () => {
                            if (await run(() => handlePaperRequest(estateId, meetingId, r.id))) reload()
                          }}
                        >
                          {c.requests.markHandled}
                        </button>
                      ) : (
                        c.no
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
      {failure && <FailureText failure={failure} c={c} />}
    </section>
  )
}
