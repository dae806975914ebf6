import { randomUUID } from 'node:crypto'
import type { Transaction } from 'kysely'
import type { Db } from '../../db/client'
import {
  insertInvitation,
  liveInvitations,
  ownersHaveLivePasskeys,
  ownersPhones,
  ownersWithPasskey,
  revokeLiveInvitation,
  revokeOwnersAccess,
} from '../../db/repositories/invitations'
import type { Database } from '../../db/schema'
import { hashActivationCode, newActivationCode } from '../auth/codes'
import { formatAreaM2 } from '../domain/area'
import { maskName } from '../domain/mask'
import { badRequest } from '../errors'
import { appendAudit } from './audit'
import { ownerVoters, type OwnedVoter } from './owner-voters'

/**
 * Invitations: one activation code per voter, printed on an A4 letter. Only the code's hash is stored,
 * so the letters can be printed only when the codes are issued; printing again means issuing again, which
 * invalidates the earlier codes of those voters (also the way a convener recovers a lost phone or letter).
 */

export const INVITATION_DAYS_DEFAULT = 30
export const MAX_FAILED_ATTEMPTS = 5

export interface Letter {
  readonly voterId: string
  readonly units: readonly { readonly number: string; readonly building: string; readonly area: string }[]
  readonly area: string
  /** Masked (张*): letters lie in mailboxes. */
  readonly owners: readonly string[]
  readonly code: string
  readonly url: string
  readonly expiresAt: string
}

export interface IssueInput {
  readonly estateId: string
  readonly buildings?: readonly string[] | undefined
  readonly units?: readonly string[] | undefined
  /**
   * Also revoke the passkeys (and end the sessions) of these voters' owners: a lost or stolen phone. Where an owner
   * has a passkey this is a take-over of their account: the new code works, and their passkeys end, only once a
   * supervisor (or the street office) approves — two people, never the convener alone.
   */
  readonly revokePasskeys: boolean
  readonly days: number
  readonly origin: string
  readonly actor: string
  readonly role: string
  readonly now: Date
}

export interface IssueResult {
  readonly estate: { readonly id: string; readonly name: string }
  readonly letters: readonly Letter[]
  readonly reissued: number
  readonly revokedPasskeys: number
  /** Sessions ended in the database; the caller tells the session service. */
  readonly revokedSessionIds: readonly string[]
  /** Voters whose new code waits for a supervisor's approval (their owners have passkeys the re-issue would end). */
  readonly awaitingApproval: readonly string[]
  /** The owners to tell by text message that a take-over was asked for (phone, unit). */
  readonly toTell: readonly { readonly phone: string; readonly unit: string }[]
}

export async function issueInvitations(db: Db, input: IssueInput): Promise<IssueResult> {
  const { estate, voters } = await ownerVoters(db, input.estateId, {
    ...(input.buildings ? { buildings: input.buildings } : {}),
    ...(input.units ? { units: input.units } : {}),
  })
  if (input.units) {
    const known = new Set(voters.flatMap((v) => v.units.map((u) => u.number)))
    const unknown = input.units.filter((u) => !known.has(u))
    if (unknown.length > 0)
      throw badRequest('unit_not_found', `No voter holds unit(s) ${unknown.join(', ')}`, { units: unknown })
  }
  if (voters.length === 0) throw badRequest('no_voters', 'No voters in the chosen buildings or units')
  const at = input.now.toISOString()
  const expiresAt = new Date(input.now.getTime() + input.days * 86_400_000).toISOString()

  return db.transaction().execute(async (trx) => {
    const letters: Letter[] = []
    let reissued = 0
    // Issuing never ends a passkey any more: a take-over ends them only when a supervisor approves it (approvals.ts).
    const revokedPasskeys = 0
    const revokedSessionIds: string[] = []
    const awaitingApproval: string[] = []
    const toTell: { phone: string; unit: string }[] = []
    for (const voter of voters) {
      const takeover = input.revokePasskeys && (await hasLivePasskeys(trx, voter))
      if (await revokeLiveInvitation(trx, input.estateId, voter.id, { at, by: input.actor })) reissued += 1
      const code = newActivationCode()
      await insertInvitation(trx, {
        id: randomUUID(),
        estate_id: input.estateId,
        voter_unit: voter.id,
        code_hash: hashActivationCode(code),
        created_by: input.actor,
        created_at: at,
        expires_at: expiresAt,
        revoked_at: null,
        approval_required: takeover ? 1 : 0,
      })
      if (takeover) {
        // The owners keep their passkeys until a supervisor approves; they are told now, on the phone on the roll.
        awaitingApproval.push(voter.id)
        for (const o of await phonesOf(trx, voter)) toTell.push({ phone: o, unit: voter.id })
      }
      letters.push(letterOf(voter, code, input.origin, expiresAt))
    }
    await appendAudit(trx, {
      actor: input.actor,
      role: input.role,
      action: input.revokePasskeys ? 'invitations.reissued_with_revocation' : 'invitations.issued',
      estateId: input.estateId,
      subject: voters.length === 1 ? (voters[0] as OwnedVoter).id : `${voters.length} voters`,
      // Never the codes: the audit log is read by supervisors.
      after: {
        voters: voters.map((v) => v.id),
        buildings: input.buildings ?? null,
        units: input.units ?? null,
        expiresAt,
        reissued,
        revokedPasskeys,
        awaitingApproval,
      },
      at: input.now,
    })
    return { estate, letters, reissued, revokedPasskeys, revokedSessionIds, awaitingApproval, toTell }
  })
}

const hasLivePasskeys = (db: Db, voter: OwnedVoter): Promise<boolean> =>
  ownersHaveLivePasskeys(
    db,
    voter.owners.map((o) => o.id),
  )

const phonesOf = (db: Db, voter: OwnedVoter): Promise<string[]> =>
  ownersPhones(
    db,
    voter.owners.map((o) => o.id),
  )

export async function revokeOwnersPasskeys(
  trx: Transaction<Database>,
  voter: OwnedVoter,
  by: string,
  at: string,
): Promise<{ credentials: number; sessions: string[] }> {
  return revokeOwnersAccess(
    trx,
    voter.owners.map((o) => o.id),
    { at, by },
  )
}

export function activationUrl(origin: string, code: string): string {
  return `${origin}/a/${code}`
}

function letterOf(voter: OwnedVoter, code: string, origin: string, expiresAt: string): Letter {
  return {
    voterId: voter.id,
    units: voter.units.map((u) => ({
      number: u.number,
      building: u.building,
      area: formatAreaM2(u.areaCm2),
    })),
    area: formatAreaM2(voter.areaCm2),
    owners: voter.owners.map((o) => maskName(o.name)),
    code,
    url: activationUrl(origin, code),
    expiresAt,
  }
}

export type InvitationStatus = 'none' | 'issued' | 'expired' | 'locked'

export interface InvitationRow {
  readonly voterId: string
  /** The building of the voter's first unit (for sorting). */
  readonly building: string
  /** Every building the voter holds units in: issuing for any of them includes this voter. */
  readonly buildings: readonly string[]
  readonly units: readonly string[]
  readonly owners: number
  readonly activatedOwners: number
  readonly status: InvitationStatus
  readonly issuedAt: string | null
  readonly expiresAt: string | null
}

/** Per voter: the state of its live invitation and how many of its owners have a passkey. No codes, no names. */
export async function listInvitations(db: Db, estateId: string, now: Date) {
  const { estate, voters } = await ownerVoters(db, estateId)
  const live = await liveInvitations(db, estateId)
  const byVoter = new Map(live.map((i) => [i.voter_unit, i]))
  const active = await ownersWithPasskey(db, estateId)
  const nowIso = now.toISOString()
  const rows: InvitationRow[] = voters.map((v) => {
    const inv = byVoter.get(v.id)
    const status: InvitationStatus = !inv
      ? 'none'
      : inv.locked_at
        ? 'locked'
        : inv.expires_at <= nowIso
          ? 'expired'
          : 'issued'
    return {
      voterId: v.id,
      building: (v.units[0] as OwnedVoter['units'][number]).building,
      buildings: [...new Set(v.units.map((u) => u.building))],
      units: v.units.map((u) => u.number),
      owners: v.owners.length,
      activatedOwners: v.owners.filter((o) => active.has(o.id)).length,
      status,
      issuedAt: inv?.created_at ?? null,
      expiresAt: inv?.expires_at ?? null,
    }
  })
  const count = (s: InvitationStatus) => rows.filter((r) => r.status === s).length
  return {
    estate,
    totals: {
      voters: rows.length,
      issued: count('issued'),
      expired: count('expired'),
      locked: count('locked'),
      none: count('none'),
      votersWithPasskey: rows.filter((r) => r.activatedOwners > 0).length,
    },
    invitations: rows,
  }
}
