import type { StaffRole } from '../../db/schema'

/**
 * Who may call which route: ONE table, enforced by the `authorize` middleware for every /api route and
 * walked by tests/integration/route-access.test.ts with every role. A route missing here answers 500
 * `route_without_policy` (fail closed) and fails that test.
 *
 * Roles follow domain.md §2. Staff roles are granted per estate: on a route with `:estateId` the grant must be
 * for that estate. `admin` is platform-wide. Supervisors (residents' committee `supervisor`, `street_office`)
 * read what conveners read; only conveners change the roll, meetings and invitations; admins create estates and
 * grant roles; the street office grants conveners ("Roles are granted per estate by an admin or, for
 * conveners, by the street office").
 */
export type Rule =
  | { readonly allow: 'anyone' }
  | { readonly allow: 'signed_in' }
  | { readonly allow: 'staff'; readonly roles: readonly StaffRole[] }

const anyone: Rule = { allow: 'anyone' }
const signedIn: Rule = { allow: 'signed_in' }
const staff = (...roles: StaffRole[]): Rule => ({ allow: 'staff', roles })

const READERS = ['convener', 'supervisor', 'street_office'] as const

export const ACCESS = {
  'GET /api/health': anyone,
  // The API described for integrators (OpenAPI 3.1): what every route takes and may answer, never any data.
  'GET /api/openapi.json': anyone,

  // Estates and the published roll (公示: unit numbers, areas and masked names only).
  'GET /api/estates': anyone,
  'GET /api/estates/:estateId': anyone,
  'POST /api/estates': staff('admin'),
  'PATCH /api/estates/:estateId': staff('admin', 'convener'),
  'GET /api/estates/:estateId/roll': anyone,
  'GET /api/estates/:estateId/roll.csv': anyone,
  'POST /api/estates/:estateId/roll/imports': staff('convener'),
  'GET /api/estates/:estateId/roll/imports/:importId': staff(...READERS),
  'GET /api/estates/:estateId/roll/changes': staff(...READERS),

  // Owners: activation from an invitation, then usernameless passkey sign-in.
  'POST /api/activation/options': anyone,
  'POST /api/activation/sms': anyone,
  'POST /api/activation': anyone,
  'POST /api/session/options': anyone,
  'POST /api/session': anyone,
  'DELETE /api/session': signedIn,
  'GET /api/me': signedIn,
  // The start page's data in one answer (routes/pages.ts): GET /api/me, the estate's meetings, my part of each.
  'GET /api/me/home': signedIn,
  'POST /api/me/passkeys/options': signedIn,
  'POST /api/me/passkeys': signedIn,
  'DELETE /api/me/passkeys/:credentialId': signedIn,

  // Staff: enrollment links, accounts and roles.
  'POST /api/enrollment/options': anyone,
  'POST /api/enrollment': anyone,
  'GET /api/estates/:estateId/staff': staff('admin', ...READERS),
  'POST /api/estates/:estateId/staff': staff('admin', 'street_office'),
  'DELETE /api/estates/:estateId/staff/:grantId': staff('admin', 'street_office'),
  'POST /api/staff/:accountId/enrollments': staff('admin'),

  // Invitations (activation codes and letters) and owners' passkeys.
  'GET /api/estates/:estateId/invitations': staff(...READERS),
  'POST /api/estates/:estateId/invitations': staff('convener'),
  // Two people for what would let a convener vote in an owner's place: supervisors and the street office approve
  // a take-over (a re-issue ending an owner's passkeys) and an activation made without the owner's phone.
  'POST /api/estates/:estateId/invitations/:invitationId/approval': staff('supervisor', 'street_office'),
  'POST /api/estates/:estateId/activations/approval': staff('supervisor', 'street_office'),
  'GET /api/estates/:estateId/activation-review': staff(...READERS),

  // Meetings. The notice and the announcement are public postings; ballots are cast by the signed-in
  // owner or proxy holder (the service checks whose voter it is); conveners run the meeting; supervisors read
  // and sign off. Nobody's role lets them see choices before close: no route shows them until then.
  'GET /api/estates/:estateId/meetings': anyone,
  'POST /api/estates/:estateId/meetings': staff('convener'),
  'GET /api/estates/:estateId/meetings/:meetingId': anyone,
  'PUT /api/estates/:estateId/meetings/:meetingId': staff('convener'),
  'POST /api/estates/:estateId/meetings/:meetingId/notice': staff('convener'),
  'POST /api/estates/:estateId/meetings/:meetingId/extension': staff('convener'),
  'POST /api/estates/:estateId/meetings/:meetingId/attachments': staff('convener'),
  'GET /api/estates/:estateId/meetings/:meetingId/attachments/:attachmentId': signedIn,
  'GET /api/estates/:estateId/meetings/:meetingId/me': signedIn,
  'POST /api/estates/:estateId/meetings/:meetingId/ballot-options': signedIn,
  'POST /api/estates/:estateId/meetings/:meetingId/ballots': signedIn,
  'POST /api/estates/:estateId/meetings/:meetingId/read-confirmation': signedIn,
  'POST /api/estates/:estateId/meetings/:meetingId/paper-requests': signedIn,
  'POST /api/estates/:estateId/meetings/:meetingId/paper-requests/withdrawal': signedIn,
  'GET /api/estates/:estateId/meetings/:meetingId/paper-requests': staff(...READERS),
  'POST /api/estates/:estateId/meetings/:meetingId/paper-requests/:requestId/handled': staff('convener'),
  'POST /api/estates/:estateId/meetings/:meetingId/paper-entries': staff('convener'),
  'POST /api/estates/:estateId/meetings/:meetingId/paper-entries/:entryId/confirmation': staff('convener'),
  'POST /api/estates/:estateId/meetings/:meetingId/paper-complete': staff('convener'),
  'GET /api/estates/:estateId/meetings/:meetingId/paper-entries': staff(...READERS),
  'POST /api/estates/:estateId/meetings/:meetingId/paper-entries/:entryId/scan': staff('convener'),
  'GET /api/estates/:estateId/meetings/:meetingId/paper-entries/electorate': staff(...READERS),
  'GET /api/estates/:estateId/meetings/:meetingId/paper-entries/unit': staff(...READERS),
  'GET /api/estates/:estateId/meetings/:meetingId/paper-scans/unmatched': staff('convener'),
  'POST /api/estates/:estateId/meetings/:meetingId/proxies': staff('convener'),
  'GET /api/estates/:estateId/meetings/:meetingId/proxies': staff(...READERS),
  'DELETE /api/estates/:estateId/meetings/:meetingId/proxies/:proxyId': staff('convener'),
  'POST /api/estates/:estateId/meetings/:meetingId/service': staff('convener'),
  'GET /api/estates/:estateId/meetings/:meetingId/turnout': staff(...READERS),
  'POST /api/estates/:estateId/meetings/:meetingId/preliminary': staff('convener'),
  'POST /api/estates/:estateId/meetings/:meetingId/objections': signedIn,
  'GET /api/estates/:estateId/meetings/:meetingId/objections': signedIn,
  'POST /api/estates/:estateId/meetings/:meetingId/objections/:objectionId/answer': staff('convener'),
  'POST /api/estates/:estateId/meetings/:meetingId/signoffs': staff('supervisor', 'street_office'),
  'POST /api/estates/:estateId/meetings/:meetingId/final': staff('convener'),
  // domain §12: the public summary for anyone; the full bundle (units with their choices) for those with standing,
  // which the route checks (the estate's owners and staff), each download audited.
  'GET /api/estates/:estateId/meetings/:meetingId/summary': anyone,
  // domain §6.2: who voted is public by unit and area (never names or choices), so an owner who did not vote
  // sees at once that their unit is listed.
  'GET /api/estates/:estateId/meetings/:meetingId/voted': anyone,
  'GET /api/estates/:estateId/meetings/:meetingId/bundle': signedIn,
  'GET /api/estates/:estateId/meetings/:meetingId/announcement': anyone,
  'GET /api/estates/:estateId/meetings/:meetingId/exports/detail.csv': staff(...READERS),
  'GET /api/estates/:estateId/meetings/:meetingId/exports/summary.csv': staff(...READERS),
  // 上海 art. 23: the filing package for the street office (备案), with the 明细表 and the full results file; each
  // download audited.
  'GET /api/estates/:estateId/meetings/:meetingId/filing-package.zip': staff(...READERS),

  // Supervision: the audit log, live turnout, objections to the published roll.
  'GET /api/estates/:estateId/audit': staff(...READERS),
  'GET /api/estates/:estateId/meetings/:meetingId/turnout/stream': staff(...READERS),
  'GET /api/estates/:estateId/meetings/:meetingId/signoffs': staff(...READERS),
  'GET /api/estates/:estateId/meetings/:meetingId/service': staff(...READERS),
  'GET /api/estates/:estateId/units/:unit/accounts': staff('convener'),
  'POST /api/estates/:estateId/roll/objections': signedIn,
  'GET /api/estates/:estateId/roll/objections': signedIn,
  'POST /api/estates/:estateId/roll/objections/:objectionId/answer': staff('convener'),

  // Publications of the first assembly's preparation (domain §7.3): the roll's versions are public (masked).
  'GET /api/estates/:estateId/roll/versions': anyone,
  'POST /api/estates/:estateId/roll/versions': staff('convener'),
  'GET /api/estates/:estateId/roll/versions/:number': anyone,
  'GET /api/estates/:estateId/roll/versions/:number/compare/:other': anyone,
  // The estate's documents from templates: published versions public, drafts and publishing the conveners'.
  'GET /api/estates/:estateId/publications/documents': anyone,
  'POST /api/estates/:estateId/publications/documents': staff('convener'),
  'GET /api/estates/:estateId/publications/documents/:documentId': anyone,
  'PUT /api/estates/:estateId/publications/documents/:documentId/draft': staff('convener'),
  'POST /api/estates/:estateId/publications/documents/:documentId/versions': staff('convener'),
  'GET /api/estates/:estateId/publications/documents/:documentId/versions/:number': anyone,
  'GET /api/estates/:estateId/publications/documents/:documentId/versions/:number/compare/:other': anyone,
  'POST /api/estates/:estateId/meetings/:meetingId/matters/:matterId/document': staff('convener'),

  // Who acts for a voter besides its owners (domain §3): co-owners' representatives, guardians, and the signed
  // papers behind them. Conveners record them; the estate's readers see them; co-owners nominate in the app.
  'POST /api/estates/:estateId/documents': staff('convener'),
  'GET /api/estates/:estateId/documents/:documentId': staff(...READERS),
  'GET /api/estates/:estateId/units/:unit/people': staff('convener'),
  'GET /api/estates/:estateId/representatives': staff(...READERS),
  'POST /api/estates/:estateId/representatives': staff('convener'),
  'DELETE /api/estates/:estateId/representatives/:representativeId': staff('convener'),
  'POST /api/estates/:estateId/representatives/nominations': signedIn,
  'GET /api/estates/:estateId/guardians': staff(...READERS),
  'POST /api/estates/:estateId/guardians': staff('convener'),
  'DELETE /api/estates/:estateId/guardians/:guardianId': staff('convener'),

  // Formation and re-election (domain §§7–8): the street office records the application, forms the group and
  // records the filing; the group's members (conveners while it exists) run its steps; the street office leads the
  // group, so it may run them too. Owners read the public notice.
  'GET /api/estates/:estateId/formation': staff(...READERS),
  'GET /api/estates/:estateId/formation/public': anyone,
  'POST /api/estates/:estateId/formation/applications': staff('street_office'),
  'POST /api/estates/:estateId/formation/groups': staff('street_office'),
  'POST /api/estates/:estateId/formation/members-publication': staff('convener', 'street_office'),
  'PUT /api/estates/:estateId/formation/first-meeting': staff('convener'),
  'PUT /api/estates/:estateId/formation/undertakings/:memberId': staff('convener', 'street_office'),
  'POST /api/estates/:estateId/formation/training': staff('convener', 'street_office'),
  'POST /api/estates/:estateId/formation/handover/:item': staff('convener'),
  'POST /api/estates/:estateId/formation/filing': staff('street_office'),

  // The owners' committee (domain §8). Conveners make the term from a final election and run its meetings; the
  // estate's readers follow it; a sitting member confirms their own vote with their passkey (the service checks
  // the seat); the members' names and the published notices are public.
  'GET /api/estates/:estateId/committee': staff(...READERS),
  'GET /api/estates/:estateId/committee/public': anyone,
  'POST /api/estates/:estateId/committee/terms': staff('convener'),
  'POST /api/estates/:estateId/committee/announcement': staff('convener'),
  'POST /api/estates/:estateId/committee/vacancies': staff('convener'),
  'POST /api/estates/:estateId/committee/meetings': staff('convener'),
  'GET /api/estates/:estateId/committee/meetings/:committeeMeetingId': staff(...READERS),
  'PUT /api/estates/:estateId/committee/meetings/:committeeMeetingId/attendance': staff('convener'),
  'POST /api/estates/:estateId/committee/meetings/:committeeMeetingId/close': staff('convener'),
  'POST /api/estates/:estateId/committee/meetings/:committeeMeetingId/publication': staff('convener'),
  'GET /api/estates/:estateId/committee/me': signedIn,
  'POST /api/estates/:estateId/committee/meetings/:committeeMeetingId/vote-options': signedIn,
  'POST /api/estates/:estateId/committee/meetings/:committeeMeetingId/votes': signedIn,
  'GET /api/estates/:estateId/committee/notices': anyone,
  'GET /api/estates/:estateId/committee/notices/:noticeId': anyone,

  // Disclosures (domain §9): the conveners publish, correct and answer; anyone reads the public ones (the service
  // narrows owners-only ones to the estate's owners and staff); a signed-in owner asks questions.
  'GET /api/estates/:estateId/disclosures': anyone,
  'POST /api/estates/:estateId/disclosures': staff('convener'),
  'GET /api/estates/:estateId/disclosures/due': anyone,
  'GET /api/estates/:estateId/disclosures/board': anyone,
  'PUT /api/estates/:estateId/disclosures/settings': staff('convener'),
  'GET /api/estates/:estateId/disclosures/:disclosureId': anyone,
  'PUT /api/estates/:estateId/disclosures/:disclosureId/draft': staff('convener'),
  'POST /api/estates/:estateId/disclosures/:disclosureId/attachments': staff('convener'),
  'GET /api/estates/:estateId/disclosures/:disclosureId/attachments/:attachmentId': anyone,
  'POST /api/estates/:estateId/disclosures/:disclosureId/versions': staff('convener'),
  'GET /api/estates/:estateId/disclosures/:disclosureId/versions/:number': anyone,
  'GET /api/estates/:estateId/disclosures/:disclosureId/versions/:number/compare/:other': anyone,
  'GET /api/estates/:estateId/disclosures/:disclosureId/versions/:number/service': staff(...READERS),
  'POST /api/estates/:estateId/disclosures/:disclosureId/versions/:number/service': staff('convener'),
  'POST /api/estates/:estateId/disclosures/:disclosureId/questions': signedIn,
  'POST /api/estates/:estateId/disclosures/:disclosureId/questions/:questionId/answer': staff('convener'),
  // Oversight across estates (domain §11): the street and district offices' page (the service narrows it to the
  // caller's area grants; an admin sees every area), and the admin's records of the areas.
  'GET /api/oversight': signedIn,
  'GET /api/oversight/export.csv': signedIn,
  'GET /api/oversight/export.xlsx': signedIn,
  'GET /api/areas': staff('admin'),
  'POST /api/districts': staff('admin'),
  'POST /api/street-offices': staff('admin'),
  'PUT /api/estates/:estateId/area': staff('admin'),
  'POST /api/area-grants': staff('admin'),
  'DELETE /api/area-grants/:grantId': staff('admin'),
  // Money statements (domain §9): the conveners, who publish the disclosures, check a statement file; nothing kept.
  'POST /api/estates/:estateId/statements/parse': staff('convener'),
  // Satisfaction surveys (domain §10). The estate's conveners, or the street office for the estates of its area,
  // run them; a signed-in owner responds for a voter they hold (the service checks whose voter it is); the
  // published surveys, their results after the close and the results file are public (no unit, no voter); the
  // estate's staff who run them publish a closed survey's results as a disclosure.
  'GET /api/estates/:estateId/surveys': anyone,
  'POST /api/estates/:estateId/surveys': staff('convener', 'street_office'),
  'GET /api/estates/:estateId/surveys/:surveyId': anyone,
  'PUT /api/estates/:estateId/surveys/:surveyId': staff('convener', 'street_office'),
  'POST /api/estates/:estateId/surveys/:surveyId/notice': staff('convener', 'street_office'),
  'POST /api/estates/:estateId/surveys/:surveyId/service': staff('convener', 'street_office'),
  'GET /api/estates/:estateId/surveys/:surveyId/me': signedIn,
  'POST /api/estates/:estateId/surveys/:surveyId/responses': signedIn,
  'POST /api/estates/:estateId/surveys/:surveyId/paper-responses': staff('convener', 'street_office'),
  'GET /api/estates/:estateId/surveys/:surveyId/results': anyone,
  'GET /api/estates/:estateId/surveys/:surveyId/results.json': anyone,
  'POST /api/estates/:estateId/surveys/:surveyId/disclosure': staff('convener', 'street_office'),
} as const satisfies Record<string, Rule>

export type RouteKey = keyof typeof ACCESS

export function ruleFor(method: string, path: string): Rule | undefined {
  return (ACCESS as Record<string, Rule>)[`${method} ${path}`]
}

/**
 * The order of staff roles for changing someone's roles (domain.md §2): platform admins above the street office
 * above conveners and supervisors. Nobody grants or revokes a role of an account that holds a role above their own
 * anywhere: otherwise a street office could, by granting or revoking a role on its estate, reach an admin's account.
 */
export const ROLE_RANK: Readonly<Record<StaffRole, number>> = {
  admin: 3,
  street_office: 2,
  supervisor: 1,
  convener: 1,
}

/** Whether `account` (its live roles anywhere) holds a role above `granter`'s. */
export function outranks(account: readonly StaffRole[], granter: StaffRole): boolean {
  return account.some((r) => ROLE_RANK[r] > ROLE_RANK[granter])
}

/**
 * Whether a staff member acting as `granter` may grant or revoke `role` on an account holding `accountRoles`:
 * an admin any estate role; the street office conveners only; never on an account above the granter.
 */
export function mayGrant(
  granter: StaffRole,
  role: StaffRole,
  accountRoles: readonly StaffRole[] = [],
): boolean {
  if (role === 'admin') return false // admins are made with `npm run admin:create` only
  if (outranks(accountRoles, granter)) return false
  if (granter === 'admin') return true
  return granter === 'street_office' && role === 'convener'
}
