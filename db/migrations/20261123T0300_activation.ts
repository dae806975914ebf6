import { sql, type Kysely } from 'kysely'

// Frozen in time: invitation attempt counting and per-owner activations.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Wrong name or ID digits against a real code count here; at the limit the code is locked until re-issued.
  await db.schema
    .alterTable('invitations')
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.alterTable('invitations').addColumn('locked_at', 'text').execute()
  await db.schema.alterTable('invitations').addColumn('revoked_by', 'text').execute()

  // Each co-owner activates once per code; a re-issued code lets them add a device or recover.
  await db.schema
    .createTable('invitation_activations')
    .addColumn('invitation_id', 'text', (c) => c.notNull().references('invitations.id'))
    .addColumn('owner_id', 'integer', (c) => c.notNull().references('owners.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('credential_id', 'text', (c) => c.notNull())
    .addColumn('activated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('invitation_activations_pk', ['invitation_id', 'owner_id'])
    .execute()

  await db.schema.alterTable('credentials').addColumn('revoked_by', 'text').execute()
  await db.schema.alterTable('enrollments').addColumn('created_by', 'text').execute()
  await db.schema.alterTable('enrollments').addColumn('revoked_at', 'text').execute()

  // At most one live (unrevoked) grant of a role per account and estate.
  await sql`create unique index role_grants_live on role_grants (account_id, role, coalesce(estate_id, ''))
            where revoked_at is null`.execute(db)
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index role_grants_live`.execute(db)
  await db.schema.dropTable('invitation_activations').execute()
  for (const [t, c] of [
    ['enrollments', 'revoked_at'],
    ['enrollments', 'created_by'],
    ['credentials', 'revoked_by'],
    ['invitations', 'revoked_by'],
    ['invitations', 'locked_at'],
    ['invitations', 'failed_attempts'],
  ] as const) {
    await db.schema.alterTable(t).dropColumn(c).execute()
  }
}
