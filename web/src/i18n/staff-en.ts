import type { StaffCatalogue } from './staff-zh-CN'

const staffEn: StaffCatalogue = {
  console: {
    title: (estate: string) => `${estate}: invitation letters`,
    heading: 'Invitation letters and activation',
    loading: 'Loading…',
    totalsHeading: 'Whole estate',
    totals: {
      voters: 'Voters',
      votersWithPasskey: 'Activated',
      issued: 'Valid letters',
      expired: 'Expired',
      locked: 'Locked',
      none: 'No letter',
    },
    totalsNote: '"Activated" counts the voters of whom at least one owner has created a passkey.',
    tableHeading: 'By building',
    building: 'Building',
    allBuildings: 'All buildings',
    buildingOption: (name: string, voters: number) =>
      `${name} (${voters} ${voters === 1 ? 'voter' : 'voters'})`,
    voters: 'Voters',
    issued: 'Valid letters',
    activated: 'Activated',
    units: 'Units',
    owners: 'Activated / owners',
    status: 'Letter',
    expires: 'Valid until',
    statusName: {
      none: 'None',
      issued: 'Valid',
      expired: 'Expired',
      locked: 'Locked',
    },
    issueHeading: 'Issue invitation letters',
    issueIntro:
      'One letter per voter, with an activation code and a QR code. Only a hash of each code is kept, so letters can be printed only when they are issued: printing again means issuing again, and the earlier codes stop working.',
    readOnly: 'Only conveners can issue invitation letters.',
    scope: 'Who gets letters',
    scopeAll: 'The whole estate',
    scopeBuildings: 'Chosen buildings',
    scopeUnits: 'Chosen unit numbers',
    buildings: 'Buildings',
    unitsLabel: 'Unit numbers',
    unitsHint: 'One per line, or separated by commas or spaces, e.g. 1-1-101',
    days: 'Days valid',
    daysHint: '1 to 180 days',
    daysInvalid: 'Please enter a whole number from 1 to 180.',
    chooseBuilding: 'Please choose at least one building.',
    enterUnits: 'Please enter at least one unit number.',
    revoke: "Also revoke these voters' passkeys (a lost or stolen phone)",
    revokeHint:
      'For owners who have activated, the new letter works only once a residents’ committee supervisor or the street office approves it (never the convener who asked); only then do their passkeys end, they are signed out, and they activate again with the new letter.',
    issue: 'Issue and print letters',
    confirmHeading: 'Please confirm',
    confirmScope: (scope: string) => `Scope: ${scope}`,
    confirmText:
      'Once issued, the activation codes these voters received before stop working at once; only the new letters printed now are valid. The new codes are shown only this once: print them before you leave this page.',
    confirmRevoke:
      'Voters who have activated: their new letters work only once a supervisor or the street office approves them, and only then do their earlier passkeys end. The owners are told by text message.',
    confirm: 'Yes, issue the letters',
    cancel: 'Cancel',
    issuing: 'Preparing the letters…',
    resultHeading: (n: number) => `${n} ${n === 1 ? 'letter' : 'letters'} ready`,
    resultNote: (reissued: number) =>
      `Earlier codes of ${reissued} ${reissued === 1 ? 'voter were' : 'voters were'} cancelled.`,
    awaitingHeading: 'Awaiting approval',
    awaitingText: (n: number) =>
      `The owners of ${n} ${n === 1 ? 'voter have' : 'voters have'} passkeys: their new letters work only once a residents’ committee supervisor or the street office approves them. Until then the new codes do not activate and the owners’ passkeys stay as they are; they end on approval.`,
    awaitingUnits: (units: string) => `Awaiting approval: ${units}`,
    reviewLink: 'Open take-overs and activations',
    pendingHeading: 'Take-overs awaiting approval',
    pendingIntro:
      'These voters’ new letters end their owners’ earlier passkeys, so they work only once a supervisor or the street office approves them.',
    pendingLine: (units: string, by: string, at: string) => `${units}: issued by ${by} on ${at}`,
    someone: 'Outside the console (command line or system)',
    printHint:
      'Each letter prints on one A4 page. The codes are shown only here: once you leave this page these letters cannot be printed again.',
    print: 'Print',
    done: 'Done, back to the list',
  },
  letter: {
    lang: 'en',
    dateLocale: 'en-GB',
    ownersList: (owners: readonly string[]) => owners.join(', '),
    title: "Invitation to vote online in the owners' assembly",
    units: 'Units',
    totalArea: 'Total area',
    owners: 'Owners',
    unitArea: (number: string, area: string) => `${number} (${area}\u00a0m²)`,
    areaM2: (area: string) => `${area}\u00a0m²`,
    code: 'Activation code',
    link: 'Activation link',
    qr: (url: string) => `QR code: ${url}`,
    howHeading: 'How to vote on your phone',
    steps: [
      'Scan the QR code with your phone, or open the link above in a browser.',
      "Check the activation code, and enter the owner's own name and the last four characters of their ID number.",
      'Create a passkey as your phone shows you: confirm with your fingerprint, face or screen lock. No password is needed.',
      'From then on, sign in with your passkey on the website to read meeting notices and to vote.',
    ],
    coOwners: 'Co-owned units: each co-owner can activate on their own phone with this same code.',
    paperHeading: 'Not voting by phone?',
    paper:
      "Ask the owners' committee or the preparatory group for a paper ballot, or ask for one on the website after activating.",
    expires: (date: string) =>
      `This code is valid until ${date}. If it expires or the letter is lost, ask the owners' committee or the preparatory group for a new one.`,
    secret: 'Keep this letter safe and do not tell anyone the code. Staff will never ask you for it.',
  },
}

export default staffEn
