import { useEffect, useState } from 'preact/hooks'
import { fetchAudit, type AuditEntry, type AuditPage, type Failure } from './api'
import { FailureText, Frame, countText, formatWhen, useConsole, type C } from './frame'
import { Table } from './table'

const PAGE = 100

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

/** The log itself; `subject` narrows it to one meeting's entries (the supervisors' meeting view). */
export function AuditLog({ estateId, c, subject }: { estateId: string; c: C; subject?: string }) {
  const [page, setPage] = useState<AuditPage | null>(null)
  const [entries, setEntries] = useState<AuditEntry[]>([])
  const [failure, setFailure] = useState<Failure | null>(null)
  const [offset, setOffset] = useState(0)
  useEffect(() => {
    void fetchAudit(estateId, offset, PAGE).then((r) => {
      if (!r.ok) return setFailure(r)
      setPage(r.data)
      setEntries((list) => (offset === 0 ? [...r.data.entries] : [...list, ...r.data.entries]))
    })
  }, [estateId, offset])
  if (failure) return <FailureText failure={failure} c={c} />
  if (!page) return <p role="status">{c.loading}</p>
  const shown = subject ? entries.filter((e) => e.subject === subject) : entries
  return (
    <section aria-labelledby="audit-chain">
      <p id="audit-chain" class={page.chain.ok ? 'ok chain' : 'bad chain'} role="status">
        {page.chain.ok
          ? c.audit.chainOk(countText(page.chain.entries))
          : c.audit.chainBroken(String(page.chain.brokenAt ?? '?'))}
      </p>
      <p>{c.audit.total(countText(page.total))}</p>
      <Table
        class="audit"
        rows={shown}
        rowKey={(e) => e.id}
        columns={[
          { header: '#', cell: (e) => e.id },
          { header: c.audit.at, cell: (e) => formatWhen(e.at, c) },
          { header: c.audit.actor, cell: (e) => e.actor },
          { header: c.audit.role, cell: (e) => e.role },
          { header: c.audit.action, cell: (e) => e.action },
          { header: c.audit.subject, cell: (e) => e.subject ?? '' },
        ]}
      />
      {offset + PAGE < page.total && (
        <button type="button" class="button secondary" onClick={() => setOffset(offset + PAGE)}>
          {c.audit.more}
        </button>
      )}
    </section>
  )
}
