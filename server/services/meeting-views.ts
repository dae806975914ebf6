import type { Db } from '../../db/client'
import { agendaAttachments, meetingIdsOfEstate, usedProxiesOfHolder } from '../../db/repositories/meetings'
import { castersOfValidBallots, latestPaperRequestsOf } from '../../db/repositories/owner-views'
import type { Actor } from '../auth/access'
import { maskName } from '../domain/mask'
import { AppError, notFound } from '../errors'
import { actingFor } from './acting-for'
import { recordService } from './meeting-records'
import { finalDue } from './meeting-results'
import {
  frozenElectorate,
  loadMeeting,
  mattersOfVoter,
  meetingAt,
  presentMeeting,
  type LoadedMeeting,
  type Who,
} from './meetings'

/**
 * A meeting as its readers see it: the list of an estate's meetings, one meeting with the agenda's attachments,
 * and an owner's or proxy holder's own view of it (whom they vote for, and their receipts).
 */

/** The estate's meetings, newest first, each with its status at `at`; drafts only for the estate's staff. */
export async function listMeetings(db: Db, estateId: string, reader: { staff: boolean; at: Date }) {
  const meetings = []
  for (const id of await meetingIdsOfEstate(db, estateId)) {
    const m = meetingAt(await loadMeeting(db, id), reader.at)
    // Drafts are the conveners' work in progress, not yet a notice.
    if (m.row.status === 'draft' && !reader.staff) continue
    meetings.push({
      id: m.row.id,
      title: m.row.title,
      status: m.status,
      opensAt: m.row.opens_at,
      closesAt: m.row.closes_at,
      noticedAt: m.row.noticed_at,
    })
  }
  return meetings
}

/**
 * One meeting with the agenda's attachments (part of the notice, never scans). An owner of the estate reading it
 * after the notice is served by that reading: 珠海 rule (domain §6.5), the first sign-in after the notice that
 * opens it is evidence of service.
 */
export async function readMeeting(db: Db, m: LoadedMeeting, actor: Actor | null, who: Who) {
  if (actor && actor.estateId === m.row.estate_id && m.row.noticed_at !== null) {
    const acting = await actingFor(db, m, actor)
    for (const voter of [...acting.own.map((o) => o.voter), ...acting.blocked.map((b) => b.voter)])
      await recordService(
        db,
        m,
        { unit: voter, method: 'online_signin', evidence: `account:${actor.accountId}` },
        who,
      )
  }
  return {
    meeting: { ...presentMeeting(m), finalDue: await finalDue(db, m) },
    attachments: await agendaAttachments(db, m.row.id),
  }
}

/** The voters the signed-in person acts for in a noticed meeting, as owner or proxy holder, with their receipts. */
export async function ownMeetingView(db: Db, m: LoadedMeeting, actor: Actor) {
  if (m.row.noticed_at === null) throw notFound('meeting_not_found', 'No such meeting')
  const acting = await actingFor(db, m, actor)
  // A proxy the holder has used is spent, but the holder still sees the ballot they cast with it.
  const used = await usedProxiesOfHolder(db, m.row.id, actor.accountId)
  const proxies = [...acting.proxies, ...used]
  const voters = [
    ...new Set([
      ...acting.own.map((o) => o.voter),
      ...acting.blocked.map((b) => b.voter),
      ...proxies.map((p) => p.voter),
    ]),
  ]
  const ballots = await castersOfValidBallots(db, m.row.id, voters)
  const papers = await latestPaperRequestsOf(db, m.row.id, voters)
  const e = await frozenElectorate(db, m)
  const self = `account:${actor.accountId}`
  return {
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
        as: proxy ? ('proxy' as const) : ('owner' as const),
        directions: proxy?.directions ?? null,
        // Co-owners who named a representative: only the representative casts (指导规则 art. 25).
        representative: blocked?.representative ?? null,
        matters: [...mattersOfVoter(e, v)],
        ballot: b
          ? {
              receipt: b.receipt,
              channel: b.channel,
              castAt: b.castAt,
              ...castBy(b, self),
            }
          : null,
        // The latest request for a paper ballot: withdrawable by an owner while a convener has not handled it.
        paperRequest: papers.has(v) ? { at: papers.get(v)!.at, handled: papers.get(v)!.handled } : null,
      }
    }),
  }
}

/**
 * Who cast a voter's valid ballot, as its other holders are told (so that a co-owner reads "本户已由共有人 贾* 投票",
 * never "your vote is recorded" over someone else's ballot): this account, a co-owner, a proxy holder (§6.4) or a
 * clerk from a paper ballot; the name masked as on every view of another person (domain §3), never the choices.
 */
function castBy(
  b: { channel: string; castBy: string; proxyId: string | null; name: string | null },
  self: string,
): { by: 'self' | 'co_owner' | 'proxy' | 'paper'; byName: string | null } {
  if (b.castBy === self) return { by: 'self', byName: null }
  const byName = b.name ? maskName(b.name) : null
  if (b.proxyId !== null || b.channel === 'proxy') return { by: 'proxy', byName }
  if (b.channel === 'online') return { by: 'co_owner', byName }
  return { by: 'paper', byName: null }
}

/** An owner confirms having read the notice: evidence of service for each voter they are an owner of (§6.5). */
export async function confirmRead(db: Db, m: LoadedMeeting, actor: Actor, who: Who): Promise<void> {
  const acting = await actingFor(db, m, actor)
  const voters = [...acting.own.map((o) => o.voter), ...acting.blocked.map((b) => b.voter)]
  if (voters.length === 0) throw new AppError('not_your_voter', 'You are not a voter of this meeting')
  for (const v of voters)
    await recordService(
      db,
      m,
      { unit: v, method: 'read_confirmation', evidence: `account:${actor.accountId}` },
      who,
    )
}

/** The voters a signed-in owner may ask a paper ballot for: those they are an owner of. */
export async function mayAskPaperFor(db: Db, m: LoadedMeeting, actor: Actor, voter: string): Promise<void> {
  const acting = await actingFor(db, m, actor)
  if (!acting.own.some((o) => o.voter === voter) && !acting.blocked.some((b) => b.voter === voter))
    throw new AppError('not_your_voter', 'You may not ask for this voter')
}
