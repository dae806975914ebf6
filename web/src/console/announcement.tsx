import { fetchAnnouncement } from './api'
import { Frame, formatWhen, useConsole } from './frame'
import { Loaded, useLoad } from './load'

/**
 * 公告: the preliminary or final announcement, per matter the outcome and its explanation, elected members and
 * alternates, the results bundle's SHA-256 and the audit chain head; on paper one A4 sheet per page (console.css).
 */
export default function AnnouncementPage({ estateId, meetingId }: { estateId: string; meetingId: string }) {
  const state = useConsole(estateId)
  const { c } = state
  const [a] = useLoad(() => fetchAnnouncement(estateId, meetingId), 'announcement', [estateId, meetingId])
  const ok = a?.ok ? a.data : null
  const heading = ok
    ? ok.kind === 'final'
      ? c.announcement.final
      : c.announcement.preliminary
    : c.announcement.preliminary
  const zh = c.dateLocale === 'zh-CN'
  return (
    <Frame
      estateId={estateId}
      state={state}
      heading={heading}
      title={ok ? c.announcement.title(ok.meeting.title) : heading}
    >
      <Loaded state={a} c={c}>
        {(ok) => (
          <>
            <p class="no-print">
              <button type="button" class="button" onClick={() => window.print()}>
                {c.announcement.print}
              </button>
            </p>
            <article class="announcement">
              <h2>
                {ok.estate.name} · {heading}
              </h2>
              <p>{c.announcement.meetingLine(ok.meeting.title)}</p>
              <p>
                {c.announcement.window(formatWhen(ok.meeting.opensAt, c), formatWhen(ok.meeting.closesAt, c))}
              </p>
              {ok.publishedAt && <p>{c.announcement.publishedAt(formatWhen(ok.publishedAt, c))}</p>}
              {ok.kind === 'preliminary' && (
                <p>{c.announcement.objectionsEnd(formatWhen(ok.objectionsEndAt, c))}</p>
              )}
              {ok.matters.map((x) => (
                <section key={x.id} class="matter">
                  <h3>
                    {x.id} {x.title}
                  </h3>
                  <p>
                    <strong>{c.announcement.outcome[x.outcome] ?? x.outcome}</strong>
                  </p>
                  <p>{zh ? x.summary.zh : x.summary.en}</p>
                  <ul>
                    {x.lines.map((l, i) => (
                      <li key={i}>{zh ? l.zh : l.en}</li>
                    ))}
                  </ul>
                  {'elected' in x && x.elected && x.elected.length > 0 && (
                    <p>
                      {c.announcement.elected}: {x.elected.join(c.listSeparator)}
                    </p>
                  )}
                  {'alternates' in x && x.alternates && x.alternates.length > 0 && (
                    <p>
                      {c.announcement.alternates}: {x.alternates.join(c.listSeparator)}
                    </p>
                  )}
                  {'tied' in x && x.tied && x.tied.length > 0 && (
                    <p>
                      {c.announcement.tied}: {x.tied.join(c.listSeparator)}
                    </p>
                  )}
                  {'vacantSeats' in x && typeof x.vacantSeats === 'number' && x.vacantSeats > 0 && (
                    <p>{c.announcement.vacant(x.vacantSeats)}</p>
                  )}
                </section>
              ))}
              <dl class="facts">
                <div>
                  <dt>{c.announcement.bundle}</dt>
                  <dd class="hash">{ok.bundleSha256}</dd>
                </div>
                <div>
                  <dt>{c.announcement.auditHead}</dt>
                  <dd class="hash">{ok.auditHead}</dd>
                </div>
              </dl>
            </article>
          </>
        )}
      </Loaded>
    </Frame>
  )
}
