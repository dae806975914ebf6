import { describe, expect, it } from 'vitest'
import type { Fraction } from '../../server/domain/bundle'
import { TEMPLATES } from '../../server/domain/document-templates'
import {
  boundByRules,
  changedFieldPaths,
  checkFields,
  diffLines,
  documentSha256,
  DOCUMENT_TEMPLATES,
  renderDocument,
  type DocumentFields,
  type RulesSettings,
} from '../../server/domain/documents'

const settings: RulesSettings = {
  countParking: false,
  deemedConsent: false,
  voteChange: 'final',
  objectionDays: 7,
  countingDays: 3,
  participation: null,
  approval: {},
}
const rules = (s: Partial<RulesSettings>): DocumentFields => ({
  estateName: '锦绣苑',
  address: '幸福路1号',
  settings: { ...settings, ...s },
})
const f = (num: number, den: number, strict = false) => ({ num, den, strict })

describe('checkFields: settings never looser than the law (民法典 art. 278(2))', () => {
  it.each([
    ['the law’s own rules', {}, []],
    ['participation exactly 2/3 (以上)', { participation: f(2, 3) }, []],
    ['participation more than 2/3', { participation: f(2, 3, true) }, []],
    ['participation 3/4', { participation: f(3, 4) }, []],
    ['participation below 2/3', { participation: f(3, 5) }, ['fields.settings.participation']],
    ['an ordinary matter 过半数 (more than half)', { approval: { other_major: f(1, 2, true) } }, []],
    [
      'an ordinary matter at half exactly (以上): looser',
      { approval: { other_major: f(1, 2) } },
      ['fields.settings.approval.other_major'],
    ],
    ['a special matter at 3/4 (以上)', { approval: { rebuild: f(3, 4) } }, []],
    [
      'a special matter at 2/3: looser',
      { approval: { raise_maintenance_fund: f(2, 3) } },
      ['fields.settings.approval.raise_maintenance_fund'],
    ],
    ['an ordinary matter at 2/3: stricter', { approval: { management_covenant: f(2, 3) } }, []],
    ['a fraction over 1', { approval: { other_major: f(3, 2) } }, ['fields.settings.approval.other_major']],
  ])('%s', (_, s, paths) => {
    expect(checkFields('rules_of_procedure', rules(s as Partial<RulesSettings>)).map((p) => p.path)).toEqual(
      paths,
    )
  })

  it('asks the rules of procedure for settings, and the covenants for none', () => {
    expect(checkFields('rules_of_procedure', { estateName: 'x', address: '' }).map((p) => p.path)).toEqual([
      'fields.settings',
    ])
    expect(checkFields('management_covenant', rules({})).map((p) => p.path)).toEqual(['fields.settings'])
    expect(checkFields('maintenance_fund_covenant', { estateName: 'x', address: '' })).toEqual([])
  })
})

describe('the templates', () => {
  it.each(DOCUMENT_TEMPLATES)('%s renders with every field filled', (template) => {
    const fields =
      template === 'rules_of_procedure' ? rules({}) : { estateName: '锦绣苑', address: '幸福路1号' }
    const text = renderDocument(TEMPLATES[template].text, fields)
    expect(text).toContain('锦绣苑（地址：幸福路1号）')
    expect(text).not.toMatch(/\{\{\w+\}\}/)
  })

  it('says in words what the settings are', () => {
    const on = renderDocument(
      TEMPLATES.rules_of_procedure.text,
      rules({ countParking: true, deemedConsent: true }),
    )
    expect(on).toContain('车位、摊位等特定空间的面积，计入')
    expect(on).toContain('视为同意')
    const off = renderDocument(
      TEMPLATES.rules_of_procedure.text,
      rules({ voteChange: 'last_counts', objectionDays: 10 }),
    )
    expect(off).toContain('不计入专有部分面积')
    expect(off).toContain('以最后一次提交为准')
    expect(off).toContain('公布之日起10日内')
    expect(off).toContain('三分之二以上')
  })
})

describe('documentSha256', () => {
  it('is the same for the same content whatever the key order, and differs with any change', () => {
    const c = {
      template: 'management_covenant' as const,
      title: 't',
      text: 'a',
      fields: { estateName: 'e', address: '' },
    }
    const reordered = {
      fields: { address: '', estateName: 'e' },
      text: 'a',
      title: 't',
      template: 'management_covenant' as const,
    }
    expect(documentSha256(reordered)).toBe(documentSha256(c))
    expect(documentSha256({ ...c, text: 'b' })).not.toBe(documentSha256(c))
  })
})

describe('diffLines', () => {
  const ops = (a: string, b: string) => diffLines(a, b).map((l) => `${l.op[0]}${l.line}`)
  it.each([
    ['equal texts', 'a\nb', 'a\nb', ['sa', 'sb']],
    ['a line changed', 'a\nb\nc', 'a\nx\nc', ['sa', 'rb', 'ax', 'sc']],
    ['a line added at the end', 'a', 'a\nb', ['sa', 'ab']],
    ['a line removed at the start', 'a\nb', 'b', ['ra', 'sb']],
    ['empty to text', '', 'a', ['r', 'aa']],
    ['two separate changes', 'a\nb\nc\nd', 'a\nB\nc\nD', ['sa', 'rb', 'aB', 'sc', 'rd', 'aD']],
  ])('%s', (_, a, b, want) => expect(ops(a, b)).toEqual(want))

  it('marks only the changed line of a long text', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `第${i}条`)
    const after = lines.map((l, i) => (i === 2500 ? '第2500条（修订）' : l))
    const changed = diffLines(lines.join('\n'), after.join('\n')).filter((l) => l.op !== 'same')
    expect(changed).toEqual([
      { op: 'removed', line: '第2500条' },
      { op: 'added', line: '第2500条（修订）' },
    ])
  })

  it('compares two unrelated long texts by whole blocks', () => {
    const a = Array.from({ length: 4000 }, (_, i) => `a${i}`).join('\n')
    const b = Array.from({ length: 4000 }, (_, i) => `b${i}`).join('\n')
    const result = diffLines(a, b)
    expect(result.filter((l) => l.op === 'removed')).toHaveLength(4000)
    expect(result.filter((l) => l.op === 'added')).toHaveLength(4000)
    expect(result.filter((l) => l.op === 'same')).toHaveLength(0)
  })
})

describe('changedFieldPaths', () => {
  it('names the dotted paths that differ', () => {
    expect(
      changedFieldPaths(rules({}), rules({ countParking: true, approval: { rebuild: f(4, 5) } })),
    ).toEqual(['settings.approval.rebuild', 'settings.countParking'])
  })
})

describe('boundByRules: a matter under the estate’s passed rules of procedure (民法典 art. 278(2), stricter only)', () => {
  const f = (num: number, den: number, strict = false) => ({ num, den, strict })
  const rules = { participation: f(3, 4), approval: { property_manager: f(2, 3) } }
  it.each([
    // [what, matter, participation, approval]
    ['takes the rules’ thresholds when the matter sets none', { kind: 'property_manager' }, f(3, 4), f(2, 3)],
    [
      'keeps a matter’s own stricter thresholds',
      { kind: 'property_manager', participation: f(4, 5), approval: f(3, 4) },
      f(4, 5),
      f(3, 4),
    ],
    [
      'raises a looser one to the rules’',
      { kind: 'property_manager', participation: f(2, 3), approval: f(1, 2, true) },
      f(3, 4),
      f(2, 3),
    ],
    // Exactly the rules' fraction: "more than 3/4" is stricter than "at least 3/4".
    [
      'prefers “more than” at the same fraction',
      { kind: 'property_manager', participation: f(3, 4, true) },
      f(3, 4, true),
      f(2, 3),
    ],
    ['sets no approval for a kind the rules leave to the law', { kind: 'rebuild' }, f(3, 4), undefined],
    ['binds an election’s participation, not its approval', { kind: 'elect_committee' }, f(3, 4), undefined],
  ] as const)('%s', (_, matter, participation, approval) => {
    const bound = boundByRules(
      matter as { kind: string; participation?: Fraction; approval?: Fraction },
      rules,
    )
    expect(bound.participation).toEqual(participation)
    expect(bound.approval).toEqual(approval)
  })
  it('leaves a matter as it is under rules that adopt nothing stricter', () => {
    const matter = { kind: 'property_manager', title: 't', approval: f(3, 4) }
    expect(boundByRules(matter, { participation: null, approval: {} })).toEqual(matter)
  })
})
