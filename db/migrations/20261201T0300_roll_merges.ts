import { sql, type Kysely } from 'kysely'

// Frozen in time: this file never imports application code and is never edited after it ships.
//
// Owner merges the convener must confirm (domain.md §3 "Owner identity"): an import that finds rows naming one
// owner with different phones ends `needs_confirmation`, writing nothing, and the warnings (phones masked) with
// their confirmation token are kept in `merges_json` — also on the import that was confirmed. SQLite cannot alter
// a CHECK constraint, so the table is rebuilt; nothing references roll_imports, and it has no index or trigger.

const COLUMNS = [
  'id',
  'estate_id',
  'status',
  'mode',
  'file_name',
  'format',
  'total_rows',
  'processed_rows',
  'phase',
  'errors_json',
  'summary_json',
  'actor',
  'created_at',
  'finished_at',
].join(', ')

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function createImports(db: Kysely<any>, name: string, statuses: string, merges: boolean) {
  let table = db.schema
    .createTable(name)
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('estate_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql.raw(`status in (${statuses})`)))
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
  if (merges) table = table.addColumn('merges_json', 'text')
  await table.execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await createImports(db, 'roll_imports_new', `'running', 'succeeded', 'failed', 'needs_confirmation'`, true)
  await sql.raw(`insert into roll_imports_new (${COLUMNS}) select ${COLUMNS} from roll_imports`).execute(db)
  await db.schema.dropTable('roll_imports').execute()
  await db.schema.alterTable('roll_imports_new').renameTo('roll_imports').execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await createImports(db, 'roll_imports_old', `'running', 'succeeded', 'failed'`, false)
  // An import that awaited confirmation wrote nothing: before this migration it would have been a failure.
  await sql
    .raw(
      `insert into roll_imports_old (${COLUMNS}) select ${COLUMNS.replace(
        'status',
        `case status when 'needs_confirmation' then 'failed' else status end`,
      )} from roll_imports`,
    )
    .execute(db)
  await db.schema.dropTable('roll_imports').execute()
  await db.schema.alterTable('roll_imports_old').renameTo('roll_imports').execute()
}
