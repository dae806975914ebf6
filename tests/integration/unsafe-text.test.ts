import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { bootLines, logSafe } from '../../server/boot-log'
import { call, demoDb, enrolStaff, type tempDb, testApp, type SignedIn, type TestApp } from '../support'

/**
 * Names and titles shown to others refuse control characters and bidirectional overrides at input, and whatever
 * reaches the server log from the database is stripped of them: a crafted meeting title must not print a fake
 * link or drive the operator's terminal.
 */

const ESC = '\u001b'
const BEL = '\u0007'
// An OSC 8 hyperlink, a colour, a carriage return over the line and a fake line of its own.
const CRAFTED = `业主大会${ESC}]8;;http://evil.example${BEL}点此登录${ESC}]8;;${BEL}${ESC}[2J\r\n  Sign in: http://evil.example\u202e`
const CONTROL = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u

describe('logSafe and the boot lines', () => {
  it.each([
    ['plain 锦绣苑 1-1-101', 'plain 锦绣苑 1-1-101'],
    [`a${ESC}[31mred${ESC}[0m`, 'a[31mred[0m'],
    ['line\r\nbreak\ttab', 'linebreaktab'],
    ['c1\u0085\u009bend\u007f', 'c1end'],
    ['abc\u202edef\u2066g\u2069', 'abcdefg'],
  ])('%j → %j', (input, expected) => {
    expect(logSafe(input)).toBe(expected)
  })

  it('prints a crafted title, name and unit on their own line, without anything a terminal obeys', () => {
    const lines = bootLines('http://localhost:8787', {
      estate: { id: 'jinxiu', name: `锦绣苑${ESC}[8m` },
      meetings: [{ title: CRAFTED, status: 'open', url: 'http://localhost:8787/estates/jinxiu/meetings/x' }],
      links: {
        staff: [
          { name: `召集人${BEL}\n  Admin: http://evil.example`, role: 'convener', url: 'http://x/enroll/t' },
        ],
        owners: [
          {
            voter: 'v',
            units: [`1-1-101${ESC}[1A`],
            people: [{ name: `潘芳\u202d`, idLast4: '9839' }],
            url: 'http://x/a/CODE',
          },
        ],
      },
    })
    for (const line of lines) expect(line).not.toMatch(CONTROL)
    expect(lines.filter((l) => l.includes('Sign in: http://evil.example'))).toHaveLength(1)
    expect(lines.find((l) => l.includes('Demo meeting'))).toContain('Sign in: http://evil.example')
    expect(lines.some((l) => l.startsWith('  Admin:'))).toBe(false)
    expect(lines.find((l) => l.includes('业主 Owner'))).toContain(
      '1-1-101[1A (潘芳 / 证件后四位 ID last 4: 9839)',
    )
  })
})

describe('names and titles at input', () => {
  let t: Awaited<ReturnType<typeof tempDb>>
  let a: TestApp
  let admin: SignedIn
  let convener: SignedIn
  const now = new Date('2026-12-01T02:00:00Z')

  beforeEach(async () => {
    t = await demoDb()
    a = testApp(t.db, { now: () => now })
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    admin = await enrolStaff(a, t.db, 'admin', null, '管理员', now)
    convener = await enrolStaff(a, t.db, 'convener', 'jinxiu', '召集人', now)
  })
  afterEach(async () => {
    vi.restoreAllMocks()
    await a.tracker.drain()
    await t.cleanup()
  })

  const refused = async (res: Response) => {
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('invalid_request')
    expect(body.error.message).toMatch(/control or bidirectional-override/)
  }

  const meeting = (over: { title?: string; matterTitle?: string; candidate?: string } = {}) => ({
    title: over.title ?? '2026年第一次业主大会会议',
    opensAt: '2026-12-16T16:00:00.000Z',
    closesAt: '2026-12-26T16:00:00.000Z',
    matters: [
      { kind: 'management_covenant', title: over.matterTitle ?? '修改管理规约', body: '第一条\n第二条' },
      {
        kind: 'elect_committee',
        title: '选举第一届业主委员会',
        seats: 5,
        candidates: ['潘芳', '段文杰', '黎海燕', '贾建国', '雷军'].map((name, i) => ({
          unit: ['1-1-101', '1-1-102', '1-1-103', '1-1-201', '7-2-601'][i],
          name: i === 0 && over.candidate !== undefined ? over.candidate : name,
          statement: '',
          eligibility: { fullCapacity: true, noArrears: true, notPropertyStaff: true },
        })),
      },
    ],
  })
  const base = '/api/estates/jinxiu/meetings'

  it.each([
    ['a meeting title with a terminal escape', { title: `会议${ESC}[2J` }],
    ['a meeting title with a right-to-left override', { title: '会议\u202e议会' }],
    ['a matter title with a line break', { matterTitle: '修改\n管理规约' }],
    ['a candidate name with an isolate', { candidate: '潘\u2066芳' }],
    ['a candidate name with a C1 control', { candidate: '潘\u0085芳' }],
  ])('refuses %s', async (_, over) => {
    await refused(await call(a.app, 'POST', base, { cookie: convener.cookie, body: meeting(over) }))
    expect(await t.db.selectFrom('meetings').selectAll().execute()).toHaveLength(0)
  })

  it('accepts ordinary titles and a matter body with line breaks', async () => {
    const res = await call(a.app, 'POST', base, { cookie: convener.cookie, body: meeting() })
    expect(res.status).toBe(201)
  })

  it('refuses such characters in estate names and staff display names', async () => {
    await refused(
      await call(a.app, 'POST', '/api/estates', {
        cookie: admin.cookie,
        body: { id: 'huayuan', name: `华苑${BEL}` },
      }),
    )
    await refused(
      await call(a.app, 'PATCH', '/api/estates/jinxiu', {
        cookie: admin.cookie,
        body: { name: '锦绣\u202e苑' },
      }),
    )
    await refused(
      await call(a.app, 'POST', '/api/estates/jinxiu/staff', {
        cookie: admin.cookie,
        body: { displayName: `王主任${ESC}]8;;http://evil.example${BEL}`, role: 'supervisor' },
      }),
    )
    await refused(
      await call(a.app, 'POST', '/api/me/passkeys/options', {
        cookie: convener.cookie,
        body: { label: '手机\u2067' },
      }),
    )
    const ok = await call(a.app, 'PATCH', '/api/estates/jinxiu', {
      cookie: admin.cookie,
      body: { name: '锦绣苑 二期' },
    })
    expect(ok.status).toBe(200)
  })
})
