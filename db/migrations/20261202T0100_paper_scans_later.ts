import { sql, type Kysely } from 'kysely'

// Frozen in time: a paper entry may be keyed before its scan is attached (a volunteer keys a box of ballots, the
// photos follow in a batch), so `paper_entries.scan_id` becomes nullable. SQLite cannot drop a NOT NULL, so the
// table is rebuilt with the same columns and rows. The second entry still needs the scan (domain §6.3: confirmed
// against a scan or photo): the service refuses it, and the trigger below keeps a settled entry's scan as it was.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('paper_entries_new')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('voter', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('paper', 'in_person')`))
    .addColumn('choices_json', 'text', (c) => c.notNull())
    .addColumn('scan_id', 'text', (c) => c.references('attachments.id'))
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
    .addColumn('received_at', 'text')
    .execute()
  await sql`insert into paper_entries_new
              (id, meeting_id, voter, channel, choices_json, scan_id, entered_by, entered_at, status,
               second_choices_json, mismatches_json, confirmed_by, confirmed_at, ballot_id, received_at)
            select id, meeting_id, voter, channel, choices_json, scan_id, entered_by, entered_at, status,
                   second_choices_json, mismatches_json, confirmed_by, confirmed_at, ballot_id, received_at
            from paper_entries`.execute(db)
  await db.schema.dropTable('paper_entries').execute()
  await db.schema.alterTable('paper_entries_new').renameTo('paper_entries').execute()
  await sql`create index paper_entries_meeting on paper_entries (meeting_id, voter)`.execute(db)
  // The scan an entry was confirmed (or flagged) against is evidence: attached or replaced only while the entry
  // awaits its second entry, never afterwards, and never taken away.
  await sql`create trigger paper_entries_scan_settled before update of scan_id on paper_entries
            when old.status <> 'awaiting_confirmation' or new.status <> 'awaiting_confirmation'
                 or new.scan_id is null
            begin select raise(abort, 'the scan of a settled paper entry cannot change'); end`.execute(db)
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger paper_entries_scan_settled`.execute(db)
  await sql`drop index paper_entries_meeting`.execute(db)
}
