import { useState } from 'preact/hooks'
import { castVote, fetchMemberView, voteOptions, type MemberView, type VoteChoice } from '../committee-api'
import { useCommitteeText, when, type K } from '../committee-text'
import { useLoad } from '../http'
import { useTitle } from '../i18n'
import { authenticateWithPasskey } from '../passkey'
import { useSession } from '../session'

/**
 * A committee member's page on the phone (domain §8): each item of the open committee meetings, the choice, and
 * the confirmation with the member's own passkey — the WebAuthn challenge binds exactly this choice on this item
 * (server/services/committee-votes.ts). A confirmed vote is final and is shown as such.
 */
export default function CommitteeVotePage({ estateId }: { estateId: string }) {
  const k = useCommitteeText()
  useTitle(k.member.heading)
  const [changes, setChanges] = useState(0)
  const session = useSession().state.value
  // Read again once the session is known: signed out, the page offers the sign-in that brings the member back.
  const [view] = useLoad(() => fetchMemberView(estateId), [estateId, changes, session.status], true)
  const here = location.pathname
  const signedOut = session.status === 'signed_out'
  return (
    <section class="committee-vote">
      <h1 tabIndex={-1}>{k.member.heading}</h1>
      {view === null ? (
        <p role="status">{k.loading}</p>
      ) : !view.ok ? (
        <div class="problem" role="alert">
          <p>{k.errors[view.code] ?? k.errors['unexpected']}</p>
          {(signedOut || view.code === 'unauthenticated') && (
            <a class="button wide" href={`/signin?next=${encodeURIComponent(here)}`}>
              {k.member.signIn}
            </a>
          )}
        </div>
      ) : (
        <Member estateId={estateId} view={view.data} k={k} onVoted={() => setChanges((n) => n + 1)} />
      )}
    </section>
  )
}

function Member(props: { estateId: string; view: MemberView; k: K; onVoted: () => void }) {
  const { view, k } = props
  return (
    <>
      <p>{k.member.intro(view.member.name, k.roles[view.member.role] ?? view.member.role)}</p>
      {view.meetings.length === 0 && <p>{k.member.noMeetings}</p>}
      {view.meetings.map((m) => (
        <article key={m.id} class="committee-meeting card">
          <h2>{m.title}</h2>
          <p class="hint">{when(m.heldAt, k)}</p>
          {m.items.map((i) => (
            <Item
              key={i.id}
              estateId={props.estateId}
              meetingId={m.id}
              item={i}
              k={k}
              onVoted={props.onVoted}
            />
          ))}
        </article>
      ))}
      <p class="hint">{k.member.final}</p>
    </>
  )
}

type Item = MemberView['meetings'][number]['items'][number]

function Item(props: { estateId: string; meetingId: string; item: Item; k: K; onVoted: () => void }) {
  const { item, k } = props
  const [choice, setChoice] = useState<VoteChoice | ''>('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const name = `vote-${props.meetingId}-${item.id}`
  async function confirm() {
    if (!choice) return
    setBusy(true)
    setError(null)
    const prepared = await voteOptions(props.estateId, props.meetingId, item.id, choice)
    if (!prepared.ok) {
      setBusy(false)
      return setError(prepared.code)
    }
    const signed = await authenticateWithPasskey(prepared.data.options)
    if (!signed.ok) {
      setBusy(false)
      return setError(signed.error)
    }
    const cast = await castVote(props.estateId, props.meetingId, prepared.data.vote.nonce, signed.data)
    setBusy(false)
    if (!cast.ok) return setError(cast.code)
    props.onVoted()
  }
  return (
    <div class="committee-item" data-item={item.id}>
      <h3>{item.title}</h3>
      {item.body && <p>{item.body}</p>}
      {item.officers && (
        <p>{k.meeting.officers(item.officers.chair, item.officers.viceChairs.join(k.listSeparator))}</p>
      )}
      {item.myVote ? (
        <p class="ok voted" role="status">
          {k.member.voted(k.choices[item.myVote] ?? item.myVote)}
        </p>
      ) : (
        <fieldset>
          <legend>{item.title}</legend>
          {(['for', 'against', 'abstain'] as const).map((c) => (
            <label key={c} class="choice">
              <input
                type="radio"
                name={name}
                value={c}
                checked={choice === c}
                onChange={() => setChoice(c)}
              />{' '}
              {k.choices[c]}
            </label>
          ))}
          <button type="button" class="button wide" disabled={!choice || busy} onClick={() => void confirm()}>
            {busy ? k.member.confirming : k.member.confirm}
          </button>
          {error && (
            <p class="problem" role="alert">
              {k.errors[error] ?? k.errors['unexpected']}
            </p>
          )}
        </fieldset>
      )}
    </div>
  )
}
