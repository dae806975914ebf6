import { createHmac, randomUUID } from 'node:crypto'
import { smsText, type SmsMessage, type SmsResult, type SmsSender, type SmsTemplate } from './sender'

/**
 * 阿里云短信服务 (Alibaba Cloud SMS), `SendSms` over its RPC HTTP API (version 2017-05-25), signed as its
 * "signature method" documents: the parameters sorted by name, each name and value percent-encoded (RFC 3986:
 * only A–Z a–z 0–9 - _ . ~ left as they are, a space as %20), the string to sign `GET&%2F&` + the encoded
 * canonical query, and Signature = Base64(HMAC-SHA1(AccessKeySecret + "&", string to sign)).
 */

export interface AliyunSettings {
  readonly accessKeyId: string
  readonly accessKeySecret: string
  /** The approved signature name (签名), e.g. 共决. */
  readonly signName: string
  /** The approved template code (模板 CODE) of each message. */
  readonly templates: Readonly<Record<SmsTemplate, string>>
  /** https://dysmsapi.aliyuncs.com/ by default; a test points it at a local fake gateway. */
  readonly endpoint: string
  readonly regionId?: string
  /** Milliseconds before a request to the gateway is given up. */
  readonly timeoutMs?: number
}

export const percentEncode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/** The signed query string of a request with these parameters. */
export function signedQuery(params: Readonly<Record<string, string>>, secret: string): string {
  const canonical = Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k] as string)}`)
    .join('&')
  const stringToSign = `GET&${percentEncode('/')}&${percentEncode(canonical)}`
  const signature = createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64')
  return `Signature=${percentEncode(signature)}&${canonical}`
}

export class AliyunSms implements SmsSender {
  readonly name = 'aliyun'
  constructor(
    private readonly s: AliyunSettings,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(m: SmsMessage): Promise<SmsResult> {
    const params: Record<string, string> = {
      AccessKeyId: this.s.accessKeyId,
      Action: 'SendSms',
      Format: 'JSON',
      PhoneNumbers: m.to,
      RegionId: this.s.regionId ?? 'cn-hangzhou',
      SignName: this.s.signName,
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: randomUUID(),
      SignatureVersion: '1.0',
      TemplateCode: this.s.templates[m.template],
      TemplateParam: JSON.stringify(m.params),
      // ISO 8601 in UTC without milliseconds, as the API requires.
      Timestamp: this.now()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
      Version: '2017-05-25',
    }
    const url = `${this.s.endpoint.replace(/\/?$/, '/')}?${signedQuery(params, this.s.accessKeySecret)}`
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(this.s.timeoutMs ?? 10_000) })
      const body = (await res.json()) as { Code?: string; Message?: string; BizId?: string }
      if (res.ok && body.Code === 'OK') return { ok: true, id: body.BizId ?? '' }
      console.error('[sms] aliyun refused:', body.Code, body.Message)
      return { ok: false, error: body.Code ?? `http_${res.status}` }
    } catch (e) {
      console.error('[sms] aliyun unreachable:', (e as Error).message, '—', smsText({ ...m, params: {} }))
      return { ok: false, error: 'unreachable' }
    }
  }
}
