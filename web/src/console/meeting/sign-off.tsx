import { useEffect, useState } from 'preact/hooks'
import { fetchSignoffReview, signOff, type Failure, type Meeting, type SignoffReview } from '../api'
import { ConfirmDialog } from '../confirm'
import { FailureText, formatEnd, formatWhen, type C } from '../frame'
import { useBusy } from '../load'

type Decision = 'approve' | 'object'

/**
 * A supervisor's sign-off of the preliminary result, or a recorded objection: the only change they may make, so
 * it is made deliberately — nothing is chosen for them, and a confirmation names the meeting and whatever is still
 * open (paper ballots not counted, unanswered objections, the objection period still running). The sign-offs given
 * so far are listed: who, in which role, when, what they said.
 */
export function SignOff({ estateId, m, c }: { estateId: string; m: Meeting; c: C }) {
  const [decision, setDecision] = useState<Decision | null>(null)
  const [note, setNote] = useState('')
  const [done, setDone] = useState(false)
  const [asking, setAsking] = useState(false)
  const [unchosen, setUnchosen] = useState(false)
  const [review, setReview] = useState<SignoffReview | null>(null)
  const [loadFailure, setLoadFailure] = useState<Failure | null>(null)
  const [version, setVersion] = useState(0)
  const [busy, failure, run] = useBusy()
  useEffect(() => {
    let live = true
    void fetchSignoffReview(estateId, m.id).then((r) => {
      if (!live) return
      if (r.ok) setReview(r.data)
      else setLoadFailure(r)
    })
    return () => {
      live = false
    }
  }, [estateId, m.id, version])
  const open = review
    ? review.paperMismatches.length + review.paperAwaiting.length + review.unansweredObjections
    : 0
  const periodRunning =
    review?.objectionsEndAt !== null &&
    review?.objectionsEndAt !== undefined &&
    Date.parse(review.objectionsEndAt) > Date.now()
  const units = (list: readonly string[]) => list.join(c.listSeparator)
  return (
    <section aria-labelledby="signoff-heading">
      <h2 id="signoff-heading">{c.supervise.signoffHeading}</h2>
      <p>{c.supervise.signoffIntro}</p>
      {m.status !== 'preliminary' ? (
        <p class="note">{c.supervise.notYet}</p>
      ) : (
        <form
          class="stack"
          onSubmit={(e) => {
            e.preventDefault()
            if (decision === null) return setUnchosen(true)
            // What is open is read afresh as the question is asked: the counting desk may have moved meanwhile.
            setVersion((v) => v + 1)
            setAsking(true)
          }}
        >
          <fieldset aria-describedby={unchosen ? 'signoff-unchosen' : undefined}>
            <legend>{c.supervise.decision}</legend>
            {(['approve', 'object'] as const).map((d) => (
              <label key={d} class="check">
                <input
                  type="radio"
                  name="decision"
                  checked={decision === d}
                  onChange={() => {
                    setDecision(d)
                    setUnchosen(false)
                  }}
                />
                <span>{c.supervise[d]}</span>
              </label>
            ))}
          </fieldset>
          {unchosen && (
            <p id="signoff-unchosen" class="field-error" role="alert">
              {c.supervise.chooseDecision}
            </p>
          )}
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
          <ConfirmDialog
            id="signoff-confirm"
            open={asking}
            heading={c.supervise.confirmHeading}
            confirm={decision === 'object' ? c.supervise.confirmObject : c.supervise.confirmApprove}
            busy={busy}
            c={c}
            onCancel={() => setAsking(false)}
            onConfirm={async () => {
              if (decision === null) return
              // Acknowledged only what the dialog showed: a problem that arose since is refused by the server.
              const ok = await run(() =>
                signOff(estateId, m.id, decision, note, decision === 'approve' && open > 0),
              )
              setAsking(false)
              setDone(ok)
              if (ok) setVersion((v) => v + 1)
            }}
          >
            <p>{c.supervise.confirmIntro(m.title, c.supervise[decision ?? 'approve'])}</p>
            {review && (open > 0 || periodRunning) ? (
              <div class="notice" role="alert">
                <h3>{c.supervise.openHeading}</h3>
                <ul>
                  {review.paperMismatches.length > 0 && (
                    <li>{c.supervise.mismatches(units(review.paperMismatches))}</li>
                  )}
                  {review.paperAwaiting.length > 0 && (
                    <li>{c.supervise.awaiting(units(review.paperAwaiting))}</li>
                  )}
                  {review.unansweredObjections > 0 && (
                    <li>{c.supervise.unanswered(review.unansweredObjections)}</li>
                  )}
                  {periodRunning && review.objectionsEndAt && (
                    <li>{c.supervise.periodRunning(formatEnd(review.objectionsEndAt, c))}</li>
                  )}
                </ul>
                {decision === 'approve' && open > 0 && <p>{c.supervise.ackOpen}</p>}
              </div>
            ) : (
              review && <p>{c.supervise.noOpen}</p>
            )}
          </ConfirmDialog>
        </form>
      )}
      <h3>{c.supervise.signoffs}</h3>
      {loadFailure && <FailureText failure={loadFailure} c={c} />}
      {review &&
        (review.signoffs.length === 0 ? (
          <p class="note">{c.supervise.noSignoffs}</p>
        ) : (
          <ul class="cards signoffs">
            {review.signoffs.map((s) => (
              <li key={s.id}>
                <p>
                  {c.supervise.signoffLine(
                    s.by,
                    s.role ? (c.audit.roles[s.role] ?? c.audit.roleOther) : c.audit.roleOther,
                    formatWhen(s.at, c),
                    c.supervise.decisions[s.decision] ?? s.decision,
                  )}
                </p>
                {s.note && <p class="note">{c.supervise.said(s.note)}</p>}
              </li>
            ))}
          </ul>
        ))}
    </section>
  )
}
