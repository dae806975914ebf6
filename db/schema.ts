import type { Generated, Insertable, Selectable } from 'kysely'

/** The Kysely view of the database. Keep in step with db/migrations (which never import this file). */
export interface Database {
  estates: EstatesTable
  buildings: BuildingsTable
  units: UnitsTable
  owners: OwnersTable
  unit_owners: UnitOwnersTable
  roll_imports: RollImportsTable
  roll_snapshots: RollSnapshotsTable
  roll_changes: RollChangesTable
  audit_log: AuditLogTable
  accounts: AccountsTable
  credentials: CredentialsTable
  webauthn_challenges: ChallengesTable
  sessions: SessionsTable
  invitations: InvitationsTable
  enrollments: EnrollmentsTable
  role_grants: RoleGrantsTable
  invitation_activations: InvitationActivationsTable
  meetings: MeetingsTable
  matters: MattersTable
  candidates: CandidatesTable
  attachments: AttachmentsTable
  ballots: BallotsTable
  paper_entries: PaperEntriesTable
  proxies: ProxiesTable
  service_records: ServiceRecordsTable
  paper_requests: PaperRequestsTable
  objections: ObjectionsTable
  signoffs: SignoffsTable
  roll_objections: RollObjectionsTable
  holidays: HolidaysTable
  estate_documents: EstateDocumentsTable
  representatives: RepresentativesTable
  representative_nominations: RepresentativeNominationsTable
  guardians: GuardiansTable
  activation_otps: ActivationOtpsTable
  sms_sends: SmsSendsTable
  formation_applications: FormationApplicationsTable
  formation_groups: FormationGroupsTable
  formation_members: FormationMembersTable
  formation_handover: FormationHandoverTable
  roll_versions: RollVersionsTable
  roll_version_uses: RollVersionUsesTable
  documents: DocumentsTable
  document_versions: DocumentVersionsTable
  matter_documents: MatterDocumentsTable
  estate_settings: EstateSettingsTable
  committee_terms: CommitteeTermsTable
  committee_members: CommitteeMembersTable
  committee_alternates: CommitteeAlternatesTable
  committee_meetings: CommitteeMeetingsTable
  committee_items: CommitteeItemsTable
  committee_attendance: CommitteeAttendanceTable
  committee_votes: CommitteeVotesTable
  committee_notices: CommitteeNoticesTable
  filing_undertakings: FilingUndertakingsTable
  filing_trainings: FilingTrainingsTable
  surveys: SurveysTable
  survey_responses: SurveyResponsesTable
  survey_tallies: SurveyTalliesTable
  survey_responded: SurveyRespondedTable
  survey_service: SurveyServiceTable
  disclosures: DisclosuresTable
  disclosure_versions: DisclosureVersionsTable
  disclosure_attachments: DisclosureAttachmentsTable
  disclosure_reads: DisclosureReadsTable
  disclosure_paper_services: DisclosurePaperServicesTable
  disclosure_questions: DisclosureQuestionsTable
  disclosure_answers: DisclosureAnswersTable
  disclosure_settings: DisclosureSettingsTable
  districts: DistrictsTable
  street_offices: StreetOfficesTable
  estate_areas: EstateAreasTable
  area_grants: AreaGrantsTable
  estate_oversight: EstateOversightTable
  oversight_months: OversightMonthsTable
}

export interface EstatesTable {
  id: string
  name: string
  /** 0/1: whether parking-kind units count (指导规则 art. 25; default off). */
  count_parking: number
  created_at: string
}

export interface BuildingsTable {
  id: Generated<number>
  estate_id: string
  name: string
}

export type UnitKindCode = 'residence' | 'shop' | 'parking' | 'other'
export type AreaSourceCode = 'register' | 'survey' | 'contract'

export interface UnitsTable {
  id: Generated<number>
  estate_id: string
  number: string
  building_id: number
  kind: UnitKindCode
  area_cm2: number
  area_source: AreaSourceCode
  developer_held: number
}

export interface OwnersTable {
  id: Generated<number>
  estate_id: string
  name: string
  id_last4: string
  phone: string
  /** When a roll re-import changed this owner's phone (the activation code then needs a supervisor too). */
  phone_changed_at: Generated<string | null>
}

export interface UnitOwnersTable {
  unit_id: number
  owner_id: number
  position: number
}

export type RollImportStatus = 'running' | 'succeeded' | 'failed' | 'needs_confirmation'

export interface RollImportsTable {
  id: string
  estate_id: string
  status: RollImportStatus
  mode: 'replace' | 'changes' | null
  file_name: string
  format: string | null
  total_rows: number
  processed_rows: number
  phase: string
  errors_json: string | null
  summary_json: string | null
  /** Owner merges found in the file: `{ token, confirmed, warnings }` (phones masked), or null when none. */
  merges_json: string | null
  actor: string
  created_at: string
  finished_at: string | null
}

export interface RollSnapshotsTable {
  id: Generated<number>
  estate_id: string
  reason: string
  created_at: string
  units: number
  /** The frozen roll: JSON array of SnapshotUnit. Never updated (trigger). */
  data_json: string
}

export interface RollChangesTable {
  id: Generated<number>
  estate_id: string
  import_id: string | null
  changed_at: string
  unit_number: string
  change: 'added' | 'removed' | 'modified'
  before_json: string | null
  after_json: string | null
}

export interface AuditLogTable {
  id: Generated<number>
  at: string
  actor: string
  role: string
  action: string
  estate_id: string | null
  subject: string | null
  before_json: string | null
  after_json: string | null
  prev_hash: string
  hash: string
}

export type Estate = Selectable<EstatesTable>
export type Unit = Selectable<UnitsTable>
export type NewUnit = Insertable<UnitsTable>
export type Owner = Selectable<OwnersTable>
export type RollImport = Selectable<RollImportsTable>
export type AuditEntry = Selectable<AuditLogTable>

export interface AccountsTable {
  id: string
  kind: 'owner' | 'staff'
  display_name: string
  owner_id: number | null
  created_at: string
  disabled_at: string | null
  /** Set when the account is held by the owner's recorded guardian (民法典 arts. 23, 34), who acts for them. */
  guardian_id: number | null
}

export interface CredentialsTable {
  id: string
  account_id: string
  public_key: Uint8Array
  counter: number
  transports: string | null
  label: string | null
  created_at: string
  last_used_at: string | null
  revoked_at: string | null
  revoked_by: string | null
}

export interface ChallengesTable {
  challenge: string
  purpose: string
  subject: string | null
  expires_at: string
}

export interface SessionsTable {
  id: string
  account_id: string
  credential_id: string | null
  created_at: string
  expires_at: string
  revoked_at: string | null
}

export interface InvitationsTable {
  id: string
  estate_id: string
  voter_unit: string
  code_hash: string
  created_by: string
  created_at: string
  expires_at: string
  revoked_at: string | null
  revoked_by: string | null
  /** Wrong name / ID digits against this code; locked at the limit until re-issued. */
  failed_attempts: Generated<number>
  locked_at: string | null
  /** 1 when this re-issue would end an owner's passkeys: the code works only once a supervisor approves. */
  approval_required: Generated<number>
  approval_decision: 'approved' | 'refused' | null
  approval_at: string | null
  approval_by: string | null
  approval_note: string | null
}

export interface InvitationActivationsTable {
  invitation_id: string
  owner_id: number
  account_id: string
  credential_id: string
  activated_at: string
  /** Without a phone on the roll (or one changed by a re-import) a supervisor approves the activation. */
  approval: Generated<'not_needed' | 'pending' | 'approved' | 'refused'>
  approval_reason: string | null
  approval_at: string | null
  approval_by: string | null
}

export interface EnrollmentsTable {
  id: string
  account_id: string
  token_hash: string
  created_at: string
  expires_at: string
  used_at: string | null
  created_by: string | null
  revoked_at: string | null
}

export type StaffRole = 'admin' | 'street_office' | 'supervisor' | 'convener'

export interface RoleGrantsTable {
  id: Generated<number>
  account_id: string
  role: StaffRole
  estate_id: string | null
  granted_by: string
  granted_at: string
  revoked_by: string | null
  revoked_at: string | null
}

export type MeetingStatusCode = 'draft' | 'noticed' | 'open' | 'closed' | 'preliminary' | 'final'

export interface MeetingsTable {
  id: string
  estate_id: string
  title: string
  status: MeetingStatusCode
  opens_at: string
  closes_at: string
  settings_json: string
  created_by: string
  created_at: string
  noticed_at: string | null
  snapshot_id: number | null
  salt: string
  closed_at: string | null
  results_json: string | null
  bundle_sha256: string | null
  audit_head: string | null
  preliminary_at: string | null
  final_at: string | null
  /** When the meeting clock ended online voting (the close), with every ballot that arrived before it stored. */
  voting_closed_at: string | null
  /** The end of the counting period for paper keyed in after the close (domain §6.1 step 3). */
  counting_ends_at: string | null
  paper_complete_at: string | null
  paper_complete_by: string | null
  objections_end_at: string | null
}

export interface MattersTable {
  meeting_id: string
  id: string
  position: number
  kind: string
  title: string
  body: string
  scope_json: string | null
  participation_json: string | null
  approval_json: string | null
  seats: number | null
  min_members: number | null
  alternates_cap: number | null
}

export interface CandidatesTable {
  meeting_id: string
  matter_id: string
  id: string
  position: number
  owner_id: number
  name: string
  statement: string
  photo_id: string | null
  eligibility_json: string
}

export type AttachmentPurpose = 'matter' | 'candidate_photo' | 'paper_scan' | 'proxy_document'

export interface AttachmentsTable {
  id: string
  meeting_id: string
  purpose: AttachmentPurpose
  ref: string | null
  file_name: string
  mime: string
  size: number
  sha256: string
  data: Uint8Array
  created_by: string
  created_at: string
}

export type ChannelCode = 'online' | 'paper' | 'proxy' | 'in_person'

export interface BallotsTable {
  id: string
  meeting_id: string
  voter: string
  channel: ChannelCode
  status: 'valid' | 'superseded' | 'refused'
  refusal: string | null
  choices_json: string
  nonce: string
  receipt: string
  cast_by: string
  proxy_id: string | null
  paper_entry_id: string | null
  credential_id: string | null
  assertion_json: string | null
  created_at: string
  superseded_at: string | null
  /** Paper and in person: when the paper was handed in; null online. */
  received_at: string | null
}

export interface PaperEntriesTable {
  id: string
  meeting_id: string
  voter: string
  channel: 'paper' | 'in_person'
  choices_json: string
  /** The photo or scan (attachments, purpose paper_scan); null until attached — the second entry needs it. */
  scan_id: string | null
  entered_by: string
  entered_at: string
  status: 'awaiting_confirmation' | 'confirmed' | 'mismatch' | 'refused'
  second_choices_json: string | null
  mismatches_json: string | null
  confirmed_by: string | null
  confirmed_at: string | null
  ballot_id: string | null
  /** When the paper was handed in (ballot box, signed receipt): before the close. */
  received_at: string | null
}

export interface ProxiesTable {
  id: string
  meeting_id: string
  voter: string
  holder_account_id: string
  directions_json: string | null
  document_id: string
  status: 'active' | 'used' | 'revoked' | 'cancelled'
  created_by: string
  created_at: string
  ended_at: string | null
  ended_by: string | null
}

export type ServiceMethod = 'paper_receipt' | 'posted' | 'online_signin' | 'read_confirmation'

export interface ServiceRecordsTable {
  id: Generated<number>
  meeting_id: string
  voter: string
  method: ServiceMethod
  evidence: string | null
  recorded_by: string
  at: string
}

export interface PaperRequestsTable {
  id: Generated<number>
  meeting_id: string
  voter: string
  account_id: string
  at: string
  handled_at: string | null
  handled_by: string | null
}

export interface ObjectionsTable {
  id: Generated<number>
  meeting_id: string
  account_id: string
  role: string
  text: string
  at: string
  answer: string | null
  answered_by: string | null
  answered_at: string | null
}

/** A published roll version (domain §7.3 (3)): append-only. */
export interface RollVersionsTable {
  id: Generated<number>
  estate_id: string
  number: number
  sha256: string
  salt: string
  units_json: string
  published_json: string
  totals_json: string
  answers_json: string
  note: string
  published_by: string
  published_at: string
}

/** The roll version a meeting's electorate equalled at notice: append-only. */
export interface RollVersionUsesTable {
  meeting_id: string
  roll_version_id: number
  sha256: string
  at: string
}

export type DocumentTemplate = 'rules_of_procedure' | 'management_covenant' | 'maintenance_fund_covenant'

/** A document drafted from a template; the draft is edited, its versions are published. */
export interface DocumentsTable {
  id: string
  estate_id: string
  template: DocumentTemplate
  title: string
  draft_text: string
  draft_fields_json: string
  created_by: string
  created_at: string
  updated_at: string
}

/** A published document version: append-only. */
export interface DocumentVersionsTable {
  id: Generated<number>
  document_id: string
  number: number
  title: string
  text: string
  fields_json: string
  sha256: string
  reason: string
  published_by: string
  published_at: string
}

export interface MatterDocumentsTable {
  meeting_id: string
  matter_id: string
  document_version_id: number
  linked_by: string
  linked_at: string
}

export interface EstateSettingsTable {
  estate_id: string
  settings_json: string
  document_version_id: number
  adopted_at: string
}

export interface SignoffsTable {
  id: Generated<number>
  meeting_id: string
  account_id: string
  decision: 'approve' | 'object'
  note: string | null
  at: string
}

export type MeetingRow = Selectable<MeetingsTable>
export type BallotRow = Selectable<BallotsTable>

export interface RollObjectionsTable {
  id: Generated<number>
  estate_id: string
  unit_number: string
  account_id: string
  text: string
  at: string
  answer: string | null
  answered_by: string | null
  answered_at: string | null
  /** The published roll version objected to; null for an objection to the live roll (公示 before versions). */
  roll_version_id: number | null
  /** The conveners' decision on an objection to a version: 成立 upheld / 不成立 rejected. */
  decision: 'upheld' | 'rejected' | null
}

export interface EstateDocumentsTable {
  id: string
  estate_id: string
  purpose: 'representative' | 'guardian'
  file_name: string
  mime: string
  size: number
  sha256: string
  data: Uint8Array
  created_by: string
  created_at: string
}

export interface RepresentativesTable {
  id: Generated<number>
  estate_id: string
  unit_number: string
  owner_id: number
  source: 'convener' | 'co_owners'
  document_id: string | null
  recorded_by: string
  recorded_at: string
  revoked_at: string | null
  revoked_by: string | null
}

export interface RepresentativeNominationsTable {
  id: Generated<number>
  estate_id: string
  unit_number: string
  nominee_owner_id: number
  by_owner_id: number
  by_account_id: string
  at: string
}

export interface GuardiansTable {
  id: Generated<number>
  estate_id: string
  owner_id: number
  name: string
  id_last4: string
  relation: string
  document_id: string
  recorded_by: string
  recorded_at: string
  revoked_at: string | null
  revoked_by: string | null
}

/** One date of a State Council holiday notice (domain.md §6.1): a public holiday or a make-up working day. */
export interface HolidaysTable {
  /** China date, YYYY-MM-DD. */
  date: string
  /** The notice's year (a 元旦 holiday may begin in the previous December). */
  year: number
  kind: 'holiday' | 'workday'
  /** The holiday's name in the notice ('国庆节'); '调休上班' for a make-up working day. */
  name: string
  /** The notice's number or date. */
  source: string
}

export interface ActivationOtpsTable {
  id: string
  invitation_id: string
  owner_id: number
  guardian_id: number | null
  code_hash: string
  phone_masked: string
  created_at: string
  expires_at: string
  attempts: Generated<number>
  verified_at: string | null
}

export interface SmsSendsTable {
  id: Generated<number>
  phone_hash: string
  template: string
  invitation_id: string | null
  at: string
  ok: number
  provider_id: string | null
}

// ---- formation (domain §7) and re-election (§8) -------------------------------------------------------------------

export interface FormationApplicationsTable {
  id: string
  estate_id: string
  applicant: 'owners' | 'developer'
  /** The China date the application reached the street office (YYYY-MM-DD). */
  applied_on: string
  units_json: string
  /** The ApplicationShare computed from the roll when recorded (server/domain/formation.ts). */
  share_json: string
  recorded_by: string
  recorded_at: string
}

export interface FormationGroupsTable {
  id: string
  estate_id: string
  kind: 'preparatory' | 're_election'
  application_id: string | null
  /** The first meeting within 90 days of formation (北京: 60). */
  first_meeting_days: number
  formed_at: string
  formed_by: string
  members_published_at: string | null
  first_meeting_id: string | null
  /** FirstMeetingMatters: which matters are the rules, the covenants and the election. */
  first_meeting_matters_json: string | null
  designated_at: string | null
  /** FormationOutcome of the first meeting, once it is final. */
  outcome_json: string | null
  outcome_at: string | null
  /** When the election that formed the assembly became final (the seating, announcement and filing clocks). */
  elected_at: string | null
  seated_on: string | null
  chair: string | null
  vice_chair: string | null
  announced_at: string | null
  filing_json: string | null
  filed_at: string | null
  dissolved_at: string | null
}

export type MemberKindCode = 'owner_representative' | 'developer' | 'street_office' | 'residents_committee'

export interface FormationMembersTable {
  group_id: string
  position: number
  name: string
  kind: MemberKindCode
  leader: number
  unit: string | null
  phone: string | null
  account_id: string | null
  grant_id: number | null
}

export interface FormationHandoverTable {
  group_id: string
  item: 'records' | 'seals' | 'roll'
  done_on: string
  marked_by: string
  marked_at: string
}

export type FormationGroupRow = Selectable<FormationGroupsTable>
export type FormationApplicationRow = Selectable<FormationApplicationsTable>
export type FormationMemberRow = Selectable<FormationMembersTable>

// ---- the owners' committee (domain §8) --------------------------------------------------------------------------

/** A term (届) of the committee, made from a final meeting's election matter. */
export interface CommitteeTermsTable {
  id: string
  estate_id: string
  /** 届别: the first, second, … committee of the estate. */
  number: number
  meeting_id: string
  matter_id: string
  /** The election's final announcement: the clocks of seating and announcement run from it. */
  elected_at: string
  /** China dates (YYYY-MM-DD); the term ends at 24:00 of `ends_on`. */
  starts_on: string
  ends_on: string
  seats: number
  /** The rules of procedure's settings, as they stood when the term was made. */
  min_term_years: number
  max_term_years: number
  reminder_months: number
  created_by: string
  created_at: string
  /** When fewer than half of the seats became filled (上海 art. 32): an early re-election is due. */
  early_reelection_at: string | null
}

export type CommitteeRoleCode = 'chair' | 'vice_chair' | 'member'
export type VacancyReasonCode = 'resigned' | 'lost_ownership' | 'removed'

/** A person holding a seat, from the election or from the alternates; `ended_at` once the seat fell vacant. */
export interface CommitteeMembersTable {
  id: string
  term_id: string
  seat: number
  owner_id: number
  unit_number: string
  name: string
  source: 'elected' | 'alternate'
  election_rank: number
  role: CommitteeRoleCode
  seated_at: string
  ended_at: string | null
  end_reason: VacancyReasonCode | null
  /** The date the vacancy took effect (a resignation's date). */
  end_on: string | null
  /** What decided it: a removal's meeting and matter (`meetingId/matterId`). */
  end_ref: string | null
}

export interface CommitteeAlternatesTable {
  id: string
  term_id: string
  rank: number
  owner_id: number
  unit_number: string
  name: string
  status: 'waiting' | 'seated' | 'lapsed'
  changed_at: string | null
}

export interface CommitteeMeetingsTable {
  id: string
  term_id: string
  estate_id: string
  title: string
  held_at: string
  status: 'scheduled' | 'closed'
  created_by: string
  created_at: string
  closed_at: string | null
  closed_by: string | null
}

export interface CommitteeItemsTable {
  meeting_id: string
  id: string
  position: number
  kind: 'resolution' | 'elect_officers'
  title: string
  body: string
  /** 选举主任、副主任: `{ chair, viceChairs }` (member ids). */
  officers_json: string | null
  outcome: 'passed' | 'rejected' | 'below_half' | null
  count_json: string | null
}

export interface CommitteeAttendanceTable {
  meeting_id: string
  member_id: string
  present: number
  recorded_by: string
  recorded_at: string
}

export interface CommitteeVotesTable {
  id: string
  meeting_id: string
  item_id: string
  member_id: string
  account_id: string
  choice: 'for' | 'against' | 'abstain'
  nonce: string
  credential_id: string
  assertion_json: string
  cast_at: string
}

export type CommitteeNoticeKind = 'members' | 'resolutions' | 'vacancy'

/** A dated public record the committee published; never edited (triggers). */
export interface CommitteeNoticesTable {
  id: string
  estate_id: string
  term_id: string
  kind: CommitteeNoticeKind
  committee_meeting_id: string | null
  title: string
  body_json: string
  sha256: string
  published_at: string
  published_by: string
}

export type CommitteeTermRow = Selectable<CommitteeTermsTable>
export type CommitteeMemberRow = Selectable<CommitteeMembersTable>
export type CommitteeAlternateRow = Selectable<CommitteeAlternatesTable>
export type CommitteeMeetingRow = Selectable<CommitteeMeetingsTable>
export type CommitteeItemRow = Selectable<CommitteeItemsTable>
export type CommitteeVoteRow = Selectable<CommitteeVotesTable>
export type CommitteeNoticeRow = Selectable<CommitteeNoticesTable>

/** A committee member's written undertaking (承诺书) for the filing (domain §7.6): the day it was signed. */
export interface FilingUndertakingsTable {
  member_id: string
  term_id: string
  estate_id: string
  signed_on: string
  recorded_by: string
  recorded_at: string
}

/** The committee's training record for the filing (domain §7.6): one per term. */
export interface FilingTrainingsTable {
  id: string
  term_id: string
  estate_id: string
  held_on: string
  topic: string
  /** [{ memberId, name }] */
  attendees_json: string
  recorded_by: string
  recorded_at: string
}

export type FilingUndertakingRow = Selectable<FilingUndertakingsTable>
export type FilingTrainingRow = Selectable<FilingTrainingsTable>

/** A satisfaction survey (domain §10): its questionnaire, settings, window and frozen electorate. */
export interface SurveysTable {
  id: string
  estate_id: string
  title: string
  questionnaire_json: string
  settings_json: string
  opens_on: string
  closes_on: string
  opens_at: string
  closes_at: string
  /** { voters: [{ id, areaCm2, owners: roll owner ids }], heads, areaCm2 } */
  electorate_json: string
  status: 'draft' | 'noticed'
  noticed_at: string | null
  noticed_by: string | null
  created_by: string
  created_at: string
  updated_at: string
}

/** An anonymous response (domain §12): no voter, unit, account, area or time; the receipt is its random key. */
export interface SurveyResponsesTable {
  receipt: string
  survey_id: string
  answers_json: string
}

/** How many responses gave a mark to an item, and their area: the only place a response's area is added. */
export interface SurveyTalliesTable {
  survey_id: string
  dimension: string
  mark: number
  heads: number
  area_cm2: number
}

/** That a voter responded, and how: one row per survey and voter. */
export interface SurveyRespondedTable {
  survey_id: string
  voter: string
  channel: 'online' | 'paper'
  at: string
}

export interface SurveyServiceTable {
  survey_id: string
  voter: string
  method: 'paper' | 'posted' | 'read'
  recorded_by: string
  at: string
}

export type SurveyRow = Selectable<SurveysTable>
// ---- disclosures (domain §9) ----------------------------------------------------------------------------------------

export type DisclosureKindCode =
  | 'rules_of_procedure'
  | 'management_covenant'
  | 'maintenance_fund_covenant'
  | 'decisions'
  | 'property_contract'
  | 'maintenance_fund'
  | 'common_income'
  | 'parking'
  | 'working_funds'
  | 'audit'
  | 'fee_payment'
  | 'other'

export type DisclosureVisibility = 'public' | 'owners'

/** One publication of a kind for a period (or none); its draft lives here, its versions are append-only. */
export interface DisclosuresTable {
  id: string
  estate_id: string
  kind: DisclosureKindCode
  /** China dates, inclusive; null for a kind without a period. */
  period_start: string | null
  period_end: string | null
  visibility: DisclosureVisibility
  /** What it was made from, once each ('committee_meeting:<id>', 'meeting:<id>'); null when typed in. */
  source: string | null
  /** The decision's instant (decisions kind): due within 3 days of it. */
  decided_at: string | null
  /** DisclosureDraft as JSON; null when no draft is open. */
  draft_json: string | null
  draft_updated_at: string | null
  created_by: string
  created_at: string
}

/** A published version: append-only (triggers). */
export interface DisclosureVersionsTable {
  id: Generated<number>
  disclosure_id: string
  number: number
  title: string
  body: string
  statement_json: string | null
  facts_json: string | null
  attachments_json: string
  reason: string
  sha256: string
  published_at: string
  published_by: string
}

export interface DisclosureAttachmentsTable {
  id: string
  disclosure_id: string
  file_name: string
  mime: string
  size: number
  sha256: string
  data: Uint8Array
  created_by: string
  created_at: string
}

/** The first open of a version by an owner account, per voter it acts for (service evidence). */
export interface DisclosureReadsTable {
  version_id: number
  account_id: string
  voter_id: string
  read_at: string
}

export interface DisclosurePaperServicesTable {
  version_id: number
  voter_id: string
  served_on: string
  served_by: string
  recorded_by: string
  recorded_at: string
}

export interface DisclosureQuestionsTable {
  id: string
  disclosure_id: string
  version_number: number | null
  account_id: string
  text: string
  asked_at: string
}

export interface DisclosureAnswersTable {
  question_id: string
  text: string
  answered_by: string
  answered_at: string
}

export interface DisclosureSettingsTable {
  estate_id: string
  kind: DisclosureKindCode
  period_months: number | null
  grace_days: number | null
  updated_by: string
  updated_at: string
}

/** A district (区) and its street offices (街道), which oversee the estates of their area (domain §11). */
export interface DistrictsTable {
  id: string
  name: string
  settings_json: string | null
  created_at: string
}

export interface StreetOfficesTable {
  id: string
  name: string
  district_id: string
  created_at: string
}

/** The street office an estate belongs to, and whether it may form an assembly. */
export interface EstateAreasTable {
  estate_id: string
  street_office_id: string
  formation_eligible: number
  assigned_at: string
}

/** An account granted a street office's or a district's estates. */
export interface AreaGrantsTable {
  id: Generated<number>
  account_id: string
  role: 'street_office' | 'district_office'
  street_office_id: string | null
  district_id: string | null
  granted_by: string
  granted_at: string
  revoked_by: string | null
  revoked_at: string | null
}

/** An estate's oversight facts as last gathered, and the audit entry they were gathered at. */
export interface EstateOversightTable {
  estate_id: string
  facts_json: string
  audit_id: number
  gathered_on: string
  gathered_at: string
}

/** A district's figures as last recorded in a month (YYYY-MM): counts over counts. */
export interface OversightMonthsTable {
  district_id: string
  month: string
  figures_json: string
  recorded_at: string
}

export type StreetOfficeRow = Selectable<StreetOfficesTable>
export type AreaGrantRow = Selectable<AreaGrantsTable>
export type NewAreaGrant = Insertable<AreaGrantsTable>
