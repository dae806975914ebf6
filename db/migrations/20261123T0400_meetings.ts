import { sql, type Kysely } from 'kysely'

// Frozen in time: meetings, matters, candidates, attachments, ballots over every channel, paper entries, proxies,
// service records, paper-ballot requests, objections and sign-offs.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('estate_id', 'text', (c) => c.notNull().references('estates.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('draft', 'noticed', 'open', 'closed', 'preliminary', 'final')`),
    )
    .addColumn('opens_at', 'text', (c) => c.notNull())
    .addColumn('closes_at', 'text', (c) => c.notNull())
    .addColumn('settings_json', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('noticed_at', 'text')
    .addColumn('snapshot_id', 'integer', (c) => c.references('roll_snapshots.id'))
    // Secret per meeting: owners' ids in the published bundle are HMACs under it (pseudonymous).
    .addColumn('salt', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('results_json', 'text')
    .addColumn('bundle_sha256', 'text')
    .addColumn('audit_head', 'text')
    .addColumn('preliminary_at', 'text')
    .addColumn('final_at', 'text')
    .execute()
  await db.schema.createIndex('meetings_estate').on('meetings').column('estate_id').execute()

  await db.schema
    .createTable('matters')
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('scope_json', 'text')
    .addColumn('participation_json', 'text')
    .addColumn('approval_json', 'text')
    .addColumn('seats', 'integer')
    .addColumn('min_members', 'integer')
    .addColumn('alternates_cap', 'integer')
    .addPrimaryKeyConstraint('matters_pk', ['meeting_id', 'id'])
    .execute()

  await db.schema
    .createTable('candidates')
    .addColumn('meeting_id', 'text', (c) => c.notNull())
    .addColumn('matter_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('owner_id', 'integer', (c) => c.notNull().references('owners.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('photo_id', 'text')
    .addColumn('eligibility_json', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('candidates_pk', ['meeting_id', 'matter_id', 'id'])
    .addForeignKeyConstraint('candidates_matter', ['meeting_id', 'matter_id'], 'matters', [
      'meeting_id',
      'id',
    ])
    .execute()

  await db.schema
    .createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('purpose', 'text', (c) =>
      c.notNull().check(sql`purpose in ('matter', 'candidate_photo', 'paper_scan', 'proxy_document')`),
    )
    .addColumn('ref', 'text')
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('data', 'blob', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('ballots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    // The voter's id in the meeting's frozen electorate (its smallest unit number).
    .addColumn('voter', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) =>
      c.notNull().check(sql`channel in ('online', 'paper', 'proxy', 'in_person')`),
    )
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('valid', 'superseded', 'refused')`))
    .addColumn('refusal', 'text')
    .addColumn('choices_json', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('receipt', 'text', (c) => c.notNull())
    .addColumn('cast_by', 'text', (c) => c.notNull())
    .addColumn('proxy_id', 'text')
    .addColumn('paper_entry_id', 'text')
    .addColumn('credential_id', 'text')
    .addColumn('assertion_json', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('superseded_at', 'text')
    .execute()
  // One valid ballot per voter per meeting, whatever the channel (domain §6.3), guaranteed by the database.
  await sql`create unique index ballots_one_valid on ballots (meeting_id, voter) where status = 'valid'`.execute(
    db,
  )
  // A retried submission (same nonce) is the same ballot: idempotency.
  await sql`create unique index ballots_nonce on ballots (meeting_id, nonce)`.execute(db)
  await sql`create index ballots_meeting on ballots (meeting_id, status)`.execute(db)
  // Nobody changes or deletes a cast ballot; the only update marks a valid ballot superseded (vote change rules).
  await sql`create trigger ballots_no_delete before delete on ballots
            begin select raise(abort, 'ballots are append-only'); end`.execute(db)
  await sql`create trigger ballots_only_supersede before update on ballots
            when not (old.status = 'valid' and new.status = 'superseded'
                      and new.id = old.id and new.meeting_id = old.meeting_id and new.voter = old.voter
                      and new.channel = old.channel and new.choices_json = old.choices_json
                      and new.nonce = old.nonce and new.receipt = old.receipt and new.cast_by = old.cast_by
                      and new.created_at = old.created_at and old.superseded_at is null)
            begin select raise(abort, 'ballots are append-only'); end`.execute(db)

  await db.schema
    .createTable('paper_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('voter', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('paper', 'in_person')`))
    .addColumn('choices_json', 'text', (c) => c.notNull())
    .addColumn('scan_id', 'text', (c) => c.notNull().references('attachments.id'))
    .addColumn('entered_by', 'text', (c) => c.notNull())
    .addColumn('entered_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('awaiting_confirmation', 'confirmed', 'mismatch', 'refused')`),
    )
    .addColumn('second_choices_json', 'text')
    .addColumn('mismatches_json', 'text')
    .addColumn('confirmed_by', 'text')
    .addColumn('confirmed_at', 'text')
    .addColumn('ballot_id', 'text')
    .execute()

  await db.schema
    .createTable('proxies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('voter', 'text', (c) => c.notNull())
    .addColumn('holder_account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('directions_json', 'text')
    .addColumn('document_id', 'text', (c) => c.notNull().references('attachments.id'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('active', 'used', 'revoked', 'cancelled')`),
    )
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('ended_by', 'text')
    .execute()
  await sql`create unique index proxies_one_active on proxies (meeting_id, voter) where status = 'active'`.execute(
    db,
  )

  await db.schema
    .createTable('service_records')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('voter', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) =>
      c.notNull().check(sql`method in ('paper_receipt', 'posted', 'online_signin', 'read_confirmation')`),
    )
    .addColumn('evidence', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute()
  await sql`create unique index service_once on service_records (meeting_id, voter, method)`.execute(db)

  await db.schema
    .createTable('paper_requests')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('voter', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('handled_at', 'text')
    .addColumn('handled_by', 'text')
    .execute()

  await db.schema
    .createTable('objections')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('answered_by', 'text')
    .addColumn('answered_at', 'text')
    .execute()

  await db.schema
    .createTable('signoffs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('approve', 'object')`))
    .addColumn('note', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute()

  for (const t of ['attachments', 'signoffs']) {
    await sql
      .raw(
        `create trigger ${t}_no_update before update on ${t} begin select raise(abort, '${t} are append-only'); end`,
      )
      .execute(db)
    await sql
      .raw(
        `create trigger ${t}_no_delete before delete on ${t} begin select raise(abort, '${t} are append-only'); end`,
      )
      .execute(db)
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'signoffs',
    'objections',
    'paper_requests',
    'service_records',
    'proxies',
    'paper_entries',
    'ballots',
    'attachments',
    'candidates',
    'matters',
    'meetings',
  ]) {
    await db.schema.dropTable(t).execute()
  }
}
