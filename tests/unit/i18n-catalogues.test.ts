import { describe, expect, it } from 'vitest'
import activationEn from '../../web/src/i18n/activation-en'
import activationZhCN from '../../web/src/i18n/activation-zh-CN'
import committeeEn from '../../web/src/i18n/committee-en'
import disclosuresEn from '../../web/src/i18n/disclosures-en'
import disclosuresZhCN from '../../web/src/i18n/disclosures-zh-CN'
import committeeZhCN from '../../web/src/i18n/committee-zh-CN'
import en from '../../web/src/i18n/en'
import formationEn from '../../web/src/i18n/formation-en'
import formationZhCN from '../../web/src/i18n/formation-zh-CN'
import publicationsEn from '../../web/src/i18n/publications-en'
import publicationsZhCN from '../../web/src/i18n/publications-zh-CN'
import representativeEn from '../../web/src/i18n/representative-en'
import representativeZhCN from '../../web/src/i18n/representative-zh-CN'
import ownerEn from '../../web/src/i18n/owner-en'
import ownerMoreEn from '../../web/src/i18n/owner-more-en'
import ownerMoreZhCN from '../../web/src/i18n/owner-more-zh-CN'
import ownerZhCN from '../../web/src/i18n/owner-zh-CN'
import oversightEn from '../../web/src/i18n/oversight-en'
import oversightZhCN from '../../web/src/i18n/oversight-zh-CN'
import staffConsoleEn from '../../web/src/i18n/staff-console-en'
import staffConsoleZhCN from '../../web/src/i18n/staff-console-zh-CN'
import statementsEn from '../../web/src/i18n/statements-en'
import statementsZhCN from '../../web/src/i18n/statements-zh-CN'
import staffEn from '../../web/src/i18n/staff-en'
import staffZhCN from '../../web/src/i18n/staff-zh-CN'
import surveysEn from '../../web/src/i18n/surveys-en'
import surveysZhCN from '../../web/src/i18n/surveys-zh-CN'
import zhCN from '../../web/src/i18n/zh-CN'

/**
 * The web app's words: every catalogue key exists in Chinese and in English, with the same kind of value.
 * The types already make a missing or extra key fail `tsc` (en.ts is typed with zh-CN.ts's shape); this test
 * also catches what types cannot: an empty text, a list of another length, a function with other arguments,
 * and Chinese left untranslated in the English catalogue.
 */

type Entry = { readonly path: string; readonly value: unknown }

function entries(value: unknown, path = ''): Entry[] {
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return Object.entries(value).flatMap(([k, v]) => entries(v, path ? `${path}.${k}` : k))
  return [{ path, value }]
}

const kind = (v: unknown) => (Array.isArray(v) ? 'array' : typeof v)

// Sample arguments: a count first and texts after it, or lists (of masked names) for the functions that take them.
function sample(fn: (...args: never[]) => unknown): unknown {
  const call = fn as (...args: unknown[]) => unknown
  try {
    return call(...Array.from({ length: fn.length }, (_, i) => (i === 0 ? 2 : `x${i}`)))
  } catch {
    return call(...Array.from({ length: fn.length }, () => ['甲*', '乙*']))
  }
}

const texts = (value: unknown): unknown[] =>
  typeof value === 'function'
    ? [sample(value as (...args: never[]) => unknown)]
    : Array.isArray(value)
      ? value
      : [value]

const HAN = /\p{Script=Han}/u

describe.each([
  ['main', zhCN, en],
  ['staff', staffZhCN, staffEn],
  ['owner (voting path)', ownerZhCN, ownerEn],
  ['owner (start page, results, objections)', ownerMoreZhCN, ownerMoreEn],
  ['staff console', staffConsoleZhCN, staffConsoleEn],
  ['activation', activationZhCN, activationEn],
  ['representative (我的)', representativeZhCN, representativeEn],
  ['formation', formationZhCN, formationEn],
  ['committee', committeeZhCN, committeeEn],
  ['publications (roll versions, documents)', publicationsZhCN, publicationsEn],
  ['money statements (table, chart, file problems)', statementsZhCN, statementsEn],
  ['satisfaction surveys', surveysZhCN, surveysEn],
  ['oversight across estates', oversightZhCN, oversightEn],
  ['disclosures (pages, board, console)', disclosuresZhCN, disclosuresEn],
] as const)('the %s catalogues', (_name, zh, english) => {
  const zhEntries = entries(zh)
  const enEntries = new Map(entries(english).map((e) => [e.path, e.value]))

  it('have the same keys in Chinese and English', () => {
    expect([...enEntries.keys()].sort()).toEqual(zhEntries.map((e) => e.path).sort())
  })

  it('have the same kind of value for every key: text, list of the same length, or function of the same arguments', () => {
    const different = zhEntries.flatMap(({ path, value }) => {
      const other = enEntries.get(path)
      if (kind(value) !== kind(other)) return [`${path}: ${kind(value)} vs ${kind(other)}`]
      if (Array.isArray(value) && Array.isArray(other) && value.length !== other.length)
        return [`${path}: ${value.length} vs ${other.length} items`]
      if (typeof value === 'function' && typeof other === 'function' && value.length !== other.length)
        return [`${path}: ${value.length} vs ${other.length} arguments`]
      return []
    })
    expect(different).toEqual([])
  })

  it('never have an empty text, in either language, also from functions and lists', () => {
    const all = [
      ...zhEntries.map((e) => ({ lang: 'zh-CN', ...e })),
      ...[...enEntries].map(([path, value]) => ({ lang: 'en', path, value })),
    ]
    // Separators may be blank on purpose: Chinese sentences follow one another without a space.
    const empty = all
      .filter(({ path }) => !path.endsWith('Separator'))
      .flatMap(({ lang, path, value }) =>
        texts(value)
          .filter((t) => typeof t !== 'string' || t.trim() === '')
          .map(() => `${lang} ${path}`),
      )
    expect(empty).toEqual([])
  })

  it('have no Chinese characters left in the English texts', () => {
    // The sample arguments of list functions are Chinese names, which stay Chinese in English.
    const untranslated = [...enEntries].flatMap(([path, value]) =>
      texts(value)
        .filter((t) => typeof t === 'string' && HAN.test(t.replace(/[甲乙]\*/g, '')))
        .map(() => path),
    )
    expect(untranslated).toEqual([])
  })
})
