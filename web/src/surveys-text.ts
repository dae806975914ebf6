import type { Survey } from './surveys-api'
import { groupDigits, useI18n } from './i18n'
import surveysEn from './i18n/surveys-en'
import surveysZhCN, { type SurveysCatalogue } from './i18n/surveys-zh-CN'

/**
 * The survey pages' words and figures: their own catalogue (loaded with these lazy pages only, never on the owner's
 * voting path), dates in Beijing time, areas in ㎡ and shares in % with two decimals — worked out from the integers
 * the server sends, for display only: the pass mark is decided on the server by exact arithmetic.
 */
export type S = SurveysCatalogue

export function useSurveysText(): S {
  const { locale } = useI18n()
  return locale.value === 'en' ? surveysEn : surveysZhCN
}

/** A China date (YYYY-MM-DD) in the reader's language. */
export function dateText(date: string, s: S): string {
  const d = new Date(`${date}T12:00:00+08:00`)
  if (Number.isNaN(d.getTime())) return date
  return new Intl.DateTimeFormat(s.dateLocale, {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(d)
}

/** An instant in Beijing time, with the time of day. */
export function whenText(iso: string, s: S): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return new Intl.DateTimeFormat(s.dateLocale, {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(d)
}

/** Square centimetres as square metres with two decimals. */
export const m2 = (cm2: number) =>
  `${groupDigits(String(Math.floor(cm2 / 10_000)))}.${String(cm2 % 10_000)
    .padStart(4, '0')
    .slice(0, 2)} ㎡`

/** A share as a percentage with two decimals, rounded down (BigInt: an area times 10,000 stays exact). */
export function pct(share: { num: number; den: number }): string {
  const basis = share.den > 0 ? Number((BigInt(share.num) * 10_000n) / BigInt(share.den)) : 0
  return `${Math.floor(basis / 100)}.${String(basis % 100).padStart(2, '0')}%`
}

/** A share in hundredths of a percent, for drawing. */
export const basisPoints = (share: { num: number; den: number }) =>
  share.den > 0 ? Number((BigInt(share.num) * 10_000n) / BigInt(share.den)) : 0

/** What a mark reads as on the survey's scale. */
export const markText = (scale: Survey['questionnaire']['scale'], mark: number, s: S) =>
  scale === 'three' ? (s.three[mark] ?? String(mark)) : s.fivePoint(mark)

/** A low mark asks for a reason (server/domain/surveys.ts isLowMark). */
export const isLow = (scale: Survey['questionnaire']['scale'], mark: number) =>
  scale === 'three' ? mark <= 1 : mark <= 2

/** An item's title: the estate's own text, or the template's in the reader's language when left as it was. */
export function dimensionTitle(d: { key: string; title: string }, s: S): string {
  return surveysZhCN.dimensions[d.key] === d.title ? (s.dimensions[d.key] ?? d.title) : d.title
}

export const errorText = (code: string, s: S) => s.errors[code] ?? s.errors['unexpected'] ?? code
