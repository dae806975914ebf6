import { useState } from 'preact/hooks'
import { ERROR_CODES, type ApiErrorCode } from '../api'
import type { MeetingApi, Ok } from '../api-types'
import { call, meetingBase } from '../api-meetings'
import { Field } from '../components/field'
import { Problem } from '../components/problem'
import { formatCount, groupDigits, useI18n, useTitle } from '../i18n'
import { useSession } from '../session'
import { fetchMeeting } from '../api-meetings'
import { Loading, meetingPath, useLoad } from './meeting-common'
import { useNoticesText } from './owner-notices'

/**
 * Who has voted, by unit and area (domain §12: public, never with a choice). An owner who did not vote sees at
 * once whether their unit is listed — the one sign, visible to them, that someone voted in their place — and their
 * own units are checked against the list at the top.
 */

type Voted = Ok<MeetingApi['voted']['$get']>

const fetchVoted = (estateId: string, meetingId: string) =>
  call<Voted>('GET', `${meetingBase(estateId, meetingId)}/voted`)

/** Square centimetres as square metres, two to four decimals as on the roll, in text (never a float). */
function m2(cm2: number): string {
  const whole = groupDigits(String(Math.floor(cm2 / 10_000)))
  const frac = String(cm2 % 10_000).padStart(4, '0')
  return `${whole}.${frac.endsWith('00') ? frac.slice(0, 2) : frac.endsWith('0') ? frac.slice(0, 3) : frac}`
}

const known = (error: string): ApiErrorCode =>
  (ERROR_CODES as readonly string[]).includes(error)
    ? (error as ApiErrorCode)
    : error.endsWith('_not_found')
      ? 'not_found'
      : 'unexpected'

// Full-width digits and dashes, as some Chinese keyboards type them, are the same characters.
const cleaned = (q: string) =>
  q
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[－—–]/g, '-')

export default function VotedPage({ estateId, meetingId }: { estateId: string; meetingId: string }) {
  const n = useNoticesText()
  const { t } = useI18n()
  const session = useSession().state.value
  const [meeting] = useLoad(() => fetchMeeting(estateId, meetingId), [estateId, meetingId])
  const [voted, retry] = useLoad(() => fetchVoted(estateId, meetingId), [estateId, meetingId])
  const [find, setFind] = useState('')
  useTitle(n?.whoVoted.heading ?? t.value.loading)
  if (!n || !voted) return <Loading />
  const w = n.whoVoted
  const sep = t.value.listSeparator
  const title = meeting?.ok ? meeting.data.meeting.title : null
  const noticed = meeting?.ok && meeting.data.meeting.status === 'noticed'

  const heading = (
    <>
      {title && <p class="estate-name">{title}</p>}
      <h1 tabIndex={-1}>{w.heading}</h1>
    </>
  )
  if (!voted.ok)
    return (
      <>
        {heading}
        <Problem error={known(voted.error)} onRetry={retry} />
      </>
    )

  const list = voted.data.voters
  const listedUnits = new Set(list.flatMap((v) => v.units))
  const owner = session.status === 'signed_in' ? session.me.owner : null
  const mine = owner?.estate.id === estateId ? owner.voters : []
  const q = cleaned(find)
  const shown = q ? list.filter((v) => v.units.some((u) => u.includes(q))) : list

  return (
    <>
      {heading}
      <p>{w.intro}</p>
      {mine.length > 0 && !noticed && (
        <section aria-labelledby="voted-mine-heading">
          <h2 id="voted-mine-heading">{w.mine}</h2>
          <ul class="plain-list">
            {mine.map((v) => {
              const units = v.units.map((u) => u.number)
              const listed = units.some((u) => listedUnits.has(u))
              return (
                <li key={v.id} class={listed ? 'voted' : ''}>
                  {listed ? w.listed(units.join(sep)) : w.notListed(units.join(sep))}
                </li>
              )
            })}
          </ul>
        </section>
      )}
      {noticed ? (
        <p class="empty">{w.notOpen}</p>
      ) : list.length === 0 ? (
        <p class="empty">{w.none}</p>
      ) : (
        <section aria-labelledby="voted-list-heading">
          <h2 id="voted-list-heading">{w.list}</h2>
          <p>{w.totals(formatCount(voted.data.heads), m2(voted.data.areaCm2))}</p>
          <Field id="voted-find" label={w.find} hint={w.findHint}>
            <input
              id="voted-find"
              type="search"
              value={find}
              onInput={(e) => setFind(e.currentTarget.value)}
              aria-describedby="voted-find-hint"
              aria-controls="voted-list"
              autoComplete="off"
              spellcheck={false}
              maxLength={40}
            />
          </Field>
          <p role="status">{q && shown.length === 0 ? w.noMatch : ''}</p>
          <ul id="voted-list" class="plain-list voted-list" aria-labelledby="voted-list-heading">
            {shown.map((v) => (
              <li key={v.units.join(' ')}>{w.unitArea(v.units.join(sep), m2(v.areaCm2))}</li>
            ))}
          </ul>
        </section>
      )}
      <p class="spaced">
        <a href={meetingPath(estateId, meetingId)}>{w.back}</a>
      </p>
    </>
  )
}
