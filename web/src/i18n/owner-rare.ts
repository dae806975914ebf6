import { loader } from './owner'
import type { OwnerRareCatalogue } from './owner-rare.zh-CN'

export type { OwnerRareCatalogue }

const rare = loader(
  () => import('./owner-rare.zh-CN'),
  () => import('./owner-rare.en'),
)

// Named owner-rare.zh-CN.ts, not …-zh-CN.ts: the app shell preloads the Chinese catalogues a page fetches as it
// starts (server/web-shell.ts), and these are fetched only when shown.
/**
 * The words of what happens seldom (a refusal, a unit a co-owner or proxy holder voted for, a paper request),
 * fetched when a component that shows one first renders; null until they arrive.
 */
export const useRareText: () => OwnerRareCatalogue | null = rare.use
