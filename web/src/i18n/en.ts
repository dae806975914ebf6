import type { Catalogue } from './zh-CN'

const en: Catalogue = {
  appName: 'Gongjue',
  languageGroup: 'Language',
  loading: 'Loading…',
  retry: 'Try again',
  backHome: 'Back to the start page',
  listSeparator: ', ',
  sentenceSeparator: ' ',
  dateLocale: 'en-GB',
  errors: {
    estate_not_found:
      'We cannot find this estate. Check the address, or choose your estate on the start page.',
    not_found: 'We cannot find what you asked for.',
    invalid_request: 'The address or the search is not valid. Please start again from the start page.',
    unauthenticated: 'Please sign in first.',
    forbidden: 'Your account may not see or change this.',
    rate_limited: 'Too many tries. Please wait and try again.',
    activation_failed:
      "The activation code, the name or the last four ID characters do not match the owners' roll. Check the code against your letter, and enter the owner's own name and ID characters as registered for the property.",
    invitation_expired:
      "This invitation letter is no longer valid (it expired, or a new letter was issued). Ask the owners' committee or the preparatory group for a new letter.",
    invitation_locked:
      "This activation code was entered wrongly too many times and is locked. Ask the owners' committee or the preparatory group for a new letter.",
    already_activated:
      "You have already activated with this code: sign in with your passkey. To use another phone, ask the owners' committee or the preparatory group for a new letter.",
    passkey_failed:
      "This passkey could not be verified (it may have been removed). Please try again; if it still fails, ask the owners' committee or the preparatory group for help.",
    enrollment_invalid:
      'This enrollment link is no longer valid (it was used, expired or replaced by a newer one). Ask the administrator for a new link.',
    account_disabled: "This account is disabled. Contact the owners' committee or the administrator.",
    passkey_not_found: 'This passkey cannot be found; it may have been removed already.',
    passkey_revoked: 'This passkey was already removed.',
    unit_not_found: "These unit numbers are not on the owners' roll; check them and try again:",
    sms_code_wrong: 'That code from the text message is not right.',
    sms_code_expired: 'The code has expired or was used; send a new one.',
    sms_failed: 'The text message could not be sent; try again in a minute.',
    guardian_recorded: 'A guardian is recorded for this owner: the guardian activates.',
    invitation_awaiting_approval:
      'This letter works once the residents’ committee or street office approves.',
    no_voters: 'There are no voters to invite in the chosen buildings or units.',
    passkey_cancelled:
      'The passkey step was not completed (it was cancelled, or the fingerprint, face or screen lock did not pass). Please try again.',
    passkey_unsupported:
      "This browser does not support passkeys. Open the link in your phone's own browser (such as Safari, Chrome or your phone maker's browser). If it still does not work, you can ask the owners' committee or the preparatory group for a paper ballot.",
    passkey_exists: 'This phone already holds your passkey: sign in with it.',
    passkey_error:
      "The passkey was not created. Please try again; if it still fails, use your phone's own browser.",
    network: 'No connection. Check your network and try again.',
    unexpected: 'The server had a problem. Please try again later.',
  },
  errorDetails: {
    attemptsLeft: (n: number) =>
      `${n} ${n === 1 ? 'try' : 'tries'} left; after that this activation code will be locked.`,
    retryAfter: (minutes: number) =>
      `Please try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`,
  },
  nav: {
    label: 'Account',
    signIn: 'Sign in',
    me: 'Me',
  },
  home: {
    title: 'Estates',
    heading: 'Estates',
    intro: "Choose your estate to see its published owners' roll.",
    empty: 'There are no estates yet.',
    openRoll: 'See the published roll',
  },
  notFound: {
    title: 'Page not found',
    body: 'There is no page at this address.',
  },
  roll: {
    title: (estate: string) => `${estate}: published roll`,
    heading: 'Published roll',
    formationLink: 'Forming the owners’ assembly and the group’s members',
    purpose:
      "Before an owners' assembly, the roll of owners is published here. Please check that your unit's number, area and area source are right. To protect privacy, owners' names show only their first character.",
    objection:
      'If something is wrong, raise an objection with the convener (the preparatory group or the owners’ committee); signed-in owners can object at the bottom of this page.',
    totalsHeading: 'Whole estate',
    totalUnits: 'Units',
    totalHeads: 'Voters',
    totalArea: 'Counted area',
    parking: 'Parking',
    parkingCounted: 'Counted in area and votes',
    parkingNotCounted: 'Not counted in area or votes',
    headsNote:
      'An owner of several units is one voter; all units the developer still holds together are one voter.',
    filterHeading: 'Find a unit',
    building: 'Building',
    allBuildings: 'All buildings',
    buildingOption: (name: string, units: number) => `${name} (${units} ${units === 1 ? 'unit' : 'units'})`,
    search: 'Unit number',
    searchHint: 'Type part of the unit number, e.g. 1-1-101',
    searchButton: 'Search',
    matched: (matched: string, shown: string) =>
      `${matched} ${matched === '1' ? 'unit' : 'units'} found, ${shown} shown`,
    noMatch: 'No unit matches.',
    loadMore: (count: number) => `Show ${count} more`,
    download: 'Download the whole roll (CSV)',
    downloadHint: 'A CSV file opens in Excel or WPS.',
    unitsHeading: 'Units',
    area: (area: string) => `${area} m²`,
    areaWithSource: (area: string, source: string) => `${area} m² (${source})`,
    unitBuilding: 'Building',
    unitArea: 'Area',
    unitOwners: 'Owners',
    developer: 'Developer',
    kind: {
      residence: 'Residence',
      shop: 'Shop',
      parking: 'Parking space',
      other: 'Other',
    },
    areaSource: {
      register: 'registered area',
      survey: 'surveyed area',
      contract: 'contract area',
    },
  },
  signIn: {
    title: 'Sign in',
    heading: 'Sign in',
    intro:
      'Sign in with the passkey on this phone, with no password: your phone asks for your fingerprint, face or screen lock.',
    button: 'Sign in with a passkey',
    working: 'Confirm on your phone…',
    firstTime:
      'First time here? Open the link on your invitation letter, or scan the QR code on it with your phone, to activate your account.',
    noPasskeyHere:
      "If this phone holds no passkey (for example a new phone), activate with your invitation letter; if you lost the letter, ask the owners' committee or the preparatory group for a new one.",
    signedInAs: (name: string) => `You are signed in as ${name}.`,
    goToMe: 'Go to my page',
  },
  enroll: {
    title: 'Staff enrollment',
    heading: 'Staff enrollment',
    greeting: (name: string) => `Hello, ${name}.`,
    intro:
      'Create a passkey on this phone. You will sign in with it, with no password: your phone asks for your fingerprint, face or screen lock. This link works once.',
    create: 'Create a passkey',
    creating: 'Confirm on your phone…',
  },
  me: {
    title: 'Me',
    heading: 'Me',
    hello: (name: string) => `Hello, ${name}`,
    accountIdHeading: 'The account id a proxy needs',
    accountId: (id: string) => `Account id: ${id}`,
    ownerHeading: 'My units',
    estateLine: (name: string) => `Estate: ${name}`,
    voterHeading: (n: number) => `Vote ${n}`,
    units: 'Units',
    totalArea: 'Total area',
    area: (area: string) => `${area}\u00a0m²`,
    unitArea: (number: string, building: string, area: string) => `${number} (${building}, ${area}\u00a0m²)`,
    coOwners: 'Co-owners',
    noCoOwners: 'None',
    coOwnersNote: 'Co-owned units together are one vote, cast by one of the co-owners.',
    rollLink: 'See the published roll',
    meetingsLink: 'Owners’ meetings and voting',
    rolesHeading: 'My roles',
    noRoles: 'You have no roles yet.',
    role: {
      admin: 'Platform administrator',
      street_office: 'Street office',
      supervisor: "Supervisor (residents' committee)",
      convener: "Convener (owners' committee or preparatory group)",
    },
    allEstates: 'All estates',
    invitationsLink: 'Invitation letters and activation',
    consoleLink: 'Console: roll, meetings, supervision',
    passkeysHeading: 'Passkeys',
    passkeysIntro: 'You sign in with these passkeys. Each one is kept on one phone or device.',
    passkeyUnnamed: (n: number) => `Passkey ${n}`,
    current: 'This device, used for this sign-in',
    created: (date: string) => `Created ${date}`,
    lastUsed: (date: string) => `Last sign-in ${date}`,
    neverUsed: 'Not used to sign in yet',
    remove: 'Remove',
    removeLabel: (name: string) => `Remove ${name}`,
    removeConfirm: 'Once removed, this passkey can no longer be used to sign in.',
    removeCurrent: 'You signed in with this passkey: removing it signs you out.',
    removeLast:
      "This is your only passkey: once it is removed, you need a new invitation letter from the owners' committee or the preparatory group to sign in again.",
    removeYes: 'Yes, remove it',
    cancel: 'Cancel',
    removed: 'The passkey was removed.',
    addHeading: 'Add a passkey',
    addIntro: 'Add another passkey on this phone or device, for example on a new phone.',
    addLabel: 'Name (optional)',
    addLabelHint: 'For example "my phone"',
    add: 'Add a passkey on this device',
    adding: 'Confirm on your phone…',
    added: 'The passkey was added.',
    signOut: 'Sign out',
    signingOut: 'Signing out…',
  },
}

export default en
