import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import type { SmsMessage } from '../../server/sms/sender'
import type { RunningApp } from './app-server'

/**
 * The owner's own phone as the text messages reach it: the number on the roll, and what the app texted there
 * (RunningApp.texts). Activation asks for the one-time code texted to that number — a factor the conveners, who hold
 * the roll and the letters, do not hold — so a test that activates an owner reads the code here, as the owner reads
 * it on their phone, and types it.
 */

/** The mobile number on the roll of the owner with this name and these ID characters, digits only. */
export async function rollPhone(app: RunningApp, estateId: string, name: string, idLast4: string) {
  const row = await app.db
    .selectFrom('owners')
    .select('phone')
    .where('estate_id', '=', estateId)
    .where('name', '=', name)
    .where('id_last4', '=', idLast4)
    .executeTakeFirst()
  const phone = row?.phone.replace(/\D/g, '') ?? ''
  if (!phone) throw new Error(`no phone on the roll for ${name} (${idLast4})`)
  return phone
}

/** `17451857624` → `174****7624`, as the page and the convener's screens show a phone. */
export const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`

/** The text messages that reached this phone, oldest first. */
export const textsTo = (app: RunningApp, phone: string): SmsMessage[] =>
  app.texts.sent.filter((m) => m.to === phone)

/** The code of the latest activation text to this phone. */
export function textedCode(app: RunningApp, phone: string): string {
  const code = app.texts.lastCode(phone)
  if (!code) throw new Error(`no activation code was texted to ${masked(phone)}`)
  return code
}

/** A six-digit code other than `code` (a wrong guess). */
export const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0')

/** Types into the code field by keyboard, as an owner does on the numeric keypad the field asks for. */
export async function typeSmsCode(page: Page, code: string) {
  const field = page.getByLabel('短信验证码', { exact: true })
  await field.fill('')
  await field.tap()
  await page.keyboard.type(code)
}

/**
 * On the page's text-message step: says the code went to the masked phone on the roll, reads the code from the
 * owner's phone, types it and taps 验证; ends on the confirmation of who this is.
 */
export async function enterTextedCode(app: RunningApp, page: Page, phone: string) {
  await page.getByRole('heading', { name: '输入短信验证码' }).waitFor()
  expect(await page.getByText(`验证码已发送到名册登记的手机 ${masked(phone)}`).count()).toBe(1)
  expect(await page.getByLabel('短信验证码', { exact: true }).getAttribute('inputmode')).toBe('numeric')
  await typeSmsCode(page, textedCode(app, phone))
  await page.getByRole('button', { name: '验证', exact: true }).tap()
  await page.getByRole('heading', { name: '请核对您的信息' }).waitFor()
}
