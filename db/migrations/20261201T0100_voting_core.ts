import { sql, type Kysely } from 'kysely'

// Frozen in time: the counting period after the close, the time a paper ballot was received, co-owners' named
// representatives, guardians, and the estate's own documents (signed papers behind those records).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // domain §6.1 step 3: online voting ends at the close; paper handed in before it is keyed in during the
  // counting period; the tally runs when it ends or when the conveners declare all paper entered.
  await db.schema.alterTable('meetings').addColumn('voting_closed_at', 'text').execute()
  await db.schema.alterTable('meetings').addColumn('counting_ends_at', 'text').execute()
  await db.schema.alterTable('meetings').addColumn('paper_complete_at', 'text').execute()
  await db.schema.alterTable('meetings').addColumn('paper_complete_by', 'text').execute()
  // The objection period's end, fixed when the preliminary result is published (holidays known then).
  await db.schema.alterTable('meetings').addColumn('objections_end_at', 'text').execute()

  await db.schema.alterTable('paper_entries').addColumn('received_at', 'text').execute()
  await db.schema.alterTable('ballots').addColumn('received_at', 'text').execute()
  // The supersede-only rule, now also covering when the paper was received.
  await sql`drop trigger ballots_only_supersede`.execute(db)
  await sql`create trigger ballots_only_supersede before update on ballots
            when not (old.status = 'valid' and new.status = 'superseded'
                      and new.id = old.id and new.meeting_id = old.meeting_id and new.voter = old.voter
                      and new.channel = old.channel and new.choices_json = old.choices_json
                      and new.nonce = old.nonce and new.receipt = old.receipt and new.cast_by = old.cast_by
                      and new.created_at = old.created_at and old.superseded_at is null
                      and new.received_at is old.received_at)
            begin select raise(abort, 'ballots are append-only'); end`.execute(db)

  // Signed papers an estate keeps beside its roll: a co-owners' nomination, a guardianship document.
  await db.schema
    .createTable('estate_documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('estate_id', 'text', (c) => c.notNull().references('estates.id'))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('representative', 'guardian')`))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('data', 'blob', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  for (const op of ['update', 'delete'])
    await sql
      .raw(
        `create trigger estate_documents_no_${op} before ${op} on estate_documents
         begin select raise(abort, 'estate documents are append-only'); end`,
      )
      .execute(db)

  // 指导规则 art. 25: the co-owners of a unit name one representative who casts its ballot.
  await db.schema
    .createTable('representatives')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('estate_id', 'text', (c) => c.notNull().references('estates.id'))
    .addColumn('unit_number', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'integer', (c) => c.notNull().references('owners.id'))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('convener', 'co_owners')`))
    .addColumn('document_id', 'text', (c) => c.references('estate_documents.id'))
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .addCheckConstraint('representatives_evidence', sql`(source = 'convener') = (document_id is not null)`)
    .execute()
  await sql`create unique index representatives_one_live on representatives (estate_id, unit_number)
            where revoked_at is null`.execute(db)
  await db.schema
    .createTable('representative_nominations')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('estate_id', 'text', (c) => c.notNull().references('estates.id'))
    .addColumn('unit_number', 'text', (c) => c.notNull())
    .addColumn('nominee_owner_id', 'integer', (c) => c.notNull().references('owners.id'))
    .addColumn('by_owner_id', 'integer', (c) => c.notNull().references('owners.id'))
    .addColumn('by_account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('representative_nominations_unit')
    .on('representative_nominations')
    .columns(['estate_id', 'unit_number'])
    .execute()

  // 民法典 arts. 23, 34: a minor or incapacitated owner votes through the legal guardian.
  await db.schema
    .createTable('guardians')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('estate_id', 'text', (c) => c.notNull().references('estates.id'))
    .addColumn('owner_id', 'integer', (c) => c.notNull().references('owners.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('id_last4', 'text', (c) => c.notNull())
    .addColumn('relation', 'text', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.notNull().references('estate_documents.id'))
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .execute()
  await sql`create unique index guardians_one_live on guardians (owner_id) where revoked_at is null`.execute(
    db,
  )
  // The account that acts for an owner is the guardian's once one is recorded: the owner does not vote.
  await db.schema
    .alterTable('accounts')
    .addColumn('guardian_id', 'integer', (c) => c.references('guardians.id'))
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('accounts').dropColumn('guardian_id').execute()
  for (const t of ['guardians', 'representative_nominations', 'representatives', 'estate_documents'])
    await db.schema.dropTable(t).execute()
}
