import { Hono } from 'hono'
import { actorOf } from '../auth/access'
import {
  attachPaperScan,
  castBallot,
  confirmPaperBallot,
  enterPaperBallot,
  listPaperEntries,
  paperElectorate,
  paperUnitStanding,
  prepareBallot,
  unmatchedPaperScans,
} from '../services/ballots'
import {
  handlePaperRequest,
  listPaperRequests,
  requestPaperBallot,
  withdrawPaperRequest,
} from '../services/meeting-records'
import { mayAskPaperFor, ownMeetingView } from '../services/meeting-views'
import {
  ballotOptionsBody,
  castBody,
  confirmationBody,
  confirmationParam,
  paperEntriesQuery,
  paperEntryBody,
  paperRequestBody,
  paperRequestParam,
  paperScanBody,
  paperUnitQuery,
} from './ballots.schema'
import { who, type RouteContext } from './context'
import { meetingOf, type MeetingEnv } from './meeting-context'
import { meetingParam } from './meetings.schema'
import { doc } from './openapi'
import { validate } from './validate'

/**
 * Ballots over every channel (domain §6): the voter's own view of a meeting, the online ballot signed with a
 * passkey, an owner's request for a paper ballot and the conveners' handling of it, and paper ballots entered by
 * one clerk and confirmed by a second. Who may cast for which voter is the services' to decide.
 */
export function ballotRoutes(ctx: RouteContext) {
  const { db, auth } = ctx
  const meetingPath = '/estates/:estateId/meetings/:meetingId'

  return (
    new Hono<MeetingEnv>()
      // ---- owners and proxy holders ----
      .get(
        `${meetingPath}/me`,
        doc({
          summary: 'The voters I act for in this meeting, as owner or proxy holder, with my receipts',
          tag: 'ballots',
          errors: ['meeting_not_found', 'meeting_not_noticed'],
        }),
        validate('param', meetingParam),
        async (c) => c.json(await ownMeetingView(db, meetingOf(c), actorOf(c))),
      )
      .post(
        `${meetingPath}/ballot-options`,
        doc({
          summary: 'The challenge for an online ballot: the choices the passkey will sign',
          tag: 'ballots',
          limited: true,
          errors: [
            'meeting_not_found',
            'meeting_not_open',
            'meeting_not_noticed',
            'voter_not_found',
            'not_your_voter',
            'activation_pending',
            'representative_named',
            'proxy_directions_violated',
            'ballot_invalid',
            'not_in_electorate',
            'double_vote',
            'vote_change_used',
          ],
        }),
        ctx.limit('challenges'),
        validate('param', meetingParam),
        validate('json', ballotOptionsBody),
        async (c) => {
          return c.json(await prepareBallot(db, auth.passkeys, meetingOf(c), actorOf(c), c.req.valid('json')))
        },
      )
      .post(
        `${meetingPath}/ballots`,
        doc({
          summary: 'Cast an online ballot: the passkey’s assertion over its options',
          tag: 'ballots',
          ok: { status: 201, description: 'The receipt' },
          errors: [
            'meeting_not_found',
            'meeting_not_open',
            'passkey_failed',
            'not_your_voter',
            'double_vote',
            'vote_change_used',
            'ballot_invalid',
            'not_in_electorate',
          ],
        }),
        validate('param', meetingParam),
        validate('json', castBody),
        async (c) => {
          const receipt = await castBallot(db, auth.passkeys, meetingOf(c), actorOf(c), c.req.valid('json'))
          return c.json({ receipt }, 201)
        },
      )
      .post(
        `${meetingPath}/paper-requests`,
        doc({
          summary: 'Ask for a paper ballot for a voter I am an owner of',
          tag: 'ballots',
          ok: { status: 201, description: 'Asked' },
          also: { 200: 'Already asked' },
          errors: ['meeting_not_found', 'meeting_not_open', 'meeting_not_noticed', 'not_your_voter'],
        }),
        validate('param', meetingParam),
        validate('json', paperRequestBody),
        async (c) => {
          const m = meetingOf(c)
          const actor = actorOf(c)
          const { voter } = c.req.valid('json')
          await mayAskPaperFor(db, m, actor, voter)
          const r = await requestPaperBallot(db, m, voter, actor.accountId, who(c))
          return c.json(r, r.created ? 201 : 200)
        },
      )
      .post(
        `${meetingPath}/paper-requests/withdrawal`,
        doc({
          summary: 'Withdraw my request for a paper ballot while a convener has not handled it',
          tag: 'ballots',
          errors: ['meeting_not_found', 'meeting_not_noticed', 'not_your_voter', 'request_not_open'],
        }),
        validate('param', meetingParam),
        validate('json', paperRequestBody),
        async (c) => {
          const m = meetingOf(c)
          const { voter } = c.req.valid('json')
          await mayAskPaperFor(db, m, actorOf(c), voter)
          return c.json(await withdrawPaperRequest(db, m, voter, who(c)))
        },
      )

      // ---- conveners ----
      .get(
        `${meetingPath}/paper-requests`,
        doc({ summary: 'Owners’ requests for paper ballots', tag: 'ballots', errors: ['meeting_not_found'] }),
        validate('param', meetingParam),
        async (c) => {
          return c.json({ requests: await listPaperRequests(db, meetingOf(c).row.id) })
        },
      )
      .post(
        `${meetingPath}/paper-requests/:requestId/handled`,
        doc({
          summary: 'Mark a paper request handled (the paper was delivered)',
          tag: 'ballots',
          ok: { status: 204 },
          errors: ['meeting_not_found', 'request_not_open'],
        }),
        validate('param', paperRequestParam),
        async (c) => {
          await handlePaperRequest(db, meetingOf(c), c.req.valid('param').requestId, who(c))
          return c.body(null, 204)
        },
      )
      .post(
        `${meetingPath}/paper-entries`,
        doc({
          summary: 'Enter a paper (or in-person) ballot, its scan now or later: the first of two clerks',
          tag: 'ballots',
          ok: { status: 201, description: 'The entry, awaiting a second clerk’s confirmation' },
          errors: [
            'meeting_not_found',
            'meeting_not_noticed',
            'counting_over',
            'voter_not_found',
            'scan_missing',
            'entry_pending',
            'received_at_required',
            'paper_received_after_close',
            'paper_received_invalid',
            'ballot_invalid',
            'not_in_electorate',
          ],
        }),
        validate('param', meetingParam),
        validate('json', paperEntryBody),
        async (c) => {
          return c.json(await enterPaperBallot(db, meetingOf(c), c.req.valid('json'), who(c)), 201)
        },
      )
      .post(
        `${meetingPath}/paper-entries/:entryId/confirmation`,
        doc({
          summary: 'Confirm a paper entry: a second clerk enters the same paper again',
          tag: 'ballots',
          ok: { status: 201, description: 'Confirmed: the ballot is recorded' },
          description:
            'A second entry that differs from the first answers 409 with the entry (`status: mismatch`), as does one ' +
            'whose ballot is refused (`status: refused`); the error codes below are answered as errors.',
          errors: [
            'meeting_not_found',
            'entry_not_found',
            'entry_not_pending',
            'same_clerk',
            'scan_required',
            'counting_over',
          ],
        }),
        validate('param', confirmationParam),
        validate('json', confirmationBody),
        async (c) => {
          const { entryId } = c.req.valid('param')
          const r = await confirmPaperBallot(db, meetingOf(c), entryId, c.req.valid('json').choices, who(c))
          return c.json(r, r.status === 'confirmed' ? 201 : 409)
        },
      )
      .post(
        `${meetingPath}/paper-entries/:entryId/scan`,
        doc({
          summary: 'Attach the scan or photo of a paper entry keyed without it, before its second entry',
          tag: 'ballots',
          errors: ['meeting_not_found', 'entry_not_found', 'entry_not_pending', 'scan_missing'],
        }),
        validate('param', confirmationParam),
        validate('json', paperScanBody),
        async (c) => {
          const { entryId } = c.req.valid('param')
          return c.json(await attachPaperScan(db, meetingOf(c), entryId, c.req.valid('json'), who(c)))
        },
      )
      .get(
        `${meetingPath}/paper-entries`,
        doc({
          summary: 'The paper entries, by status (blind: never their choices)',
          tag: 'ballots',
          errors: ['meeting_not_found'],
        }),
        validate('param', meetingParam),
        validate('query', paperEntriesQuery),
        async (c) => {
          const status = c.req.valid('query').status
          return c.json({
            entries: await listPaperEntries(db, meetingOf(c).row.id, who(c).actor, status),
          })
        },
      )
      .get(
        `${meetingPath}/paper-entries/electorate`,
        doc({
          summary: 'The units of the frozen electorate and the matters each decides, for checks at the desk',
          tag: 'ballots',
          errors: ['meeting_not_found', 'meeting_not_noticed'],
        }),
        validate('param', meetingParam),
        async (c) => c.json(await paperElectorate(db, meetingOf(c))),
      )
      .get(
        `${meetingPath}/paper-entries/unit`,
        doc({
          summary:
            'Whether a unit’s voter already voted (channel, time) or has a paper entry pending; no choices',
          tag: 'ballots',
          errors: ['meeting_not_found', 'meeting_not_noticed', 'voter_not_found'],
        }),
        validate('param', meetingParam),
        validate('query', paperUnitQuery),
        async (c) => {
          c.header('cache-control', 'no-store')
          return c.json(await paperUnitStanding(db, meetingOf(c), c.req.valid('query').unit))
        },
      )
      .get(
        `${meetingPath}/paper-scans/unmatched`,
        doc({
          summary:
            'The photos and scans of paper ballots uploaded and used by no paper entry yet, newest first',
          tag: 'ballots',
          description:
            'A stack uploaded at once is matched to its entries afterwards; this is that stack as the server holds ' +
            'it (file name, size, type, when and by whom uploaded), the same on every clerk’s desk and after a ' +
            'reload. Uploads are records and never deleted: a photo uploaded by mistake stays listed until matched.',
          errors: ['meeting_not_found'],
        }),
        validate('param', meetingParam),
        async (c) => {
          c.header('cache-control', 'no-store')
          return c.json(await unmatchedPaperScans(db, meetingOf(c)))
        },
      )
  )
}

/** The routes of this module with their paths, inputs and answers, as mounted by apiRoutes (server/app.ts). */
export type BallotRoutes = ReturnType<typeof ballotRoutes>
