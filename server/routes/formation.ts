import { Hono, type Context } from 'hono'
import type { AuthEnv } from '../auth/access'
import type { ErrorCode } from '../errors'
import {
  designateFirstMeeting,
  formGroup,
  markHandover,
  publishMembers,
  readFormation,
  recordApplication,
  recordFiling,
} from '../services/formation'
import { recordTraining, recordUndertaking } from '../services/formation-filing'
import { who, type RouteContext } from './context'
import {
  applicationBody,
  filingBody,
  firstMeetingBody,
  groupBody,
  handoverBody,
  handoverParam,
  trainingBody,
  undertakingBody,
  undertakingParam,
} from './formation.schema'
import { doc } from './openapi'
import { estateParam, validate } from './validate'

/** What recording a part of the filing package (an undertaking, the training) may be refused with. */
const FILING_PART_ERRORS: readonly ErrorCode[] = [
  'formation_not_found',
  'filing_term_missing',
  'committee_member_not_found',
  'formation_date_invalid',
  'step_already_recorded',
]

/**
 * Forming the first assembly and re-elections (domain §§7–8) as one resource of an estate: the street office's
 * application and group, the group's steps, the filing; the staff's full view and the owners' public one.
 */
export function formationRoutes(ctx: RouteContext) {
  const { db, auth } = ctx
  const base = '/estates/:estateId/formation'

  /** The formation as `audience` sees it, not cached: what the two reads answer. */
  const read = async (c: Context<AuthEnv>, estateId: string, audience: 'staff' | 'public') => {
    c.header('cache-control', 'no-store')
    return c.json({ formation: await readFormation(db, estateId, audience, c.get('now')) })
  }
  /** The staff's formation after a step: what every step answers, so the desk shows its effect at once. */
  const afterStep = async (c: Context<AuthEnv>, estateId: string, status: 200 | 201 = 200) =>
    c.json({ formation: await readFormation(db, estateId, 'staff', c.get('now')) }, status)

  return new Hono<AuthEnv>()
    .get(
      base,
      doc({
        summary: 'The estate’s formation: steps, clocks, group and members, first meeting, outcome',
        tag: 'formation',
        errors: ['estate_not_found'],
      }),
      validate('param', estateParam),
      async (c) => read(c, c.req.valid('param').estateId, 'staff'),
    )
    .get(
      `${base}/public`,
      doc({
        summary: 'The formation as owners see it: status, dates, clocks and the published member list',
        description: 'The member list is a public notice with the members’ full names; no phone numbers.',
        tag: 'formation',
        errors: ['estate_not_found'],
      }),
      validate('param', estateParam),
      async (c) => read(c, c.req.valid('param').estateId, 'public'),
    )
    .post(
      `${base}/applications`,
      doc({
        summary: 'Record an application (owners or developer) with the share it represents',
        tag: 'formation',
        ok: { status: 201, description: 'The application and its share on both dimensions' },
        errors: ['estate_not_found', 'unit_not_found', 'formation_date_invalid'],
      }),
      validate('param', estateParam),
      validate('json', applicationBody),
      async (c) => {
        const { estateId } = c.req.valid('param')
        const { id, share } = await recordApplication(db, estateId, c.req.valid('json'), who(c))
        return c.json({ application: { id, share } }, 201)
      },
    )
    .post(
      `${base}/groups`,
      doc({
        summary: 'Form a preparatory or re-election group with its members (conveners while it exists)',
        description:
          'Members with `enroll` get a new staff account and an enrollment link, which exists only in this answer.',
        tag: 'formation',
        ok: { status: 201, description: 'The group and its members’ enrollment links' },
        errors: [
          'estate_not_found',
          'group_exists',
          'application_missing',
          'assembly_not_formed',
          'composition_invalid',
          'account_not_found',
          'not_staff',
          'forbidden',
        ],
      }),
      validate('param', estateParam),
      validate('json', groupBody),
      async (c) => {
        const { estateId } = c.req.valid('param')
        const formed = await formGroup(db, estateId, c.req.valid('json'), auth.origin, who(c))
        for (const accountId of formed.granted) auth.sessions.grantsChanged(accountId)
        c.header('cache-control', 'no-store')
        return c.json({ group: { id: formed.id }, enrollments: formed.enrollments }, 201)
      },
    )
    .post(
      `${base}/members-publication`,
      doc({
        summary: 'Publish the group’s member list (a dated public notice)',
        tag: 'formation',
        errors: ['formation_not_found', 'step_already_recorded'],
      }),
      validate('param', estateParam),
      async (c) => {
        const { estateId } = c.req.valid('param')
        await publishMembers(db, estateId, who(c))
        return afterStep(c, estateId)
      },
    )
    .put(
      `${base}/first-meeting`,
      doc({
        summary: 'Designate the first meeting (a draft) and its rules, covenants and election matters',
        tag: 'formation',
        errors: ['formation_not_found', 'first_meeting_invalid', 'first_meeting_fixed'],
      }),
      validate('param', estateParam),
      validate('json', firstMeetingBody),
      async (c) => {
        const { estateId } = c.req.valid('param')
        await designateFirstMeeting(db, estateId, c.req.valid('json'), who(c))
        return afterStep(c, estateId)
      },
    )
    .put(
      `${base}/undertakings/:memberId`,
      doc({
        summary:
          'Record a committee member’s written undertaking (承诺书) for the filing: the day it was signed',
        tag: 'formation',
        errors: FILING_PART_ERRORS,
      }),
      validate('param', undertakingParam),
      validate('json', undertakingBody),
      async (c) => {
        const { estateId, memberId } = c.req.valid('param')
        await recordUndertaking(db, estateId, memberId, c.req.valid('json'), who(c))
        return afterStep(c, estateId)
      },
    )
    .post(
      `${base}/training`,
      doc({
        summary:
          'Record the committee’s training for the filing: the day, the topic and the members who attended',
        tag: 'formation',
        ok: { status: 201, description: 'The formation with the training record' },
        errors: FILING_PART_ERRORS,
      }),
      validate('param', estateParam),
      validate('json', trainingBody),
      async (c) => {
        const { estateId } = c.req.valid('param')
        await recordTraining(db, estateId, c.req.valid('json'), who(c))
        return afterStep(c, estateId, 201)
      },
    )
    .post(
      `${base}/handover/:item`,
      doc({
        summary: 'Mark one item of a re-election’s handover done (records, seals, roll)',
        tag: 'formation',
        errors: ['formation_not_found', 'not_re_election', 'step_already_recorded', 'formation_date_invalid'],
      }),
      validate('param', handoverParam),
      validate('json', handoverBody),
      async (c) => {
        const { estateId, item } = c.req.valid('param')
        await markHandover(db, estateId, item, c.req.valid('json'), who(c))
        return afterStep(c, estateId)
      },
    )
    .post(
      `${base}/filing`,
      doc({
        summary:
          'Record the filing (届别, term, chair from the committee’s term; the office address); the group dissolves',
        description:
          '届别, the term and the chair are taken from the committee’s term made from the election; typed, they must ' +
          'agree with it. The members’ convener grants are revoked; an account left with no role is signed out.',
        tag: 'formation',
        errors: [
          'formation_not_found',
          'assembly_not_formed',
          'filing_term_missing',
          'filing_chair_missing',
          'filing_contradicts_term',
          'step_already_recorded',
        ],
      }),
      validate('param', estateParam),
      validate('json', filingBody),
      async (c) => {
        const { estateId } = c.req.valid('param')
        const { revoked } = await recordFiling(db, estateId, c.req.valid('json'), who(c))
        for (const r of revoked) {
          auth.sessions.grantsChanged(r.accountId)
          auth.sessions.forget(r.revokedSessionIds)
        }
        return afterStep(c, estateId)
      },
    )
}

/** The routes of this module with their paths, inputs and answers, as mounted by apiRoutes (server/app.ts). */
export type FormationRoutes = ReturnType<typeof formationRoutes>
