import type { Migration, MigrationProvider } from 'kysely'
import * as m20261123T0100 from './20261123T0100_roll'

/** Migrations in order. Names are timestamps; a shipped migration is never edited, only followed by a new one. */
export const migrations: Record<string, Migration> = {
  '20261123T0100_roll': m20261123T0100,
}

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
}
