import { signal } from '@preact/signals'
import { useEffect } from 'preact/hooks'
import { useI18n, type Locale } from '.'
import type { OwnerMoreCatalogue } from './owner-more-zh-CN'
import ownerZhCN, { type OwnerCatalogue } from './owner-zh-CN'

export type { OwnerCatalogue, OwnerMoreCatalogue }

/**
 * The owner catalogues, kept out of the entry that every page loads. The voting path's Chinese comes with the
 * meeting pages; English, and the words off the voting path, are fetched in the reader's language when needed.
 * The voting path (meeting → vote → receipt) needs only the first; home, results and objections add the second.
 */
function loader<T>(zh: () => Promise<{ default: T }>, en: () => Promise<{ default: T }>, first?: T) {
  const loaded = signal<Partial<Record<Locale, T>>>(first ? { 'zh-CN': first } : {})
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
const more = loader(
  () => import('./owner-more-zh-CN'),
  () => import('./owner-more-en'),
)

/** Starts loading as soon as a meeting page's module runs, before it renders. */
export const preloadOwnerText = (locale: string) => path.load(locale === 'en' ? 'en' : 'zh-CN')

/** The voting path's words, or null while their chunk is on the wire (the page then says 正在加载…). */
export const useOwnerText: () => OwnerCatalogue | null = path.use
/** The start page's, the results' and the objections' words. */
export const useOwnerMore: () => OwnerMoreCatalogue | null = more.use

export type OwnerAll = OwnerCatalogue & OwnerMoreCatalogue

/** Both, for the pages off the voting path. */
export function useOwnerAll(): OwnerAll | null {
  const base = useOwnerText()
  const extra = useOwnerMore()
  return base && extra ? { ...base, ...extra } : null
}
