import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { z } from 'zod'
import type { Db } from '../../db/client'
import type { AuthEnv } from '../auth/access'
import { notFound } from '../errors'
import { ballotWriter } from '../services/ballot-writer'
import { loadMeeting, meetingAt, type LoadedMeeting } from '../services/meetings'

/**
 * One place decides a meeting's state (design.md "Where the house goes next"): every route under
 * `/estates/:estateId/meetings/:meetingId` gets the meeting loaded once, checked to belong to the estate of the
 * path, with its status settled by the clock at the instant the request arrived. Services take it from here.
 * Nothing here writes: only the meeting clock and explicit commands change a meeting's state.
 */

export type MeetingEnv = AuthEnv

const MEETING_PATH = /^\/api\/estates\/([^/]+)\/meetings\/([^/]+)(?:\/|$)/
const uuid = z.uuid()

/** Staff of the estate (any role granted for it): they see drafts, scans and the full results. */
export function isStaffOf(c: Context<AuthEnv>, estateId: string): boolean {
  return c.get('actor')?.grants.some((g) => g.estateId === estateId) ?? false
}

export function meetingContext(db: Db) {
  return createMiddleware<MeetingEnv>(async (c, next) => {
    const match = MEETING_PATH.exec(c.req.path)
    if (!match || c.get('meeting')) return next()
    const estateId = decodeURIComponent(match[1] as string)
    const meetingId = match[2] as string
    if (!uuid.safeParse(meetingId).success) throw notFound('meeting_not_found', 'No such meeting')
    const loaded = await loadMeeting(db, meetingId)
    if (loaded.row.estate_id !== estateId) throw notFound('meeting_not_found', 'No such meeting')
    // A draft is the conveners' work in progress, not yet a notice: it, and all under it, is theirs alone.
    if (loaded.row.status === 'draft' && !isStaffOf(c, estateId))
      throw notFound('meeting_not_found', 'No such meeting')
    c.set('meeting', meetingAt(loaded, c.get('now')))
    return next()
  })
}

const BALLOT_WRITE =
  /^\/api\/estates\/[^/]+\/meetings\/([^/]+)\/(?:ballots|paper-entries\/[^/]+\/confirmation)$/

/**
 * The instant a request arrived, read once (everything it does is judged at it). A request that writes a ballot
 * is registered with the ballot writer at that same instant, so that the close waits for it (domain §6.1 step 3:
 * acceptance and close are decided in one order, and a ballot sent before the close is never lost to the queue).
 */
export function arrival(db: Db, now: () => Date) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const at = now()
    c.set('now', at)
    const ballot = c.req.method === 'POST' ? BALLOT_WRITE.exec(c.req.path) : null
    const done = ballot ? ballotWriter(db).arrivals.arrive(ballot[1] as string, at.getTime()) : undefined
    try {
      await next()
    } finally {
      done?.()
    }
  })
}

/** The meeting of a route under `/meetings/:meetingId`, as the middleware loaded it. */
export function meetingOf(c: Context<MeetingEnv>): LoadedMeeting {
  const m = c.get('meeting')
  if (!m) throw notFound('meeting_not_found', 'No such meeting')
  return m
}

/** The meeting as it stands after a command changed it: read again, judged at the same instant. */
export async function reloaded(db: Db, m: LoadedMeeting): Promise<LoadedMeeting> {
  return meetingAt(await loadMeeting(db, m.row.id), m.at)
}
