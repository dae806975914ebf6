import { serve } from '@hono/node-server'
import { dirname, join, resolve } from 'node:path'
import { migrate, openSqlite } from '../db/client'
import { createApp } from './app'
import { scaledRateLimits } from './auth/rate-limit'
import { loadSessionSecret } from './auth/secret'
import { ConfigError, loadConfig } from './config'
import { markInterruptedImports } from './services/import-roll'
import { demoLinks, type DemoLinks } from './services/demo-access'
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
  let links: DemoLinks | undefined
  if (
    config.demoSeed &&
    (await handle.db.selectFrom('estates').select('id').where('id', '=', DEMO_ESTATE.id).executeTakeFirst())
  )
    links = await demoLinks(handle.db, config.publicOrigin, new Date())
  const { app, tracker } = createApp({
    db: handle.db,
    origin: config.publicOrigin,
    rpId: config.rpId,
    sessionSecret: loadSessionSecret(config.sessionSecret, join(dirname(config.databasePath), 'session.key')),
    sessionTtlSeconds: config.sessionTtlSeconds,
    trustProxy: config.trustProxy,
    rateLimits: scaledRateLimits(config.rateLimitScale),
    maxUploadBytes: config.maxUploadBytes,
    webRoot: resolve('dist/web'),
  })
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => {
    console.log(`Gongjue 共决 is serving on ${config.publicOrigin}`)
    console.log(`  Demo published roll 公示名册: ${config.publicOrigin}/estates/${DEMO_ESTATE.id}/roll`)
    console.log(`  Sign in with a passkey 通行密钥登录: ${config.publicOrigin}/signin`)
    if (links) printDemoLinks(links)
    console.log(`  Health: ${config.publicOrigin}/api/health`)
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

/** One-time links: each works once (staff) or once per co-owner (owners), and is printed while unused. */
function printDemoLinks(links: DemoLinks) {
  if (links.staff.length === 0 && links.owners.length === 0) return
  console.log(
    `  Demo sign-in links 演示链接 (${DEMO_ESTATE.name}; open on this computer or a phone that reaches it):`,
  )
  for (const s of links.staff) console.log(`    ${s.name} [${s.role}]: ${s.url}`)
  for (const o of links.owners) {
    const people = o.people.map((p) => `${p.name} / 证件后四位 ID last 4: ${p.idLast4}`).join('; ')
    console.log(`    业主 Owner ${o.units.join(' + ')} (${people}): ${o.url}`)
  }
}

void main()
