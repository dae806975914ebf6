import { useState } from 'preact/hooks'
import { extendMeeting, type Meeting } from '../api'
import { FailureText, fromChinaLocal, toChinaLocal, type C } from '../frame'
import { useBusy } from '../load'

/** Extending an open meeting's voting window: the new close and the reason for it. */
export function Extension({
  estateId,
  m,
  c,
  onDone,
}: {
  estateId: string
  m: Meeting
  c: C
  onDone: () => void
}) {
  const [closes, setCloses] = useState(toChinaLocal(m.closesAt))
  const [reason, setReason] = useState('')
  const [busy, failure, run] = useBusy()
  return (
    <section aria-labelledby="extend-heading">
      <h2 id="extend-heading">{c.meeting.extendHeading}</h2>
      <form
        class="row"
        onSubmit={async (e) => {
          e.preventDefault()
          if (
            await run(() =>
              extendMeeting(estateId, m.id, new Date(fromChinaLocal(closes)).toISOString(), reason),
            )
          )
            onDone()
        }}
      >
        <div class="field">
          <label for="extend-closes">{c.meeting.newClosesAt}</label>
          <input
            id="extend-closes"
            type="datetime-local"
            value={closes}
            onInput={(e) => setCloses(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="extend-reason">{c.meeting.reason}</label>
          <input id="extend-reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </div>
        <button type="submit" class="button secondary" disabled={busy}>
          {c.meeting.extend}
        </button>
      </form>
      {failure && <FailureText failure={failure} c={c} />}
    </section>
  )
}
