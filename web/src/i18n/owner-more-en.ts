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
    versionsLink: 'Published roll versions, objections and answers',
    proxies: 'Votes I hold as proxy',
    proxyFor: (units: string) => `Vote as proxy for ${units}`,
    voted: 'See the receipt',
    welcome: {
      signin: 'Signed in.',
      activated: 'Your account is active: you can vote now.',
      pending: 'Your account is active.',
    },
  },
  results: {
    heading: 'Results',
    preliminary: 'Preliminary result: objections may be made during the objection period.',
    periodOpen: (published: string, end: string) =>
      `The preliminary result was published on ${published}. Objections may be made until ${end}.`,
    periodOver: (published: string, end: string) =>
      `The preliminary result was published on ${published}. The objection period ended on ${end}.`,
    finalAt: (published: string) => `The final result was published on ${published}.`,
    objectHeading: 'Object to the result',
    objectText: 'Your objection',
    objectHint: 'Say which result you think is wrong, and why. The conveners answer in writing.',
    objectSubmit: 'Send the objection',
    objectSent: 'Your objection was sent; the conveners will answer it.',
    objectRequired: 'Please write your objection.',
    objectSignIn: 'Owners of this estate can object once signed in.',
    signIn: 'Sign in',
    technical: 'Technical verification',
    unnamed: '(not named)',
    final: 'Final result',
    pending:
      'The conveners have not yet published the preliminary result. These figures come from the results file sealed at the close.',
    participation: 'Took part',
    approval: 'Agreed',
    area: 'Area',
    heads: 'Owners',
    bar: (what: string, part: string, whole: string, pct: string, need: string) =>
      `${what}: ${part} of ${whole}, ${pct}; needs ${need}`,
    line: 'The vertical line marks the share needed',
    outcome: {
      passed: 'Passed',
      rejected: 'Not passed',
      no_quorum: 'Too few owners took part: no decision',
      elected: 'All seats filled',
      partially_elected: 'Some seats filled',
      none_elected: 'Nobody elected',
    },
    outcomeOther: 'See the announcement',
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
    bundle: 'Download the public results',
    verify:
      'Anyone can check the results: download the public results and run the Gongjue verifier on a computer with npm run verify -- FILE. It checks that each outcome follows the rules of law and that the receipts list adds up to the results; the SHA-256 of the full results file it names is the one in the announcement.',
    sha: (sha: string) => `Full results file SHA-256: ${sha}`,
    full: 'Download the full results file',
    fullNote:
      'The full results file lists each unit’s choices: it is personal information, for owners and supervisors of this estate to verify the count only, not to be passed on. Every download is recorded in the audit log.',
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
    unknownUnit: 'There is no such unit on the roll; check it and try again.',
  },
}

export default ownerMoreEn
