import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { AppError } from '../errors'
import { clientIp, type AuthEnv } from './access'

/**
 * Rate limits on the endpoints an attacker would hammer (issue 4). Activation codes carry 60 random bits and a
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
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  // Counted on the step that checks the code only; owners behind one carrier or estate Wi-Fi address share it.
  activation: { points: 30, seconds: 15 * 60 },
  signIn: { points: 30, seconds: 5 * 60 },
  invitations: { points: 30, seconds: 10 * 60 },
}

export type LimitName = keyof RateLimitSettings

/** The default limits times `scale` (RATE_LIMIT_SCALE). */
export function scaledRateLimits(scale: number): RateLimitSettings {
  const x = (l: { points: number; seconds: number }) => ({ points: l.points * scale, seconds: l.seconds })
  return {
    activation: x(DEFAULT_RATE_LIMITS.activation),
    signIn: x(DEFAULT_RATE_LIMITS.signIn),
    invitations: x(DEFAULT_RATE_LIMITS.invitations),
  }
}

export function rateLimiters(settings: RateLimitSettings, proxyHops: number) {
  const limiters = {
    activation: new RateLimiterMemory({
      keyPrefix: 'activation',
      points: settings.activation.points,
      duration: settings.activation.seconds,
    }),
    signIn: new RateLimiterMemory({
      keyPrefix: 'signin',
      points: settings.signIn.points,
      duration: settings.signIn.seconds,
    }),
    invitations: new RateLimiterMemory({
      keyPrefix: 'invitations',
      points: settings.invitations.points,
      duration: settings.invitations.seconds,
    }),
  }
  const keyOf = (name: LimitName, c: Context<AuthEnv>) =>
    name === 'invitations' ? (c.get('actor')?.accountId ?? clientIp(c, proxyHops)) : clientIp(c, proxyHops)

  /** Middleware: one point per request; 429 `rate_limited` with Retry-After once spent. */
  return (name: LimitName) =>
    createMiddleware<AuthEnv>(async (c, next) => {
      try {
        await limiters[name].consume(keyOf(name, c))
      } catch (e) {
        if (!(e instanceof RateLimiterRes)) throw e
        const seconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000))
        c.header('retry-after', String(seconds))
        throw new AppError('rate_limited', 429, `Too many attempts; try again in ${seconds} s`, {
          retryAfterSeconds: seconds,
        })
      }
      await next()
    })
}
