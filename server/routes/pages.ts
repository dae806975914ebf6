import { Hono } from 'hono'
import { actorOf, type AuthEnv } from '../auth/access'
import { describeMe } from '../services/me'
import { listMeetings, ownMeetingView } from '../services/meeting-views'
import { loadMeeting, meetingAt } from '../services/meetings'
import type { RouteContext } from './context'
import { doc } from './openapi'
import { homeQuery } from './pages.schema'
import { validate } from './validate'

/**
 * A page's whole data in one answer, where the page would otherwise ask several questions one after the other: on
 * slow mobile data each question costs a round trip (400 ms and more), and the owner's start page asked three in
 * sequence (who am I → my estate's meetings → for each, the voters I act for). Each part is what its own route
 * answers, from the same services: nothing here is a second view of the data.
 */
export function pageRoutes(ctx: RouteContext) {
  const { db } = ctx
  return new Hono<AuthEnv>().get(
    '/me/home',
    doc({
      summary:
        'The start page in one answer: who is signed in (GET /api/me), their estate’s meetings (GET …/meetings) and, per meeting, the voters they act for (GET …/meetings/:meetingId/me)',
      tag: 'me',
    }),
    validate('query', homeQuery),
    async (c) => {
      const actor = actorOf(c)
      const at = c.get('now')
      c.header('cache-control', 'no-store')
      const me = await describeMe(db, actor)
      // An owner's own estate; staff and proxy holders who own nothing have no start page of meetings.
      const estateId = me.owner ? actor.estateId : null
      const meetings = estateId ? await listMeetings(db, estateId, { staff: false, at }) : []
      const mine: Record<string, Awaited<ReturnType<typeof ownMeetingView>>> = {}
      // Read at the request's one instant, like the list; a meeting listed to an owner has been noticed (drafts
      // are the staff's), and only a noticed meeting has voters to act for.
      for (const m of meetings)
        if (m.noticedAt !== null)
          mine[m.id] = await ownMeetingView(db, meetingAt(await loadMeeting(db, m.id), at), actor)
      return c.json({ me, meetings, mine })
    },
  )
}
