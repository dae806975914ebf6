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
    mattersHeading: 'Matters to decide',
    matter: (n: number) => `Matter ${n}`,
    approval: (share: string) =>
      `Needs ${share} of the participating area and of the participating owners to agree.`,
    participation: (share: string) =>
      `And owners with ${share} of all area and ${share} of all owners must take part.`,
    stricter: 'The rules of procedure set a stricter threshold than the law for this matter.',
    seats: (seats: number) =>
      `${seats} members are elected; choose at most ${seats} candidates. Each needs more than half of the participating area and owners to agree.`,
    scope: (where: string) => `Only owners in this part vote: ${where}`,
    candidates: 'Candidates',
    photo: (name: string) => `Photo of ${name}`,
    attachments: 'Attachments',
    size: (n: number) => ` (${n < 1e6 ? `${Math.ceil(n / 1e3)} KB` : `${(n / 1e6).toFixed(1)} MB`})`,
    deemed: 'Deemed consent',
    readConfirm: 'I have read the notice and the matters',
    readDone: 'Recorded: you have read it.',
    myVoters: 'I vote for',
    own: 'Myself',
    proxy: 'As proxy',
    directions: 'The authorisation directs these choices; you must vote as directed.',
    vote: 'Start voting',
    voteFor: (units: string) => `Vote for ${units}`,
    receipt: 'See the receipt',
    paper: 'Ask for a paper ballot instead',
    paperDone: 'Request received: the conveners will deliver a paper ballot.',
    notOpenYet: 'Voting has not started; you can vote here once it opens.',
    results: 'See the results',
    signInToVote: 'Sign in to vote',
  },
  choice: { yes: 'Agree', no: 'Disagree', abstain: 'Abstain' },
  vote: {
    heading: 'Vote',
    intro: 'Make a choice for every matter. You will check them all before sending.',
    forUnits: (units: string) => `Voting for: ${units}`,
    pick: (seats: number) => `Choose at most ${seats}, or none`,
    picked: (n: number, seats: number) => `${n} chosen, at most ${seats}`,
    missing: (n: number) => `${n} matter(s) still without a choice.`,
    directed: 'As the authorisation directs',
    review: 'Next: check',
    reviewHeading: 'Check your choices',
    none: 'None chosen',
    change: 'Go back and change',
    confirm: 'Confirm with my passkey',
    confirming: 'Confirm on your phone…',
    note: 'Once sent it cannot be changed. Your phone asks for your fingerprint, face or screen lock: that is your signature.',
  },
  receipt: {
    heading: 'Ballot receipt',
    done: 'Your vote has been recorded.',
    code: 'Receipt code',
    castAt: (date: string) => `Cast at ${date}`,
    explain:
      'Keep this code. After voting closes, the published bulletin lists every receipt code with its choices, so you can check that your ballot was counted as cast.',
    save: 'Save the receipt (download a file)',
    none: 'There is no receipt for this voter yet.',
    back: 'Back to the meeting',
  },
  refusals: {
    meeting_not_open: 'Voting is not open (it has not started or has closed); the ballot was not sent.',
    double_vote:
      'This voter has already voted (perhaps a co-owner or a proxy did); each voter votes once, so this ballot does not count.',
    vote_change_used: 'This meeting allows one change of ballot, and it has been used.',
    not_in_electorate:
      'You are not in the electorate of one of these matters; open the meeting again and restart.',
    ballot_invalid: 'The choices are incomplete or break a rule; go back and change them.',
    not_your_voter: 'You may not vote for this voter.',
    proxy_directions_violated: 'Your choices differ from the authorisation’s directions; vote as directed.',
    passkey_failed: 'The passkey check did not pass and the ballot was not sent. Please try again.',
    results_not_ready: 'Published after voting closes.',
    passkey_cancelled: 'The passkey check was not completed; the ballot was not sent. Please try again.',
  },
  signIn: 'Sign in',
}

export default ownerEn
