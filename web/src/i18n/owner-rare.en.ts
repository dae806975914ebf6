import type { OwnerRareCatalogue } from './owner-rare.zh-CN'

const ownerRareEn: OwnerRareCatalogue = {
  by: {
    self: (_name: string, when: string) => `You voted on ${when}.`,
    co_owner: (name: string, when: string) => `Your co-owner ${name} voted for this unit on ${when}.`,
    proxy: (name: string, when: string) => `Your proxy holder ${name} voted for this unit on ${when}.`,
    paper: (_name: string, when: string) => `This unit voted on a paper ballot on ${when}.`,
  },
  someone: 'another co-owner',
  paper: {
    confirm:
      'Get a paper ballot instead? The convener will bring you one. You can withdraw the request until the convener handles it.',
    yes: 'Yes, ask for one',
    no: 'No',
    asked: (when: string) => `You asked for a paper ballot on ${when}; the convener will bring it.`,
    handled: 'The convener has handled your request: look out for the paper ballot.',
    withdraw: 'Withdraw the request',
    withdrawn: 'Request withdrawn: you can vote online.',
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
}

export default ownerRareEn
