import { randomUUID } from 'node:crypto'
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server'
import type { Db } from '../../db/client'
import { loadHolidayTable } from '../../db/repositories/holidays'
import { loadActor, type Actor } from '../auth/access'
import { finishRegistration, startRegistration, type PasskeySettings } from '../auth/passkeys'
import { isElection, type Channel, type Matter, type MatterResult } from '../domain/bundle'
import { validateBundle } from '../domain/bundle-validate'
import { DAY_MS, earliestOpening, MAX_WINDOW_DAYS, MIN_WINDOW_DAYS } from '../domain/calendar'
import { computeResults } from '../domain/results'
import { maskName } from '../domain/mask'
import { RecordingSms } from '../sms/sender'
import { finishActivation, startActivation, verifyActivationSms } from '../services/activation'
import { appendAudit } from '../services/audit'
import type { Choices, OnlineChoices } from '../routes/ballots.schema'
import { castBallot, confirmPaperBallot, enterPaperBallot, prepareBallot } from '../services/ballots'
import { issueInvitations } from '../services/invitations'
import { addAttachment, recordProxy, signOff } from '../services/meeting-records'
import {
  advanceMeeting,
  declarePaperComplete,
  finalizeMeeting,
  publishPreliminary,
} from '../services/meeting-results'
import {
  createMeeting,
  frozenElectorate,
  giveNotice,
  legalClose,
  loadMeeting,
  mattersOfVoter,
  meetingAt,
  voterOfUnitIn,
  type FrozenElectorate,
  type LoadedMeeting,
  type MatterInput,
  type MeetingDefinition,
  type Who,
} from '../services/meetings'
import { ownerVoters, type OwnedVoter } from '../services/owner-voters'

/**
 * A whole meeting played through the services, on a clock the caller moves (no HTTP): the agenda is defined,
 * notice is given, owners activate their phones from invitation letters, ballots arrive over every channel, and
 * at the end the meeting closes and the preliminary result is published. `npm run simulate` runs it on a
 * temporary database; the demo estate runs it at first start so that a newcomer finds a finished meeting and an
 * open one.
 *
 * Everything the simulation decides (who votes, over which channel, with which choices) comes from the `random`
 * the caller passes (seeded, so a run can be repeated); what the services make at random (meeting ids, receipt
 * nonces, passkeys) stays random. Nothing here bypasses a rule: online and proxy ballots are signed by a real
 * passkey over the ballot's hash, paper ballots are entered twice by two clerks, every step is audited.
 */

/** An owner's phone: answers the two passkey ceremonies (a software authenticator in the simulation). */
export interface Phone {
  register(options: PublicKeyCredentialCreationOptionsJSON): RegistrationResponseJSON
  authenticate(options: PublicKeyCredentialRequestOptionsJSON): AuthenticationResponseJSON
}

/** Per-mille odds, so that every draw is an integer comparison. */
export type Mood =
  | { readonly kind: 'resolution'; readonly yes: number; readonly no: number }
  | { readonly kind: 'election'; readonly approve: readonly number[] }

export interface SimulatedMatter {
  readonly definition: MatterInput
  /** How the owners lean on it: the odds of each choice (abstain is what yes and no leave). */
  readonly mood: Mood
}

export interface SimulationPlan {
  readonly title: string
  readonly matters: readonly SimulatedMatter[]
  /** The instant notice is given; voting opens at the earliest lawful instant after it. */
  readonly noticeAt: Date
  readonly windowDays: number
  /** The share of voters who vote, exactly (e.g. 4/5). */
  readonly turnout: { readonly num: number; readonly den: number }
  /** Ballots are cast from the opening until this instant (default: the close). */
  readonly castUntil?: Date | undefined
  /** Close at the end and publish the preliminary result (the clock then stands after the close). */
  readonly publish: boolean
  /**
   * Runs on the draft, after it is defined and before notice is given (at `noticeAt`): a preparatory group
   * designates it as the first meeting, its matters are linked to the documents they adopt.
   */
  readonly beforeNotice?: ((meetingId: string, matters: readonly Matter[]) => Promise<void>) | undefined
}

export interface SimulationReport {
  readonly meetingId: string
  /** The agenda as defined (ids q1…, in order). */
  readonly matters: readonly Matter[]
  readonly opensAt: string
  readonly closesAt: string
  /** The meeting's electorate (headcount and area, frozen at notice). */
  readonly voters: number
  readonly areaCm2: number
  readonly ballots: Readonly<Record<Channel, number>>
  /** Paper and in-person marks recorded as `{ invalid: reason }`. */
  readonly invalidMarks: number
  /** Paper entries whose blind second entry differed (each was then entered afresh and confirmed). */
  readonly mismatches: number
  readonly proxies: { readonly recorded: number; readonly directed: number }
  /** Owners who activated a phone in this run. */
  readonly activated: number
  /** After `publish`: the results and the published bundle exactly as stored. */
  readonly results: readonly MatterResult[] | null
  readonly bundle: { readonly text: string; readonly sha256: string } | null
}

/**
 * §6.3: online 60 %, paper 20 %, proxy 10 %, in person 10 % (per mille). Paper and in-person entries are made by
 * one clerk and confirmed blind by another; a proxy is cast by the holder's own passkey.
 */
const CHANNEL_ODDS: readonly (readonly [Channel, number])[] = [
  ['online', 600],
  ['paper', 200],
  ['proxy', 100],
  ['in_person', 100],
]
/** Per mille of paper and in-person ballots with an invalid mark on one matter (the first one always has one). */
const INVALID_MARK_ODDS = 30

const HOUR_MS = 3_600_000

// A PNG and a PDF the attachment store accepts (it checks the leading bytes): a scan and a written authorisation.
const PNG_SIGNATURE = Buffer.from('89504e470d0a1a0a', 'hex')
const scanBytes = (voter: string) =>
  Buffer.concat([PNG_SIGNATURE, Buffer.from(`scan of the ballot of ${voter}`)])
const proxyDocBytes = (voter: string) =>
  Buffer.from(`%PDF-1.4\n% 授权委托书 proxy authorisation for ${voter}\n%%EOF\n`)

export class Simulation {
  /** Phones and signed-in actors by roll owner id, kept across meetings of the same estate. */
  private readonly phones = new Map<number, { actor: Actor; phone: Phone }>()
  /** The simulated owners' text messages: each reads the one-time code sent to the phone on the roll. */
  private readonly texts = new RecordingSms()
  private people: ReadonlyMap<string, OwnedVoter> | undefined
  /**
   * The meeting being voted on, as loaded once after notice: while ballots arrive nothing changes its row (the
   * ballot writer reads the stored clock itself, in its transaction), so each ballot judges it at its own instant
   * (`meetingAt`) instead of reading it again — two or three reads per ballot otherwise, 1,145 in a run of 939
   * voters.
   */
  private voting: MeetingDefinition | undefined

  constructor(
    private readonly db: Db,
    readonly estateId: string,
    private readonly opts: {
      readonly passkeys: PasskeySettings
      readonly newPhone: () => Phone
      readonly random: () => number
      /** Units whose voters the simulation leaves alone: no account, no ballot, no candidacy (the demo's newcomers). */
      readonly spareUnits?: readonly string[]
      /**
       * How owners who vote online get their phones: `letters` — an invitation letter and the activation ceremony,
       * the owners' own path (it reads the whole roll per owner: about 10 ms each on a 1,000-unit roll);
       * `direct` — the account row written as activation would write it, audited, and the passkey registered
       * through the real registration ceremony (about 1 ms each; the demo seed at start-up uses it).
       */
      readonly accounts?: 'letters' | 'direct'
      /** Audit names of the convener and of the two clerks who enter paper ballots (two different people, §6.3). */
      readonly convener?: string
      readonly clerks?: readonly [string, string]
    },
  ) {}

  private get convener() {
    return this.opts.convener ?? 'system:simulation-convener'
  }
  private get clerks(): readonly [string, string] {
    return this.opts.clerks ?? ['system:simulation-clerk-a', 'system:simulation-clerk-b']
  }
  private who(actor: string, now: Date): Who {
    return { actor, role: 'convener', now }
  }
  private pick(n: number): number {
    return Math.floor(this.opts.random() * n)
  }
  private perMille(): number {
    return this.pick(1000)
  }
  private shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.pick(i + 1)
      ;[xs[i], xs[j]] = [xs[j] as T, xs[i] as T]
    }
    return xs
  }

  /** The owner voters of the roll with their people, by voter id: read once. */
  private async roll(): Promise<ReadonlyMap<string, OwnedVoter>> {
    if (!this.people) {
      const { voters } = await ownerVoters(this.db, this.estateId)
      this.people = new Map(voters.map((v) => [v.id, v]))
    }
    return this.people
  }

  /** The owner voters of the roll with their people, less the spared ones. */
  private async playedVoters(): Promise<OwnedVoter[]> {
    const spare = new Set(this.opts.spareUnits ?? [])
    return [...(await this.roll()).values()].filter((v) => !v.units.some((u) => spare.has(u.number)))
  }

  /**
   * A standard agenda on this roll (domain §4): the covenant (more than 1/2), raising the maintenance fund (at
   * least 3/4, art. 278(2) 第六项), using it for one building only (scoped: that building's voters alone, 上海
   * art. 69), and a committee of 5 (指导规则 art. 31: 5–11, odd) from 7 owners of the roll, eligibility checked.
   */
  async standardAgenda(): Promise<SimulatedMatter[]> {
    const voters = await this.playedVoters()
    const buildings = [...new Set(voters.flatMap((v) => v.units.map((u) => u.building)))].sort()
    const building = buildings[this.pick(buildings.length)] as string
    return [
      {
        definition: {
          kind: 'management_covenant',
          title: '修改管理规约 Amend the management covenant',
          body: '修改第十二条（装修时间）与第二十条（宠物管理），全文见附件。',
        },
        mood: { kind: 'resolution', yes: 720, no: 200 },
      },
      {
        definition: {
          kind: 'raise_maintenance_fund',
          title: '续筹专项维修资金 Replenish the maintenance fund',
          body: '按专有部分面积每平方米 30 元续筹，分两年缴纳。',
        },
        mood: { kind: 'resolution', yes: 740, no: 210 },
      },
      {
        definition: {
          kind: 'use_maintenance_fund',
          title: `${building}电梯更新 Replace the lifts of ${building}`,
          body: `使用${building}分户账维修资金更新两部电梯，预算 96 万元；仅由${building}业主表决。`,
          scope: { buildings: [building] },
        },
        mood: { kind: 'resolution', yes: 800, no: 150 },
      },
      await this.election('选举业主委员会 Elect the owners’ committee', 5, 7),
    ]
  }

  /** An election of `seats` from `count` candidates drawn from the owners (not the spared ones). */
  async election(title: string, seats: number, count: number): Promise<SimulatedMatter> {
    const voters = this.shuffle(await this.playedVoters()).slice(0, count)
    const candidates = voters.map((v) => {
      const person = v.owners[0] as OwnedVoter['owners'][number]
      return {
        unit: v.id,
        name: person.name,
        statement: `${v.id} 业主，愿为小区服务。Owner of ${v.id}, willing to serve.`,
        // 上海 art. 20: full capacity, no arrears of fees or fund contributions, not property-company staff.
        eligibility: { fullCapacity: true, noArrears: true, notPropertyStaff: true },
      }
    })
    // Candidates are listed from the most to the least popular: some qualify, some do not.
    const approve = candidates.map((_, i) => Math.max(200, 820 - i * 55))
    return {
      definition: {
        kind: 'elect_committee',
        title,
        body: `应选 ${seats} 名，候选人 ${count} 名；每票至多同意 ${seats} 名。`,
        seats,
        candidates,
      },
      mood: { kind: 'election', approve },
    }
  }

  /**
   * Gives one owner of each voter an account and a passkey on a new phone (see `accounts`). One person, one
   * phone: an owner of two voters (a flat alone and one with a co-owner) votes for both with it.
   */
  private async activate(voterIds: readonly string[], at: Date): Promise<number> {
    const fresh = new Map<number, { voter: string; person: OwnedVoter['owners'][number] }>()
    for (const voter of voterIds) {
      const person = await this.personOf(voter)
      if (!this.phones.has(person.id) && !fresh.has(person.id)) fresh.set(person.id, { voter, person })
    }
    const { db } = this
    const { passkeys } = this.opts
    const ready = async (ownerId: number, accountId: string, phone: Phone) => {
      const actor = await loadActor(db, accountId, 'simulation')
      if (!actor) throw new Error(`account ${accountId} did not load`)
      this.phones.set(ownerId, { actor, phone })
    }
    if (fresh.size === 0) return 0
    if ((this.opts.accounts ?? 'letters') === 'letters') {
      const { letters } = await issueInvitations(db, {
        estateId: this.estateId,
        units: [...fresh.values()].map((f) => f.voter),
        revokePasskeys: false,
        days: 30,
        origin: passkeys.origin,
        ...this.who(this.convener, at),
      })
      for (const letter of letters) {
        const person = await this.personOf(letter.voterId)
        const phone = this.opts.newPhone()
        // The owner's phone receives the one-time code (here: the simulation's own recorder) and they type it.
        const started = await startActivation(db, passkeys, this.texts, {
          code: letter.code,
          name: person.name,
          idLast4: person.idLast4,
          now: at,
        })
        const options =
          started.step === 'passkey'
            ? started.options
            : (
                await verifyActivationSms(db, passkeys, {
                  ticket: started.ticket,
                  code: this.texts.sent.at(-1)?.params['code'] ?? '',
                  now: at,
                })
              ).options
        const done = await finishActivation(db, passkeys, phone.register(options), at)
        await ready(person.id, done.accountId, phone)
      }
      return letters.length
    }
    for (const { voter, person } of fresh.values()) {
      const existing = await db
        .selectFrom('accounts')
        .select('id')
        .where('owner_id', '=', person.id)
        .executeTakeFirst()
      const accountId = existing?.id ?? randomUUID()
      if (!existing)
        await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('accounts')
            .values({
              id: accountId,
              kind: 'owner',
              display_name: person.name,
              owner_id: person.id,
              created_at: at.toISOString(),
              disabled_at: null,
            })
            .execute()
          await appendAudit(trx, {
            actor: this.convener,
            role: 'system',
            action: 'owner.account_seeded',
            estateId: this.estateId,
            subject: voter,
            after: { account: accountId, owner: maskName(person.name) },
            at,
          })
        })
      const phone = this.opts.newPhone()
      const options = await startRegistration(
        db,
        passkeys,
        { id: accountId, userName: voter, displayName: person.name },
        at,
      )
      await finishRegistration(db, passkeys, phone.register(options), at, null, accountId)
      await ready(person.id, accountId, phone)
    }
    return fresh.size
  }

  /** The owner who acts for a voter (the first of its owners) and their phone, once activated. */
  private async personOf(voter: string): Promise<OwnedVoter['owners'][number]> {
    // Looked up in the roll as read (once per ballot: filtering out the spared voters each time cost more).
    const person = (await this.roll()).get(voter)?.owners[0]
    if (!person) throw new Error(`voter ${voter} has no owner to act for it`)
    return person
  }
  private async phoneOf(voter: string): Promise<{ actor: Actor; phone: Phone }> {
    const me = this.phones.get((await this.personOf(voter)).id)
    if (!me) throw new Error(`the owner of voter ${voter} has no phone`)
    return me
  }

  private choicesFor(
    matters: readonly Matter[],
    moods: ReadonlyMap<string, Mood | undefined>,
    mine: ReadonlySet<string>,
  ): OnlineChoices {
    const out: OnlineChoices = {}
    for (const m of matters) {
      // §6.2: one ballot covers exactly the matters whose electorate includes the voter (a scoped matter only
      // its part of the estate).
      if (!mine.has(m.id)) continue
      const mood = moods.get(m.id)
      if (isElection(m)) {
        const approve = mood?.kind === 'election' ? mood.approve : []
        const chosen = m.candidates.filter((_, i) => this.perMille() < (approve[i] ?? 0)).map((c) => c.id)
        // §5: a ballot approves at most `seats` candidates; the voter drops some at random.
        const kept = new Set(this.shuffle(chosen).slice(0, m.seats))
        out[m.id] = m.candidates.map((c) => c.id).filter((id) => kept.has(id))
      } else {
        const r = this.perMille()
        const odds = mood?.kind === 'resolution' ? mood : { yes: 500, no: 300 }
        out[m.id] = r < odds.yes ? 'yes' : r < odds.yes + odds.no ? 'no' : 'abstain'
      }
    }
    return out
  }

  /** An invalid mark on one matter (§4: recorded with its reason, never silently an abstention). */
  private spoil(matters: readonly Matter[], choices: Choices): Choices {
    const ids = Object.keys(choices)
    const id = ids[this.pick(ids.length)] as string
    const m = matters.find((x) => x.id === id)
    const reason =
      m && isElection(m)
        ? `勾选人数超过应选 ${m.seats} 名 more candidates ticked than ${m.seats} seats`
        : '同意与反对都打勾 both yes and no ticked'
    return { ...choices, [id]: { invalid: reason } }
  }

  /** A clerk's typing slip: the first matter read differently. */
  private slip(matters: readonly Matter[], choices: Choices): Choices {
    const id = Object.keys(choices)[0] as string
    const m = matters.find((x) => x.id === id)
    const c = choices[id]
    const misread: Choices[string] =
      m && isElection(m)
        ? Array.isArray(c) && c.length > 0
          ? []
          : m.candidates.slice(0, 1).map((x) => x.id)
        : c === 'yes'
          ? 'no'
          : 'yes'
    return { ...choices, [id]: misread }
  }

  /** The voters who take part: the same share of every building (so a matter scoped to one sees it too). */
  private turnout(e: FrozenElectorate, share: { num: number; den: number }): string[] {
    const spare = new Set(
      (this.opts.spareUnits ?? [])
        .map((u) => voterOfUnitIn(e, u))
        .filter((v): v is string => v !== undefined),
    )
    const buildingOf = new Map(e.units.map((u) => [u.id, u.building]))
    const byBuilding = new Map<string, string[]>()
    for (const v of e.wide.voters) {
      if (spare.has(v.id)) continue
      const b = buildingOf.get(v.id) ?? ''
      byBuilding.set(b, [...(byBuilding.get(b) ?? []), v.id])
    }
    const chosen: string[] = []
    for (const group of byBuilding.values()) {
      // round(n · num / den), half up, in integers
      const k = Math.floor((2 * group.length * share.num + share.den) / (2 * share.den))
      chosen.push(...this.shuffle(group).slice(0, k))
    }
    return this.shuffle(chosen)
  }

  /** Defines the meeting, gives notice, and plays the voting (and, if asked, the close and the publication). */
  async run(plan: SimulationPlan): Promise<SimulationReport> {
    const { db } = this
    if (plan.windowDays < MIN_WINDOW_DAYS || plan.windowDays > MAX_WINDOW_DAYS)
      throw new Error(`windowDays: 杭州 art. 20 allows ${MIN_WINDOW_DAYS} to ${MAX_WINDOW_DAYS} days`)
    // 物业管理条例 art. 14 with 民法典 art. 201: 15 full days between the day of notice and the opening.
    const opens = earliestOpening(plan.noticeAt.getTime())
    const closes = opens + plan.windowDays * DAY_MS
    const meetingId = await createMeeting(
      db,
      this.estateId,
      {
        title: plan.title,
        opensAt: new Date(opens).toISOString(),
        closesAt: new Date(closes).toISOString(),
        matters: plan.matters.map((m) => m.definition),
      },
      this.who(this.convener, plan.noticeAt),
    )
    if (plan.beforeNotice) await plan.beforeNotice(meetingId, (await loadMeeting(db, meetingId)).matters)
    await giveNotice(db, meetingId, this.who(this.convener, plan.noticeAt))
    const m = await loadMeeting(db, meetingId)
    const e = await frozenElectorate(db, m)
    const moods = new Map(m.matters.map((matter, i) => [matter.id, plan.matters[i]?.mood]))

    // Who votes, and how: the developer votes through its representative on paper (it has no owner to activate
    // a phone); the others by the channel odds.
    const developer = new Set(e.wide.voters.filter((v) => v.developer).map((v) => v.id))
    const voting = this.turnout(e, plan.turnout).map((voter) => {
      let r = this.perMille()
      const channel: Channel = developer.has(voter)
        ? 'paper'
        : (CHANNEL_ODDS.find(([, odds]) => (r -= odds) < 0)?.[0] ?? 'online')
      return { voter, channel }
    })
    // Proxy holders are owners voting online themselves; 潍坊 art. 32: each holds at most `proxyCap` (default 3)
    // authorisations. Dealt round robin; principals beyond what the holders may carry vote on paper instead.
    const holders = voting.filter((v) => v.channel === 'online').map((v) => v.voter)
    let proxies = 0
    for (const v of voting) {
      if (v.channel !== 'proxy') continue
      if (proxies < holders.length * m.settings.proxyCap) proxies += 1
      else v.channel = 'paper'
    }

    // Letters go out with the notice; owners who vote online (and proxy holders) activate their phones then.
    const activated = await this.activate(holders, new Date(plan.noticeAt.getTime() + HOUR_MS))

    const castUntil = Math.min(closes, plan.castUntil?.getTime() ?? closes)
    if (castUntil <= opens) throw new Error('castUntil: ballots are cast after the opening')
    // Every ballot is cast before the close (castUntil ≤ closes): the row stays as loaded after notice.
    this.voting = m
    const ballots: Record<Channel, number> = { online: 0, paper: 0, proxy: 0, in_person: 0 }
    let invalidMarks = 0
    let mismatches = 0
    let directed = 0
    for (const [i, { voter, channel }] of voting.entries()) {
      // Spread evenly over the window, in order.
      const at = new Date(opens + Math.floor(((i + 1) * (castUntil - opens)) / (voting.length + 1)))
      const choices = this.choicesFor(m.matters, moods, mattersOfVoter(e, voter))
      if (channel === 'online') {
        await this.sign(meetingId, await this.phoneOf(voter), voter, choices, at)
      } else if (channel === 'proxy') {
        const holder = await this.phoneOf(holders[ballots.proxy % holders.length] as string)
        // 上海 art. 18: a directed authorisation binds the holder; every other one here directs the first matter.
        const first = Object.keys(choices)[0] as string
        const directions =
          ballots.proxy % 2 === 1 ? { [first]: choices[first] as OnlineChoices[string] } : null
        if (directions) directed += 1
        await this.castByProxy(meetingId, voter, holder, directions, choices, at)
      } else {
        const paper = ballots.paper + ballots.in_person
        // The first paper ballot has an invalid mark, the second a slip of the confirming clerk.
        const spoiled = paper === 0 || this.perMille() < INVALID_MARK_ODDS
        const entered = spoiled ? this.spoil(m.matters, choices) : choices
        if (spoiled) invalidMarks += 1
        if (await this.castOnPaper(m.matters, meetingId, voter, channel, entered, paper, at)) mismatches += 1
      }
      ballots[channel] += 1
    }

    this.voting = undefined

    let results: MatterResult[] | null = null
    let bundle: { text: string; sha256: string } | null = null
    if (plan.publish) {
      // §6.1: the meeting closes at its end time; the preliminary result is published at once.
      // §6.1: online voting ends at the close; every paper ballot is entered, so the conveners declare it and the
      // tally is stored; the preliminary result is published at once.
      // A window whose last day is a public holiday closes at 24:00 of the next working day (民法典 art. 203).
      const legalEnd = legalClose(closes, await loadHolidayTable(db, closes)).at
      const after = new Date(Math.max(closes, legalEnd) + 2 * HOUR_MS)
      await advanceMeeting(db, meetingId, after)
      await declarePaperComplete(db, await this.meeting(meetingId, after), this.who(this.convener, after))
      const closed = await this.meeting(meetingId, after)
      await publishPreliminary(db, closed, this.who(this.convener, after))
      const published = await this.meeting(meetingId, after)
      bundle = { text: published.row.results_json as string, sha256: published.row.bundle_sha256 as string }
      // The same validator and engine as `npm run verify`: the results as anyone recomputes them.
      const check = validateBundle(JSON.parse(bundle.text))
      if (!check.ok)
        throw new Error(`published bundle invalid: ${JSON.stringify(check.problems.slice(0, 3))}`)
      results = computeResults(check.bundle)
    }
    return {
      meetingId,
      matters: m.matters,
      opensAt: new Date(opens).toISOString(),
      closesAt: new Date(closes).toISOString(),
      voters: e.wide.totals.heads,
      areaCm2: e.wide.totals.areaCm2,
      ballots,
      invalidMarks,
      mismatches,
      proxies: { recorded: proxies, directed },
      activated,
      results,
      bundle,
    }
  }

  /**
   * The final announcement (domain §6.1 steps 4–5) of a meeting whose preliminary result is published: a
   * supervisor signs off the day after, and the conveners publish the final result once the objection period is
   * over (an hour after its end). Returns the instant of the final announcement.
   */
  async publishFinal(meetingId: string, supervisor: { accountId: string; actor: string }): Promise<Date> {
    const preliminary = await loadMeeting(this.db, meetingId)
    const published = Date.parse(preliminary.row.preliminary_at ?? '')
    const ends = Date.parse(preliminary.row.objections_end_at ?? '')
    if (!Number.isFinite(published) || !Number.isFinite(ends))
      throw new Error(`meeting ${meetingId} has no preliminary result to make final`)
    const signedAt = new Date(Math.min(published + DAY_MS, ends - HOUR_MS))
    await signOff(
      this.db,
      await this.meeting(meetingId, signedAt),
      supervisor.accountId,
      {
        decision: 'approve',
        note: '已核对纸质票与网上票 paper and online ballots checked',
        acknowledgeOpen: false,
      },
      { actor: supervisor.actor, role: 'supervisor', now: signedAt },
    )
    const finalAt = new Date(ends + HOUR_MS)
    await finalizeMeeting(this.db, await this.meeting(meetingId, finalAt), this.who(this.convener, finalAt))
    return finalAt
  }

  /**
   * The signed-in owner behind a roll owner id and their phone, activating it (as `accounts` says) if they have
   * none yet: a committee member confirming a vote, an owner objecting to the roll.
   */
  async ownerPhone(ownerId: number, at: Date): Promise<{ actor: Actor; phone: Phone }> {
    if (!this.phones.has(ownerId)) {
      const voter = [...(await this.roll()).values()].find((v) => v.owners[0]?.id === ownerId)
      if (!voter) throw new Error(`owner ${ownerId} acts for no voter of the roll`)
      await this.activate([voter.id], at)
    }
    const me = this.phones.get(ownerId)
    if (!me) throw new Error(`owner ${ownerId} has no phone`)
    return me
  }

  /** The owner who acts for the voter holding `unit` (the first of its owners), with their phone. */
  async unitOwnerPhone(unit: string, at: Date): Promise<{ actor: Actor; phone: Phone; ownerId: number }> {
    const voter = [...(await this.roll()).values()].find((v) => v.units.some((u) => u.number === unit))
    const person = voter?.owners[0]
    if (!person) throw new Error(`no owner acts for unit ${unit}`)
    return { ...(await this.ownerPhone(person.id, at)), ownerId: person.id }
  }

  /** A proxy (§6.4): the written authorisation uploaded and recorded, then the holder casts with their passkey. */
  private async castByProxy(
    meetingId: string,
    voter: string,
    holder: { actor: Actor; phone: Phone },
    directions: OnlineChoices | null,
    choices: OnlineChoices,
    at: Date,
  ): Promise<void> {
    const doc = await addAttachment(
      this.db,
      await this.meeting(meetingId, at),
      { purpose: 'proxy_document', ref: null, fileName: `proxy-${voter}.pdf`, bytes: proxyDocBytes(voter) },
      this.who(this.convener, at),
    )
    const proxy = {
      unit: voter,
      holderAccountId: holder.actor.accountId,
      holderIsPropertyStaff: false,
      directions,
      documentId: doc.id,
    }
    await recordProxy(this.db, await this.meeting(meetingId, at), proxy, this.who(this.convener, at))
    await this.sign(meetingId, holder, voter, choices, at)
  }

  /**
   * A paper or in-person ballot (§6.3): its scan uploaded, entered by one clerk and confirmed blind by the other
   * (the two alternate). The second (`nth` 1) meets a typing slip of the confirming clerk: flagged as a mismatch, never
   * guessed, and entered afresh. Returns whether there was a mismatch.
   */
  private async castOnPaper(
    matters: readonly Matter[],
    meetingId: string,
    voter: string,
    channel: 'paper' | 'in_person',
    choices: Choices,
    nth: number,
    at: Date,
  ): Promise<boolean> {
    const [first, second] = nth % 2 === 0 ? this.clerks : [this.clerks[1], this.clerks[0]]
    const scan = await addAttachment(
      this.db,
      await this.meeting(meetingId, at),
      { purpose: 'paper_scan', ref: null, fileName: `scan-${voter}.png`, bytes: scanBytes(voter) },
      this.who(first, at),
    )
    const entry = { unit: voter, channel, choices, scanId: scan.id }
    const m = await this.meeting(meetingId, at)
    let { entryId } = await enterPaperBallot(this.db, m, entry, this.who(first, at))
    const slipped = nth === 1
    if (slipped) {
      const slip = this.slip(matters, choices)
      const r = await confirmPaperBallot(this.db, m, entryId, slip, this.who(second, at))
      if (r.status !== 'mismatch') throw new Error('a differing second entry was not flagged')
      ;({ entryId } = await enterPaperBallot(this.db, m, entry, this.who(first, at)))
    }
    const r = await confirmPaperBallot(this.db, m, entryId, choices, this.who(second, at))
    if (r.status !== 'confirmed') throw new Error(`paper ballot of ${voter} not confirmed`)
    return slipped
  }

  /** An online or proxy ballot: prepared, signed on the phone over its hash, cast (§10). */
  private async sign(
    meetingId: string,
    me: { actor: Actor; phone: Phone },
    voter: string,
    choices: OnlineChoices,
    at: Date,
  ): Promise<void> {
    const { passkeys } = this.opts
    const m = await this.meeting(meetingId, at)
    const { ballot, options } = await prepareBallot(this.db, passkeys, m, me.actor, { voter, choices })
    const nonce =
      typeof ballot === 'object' && ballot !== null && 'nonce' in ballot ? ballot.nonce : undefined
    if (typeof nonce !== 'string') throw new Error('prepared ballot without nonce')
    await castBallot(this.db, passkeys, m, me.actor, { nonce, response: me.phone.authenticate(options) })
  }

  /** The meeting as a request arriving at `at` sees it (read again, but while ballots arrive: see `voting`). */
  private async meeting(meetingId: string, at: Date): Promise<LoadedMeeting> {
    const loaded = this.voting?.row.id === meetingId ? this.voting : await loadMeeting(this.db, meetingId)
    return meetingAt(loaded, at)
  }
}
