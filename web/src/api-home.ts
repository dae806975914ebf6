import { call, meetingBase } from './api-meetings'
import type { Api, Ok } from './api-types'
import { askEarly } from './http'

/** GET /api/me/home: the start page's whole data — me, my estate's meetings and my part of each — in one answer. */
export type Home = Ok<Api['me']['home']['$get']>

export const HOME_PATH = '/api/me/home'

/**
 * The start page's data in one request (the entry asked it already when the app started on `/`: main.tsx). Each
 * meeting's part is handed to the card that would ask GET …/meetings/:id/me, so the cards ask nothing more.
 */
export async function fetchHome() {
  const r = await call<Home>('GET', HOME_PATH)
  const estateId = r.ok ? r.data.me.owner?.estate.id : undefined
  if (r.ok && estateId !== undefined)
    for (const [id, data] of Object.entries(r.data.mine))
      void askEarly(`${meetingBase(estateId, id)}/me`, Promise.resolve({ ok: true, status: 200, data }))
  return r
}
