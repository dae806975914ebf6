import { useEffect, useState } from 'preact/hooks'
import { lazy } from 'preact-iso'
import { fetchEstates, type ApiResult, type Estates } from '../api'
import { Problem } from '../components/problem'
import { useI18n, useTitle } from '../i18n'
import { useSession } from '../session'

type EstatesResult = ApiResult<Estates>

// A signed-in owner's start page brings the meeting pages with it; visitors without an account never load them.
const OwnerHome = lazy(() => import('./owner-home'))
const ProxyHome = lazy(() => import('./owner-home').then((m) => m.ProxyHome))

/** The start page: a signed-in owner's estate and meetings; for everyone else, the estates and their rolls. */
export default function Home() {
  const session = useSession().state.value
  const { t } = useI18n()
  if (session.status === 'signed_in' && session.me.owner) return <OwnerHome owner={session.me.owner} />
  if (session.status === 'signed_in' && session.me.proxies.length > 0)
    return <ProxyHome proxies={session.me.proxies} />
  if (session.status === 'loading') return <p role="status">{t.value.loading}</p>
  return <Estates />
}

function Estates() {
  const { t } = useI18n()
  const [result, setResult] = useState<EstatesResult | null>(null)
  const [attempt, setAttempt] = useState(0)
  useTitle(t.value.home.title)

  useEffect(() => {
    const controller = new AbortController()
    setResult(null)
    void fetchEstates(controller.signal).then((r) => {
      if (!controller.signal.aborted) setResult(r)
    })
    return () => controller.abort()
  }, [attempt])

  return (
    <>
      <h1 tabIndex={-1}>{t.value.home.heading}</h1>
      <p>{t.value.home.intro}</p>
      {result === null ? (
        <p role="status">{t.value.loading}</p>
      ) : !result.ok ? (
        <Problem error={result.error} onRetry={() => setAttempt((n) => n + 1)} />
      ) : result.data.estates.length === 0 ? (
        <p>{t.value.home.empty}</p>
      ) : (
        <ul class="cards">
          {result.data.estates.map((e) => (
            <li key={e.id}>
              <a class="card-link" href={`/estates/${encodeURIComponent(e.id)}/roll`}>
                <span class="card-title">{e.name}</span>
                <span>{t.value.home.openRoll}</span>
              </a>
              <p class="card-extra">
                <a href={`/estates/${encodeURIComponent(e.id)}/disclosures`}>
                  {t.value.home.openDisclosures}
                </a>
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
