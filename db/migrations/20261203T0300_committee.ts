import { sql, type Kysely } from 'kysely'

// Frozen in time: the owners' committee after its election (domain §8) — its terms (届) with seats and ranked
// alternates, committee meetings with their agenda, attendance and members' passkey-signed votes, and the notices
// it publishes (members, resolutions and minutes, vacancies filled), which are never edited.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('committee_terms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('estate_id', 'text', (c) => c.notNull().references('estates.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('matter_id', 'text', (c) => c.notNull())
    .addColumn('elected_at', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('seats', 'integer', (c) => c.notNull())
    .addColumn('min_term_years', 'integer', (c) => c.notNull())
    .addColumn('max_term_years', 'integer', (c) => c.notNull())
    .addColumn('reminder_months', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('early_reelection_at', 'text')
    .addUniqueConstraint('committee_terms_number', ['estate_id', 'number'])
    .addUniqueConstraint('committee_terms_election', ['meeting_id', 'matter_id'])
    .execute()

  await db.schema
    .createTable('committee_members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('term_id', 'text', (c) => c.notNull().references('committee_terms.id'))
    .addColumn('seat', 'integer', (c) => c.notNull())
    .addColumn('owner_id', 'integer', (c) => c.notNull().references('owners.id'))
    .addColumn('unit_number', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('elected', 'alternate')`))
    .addColumn('election_rank', 'integer', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('chair', 'vice_chair', 'member')`))
    .addColumn('seated_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('end_reason', 'text', (c) =>
      c.check(sql`end_reason is null or end_reason in ('resigned', 'lost_ownership', 'removed')`),
    )
    .addColumn('end_on', 'text')
    .addColumn('end_ref', 'text')
    .execute()
  // One sitting member per seat.
  await sql`create unique index committee_members_one_per_seat on committee_members (term_id, seat)
            where ended_at is null`.execute(db)

  await db.schema
    .createTable('committee_alternates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('term_id', 'text', (c) => c.notNull().references('committee_terms.id'))
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('owner_id', 'integer', (c) => c.notNull().references('owners.id'))
    .addColumn('unit_number', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('waiting', 'seated', 'lapsed')`))
    .addColumn('changed_at', 'text')
    .addUniqueConstraint('committee_alternates_rank', ['term_id', 'rank'])
    .execute()

  await db.schema
    .createTable('committee_meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('term_id', 'text', (c) => c.notNull().references('committee_terms.id'))
    .addColumn('estate_id', 'text', (c) => c.notNull().references('estates.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('held_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('scheduled', 'closed')`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text')
    .execute()

  await db.schema
    .createTable('committee_items')
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('committee_meetings.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('resolution', 'elect_officers')`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('officers_json', 'text')
    .addColumn('outcome', 'text', (c) =>
      c.check(sql`outcome is null or outcome in ('passed', 'rejected', 'below_half')`),
    )
    .addColumn('count_json', 'text')
    .addPrimaryKeyConstraint('committee_items_pk', ['meeting_id', 'id'])
    .execute()

  await db.schema
    .createTable('committee_attendance')
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('committee_meetings.id'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('committee_members.id'))
    .addColumn('present', 'integer', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('committee_attendance_pk', ['meeting_id', 'member_id'])
    .execute()

  // A member's vote, confirmed with their passkey over the vote's hash: kept with the assertion, never changed.
  await db.schema
    .createTable('committee_votes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('committee_meetings.id'))
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull().references('committee_members.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('choice', 'text', (c) => c.notNull().check(sql`choice in ('for', 'against', 'abstain')`))
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('credential_id', 'text', (c) => c.notNull())
    .addColumn('assertion_json', 'text', (c) => c.notNull())
    .addColumn('cast_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('committee_votes_once', ['meeting_id', 'item_id', 'member_id'])
    .execute()

  await db.schema
    .createTable('committee_notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('estate_id', 'text', (c) => c.notNull().references('estates.id'))
    .addColumn('term_id', 'text', (c) => c.notNull().references('committee_terms.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('members', 'resolutions', 'vacancy')`))
    .addColumn('committee_meeting_id', 'text', (c) => c.references('committee_meetings.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body_json', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.notNull())
    .execute()
  // One publication of a committee meeting's resolutions and minutes.
  await sql`create unique index committee_notices_one_per_meeting on committee_notices (committee_meeting_id)
            where committee_meeting_id is not null`.execute(db)

  for (const [table, what] of [
    ['committee_votes', 'committee votes are final once confirmed'],
    ['committee_notices', 'published notices are never edited'],
  ] as const)
    for (const op of ['update', 'delete'])
      await sql
        .raw(
          `create trigger ${table}_no_${op} before ${op} on ${table}
           begin select raise(abort, '${what}'); end`,
        )
        .execute(db)
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'committee_notices',
    'committee_votes',
    'committee_attendance',
    'committee_items',
    'committee_meetings',
    'committee_alternates',
    'committee_members',
    'committee_terms',
  ])
    await db.schema.dropTable(t).execute()
}
