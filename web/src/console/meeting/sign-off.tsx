import { useState } from 'preact/hooks'
import { signOff, type Meeting } from '../api'
import { FailureText, type C } from '../frame'
import { useBusy } from '../load'

/** A supervisor's sign-off of the preliminary result, or a recorded objection: the only change they may make. */
export function SignOff({ estateId, m, c }: { estateId: string; m: Meeting; c: C }) {
  const [decision, setDecision] = useState<'approve' | 'object'>('approve')
  const [note, setNote] = useState('')
  const [done, setDone] = useState(false)
  const [busy, failure, run] = useBusy()
  return (
    <section aria-labelledby="signoff-heading">
      <h2 id="signoff-heading">{c.supervise.signoffHeading}</h2>
      <p>{c.supervise.signoffIntro}</p>
      {m.status !== 'preliminary' ? (
        <p class="note">{c.supervise.notYet}</p>
      ) : (
        <form
          class="stack"
          onSubmit={async (e) => {
            e.preventDefault()
            setDone(await run(() => signOff(estateId, m.id, decision, note)))
          }}
        >
          <fieldset>
            <legend>{c.supervise.decision}</legend>
            {(['approve', 'object'] as const).map((d) => (
              <label key={d} class="check">
                <input
                  type="radio"
                  name="decision"
                  checked={decision === d}
                  onChange={() => setDecision(d)}
                />
                <span>{c.supervise[d]}</span>
              </label>
            ))}
          </fieldset>
          <div class="field">
            <label for="signoff-note">{c.supervise.note}</label>
            <textarea
              id="signoff-note"
              rows={2}
              value={note}
              onInput={(e) => setNote(e.currentTarget.value)}
            />
          </div>
          <button type="submit" class="button" disabled={busy || done}>
            {c.supervise.sign}
          </button>
          <p role="status">{done ? c.supervise.signed : ''}</p>
          {failure && <FailureText failure={failure} c={c} />}
        </form>
      )}
    </section>
  )
}
