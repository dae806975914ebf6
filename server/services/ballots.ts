import { createHash, randomBytes, randomUUID } from 'node:crypto'
import {
  generateAuthenticationOptions,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server'
import type { Db } from '../../db/client'
import {
  attachScanToPendingEntry,
  ballotByNonce,
  findPaperEntry,
  insertPaperEntry,
  listPaperEntryRows,
  pendingPaperEntry,
  settlePendingPaperEntry,
  standingBallot,
  typedUnitsOfPaperEntries,
  unmatchedPaperScanRows,
  voterPaperStanding,
  type PaperEntryRow,
} from '../../db/repositories/ballots'
import { peekChallenge } from '../../db/repositories/challenges'
import { livePasskeyTransports } from '../../db/repositories/credentials'
import { hasAttachment } from '../../db/repositories/records'
import type { BallotRow, ChannelCode } from '../../db/schema'
import type { Actor } from '../auth/access'
import { ballotChallenge } from '../auth/ballot-signature'
import { storeChallenge } from '../auth/challenges'
import { challengeOf, passkeyFailed, verifyOwnSignature, type PasskeySettings } from '../auth/passkeys'
import {
  checkChoices,
  decide,
  departuresFromDirections,
  receiptCode,
  samePerson,
  type ChoiceProblem,
} from '../domain/ballot'
import type { Choice } from '../domain/bundle'
import type { BallotOptionsBody, CastBody, PaperEntryBody, PaperScanBody } from '../routes/ballots.schema'
import { canonicalJson, type Json } from '../domain/canonical'
import * as lifecycle from '../domain/lifecycle'
import { AppError, conflict, notFound } from '../errors'
import { actingFor, soleHolder } from './acting-for'
import { appendAudit } from './audit'
import { ballotWriter } from './ballot-writer'
import {
  clockOf,
  frozenElectorate,
  lifecycleError,
  mattersOfVoter,
  voterOfUnitIn,
  type LoadedMeeting,
  type Who,
} from './meetings'

/**
 * Ballots over every channel in one record (domain §6): online (confirmed with the owner's passkey over the
 * ballot's hash), proxy (cast by the holder, as directed), paper and in person (entered by one convener and
 * confirmed blind by another). One valid ballot per voter per meeting is guaranteed by a unique index; a second
 * submission is decided by the meeting's vote-change and conflict settings, and a refused one is kept as evidence.
 */

export const BALLOT_FORMAT = 'gongjue.ballot/1'

export interface Receipt {
  readonly ballotId: string
  readonly receipt: string
  readonly voter: string
  readonly channel: ChannelCode
  readonly castAt: string
}

const choiceError = (problems: ChoiceProblem[]) =>
  new AppError(
    problems.some((p) => p.code === 'not_in_electorate') ? 'not_in_electorate' : 'ballot_invalid',
    problems.map((p) => `${p.matter}: ${p.code}`).join('; '),
    { problems },
  )

/** The ballot a passkey signs, as prepared: the owner's page sends its nonce back with the signature. */
type CanonicalBallot = {
  readonly format: typeof BALLOT_FORMAT
  readonly meeting: string
  readonly voter: string
  readonly channel: ChannelCode
  readonly choices: Json
  readonly nonce: string
}

function canonicalBallot(
  meetingId: string,
  voter: string,
  channel: ChannelCode,
  choices: Record<string, Choice>,
  nonce: string,
): CanonicalBallot {
  return {
    format: BALLOT_FORMAT,
    meeting: meetingId,
    voter,
    channel,
    choices: choices as unknown as Json,
    nonce,
  }
}

/** The receipt: from the hash of the canonical ballot, which includes a random nonce (see receiptCode). */
const receiptOf = (canonical: Json) =>
  receiptCode(createHash('sha256').update(canonicalJson(canonical)).digest())

/** Online and by proxy: only while open, judged at the instant the request arrived (`m.status`). */
function mayVoteNow(m: LoadedMeeting) {
  if (m.status !== 'open') throw lifecycleError({ code: 'meeting_not_open', status: m.status })
}

const representativeNamed = (representative: string) =>
  new AppError(
    'representative_named',
    'The co-owners named a representative, who alone casts this ballot (指导规则 art. 25)',
    { representative },
  )

interface PendingBallot {
  readonly meetingId: string
  readonly voter: string
  readonly channel: 'online' | 'proxy'
  readonly accountId: string
  readonly nonce: string
  readonly choices: Record<string, Choice>
  readonly proxyId: string | null
  readonly sole: boolean
  readonly representative: boolean
}

/**
 * Step 1 of an online ballot: checks it, and answers the canonical ballot and the WebAuthn options whose challenge
 * is its SHA-256 — the owner's passkey then signs exactly these choices.
 */
export async function prepareBallot(
  db: Db,
  s: PasskeySettings,
  m: LoadedMeeting,
  actor: Actor,
  input: BallotOptionsBody,
): Promise<{ ballot: CanonicalBallot; options: PublicKeyCredentialRequestOptionsJSON }> {
  const meetingId = m.row.id
  const now = m.at
  mayVoteNow(m)
  const e = await frozenElectorate(db, m)
  const voter = voterOfUnitIn(e, input.voter)
  if (!voter) throw notFound('voter_not_found', 'No such voter in this meeting')
  const acting = await actingFor(db, m, actor)
  const proxy = acting.proxies.find((p) => p.voter === voter)
  const mine = acting.own.find((o) => o.voter === voter)
  const blocked = acting.blocked.find((b) => b.voter === voter)
  if (!mine && !proxy && blocked?.reason === 'activation_pending')
    throw new AppError(
      'activation_pending',
      'This account was activated without the owner’s phone: a supervisor must approve it before it votes',
    )
  if (!mine && !proxy && blocked) throw representativeNamed(blocked.representative ?? '')
  const channel: 'online' | 'proxy' = mine ? 'online' : 'proxy'
  if (channel === 'proxy' && !proxy) throw new AppError('not_your_voter', 'You may not vote for this voter')
  const problems = checkChoices(m.matters, mattersOfVoter(e, voter), input.choices, false)
  if (problems.length > 0) throw choiceError(problems)
  if (channel === 'proxy' && proxy?.directions) {
    const departures = departuresFromDirections(proxy.directions, input.choices)
    if (departures.length > 0)
      throw new AppError(
        'proxy_directions_violated',
        `The authorisation directs other choices for ${departures.join(', ')}`,
        {
          matters: departures,
        },
      )
  }
  // Said before the fingerprint, not after it: a ballot this meeting would refuse (the writer decides again).
  const standing = await standingBallot(db, meetingId, voter)
  const person = { sole: mine?.sole ?? false, representative: mine?.representative ?? false }
  if (standing) {
    const early = decide(
      {
        channel: standing.channel,
        changes: standing.changes,
        samePerson: samePerson(
          { channel: standing.channel, castBy: standing.castBy },
          { channel, castBy: `account:${actor.accountId}`, ...person },
        ),
      },
      channel,
      m.settings.voteChange,
      m.settings.conflictRule,
    )
    if (early.action === 'refuse') throw refusal(early.code)
  }
  const nonce = randomBytes(16).toString('base64url')
  const ballot = canonicalBallot(meetingId, voter, channel, input.choices, nonce)
  const challenge = ballotChallenge(ballot)
  const credentials = await livePasskeyTransports(db, actor.accountId)
  const options = await generateAuthenticationOptions({
    rpID: s.rpID,
    challenge: Buffer.from(challenge, 'base64url'),
    userVerification: 'required',
    allowCredentials: credentials.map((c) => ({ id: c.id })),
  })
  const pending: PendingBallot = {
    meetingId,
    voter,
    channel,
    accountId: actor.accountId,
    nonce,
    choices: input.choices,
    proxyId: channel === 'proxy' ? (proxy?.id ?? null) : null,
    ...person,
  }
  await storeChallenge(db, { challenge, purpose: 'ballot', subject: JSON.stringify(pending), now })
  return { ballot, options }
}

const presentReceipt = (
  b: Pick<BallotRow, 'id' | 'receipt' | 'voter' | 'channel' | 'created_at'>,
): Receipt => ({
  ballotId: b.id,
  receipt: b.receipt,
  voter: b.voter,
  channel: b.channel,
  castAt: b.created_at,
})

/**
 * Step 2: the passkey's assertion over the ballot's hash. Idempotent: a retried submission (same ballot, same
 * nonce) answers the same receipt, never a second ballot.
 */
export async function castBallot(
  db: Db,
  s: PasskeySettings,
  m: LoadedMeeting,
  actor: Actor,
  input: CastBody,
): Promise<Receipt> {
  const meetingId = m.row.id
  const now = m.at
  const existing = await ballotByNonce(db, meetingId, input.nonce)
  if (existing && existing.cast_by === `account:${actor.accountId}`) {
    if (existing.status === 'refused') throw refusal(existing.refusal ?? 'double_vote')
    return presentReceipt(existing)
  }
  // Judged at this request's arrival, before the passkey: after the close the answer is that voting has closed.
  mayVoteNow(m)
  const challenge = challengeOf(input.response.response.clientDataJSON)
  // Read, not consumed: the writer consumes it in the transaction that stores the ballot, so a crash in between
  // leaves the owner able to send the same signed ballot again.
  const stored = await peekChallenge(db, challenge, 'ballot')
  if (!stored?.subject || stored.expires_at <= now.toISOString()) {
    console.warn('[ballot] challenge unknown, used or expired')
    throw passkeyFailed()
  }
  const pending = JSON.parse(stored.subject) as PendingBallot
  if (
    pending.meetingId !== meetingId ||
    pending.accountId !== actor.accountId ||
    pending.nonce !== input.nonce
  ) {
    console.warn('[ballot] challenge of another ballot or account')
    throw passkeyFailed()
  }
  const ballot = canonicalBallot(meetingId, pending.voter, pending.channel, pending.choices, pending.nonce)
  const signed = await verifyOwnSignature(db, s, actor.accountId, ballot, input.response, 'ballot')
  // The writer judges the window again inside its transaction, against the meeting as it then stands.
  return record(
    db,
    m,
    {
      voter: pending.voter,
      channel: pending.channel,
      choices: pending.choices,
      nonce: pending.nonce,
      receipt: receiptOf(ballot),
      castBy: `account:${actor.accountId}`,
      role: pending.channel === 'proxy' ? 'proxy' : actor.guardianId !== null ? 'guardian' : 'owner',
      proxyId: pending.proxyId,
      sole: pending.sole,
      representative: pending.representative,
      paperEntry: null,
      credential: { id: signed.credentialId, newCounter: signed.newCounter, assertion: input.response },
      challenge,
      now,
      receivedAt: null,
    },
    ballot,
  )
}

const refusal = (code: string) =>
  code === 'vote_change_used'
    ? conflict('vote_change_used', 'This meeting allows one change of ballot, already used')
    : conflict(
        'double_vote',
        'This voter already has a valid ballot in this meeting; this one is kept as evidence only',
      )

interface RecordInput {
  readonly voter: string
  readonly channel: ChannelCode
  readonly choices: Record<string, Choice>
  readonly nonce: string
  readonly receipt: string
  readonly castBy: string
  readonly role: string
  readonly proxyId: string | null
  readonly sole: boolean
  readonly representative: boolean
  readonly paperEntry: { id: string; confirmedBy: string; secondChoicesJson: string } | null
  readonly credential: { id: string; newCounter: number; assertion: AuthenticationResponseJSON } | null
  readonly challenge: string | null
  readonly now: Date
  readonly receivedAt: Date | null
}

/**
 * Stores a submission with its audit entry through the group-committing writer: accepted, superseding the
 * standing ballot, or refused and kept as evidence (then answered 409). Acknowledged only once on disk.
 */
async function record(db: Db, m: LoadedMeeting, r: RecordInput, canonical: Json): Promise<Receipt> {
  const id = randomUUID()
  const choicesJson = canonicalJson(r.choices as unknown as Json)
  const decision = await ballotWriter(db).write({
    id,
    meeting: {
      id: m.row.id,
      estateId: m.row.estate_id,
      voteChange: m.settings.voteChange,
      conflictRule: m.settings.conflictRule,
    },
    voter: r.voter,
    channel: r.channel,
    choicesJson,
    ballotSha256: createHash('sha256').update(canonicalJson(canonical)).digest('hex'),
    nonce: r.nonce,
    receipt: r.receipt,
    castBy: r.castBy,
    role: r.role,
    proxyId: r.proxyId,
    sole: r.sole,
    representative: r.representative,
    paperEntry: r.paperEntry,
    credential: r.credential
      ? {
          id: r.credential.id,
          newCounter: r.credential.newCounter,
          assertionJson: JSON.stringify(r.credential.assertion),
        }
      : null,
    challenge: r.challenge,
    at: r.now,
    receivedAt: r.receivedAt,
  })
  if (decision.action === 'refuse') throw refusal(decision.code)
  return { ballotId: id, receipt: r.receipt, voter: r.voter, channel: r.channel, castAt: r.now.toISOString() }
}

// ---- paper and in person: double entry ------------------------------------------------------------------------

/** When the paper was handed in: given, or — while voting is open — the moment it is keyed in. */
function receivedAtOf(m: LoadedMeeting, receivedAt: string | undefined): Date {
  if (receivedAt === undefined) {
    // After the close the clerk must say when the paper was received (domain §6.1 step 3): never assumed.
    if (m.status !== 'open')
      throw new AppError(
        'received_at_required',
        'After the close, say when each paper ballot was received (it must be before the close)',
      )
    return m.at
  }
  return new Date(receivedAt)
}

function mayEnterPaper(m: LoadedMeeting, receivedAt: Date) {
  const step = lifecycle.mayEnterPaper(clockOf(m.row, m.settings), m.at.getTime(), receivedAt.getTime())
  if (!step.ok) throw lifecycleError(step.error)
}

export async function enterPaperBallot(
  db: Db,
  m: LoadedMeeting,
  input: PaperEntryBody,
  who: Who,
): Promise<{ entryId: string; voter: string }> {
  const meetingId = m.row.id
  const receivedAt = receivedAtOf(m, input.receivedAt)
  mayEnterPaper(m, receivedAt)
  const e = await frozenElectorate(db, m)
  const voter = voterOfUnitIn(e, input.unit)
  if (!voter) throw notFound('voter_not_found', 'No voter holds this unit in this meeting')
  const problems = checkChoices(m.matters, mattersOfVoter(e, voter), input.choices, true)
  if (problems.length > 0) throw choiceError(problems)
  // The scan may follow (attachPaperScan): keying a box of ballots never waits for a photo. The second entry does.
  if (input.scanId !== undefined) await paperScanOf(db, meetingId, input.scanId)
  const entryId = randomUUID()
  await db.transaction().execute(async (trx) => {
    // Checked inside the transaction: two clerks keying the same ballot at once make one entry, not two.
    if ((await pendingPaperEntry(trx, meetingId, voter)) !== undefined)
      throw conflict('entry_pending', 'A paper ballot of this voter awaits its second entry')
    await insertPaperEntry(trx, {
      id: entryId,
      meeting_id: meetingId,
      voter,
      channel: input.channel,
      choices_json: canonicalJson(input.choices as unknown as Json),
      scan_id: input.scanId ?? null,
      entered_by: who.actor,
      entered_at: who.now.toISOString(),
      status: 'awaiting_confirmation',
      second_choices_json: null,
      mismatches_json: null,
      confirmed_by: null,
      confirmed_at: null,
      ballot_id: null,
      received_at: receivedAt.toISOString(),
    })
    await appendAudit(trx, {
      ...who,
      action: 'paper.entered',
      estateId: m.row.estate_id,
      subject: meetingId,
      after: {
        entry: entryId,
        voter,
        // The flat the paper is for, as typed: a voter of two flats is one voter (listPaperEntries shows it).
        unit: input.unit,
        channel: input.channel,
        scan: input.scanId ?? null,
        receivedAt: receivedAt.toISOString(),
      },
      at: who.now,
    })
  })
  return { entryId, voter }
}

/**
 * The blind second entry by a different convener. Equal choices make the ballot; any difference is flagged as a
 * mismatch with the matters that differ, never guessed: someone looks at the scan and enters it afresh. The
 * confirmation and its ballot are written in one transaction by the ballot writer: a refused ballot leaves the
 * entry refused, never confirmed without a ballot.
 */
export async function confirmPaperBallot(
  db: Db,
  m: LoadedMeeting,
  entryId: string,
  choices: Record<string, Choice>,
  who: Who,
): Promise<{ status: 'confirmed'; receipt: Receipt } | { status: 'mismatch'; matters: string[] }> {
  const meetingId = m.row.id
  const entry = await findPaperEntry(db, meetingId, entryId)
  if (!entry) throw notFound('entry_not_found', 'No such paper entry')
  if (entry.status !== 'awaiting_confirmation')
    throw conflict('entry_not_pending', `This entry is ${entry.status}`)
  if (entry.entered_by === who.actor)
    throw conflict('same_clerk', 'The second entry must be made by another convener')
  // domain §6.3: the second clerk enters the paper against its scan or photo; without one there is nothing to
  // check the entries against, so nothing is compared and nothing is counted until it is attached.
  if (entry.scan_id === null)
    throw conflict('scan_required', 'Attach the scan or photo of this paper ballot before its second entry')
  // Entries made before the received time was recorded were keyed in while voting was open.
  const receivedAt = new Date(entry.received_at ?? entry.entered_at)
  mayEnterPaper(m, receivedAt)
  const first = JSON.parse(entry.choices_json) as Record<string, Choice>
  const second = JSON.parse(canonicalJson(choices as unknown as Json)) as Record<string, Choice>
  const keys = new Set([...Object.keys(first), ...Object.keys(second)])
  const differ = [...keys]
    .filter((k) => canonicalJson((first[k] ?? null) as Json) !== canonicalJson((second[k] ?? null) as Json))
    .sort()
  const at = who.now.toISOString()
  if (differ.length > 0) {
    await db.transaction().execute(async (trx) => {
      const settled = await settlePendingPaperEntry(trx, entryId, {
        status: 'mismatch',
        second_choices_json: canonicalJson(choices as unknown as Json),
        mismatches_json: JSON.stringify(differ),
        confirmed_by: who.actor,
        confirmed_at: at,
      })
      if (!settled) throw conflict('entry_not_pending', 'This paper entry was confirmed meanwhile')
      await appendAudit(trx, {
        ...who,
        action: 'paper.mismatch',
        estateId: m.row.estate_id,
        subject: meetingId,
        after: { entry: entryId, voter: entry.voter, matters: differ },
        at: who.now,
      })
    })
    return { status: 'mismatch', matters: differ }
  }
  const nonce = `paper:${entryId}`
  const canonical = canonicalBallot(meetingId, entry.voter, entry.channel, first, nonce)
  const receipt = await record(
    db,
    m,
    {
      voter: entry.voter,
      channel: entry.channel,
      choices: first,
      nonce,
      receipt: receiptOf(canonical),
      castBy: entry.entered_by,
      role: 'convener',
      proxyId: null,
      sole: await soleHolder(db, m, entry.voter),
      representative: false,
      paperEntry: { id: entryId, confirmedBy: who.actor, secondChoicesJson: entry.choices_json },
      credential: null,
      challenge: null,
      now: who.now,
      receivedAt,
    },
    canonical,
  )
  return { status: 'confirmed', receipt }
}

/** A scan of this meeting's paper ballots, or scan_missing (another meeting's, or a proxy document, say). */
async function paperScanOf(db: Db, meetingId: string, scanId: string): Promise<void> {
  if (!(await hasAttachment(db, meetingId, scanId, 'paper_scan')))
    throw new AppError('scan_missing', 'Upload the photo or scan of the paper ballot first')
}

/**
 * Attaches the scan of an entry keyed without it (or replaces a wrongly matched one) while the entry awaits its
 * second entry. Once confirmed or flagged the scan is the evidence it was judged against: refused then.
 */
export async function attachPaperScan(
  db: Db,
  m: LoadedMeeting,
  entryId: string,
  input: PaperScanBody,
  who: Who,
): Promise<{ entryId: string; voter: string; scanId: string }> {
  const meetingId = m.row.id
  const entry = await findPaperEntry(db, meetingId, entryId)
  if (!entry) throw notFound('entry_not_found', 'No such paper entry')
  if (entry.status !== 'awaiting_confirmation')
    throw conflict('entry_not_pending', `This entry is ${entry.status}: its scan can no longer change`)
  await paperScanOf(db, meetingId, input.scanId)
  await db.transaction().execute(async (trx) => {
    const attached = await attachScanToPendingEntry(trx, entryId, input.scanId)
    if (!attached) throw conflict('entry_not_pending', 'This paper entry was confirmed meanwhile')
    await appendAudit(trx, {
      ...who,
      action: 'paper.scan_attached',
      estateId: m.row.estate_id,
      subject: meetingId,
      before: attached.before === null ? null : { entry: entryId, scan: attached.before },
      after: { entry: entryId, voter: entry.voter, scan: input.scanId },
      at: who.now,
    })
  })
  return { entryId, voter: entry.voter, scanId: input.scanId }
}

/**
 * The paper entries, blind: never what either clerk entered. Each says whether it has its scan, whether the
 * asking clerk made it (they may not confirm it) and, for a mismatch, whether the ballot was entered afresh since.
 */
export async function listPaperEntries(db: Db, meetingId: string, actor: string, status?: string) {
  const rows = await listPaperEntryRows(db, meetingId)
  const typed = await typedUnitsOfPaperEntries(db, meetingId)
  const lastOfVoter = new Map<string, string>()
  for (const r of rows) lastOfVoter.set(r.voter, r.id)
  return rows
    .filter((r) => status === undefined || r.status === (status as PaperEntryRow['status']))
    .map(({ enteredBy, ...r }) => ({
      ...r,
      // The flat the first clerk typed (a voter of two flats is one voter, numbered by one of them); null for an
      // entry recorded before it was kept: the desk then names the voter's flats.
      unit: typed.get(r.id) ?? null,
      hasScan: r.scanId !== null,
      enteredByMe: enteredBy === actor,
      reentered: lastOfVoter.get(r.voter) !== r.id,
    }))
}

/**
 * The stack of photos and scans of paper ballots uploaded and not yet matched to an entry (domain §6.3: the second
 * entry is made against its scan): a fact of the server, so a reload or a second clerk's desk sees the same stack.
 * Records are append-only: a photo uploaded by mistake stays listed as unused until it is matched.
 */
export async function unmatchedPaperScans(db: Db, m: LoadedMeeting) {
  return { scans: await unmatchedPaperScanRows(db, m.row.id) }
}

/**
 * The frozen electorate as the paper desk checks a ballot before sending it: each unit and the matters its voter
 * decides (a matter may concern some buildings only). Never names, never choices.
 */
export async function paperElectorate(db: Db, m: LoadedMeeting) {
  const e = await frozenElectorate(db, m)
  const units: { unit: string; voter: string; matters: string[] }[] = []
  for (const v of e.wide.voters) {
    const matters = [...mattersOfVoter(e, v.id)].sort()
    for (const unit of v.units) units.push({ unit, voter: v.id, matters })
  }
  units.sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0))
  return { units }
}

/**
 * What the desk warns of as soon as a unit is typed: its voter already has a valid ballot (by which channel,
 * when), or a paper entry of it awaits its second entry or a fresh entry after a mismatch. Never the choices.
 */
export async function paperUnitStanding(db: Db, m: LoadedMeeting, unit: string) {
  const e = await frozenElectorate(db, m)
  const voter = voterOfUnitIn(e, unit)
  if (!voter) throw notFound('voter_not_found', 'No voter holds this unit in this meeting')
  const { ballot, lastEntry } = await voterPaperStanding(db, m.row.id, voter)
  return {
    unit,
    voter,
    voted: ballot ? { channel: ballot.channel, at: ballot.created_at } : null,
    pending:
      lastEntry?.status === 'awaiting_confirmation' || lastEntry?.status === 'mismatch'
        ? lastEntry.status
        : null,
  }
}
