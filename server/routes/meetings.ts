import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import { actorOf, auditActor, type AuthEnv } from '../auth/access'
import { MATTER_KINDS, type Choice } from '../domain/bundle'
import { AppError, badRequest, notFound } from '../errors'
import { actingFor } from '../services/acting-for'
import {
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
  declarePaperComplete,
  votedUnits,
  detailCsv,
  finalDue,
  finalizeMeeting,
  fullBundle,
  publicSummary,
  publishPreliminary,
  summaryCsv,
  turnout,
} from '../services/meeting-results'
import {
  createMeeting,
  extendMeeting,
  frozenElectorate,
  giveNotice,
  loadMeeting,
  mattersOfVoter,
  meetingAt,
  presentMeeting,
  MAX_COUNTING_DAYS,
  updateMeeting,
  type LoadedMeeting,
} from '../services/meetings'
import type { RouteContext } from './context'
import { isStaffOf, meetingOf, type MeetingEnv } from './meeting-context'
import { displayText, estateParam, validate } from './validate'
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
  title: displayText(200),
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
        name: displayText(60),
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
    countingDays: z.number().int().min(0).max(MAX_COUNTING_DAYS),
  })
  .partial()
const meetingBody = z.object({
  title: displayText(200),
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

/** Meetings of an estate: definition, notice, ballots over every channel, records, results. */
export function meetingRoutes(ctx: RouteContext) {
  const { db, auth } = ctx
  const who = (c: Context<AuthEnv>) => ({ ...auditActor(c), now: c.get('now') })
  /** The meeting as it stands after a command changed it (read again, at the same instant). */
  const reloaded = async (m: LoadedMeeting) => meetingAt(await loadMeeting(db, m.row.id), m.at)
  const meetingPath = '/estates/:estateId/meetings/:meetingId'

  return (
    new Hono<MeetingEnv>()
      .get('/estates/:estateId/meetings', validate('param', estateParam), async (c) => {
        const { estateId } = c.req.valid('param')
        const rows = await db
          .selectFrom('meetings')
          .select('id')
          .where('estate_id', '=', estateId)
          .orderBy('created_at', 'desc')
          .execute()
        const staff = isStaffOf(c, estateId)
        const meetings = []
        for (const r of rows) {
          const m = meetingAt(await loadMeeting(db, r.id), c.get('now'))
          // Drafts are the conveners' work in progress, not yet a notice.
          if (m.row.status === 'draft' && !staff) continue
          meetings.push({
            id: m.row.id,
            title: m.row.title,
            status: m.status,
            opensAt: m.row.opens_at,
            closesAt: m.row.closes_at,
            noticedAt: m.row.noticed_at,
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
          return c.json({ meeting: presentMeeting(meetingAt(await loadMeeting(db, id), c.get('now'))) }, 201)
        },
      )
      .get(meetingPath, validate('param', meetingParam), async (c) => {
        const { estateId } = c.req.valid('param')
        const m = meetingOf(c)
        const actor = c.get('actor')
        // 珠海 rule (§6.5): an owner's first sign-in after the notice that opens it is evidence of service.
        if (actor && actor.estateId === estateId && m.row.noticed_at !== null) {
          const acting = await actingFor(db, m, actor)
          for (const voter of [...acting.own.map((o) => o.voter), ...acting.blocked.map((b) => b.voter)])
            await recordService(
              db,
              m,
              { unit: voter, method: 'online_signin', evidence: `account:${actor.accountId}` },
              who(c),
            )
        }
        // The agenda's attachments (matter documents, candidate photos): part of the notice, never scans.
        const attachments = await db
          .selectFrom('attachments')
          .select(['id', 'purpose', 'ref', 'file_name', 'mime', 'size', 'sha256'])
          .where('meeting_id', '=', m.row.id)
          .where('purpose', 'in', ['matter', 'candidate_photo'])
          .orderBy('created_at')
          .execute()
        return c.json({
          meeting: { ...presentMeeting(m), finalDue: await finalDue(db, m) },
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
      .put(meetingPath, validate('param', meetingParam), validate('json', meetingBody), async (c) => {
        const m = meetingOf(c)
        await updateMeeting(db, m.row.id, c.req.valid('json'), who(c))
        return c.json({ meeting: presentMeeting(await reloaded(m)) })
      })
      .post(`${meetingPath}/notice`, validate('param', meetingParam), async (c) => {
        const m = meetingOf(c)
        await giveNotice(db, m.row.id, who(c))
        return c.json({ meeting: presentMeeting(await reloaded(m)) })
      })
      .post(
        `${meetingPath}/extension`,
        validate('param', meetingParam),
        validate(
          'json',
          z.object({ closesAt: z.iso.datetime({ offset: true }), reason: z.string().trim().min(1).max(500) }),
        ),
        async (c) => {
          const m = meetingOf(c)
          const body = c.req.valid('json')
          await extendMeeting(db, m.row.id, body.closesAt, body.reason, who(c))
          return c.json({ meeting: presentMeeting(await reloaded(m)) })
        },
      )
      .post(
        `${meetingPath}/attachments`,
        bodyLimit({
          maxSize: MAX_ATTACHMENT_BYTES + 64 * 1024,
          onError: () => {
            throw new AppError('file_too_large', `Attachments are at most ${MAX_ATTACHMENT_BYTES} bytes`)
          },
        }),
        validate('param', meetingParam),
        async (c) => {
          const m = meetingOf(c)
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
            m,
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
        `${meetingPath}/attachments/:attachmentId`,
        validate('param', meetingParam.extend({ attachmentId: z.uuid() })),
        async (c) => {
          const { estateId, meetingId, attachmentId } = c.req.valid('param')
          const a = await getAttachment(db, meetingId, attachmentId)
          // Scans of paper ballots and proxy documents carry choices and signatures: staff of the estate only.
          if ((a.purpose === 'paper_scan' || a.purpose === 'proxy_document') && !isStaffOf(c, estateId))
            throw new AppError('forbidden', 'Your role does not allow this')
          return c.body(new Uint8Array(a.data), 200, {
            'content-type': a.mime,
            'content-disposition': `${a.mime.startsWith('image/') ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(a.file_name)}`,
            'cache-control': 'private, max-age=3600',
          })
        },
      )

      // ---- owners and proxy holders ----
      .get(`${meetingPath}/me`, validate('param', meetingParam), async (c) => {
        const m = meetingOf(c)
        if (m.row.noticed_at === null) throw notFound('meeting_not_found', 'No such meeting')
        const actor = actorOf(c)
        const acting = await actingFor(db, m, actor)
        // A proxy the holder has used is spent, but the holder still sees the ballot they cast with it.
        const used = await db
          .selectFrom('proxies')
          .select(['voter', 'directions_json'])
          .where('meeting_id', '=', m.row.id)
          .where('holder_account_id', '=', actor.accountId)
          .where('status', '=', 'used')
          .execute()
        const proxies = [
          ...acting.proxies,
          ...used.map((p) => ({
            voter: p.voter,
            directions: p.directions_json ? (JSON.parse(p.directions_json) as Record<string, Choice>) : null,
          })),
        ]
        const voters = [
          ...new Set([
            ...acting.own.map((o) => o.voter),
            ...acting.blocked.map((b) => b.voter),
            ...proxies.map((p) => p.voter),
          ]),
        ]
        const ballots = await db
          .selectFrom('ballots')
          .select(['voter', 'receipt', 'channel', 'created_at', 'status', 'cast_by'])
          .where('meeting_id', '=', m.row.id)
          .where('voter', 'in', voters.length > 0 ? voters : [''])
          .where('status', '=', 'valid')
          .execute()
        const e = await frozenElectorate(db, m)
        return c.json({
          status: m.status,
          voters: voters.map((v) => {
            const voter = e.wide.voters.find((x) => x.id === v)
            const b = ballots.find((x) => x.voter === v)
            const proxy = proxies.find((p) => p.voter === v)
            const blocked = acting.blocked.find((x) => x.voter === v)
            return {
              voter: v,
              units: voter?.units ?? [],
              areaCm2: voter?.areaCm2 ?? 0,
              as: proxy ? 'proxy' : 'owner',
              directions: proxy?.directions ?? null,
              // Co-owners who named a representative: only the representative casts (指导规则 art. 25).
              representative: blocked?.representative ?? null,
              matters: [...mattersOfVoter(e, v)],
              ballot: b ? { receipt: b.receipt, channel: b.channel, castAt: b.created_at } : null,
            }
          }),
        })
      })
      .post(
        `${meetingPath}/ballot-options`,
        ctx.limit('challenges'),
        validate('param', meetingParam),
        validate(
          'json',
          z.object({
            voter: z.string().min(1).max(100),
            choices: z.record(z.string().regex(/^q\d{1,3}$/), onlineChoice),
          }),
        ),
        async (c) => {
          return c.json(await prepareBallot(db, auth.passkeys, meetingOf(c), actorOf(c), c.req.valid('json')))
        },
      )
      .post(
        `${meetingPath}/ballots`,
        validate('param', meetingParam),
        validate(
          'json',
          z.object({ nonce: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/), response: authenticationResponse }),
        ),
        async (c) => {
          const receipt = await castBallot(db, auth.passkeys, meetingOf(c), actorOf(c), c.req.valid('json'))
          return c.json({ receipt }, 201)
        },
      )
      .post(`${meetingPath}/read-confirmation`, validate('param', meetingParam), async (c) => {
        const m = meetingOf(c)
        const actor = actorOf(c)
        const acting = await actingFor(db, m, actor)
        const voters = [...acting.own.map((o) => o.voter), ...acting.blocked.map((b) => b.voter)]
        if (voters.length === 0) throw new AppError('not_your_voter', 'You are not a voter of this meeting')
        for (const v of voters)
          await recordService(
            db,
            m,
            { unit: v, method: 'read_confirmation', evidence: `account:${actor.accountId}` },
            who(c),
          )
        return c.body(null, 204)
      })
      .post(
        `${meetingPath}/paper-requests`,
        validate('param', meetingParam),
        validate('json', z.object({ voter: z.string().min(1).max(100) })),
        async (c) => {
          const m = meetingOf(c)
          const actor = actorOf(c)
          const acting = await actingFor(db, m, actor)
          const { voter } = c.req.valid('json')
          if (!acting.own.some((o) => o.voter === voter) && !acting.blocked.some((b) => b.voter === voter))
            throw new AppError('not_your_voter', 'You may not ask for this voter')
          const r = await requestPaperBallot(db, m, voter, actor.accountId, who(c))
          return c.json(r, r.created ? 201 : 200)
        },
      )
      .post(
        `${meetingPath}/objections`,
        validate('param', meetingParam),
        validate('json', z.object({ text: z.string().trim().min(1).max(5_000) })),
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
      .get(`${meetingPath}/objections`, validate('param', meetingParam), async (c) => {
        return c.json({ objections: await listObjections(db, meetingOf(c).row.id) })
      })
      // The public summary: who voted by unit and area, receipts with choices but no unit (domain §12).
      .get(`${meetingPath}/summary`, validate('param', meetingParam), (c) => {
        const summary = publicSummary(meetingOf(c))
        c.header('cache-control', 'public, max-age=60')
        return c.json(summary)
      })
      // The full bundle links units to choices: for those with standing only, each download audited (§12).
      .get(`${meetingPath}/bundle`, validate('param', meetingParam), async (c) => {
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
      })
      .get(`${meetingPath}/voted`, validate('param', meetingParam), async (c) => {
        c.header('cache-control', 'no-store')
        return c.json(await votedUnits(db, meetingOf(c)))
      })
      .get(`${meetingPath}/announcement`, validate('param', meetingParam), async (c) => {
        return c.json({ announcement: await announcement(db, meetingOf(c)) })
      })

      // ---- conveners ----
      .post(
        `${meetingPath}/paper-entries`,
        validate('param', meetingParam),
        validate(
          'json',
          z.object({
            unit: z.string().min(1).max(100),
            channel: z.enum(['paper', 'in_person']).default('paper'),
            choices,
            scanId: z.uuid(),
            // When the paper was handed in (ballot box, signed receipt); required after the close.
            receivedAt: z.iso.datetime({ offset: true }).optional(),
          }),
        ),
        async (c) => {
          return c.json(await enterPaperBallot(db, meetingOf(c), c.req.valid('json'), who(c)), 201)
        },
      )
      .post(
        `${meetingPath}/paper-entries/:entryId/confirmation`,
        validate('param', meetingParam.extend({ entryId: z.uuid() })),
        validate('json', z.object({ choices })),
        async (c) => {
          const { entryId } = c.req.valid('param')
          const r = await confirmPaperBallot(db, meetingOf(c), entryId, c.req.valid('json').choices, who(c))
          return c.json(r, r.status === 'confirmed' ? 201 : 409)
        },
      )
      .get(
        `${meetingPath}/paper-entries`,
        validate('param', meetingParam),
        validate(
          'query',
          z.object({
            status: z.enum(['awaiting_confirmation', 'confirmed', 'mismatch', 'refused']).optional(),
          }),
        ),
        async (c) => {
          return c.json({
            entries: await listPaperEntries(db, meetingOf(c).row.id, c.req.valid('query').status),
          })
        },
      )
      .post(`${meetingPath}/paper-complete`, validate('param', meetingParam), async (c) => {
        const m = meetingOf(c)
        await declarePaperComplete(db, m, who(c))
        return c.json({ meeting: presentMeeting(await reloaded(m)) })
      })
      .post(
        `${meetingPath}/proxies`,
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
          return c.json(await recordProxy(db, meetingOf(c), c.req.valid('json'), who(c)), 201)
        },
      )
      .get(`${meetingPath}/proxies`, validate('param', meetingParam), async (c) => {
        return c.json({ proxies: await listProxies(db, meetingOf(c).row.id) })
      })
      .delete(
        `${meetingPath}/proxies/:proxyId`,
        validate('param', meetingParam.extend({ proxyId: z.uuid() })),
        async (c) => {
          await revokeProxy(db, meetingOf(c), c.req.valid('param').proxyId, who(c))
          return c.body(null, 204)
        },
      )
      .post(
        `${meetingPath}/service`,
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
          const r = await recordService(db, meetingOf(c), c.req.valid('json'), who(c))
          return c.json(r, r.recorded ? 201 : 200)
        },
      )
      .get(`${meetingPath}/paper-requests`, validate('param', meetingParam), async (c) => {
        return c.json({ requests: await listPaperRequests(db, meetingOf(c).row.id) })
      })
      .post(
        `${meetingPath}/paper-requests/:requestId/handled`,
        validate('param', meetingParam.extend({ requestId: z.coerce.number().int().positive() })),
        async (c) => {
          await handlePaperRequest(db, meetingOf(c), c.req.valid('param').requestId, who(c))
          return c.body(null, 204)
        },
      )
      .get(`${meetingPath}/turnout`, validate('param', meetingParam), async (c) => {
        c.header('cache-control', 'no-store')
        return c.json(await turnout(db, meetingOf(c)))
      })
      .post(`${meetingPath}/preliminary`, validate('param', meetingParam), async (c) => {
        const m = meetingOf(c)
        await publishPreliminary(db, m, who(c))
        return c.json({ meeting: presentMeeting(await reloaded(m)) })
      })
      .post(
        `${meetingPath}/objections/:objectionId/answer`,
        validate('param', meetingParam.extend({ objectionId: z.coerce.number().int().positive() })),
        validate('json', z.object({ answer: z.string().trim().min(1).max(5_000) })),
        async (c) => {
          const { objectionId } = c.req.valid('param')
          await answerObjection(db, meetingOf(c), objectionId, c.req.valid('json').answer, who(c))
          return c.body(null, 204)
        },
      )
      .post(
        `${meetingPath}/signoffs`,
        validate('param', meetingParam),
        validate(
          'json',
          z.object({
            decision: z.enum(['approve', 'object']),
            note: z.string().trim().max(2_000).nullable().default(null),
          }),
        ),
        async (c) => {
          await signOff(db, meetingOf(c), actorOf(c).accountId, c.req.valid('json'), who(c))
          return c.body(null, 201)
        },
      )
      .post(`${meetingPath}/final`, validate('param', meetingParam), async (c) => {
        const m = meetingOf(c)
        await finalizeMeeting(db, m, who(c))
        return c.json({ meeting: presentMeeting(await reloaded(m)) })
      })
      .get(`${meetingPath}/exports/detail.csv`, validate('param', meetingParam), async (c) => {
        const m = meetingOf(c)
        return c.body(await detailCsv(db, m), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="detail-${m.row.id}.csv"`,
        })
      })
      .get(`${meetingPath}/exports/summary.csv`, validate('param', meetingParam), (c) => {
        const m = meetingOf(c)
        return c.body(summaryCsv(m), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="summary-${m.row.id}.csv"`,
        })
      })
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
