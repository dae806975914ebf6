import { Hono } from 'hono'
import {
  createMeeting,
  extendMeeting,
  giveNotice,
  loadMeeting,
  meetingAt,
  presentMeeting,
  updateMeeting,
} from '../services/meetings'
import { listMeetings, readMeeting } from '../services/meeting-views'
import { who, type RouteContext } from './context'
import { isStaffOf, meetingOf, reloaded, type MeetingEnv } from './meeting-context'
import { extensionBody, meetingBody, meetingParam } from './meetings.schema'
import { doc } from './openapi'
import { estateParam, validate } from './validate'

/**
 * Meetings of an estate as a resource: the list, the definition (a draft), the notice that freezes it, the
 * extension of its window, and one meeting as its readers see it. Ballots, records and results of a meeting are
 * their own modules (ballots.ts, records.ts, results.ts).
 */
export function meetingRoutes(ctx: RouteContext) {
  const { db } = ctx
  const meetingPath = '/estates/:estateId/meetings/:meetingId'

  return new Hono<MeetingEnv>()
    .get(
      '/estates/:estateId/meetings',
      doc({ summary: 'The estate’s meetings, newest first (drafts for its staff only)', tag: 'meetings' }),
      validate('param', estateParam),
      async (c) => {
        const { estateId } = c.req.valid('param')
        const meetings = await listMeetings(db, estateId, { staff: isStaffOf(c, estateId), at: c.get('now') })
        return c.json({ meetings })
      },
    )
    .post(
      '/estates/:estateId/meetings',
      doc({
        summary: 'Define a meeting (a draft)',
        tag: 'meetings',
        ok: { status: 201, description: 'The draft' },
        errors: [
          'estate_not_found',
          'invalid_settings',
          'window_invalid',
          'setting_of_estate',
          'agenda_invalid',
          'reelection_lock',
        ],
      }),
      validate('param', estateParam),
      validate('json', meetingBody),
      async (c) => {
        const { estateId } = c.req.valid('param')
        const id = await createMeeting(db, estateId, c.req.valid('json'), who(c))
        return c.json({ meeting: presentMeeting(meetingAt(await loadMeeting(db, id), c.get('now'))) }, 201)
      },
    )
    .get(
      meetingPath,
      doc({
        summary: 'One meeting with the agenda’s attachments',
        description:
          'An owner of the estate reading a noticed meeting is served by reading it (domain §6.5, the 珠海 rule).',
        tag: 'meetings',
        errors: ['meeting_not_found'],
      }),
      validate('param', meetingParam),
      async (c) => c.json(await readMeeting(db, meetingOf(c), c.get('actor'), who(c))),
    )
    .put(
      meetingPath,
      doc({
        summary: 'Replace a draft’s definition',
        tag: 'meetings',
        errors: [
          'meeting_not_found',
          'meeting_not_draft',
          'invalid_settings',
          'window_invalid',
          'setting_of_estate',
          'agenda_invalid',
          'reelection_lock',
        ],
      }),
      validate('param', meetingParam),
      validate('json', meetingBody),
      async (c) => {
        const m = meetingOf(c)
        await updateMeeting(db, m.row.id, c.req.valid('json'), who(c))
        return c.json({ meeting: presentMeeting(await reloaded(db, m)) })
      },
    )
    .post(
      `${meetingPath}/notice`,
      doc({
        summary: 'Give notice: freeze the agenda, the settings and the electorate',
        tag: 'meetings',
        errors: [
          'meeting_not_found',
          'meeting_not_draft',
          'agenda_empty',
          'calendar_violation',
          'reelection_lock',
          'first_meeting_publication_late',
          'first_meeting_invalid',
        ],
      }),
      validate('param', meetingParam),
      async (c) => {
        const m = meetingOf(c)
        await giveNotice(db, m.row.id, who(c))
        return c.json({ meeting: presentMeeting(await reloaded(db, m)) })
      },
    )
    .post(
      `${meetingPath}/extension`,
      doc({
        summary: 'Extend the voting window, with the reason posted',
        tag: 'meetings',
        errors: ['meeting_not_found', 'meeting_not_open', 'extension_not_later', 'calendar_violation'],
      }),
      validate('param', meetingParam),
      validate('json', extensionBody),
      async (c) => {
        const m = meetingOf(c)
        const body = c.req.valid('json')
        await extendMeeting(db, m.row.id, body.closesAt, body.reason, who(c))
        return c.json({ meeting: presentMeeting(await reloaded(db, m)) })
      },
    )
}

/** The routes of this module with their paths, inputs and answers, as mounted by apiRoutes (server/app.ts). */
export type MeetingRoutes = ReturnType<typeof meetingRoutes>
