import { useEffect, useState } from 'preact/hooks'
import type { ActingVoter, MeetingMatter, MeetingStatus, Result } from '../api-meetings'
import { useLoad as useSharedLoad } from '../http'
import { formatDate, useI18n, type Catalogue } from '../i18n'
import { preloadOwnerText, type OwnerCatalogue } from '../i18n/owner'
import { useRareText, type OwnerRareCatalogue } from '../i18n/owner-rare'

/** What the owner's meeting pages share (one chunk): loading, refusals in words, countdowns, rules in words. */

preloadOwnerText(document.documentElement.lang)

export type Loaded<T> = Result<T> | null

/** The web app's one `useLoad` (http.ts), typed for the owner's calls: their answer or their refusal. */
export const useLoad: <T>(get: () => Promise<Result<T>>, deps: unknown[]) => [Loaded<T>, () => void] =
  useSharedLoad

/** The words for the voting path's refusals (owner-rare), else the entry catalogue's for the common codes. */
export function refusalText(r: OwnerRareCatalogue, t: Catalogue, error: string): string {
  const common = t.errors as Record<string, string | undefined>
  return (
    r.refusals[error] ??
    common[error] ??
    (error.endsWith('_not_found') ? t.errors.not_found : t.errors.unexpected)
  )
}

/** A refusal or failure in words; signed out, a way to sign in that comes back here. */
export function Refusal({ o, error, onRetry }: { o: OwnerCatalogue; error: string; onRetry?: () => void }) {
  const { t } = useI18n()
  const r = useRareText()
  return (
    <div class="problem" role="alert">
      <p>{r ? refusalText(r, t.value, error) : t.value.loading}</p>
      {error === 'unauthenticated' ? (
        <a class="button" href={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`}>
          {o.signIn}
        </a>
      ) : (
        onRetry &&
        (error === 'network' || error === 'unexpected') && (
          <button type="button" class="button" onClick={onRetry}>
            {t.value.retry}
          </button>
        )
      )}
    </div>
  )
}

export function Loading() {
  const { t } = useI18n()
  return <p role="status">{t.value.loading}</p>
}

/** "3 天 4 小时" until `iso`, refreshed every minute; null once passed. */
export function useCountdown(o: OwnerCatalogue, iso: string): string | null {
  const [now, setNow] = useState(Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000)
    return () => clearInterval(timer)
  }, [])
  const ms = Date.parse(iso) - now
  if (ms <= 0) return null
  const hours = Math.max(1, Math.floor(ms / 3_600_000))
  return o.duration(Math.floor(hours / 24), hours % 24)
}

/** The status line with its countdown and the voting window. */
export function When(props: { o: OwnerCatalogue; status: MeetingStatus; opensAt: string; closesAt: string }) {
  const { o, status } = props
  const { t } = useI18n()
  const toOpen = useCountdown(o, props.opensAt)
  const toClose = useCountdown(o, props.closesAt)
  const d = (iso: string) => formatDate(iso, t.value.dateLocale, true)
  return (
    <div class="when">
      <p class={`tag status-${status}`}>{o.status[status]}</p>
      {status === 'noticed' && toOpen && <p class="countdown">{o.opensIn(toOpen)}</p>}
      {status === 'open' && toClose && <p class="countdown">{o.closesIn(toClose)}</p>}
      <p class="note">{o.window(d(props.opensAt), d(props.closesAt))}</p>
    </div>
  )
}

// 民法典 art. 278(2): items 六 to 八 need 3/4 of the participating area and owners; the others more than half.
const SPECIAL = new Set(['raise_maintenance_fund', 'rebuild', 'common_parts_use'])

/** The rule a matter needs, in plain sentences (the law's, or the stricter one of the rules of procedure). */
export function ruleText(o: OwnerCatalogue, m: MeetingMatter): string[] {
  const c = o.meeting
  const law = SPECIAL.has(m.kind) ? { num: 3, den: 4, strict: false } : { num: 1, den: 2, strict: true }
  const a = m.approval ?? law
  const p = m.participation ?? { num: 2, den: 3, strict: false }
  const lines = [
    m.kind === 'elect_committee' && 'seats' in m && m.seats !== undefined
      ? c.seats(m.seats)
      : c.approval(o.share(a.num, a.den, a.strict)),
    c.participation(o.share(p.num, p.den, p.strict)),
  ]
  if (m.approval || m.participation) lines.push(c.stricter)
  return lines
}

export const unitsText = (units: readonly string[], sep: string) => units.join(sep)

export const meetingPath = (estateId: string, meetingId: string) =>
  `/estates/${encodeURIComponent(estateId)}/meetings/${encodeURIComponent(meetingId)}`

/** "12月2日 03:36": month, day and time in Beijing, as the unit's ballot and requests are told. */
export const when = (iso: string, locale: string) =>
  new Date(iso).toLocaleString(locale, {
    timeZone: 'Asia/Shanghai',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })

/** "本户已由共有人 贾* 于 12月2日 03:36 投票。": who cast the unit's ballot (masked by the server) and when. */
export function CastBy({ c }: { c: Pick<NonNullable<ActingVoter['ballot']>, 'by' | 'castAt' | 'byName'> }) {
  const r = useRareText()
  const { t } = useI18n()
  return <>{r && r.by[c.by](c.byName ?? r.someone, when(c.castAt, t.value.dateLocale))}</>
}
