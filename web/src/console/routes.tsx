import { Route, Router, lazy } from 'preact-iso'
import { focusHeading, orFailed } from '../components/lazy-page'

// Staff only, with the QR encoder: its own chunk, never loaded on an owner's pages.
const InvitationsPage = lazy(() => orFailed(import('../pages/invitations')))
// The conveners' console and the supervisors' view: each page its own chunk under console/, with its own
// catalogue, never loaded on an owner's path.
const ConsoleHome = lazy(() => orFailed(import('./home')))
const ConsoleRoll = lazy(() => orFailed(import('./roll')))
const ConsoleAudit = lazy(() => orFailed(import('./audit')))
const ConsoleMeetings = lazy(() => orFailed(import('./meetings')))
const ConsoleEditor = lazy(() => orFailed(import('./editor')))
const ConsoleMeeting = lazy(() => orFailed(import('./meeting')))
const ConsolePaper = lazy(() => orFailed(import('./paper')))
const ConsoleAnnouncement = lazy(() => orFailed(import('./announcement')))
const ConsolePeople = lazy(() => orFailed(import('./people')))
const ConsoleReview = lazy(() => orFailed(import('./review')))
const ConsoleStaff = lazy(() => orFailed(import('./staff')))
// Forming the assembly and re-elections (the street office's and the group's page).
const ConsoleFormation = lazy(() => orFailed(import('./formation')))
// The owners' committee: its module routes the paths below /committee.
const ConsoleCommittee = lazy(() => orFailed(import('./committee')))
// Satisfaction surveys (domain §10): its module routes the paths below /surveys.
const ConsoleSurveys = lazy(() => orFailed(import('./surveys')))
// Disclosures (domain §9): the to-do list, drafts, publishing, answers and the service lists.
const ConsoleDisclosures = lazy(() => orFailed(import('./disclosures')))
const NotFound = lazy(() => orFailed(import('../pages/not-found')))

/**
 * The console's pages below /console (each path starts with the estate), routed here rather than in the app's entry: the entry an owner's
 * phone downloads then names one lazy route for the whole console (the owner's voting path stays under 30 KB).
 */
export default function ConsoleRoutes() {
  return (
    <Router onRouteChange={focusHeading}>
      <Route path="/:estateId" component={ConsoleHome} />
      <Route path="/:estateId/invitations" component={InvitationsPage} />
      <Route path="/:estateId/roll" component={ConsoleRoll} />
      <Route path="/:estateId/audit" component={ConsoleAudit} />
      <Route path="/:estateId/people" component={ConsolePeople} />
      <Route path="/:estateId/review" component={ConsoleReview} />
      <Route path="/:estateId/staff" component={ConsoleStaff} />
      <Route path="/:estateId/formation" component={ConsoleFormation} />
      <Route path="/:estateId/meetings" component={ConsoleMeetings} />
      <Route path="/:estateId/meetings/new" component={ConsoleEditor} />
      <Route path="/:estateId/meetings/:meetingId/edit" component={ConsoleEditor} />
      <Route path="/:estateId/meetings/:meetingId" component={ConsoleMeeting} />
      <Route path="/:estateId/meetings/:meetingId/paper" component={ConsolePaper} />
      <Route path="/:estateId/meetings/:meetingId/announcement" component={ConsoleAnnouncement} />
      <Route path="/:estateId/committee/:sub*" component={ConsoleCommittee} />
      <Route path="/:estateId/surveys/:sub*" component={ConsoleSurveys} />
      <Route path="/:estateId/disclosures/:sub*" component={ConsoleDisclosures} />
      <Route default component={NotFound} />
    </Router>
  )
}
