import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto'
import { encodeCBOR, type CBORType } from '@levischuck/tiny-cbor'
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server'

/**
 * A software passkey authenticator for API-level tests, benchmarks, `npm run simulate` and the demo estate's seeded
 * meetings: it makes REAL WebAuthn responses (ES256, "none" attestation, discoverable credential, user verified)
 * that @simplewebauthn/server verifies exactly as it verifies a phone's. Browser tests use Chromium's virtual
 * authenticator instead. Its private keys live only in this process's memory.
 */

const b64url = (b: Uint8Array) => Buffer.from(b).toString('base64url')
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest()

const FLAG_UP = 0x01
const FLAG_UV = 0x04
const FLAG_AT = 0x40

export interface SoftCredential {
  readonly id: string
  readonly userHandle: string
  counter: number
}

export class SoftAuthenticator {
  private readonly credentials = new Map<string, { key: KeyObject; cred: SoftCredential; rpId: string }>()

  constructor(
    readonly origin: string,
    readonly rpId: string = new URL(origin).hostname,
  ) {}

  private clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin: this.origin, crossOrigin: false }))
  }

  /** Answers navigator.credentials.create() for the given options (the server's optionsJSON). */
  register(options: {
    challenge: string
    rp: { id?: string }
    user: { id: string }
  }): RegistrationResponseJSON {
    const rpId = options.rp.id ?? this.rpId
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const jwk = publicKey.export({ format: 'jwk' })
    const credId = randomBytes(32)
    const cose = encodeCBOR(
      new Map<number, number | Uint8Array>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x as string, 'base64url')],
        [-3, Buffer.from(jwk.y as string, 'base64url')],
      ]),
    )
    const authData = Buffer.concat([
      sha256(rpId),
      Buffer.from([FLAG_UP | FLAG_UV | FLAG_AT]),
      Buffer.from([0, 0, 0, 0]),
      Buffer.alloc(16), // AAGUID
      Buffer.from([credId.length >> 8, credId.length & 0xff]),
      credId,
      Buffer.from(cose),
    ])
    const attestationObject = encodeCBOR(
      new Map<string, CBORType>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, CBORType>()],
        ['authData', authData],
      ]),
    )
    const cred: SoftCredential = { id: b64url(credId), userHandle: options.user.id, counter: 0 }
    this.credentials.set(cred.id, { key: privateKey, cred, rpId })
    return {
      id: cred.id,
      rawId: cred.id,
      type: 'public-key',
      response: {
        clientDataJSON: b64url(this.clientData('webauthn.create', options.challenge)),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    }
  }

  /**
   * Answers navigator.credentials.get() with the given passkey, or — like a phone — one of the allowed passkeys it
   * holds (an account may have passkeys on other phones too); with no allowCredentials, its first passkey.
   */
  authenticate(
    options: { challenge: string; rpId?: string; allowCredentials?: { id: string }[] },
    credentialId?: string,
  ): AuthenticationResponseJSON {
    const allowed = options.allowCredentials ?? []
    const id =
      credentialId ??
      (allowed.length > 0
        ? allowed.find((c) => this.credentials.has(c.id))?.id
        : [...this.credentials.keys()][0])
    const entry = id === undefined ? undefined : this.credentials.get(id)
    if (!entry) throw new Error('no passkey for this request')
    entry.cred.counter += 1
    const c = entry.cred.counter
    const authData = Buffer.concat([
      sha256(options.rpId ?? entry.rpId),
      Buffer.from([FLAG_UP | FLAG_UV]),
      Buffer.from([(c >>> 24) & 0xff, (c >>> 16) & 0xff, (c >>> 8) & 0xff, c & 0xff]),
    ])
    const clientDataJSON = this.clientData('webauthn.get', options.challenge)
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), entry.key)
    return {
      id: entry.cred.id,
      rawId: entry.cred.id,
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        userHandle: entry.cred.userHandle,
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    }
  }

  get credentialIds(): string[] {
    return [...this.credentials.keys()]
  }
}
