import { fetchPaperRequests, handlePaperRequest } from '../api'
import { FailureText, formatWhen, type C } from '../frame'
import { Loaded, useBusy, useLoad } from '../load'
import { Table } from '../table'

/** Owners' requests for a paper ballot; conveners mark each handled, others read. */
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
      <Loaded state={list} c={c}>
        {(list) => (
          <Table
            rows={list}
            rowKey={(r) => r.id}
            empty={c.requests.empty}
            labelledBy="requests-heading"
            columns={[
              { header: c.requests.voter, cell: (r) => r.voter, rowHeader: true },
              { header: c.requests.at, cell: (r) => formatWhen(r.at, c) },
              {
                header: c.requests.handled,
                cell: (r) =>
                  r.handledAt ? (
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
                  ),
              },
            ]}
          />
        )}
      </Loaded>
      {failure && <FailureText failure={failure} c={c} />}
    </section>
  )
}
