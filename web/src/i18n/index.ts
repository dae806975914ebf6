import { createContext } from 'preact'
import { useContext, useEffect } from 'preact/hooks'
import { observable, useObserve, type Observable } from '../observable'
import zhCN, { type Catalogue } from './zh-CN'

export type { Catalogue }

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]

export const STORAGE_KEY = 'gongjue.locale'

const isLocale = (v: unknown): v is Locale => LOCALES.some((l) => l === v)

export interface I18n {
  readonly locale: Observable<Locale>
  /** The catalogue of the current locale. */
  readonly t: Observable<Catalogue>
  setLocale(locale: Locale): void
}

// Private browsing and some WebViews throw on any localStorage access: the choice then lasts for the visit.
function readStored(): Locale | undefined {
  try {
    const v = localStorage.getItem(STORAGE_KEY)
    return isLocale(v) ? v : undefined
  } catch {
    return undefined
  }
}

/**
 * Created once at start-up and provided by context. Chinese unless the reader chose English before. Chinese is in
 * the entry; English is its own chunk, fetched when chosen, so a phone on mobile data downloads one language
 * (the owner's path in 30 KB). The locale changes once its words have arrived, never before.
 */
export function createI18n(): I18n {
  const locale = observable<Locale>('zh-CN')
  const t = observable<Catalogue>(zhCN)
  const catalogues: Partial<Record<Locale, Catalogue>> = { 'zh-CN': zhCN }
  let wanted: Locale = 'zh-CN'
  const become = (next: Locale, words: Catalogue) => {
    t.value = words
    locale.value = next
    // Screen readers and fonts follow <html lang>; Chinese glyphs pick the Simplified forms from zh-CN.
    document.documentElement.lang = next
  }
  const show = (next: Locale) => {
    wanted = next
    const known = catalogues[next]
    if (known) become(next, known)
    else
      void import('./en').then(
        (m) => {
          catalogues.en = m.default
          if (wanted === next) become(next, m.default)
        },
        () => undefined, // Offline: the page stays in Chinese; the switch can be pressed again.
      )
  }
  document.documentElement.lang = 'zh-CN'
  const stored = readStored()
  if (stored) show(stored)
  return {
    locale,
    t,
    setLocale(next) {
      show(next)
      try {
        localStorage.setItem(STORAGE_KEY, next)
      } catch {
        // See readStored.
      }
    },
  }
}

export const I18nContext = createContext<I18n | null>(null)

export function useI18n(): I18n {
  const i18n = useContext(I18nContext)
  if (!i18n) throw new Error('useI18n needs an <I18nContext.Provider>')
  // The caller reads t.value and locale.value as it renders: choosing a language renders it again.
  useObserve(i18n.locale, i18n.t)
  return i18n
}

/** Sets the document title (what a tab, the history list and a screen reader announce) in the current language. */
export function useTitle(title: string) {
  const appName = useI18n().t.value.appName
  useEffect(() => {
    document.title = `${title} · ${appName}`
  }, [title, appName])
}

/** Groups the integer digits of a decimal text: "107281.72" → "107,281.72". Works on text, never floats. */
export function groupDigits(decimal: string): string {
  const [whole = '', fraction] = decimal.split('.')
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return fraction === undefined ? grouped : `${grouped}.${fraction}`
}

export const formatCount = (n: number): string => groupDigits(String(n))

/**
 * A date (and optionally the time) in Beijing time, whatever the device's zone: the estates are in China, and a
 * letter's expiry date must read the same on every phone and printer. `dateLocale` comes from the catalogue.
 */
export function formatDate(iso: string, dateLocale: string, withTime = false): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return new Intl.DateTimeFormat(dateLocale, {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
  }).format(date)
}
