import { Hono } from 'hono'
import { downloadFilingPackage } from '../services/filing-package'
import { filingPartsOf } from '../services/formation-filing'
import { who, type RouteContext } from './context'
import { meetingOf, type MeetingEnv } from './meeting-context'
import { meetingParam } from './meetings.schema'
import { doc } from './openapi'
import { validate } from './validate'

/**
 * The filing package (备案材料, domain §7.6; 上海 art. 23) of a final meeting, for the estate's conveners,
 * supervisors and street office (auth/policy.ts): one zip with the index, the cover, the record and decisions,
 * 明细表 and 汇总表, the results file and the printable pages. It links units to choices, so every download is
 * audited. The members with their undertakings and the training record come from the committee's term made from
 * the meeting's election (services/formation-filing.ts), the documents from their current published versions; a
 * part not recorded is named 缺 in the index.
 */
export function filingRoutes(ctx: RouteContext) {
  const { db } = ctx
  return new Hono<MeetingEnv>().get(
    '/estates/:estateId/meetings/:meetingId/filing-package.zip',
    doc({
      summary: 'The filing package (备案材料) of a final meeting for the street office, as one zip',
      description:
        '目录.txt names every file with its SHA-256 and every missing part as 缺; the SHA-256 of the whole archive ' +
        'is in x-content-sha256. Each download is audited (the package holds the 明细表 and the full results file).',
      tag: 'results',
      ok: { status: 200, description: 'The zip archive', media: 'application/zip' },
      errors: ['meeting_not_found', 'meeting_not_final'],
    }),
    validate('param', meetingParam),
    async (c) => {
      const m = meetingOf(c)
      const parts = await filingPartsOf(db, m.row.estate_id, m.row.id)
      const { zip, sha256, fileName } = await downloadFilingPackage(db, m, who(c), parts)
      return c.body(new Uint8Array(zip), 200, {
        'content-type': 'application/zip',
        // An ASCII name for old clients, the Chinese one for the rest (RFC 6266, RFC 8187).
        'content-disposition': `attachment; filename="filing-${m.row.id}.zip"; filename*=UTF-8''${rfc8187(fileName)}`,
        'cache-control': 'private, no-store',
        'x-content-sha256': sha256,
      })
    },
  )
}

/** A header parameter's value in RFC 8187's encoding: UTF-8, every byte outside attr-char percent-encoded. */
const rfc8187 = (value: string): string =>
  encodeURIComponent(value).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)

/** The routes of this module, as mounted by apiRoutes (server/app.ts). */
export type FilingRoutes = ReturnType<typeof filingRoutes>
