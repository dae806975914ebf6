import { Hono } from 'hono'
import { actorOf, type AuthEnv } from '../auth/access'
import { csvDocument } from '../services/csv'
import {
  areas,
  assignEstate,
  createDistrict,
  createStreetOffice,
  grantArea,
  overview,
  overviewTable,
  overviewXlsx,
  revokeArea,
} from '../services/oversight'
import { who, type RouteContext } from './context'
import { doc } from './openapi'
import {
  areaGrantBody,
  areaGrantParam,
  districtBody,
  estateAreaBody,
  estateAreaParam,
  overviewQuery,
  streetOfficeBody,
} from './oversight.schema'
import { validate } from './validate'

/**
 * Oversight across estates (domain §11): the street office's and the district office's page over the estates of
 * their area, its exports, and the admin's records of districts, street offices, estates' places and area grants.
 */
export function oversightRoutes(ctx: RouteContext) {
  const { db, auth } = ctx
  const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  return new Hono<AuthEnv>()
    .get(
      '/oversight',
      doc({
        summary:
          'The estates of the caller’s street offices or district: committee standing, formation clocks, meetings ' +
          'in progress with turnout, disclosures overdue, the latest survey, filings pending, operating to ' +
          'standard; and the district figures with the estates behind each',
        tag: 'oversight',
        errors: ['forbidden'],
      }),
      validate('query', overviewQuery),
      async (c) => c.json(await overview(db, actorOf(c), c.req.valid('query'), c.get('now'))),
    )
    .get(
      '/oversight/export.csv',
      doc({
        summary: 'The oversight table as CSV (UTF-8 with BOM)',
        tag: 'oversight',
        ok: { status: 200, description: 'CSV', media: 'text/csv' },
        errors: ['forbidden'],
      }),
      validate('query', overviewQuery),
      async (c) => {
        const o = await overview(db, actorOf(c), c.req.valid('query'), c.get('now'))
        return c.body(csvDocument(overviewTable(o)), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="oversight-${o.today}.csv"`,
        })
      },
    )
    .get(
      '/oversight/export.xlsx',
      doc({
        summary: 'The oversight table as an Excel workbook',
        tag: 'oversight',
        ok: { status: 200, description: 'xlsx', media: xlsx },
        errors: ['forbidden'],
      }),
      validate('query', overviewQuery),
      async (c) => {
        const o = await overview(db, actorOf(c), c.req.valid('query'), c.get('now'))
        const body = await overviewXlsx(o)
        return c.body(new Uint8Array(body), 200, {
          'content-type': xlsx,
          'content-disposition': `attachment; filename="oversight-${o.today}.xlsx"`,
        })
      },
    )
    .get('/areas', doc({ summary: 'The districts and their street offices', tag: 'oversight' }), async (c) =>
      c.json(await areas(db)),
    )
    .post(
      '/districts',
      doc({
        summary: 'Create a district',
        tag: 'oversight',
        ok: { status: 201 },
        errors: ['area_exists'],
      }),
      validate('json', districtBody),
      async (c) => {
        await createDistrict(db, c.req.valid('json'), who(c))
        return c.json({ ok: true }, 201)
      },
    )
    .post(
      '/street-offices',
      doc({
        summary: 'Create a street office in a district',
        tag: 'oversight',
        ok: { status: 201 },
        errors: ['area_exists', 'area_not_found'],
      }),
      validate('json', streetOfficeBody),
      async (c) => {
        await createStreetOffice(db, c.req.valid('json'), who(c))
        return c.json({ ok: true }, 201)
      },
    )
    .put(
      '/estates/:estateId/area',
      doc({
        summary: 'Put an estate in a street office, with whether it may form an assembly',
        tag: 'oversight',
        errors: ['estate_not_found', 'area_not_found'],
      }),
      validate('param', estateAreaParam),
      validate('json', estateAreaBody),
      async (c) => {
        const accounts = await assignEstate(db, c.req.valid('param').estateId, c.req.valid('json'), who(c))
        // Their area now covers other estates: their sessions load their grants again.
        for (const a of accounts) auth.sessions.grantsChanged(a)
        return c.json({ ok: true })
      },
    )
    .post(
      '/area-grants',
      doc({
        summary:
          'Grant a staff account a street office’s estates (street_office) or a district’s (district_office)',
        tag: 'oversight',
        ok: { status: 201, description: 'The grant’s id' },
        errors: ['area_not_found', 'invalid_request'],
      }),
      validate('json', areaGrantBody),
      async (c) => {
        const body = c.req.valid('json')
        const grantId = await grantArea(db, body, who(c))
        auth.sessions.grantsChanged(body.accountId)
        return c.json({ grantId }, 201)
      },
    )
    .delete(
      '/area-grants/:grantId',
      doc({
        summary: 'Revoke an area grant',
        tag: 'oversight',
        ok: { status: 204 },
        errors: ['grant_not_found'],
      }),
      validate('param', areaGrantParam),
      async (c) => {
        const accountId = await revokeArea(db, c.req.valid('param').grantId, who(c))
        auth.sessions.grantsChanged(accountId)
        return c.body(null, 204)
      },
    )
}
