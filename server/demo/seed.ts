import { readFile } from 'node:fs/promises'
import type { Db } from '../../db/client'
import { listEstates } from '../../db/repositories/estates'
import { importRoll } from '../services/import-roll'

export const DEMO_ESTATE = { id: 'jinxiu', name: '锦绣苑' } as const

/**
 * Seeds the demo estate 锦绣苑 from the demo roll on first run (when the database has no estate at all), recorded
 * as imported at `at` (default now: the demo meetings date it before their notices). Returns whether it seeded.
 */
export async function seedDemo(db: Db, rollPath: string, at?: Date): Promise<boolean> {
  if ((await listEstates(db)).length > 0) return false
  const file = await readFile(rollPath)
  const result = await importRoll(db, {
    estateId: DEMO_ESTATE.id,
    estateName: DEMO_ESTATE.name,
    fileName: rollPath.split('/').pop() ?? 'roll.csv',
    file,
    actor: 'system:seed',
    role: 'system',
    ...(at ? { now: () => at } : {}),
  })
  if (!result.ok) {
    throw new Error(
      `The demo roll ${rollPath} is invalid: ${result.errors.map((e) => `line ${e.line}: ${e.reason}`).join('; ')}`,
    )
  }
  return true
}
