import { Hono } from 'hono'
import type { AuthEnv } from '../auth/access'
import {
  compareRollVersions,
  listRollVersions,
  publishRollVersion,
  rollVersionView,
} from '../services/roll-versions'
import { who, type RouteContext } from './context'
import { doc } from './openapi'
import { publishRollVersionBody, rollVersionPairParam, rollVersionParam } from './publications.schema'
import { estateParam, validate } from './validate'

/**
 * The publications of the first assembly's preparation (domain §7.3 (3)): the roll's published versions, public
 * to anyone (masked names only), published by the conveners. Objections to a version go through the roll's
 * objection routes (routes/supervision.ts) with the version's number.
 */
export function publicationRoutes(ctx: RouteContext) {
  const { db } = ctx
  return new Hono<AuthEnv>()
    .get(
      '/estates/:estateId/roll/versions',
      doc({
        summary: 'The estate’s published roll versions, newest (the final one) first, with their hashes',
        tag: 'publications',
      }),
      validate('param', estateParam),
      async (c) => c.json(await listRollVersions(db, c.req.valid('param').estateId)),
    )
    .post(
      '/estates/:estateId/roll/versions',
      doc({
        summary:
          'Publish the roll as it stands as the next version, naming the upheld objections it corrects',
        tag: 'publications',
        ok: { status: 201, description: 'The new version’s number and hash' },
        errors: [
          'estate_not_found',
          'roll_empty',
          'roll_version_unchanged',
          'objection_not_upheld',
          'objection_already_corrected',
        ],
      }),
      validate('param', estateParam),
      validate('json', publishRollVersionBody),
      async (c) => {
        const { estateId } = c.req.valid('param')
        const body = c.req.valid('json')
        return c.json(await publishRollVersion(db, { estateId, ...body }, who(c)), 201)
      },
    )
    .get(
      '/estates/:estateId/roll/versions/:number',
      doc({
        summary:
          'One published roll version: number, date, hash, units (masked names), objections with their answers, ' +
          'and the meetings whose electorate it was',
        tag: 'publications',
        errors: ['roll_version_not_found'],
      }),
      validate('param', rollVersionParam),
      async (c) => {
        const { estateId, number } = c.req.valid('param')
        return c.json(await rollVersionView(db, estateId, number))
      },
    )
    .get(
      '/estates/:estateId/roll/versions/:number/compare/:other',
      doc({
        summary: 'Two roll versions side by side: units added, removed and changed, with both hashes',
        tag: 'publications',
        errors: ['roll_version_not_found'],
      }),
      validate('param', rollVersionPairParam),
      async (c) => {
        const { estateId, number, other } = c.req.valid('param')
        return c.json(await compareRollVersions(db, estateId, number, other))
      },
    )
}
