import { Hono, type Context } from 'hono'
import type { z } from 'zod'
import { actorOf, type AuthEnv } from '../auth/access'
import {
  announceMembers,
  committeeView,
  createTerm,
  getNotice,
  listNotices,
  recordVacancy,
} from '../services/committee'
import {
  closeMeeting,
  committeeMeetingView,
  publishResolutions,
  recordAttendance,
  scheduleCommitteeMeeting,
} from '../services/committee-meetings'
import { castVote, memberView, prepareVote } from '../services/committee-votes'
import {
  attendanceBody,
  committeeMeetingParam,
  createTermBody,
  noticeParam,
  publicationBody,
  scheduleBody,
  vacancyBody,
  voteBody,
  voteOptionsBody,
} from './committee.schema'
import { who, type RouteContext } from './context'
import { doc } from './openapi'
import { estateParam, validate } from './validate'

/**
 * The owners' committee of an estate (domain §8): the term made from a final election, its members and alternates,
 * vacancies, committee meetings with attendance and passkey-signed votes, and the notices it publishes. Conveners
 * run it; the estate's supervisors read it; a member votes for their own seat; anyone reads the public notices.
 */
export function committeeRoutes(ctx: RouteContext) {
  const { db, auth } = ctx
  const base = '/estates/:estateId/committee'
  const meetingPath = `${base}/meetings/:committeeMeetingId`

  /** The estate and the committee meeting a meeting route's path names, in the order the services take them. */
  const meetingOf = (c: Context<AuthEnv, string, MeetingInput>) => {
    const p = c.req.valid('param')
    return [p.estateId, p.committeeMeetingId] as const
  }
  /** Who votes on a meeting's item, as both steps of a vote take it: the passkeys, the meeting, the member. */
  const voterOf = (c: Context<AuthEnv, string, MeetingInput>) =>
    [auth.passkeys, ...meetingOf(c), actorOf(c)] as const

  return new Hono<AuthEnv>()
    .get(
      base,
      doc({
        summary: 'The current term: members with roles, alternates, vacancies, clocks and reminders',
        tag: 'committee',
        errors: ['estate_not_found'],
      }),
      validate('param', estateParam),
      async (c) => c.json(await committeeView(db, c.req.valid('param').estateId, c.get('now'), 'staff')),
    )
    .get(
      `${base}/public`,
      doc({
        summary:
          'The committee as owners see it: members’ names and roles (officers are public), never phones',
        tag: 'committee',
        errors: ['estate_not_found'],
      }),
      validate('param', estateParam),
      async (c) => c.json(await committeeView(db, c.req.valid('param').estateId, c.get('now'), 'public')),
    )
    .post(
      `${base}/terms`,
      doc({
        summary: 'Make the term from a final meeting’s election matter',
        tag: 'committee',
        ok: { status: 201, description: 'The term' },
        errors: [
          'estate_not_found',
          'meeting_not_found',
          'meeting_not_final',
          'not_an_election',
          'committee_not_formed',
          'term_invalid',
          'term_exists',
        ],
      }),
      validate('param', estateParam),
      validate('json', createTermBody),
      async (c) =>
        c.json(await createTerm(db, c.req.valid('param').estateId, c.req.valid('json'), who(c)), 201),
    )
    .post(
      `${base}/announcement`,
      doc({
        summary: 'Publish the notice of chair, vice-chairs and members (上海 art. 21: within 3 days)',
        tag: 'committee',
        ok: { status: 201, description: 'The notice' },
        errors: ['estate_not_found', 'committee_not_found'],
      }),
      validate('param', estateParam),
      async (c) => c.json(await announceMembers(db, c.req.valid('param').estateId, who(c)), 201),
    )
    .post(
      `${base}/vacancies`,
      doc({
        summary:
          'Record a vacancy (resignation, loss of ownership, removal); the first eligible alternate fills it',
        tag: 'committee',
        errors: [
          'estate_not_found',
          'committee_not_found',
          'committee_member_not_found',
          'member_still_owner',
          'meeting_not_found',
          'meeting_not_final',
          'not_an_election',
          'removal_not_passed',
        ],
      }),
      validate('param', estateParam),
      validate('json', vacancyBody),
      async (c) =>
        c.json(await recordVacancy(db, c.req.valid('param').estateId, c.req.valid('json'), who(c))),
    )
    .post(
      `${base}/meetings`,
      doc({
        summary: 'Schedule a committee meeting with its agenda (the first: 选举主任、副主任)',
        tag: 'committee',
        ok: { status: 201, description: 'The meeting' },
        errors: ['estate_not_found', 'committee_not_found', 'committee_below_half', 'officers_invalid'],
      }),
      validate('param', estateParam),
      validate('json', scheduleBody),
      async (c) =>
        c.json(
          await scheduleCommitteeMeeting(db, c.req.valid('param').estateId, c.req.valid('json'), who(c)),
          201,
        ),
    )
    .get(
      meetingPath,
      doc({
        summary: 'A committee meeting: items, attendance, each member’s vote, its notice',
        tag: 'committee',
        errors: ['committee_meeting_not_found'],
      }),
      validate('param', committeeMeetingParam),
      async (c) => c.json(await committeeMeetingView(db, ...meetingOf(c))),
    )
    .put(
      `${meetingPath}/attendance`,
      doc({
        summary: 'Record who attends (every sitting member, present or not)',
        tag: 'committee',
        errors: ['committee_meeting_not_found', 'committee_meeting_closed', 'committee_member_not_found'],
      }),
      validate('param', committeeMeetingParam),
      validate('json', attendanceBody),
      async (c) => c.json(await recordAttendance(db, ...meetingOf(c), c.req.valid('json'), who(c))),
    )
    .post(
      `${meetingPath}/close`,
      doc({
        summary: 'Close the meeting: each item passes with more than half of all seats (上海 art. 26)',
        tag: 'committee',
        errors: ['committee_meeting_not_found', 'committee_meeting_closed'],
      }),
      validate('param', committeeMeetingParam),
      async (c) => c.json(await closeMeeting(db, ...meetingOf(c), who(c))),
    )
    .post(
      `${meetingPath}/publication`,
      doc({
        summary: 'Publish the resolutions and minutes as a notice (within 3 days; never edited)',
        tag: 'committee',
        ok: { status: 201, description: 'The notice' },
        errors: ['committee_meeting_not_found', 'committee_meeting_not_closed', 'committee_notice_exists'],
      }),
      validate('param', committeeMeetingParam),
      validate('json', publicationBody),
      async (c) => c.json(await publishResolutions(db, ...meetingOf(c), c.req.valid('json'), who(c)), 201),
    )
    .get(
      `${base}/me`,
      doc({
        summary: 'My seat and the open committee meetings with their items and my votes',
        tag: 'committee',
        errors: ['estate_not_found', 'committee_not_found', 'not_a_member'],
      }),
      validate('param', estateParam),
      async (c) => c.json(await memberView(db, c.req.valid('param').estateId, actorOf(c))),
    )
    .post(
      `${meetingPath}/vote-options`,
      doc({
        summary: 'The challenge for my vote on one item: the choice my passkey will sign',
        tag: 'committee',
        limited: true,
        errors: [
          'committee_meeting_not_found',
          'committee_meeting_closed',
          'not_a_member',
          'activation_pending',
          'committee_below_half',
          'committee_item_not_found',
          'committee_vote_exists',
        ],
      }),
      ctx.limit('challenges'),
      validate('param', committeeMeetingParam),
      validate('json', voteOptionsBody),
      async (c) => c.json(await prepareVote(db, ...voterOf(c), c.req.valid('json'), c.get('now'))),
    )
    .post(
      `${meetingPath}/votes`,
      doc({
        summary: 'Confirm my vote: the passkey’s assertion over its options; final once stored',
        tag: 'committee',
        ok: { status: 201, description: 'The vote' },
        errors: [
          'committee_meeting_not_found',
          'committee_meeting_closed',
          'passkey_failed',
          'not_a_member',
          'committee_vote_exists',
        ],
      }),
      validate('param', committeeMeetingParam),
      validate('json', voteBody),
      async (c) => c.json(await castVote(db, ...voterOf(c), c.req.valid('json'), who(c)), 201),
    )
    .get(
      `${base}/notices`,
      doc({
        summary: 'The committee’s published notices: members, resolutions and minutes, vacancies',
        tag: 'committee',
        errors: ['estate_not_found'],
      }),
      validate('param', estateParam),
      async (c) => c.json(await listNotices(db, c.req.valid('param').estateId)),
    )
    .get(
      `${base}/notices/:noticeId`,
      doc({
        summary: 'One published notice, with its date and SHA-256',
        tag: 'committee',
        errors: ['notice_not_found'],
      }),
      validate('param', noticeParam),
      async (c) => {
        const p = c.req.valid('param')
        return c.json(await getNotice(db, p.estateId, p.noticeId))
      },
    )
}

/** What a committee meeting's routes validate their path into (committeeMeetingParam). */
type MeetingInput = { out: { param: z.infer<typeof committeeMeetingParam> } }

export type CommitteeRoutes = ReturnType<typeof committeeRoutes>
