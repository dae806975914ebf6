import type { NoticesCatalogue } from './notices-zh-CN'

const noticesEn: NoticesCatalogue = {
  alerts: {
    heading: 'Account security',
    takeover: (unit: string) =>
      `Someone asked for a new activation code for ${unit} that would end your passkeys. It needs the approval of the residents’ committee or the street office. If it was not you, contact the residents’ committee at once.`,
    approved: (unit: string) =>
      `A new activation code for ${unit} was approved by the residents’ committee or the street office, and your earlier passkeys were ended. If it was not you, contact the residents’ committee at once.`,
    refused: (unit: string) =>
      `The request for a new activation code for ${unit} was refused by the residents’ committee or the street office; your passkeys still work.`,
    requestedAt: (date: string) => `Asked for: ${date}`,
    decidedAt: (date: string) => `Decided: ${date}`,
  },
  approvalPending:
    'Your account was activated without the phone on the roll: it can vote once the residents’ committee or the street office approves it. Until then you can sign in and read the meetings, but not vote.',
  voted: {
    online: (when: string) => `Voted online on ${when}`,
    proxy: (when: string) => `Voted by your proxy on ${when}`,
    paper: (when: string) => `Voted on paper on ${when}`,
    in_person: (when: string) => `Voted in person on ${when}`,
    other: (when: string) => `Voted on ${when}`,
  },
  whoVotedLink: 'See which flats have voted',
  whoVoted: {
    heading: 'Flats that have voted',
    intro:
      'This public list shows the flats that have voted and their areas, never anyone’s choices. If you have not voted but your flat is listed, contact the residents’ committee at once.',
    totals: (heads: string, area: string) => `Voted so far: ${heads} owners, ${area}\u00a0㎡ of floor area`,
    notOpen: 'Once voting opens, the flats that have voted are listed here.',
    none: 'No flat has voted yet.',
    mine: 'My flats',
    listed: (units: string) => `${units}: on the list of flats that voted`,
    notListed: (units: string) => `${units}: not on the list of flats that voted`,
    find: 'Find a flat number',
    findHint: 'For example 1-1-101',
    noMatch: 'This flat number is not on the list.',
    list: 'Flats that have voted',
    unitArea: (units: string, area: string) => `${units} (${area}\u00a0㎡)`,
    back: 'Back to the meeting',
  },
}

export default noticesEn
