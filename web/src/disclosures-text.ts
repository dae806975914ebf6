import { useI18n } from './i18n'
import disclosuresEn from './i18n/disclosures-en'
import disclosuresZhCN, { type DisclosuresCatalogue } from './i18n/disclosures-zh-CN'

/**
 * The disclosure pages' words and dates (domain §9): their own catalogue, loaded with these lazy pages only, never
 * on the owner's voting path; dates in Beijing time.
 */
export type D = DisclosuresCatalogue

export function useDisclosuresText(): D {
  const { locale } = useI18n()
  return locale.value === 'en' ? disclosuresEn : disclosuresZhCN
}

/** A China date (YYYY-MM-DD) in the reader's language. */
export function dayText(date: string, d: D): string {
  const x = new Date(`${date}T12:00:00+08:00`)
  if (Number.isNaN(x.getTime())) return date
  return new Intl.DateTimeFormat(d.dateLocale, {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(x)
}

/** An instant in Beijing time, with the time of day when asked. */
export function whenText(iso: string, d: D, withTime = true): string {
  const x = new Date(iso)
  if (Number.isNaN(x.getTime())) return iso
  return new Intl.DateTimeFormat(d.dateLocale, {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hour12: false } : {}),
  }).format(x)
}

/**
 * The last China day before a due instant (24:00 of the last day = 00:00 of the next, as the server sends it):
 * the day an owner reads as the deadline.
 */
export function dueDayText(dueAt: string, d: D): string {
  const x = Date.parse(dueAt)
  return Number.isNaN(x) ? dueAt : whenText(new Date(x - 1).toISOString(), d, false)
}

export const periodText = (p: { start: string; end: string } | null, d: D) =>
  p ? d.period(dayText(p.start, d), dayText(p.end, d)) : d.noPeriod

export const kindText = (kind: string, d: D) => d.kinds[kind] ?? kind

export const errorText = (code: string, d: D) => d.errors[code] ?? d.errors['unexpected'] ?? code
