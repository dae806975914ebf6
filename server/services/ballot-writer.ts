import type SQLite from 'better-sqlite3'
import { rawSqlite, type Db } from '../../db/client'
import type { ChannelCode } from '../../db/schema'
import { passkeyFailed } from '../auth/passkeys'
import { decide, type ConflictRule, type Decision, type VoteChange } from '../domain/ballot'
import { entryHash, GENESIS_HASH } from './audit'

/**
 * Group commit of ballots (issue 7). Durability first: SQLite runs with synchronous=FULL, so a commit is on disk
 * when it returns — and a ballot is acknowledged only after the commit that holds it. Throughput comes from
 * putting every ballot that arrives while the previous commit is running into the next transaction: one fsync
 * for many ballots, not one each. Each ballot runs in its own savepoint, so one failing does not undo the others.
 *
 * Every ballot write goes through here (online, proxy, paper): one implementation of the decision, the evidence
 * kept for refused submissions and the audit entry.
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
  readonly choicesSha256: string
  readonly nonce: string
  readonly receipt: string
  readonly castBy: string
  readonly role: string
  readonly proxyId: string | null
  readonly paperEntryId: string | null
  readonly credential: {
    readonly id: string
    readonly newCounter: number
    readonly assertionJson: string
  } | null
  /** The ballot's WebAuthn challenge, consumed in the same transaction as the ballot is stored. */
  readonly challenge: string | null
  readonly at: Date
}

interface Job {
  readonly write: BallotWrite
  readonly resolve: (d: Decision) => void
  readonly reject: (e: unknown) => void
}

const MAX_BATCH = 512

export class BallotWriter {
  private queue: Job[] = []
  private running = false
  private readonly stmt

  constructor(
    private readonly db: Db,
    private readonly sqlite: SQLite.Database,
  ) {
    const p = (sql: string) => sqlite.prepare(sql)
    this.stmt = {
      consume: p(
        `delete from webauthn_challenges where challenge = ? and purpose = 'ballot' returning expires_at`,
      ),
      standing: p(`select id, channel from ballots where meeting_id = ? and voter = ? and status = 'valid'`),
      changes: p(
        `select count(*) as n from ballots where meeting_id = ? and voter = ? and status = 'superseded'`,
      ),
      supersede: p(`update ballots set status = 'superseded', superseded_at = ? where id = ?`),
      insert: p(
        `insert into ballots (id, meeting_id, voter, channel, status, refusal, choices_json, nonce, receipt, cast_by,
           proxy_id, paper_entry_id, credential_id, assertion_json, created_at, superseded_at)
         values (@id, @meeting, @voter, @channel, @status, @refusal, @choices, @nonce, @receipt, @castBy,
           @proxy, @paper, @credential, @assertion, @at, null)`,
      ),
      counter: p(`update credentials set counter = ?, last_used_at = ? where id = ?`),
      proxyUsed: p(`update proxies set status = 'used', ended_at = ? where id = ?`),
      proxyCancel: p(
        `update proxies set status = 'cancelled', ended_at = ?, ended_by = ? where meeting_id = ? and voter = ? and status = 'active'`,
      ),
      lastHash: p(`select hash from audit_log order by id desc limit 1`),
      audit: p(
        `insert into audit_log (at, actor, role, action, estate_id, subject, before_json, after_json, prev_hash, hash)
         values (@at, @actor, @role, @action, @estate_id, @subject, @before_json, @after_json, @prev_hash, @hash)`,
      ),
    }
  }

  /** Resolves with the decision once the ballot (or the refused submission, kept as evidence) is on disk. */
  write(w: BallotWrite): Promise<Decision> {
    return new Promise((resolve, reject) => {
      this.queue.push({ write: w, resolve, reject })
      if (!this.running) void this.drain()
    })
  }

  private async drain(): Promise<void> {
    this.running = true
    try {
      while (this.queue.length > 0) {
        // Let the requests already in flight join this batch.
        await new Promise((r) => setImmediate(r))
        const jobs = this.queue.splice(0, MAX_BATCH)
        let outcomes: (Decision | { error: unknown })[] = []
        try {
          // Holding Kysely's connection: no Kysely transaction can be open on it meanwhile.
          await this.db.connection().execute(async () => {
            outcomes = this.sqlite.transaction(() =>
              jobs.map((j) => {
                try {
                  return this.sqlite.transaction(() => this.writeOne(j.write))()
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
          const o = outcomes[i] as Decision | { error: unknown }
          if ('error' in o) j.reject(o.error)
          else j.resolve(o)
        })
      }
    } finally {
      this.running = false
    }
  }

  private writeOne(w: BallotWrite): Decision {
    const at = w.at.toISOString()
    if (w.challenge !== null) {
      // Single use: a racing request with the same signed ballot finds the challenge gone.
      const row = this.stmt.consume.get(w.challenge) as { expires_at: string } | undefined
      if (!row || row.expires_at <= at) throw passkeyFailed()
    }
    const standing = this.stmt.standing.get(w.meeting.id, w.voter) as
      { id: string; channel: ChannelCode } | undefined
    const changes = standing ? (this.stmt.changes.get(w.meeting.id, w.voter) as { n: number }).n : 0
    const decision = decide(
      standing ? { channel: standing.channel, changes } : null,
      w.channel,
      w.meeting.voteChange,
      w.meeting.conflictRule,
    )
    if (decision.action === 'supersede' && standing) this.stmt.supersede.run(at, standing.id)
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
      paper: w.paperEntryId,
      credential: w.credential?.id ?? null,
      assertion: w.credential?.assertionJson ?? null,
      at,
    })
    if (w.credential) this.stmt.counter.run(w.credential.newCounter, at, w.credential.id)
    if (status === 'valid') {
      if (w.proxyId) this.stmt.proxyUsed.run(at, w.proxyId)
      // The owner voting themselves cancels an unused proxy (domain §6.4).
      else this.stmt.proxyCancel.run(at, w.castBy, w.meeting.id, w.voter)
    }
    // The audit entry never holds the choices (nobody sees them before close, domain §2): only their hash.
    const entry = {
      at,
      actor: w.castBy,
      role: w.role,
      action:
        status === 'valid'
          ? decision.action === 'supersede'
            ? 'ballot.changed'
            : 'ballot.cast'
          : 'ballot.refused',
      estate_id: w.meeting.estateId,
      subject: w.meeting.id,
      before_json: null,
      after_json: JSON.stringify({
        ballot: w.id,
        voter: w.voter,
        channel: w.channel,
        receipt: w.receipt,
        choicesSha256: w.choicesSha256,
        ...(decision.action === 'refuse' ? { refusal: decision.code } : {}),
        ...(standing && decision.action === 'supersede' ? { supersedes: standing.id } : {}),
      }),
    }
    const prev = (this.stmt.lastHash.get() as { hash: string } | undefined)?.hash ?? GENESIS_HASH
    this.stmt.audit.run({ ...entry, prev_hash: prev, hash: entryHash(prev, entry) })
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
