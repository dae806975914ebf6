import { useEffect, useState } from 'preact/hooks'
import type { Me } from '../api'
import type { ActingVoter } from '../api-meetings'
import { formatDate, useI18n, type Locale } from '../i18n'
import type { NoticesCatalogue } from '../i18n/notices-zh-CN'

/**
 * What an owner is told about their own account and vote, on their own devices: a take-over of the account asked
 * for (a re-issued letter that would end their passkeys — a convener holds the roll and the letters, so the owner
 * must hear of it from somewhere the convener does not control), an activation that votes only once a supervisor
 * approves it, and when and how their unit voted. Shared by 我的, the start page and the who-voted page; the words
 * are a chunk of their own, never on the voting path.
 */

const loaded: Partial<Record<Locale, NoticesCatalogue>> = {}

/** The notices' words in the reader's language, or null while they are on the wire. */
export function useNoticesText(): NoticesCatalogue | null {
  const wanted = useI18n().locale.value
  const [, arrived] = useState(0)
  useEffect(() => {
    if (loaded[wanted]) return
    let live = true
    void (wanted === 'en' ? import('../i18n/notices-en') : import('../i18n/notices-zh-CN')).then((m) => {
      loaded[wanted] = m.default
      if (live) arrived((n) => n + 1)
    })
    return () => {
      live = false
    }
  }, [wanted])
  return loaded[wanted] ?? null
}

/** The take-over alerts and the awaiting-approval notice of the signed-in account (GET /api/me); nothing if none. */
export function AccountNotices({ me }: { me: Me }) {
  const n = useNoticesText()
  const { t } = useI18n()
  if (!n || (me.alerts.length === 0 && !me.account.approvalPending)) return null
  const date = (iso: string) => formatDate(iso, t.value.dateLocale, true)
  return (
    <>
      {me.alerts.length > 0 && (
        <section class="account-alerts" aria-labelledby="account-alerts-heading">
          <h2 id="account-alerts-heading">{n.alerts.heading}</h2>
          {me.alerts.map((a) => (
            <div
              key={`${a.unit} ${a.requestedAt}`}
              // Still open or carried out: the owner must act if it was not them. Refused: nothing changed.
              class={a.decision === 'refused' ? 'notice' : 'problem'}
            >
              <p>
                {a.decision === 'approved'
                  ? n.alerts.approved(a.unit)
                  : a.decision === 'refused'
                    ? n.alerts.refused(a.unit)
                    : n.alerts.takeover(a.unit)}
              </p>
              <p>
                {n.alerts.requestedAt(date(a.requestedAt))}
                {a.decidedAt && (
                  <>
                    <br />
                    {n.alerts.decidedAt(date(a.decidedAt))}
                  </>
                )}
              </p>
            </div>
          ))}
        </section>
      )}
      {me.account.approvalPending && (
        <div class="notice account-pending">
          <p>{n.approvalPending}</p>
        </div>
      )}
    </>
  )
}

/** "已于 12月2日 03:36 通过网上投票": when (Beijing time) and by which channel a voter's ballot was cast. */
export function votedLine(
  n: NoticesCatalogue,
  ballot: Pick<NonNullable<ActingVoter['ballot']>, 'channel' | 'castAt'>,
  dateLocale: string,
): string {
  const when = new Intl.DateTimeFormat(dateLocale, {
    timeZone: 'Asia/Shanghai',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(ballot.castAt))
  const say = (n.voted as Record<string, ((when: string) => string) | undefined>)[ballot.channel]
  return (say ?? n.voted.other)(when)
}
