import type { Api, Ok, Query } from './api-types'
import { request } from './http'

/**
 * The oversight page's API client (domain §11): its own module, loaded with that lazy page only. Types come from
 * the route (server/routes/oversight.ts).
 */
type OversightApi = Api['oversight']

export type Overview = Ok<OversightApi['$get']>
export type OverviewQuery = Query<OversightApi['$get']>
export type OversightEstate = Overview['estates'][number]
export type OversightDistrict = Overview['districts'][number]
export type Figure = OversightDistrict['figures']['formation']

const search = (q: OverviewQuery) => {
  const p = new URLSearchParams()
  if (q.district) p.set('district', q.district)
  if (q.streetOffice) p.set('streetOffice', q.streetOffice)
  const s = p.toString()
  return s ? `?${s}` : ''
}

export const fetchOverview = (q: OverviewQuery = {}) => request<Overview>('GET', `/api/oversight${search(q)}`)
export const exportUrl = (kind: 'csv' | 'xlsx', q: OverviewQuery = {}) =>
  `/api/oversight/export.${kind}${search(q)}`
