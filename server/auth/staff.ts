import { timingSafeEqual, createHash } from 'node:crypto'
import { createMiddleware } from 'hono/factory'
import { AppError } from '../errors'

/**
 * Interim staff access until passkey accounts and roles arrive (issue 4): write routes need
 * `Authorization: Bearer $STAFF_TOKEN`. Without STAFF_TOKEN configured they are closed. No default secret.
 */
export interface StaffActor {
  readonly actor: string
  readonly role: string
}

export type StaffEnv = { Variables: { staff: StaffActor } }

const digest = (s: string) => createHash('sha256').update(s).digest()

export function requireStaff(staffToken: string | undefined) {
  const expected = staffToken === undefined ? undefined : digest(staffToken)
  return createMiddleware<StaffEnv>(async (c, next) => {
    if (!expected)
      throw new AppError('staff_access_disabled', 403, 'Staff access is not configured (STAFF_TOKEN)')
    const header = c.req.header('authorization') ?? ''
    const m = /^Bearer (.+)$/.exec(header)
    // Compare digests so that the comparison is constant-time whatever the length given.
    if (!m?.[1] || !timingSafeEqual(digest(m[1]), expected)) {
      throw new AppError('unauthenticated', 401, 'Sign-in required')
    }
    c.set('staff', { actor: 'staff-token', role: 'convener' })
    await next()
  })
}
