import type { SurveysCatalogue } from './surveys-zh-CN'

/** The satisfaction surveys' words in English: the same keys as surveys-zh-CN.ts. */
const surveysEn: SurveysCatalogue = {
  dateLocale: 'en-GB',
  loading: 'Loading…',
  listSeparator: ', ',
  errors: {
    survey_not_found: 'No such satisfaction survey.',
    survey_not_open: 'The survey is not open: no response can be taken.',
    survey_not_closed: 'The results are published when the survey closes.',
    survey_already_answered: 'This household has responded already: one response per household.',
    survey_response_invalid:
      'The response is incomplete: answer every item, and give a reason for a low mark.',
    survey_not_draft: 'The survey’s notice is published: it can no longer be changed.',
    survey_questionnaire_invalid:
      'The questionnaire or its settings are wrong: every item needs a name, the last is the overall rating, the pass mark is 1%–100%.',
    window_invalid: 'The dates are wrong: the survey cannot close before it opens, nor in the past.',
    not_your_voter: 'You may not respond for this household.',
    not_in_electorate: 'This unit is not among the survey’s voters.',
    activation_pending:
      'Your account was activated without the phone on the roll: a supervisor must approve it before you respond.',
    unauthenticated: 'Please sign in first.',
    forbidden: 'Your account may not do this.',
    network: 'No connection. Check the network and try again.',
    unexpected: 'The server had a problem. Please try again later.',
  },
  three: { 3: 'Satisfied', 2: 'Fairly satisfied', 1: 'Dissatisfied' },
  dimensions: {
    security_fire: 'Security and fire safety',
    cleaning: 'Cleaning and sanitation',
    repairs: 'Repairs',
    greening: 'Greenery',
    reception: 'Reception',
    fee_transparency: 'Transparency of fees',
    overall: 'Overall',
  },
  fivePoint: (mark: number) => `${mark} of 5`,
  phases: { draft: 'Draft', upcoming: 'Not yet open', open: 'Open', closed: 'Closed' },
  window: (opens: string, closes: string) => `Open from ${opens} to ${closes}`,
  owner: {
    heading: 'Property-service satisfaction survey',
    none: 'There is no satisfaction survey at present.',
    answer: 'Answer the survey',
    results: 'See the results',
    view: 'View',
    back: 'All surveys',
    signIn: 'Sign in to respond',
    notHeld: 'You hold no home in this survey’s electorate.',
    upcoming: 'The survey has not opened yet; you can respond once it opens.',
    anonymous:
      'Responses are anonymous: the system records only that the household has responded; the response holds no unit, name or account.',
    respondFor: (units: string) => `Response for ${units}`,
    answered: (units: string, when: string) => `${units} responded on ${when}.`,
    answeredPaper: (units: string, when: string) => `${units} handed in a paper response on ${when}.`,
    reason: 'Please give the reason (required)',
    reasonHint: 'A low mark needs its reason, so that the property company and the committee can improve.',
    submit: 'Submit the response',
    submitting: 'Submitting…',
    unanswered: (items: string) => `Still unanswered: ${items}`,
    reasonMissing: (items: string) => `Please give a reason for: ${items}`,
    receiptHeading: 'Response submitted',
    receiptCode: 'Your receipt code',
    receiptNote:
      'Keep the receipt code. Once the survey closes, find your response by it in the published list (which shows no unit).',
    receiptLost:
      'The receipt code is shown once, when you submit, and kept on this phone; the server does not know which response is yours.',
  },
  results: {
    heading: 'Results',
    responded: (heads: string, total: string, rate: string) =>
      `${heads} of ${total} households responded (${rate} by headcount)`,
    respondedArea: (area: string, total: string, rate: string) =>
      `Responding area ${area}, ${rate} of the total ${total}`,
    noQuorum: 'A satisfaction survey has no quorum: the result is computed from the responses received.',
    overall: 'Overall satisfaction',
    byHeads: 'By headcount',
    byArea: 'By area',
    passMark: (p: number) =>
      `Pass mark ${p}% (satisfied and fairly satisfied, or 4–5, as a share of the responses)`,
    passed: 'Pass mark met',
    failed: 'Pass mark not met',
    noResponses: 'Nobody responded',
    dimension: 'Item',
    outcome: 'Result',
    reasons: 'Reasons given',
    noReasons: 'No reasons were given.',
    trend: 'Overall satisfaction over the surveys',
    trendLabel: (items: string) => `Overall satisfaction by headcount over the surveys: ${items}`,
    responses: 'All responses (by receipt code)',
    search: 'Find my response by its receipt code',
    found: 'Your response:',
    notFound: 'No response has this receipt code. Check it and try again.',
    file: 'Download the results file (JSON)',
    fileNote:
      'The results file holds each response’s marks by receipt code (no unit, no area), the headcount and area behind each mark of each item, and the electorate’s headcount and total area: anyone can recompute the shares from it and check the headcounts against the responses.',
  },
  console: {
    heading: 'Satisfaction surveys',
    title: (estate: string) => `Satisfaction surveys · ${estate}`,
    none: 'No satisfaction survey yet.',
    create: 'New survey',
    titleLabel: 'Title',
    titleDefault: 'Property-service satisfaction survey',
    opensOn: 'Opens on',
    closesOn: 'Closes on',
    scale: 'Marks',
    scales: { three: 'Satisfied / fairly satisfied / dissatisfied', five: '1–5' },
    passMark: 'Pass mark (%)',
    passMarkHint:
      'By default 80% (China Property Management Association, 2004, grade one), or the figure of the service contract.',
    template: 'Items (from the template)',
    createButton: 'Create from the template',
    notice: 'Publish the survey’s notice',
    noticeConfirm: 'Once published, the questionnaire and the dates cannot change. Publish now?',
    noticed: (when: string) => `Notice published on ${when}.`,
    progress: (heads: string, total: string) => `${heads} of ${total} households have responded`,
    progressDetail: (paper: string, served: string) =>
      `${paper} of them on paper; the notice served on ${served} households`,
    paper: 'Enter a paper response',
    unit: 'Unit',
    paperButton: 'Enter',
    paperDone: (unit: string, receipt: string) =>
      `Entered the response of ${unit}; receipt code ${receipt} (hand it to the owner).`,
    open: 'Open',
  },
}

export default surveysEn
