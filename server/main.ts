import { serve } from '@hono/node-server'
import { resolve } from 'node:path'
import { migrate, openSqlite } from '../db/client'
import { createApp } from './app'
import { ConfigError, loadConfig } from './config'
import { markInterruptedImports } from './services/import-roll'
import { DEMO_ESTATE, seedDemo } from './services/seed-demo'

async function main() {
  let config
  try {
    config = loadConfig()
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message)
      process.exit(1)
    }
    throw e
  }
  const handle = openSqlite(config.databasePath)
  const applied = await migrate(handle.db)
  if (applied.length > 0) console.log(`Migrated ${resolve(config.databasePath)}: ${applied.join(', ')}`)
  const interrupted = await markInterruptedImports(handle.db)
  if (interrupted > 0) console.log(`Marked ${interrupted} interrupted roll import(s) as failed`)
  if (config.demoSeed && (await seedDemo(handle.db, config.demoRollPath))) {
    console.log(`Seeded the demo estate ${DEMO_ESTATE.name} (${DEMO_ESTATE.id}) from ${config.demoRollPath}`)
  }
  const { app, tracker } = createApp({
    db: handle.db,
    staffToken: config.staffToken,
    maxUploadBytes: config.maxUploadBytes,
    webRoot: resolve('dist/web'),
  })
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => {
    console.log(`Gongjue 共决 is serving on ${config.publicOrigin}`)
    console.log(`  Demo published roll 公示名册: ${config.publicOrigin}/estates/${DEMO_ESTATE.id}/roll`)
    console.log(`  Health: ${config.publicOrigin}/api/health`)
    if (!config.staffToken)
      console.log('  Staff write routes are closed: set STAFF_TOKEN to enable imports over the API.')
  })

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`${signal}: finishing running work and closing the database`)
    server.close()
    void tracker
      .drain()
      .then(() => handle.close())
      .then(() => process.exit(0))
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

void main()
