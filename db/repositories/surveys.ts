import type { Insertable, Transaction } from 'kysely'
import type { Db } from '../client'
import type {
  Database,
  SurveyRespondedTable,
  SurveyResponsesTable,
  SurveyRow,
  SurveyServiceTable,
  SurveysTable,
  SurveyTalliesTable,
} from '../schema'

/**
 * Satisfaction surveys (domain §10) and their responses. Anonymity (domain §12) is kept here by what is never
 * written: no query names who responded together with the responses or their totals — a response is read by its
 * survey only, the totals by survey, who responded by survey and voter — and tests/integration/surveys.test.ts
 * scans this file for one that does.
 */

export async function insertSurvey(trx: Transaction<Database>, row: SurveysTable): Promise<void> {
  await trx.insertInto('surveys').values(row).execute()
}

export async function surveyOf(db: Db, estateId: string, id: string): Promise<SurveyRow | undefined> {
  return db
    .selectFrom('surveys')
    .selectAll()
    .where('estate_id', '=', estateId)
    .where('id', '=', id)
    .executeTakeFirst()
}

/** The estate's surveys, the latest window first. */
export async function surveysOf(db: Db, estateId: string): Promise<SurveyRow[]> {
  return db
    .selectFrom('surveys')
    .selectAll()
    .where('estate_id', '=', estateId)
    .orderBy('closes_at', 'desc')
    .orderBy('created_at', 'desc')
    .execute()
}

/** Edits a draft; false when it is no longer a draft (read and written in one statement). */
export async function updateSurveyDraft(
  trx: Transaction<Database>,
  id: string,
  set: Pick<
    SurveysTable,
    'title' | 'questionnaire_json' | 'settings_json' | 'opens_on' | 'closes_on' | 'opens_at' | 'closes_at'
  > & { updated_at: string },
): Promise<boolean> {
  const r = await trx
    .updateTable('surveys')
    .set(set)
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst()
  return r.numUpdatedRows > 0n
}

/** Publishes a draft's notice; false when it was published already. */
export async function markNoticed(
  trx: Transaction<Database>,
  id: string,
  by: string,
  at: string,
): Promise<boolean> {
  const r = await trx
    .updateTable('surveys')
    .set({ status: 'noticed', noticed_at: at, noticed_by: by, updated_at: at })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst()
  return r.numUpdatedRows > 0n
}

/**
 * Records that a voter responded; false when the voter had (the primary key on survey and voter decides, so that
 * of simultaneous submissions exactly one is stored).
 */
export async function insertResponded(
  trx: Transaction<Database>,
  row: SurveyRespondedTable,
): Promise<boolean> {
  const r = await trx
    .insertInto('survey_responded')
    .values(row)
    .onConflict((oc) => oc.columns(['survey_id', 'voter']).doNothing())
    .returning('voter')
    .executeTakeFirst()
  return r !== undefined
}

export async function insertResponse(trx: Transaction<Database>, row: SurveyResponsesTable): Promise<void> {
  await trx.insertInto('survey_responses').values(row).execute()
}

/** Adds one response's mark of an item and its area to the survey's totals. */
export async function addToTally(
  trx: Transaction<Database>,
  row: Pick<SurveyTalliesTable, 'survey_id' | 'dimension' | 'mark' | 'area_cm2'>,
): Promise<void> {
  await trx
    .insertInto('survey_tallies')
    .values({ ...row, heads: 1 })
    .onConflict((oc) =>
      oc.columns(['survey_id', 'dimension', 'mark']).doUpdateSet((eb) => ({
        heads: eb('survey_tallies.heads', '+', 1),
        area_cm2: eb('survey_tallies.area_cm2', '+', row.area_cm2),
      })),
    )
    .execute()
}

export async function tallyRowsOf(db: Db, surveyId: string): Promise<SurveyTalliesTable[]> {
  return db
    .selectFrom('survey_tallies')
    .selectAll()
    .where('survey_id', '=', surveyId)
    .orderBy('dimension')
    .orderBy('mark')
    .execute()
}

/** A survey's responses in the order of their receipts (random: nothing about who or when). */
export async function responsesOf(db: Db, surveyId: string): Promise<SurveyResponsesTable[]> {
  return db
    .selectFrom('survey_responses')
    .selectAll()
    .where('survey_id', '=', surveyId)
    .orderBy('receipt')
    .execute()
}

/** Whether the voter has responded to the survey. */
export async function hasResponded(db: Db, surveyId: string, voter: string): Promise<boolean> {
  const row = await db
    .selectFrom('survey_responded')
    .select('voter')
    .where('survey_id', '=', surveyId)
    .where('voter', '=', voter)
    .executeTakeFirst()
  return row !== undefined
}

/** Which voters have responded, and on which channel. */
export async function respondedOf(
  db: Db,
  surveyId: string,
): Promise<Pick<SurveyRespondedTable, 'voter' | 'channel' | 'at'>[]> {
  return db
    .selectFrom('survey_responded')
    .select(['voter', 'channel', 'at'])
    .where('survey_id', '=', surveyId)
    .orderBy('voter')
    .execute()
}

/** Records service of the notice to a voter by a method; false when it was recorded already. */
export async function insertService(
  trx: Transaction<Database>,
  row: Insertable<SurveyServiceTable>,
): Promise<boolean> {
  const r = await trx
    .insertInto('survey_service')
    .values(row)
    .onConflict((oc) => oc.columns(['survey_id', 'voter', 'method']).doNothing())
    .returning('voter')
    .executeTakeFirst()
  return r !== undefined
}

export async function serviceOf(db: Db, surveyId: string): Promise<SurveyServiceTable[]> {
  return db
    .selectFrom('survey_service')
    .selectAll()
    .where('survey_id', '=', surveyId)
    .orderBy('voter')
    .orderBy('method')
    .execute()
}
