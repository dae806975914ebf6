import { sql, type Kysely } from 'kysely'

// Frozen in time: oversight across estates (domain §11). A district (区) holds street offices (街道), a street
// office holds estates; an account is granted a street office's estates (street_office) or a district's
// (district_office) by an admin — grants of an area, beside the per-estate grants of role_grants. Each estate's
// facts for oversight (committee, formation, disclosures due, latest survey, meetings, filings) are kept as they
// were last gathered, with the audit entry they were gathered at: they are gathered again only once the estate's
// records changed since (a newer audit entry of the estate) or the China day changed, so that a page over
// thousands of estates reads kept rows instead of every estate's records.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('districts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    // The district's own criteria of "operating to standard" and its targets (null: the defaults).
    .addColumn('settings_json', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('street_offices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('district_id', 'text', (c) => c.notNull().references('districts.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('street_offices_district').on('street_offices').column('district_id').execute()
  await db.schema
    .createTable('estate_areas')
    .addColumn('estate_id', 'text', (c) => c.primaryKey().references('estates.id'))
    .addColumn('street_office_id', 'text', (c) => c.notNull().references('street_offices.id'))
    // Whether the estate may form an assembly (北京: ≥ 50% of the area delivered): the formation rate's pool.
    .addColumn('formation_eligible', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`formation_eligible in (0, 1)`),
    )
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('estate_areas_office').on('estate_areas').column('street_office_id').execute()
  await db.schema
    .createTable('area_grants')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('street_office', 'district_office')`))
    .addColumn('street_office_id', 'text', (c) => c.references('street_offices.id'))
    .addColumn('district_id', 'text', (c) => c.references('districts.id'))
    .addColumn('granted_by', 'text', (c) => c.notNull())
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .addColumn('revoked_by', 'text')
    .addColumn('revoked_at', 'text')
    .addCheckConstraint(
      'area_grants_scope',
      sql`(role = 'street_office' and street_office_id is not null and district_id is null)
        or (role = 'district_office' and district_id is not null and street_office_id is null)`,
    )
    .execute()
  await db.schema.createIndex('area_grants_account').on('area_grants').column('account_id').execute()
  await db.schema
    .createTable('estate_oversight')
    .addColumn('estate_id', 'text', (c) => c.primaryKey().references('estates.id'))
    .addColumn('facts_json', 'text', (c) => c.notNull())
    // The estate's latest audit entry when the facts were gathered (0: none yet).
    .addColumn('audit_id', 'integer', (c) => c.notNull())
    .addColumn('gathered_on', 'text', (c) => c.notNull())
    .addColumn('gathered_at', 'text', (c) => c.notNull())
    .execute()
  // Each district's figures as last recorded in each month (YYYY-MM), for the chart over 12 months.
  await db.schema
    .createTable('oversight_months')
    .addColumn('district_id', 'text', (c) => c.notNull().references('districts.id'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('figures_json', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('oversight_months_pk', ['district_id', 'month'])
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'oversight_months',
    'estate_oversight',
    'area_grants',
    'estate_areas',
    'street_offices',
    'districts',
  ])
    await db.schema.dropTable(t).execute()
}
