import { sql, type Kysely } from 'kysely'

// Frozen in time: the roll confirmed as a publication (domain §7.3 (3)) and the estate's documents drafted from
// templates. A published roll version and a published document version are never altered (triggers refuse UPDATE
// and DELETE, like the other append-only tables); an objection names the version it objects to and carries the
// conveners' decision (成立 upheld / 不成立 rejected) beside the answer; a meeting records the version its electorate
// equals when notice is given.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('roll_versions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('estate_id', 'text', (c) => c.notNull().references('estates.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    // The secret under which the version's owners are pseudonymous in its units (as a meeting's salt in a bundle).
    .addColumn('salt', 'text', (c) => c.notNull())
    // The units as a results bundle carries them (owners pseudonymous): what `sha256` is the hash of.
    .addColumn('units_json', 'text', (c) => c.notNull())
    // The units as owners see them: unit, building, kind, area, area source, masked owners.
    .addColumn('published_json', 'text', (c) => c.notNull())
    .addColumn('totals_json', 'text', (c) => c.notNull())
    // The upheld objections this version corrects (a JSON array of ids; [] for none).
    .addColumn('answers_json', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('roll_versions_number', ['estate_id', 'number'])
    .execute()

  await db.schema.alterTable('roll_objections').addColumn('roll_version_id', 'integer').execute()
  await db.schema
    .alterTable('roll_objections')
    .addColumn('decision', 'text', (c) => c.check(sql`decision in ('upheld', 'rejected')`))
    .execute()

  await db.schema
    .createTable('roll_version_uses')
    .addColumn('meeting_id', 'text', (c) => c.primaryKey().references('meetings.id'))
    .addColumn('roll_version_id', 'integer', (c) => c.notNull().references('roll_versions.id'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('roll_version_uses_version')
    .on('roll_version_uses')
    .column('roll_version_id')
    .execute()

  // Documents from templates: a draft a convener edits, and its published versions.
  await db.schema
    .createTable('documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('estate_id', 'text', (c) => c.notNull().references('estates.id'))
    .addColumn('template', 'text', (c) =>
      c
        .notNull()
        .check(sql`template in ('rules_of_procedure', 'management_covenant', 'maintenance_fund_covenant')`),
    )
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('draft_text', 'text', (c) => c.notNull())
    .addColumn('draft_fields_json', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('documents_estate').on('documents').column('estate_id').execute()
  await db.schema
    .createTable('document_versions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('fields_json', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('document_versions_number', ['document_id', 'number'])
    .execute()
  // A meeting's matter decides a document version: when the meeting is final with the matter passed, the settings
  // of a rules-of-procedure version become the estate's.
  await db.schema
    .createTable('matter_documents')
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('matter_id', 'text', (c) => c.notNull())
    .addColumn('document_version_id', 'integer', (c) => c.notNull().references('document_versions.id'))
    .addColumn('linked_by', 'text', (c) => c.notNull())
    .addColumn('linked_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('matter_documents_pk', ['meeting_id', 'matter_id'])
    .execute()
  // The settings an estate adopted from its rules of procedure (the defaults of its meetings from then on).
  await db.schema
    .createTable('estate_settings')
    .addColumn('estate_id', 'text', (c) => c.primaryKey().references('estates.id'))
    .addColumn('settings_json', 'text', (c) => c.notNull())
    .addColumn('document_version_id', 'integer', (c) => c.notNull().references('document_versions.id'))
    .addColumn('adopted_at', 'text', (c) => c.notNull())
    .execute()

  for (const t of ['roll_versions', 'roll_version_uses', 'document_versions'])
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
  await db.schema.dropTable('estate_settings').execute()
  await db.schema.dropTable('matter_documents').execute()
  await db.schema.dropTable('document_versions').execute()
  await db.schema.dropTable('documents').execute()
  await db.schema.dropTable('roll_version_uses').execute()
  await db.schema.alterTable('roll_objections').dropColumn('decision').execute()
  await db.schema.alterTable('roll_objections').dropColumn('roll_version_id').execute()
  await db.schema.dropTable('roll_versions').execute()
}
