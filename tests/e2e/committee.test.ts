import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { loadActor, type Actor } from '../../server/auth/access'
import { addYears } from '../../server/domain/committee'
import { chinaDate, DAY_MS } from '../../server/domain/calendar'
import { prng } from '../../server/demo/prng'
import { Simulation } from '../../server/demo/simulate'
import { SoftAuthenticator } from '../../server/demo/soft-authenticator'
import { createTerm } from '../../server/services/committee'
import { castVote, prepareVote } from '../../server/services/committee-votes'
import { importRoll } from '../../server/services/import-roll'
import { signOff } from '../../server/services/meeting-records'
import { finalizeMeeting } from '../../server/services/meeting-results'
import { createStaff } from '../../server/services/staff-accounts'
import { csv } from '../support/roll-files'
import { ORIGIN } from '../support/auth'
import { ownersWithPasskeys, type PhoneOwner } from '../support/voters'
import { enrollAt, HOUR, letterFor, loadedMeeting, phoneOn, poll, setUpStage, deskOn } from './desk'
import { enterTextedCode, rollPhone } from './owner-phone'

/**
 * The committee in the browser (domain §8): a small estate's real election, played through the services in the
 * past up to its final announcement, makes the term; the convener schedules the first committee meeting
 * (选举主任、副主任) at the desk; a member on a 360-px phone reads the item and confirms her vote with her passkey —
 * the phone's authenticator signs the vote's hash —, four others confirm theirs; the convener closes the meeting:
 * passed with more than half of all members, and the chair and vice-chair are set.
 */

const stage = setUpStage()
const ESTATE = 'qingyuan'
const owner = (i: number) => `业主${String(i).padStart(2, '0')}`
const unit = (i: number) => `1-${100 + i}`
const line = (i: number) =>
  `${unit(i)},1号楼,住宅,100.0000,登记,${owner(i)},${String(i).padStart(4, '0')},138000000${String(i).padStart(2, '0')},N`

/** The estate, a final election of five from its owners, the term; the members' phones but the first one's. */
async function electedCommittee(): Promise<{ members: PhoneOwner[] }> {
  const db = stage.app.db
  const now = stage.clock().getTime()
  const imported = await importRoll(db, {
    estateId: ESTATE,
    estateName: '清苑',
    fileName: 'roll.csv',
    file: Buffer.from(csv(...Array.from({ length: 15 }, (_, k) => line(k + 1)))),
    actor: 'test',
    role: 'convener',
    now: () => new Date(now - 60 * DAY_MS),
  })
  expect(imported.ok).toBe(true)
  const passkeys = { rpID: 'localhost', rpName: '共决 Gongjue', origin: ORIGIN }
  // The five candidates vote in no assembly here: their accounts are their own (业主01 activates on her phone).
  const sim = new Simulation(db, ESTATE, {
    passkeys,
    newPhone: () => new SoftAuthenticator(ORIGIN),
    random: prng(7),
    spareUnits: [1, 2, 3, 4, 5].map(unit),
    accounts: 'direct',
  })
  const notice = new Date(now - 50 * DAY_MS)
  const run = await sim.run({
    title: '清苑第一次业主大会会议',
    matters: [
      {
        definition: {
          kind: 'elect_committee',
          title: '选举第一届业主委员会',
          body: '',
          seats: 5,
          candidates: [1, 2, 3, 4, 5].map((i) => ({
            unit: unit(i),
            name: owner(i),
            statement: '',
            eligibility: { fullCapacity: true, noArrears: true, notPropertyStaff: true },
          })),
        },
        mood: { kind: 'election', approve: [1000, 1000, 1000, 1000, 1000] },
      },
    ],
    noticeAt: notice,
    windowDays: 7,
    // Every voter but the five spared: 10 of 15, exactly two thirds, the quorum (民法典 art. 278(2)).
    turnout: { num: 1, den: 1 },
    publish: true,
  })
  const closes = Date.parse(run.closesAt)
  const supervisor = await createStaff(
    db,
    { displayName: '居委会', role: 'supervisor', estateId: ESTATE, origin: stage.app.origin },
    { actor: 'test', role: 'admin', now: new Date(closes) },
  )
  const signAt = new Date(closes + 3 * HOUR)
  await signOff(
    db,
    await loadedMeeting(db, run.meetingId, signAt),
    supervisor.accountId,
    { decision: 'approve', note: null, acknowledgeOpen: true },
    { actor: `account:${supervisor.accountId}`, role: 'supervisor', now: signAt },
  )
  const finalAt = new Date(closes + 10 * DAY_MS)
  await finalizeMeeting(db, await loadedMeeting(db, run.meetingId, finalAt), {
    actor: 'test:convener',
    role: 'convener',
    now: finalAt,
  })
  await createTerm(
    db,
    ESTATE,
    {
      meetingId: run.meetingId,
      matterId: 'q1',
      number: 1,
      endsOn: addYears(chinaDate(finalAt.getTime()), 5),
    },
    { actor: 'test:convener', role: 'convener', now: finalAt },
  )
  return {
    members: await ownersWithPasskeys(db, ESTATE, { units: [2, 3, 4, 5].map(unit), now: stage.clock() }),
  }
}

/** A member's vote confirmed through the services with their own software passkey. */
async function voteAs(m: PhoneOwner, meetingId: string, itemId: string) {
  const passkeys = { rpID: 'localhost', rpName: '共决 Gongjue', origin: ORIGIN }
  const actor = (await loadActor(stage.app.db, m.accountId, randomUUID())) as Actor
  const now = stage.clock()
  const { vote, options } = await prepareVote(
    stage.app.db,
    passkeys,
    ESTATE,
    meetingId,
    actor,
    { itemId, choice: 'for' },
    now,
  )
  await castVote(
    stage.app.db,
    passkeys,
    ESTATE,
    meetingId,
    actor,
    { nonce: vote.nonce, response: m.phone.authenticate(options) as never },
    { actor: `account:${m.accountId}`, role: 'owner', now },
  )
}

describe('a committee meeting with passkey-confirmed votes', () => {
  it('a member confirms her vote on the phone with her passkey; the convener closes the meeting', async () => {
    const { members } = await electedCommittee()

    // 业主01 activates her phone from her letter (the code texted to the phone on the roll) and creates a passkey.
    const phone = await phoneOn(stage)
    const letter = await letterFor(stage.app, ESTATE, unit(1), stage.clock())
    await phone.page.goto(letter.url)
    await phone.page.getByLabel('姓名', { exact: true }).fill(owner(1))
    await phone.page.getByLabel('证件号后四位', { exact: true }).fill('0001')
    await phone.page.getByRole('button', { name: '下一步' }).tap()
    await enterTextedCode(stage.app, phone.page, await rollPhone(stage.app, ESTATE, owner(1), '0001'))
    await phone.page.getByRole('button', { name: '创建通行密钥' }).tap()
    await phone.page.waitForURL(`${stage.app.origin}/`)

    // The convener sees the term with its clocks — seating overdue, in red — and schedules the first meeting.
    const desk = await deskOn(stage)
    await enrollAt(stage.app, desk, ESTATE, '召集人', 'convener', stage.clock())
    await desk.goto(`${stage.app.origin}/console/${ESTATE}/committee`)
    await desk.getByRole('heading', { name: '业主委员会', level: 1 }).waitFor()
    const rows = desk.locator('table.committee-members tbody tr')
    await expect.poll(() => rows.count(), poll).toBe(5)
    expect(await desk.locator('li.status-line.bad', { hasText: '选举主任、副主任' }).innerText()).toMatch(
      /已逾期/,
    )
    await desk.getByLabel('会议名称', { exact: true }).fill('第一届业主委员会第一次会议')
    await desk.getByLabel('主任人选', { exact: true }).selectOption({ label: owner(1) })
    await desk.getByLabel('副主任人选').selectOption({ label: owner(2) })
    await desk.getByRole('button', { name: '安排会议' }).click()
    await desk.getByRole('link', { name: '第一届业主委员会第一次会议' }).click()
    await desk.getByRole('heading', { name: '第一届业主委员会第一次会议', level: 1 }).waitFor()
    const meetingId = desk.url().split('/').at(-1) as string

    // On her phone: the item, 同意, and the passkey — the page says her vote is confirmed and final.
    await phone.page.goto(`${stage.app.origin}/estates/${ESTATE}/committee/vote`)
    await phone.page.getByRole('heading', { name: '选举主任、副主任' }).waitFor()
    expect(await phone.page.getByText('主任：业主01；副主任：业主02').count()).toBe(1)
    await phone.page.getByRole('radio', { name: '同意' }).tap()
    await phone.page.getByRole('button', { name: '用通行密钥确认' }).tap()
    await phone.page.getByText('您的表决已确认：同意').waitFor()
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await stage.screenshot(phone.page, 'committee-member-vote')
    const stored = await stage.app.db
      .selectFrom('committee_votes')
      .select(['choice', 'assertion_json'])
      .where('meeting_id', '=', meetingId)
      .execute()
    expect(stored).toHaveLength(1)
    expect(JSON.parse(stored[0]?.assertion_json ?? '{}')).toHaveProperty('response.signature')

    // Two more members confirm theirs: 3 of 5 seats, more than half of all members.
    for (const m of members.slice(0, 2)) await voteAs(m, meetingId, 'r1')

    await desk.reload()
    await expect.poll(() => desk.locator('table.committee-votes tbody tr').count(), poll).toBe(3)
    await desk.getByRole('button', { name: '结束会议并计票' }).click()
    await desk
      .getByRole('dialog', { name: '结束会议并计票' })
      .getByRole('button', { name: '结束会议并计票' })
      .click()
    await desk.getByText('通过', { exact: true }).waitFor()
    expect(await desk.locator('.outcome').innerText()).toContain('须至少 3 名委员同意')
    await stage.screenshot(desk, 'committee-meeting-closed')

    await desk.goto(`${stage.app.origin}/console/${ESTATE}/committee`)
    await expect
      .poll(() => desk.locator('table.committee-members tbody tr').first().innerText(), poll)
      .toContain('主任')
  })
})
