import { ErrorBoundary, LocationProvider, Route, Router, lazy } from 'preact-iso'
import { LanguageSwitch } from './components/language-switch'
import { Problem } from './components/problem'
import { useI18n } from './i18n'

// A page's chunk can fail to arrive over a weak mobile connection: say so and offer a retry, never a blank page.
function LoadFailed() {
  return <Problem error="network" onRetry={() => location.reload()} />
}

const orFailed = <T,>(load: Promise<{ default: T }>) => load.catch(() => ({ default: LoadFailed }))

const Home = lazy(() => orFailed(import('./pages/home')))
const RollPage = lazy(() => orFailed(import('./pages/roll')))
const NotFound = lazy(() => orFailed(import('./pages/not-found')))

// After a client-side navigation, move focus to the new page's heading so screen readers announce it.
function focusHeading() {
  document.querySelector<HTMLElement>('main h1')?.focus()
}

export function App() {
  const { t } = useI18n()
  return (
    <LocationProvider>
      <header class="site-header">
        <a class="brand" href="/">
          {t.value.appName}
        </a>
        <LanguageSwitch />
      </header>
      <main id="main">
        <ErrorBoundary>
          <Router onRouteChange={focusHeading}>
            <Route path="/" component={Home} />
            <Route path="/estates/:id/roll" component={RollPage} />
            <Route default component={NotFound} />
          </Router>
        </ErrorBoundary>
      </main>
    </LocationProvider>
  )
}
