import type { ComponentChildren } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import type { StaffRole } from '../api'
import { useI18n, useTitle } from '../i18n'
import staffConsoleEn from '../i18n/staff-console-en'
import staffConsoleZhCN, { type StaffConsoleCatalogue } from '../i18n/staff-console-zh-CN'
import { useSession } from '../session'
import { fetchEstate, type Failure } from './api'
import './console.css'

export type C = StaffConsoleCatalogue

/** The console's words in the reader's language (the staff catalogue; owners' phones never load it). */
export function useConsoleText(): C {
  const { locale } = useI18n()
  return locale.value === 'en' ? staffConsoleEn : staffConsoleZhCN
}

/** The roles of one estate, which the console serves; an admin's role is of the platform, not of an estate. */
export type ConsoleRole = Exclude<StaffRole, 'admin'>

export interface ConsoleState {
  readonly c: C
  /** null while the session loads; 'none' for someone who is not staff of this estate. */
  readonly role: ConsoleRole | 'none' | null
  /** Every console role the person holds in this estate (a convener may also be a supervisor). */
  readonly roles: readonly ConsoleRole[]
  readonly estateName: string
}

/**
 * Who is looking at this estate's console. A person with several roles of one estate acts as convener: the API
 * decides per route anyway, the page only chooses what to offer.
 */
export function useConsole(estateId: string): ConsoleState {
  const c = useConsoleText()
  const session = useSession()
  const { route, path } = useLocation()
  const [estateName, setEstateName] = useState('')
  useEffect(() => {
    void session.load()
  }, [session])
  useEffect(() => {
    void fetchEstate(estateId).then((r) => r.ok && setEstateName(r.data.estate.name))
  }, [estateId])
  const state = session.state.value
  useEffect(() => {
    if (state.status === 'signed_out') route(`/signin?next=${encodeURIComponent(path)}`, true)
    // Not on `route`/`path`: they change with every navigation.
  }, [state.status])
  let role: ConsoleState['role'] = null
  let roles: ConsoleRole[] = []
  if (state.status === 'signed_in') {
    const mine = state.me.roles.filter((r) => r.estateId === estateId).map((r) => r.role)
    roles = (['convener', 'supervisor', 'street_office'] as const).filter((r) => mine.includes(r))
    role = mine.includes('convener')
      ? 'convener'
      : mine.includes('street_office')
        ? 'street_office'
        : mine.includes('supervisor')
          ? 'supervisor'
          : 'none'
  } else if (state.status === 'failed') role = 'none'
  return { c, role, roles, estateName }
}

/** The console's frame: estate, the sections, the page's heading, and the reader's role when read-only. */
export function Frame(props: {
  estateId: string
  state: ConsoleState
  heading: string
  title?: string
  /** What a reader who is not a convener is told; null where they act on the page (the supervisors' approvals). */
  readOnly?: string | null
  children: ComponentChildren
}) {
  const { c, role, estateName } = props.state
  useTitle(props.title ?? props.heading)
  const base = `/console/${encodeURIComponent(props.estateId)}`
  const { path } = useLocation()
  const links: [string, string][] = [
    [base, c.nav.home],
    [`${base}/meetings`, c.nav.meetings],
    [`${base}/committee`, c.nav.committee],
    [`${base}/surveys`, c.nav.surveys],
    [`${base}/disclosures`, c.nav.disclosures],
    [`${base}/roll`, c.nav.roll],
    // The roll's published versions and the documents: one phone-friendly page for owners and conveners alike.
    [`/estates/${encodeURIComponent(props.estateId)}/publications/roll`, c.nav.publications],
    [`${base}/invitations`, c.nav.invitations],
    [`${base}/people`, c.nav.people],
    [`${base}/staff`, c.nav.staff],
    [`${base}/review`, c.nav.review],
    [`${base}/audit`, c.nav.audit],
    [`${base}/formation`, c.nav.formation],
  ]
  return (
    <div class="console">
      <nav class="console-nav no-print" aria-label={c.nav.label}>
        {estateName && <span class="estate-name">{estateName}</span>}
        <ul>
          {links.map(([href, text]) => (
            <li key={href}>
              <a href={href} aria-current={path === href ? 'page' : undefined}>
                {text}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <h1 tabIndex={-1}>{props.heading}</h1>
      {role === null ? (
        <p role="status">{c.loading}</p>
      ) : role === 'none' ? (
        <div class="problem" role="alert">
          <p>{c.home.notStaff}</p>
        </div>
      ) : (
        <>
          {role !== 'convener' && props.readOnly !== null && (
            <p class="notice read-only">{props.readOnly ?? c.role.readOnly}</p>
          )}
          {props.children}
        </>
      )}
    </div>
  )
}

/** A failure in the console's words, with every problem the server listed (calendar, agenda). */
export function FailureText({ failure, c }: { failure: Failure; c: C }) {
  const lines = problemLines(failure, c)
  return (
    <div class="problem" role="alert">
      <p>{c.errors[failure.code] ?? `${c.errors['unexpected']} (${failure.code})`}</p>
      {lines.length > 0 && (
        <ul>
          {lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      )}
      {failure.code === 'unauthenticated' && (
        // The 8-hour session ended while the page was open: sign in again and come back here.
        <a class="button" href={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`}>
          {c.signInAgain}
        </a>
      )}
    </div>
  )
}

export function problemLines(failure: Failure, c: C): string[] {
  const details = failure.details as
    | { problems?: unknown; voters?: unknown; count?: unknown; closesAt?: unknown; endedAt?: unknown }
    | undefined
  // The refusals of the counting period and of the final name what stands in the way: units, a count, a date.
  if (failure.code === 'paper_pending' && Array.isArray(details?.voters))
    return [c.problem.paperPending((details.voters as string[]).join(c.listSeparator))]
  if (failure.code === 'objections_unanswered' && typeof details?.count === 'number')
    return [c.problem.objectionsUnanswered(details.count)]
  if (failure.code === 'paper_received_after_close' && typeof details?.closesAt === 'string')
    return [c.problem.closesAt(formatEnd(details.closesAt, c))]
  if (failure.code === 'counting_over' && typeof details?.endedAt === 'string')
    return [c.problem.countingEnded(formatEnd(details.endedAt, c))]
  const problems = Array.isArray(details?.problems) ? (details.problems as Record<string, unknown>[]) : []
  return problems.map((p) => {
    const code = String(p['code'])
    if (code === 'opens_too_early' && typeof p['earliest'] === 'string')
      return c.problem.opens_too_early(formatWhen(p['earliest'], c))
    if (code === 'window_too_short') return c.problem.window_too_short(Number(p['minDays']))
    if (code === 'window_too_long') return c.problem.window_too_long(Number(p['maxDays']))
    if (code === 'closes_before_opening') return c.problem.closes_before_opening
    const text = c.problem.agenda[code] ?? c.errors[code] ?? code
    const detail = typeof p['detail'] === 'string' ? ` (${p['detail']})` : ''
    return typeof p['matter'] === 'string' ? c.problem.matter(p['matter'], text + detail) : text + detail
  })
}

/** A date and time in Beijing time: the estates are in China, and the legal calendar counts China days. */
export function formatWhen(iso: string, c: C, withTime = true): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return new Intl.DateTimeFormat(c.dateLocale, {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
  }).format(date)
}

/**
 * The end of a legal period in Beijing time: 民法典 art. 203 ends a period at 24:00 of its last day, so an end at
 * midnight is shown as 24:00 of the day before ("12月26日 24:00"), not as 00:00 of a day nobody voted on.
 */
export function formatEnd(iso: string, c: C): string {
  const at = new Date(iso).getTime()
  if (Number.isNaN(at)) return iso
  if ((at + CHINA_MS) % 86_400_000 !== 0) return formatWhen(iso, c)
  const parts = new Intl.DateTimeFormat(c.dateLocale, {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(at - 60_000))
  return parts.map((p) => (p.type === 'hour' ? '24' : p.type === 'minute' ? '00' : p.value)).join('')
}

const CHINA_MS = 8 * 3_600_000

/** An instant as the value of a datetime-local field in Beijing time ("2026-12-17T00:00"). */
export function toChinaLocal(iso: string): string {
  const d = new Date(new Date(iso).getTime() + CHINA_MS)
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 16)
}

/** A datetime-local value read as Beijing time, whatever the device's zone. */
export function fromChinaLocal(local: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local) ? `${local}:00+08:00` : local
}

/** Integer cm² as m² text, exactly (no floats): 1234567 → "123.4567". */
export function areaText(cm2: number): string {
  const s = String(Math.trunc(cm2)).padStart(5, '0')
  const whole = s.slice(0, -4).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  const fraction = s.slice(-4).replace(/0+$/, '')
  return fraction ? `${whole}.${fraction}` : whole
}

export const countText = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')

/** Days between two instants, to one decimal, for display only. */
export const daysText = (from: string, to: string) =>
  (Math.round((new Date(to).getTime() - new Date(from).getTime()) / 8_640_000) / 10).toString()

export const splitList = (text: string) => [...new Set(text.split(/[\s,，、;；]+/).filter(Boolean))]
