import type { Me } from '../api'
import type { MeetingListItem } from '../api-meetings'
import { fetchHome } from '../api-home'
import { useEffect, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { useI18n, useTitle } from '../i18n'
import { useOwnerAll, type OwnerAll } from '../i18n/owner-more'
import type { NoticesCatalogue } from '../i18n/notices-zh-CN'
import { useSession } from '../session'
import { fetchMyPart } from '../api-meetings'
import { CastBy, Loading, Refusal, When, meetingPath, useLoad } from './meeting-common'
import { AccountNotices, useNoticesText, votedLine } from './owner-notices'

/**
 * The start page of a signed-in owner: their estate, what they must know about their account (a take-over asked
 * for, an activation awaiting approval), its meetings (open first, then upcoming, then past) with countdowns, for
 * each whether, when and how each voter I act for voted, and the public list of who voted — so that an owner who
 * did not vote sees at once whether their unit is listed as having voted.
 */
export default function OwnerHome({ owner }: { owner: NonNullable<Me['owner']> }) {
  const o = useOwnerAll()
  const n = useNoticesText()
  const session = useSession().state.value
  // Where sign-in (?signed-in) and activation (?activated) land: said once, and gone from the address, so that a
  // reload or a bookmark does not say it again.
  const { query } = useLocation()
  const [welcome] = useState(() =>
    'activated' in query ? 'activated' : 'signed-in' in query ? 'signin' : null,
  )
  useEffect(() => {
    if (welcome) history.replaceState(history.state, '', '/')
  }, [])
  const estateId = owner.estate.id
  // Me, the meetings and my part of each in one request, asked by the entry as the app started (api-home.ts).
  const [list, retry] = useLoad(() => fetchHome(), [estateId])
  useTitle(o?.home.heading ?? owner.estate.name)
  if (!o || !n || !list) return <Loading />
  const order = ['open', 'noticed', 'closed', 'preliminary', 'final', 'draft']
  const meetings = list.ok
    ? [...list.data.meetings].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status))
    : []
  return (
    <>
      <p class="estate-name">{owner.estate.name}</p>
      <h1 tabIndex={-1}>{o.home.heading}</h1>
      {welcome && (
        <p class="notice" role="status">
          {welcome === 'signin'
            ? o.home.welcome.signin
            : session.status === 'signed_in' && session.me.account.approvalPending
              ? o.home.welcome.pending
              : o.home.welcome.activated}
        </p>
      )}
      {session.status === 'signed_in' && <AccountNotices me={session.me} />}
      <section aria-labelledby="meetings-heading">
        <h2 id="meetings-heading">{o.home.meetings}</h2>
        {!list.ok && <Refusal o={o} error={list.error} onRetry={retry} />}
        {list.ok && meetings.length === 0 && <p class="empty">{o.home.none}</p>}
        <ul class="cards">
          {meetings
            .filter((m) => m.status !== 'draft')
            .map((m) => (
              <MeetingCard key={m.id} o={o} n={n} estateId={estateId} m={m} />
            ))}
        </ul>
      </section>
      <p class="spaced">
        <a class="button secondary wide" href={`/estates/${encodeURIComponent(estateId)}/disclosures`}>
          {o.home.disclosuresLink}
        </a>
      </p>
      <p class="spaced">
        <a class="button secondary wide" href={`/estates/${encodeURIComponent(estateId)}/surveys`}>
          {o.home.surveysLink}
        </a>
      </p>
      <p class="spaced">
        <a href={`/estates/${encodeURIComponent(estateId)}/roll`}>{o.home.rollLink}</a>
      </p>
      <p class="spaced">
        <a href={`/estates/${encodeURIComponent(estateId)}/formation`}>{o.home.formationLink}</a>
      </p>
      <p class="spaced">
        <a href={`/estates/${encodeURIComponent(estateId)}/publications/roll`}>{o.home.versionsLink}</a>
      </p>
    </>
  )
}

function MeetingCard(props: { o: OwnerAll; n: NoticesCatalogue; estateId: string; m: MeetingListItem }) {
  const { o, n, estateId, m } = props
  const { t } = useI18n()
  const live = m.status === 'open' || m.status === 'noticed'
  const [mine] = useLoad(() => fetchMyPart(estateId, m.id), [estateId, m.id])
  const path = meetingPath(estateId, m.id)
  const voters = mine?.ok ? mine.data.voters : []
  // Every voter I act for has voted: the receipt (hers alone, or the meeting's list of them), not "vote".
  const done = voters.length > 0 && voters.every((v) => v.ballot)
  const main =
    m.status === 'open' && done
      ? voters.length === 1
        ? `${path}/receipt?voter=${encodeURIComponent(voters[0]!.voter)}`
        : path
      : live
        ? path
        : `${path}/results`
  return (
    <li class="unit meeting-card">
      <h3>
        <a href={path}>{m.title}</a>
      </h3>
      <When o={o} status={m.status} opensAt={m.opensAt} closesAt={m.closesAt} />
      {mine?.ok && (
        <ul class="plain-list">
          {mine.data.voters
            // Past meetings: only what was cast (“not yet” no longer applies).
            .filter((v) => live || v.ballot)
            .map((v) => {
              const units = v.units.join(t.value.listSeparator)
              return (
                <li key={v.voter} class={v.ballot ? 'voted' : ''}>
                  {v.ballot ? o.voted(units) : o.notVoted(units)}
                  {v.ballot && (
                    <>
                      <br />
                      <span class="note voted-when">
                        {v.ballot.by === 'self' ? (
                          votedLine(n, v.ballot, t.value.dateLocale)
                        ) : (
                          <CastBy c={v.ballot} />
                        )}
                      </span>
                    </>
                  )}
                </li>
              )
            })}
        </ul>
      )}
      <p class="links">
        <a class="button wide" href={main}>
          {m.status === 'open' ? (done ? o.home.voted : o.home.open) : live ? o.home.view : o.home.results}
        </a>
        {m.status !== 'noticed' && (
          <a class="button secondary wide" href={`${path}/voted`}>
            {n.whoVotedLink}
          </a>
        )}
      </p>
    </li>
  )
}

/** A proxy holder who owns nothing in the estate: the meetings and voters they may act for (GET /api/me). */
export function ProxyHome({ proxies }: { proxies: Me['proxies'] }) {
  const o = useOwnerAll()
  useTitle(o?.home.proxies ?? '…')
  if (!o) return <Loading />
  return (
    <>
      <h1 tabIndex={-1}>{o.home.proxies}</h1>
      <ul class="cards">
        {proxies.map((p) => (
          <li key={p.id}>
            <a class="card-link" href={meetingPath(p.estateId, p.meetingId)}>
              <span class="card-title">{p.meetingTitle}</span>
              <span>{o.home.proxyFor(p.voter)}</span>
            </a>
          </li>
        ))}
      </ul>
    </>
  )
}
