import type SQLite from 'better-sqlite3'
import { rawSqlite, type Db } from '../../db/client'
import { syncAuditAppender, type AuditInput } from '../../db/repositories/audit'
import { writerStatements, type WriterStatements } from '../../db/repositories/ballots'
import type { ChannelCode } from '../../db/schema'
import { passkeyFailed } from '../auth/passkeys'
import { decide, samePerson, type ConflictRule, type Decision, type VoteChange } from '../domain/ballot'
import * as lifecycle from '../domain/lifecycle'
import { conflict } from '../errors'
import { lifecycleError } from './meetings'

/**
 * Group commit of ballots. Durability first: SQLite runs with synchronous=FULL, so a commit is on disk when it
 * returns — and a ballot is acknowledged only after the commit that holds it. Throughput comes from putting every
 * ballot that arrives while the previous commit is running into the next transaction: one fsync for many ballots,
 * not one each. Each ballot runs in its own savepoint, so one failing does not undo the others.
 *
 * Every ballot write goes through here (online, proxy, paper), and so do the steps that end voting and store the
 * tally: one queue decides the order, so a ballot is either in the transaction before the close — and then in the
 * bundle — or refused; nothing acknowledged can fall outside the count (domain §6.1 step 3). Each write re-reads
 * the meeting inside the transaction and judges the ballot by the instant its request arrived; the close first
 * waits for the requests that arrived before it (`arrivals`).
 */

export interface BallotWrite {
  readonly id: string
  readonly meeting: {
    readonly id: string
    readonly estateId: string
    readonly voteChange: VoteChange
    readonly conflictRule: ConflictRule
  }
  readonly voter: string
  readonly channel: ChannelCode
  readonly choicesJson: string
  /** SHA-256 of the canonical ballot, which includes its random nonce: the audit log's only trace of the choices. */
  readonly ballotSha256: string
  readonly nonce: string
  readonly receipt: string
  readonly castBy: string
  readonly role: string
  readonly proxyId: string | null
  /** Who casts, for the co-owners' rule (domain §3): the voter's only holder, or its named representative. */
  readonly sole: boolean
  readonly representative: boolean
  /** A paper entry confirmed by this write: marked confirmed (or refused) in the same transaction as the ballot. */
  readonly paperEntry: {
    readonly id: string
    readonly confirmedBy: string
    readonly secondChoicesJson: string
  } | null
  readonly credential: {
    readonly id: string
    readonly newCounter: number
    readonly assertionJson: string
  } | null
  /** The ballot's WebAuthn challenge, consumed in the same transaction as the ballot is stored. */
  readonly challenge: string | null
  /** When the request arrived: the ballot is judged by it, not by when the queue reaches it. */
  readonly at: Date
  /** Paper and in person: when the paper was handed in (must be before the close). */
  readonly receivedAt: Date | null
}

/** The synchronous view of the open transaction given to a task queued behind the ballots. */
export interface WriterTx {
  /** The writer's prepared statements (db/repositories/ballots.ts), run synchronously in this transaction. */
  readonly statements: WriterStatements
  /** Appends an audit entry in this transaction; returns its hash (the chain's new head). */
  audit(input: AuditInput): string
}

type Job =
  | {
      readonly kind: 'ballot'
      readonly write: BallotWrite
      resolve(d: Decision): void
      reject(e: unknown): void
    }
  | { readonly kind: 'task'; run(tx: WriterTx): unknown; resolve(v: unknown): void; reject(e: unknown): void }

const MAX_BATCH = 512

/** How long a close waits for ballots that arrived before it; past it, they are refused, never lost. */
const SETTLE_LIMIT_MS = 30_000

/**
 * Requests that write ballots, registered the moment they arrive: the close of a meeting waits until every one
 * that arrived before the closing instant has reached the writer's queue (or failed).
 */
export class Arrivals {
  private readonly open = new Map<string, Map<number, number>>()
  private readonly waiters = new Set<() => void>()
  private next = 0

  /** Registers a request for a meeting arrived at `at` (epoch ms); call the returned function when it is done. */
  arrive(meetingId: string, at: number): () => void {
    const ticket = this.next++
    let byMeeting = this.open.get(meetingId)
    if (!byMeeting) this.open.set(meetingId, (byMeeting = new Map()))
    byMeeting.set(ticket, at)
    let done = false
    return () => {
      if (done) return
      done = true
      byMeeting.delete(ticket)
      if (byMeeting.size === 0) this.open.delete(meetingId)
      for (const w of [...this.waiters]) w()
    }
  }

  private pending(meetingId: string, before: number): boolean {
    for (const at of this.open.get(meetingId)?.values() ?? []) if (at < before) return true
    return false
  }

  /** Resolves once no request for the meeting that arrived before `before` is still on its way. */
  settle(meetingId: string, before: number, limitMs = SETTLE_LIMIT_MS): Promise<void> {
    if (!this.pending(meetingId, before)) return Promise.resolve()
    return new Promise((resolve) => {
      const check = () => {
        if (this.pending(meetingId, before)) return
        finish()
      }
      const finish = () => {
        clearTimeout(timer)
        this.waiters.delete(check)
        resolve()
      }
      const timer = setTimeout(() => {
        console.warn(`[writer] meeting ${meetingId}: ballots still on their way after ${limitMs} ms`)
        finish()
      }, limitMs)
      timer.unref?.()
      this.waiters.add(check)
    })
  }
}

const ACCOUNT_CHANNELS: readonly ChannelCode[] = ['online', 'proxy']

export class BallotWriter {
  readonly arrivals = new Arrivals()
  private queue: Job[] = []
  private running = false
  private readonly stmt: WriterStatements
  private readonly tx: WriterTx
  private readonly appendAudit: (input: AuditInput) => string

  constructor(
    private readonly db: Db,
    private readonly sqlite: SQLite.Database,
  ) {
    this.stmt = writerStatements(db, sqlite)
    this.appendAudit = syncAuditAppender(db, sqlite)
    this.tx = { statements: this.stmt, audit: this.appendAudit }
  }

  /** Resolves with the decision once the ballot (or the refused submission, kept as evidence) is on disk. */
  write(w: BallotWrite): Promise<Decision> {
    return new Promise((resolve, reject) => {
      this.push({ kind: 'ballot', write: w, resolve, reject })
    })
  }

  /**
   * Runs `run` inside the writer's transaction, after every ballot queued before it, and resolves once its work is
   * on disk. A throw rolls back only this task's own savepoint.
   */
  task<T>(run: (tx: WriterTx) => T): Promise<T> {
    return new Promise((resolve, reject) => {
      this.push({ kind: 'task', run, resolve: resolve as (v: unknown) => void, reject })
    })
  }

  private push(job: Job): void {
    this.queue.push(job)
    if (!this.running) void this.drain()
  }

  private async drain(): Promise<void> {
    this.running = true
    try {
      while (this.queue.length > 0) {
        // Let the requests already in flight join this batch.
        await new Promise((r) => setImmediate(r))
        const jobs = this.queue.splice(0, MAX_BATCH)
        let outcomes: ({ value: unknown } | { error: unknown })[] = []
        try {
          // Holding Kysely's connection: no Kysely transaction can be open on it meanwhile.
          await this.db.connection().execute(async () => {
            outcomes = this.sqlite.transaction(() =>
              jobs.map((j) => {
                try {
                  return {
                    value: this.sqlite.transaction(() =>
                      j.kind === 'ballot' ? this.writeOne(j.write) : j.run(this.tx),
                    )(),
                  }
                } catch (error) {
                  return { error }
                }
              }),
            )()
          })
        } catch (error) {
          for (const j of jobs) j.reject(error)
          continue
        }
        jobs.forEach((j, i) => {
          const o = outcomes[i] as { value: unknown } | { error: unknown }
          if ('error' in o) j.reject(o.error)
          else if (j.kind === 'ballot') j.resolve(o.value as Decision)
          else j.resolve(o.value)
        })
      }
    } finally {
      this.running = false
    }
  }

  /** The meeting as stored now, inside the transaction: the close may have happened since the request read it. */
  private clock(meetingId: string): lifecycle.MeetingClock & { votingClosed: boolean } {
    const row = this.stmt.window.get({ meetingId })
    if (!row) throw new Error(`meeting ${meetingId} missing`)
    const instant = (s: string | null) => (s === null ? null : Date.parse(s))
    return {
      status: row.status,
      opensAt: Date.parse(row.opens_at),
      closesAt: Date.parse(row.closes_at),
      noticedAt: instant(row.noticed_at),
      preliminaryAt: null,
      objectionDays: 0,
      countingEndsAt: instant(row.counting_ends_at),
      paperCompleteAt: instant(row.paper_complete_at),
      votingClosed: row.voting_closed_at !== null,
    }
  }

  private writeOne(w: BallotWrite): Decision {
    const at = w.at.toISOString()
    const clock = this.clock(w.meeting.id)
    const online = ACCOUNT_CHANNELS.includes(w.channel)
    // The window, judged at the request's arrival against the meeting as it stands in this transaction.
    const step = online
      ? clock.votingClosed
        ? ({ ok: false, error: { code: 'meeting_not_open', status: 'counting' } } as const)
        : lifecycle.mayVote(clock, w.at.getTime())
      : lifecycle.mayEnterPaper(clock, w.at.getTime(), (w.receivedAt ?? w.at).getTime())
    if (!step.ok) throw lifecycleError(step.error)
    if (w.challenge !== null) {
      // Single use: a racing request with the same signed ballot finds the challenge gone.
      const row = this.stmt.consumeChallenge.get({ challenge: w.challenge })
      if (!row || row.expires_at <= at) throw passkeyFailed()
    }
    const who = { meetingId: w.meeting.id, voter: w.voter }
    const standing = this.stmt.standing.get(who)
    const changes = standing ? (this.stmt.changes.get(who)?.n ?? 0) : 0
    const decision = decide(
      standing
        ? {
            channel: standing.channel,
            changes,
            samePerson: samePerson(
              { channel: standing.channel, castBy: standing.cast_by },
              { channel: w.channel, castBy: w.castBy, sole: w.sole, representative: w.representative },
            ),
          }
        : null,
      w.channel,
      w.meeting.voteChange,
      w.meeting.conflictRule,
    )
    if (decision.action === 'supersede' && standing) this.stmt.supersede.run({ at, id: standing.id })
    const status = decision.action === 'refuse' ? 'refused' : 'valid'
    this.stmt.insert.run({
      id: w.id,
      meeting: w.meeting.id,
      voter: w.voter,
      channel: w.channel,
      status,
      refusal: decision.action === 'refuse' ? decision.code : null,
      choices: w.choicesJson,
      nonce: w.nonce,
      receipt: w.receipt,
      castBy: w.castBy,
      proxy: w.proxyId,
      paper: w.paperEntry?.id ?? null,
      credential: w.credential?.id ?? null,
      assertion: w.credential?.assertionJson ?? null,
      at,
      receivedAt: w.receivedAt?.toISOString() ?? null,
    })
    if (w.credential) this.stmt.counter.run({ counter: w.credential.newCounter, at, id: w.credential.id })
    if (w.paperEntry) {
      // The confirmation and its ballot in one transaction: never a confirmed entry without its ballot.
      const changed = this.stmt.paperDone.run({
        id: w.paperEntry.id,
        status: status === 'valid' ? 'confirmed' : 'refused',
        second: w.paperEntry.secondChoicesJson,
        by: w.paperEntry.confirmedBy,
        at,
        ballot: w.id,
      })
      if (changed !== 1) throw conflict('entry_not_pending', 'This paper entry was confirmed meanwhile')
    }
    if (status === 'valid') {
      if (w.proxyId) this.stmt.proxyUsed.run({ at, id: w.proxyId })
      // The owner voting themselves cancels an unused proxy (domain §6.4).
      else this.stmt.proxyCancel.run({ at, by: w.castBy, meetingId: w.meeting.id, voter: w.voter })
    }
    // The audit entry never holds the choices (nobody sees them before close, domain §2), nor a hash of the
    // choices alone, which anyone could match by trying the few possible ballots: the hash covers the nonce.
    this.appendAudit({
      actor: w.castBy,
      role: w.role,
      action:
        status === 'valid'
          ? decision.action === 'supersede'
            ? 'ballot.changed'
            : 'ballot.cast'
          : 'ballot.refused',
      estateId: w.meeting.estateId,
      subject: w.meeting.id,
      after: {
        ballot: w.id,
        voter: w.voter,
        channel: w.channel,
        receipt: w.receipt,
        ballotSha256: w.ballotSha256,
        ...(w.receivedAt ? { receivedAt: w.receivedAt.toISOString() } : {}),
        ...(w.paperEntry ? { paperEntry: w.paperEntry.id } : {}),
        ...(decision.action === 'refuse' ? { refusal: decision.code } : {}),
        ...(standing && decision.action === 'supersede' ? { supersedes: standing.id } : {}),
      },
      at: w.at,
    })
    return decision
  }
}

const writers = new WeakMap<Db, BallotWriter>()

/** The writer of a database (one per connection). */
export function ballotWriter(db: Db): BallotWriter {
  let w = writers.get(db)
  if (!w) {
    const sqlite = rawSqlite(db)
    if (!sqlite) throw new Error('ballots need the SQLite connection opened by db/client.ts')
    w = new BallotWriter(db, sqlite)
    writers.set(db, w)
  }
  return w
}
