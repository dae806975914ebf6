import { randomUUID } from 'node:crypto'
import { jwtVerify, SignJWT } from 'jose'
import type { Db } from '../../db/client'
import {
  insertSession,
  isSessionLive,
  revokeSessionRow,
  revokeSessionsOfAccount,
} from '../../db/repositories/sessions'

/**
 * Sessions: a short-lived HS256 JWT (algorithm pinned, issuer and audience checked) naming a server-side
 * session row, so that logout, a role change or a revoked passkey ends it at once. Verification is cached per token
 * — jose costs ~0.25 ms a call — but the revocation set is checked on every request.
 */

export interface SessionSettings {
  readonly secret: Uint8Array
  readonly issuer: string
  readonly audience: string
  readonly ttlSeconds: number
}

export interface SessionClaims {
  readonly sessionId: string
  readonly accountId: string
  readonly expiresAt: number
}

const ALG = 'HS256'

export class SessionService {
  private readonly verified = new Map<string, SessionClaims>()
  private readonly revoked = new Set<string>()
  /** Per account, how often its grants changed in this process: a cached actor of an older count is stale. */
  private readonly grantChanges = new Map<string, number>()

  constructor(
    private readonly db: Db,
    private readonly settings: SessionSettings,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async issue(
    accountId: string,
    credentialId: string | null,
  ): Promise<{ token: string; claims: SessionClaims }> {
    const sessionId = randomUUID()
    const iat = Math.floor(this.now().getTime() / 1000)
    const exp = iat + this.settings.ttlSeconds
    await insertSession(this.db, {
      id: sessionId,
      account_id: accountId,
      credential_id: credentialId,
      created_at: new Date(iat * 1000).toISOString(),
      expires_at: new Date(exp * 1000).toISOString(),
      revoked_at: null,
    })
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: ALG })
      .setSubject(accountId)
      .setJti(sessionId)
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.settings.secret)
    return { token, claims: { sessionId, accountId, expiresAt: exp } }
  }

  /** The claims of a valid, unrevoked, unexpired session token; undefined otherwise. */
  async verify(token: string): Promise<SessionClaims | undefined> {
    const nowSec = Math.floor(this.now().getTime() / 1000)
    let claims = this.verified.get(token)
    if (!claims) {
      try {
        const { payload } = await jwtVerify(token, this.settings.secret, {
          algorithms: [ALG],
          issuer: this.settings.issuer,
          audience: this.settings.audience,
          currentDate: this.now(),
        })
        if (!payload.sub || !payload.jti || payload.exp === undefined) return undefined
        claims = { sessionId: payload.jti, accountId: payload.sub, expiresAt: payload.exp }
      } catch {
        return undefined
      }
      if (!(await isSessionLive(this.db, claims.sessionId))) {
        this.revoked.add(claims.sessionId)
        return undefined
      }
      if (this.verified.size > 50_000) this.verified.clear()
      this.verified.set(token, claims)
    }
    if (claims.expiresAt <= nowSec || this.revoked.has(claims.sessionId)) {
      this.verified.delete(token)
      return undefined
    }
    return claims
  }

  async revoke(sessionId: string): Promise<void> {
    await revokeSessionRow(this.db, sessionId, this.now().toISOString())
    this.revoked.add(sessionId)
  }

  /** Takes note of sessions revoked in the database by another transaction (role change, passkey revoked). */
  forget(sessionIds: readonly string[]): void {
    for (const id of sessionIds) this.revoked.add(id)
  }

  /**
   * Takes note that an account's grants changed (a role granted or revoked): its sessions go on, and each loads the
   * account's grants again on its next request (access.ts sessionMiddleware), so a revoked role is gone at once.
   * One server process per deployment (SQLite), so this process sees every change.
   */
  grantsChanged(accountId: string): void {
    this.grantChanges.set(accountId, this.grantsVersion(accountId) + 1)
  }

  /** How often the account's grants changed in this process (0 when never). */
  grantsVersion(accountId: string): number {
    return this.grantChanges.get(accountId) ?? 0
  }

  /** Ends every session of an account (passkey revoked, recovery). */
  async revokeAccount(accountId: string): Promise<number> {
    const ids = await revokeSessionsOfAccount(this.db, accountId, this.now().toISOString())
    for (const id of ids) this.revoked.add(id)
    return ids.length
  }
}
