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
}

export interface UnitOwnersTable {
  unit_id: number
  owner_id: number
  position: number
}

export type RollImportStatus = 'running' | 'succeeded' | 'failed'

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
}

export interface InvitationActivationsTable {
  invitation_id: string
  owner_id: number
  account_id: string
  credential_id: string
  activated_at: string
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
