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

// The rare words (a refusal, a co-owner's vote…) are in ./owner-rare.ts, which the start page shares.
export { useRareText } from './owner-rare'
