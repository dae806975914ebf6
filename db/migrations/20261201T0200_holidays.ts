import { sql, type Kysely } from 'kysely'

// Frozen in time: the public-holiday table (domain.md §6.1: "when the last day is a statutory public holiday the
// period ends on the first working day after it — the holiday calendar is data the operator updates each year
// from the State Council's notice"). One row per date: a holiday, or a make-up working day (调休上班日). `year`
// is the notice's year, which is not always the date's: a 元旦 holiday may begin in the previous December.
// The State Council's notices for 2025 and 2026 are written here; later years come through `npm run holidays`.

const SOURCE_2025 = '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）'
const SOURCE_2026 = '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日发布）'

const NOTICES: readonly {
  year: number
  source: string
  holidays: readonly (readonly [name: string, from: string, to: string])[]
  workdays: readonly string[]
}[] = [
  {
    year: 2025,
    source: SOURCE_2025,
    holidays: [
      ['元旦', '2025-01-01', '2025-01-01'],
      ['春节', '2025-01-28', '2025-02-04'],
      ['清明节', '2025-04-04', '2025-04-06'],
      ['劳动节', '2025-05-01', '2025-05-05'],
      ['端午节', '2025-05-31', '2025-06-02'],
      ['国庆节、中秋节', '2025-10-01', '2025-10-08'],
    ],
    workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  {
    year: 2026,
    source: SOURCE_2026,
    holidays: [
      ['元旦', '2026-01-01', '2026-01-03'],
      ['春节', '2026-02-15', '2026-02-23'],
      ['清明节', '2026-04-04', '2026-04-06'],
      ['劳动节', '2026-05-01', '2026-05-05'],
      ['端午节', '2026-06-19', '2026-06-21'],
      ['中秋节', '2026-09-25', '2026-09-27'],
      ['国庆节', '2026-10-01', '2026-10-07'],
    ],
    workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
]

/** The dates from `from` to `to` inclusive (YYYY-MM-DD; calendar arithmetic in UTC, no time zone involved). */
function dates(from: string, to: string): string[] {
  const out: string[] = []
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10))
  return out
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('holidays')
    .addColumn('date', 'text', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('holiday', 'workday')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('holidays_year').on('holidays').column('year').execute()

  const rows = NOTICES.flatMap((n) => [
    ...n.holidays.flatMap(([name, from, to]) =>
      dates(from, to).map((date) => ({ date, year: n.year, kind: 'holiday', name, source: n.source })),
    ),
    ...n.workdays.map((date) => ({
      date,
      year: n.year,
      kind: 'workday',
      name: '调休上班',
      source: n.source,
    })),
  ])
  await db.insertInto('holidays').values(rows).execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('holidays').execute()
}
