import type SQLite from 'better-sqlite3'
import type { Db } from '../client'
import { constant, param, prepareSync } from '../dialect/sqlite'
import type { Insertable, Selectable, Transaction, Updateable } from 'kysely'
import type { ChannelCode, Database, MeetingStatusCode, PaperEntriesTable } from '../schema'

/**
 * The ballot writer's statements (server/services/ballot-writer.ts): every query that stores a ballot, or ends
 * voting and stores the tally, inside the writer's synchronous group-commit transaction. They are Kysely queries,
 * compiled once and prepared on the raw connection (db/dialect/sqlite.ts): portable SQL, run the way only
 * better-sqlite3 can — synchronously, so a batch of ballots is one transaction and one fsync.
 */

/** A meeting's clock as the writer re-reads it inside its transaction. */
export interface MeetingWindowRow {
  readonly status: MeetingStatusCode
  readonly opens_at: string
  readonly closes_at: string
  readonly noticed_at: string | null
  readonly voting_closed_at: string | null
  readonly counting_ends_at: string | null
  readonly paper_complete_at: string | null
}

export interface NewBallot {
  readonly id: string
  readonly meeting: string
  readonly voter: string
  readonly channel: ChannelCode
  readonly status: 'valid' | 'refused'
  readonly refusal: string | null
  readonly choices: string
  readonly nonce: string
  readonly receipt: string
  readonly castBy: string
  readonly proxy: string | null
  readonly paper: string | null
  readonly credential: string | null
  readonly assertion: string | null
  readonly at: string
  readonly receivedAt: string | null
}

/** A valid ballot as the tally reads it. */
export interface BallotLineRow {
  readonly voter: string
  readonly channel: ChannelCode
  readonly receipt: string
  readonly choices_json: string
}

export function writerStatements(db: Db, sqlite: SQLite.Database) {
  const meetingId = param('meetingId')
  const voter = param('voter')
  return {
    window: prepareSync<{ meetingId: string }, MeetingWindowRow>(
      sqlite,
      db
        .selectFrom('meetings')
        .select([
          'status',
          'opens_at',
          'closes_at',
          'noticed_at',
          'voting_closed_at',
          'counting_ends_at',
          'paper_complete_at',
        ])
        .where('id', '=', meetingId),
    ),
    // Deleted as it is read: a challenge is used once.
    consumeChallenge: prepareSync<{ challenge: string }, { expires_at: string }>(
      sqlite,
      db
        .deleteFrom('webauthn_challenges')
        .where('challenge', '=', param('challenge'))
        .where('purpose', '=', constant('ballot'))
        .returning('expires_at'),
    ),
    standing: prepareSync<
      { meetingId: string; voter: string },
      { id: string; channel: ChannelCode; cast_by: string }
    >(
      sqlite,
      db
        .selectFrom('ballots')
        .select(['id', 'channel', 'cast_by'])
        .where('meeting_id', '=', meetingId)
        .where('voter', '=', voter)
        .where('status', '=', constant('valid')),
    ),
    changes: prepareSync<{ meetingId: string; voter: string }, { n: number }>(
      sqlite,
      db
        .selectFrom('ballots')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .where('meeting_id', '=', meetingId)
        .where('voter', '=', voter)
        .where('status', '=', constant('superseded')),
    ),
    supersede: prepareSync<{ at: string; id: string }, never>(
      sqlite,
      db
        .updateTable('ballots')
        .set({ status: constant('superseded'), superseded_at: param('at') })
        .where('id', '=', param('id')),
    ),
    insert: prepareSync<NewBallot, never>(
      sqlite,
      db.insertInto('ballots').values({
        id: param('id'),
        meeting_id: param('meeting'),
        voter: param('voter'),
        channel: param<ChannelCode>('channel'),
        status: param<'valid' | 'refused'>('status'),
        refusal: param('refusal'),
        choices_json: param('choices'),
        nonce: param('nonce'),
        receipt: param('receipt'),
        cast_by: param('castBy'),
        proxy_id: param('proxy'),
        paper_entry_id: param('paper'),
        credential_id: param('credential'),
        assertion_json: param('assertion'),
        created_at: param('at'),
        superseded_at: null,
        received_at: param('receivedAt'),
      }),
    ),
    counter: prepareSync<{ counter: number; at: string; id: string }, never>(
      sqlite,
      db
        .updateTable('credentials')
        .set({ counter: param<number>('counter'), last_used_at: param('at') })
        .where('id', '=', param('id')),
    ),
    proxyUsed: prepareSync<{ at: string; id: string }, never>(
      sqlite,
      db
        .updateTable('proxies')
        .set({ status: constant('used'), ended_at: param('at') })
        .where('id', '=', param('id')),
    ),
    proxyCancel: prepareSync<{ at: string; by: string; meetingId: string; voter: string }, never>(
      sqlite,
      db
        .updateTable('proxies')
        .set({ status: constant('cancelled'), ended_at: param('at'), ended_by: param('by') })
        .where('meeting_id', '=', meetingId)
        .where('voter', '=', voter)
        .where('status', '=', constant('active')),
    ),
    paperDone: prepareSync<
      {
        id: string
        status: 'confirmed' | 'refused'
        second: string
        by: string
        at: string
        ballot: string
      },
      never
    >(
      sqlite,
      db
        .updateTable('paper_entries')
        .set({
          status: param<'confirmed' | 'refused'>('status'),
          second_choices_json: param('second'),
          confirmed_by: param('by'),
          confirmed_at: param('at'),
          ballot_id: param('ballot'),
        })
        .where('id', '=', param('id'))
        .where('status', '=', constant('awaiting_confirmation')),
    ),

    // ---- the close and the tally, queued behind the ballots -------------------------------------------------
    closeClock: prepareSync<
      { meetingId: string },
      { status: MeetingStatusCode; closes_at: string; voting_closed_at: string | null }
    >(
      sqlite,
      db
        .selectFrom('meetings')
        .select(['status', 'closes_at', 'voting_closed_at'])
        .where('id', '=', meetingId),
    ),
    validCountsByChannel: prepareSync<{ meetingId: string }, { channel: ChannelCode; n: number }>(
      sqlite,
      db
        .selectFrom('ballots')
        .select(({ fn }) => ['channel', fn.countAll<number>().as('n')])
        .where('meeting_id', '=', meetingId)
        .where('status', '=', constant('valid'))
        .groupBy('channel'),
    ),
    markVotingClosed: prepareSync<{ closesAt: string; meetingId: string }, never>(
      sqlite,
      db
        .updateTable('meetings')
        .set({ status: constant('open'), voting_closed_at: param('closesAt') })
        .where('id', '=', meetingId),
    ),
    validBallotLines: prepareSync<{ meetingId: string }, BallotLineRow>(
      sqlite,
      db
        .selectFrom('ballots')
        .select(['voter', 'channel', 'receipt', 'choices_json'])
        .where('meeting_id', '=', meetingId)
        .where('status', '=', constant('valid'))
        .orderBy('voter'),
    ),
    unconfirmedPaper: prepareSync<{ meetingId: string }, { n: number }>(
      sqlite,
      db
        .selectFrom('paper_entries')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .where('meeting_id', '=', meetingId)
        .where('status', '=', constant('awaiting_confirmation')),
    ),
    storeTally: prepareSync<
      { closedAt: string; results: string; sha: string; head: string; meetingId: string },
      never
    >(
      sqlite,
      db
        .updateTable('meetings')
        .set({
          status: constant('closed'),
          closed_at: param('closedAt'),
          results_json: param('results'),
          bundle_sha256: param('sha'),
          audit_head: param('head'),
        })
        .where('id', '=', meetingId),
    ),
  }
}

export type WriterStatements = ReturnType<typeof writerStatements>

// ---- reading ballots, and the paper entries of the counting desk ---------------------------------------------------

/** A voter's standing ballot and how many times it has been changed (the writer decides again in its transaction). */
export async function standingBallot(
  db: Db,
  meetingId: string,
  voter: string,
): Promise<{ channel: ChannelCode; castBy: string; changes: number } | undefined> {
  const standing = await db
    .selectFrom('ballots')
    .select(['channel', 'cast_by'])
    .where('meeting_id', '=', meetingId)
    .where('voter', '=', voter)
    .where('status', '=', 'valid')
    .executeTakeFirst()
  if (!standing) return undefined
  const changes = await db
    .selectFrom('ballots')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('meeting_id', '=', meetingId)
    .where('voter', '=', voter)
    .where('status', '=', 'superseded')
    .executeTakeFirstOrThrow()
  return { channel: standing.channel, castBy: standing.cast_by, changes: Number(changes.n) }
}

/** The ballot stored with this nonce, if any: a retried submission of the same signed ballot finds it. */
export function ballotByNonce(db: Db, meetingId: string, nonce: string) {
  return db
    .selectFrom('ballots')
    .select(['id', 'receipt', 'voter', 'channel', 'created_at', 'cast_by', 'status', 'refusal'])
    .where('meeting_id', '=', meetingId)
    .where('nonce', '=', nonce)
    .executeTakeFirst()
}

export type PaperEntryRow = Selectable<PaperEntriesTable>

/** An entry of a voter still awaiting its second entry, if any (read in the transaction that adds one). */
export async function pendingPaperEntry(
  trx: Transaction<Database>,
  meetingId: string,
  voter: string,
): Promise<string | undefined> {
  const row = await trx
    .selectFrom('paper_entries')
    .select('id')
    .where('meeting_id', '=', meetingId)
    .where('voter', '=', voter)
    .where('status', '=', 'awaiting_confirmation')
    .executeTakeFirst()
  return row?.id
}

export async function insertPaperEntry(
  trx: Transaction<Database>,
  row: Insertable<PaperEntriesTable>,
): Promise<void> {
  await trx.insertInto('paper_entries').values(row).execute()
}

export function findPaperEntry(db: Db, meetingId: string, id: string): Promise<PaperEntryRow | undefined> {
  return db
    .selectFrom('paper_entries')
    .selectAll()
    .where('id', '=', id)
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst()
}

/** Marks an entry that is still awaiting confirmation; whether it was (a second clerk may have been quicker). */
export async function settlePendingPaperEntry(
  trx: Transaction<Database>,
  id: string,
  set: Updateable<PaperEntriesTable>,
): Promise<boolean> {
  const r = await trx
    .updateTable('paper_entries')
    .set(set)
    .where('id', '=', id)
    .where('status', '=', 'awaiting_confirmation')
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

/**
 * Attaches (or, before the second entry, replaces) the scan of an entry still awaiting its second entry; the scan it
 * had before, if any, or false when the entry was settled meanwhile (a trigger also refuses it then).
 */
export async function attachScanToPendingEntry(
  trx: Transaction<Database>,
  id: string,
  scanId: string,
): Promise<{ before: string | null } | false> {
  const row = await trx
    .selectFrom('paper_entries')
    .select(['scan_id', 'status'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (row?.status !== 'awaiting_confirmation') return false
  await trx
    .updateTable('paper_entries')
    .set({ scan_id: scanId })
    .where('id', '=', id)
    .where('status', '=', 'awaiting_confirmation')
    .execute()
  return { before: row.scan_id }
}

/** One voter's standing in the paper desk: a valid ballot's channel and time, and whether an entry awaits. */
export async function voterPaperStanding(db: Db, meetingId: string, voter: string) {
  const ballot = await db
    .selectFrom('ballots')
    .select(['channel', 'created_at'])
    .where('meeting_id', '=', meetingId)
    .where('voter', '=', voter)
    .where('status', '=', 'valid')
    .executeTakeFirst()
  const last = await db
    .selectFrom('paper_entries')
    .select(['status', 'scan_id'])
    .where('meeting_id', '=', meetingId)
    .where('voter', '=', voter)
    .orderBy('entered_at', 'desc')
    .executeTakeFirst()
  return { ballot, lastEntry: last }
}

/** The paper entries of a meeting in the order keyed in, blind: never what the first clerk entered. */
export async function listPaperEntryRows(db: Db, meetingId: string, status?: PaperEntryRow['status']) {
  let q = db
    .selectFrom('paper_entries')
    .select([
      'id',
      'voter',
      'channel',
      'scan_id',
      'entered_by',
      'entered_at',
      'status',
      'mismatches_json',
      'confirmed_by',
    ])
    .where('meeting_id', '=', meetingId)
  if (status) q = q.where('status', '=', status)
  const rows = await q.orderBy('entered_at').execute()
  return rows.map((r) => ({
    id: r.id,
    voter: r.voter,
    channel: r.channel,
    scanId: r.scan_id,
    enteredBy: r.entered_by,
    enteredAt: r.entered_at,
    status: r.status,
    mismatches: r.mismatches_json ? (JSON.parse(r.mismatches_json) as string[]) : [],
    confirmedBy: r.confirmed_by,
  }))
}

/** A meeting's valid ballots as the tally reads them, by voter. */
export function validBallotLinesOf(db: Db, meetingId: string): Promise<BallotLineRow[]> {
  return db
    .selectFrom('ballots')
    .select(['voter', 'channel', 'receipt', 'choices_json'])
    .where('meeting_id', '=', meetingId)
    .where('status', '=', 'valid')
    .orderBy('voter')
    .execute()
}

/** The voters of a meeting with a valid ballot. */
export async function votersWhoVoted(db: Db, meetingId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('ballots')
    .select('voter')
    .where('meeting_id', '=', meetingId)
    .where('status', '=', 'valid')
    .execute()
  return new Set(rows.map((b) => b.voter))
}

/** Every paper entry's voter and status, in the order keyed in (a later entry of a voter follows an earlier). */
export function paperEntryStatuses(db: Db, meetingId: string) {
  return db
    .selectFrom('paper_entries')
    .select(['voter', 'status', 'entered_at'])
    .where('meeting_id', '=', meetingId)
    .orderBy('entered_at')
    .execute()
}

/**
 * A meeting's photos and scans of paper ballots (attachments, purpose paper_scan) that no paper entry uses: a stack
 * uploaded at once and matched to entries afterwards, kept on the server so a reload or a second clerk's desk sees
 * it too. Newest first, with the name of who uploaded each; never the bytes.
 */
export async function unmatchedPaperScanRows(db: Db, meetingId: string) {
  const rows = await db
    .selectFrom('attachments')
    .select(['id', 'file_name', 'mime', 'size', 'created_by', 'created_at'])
    .where('meeting_id', '=', meetingId)
    .where('purpose', '=', 'paper_scan')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('paper_entries')
            .select('paper_entries.id')
            .where('paper_entries.meeting_id', '=', meetingId)
            .whereRef('paper_entries.scan_id', '=', 'attachments.id'),
        ),
      ),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
  const ids = [...new Set(rows.map((r) => r.created_by))]
    .filter((a) => a.startsWith('account:'))
    .map((a) => a.slice('account:'.length))
  const names = new Map<string, string>(
    ids.length === 0
      ? []
      : (await db.selectFrom('accounts').select(['id', 'display_name']).where('id', 'in', ids).execute()).map(
          (a) => [`account:${a.id}`, a.display_name] as const,
        ),
  )
  return rows.map((r) => ({
    id: r.id,
    fileName: r.file_name,
    mime: r.mime,
    size: r.size,
    uploadedAt: r.created_at,
    uploadedBy: names.get(r.created_by) ?? null,
  }))
}

/**
 * The unit the first clerk typed for each paper entry of a meeting, as its audit entry records it (`paper.entered`):
 * a voter of two flats is one voter, and the paper is for the flat typed. Entries recorded before the unit was
 * kept there have none.
 */
export async function typedUnitsOfPaperEntries(db: Db, meetingId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('audit_log')
    .select('after_json')
    .where('action', '=', 'paper.entered')
    .where('subject', '=', meetingId)
    .execute()
  const out = new Map<string, string>()
  for (const r of rows) {
    if (r.after_json === null) continue
    const after = JSON.parse(r.after_json) as { entry?: unknown; unit?: unknown }
    if (typeof after.entry === 'string' && typeof after.unit === 'string') out.set(after.entry, after.unit)
  }
  return out
}
