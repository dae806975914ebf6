import { Hono, type Context } from 'hono'
import { actorOf, type AuthEnv } from '../auth/access'
import {
  createSurvey,
  discloseSurveyResults,
  editSurvey,
  listSurveys,
  mySurvey,
  noticeSurvey,
  recordSurveyService,
  respondOnline,
  respondOnPaper,
  surveyResultsFile,
  surveyResultsView,
  surveyView,
} from '../services/surveys'
import { who, type RouteContext } from './context'
import { doc } from './openapi'
import {
  onlineResponseBody,
  paperResponseBody,
  surveyBody,
  surveyParam,
  surveyServiceBody,
} from './surveys.schema'
import { estateParam, validate } from './validate'

/**
 * Satisfaction surveys (domain §10): the estate's conveners (or its street office) create, edit and publish them,
 * enter paper responses and record service; a signed-in owner responds for a voter they hold; anyone reads the
 * published surveys and, once a survey has closed, its results and the results file, which the conveners then
 * publish as a disclosure.
 */
const isStaffOf = (c: Context<AuthEnv>, estateId: string) =>
  c.get('actor')?.grants.some((g) => g.estateId === estateId) ?? false

export function surveyRoutes(ctx: RouteContext) {
  const { db } = ctx
  const path = '/estates/:estateId/surveys/:surveyId'
  return new Hono<AuthEnv>()
    .get(
      '/estates/:estateId/surveys',
      doc({ summary: 'The estate’s surveys, the latest first (drafts for its staff only)', tag: 'surveys' }),
      validate('param', estateParam),
      async (c) => {
        const { estateId } = c.req.valid('param')
        return c.json(await listSurveys(db, estateId, isStaffOf(c, estateId), c.get('now')))
      },
    )
    .post(
      '/estates/:estateId/surveys',
      doc({
        summary:
          'Create a survey from the template questionnaire (or an edited one) with its window; the estate’s voters ' +
          'are its electorate',
        tag: 'surveys',
        ok: { status: 201, description: 'The new survey’s id' },
        errors: ['estate_not_found', 'survey_questionnaire_invalid', 'window_invalid'],
      }),
      validate('param', estateParam),
      validate('json', surveyBody),
      async (c) => {
        const { estateId } = c.req.valid('param')
        return c.json(await createSurvey(db, estateId, c.req.valid('json'), who(c)), 201)
      },
    )
    .get(
      path,
      doc({
        summary: 'One survey: its questionnaire, window and phase; for its staff, how many have responded',
        tag: 'surveys',
        errors: ['survey_not_found'],
      }),
      validate('param', surveyParam),
      async (c) => {
        const { estateId, surveyId } = c.req.valid('param')
        return c.json(await surveyView(db, estateId, surveyId, isStaffOf(c, estateId), c.get('now')))
      },
    )
    .put(
      path,
      doc({
        summary: 'Edit a draft survey: title, window, questionnaire, settings',
        tag: 'surveys',
        ok: { status: 204 },
        errors: ['survey_not_found', 'survey_not_draft', 'survey_questionnaire_invalid', 'window_invalid'],
      }),
      validate('param', surveyParam),
      validate('json', surveyBody),
      async (c) => {
        const { estateId, surveyId } = c.req.valid('param')
        await editSurvey(db, estateId, surveyId, c.req.valid('json'), who(c))
        return c.body(null, 204)
      },
    )
    .post(
      `${path}/notice`,
      doc({
        summary: 'Publish the survey’s notice: it is fixed from then on and opens on its first day',
        tag: 'surveys',
        ok: { status: 204 },
        errors: ['survey_not_found', 'survey_not_draft', 'window_invalid'],
      }),
      validate('param', surveyParam),
      async (c) => {
        const { estateId, surveyId } = c.req.valid('param')
        await noticeSurvey(db, estateId, surveyId, who(c))
        return c.body(null, 204)
      },
    )
    .post(
      `${path}/service`,
      doc({
        summary: 'Record service of the notice made off-line (paper with a signed receipt, posting), by unit',
        tag: 'surveys',
        errors: ['survey_not_found', 'survey_not_draft', 'unit_not_found'],
      }),
      validate('param', surveyParam),
      validate('json', surveyServiceBody),
      async (c) => {
        const { estateId, surveyId } = c.req.valid('param')
        return c.json(await recordSurveyService(db, estateId, surveyId, c.req.valid('json'), who(c)))
      },
    )
    .get(
      `${path}/me`,
      doc({
        summary:
          'My part of a survey: the voters I hold and whether each has responded (my opening it is service of ' +
          'its notice)',
        tag: 'surveys',
        errors: ['survey_not_found'],
      }),
      validate('param', surveyParam),
      async (c) => {
        const { estateId, surveyId } = c.req.valid('param')
        return c.json(await mySurvey(db, estateId, surveyId, actorOf(c), who(c)))
      },
    )
    .post(
      `${path}/responses`,
      doc({
        summary:
          'Respond for a voter I hold: every dimension answered, a reason with a low mark; the answer is a receipt',
        tag: 'surveys',
        ok: { status: 201, description: 'The receipt code to find the response in the published list' },
        errors: [
          'survey_not_found',
          'not_your_voter',
          'activation_pending',
          'representative_named',
          'survey_not_open',
          'survey_response_invalid',
          'survey_already_answered',
        ],
      }),
      validate('param', surveyParam),
      validate('json', onlineResponseBody),
      async (c) => {
        const { estateId, surveyId } = c.req.valid('param')
        return c.json(
          await respondOnline(db, estateId, surveyId, c.req.valid('json'), actorOf(c), who(c)),
          201,
        )
      },
    )
    .post(
      `${path}/paper-responses`,
      doc({
        summary: 'Enter a paper response for the voter holding a unit',
        tag: 'surveys',
        ok: { status: 201, description: 'The receipt code, to hand to the owner' },
        errors: [
          'survey_not_found',
          'not_in_electorate',
          'survey_not_open',
          'survey_response_invalid',
          'survey_already_answered',
        ],
      }),
      validate('param', surveyParam),
      validate('json', paperResponseBody),
      async (c) => {
        const { estateId, surveyId } = c.req.valid('param')
        return c.json(await respondOnPaper(db, estateId, surveyId, c.req.valid('json'), who(c)), 201)
      },
    )
    .get(
      `${path}/results`,
      doc({
        summary:
          'The results once the survey has closed: per dimension and overall by headcount and by area against ' +
          'the pass mark, the reasons, the responses by receipt, the trend over the estate’s surveys',
        tag: 'surveys',
        errors: ['survey_not_found', 'survey_not_closed'],
      }),
      validate('param', surveyParam),
      async (c) => {
        const { estateId, surveyId } = c.req.valid('param')
        return c.json(await surveyResultsView(db, estateId, surveyId, c.get('now')))
      },
    )
    .get(
      `${path}/results.json`,
      doc({
        summary:
          'The results file: the questionnaire, the electorate’s totals and every response with its area and ' +
          'answers (no voter, no unit), to recompute the shares',
        tag: 'surveys',
        ok: { status: 200, description: 'The results as a JSON file' },
        errors: ['survey_not_found', 'survey_not_closed'],
      }),
      validate('param', surveyParam),
      async (c) => {
        const { estateId, surveyId } = c.req.valid('param')
        const file = await surveyResultsFile(db, estateId, surveyId, c.get('now'))
        return c.json(file, 200, {
          'content-disposition': `attachment; filename="survey-results-${surveyId}.json"`,
        })
      },
    )
    .post(
      `${path}/disclosure`,
      doc({
        summary:
          'Publish a closed survey’s results as a public disclosure (shares by headcount and by area against the ' +
          'pass mark, the response rate, the results file’s SHA-256); once per survey',
        tag: 'surveys',
        ok: {
          status: 201,
          description: 'The disclosure made, its first version’s SHA-256 and the results file’s',
        },
        errors: ['survey_not_found', 'survey_not_closed', 'survey_results_disclosed'],
      }),
      validate('param', surveyParam),
      async (c) => {
        const { estateId, surveyId } = c.req.valid('param')
        return c.json(await discloseSurveyResults(db, estateId, surveyId, who(c)), 201)
      },
    )
}
