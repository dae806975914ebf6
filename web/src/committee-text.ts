import type { Clock } from './committee-api'
import { useI18n } from './i18n'
import committeeEn from './i18n/committee-en'
import committeeZhCN, { type CommitteeCatalogue } from './i18n/committee-zh-CN'

/**
 * The committee pages' words and dates: their own catalogue (loaded with these lazy pages only, never on the
 * owner's voting path) and dates in Beijing time, since the legal calendar counts China days.
 */
export type K = CommitteeCatalogue

export function useCommitteeText(): K {
  const { locale } = useI18n()
  return locale.value === 'en' ? committeeEn : committeeZhCN
}

const CHINA_MS = 8 * 3_600_000

/** An instant as a China date (and time) in the reader's language. */
export function when(iso: string, k: K, withTime = true): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return new Intl.DateTimeFormat(k.dateLocale, {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
  }).format(d)
}

/** A China date (YYYY-MM-DD) in the reader's language. */
export const dateText = (date: string, k: K) => when(`${date}T12:00:00+08:00`, k, false)

/** The last day of a period that ends at `dueAt` (24:00 of that day, 民法典 art. 203). */
export const lastDay = (dueAt: string, k: K) => when(new Date(Date.parse(dueAt) - 1).toISOString(), k, false)

/** A statutory clock in words, and whether it is overdue (shown in red). */
export function clockText(c: Clock, k: K): { text: string; overdue: boolean } {
  if (c.state === 'done')
    return {
      text: (c.late ? k.clock.doneLate : k.clock.done)(when(new Date(c.doneAt).toISOString(), k)),
      overdue: c.late,
    }
  if (c.state === 'running') return { text: k.clock.running(c.daysLeft, lastDay(c.dueAt, k)), overdue: false }
  return { text: k.clock.overdue(c.daysOver, lastDay(c.dueAt, k)), overdue: true }
}

/** An instant's value for a datetime-local field in Beijing time, and back. */
export const toChinaLocal = (iso: string) => new Date(Date.parse(iso) + CHINA_MS).toISOString().slice(0, 16)
export const fromChinaLocal = (local: string) => `${local}:00+08:00`
