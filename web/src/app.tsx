import { useEffect } from 'preact/hooks'
import { ErrorBoundary, LocationProvider, Route, Router, lazy } from 'preact-iso'
import { LanguageSwitch } from './components/language-switch'
import { Problem } from './components/problem'
import { useI18n } from './i18n'
import { useSession } from './session'

// A page's chunk can fail to arrive over a weak mobile connection: say so and offer a retry, never a blank page.
function LoadFailed() {
  return <Problem error="network" onRetry={() => location.reload()} />
}

const orFailed = <T,>(load: Promise<{ default: T }>) => load.catch(() => ({ default: LoadFailed }))

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
// Staff only, with the QR encoder: its own chunk, never loaded on an owner's pages.
const InvitationsPage = lazy(() => orFailed(import('./pages/invitations')))
// The conveners' console and the supervisors' view: each page its own chunk under console/, with its own
// catalogue, never loaded on an owner's path.
const ConsoleHome = lazy(() => orFailed(import('./console/home')))
const ConsoleRoll = lazy(() => orFailed(import('./console/roll')))
const ConsoleAudit = lazy(() => orFailed(import('./console/audit')))
const ConsoleMeetings = lazy(() => orFailed(import('./console/meetings')))
const ConsoleEditor = lazy(() => orFailed(import('./console/editor')))
const ConsoleMeeting = lazy(() => orFailed(import('./console/meeting')))
const ConsolePaper = lazy(() => orFailed(import('./console/paper')))
const ConsoleAnnouncement = lazy(() => orFailed(import('./console/announcement')))
const ConsolePeople = lazy(() => orFailed(import('./console/people')))
const ConsoleReview = lazy(() => orFailed(import('./console/review')))
const ConsoleStaff = lazy(() => orFailed(import('./console/staff')))
const NotFound = lazy(() => orFailed(import('./pages/not-found')))

// After a client-side navigation, move focus to the new page's heading so screen readers announce it.
function focusHeading() {
  document.querySelector<HTMLElement>('main h1')?.focus()
}

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
            <Route path="/console/:estateId/invitations" component={InvitationsPage} />
            <Route path="/console/:estateId" component={ConsoleHome} />
            <Route path="/console/:estateId/roll" component={ConsoleRoll} />
            <Route path="/console/:estateId/audit" component={ConsoleAudit} />
            <Route path="/console/:estateId/people" component={ConsolePeople} />
            <Route path="/console/:estateId/review" component={ConsoleReview} />
            <Route path="/console/:estateId/staff" component={ConsoleStaff} />
            <Route path="/console/:estateId/meetings" component={ConsoleMeetings} />
            <Route path="/console/:estateId/meetings/new" component={ConsoleEditor} />
            <Route path="/console/:estateId/meetings/:meetingId/edit" component={ConsoleEditor} />
            <Route path="/console/:estateId/meetings/:meetingId" component={ConsoleMeeting} />
            <Route path="/console/:estateId/meetings/:meetingId/paper" component={ConsolePaper} />
            <Route
              path="/console/:estateId/meetings/:meetingId/announcement"
              component={ConsoleAnnouncement}
            />
            <Route default component={NotFound} />
          </Router>
        </ErrorBoundary>
      </main>
    </LocationProvider>
  )
}
