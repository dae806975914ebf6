import type { Db } from '../../db/client'
import { currentTermRow, membersOfTerm } from '../../db/repositories/committee'
import type { PasskeySettings } from '../auth/passkeys'
import { chinaDate, DAY_MS, startOfChinaDate } from '../domain/calendar'
import type { VoteChoice } from '../domain/committee'
import { addYears } from '../domain/formation'
import type { ScheduleBody } from '../routes/committee.schema'
import { createTerm } from '../services/committee'
import {
  closeMeeting,
  committeeMeetingView,
  publishResolutions,
  recordAttendance,
  scheduleCommitteeMeeting,
} from '../services/committee-meetings'
import { castVote, prepareVote } from '../services/committee-votes'
import type { Who } from '../services/meetings'
import type { Simulation } from './simulate'

/**
 * The owners' committee played through the services (domain §8), for the simulation and the demo: the term made
 * from a final meeting's election, and committee meetings whose members confirm each vote with their own passkey
 * (the simulation's software authenticators, through prepareVote and castVote as a member's phone does), closed
 * and their resolutions published.
 */

/** The term's last day: the day before the same date five years on (domain §8: at most 5 years). */
export function fiveYearTermEnd(startsOn: string): string {
  return chinaDate(startOfChinaDate(addYears(startsOn, 5)) - DAY_MS)
}

/** The term (第 `number` 届) from the final meeting's election matter, starting on the day of the final result. */
export async function makeTerm(
  db: Db,
  estateId: string,
  input: { meetingId: string; matterId: string; number: number; finalAt: Date },
  who: Who,
) {
  return createTerm(
    db,
    estateId,
    {
      meetingId: input.meetingId,
      matterId: input.matterId,
      number: input.number,
      endsOn: fiveYearTermEnd(chinaDate(input.finalAt.getTime())),
    },
    who,
  )
}

/** The sitting members of the estate's current term, in seat order. */
export async function sittingMembers(db: Db, estateId: string) {
  const term = await currentTermRow(db, estateId)
  if (!term) throw new Error(`estate ${estateId} has no committee term`)
  return (await membersOfTerm(db, term.id)).filter((m) => m.ended_at === null).sort((a, b) => a.seat - b.seat)
}

export interface HeldCommitteeMeeting {
  readonly id: string
  readonly noticeId: string
  readonly outcomes: readonly {
    readonly item: string
    readonly title: string
    readonly outcome: string | null
  }[]
}

/**
 * A committee meeting held at `heldAt`: scheduled the day before by the convener, every sitting member present and
 * voting on each item with their passkey (`choose` says how; default for), closed an hour after it is held and its
 * resolutions published with `minutes`.
 */
export async function holdCommitteeMeeting(
  db: Db,
  sim: Simulation,
  passkeys: PasskeySettings,
  input: {
    readonly estateId: string
    readonly title: string
    readonly heldAt: Date
    readonly items: ScheduleBody['items']
    readonly minutes: string
    readonly choose?: (seat: number, itemId: string) => VoteChoice
  },
  convener: string,
): Promise<HeldCommitteeMeeting> {
  const { estateId, heldAt } = input
  const at = (ms: number) => new Date(heldAt.getTime() + ms)
  const who = (now: Date): Who => ({ actor: convener, role: 'convener', now })
  const scheduled = await scheduleCommitteeMeeting(
    db,
    estateId,
    { title: input.title, heldAt: heldAt.toISOString(), items: input.items },
    who(at(-DAY_MS)),
  )
  const id = scheduled.meeting.id
  const members = await sittingMembers(db, estateId)
  await recordAttendance(db, estateId, id, { present: members.map((m) => m.id) }, who(heldAt))
  for (const [i, m] of members.entries()) {
    const votedAt = at((i + 1) * 60_000)
    const me = await sim.ownerPhone(m.owner_id, votedAt)
    for (const item of scheduled.items) {
      const choice = input.choose?.(m.seat, item.id) ?? 'for'
      const { vote, options } = await prepareVote(
        db,
        passkeys,
        estateId,
        id,
        me.actor,
        { itemId: item.id, choice },
        votedAt,
      )
      await castVote(
        db,
        passkeys,
        estateId,
        id,
        me.actor,
        { nonce: vote.nonce, response: me.phone.authenticate(options) },
        { actor: `account:${me.actor.accountId}`, role: 'owner', now: votedAt },
      )
    }
  }
  const closed = await closeMeeting(db, estateId, id, who(at(3_600_000)))
  const { noticeId } = await publishResolutions(
    db,
    estateId,
    id,
    { minutes: input.minutes },
    who(at(2 * 3_600_000)),
  )
  const view = await committeeMeetingView(db, estateId, id)
  return {
    id,
    noticeId,
    outcomes: (closed.items.length > 0 ? closed.items : view.items).map((i) => ({
      item: i.id,
      title: i.title,
      outcome: i.outcome,
    })),
  }
}

/**
 * The committee's first meeting (domain §7.5: within 7 days of the election), held at `heldAt`: the first two
 * seats elected chair and vice-chair by the members' passkey-confirmed votes.
 */
export async function electFirstOfficers(
  db: Db,
  sim: Simulation,
  passkeys: PasskeySettings,
  estateId: string,
  heldAt: Date,
  convener: string,
) {
  const [chair, vice] = await sittingMembers(db, estateId)
  if (!chair || !vice) throw new Error(`the committee of ${estateId} has fewer than two members`)
  const meeting = await holdCommitteeMeeting(
    db,
    sim,
    passkeys,
    {
      estateId,
      title: '第一届业主委员会第一次会议 First meeting of the committee',
      heldAt,
      items: [
        {
          kind: 'elect_officers',
          title: '选举主任、副主任 Elect the chair and vice-chair',
          body: '',
          officers: { chair: chair.id, viceChairs: [vice.id] },
        },
      ],
      minutes: `会议选举 ${chair.name} 为主任、${vice.name} 为副主任。`,
    },
    convener,
  )
  return { chair, vice, meeting }
}
