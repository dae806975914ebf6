import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/**
 * Every code the server answers, and the one HTTP status it answers it with. The union `ErrorCode` is closed: a
 * code is thrown only once it is here, and the web's words are typed against it (web/src/i18n), so a new code
 * without words, or words for a code that no longer exists, fails `tsc`. tests/unit/error-codes.test.ts scans the
 * sources for the codes thrown and checks each is here.
 */
export const ERROR_STATUS = {
  // 400: the request itself is malformed or names what does not exist in its body.
  invalid_request: 400, // the request's shape (zod at the edge) or an unreadable form
  invalid_settings: 400,
  /** An answer to an objection to a roll version says 成立 (upheld) or 不成立 (rejected). */
  decision_required: 400,
  /** A document's later version says what it changes. */
  document_reason_required: 400,
  window_invalid: 400,
  file_missing: 400,
  file_empty: 400,
  /** Units listed in a request body that no voter holds (`details.units`); one unit addressed is roll_unit_not_found. */
  unit_not_found: 400,
  no_voters: 400,
  not_staff: 400,
  activation_failed: 400,
  sms_code_wrong: 400,
  passkey_failed: 400,
  // Disclosures (domain §9): a correction states its reason.
  disclosure_reason_required: 400,
  // 401 and 403: who is asking, and whether they may.
  unauthenticated: 401,
  forbidden: 403,
  csrf_origin: 403,
  account_disabled: 403,
  activation_pending: 403,
  bundle_restricted: 403,
  guardian_recorded: 403,
  not_your_unit: 403,
  not_your_voter: 403,
  representative_named: 403,
  same_person: 403,
  /** The signed-in person holds no seat of the estate's committee (a member votes only for themselves). */
  not_a_member: 403,
  // 404: no such thing (or none this caller may see: a draft meeting is not found for owners).
  not_found: 404, // no such route, or no such file
  estate_not_found: 404,
  meeting_not_found: 404,
  account_not_found: 404,
  activation_not_found: 404,
  attachment_not_found: 404,
  document_not_found: 404,
  entry_not_found: 404,
  grant_not_found: 404,
  /** Oversight (domain §11): no such district or street office. */
  area_not_found: 404,
  import_not_found: 404,
  invitation_not_found: 404,
  passkey_not_found: 404,
  /** The one unit a request is about is not on the roll (an objection's, a unit's people). */
  roll_unit_not_found: 404,
  roll_version_not_found: 404,
  document_version_not_found: 404,
  matter_not_found: 404,
  voter_not_found: 404,
  /** No application or group of this estate's formation (domain §7) for the step asked. */
  formation_not_found: 404,
  committee_not_found: 404,
  committee_meeting_not_found: 404,
  committee_member_not_found: 404,
  committee_item_not_found: 404,
  notice_not_found: 404,
  // Disclosures (domain §9).
  disclosure_not_found: 404,
  disclosure_version_not_found: 404,
  question_not_found: 404,
  // 409: not possible in the present state (of the meeting, the roll, a request or a record).
  meeting_not_draft: 409,
  meeting_not_noticed: 409,
  meeting_not_open: 409,
  meeting_not_counting: 409,
  meeting_not_closed: 409,
  meeting_not_preliminary: 409,
  /** The filing package (备案, 上海 art. 23) is made from a final result only. */
  meeting_not_final: 409,
  counting_over: 409,
  objection_period_running: 409,
  /** A meeting's electorate is not the estate's final published roll version (domain §7.3 (4)). */
  roll_version_mismatch: 409,
  /** The roll equals the latest published version: nothing to publish. */
  roll_version_unchanged: 409,
  /** Objections are made to the estate's latest version only. */
  roll_version_superseded: 409,
  roll_empty: 409,
  objection_not_upheld: 409,
  objection_already_corrected: 409,
  document_unchanged: 409,
  /** A meeting's matter decides one document version. */
  matter_document_linked: 409,
  objection_period_over: 409,
  objections_unanswered: 409,
  signoff_missing: 409,
  signoff_unacknowledged: 409,
  results_not_ready: 409,
  paper_pending: 409,
  double_vote: 409,
  vote_change_used: 409,
  already_voted: 409,
  entry_pending: 409,
  entry_not_pending: 409,
  same_clerk: 409,
  scan_required: 409, // a paper entry's second entry before its scan is attached (domain §6.3)
  proxy_exists: 409,
  proxy_cap_reached: 409,
  proxy_not_active: 409,
  objection_not_open: 409,
  request_not_open: 409,
  already_decided: 409,
  already_activated: 409,
  invitation_awaiting_approval: 409,
  passkey_revoked: 409,
  estate_exists: 409,
  role_exists: 409,
  grant_revoked: 409,
  guardian_exists: 409,
  guardian_not_live: 409,
  representative_not_live: 409,
  import_in_progress: 409,
  merge_confirmation_required: 409,
  merge_token_mismatch: 409,
  // Formation and re-election (domain §§7–8): a step out of order, or one already recorded.
  application_missing: 409,
  group_exists: 409,
  step_already_recorded: 409,
  first_meeting_fixed: 409,
  assembly_not_formed: 409,
  not_re_election: 409,
  /** The filing (domain §7.6) takes 届别 and the term from the committee's term made from the election: none yet. */
  filing_term_missing: 409,
  /** The committee has not chosen its chair yet (its 选举主任、副主任 resolution): nothing to file as chair. */
  filing_chair_missing: 409,
  // The committee (domain §8).
  term_exists: 409,
  committee_meeting_closed: 409,
  committee_meeting_not_closed: 409,
  /** Fewer than half of the seats are filled: the committee decides nothing (上海 art. 32). */
  committee_below_half: 409,
  committee_vote_exists: 409,
  member_still_owner: 409,
  committee_notice_exists: 409,
  /** Oversight (domain §11): a district or street office of this id exists. */
  area_exists: 409,
  // Satisfaction surveys (domain §10).
  /** A questionnaire its creator edited, or its settings, are not usable (`details.problems`). */
  survey_questionnaire_invalid: 400,
  survey_not_found: 404,
  survey_not_draft: 409,
  /** Before its notice, before it opens or after it closes: no response is taken. */
  survey_not_open: 409,
  /** Results are published once the window has closed. */
  survey_not_closed: 409,
  /** One response per voter: this voter's is in. */
  survey_already_answered: 409,
  /** A survey's results are disclosed once (`details.disclosureId` names the disclosure). */
  survey_results_disclosed: 409,
  /** A response that leaves a dimension unanswered, or a low mark without its reason (`details.problems`). */
  survey_response_invalid: 422,
  // Disclosures (domain §9).
  disclosure_draft_missing: 409,
  disclosure_unchanged: 409,
  /** One disclosure per kind and period (`details.disclosureId` names it). */
  disclosure_period_exists: 409,
  question_answered: 409,
  // 410: a link or code that was valid once.
  enrollment_invalid: 410,
  invitation_expired: 410,
  sms_code_expired: 410,
  // 413 and 415: the body or file is too large, or of a type not taken. The roll's caps answer with their own code.
  body_too_large: 413,
  file_too_large: 413,
  too_many_rows: 413,
  too_many_columns: 413,
  record_too_long: 413,
  xlsx_too_large: 413,
  xlsx_too_many_entries: 413,
  file_type_refused: 415,
  // 422: well formed, but against the law or the meeting's rules.
  agenda_empty: 422,
  agenda_invalid: 422,
  calendar_violation: 422,
  extension_not_later: 422,
  setting_of_estate: 422,
  ballot_invalid: 422,
  not_in_electorate: 422,
  directions_invalid: 422,
  proxy_directions_violated: 422,
  proxy_holder_ineligible: 422,
  document_missing: 422,
  scan_missing: 422,
  received_at_required: 422,
  paper_received_after_close: 422,
  paper_received_invalid: 422,
  not_an_owner: 422,
  not_co_owned: 422,
  roll_invalid: 422,
  composition_invalid: 422, // a group's members against 上海 art. 15 (`details.problems`)
  first_meeting_invalid: 422,
  first_meeting_publication_late: 422, // domain §7.3: everything published 15 days before voting opens
  reelection_lock: 422, // 上海 art. 28: a locked matter while a re-election group is at work
  term_invalid: 422,
  formation_date_invalid: 422,
  /** The filing's typed 届别, term or chair differ from the committee's term (`details.contradictions`). */
  filing_contradicts_term: 422,
  not_an_election: 422,
  /** The election did not validly form a committee (杭州 art. 27), or ended in no quorum. */
  committee_not_formed: 422,
  officers_invalid: 422,
  removal_not_passed: 422,
  // Disclosures (domain §9).
  /** The period, the decision date, the statement or the contract's facts do not fit the kind (`details.problems`). */
  disclosure_invalid: 422,
  /** A money statement that does not add up or does not open at the previous closing (`details.problems`, by line). */
  statement_invalid: 422,
  // 423 and 429: locked, or too many attempts.
  invitation_locked: 423,
  rate_limited: 429,
  // 5xx: our fault, or the text-message provider's.
  internal: 500,
  import_failed: 500,
  route_without_policy: 500,
  sms_failed: 502,
} as const satisfies Record<string, ContentfulStatusCode>

export type ErrorCode = keyof typeof ERROR_STATUS
export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode]
/** The codes answered with `status`: the helpers below take only those, so a helper's name never lies. */
export type CodeWithStatus<S extends ErrorStatus> = {
  [C in ErrorCode]: (typeof ERROR_STATUS)[C] extends S ? C : never
}[ErrorCode]

/**
 * One error vocabulary (design.md principle 5). Domain and services throw AppError with a stable `code`, whose
 * status is the table's; `onError` maps it to `{ error: { code, message, details? } }`. The UI branches on `code`,
 * never on `message`.
 */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly status: ContentfulStatusCode
  readonly details: unknown

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.status = ERROR_STATUS[code]
    this.details = details
  }
}

export const badRequest = (code: CodeWithStatus<400>, message: string, details?: unknown) =>
  new AppError(code, message, details)
export const notFound = (code: CodeWithStatus<404>, message: string) => new AppError(code, message)
export const conflict = (code: CodeWithStatus<409>, message: string, details?: unknown) =>
  new AppError(code, message, details)

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown }
}

export function errorBody(code: ErrorCode, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } }
}

export function onError(err: Error, c: Context): Response {
  if (err instanceof AppError) {
    return c.json(errorBody(err.code, err.message, err.details), err.status)
  }
  // Anything unexpected is logged with its detail and answered generically.
  console.error('[error]', c.req.method, c.req.path, err)
  return c.json(errorBody('internal', 'Internal server error'), ERROR_STATUS.internal)
}
