import { z } from 'zod'
import { isChinaDate } from '../domain/calendar'
import { MAX_DIMENSIONS, MAX_REASON } from '../domain/surveys'
import { displayText, estateParam } from './validate'

/** A China date (YYYY-MM-DD) of the survey's window. */
const chinaDate = z.string().refine(isChinaDate, 'a date YYYY-MM-DD')

export const questionnaire = z.object({
  scale: z.enum(['three', 'five']),
  dimensions: z
    .array(z.object({ key: z.string().min(1).max(40), title: displayText(100) }))
    .min(1)
    .max(MAX_DIMENSIONS),
})

export const surveySettings = z.object({
  satisfiedFrom: z.number().int(),
  passMarkPercent: z.number().int(),
})

/** A survey from the template, or with the questionnaire its creator edited; the settings default by the scale. */
export const surveyBody = z.object({
  title: displayText(200),
  opensOn: chinaDate,
  closesOn: chinaDate,
  questionnaire: questionnaire.optional(),
  settings: surveySettings.optional(),
})

export const surveyParam = estateParam.extend({ surveyId: z.uuid() })

export const surveyServiceBody = z.object({
  units: z.array(z.string().min(1).max(100)).min(1).max(10_000),
  method: z.enum(['paper', 'posted']),
})

/** One response: an answer per dimension, by key; a reason with a low mark. */
export const answers = z.record(
  z.string().min(1).max(40),
  z.object({
    mark: z.number(),
    reason: z
      .string()
      .max(MAX_REASON * 2)
      .optional(),
  }),
)

export const onlineResponseBody = z.object({ voter: z.string().min(1).max(100), answers })
export const paperResponseBody = z.object({ unit: z.string().min(1).max(100), answers })
