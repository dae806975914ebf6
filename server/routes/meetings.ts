import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import { actorOf, auditActor, type AuthEnv } from '../auth/access'
import { MATTER_KINDS } from '../domain/bundle'
import { AppError, badRequest, notFound } from '../errors'
import {
  actingFor,
  castBallot,
  confirmPaperBallot,
  enterPaperBallot,
  listPaperEntries,
  prepareBallot,
} from '../services/ballots'
import {
  addAttachment,
  addObjection,
  answerObjection,
  getAttachment,
  handlePaperRequest,
  listObjections,
  listPaperRequests,
  listProxies,
  MAX_ATTACHMENT_BYTES,
  recordProxy,
  recordService,
  requestPaperBallot,
  revokeProxy,
  signOff,
} from '../services/meeting-records'
import {
  announcement,
  bulletin,
  closeIfDue,
  detailCsv,
  finalizeMeeting,
  publishedBundle,
  publishPreliminary,
  summaryCsv,
  turnout,
} from '../services/meeting-results'
import {
  createMeeting,
  currentStatus,
  extendMeeting,
  frozenElectorate,
  giveNotice,
  loadMeeting,
  mattersOfVoter,
  presentMeeting,
  updateMeeting,
  votersOfOwner,
} from '../services/meetings'
import type { RouteContext } from './context'
import { estateParam, validate } from './validate'
import { authenticationResponse } from './webauthn-schemas'

const meetingParam = estateParam.extend({ meetingId: z.uuid() })
const fraction = z.object({
  num: z.number().int().positive(),
  den: z.number().int().positive(),
  strict: z.boolean(),
})
const scope = z
  .object({
    buildings: z.array(z.string().min(1).max(100)).min(1).optional(),
    units: z.array(z.string().min(1).max(100)).min(1).optional(),
  })
  .refine((s) => (s.buildings === undefined) !== (s.units === undefined), 'scope: buildings or units')
const matter = z.object({
  kind: z.enum(MATTER_KINDS as [string, ...string[]]).transform((k) => k as (typeof MATTER_KINDS)[number]),
  title: z.string().trim().min(1).max(200),
  body: z.string().max(20_000).default(''),
  scope: scope.optional(),
  participation: fraction.optional(),
  approval: fraction.optional(),
  seats: z.number().int().optional(),
  minMembers: z.number().int().min(1).max(11).optional(),
  alternatesCap: z.number().int().optional(),
  candidates: z
    .array(
      z.object({
        unit: z.string().trim().min(1).max(100),
        name: z.string().trim().min(1).max(60),
        statement: z.string().max(5_000).default(''),
        eligibility: z.object({
          fullCapacity: z.boolean(),
          noArrears: z.boolean(),
          notPropertyStaff: z.boolean(),
        }),
      }),
    )
    .max(50)
    .optional(),
})
const settings = z
  .object({
    voteChange: z.enum(['final', 'once_before_close', 'last_counts']),
    conflictRule: z.enum(['first_valid', 'online_wins']),
    deemedConsent: z.boolean(),
    objectionDays: z.number().int().min(1).max(60),
    countParking: z.boolean(),
    electionRankBy: z.enum(['heads', 'area']),
    proxyCap: z.number().int().min(1).max(20),
  })
  .partial()
const meetingBody = z.object({
  title: z.string().trim().min(1).max(200),
  opensAt: z.iso.datetime({ offset: true }),
  closesAt: z.iso.datetime({ offset: true }),
  settings: settings.optional(),
  matters: z.array(matter).min(1).max(30),
})
const choice = z.union([
  z.enum(['yes', 'no', 'abstain']),
  z.array(z.string().min(1).max(20)).max(50),
  z.object({ invalid: z.string().trim().min(1).max(200) }),
])
const choices = z.record(z.string().regex(/^q\d{1,3}$/), choice)
const onlineChoice = z.union([z.enum(['yes', 'no', 'abstain']), z.array(z.string().min(1).max(20)).max(50)])

/** Meetings of an estate: definition, notice, ballots over every channel, records, results (issue 5). */
export function meetingRoutes(ctx: RouteContext) {
  const { db, auth } = ctx
  const who = (c: Context<AuthEnv>) => ({ ...auditActor(c), now: ctx.now() })

  /** The meeting, after checking it belongs to the estate of the path (roles are per estate). */
  async function meetingOf(estateId: string, meetingId: string) {
    let m = await loadMeeting(db, meetingId)
    if (m.row.estate_id !== estateId) throw notFound('meeting_not_found', 'No such meeting')
    // Closing is due once the end has passed, whoever is watching: read the meeting again after closing it.
    if (
      (m.row.status === 'noticed' || m.row.status === 'open') &&
      currentStatus(m, ctx.now()) !== m.row.status
    ) {
      await closeIfDue(db, meetingId, ctx.now())
      m = await loadMeeting(db, meetingId)
    }
    return m
  }

  const ids = (c: { req: { valid: (t: 'param') => { estateId: string; meetingId: string } } }) =>
    c.req.valid('param')

  return (
    new Hono<AuthEnv>()
      .get('/estates/:estateId/meetings', validate('param', estateParam), async (c) => {
        const { estateId } = c.req.valid('param')
        const rows = await db
          .selectFrom('meetings')
          .select('id')
          .where('estate_id', '=', estateId)
          .orderBy('created_at', 'desc')
          .execute()
        const now = ctx.now()
        const meetings = []
        for (const r of rows) {
          const m = await meetingOf(estateId, r.id)
          // Drafts are the conveners' work in progress, not yet a notice.
          if (m.row.status === 'draft' && !isStaffOf(c, estateId)) continue
          const p = presentMeeting(m, now)
          meetings.push({
            id: p.id,
            title: p.title,
            status: p.status,
            opensAt: p.opensAt,
            closesAt: p.closesAt,
            noticedAt: p.noticedAt,
          })
        }
        return c.json({ meetings })
      })
      .post(
        '/estates/:estateId/meetings',
        validate('param', estateParam),
        validate('json', meetingBody),
        async (c) => {
          const { estateId } = c.req.valid('param')
          const id = await createMeeting(db, estateId, c.req.valid('json'), who(c))
          return c.json({ meeting: presentMeeting(await loadMeeting(db, id), ctx.now()) }, 201)
        },
      )
      .get('/estates/:estateId/meetings/:meetingId', validate('param', meetingParam), async (c) => {
        const { estateId, meetingId } = ids(c)
        const m = await meetingOf(estateId, meetingId)
        if (m.row.status === 'draft' && !isStaffOf(c, estateId))
          throw notFound('meeting_not_found', 'No such meeting')
        const actor = c.get('actor')
        // 珠海 rule (§6.5): an owner's first sign-in after the notice that opens it is evidence of service.
        if (actor && actor.ownerId !== null && actor.estateId === estateId && m.row.noticed_at !== null) {
          const e = await frozenElectorate(db, m)
          for (const voter of votersOfOwner(e, actor.ownerId))
            await recordService(
              db,
              meetingId,
              { unit: voter, method: 'online_signin', evidence: `account:${actor.accountId}` },
              who(c),
            )
        }
        // The agenda's attachments (matter documents, candidate photos): part of the notice, never scans.
        const attachments = await db
          .selectFrom('attachments')
          .select(['id', 'purpose', 'ref', 'file_name', 'mime', 'size', 'sha256'])
          .where('meeting_id', '=', meetingId)
          .where('purpose', 'in', ['matter', 'candidate_photo'])
          .orderBy('created_at')
          .execute()
        return c.json({
          meeting: presentMeeting(m, ctx.now()),
          attachments: attachments.map((x) => ({
            id: x.id,
            purpose: x.purpose,
            ref: x.ref,
            fileName: x.file_name,
            mime: x.mime,
            size: x.size,
            sha256: x.sha256,
          })),
        })
      })
      .put(
        '/estates/:estateId/meetings/:meetingId',
        validate('param', meetingParam),
        validate('json', meetingBody),
        async (c) => {
          const { estateId, meetingId } = ids(c)
          await meetingOf(estateId, meetingId)
          await updateMeeting(db, meetingId, c.req.valid('json'), who(c))
          return c.json({ meeting: presentMeeting(await loadMeeting(db, meetingId), ctx.now()) })
        },
      )
      .post('/estates/:estateId/meetings/:meetingId/notice', validate('param', meetingParam), async (c) => {
        const { estateId, meetingId } = ids(c)
        await meetingOf(estateId, meetingId)
        await giveNotice(db, meetingId, who(c))
        return c.json({ meeting: presentMeeting(await loadMeeting(db, meetingId), ctx.now()) })
      })
      .post(
        '/estates/:estateId/meetings/:meetingId/extension',
        validate('param', meetingParam),
        validate(
          'json',
          z.object({ closesAt: z.iso.datetime({ offset: true }), reason: z.string().trim().min(1).max(500) }),
        ),
        async (c) => {
          const { estateId, meetingId } = ids(c)
          await meetingOf(estateId, meetingId)
          const body = c.req.valid('json')
          await extendMeeting(db, meetingId, body.closesAt, body.reason, who(c))
          return c.json({ meeting: presentMeeting(await loadMeeting(db, meetingId), ctx.now()) })
        },
      )
      .post(
        '/estates/:estateId/meetings/:meetingId/attachments',
        bodyLimit({
          maxSize: MAX_ATTACHMENT_BYTES + 64 * 1024,
          onError: () => {
            throw new AppError('file_too_large', 413, `Attachments are at most ${MAX_ATTACHMENT_BYTES} bytes`)
          },
        }),
        validate('param', meetingParam),
        async (c) => {
          const { estateId, meetingId } = ids(c)
          await meetingOf(estateId, meetingId)
          const form = await c.req.formData().catch(() => {
            throw badRequest('file_missing', 'multipart form data with a "file" field is required')
          })
          const file = form.get('file')
          const purpose = z
            .enum(['matter', 'candidate_photo', 'paper_scan', 'proxy_document'])
            .safeParse(form.get('purpose'))
          if (!(file instanceof File)) throw badRequest('file_missing', 'multipart field "file" is required')
          if (!purpose.success)
            throw badRequest(
              'invalid_request',
              'purpose: matter, candidate_photo, paper_scan or proxy_document',
            )
          const ref = form.get('ref')
          const added = await addAttachment(
            db,
            meetingId,
            {
              purpose: purpose.data,
              ref: typeof ref === 'string' && ref.length > 0 ? ref.slice(0, 100) : null,
              fileName: file.name,
              bytes: new Uint8Array(await file.arrayBuffer()),
            },
            who(c),
          )
          return c.json({ attachment: added }, 201)
        },
      )
      .get(
        '/estates/:estateId/meetings/:meetingId/attachments/:attachmentId',
        validate('param', meetingParam.extend({ attachmentId: z.uuid() })),
        async (c) => {
          const { estateId, meetingId, attachmentId } = c.req.valid('param')
          await meetingOf(estateId, meetingId)
          const a = await getAttachment(db, meetingId, attachmentId)
          // Scans of paper ballots and proxy documents carry choices and signatures: staff of the estate only.
          if ((a.purpose === 'paper_scan' || a.purpose === 'proxy_document') && !isStaffOf(c, estateId))
            throw new AppError('forbidden', 403, 'Your role does not allow this')
          return c.body(new Uint8Array(a.data), 200, {
            'content-type': a.mime,
            'content-disposition': `${a.mime.startsWith('image/') ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(a.file_name)}`,
            'cache-control': 'private, max-age=3600',
          })
        },
      )

      // ---- owners and proxy holders ----
      .get('/estates/:estateId/meetings/:meetingId/me', validate('param', meetingParam), async (c) => {
        const { estateId, meetingId } = ids(c)
        const m = await meetingOf(estateId, meetingId)
        if (m.row.noticed_at === null) throw notFound('meeting_not_found', 'No such meeting')
        const actor = actorOf(c)
        const acting = await actingFor(db, m, actor)
        const voters = [...acting.own, ...acting.proxies.map((p) => p.voter)]
        const ballots = await db
          .selectFrom('ballots')
          .select(['voter', 'receipt', 'channel', 'created_at', 'status'])
          .where('meeting_id', '=', meetingId)
          .where('voter', 'in', voters.length > 0 ? voters : [''])
          .where('status', '=', 'valid')
          .execute()
        const e = await frozenElectorate(db, m)
        return c.json({
          status: currentStatus(m, ctx.now()),
          voters: voters.map((v) => {
            const voter = e.wide.voters.find((x) => x.id === v)
            const b = ballots.find((x) => x.voter === v)
            const proxy = acting.proxies.find((p) => p.voter === v)
            return {
              voter: v,
              units: voter?.units ?? [],
              areaCm2: voter?.areaCm2 ?? 0,
              as: proxy ? 'proxy' : 'owner',
              directions: proxy?.directions ?? null,
              matters: [...mattersOfVoter(e, v)],
              ballot: b ? { receipt: b.receipt, channel: b.channel, castAt: b.created_at } : null,
            }
          }),
        })
      })
      .post(
        '/estates/:estateId/meetings/:meetingId/ballot-options',
        validate('param', meetingParam),
        validate(
          'json',
          z.object({
            voter: z.string().min(1).max(100),
            choices: z.record(z.string().regex(/^q\d{1,3}$/), onlineChoice),
          }),
        ),
        async (c) => {
          const { estateId, meetingId } = ids(c)
          await meetingOf(estateId, meetingId)
          const body = c.req.valid('json')
          return c.json(await prepareBallot(db, auth.passkeys, meetingId, actorOf(c), body, ctx.now()))
        },
      )
      .post(
        '/estates/:estateId/meetings/:meetingId/ballots',
        validate('param', meetingParam),
        validate(
          'json',
          z.object({ nonce: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/), response: authenticationResponse }),
        ),
        async (c) => {
          const { estateId, meetingId } = ids(c)
          await meetingOf(estateId, meetingId)
          const receipt = await castBallot(
            db,
            auth.passkeys,
            meetingId,
            actorOf(c),
            c.req.valid('json'),
            ctx.now(),
          )
          return c.json({ receipt }, 201)
        },
      )
      .post(
        '/estates/:estateId/meetings/:meetingId/read-confirmation',
        validate('param', meetingParam),
        async (c) => {
          const { estateId, meetingId } = ids(c)
          const m = await meetingOf(estateId, meetingId)
          const actor = actorOf(c)
          const e = await frozenElectorate(db, m)
          const voters =
            actor.ownerId !== null && actor.estateId === estateId ? votersOfOwner(e, actor.ownerId) : []
          if (voters.length === 0)
            throw new AppError('not_your_voter', 403, 'You are not a voter of this meeting')
          for (const v of voters)
            await recordService(
              db,
              meetingId,
              { unit: v, method: 'read_confirmation', evidence: `account:${actor.accountId}` },
              who(c),
            )
          return c.body(null, 204)
        },
      )
      .post(
        '/estates/:estateId/meetings/:meetingId/paper-requests',
        validate('param', meetingParam),
        validate('json', z.object({ voter: z.string().min(1).max(100) })),
        async (c) => {
          const { estateId, meetingId } = ids(c)
          const m = await meetingOf(estateId, meetingId)
          const actor = actorOf(c)
          const acting = await actingFor(db, m, actor)
          const { voter } = c.req.valid('json')
          if (!acting.own.includes(voter))
            throw new AppError('not_your_voter', 403, 'You may not ask for this voter')
          const r = await requestPaperBallot(db, meetingId, voter, actor.accountId, who(c))
          return c.json(r, r.created ? 201 : 200)
        },
      )
      .post(
        '/estates/:estateId/meetings/:meetingId/objections',
        validate('param', meetingParam),
        validate('json', z.object({ text: z.string().trim().min(1).max(5_000) })),
        async (c) => {
          const { estateId, meetingId } = ids(c)
          await meetingOf(estateId, meetingId)
          const actor = actorOf(c)
          if (actor.estateId !== estateId && !isStaffOf(c, estateId))
            throw new AppError('forbidden', 403, 'Only owners and staff of this estate may object')
          return c.json(
            await addObjection(db, meetingId, actor.accountId, c.req.valid('json').text, who(c)),
            201,
          )
        },
      )
      .get(
        '/estates/:estateId/meetings/:meetingId/objections',
        validate('param', meetingParam),
        async (c) => {
          const { estateId, meetingId } = ids(c)
          await meetingOf(estateId, meetingId)
          return c.json({ objections: await listObjections(db, meetingId) })
        },
      )
      .get('/estates/:estateId/meetings/:meetingId/bulletin', validate('param', meetingParam), async (c) => {
        const { estateId, meetingId } = ids(c)
        await meetingOf(estateId, meetingId)
        return c.json(await bulletin(db, meetingId, ctx.now()))
      })
      .get('/estates/:estateId/meetings/:meetingId/bundle', validate('param', meetingParam), async (c) => {
        const { estateId, meetingId } = ids(c)
        await meetingOf(estateId, meetingId)
        const { text, sha256 } = await publishedBundle(db, meetingId, ctx.now())
        return c.body(text, 200, {
          'content-type': 'application/json; charset=utf-8',
          'content-disposition': `attachment; filename="results-${meetingId}.json"`,
          'x-content-sha256': sha256,
        })
      })
      .get(
        '/estates/:estateId/meetings/:meetingId/announcement',
        validate('param', meetingParam),
        async (c) => {
          const { estateId, meetingId } = ids(c)
          await meetingOf(estateId, meetingId)
          return c.json({ announcement: await announcement(db, meetingId, ctx.now()) })
        },
      )

      // ---- conveners ----
      .post(
        '/estates/:estateId/meetings/:meetingId/paper-entries',
        validate('param', meetingParam),
        validate(
          'json',
          z.object({
            unit: z.string().min(1).max(100),
            channel: z.enum(['paper', 'in_person']).default('paper'),
            choices,
            scanId: z.uuid(),
          }),
        ),
        async (c) => {
          const { estateId, meetingId } = ids(c)
          await meetingOf(estateId, meetingId)
          return c.json(await enterPaperBallot(db, meetingId, c.req.valid('json'), who(c)), 201)
        },
      )
      .post(
        '/estates/:estateId/meetings/:meetingId/paper-entries/:entryId/confirmation',
        validate('param', meetingParam.extend({ entryId: z.uuid() })),
        validate('json', z.object({ choices })),
        async (c) => {
          const { estateId, meetingId, entryId } = c.req.valid('param')
          await meetingOf(estateId, meetingId)
          const r = await confirmPaperBallot(db, meetingId, entryId, c.req.valid('json').choices, who(c))
          return c.json(r, r.status === 'confirmed' ? 201 : 409)
        },
      )
      .get(
        '/estates/:estateId/meetings/:meetingId/paper-entries',
        validate('param', meetingParam),
        validate(
          'query',
          z.object({
            status: z.enum(['awaiting_confirmation', 'confirmed', 'mismatch', 'refused']).optional(),
          }),
        ),
        async (c) => {
          const { estateId, meetingId } = ids(c)
          await meetingOf(estateId, meetingId)
          return c.json({ entries: await listPaperEntries(db, meetingId, c.req.valid('query').status) })
        },
      )
      .post(
        '/estates/:estateId/meetings/:meetingId/proxies',
        validate('param', meetingParam),
        validate(
          'json',
          z.object({
            unit: z.string().min(1).max(100),
            holderAccountId: z.uuid(),
            holderIsPropertyStaff: z.boolean(),
            directions: z
              .record(z.string().regex(/^q\d{1,3}$/), onlineChoice)
              .nullable()
              .default(null),
            documentId: z.uuid(),
          }),
        ),
        async (c) => {
          const { estateId, meetingId } = ids(c)
          await meetingOf(estateId, meetingId)
          return c.json(await recordProxy(db, meetingId, c.req.valid('json'), who(c)), 201)
        },
      )
      .get('/estates/:estateId/meetings/:meetingId/proxies', validate('param', meetingParam), async (c) => {
        const { estateId, meetingId } = ids(c)
        await meetingOf(estateId, meetingId)
        return c.json({ proxies: await listProxies(db, meetingId) })
      })
      .delete(
        '/estates/:estateId/meetings/:meetingId/proxies/:proxyId',
        validate('param', meetingParam.extend({ proxyId: z.uuid() })),
        async (c) => {
          const { estateId, meetingId, proxyId } = c.req.valid('param')
          await meetingOf(estateId, meetingId)
          await revokeProxy(db, meetingId, proxyId, who(c))
          return c.body(null, 204)
        },
      )
      .post(
        '/estates/:estateId/meetings/:meetingId/service',
        validate('param', meetingParam),
        validate(
          'json',
          z.object({
            unit: z.string().min(1).max(100),
            method: z.enum(['paper_receipt', 'posted']),
            evidence: z.string().trim().min(1).max(500),
          }),
        ),
        async (c) => {
          const { estateId, meetingId } = ids(c)
          await meetingOf(estateId, meetingId)
          const r = await recordService(db, meetingId, c.req.valid('json'), who(c))
          return c.json(r, r.recorded ? 201 : 200)
        },
      )
      .get(
        '/estates/:estateId/meetings/:meetingId/paper-requests',
        validate('param', meetingParam),
        async (c) => {
          const { estateId, meetingId } = ids(c)
          await meetingOf(estateId, meetingId)
          return c.json({ requests: await listPaperRequests(db, meetingId) })
        },
      )
      .post(
        '/estates/:estateId/meetings/:meetingId/paper-requests/:requestId/handled',
        validate('param', meetingParam.extend({ requestId: z.coerce.number().int().positive() })),
        async (c) => {
          const { estateId, meetingId, requestId } = c.req.valid('param')
          await meetingOf(estateId, meetingId)
          await handlePaperRequest(db, meetingId, requestId, who(c))
          return c.body(null, 204)
        },
      )
      .get('/estates/:estateId/meetings/:meetingId/turnout', validate('param', meetingParam), async (c) => {
        const { estateId, meetingId } = ids(c)
        await meetingOf(estateId, meetingId)
        c.header('cache-control', 'no-store')
        return c.json(await turnout(db, meetingId, ctx.now()))
      })
      .post(
        '/estates/:estateId/meetings/:meetingId/preliminary',
        validate('param', meetingParam),
        async (c) => {
          const { estateId, meetingId } = ids(c)
          await meetingOf(estateId, meetingId)
          await publishPreliminary(db, meetingId, who(c))
          return c.json({ meeting: presentMeeting(await loadMeeting(db, meetingId), ctx.now()) })
        },
      )
      .post(
        '/estates/:estateId/meetings/:meetingId/objections/:objectionId/answer',
        validate('param', meetingParam.extend({ objectionId: z.coerce.number().int().positive() })),
        validate('json', z.object({ answer: z.string().trim().min(1).max(5_000) })),
        async (c) => {
          const { estateId, meetingId, objectionId } = c.req.valid('param')
          await meetingOf(estateId, meetingId)
          await answerObjection(db, meetingId, objectionId, c.req.valid('json').answer, who(c))
          return c.body(null, 204)
        },
      )
      .post(
        '/estates/:estateId/meetings/:meetingId/signoffs',
        validate('param', meetingParam),
        validate(
          'json',
          z.object({
            decision: z.enum(['approve', 'object']),
            note: z.string().trim().max(2_000).nullable().default(null),
          }),
        ),
        async (c) => {
          const { estateId, meetingId } = ids(c)
          await meetingOf(estateId, meetingId)
          await signOff(db, meetingId, actorOf(c).accountId, c.req.valid('json'), who(c))
          return c.body(null, 201)
        },
      )
      .post('/estates/:estateId/meetings/:meetingId/final', validate('param', meetingParam), async (c) => {
        const { estateId, meetingId } = ids(c)
        await meetingOf(estateId, meetingId)
        await finalizeMeeting(db, meetingId, who(c))
        return c.json({ meeting: presentMeeting(await loadMeeting(db, meetingId), ctx.now()) })
      })
      .get(
        '/estates/:estateId/meetings/:meetingId/exports/detail.csv',
        validate('param', meetingParam),
        async (c) => {
          const { estateId, meetingId } = ids(c)
          await meetingOf(estateId, meetingId)
          return c.body(await detailCsv(db, meetingId, ctx.now()), 200, {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="detail-${meetingId}.csv"`,
          })
        },
      )
      .get(
        '/estates/:estateId/meetings/:meetingId/exports/summary.csv',
        validate('param', meetingParam),
        async (c) => {
          const { estateId, meetingId } = ids(c)
          await meetingOf(estateId, meetingId)
          return c.body(await summaryCsv(db, meetingId, ctx.now()), 200, {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="summary-${meetingId}.csv"`,
          })
        },
      )
  )
}

function isStaffOf(c: Context<AuthEnv>, estateId: string): boolean {
  const actor = c.get('actor')
  return actor?.grants.some((g) => g.estateId === estateId) ?? false
}
