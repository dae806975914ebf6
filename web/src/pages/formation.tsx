import { useEffect, useState } from 'preact/hooks'
import { Problem } from '../components/problem'
import { request, useLoad } from '../http'
import { useI18n, useTitle } from '../i18n'
import type { FormationCatalogue } from '../i18n/formation-zh-CN'
import { clockWords, fetchPublicFormation, stageWords, type PublicFormation } from '../console/formation-api'
import './formation.css'

/**
 * 业主大会成立情况: the owners' notice of their estate's formation (domain §7) — the stage in words, the dates, the
 * statutory clocks, and the group's member list once the group has published it, as a notice on the estate's board
 * would show it (full names, never phone numbers), printable. Public, made for a phone; its own chunk and words.
 */
function useFormationWords(): FormationCatalogue | null {
  const { locale } = useI18n()
  const [words, setWords] = useState<{ locale: string; f: FormationCatalogue } | null>(null)
  const wanted = locale.value
  useEffect(() => {
    let live = true
    void (wanted === 'en' ? import('../i18n/formation-en') : import('../i18n/formation-zh-CN')).then(
      (m) => live && setWords({ locale: wanted, f: m.default }),
    )
    return () => {
      live = false
    }
  }, [wanted])
  return words?.f ?? null
}

/** A date or an instant as a China calendar day in the reader's language. */
function day(value: string, locale: string): string {
  const at = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00+08:00` : value
  const d = new Date(at)
  if (Number.isNaN(d.getTime())) return value
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(d)
}

export default function FormationPage({ estateId }: { estateId: string }) {
  const f = useFormationWords()
  const { t, locale } = useI18n()
  const [loaded, retry] = useLoad(() => fetchPublicFormation(estateId), [estateId])
  const [estateName, setEstateName] = useState('')
  useEffect(() => {
    void request<{ estate: { name: string } }>('GET', `/api/estates/${encodeURIComponent(estateId)}`).then(
      (r) => r.ok && setEstateName(r.data.estate.name),
    )
  }, [estateId])
  useTitle(f ? (estateName ? f.owner.title(estateName) : f.owner.heading) : '')
  if (!f) return null
  const lang = locale.value
  return (
    <div class="formation-page">
      {estateName && <p class="estate-name">{estateName}</p>}
      <h1 tabIndex={-1}>{f.owner.heading}</h1>
      {loaded === null ? (
        <p role="status">{t.value.loading}</p>
      ) : !loaded.ok ? (
        <Problem error={loaded.code === 'network' ? 'network' : 'unexpected'} onRetry={retry} />
      ) : (
        <Body formation={loaded.data.formation} f={f} lang={lang} estateId={estateId} />
      )}
    </div>
  )
}

function Body(props: { formation: PublicFormation; f: FormationCatalogue; lang: string; estateId: string }) {
  const { formation, f, lang } = props
  const group = formation.group
  const members = group?.members ?? null
  const meeting = formation.firstMeeting
  return (
    <>
      <p class="notice formation-stage" data-stage={formation.stage}>
        {stageWords(f, formation.stage, group?.kind)}
      </p>
      {formation.reelectionLock && <p class="notice">{f.lock(day(formation.reelectionLock.since, lang))}</p>}
      <section aria-labelledby="formation-dates">
        <h2 id="formation-dates">{f.owner.dates}</h2>
        <ul class="formation-dates">
          {formation.application && <li>{f.owner.applied(day(formation.application.appliedOn, lang))}</li>}
          {group && <li>{f.owner.formed(f.kind[group.kind], day(group.formedAt, lang))}</li>}
          {group?.membersPublishedAt && <li>{f.group.published(day(group.membersPublishedAt, lang))}</li>}
          {formation.filing && (
            <li>{f.owner.filed(formation.filing.term, day(formation.filing.filedAt ?? '', lang))}</li>
          )}
        </ul>
      </section>
      {formation.clocks.length > 0 && (
        <section aria-labelledby="formation-clocks">
          <h2 id="formation-clocks">{f.clocks.heading}</h2>
          <ul class="formation-clocks">
            {formation.clocks.map((k) => (
              <li key={k.name} class={`clock-${k.status}`}>
                <span class="clock-name">{clockWords(f, k.name, group?.kind)}</span>
                <span class="clock-when">
                  {day(k.lastDay, lang)} ·{' '}
                  {k.status === 'running'
                    ? f.clocks.running(k.daysLeft ?? 0)
                    : k.status === 'met'
                      ? f.clocks.met
                      : k.metOn
                        ? f.clocks.metLate
                        : f.clocks.overdue}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {group && (
        <section aria-labelledby="formation-members" class="formation-members">
          <h2 id="formation-members">
            {f.kind[group.kind]} · {f.owner.members}
          </h2>
          {members ? (
            <>
              <ol>
                {members.map((m) => (
                  <li key={m.position}>
                    <strong>{m.name}</strong> ·{' '}
                    {m.leader ? f.note(f.memberKind[m.kind], f.group.leader) : f.memberKind[m.kind]}
                  </li>
                ))}
              </ol>
              <button type="button" class="button secondary no-print" onClick={() => window.print()}>
                {f.owner.print}
              </button>
            </>
          ) : (
            <p>{f.owner.membersPending}</p>
          )}
        </section>
      )}
      {meeting && (
        <section aria-labelledby="formation-meeting">
          <h2 id="formation-meeting">
            {group?.kind === 're_election' ? f.owner.reelectionMeeting : f.owner.firstMeeting}
          </h2>
          <p>
            {meeting.title} · {f.meeting.opens(day(meeting.opensAt, lang))}
          </p>
          {meeting.status !== 'draft' && (
            <p>
              <a
                href={`/estates/${encodeURIComponent(props.estateId)}/meetings/${encodeURIComponent(meeting.id)}`}
              >
                {f.owner.meetingLink}
              </a>
            </p>
          )}
        </section>
      )}
      {formation.outcome && (
        <section aria-labelledby="formation-outcome">
          <h2 id="formation-outcome">{f.outcome.heading}</h2>
          {formation.outcome.outcome === 'assembly_formed' ? (
            <p>{f.outcome.formed}</p>
          ) : (
            <>
              <p>{f.outcome.failed}</p>
              <ul>
                {formation.outcome.reasons.map((r) => (
                  <li key={r.code}>{f.outcome.reasons[r.code]}</li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
      <p class="spaced no-print">
        <a href={`/estates/${encodeURIComponent(props.estateId)}/roll`}>{f.owner.back}</a>
      </p>
    </>
  )
}
