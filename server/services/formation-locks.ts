import type { Db } from '../../db/client'
import { groupOfFirstMeeting, liveGroup } from '../../db/repositories/formation'
import { earliestOpening } from '../domain/calendar'
import { checkDesignation, lockedMatters, type FirstMeetingMatters } from '../domain/formation'
import { AppError } from '../errors'

/**
 * What formation forbids of the meeting editor (services/meetings.ts calls these before it writes): the matters a
 * re-election locks, and the first meeting's notice that comes too late or without its designated matters. Kept
 * apart from services/formation.ts, which reads meetings, so that neither module imports the other.
 */

/**
 * 上海 art. 28: from the re-election group's formation until the new committee is filed (the group is live until
 * then), the assembly may not be asked to hire or dismiss the property manager, change fees, approve major repairs
 * beyond the covenant or decide other major matters (domain/formation.ts REELECTION_LOCKED_KINDS). Refuses a draft,
 * an edit or a notice with such a matter, naming each.
 */
export async function refuseReelectionLocked(
  db: Db,
  estateId: string,
  matters: readonly { readonly kind: string; readonly title: string }[],
): Promise<void> {
  const locked = lockedMatters(matters)
  if (locked.length === 0) return
  const group = await liveGroup(db, estateId)
  if (!group || group.kind !== 're_election') return
  throw new AppError(
    'reelection_lock',
    `While the re-election group is at work (formed ${group.formed_at.slice(0, 10)}) and until the new committee ` +
      `is filed, the assembly may not decide: ${locked.map((m) => `“${m.title}” (${m.kind})`).join(', ')} ` +
      '(上海 art. 28)',
    { matters: locked.map((m) => ({ title: m.title, kind: m.kind })), groupFormedAt: group.formed_at },
  )
}

/**
 * The notice of a group's designated first meeting publishes everything for it — the roll, the draft rules and
 * covenant, the candidates, the election method — which must be out 15 days before voting opens (domain §7.3;
 * 物业管理条例 art. 14, 民法典 art. 201), and its designated matters must still be on the agenda as designated
 * (an edit of the draft renumbers them).
 */
export async function checkFirstMeetingNotice(
  db: Db,
  meetingId: string,
  noticeAt: number,
  opensAt: number,
  agenda: readonly { readonly id: string; readonly kind: string }[],
): Promise<void> {
  const group = await groupOfFirstMeeting(db, meetingId)
  if (!group || group.first_meeting_matters_json === null) return
  const earliest = earliestOpening(noticeAt)
  if (opensAt < earliest)
    throw new AppError(
      'first_meeting_publication_late',
      'Everything for the first meeting (roll, draft rules and covenant, candidates, election method) is ' +
        `published with its notice at least 15 days before voting opens: voting may open no earlier than ` +
        `${new Date(earliest).toISOString()} (domain §7.3, 民法典 art. 201)`,
      { earliest: new Date(earliest).toISOString() },
    )
  const designated = JSON.parse(group.first_meeting_matters_json) as FirstMeetingMatters
  const problems = checkDesignation(designated, agenda, group.kind)
  if (problems.length > 0)
    throw new AppError(
      'first_meeting_invalid',
      'The first meeting’s designated matters no longer match its agenda; designate them again',
      { problems },
    )
}
