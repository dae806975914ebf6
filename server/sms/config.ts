import { z } from 'zod'
import { AliyunSms } from './aliyun'
import { LogSms, type SmsSender } from './sender'

/**
 * Which SMS provider the server uses, from the environment, checked at start (a bad value stops the server):
 * SMS_PROVIDER=log (default: messages go to the server log, for development) or aliyun, with
 * SMS_ACCESS_KEY_ID, SMS_ACCESS_KEY_SECRET, SMS_SIGN_NAME, SMS_TEMPLATE_ACTIVATION, SMS_TEMPLATE_TAKEOVER_REQUESTED,
 * SMS_TEMPLATE_TAKEOVER_APPROVED and optionally SMS_ENDPOINT, SMS_REGION.
 */
const schema = z.discriminatedUnion('SMS_PROVIDER', [
  z.object({ SMS_PROVIDER: z.literal('log') }),
  z.object({
    SMS_PROVIDER: z.literal('aliyun'),
    SMS_ACCESS_KEY_ID: z.string().min(1),
    SMS_ACCESS_KEY_SECRET: z.string().min(1),
    SMS_SIGN_NAME: z.string().min(1),
    SMS_TEMPLATE_ACTIVATION: z.string().min(1),
    SMS_TEMPLATE_TAKEOVER_REQUESTED: z.string().min(1),
    SMS_TEMPLATE_TAKEOVER_APPROVED: z.string().min(1),
    SMS_ENDPOINT: z.url().default('https://dysmsapi.aliyuncs.com/'),
    SMS_REGION: z.string().min(1).default('cn-hangzhou'),
  }),
])

export class SmsConfigError extends Error {}

export function smsFromEnv(env: NodeJS.ProcessEnv = process.env): SmsSender {
  const parsed = schema.safeParse({ SMS_PROVIDER: 'log', ...stripUndefined(env) })
  if (!parsed.success)
    throw new SmsConfigError(
      `SMS settings: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'SMS_PROVIDER'}: ${i.message}`).join('; ')}`,
    )
  const c = parsed.data
  if (c.SMS_PROVIDER === 'log') return new LogSms()
  return new AliyunSms({
    accessKeyId: c.SMS_ACCESS_KEY_ID,
    accessKeySecret: c.SMS_ACCESS_KEY_SECRET,
    signName: c.SMS_SIGN_NAME,
    templates: {
      activation_code: c.SMS_TEMPLATE_ACTIVATION,
      takeover_requested: c.SMS_TEMPLATE_TAKEOVER_REQUESTED,
      takeover_approved: c.SMS_TEMPLATE_TAKEOVER_APPROVED,
    },
    endpoint: c.SMS_ENDPOINT,
    regionId: c.SMS_REGION,
  })
}

function stripUndefined(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(env))
    if (k.startsWith('SMS_') && v !== undefined && v !== '') out[k] = v
  return out
}
