import {
  startRegistration,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/browser'
import type { ApiResult } from './api'
import { failure } from './passkey'

/**
 * Creating a passkey (activation, staff enrollment, another one on 我的), apart from signing with one: the
 * registration ceremony's code is as large again as signing's, and the owner's sign-in and voting pages only sign.
 */
export async function createPasskey(
  optionsJSON: PublicKeyCredentialCreationOptionsJSON,
): Promise<ApiResult<RegistrationResponseJSON>> {
  try {
    return { ok: true, data: await startRegistration({ optionsJSON }) }
  } catch (e) {
    return failure(e)
  }
}
