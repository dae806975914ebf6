import { useEffect, useState } from 'preact/hooks'
import {
  closeCommitteeMeeting,
  fetchCommitteeMeeting,
  publishResolutions,
  recordAttendance,
  type CommitteeMeetingView,
} from '../committee-api'
import { useCommitteeText, when } from '../committee-text'
import { Field } from '../components/field'
import { useLoad as useSharedLoad } from '../http'
import { ConfirmDialog } from './confirm'
import { FailureText, Frame, useConsole } from './frame'
import { useBusy } from './load'
import { Table } from './table'

type Count = { for: number; against: number; abstain: number; needed: number }

/**
 * One committee meeting in the console: the agenda with each item's outcome, attendance, every member's vote as
 * confirmed with their passkey, the close (each item by more than half of ALL members, 上海 art. 26) and the
 * publication of the resolutions and minutes.
 */
export default function ConsoleCommitteeMeeting(props: { estateId: string; committeeMeetingId: string }) {
  const { estateId, committeeMeetingId } = props
  const state = useConsole(estateId)
  const { c, role } = state
  const k = useCommitteeText()
  const [changes, setChanges] = useState(0)
  const [view, setView] = useState<CommitteeMeetingView | null>(null)
  const [loaded] = useSharedLoad(
    () => fetchCommitteeMeeting(estateId, committeeMeetingId),
    [estateId, committeeMeetingId, changes],
    true,
  )
  useEffect(() => {
    if (loaded?.ok) setView(loaded.data)
  }, [loaded])
  const [present, setPresent] = useState<Set<string> | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [minutes, setMinutes] = useState('')
  const [busy, failure, run] = useBusy()
  const convener = role === 'convener'
  const back = `/console/${encodeURIComponent(estateId)}/committee`
  const heading = view?.meeting.title ?? k.meeting.heading
  const attending = present ?? new Set(view?.attendance.filter((a) => a.present).map((a) => a.memberId) ?? [])
  const act = (fn: () => Promise<{ ok: boolean }>) =>
    void run(async () => {
      const r = await fn()
      if (r.ok) setChanges((n) => n + 1)
      return r as never
    })
  return (
    <Frame estateId={estateId} state={state} heading={heading}>
      <p>
        <a href={back}>{k.meeting.back}</a>
      </p>
      {loaded && !loaded.ok && <FailureText failure={loaded} c={c} />}
      {view === null ? (
        <p role="status">{k.loading}</p>
      ) : (
        <>
          <p>
            {when(view.meeting.heldAt, k)} ·{' '}
            {k.console.meetingStatus[view.meeting.status] ?? view.meeting.status}
          </p>
          <p class="rule">{k.meeting.rule}</p>
          <section aria-labelledby="cm-items-h">
            <h2 id="cm-items-h">{k.meeting.items}</h2>
            <ol class="committee-items">
              {view.items.map((i) => {
                const count = i.count as Count | null
                return (
                  <li key={i.id} class="matter-card">
                    <h3>{i.title}</h3>
                    {i.body && <p>{i.body}</p>}
                    {i.officers && (
                      <p>
                        {k.meeting.officers(
                          i.officers.chair.name,
                          i.officers.viceChairs.map((v) => v.name).join(k.listSeparator),
                        )}
                      </p>
                    )}
                    {i.outcome && (
                      <p class={i.outcome === 'passed' ? 'ok outcome' : 'bad outcome'}>
                        <strong>{k.outcomes[i.outcome] ?? i.outcome}</strong>
                        {count && (
                          <> · {k.meeting.count(count.for, count.against, count.abstain, count.needed)}</>
                        )}
                      </p>
                    )}
                  </li>
                )
              })}
            </ol>
          </section>
          <section aria-labelledby="cm-attendance-h">
            <h2 id="cm-attendance-h">{k.meeting.attendance}</h2>
            <ul class="attendance">
              {view.members.map((m) => (
                <li key={m.id}>
                  <label>
                    <input
                      type="checkbox"
                      disabled={!convener || view.meeting.status !== 'scheduled'}
                      checked={attending.has(m.id)}
                      onChange={(e) => {
                        const next = new Set(attending)
                        if (e.currentTarget.checked) next.add(m.id)
                        else next.delete(m.id)
                        setPresent(next)
                      }}
                    />{' '}
                    {m.name} ({k.roles[m.role] ?? m.role})
                  </label>
                </li>
              ))}
            </ul>
            {convener && view.meeting.status === 'scheduled' && (
              <button
                type="button"
                class="button secondary"
                disabled={busy}
                onClick={() => act(() => recordAttendance(estateId, committeeMeetingId, [...attending]))}
              >
                {k.meeting.saveAttendance}
              </button>
            )}
          </section>
          <section aria-labelledby="cm-votes-h">
            <h2 id="cm-votes-h">{k.meeting.votes}</h2>
            <Table
              rows={view.votes}
              rowKey={(v) => `${v.itemId}-${v.memberId}`}
              empty={k.meeting.noVotes}
              labelledBy="cm-votes-h"
              class="committee-votes"
              columns={[
                {
                  header: k.meeting.items,
                  cell: (v) => view.items.find((i) => i.id === v.itemId)?.title ?? '',
                },
                { header: k.console.name, cell: (v) => v.name, rowHeader: true },
                { header: k.console.status, cell: (v) => k.choices[v.choice] ?? v.choice },
                { header: k.meeting.castAt, cell: (v) => when(v.castAt, k) },
              ]}
            />
          </section>
          {convener && view.meeting.status === 'scheduled' && (
            <p>
              <button type="button" class="button" disabled={busy} onClick={() => setConfirming(true)}>
                {k.meeting.close}
              </button>
            </p>
          )}
          <ConfirmDialog
            id="cm-close"
            open={confirming}
            heading={k.meeting.close}
            confirm={k.meeting.close}
            busy={busy}
            c={c}
            onCancel={() => setConfirming(false)}
            onConfirm={() => {
              setConfirming(false)
              act(() => closeCommitteeMeeting(estateId, committeeMeetingId))
            }}
          >
            <p>{k.meeting.closeConfirm}</p>
          </ConfirmDialog>
          {view.meeting.status === 'closed' && (
            <section aria-labelledby="cm-publish-h">
              <h2 id="cm-publish-h">{k.meeting.publishHeading}</h2>
              {view.notice ? (
                <p>
                  {k.meeting.published(when(view.notice.publishedAt, k))}{' '}
                  <a href={`/estates/${encodeURIComponent(estateId)}/committee/notices/${view.notice.id}`}>
                    {k.meeting.viewNotice}
                  </a>
                </p>
              ) : (
                convener && (
                  <form
                    onSubmit={(e) => {
                      e.preventDefault()
                      act(() => publishResolutions(estateId, committeeMeetingId, minutes))
                    }}
                  >
                    <Field id="cm-minutes" label={k.meeting.minutes}>
                      <textarea
                        id="cm-minutes"
                        rows={6}
                        required
                        value={minutes}
                        onInput={(e) => setMinutes(e.currentTarget.value)}
                      />
                    </Field>
                    <button type="submit" class="button" disabled={busy}>
                      {k.meeting.publish}
                    </button>
                  </form>
                )
              )}
            </section>
          )}
          {failure && <FailureText failure={failure} c={c} />}
        </>
      )}
    </Frame>
  )
}
