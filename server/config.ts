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
  STAFF_TOKEN: z.string().min(24, 'STAFF_TOKEN must be at least 24 characters').optional(),
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
  /** Interim write access for staff until passkey accounts exist (issue 4). Unset: write routes are closed. */
  readonly staffToken: string | undefined
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
  return {
    port: e.PORT,
    host: e.HOST,
    databasePath: e.DATABASE_PATH,
    publicOrigin: (e.PUBLIC_ORIGIN ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    demoSeed: e.DEMO_SEED,
    demoRollPath: e.DEMO_ROLL_PATH,
    staffToken: e.STAFF_TOKEN,
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
  }
}
