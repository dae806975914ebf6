import { useEffect } from 'preact/hooks'
import { useI18n, type Locale } from '.'
import { observable, useObserve } from '../observable'
import ownerZhCN, { type OwnerCatalogue } from './owner-zh-CN'

export type { OwnerCatalogue }

/**
 * The owner catalogues, kept out of the entry that every page loads. The voting path's Chinese comes with the
 * meeting pages; English, and the words off the voting path, are fetched in the reader's language when needed.
 * The voting path (meeting → vote → receipt) needs only this one; home, results and objections add owner-more.ts.
 */
export function loader<T>(zh: () => Promise<{ default: T }>, en: () => Promise<{ default: T }>, first?: T) {
  const loaded = observable<Partial<Record<Locale, T>>>(first ? { 'zh-CN': first } : {})
  const loading = new Set<Locale>()
  const load = (locale: Locale) => {
    if (loading.has(locale) || loaded.value[locale]) return
    loading.add(locale)
    ;(locale === 'en' ? en() : zh()).then(
      (m) => (loaded.value = { ...loaded.value, [locale]: m.default }),
      () => loading.delete(locale),
    )
  }
  const use = (): T | null => {
    const locale = useI18n().locale.value
    useObserve(loaded)
    useEffect(() => load(locale), [locale])
    return loaded.value[locale] ?? null
  }
  return { load, use }
}

// Chinese is in the path's own chunk (no second round trip for most owners); English comes when chosen.
const path = loader(
  () => Promise.resolve({ default: ownerZhCN }),
  () => import('./owner-en'),
  ownerZhCN,
)

/** Starts loading as soon as a meeting page's module runs, before it renders. */
export const preloadOwnerText = (locale: string) => path.load(locale === 'en' ? 'en' : 'zh-CN')

/** The voting path's words, or null while their chunk is on the wire (the page then says 正在加载…). */
export const useOwnerText: () => OwnerCatalogue | null = path.use
