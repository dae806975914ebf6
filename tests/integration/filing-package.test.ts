import { createHash } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { SoftAuthenticator } from '../../server/demo/soft-authenticator'
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import {
  FILING_PATHS,
  filingPackageOf,
  INDEX_PATH,
  writeFilingDirectory,
} from '../../server/services/filing-package'
import { loadMeeting, meetingAt } from '../../server/services/meetings'
import { activateOwner, call, demoDb, enrolStaff, inviteUnit, tempDir, type SignedIn } from '../support'
import { codeOf, stage } from '../support/stage'
import { unzipEntries } from '../support/zip'

/**
 * The filing package (备案材料, 上海 art. 23) of a real meeting run through the API from notice to final: the zip
 * holds the export routes' CSVs byte for byte and the published results file, names what is not recorded yet as 缺,
 * is for the estate's readers only, is refused before the final result, and every download is audited.
 */

const s = stage({ db: demoDb, at: new Date('2026-12-01T02:00:00Z'), wide: true })
let convener: SignedIn
let supervisor: SignedIn
let street: SignedIn
let owner: SignedIn
let id: string
const base = '/api/estates/jinxiu/meetings'
// A title with markup in it: accepted at input (it is no control character), escaped on every printed page.
const TITLE = '2026年第一次业主大会会议 <b>首次</b>'

const pkgPath = () => `${base}/${id}/filing-package.zip`

async function vote(who: SignedIn, voter: string, choices: Record<string, unknown>): Promise<void> {
  const cookie = await s.fresh(who)
  const prepared = await call(s.a.app, 'POST', `${base}/${id}/ballot-options`, {
    cookie,
    body: { voter, choices },
  })
  const { ballot, options } = (await prepared.json()) as {
    ballot: { nonce: string }
    options: Parameters<SoftAuthenticator['authenticate']>[0]
  }
  const cast = await call(s.a.app, 'POST', `${base}/${id}/ballots`, {
    cookie,
    body: { nonce: ballot.nonce, response: who.phone.authenticate(options) },
  })
  expect(cast.status).toBe(201)
}

beforeAll(async () => {
  convener = await enrolStaff(s.a, s.t.db, 'convener', 'jinxiu', '召集人', s.now)
  supervisor = await enrolStaff(s.a, s.t.db, 'supervisor', 'jinxiu', '居委会', s.now)
  street = await enrolStaff(s.a, s.t.db, 'street_office', 'jinxiu', '街道办', s.now)
  owner = await activateOwner(s.a, await inviteUnit(s.t.db, 'jinxiu', '1-1-101', s.now), '潘芳', '9839')

  const created = await call(s.a.app, 'POST', base, {
    cookie: convener.cookie,
    body: {
      title: TITLE,
      opensAt: '2026-12-16T16:00:00.000Z',
      closesAt: '2026-12-26T16:00:00.000Z',
      matters: [
        { kind: 'management_covenant', title: '审议《管理规约》', body: '' },
        {
          kind: 'elect_committee',
          title: '选举第一届业主委员会',
          seats: 5,
          candidates: [
            '1-1-101:潘芳',
            '1-1-102:段文杰',
            '1-1-103:黎海燕',
            '7-2-601:雷军',
            '1-1-201:袁勇',
          ].map((s) => {
            const [unit, name] = s.split(':')
            return {
              unit,
              name,
              statement: '',
              eligibility: { fullCapacity: true, noArrears: true, notPropertyStaff: true },
            }
          }),
        },
      ],
    },
  })
  expect(created.status).toBe(201)
  id = ((await created.json()) as { meeting: { id: string } }).meeting.id
  expect((await call(s.a.app, 'POST', `${base}/${id}/notice`, { cookie: convener.cookie })).status).toBe(200)
  s.now = new Date('2026-12-18T02:00:00Z')
  await vote(owner, '1-1-101', { q1: 'yes', q2: ['c1', 'c2', 'c3'] })
})

describe('the filing package', () => {
  it('is refused with meeting_not_final while voting runs and while the result is preliminary', async () => {
    expect(await codeOf(await call(s.a.app, 'GET', pkgPath(), { cookie: await s.fresh(convener) }))).toEqual({
      status: 409,
      code: 'meeting_not_final',
    })
    s.now = new Date('2026-12-27T01:00:00Z')
    await s.a.clock.tick(s.now)
    const cc = await s.fresh(convener)
    expect((await call(s.a.app, 'POST', `${base}/${id}/paper-complete`, { cookie: cc })).status).toBe(200)
    expect((await call(s.a.app, 'POST', `${base}/${id}/preliminary`, { cookie: cc })).status).toBe(200)
    expect(await codeOf(await call(s.a.app, 'GET', pkgPath(), { cookie: cc }))).toEqual({
      status: 409,
      code: 'meeting_not_final',
    })
    // An owner's objection, answered: the record of the meeting carries both.
    const objected = await call(s.a.app, 'POST', `${base}/${id}/objections`, {
      cookie: await s.fresh(owner),
      body: { text: '请核对<i>1号楼</i>的纸质票' },
    })
    expect(objected.status).toBe(201)
    const { objectionId } = (await objected.json()) as { objectionId: number }
    const answered = await call(s.a.app, 'POST', `${base}/${id}/objections/${objectionId}/answer`, {
      cookie: cc,
      body: { answer: '已核对，无纸质票。' },
    })
    expect(answered.status).toBe(204)
    const signed = await call(s.a.app, 'POST', `${base}/${id}/signoffs`, {
      cookie: await s.fresh(supervisor),
      body: { decision: 'approve' },
    })
    expect(signed.status).toBe(201)
    s.now = new Date('2027-01-08T01:00:00Z') // after the 7-day objection period
    expect(
      (await call(s.a.app, 'POST', `${base}/${id}/final`, { cookie: await s.fresh(convener) })).status,
    ).toBe(200)
  })

  it('downloads as one zip holding the export routes’ CSVs byte for byte and the published results file', async () => {
    const cc = await s.fresh(convener)
    const res = await call(s.a.app, 'GET', pkgPath(), { cookie: cc })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/zip')
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="filing-${id}.zip"; filename*=UTF-8''${encodeURIComponent('备案材料-锦绣苑-2027-01-08.zip')}`,
    )
    const zip = new Uint8Array(await res.arrayBuffer())
    expect(res.headers.get('x-content-sha256')).toBe(createHash('sha256').update(zip).digest('hex'))
    const entries = await unzipEntries(zip)

    const exported = async (name: string) =>
      Buffer.from(
        await (await call(s.a.app, 'GET', `${base}/${id}/exports/${name}`, { cookie: cc })).arrayBuffer(),
      )
    expect(entries.get(FILING_PATHS.detail)).toEqual(await exported('detail.csv'))
    expect(entries.get(FILING_PATHS.summary)).toEqual(await exported('summary.csv'))

    const ann = (await (await call(s.a.app, 'GET', `${base}/${id}/announcement`)).json()) as {
      announcement: { bundleSha256: string }
    }
    const results = entries.get(FILING_PATHS.results) as Buffer
    expect(createHash('sha256').update(results).digest('hex')).toBe(ann.announcement.bundleSha256)

    // The index names every file with its hash, and the parts not recorded yet as 缺.
    const index = (entries.get(INDEX_PATH) as Buffer).toString('utf8')
    for (const [path, bytes] of entries) {
      if (path === INDEX_PATH) continue
      expect(index).toContain(`  ${path}\r\n`)
      expect(index).toContain(`SHA-256 ${createHash('sha256').update(bytes).digest('hex')}`)
    }
    for (const missing of [
      '业主大会议事规则',
      '管理规约',
      '维修资金管理规约',
      '业主委员会委员名单',
      '委员培训记录',
    ])
      expect(index).toMatch(new RegExp(`缺 missing: ${missing}`))

    // The decisions name the elected by their full names, in ㎡ and %, with the title escaped.
    const decisions = (entries.get(FILING_PATHS.decisions) as Buffer).toString('utf8')
    expect(decisions).toContain('潘芳')
    expect(decisions).toContain('㎡')
    expect(decisions).toContain('%')
    expect(decisions).toContain('&lt;b&gt;首次&lt;/b&gt;')
    expect(decisions).not.toContain('<b>首次')
    expect(decisions).not.toContain(id)
    expect(decisions).toContain('<td>请核对&lt;i&gt;1号楼&lt;/i&gt;的纸质票</td><td>已核对，无纸质票。')
    expect(decisions).toContain('<td>居委会</td><td>同意</td>')
  })

  it('is for the estate’s conveners, supervisors and street office, each download audited', async () => {
    for (const who of [supervisor, street])
      expect((await call(s.a.app, 'GET', pkgPath(), { cookie: await s.fresh(who) })).status).toBe(200)
    expect((await call(s.a.app, 'GET', pkgPath(), { cookie: await s.fresh(owner) })).status).toBe(403)
    expect((await call(s.a.app, 'GET', pkgPath())).status).toBe(401)
    const audited = await s.t.db
      .selectFrom('audit_log')
      .select(['actor', 'after_json'])
      .where('action', '=', 'filing_package.downloaded')
      .orderBy('id')
      .execute()
    expect(audited.map((r) => r.actor)).toEqual(
      [convener, supervisor, street].map((s) => `account:${s.accountId}`),
    )
    expect(JSON.parse(audited[0]!.after_json as string)).toMatchObject({
      missing: [
        'rules_of_procedure',
        'management_covenant',
        'maintenance_fund_covenant',
        'members',
        'training',
      ],
    })
  })

  it('writes the same files into a directory for the simulation, with the parts given and none missing', async () => {
    const m = meetingAt(await loadMeeting(s.t.db, id), s.now)
    const pkg = await filingPackageOf(
      s.t.db,
      m,
      {
        documents: (['rules_of_procedure', 'management_covenant', 'maintenance_fund_covenant'] as const).map(
          (kind) => ({ kind, title: kind, version: 1, sha256: '0'.repeat(64), text: '第一条' }),
        ),
        members: [{ name: '潘芳', unit: '1-1-101', role: 'chair', undertakingSignedOn: '2027-01-09' }],
        training: { date: '2027-01-12', topic: '履职培训', attendees: ['潘芳'] },
      },
      s.now,
    )
    const { dir, cleanup } = tempDir()
    try {
      await writeFilingDirectory(join(dir, 'filing'), pkg)
      expect((await readdir(join(dir, 'filing'))).sort()).toEqual(pkg.files.map((f) => f.path).sort())
      const index = (await readFile(join(dir, 'filing', INDEX_PATH))).toString('utf8')
      expect(index).not.toContain('缺 missing')
      expect(index).toContain('材料齐全')
      const detail = await call(s.a.app, 'GET', `${base}/${id}/exports/detail.csv`, {
        cookie: await s.fresh(convener),
      })
      expect(await readFile(join(dir, 'filing', FILING_PATHS.detail))).toEqual(
        Buffer.from(await detail.arrayBuffer()),
      )
    } finally {
      cleanup()
    }
  })
})
