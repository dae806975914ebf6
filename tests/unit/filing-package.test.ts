import { createHash } from 'node:crypto'
import { readFile, readdir } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { holidayTable, NO_HOLIDAYS } from '../../server/domain/calendar'
import { FILING_DAYS, filedInTime, filingDue } from '../../server/domain/filing'
import { computeResults } from '../../server/domain/results'
import {
  buildFilingPackage,
  FILING_PATHS,
  INDEX_PATH,
  missingParts,
  writeFilingDirectory,
  zipFilingPackage,
  type FilingPackageInput,
} from '../../server/services/filing-package'
import { percent, text } from '../../server/services/filing-pages'
import { tempDir } from '../support'
import { ballot, bundleOf, election, flats, resolution } from '../support/bundles'
import { unzipEntries } from '../support/zip'

const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex')
const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'))
const decode = (b: Uint8Array) => Buffer.from(b).toString('utf8')

// A small meeting decided by the real tally: one covenant, one election of five among seven.
const units = flats([900_000, 1_000_000, 1_100_000, 1_200_000])
const covenant = resolution('management_covenant', { id: 'q1', title: '审议管理规约' })
const elect = election({ id: 'e1' })
const yes = { q1: 'yes' as const, e1: ['c1', 'c2', 'c3', 'c4', 'c5'] }
const results = computeResults(
  bundleOf({
    units,
    matters: [covenant, elect],
    ballots: ['u0', 'u1', 'u2'].map((u) => ballot(u, yes)),
  }),
)
const NAMES = ['潘芳', '段文杰', '黎海燕', '贾建国', '雷军', '袁勇', '贾欣怡']

function input(over: Partial<FilingPackageInput> = {}): FilingPackageInput {
  return {
    estate: { id: 'jinxiu', name: '锦绣苑' },
    meeting: {
      id: '00000000-0000-4000-8000-000000000001',
      title: '2026年第一次业主大会会议',
      noticedAt: '2026-12-01T02:00:00.000Z',
      opensAt: '2026-12-16T16:00:00.000Z',
      closesAt: '2026-12-26T16:00:00.000Z',
      preliminaryAt: '2026-12-29T01:00:00.000Z',
      finalAt: '2027-01-08T01:00:00.000Z',
      auditHead: 'a'.repeat(64),
    },
    record: {
      objections: [
        {
          at: '2026-12-30T02:00:00.000Z',
          text: '计票有误？',
          answer: '已复核，无误。',
          answeredAt: '2026-12-31T02:00:00.000Z',
        },
      ],
      signoffs: [{ at: '2027-01-02T02:00:00.000Z', decision: 'approve', by: '居委会', note: null }],
    },
    results: { text: '{"format":"gongjue.results/1"}', sha256: sha('{"format":"gongjue.results/1"}') },
    decisions: [
      { title: covenant.title, result: results[0]!, candidates: [] },
      {
        title: elect.title,
        result: results[1]!,
        candidates: elect.candidates.map((c, i) => ({ id: c.id, name: NAMES[i]! })),
      },
    ],
    csv: {
      detail: utf8('\uFEFF投票权人 voter\r\n1-1-101\r\n'),
      summary: utf8('\uFEFF事项 matter\r\nq1\r\n'),
    },
    filingDueAt: '2027-02-07T16:00:00.000Z',
    generatedAt: '2027-01-09T02:00:00.000Z',
    documents: [
      {
        kind: 'rules_of_procedure',
        title: '业主大会议事规则',
        version: 2,
        sha256: 'b'.repeat(64),
        text: '第一条\n第二条',
      },
      { kind: 'management_covenant', title: '管理规约', version: 1, sha256: 'c'.repeat(64), text: '第一条' },
      {
        kind: 'maintenance_fund_covenant',
        title: '维修资金管理规约',
        version: 1,
        sha256: 'd'.repeat(64),
        text: '第一条',
      },
    ],
    members: NAMES.slice(0, 5).map((name, i) => ({
      name,
      unit: `1-1-10${i + 1}`,
      role: i === 0 ? 'chair' : i === 1 ? 'vice_chair' : 'member',
      undertakingSignedOn: '2027-01-09',
    })),
    training: { date: '2027-01-12', topic: '业主委员会履职培训', attendees: NAMES.slice(0, 5) },
    ...over,
  }
}

/** The index's entries: each numbered line with a file, its SHA-256 line; each 缺 line with its part. */
function readIndex(index: string) {
  const lines = index.replace(/^\uFEFF/, '').split('\r\n')
  const files = new Map<string, string>()
  const missing: string[] = []
  lines.forEach((line, i) => {
    const m = /^\d{2} {2}(.+)$/.exec(line)
    if (!m) return
    const what = m[1] as string
    if (what.startsWith('缺 missing: ')) {
      missing.push(what.slice('缺 missing: '.length))
      return
    }
    const hashLine = lines.slice(i + 1).find((l) => l.startsWith('    SHA-256 '))
    files.set(what, (hashLine as string).slice('    SHA-256 '.length))
  })
  return { files, missing, lines }
}

describe('the filing period (上海 art. 23)', () => {
  // 2027-01-08 09:00 China time: day 1 is 01-09 (民法典 art. 201), day 30 is 02-07, ending at 24:00 China time.
  const elected = Date.parse('2027-01-08T01:00:00Z')
  it.each([
    ['on the last day, one millisecond before 24:00', '2027-02-07T15:59:59.999Z', true],
    ['at 24:00 of the last day', '2027-02-07T16:00:00.000Z', false],
    ['on the day of the election itself', '2027-01-08T15:00:00Z', true],
  ])('%s', (_, at, inTime) => {
    expect(FILING_DAYS).toBe(30)
    expect(filingDue(elected, NO_HOLIDAYS)).toMatchObject({ lastDay: '2027-02-07', moved: false })
    expect(filedInTime(elected, Date.parse(at), NO_HOLIDAYS)).toBe(inTime)
  })

  it.each([
    ['2027-01-08 00:00', '2027-01-07T16:00:00.000Z', '2027-02-07'],
    ['2027-01-08 23:59:59.999', '2027-01-08T15:59:59.999Z', '2027-02-07'],
    ['2027-01-09 00:00', '2027-01-08T16:00:00.000Z', '2027-02-08'],
  ])(
    'an election at %s China time (%s) is due by the end of %s: the day of the election is not counted',
    (_, at, lastDay) => {
      expect(filingDue(Date.parse(at), NO_HOLIDAYS).lastDay).toBe(lastDay)
    },
  )

  it('moves a last day that is a public holiday to the next working day (民法典 art. 203)', () => {
    const table = holidayTable(
      ['2027-02-06', '2027-02-07', '2027-02-08'].map((date) => ({
        year: 2027,
        date,
        name: '春节',
        kind: 'holiday' as const,
      })),
      [2027],
    )
    expect(filingDue(elected, table)).toMatchObject({ lastDay: '2027-02-09', moved: true, holiday: '春节' })
  })
})

describe('buildFilingPackage', () => {
  it('lists every file in 目录.txt with its SHA-256, and nothing is missing when every part is given', () => {
    const pkg = buildFilingPackage(input())
    const [index, ...rest] = pkg.files
    expect(index?.path).toBe(INDEX_PATH)
    const { files, missing } = readIndex(decode(index!.bytes))
    expect(missing).toEqual([])
    expect([...files.keys()]).toEqual(rest.map((f) => f.path))
    for (const f of rest) expect(files.get(f.path)).toBe(sha(f.bytes))
    expect(rest.map((f) => f.path)).toEqual(['00-封面.html', ...Object.values(FILING_PATHS)])
    expect(decode(index!.bytes)).toContain('材料齐全')
  })

  it('keeps the CSVs and the results file byte for byte: the results file hashes to the published SHA-256', () => {
    const i = input()
    const pkg = buildFilingPackage(i)
    const file = (p: string) => pkg.files.find((f) => f.path === p)?.bytes
    expect(file(FILING_PATHS.detail)).toEqual(i.csv.detail)
    expect(file(FILING_PATHS.summary)).toEqual(i.csv.summary)
    expect(sha(file(FILING_PATHS.results)!)).toBe(i.results.sha256)
  })

  it('names each missing part 缺 in the index and on the cover, never leaving it out silently', () => {
    const i = input({ documents: [input().documents[0]!], members: null, training: null })
    const pkg = buildFilingPackage(i)
    const { files, missing } = readIndex(decode(pkg.files[0]!.bytes))
    expect(missing).toEqual([
      '管理规约 management covenant',
      '维修资金管理规约 maintenance-fund covenant',
      '业主委员会委员名单及书面承诺书 committee members and their written undertakings',
      '委员培训记录 record of the members’ training',
    ])
    expect(files.has(FILING_PATHS.rules_of_procedure)).toBe(true)
    expect(files.has(FILING_PATHS.management_covenant)).toBe(false)
    expect(missingParts(i)).toEqual([
      'management_covenant',
      'maintenance_fund_covenant',
      'members',
      'training',
    ])
    expect(decode(pkg.files[0]!.bytes)).toContain('缺 4 项')
    const cover = decode(pkg.files.find((f) => f.path === '00-封面.html')!.bytes)
    expect(cover.match(/<span class="missing">缺<\/span>/g)).toHaveLength(4)
    // An empty member list is as missing as none.
    expect(missingParts(input({ members: [] }))).toEqual(['members'])
  })

  it('names a missing written undertaking 缺 on the member list and in the index', () => {
    const members = input().members!.map((m, i) => (i === 3 ? { ...m, undertakingSignedOn: null } : m))
    const pkg = buildFilingPackage(input({ members }))
    const page = decode(pkg.files.find((f) => f.path === FILING_PATHS.members)!.bytes)
    expect(page.match(/<span class="missing">缺<\/span>/g)).toHaveLength(1)
    expect(page).toContain('缺 1 份')
    expect(decode(pkg.files[0]!.bytes)).toContain('书面承诺书缺 1 份')
  })

  it('prints members by full name and office, ㎡ and % in the decisions, never an id', () => {
    const pkg = buildFilingPackage(input())
    const html = (p: string) => decode(pkg.files.find((f) => f.path === p)!.bytes)
    const members = html(FILING_PATHS.members)
    for (const name of NAMES.slice(0, 5)) expect(members).toContain(`<td>${name}</td>`)
    expect(members).toContain('<td>主任</td>')
    const decisions = html(FILING_PATHS.decisions)
    expect(decisions).toContain('㎡')
    expect(decisions).toContain('%')
    expect(decisions).not.toContain('cm²')
    expect(decisions).toContain('潘芳')
    expect(decisions).not.toMatch(/\bc[1-7]\b/)
    expect(decisions).toContain('<td>计票有误？</td><td>已复核，无误。（2026年12月31日）</td>')
    expect(decisions).toContain('<td>居委会</td><td>同意</td>')
    for (const f of pkg.files.filter((x) => x.path.endsWith('.html'))) {
      const page = decode(f.bytes)
      expect(page).toContain('<html lang="zh-CN">')
      expect(page).toContain('size: A4')
      expect(page).not.toContain(input().meeting.id)
      expect(page).not.toContain('jinxiu')
    }
  })

  it('escapes hostile text in a member’s name and a document, and drops controls and overrides', () => {
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&\u202e\u001b[2J'
    const pkg = buildFilingPackage(
      input({
        estate: { id: 'jinxiu', name: `锦绣苑${hostile}` },
        members: [{ name: `潘芳${hostile}`, unit: '1-1-101', role: 'chair', undertakingSignedOn: null }],
        documents: [
          {
            kind: 'management_covenant',
            title: `管理规约${hostile}`,
            version: 1,
            sha256: 'c'.repeat(64),
            text: `第一条 ${hostile}\n</p><h1>第二条</h1>`,
          },
        ],
        training: { date: '2027-01-12', topic: hostile, attendees: [hostile] },
        record: {
          objections: [{ at: '2026-12-30T02:00:00.000Z', text: hostile, answer: hostile, answeredAt: null }],
          signoffs: [{ at: '2027-01-02T02:00:00.000Z', decision: 'object', by: hostile, note: hostile }],
        },
      }),
    )
    for (const f of pkg.files.filter((x) => x.path.endsWith('.html'))) {
      const page = decode(f.bytes)
      expect(page).not.toContain('<script')
      expect(page).not.toContain('<img')
      expect(page).not.toContain('</p><h1>第二条')
      expect([...page].filter((ch) => ch === '\u202e' || ch === '\u001b')).toEqual([])
    }
    const members = decode(pkg.files.find((f) => f.path === FILING_PATHS.members)!.bytes)
    expect(members).toContain(
      '潘芳&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;&#39;&amp;[2J',
    )
    const index = decode(pkg.files[0]!.bytes)
    expect([...index].filter((ch) => ch === '\u202e' || ch === '\u001b')).toEqual([])
  })

  it('makes the same archive of the same package, and writes the same files into a directory', async () => {
    const pkg = buildFilingPackage(input())
    const at = new Date('2027-01-08T01:00:00Z')
    const zip = await zipFilingPackage(pkg, at)
    expect(sha(await zipFilingPackage(pkg, at))).toBe(sha(zip))
    const entries = await unzipEntries(zip)
    expect([...entries.keys()]).toEqual(pkg.files.map((f) => f.path))
    for (const f of pkg.files) expect(entries.get(f.path)).toEqual(Buffer.from(f.bytes))
    const { dir, cleanup } = tempDir()
    try {
      await writeFilingDirectory(`${dir}/filing`, pkg)
      expect((await readdir(`${dir}/filing`)).sort()).toEqual(pkg.files.map((f) => f.path).sort())
      for (const f of pkg.files)
        expect(await readFile(`${dir}/filing/${f.path}`)).toEqual(Buffer.from(f.bytes))
    } finally {
      cleanup()
    }
  })
})

describe('the pages’ helpers', () => {
  it.each([
    [1, 3, '33.33%'],
    [2, 3, '66.67%'],
    [1, 2, '50.00%'],
    [0, 7, '0.00%'],
    [7, 7, '100.00%'],
    [1, 0, '—'],
    [1, 8, '12.50%'],
    [1, 200_000, '0.00%'],
    [1, 20_000, '0.01%'],
  ])('percent(%i, %i) = %s', (part, whole, shown) => {
    expect(percent(part, whole)).toBe(shown)
  })

  it('escapes markup and drops what the inputs refuse', () => {
    expect(text(`a<b>&"c'\u202e\u0007`)).toBe('a&lt;b&gt;&amp;&quot;c&#39;')
  })
})
