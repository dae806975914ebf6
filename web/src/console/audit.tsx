import { useEffect, useState } from 'preact/hooks'
import type { AuditDetail } from '../i18n/staff-console-zh-CN'
import { fetchAudit, type AuditEntry, type AuditPage, type AuditQuery, type Failure } from './api'
import { FailureText, Frame, countText, formatWhen, useConsole, type C } from './frame'

const PAGE = 25

/** 审计日志: the estate's audit entries, newest first, with the status of the whole hash chain. */
export default function AuditPageView({ estateId }: { estateId: string }) {
  const state = useConsole(estateId)
  const { c } = state
  return (
    <Frame
      estateId={estateId}
      state={state}
      heading={c.audit.heading}
      title={state.estateName ? c.audit.title(state.estateName) : c.audit.heading}
    >
      <AuditLog estateId={estateId} c={c} />
    </Frame>
  )
}

/** A China calendar day (the date input's yyyy-mm-dd) as the instant it starts, or the next one starts. */
const dayStart = (day: string, next = false): string | undefined => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined
  const at = Date.parse(`${day}T00:00:00+08:00`) + (next ? 86_400_000 : 0)
  return new Date(at).toISOString()
}

interface Filter {
  readonly kind: string
  readonly actor: string
  readonly from: string
  readonly to: string
}
const NO_FILTER: Filter = { kind: '', actor: '', from: '', to: '' }

/**
 * The log itself, filtered and paged by the server; `subject` narrows it to one meeting's entries (the
 * supervisors' meeting view). Each entry reads as a sentence — who (name and role), did what, to what, when —
 * with its raw record one click away.
 */
export function AuditLog({ estateId, c, subject }: { estateId: string; c: C; subject?: string }) {
  const [page, setPage] = useState<AuditPage | null>(null)
  const [failure, setFailure] = useState<Failure | null>(null)
  const [offset, setOffset] = useState(0)
  const [filter, setFilter] = useState<Filter>(NO_FILTER)
  const [draft, setDraft] = useState<Filter>(NO_FILTER)
  useEffect(() => {
    const query: AuditQuery = {
      ...(subject ? { subject } : {}),
      ...(filter.kind ? { action: filter.kind } : {}),
      ...(filter.actor ? { actor: filter.actor } : {}),
      ...(dayStart(filter.from) ? { from: dayStart(filter.from) as string } : {}),
      ...(dayStart(filter.to, true) ? { to: dayStart(filter.to, true) as string } : {}),
    }
    let live = true
    void fetchAudit(estateId, offset, PAGE, query).then((r) => {
      if (!live) return
      if (!r.ok) return setFailure(r)
      setFailure(null)
      setPage(r.data)
    })
    return () => {
      live = false
    }
  }, [estateId, subject, offset, filter])
  if (failure) return <FailureText failure={failure} c={c} />
  if (!page) return <p role="status">{c.loading}</p>
  const kinds = [...new Set(page.facets.actions.map((a) => a.split('.')[0] ?? a))]
  const roleText = (role: string) => c.audit.roles[role] ?? c.audit.roleOther
  // The range the shown page holds, as the server answered it (the next page's may still be on its way).
  const first = page.offset
  const last = Math.min(page.total, page.offset + page.entries.length)
  return (
    <section aria-label={c.audit.heading} class="audit-log">
      <p class={page.chain.ok ? 'ok chain' : 'bad chain'} role="status">
        {page.chain.ok
          ? c.audit.chainOk(countText(page.chain.entries))
          : c.audit.chainBroken(String(page.chain.brokenAt ?? '?'))}
      </p>
      <form
        class="audit-filters"
        aria-label={c.audit.filters}
        onSubmit={(e) => {
          e.preventDefault()
          setOffset(0)
          setFilter(draft)
        }}
      >
        <div class="field">
          <label for="audit-kind">{c.audit.kind}</label>
          <select
            id="audit-kind"
            value={draft.kind}
            onChange={(e) => setDraft({ ...draft, kind: e.currentTarget.value })}
          >
            <option value="">{c.audit.anyKind}</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {c.audit.kinds[k] ?? c.audit.unknown}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="audit-actor">{c.audit.actor}</label>
          <select
            id="audit-actor"
            value={draft.actor}
            onChange={(e) => setDraft({ ...draft, actor: e.currentTarget.value })}
          >
            <option value="">{c.audit.anyActor}</option>
            {[...new Map(page.facets.actors.map((a) => [a.actor, a])).values()].map((a) => (
              <option key={a.actor} value={a.actor}>
                {c.audit.who(a.name ?? c.audit.someone, roleText(a.role))}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="audit-from">{c.audit.from}</label>
          <input
            id="audit-from"
            type="date"
            value={draft.from}
            onInput={(e) => setDraft({ ...draft, from: e.currentTarget.value })}
          />
        </div>
        <div class="field">
          <label for="audit-to">{c.audit.to}</label>
          <input
            id="audit-to"
            type="date"
            value={draft.to}
            onInput={(e) => setDraft({ ...draft, to: e.currentTarget.value })}
          />
        </div>
        <div class="actions">
          <button type="submit" class="button">
            {c.audit.apply}
          </button>
          <button
            type="button"
            class="button secondary"
            onClick={() => {
              setDraft(NO_FILTER)
              setFilter(NO_FILTER)
              setOffset(0)
            }}
          >
            {c.audit.clear}
          </button>
        </div>
      </form>
      <p class="audit-count" role="status">
        {page.total === 0
          ? c.audit.none
          : c.audit.pageOf(countText(first + 1), countText(last), countText(page.total))}
      </p>
      <ol class="cards audit-entries">
        {page.entries.map((e) => (
          <li key={e.id} class="audit-entry">
            <p>
              <strong>{actorText(e, c)}</strong> {sentence(e, c)}
            </p>
            <p class="note">
              <time dateTime={e.at}>{formatWhen(e.at, c)}</time> · {c.audit.entryNo(e.id)}
            </p>
            <details>
              <summary>{c.audit.raw}</summary>
              {/* Wrapped, so a long hash never makes a phone's page scroll sideways. */}
              <pre class="raw" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {JSON.stringify(
                  {
                    id: e.id,
                    at: e.at,
                    actor: e.actor,
                    role: e.role,
                    action: e.action,
                    subject: e.subject,
                    before: e.before,
                    after: e.after,
                    hash: e.hash,
                  },
                  null,
                  2,
                )}
              </pre>
            </details>
          </li>
        ))}
      </ol>
      <nav class="actions" aria-label={c.audit.pages}>
        <button
          type="button"
          class="button secondary"
          disabled={offset === 0}
          onClick={() => setOffset(Math.max(0, offset - PAGE))}
        >
          {c.audit.prev}
        </button>
        <button
          type="button"
          class="button secondary"
          disabled={offset + PAGE >= page.total}
          onClick={() => setOffset(offset + PAGE)}
        >
          {c.audit.next}
        </button>
      </nav>
    </section>
  )
}

/** Who acted: a person's name and role; the system or a visitor in words, never an account id. */
function actorText(e: AuditEntry, c: C): string {
  if (e.actorName) return c.audit.who(e.actorName, c.audit.roles[e.role] ?? c.audit.roleOther)
  if (e.actor.startsWith('system:seed')) return c.audit.seed
  if (e.actor.startsWith('system') || e.role === 'system') return c.audit.system
  if (e.actor === 'anonymous') return c.audit.anonymous
  return c.audit.who(c.audit.someone, c.audit.roles[e.role] ?? c.audit.roleOther)
}

const field = (v: unknown, k: string): string | undefined => {
  if (typeof v !== 'object' || v === null) return undefined
  const x = (v as Record<string, unknown>)[k]
  return typeof x === 'string' && x !== '' ? x : undefined
}

/** What was done, to what: the action's sentence with the unit (or voter), the meeting's title, the channel. */
function sentence(e: AuditEntry, c: C): string {
  const u =
    field(e.after, 'voter') ??
    field(e.after, 'unit') ??
    field(e.before, 'voter') ??
    field(e.before, 'unit') ??
    // A unit's or an invitation's entries have the unit as their subject; a meeting's have its title.
    (e.subject && !e.meetingTitle && /^\d[\w-]*$/.test(e.subject) ? e.subject : undefined)
  const channel = field(e.after, 'channel')
  const d: AuditDetail = {
    u,
    m: e.meetingTitle ?? undefined,
    ch: channel ? c.audit.channels[channel] : undefined,
  }
  const say = c.audit.actions[e.action]
  return say ? say(d) : c.audit.unknown
}
