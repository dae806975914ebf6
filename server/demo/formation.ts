import { readFile } from 'node:fs/promises'
import type { Db } from '../../db/client'
import type { PasskeySettings } from '../auth/passkeys'
import { chinaDate, DAY_MS, startOfChinaDay } from '../domain/calendar'
import { versionLabel } from '../domain/roll-version'
import type { GroupBody } from '../routes/formation.schema'
import { recordApplication, formGroup, publishMembers } from '../services/formation'
import { importRoll } from '../services/import-roll'
import type { Who } from '../services/meetings'
import { ownerVoters, type OwnedVoter } from '../services/owner-voters'
import { answerObjectionToRoll, objectToRoll } from '../services/roll-objections'
import { publishRollVersion } from '../services/roll-versions'
import { createStaff } from '../services/staff-accounts'
import { Simulation, type Phone } from './simulate'

/**
 * The first steps of forming an estate's assembly (domain §7.1–7.3), played through the services for
 * `npm run simulate -- --formation` and the demo estate 清源里: owners apply to the street office with their share,
 * the street office forms the preparatory group (odd, owners at least half, its own representative leading, a
 * developer and a residents' committee representative: 上海 art. 15), the group publishes its members, then the
 * roll as 第1版, owners object to it, and the conveners answer.
 */

export const STREET_OFFICE_REPRESENTATIVE = '周敏（街道办事处）'

const byUnit = (voters: readonly OwnedVoter[]) =>
  [...voters].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))
/** How many owners apply: 5 % of the owners and then one more (北京: 5 %, 以上). */
const applicants = (voters: readonly OwnedVoter[]) =>
  Math.min(voters.length, Math.ceil(voters.length / 20) + 1)

/** Owners who apply: the first voters by unit, enough for 5 % of the owners and then one more. */
export function applyingVoters(voters: readonly OwnedVoter[]): OwnedVoter[] {
  return byUnit(voters).slice(0, applicants(voters))
}

/**
 * The group's seven members: the street office's representative leading (with `leaderAccountId` if given: that
 * staff account is granted the convener role while the group exists), a developer's and a residents' committee's
 * representative, and four owners' representatives (4 of 7: at least half) — the four voters by unit after the
 * applicants.
 */
export function groupMembers(
  voters: readonly OwnedVoter[],
  leaderAccountId?: string,
  leaderName: string = STREET_OFFICE_REPRESENTATIVE,
): GroupBody['members'] {
  const skip = applicants(voters)
  const owners = byUnit(voters)
    .slice(skip, skip + 4)
    .map((v) => ({
      name: (v.owners[0] as OwnedVoter['owners'][number]).name,
      kind: 'owner_representative' as const,
      leader: false,
      unit: v.units[0]?.number ?? v.id,
      enroll: false,
    }))
  return [
    {
      name: leaderName,
      kind: 'street_office',
      leader: true,
      enroll: false,
      ...(leaderAccountId ? { accountId: leaderAccountId } : {}),
    },
    { name: '刘强（建设单位）', kind: 'developer', leader: false, enroll: false },
    { name: '陈静（居民委员会）', kind: 'residents_committee', leader: false, enroll: false },
    ...owners,
  ]
}

export interface FormationStep {
  readonly step: string
  readonly at: string
  readonly outcome: string
  readonly [fact: string]: unknown
}

export interface EarlySteps {
  readonly steps: FormationStep[]
  readonly version: { readonly number: number; readonly sha256: string }
  /** The objections to 第1版: the first to be upheld (an area), the second rejected (an owner). */
  readonly objections: readonly { readonly id: number; readonly unit: string }[]
}

/**
 * Application, group, member list, 第1版 and two owners' objections to it, on the clock `at(day)` (China days
 * counted from the application): answered both unless `answer` is 'first' (the demo leaves the rejected one open).
 */
export async function formationUpToObjections(
  db: Db,
  sim: Simulation,
  opts: {
    readonly estateId: string
    readonly at: (day: number) => Date
    readonly streetOffice: string
    readonly leader: string
    readonly leaderAccountId?: string
    /** The street office's representative who leads the group, as the member list names her. */
    readonly leaderName?: string
    readonly origin: string
    readonly answer: 'both' | 'first'
  },
): Promise<EarlySteps> {
  const { estateId, at } = opts
  const steps: FormationStep[] = []
  const office = (day: number): Who => ({ actor: opts.streetOffice, role: 'street_office', now: at(day) })
  const group = (day: number): Who => ({ actor: opts.leader, role: 'convener', now: at(day) })
  const { voters } = await ownerVoters(db, estateId)

  const applying = applyingVoters(voters)
  const application = await recordApplication(
    db,
    estateId,
    {
      applicant: 'owners',
      appliedOn: chinaDate(at(0).getTime()),
      units: applying.map((v) => v.units[0]?.number ?? v.id),
    },
    office(0),
  )
  const { share } = application
  steps.push({
    step: 'application',
    at: at(0).toISOString(),
    outcome: share.met ? 'conditions_met' : 'conditions_not_met',
    owners: `${share.owners.num}/${share.owners.den}`,
    area: `${share.area.num}/${share.area.den}`,
  })

  const formed = await formGroup(
    db,
    estateId,
    {
      kind: 'preparatory',
      firstMeetingDays: 90,
      members: groupMembers(voters, opts.leaderAccountId, opts.leaderName),
    },
    opts.origin,
    office(5),
  )
  steps.push({ step: 'group', at: at(5).toISOString(), outcome: 'formed', members: 7, groupId: formed.id })

  await publishMembers(db, estateId, group(6))
  steps.push({ step: 'member_list', at: at(6).toISOString(), outcome: 'published' })

  const v1 = await publishRollVersion(
    db,
    { estateId, note: '业主名册公示，请核对 Please check the roll', answers: [] },
    group(8),
  )
  steps.push({
    step: 'roll_version',
    at: at(8).toISOString(),
    outcome: 'published',
    version: v1.number,
    sha256: v1.sha256,
  })

  // Two owners who are neither applicants nor group members object: one to a unit's area, one to its owners.
  const taken = new Set([...applying.map((v) => v.id), ...groupMembersUnits(voters)])
  const objecting = voters.filter((v) => !taken.has(v.id)).slice(0, 2)
  const texts = [
    (unit: string) =>
      `${unit} 的专有部分面积与不动产权证不符，证上面积多 1 ㎡。The area is 1 ㎡ short of the title deed.`,
    (unit: string) => `${unit} 应登记为夫妻共有。The flat should be listed as jointly owned.`,
  ]
  const objections: { id: number; unit: string }[] = []
  for (const [i, v] of objecting.entries()) {
    const unit = v.units[0]?.number ?? v.id
    const { actor } = await sim.unitOwnerPhone(unit, at(9))
    const id = await objectToRoll(
      db,
      {
        estateId,
        unit,
        text: (texts[i] as (u: string) => string)(unit),
        accountId: actor.accountId,
        version: 1,
      },
      { actor: `account:${actor.accountId}`, role: 'owner', now: at(9) },
    )
    objections.push({ id, unit })
    steps.push({ step: 'objection', at: at(9).toISOString(), outcome: 'made', version: 1, unit })
  }
  const [upheld, rejected] = objections
  if (upheld) {
    await answerObjectionToRoll(
      db,
      {
        estateId,
        objectionId: upheld.id,
        decision: 'upheld',
        answer:
          '已核对不动产权证，面积更正，见新版名册。Checked against the deed: corrected in the next version.',
      },
      group(11),
    )
    steps.push({ step: 'objection_answer', at: at(11).toISOString(), outcome: 'upheld', unit: upheld.unit })
  }
  if (rejected && opts.answer === 'both') {
    await answerObjectionToRoll(
      db,
      {
        estateId,
        objectionId: rejected.id,
        decision: 'rejected',
        answer: '不动产登记簿记载为单独所有，不予更正。The land register lists a sole owner.',
      },
      group(11),
    )
    steps.push({
      step: 'objection_answer',
      at: at(11).toISOString(),
      outcome: 'rejected',
      unit: rejected.unit,
    })
  }
  return { steps, version: v1, objections }
}

const groupMembersUnits = (voters: readonly OwnedVoter[]) =>
  groupMembers(voters).flatMap((m) =>
    m.unit ? [voters.find((v) => v.units.some((u) => u.number === m.unit))?.id ?? m.unit] : [],
  )

/**
 * Corrects the upheld objection's unit on the roll by the roll's own change path (an import of the corrected
 * file: the area one square metre larger) and publishes the corrected version naming the objection.
 */
export async function correctRoll(
  db: Db,
  opts: {
    readonly estateId: string
    readonly estateName: string
    readonly file: Buffer
    readonly fileName: string
    readonly unit: string
    readonly objectionId: number
    readonly actor: string
    readonly now: Date
  },
): Promise<{ number: number; sha256: string }> {
  const corrected = correctedArea(opts.file.toString('utf8'), opts.unit)
  const imported = await importRoll(db, {
    estateId: opts.estateId,
    estateName: opts.estateName,
    fileName: opts.fileName,
    file: Buffer.from(corrected, 'utf8'),
    actor: opts.actor,
    role: 'convener',
    now: () => opts.now,
  })
  if (!imported.ok)
    throw new Error(`the corrected roll was refused: ${JSON.stringify(imported.errors.slice(0, 3))}`)
  return publishRollVersion(
    db,
    {
      estateId: opts.estateId,
      note: `${versionLabel(2)}：更正 ${opts.unit} 面积 corrects the area of ${opts.unit}`,
      answers: [opts.objectionId],
    },
    { actor: opts.actor, role: 'convener', now: opts.now },
  )
}

/** The roll file with `unit`'s area (the fourth column, square metres) one square metre larger. */
export function correctedArea(text: string, unit: string): string {
  const lines = text.split(/\r?\n/)
  const i = lines.findIndex((l) => l.replace(/^\uFEFF/, '').startsWith(`${unit},`))
  const line = lines[i]
  if (i < 0 || line === undefined || line.includes('"'))
    throw new Error(`unit ${unit} is not a plain line of the roll`)
  const cells = line.split(',')
  const area = /^(\d+)(?:\.(\d+))?$/.exec(cells[3] ?? '')
  if (!area) throw new Error(`unit ${unit} has no area in square metres`)
  const decimals = area[2] ?? ''
  cells[3] = `${Number(area[1]) + 1}${decimals === '' ? '' : `.${decimals}`}`
  lines[i] = cells.join(',')
  return lines.join('\n')
}

// ---- the demo estate being formed: 清源里 ------------------------------------------------------------------------

export const FORMING_ESTATE = { id: 'qingyuan', name: '清源里' } as const
/** Its roll (74 units), beside the demo roll 锦绣苑's. */
export const FORMING_ROLL_FILE = 'roll-qingyuan.csv'

/** The demo's street-office people of 清源里 (fixed ids: demoLinks prints their enrollment links). */
export const FORMING_STAFF = {
  streetOffice: {
    id: 'd0000000-0000-4000-8000-000000000003',
    name: '演示街道办 Demo street office（清源里）',
  },
  leader: {
    id: 'd0000000-0000-4000-8000-000000000004',
    name: '演示筹备组组长 Demo preparatory-group leader（清源里·街道办）',
  },
} as const

/**
 * Seeds 清源里 as an estate being formed (domain §7): its roll imported 30 days back; 20 days back owners applied
 * with their share; the street office formed the preparatory group 15 days back with the demo leader (a street-office
 * account, granted the convener role while the group exists) at its head; the member list published the day after;
 * the roll published as 第1版 12 days back; two owners objected to it 11 days back and the group upheld the first 9
 * days back — the second is still open. Nothing is voted yet. Returns the objections.
 */
export async function seedFormingEstate(
  db: Db,
  opts: {
    readonly rollPath: string
    readonly now: Date
    readonly origin: string
    readonly passkeys: PasskeySettings
    readonly newPhone: () => Phone
    readonly random: () => number
  },
): Promise<EarlySteps> {
  const today = startOfChinaDay(opts.now.getTime())
  // 10:00 China time on days counted from the application, 20 days back.
  const at = (day: number) => new Date(today - (20 - day) * DAY_MS + 10 * 3_600_000)
  const file = await readFile(opts.rollPath)
  const imported = await importRoll(db, {
    estateId: FORMING_ESTATE.id,
    estateName: FORMING_ESTATE.name,
    fileName: opts.rollPath.split('/').pop() ?? 'roll.csv',
    file,
    actor: 'system:seed',
    role: 'system',
    now: () => at(-10),
  })
  if (!imported.ok)
    throw new Error(
      `The demo roll ${opts.rollPath} is invalid: ${imported.errors.map((e) => `line ${e.line}: ${e.reason}`).join('; ')}`,
    )
  const seed = { actor: 'system:seed', role: 'system', now: at(-1) }
  for (const s of [FORMING_STAFF.streetOffice, FORMING_STAFF.leader])
    await createStaff(
      db,
      { displayName: s.name, role: 'street_office', estateId: FORMING_ESTATE.id, origin: opts.origin },
      seed,
      s.id,
    )
  const sim = new Simulation(db, FORMING_ESTATE.id, {
    passkeys: opts.passkeys,
    newPhone: opts.newPhone,
    random: opts.random,
    accounts: 'direct',
    convener: `account:${FORMING_STAFF.leader.id}`,
  })
  return formationUpToObjections(db, sim, {
    estateId: FORMING_ESTATE.id,
    at,
    streetOffice: `account:${FORMING_STAFF.streetOffice.id}`,
    leader: `account:${FORMING_STAFF.leader.id}`,
    leaderAccountId: FORMING_STAFF.leader.id,
    leaderName: '王丽（街道办事处）',
    origin: opts.origin,
    answer: 'first',
  })
}
