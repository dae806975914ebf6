import type { ActivationCatalogue } from './activation-zh-CN'

const activationEn: ActivationCatalogue = {
  title: 'Activate your voting account',
  heading: 'Activate your voting account',
  intro:
    "Enter the activation code from your invitation letter, and the owner's own name and the last four characters of their ID number. Once they match, you create a passkey on this phone and use it to sign in and vote, with no password.",
  code: 'Activation code',
  codeHint: 'On your letter, e.g. ABCD-EFGH-JKMN',
  name: 'Name',
  nameHint: "The owner's own name, as registered for the property",
  idLast4: 'Last four ID characters',
  idLast4Hint: 'The last four characters of the ID number: digits, or the letter X',
  required: 'Please fill this in.',
  idLast4Invalid: 'Please enter 4 characters: digits or the letter X.',
  submit: 'Next',
  checking: 'Checking…',
  whoHeading: 'Please check who you are',
  estate: 'Estate',
  units: 'Units',
  owner: 'Owner',
  unitArea: (number: string, area: string) => `${number} (${area}\u00a0m²)`,
  existingAccount: 'You already have an account: continuing adds a new passkey on this phone.',
  passkeyExplain:
    'The passkey stays on this phone and is used with your fingerprint, face or screen lock. It replaces a password, and nobody else can use it even if they know your activation code.',
  create: 'Create a passkey',
  creating: 'Confirm on your phone…',
  back: 'Not right? Go back and correct it',
  signIn: 'Sign in with a passkey',
  noPasskeyHelp: "You can also ask the owners' committee or the preparatory group for a paper ballot.",
  sms: {
    heading: 'Enter the code from the text message',
    sent: (phone: string) =>
      `A code was sent to the phone on the roll, ${phone}. It is valid for 10 minutes.`,
    why: 'This step proves the person activating holds the owner’s own phone: the conveners hold the roll and the letters, but not this message.',
    code: 'Code from the text message',
    codeHint: '6 digits',
    invalid: 'Please enter the 6 digits from the message.',
    submit: 'Verify',
    checking: 'Checking…',
    resend: 'Did not arrive? Send again',
    resent: 'Sent again.',
    wrong: (left: number) =>
      left > 0
        ? `That code is not right; ${left} ${left === 1 ? 'try' : 'tries'} left.`
        : 'That code is not right and no tries are left; send a new code.',
    expired: 'The code has expired or was used; send a new one.',
    failed: 'The message could not be sent; try again in a minute.',
    limited: 'Too many messages; try again later.',
    noPhone:
      'The roll has no phone for this owner: once activated, a supervisor must approve before you can vote.',
    phoneChanged:
      'The phone on the roll was changed: once activated, a supervisor must approve before you can vote.',
  },
  guardianRecorded:
    'A guardian is recorded for this owner: the guardian activates with their own name and ID characters.',
  awaitingApproval:
    'This letter ends the owner’s existing passkeys: it works once the residents’ committee or street office approves.',
}

export default activationEn
