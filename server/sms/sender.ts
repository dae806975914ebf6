/**
 * Text messages to owners' phones (the phones on the roll): the one-time code that proves, at activation, that the
 * person activating holds the owner's phone — a second factor the conveners, who hold the roll and the letters, do
 * not hold — and notices that a take-over of the owner's account was asked for. One small interface; providers:
 * `log` (development: the message goes to the server log), `aliyun` (阿里云短信服务 over its HTTP API), and, in
 * tests, a recorder.
 */

export type SmsTemplate = 'activation_code' | 'takeover_requested' | 'takeover_approved'

export interface SmsMessage {
  /** Mainland mobile number as on the roll, digits only. */
  readonly to: string
  readonly template: SmsTemplate
  /** The template's parameters, e.g. `{ code: '123456' }` or `{ unit: '1-1-101' }`. */
  readonly params: Readonly<Record<string, string>>
}

export type SmsResult =
  { readonly ok: true; readonly id: string } | { readonly ok: false; readonly error: string }

export interface SmsSender {
  readonly name: string
  send(message: SmsMessage): Promise<SmsResult>
}

/** The message a template reads as, in Chinese (the provider's approved templates say the same). */
export function smsText(m: SmsMessage): string {
  switch (m.template) {
    case 'activation_code':
      return `【共决】您的激活验证码为 ${m.params['code'] ?? ''}，10 分钟内有效。请勿告诉任何人，包括业主委员会和物业。`
    case 'takeover_requested':
      return `【共决】有人申请为 ${m.params['unit'] ?? ''} 重新发放激活码并停用您的通行密钥，须经居委会或街道批准。如非本人申请，请立即联系居委会。`
    case 'takeover_approved':
      return `【共决】${m.params['unit'] ?? ''} 的新激活码已获批准，您原有的通行密钥已停用。如非本人申请，请立即联系居委会。`
  }
}

/** Development: prints the message (with the code) to the server log instead of sending it. */
export class LogSms implements SmsSender {
  readonly name = 'log'
  private n = 0
  send(m: SmsMessage): Promise<SmsResult> {
    const masked = `${m.to.slice(0, 3)}****${m.to.slice(-4)}`
    console.log(`[sms → ${masked}] ${smsText(m)}`)
    this.n += 1
    return Promise.resolve({ ok: true, id: `log-${this.n}` })
  }
}

/** Tests: keeps every message, in order. */
export class RecordingSms implements SmsSender {
  readonly name = 'recording'
  readonly sent: SmsMessage[] = []
  send(m: SmsMessage): Promise<SmsResult> {
    this.sent.push(m)
    return Promise.resolve({ ok: true, id: `rec-${this.sent.length}` })
  }

  /** The code in the latest activation message to a phone. */
  lastCode(to: string): string | undefined {
    return this.sent.filter((m) => m.to === to && m.template === 'activation_code').at(-1)?.params['code']
  }
}
