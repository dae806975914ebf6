import { sql, type Kysely } from 'kysely'

// Frozen in time: accounts, passkeys, challenges, sessions, invitations, enrollments and role grants.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('owner', 'staff')`))
    .addColumn('display_name', 'text', (c) => c.notNull())
    // An owner account is one person of the roll; co-owners each have their own account.
    .addColumn('owner_id', 'integer', (c) => c.references('owners.id').unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'text')
    .addCheckConstraint('accounts_owner_link', sql`(kind = 'owner') = (owner_id is not null)`)
    .execute()

  await db.schema
    .createTable('credentials')
    .addColumn('id', 'text', (c) => c.primaryKey()) // base64url credential id
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('public_key', 'blob', (c) => c.notNull())
    .addColumn('counter', 'integer', (c) => c.notNull())
    .addColumn('transports', 'text')
    .addColumn('label', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute()
  await db.schema.createIndex('credentials_account').on('credentials').column('account_id').execute()

  // Single-use challenges, consumed with DELETE … RETURNING (design.md principle 8).
  await db.schema
    .createTable('webauthn_challenges')
    .addColumn('challenge', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('subject', 'text') // the invitation, enrollment or account the ceremony is for
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey()) // the JWT's jti
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('credential_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute()
  await db.schema.createIndex('sessions_account').on('sessions').column('account_id').execute()

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('estate_id', 'text', (c) => c.notNull().references('estates.id'))
    // The voter, by its smallest unit number at issue time; any owner of the voter may activate with it.
    .addColumn('voter_unit', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute()
  await db.schema
    .createIndex('invitations_voter')
    .on('invitations')
    .columns(['estate_id', 'voter_unit'])
    .execute()

  await db.schema
    .createTable('enrollments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute()

  await db.schema
    .createTable('role_grants')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('role', 'text', (c) =>
      c.notNull().check(sql`role in ('admin', 'street_office', 'supervisor', 'convener')`),
    )
    // null only for platform admins
    .addColumn('estate_id', 'text', (c) => c.references('estates.id'))
    .addColumn('granted_by', 'text', (c) => c.notNull())
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .addColumn('revoked_by', 'text')
    .addColumn('revoked_at', 'text')
    .addCheckConstraint('role_grants_scope', sql`(role = 'admin') = (estate_id is null)`)
    .execute()
  await db.schema.createIndex('role_grants_account').on('role_grants').column('account_id').execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'role_grants',
    'enrollments',
    'invitations',
    'sessions',
    'webauthn_challenges',
    'credentials',
    'accounts',
  ]) {
    await db.schema.dropTable(t).execute()
  }
}
