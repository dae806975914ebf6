import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { AppError } from '../errors'
import { clientIp, type AuthEnv } from './access'

/**
 * Rate limits on the endpoints an attacker would hammer. Activation codes carry 60 random bits and a
 * code with a wrong name or ID digits locks after 5 tries (services/activation.ts), so guessing is hopeless; these
 * limits also keep a single address from trying more than a few dozen per quarter hour.
 * In memory: one server process per deployment (SQLite), and a restart forgets nothing worth keeping.
 */
export interface RateLimitSettings {
  /** Activation attempts per client address per window. */
  readonly activation: { readonly points: number; readonly seconds: number }
  /** Passkey sign-in and enrollment ceremonies per client address per window. */
  readonly signIn: { readonly points: number; readonly seconds: number }
  /** Invitation batches per staff account per window. */
  readonly invitations: { readonly points: number; readonly seconds: number }
  /**
   * Passkey challenges made for a signed-in account per window (ballot options, a new passkey): each is a row
   * until it is answered or purged, and one account once made 500 in under two seconds. Unset: twice `signIn`.
   */
  readonly challengesPerAccount?: { readonly points: number; readonly seconds: number }
  /**
   * The same challenges per client address, whoever is signed in there. Unset: twenty times `signIn`, since an
   * estate's Wi-Fi or a carrier's shared address carries many owners voting at once.
   */
  readonly challengesPerAddress?: { readonly points: number; readonly seconds: number }
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  // Counted on the step that checks the code only; owners behind one carrier or estate Wi-Fi address share it.
  activation: { points: 30, seconds: 15 * 60 },
  signIn: { points: 30, seconds: 5 * 60 },
  invitations: { points: 30, seconds: 10 * 60 },
  // challengesPerAccount and challengesPerAddress follow signIn: 60 and 600 per 5 min. An owner casting for a few
  // voters, or a proxy holder for up to 20 principals, with retries, stays well within 60.
}

/** `challenges` counts against both the account's and the address's challenge limits. */
export type LimitName = 'activation' | 'signIn' | 'invitations' | 'challenges'

/** The default limits times `scale` (RATE_LIMIT_SCALE). */
export function scaledRateLimits(scale: number): RateLimitSettings {
  const x = (l: { points: number; seconds: number }) => ({ points: l.points * scale, seconds: l.seconds })
  return {
    activation: x(DEFAULT_RATE_LIMITS.activation),
    signIn: x(DEFAULT_RATE_LIMITS.signIn),
    invitations: x(DEFAULT_RATE_LIMITS.invitations),
  }
}

/** The challenge limits of `settings`: as given, or derived from the sign-in ceremonies' limit. */
function challengeLimits(settings: RateLimitSettings) {
  const times = (n: number) => ({ points: settings.signIn.points * n, seconds: settings.signIn.seconds })
  return {
    perAccount: settings.challengesPerAccount ?? times(2),
    perAddress: settings.challengesPerAddress ?? times(20),
  }
}

export function rateLimiters(settings: RateLimitSettings, proxyHops: number) {
  const memory = (keyPrefix: string, l: { points: number; seconds: number }) =>
    new RateLimiterMemory({ keyPrefix, points: l.points, duration: l.seconds })
  const limiters = {
    activation: memory('activation', settings.activation),
    signIn: memory('signin', settings.signIn),
    invitations: memory('invitations', settings.invitations),
    challengesPerAccount: memory('challenges-account', challengeLimits(settings).perAccount),
    challengesPerAddress: memory('challenges-address', challengeLimits(settings).perAddress),
  }
  /** The limiters a request counts against, each with its key. */
  const spends = (name: LimitName, c: Context<AuthEnv>): [RateLimiterMemory, string][] => {
    const account = c.get('actor')?.accountId
    switch (name) {
      case 'invitations':
        return [[limiters.invitations, account ?? clientIp(c, proxyHops)]]
      case 'challenges':
        return [
          ...(account ? [[limiters.challengesPerAccount, account] as [RateLimiterMemory, string]] : []),
          [limiters.challengesPerAddress, clientIp(c, proxyHops)],
        ]
      default:
        return [[limiters[name], clientIp(c, proxyHops)]]
    }
  }

  /** Middleware: one point per request from each limit it counts against; 429 `rate_limited` with Retry-After. */
  return (name: LimitName) =>
    createMiddleware<AuthEnv>(async (c, next) => {
      try {
        for (const [limiter, key] of spends(name, c)) await limiter.consume(key)
      } catch (e) {
        if (!(e instanceof RateLimiterRes)) throw e
        const seconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000))
        c.header('retry-after', String(seconds))
        throw new AppError('rate_limited', `Too many attempts; try again in ${seconds} s`, {
          retryAfterSeconds: seconds,
        })
      }
      await next()
    })
}
