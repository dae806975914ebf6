import { loader } from './owner'
import type { OwnerBallotCatalogue } from './owner-ballot-zh-CN'
import type { OwnerRareCatalogue } from './owner-rare.zh-CN'

export type { OwnerBallotCatalogue, OwnerRareCatalogue }

const ballot = loader(
  () => import('./owner-ballot-zh-CN'),
  () => import('./owner-ballot-en'),
)

/** Starts fetching as soon as a meeting page's module runs, beside the page's own requests. */
export const preloadBallotText = (locale: string) => ballot.load(locale === 'en' ? 'en' : 'zh-CN')

/** The voting path's newer words (owner-ballot-zh-CN.ts), or null while they are on the wire. */
export const useBallotText: () => OwnerBallotCatalogue | null = ballot.use

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
