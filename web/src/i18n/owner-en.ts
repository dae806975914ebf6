import type { OwnerCatalogue } from './owner-zh-CN'

const WORDS: Record<string, string> = { '2/3': 'two thirds', '3/4': 'three quarters', '4/5': 'four fifths' }

const ownerEn: OwnerCatalogue = {
  share: (num: number, den: number, strict: boolean) =>
    num * 2 === den
      ? strict
        ? 'more than half'
        : 'at least half'
      : `${strict ? 'more than' : 'at least'} ${WORDS[`${num}/${den}`] ?? `${num}/${den}`}`,
  status: {
    draft: 'Draft',
    noticed: 'Announced, voting has not started',
    open: 'Voting is open',
    counting: 'Online voting has closed; paper ballots handed in before the close are being entered',
    closed: 'Counted, results coming',
    preliminary: 'Preliminary result published (objection period)',
    final: 'Final result published',
  },
  opensIn: (time: string) => `Voting opens in ${time}`,
  closesIn: (time: string) => `Voting closes in ${time}`,
  duration: (days: number, hours: number) => (days > 0 ? `${days} d ${hours} h` : `${hours} h`),
  window: (from: string, to: string) => `Voting from ${from} to ${to}`,
  voted: (units: string) => `${units}: voted`,
  notVoted: (units: string) => `${units}: not voted yet`,
  meeting: {
    matter: (n: number) => `Matter ${n}`,
    approval: (share: string) =>
      `Needs ${share} of the participating area and of the participating owners to agree.`,
    participation: (share: string) =>
      `And owners with ${share} of all area and ${share} of all owners must take part.`,
    stricter: 'The rules of procedure set a stricter threshold than the law for this matter.',
    seats: (seats: number) =>
      `${seats} members are elected; choose at most ${seats} candidates. Each needs more than half of the participating area and owners to agree.`,
  },
  choice: { yes: 'Agree', no: 'Disagree', abstain: 'Abstain' },
  signIn: 'Sign in',
}

export default ownerEn
