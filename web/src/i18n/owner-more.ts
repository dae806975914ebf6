import { loader, useOwnerText, type OwnerCatalogue } from './owner'
import ownerMoreZhCN, { type OwnerMoreCatalogue } from './owner-more-zh-CN'

export type { OwnerMoreCatalogue }

/**
 * The words of the start page, the results and the roll objections: off the voting path, so not in its chunk. Their
 * Chinese is in this module's own chunk, as the voting path's is in its (owner.ts): on slow mobile data a chunk of
 * its own was one more request on the start page, which opens more than the browser's six connections at once.
 */
const more = loader(
  () => Promise.resolve({ default: ownerMoreZhCN }),
  () => import('./owner-more-en'),
  ownerMoreZhCN,
)

export type OwnerAll = OwnerCatalogue & OwnerMoreCatalogue

/** Both owner catalogues, for the pages off the voting path (null while one of them is on the wire). */
export function useOwnerAll(): OwnerAll | null {
  const base = useOwnerText()
  const extra = more.use()
  return base && extra ? { ...base, ...extra } : null
}
