import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import { accountsOfUnit } from '../../db/repositories/accounts'
import { estateAuditFacets, estateAuditPage } from '../../db/repositories/estate-audit'
import { serviceRecordsOf } from '../../db/repositories/meetings'
import { rollObjections } from '../../db/repositories/roll-objections'
import { actorOf, auditActor } from '../auth/access'
import { maskName } from '../domain/mask'
import { AppError } from '../errors'
import { AuditChainMonitor } from '../services/audit'
import { signoffReview } from '../services/meeting-records'
import { turnout } from '../services/meeting-results'
import { loadMeeting, meetingAt } from '../services/meetings'
import { answerObjectionToRoll, objectToRoll } from '../services/roll-objections'
import { meetingOf, type MeetingEnv } from './meeting-context'
import type { RouteContext } from './context'
import { doc } from './openapi'
import {
  auditQuery,
  rollObjectionAnswerBody,
  rollObjectionBody,
  rollObjectionParam,
  supervisedMeetingParam,
  unitParam,
} from './supervision.schema'
import { estateParam, validate } from './validate'

/**
 * What supervisors and conveners watch: the audit log of an estate with the chain's status, live turnout
 * as server-sent events (units and area only, never choices), a meeting's records of service and sign-offs, and
 * owners' objections to the published roll.
 */
export function supervisionRoutes(ctx: RouteContext) {
  const { db } = ctx
  // The roll's objections are dated by the server clock as they are written.
  const who = (c: Parameters<typeof auditActor>[0]) => ({ ...auditActor(c), now: ctx.now() })
  // Hashes only the entries appended since the last check, and the whole chain once per process and daily.
  const auditChain = new AuditChainMonitor(db, { now: ctx.now })

  return new Hono<MeetingEnv>()
    .get(
      '/estates/:estateId/audit',
      doc({
        summary:
          'The estate’s audit log, newest first, narrowed by subject, action, actor and time and paged, with the ' +
          'total that matches, the filters’ choices and the status of the hash chain',
        tag: 'supervision',
      }),
      validate('param', estateParam),
      validate('query', auditQuery),
      async (c) => {
        const { estateId } = c.req.valid('param')
        const query = c.req.valid('query')
        // Instants are compared as stored (ISO in UTC): the query's are normalised to that form first.
        const iso = (s: string | undefined) => (s === undefined ? undefined : new Date(s).toISOString())
        const page = await estateAuditPage(db, estateId, {
          ...query,
          from: iso(query.from),
          to: iso(query.to),
        })
        const facets = await estateAuditFacets(db, estateId)
        // The chain is one for the whole deployment: a change anywhere breaks it from that row on.
        const { chain, fullCheckAt } = await auditChain.check()
        c.header('cache-control', 'no-store')
        return c.json({ chain: { ...chain, fullCheckAt }, ...page, facets })
      },
    )
    .get(
      '/estates/:estateId/units/:unit/accounts',
      doc({
        summary: 'The accounts of a unit’s owners (masked names), e.g. to name a proxy holder',
        tag: 'supervision',
      }),
      validate('param', unitParam),
      async (c) => {
        const { estateId, unit } = c.req.valid('param')
        const rows = await accountsOfUnit(db, estateId, unit)
        return c.json({ accounts: rows.map((r) => ({ accountId: r.id, name: maskName(r.name) })) })
      },
    )
    .get(
      '/estates/:estateId/meetings/:meetingId/signoffs',
      doc({
        summary:
          'The supervisors’ sign-offs of a meeting (who, role, when, note), with what is still open before ' +
          'signing: paper ballots not counted, unanswered objections, the end of the objection period',
        tag: 'supervision',
        errors: ['meeting_not_found'],
      }),
      validate('param', supervisedMeetingParam),
      async (c) => {
        c.header('cache-control', 'no-store')
        return c.json(await signoffReview(db, meetingOf(c)))
      },
    )
    .get(
      '/estates/:estateId/meetings/:meetingId/service',
      doc({
        summary: 'The records of service of a meeting’s notice (domain §6.5)',
        tag: 'supervision',
        errors: ['meeting_not_found'],
      }),
      validate('param', supervisedMeetingParam),
      async (c) => {
        const { estateId, meetingId } = c.req.valid('param')
        return c.json({ service: await serviceRecordsOf(db, estateId, meetingId) })
      },
    )
    .get(
      '/estates/:estateId/meetings/:meetingId/turnout/stream',
      doc({
        summary: 'Live turnout as server-sent events (`turnout`), until the meeting stops counting',
        tag: 'supervision',
        ok: { status: 200, description: 'An event stream', media: 'text/event-stream' },
        errors: ['meeting_not_found', 'meeting_not_noticed'],
      }),
      validate('param', supervisedMeetingParam),
      async (c) => {
        const { meetingId } = c.req.valid('param')
        meetingOf(c)
        return streamSSE(c, async (stream) => {
          let last = ''
          let closed = false
          stream.onAbort(() => {
            closed = true
          })
          // A new event whenever the figures change; a comment every 15 s keeps proxies from closing the stream.
          for (let tick = 0; !closed; tick++) {
            // The figures as they stand at each tick, read afresh: the meeting moves on while the stream is open.
            const t = await turnout(db, meetingAt(await loadMeeting(db, meetingId), ctx.now()))
            const data = JSON.stringify(t)
            if (data !== last) {
              await stream.writeSSE({ event: 'turnout', data, id: String(tick) })
              last = data
            } else if (tick % 15 === 0) {
              await stream.write(': keep-alive\n\n')
            }
            if (t.status !== 'open' && t.status !== 'noticed' && t.status !== 'counting') break
            await stream.sleep(1000)
          }
        })
      },
    )
    .post(
      '/estates/:estateId/roll/objections',
      doc({
        summary: 'Object to a unit’s entry on the published roll (owners of the estate)',
        tag: 'roll',
        ok: { status: 201, description: 'The objection’s id' },
        errors: ['forbidden', 'roll_unit_not_found', 'roll_version_not_found', 'roll_version_superseded'],
      }),
      validate('param', estateParam),
      validate('json', rollObjectionBody),
      async (c) => {
        const { estateId } = c.req.valid('param')
        const { unit, text, version } = c.req.valid('json')
        const actor = actorOf(c)
        if (actor.estateId !== estateId)
          throw new AppError('forbidden', 'Only owners of this estate may object to its roll')
        const id = await objectToRoll(
          db,
          { estateId, unit, text, version, accountId: actor.accountId },
          who(c),
        )
        return c.json({ objectionId: id }, 201)
      },
    )
    .get(
      '/estates/:estateId/roll/objections',
      doc({ summary: 'Objections to the roll: an owner’s own, or all for the estate’s staff', tag: 'roll' }),
      validate('param', estateParam),
      async (c) => {
        const { estateId } = c.req.valid('param')
        const actor = actorOf(c)
        const isStaff = actor.grants.some((g) => g.estateId === estateId)
        // Owners see their own objections; the estate's staff see all.
        const objections = await rollObjections(db, estateId, isStaff ? undefined : actor.accountId)
        return c.json({ objections })
      },
    )
    .post(
      '/estates/:estateId/roll/objections/:objectionId/answer',
      doc({
        summary: 'Answer an objection to the roll',
        tag: 'roll',
        ok: { status: 204 },
        errors: ['objection_not_open', 'decision_required'],
      }),
      validate('param', rollObjectionParam),
      validate('json', rollObjectionAnswerBody),
      async (c) => {
        const { estateId, objectionId } = c.req.valid('param')
        const { answer, decision } = c.req.valid('json')
        await answerObjectionToRoll(db, { estateId, objectionId, answer, decision }, who(c))
        return c.body(null, 204)
      },
    )
}

/** The routes of this module with their paths, inputs and answers, as mounted by apiRoutes (server/app.ts). */
export type SupervisionRoutes = ReturnType<typeof supervisionRoutes>
