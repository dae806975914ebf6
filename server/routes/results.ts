import { Hono, type Context } from 'hono'
import { actorOf, type AuthEnv } from '../auth/access'
import { AppError } from '../errors'
import { addObjection, answerObjection, listObjections, signOff } from '../services/meeting-records'
import {
  announcement,
  declarePaperComplete,
  detailCsv,
  finalizeMeeting,
  fullBundle,
  publicSummary,
  publishPreliminary,
  summaryCsv,
  turnout,
  votedUnits,
} from '../services/meeting-results'
import { presentMeeting } from '../services/meetings'
import { who, type RouteContext } from './context'
import { isStaffOf, meetingOf, reloaded, type MeetingEnv } from './meeting-context'
import { meetingParam } from './meetings.schema'
import { doc } from './openapi'
import { objectionAnswerBody, objectionBody, objectionParam, signoffBody } from './results.schema'
import { validate } from './validate'

/**
 * A meeting's results (domain §7 and §12): turnout while it runs, the end of paper counting, the preliminary
 * result and the objections to it with their answers, the supervisors' sign-offs, the final result, and what is
 * published of it — the announcement, who voted, the public summary, the full bundle for those with standing,
 * and the conveners' exports.
 */
export function resultRoutes(ctx: RouteContext) {
  const { db } = ctx
  const meetingPath = '/estates/:estateId/meetings/:meetingId'

  return (
    new Hono<MeetingEnv>()
      .get(
        `${meetingPath}/turnout`,
        doc({
          summary: 'Turnout: heads and area that have voted, by channel (never choices)',
          tag: 'results',
          errors: ['meeting_not_found', 'meeting_not_noticed'],
        }),
        validate('param', meetingParam),
        async (c) => {
          c.header('cache-control', 'no-store')
          return c.json(await turnout(db, meetingOf(c)))
        },
      )
      .post(
        `${meetingPath}/paper-complete`,
        doc({
          summary: 'Declare every paper ballot entered: counting ends before its period does',
          tag: 'results',
          errors: ['meeting_not_found', 'counting_over', 'paper_pending'],
        }),
        validate('param', meetingParam),
        async (c) => {
          const m = meetingOf(c)
          await declarePaperComplete(db, m, who(c))
          return c.json({ meeting: presentMeeting(await reloaded(db, m)) })
        },
      )
      .post(
        `${meetingPath}/preliminary`,
        doc({
          summary: 'Publish the preliminary result; the objection period starts',
          tag: 'results',
          errors: ['meeting_not_found', 'meeting_not_closed', 'results_not_ready'],
        }),
        validate('param', meetingParam),
        async (c) => {
          const m = meetingOf(c)
          await publishPreliminary(db, m, who(c))
          return c.json({ meeting: presentMeeting(await reloaded(db, m)) })
        },
      )
      .post(
        `${meetingPath}/objections`,
        doc({
          summary: 'Object to the preliminary result (owners and staff of the estate)',
          tag: 'results',
          ok: { status: 201, description: 'The objection' },
          errors: ['meeting_not_found', 'forbidden', 'meeting_not_preliminary', 'objection_period_over'],
        }),
        validate('param', meetingParam),
        validate('json', objectionBody),
        async (c) => {
          const { estateId } = c.req.valid('param')
          const actor = actorOf(c)
          if (actor.estateId !== estateId && !isStaffOf(c, estateId))
            throw new AppError('forbidden', 'Only owners and staff of this estate may object')
          return c.json(
            await addObjection(db, meetingOf(c), actor.accountId, c.req.valid('json').text, who(c)),
            201,
          )
        },
      )
      .get(
        `${meetingPath}/objections`,
        doc({ summary: 'The objections and their answers', tag: 'results', errors: ['meeting_not_found'] }),
        validate('param', meetingParam),
        async (c) => {
          return c.json({ objections: await listObjections(db, meetingOf(c).row.id) })
        },
      )
      .post(
        `${meetingPath}/objections/:objectionId/answer`,
        doc({
          summary: 'Answer an objection',
          tag: 'results',
          ok: { status: 204 },
          errors: ['meeting_not_found', 'objection_not_open'],
        }),
        validate('param', objectionParam),
        validate('json', objectionAnswerBody),
        async (c) => {
          const { objectionId } = c.req.valid('param')
          await answerObjection(db, meetingOf(c), objectionId, c.req.valid('json').answer, who(c))
          return c.body(null, 204)
        },
      )
      .post(
        `${meetingPath}/signoffs`,
        doc({
          summary: 'Sign off the result: approve, or object with a note',
          tag: 'results',
          ok: { status: 201 },
          errors: ['meeting_not_found', 'meeting_not_preliminary'],
        }),
        validate('param', meetingParam),
        validate('json', signoffBody),
        async (c) => {
          await signOff(db, meetingOf(c), actorOf(c).accountId, c.req.valid('json'), who(c))
          return c.body(null, 201)
        },
      )
      .post(
        `${meetingPath}/final`,
        doc({
          summary: 'Publish the final result',
          tag: 'results',
          errors: [
            'meeting_not_found',
            'meeting_not_preliminary',
            'objection_period_running',
            'objections_unanswered',
            'signoff_missing',
          ],
        }),
        validate('param', meetingParam),
        async (c) => {
          const m = meetingOf(c)
          await finalizeMeeting(db, m, who(c))
          return c.json({ meeting: presentMeeting(await reloaded(db, m)) })
        },
      )
      // The public summary: who voted by unit and area, receipts with choices but no unit (domain §12).
      .get(
        `${meetingPath}/summary`,
        doc({
          summary: 'The public summary: who voted by unit and area, receipts with their choices but no unit',
          tag: 'results',
          errors: ['meeting_not_found', 'results_not_ready'],
        }),
        validate('param', meetingParam),
        (c) => {
          const summary = publicSummary(meetingOf(c))
          c.header('cache-control', 'public, max-age=60')
          return c.json(summary)
        },
      )
      // The full bundle links units to choices: for those with standing only, each download audited (§12).
      .get(
        `${meetingPath}/bundle`,
        doc({
          summary: 'The full results file (units with their choices), for the estate’s owners and staff',
          tag: 'results',
          ok: { status: 200, description: 'The bundle as a JSON file; its SHA-256 in x-content-sha256' },
          errors: ['meeting_not_found', 'bundle_restricted', 'results_not_ready'],
        }),
        validate('param', meetingParam),
        async (c) => {
          const { estateId } = c.req.valid('param')
          const actor = actorOf(c)
          if (!mayInspect(c, estateId))
            throw new AppError(
              'bundle_restricted',
              'The full results file is for the estate’s owners and staff; the public summary is at …/summary',
            )
          const { text, sha256 } = await fullBundle(db, meetingOf(c), {
            ...who(c),
            actor: `account:${actor.accountId}`,
          })
          return c.body(text, 200, {
            'content-type': 'application/json; charset=utf-8',
            'content-disposition': `attachment; filename="results-${meetingOf(c).row.id}.json"`,
            'cache-control': 'private, no-store',
            'x-content-sha256': sha256,
          })
        },
      )
      .get(
        `${meetingPath}/voted`,
        doc({
          summary: 'Who has voted, by unit and area (domain §6.2: never names or choices)',
          tag: 'results',
          errors: ['meeting_not_found', 'meeting_not_noticed'],
        }),
        validate('param', meetingParam),
        async (c) => {
          c.header('cache-control', 'no-store')
          return c.json(await votedUnits(db, meetingOf(c)))
        },
      )
      .get(
        `${meetingPath}/announcement`,
        doc({
          summary: 'The announcement of the preliminary or final result, per matter in words',
          tag: 'results',
          errors: ['meeting_not_found', 'results_not_ready'],
        }),
        validate('param', meetingParam),
        async (c) => {
          return c.json({ announcement: await announcement(db, meetingOf(c)) })
        },
      )
      .get(
        `${meetingPath}/exports/detail.csv`,
        doc({
          summary: 'Export: every ballot, by unit (CSV)',
          tag: 'results',
          ok: { status: 200, description: 'CSV', media: 'text/csv' },
          errors: ['meeting_not_found', 'results_not_ready'],
        }),
        validate('param', meetingParam),
        async (c) => {
          const m = meetingOf(c)
          return c.body(await detailCsv(db, m), 200, {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="detail-${m.row.id}.csv"`,
          })
        },
      )
      .get(
        `${meetingPath}/exports/summary.csv`,
        doc({
          summary: 'Export: the result per matter (CSV)',
          tag: 'results',
          ok: { status: 200, description: 'CSV', media: 'text/csv' },
          errors: ['meeting_not_found', 'results_not_ready'],
        }),
        validate('param', meetingParam),
        (c) => {
          const m = meetingOf(c)
          return c.body(summaryCsv(m), 200, {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="summary-${m.row.id}.csv"`,
          })
        },
      )
  )
}

/**
 * Who may inspect the full bundle (domain §12): the estate's conveners, supervisors and street office, and the
 * estate's signed-in owners (and guardians) exercising their right to inspect (SPC art. 13). Not a platform admin:
 * nobody's administrative role lets them read choices (domain §2).
 */
function mayInspect(c: Context<AuthEnv>, estateId: string): boolean {
  const actor = c.get('actor')
  if (!actor) return false
  if (actor.estateId === estateId && actor.ownerId !== null) return true
  return actor.grants.some(
    (g) => g.estateId === estateId && ['convener', 'supervisor', 'street_office'].includes(g.role),
  )
}

/** The routes of this module with their paths, inputs and answers, as mounted by apiRoutes (server/app.ts). */
export type ResultRoutes = ReturnType<typeof resultRoutes>
