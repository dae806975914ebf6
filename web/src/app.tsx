import { useEffect } from 'preact/hooks'
import { ErrorBoundary, LocationProvider, Route, Router, lazy } from 'preact-iso'
import { LanguageSwitch } from './components/language-switch'
import { focusHeading, orFailed } from './components/lazy-page'
import { useI18n } from './i18n'
import { useSession } from './session'

const Home = lazy(() => orFailed(import('./pages/home')))
const RollPage = lazy(() => orFailed(import('./pages/roll')))
const ActivationPage = lazy(() => orFailed(import('./pages/activation')))
const SignInPage = lazy(() => orFailed(import('./pages/sign-in')))
const EnrollPage = lazy(() => orFailed(import('./pages/enroll')))
const MePage = lazy(() => orFailed(import('./pages/me')))
// The owner's meeting path: meeting, vote and receipt are one chunk (pages/meeting.tsx); results apart.
const MeetingPage = lazy(() => orFailed(import('./pages/meeting')))
const VotePage = lazy(() => orFailed(import('./pages/vote')))
const ReceiptPage = lazy(() => orFailed(import('./pages/receipt')))
const ResultsPage = lazy(() => orFailed(import('./pages/results')))
// The roll's versions and the documents (domain §7.3): one route, its own chunk (pages/publications.tsx).
const PublicationsPage = lazy(() => orFailed(import('./pages/publications')))
// Who voted, by unit (public): an owner checks that nobody voted in their place.
const VotedPage = lazy(() => orFailed(import('./pages/voted')))
// The conveners' console, the supervisors' and the street office's pages: one lazy router (console/routes.tsx)
// whose pages are each their own chunk with their own catalogue, so that the entry every owner's phone downloads
// carries one route for all of them, not one per page.
const ConsoleRoutes = lazy(() => orFailed(import('./console/routes')))
const FormationPage = lazy(() => orFailed(import('./pages/formation')))
// The owners' committee: the member's voting page and the public page (the module routes the paths below it),
// with the committee's own catalogue (web/src/i18n/committee-*.ts), never on the owner's voting path.
const CommitteePage = lazy(() => orFailed(import('./pages/committee')))
// Satisfaction surveys (domain §10): the owner's page on the phone and the results, with their own catalogue.
const SurveysPage = lazy(() => orFailed(import('./pages/surveys')))
// The street and district offices' page over the estates of their area (domain §11).
const OversightPage = lazy(() => orFailed(import('./pages/oversight')))
// Disclosures (domain §9): the estate's list, a version, two compared — and the printable supervision board, its
// own chunk (it carries the QR encoder). Both with their own catalogue, off the owner's voting path.
const DisclosuresPage = lazy(() => orFailed(import('./pages/disclosures')))
const BoardPage = lazy(() => orFailed(import('./pages/disclosure-board')))
const NotFound = lazy(() => orFailed(import('./pages/not-found')))

/** 登录 or 我的 in the header: one GET /api/me when the app starts, then whatever sign-in or sign-out says. */
function AccountLink() {
  const { t } = useI18n()
  const session = useSession()
  useEffect(() => {
    void session.load()
  }, [session])
  const state = session.state.value
  if (state.status === 'signed_in') {
    return (
      <a class="header-link" href="/me">
        {t.value.nav.me}
      </a>
    )
  }
  if (state.status === 'signed_out') {
    return (
      <a class="header-link" href="/signin">
        {t.value.nav.signIn}
      </a>
    )
  }
  return null
}

export function App() {
  const { t } = useI18n()
  return (
    <LocationProvider>
      <header class="site-header">
        <a class="brand" href="/">
          {t.value.appName}
        </a>
        <nav class="header-nav" aria-label={t.value.nav.label}>
          <AccountLink />
          <LanguageSwitch />
        </nav>
      </header>
      <main id="main">
        <ErrorBoundary>
          <Router onRouteChange={focusHeading}>
            <Route path="/" component={Home} />
            <Route path="/estates/:id/roll" component={RollPage} />
            <Route path="/estates/:estateId/formation" component={FormationPage} />
            <Route path="/estates/:id/publications/:at*" component={PublicationsPage} />
            <Route path="/estates/:estateId/meetings/:meetingId" component={MeetingPage} />
            <Route path="/estates/:estateId/meetings/:meetingId/vote" component={VotePage} />
            <Route path="/estates/:estateId/meetings/:meetingId/receipt" component={ReceiptPage} />
            <Route path="/estates/:estateId/meetings/:meetingId/results" component={ResultsPage} />
            <Route path="/estates/:estateId/meetings/:meetingId/voted" component={VotedPage} />
            <Route path="/a/:code?" component={ActivationPage} />
            <Route path="/signin" component={SignInPage} />
            <Route path="/enroll/:token" component={EnrollPage} />
            <Route path="/me" component={MePage} />
            <Route path="/estates/:estateId/committee/:sub*" component={CommitteePage} />
            <Route path="/estates/:estateId/surveys/:sub*" component={SurveysPage} />
            <Route path="/oversight" component={OversightPage} />
            <Route path="/estates/:estateId/disclosures/:sub*" component={DisclosuresPage} />
            <Route path="/estates/:estateId/board" component={BoardPage} />
            <Route path="/console/*" component={ConsoleRoutes} />
            <Route default component={NotFound} />
          </Router>
        </ErrorBoundary>
      </main>
    </LocationProvider>
  )
}
