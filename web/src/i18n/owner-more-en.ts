import type { OwnerMoreCatalogue } from './owner-more-zh-CN'

const ownerMoreEn: OwnerMoreCatalogue = {
  home: {
    heading: 'My estate',
    meetings: 'Owners’ meetings',
    none: 'There are no owners’ meetings at the moment.',
    open: 'Read and vote',
    view: 'Read',
    results: 'See the results',
    rollLink: 'Check the published roll',
    proxies: 'Votes I hold as proxy',
    proxyFor: (units: string) => `Vote as proxy for ${units}`,
  },
  results: {
    heading: 'Results',
    preliminary: 'Preliminary result: objections may be made during the objection period.',
    final: 'Final result',
    pending:
      'The conveners have not yet published the preliminary result. These figures come from the results file sealed at the close.',
    participation: 'Took part',
    approval: 'Agreed',
    area: 'Area',
    heads: 'Owners',
    bar: (what: string, part: string, whole: string, need: string) =>
      `${what}: ${part} of ${whole}; needs ${need}`,
    line: 'The vertical line marks the share needed',
    outcome: {
      passed: 'Passed',
      rejected: 'Not passed',
      no_quorum: 'Too few owners took part: no decision',
      elected: 'All seats filled',
      partially_elected: 'Some seats filled',
      none_elected: 'Nobody elected',
    },
    elected: 'Elected',
    alternates: 'Alternates',
    tied: 'Tied: a run-off is needed',
    vacant: (n: number) => `${n} seat(s) vacant`,
    candidate: (name: string) => `Agreement for ${name}`,
    bulletin: 'Bulletin of receipts',
    bulletinIntro: 'Type your receipt code to check that your ballot was counted as cast.',
    search: 'Receipt code',
    found: 'Found: your ballot was counted.',
    notFound: 'This receipt code is not in the bulletin. Please check it.',
    voted: (n: number) => `${n} valid ballots`,
    bundle: 'Download the results file',
    verify:
      'Anyone can recompute the result: download the results file and run Gongjue’s verifier on a computer, npm run verify -- FILE. It counts again by the rules of law and compares every figure with the published result; a SHA-256 equal to the one in the announcement shows the file was not changed.',
    sha: (sha: string) => `Results file SHA-256: ${sha}`,
  },
  objection: {
    heading: 'Object to the roll',
    intro:
      'If the unit number, area or owners of your home are wrong, say what is wrong; the conveners will answer.',
    unit: 'Unit number',
    text: 'Your objection',
    submit: 'Send the objection',
    sent: 'Objection sent.',
    mine: 'My objections',
    answer: (a: string) => `Answer: ${a}`,
    waiting: 'Waiting for an answer',
    required: 'Please fill this in.',
  },
}

export default ownerMoreEn
