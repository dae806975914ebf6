import { fetchNotice, fetchNotices, fetchPublicCommittee, type Notice } from '../committee-api'
import { dateText, useCommitteeText, when, type K } from '../committee-text'
import { useLoad } from '../http'
import { useTitle } from '../i18n'
import { useSession } from '../session'
import CommitteeVotePage from './committee-vote'

/**
 * The owners' committee as everyone sees it (domain §8, §9): the members' names and roles — they are the
 * assembly's officers, so their names are public, never their phones —, the alternates masked, and the published
 * notices: members, resolutions with their minutes, vacancies, each dated, with its SHA-256, printable.
 */
/**
 * `/estates/:estateId/committee` and, under it, `notices/:noticeId` and the member's `vote`: one chunk for the
 * committee's pages outside the console.
 */
export default function CommitteeRoutes({ estateId, sub }: { estateId: string; sub?: string }) {
  if (sub === 'vote') return <CommitteeVotePage estateId={estateId} />
  const notice = /^notices\/([0-9a-f-]{36})$/.exec(sub ?? '')?.[1]
  if (notice) return <CommitteeNoticePage estateId={estateId} noticeId={notice} />
  return <CommitteePage estateId={estateId} />
}

function CommitteePage({ estateId }: { estateId: string }) {
  const k = useCommitteeText()
  useTitle(k.public.heading)
  const [view] = useLoad(() => fetchPublicCommittee(estateId), [estateId])
  const [notices] = useLoad(() => fetchNotices(estateId), [estateId])
  const base = `/estates/${encodeURIComponent(estateId)}/committee`
  const session = useSession().state.value
  const owner = session.status === 'signed_in' && session.me.owner !== null
  if (view === null) return <p role="status">{k.loading}</p>
  if (!view.ok)
    return (
      <p class="problem" role="alert">
        {k.errors[view.code] ?? k.errors['unexpected']}
      </p>
    )
  const term = view.data.term
  return (
    <section class="committee-public">
      <h1 tabIndex={-1}>{k.public.heading}</h1>
      {term === null ? (
        <p>{k.public.none}</p>
      ) : (
        <>
          <p>{k.public.term(term.number, dateText(term.startsOn, k), dateText(term.endsOn, k))}</p>
          {term.earlyReelectionDue && (
            <p class="problem" role="alert">
              {k.public.earlyReelection}
            </p>
          )}
          <h2>{k.public.members}</h2>
          <ul class="committee-members">
            {term.members.map((m) => (
              <li key={m.id}>
                <strong>{k.roles[m.role] ?? m.role}</strong> {m.name}
              </li>
            ))}
          </ul>
          {term.alternates.length > 0 && (
            <>
              <h2>{k.public.alternates}</h2>
              <ol>
                {term.alternates.map((a) => (
                  <li key={a.rank}>
                    {a.name} <span class="hint">{k.alternateStatus[a.status] ?? a.status}</span>
                  </li>
                ))}
              </ol>
            </>
          )}
        </>
      )}
      {owner && term !== null && (
        <p>
          <a class="button secondary" href={`${base}/vote`}>
            {k.public.memberVote}
          </a>
        </p>
      )}
      <h2>{k.public.notices}</h2>
      {notices?.ok && notices.data.notices.length === 0 && <p>{k.public.noNotices}</p>}
      <ul class="committee-notices">
        {notices?.ok &&
          notices.data.notices.map((n) => (
            <li key={n.id}>
              <a href={`${base}/notices/${n.id}`}>{n.title}</a>{' '}
              <span class="hint">
                {k.noticeKinds[n.kind] ?? n.kind} · {when(n.publishedAt, k)}
              </span>
            </li>
          ))}
      </ul>
    </section>
  )
}

type Body = {
  members?: { name: string; role: string }[]
  present?: string[]
  items?: {
    title: string
    body: string
    outcome: string | null
    officers: { chair: string; viceChairs: string[] } | null
    votes: { name: string; choice: string }[]
  }[]
  minutes?: string
  left?: { name: string; reasonZh: string; reason: string; on: string }
  seatedBy?: { name: string } | null
}

/** One notice, printable: its title, date, body in words and the SHA-256 anyone can check a copy against. */
function CommitteeNoticePage({ estateId, noticeId }: { estateId: string; noticeId: string }) {
  const k = useCommitteeText()
  const [loaded] = useLoad(() => fetchNotice(estateId, noticeId), [estateId, noticeId])
  useTitle(loaded?.ok ? loaded.data.notice.title : k.public.heading)
  if (loaded === null) return <p role="status">{k.loading}</p>
  if (!loaded.ok)
    return (
      <p class="problem" role="alert">
        {k.errors[loaded.code] ?? k.errors['unexpected']}
      </p>
    )
  return <NoticeBody notice={loaded.data.notice} k={k} estateId={estateId} />
}

function NoticeBody({ notice, k, estateId }: { notice: Notice; k: K; estateId: string }) {
  const b = notice.body as Body
  return (
    <article class="committee-notice announcement">
      <p class="no-print">
        <a href={`/estates/${encodeURIComponent(estateId)}/committee`}>{k.public.backToList}</a>
      </p>
      <h1 tabIndex={-1}>{notice.title}</h1>
      <p>{k.public.publishedAt(when(notice.publishedAt, k))}</p>
      {b.members && (
        <ul>
          {b.members.map((m) => (
            <li key={m.name}>
              <strong>{k.roles[m.role] ?? m.role}</strong> {m.name}
            </li>
          ))}
        </ul>
      )}
      {b.present && b.present.length > 0 && (
        <p>
          {k.public.present}: {b.present.join(k.listSeparator)}
        </p>
      )}
      {b.items?.map((i) => (
        <section key={i.title}>
          <h2>
            {i.title} · {i.outcome ? (k.outcomes[i.outcome] ?? i.outcome) : ''}
          </h2>
          {i.body && <p>{i.body}</p>}
          {i.officers && (
            <p>{k.meeting.officers(i.officers.chair, i.officers.viceChairs.join(k.listSeparator))}</p>
          )}
          <ul>
            {i.votes.map((v) => (
              <li key={v.name}>
                {v.name} {k.choices[v.choice] ?? v.choice}
              </li>
            ))}
          </ul>
        </section>
      ))}
      {b.minutes && (
        <>
          <h2>{k.public.minutes}</h2>
          <p class="minutes">{b.minutes}</p>
        </>
      )}
      {b.left && (
        <p>{k.public.left(b.left.name, k.reasons[b.left.reason] ?? b.left.reason, dateText(b.left.on, k))}</p>
      )}
      {b.left && <p>{b.seatedBy ? k.public.seatedBy(b.seatedBy.name) : k.public.vacant}</p>}
      <p class="hash">
        {k.public.hash}: <code>{notice.sha256}</code>
      </p>
      <p class="no-print">
        <button type="button" class="button" onClick={() => window.print()}>
          {k.public.print}
        </button>
      </p>
    </article>
  )
}
