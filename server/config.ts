import { z } from 'zod'

/**
 * Configuration comes from the environment only, parsed once at boot (design.md principle 11).
 * Anything malformed stops the server with a message naming the variable.
 */
const boolish = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes')

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_PATH: z.string().min(1).default('./data/gongjue.sqlite'),
  PUBLIC_ORIGIN: z.url().optional(),
  DEMO_SEED: boolish.default(true),
  DEMO_ROLL_PATH: z.string().min(1).default('./demo/roll-jinxiu.csv'),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  SESSION_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(300)
    .max(604_800)
    .default(8 * 3600),
  RP_ID: z
    .string()
    .regex(/^[a-z0-9.-]+$/, 'RP_ID must be a host name (no scheme, no port)')
    .optional(),
  TRUST_PROXY: boolish.default(false),
  TRUST_PROXY_HOPS: z.coerce.number().int().min(1).max(10).optional(),
  RATE_LIMIT_SCALE: z.coerce.number().int().min(1).max(100_000).default(1),
  MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(50 * 1024 * 1024),
})

export interface Config {
  readonly port: number
  readonly host: string
  readonly databasePath: string
  readonly publicOrigin: string
  readonly demoSeed: boolean
  readonly demoRollPath: string
  /** Signs session tokens. Unset: a random secret is generated once and kept beside the database. */
  readonly sessionSecret: string | undefined
  readonly sessionTtlSeconds: number
  /** The passkey relying party: the public host name (never an IP address; passkey-e2e.md). */
  readonly rpId: string
  /** Whether X-Forwarded-For names the client (behind a reverse proxy), for rate limits. */
  readonly trustProxy: boolean
  /**
   * How many reverse proxies of the operator's own append to X-Forwarded-For (TRUST_PROXY_HOPS, default 1 with
   * TRUST_PROXY): the client is the entry that many places from the right. 0 when TRUST_PROXY is off.
   */
  readonly trustProxyHops: number
  /** Multiplies every rate limit (load tests drive many owners from one address). Default 1. */
  readonly rateLimitScale: number
  readonly maxUploadBytes: number
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings are treated as unset so that `PORT= npm start` behaves like no PORT at all.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = schema.safeParse(cleaned)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  const publicOrigin = new URL(e.PUBLIC_ORIGIN ?? `http://localhost:${e.PORT}`).origin
  const rpId = e.RP_ID ?? new URL(publicOrigin).hostname
  if (/^[\d.]+$|^\[/.test(rpId)) {
    throw new ConfigError(
      `Invalid configuration:\n  RP_ID: "${rpId}" is an IP address; passkeys need a host name (e.g. localhost)`,
    )
  }
  if (e.TRUST_PROXY_HOPS !== undefined && !e.TRUST_PROXY) {
    throw new ConfigError(
      'Invalid configuration:\n  TRUST_PROXY_HOPS: set only with TRUST_PROXY=true (X-Forwarded-For is not read otherwise)',
    )
  }
  const host = new URL(publicOrigin).hostname
  if (host !== rpId && !host.endsWith(`.${rpId}`)) {
    throw new ConfigError(
      `Invalid configuration:\n  RP_ID: "${rpId}" must be the host of PUBLIC_ORIGIN (${host}) or a parent domain of it`,
    )
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databasePath: e.DATABASE_PATH,
    publicOrigin,
    demoSeed: e.DEMO_SEED,
    demoRollPath: e.DEMO_ROLL_PATH,
    sessionSecret: e.SESSION_SECRET,
    sessionTtlSeconds: e.SESSION_TTL_SECONDS,
    rpId,
    trustProxy: e.TRUST_PROXY,
    trustProxyHops: e.TRUST_PROXY ? (e.TRUST_PROXY_HOPS ?? 1) : 0,
    rateLimitScale: e.RATE_LIMIT_SCALE,
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
  }
}
