import type { SoftAuthenticator } from '../../server/demo/soft-authenticator'
import { call, type TestApp } from './auth'
import { signInPhone } from './voters'

/**
 * A committee member's vote through both steps of the ceremony (domain §8: each vote confirmed with the member's
 * passkey), from the member's own phone; `signer` signs instead when a test says (another phone holds none of the
 * member's passkeys: it signs with its own). `api` is the estate's API base, /api/estates/<id>.
 */
export async function committeeVote(
  a: TestApp,
  api: string,
  phone: SoftAuthenticator,
  committeeMeetingId: string,
  itemId: string,
  choice: string,
  signer: SoftAuthenticator = phone,
): Promise<Response> {
  const cookie = await signInPhone(a, phone)
  const base = `${api}/committee/meetings/${committeeMeetingId}`
  const prepared = await call(a.app, 'POST', `${base}/vote-options`, { cookie, body: { itemId, choice } })
  if (prepared.status !== 200) return prepared
  const { vote, options } = (await prepared.json()) as {
    vote: { nonce: string; choice: string; member: string }
    options: Parameters<SoftAuthenticator['authenticate']>[0]
  }
  if (vote.choice !== choice) throw new Error(`the options are for ${vote.choice}, not ${choice}`)
  const own = signer === phone
  const response = signer.authenticate(own ? options : { ...options, allowCredentials: [] })
  return call(a.app, 'POST', `${base}/votes`, { cookie, body: { nonce: vote.nonce, response } })
}

/**
 * The committee's meeting that elects its chair and vice-chair(s) (选举主任、副主任, domain §7.5), held at `heldAt`:
 * scheduled by the convener whose session is `cookie`, voted for by each of `voters` (members' phones) with their
 * passkey, and closed. Members are named as the term lists them. Returns the committee meeting's id.
 */
export async function electOfficers(
  a: TestApp,
  api: string,
  cookie: string,
  o: { heldAt: string; chair: string; viceChairs: readonly string[]; voters: readonly SoftAuthenticator[] },
): Promise<string> {
  const view = (await (await call(a.app, 'GET', `${api}/committee`, { cookie })).json()) as {
    term: { members: { id: string; name: string }[] } | null
  }
  const idOf = (name: string) => {
    const m = view.term?.members.find((x) => x.name === name)
    if (!m) throw new Error(`no member ${name}`)
    return m.id
  }
  const scheduled = await call(a.app, 'POST', `${api}/committee/meetings`, {
    cookie,
    body: {
      title: '业主委员会第一次会议',
      heldAt: o.heldAt,
      items: [
        { kind: 'elect_officers', officers: { chair: idOf(o.chair), viceChairs: o.viceChairs.map(idOf) } },
      ],
    },
  })
  if (scheduled.status !== 201) throw new Error(`schedule: ${scheduled.status} ${await scheduled.text()}`)
  const id = ((await scheduled.json()) as { meeting: { id: string } }).meeting.id
  for (const phone of o.voters) {
    const voted = await committeeVote(a, api, phone, id, 'r1', 'for')
    if (voted.status !== 201) throw new Error(`vote: ${voted.status} ${await voted.text()}`)
  }
  const closed = await call(a.app, 'POST', `${api}/committee/meetings/${id}/close`, { cookie })
  if (closed.status !== 200) throw new Error(`close: ${closed.status} ${await closed.text()}`)
  return id
}
