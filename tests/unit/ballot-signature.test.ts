import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type WebAuthnCredential,
} from '@simplewebauthn/server'
import { describe, expect, it } from 'vitest'
import { ballotChallenge, verifyBallotSignature } from '../../server/auth/ballot-signature'
import { canonicalJson } from '../../server/domain/canonical'
import { SoftAuthenticator } from '../../server/demo/soft-authenticator'

const ORIGIN = 'http://localhost:8787'
const RP_ID = 'localhost'

async function enrolled(
  origin = ORIGIN,
): Promise<{ phone: SoftAuthenticator; credential: WebAuthnCredential }> {
  const phone = new SoftAuthenticator(origin, RP_ID)
  const options = await generateRegistrationOptions({
    rpName: '共决',
    rpID: RP_ID,
    userName: 'owner',
    userID: new Uint8Array([1, 2, 3, 4]),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  })
  const reg = await verifyRegistrationResponse({
    response: phone.register(options),
    expectedChallenge: options.challenge,
    expectedOrigin: origin,
    expectedRPID: RP_ID,
    requireUserVerification: true,
  })
  if (!reg.verified) throw new Error('registration failed')
  return { phone, credential: reg.registrationInfo.credential }
}

const ballot = { meeting: 'm1', voter: '1-1-101', choices: { q1: 'yes', e1: ['c1', 'c3'] } }

describe('canonicalJson', () => {
  it('orders keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: null } })).toBe('{"a":{"c":null,"d":[3,1]},"b":1}')
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }))
  })
  it('refuses numbers JSON cannot carry', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(RangeError)
  })
})

describe('signed ballots: a passkey assertion over the ballot hash', () => {
  it('verifies a real assertion made over exactly this ballot, and advances the counter', async () => {
    const { phone, credential } = await enrolled()
    const response = phone.authenticate({ challenge: ballotChallenge(ballot), rpId: RP_ID })
    const check = await verifyBallotSignature({ ballot, response, credential, rpID: RP_ID, origin: ORIGIN })
    expect(check).toEqual({ ok: true, newCounter: 1 })
  })

  it('gives the same challenge whatever the key order of the ballot', () => {
    expect(
      ballotChallenge({ choices: { e1: ['c1', 'c3'], q1: 'yes' }, voter: '1-1-101', meeting: 'm1' }),
    ).toBe(ballotChallenge(ballot))
  })

  it('refuses the assertion for a ballot whose choices differ from what was signed', async () => {
    const { phone, credential } = await enrolled()
    const response = phone.authenticate({ challenge: ballotChallenge(ballot), rpId: RP_ID })
    const changed = { ...ballot, choices: { ...ballot.choices, q1: 'no' } }
    const check = await verifyBallotSignature({
      ballot: changed,
      response,
      credential,
      rpID: RP_ID,
      origin: ORIGIN,
    })
    expect(check.ok).toBe(false)
  })

  it('refuses an assertion from another passkey', async () => {
    const a = await enrolled()
    const b = await enrolled()
    const response = b.phone.authenticate({ challenge: ballotChallenge(ballot), rpId: RP_ID })
    const check = await verifyBallotSignature({
      ballot,
      response,
      credential: a.credential,
      rpID: RP_ID,
      origin: ORIGIN,
    })
    expect(check).toMatchObject({ ok: false })
  })

  it('refuses a replayed assertion once the counter has moved on', async () => {
    const { phone, credential } = await enrolled()
    const first = phone.authenticate({ challenge: ballotChallenge(ballot), rpId: RP_ID })
    const second = phone.authenticate({ challenge: ballotChallenge(ballot), rpId: RP_ID })
    const ok = await verifyBallotSignature({
      ballot,
      response: second,
      credential,
      rpID: RP_ID,
      origin: ORIGIN,
    })
    expect(ok).toEqual({ ok: true, newCounter: 2 })
    const replay = await verifyBallotSignature({
      ballot,
      response: first,
      credential: { ...credential, counter: 2 },
      rpID: RP_ID,
      origin: ORIGIN,
    })
    expect(replay.ok).toBe(false)
  })

  it('refuses an assertion made on another origin', async () => {
    const { phone, credential } = await enrolled('http://localhost:9999')
    const response = phone.authenticate({ challenge: ballotChallenge(ballot), rpId: RP_ID })
    const check = await verifyBallotSignature({ ballot, response, credential, rpID: RP_ID, origin: ORIGIN })
    expect(check.ok).toBe(false)
  })
})
