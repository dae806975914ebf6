import { loader, useOwnerText, type OwnerCatalogue } from './owner'
import type { OwnerMoreCatalogue } from './owner-more-zh-CN'

export type { OwnerMoreCatalogue }

/** The words of the start page, the results and the roll objections: off the voting path, so not in its chunk. */
const more = loader(
  () => import('./owner-more-zh-CN'),
  () => import('./owner-more-en'),
)

export type OwnerAll = OwnerCatalogue & OwnerMoreCatalogue

/** Both owner catalogues, for the pages off the voting path (null while one of them is on the wire). */
export function useOwnerAll(): OwnerAll | null {
  const base = useOwnerText()
  const extra = more.use()
  return base && extra ? { ...base, ...extra } : null
}
