import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { seedDemoMeetings, type DemoMeetings } from '../../server/demo/meetings'
import { prng } from '../../server/demo/prng'
import { SoftAuthenticator } from '../../server/demo/soft-authenticator'
import { DAY_MS } from '../../server/domain/calendar'
import { createDocument, publishDocument } from '../../server/services/documents'
import { ownerVoters } from '../../server/services/owner-voters'
import { publishRollVersion } from '../../server/services/roll-versions'
import { activateOnPhone, deskOn, enrollAt, ESTATE, letterFor, phoneOn, poll, setUpStage } from './desk'

/**
 * Every owner page and the console's main pages checked by axe-core, the accessibility rules engine, injected into
 * the real page in headless Chromium once its content has arrived. A serious or critical violation fails the file:
 * an owner who reads with a screen reader, or enlarges the text on an old phone, must be able to vote; a
 * supervisor using the keyboard must be able to sign off. The demo estate with its two demo meetings (one with
 * published results, one open for voting) gives every page something to show.
 */

// Evaluated through the DevTools protocol, not added as a <script>: the app's Content-Security-Policy (script-src
// 'self') rightly refuses an inline script, and the test must not loosen it.
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

const NOW = new Date()
let meetings: DemoMeetings | undefined
const stage = setUpStage({
  // The demo meetings' notices lie in the past: the roll is dated before them, as `npm start` seeds it.
  demoAt: new Date(NOW.getTime() - 70 * DAY_MS),
  prepare: async (db) => {
    meetings = await seedDemoMeetings(db, {
      // The simulated owners' passkeys are checked by the server against an origin they never meet here: theirs.
      passkeys: { rpID: 'localhost', rpName: '共决 Gongjue', origin: 'http://localhost' },
      newPhone: () => new SoftAuthenticator('http://localhost'),
      random: prng(2026),
      now: NOW,
    })
    // The roll published as a version, and a document, so that the publications pages have something to show.
    const convener = { actor: 'test:convener', role: 'convener', now: NOW }
    await publishRollVersion(db, { estateId: ESTATE, note: '筹备组公示业主名册', answers: [] }, convener)
    const { id } = await createDocument(db, { estateId: ESTATE, template: 'rules_of_procedure' }, convener)
    documentId = id
    await publishDocument(db, { estateId: ESTATE, documentId: id, reason: '' }, convener)
  },
})
let documentId = ''

const demo = (): DemoMeetings => {
  if (!meetings) throw new Error('the demo meetings are seeded before the app starts')
  return meetings
}

interface Violation {
  readonly id: string
  readonly impact: string | null
  readonly help: string
  readonly nodes: readonly { readonly target: readonly unknown[]; readonly html: string }[]
}

/**
 * Rules that fail whatever impact axe gives them: a column header with no text leaves a screen reader announcing
 * nothing as the reader moves along a row of the console's lists.
 */
const ALWAYS = new Set(['empty-table-header'])

/** The serious and critical violations axe finds on the page as it is now (and those of ALWAYS). */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(AXE)
  const found = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: unknown }> } }
    ).axe
    const r = await axe.run(document, { resultTypes: ['violations'] })
    return r.violations as Violation[]
  })
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || ALWAYS.has(v.id))
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => `${n.target.join(' ')} ${n.html.slice(0, 120)}`)
          .join(' | ')}`,
    )
}

/**
 * Opens `path`, waits for the page's heading and for its loading notes to go, then asks axe. Answers the
 * violations prefixed by the path, so that one failure lists every page's problems at once.
 */
async function check(page: Page, path: string): Promise<string[]> {
  await page.goto(`${stage.app.origin}${path}`)
  await page.locator('main h1').first().waitFor()
  await expect.poll(() => page.getByText('正在加载…').count(), poll).toBe(0)
  return (await violations(page)).map((v) => `${path}: ${v}`)
}

describe('accessibility (axe-core, serious and critical rules)', () => {
  it('every owner page, signed out and signed in, on a phone', async () => {
    const { published, open } = demo()
    const meeting = (id: string) => `/estates/${ESTATE}/meetings/${id}`
    const phone = await phoneOn(stage)
    const page = phone.page
    const found: string[] = []

    // Signed out: the start page, sign-in, the public roll, results and who voted, the activation letter's page.
    for (const path of [
      '/',
      '/signin',
      `/estates/${ESTATE}/roll`,
      `${meeting(published)}/results`,
      `${meeting(published)}/voted`,
      `/estates/${ESTATE}/formation`,
      `/estates/${ESTATE}/publications/roll`,
      `/estates/${ESTATE}/publications/documents`,
      `/estates/${ESTATE}/publications/documents/${documentId}`,
    ])
      found.push(...(await check(page, path)))
    const letter = await letterFor(stage.app, ESTATE, '1-1-101', stage.clock())
    found.push(...(await check(page, new URL(letter.url).pathname)))

    // Signed in (the demo owner 潘芳 of 1-1-101, left without an account by the demo): her pages, the meeting open
    // for voting, its ballot, then — after she votes — her receipt.
    const owner = await stage.app.db
      .selectFrom('owners')
      .select('id_last4')
      .where('estate_id', '=', ESTATE)
      .where('name', '=', '潘芳')
      .executeTakeFirstOrThrow()
    await activateOnPhone(stage, page, '1-1-101', '潘芳', owner.id_last4)
    for (const path of [
      '/',
      '/me',
      meeting(open),
      `${meeting(published)}/results`,
      `/estates/${ESTATE}/publications/roll`,
    ])
      found.push(...(await check(page, path)))

    const { voters } = await ownerVoters(stage.app.db, ESTATE)
    const voter = voters.find((v) => v.units.some((u) => u.number === '1-1-101'))
    if (!voter) throw new Error('1-1-101 has no voter on the demo roll')
    found.push(...(await check(page, `${meeting(open)}/vote?voter=${voter.id}`)))
    // Her choices: the first answer of every matter, then the review, which axe checks too.
    for (const group of await page.getByRole('group').all()) {
      const first = group.getByRole('radio').or(group.getByRole('checkbox')).first()
      if ((await first.count()) > 0) await first.check()
    }
    await page.getByRole('button', { name: /下一步/ }).tap()
    await page.getByRole('heading', { name: '请核对您的选择' }).waitFor()
    found.push(...(await violations(page)).map((v) => `review: ${v}`))
    await page.getByRole('button', { name: /通行密钥/ }).tap()
    await page.waitForURL(/\/receipt/)
    await page.locator('[data-receipt]').waitFor()
    found.push(...(await violations(page)).map((v) => `receipt: ${v}`))

    expect(found).toEqual([])
  })

  it('the console’s main pages, for a convener, a supervisor and the street office', async () => {
    const { published, open } = demo()
    const base = `/console/${ESTATE}`
    const convener = await deskOn(stage)
    await enrollAt(stage.app, convener, ESTATE, '孙召集', 'convener', stage.clock())
    const found: string[] = []
    for (const path of [
      base,
      `${base}/roll`,
      `${base}/audit`,
      `${base}/people`,
      `${base}/review`,
      `${base}/meetings`,
      `${base}/meetings/new`,
      `${base}/meetings/${open}`,
      `${base}/meetings/${open}/paper`,
      `${base}/meetings/${published}`,
      `${base}/meetings/${published}/announcement`,
      `${base}/invitations`,
      `${base}/formation`,
    ])
      found.push(...(await check(convener, path)))

    const supervisor = await deskOn(stage)
    await enrollAt(stage.app, supervisor, ESTATE, '周监督', 'supervisor', stage.clock())
    for (const path of [`${base}/meetings/${published}`, `${base}/audit`])
      found.push(...(await check(supervisor, path)))

    // The street office's formation page, with the application and group forms it alone is shown.
    const office = await deskOn(stage)
    await enrollAt(stage.app, office, ESTATE, '吴街道', 'street_office', stage.clock())
    found.push(...(await check(office, `${base}/formation`)))

    expect(found).toEqual([])
  })
})
