import { createHash } from 'node:crypto'
import {
  verifyAuthenticationResponse,
  type AuthenticationResponseJSON,
  type WebAuthnCredential,
} from '@simplewebauthn/server'
import { canonicalJson, type Json } from '../domain/canonical'

/**
 * Signed ballots (domain.md §10): the WebAuthn challenge of a ballot confirmation is the SHA-256 of the
 * ballot's canonical JSON, so the stored assertion proves the owner's own device approved exactly those choices.
 */

/** The challenge (base64url of SHA-256 over the canonical JSON) that the owner's passkey signs. */
export function ballotChallenge(ballot: Json): string {
  return createHash('sha256').update(canonicalJson(ballot)).digest('base64url')
}

export type BallotSignatureCheck =
  { readonly ok: true; readonly newCounter: number } | { readonly ok: false; readonly reason: string }

export async function verifyBallotSignature(args: {
  readonly ballot: Json
  readonly response: AuthenticationResponseJSON
  readonly credential: WebAuthnCredential
  readonly rpID: string
  readonly origin: string
}): Promise<BallotSignatureCheck> {
  if (args.response.id !== args.credential.id)
    return { ok: false, reason: 'assertion is from another credential' }
  try {
    const result = await verifyAuthenticationResponse({
      response: args.response,
      expectedChallenge: ballotChallenge(args.ballot),
      expectedOrigin: args.origin,
      expectedRPID: args.rpID,
      credential: args.credential,
      requireUserVerification: true,
    })
    if (!result.verified) return { ok: false, reason: 'signature not verified' }
    return { ok: true, newCounter: result.authenticationInfo.newCounter }
  } catch (e) {
    return { ok: false, reason: (e as Error).message }
  }
}
