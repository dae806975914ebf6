import { sql, type Kysely } from 'kysely'

// Frozen in time: forming the first assembly (domain §7) and re-elections (§8). An application to the street
// office with the share it represents; the group the street office forms (筹备组 or 换届小组) with its members and
// their convener grants; the dated steps of the group (member list, first meeting, outcome, seating, filing,
// dissolution) on its row; the re-election handover checklist. One live group per estate.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('formation_applications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('estate_id', 'text', (c) => c.notNull().references('estates.id'))
    .addColumn('applicant', 'text', (c) => c.notNull().check(sql`applicant in ('owners', 'developer')`))
    // The China date the application reached the street office (YYYY-MM-DD).
    .addColumn('applied_on', 'text', (c) => c.notNull())
    .addColumn('units_json', 'text', (c) => c.notNull())
    // The share computed from the roll when it was recorded: exact fractions on both dimensions.
    .addColumn('share_json', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('formation_applications_estate')
    .on('formation_applications')
    .columns(['estate_id', 'recorded_at'])
    .execute()

  await db.schema
    .createTable('formation_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('estate_id', 'text', (c) => c.notNull().references('estates.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('preparatory', 're_election')`))
    .addColumn('application_id', 'text', (c) => c.references('formation_applications.id'))
    .addColumn('first_meeting_days', 'integer', (c) => c.notNull())
    .addColumn('formed_at', 'text', (c) => c.notNull())
    .addColumn('formed_by', 'text', (c) => c.notNull())
    .addColumn('members_published_at', 'text')
    .addColumn('first_meeting_id', 'text', (c) => c.references('meetings.id'))
    .addColumn('first_meeting_matters_json', 'text')
    .addColumn('designated_at', 'text')
    .addColumn('outcome_json', 'text')
    .addColumn('outcome_at', 'text')
    .addColumn('elected_at', 'text')
    .addColumn('seated_on', 'text')
    .addColumn('chair', 'text')
    .addColumn('vice_chair', 'text')
    .addColumn('announced_at', 'text')
    .addColumn('filing_json', 'text')
    .addColumn('filed_at', 'text')
    .addColumn('dissolved_at', 'text')
    .execute()
  // One live group per estate: a second is refused by the service and, under a race, by this index.
  await db.schema
    .createIndex('formation_groups_live')
    .on('formation_groups')
    .column('estate_id')
    .unique()
    .where(sql.ref('dissolved_at'), 'is', null)
    .execute()

  await db.schema
    .createTable('formation_members')
    .addColumn('group_id', 'text', (c) => c.notNull().references('formation_groups.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(sql`kind in ('owner_representative', 'developer', 'street_office', 'residents_committee')`),
    )
    .addColumn('leader', 'integer', (c) => c.notNull())
    .addColumn('unit', 'text')
    .addColumn('phone', 'text')
    .addColumn('account_id', 'text', (c) => c.references('accounts.id'))
    // The convener grant made for the group (null when the account already was a convener of the estate).
    .addColumn('grant_id', 'integer', (c) => c.references('role_grants.id'))
    .addPrimaryKeyConstraint('formation_members_pk', ['group_id', 'position'])
    .execute()

  await db.schema
    .createTable('formation_handover')
    .addColumn('group_id', 'text', (c) => c.notNull().references('formation_groups.id'))
    .addColumn('item', 'text', (c) => c.notNull().check(sql`item in ('records', 'seals', 'roll')`))
    .addColumn('done_on', 'text', (c) => c.notNull())
    .addColumn('marked_by', 'text', (c) => c.notNull())
    .addColumn('marked_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('formation_handover_pk', ['group_id', 'item'])
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('formation_handover').execute()
  await db.schema.dropTable('formation_members').execute()
  await db.schema.dropTable('formation_groups').execute()
  await db.schema.dropTable('formation_applications').execute()
}
