import {
  browserSupportsWebAuthn,
  startAuthentication,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser'
import type { ApiFailure, ApiResult } from './api'

/**
 * The phone's side of the passkey ceremonies: signing here, creating in passkey-create.ts. Imported only by the
 * pages that use a passkey, so the start page and the published roll do not load it. The prompt's failures become error codes the catalogue
 * explains; nothing is sent to the server until the phone has answered.
 */

/** False in browsers without WebAuthn (some in-app browsers, very old phones). */
export const passkeysSupported = (): boolean => browserSupportsWebAuthn()

/** A ceremony's failure as an error code the catalogue explains (the spec merges causes on purpose). */
export function failure(e: unknown): ApiFailure {
  if (!passkeysSupported()) return { ok: false, error: 'passkey_unsupported' }
  const name = e instanceof Error ? e.name : ''
  switch (name) {
    // Cancelled, timed out, or the fingerprint, face or screen lock did not pass: the spec merges these on
    // purpose, so the page can only suggest another try.
    case 'NotAllowedError':
    case 'AbortError':
      return { ok: false, error: 'passkey_cancelled' }
    // The phone already holds a passkey of this account (it was in the options' excludeCredentials).
    case 'InvalidStateError':
      return { ok: false, error: 'passkey_exists' }
    // No authenticator here can keep a discoverable passkey with user verification.
    case 'NotSupportedError':
    case 'ConstraintError':
      return { ok: false, error: 'passkey_unsupported' }
    default:
      console.warn('[passkey]', e)
      return { ok: false, error: 'passkey_error' }
  }
}

export async function authenticateWithPasskey(
  optionsJSON: PublicKeyCredentialRequestOptionsJSON,
): Promise<ApiResult<AuthenticationResponseJSON>> {
  try {
    return { ok: true, data: await startAuthentication({ optionsJSON }) }
  } catch (e) {
    return failure(e)
  }
}
