import type { ComponentChildren } from 'preact'
import { useRef } from 'preact/hooks'
import { declarePaperComplete, type Meeting } from '../api'
import { FailureText, formatEnd, formatWhen, type C } from '../frame'
import { useBusy } from '../load'
import type { TurnoutState } from './turnout'

/**
 * Where the meeting stands in its calendar (domain §6.1), in words, for conveners and supervisors alike: after
 * notice, when voting opens and what may be done until then; while open, when online voting ends; during the
 * counting period, when online voting closed and until when paper handed in before the close is still keyed
 * in, with the paper ballots not counted yet; once counted, when and how the counting period ended; after the
 * objection period and the sign-off, when the final announcement is due (北京 art. 37), in red once overdue.
 * Conveners may end the counting period early by declaring every paper ballot entered.
 */
export function MeetingStatus(props: {
  estateId: string
  m: Meeting
  turnout: TurnoutState
  c: C
  convener: boolean
  onDone: () => void
}) {
  const { m, c } = props
  const counting = m.status === 'counting'
  const counted = m.status === 'closed' && m.closedAt !== null
  const due = m.status === 'preliminary' ? (m.finalDue ?? null) : null
  const noticed = m.status === 'noticed'
  const open = m.status === 'open'
  if (!noticed && !open && !counting && !counted && due === null) return null
  return (
    <section aria-labelledby="status-heading" class="meeting-status">
      <h2 id="status-heading">{c.counting.heading}</h2>
      {noticed && (
        // Between notice and opening (the 15 days of domain §6.1 step 1): what comes next, and what the work is.
        <>
          <p class="status-line">
            <strong>
              {(props.convener ? c.meeting.opensNext : c.meeting.opensOn)(formatWhen(m.opensAt, c))}
            </strong>
          </p>
          {props.convener && (
            <ul class="next-steps">
              {c.meeting.beforeOpening.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
          <p class="note">{c.meeting.agendaFixed}</p>
        </>
      )}
      {open && (
        <p class="status-line">
          <strong>{c.meeting.closesNext(formatEnd(m.closesAt, c))}</strong>
        </p>
      )}
      {counting && (
        <>
          <p class="status-line">
            <strong>
              {c.counting.countingLine(
                formatEnd(m.closesAt, c),
                formatEnd(m.countingEndsAt ?? m.closesAt, c),
              )}
            </strong>
          </p>
          <p class="note">{c.counting.countingLaw}</p>
          <Pending turnout={props.turnout} c={c} />
          {props.convener && (
            <PaperComplete
              estateId={props.estateId}
              m={m}
              c={c}
              onDone={() => {
                props.turnout.reload()
                props.onDone()
              }}
            >
              {/* Keying the paper is the conveners' work of these days: the way to it stands beside the count. */}
              <a
                class="button secondary"
                href={`/console/${encodeURIComponent(props.estateId)}/meetings/${encodeURIComponent(m.id)}/paper`}
              >
                {c.meeting.paperLink}
              </a>
            </PaperComplete>
          )}
        </>
      )}
      {counted && (
        <p class="status-line">
          <strong>{c.counting.counted(formatWhen(m.closedAt as string, c))}</strong>{' '}
          {m.paperCompleteAt
            ? c.counting.byDeclaration(formatWhen(m.paperCompleteAt, c))
            : m.countingEndsAt
              ? c.counting.byPeriodEnd(formatEnd(m.countingEndsAt, c))
              : ''}
        </p>
      )}
      {due !== null && (
        <p class={due.overdue ? 'status-line bad' : 'status-line'} role={due.overdue ? 'alert' : undefined}>
          {due.overdue
            ? c.counting.finalOverdue(formatEnd(due.dueAt, c))
            : c.counting.finalDue(formatEnd(due.dueAt, c))}
        </p>
      )}
    </section>
  )
}

/** The paper ballots not counted yet, from the turnout: awaiting their blind second entry, or a fresh one. */
function Pending({ turnout, c }: { turnout: TurnoutState; c: C }) {
  const t = turnout.t
  if (t === null) return <p role="status">{c.loading}</p>
  const { heads, voters } = t.paperPending
  return (
    <div class="pending" aria-live="polite">
      {heads === 0 ? (
        <p class="ok">{c.counting.pendingNone}</p>
      ) : (
        <>
          <p class="bad">{c.counting.pending(heads, voters.join(c.listSeparator))}</p>
          <p class="note">{c.counting.pendingNote}</p>
        </>
      )}
    </div>
  )
}

/**
 * 全部纸质选票已录入，计票: ends the counting period before its end (domain §6.1 step 3). It cannot be undone, so a
 * dialog naming the meeting asks first, with Cancel focused.
 */
function PaperComplete(props: {
  estateId: string
  m: Meeting
  c: C
  onDone: () => void
  children?: ComponentChildren
}) {
  const { m, c } = props
  const dialog = useRef<HTMLDialogElement>(null)
  const [busy, failure, run] = useBusy()
  async function confirm() {
    const ok = await run(() => declarePaperComplete(props.estateId, m.id))
    dialog.current?.close()
    if (ok) props.onDone()
  }
  return (
    <>
      <div class="status-actions">
        {props.children}
        <button type="button" class="button" disabled={busy} onClick={() => dialog.current?.showModal()}>
          {c.counting.complete}
        </button>
      </div>
      <dialog ref={dialog} class="confirm-dialog" aria-labelledby="complete-heading">
        <h2 id="complete-heading">{c.counting.dialogHeading}</h2>
        <p>{c.counting.dialogText(m.title)}</p>
        <div class="actions">
          <button type="button" class="button" disabled={busy} onClick={() => void confirm()}>
            {c.counting.dialogConfirm}
          </button>
          <button type="button" class="button secondary" autofocus onClick={() => dialog.current?.close()}>
            {c.cancel}
          </button>
        </div>
      </dialog>
      {failure && <FailureText failure={failure} c={c} />}
    </>
  )
}
