import { parse } from 'csv-parse/sync'
import { readFileSync } from 'node:fs'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_ROLL_PATH, startApp, type RunningApp } from './app-server'
import { PHONE, launchBrowser, newPhone, type Phone, PATIENCE_MS, poll } from './browser'
import { watchScripts } from './script-sizes'

/**
 * The published roll (公示名册) as an owner sees it: real server, real SQLite seeded with the demo estate 锦绣苑,
 * real headless Chromium on a 360 px touch phone. Expected figures come from the demo roll file itself.
 */

const ROLL = '/estates/jinxiu/roll'

interface DemoUnit {
  readonly number: string
  readonly building: string
  readonly owners: readonly string[]
  readonly developerHeld: boolean
}

const demo: DemoUnit[] = (
  parse(readFileSync(DEMO_ROLL_PATH), { columns: true, bom: true }) as Record<string, string>[]
).map((r) => ({
  number: r['房号'] ?? '',
  building: r['楼栋'] ?? '',
  owners: (r['业主'] ?? '').split(';').filter(Boolean),
  developerHeld: r['建设单位持有'] === 'Y',
}))
const byNumber = new Map(demo.map((u) => [u.number, u]))
const masked = (name: string) => `${Array.from(name)[0]}*`

let app: RunningApp
let browser: Browser
const phones: Phone[] = []

beforeAll(async () => {
  ;[app, browser] = await Promise.all([startApp(), launchBrowser()])
})

afterAll(async () => {
  await Promise.all(phones.map((p) => p.close()))
  await browser?.close()
  await app?.close()
})

/** A fresh phone (own storage), closed after the tests; waits give up after 10 s, inside a test's 30 s. */
async function freshPhone(): Promise<Phone> {
  const phone = await newPhone(browser)
  phones.push(phone)
  phone.context.setDefaultTimeout(PATIENCE_MS)
  return phone
}

/** A fresh phone with the page at `path`. */
async function open(path: string): Promise<Page> {
  const { page } = await freshPhone()
  await page.goto(app.origin + path)
  return page
}

async function openRoll(path = ROLL): Promise<Page> {
  const page = await open(path)
  await page.getByRole('region', { name: '全小区合计' }).waitFor()
  return page
}

/** The sentence under 房屋 / Units that says how many units matched and how many are shown. */
const matched = (page: Page, section = '房屋') =>
  page.getByRole('region', { name: section }).getByRole('status').innerText()

/** What a reader sees as "label → value" in a list of terms (the totals, a unit card). */
const terms = (where: Locator) =>
  where.evaluate((el) =>
    Object.fromEntries(
      Array.from(el.querySelectorAll('dt')).map((dt) => [
        dt.textContent ?? '',
        dt.nextElementSibling?.textContent ?? '',
      ]),
    ),
  )

interface Card {
  readonly head: string
  readonly facts: Record<string, string>
}

/** Every unit card in the list, read as a reader reads it: the first line, then label → value. */
const cards = (page: Page, section = '房屋'): Promise<Card[]> =>
  page
    .getByRole('region', { name: section })
    .getByRole('list')
    .evaluate((ul) =>
      Array.from(ul.children).map((li) => ({
        head: (li.querySelector('p')?.textContent ?? '').trim(),
        facts: Object.fromEntries(
          Array.from(li.querySelectorAll('dt')).map((dt) => [
            dt.textContent ?? '',
            dt.nextElementSibling?.textContent ?? '',
          ]),
        ),
      })),
    )

describe('公示名册 — the published roll page on a phone', () => {
  it('shows the roll of 锦绣苑 in Chinese with the whole estate’s totals: 1,008 units, 939 voters, 107,281.72 ㎡, parking not counted', async () => {
    const page = await openRoll()

    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN')
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('公示名册')
    await page.getByText('锦绣苑', { exact: true }).waitFor()
    expect(await page.title()).toBe('锦绣苑 公示名册 · 共决')
    expect(await terms(page.getByRole('region', { name: '全小区合计' }))).toEqual({
      户数: '1,008',
      票权人数: '939',
      计入面积: '107,281.72 ㎡',
      车位: '不计入面积和票权',
    })
    // What the publicity is for, and where objections go.
    const text = await page.locator('main').innerText()
    expect(text).toContain('请核对您房屋的房号、面积和面积依据')
    expect(text).toContain('请向召集人（筹备组或业主委员会）提出异议；业主登录后可在本页下方提出。')
    await expect.poll(() => matched(page), poll).toBe('找到 1,008 户，已显示 200 户')
    expect(await cards(page)).toHaveLength(200)
  })

  it('lists each unit with its building, kind, area and area source, and owners masked to their first character', async () => {
    const page = await openRoll()
    await expect.poll(() => matched(page), poll).toBe('找到 1,008 户，已显示 200 户')
    const list = await cards(page)

    expect(list[0]).toEqual({
      head: '1-1-101住宅',
      facts: { 楼栋: '1号楼', 面积: '143.90 ㎡（登记面积）', 业主: '潘*' },
    })
    expect(list[1]?.facts['业主']).toBe('段*')
    // Co-owners (贾建国;袁勇 in the file) are listed together, each masked.
    expect(list.find((c) => c.head.startsWith('1-1-201'))?.facts['业主']).toBe('贾*、袁*')
  })

  it('loads 200 more units per tap up to all 1,008, moves focus to the first new one, and never shows a full owner name', async () => {
    const page = await openRoll()
    await expect.poll(() => matched(page), poll).toBe('找到 1,008 户，已显示 200 户')

    for (const [label, shown] of [
      ['再显示 200 户', '400'],
      ['再显示 200 户', '600'],
      ['再显示 200 户', '800'],
      ['再显示 200 户', '1,000'],
      ['再显示 8 户', '1,008'],
    ] as const) {
      await page.getByRole('button', { name: label }).tap()
      await expect.poll(() => matched(page), poll).toBe(`找到 1,008 户，已显示 ${shown} 户`)
    }
    // Focus landed on the first unit of the last batch, the 1,001st.
    expect(
      await page.evaluate(() =>
        Array.from(document.querySelectorAll('main li')).indexOf(document.activeElement!),
      ),
    ).toBe(1000)
    expect(await page.getByRole('button', { name: /再显示/ }).count()).toBe(0)

    // Every unit of the file is shown once, with its owners masked or as the developer's.
    const list = await cards(page)
    expect(list).toHaveLength(demo.length)
    for (const card of list) {
      const number = card.head.replace(/(住宅|商铺|车位|其他)$/, '')
      const unit = byNumber.get(number)
      expect(unit, number).toBeDefined()
      expect(card.facts['楼栋']).toBe(unit?.building)
      expect(card.facts['业主']).toBe(unit?.developerHeld ? '建设单位' : unit?.owners.map(masked).join('、'))
    }
    const text = await page.locator('body').innerText()
    expect(text).toContain('潘*')
    expect(text).toContain('段*')
    const fullNames = [...new Set(demo.flatMap((u) => u.owners))]
    expect(fullNames).toContain('潘芳')
    expect(fullNames).toContain('段文杰')
    expect(fullNames.filter((name) => text.includes(name))).toEqual([])
  })

  it('filters by building: choosing 3号楼 shows only its units and how many matched, also after a reload', async () => {
    const page = await openRoll()
    const inBuilding3 = demo.filter((u) => u.building === '3号楼').length
    expect(inBuilding3).toBe(84)

    const select = page.getByLabel('楼栋')
    expect(await select.locator('option[value="3号楼"]').innerText()).toBe('3号楼（84 户）')
    await select.selectOption('3号楼')
    await expect.poll(() => matched(page), poll).toBe('找到 84 户，已显示 84 户')
    const list = await cards(page)
    expect(list).toHaveLength(84)
    expect(new Set(list.map((c) => c.facts['楼栋']))).toEqual(new Set(['3号楼']))
    // The totals stay those of the whole estate.
    expect((await terms(page.getByRole('region', { name: '全小区合计' })))['户数']).toBe('1,008')

    // The filter is in the address: a reload shows the same units.
    expect(decodeURIComponent(new URL(page.url()).search)).toBe('?building=3号楼')
    await page.reload()
    await expect.poll(() => matched(page), poll).toBe('找到 84 户，已显示 84 户')
    expect(await page.getByLabel('楼栋').inputValue()).toBe('3号楼')
  })

  it('finds units by part of their number: 2-1-902 finds the developer’s 2-1-902 and 12-1-902', async () => {
    const page = await openRoll()
    const expected = demo.filter((u) => u.number.includes('2-1-902')).map((u) => u.number)
    expect(expected.sort()).toEqual(['12-1-902', '2-1-902'])

    await page.getByRole('searchbox', { name: '房号' }).tap()
    await page.keyboard.type('2-1-902')
    await expect.poll(() => matched(page), poll).toBe('找到 2 户，已显示 2 户')
    expect(await cards(page)).toEqual([
      { head: '2-1-902住宅', facts: { 楼栋: '2号楼', 面积: '143.42 ㎡（登记面积）', 业主: '建设单位' } },
      { head: '12-1-902住宅', facts: { 楼栋: '12号楼', 面积: '100.93 ㎡（登记面积）', 业主: '沈*、姜*' } },
    ])

    await page.getByRole('searchbox', { name: '房号' }).fill('9-9-9999')
    await page.getByRole('button', { name: '搜索' }).tap()
    await expect.poll(() => matched(page), poll).toBe('找到 0 户，已显示 0 户')
    await page.getByText('没有符合条件的房屋。').waitFor()
  })

  it('switches to English with 中文 / English buttons that say which is on, and stays in English after a reload', async () => {
    const page = await openRoll()
    const chinese = page.getByRole('button', { name: '中文' })
    const english = page.getByRole('button', { name: 'English' })
    expect(await chinese.getAttribute('aria-pressed')).toBe('true')
    expect(await english.getAttribute('aria-pressed')).toBe('false')

    await english.tap()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText(), poll).toBe('Published roll')
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    expect(await english.getAttribute('aria-pressed')).toBe('true')
    expect(await chinese.getAttribute('aria-pressed')).toBe('false')
    expect(await terms(page.getByRole('region', { name: 'Whole estate' }))).toEqual({
      Units: '1,008',
      Voters: '939',
      'Counted area': '107,281.72 m²',
      Parking: 'Not counted in area or votes',
    })
    expect(await matched(page, 'Units')).toBe('1,008 units found, 200 shown')
    expect((await cards(page, 'Units'))[0]).toEqual({
      head: '1-1-101Residence',
      facts: { Building: '1号楼', Area: '143.90 m² (registered area)', Owners: '潘*' },
    })
    expect(await page.title()).toBe('锦绣苑: published roll · Gongjue')

    await page.reload()
    await page.getByRole('region', { name: 'Whole estate' }).waitFor()
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Published roll')
    expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true')

    await page.getByRole('button', { name: '中文' }).tap()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText(), poll).toBe('公示名册')
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN')
  })

  it('names the building filter and the unit search for screen readers, and makes every control at least 44 × 44 px', async () => {
    const page = await openRoll()
    const form = page.getByRole('search', { name: '查找房屋' })
    const snapshot = await form.ariaSnapshot()
    expect(snapshot).toContain('combobox "楼栋"')
    expect(snapshot).toContain('searchbox "房号"')
    expect(await page.getByRole('combobox', { name: '楼栋' }).count()).toBe(1)
    expect(await page.getByRole('searchbox', { name: '房号' }).getAttribute('aria-describedby')).toBe(
      'unit-search-hint',
    )
    expect(await page.getByRole('group', { name: '语言' }).getByRole('button').count()).toBe(2)

    await expect.poll(() => matched(page), poll).toBe('找到 1,008 户，已显示 200 户')
    const small = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('button, select, input, a.button, a.brand'))
        .map((el) => ({ el: el.outerHTML.slice(0, 80), box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.width < 44 || box.height < 44)
        .map(({ el }) => el),
    )
    expect(small).toEqual([])
  })

  it('tells the reader in Chinese that an unknown estate does not exist, with a way back to the list of estates', async () => {
    const page = await open('/estates/nowhere/roll')
    const alert = page.getByRole('alert')
    expect(await alert.innerText()).toContain('找不到这个小区。请检查网址，或返回首页选择小区。')
    expect(await page.locator('body').innerText()).not.toMatch(/estate/i)

    await alert.getByRole('link', { name: '返回首页' }).tap()
    await page.getByRole('link', { name: /锦绣苑/ }).waitFor()
    expect(new URL(page.url()).pathname).toBe('/')
  })

  it('answers an address that is no page with 找不到页面', async () => {
    const page = await open('/no/such/page')
    await page.getByRole('heading', { level: 1, name: '找不到页面' }).waitFor()
    expect(await page.getByRole('link', { name: '返回首页' }).count()).toBe(1)
  })

  it('says when the connection failed, and shows the roll once 重试 is tapped', async () => {
    const { page } = await freshPhone()
    await page.route('**/api/estates/jinxiu/roll?**', (route) => route.abort('internetdisconnected'))
    await page.goto(app.origin + ROLL)

    const alert = page.getByRole('alert')
    expect(await alert.innerText()).toContain('网络连接失败，请检查网络后重试。')
    await page.unroute('**/api/estates/jinxiu/roll?**')
    await alert.getByRole('button', { name: '重试' }).tap()
    await expect.poll(() => matched(page), poll).toBe('找到 1,008 户，已显示 200 户')
    expect(await page.getByRole('alert').count()).toBe(0)
  })

  it('says 正在加载… while the roll is still on its way over a slow connection', async () => {
    const { page } = await freshPhone()
    let release = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    await page.route('**/api/estates/jinxiu/roll?**', async (route) => {
      await held
      await route.continue()
    })
    await page.goto(app.origin + ROLL)

    expect(await page.getByRole('status').innerText()).toBe('正在加载…')
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('公示名册')
    release()
    await expect.poll(() => matched(page), poll).toBe('找到 1,008 户，已显示 200 户')
    expect(await page.getByText('正在加载…').count()).toBe(0)
  })

  it('starts from the list of estates, where 锦绣苑 leads to its roll with focus on the page heading', async () => {
    const page = await open('/')
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('小区')
    await page.getByRole('link', { name: /^锦绣苑/ }).tap()
    await page.getByRole('region', { name: '全小区合计' }).waitFor()
    expect(new URL(page.url()).pathname).toBe(ROLL)
    expect(await page.evaluate(() => document.activeElement?.outerHTML)).toBe(
      '<h1 tabindex="-1">公示名册</h1>',
    )
  })

  it('downloads the published roll as a CSV file in which names are masked too', async () => {
    const page = await openRoll()
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '下载完整名册（CSV）' }).tap(),
    ])
    expect(download.suggestedFilename()).toBe('roll-jinxiu.csv')
    const csv = readFileSync(await download.path(), 'utf8')
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(1 + demo.length + 1)
    expect(csv).toContain('1-1-101,1号楼,住宅,143.90,登记,潘*,否')
    expect(csv).not.toContain('潘芳')
  })

  it('fits a 360 px screen without sideways scrolling, in Chinese and English, also at 200 % text size', async () => {
    const overflowing: string[] = []
    for (const path of [ROLL, `${ROLL}?q=2-1-902`, '/estates/nowhere/roll', '/']) {
      const page = await open(path)
      await page.locator('main h1').waitFor()
      await page.waitForLoadState('networkidle')
      for (const language of ['中文', 'English']) {
        const button = page.getByRole('button', { name: language })
        await button.tap()
        await expect.poll(() => button.getAttribute('aria-pressed'), poll).toBe('true')
        for (const size of ['100%', '200%']) {
          const [fontPx, scrollWidth, innerWidth] = await page.evaluate((size) => {
            document.documentElement.style.fontSize = size
            return [
              parseFloat(getComputedStyle(document.documentElement).fontSize),
              document.documentElement.scrollWidth,
              window.innerWidth,
            ]
          }, size)
          expect(fontPx).toBe(size === '100%' ? 16 : 32)
          // On a mobile viewport, content wider than the screen also widens the layout viewport (innerWidth).
          if (Math.max(scrollWidth, innerWidth) > PHONE.viewport.width) {
            overflowing.push(`${path} ${language} ${size}: ${Math.max(scrollWidth, innerWidth)}px`)
          }
        }
      }
    }
    expect(overflowing).toEqual([])
  })

  it('loads less than 30 KB of gzipped JavaScript, the budget of an owner’s page on mobile data', async () => {
    const { page } = await freshPhone()
    const scriptSizes = watchScripts(page)
    await page.goto(app.origin + ROLL)
    await expect.poll(() => matched(page), poll).toBe('找到 1,008 户，已显示 200 户')
    await page.waitForLoadState('networkidle')
    const scripts = await scriptSizes()

    expect(scripts.size).toBeGreaterThan(1) // the app shell and the lazily loaded page
    const total = [...scripts.values()].reduce((a, b) => a + b, 0)
    expect(total).toBeLessThan(30 * 1024)
  })
})
