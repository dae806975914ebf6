import { Hono, type Context } from 'hono'
import { streamSSE } from 'hono/streaming'
import { z } from 'zod'
import { actorOf, auditActor, type AuthEnv } from '../auth/access'
import { AppError, conflict, notFound } from '../errors'
import { maskName } from '../domain/mask'
import { AuditChainMonitor, appendAudit } from '../services/audit'
import { turnout } from '../services/meeting-results'
import { loadMeeting, meetingAt } from '../services/meetings'
import { meetingOf } from './meeting-context'
import type { RouteContext } from './context'
import { estateParam, validate } from './validate'

/**
 * What supervisors and conveners watch: the audit log of an estate with the chain's status, live turnout
 * as server-sent events (units and area only, never choices), and owners' objections to the published roll.
 */
export function supervisionRoutes(ctx: RouteContext) {
  const { db } = ctx
  const who = (c: Context<AuthEnv>) => ({ ...auditActor(c), now: c.get('now') })
  // Hashes only the entries appended since the last check, and the whole chain once per process and daily.
  const auditChain = new AuditChainMonitor(db, { now: ctx.now })

  return new Hono<AuthEnv>()
    .get(
      '/estates/:estateId/audit',
      validate('param', estateParam),
      validate(
        'query',
        z.object({
          offset: z.coerce.number().int().min(0).default(0),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          // One meeting's (or one unit's, one account's) entries.
          subject: z.string().min(1).max(200).optional(),
        }),
      ),
      async (c) => {
        const { estateId } = c.req.valid('param')
        const { offset, limit, subject } = c.req.valid('query')
        let q = db.selectFrom('audit_log').selectAll().where('estate_id', '=', estateId)
        if (subject) q = q.where('subject', '=', subject)
        const rows = await q.orderBy('id', 'desc').offset(offset).limit(limit).execute()
        let count = db
          .selectFrom('audit_log')
          .select(({ fn }) => fn.countAll<number>().as('n'))
          .where('estate_id', '=', estateId)
        if (subject) count = count.where('subject', '=', subject)
        const total = await count.executeTakeFirstOrThrow()
        // The chain is one for the whole deployment: a change anywhere breaks it from that row on.
        const { chain, fullCheckAt } = await auditChain.check()
        c.header('cache-control', 'no-store')
        return c.json({
          chain: { ...chain, fullCheckAt },
          total: Number(total.n),
          entries: rows.map((r) => ({
            id: r.id,
            at: r.at,
            actor: r.actor,
            role: r.role,
            action: r.action,
            subject: r.subject,
            before: r.before_json ? (JSON.parse(r.before_json) as unknown) : null,
            after: r.after_json ? (JSON.parse(r.after_json) as unknown) : null,
            hash: r.hash,
          })),
        })
      },
    )
    .get(
      '/estates/:estateId/units/:unit/accounts',
      validate('param', estateParam.extend({ unit: z.string().min(1).max(100) })),
      async (c) => {
        const { estateId, unit } = c.req.valid('param')
        // The accounts of a unit's owners, e.g. to name a proxy holder: masked names, account ids.
        const rows = await db
          .selectFrom('units')
          .innerJoin('unit_owners', 'unit_owners.unit_id', 'units.id')
          .innerJoin('owners', 'owners.id', 'unit_owners.owner_id')
          .innerJoin('accounts', 'accounts.owner_id', 'owners.id')
          .select(['accounts.id', 'owners.name'])
          .where('units.estate_id', '=', estateId)
          .where('units.number', '=', unit)
          .where('accounts.disabled_at', 'is', null)
          .orderBy('unit_owners.position')
          .execute()
        return c.json({ accounts: rows.map((r) => ({ accountId: r.id, name: maskName(r.name) })) })
      },
    )
    .get(
      '/estates/:estateId/meetings/:meetingId/signoffs',
      validate('param', estateParam.extend({ meetingId: z.uuid() })),
      async (c) => {
        const { estateId, meetingId } = c.req.valid('param')
        const rows = await db
          .selectFrom('signoffs')
          .innerJoin('meetings', 'meetings.id', 'signoffs.meeting_id')
          .innerJoin('accounts', 'accounts.id', 'signoffs.account_id')
          .select([
            'signoffs.id',
            'signoffs.decision',
            'signoffs.note',
            'signoffs.at',
            'accounts.display_name',
          ])
          .where('signoffs.meeting_id', '=', meetingId)
          .where('meetings.estate_id', '=', estateId)
          .orderBy('signoffs.id')
          .execute()
        return c.json({
          signoffs: rows.map((r) => ({
            id: r.id,
            decision: r.decision,
            note: r.note,
            at: r.at,
            by: r.display_name,
          })),
        })
      },
    )
    .get(
      '/estates/:estateId/meetings/:meetingId/service',
      validate('param', estateParam.extend({ meetingId: z.uuid() })),
      async (c) => {
        const { estateId, meetingId } = c.req.valid('param')
        const rows = await db
          .selectFrom('service_records')
          .innerJoin('meetings', 'meetings.id', 'service_records.meeting_id')
          .select([
            'service_records.voter',
            'service_records.method',
            'service_records.evidence',
            'service_records.recorded_by',
            'service_records.at',
          ])
          .where('service_records.meeting_id', '=', meetingId)
          .where('meetings.estate_id', '=', estateId)
          .orderBy('service_records.id')
          .execute()
        return c.json({
          service: rows.map((r) => ({
            voter: r.voter,
            method: r.method,
            evidence: r.evidence,
            recordedBy: r.recorded_by,
            at: r.at,
          })),
        })
      },
    )
    .get(
      '/estates/:estateId/meetings/:meetingId/turnout/stream',
      validate('param', estateParam.extend({ meetingId: z.uuid() })),
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
      validate('param', estateParam),
      validate(
        'json',
        z.object({ unit: z.string().trim().min(1).max(100), text: z.string().trim().min(1).max(5_000) }),
      ),
      async (c) => {
        const { estateId } = c.req.valid('param')
        const { unit, text } = c.req.valid('json')
        const actor = actorOf(c)
        if (actor.estateId !== estateId)
          throw new AppError('forbidden', 'Only owners of this estate may object to its roll')
        const exists = await db
          .selectFrom('units')
          .select('id')
          .where('estate_id', '=', estateId)
          .where('number', '=', unit)
          .executeTakeFirst()
        if (!exists) throw notFound('roll_unit_not_found', `No unit "${unit}" on the roll`)
        const now = ctx.now()
        const id = await db.transaction().execute(async (trx) => {
          const row = await trx
            .insertInto('roll_objections')
            .values({
              estate_id: estateId,
              unit_number: unit,
              account_id: actor.accountId,
              text,
              at: now.toISOString(),
              answer: null,
              answered_by: null,
              answered_at: null,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
          await appendAudit(trx, {
            ...who(c),
            action: 'roll.objection',
            estateId,
            subject: unit,
            after: { objection: row.id, text },
            at: now,
          })
          return row.id
        })
        return c.json({ objectionId: id }, 201)
      },
    )
    .get('/estates/:estateId/roll/objections', validate('param', estateParam), async (c) => {
      const { estateId } = c.req.valid('param')
      const actor = actorOf(c)
      const isStaff = actor.grants.some((g) => g.estateId === estateId)
      let q = db.selectFrom('roll_objections').selectAll().where('estate_id', '=', estateId)
      // Owners see their own objections; the estate's staff see all.
      if (!isStaff) q = q.where('account_id', '=', actor.accountId)
      const rows = await q.orderBy('id').execute()
      return c.json({
        objections: rows.map((r) => ({
          id: r.id,
          unit: r.unit_number,
          text: r.text,
          at: r.at,
          answer: r.answer,
          answeredAt: r.answered_at,
        })),
      })
    })
    .post(
      '/estates/:estateId/roll/objections/:objectionId/answer',
      validate('param', estateParam.extend({ objectionId: z.coerce.number().int().positive() })),
      validate('json', z.object({ answer: z.string().trim().min(1).max(5_000) })),
      async (c) => {
        const { estateId, objectionId } = c.req.valid('param')
        const { answer } = c.req.valid('json')
        const now = ctx.now()
        await db.transaction().execute(async (trx) => {
          const r = await trx
            .updateTable('roll_objections')
            .set({ answer, answered_by: auditActor(c).actor, answered_at: now.toISOString() })
            .where('id', '=', objectionId)
            .where('estate_id', '=', estateId)
            .where('answer', 'is', null)
            .executeTakeFirst()
          if (Number(r.numUpdatedRows) !== 1)
            throw conflict('objection_not_open', 'No unanswered objection with this id')
          await appendAudit(trx, {
            ...who(c),
            action: 'roll.objection_answered',
            estateId,
            subject: String(objectionId),
            after: { answer },
            at: now,
          })
        })
        return c.body(null, 204)
      },
    )
}
