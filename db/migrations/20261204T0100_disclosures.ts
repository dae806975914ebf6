import { sql, type Kysely } from 'kysely'

// Frozen in time: disclosures (信息公开, domain §9). A disclosure is one publication of a kind for a period (or
// none), public or for the estate's owners; its versions are immutable once published — a correction is a new
// version with its reason — and the draft being edited lives on the disclosure row. Attachments, owners' first
// reads of a version, paper service, questions and their public answers are append-only records. Per-estate
// settings change a periodic kind's period and grace.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const kinds = `'rules_of_procedure', 'management_covenant', 'maintenance_fund_covenant', 'decisions',
    'property_contract', 'maintenance_fund', 'common_income', 'parking', 'working_funds', 'audit', 'fee_payment',
    'other'`
  await db.schema
    .createTable('disclosures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('estate_id', 'text', (c) => c.notNull().references('estates.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql.raw(`kind in (${kinds})`)))
    .addColumn('period_start', 'text')
    .addColumn('period_end', 'text')
    .addColumn('visibility', 'text', (c) => c.notNull().check(sql`visibility in ('public', 'owners')`))
    // What the disclosure was made from, once each ('committee_meeting:<id>', 'meeting:<id>'); null when typed in.
    .addColumn('source', 'text', (c) => c.unique())
    // A decision's instant (the decisions kind): it is due within 3 days of it.
    .addColumn('decided_at', 'text')
    // The draft being edited (title, body, statement, facts, attachment ids) as JSON; null when none is open.
    .addColumn('draft_json', 'text')
    .addColumn('draft_updated_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('disclosures_estate').on('disclosures').columns(['estate_id', 'kind']).execute()

  await db.schema
    .createTable('disclosure_versions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('disclosure_id', 'text', (c) => c.notNull().references('disclosures.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // The money kinds' Statement (server/domain/statements.ts), canonical JSON; null for the other kinds.
    .addColumn('statement_json', 'text')
    // A property contract's facts (company, term, standard, fees in fen, hotline); null for the other kinds.
    .addColumn('facts_json', 'text')
    // The attachments as the version names them: id, name, type, size, SHA-256 (part of the version's hash).
    .addColumn('attachments_json', 'text', (c) => c.notNull())
    // Why a correction was made; '' for the first version only.
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('disclosure_versions_number', ['disclosure_id', 'number'])
    .execute()

  await db.schema
    .createTable('disclosure_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('disclosure_id', 'text', (c) => c.notNull().references('disclosures.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('data', 'blob', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('disclosure_attachments_disclosure')
    .on('disclosure_attachments')
    .column('disclosure_id')
    .execute()

  // Reads are service evidence (domain §9): the first open of a version by an owner account, per voter it acts for.
  await db.schema
    .createTable('disclosure_reads')
    .addColumn('version_id', 'integer', (c) => c.notNull().references('disclosure_versions.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('voter_id', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('disclosure_reads_pk', ['version_id', 'account_id', 'voter_id'])
    .execute()

  await db.schema
    .createTable('disclosure_paper_services')
    .addColumn('version_id', 'integer', (c) => c.notNull().references('disclosure_versions.id'))
    .addColumn('voter_id', 'text', (c) => c.notNull())
    // The China date the paper copy was handed over or posted, and who did it.
    .addColumn('served_on', 'text', (c) => c.notNull())
    .addColumn('served_by', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('disclosure_paper_services_pk', ['version_id', 'voter_id'])
    .execute()

  await db.schema
    .createTable('disclosure_questions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('disclosure_id', 'text', (c) => c.notNull().references('disclosures.id'))
    // The version asked about; null: the disclosure as a whole.
    .addColumn('version_number', 'integer')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('asked_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('disclosure_questions_disclosure')
    .on('disclosure_questions')
    .column('disclosure_id')
    .execute()
  await db.schema
    .createTable('disclosure_answers')
    .addColumn('question_id', 'text', (c) => c.primaryKey().references('disclosure_questions.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('answered_by', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('disclosure_settings')
    .addColumn('estate_id', 'text', (c) => c.notNull().references('estates.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql.raw(`kind in (${kinds})`)))
    .addColumn('period_months', 'integer', (c) => c.check(sql`period_months in (1, 3, 6, 12)`))
    .addColumn('grace_days', 'integer')
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('disclosure_settings_pk', ['estate_id', 'kind'])
    .execute()

  for (const t of [
    'disclosure_versions',
    'disclosure_attachments',
    'disclosure_reads',
    'disclosure_paper_services',
    'disclosure_questions',
    'disclosure_answers',
  ])
    for (const op of ['update', 'delete'])
      await sql
        .raw(
          `create trigger ${t}_no_${op} before ${op} on ${t}
           begin select raise(abort, '${t} are append-only'); end`,
        )
        .execute(db)
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'disclosure_settings',
    'disclosure_answers',
    'disclosure_questions',
    'disclosure_paper_services',
    'disclosure_reads',
    'disclosure_attachments',
    'disclosure_versions',
    'disclosures',
  ])
    await db.schema.dropTable(t).execute()
}
