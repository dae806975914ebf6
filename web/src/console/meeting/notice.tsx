import { useState } from 'preact/hooks'
import { giveNotice, type Meeting } from '../api'
import { FailureText, formatWhen, type C } from '../frame'
import { useBusy } from '../load'

/** Giving notice, after a confirmation: it cannot be undone, and the agenda is fixed from then on. */
export function Notice({
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
  const [confirming, setConfirming] = useState(false)
  const [busy, failure, run] = useBusy()
  return (
    <section aria-labelledby="notice-heading">
      <h2 id="notice-heading">{c.meeting.noticeHeading}</h2>
      <p>{c.meeting.noticeIntro}</p>
      {m.earliestOpening &&
        // Said before the button: notice now would be refused for an opening under 15 days away (art. 201).
        (Date.parse(m.opensAt) < Date.parse(m.earliestOpening) ? (
          <p class="bad">{c.editor.tooEarly(formatWhen(m.earliestOpening, c))}</p>
        ) : (
          <p class="note">{c.editor.earliest(formatWhen(m.earliestOpening, c))}</p>
        ))}
      {confirming ? (
        <div class="confirm" role="group" aria-labelledby="notice-confirm">
          <p id="notice-confirm">
            <strong>{c.meeting.noticeConfirm}</strong>
          </p>
          <div class="actions">
            <button
              type="button"
              class="button"
              disabled={busy}
              onClick={async () => {
                const ok = await run(() => giveNotice(estateId, m.id))
                setConfirming(false)
                if (ok) onDone()
              }}
            >
              {c.meeting.confirmNotice}
            </button>
            <button type="button" class="button secondary" onClick={() => setConfirming(false)}>
              {c.cancel}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" class="button" onClick={() => setConfirming(true)}>
          {c.meeting.giveNotice}
        </button>
      )}
      {failure && <FailureText failure={failure} c={c} />}
    </section>
  )
}
