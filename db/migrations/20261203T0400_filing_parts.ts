import { type Kysely } from 'kysely'

// Frozen in time: the parts of the filing package (备案, domain §7.6; 上海 art. 23) that only the street office's
// file holds — each committee member's written undertaking (承诺书: the day it was signed) and the committee's
// training record (date, topic, who attended). Both belong to the committee's term made from the election.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('filing_undertakings')
    // One undertaking per member of a term: the seat's holder signs their own.
    .addColumn('member_id', 'text', (c) => c.primaryKey().references('committee_members.id'))
    .addColumn('term_id', 'text', (c) => c.notNull().references('committee_terms.id'))
    .addColumn('estate_id', 'text', (c) => c.notNull().references('estates.id'))
    // The China date the member signed it (YYYY-MM-DD).
    .addColumn('signed_on', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('filing_undertakings_term')
    .on('filing_undertakings')
    .column('term_id')
    .execute()

  await db.schema
    .createTable('filing_trainings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('term_id', 'text', (c) => c.notNull().references('committee_terms.id'))
    .addColumn('estate_id', 'text', (c) => c.notNull().references('estates.id'))
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    // [{ memberId, name }]: the members who attended, by their seat's record and name at the time.
    .addColumn('attendees_json', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute()
  // The training record of a term: one, as the package files it.
  await db.schema
    .createIndex('filing_trainings_term')
    .on('filing_trainings')
    .column('term_id')
    .unique()
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('filing_trainings').execute()
  await db.schema.dropTable('filing_undertakings').execute()
}
