import { AuditLog } from '../audit'
import type { C } from '../frame'

/** The supervisors' view of the meeting's own audit entries, with the way to the whole log and the roll's changes. */
export function MeetingAudit({ estateId, meetingId, c }: { estateId: string; meetingId: string; c: C }) {
  return (
    <section aria-labelledby="meeting-audit-heading">
      <h2 id="meeting-audit-heading">{c.supervise.meetingAudit}</h2>
      <p>
        <a href={`/console/${encodeURIComponent(estateId)}/audit`}>{c.supervise.auditLink}</a> ·{' '}
        <a href={`/console/${encodeURIComponent(estateId)}/roll`}>{c.supervise.rollChangesLink}</a>
      </p>
      {/* Filtered and paged by the server: only this meeting's entries are fetched. */}
      <AuditLog estateId={estateId} c={c} subject={meetingId} />
    </section>
  )
}
