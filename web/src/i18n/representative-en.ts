import type { RepresentativeCatalogue } from './representative-zh-CN'

const representativeEn: RepresentativeCatalogue = {
  heading: 'Co-owners’ representative',
  intro:
    'A co-owned flat is one voter. All co-owners may name one of them as representative; from then on only the representative votes (Guiding Rules art. 25).',
  named: (name: string) => `${name} is the representative: only ${name} votes for this flat.`,
  none: 'No representative yet: any co-owner may vote, and the first valid ballot counts.',
  choose: 'I nominate',
  you: (name: string) => `${name} (you)`,
  submit: 'Send my nomination',
  mine: (name: string) => `You nominated ${name}.`,
  waiting: (n: number) => `${n} more co-owner(s) must nominate the same person.`,
  done: (name: string) => `All co-owners named ${name} as representative.`,
  failed: 'Your nomination was not sent; please try again later.',
  guardian: 'You are this owner’s guardian and vote on their behalf (Civil Code arts. 23, 34).',
}

export default representativeEn
