import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { canonicalJson, type Json } from '../../server/domain/canonical'
import {
  checkAnswers,
  compareVersions,
  rollSha256,
  versionLabel,
  type VersionObjection,
  type VersionUnit,
} from '../../server/domain/roll-version'
import { sha256Hex } from '../../server/domain/sha256'
import type { RollUnit } from '../../server/domain/voting-rights'

const nodeSha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')

describe('sha256Hex (the domain’s own, for the verifier)', () => {
  // Around the padding's boundaries: 55 bytes fit one block with the length, 56 need a second, 64 is one block.
  it.each([
    ['empty', ''],
    ['abc', 'abc'],
    ['55 bytes', 'a'.repeat(55)],
    ['56 bytes', 'a'.repeat(56)],
    ['63 bytes', 'a'.repeat(63)],
    ['64 bytes', 'a'.repeat(64)],
    ['65 bytes', 'a'.repeat(65)],
    ['Chinese (3 bytes a character)', '锦绣苑 1-1-101 潘* 登记'],
    ['a long text', 'x'.repeat(100_000)],
  ])('equals node:crypto for %s', (_, text) => {
    expect(sha256Hex(text)).toBe(nodeSha(text))
  })
})

const unit = (id: string, areaCm2: number, owners: string[] = ['o1']): RollUnit => ({
  id,
  building: '1号楼',
  kind: 'residence',
  areaCm2,
  owners,
  developerHeld: false,
})

describe('rollSha256 (results-bundle.md roll.sha256)', () => {
  it('is the SHA-256 of the canonical JSON of the units sorted by id, whatever their order', () => {
    const units = [unit('1-1-102', 1552700), unit('1-1-101', 1439000, ['o2', 'o3'])]
    const sorted = [...units].sort((a, b) => (a.id < b.id ? -1 : 1))
    expect(rollSha256(units)).toBe(nodeSha(canonicalJson(sorted as unknown as Json)))
    expect(rollSha256([...units].reverse())).toBe(rollSha256(units))
  })

  it('sorts by code point, not numerically or by locale ("1-1-1001" before "1-1-201")', () => {
    const units = [unit('1-1-201', 1), unit('1-1-1001', 2)]
    expect(canonicalJson(units.toSorted((a, b) => (a.id < b.id ? -1 : 1)) as unknown as Json)).toContain(
      '"1-1-1001"',
    )
    expect(rollSha256(units)).toBe(nodeSha(canonicalJson([units[1], units[0]] as unknown as Json)))
  })

  it('changes with any field of any unit: area by one cm², an owner, the kind', () => {
    const base = [unit('1-1-101', 1439000), unit('1-1-102', 1552700)]
    const h = rollSha256(base)
    expect(rollSha256([unit('1-1-101', 1439001), base[1]!])).not.toBe(h)
    expect(rollSha256([unit('1-1-101', 1439000, ['o9']), base[1]!])).not.toBe(h)
    expect(rollSha256([{ ...base[0]!, kind: 'shop' }, base[1]!])).not.toBe(h)
    expect(rollSha256([base[0]!])).not.toBe(h)
  })
})

const vu = (number: string, over: Partial<VersionUnit> = {}): VersionUnit => ({
  number,
  building: '1号楼',
  kind: 'residence',
  areaCm2: 1439000,
  areaSource: 'register',
  owners: ['潘*'],
  developerHeld: false,
  ...over,
})

describe('compareVersions (unit by unit)', () => {
  it.each([
    ['the same roll', [vu('a')], [vu('a')], { added: [], removed: [], changed: [], unchanged: 1 }],
    ['a unit added', [vu('a')], [vu('a'), vu('b')], { added: ['b'], removed: [], changed: [], unchanged: 1 }],
    [
      'a unit removed',
      [vu('a'), vu('b')],
      [vu('b')],
      { added: [], removed: ['a'], changed: [], unchanged: 1 },
    ],
    [
      'area changed',
      [vu('a')],
      [vu('a', { areaCm2: 1452000 })],
      { added: [], removed: [], changed: [['a', ['area']]], unchanged: 0 },
    ],
    [
      'area source and owner mask changed',
      [vu('a')],
      [vu('a', { areaSource: 'survey', owners: ['潘*', '李*'] })],
      { added: [], removed: [], changed: [['a', ['areaSource', 'owners']]], unchanged: 0 },
    ],
    [
      'owners reordered counts as changed (the published list is in listed order)',
      [vu('a', { owners: ['潘*', '李*'] })],
      [vu('a', { owners: ['李*', '潘*'] })],
      { added: [], removed: [], changed: [['a', ['owners']]], unchanged: 0 },
    ],
    [
      'building, kind and developer holding',
      [vu('a')],
      [vu('a', { building: '2号楼', kind: 'shop', developerHeld: true })],
      { added: [], removed: [], changed: [['a', ['building', 'kind', 'developerHeld']]], unchanged: 0 },
    ],
    ['both empty', [], [], { added: [], removed: [], changed: [], unchanged: 0 }],
  ])('%s', (_, before, after, want) => {
    const c = compareVersions(before, after)
    expect({
      added: c.added.map((u) => u.number),
      removed: c.removed.map((u) => u.number),
      changed: c.changed.map((ch) => [ch.number, ch.fields]),
      unchanged: c.unchanged,
    }).toEqual(want)
  })

  it('lists each kind in code-point order of the unit number', () => {
    const c = compareVersions([vu('b'), vu('a')], [vu('d'), vu('c')])
    expect(c.added.map((u) => u.number)).toEqual(['c', 'd'])
    expect(c.removed.map((u) => u.number)).toEqual(['a', 'b'])
  })
})

describe('checkAnswers (what a corrected version may name)', () => {
  const o = (id: number, over: Partial<VersionObjection> = {}): [number, VersionObjection] => [
    id,
    { id, versionId: 1, decision: 'upheld', correctedBy: null, ...over },
  ]
  const all = new Map([
    o(1),
    o(2, { decision: 'rejected' }),
    o(3, { decision: null }),
    o(4, { versionId: null }),
    o(5, { correctedBy: 2 }),
  ])
  it.each([
    ['none', [], null],
    ['an upheld, uncorrected objection', [1], null],
    ['a rejected one', [2], { code: 'objection_not_upheld', objection: 2 }],
    ['an unanswered one', [3], { code: 'objection_not_upheld', objection: 3 }],
    ['one to the live roll, not a version', [4], { code: 'objection_not_upheld', objection: 4 }],
    ['one corrected already', [5], { code: 'objection_already_corrected', objection: 5, version: 2 }],
    ['an unknown id', [99], { code: 'objection_not_upheld', objection: 99 }],
    ['the first problem of several', [1, 2, 5], { code: 'objection_not_upheld', objection: 2 }],
  ])('%s', (_, answers, want) => {
    expect(checkAnswers(answers, all)).toEqual(want)
  })
})

describe('versionLabel', () => {
  it.each([
    [1, '第1版'],
    [12, '第12版'],
  ])('%i → %s', (n, label) => expect(versionLabel(n)).toBe(label))
})
