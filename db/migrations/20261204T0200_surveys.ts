import { sql, type Kysely } from 'kysely'

// Frozen in time: property-service satisfaction surveys (domain §10). A survey freezes its electorate (the estate's
// voters when it is created). Its responses are anonymous (domain §12): a response row holds the survey, a random
// receipt code (its primary key) and the answers — no voter, no unit, no account, no time, and not the voter's area
// either, which the public roll would match to a unit — in a WITHOUT ROWID table, so that not even the order of
// insertion is kept beside it. The area shares come from totals per item and mark, to which each response adds its
// area as it is stored. Who responded is a separate row per voter (survey, voter, channel, time), unique per
// survey and voter: one response per voter, also under concurrent submissions. The three are written in one
// transaction; responses and who responded are never altered.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('surveys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('estate_id', 'text', (c) => c.notNull().references('estates.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('questionnaire_json', 'text', (c) => c.notNull())
    .addColumn('settings_json', 'text', (c) => c.notNull())
    // China dates (YYYY-MM-DD): the survey opens at 00:00 of the first and closes at 24:00 of the last.
    .addColumn('opens_on', 'text', (c) => c.notNull())
    .addColumn('closes_on', 'text', (c) => c.notNull())
    .addColumn('opens_at', 'text', (c) => c.notNull())
    .addColumn('closes_at', 'text', (c) => c.notNull())
    // The voters (id, area, roll owner ids) and their totals, frozen at creation.
    .addColumn('electorate_json', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'noticed')`))
    .addColumn('noticed_at', 'text')
    .addColumn('noticed_by', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('surveys_estate').on('surveys').column('estate_id').execute()

  await db.schema
    .createTable('survey_responses')
    .addColumn('receipt', 'text', (c) => c.primaryKey())
    .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id'))
    .addColumn('answers_json', 'text', (c) => c.notNull())
    .modifyEnd(sql`without rowid`)
    .execute()
  await db.schema.createIndex('survey_responses_survey').on('survey_responses').column('survey_id').execute()

  await db.schema
    .createTable('survey_tallies')
    .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id'))
    .addColumn('dimension', 'text', (c) => c.notNull())
    .addColumn('mark', 'integer', (c) => c.notNull())
    .addColumn('heads', 'integer', (c) => c.notNull())
    .addColumn('area_cm2', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('survey_tallies_pk', ['survey_id', 'dimension', 'mark'])
    .execute()

  await db.schema
    .createTable('survey_responded')
    .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id'))
    .addColumn('voter', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('online', 'paper')`))
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('survey_responded_pk', ['survey_id', 'voter'])
    .execute()

  // Service of the survey's notice per voter (domain §6.5): paper (a signed receipt), posted, or the owner's own
  // first reading of it online.
  await db.schema
    .createTable('survey_service')
    .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id'))
    .addColumn('voter', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('paper', 'posted', 'read')`))
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('survey_service_pk', ['survey_id', 'voter', 'method'])
    .execute()

  for (const t of ['survey_responses', 'survey_responded', 'survey_service'])
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
  await db.schema.dropTable('survey_service').execute()
  await db.schema.dropTable('survey_responded').execute()
  await db.schema.dropTable('survey_tallies').execute()
  await db.schema.dropTable('survey_responses').execute()
  await db.schema.dropTable('surveys').execute()
}
