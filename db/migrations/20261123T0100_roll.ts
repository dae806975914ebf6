import { sql, type Kysely } from 'kysely'

// Frozen in time: this file never imports application code and is never edited after it ships.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('estates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('count_parking', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`count_parking in (0, 1)`),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('buildings')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('estate_id', 'text', (c) => c.notNull().references('estates.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addUniqueConstraint('buildings_estate_name', ['estate_id', 'name'])
    .execute()

  await db.schema
    .createTable('units')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('estate_id', 'text', (c) => c.notNull().references('estates.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('building_id', 'integer', (c) => c.notNull().references('buildings.id'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('residence', 'shop', 'parking', 'other')`),
    )
    .addColumn('area_cm2', 'integer', (c) =>
      c.notNull().check(sql`typeof(area_cm2) = 'integer' and area_cm2 > 0`),
    )
    .addColumn('area_source', 'text', (c) =>
      c.notNull().check(sql`area_source in ('register', 'survey', 'contract')`),
    )
    .addColumn('developer_held', 'integer', (c) => c.notNull().check(sql`developer_held in (0, 1)`))
    .addUniqueConstraint('units_estate_number', ['estate_id', 'number'])
    .execute()

  await db.schema
    .createTable('owners')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('estate_id', 'text', (c) => c.notNull().references('estates.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('id_last4', 'text', (c) => c.notNull().check(sql`length(id_last4) = 4`))
    .addColumn('phone', 'text', (c) => c.notNull())
    // An owner is identified within an estate by name + last four ID characters (README).
    .addUniqueConstraint('owners_estate_identity', ['estate_id', 'name', 'id_last4'])
    .execute()

  await db.schema
    .createTable('unit_owners')
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id').onDelete('cascade'))
    .addColumn('owner_id', 'integer', (c) => c.notNull().references('owners.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('unit_owners_pk', ['unit_id', 'owner_id'])
    .execute()
  await db.schema.createIndex('unit_owners_owner').on('unit_owners').column('owner_id').execute()

  await db.schema
    .createTable('roll_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('estate_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('running', 'succeeded', 'failed')`))
    .addColumn('mode', 'text')
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('format', 'text')
    .addColumn('total_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('processed_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('errors_json', 'text')
    .addColumn('summary_json', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute()

  await db.schema
    .createTable('roll_snapshots')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('estate_id', 'text', (c) => c.notNull().references('estates.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('units', 'integer', (c) => c.notNull())
    .addColumn('data_json', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('roll_changes')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('estate_id', 'text', (c) => c.notNull().references('estates.id'))
    .addColumn('import_id', 'text')
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addColumn('unit_number', 'text', (c) => c.notNull())
    .addColumn('change', 'text', (c) => c.notNull().check(sql`change in ('added', 'removed', 'modified')`))
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .execute()

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('estate_id', 'text')
    .addColumn('subject', 'text')
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .execute()

  // Append-only records (design.md principle 8): snapshots, roll changes and the audit log are never rewritten.
  for (const table of ['roll_snapshots', 'roll_changes', 'audit_log']) {
    await sql
      .raw(
        `create trigger ${table}_no_update before update on ${table} begin select raise(abort, '${table} is append-only'); end`,
      )
      .execute(db)
    await sql
      .raw(
        `create trigger ${table}_no_delete before delete on ${table} begin select raise(abort, '${table} is append-only'); end`,
      )
      .execute(db)
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'audit_log',
    'roll_changes',
    'roll_snapshots',
    'roll_imports',
    'unit_owners',
    'owners',
    'units',
    'buildings',
    'estates',
  ]) {
    await db.schema.dropTable(t).execute()
  }
}
