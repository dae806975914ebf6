import type { Migration, MigrationProvider } from 'kysely'
import * as m20261123T0100 from './20261123T0100_roll'
import * as m20261123T0200 from './20261123T0200_identity'
import * as m20261123T0300 from './20261123T0300_activation'
import * as m20261123T0400 from './20261123T0400_meetings'
import * as m20261123T0500 from './20261123T0500_roll_objections'
import * as m20261201T0100 from './20261201T0100_voting_core'
import * as m20261201T0200 from './20261201T0200_holidays'
import * as m20261201T0300 from './20261201T0300_roll_merges'
import * as m20261201T0400 from './20261201T0400_insider'
import * as m20261202T0100 from './20261202T0100_paper_scans_later'
import * as m20261202T0200 from './20261202T0200_audit_indexes'
import * as m20261203T0100 from './20261203T0100_formation'
import * as m20261203T0200 from './20261203T0200_roll_versions_documents'
import * as m20261203T0300 from './20261203T0300_committee'
import * as m20261203T0400 from './20261203T0400_filing_parts'
import * as m20261204T0200 from './20261204T0200_surveys'
import * as m20261205T0100 from './20261205T0100_oversight'
import * as m20261204T0100 from './20261204T0100_disclosures'

/** Migrations in order. Names are timestamps; a shipped migration is never edited, only followed by a new one. */
export const migrations: Record<string, Migration> = {
  '20261123T0100_roll': m20261123T0100,
  '20261123T0200_identity': m20261123T0200,
  '20261123T0300_activation': m20261123T0300,
  '20261123T0400_meetings': m20261123T0400,
  '20261123T0500_roll_objections': m20261123T0500,
  '20261201T0100_voting_core': m20261201T0100,
  '20261201T0200_holidays': m20261201T0200,
  '20261201T0300_roll_merges': m20261201T0300,
  '20261201T0400_insider': m20261201T0400,
  '20261202T0100_paper_scans_later': m20261202T0100,
  '20261202T0200_audit_indexes': m20261202T0200,
  '20261203T0100_formation': m20261203T0100,
  '20261203T0200_roll_versions_documents': m20261203T0200,
  '20261203T0300_committee': m20261203T0300,
  '20261203T0400_filing_parts': m20261203T0400,
  '20261204T0200_surveys': m20261204T0200,
  '20261205T0100_oversight': m20261205T0100,
  '20261204T0100_disclosures': m20261204T0100,
}

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
}
