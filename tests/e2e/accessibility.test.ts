import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { seedDemoMeetings, type DemoMeetings } from '../../server/demo/meetings'
import { prng } from '../../server/demo/prng'
import { SoftAuthenticator } from '../../server/demo/soft-authenticator'
import { DAY_MS } from '../../server/domain/calendar'
import { demoMoneyDisclosures } from '../../server/demo/disclosures-data'
import { createDisclosure, publishDisclosure } from '../../server/services/disclosures'
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
    // A published maintenance-fund half-year of last year, for the disclosure pages (domain §9).
    const fund = demoMoneyDisclosures(NOW.getUTCFullYear() - 1).find((x) => x.kind === 'maintenance_fund')
    const statement = fund?.versions[0]?.statement
    if (!fund || !statement) throw new Error('the demo has a maintenance-fund half-year')
    const created = await createDisclosure(
      db,
      ESTATE,
      {
        kind: fund.kind,
        period: { start: fund.periodStart, end: fund.periodEnd },
        visibility: 'public',
        decidedAt: null,
        title: fund.title,
        body: fund.body,
        statement: { ...statement, lines: [...statement.lines] },
        facts: null,
      },
      convener,
    )
    disclosureId = created.id
    await publishDisclosure(db, ESTATE, created.id, { reason: '' }, convener)
  },
})
let documentId = ''
let disclosureId = ''

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
 * violations prefixed by the path. Each page is its own test, so that a failure names its page and a slow machine
 * spends one test's time on one page, not on twenty.
 */
async function check(page: Page, path: string): Promise<string[]> {
  await page.goto(`${stage.app.origin}${path}`)
  await page.locator('main h1').first().waitFor()
  await expect.poll(() => page.getByText('正在加载…').count(), poll).toBe(0)
  return (await violations(page)).map((v) => `${path}: ${v}`)
}

const meeting = (id: string) => `/estates/${ESTATE}/meetings/${id}`

describe('accessibility (axe-core, serious and critical rules)', () => {
  describe('every owner page on a phone, signed out', () => {
    let page: Page
    beforeAll(async () => {
      page = (await phoneOn(stage)).page
    })
    // The start page, sign-in, the public roll, results and who voted, formation and the publications.
    it.each([
      ['the start page', () => '/'],
      ['sign-in', () => '/signin'],
      ['the public roll', () => `/estates/${ESTATE}/roll`],
      ['published results', () => `${meeting(demo().published)}/results`],
      ['who voted', () => `${meeting(demo().published)}/voted`],
      ['formation', () => `/estates/${ESTATE}/formation`],
      ['the published roll', () => `/estates/${ESTATE}/publications/roll`],
      ['the documents', () => `/estates/${ESTATE}/publications/documents`],
      ['a document', () => `/estates/${ESTATE}/publications/documents/${documentId}`],
      ['the disclosures', () => `/estates/${ESTATE}/disclosures`],
      ['a disclosure with its statement', () => `/estates/${ESTATE}/disclosures/${disclosureId}/1`],
      ['the supervision board', () => `/estates/${ESTATE}/board`],
    ])('%s', async (_name, path) => {
      expect(await check(page, path())).toEqual([])
    })

    it('the activation letter’s page', async () => {
      const letter = await letterFor(stage.app, ESTATE, '1-1-101', stage.clock())
      expect(await check(page, new URL(letter.url).pathname)).toEqual([])
    })
  })

  // The demo owner 潘芳 of 1-1-101, left without an account by the demo: her pages, the meeting open for voting, its
  // ballot, then — after she votes — her receipt.
  describe('every owner page on a phone, signed in', () => {
    let page: Page
    beforeAll(async () => {
      page = (await phoneOn(stage)).page
      const owner = await stage.app.db
        .selectFrom('owners')
        .select('id_last4')
        .where('estate_id', '=', ESTATE)
        .where('name', '=', '潘芳')
        .executeTakeFirstOrThrow()
      await activateOnPhone(stage, page, '1-1-101', '潘芳', owner.id_last4)
    })

    it.each([
      ['the start page', () => '/'],
      ['her account', () => '/me'],
      ['the meeting open for voting', () => meeting(demo().open)],
      ['published results', () => `${meeting(demo().published)}/results`],
      ['the published roll', () => `/estates/${ESTATE}/publications/roll`],
      ['a disclosure, with the question form', () => `/estates/${ESTATE}/disclosures/${disclosureId}/1`],
    ])('%s', async (_name, path) => {
      expect(await check(page, path())).toEqual([])
    })

    it('her ballot, its review and her receipt', async () => {
      const { voters } = await ownerVoters(stage.app.db, ESTATE)
      const voter = voters.find((v) => v.units.some((u) => u.number === '1-1-101'))
      if (!voter) throw new Error('1-1-101 has no voter on the demo roll')
      const found = await check(page, `${meeting(demo().open)}/vote?voter=${voter.id}`)
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
  })

  describe('the console’s main pages', () => {
    const base = `/console/${ESTATE}`
    const desks: Record<'convener' | 'supervisor' | 'office', Page | undefined> = {
      convener: undefined,
      supervisor: undefined,
      office: undefined,
    }
    beforeAll(async () => {
      const staff = [
        ['convener', '孙召集', 'convener'],
        ['supervisor', '周监督', 'supervisor'],
        ['office', '吴街道', 'street_office'],
      ] as const
      for (const [key, name, role] of staff) {
        const desk = await deskOn(stage)
        await enrollAt(stage.app, desk, ESTATE, name, role, stage.clock())
        desks[key] = desk
      }
    })
    const at = (key: keyof typeof desks): Page => {
      const desk = desks[key]
      if (!desk) throw new Error('the desks enrol in beforeAll')
      return desk
    }

    it.each([
      ['the estate', () => base],
      ['the roll', () => `${base}/roll`],
      ['the audit', () => `${base}/audit`],
      ['people', () => `${base}/people`],
      ['review', () => `${base}/review`],
      ['meetings', () => `${base}/meetings`],
      ['a new meeting', () => `${base}/meetings/new`],
      ['the meeting open for voting', () => `${base}/meetings/${demo().open}`],
      ['its paper ballots', () => `${base}/meetings/${demo().open}/paper`],
      ['the published meeting', () => `${base}/meetings/${demo().published}`],
      ['its announcement', () => `${base}/meetings/${demo().published}/announcement`],
      ['invitations', () => `${base}/invitations`],
      ['formation', () => `${base}/formation`],
      ['disclosures', () => `${base}/disclosures`],
      ['a disclosure', () => `${base}/disclosures/${disclosureId}`],
      ['a version’s service list', () => `${base}/disclosures/${disclosureId}/1/service`],
    ])('for a convener: %s', async (_name, path) => {
      expect(await check(at('convener'), path())).toEqual([])
    })

    it.each([
      ['the published meeting', () => `${base}/meetings/${demo().published}`],
      ['the audit', () => `${base}/audit`],
    ])('for a supervisor: %s', async (_name, path) => {
      expect(await check(at('supervisor'), path())).toEqual([])
    })

    // The street office's formation page, with the application and group forms it alone is shown.
    it('for the street office: formation', async () => {
      expect(await check(at('office'), `${base}/formation`)).toEqual([])
    })
  })
})
