import { z } from 'zod'

/**
 * GET /api/me/home takes nothing: who is asking is the session's. A query is refused rather than ignored, so that a
 * client that thinks it can narrow the answer learns at once that it cannot.
 */
export const homeQuery = z.object({}).strict()
export type HomeQuery = z.output<typeof homeQuery>
